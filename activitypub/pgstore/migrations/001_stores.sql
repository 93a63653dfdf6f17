-- fedikit pgstore 001: the tables of the federation stores.

-- SeenStore: activity ids an inbox has accepted. id_hash is the SHA-256 of
-- id, so that ids of any length can be keyed.
CREATE TABLE fedikit_seen (
    id_hash bytea PRIMARY KEY,
    id text NOT NULL,
    seen_at timestamptz NOT NULL
);
CREATE INDEX fedikit_seen_seen_at_idx ON fedikit_seen (seen_at);

-- FollowerStore: who follows each local actor. seq orders the followers
-- of an actor as they were added and is the cursor of the pagination.
CREATE TABLE fedikit_followers (
    actor text NOT NULL,
    follower text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor, follower)
);
CREATE UNIQUE INDEX fedikit_followers_actor_seq_idx ON fedikit_followers (actor, seq);

-- KeyStore: the private keys of local actors, as PKCS#8 DER, unencrypted.
-- seq keeps the order in which the keys of an owner were added.
CREATE TABLE fedikit_actor_keys (
    owner text NOT NULL,
    key_id text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    private_key bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, key_id)
);
CREATE UNIQUE INDEX fedikit_actor_keys_owner_seq_idx ON fedikit_actor_keys (owner, seq);
CREATE INDEX fedikit_actor_keys_key_id_idx ON fedikit_actor_keys (key_id);

-- KeyCacheStore: public keys of remote actors shared by the processes of a
-- server. key_id_hash is the SHA-256 of key_id (keyIds come from remote
-- signatures and may be of any length). public_key is PKIX DER, NULL for a
-- not-found answer.
CREATE TABLE fedikit_key_cache (
    key_id_hash bytea PRIMARY KEY,
    key_id text NOT NULL,
    owner text NOT NULL DEFAULT '',
    algorithm text NOT NULL DEFAULT '',
    public_key bytea,
    fetched_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX fedikit_key_cache_expires_at_idx ON fedikit_key_cache (expires_at);
