package httpsig

import (
	"context"
	"crypto"
)

// Key is a public key found for a keyId, with the actor that owns it.
type Key struct {
	// ID is the keyId the key was resolved for.
	ID string
	// Owner is the id of the actor that owns the key (for ActivityPub, the
	// publicKey's owner or the Multikey's controller). The verifier reports
	// it; checking that it matches the activity's actor is up to the caller.
	Owner string
	// PublicKey is an *rsa.PublicKey, *ecdsa.PublicKey (P-256 or P-384) or
	// ed25519.PublicKey. Shared secrets never come from a resolver; see
	// [VerifierOptions].HMACSecrets.
	PublicKey crypto.PublicKey
	// Algorithm, when not empty, restricts the key to one RFC 9421
	// algorithm name (such as "rsa-pss-sha512"). When empty, every
	// algorithm that fits the key type is allowed.
	Algorithm string
}

// KeyResolver finds the public key for a keyId. Implementations return an
// error matching [ErrKeyNotFound] when there is no such key. The
// activitypub package provides one that fetches actor documents.
type KeyResolver interface {
	ResolveKey(ctx context.Context, keyID string) (*Key, error)
}

// KeyResolverFunc adapts a function to a [KeyResolver].
type KeyResolverFunc func(ctx context.Context, keyID string) (*Key, error)

// ResolveKey calls f(ctx, keyID).
func (f KeyResolverFunc) ResolveKey(ctx context.Context, keyID string) (*Key, error) {
	return f(ctx, keyID)
}

// KeyRefresher is implemented by resolvers that cache keys. When a signature
// fails to verify with a cached key, the verifier calls RefreshKey once to
// fetch the key again from its source, so that a rotated key is picked up.
type KeyRefresher interface {
	RefreshKey(ctx context.Context, keyID string) (*Key, error)
}
