package pgstore

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"io"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub"
)

// storeTestSigners are keys of each type the KeyStore accepts, made once:
// RSA generation is slow under the race detector.
var storeTestSigners = sync.OnceValue(func() map[string]crypto.Signer {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		panic(err)
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return map[string]crypto.Signer{"rsa": rsaKey, "p256": p256, "p384": p384, "ed25519": ed}
})

// samePrivateKey reports whether two signers hold the same private key.
func samePrivateKey(t *testing.T, want, got crypto.Signer) {
	t.Helper()
	eq, ok := want.(interface{ Equal(crypto.PrivateKey) bool })
	require.True(t, ok, "%T has no Equal", want)
	assert.True(t, eq.Equal(got), "the stored %T comes back as it was", want)
}

func TestKeyStore(t *testing.T) {
	t.Parallel()
	s := NewKeyStore(storePool(t))
	ctx := t.Context()
	signers := storeTestSigners()

	keys, err := s.Keys(ctx, testLocalActor)
	require.NoError(t, err)
	assert.Empty(t, keys)

	order := []string{"rsa", "ed25519", "p256"}
	for _, name := range order {
		require.NoError(t, s.Add(ctx, &activitypub.ActorKey{ID: testLocalActor + "#" + name, Owner: testLocalActor, Signer: signers[name]}))
	}
	require.NoError(t, s.Add(ctx, &activitypub.ActorKey{ID: testOtherActor + "#main-key", Owner: testOtherActor, Signer: signers["p384"]}))

	keys, err = s.Keys(ctx, testLocalActor)
	require.NoError(t, err)
	require.Len(t, keys, 3)
	for i, name := range order {
		assert.Equal(t, testLocalActor+"#"+name, keys[i].ID, "in the order added")
		assert.Equal(t, testLocalActor, keys[i].Owner)
		samePrivateKey(t, signers[name], keys[i].Signer)
	}
	other, err := s.Keys(ctx, testOtherActor)
	require.NoError(t, err)
	require.Len(t, other, 1)
	samePrivateKey(t, signers["p384"], other[0].Signer)

	// The loaded keys sign, and their signatures verify.
	digest := make([]byte, 32)
	for _, k := range keys {
		opts := crypto.SignerOpts(crypto.SHA256)
		msg := digest
		if _, ok := k.Signer.(ed25519.PrivateKey); ok {
			opts, msg = crypto.Hash(0), []byte("message")
		}
		_, err := k.Signer.Sign(rand.Reader, msg, opts)
		require.NoError(t, err, k.ID)
	}
}

func TestKeyStoreReplace(t *testing.T) {
	t.Parallel()
	s := NewKeyStore(storePool(t))
	ctx := t.Context()
	signers := storeTestSigners()
	add := func(id, signer string) {
		t.Helper()
		require.NoError(t, s.Add(ctx, &activitypub.ActorKey{ID: id, Owner: testLocalActor, Signer: signers[signer]}))
	}

	add(testLocalActor+"#a", "ed25519")
	add(testLocalActor+"#b", "p256")
	add(testLocalActor+"#a", "rsa") // replaces #a, which keeps its place

	keys, err := s.Keys(ctx, testLocalActor)
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.Equal(t, testLocalActor+"#a", keys[0].ID)
	samePrivateKey(t, signers["rsa"], keys[0].Signer)
	assert.Equal(t, testLocalActor+"#b", keys[1].ID)
}

func TestKeyStoreRemove(t *testing.T) {
	t.Parallel()
	s := NewKeyStore(storePool(t))
	ctx := t.Context()
	signers := storeTestSigners()
	for _, id := range []string{"#a", "#b", "#c"} {
		require.NoError(t, s.Add(ctx, &activitypub.ActorKey{ID: testLocalActor + id, Owner: testLocalActor, Signer: signers["ed25519"]}))
	}
	require.NoError(t, s.Remove(ctx, testLocalActor+"#b"))
	require.NoError(t, s.Remove(ctx, testLocalActor+"#b"), "removing a missing key is not an error")

	keys, err := s.Keys(ctx, testLocalActor)
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.Equal(t, testLocalActor+"#a", keys[0].ID)
	assert.Equal(t, testLocalActor+"#c", keys[1].ID)
}

// opaqueSigner is a crypto.Signer whose private key cannot be exported,
// as with an HSM.
type opaqueSigner struct{ pub crypto.PublicKey }

func (o opaqueSigner) Public() crypto.PublicKey { return o.pub }
func (o opaqueSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, nil
}

func TestKeyStoreRefuses(t *testing.T) {
	t.Parallel()
	s := NewKeyStore(storePool(t))
	ctx := t.Context()
	ed := storeTestSigners()["ed25519"].(ed25519.PrivateKey)

	err := s.Add(ctx, &activitypub.ActorKey{ID: testLocalActor + "#hsm", Owner: testLocalActor, Signer: opaqueSigner{pub: ed.Public()}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pgstore: key store: add: key ")
	assert.Contains(t, err.Error(), "pgstore.opaqueSigner cannot be stored")
	assert.Contains(t, err.Error(), testLocalActor+"#hsm")

	for name, k := range map[string]*activitypub.ActorKey{
		"nil":       nil,
		"no id":     {Owner: testLocalActor, Signer: ed},
		"no owner":  {ID: testLocalActor + "#k", Signer: ed},
		"no signer": {ID: testLocalActor + "#k", Owner: testLocalActor},
	} {
		err := s.Add(ctx, k)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "pgstore: key store: add: ", name)
	}

	// A pointer to an Ed25519 key is stored as the key.
	require.NoError(t, s.Add(ctx, &activitypub.ActorKey{ID: testLocalActor + "#ptr", Owner: testLocalActor, Signer: &ed}))
	keys, err := s.Keys(ctx, testLocalActor)
	require.NoError(t, err)
	require.Len(t, keys, 1)
	samePrivateKey(t, ed, keys[0].Signer)
}

// Neither errors nor printed keys show the private key.
func TestKeyStoreNoKeyMaterialInErrors(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	s := NewKeyStore(pool)
	ctx := t.Context()
	ed := storeTestSigners()["ed25519"].(ed25519.PrivateKey)
	require.NoError(t, s.Add(ctx, &activitypub.ActorKey{ID: testLocalActor + "#k", Owner: testLocalActor, Signer: ed}))

	// Corrupt the stored key: the error names the key, not its bytes.
	_, err := pool.Exec(ctx, "UPDATE fedikit_actor_keys SET private_key = substring(private_key from 1 for 20)")
	require.NoError(t, err)
	_, err = s.Keys(ctx, testLocalActor)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pgstore: key store: key \""+testLocalActor+"#k\"")
	assertNoKeyMaterial(t, err.Error(), ed)

	// The database refuses a write: still no key material.
	closed := NewKeyStore(rawStorePool(t)) // not migrated
	err = closed.Add(ctx, &activitypub.ActorKey{ID: testLocalActor + "#k", Owner: testLocalActor, Signer: ed})
	require.Error(t, err)
	assertNoKeyMaterial(t, err.Error(), ed)
	_, err = closed.Keys(ctx, testLocalActor)
	require.ErrorContains(t, err, "pgstore: key store: ")
	require.ErrorContains(t, closed.Remove(ctx, "x"), "pgstore: key store: remove: ")
	assert.Panics(t, func() { NewKeyStore(nil) })
}

// assertNoKeyMaterial checks that s holds no recognisable part of key.
func assertNoKeyMaterial(t *testing.T, s string, key ed25519.PrivateKey) {
	t.Helper()
	seed := key.Seed()
	assert.NotContains(t, s, string(seed[:8]))
	assert.NotContains(t, s, hex.EncodeToString(seed[:8]))
}
