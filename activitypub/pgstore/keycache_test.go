package pgstore

import (
	"context"
	"crypto"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/httpsig"
)

const cacheTestKeyID = "https://remote.example/users/carol#main-key"

// testCacheTime is a time with no more than microsecond precision, which
// is what PostgreSQL keeps.
var testCacheTime = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestKeyCacheStoreRoundTrip(t *testing.T) {
	t.Parallel()
	s := NewKeyCacheStore(storePool(t))
	ctx := t.Context()

	for _, name := range []string{"rsa", "p256", "p384", "ed25519"} {
		t.Run(name, func(t *testing.T) {
			keyID := "https://remote.example/users/" + name + "#main-key"
			pub := storeTestSigners()[name].Public()
			want := httpsig.KeyCacheEntry{
				Key:     &httpsig.Key{ID: keyID, Owner: "https://remote.example/users/" + name, PublicKey: pub},
				Fetched: testCacheTime,
				Expires: testCacheTime.Add(time.Hour),
			}
			if name == "rsa" {
				want.Key.Algorithm = httpsig.AlgRSAPSSSHA512
			}
			require.NoError(t, s.StoreKey(ctx, keyID, want))

			got, ok, err := s.LoadKey(ctx, keyID, testCacheTime.Add(time.Minute))
			require.NoError(t, err)
			require.True(t, ok)
			require.NotNil(t, got.Key)
			assert.Equal(t, want.Key.ID, got.Key.ID)
			assert.Equal(t, want.Key.Owner, got.Key.Owner)
			assert.Equal(t, want.Key.Algorithm, got.Key.Algorithm)
			assert.True(t, pub.(interface{ Equal(crypto.PublicKey) bool }).Equal(got.Key.PublicKey), "same public key")
			assert.True(t, want.Fetched.Equal(got.Fetched))
			assert.True(t, want.Expires.Equal(got.Expires))
		})
	}
}

func TestKeyCacheStoreNegativeAndExpiry(t *testing.T) {
	t.Parallel()
	s := NewKeyCacheStore(storePool(t))
	ctx := t.Context()

	_, ok, err := s.LoadKey(ctx, cacheTestKeyID, testCacheTime)
	require.NoError(t, err)
	assert.False(t, ok, "nothing stored")

	neg := httpsig.KeyCacheEntry{Fetched: testCacheTime, Expires: testCacheTime.Add(5 * time.Minute)}
	require.NoError(t, s.StoreKey(ctx, cacheTestKeyID, neg))
	got, ok, err := s.LoadKey(ctx, cacheTestKeyID, testCacheTime.Add(5*time.Minute-time.Microsecond))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Nil(t, got.Key, "a not-found answer")
	assert.True(t, neg.Expires.Equal(got.Expires))

	_, ok, err = s.LoadKey(ctx, cacheTestKeyID, testCacheTime.Add(5*time.Minute))
	require.NoError(t, err)
	assert.False(t, ok, "expired")

	// A key replaces the not-found answer.
	pub := storeTestSigners()["ed25519"].Public()
	require.NoError(t, s.StoreKey(ctx, cacheTestKeyID, httpsig.KeyCacheEntry{
		Key:     &httpsig.Key{ID: cacheTestKeyID, Owner: "https://remote.example/users/carol", PublicKey: pub},
		Fetched: testCacheTime.Add(time.Minute),
		Expires: testCacheTime.Add(time.Hour),
	}))
	got, ok, err = s.LoadKey(ctx, cacheTestKeyID, testCacheTime.Add(10*time.Minute))
	require.NoError(t, err)
	require.True(t, ok)
	require.NotNil(t, got.Key)
	assert.True(t, testCacheTime.Add(time.Minute).Equal(got.Fetched))

	require.NoError(t, s.DeleteKey(ctx, cacheTestKeyID))
	require.NoError(t, s.DeleteKey(ctx, cacheTestKeyID), "deleting a missing entry is not an error")
	_, ok, err = s.LoadKey(ctx, cacheTestKeyID, testCacheTime)
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestKeyCacheStorePrune(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	s := NewKeyCacheStore(pool)
	ctx := t.Context()
	now := time.Now()

	for keyID, expires := range map[string]time.Time{
		"https://remote.example/a#k": now.Add(-time.Hour),
		"https://remote.example/b#k": now.Add(-time.Second),
		"https://remote.example/c#k": now.Add(time.Hour),
	} {
		require.NoError(t, s.StoreKey(ctx, keyID, httpsig.KeyCacheEntry{Fetched: now.Add(-2 * time.Hour), Expires: expires}))
	}
	n, err := s.Prune(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	var left string
	require.NoError(t, pool.QueryRow(ctx, "SELECT string_agg(key_id, ',') FROM fedikit_key_cache").Scan(&left))
	assert.Equal(t, "https://remote.example/c#k", left)
}

func TestKeyCacheStoreErrors(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	s := NewKeyCacheStore(pool)
	ctx := t.Context()

	err := s.StoreKey(ctx, cacheTestKeyID, httpsig.KeyCacheEntry{
		Key:     &httpsig.Key{ID: cacheTestKeyID, PublicKey: []byte("a shared secret")},
		Fetched: testCacheTime, Expires: testCacheTime.Add(time.Hour),
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pgstore: key cache: store ")
	assert.Contains(t, err.Error(), "a []uint8 cannot be stored")
	assert.NotContains(t, err.Error(), "a shared secret")

	// A corrupt row is an error, not a key.
	_, err = pool.Exec(ctx, `INSERT INTO fedikit_key_cache (key_id_hash, key_id, public_key, fetched_at, expires_at)
VALUES ($1, $2, '\x3000'::bytea, $3, $4)`, keyHash(cacheTestKeyID), cacheTestKeyID, testCacheTime, testCacheTime.Add(time.Hour))
	require.NoError(t, err)
	_, ok, err := s.LoadKey(ctx, cacheTestKeyID, testCacheTime)
	require.ErrorContains(t, err, "pgstore: key cache: load ")
	assert.False(t, ok)

	bare := NewKeyCacheStore(rawStorePool(t)) // not migrated
	require.ErrorContains(t, bare.DeleteKey(ctx, "x"), "pgstore: key cache: delete ")
	require.ErrorContains(t, bare.StoreKey(ctx, "x", httpsig.KeyCacheEntry{}), "pgstore: key cache: store ")
	_, err = bare.Prune(ctx)
	require.ErrorContains(t, err, "pgstore: key cache: prune: ")
	assert.Panics(t, func() { NewKeyCacheStore(nil) })
}

// Two httpsig.KeyCaches (two processes) share the store: the second does
// not fetch, and a Forget on one reaches the other.
func TestKeyCacheStoreShared(t *testing.T) {
	t.Parallel()
	s := NewKeyCacheStore(storePool(t))
	ctx := t.Context()
	pub := storeTestSigners()["p256"].Public()
	var fetches [2]atomic.Int32
	newCache := func(i int) *httpsig.KeyCache {
		return httpsig.NewKeyCache(httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
			fetches[i].Add(1)
			if keyID != cacheTestKeyID {
				return nil, fmt.Errorf("no key %q: %w", keyID, httpsig.ErrKeyNotFound)
			}
			return &httpsig.Key{ID: keyID, Owner: "https://remote.example/users/carol", PublicKey: pub}, nil
		}), &httpsig.KeyCacheOptions{Store: s, LocalTTL: time.Hour})
	}
	a, b := newCache(0), newCache(1)

	k, err := a.ResolveKey(ctx, cacheTestKeyID)
	require.NoError(t, err)
	k2, err := b.ResolveKey(ctx, cacheTestKeyID)
	require.NoError(t, err)
	assert.Equal(t, k.Owner, k2.Owner)
	assert.True(t, pub.(interface{ Equal(crypto.PublicKey) bool }).Equal(k2.PublicKey))
	assert.Equal(t, int32(1), fetches[0].Load())
	assert.Equal(t, int32(0), fetches[1].Load(), "the second cache does not fetch")

	const unknown = "https://remote.example/users/nobody#main-key"
	_, err = a.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, httpsig.ErrKeyNotFound)
	_, err = b.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, httpsig.ErrKeyNotFound)
	assert.Equal(t, int32(0), fetches[1].Load(), "nor for a not-found answer")

	a.Forget(cacheTestKeyID)
	_, ok, err := s.LoadKey(ctx, cacheTestKeyID, time.Now())
	require.NoError(t, err)
	assert.False(t, ok, "Forget deletes the stored entry")
	c := newCache(1)
	_, err = c.ResolveKey(ctx, cacheTestKeyID)
	require.NoError(t, err)
	assert.Equal(t, int32(1), fetches[1].Load(), "a cache starting afresh fetches the forgotten key")
}

// Two activitypub.KeyResolvers, as two processes of one server would have,
// share the store: only the first fetches the actor.
func TestKeyCacheStoreKeyResolvers(t *testing.T) {
	t.Parallel()
	s := NewKeyCacheStore(storePool(t))
	ctx := t.Context()

	var requests atomic.Int32
	var actorDoc []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/users/carol" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/activity+json")
		_, _ = w.Write(actorDoc)
	}))
	t.Cleanup(srv.Close)

	actor := srv.URL + "/users/carol"
	key, err := activitypub.GenerateEd25519Key(actor, actor+"#ed25519-key")
	require.NoError(t, err)
	doc := activitypub.New("Person")
	require.NoError(t, doc.Root().Set("id", actor))
	require.NoError(t, activitypub.PublishKeys(doc.Root(), []*activitypub.ActorKey{key}))
	actorDoc, err = doc.MarshalJSON()
	require.NoError(t, err)

	newResolver := func() *activitypub.KeyResolver {
		f, err := activitypub.NewFetcher(&activitypub.FetcherOptions{AllowLoopback: true, AllowHTTP: true})
		require.NoError(t, err)
		return activitypub.NewKeyResolver(f, &activitypub.KeyResolverOptions{Store: s})
	}
	first, second := newResolver(), newResolver()

	k, err := first.ResolveKey(ctx, key.ID)
	require.NoError(t, err)
	assert.Equal(t, actor, k.Owner)
	assert.Equal(t, int32(1), requests.Load())

	k, err = second.ResolveKey(ctx, key.ID)
	require.NoError(t, err)
	assert.Equal(t, actor, k.Owner)
	assert.True(t, key.Signer.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(k.PublicKey))
	assert.Equal(t, int32(1), requests.Load(), "the second resolver does not fetch")

	// A signature by the key verifies with the second resolver.
	signer, err := httpsig.NewSigner(key.ID, key.Signer, nil)
	require.NoError(t, err)
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "http://local.example/users/alice", nil)
	require.NoError(t, signer.SignRequest(req))
	res, err := httpsig.NewVerifier(second, nil).VerifyRequest(req)
	require.NoError(t, err)
	assert.Equal(t, actor, res.Owner)
	assert.Equal(t, int32(1), requests.Load())
}

// keyIds come from remote requests: any length is stored, and errors quote
// only the start of a long one.
func TestKeyCacheStoreLongKeyID(t *testing.T) {
	t.Parallel()
	s := NewKeyCacheStore(storePool(t))
	ctx := t.Context()
	long := "https://remote.example/" + strings.Repeat("é", 50_000)

	require.NoError(t, s.StoreKey(ctx, long, httpsig.KeyCacheEntry{Fetched: testCacheTime, Expires: testCacheTime.Add(time.Hour)}))
	e, ok, err := s.LoadKey(ctx, long, testCacheTime)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Nil(t, e.Key)
	_, ok, err = s.LoadKey(ctx, long+"x", testCacheTime)
	require.NoError(t, err)
	assert.False(t, ok)

	bare := NewKeyCacheStore(rawStorePool(t)) // not migrated
	err = bare.DeleteKey(ctx, long)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 1000)
	assert.Contains(t, err.Error(), `"https://remote.example/ééé`)
	assert.Contains(t, err.Error(), `"…`)
}
