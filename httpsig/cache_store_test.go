package httpsig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeKeyStore is a KeyCacheStore in memory that counts its calls and can
// be told to fail.
type fakeKeyStore struct {
	mu      sync.Mutex
	entries map[string]KeyCacheEntry
	err     error // returned by every operation when set
	loads   int
	stores  int
	deletes int
}

func newFakeKeyStore() *fakeKeyStore {
	return &fakeKeyStore{entries: make(map[string]KeyCacheEntry)}
}

func (s *fakeKeyStore) LoadKey(_ context.Context, keyID string, now time.Time) (KeyCacheEntry, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	if s.err != nil {
		return KeyCacheEntry{}, false, s.err
	}
	e, ok := s.entries[keyID]
	if !ok || !now.Before(e.Expires) {
		return KeyCacheEntry{}, false, nil
	}
	e.Key = copyKey(e.Key)
	return e, true, nil
}

func (s *fakeKeyStore) StoreKey(_ context.Context, keyID string, e KeyCacheEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stores++
	if s.err != nil {
		return s.err
	}
	e.Key = copyKey(e.Key)
	s.entries[keyID] = e
	return nil
}

func (s *fakeKeyStore) DeleteKey(_ context.Context, keyID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deletes++
	if s.err != nil {
		return s.err
	}
	delete(s.entries, keyID)
	return nil
}

func (s *fakeKeyStore) entry(keyID string) (KeyCacheEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[keyID]
	return e, ok
}

func (s *fakeKeyStore) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

func (s *fakeKeyStore) counts() (loads, stores, deletes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loads, s.stores, s.deletes
}

// sharedCaches returns two caches over one fake store, each with its own
// stub resolver holding alice's key (seed 1), on one fake clock.
func sharedCaches(t *testing.T, opts *KeyCacheOptions) (a, b *KeyCache, ra, rb *cacheStub, store *fakeKeyStore, clock *cacheClock) {
	t.Helper()
	store = newFakeKeyStore()
	clock = newCacheClock()
	var o KeyCacheOptions
	if opts != nil {
		o = *opts
	}
	o.Now = clock.Now
	o.Store = store
	ra, rb = newCacheStub(), newCacheStub()
	ra.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 1))
	rb.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 1))
	return NewKeyCache(ra, &o), NewKeyCache(rb, &o), ra, rb, store, clock
}

func TestKeyCacheStoreDefaults(t *testing.T) {
	t.Parallel()
	c := NewKeyCache(newCacheStub(), &KeyCacheOptions{Store: newFakeKeyStore()})
	assert.Equal(t, time.Minute, c.localTTL)
	c = NewKeyCache(newCacheStub(), &KeyCacheOptions{Store: newFakeKeyStore(), LocalTTL: -1})
	assert.Equal(t, time.Minute, c.localTTL)
	c = NewKeyCache(newCacheStub(), &KeyCacheOptions{Store: newFakeKeyStore(), LocalTTL: 5 * time.Second})
	assert.Equal(t, 5*time.Second, c.localTTL)
}

func TestKeyCacheStoreShared(t *testing.T) {
	t.Parallel()
	a, b, ra, rb, store, clock := sharedCaches(t, nil)
	ctx := t.Context()

	k, err := a.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestKey(cacheAliceKeyID, 1), k)
	e, ok := store.entry(cacheAliceKeyID)
	require.True(t, ok, "the fetched key is stored")
	assert.Equal(t, cacheTestKey(cacheAliceKeyID, 1), e.Key)
	assert.Equal(t, clock.Now(), e.Fetched)
	assert.Equal(t, clock.Now().Add(time.Hour), e.Expires)

	k, err = b.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestKey(cacheAliceKeyID, 1), k)
	assert.Equal(t, 1, ra.count(cacheAliceKeyID))
	assert.Equal(t, 0, rb.count(cacheAliceKeyID), "the second cache does not fetch")

	// b now serves from memory, without asking the store, for LocalTTL.
	loads, _, _ := store.counts()
	for range 3 {
		_, err = b.ResolveKey(ctx, cacheAliceKeyID)
		require.NoError(t, err)
	}
	loads2, _, _ := store.counts()
	assert.Equal(t, loads, loads2)

	// After LocalTTL, b asks the store again, which still has the key.
	clock.Advance(time.Minute)
	_, err = b.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	loads3, _, _ := store.counts()
	assert.Equal(t, loads+1, loads3)
	assert.Equal(t, 0, rb.count(cacheAliceKeyID))

	// Once the stored entry expires, the next lookup fetches and stores.
	clock.Advance(time.Hour)
	_, err = b.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 1, rb.count(cacheAliceKeyID))
	e, ok = store.entry(cacheAliceKeyID)
	require.True(t, ok)
	assert.Equal(t, clock.Now(), e.Fetched)
}

func TestKeyCacheStoreMemoryExpiry(t *testing.T) {
	t.Parallel()
	a, b, _, _, store, clock := sharedCaches(t, &KeyCacheOptions{LocalTTL: 10 * time.Minute})
	ctx := t.Context()

	_, err := a.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	a.mu.Lock()
	assert.Equal(t, clock.Now().Add(10*time.Minute), a.entries[cacheAliceKeyID].expires, "memory keeps a fetched key for LocalTTL")
	a.mu.Unlock()

	// A stored entry that expires before LocalTTL is over leaves memory
	// with it.
	clock.Advance(55 * time.Minute)
	_, err = b.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	e, _ := store.entry(cacheAliceKeyID)
	b.mu.Lock()
	assert.Equal(t, e.Expires, b.entries[cacheAliceKeyID].expires)
	assert.Equal(t, e.Fetched, b.entries[cacheAliceKeyID].fetched)
	b.mu.Unlock()
}

func TestKeyCacheStoreNegative(t *testing.T) {
	t.Parallel()
	const unknown = "https://example.com/users/nobody#main-key"
	a, b, ra, rb, store, clock := sharedCaches(t, &KeyCacheOptions{NegativeTTL: 2 * time.Minute})
	ctx := t.Context()

	_, err := a.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	e, ok := store.entry(unknown)
	require.True(t, ok, "the not-found answer is stored")
	assert.Nil(t, e.Key)
	assert.Equal(t, clock.Now().Add(2*time.Minute), e.Expires)

	_, err = b.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Contains(t, err.Error(), "key cache store")
	assert.Contains(t, err.Error(), unknown)
	assert.Equal(t, 1, ra.count(unknown))
	assert.Equal(t, 0, rb.count(unknown))

	clock.Advance(2 * time.Minute)
	_, err = b.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 1, rb.count(unknown), "the stored answer expired")
}

func TestKeyCacheStoreNegativeDisabled(t *testing.T) {
	t.Parallel()
	const unknown = "https://example.com/users/nobody#main-key"
	a, _, ra, _, store, clock := sharedCaches(t, &KeyCacheOptions{NegativeTTL: -1})
	ctx := t.Context()

	// A not-found answer stored by a process that caches them is ignored.
	require.NoError(t, store.StoreKey(ctx, unknown, KeyCacheEntry{Fetched: clock.Now(), Expires: clock.Now().Add(time.Hour)}))
	_, err := a.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 1, ra.count(unknown))

	// A key that disappears at its source is deleted from the store.
	_, err = a.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	_, ok := store.entry(cacheAliceKeyID)
	require.True(t, ok)
	ra.remove(cacheAliceKeyID)
	clock.Advance(time.Minute)
	_, err = a.RefreshKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, ErrKeyNotFound)
	_, ok = store.entry(cacheAliceKeyID)
	assert.False(t, ok)
}

func TestKeyCacheStoreOtherErrorsNotStored(t *testing.T) {
	t.Parallel()
	a, _, ra, _, store, _ := sharedCaches(t, nil)
	errDown := errors.New("stub: network down")
	ra.setErr(cacheAliceKeyID, errDown)
	_, err := a.ResolveKey(t.Context(), cacheAliceKeyID)
	require.ErrorIs(t, err, errDown)
	_, ok := store.entry(cacheAliceKeyID)
	assert.False(t, ok)
	_, stores, deletes := store.counts()
	assert.Zero(t, stores)
	assert.Zero(t, deletes)
}

func TestKeyCacheStoreForgetReachesOthers(t *testing.T) {
	t.Parallel()
	a, b, ra, rb, store, clock := sharedCaches(t, &KeyCacheOptions{LocalTTL: 30 * time.Second})
	ctx := t.Context()

	_, err := a.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	_, err = b.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)

	// Alice rotates her key and a learns of it.
	ra.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 2))
	rb.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 2))
	a.Forget(cacheAliceKeyID)
	_, ok := store.entry(cacheAliceKeyID)
	assert.False(t, ok, "Forget deletes from the store")

	k, err := b.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(1), k.PublicKey, "b still has the old key in memory")

	clock.Advance(30 * time.Second)
	k, err = b.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(2), k.PublicKey, "after LocalTTL b fetches the new key")
	assert.Equal(t, 1, rb.count(cacheAliceKeyID))

	k, err = a.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(2), k.PublicKey)
	assert.Equal(t, 1, ra.count(cacheAliceKeyID), "a finds b's answer in the store")
}

func TestKeyCacheStoreRefreshUsesFetched(t *testing.T) {
	t.Parallel()
	a, b, ra, rb, _, clock := sharedCaches(t, nil)
	ctx := t.Context()

	_, err := a.ResolveKey(ctx, cacheAliceKeyID) // fetched at t0
	require.NoError(t, err)
	clock.Advance(30 * time.Second)
	_, err = b.ResolveKey(ctx, cacheAliceKeyID) // from the store
	require.NoError(t, err)

	clock.Advance(20 * time.Second) // t0+50s
	_, err = b.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 0, rb.count(cacheAliceKeyID), "a fetched less than a minute ago")

	// Alice rotates her key; b refreshes a minute after a's fetch.
	ra.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 2))
	rb.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 2))
	clock.Advance(10 * time.Second) // t0+60s
	k, err := b.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(2), k.PublicKey)
	assert.Equal(t, 1, rb.count(cacheAliceKeyID))

	// a's memory entry dates from t0, but the store's from t0+60s: a's
	// refresh takes the stored key without fetching.
	clock.Advance(5 * time.Second)
	k, err = a.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(2), k.PublicKey)
	assert.Equal(t, 1, ra.count(cacheAliceKeyID))

	// A minute after b's fetch, a refresh fetches again.
	clock.Advance(55 * time.Second)
	_, err = a.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, ra.count(cacheAliceKeyID))
}

func TestKeyCacheStoreRefreshUnlimited(t *testing.T) {
	t.Parallel()
	a, b, _, rb, _, _ := sharedCaches(t, &KeyCacheOptions{MinRefreshInterval: -1})
	_, err := a.ResolveKey(t.Context(), cacheAliceKeyID)
	require.NoError(t, err)
	_, err = b.RefreshKey(t.Context(), cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 1, rb.count(cacheAliceKeyID), "without a limit, a refresh always fetches")
}

// A failing store never fails a lookup that a fetch can serve.
func TestKeyCacheStoreFailing(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil))
	store := newFakeKeyStore()
	errStore := errors.New("fake: database unreachable")
	store.fail(errStore)
	signer := testKeys()["ed25519"]
	var fetches atomic.Int32
	cache := NewKeyCache(KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
		fetches.Add(1)
		return &Key{ID: keyID, Owner: testOwner, PublicKey: signer.Public()}, nil
	}), &KeyCacheOptions{Store: store, Now: clockAt(testNow), Logger: logger})
	vf := NewVerifier(cache, &VerifierOptions{Now: clockAt(testNow)})

	s, err := NewSigner(testKeyID, signer, &SignerOptions{Now: clockAt(testNow)})
	require.NoError(t, err)
	for range 2 {
		r := newGet(t)
		require.NoError(t, s.SignRequest(r))
		res, err := vf.VerifyRequest(received(t, r))
		require.NoError(t, err)
		assert.Equal(t, testKeyID, res.KeyID)
	}
	assert.Equal(t, int32(1), fetches.Load(), "the fetched key is kept in memory")
	loads, stores, _ := store.counts()
	assert.Equal(t, 1, loads)
	assert.Equal(t, 1, stores)

	cache.Forget(testKeyID)
	logMu.Lock()
	out := logs.String()
	logMu.Unlock()
	for _, op := range []string{"op=LoadKey", "op=StoreKey", "op=DeleteKey"} {
		assert.Contains(t, out, op)
	}
	assert.Contains(t, out, "fake: database unreachable")
	assert.Contains(t, out, "level=WARN")
}

func TestKeyCacheStoreBadEntry(t *testing.T) {
	t.Parallel()
	a, _, ra, _, store, clock := sharedCaches(t, nil)
	require.NoError(t, store.StoreKey(t.Context(), cacheAliceKeyID, KeyCacheEntry{
		Key:     &Key{ID: cacheAliceKeyID},
		Fetched: clock.Now(),
		Expires: clock.Now().Add(time.Hour),
	}))
	k, err := a.ResolveKey(t.Context(), cacheAliceKeyID)
	require.NoError(t, err)
	assert.NotNil(t, k.PublicKey)
	assert.Equal(t, 1, ra.count(cacheAliceKeyID), "a stored key without key material is refetched")
}

func TestKeyCacheStoreCoalesces(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int32
		store := newFakeKeyStore()
		c := NewKeyCache(KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
			calls.Add(1)
			<-release
			return cacheTestKey(keyID, 1), nil
		}), &KeyCacheOptions{Store: store})

		const n = 50
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { _, errs[i] = c.ResolveKey(t.Context(), cacheAliceKeyID) })
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		assert.Equal(t, int32(1), calls.Load())
		loads, stores, _ := store.counts()
		assert.Equal(t, 1, loads, "one store lookup for all the callers")
		assert.Equal(t, 1, stores)
		assert.Empty(t, c.fetches)
	})
}

func TestKeyCacheStoreForgetDuringLookup(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		store := newFakeKeyStore()
		c := NewKeyCache(KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
			<-release
			return cacheTestKey(keyID, 1), nil
		}), &KeyCacheOptions{Store: store})

		done := make(chan error)
		go func() {
			_, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
			done <- err
		}()
		synctest.Wait()
		c.Forget(cacheAliceKeyID)
		close(release)
		require.NoError(t, <-done)
		_, ok := store.entry(cacheAliceKeyID)
		assert.False(t, ok, "an answer fetched before Forget is not stored")
		assert.Empty(t, c.entries)
	})
}

// A RefreshKey that joins a lookup started by ResolveKey does not settle
// for a stored entry older than MinRefreshInterval.
func TestKeyCacheStoreRefreshJoinsLookup(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		loading := make(chan struct{})
		release := make(chan struct{})
		inner := newFakeKeyStore()
		store := &blockingLoadStore{fakeKeyStore: inner, loading: loading, release: release}
		var calls atomic.Int32
		c := NewKeyCache(KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
			calls.Add(1)
			return cacheTestKey(keyID, 2), nil
		}), &KeyCacheOptions{Store: store})
		now := time.Now()
		require.NoError(t, inner.StoreKey(t.Context(), cacheAliceKeyID, KeyCacheEntry{
			Key: cacheTestKey(cacheAliceKeyID, 1), Fetched: now.Add(-10 * time.Minute), Expires: now.Add(time.Hour),
		}))

		resolved := make(chan *Key, 1)
		go func() {
			k, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
			assert.NoError(t, err)
			resolved <- k
		}()
		<-loading
		refreshed := make(chan *Key, 1)
		go func() {
			k, err := c.RefreshKey(t.Context(), cacheAliceKeyID)
			assert.NoError(t, err)
			refreshed <- k
		}()
		synctest.Wait()
		close(release)
		assert.Equal(t, cacheTestPublicKey(2), (<-refreshed).PublicKey)
		assert.Equal(t, cacheTestPublicKey(2), (<-resolved).PublicKey)
		assert.Equal(t, int32(1), calls.Load())
	})
}

// blockingLoadStore holds its first LoadKey until release is closed.
type blockingLoadStore struct {
	*fakeKeyStore
	once    sync.Once
	loading chan struct{}
	release chan struct{}
}

func (s *blockingLoadStore) LoadKey(ctx context.Context, keyID string, now time.Time) (KeyCacheEntry, bool, error) {
	s.once.Do(func() {
		close(s.loading)
		<-s.release
	})
	return s.fakeKeyStore.LoadKey(ctx, keyID, now)
}

func TestKeyCacheStoreConcurrentUse(t *testing.T) {
	t.Parallel()
	store := newFakeKeyStore()
	r := newCacheStub()
	ids := make([]string, 8)
	for i := range ids {
		ids[i] = fmt.Sprintf("https://example.com/users/u%d#main-key", i)
		if i%3 != 0 {
			r.setKey(ids[i], cacheTestKey(ids[i], byte(i+1)))
		}
	}
	opts := &KeyCacheOptions{
		Store:              store,
		TTL:                2 * time.Millisecond,
		NegativeTTL:        time.Millisecond,
		LocalTTL:           time.Millisecond / 2,
		MinRefreshInterval: time.Microsecond,
		MaxEntries:         4,
	}
	caches := []*KeyCache{NewKeyCache(r, opts), NewKeyCache(r, opts), NewKeyCache(r, opts)}

	var wg sync.WaitGroup
	for g := range 12 {
		c := caches[g%len(caches)]
		wg.Go(func() {
			for i := range 150 {
				id := ids[(g+i)%len(ids)]
				var k *Key
				var err error
				switch i % 7 {
				case 0:
					k, err = c.RefreshKey(t.Context(), id)
				case 1:
					c.Forget(id)
					continue
				default:
					k, err = c.ResolveKey(t.Context(), id)
				}
				if err != nil {
					assert.ErrorIs(t, err, ErrKeyNotFound)
					continue
				}
				assert.Equal(t, id, k.ID)
				k.Owner = "changed" // must reach neither the cache nor the store
			}
		})
	}
	wg.Wait()

	for _, c := range caches {
		c.mu.Lock()
		assert.LessOrEqual(t, len(c.entries), 4)
		assert.Empty(t, c.fetches)
		c.mu.Unlock()
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	for _, e := range store.entries {
		if e.Key != nil {
			assert.Equal(t, cacheAliceID, e.Key.Owner)
		}
	}
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
