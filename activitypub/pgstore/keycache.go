package pgstore

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/fedikit/fedikit/httpsig"
)

// Compile-time check that KeyCacheStore is an httpsig.KeyCacheStore.
var _ httpsig.KeyCacheStore = (*KeyCacheStore)(nil)

// KeyCacheStore is an [httpsig.KeyCacheStore] in the table
// fedikit_key_cache, so that the processes of a server share the public
// keys of remote actors: one fetches a key, the others find it here. Give
// it to [activitypub.KeyResolverOptions].Store or
// [httpsig.KeyCacheOptions].Store.
//
// A row, keyed by the SHA-256 of the keyId, holds the keyId, the key's
// owner, its algorithm restriction, the public key as PKIX DER (NULL for a
// not-found answer), and when it was fetched and expires. The Key's ID is the keyId it is stored under. Expired rows are
// never returned; [KeyCacheStore.Prune] deletes them.
//
// A KeyCacheStore is safe for concurrent use.
type KeyCacheStore struct {
	db DB
}

// NewKeyCacheStore returns a [KeyCacheStore] that runs its statements on
// db. The database must have been migrated with [Migrate].
func NewKeyCacheStore(db DB) *KeyCacheStore {
	if db == nil {
		panic("pgstore: NewKeyCacheStore called with a nil DB")
	}
	return &KeyCacheStore{db: db}
}

// LoadKey returns the entry stored for keyID; ok is false when there is
// none or it expired by now. It implements [httpsig.KeyCacheStore].
func (s *KeyCacheStore) LoadKey(ctx context.Context, keyID string, now time.Time) (httpsig.KeyCacheEntry, bool, error) {
	var (
		owner, alg string
		der        []byte
		e          httpsig.KeyCacheEntry
	)
	err := s.db.QueryRow(ctx, `SELECT owner, algorithm, public_key, fetched_at, expires_at
FROM fedikit_key_cache WHERE key_id_hash = $1 AND expires_at > $2`, keyHash(keyID), now).Scan(&owner, &alg, &der, &e.Fetched, &e.Expires)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return httpsig.KeyCacheEntry{}, false, nil
	case err != nil:
		return httpsig.KeyCacheEntry{}, false, fmt.Errorf("pgstore: key cache: load %s: %w", quoteKeyID(keyID), err)
	}
	if der != nil {
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return httpsig.KeyCacheEntry{}, false, fmt.Errorf("pgstore: key cache: load %s: %w", quoteKeyID(keyID), err)
		}
		e.Key = &httpsig.Key{ID: keyID, Owner: owner, PublicKey: pub, Algorithm: alg}
	}
	return e, true, nil
}

// StoreKey stores e for keyID, replacing any entry stored for it. It
// implements [httpsig.KeyCacheStore].
func (s *KeyCacheStore) StoreKey(ctx context.Context, keyID string, e httpsig.KeyCacheEntry) error {
	var (
		owner, alg string
		der        []byte
	)
	if e.Key != nil {
		var err error
		if der, err = x509.MarshalPKIXPublicKey(e.Key.PublicKey); err != nil {
			return fmt.Errorf("pgstore: key cache: store %s: a %T cannot be stored: %w",
				quoteKeyID(keyID), e.Key.PublicKey, err)
		}
		owner, alg = e.Key.Owner, e.Key.Algorithm
	}
	_, err := s.db.Exec(ctx, `INSERT INTO fedikit_key_cache (key_id_hash, key_id, owner, algorithm, public_key, fetched_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (key_id_hash) DO UPDATE SET owner = EXCLUDED.owner, algorithm = EXCLUDED.algorithm,
	public_key = EXCLUDED.public_key, fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at`,
		keyHash(keyID), keyID, owner, alg, der, e.Fetched, e.Expires)
	if err != nil {
		return fmt.Errorf("pgstore: key cache: store %s: %w", quoteKeyID(keyID), err)
	}
	return nil
}

// DeleteKey removes the entry for keyID. Deleting a keyID that has no
// entry is not an error. It implements [httpsig.KeyCacheStore].
func (s *KeyCacheStore) DeleteKey(ctx context.Context, keyID string) error {
	if _, err := s.db.Exec(ctx, "DELETE FROM fedikit_key_cache WHERE key_id_hash = $1", keyHash(keyID)); err != nil {
		return fmt.Errorf("pgstore: key cache: delete %s: %w", quoteKeyID(keyID), err)
	}
	return nil
}

// Prune deletes the entries that have expired by the database server's
// clock, and returns how many it deleted. Expired entries are never
// returned anyway; Prune only reclaims their space.
func (s *KeyCacheStore) Prune(ctx context.Context) (int64, error) {
	tag, err := s.db.Exec(ctx, "DELETE FROM fedikit_key_cache WHERE expires_at <= statement_timestamp()")
	if err != nil {
		return 0, fmt.Errorf("pgstore: key cache: prune: %w", err)
	}
	return tag.RowsAffected(), nil
}

// keyHash is the primary key of keyID's row: its SHA-256.
func keyHash(keyID string) []byte {
	h := sha256.Sum256([]byte(keyID))
	return h[:]
}

// maxQuotedKeyID is how much of a keyId an error message quotes.
const maxQuotedKeyID = 200

// quoteKeyID quotes keyID for an error message, cut short when it is long:
// keyIds come from remote requests.
func quoteKeyID(keyID string) string {
	if len(keyID) <= maxQuotedKeyID {
		return strconv.Quote(keyID)
	}
	cut := maxQuotedKeyID
	for cut > 0 && !utf8.RuneStart(keyID[cut]) {
		cut--
	}
	return strconv.Quote(keyID[:cut]) + "…"
}
