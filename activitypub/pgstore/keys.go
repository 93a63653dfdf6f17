package pgstore

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"

	"github.com/fedikit/fedikit/activitypub"
)

// Compile-time check that KeyStore is an activitypub.KeyStore.
var _ activitypub.KeyStore = (*KeyStore)(nil)

// KeyStore is an [activitypub.KeyStore] in the table fedikit_actor_keys: the
// private keys with which a server's actors sign.
//
// Keys are stored as PKCS#8 DER, so only keys whose private part can be
// exported are accepted: an *rsa.PrivateKey, an *ecdsa.PrivateKey or an
// ed25519.PrivateKey. A crypto.Signer over a key held elsewhere (an HSM or
// a KMS) cannot be stored here; keep such keys in a KeyStore of your own.
//
// The private keys are stored unencrypted. Protect the table, its backups
// and the database's credentials as you would the keys themselves. Errors
// of the KeyStore name keys by their id and never hold key material.
//
// A KeyStore is safe for concurrent use.
type KeyStore struct {
	db DB
}

// NewKeyStore returns a [KeyStore] that runs its statements on db. The
// database must have been migrated with [Migrate].
func NewKeyStore(db DB) *KeyStore {
	if db == nil {
		panic("pgstore: NewKeyStore called with a nil DB")
	}
	return &KeyStore{db: db}
}

// Keys returns the keys of the actor owner, in the order they were added;
// none (and no error) for an actor without keys. Each call returns new
// values, parsed from the database. It implements [activitypub.KeyStore].
func (s *KeyStore) Keys(ctx context.Context, owner string) ([]*activitypub.ActorKey, error) {
	rows, err := s.db.Query(ctx,
		"SELECT key_id, private_key FROM fedikit_actor_keys WHERE owner = $1 ORDER BY seq", owner)
	if err != nil {
		return nil, fmt.Errorf("pgstore: key store: %w", err)
	}
	defer rows.Close()
	var (
		keys []*activitypub.ActorKey
		id   string
		der  []byte
	)
	for rows.Next() {
		if err := rows.Scan(&id, &der); err != nil {
			return nil, fmt.Errorf("pgstore: key store: %w", err)
		}
		signer, err := parsePrivateKey(der)
		if err != nil {
			return nil, fmt.Errorf("pgstore: key store: key %s: %w", strconv.Quote(id), err)
		}
		keys = append(keys, &activitypub.ActorKey{ID: id, Owner: owner, Signer: signer})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: key store: %w", err)
	}
	return keys, nil
}

// Add stores k under its Owner, replacing a key of that owner with the
// same ID (which keeps its place in the order). It implements
// [activitypub.KeyStore].
func (s *KeyStore) Add(ctx context.Context, k *activitypub.ActorKey) error {
	switch {
	case k == nil:
		return errors.New("pgstore: key store: add: nil key")
	case k.ID == "":
		return errors.New("pgstore: key store: add: the key has no ID")
	case k.Owner == "":
		return fmt.Errorf("pgstore: key store: add: key %s has no Owner", strconv.Quote(k.ID))
	case k.Signer == nil:
		return fmt.Errorf("pgstore: key store: add: key %s has no Signer", strconv.Quote(k.ID))
	}
	der, err := marshalPrivateKey(k.Signer)
	if err != nil {
		return fmt.Errorf("pgstore: key store: add: key %s: %w", strconv.Quote(k.ID), err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO fedikit_actor_keys (owner, key_id, private_key) VALUES ($1, $2, $3)
ON CONFLICT (owner, key_id) DO UPDATE SET private_key = EXCLUDED.private_key, updated_at = now()`,
		k.Owner, k.ID, der)
	if err != nil {
		return fmt.Errorf("pgstore: key store: add: key %s: %w", strconv.Quote(k.ID), err)
	}
	return nil
}

// Remove deletes the key keyID, whichever actor owns it. Removing a key
// that is not there is not an error.
func (s *KeyStore) Remove(ctx context.Context, keyID string) error {
	if _, err := s.db.Exec(ctx, "DELETE FROM fedikit_actor_keys WHERE key_id = $1", keyID); err != nil {
		return fmt.Errorf("pgstore: key store: remove: key %s: %w", strconv.Quote(keyID), err)
	}
	return nil
}

// marshalPrivateKey encodes the private key of s as PKCS#8 DER. Errors
// name the type of s only.
func marshalPrivateKey(s crypto.Signer) ([]byte, error) {
	var key any
	switch k := s.(type) {
	case *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey:
		key = k
	case *ed25519.PrivateKey:
		if k == nil {
			return nil, errors.New("nil *ed25519.PrivateKey")
		}
		key = *k
	default:
		return nil, fmt.Errorf("a %T cannot be stored: only *rsa.PrivateKey, *ecdsa.PrivateKey and ed25519.PrivateKey can be exported as PKCS#8", s)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding the %T as PKCS#8: %w", s, err)
	}
	return der, nil
}

// parsePrivateKey decodes a PKCS#8 DER private key made by
// marshalPrivateKey.
func parsePrivateKey(der []byte) (crypto.Signer, error) {
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("decoding the PKCS#8 private key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("the stored %T is not a crypto.Signer", key)
	}
	return signer, nil
}
