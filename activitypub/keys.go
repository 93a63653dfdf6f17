package activitypub

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	vocab "github.com/go-ap/activitypub"
)

// rsaKeyBits is the size of the keys made by [GenerateRSAKey]: what
// Mastodon and most other servers make for their actors.
const rsaKeyBits = 2048

// ActorKey is a private key of one of our actors, with which it signs
// requests (see package httpsig) and objects.
//
// Its String and Format methods describe the key without its private part,
// so that printing or logging an ActorKey never leaks it.
type ActorKey struct {
	// ID is the key's IRI, the keyId of the signatures it makes, such as
	// "https://example.com/users/alice#main-key".
	ID string
	// Owner is the IRI of the actor the key belongs to.
	Owner string
	// Signer holds the private key: an *rsa.PrivateKey,
	// *ecdsa.PrivateKey, ed25519.PrivateKey, or any crypto.Signer over
	// such a key (an HSM or KMS key, say).
	Signer crypto.Signer
}

// String describes the key by its id, owner and type; never the private
// key.
func (k ActorKey) String() string {
	return "ActorKey{ID: " + strconv.Quote(k.ID) + ", Owner: " + strconv.Quote(k.Owner) +
		", Type: " + describeSigner(k.Signer) + "}"
}

// GoString is String, so that %#v does not print the private key either.
func (k ActorKey) GoString() string { return k.String() }

// Format writes String for every verb, so that no verb prints the private
// key.
func (k ActorKey) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// describeSigner names the type and size of a key without its value.
func describeSigner(s crypto.Signer) string {
	if s == nil {
		return "none"
	}
	switch pub := s.Public().(type) {
	case *rsa.PublicKey:
		return "RSA-" + strconv.Itoa(pub.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA-" + pub.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	default:
		return fmt.Sprintf("%T", pub)
	}
}

// check reports what makes k unusable, if anything.
func (k *ActorKey) check(fn string) error {
	switch {
	case k == nil:
		return errorf(fn, "nil key")
	case k.Signer == nil:
		return errorf(fn, "key %s has no Signer", quoteShort(k.ID))
	}
	if err := errors.Join(checkIRI(vocab.IRI(k.ID)), checkIRI(vocab.IRI(k.Owner))); err != nil {
		return errorf(fn, "key %s: %v", quoteShort(k.ID), err)
	}
	return nil
}

// GenerateRSAKey makes a new 2048-bit RSA key with the given id for the
// actor owner. RSA is the key type every fediverse server verifies.
func GenerateRSAKey(owner, id string) (*ActorKey, error) {
	k := &ActorKey{ID: id, Owner: owner}
	if err := checkKeyNames("GenerateRSAKey", owner, id); err != nil {
		return nil, err
	}
	priv, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		return nil, errorf("GenerateRSAKey", "%v", err)
	}
	k.Signer = priv
	return k, nil
}

// GenerateEd25519Key makes a new Ed25519 key with the given id for the
// actor owner. Fewer servers verify Ed25519 HTTP signatures than RSA ones;
// it is mostly used for object integrity proofs (FEP-8b32).
func GenerateEd25519Key(owner, id string) (*ActorKey, error) {
	k := &ActorKey{ID: id, Owner: owner}
	if err := checkKeyNames("GenerateEd25519Key", owner, id); err != nil {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, errorf("GenerateEd25519Key", "%v", err)
	}
	k.Signer = priv
	return k, nil
}

func checkKeyNames(fn, owner, id string) error {
	if err := checkIRI(vocab.IRI(owner)); err != nil {
		return errorf(fn, "owner: %v", err)
	}
	if err := checkIRI(vocab.IRI(id)); err != nil {
		return errorf(fn, "id: %v", err)
	}
	return nil
}

// KeyStore keeps the private keys of our actors. Implementations must be
// safe for concurrent use. [NewMemoryKeyStore] returns one that keeps them
// in memory; a server that restarts needs one backed by its database.
type KeyStore interface {
	// Keys returns the keys of the actor owner, in the order they were
	// added; none (and no error) for an actor without keys.
	Keys(ctx context.Context, owner string) ([]*ActorKey, error)
	// Add stores k under its Owner, replacing a key of that owner with
	// the same ID.
	Add(ctx context.Context, k *ActorKey) error
}

// NewMemoryKeyStore returns a [KeyStore] that keeps keys in memory. It is
// safe for concurrent use.
func NewMemoryKeyStore() KeyStore {
	return &memoryKeyStore{keys: make(map[string][]*ActorKey)}
}

type memoryKeyStore struct {
	mu   sync.RWMutex
	keys map[string][]*ActorKey // by owner
}

// Keys returns copies of the stored keys, so a caller cannot change them.
func (s *memoryKeyStore) Keys(ctx context.Context, owner string) ([]*ActorKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	stored := s.keys[owner]
	if len(stored) == 0 {
		return nil, nil
	}
	out := make([]*ActorKey, len(stored))
	for i, k := range stored {
		c := *k
		out[i] = &c
	}
	return out, nil
}

// Add stores a copy of k.
func (s *memoryKeyStore) Add(ctx context.Context, k *ActorKey) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := k.check("KeyStore.Add"); err != nil {
		return err
	}
	c := *k
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.keys[c.Owner]
	for i, old := range list {
		if old.ID == c.ID {
			list[i] = &c
			return nil
		}
	}
	s.keys[c.Owner] = append(list, &c)
	return nil
}

// PublishKeys writes the public halves of keys into the actor document:
// the RSA keys as publicKey (the only property Mastodon reads for HTTP
// signatures), and every key as a Multikey in assertionMethod (FEP-521a).
// Each key's Owner must be the actor's id. An empty list removes both
// properties.
func PublishKeys(actor Object, keys []*ActorKey) error {
	const fn = "PublishKeys"
	if err := needObject(actor, fn); err != nil {
		return err
	}
	id := actor.ID()
	var (
		pems  []PublicKey
		multi []Multikey
	)
	for _, k := range keys {
		if err := k.check(fn); err != nil {
			return err
		}
		if id != "" && k.Owner != id {
			return errorf(fn, "key %s belongs to %s, not to the actor %s",
				quoteShort(k.ID), quoteShort(k.Owner), quoteShort(id))
		}
		pub := k.Signer.Public()
		if _, ok := pub.(*rsa.PublicKey); ok {
			pk, err := NewPublicKey(vocab.IRI(k.ID), vocab.IRI(k.Owner), pub)
			if err != nil {
				return err
			}
			pems = append(pems, pk)
		}
		mk, err := NewMultikey(vocab.IRI(k.ID), vocab.IRI(k.Owner), pub)
		if err != nil {
			return err
		}
		multi = append(multi, mk)
	}
	if err := SetPublicKeys(actor, pems); err != nil {
		return err
	}
	return SetAssertionMethods(actor, multi)
}
