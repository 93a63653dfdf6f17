package activitypub

import (
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusOnHost reads a corpus document with from replaced by the world's
// URL of host.
func (w *fetchWorld) corpusOnHost(t *testing.T, name, from, host string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	require.NoError(t, err)
	return strings.ReplaceAll(string(b), from, w.url(host, ""))
}

func TestKeyResolverGoToSocial(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	w.handle("gts.test", "/users/alice", serveAS(w.corpusOnHost(t, "gotosocial-actor.json", "http://gts.test", "gts.test")))
	w.handle("gts.test", "/users/alice/main-key", serveAS(w.corpusOnHost(t, "gotosocial-main-key-unsigned.json", "http://gts.test", "gts.test")))
	r := NewKeyResolver(w.fetcher(t, nil), nil)

	keyID := w.url("gts.test", "/users/alice/main-key")
	k, err := r.ResolveKey(t.Context(), keyID)
	require.NoError(t, err)
	assert.Equal(t, keyID, k.ID)
	assert.Equal(t, w.url("gts.test", "/users/alice"), k.Owner)
	require.IsType(t, &rsa.PublicKey{}, k.PublicKey)
	assert.Equal(t, 2048, k.PublicKey.(*rsa.PublicKey).N.BitLen())

	_, err = r.ResolveKey(t.Context(), w.url("gts.test", "/users/alice#other-key"))
	assert.ErrorIs(t, err, httpsig.ErrKeyNotFound)
	_, err = r.ResolveKey(t.Context(), w.url("gts.test", "/users/nobody#main-key"))
	assert.ErrorIs(t, err, httpsig.ErrKeyNotFound)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestKeyResolverMultikey(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	w.handle("server.test", "/users/alice", serveAS(w.corpusOnHost(t, "fep-521a-actor-multikey.json", "https://server.example", "server.test")))
	r := NewKeyResolver(w.fetcher(t, nil), nil)

	keyID := w.url("server.test", "/users/alice#ed25519-key")
	k, err := r.ResolveKey(t.Context(), keyID)
	require.NoError(t, err)
	assert.Equal(t, w.url("server.test", "/users/alice"), k.Owner)
	assert.IsType(t, ed25519.PublicKey{}, k.PublicKey)
}

// actorWithKeys serves, at host and path, a Person whose keys are keys.
func (w *fetchWorld) actorWithKeys(t *testing.T, host, path string, keys ...*ActorKey) {
	t.Helper()
	d := New("Person")
	require.NoError(t, d.Root().Set("id", w.url(host, path)))
	require.NoError(t, PublishKeys(d.Root(), keys))
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	w.handle(host, path, serveAS(string(b)))
}

func TestKeyResolverSignedFetchEndToEnd(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	owner := w.url("client.test", "/actor")
	key, err := GenerateRSAKey(owner, owner+"#main-key")
	require.NoError(t, err)
	w.actorWithKeys(t, "client.test", "/actor", key)

	// The server verifies signed fetches with a KeyResolver of its own.
	v := httpsig.NewVerifier(NewKeyResolver(w.fetcher(t, nil), nil), nil)
	id := w.url("a.test", "/notes/1")
	w.handle("a.test", "/notes/1", func(rw http.ResponseWriter, r *http.Request) {
		res, err := v.VerifyRequest(r)
		if err != nil {
			httpsig.WriteUnauthorized(rw, r, err)
			return
		}
		assert.Equal(t, owner, res.Owner)
		serveAS(noteJSON(id))(rw, r)
	})
	_, err = w.fetcher(t, &FetcherOptions{Key: key}).Fetch(t.Context(), id)
	require.NoError(t, err)
	_, err = w.fetcher(t, nil).Fetch(t.Context(), id)
	var fe *FetchError
	require.ErrorAs(t, err, &fe, "unsigned fetches are refused")
	assert.Equal(t, http.StatusUnauthorized, fe.StatusCode)
}

func TestKeyResolverOwnerOnAnotherOrigin(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	pub := testPEM(t)
	keyID := w.url("a.test", "/users/alice#main-key")
	// The key names an owner on another origin.
	w.handle("a.test", "/users/alice", serveAS(fmt.Sprintf(`{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"],
		"type":"Person","id":%q,"publicKey":{"id":%q,"owner":%q,"publicKeyPem":%q}}`,
		w.url("a.test", "/users/alice"), keyID, w.url("b.test", "/users/mallory"), pub)))
	// A redirect that lands the keyId on another origin.
	w.handle("a.test", "/users/carol", func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, w.url("b.test", "/users/carol"), http.StatusFound)
	})
	w.handle("b.test", "/users/carol", serveAS(fmt.Sprintf(`{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"],
		"type":"Person","id":%q,"publicKey":{"id":%q,"owner":%q,"publicKeyPem":%q}}`,
		w.url("b.test", "/users/carol"), w.url("a.test", "/users/carol#main-key"), w.url("b.test", "/users/carol"), pub)))
	r := NewKeyResolver(w.fetcher(t, nil), nil)

	_, err := r.ResolveKey(t.Context(), keyID)
	assert.ErrorIs(t, err, ErrOriginMismatch)
	_, err = r.ResolveKey(t.Context(), w.url("a.test", "/users/carol#main-key"))
	assert.ErrorIs(t, err, ErrOriginMismatch)
}

// testPEM returns the PEM of a fresh RSA public key.
func testPEM(t *testing.T) string {
	t.Helper()
	k, err := GenerateRSAKey("https://a.test/x", "https://a.test/x#k")
	require.NoError(t, err)
	pk, err := NewPublicKey("https://a.test/x#k", "https://a.test/x", k.Signer.Public())
	require.NoError(t, err)
	return pk.PEM
}

func TestKeyResolverStandaloneKey(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	pub := testPEM(t)
	keyDoc := func(id, owner string) string {
		return fmt.Sprintf(`{"@context":"https://w3id.org/security/v1","type":"CryptographicKey",
			"id":%q,"owner":%q,"publicKeyPem":%q}`, id, owner, pub)
	}
	person := func(id string, keys ...string) string {
		b := fmt.Sprintf(`{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"],"type":"Person","id":%q`, id)
		if len(keys) > 0 {
			b += fmt.Sprintf(`,"publicKey":%q`, keys[0])
		}
		return b + "}"
	}
	alice, bob := w.url("a.test", "/users/alice"), w.url("a.test", "/users/bob")
	good, claimed := w.url("a.test", "/keys/1"), w.url("a.test", "/keys/2")
	w.handle("a.test", "/keys/1", serveAS(keyDoc(good, alice)))
	w.handle("a.test", "/users/alice", serveAS(person(alice, good)))
	// Key 2 claims bob, who does not list it.
	w.handle("a.test", "/keys/2", serveAS(keyDoc(claimed, bob)))
	w.handle("a.test", "/users/bob", serveAS(person(bob)))
	r := NewKeyResolver(w.fetcher(t, nil), nil)

	k, err := r.ResolveKey(t.Context(), good)
	require.NoError(t, err)
	assert.Equal(t, alice, k.Owner)
	assert.IsType(t, &rsa.PublicKey{}, k.PublicKey)

	_, err = r.ResolveKey(t.Context(), claimed)
	assert.ErrorIs(t, err, httpsig.ErrKeyNotFound)
}

func TestKeyResolverRotationAfterForget(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	owner := w.url("a.test", "/users/alice")
	keyID := owner + "#main-key"
	oldKey, err := GenerateEd25519Key(owner, keyID)
	require.NoError(t, err)
	newKey, err := GenerateEd25519Key(owner, keyID)
	require.NoError(t, err)

	var mu sync.Mutex
	current := oldKey
	var fetches atomic.Int32
	w.handle("a.test", "/users/alice", func(rw http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		mu.Lock()
		k := current
		mu.Unlock()
		d := New("Person")
		require.NoError(t, d.Root().Set("id", owner))
		require.NoError(t, PublishKeys(d.Root(), []*ActorKey{k}))
		b, err := d.MarshalJSON()
		require.NoError(t, err)
		serveAS(string(b))(rw, r)
	})
	r := NewKeyResolver(w.fetcher(t, nil), nil)

	k, err := r.ResolveKey(t.Context(), keyID)
	require.NoError(t, err)
	assert.True(t, oldKey.Signer.Public().(ed25519.PublicKey).Equal(k.PublicKey))

	mu.Lock()
	current = newKey
	mu.Unlock()
	k, err = r.ResolveKey(t.Context(), keyID)
	require.NoError(t, err)
	assert.True(t, oldKey.Signer.Public().(ed25519.PublicKey).Equal(k.PublicKey), "cached")
	assert.Equal(t, int32(1), fetches.Load())

	r.Forget(keyID)
	k, err = r.ResolveKey(t.Context(), keyID)
	require.NoError(t, err)
	assert.True(t, newKey.Signer.Public().(ed25519.PublicKey).Equal(k.PublicKey), "refetched")
	assert.Equal(t, int32(2), fetches.Load())
}

func TestKeyResolverBadKeyIDs(t *testing.T) {
	t.Parallel()
	f, err := NewFetcher(nil)
	require.NoError(t, err)
	r := NewKeyResolver(f, nil)
	for _, id := range []string{"", "main-key", "acct:alice@a.test", "ftp://a.test/k"} {
		_, err := r.ResolveKey(t.Context(), id)
		assert.ErrorIs(t, err, httpsig.ErrKeyNotFound, id)
	}
	assert.Panics(t, func() { NewKeyResolver(nil, nil) })
}
