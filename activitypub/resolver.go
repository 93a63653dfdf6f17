package activitypub

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"time"

	"github.com/fedikit/fedikit/httpsig"
)

// Compile-time checks that KeyResolver fills both roles.
var (
	_ httpsig.KeyResolver  = (*KeyResolver)(nil)
	_ httpsig.KeyRefresher = (*KeyResolver)(nil)
)

// KeyResolverOptions configures a [KeyResolver]. A nil *KeyResolverOptions,
// and the zero value of each field, mean the defaults.
type KeyResolverOptions struct {
	// TTL is how long a resolved key is kept. Zero or less means one hour.
	TTL time.Duration

	// NegativeTTL is how long a "no such key" answer is kept. Zero means
	// five minutes; a negative value turns off caching of such answers.
	NegativeTTL time.Duration

	// Now returns the current time. Nil means [time.Now]. Tests set it to
	// control expiry.
	Now func() time.Time

	// Store, when not nil, shares the resolved keys with the other
	// processes of a server: see [httpsig.KeyCacheOptions].Store. The
	// module github.com/fedikit/fedikit/activitypub/pgstore provides one
	// on PostgreSQL. Nil keeps the cache in this process's memory only.
	Store httpsig.KeyCacheStore

	// LocalTTL applies only with a Store: the longest time a key stays in
	// memory before the Store is asked again, which bounds how long a
	// [KeyResolver.Forget] in another process takes to reach this one.
	// Zero or less means one minute.
	LocalTTL time.Duration
}

// KeyResolver finds the public keys of remote actors for the verification
// of HTTP signatures: it implements [httpsig.KeyResolver] and
// [httpsig.KeyRefresher], for [httpsig.NewVerifier].
//
// To resolve a keyId it fetches, with its [Fetcher], the keyId's URL
// without its fragment. That is an actor document (Mastodon's
// "…/users/alice#main-key", GoToSocial's "…/users/alice/main-key"), or a
// standalone key document naming its owner. The key whose id is the keyId
// is looked up among the publicKey entries (PEM) and the assertionMethod
// Multikeys (FEP-521a). Its owner (publicKey's owner, Multikey's
// controller, or the actor itself) must be the actor that lists it, and
// both the key and its owner must be on the keyId's origin, else the
// answer matches [ErrOriginMismatch]. When the document is a standalone
// key, the owner's actor document is fetched too, and must list the key:
// a key document alone cannot claim an owner.
//
// A keyId that names no key matches [httpsig.ErrKeyNotFound]; so do
// keyIds whose document answers 404 or 410, which also match
// [ErrNotFound] or [ErrGone].
//
// Keys are cached (see [httpsig.KeyCache]). A key carried inside an
// activity, an Update of an actor say, is never trusted: keys come only
// from fetching their origin. When an inbox receives an Update of an
// actor, it should call [KeyResolver.Forget] with the keyIds concerned, so
// that the next verification fetches the actor again.
//
// A KeyResolver is safe for concurrent use.
type KeyResolver struct {
	f     *Fetcher
	cache *httpsig.KeyCache
}

// NewKeyResolver returns a [KeyResolver] that fetches with f. opts may be
// nil. It panics if f is nil.
func NewKeyResolver(f *Fetcher, opts *KeyResolverOptions) *KeyResolver {
	if f == nil {
		panic("activitypub: NewKeyResolver called with a nil Fetcher")
	}
	var o KeyResolverOptions
	if opts != nil {
		o = *opts
	}
	r := &KeyResolver{f: f}
	r.cache = httpsig.NewKeyCache(httpsig.KeyResolverFunc(r.fetchKey), &httpsig.KeyCacheOptions{
		TTL:         o.TTL,
		NegativeTTL: o.NegativeTTL,
		Now:         o.Now,
		Store:       o.Store,
		LocalTTL:    o.LocalTTL,
	})
	return r
}

// ResolveKey returns the key for keyID, from the cache or by fetching it.
// It implements [httpsig.KeyResolver].
func (r *KeyResolver) ResolveKey(ctx context.Context, keyID string) (*httpsig.Key, error) {
	return r.cache.ResolveKey(ctx, keyID)
}

// RefreshKey fetches the key for keyID again, at most once a minute per
// keyId, so that a rotated key is picked up when a signature fails to
// verify. It implements [httpsig.KeyRefresher].
func (r *KeyResolver) RefreshKey(ctx context.Context, keyID string) (*httpsig.Key, error) {
	return r.cache.RefreshKey(ctx, keyID)
}

// Forget drops the cached answer for keyID, so that the next lookup
// fetches it again from its origin. Call it when an actor announces a
// change of its keys (an Update of the actor): the keys inside the Update
// are not used, but the next verification sees the actor's current ones.
// With a Store, the answer is deleted from it too (see
// [httpsig.KeyCache.Forget]).
func (r *KeyResolver) Forget(keyID string) {
	r.cache.Forget(keyID)
}

// fetchKey resolves keyID without the cache.
func (r *KeyResolver) fetchKey(ctx context.Context, keyID string) (*httpsig.Key, error) {
	u, err := parseFetchURL(keyID)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", httpsig.ErrKeyNotFound, err)
	}
	doc, err := r.f.Fetch(ctx, u.String())
	if err != nil {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrGone) {
			return nil, fmt.Errorf("%w: %q: %w", httpsig.ErrKeyNotFound, keyID, err)
		}
		return nil, err
	}
	root := doc.Root()
	if isKeyDocument(root) {
		return r.standaloneKey(ctx, keyID, root)
	}
	// An actor document, or a stub of one holding its keys.
	actor := root.ID()
	found, ok := keyIn(root, keyID)
	if !ok {
		return nil, fmt.Errorf("%w: %q is not among the keys of %s", httpsig.ErrKeyNotFound, keyID, quoteShort(actor))
	}
	owner := found.owner
	if owner == "" {
		owner = actor
	}
	if owner != actor {
		return nil, fmt.Errorf("%w: key %q names the owner %s, but %s lists it",
			ErrOriginMismatch, keyID, quoteShort(owner), quoteShort(actor))
	}
	if !sameOriginIRIs(owner, keyID) {
		return nil, fmt.Errorf("%w: key %q is owned by %s, on another origin", ErrOriginMismatch, keyID, quoteShort(owner))
	}
	if found.pub == nil {
		return nil, fmt.Errorf("%w: %s lists %q only by its IRI", httpsig.ErrKeyNotFound, quoteShort(actor), keyID)
	}
	return &httpsig.Key{ID: keyID, Owner: owner, PublicKey: found.pub}, nil
}

// standaloneKey resolves a key from its own document, checking that its
// owner lists it.
func (r *KeyResolver) standaloneKey(ctx context.Context, keyID string, key Object) (*httpsig.Key, error) {
	if key.ID() != keyID {
		return nil, fmt.Errorf("%w: the key document at %q has the id %s", httpsig.ErrKeyNotFound, keyID, quoteShort(key.ID()))
	}
	self, err := parseKeyObject(key)
	if err != nil {
		return nil, err
	}
	if self.owner == "" {
		return nil, fmt.Errorf("%w: key %q names no owner", httpsig.ErrKeyNotFound, keyID)
	}
	if !sameOriginIRIs(self.owner, keyID) {
		return nil, fmt.Errorf("%w: key %q is owned by %s, on another origin", ErrOriginMismatch, keyID, quoteShort(self.owner))
	}
	doc, err := r.f.Fetch(ctx, self.owner)
	if err != nil {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrGone) {
			return nil, fmt.Errorf("%w: owner of %q: %w", httpsig.ErrKeyNotFound, keyID, err)
		}
		return nil, err
	}
	actor := doc.Root()
	if actor.ID() != self.owner {
		return nil, fmt.Errorf("%w: the owner %s of key %q has the id %s", ErrOriginMismatch,
			quoteShort(self.owner), keyID, quoteShort(actor.ID()))
	}
	listed, ok := keyIn(actor, keyID)
	if !ok {
		return nil, fmt.Errorf("%w: key %q claims the owner %s, which does not list it",
			httpsig.ErrKeyNotFound, keyID, quoteShort(self.owner))
	}
	if listed.owner != "" && listed.owner != self.owner {
		return nil, fmt.Errorf("%w: %s lists key %q with the owner %s", ErrOriginMismatch,
			quoteShort(self.owner), keyID, quoteShort(listed.owner))
	}
	if listed.pub != nil && !publicKeysEqual(listed.pub, self.pub) {
		return nil, fmt.Errorf("%w: %s lists key %q with other key material",
			httpsig.ErrKeyNotFound, quoteShort(self.owner), keyID)
	}
	return &httpsig.Key{ID: keyID, Owner: self.owner, PublicKey: self.pub}, nil
}

// foundKey is a key found in a document.
type foundKey struct {
	owner string           // publicKey owner or Multikey controller; "" when not given
	pub   crypto.PublicKey // nil when the key was given by its IRI only
}

// isKeyDocument reports whether o is a key itself rather than an actor.
func isKeyDocument(o Object) bool {
	return o.Has("publicKeyPem") || o.Has("publicKeyMultibase")
}

// keyIn finds the key keyID among the publicKey and assertionMethod
// entries of actor, whether given whole or by IRI.
func keyIn(actor Object, keyID string) (foundKey, bool) {
	for _, prop := range [...]string{"publicKey", "assertionMethod"} {
		for _, v := range actor.Get(prop).Array() {
			if s, ok := v.String(); ok {
				if s == keyID {
					return foundKey{}, true
				}
				continue
			}
			k, ok := v.Object()
			if !ok || k.ID() != keyID {
				continue
			}
			fk, err := parseKeyObject(k)
			if err != nil {
				continue
			}
			return fk, true
		}
	}
	return foundKey{}, false
}

// parseKeyObject reads the owner and key material of a key object: a
// publicKeyPem (security vocabulary) or a publicKeyMultibase (Multikey).
func parseKeyObject(k Object) (foundKey, error) {
	var fk foundKey
	if iri, ok := firstIRI(k.Get("owner")); ok {
		fk.owner = string(iri)
	} else if iri, ok := firstIRI(k.Get("controller")); ok {
		fk.owner = string(iri)
	}
	var err error
	if pem, ok := k.Get("publicKeyPem").String(); ok {
		fk.pub, err = httpsig.ParsePublicKeyPEM([]byte(pem))
	} else if mb, ok := k.Get("publicKeyMultibase").String(); ok {
		fk.pub, err = httpsig.ParseMultikey(mb)
	} else {
		err = fmt.Errorf("%w: key %s holds no publicKeyPem or publicKeyMultibase", httpsig.ErrKeyNotFound, quoteShort(k.ID()))
	}
	if err != nil {
		return foundKey{}, fmt.Errorf("activitypub: key %s: %w", quoteShort(k.ID()), err)
	}
	return fk, nil
}

// publicKeysEqual compares two public keys of the types httpsig parses.
func publicKeysEqual(a, b crypto.PublicKey) bool {
	e, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && e.Equal(b)
}
