package httpsig

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	cacheAliceKeyID = "https://example.com/users/alice#main-key"
	cacheAliceID    = "https://example.com/users/alice"
)

// cacheClock is a clock for KeyCacheOptions.Now that moves only when told.
type cacheClock struct {
	mu sync.Mutex
	t  time.Time
}

func newCacheClock() *cacheClock {
	return &cacheClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *cacheClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *cacheClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// cacheTestPublicKey returns an Ed25519 public key made from a seed of n bytes.
func cacheTestPublicKey(n byte) ed25519.PublicKey {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize))
	return priv.Public().(ed25519.PublicKey)
}

func cacheTestKey(keyID string, n byte) *Key {
	return &Key{ID: keyID, Owner: cacheAliceID, PublicKey: cacheTestPublicKey(n), Algorithm: "ed25519"}
}

// cacheStub answers from its maps and counts calls per keyId. A keyId
// with neither a key nor an error is not found.
type cacheStub struct {
	mu    sync.Mutex
	keys  map[string]*Key
	errs  map[string]error
	calls map[string]int
}

func newCacheStub() *cacheStub {
	return &cacheStub{
		keys:  make(map[string]*Key),
		errs:  make(map[string]error),
		calls: make(map[string]int),
	}
}

func (r *cacheStub) ResolveKey(_ context.Context, keyID string) (*Key, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls[keyID]++
	if err := r.errs[keyID]; err != nil {
		return nil, err
	}
	if k := r.keys[keyID]; k != nil {
		return k, nil
	}
	return nil, fmt.Errorf("stub: no key %q: %w", keyID, ErrKeyNotFound)
}

func (r *cacheStub) setKey(keyID string, k *Key) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys[keyID] = k
	delete(r.errs, keyID)
}

func (r *cacheStub) setErr(keyID string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs[keyID] = err
}

func (r *cacheStub) remove(keyID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.keys, keyID)
	delete(r.errs, keyID)
}

func (r *cacheStub) count(keyID string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[keyID]
}

// newCacheUnderTest returns a cache over a stub resolver holding alice's key
// (seed 1), driven by a fake clock. opts may be nil; its Now is replaced.
func newCacheUnderTest(t *testing.T, opts *KeyCacheOptions) (*KeyCache, *cacheStub, *cacheClock) {
	t.Helper()
	r := newCacheStub()
	r.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 1))
	clock := newCacheClock()
	var o KeyCacheOptions
	if opts != nil {
		o = *opts
	}
	o.Now = clock.Now
	return NewKeyCache(r, &o), r, clock
}

func TestKeyCacheHitAndMiss(t *testing.T) {
	t.Parallel()
	c, r, _ := newCacheUnderTest(t, nil)
	ctx := t.Context()

	for range 3 {
		k, err := c.ResolveKey(ctx, cacheAliceKeyID)
		require.NoError(t, err)
		assert.Equal(t, cacheTestKey(cacheAliceKeyID, 1), k)
	}
	assert.Equal(t, 1, r.count(cacheAliceKeyID), "only the first lookup reaches the resolver")

	const bobKeyID = "https://example.com/users/bob#main-key"
	r.setKey(bobKeyID, cacheTestKey(bobKeyID, 2))
	k, err := c.ResolveKey(ctx, bobKeyID)
	require.NoError(t, err)
	assert.Equal(t, bobKeyID, k.ID)
	assert.Equal(t, 1, r.count(bobKeyID))
	assert.Equal(t, 1, r.count(cacheAliceKeyID))
}

func TestKeyCacheDefaults(t *testing.T) {
	t.Parallel()
	c := NewKeyCache(newCacheStub(), nil)
	assert.Equal(t, time.Hour, c.ttl)
	assert.Equal(t, 5*time.Minute, c.negTTL)
	assert.Equal(t, 10000, c.maxEntries)
	assert.Equal(t, time.Minute, c.minRefresh)
	assert.NotNil(t, c.now)

	c = NewKeyCache(newCacheStub(), &KeyCacheOptions{TTL: -1, MaxEntries: -1})
	assert.Equal(t, time.Hour, c.ttl)
	assert.Equal(t, 10000, c.maxEntries)
}

func TestNewKeyCacheNilResolver(t *testing.T) {
	t.Parallel()
	assert.PanicsWithValue(t, "httpsig: NewKeyCache called with a nil KeyResolver", func() {
		NewKeyCache(nil, nil)
	})
}

func TestKeyCacheTTL(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, &KeyCacheOptions{TTL: 10 * time.Minute})
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	clock.Advance(10*time.Minute - time.Second)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 1, r.count(cacheAliceKeyID), "still fresh just before the TTL")

	clock.Advance(time.Second)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, r.count(cacheAliceKeyID), "fetched again once the TTL has passed")

	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, r.count(cacheAliceKeyID), "the new answer is cached")
}

func TestKeyCacheDefaultTTL(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, nil)
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	clock.Advance(59 * time.Minute)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 1, r.count(cacheAliceKeyID))
	clock.Advance(time.Minute)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))
}

func TestKeyCacheNegative(t *testing.T) {
	t.Parallel()
	const unknown = "https://example.com/users/nobody#main-key"
	c, r, clock := newCacheUnderTest(t, &KeyCacheOptions{NegativeTTL: time.Minute})
	ctx := t.Context()

	for range 3 {
		k, err := c.ResolveKey(ctx, unknown)
		require.ErrorIs(t, err, ErrKeyNotFound)
		assert.Nil(t, k)
		assert.Contains(t, err.Error(), "stub: no key", "the resolver's error is returned")
	}
	assert.Equal(t, 1, r.count(unknown), "not-found answers are cached")

	clock.Advance(time.Minute)
	_, err := c.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 2, r.count(unknown), "the not-found answer expires after NegativeTTL")

	// The key appears; the cached answer hides it until it expires.
	r.setKey(unknown, cacheTestKey(unknown, 3))
	_, err = c.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	clock.Advance(time.Minute)
	k, err := c.ResolveKey(ctx, unknown)
	require.NoError(t, err)
	assert.Equal(t, unknown, k.ID)
	assert.Equal(t, 3, r.count(unknown))
}

func TestKeyCacheNegativeDefaultTTL(t *testing.T) {
	t.Parallel()
	const unknown = "https://example.com/users/nobody#main-key"
	c, r, clock := newCacheUnderTest(t, nil)
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	clock.Advance(5*time.Minute - time.Second)
	_, err = c.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 1, r.count(unknown))
	clock.Advance(time.Second)
	_, err = c.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 2, r.count(unknown))
}

func TestKeyCacheNegativeDisabled(t *testing.T) {
	t.Parallel()
	const unknown = "https://example.com/users/nobody#main-key"
	c, r, _ := newCacheUnderTest(t, &KeyCacheOptions{NegativeTTL: -1})

	for range 3 {
		_, err := c.ResolveKey(t.Context(), unknown)
		require.ErrorIs(t, err, ErrKeyNotFound)
	}
	assert.Equal(t, 3, r.count(unknown))
	assert.Empty(t, c.entries)
}

func TestKeyCacheOtherErrorsNotCached(t *testing.T) {
	t.Parallel()
	errDown := errors.New("stub: network down")
	for name, resolverErr := range map[string]error{
		"network":  errDown,
		"timeout":  fmt.Errorf("stub: fetching actor: %w", context.DeadlineExceeded),
		"canceled": context.Canceled,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, r, _ := newCacheUnderTest(t, nil)
			r.setErr(cacheAliceKeyID, resolverErr)
			for range 3 {
				k, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
				require.ErrorIs(t, err, resolverErr)
				assert.NotErrorIs(t, err, ErrKeyNotFound)
				assert.Nil(t, k)
			}
			assert.Equal(t, 3, r.count(cacheAliceKeyID))
			assert.Empty(t, c.entries)

			// Once the source recovers, the key is served and cached.
			r.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 1))
			_, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
			require.NoError(t, err)
			_, err = c.ResolveKey(t.Context(), cacheAliceKeyID)
			require.NoError(t, err)
			assert.Equal(t, 4, r.count(cacheAliceKeyID))
		})
	}
}

func TestKeyCacheNilKeyNilError(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	r := KeyResolverFunc(func(context.Context, string) (*Key, error) {
		calls.Add(1)
		return nil, nil
	})
	c := NewKeyCache(r, nil)

	k, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
	assert.Nil(t, k)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Contains(t, err.Error(), "httpsig: ")
	assert.Contains(t, err.Error(), "neither a key nor an error")
	assert.Contains(t, err.Error(), cacheAliceKeyID)

	_, err = c.ResolveKey(t.Context(), cacheAliceKeyID)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, int32(1), calls.Load(), "treated as not found, so cached")
}

func TestKeyCacheMaxEntries(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, &KeyCacheOptions{MaxEntries: 3})
	ctx := t.Context()

	ids := []string{"a", "b", "c", "d", "e"}
	for i, id := range ids {
		r.setKey(id, cacheTestKey(id, byte(i+1)))
	}
	for _, id := range ids {
		_, err := c.ResolveKey(ctx, id)
		require.NoError(t, err)
		clock.Advance(time.Second) // a, b, c, ... expire in that order
		assert.LessOrEqual(t, len(c.entries), 3)
		assert.Len(t, c.expiry, len(c.entries))
	}

	// The entries that expire soonest, a and b, made room for d and e.
	for _, id := range []string{"c", "d", "e"} {
		_, err := c.ResolveKey(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, 1, r.count(id), "%s is still cached", id)
	}
	for _, id := range []string{"a", "b"} {
		_, err := c.ResolveKey(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, 2, r.count(id), "%s was evicted", id)
	}
	assert.Len(t, c.entries, 3)
	assert.Len(t, c.expiry, 3)
}

func TestKeyCacheMaxEntriesEvictsNegativeFirst(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, &KeyCacheOptions{MaxEntries: 2})
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	// A stream of unknown keyIds, later than alice's key, does not push it
	// out: their answers expire sooner.
	for i := range 100 {
		clock.Advance(time.Second)
		_, err := c.ResolveKey(ctx, fmt.Sprintf("https://example.com/bogus/%d", i))
		require.ErrorIs(t, err, ErrKeyNotFound)
		require.Len(t, c.entries, 2)
	}
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 1, r.count(cacheAliceKeyID))
}

func TestKeyCacheCoalescesConcurrentMisses(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int32
		r := KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
			calls.Add(1)
			<-release
			return cacheTestKey(keyID, 1), nil
		})
		c := NewKeyCache(r, nil)

		const n = 50
		keys := make([]*Key, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { keys[i], errs[i] = c.ResolveKey(t.Context(), cacheAliceKeyID) })
		}
		synctest.Wait() // every caller is waiting for the lookup
		assert.Equal(t, int32(1), calls.Load())
		close(release)
		wg.Wait()

		for i := range n {
			require.NoError(t, errs[i])
			assert.Equal(t, cacheTestKey(cacheAliceKeyID, 1), keys[i])
		}
		assert.NotSame(t, keys[0], keys[1], "each caller gets its own copy")
		assert.Equal(t, int32(1), calls.Load())
		assert.Empty(t, c.fetches)

		_, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
		require.NoError(t, err)
		assert.Equal(t, int32(1), calls.Load(), "the shared answer was cached")
	})
}

func TestKeyCacheWaiterCancellation(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int32
		var fetchErr error
		r := KeyResolverFunc(func(ctx context.Context, keyID string) (*Key, error) {
			calls.Add(1)
			<-release
			fetchErr = ctx.Err()
			return cacheTestKey(keyID, 1), nil
		})
		c := NewKeyCache(r, nil)

		// The first caller starts the lookup, then gives up.
		ctx1, cancel1 := context.WithCancel(t.Context())
		var err1 error
		done1 := make(chan struct{})
		go func() {
			defer close(done1)
			_, err1 = c.ResolveKey(ctx1, cacheAliceKeyID)
		}()
		synctest.Wait()

		var key2 *Key
		var err2 error
		done2 := make(chan struct{})
		go func() {
			defer close(done2)
			key2, err2 = c.ResolveKey(t.Context(), cacheAliceKeyID)
		}()
		synctest.Wait()

		cancel1()
		<-done1
		require.ErrorIs(t, err1, context.Canceled)
		select {
		case <-done2:
			t.Fatal("the second caller returned before the lookup finished")
		default:
		}

		close(release)
		<-done2
		require.NoError(t, err2)
		assert.Equal(t, cacheAliceKeyID, key2.ID)
		assert.NoError(t, fetchErr, "the lookup outlived the first caller's context")
		assert.Equal(t, int32(1), calls.Load())
	})
}

func TestKeyCacheAllWaitersGone(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		fetchErrs := make(chan error, 1)
		var block atomic.Bool
		block.Store(true)
		r := KeyResolverFunc(func(ctx context.Context, keyID string) (*Key, error) {
			calls.Add(1)
			if block.Load() {
				<-ctx.Done()
				fetchErrs <- ctx.Err()
				return nil, ctx.Err()
			}
			return cacheTestKey(keyID, 1), nil
		})
		c := NewKeyCache(r, nil)

		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		_, err := c.ResolveKey(ctx, cacheAliceKeyID)
		require.ErrorIs(t, err, context.DeadlineExceeded)

		// With nobody left waiting, the lookup is cancelled.
		require.ErrorIs(t, <-fetchErrs, context.Canceled)
		synctest.Wait()
		assert.Empty(t, c.fetches)
		assert.Empty(t, c.entries, "a cancelled lookup is not cached")

		block.Store(false)
		k, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
		require.NoError(t, err)
		assert.Equal(t, cacheAliceKeyID, k.ID)
		assert.Equal(t, int32(2), calls.Load())
	})
}

func TestKeyCacheCancelledBeforeLookup(t *testing.T) {
	t.Parallel()
	c, r, _ := newCacheUnderTest(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, context.Canceled)
	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, r.count(cacheAliceKeyID), "no lookup is started for a done context")

	_, err = c.ResolveKey(t.Context(), cacheAliceKeyID)
	require.NoError(t, err)
	k, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err, "a cached key is served whatever the context")
	assert.Equal(t, cacheAliceKeyID, k.ID)
}

type cacheCtxKey struct{}

func TestKeyCacheContextValues(t *testing.T) {
	t.Parallel()
	var got any
	r := KeyResolverFunc(func(ctx context.Context, keyID string) (*Key, error) {
		got = ctx.Value(cacheCtxKey{})
		return cacheTestKey(keyID, 1), nil
	})
	c := NewKeyCache(r, nil)
	ctx := context.WithValue(t.Context(), cacheCtxKey{}, "logger")
	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, "logger", got)
}

func TestKeyCacheResolverPanics(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	r := KeyResolverFunc(func(context.Context, string) (*Key, error) {
		calls.Add(1)
		panic("boom")
	})
	c := NewKeyCache(r, nil)

	for range 2 {
		func() {
			defer func() {
				v := recover()
				require.NotNil(t, v, "the resolver's panic reaches the caller")
				err, ok := v.(error)
				require.True(t, ok)
				assert.Contains(t, err.Error(), "httpsig: key resolver panicked: boom")
			}()
			_, _ = c.ResolveKey(t.Context(), cacheAliceKeyID)
		}()
	}
	assert.Equal(t, int32(2), calls.Load(), "a panic is not cached")
	assert.Empty(t, c.fetches)
}

func TestKeyCacheResolverPanicsWithError(t *testing.T) {
	t.Parallel()
	errBug := errors.New("stub: bug")
	c := NewKeyCache(KeyResolverFunc(func(context.Context, string) (*Key, error) {
		panic(errBug)
	}), nil)
	defer func() {
		err, ok := recover().(error)
		require.True(t, ok)
		assert.ErrorIs(t, err, errBug)
	}()
	_, _ = c.ResolveKey(t.Context(), cacheAliceKeyID)
	t.Fatal("ResolveKey did not panic")
}

func TestKeyCacheResolverGoexit(t *testing.T) {
	t.Parallel()
	r := KeyResolverFunc(func(context.Context, string) (*Key, error) {
		runtime.Goexit()
		return nil, nil
	})
	c := NewKeyCache(r, nil)
	_, err := c.ResolveKey(t.Context(), cacheAliceKeyID)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "httpsig: key resolver exited without answering")
	assert.NotErrorIs(t, err, ErrKeyNotFound)
	assert.Empty(t, c.entries)
}

func TestKeyCacheRefreshRateLimit(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, &KeyCacheOptions{MinRefreshInterval: time.Minute})
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)

	for range 10 {
		clock.Advance(5 * time.Second)
		k, err := c.RefreshKey(ctx, cacheAliceKeyID)
		require.NoError(t, err)
		assert.Equal(t, cacheAliceKeyID, k.ID)
	}
	assert.Equal(t, 1, r.count(cacheAliceKeyID), "refreshes within a minute of the fetch are served from the cache")

	clock.Advance(10 * time.Second) // a minute after the fetch
	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))

	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, r.count(cacheAliceKeyID), "the refresh restarts the interval")
}

func TestKeyCacheRefreshDefaultInterval(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, nil)
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	clock.Advance(time.Minute - time.Second)
	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 1, r.count(cacheAliceKeyID))
	clock.Advance(time.Second)
	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))
}

func TestKeyCacheRefreshUnlimited(t *testing.T) {
	t.Parallel()
	c, r, _ := newCacheUnderTest(t, &KeyCacheOptions{MinRefreshInterval: -1})
	for range 3 {
		_, err := c.RefreshKey(t.Context(), cacheAliceKeyID)
		require.NoError(t, err)
	}
	assert.Equal(t, 3, r.count(cacheAliceKeyID))
}

func TestKeyCacheRefreshRotatedKey(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, nil)
	ctx := t.Context()

	k, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(1), k.PublicKey)

	r.setKey(cacheAliceKeyID, cacheTestKey(cacheAliceKeyID, 2)) // alice rotates her key
	clock.Advance(10 * time.Minute)
	k, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(1), k.PublicKey, "the old key is still cached")

	k, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(2), k.PublicKey)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))

	// The new key is cached for a full TTL from the refresh.
	clock.Advance(59 * time.Minute)
	k, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(2), k.PublicKey)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))
}

func TestKeyCacheRefreshKeyDeleted(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, nil)
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	r.remove(cacheAliceKeyID)
	clock.Advance(time.Minute)

	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, ErrKeyNotFound)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, ErrKeyNotFound, "the deleted key is no longer served")
	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 2, r.count(cacheAliceKeyID), "the not-found answer is cached and rate limited")
}

func TestKeyCacheRefreshKeyDeletedNoNegativeCache(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, &KeyCacheOptions{NegativeTTL: -1})
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	r.remove(cacheAliceKeyID)
	clock.Advance(time.Minute)

	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Empty(t, c.entries)
	assert.Empty(t, c.expiry)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 3, r.count(cacheAliceKeyID))
}

func TestKeyCacheRefreshFailureKeepsKey(t *testing.T) {
	t.Parallel()
	c, r, clock := newCacheUnderTest(t, nil)
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	errDown := errors.New("stub: network down")
	r.setErr(cacheAliceKeyID, errDown)
	clock.Advance(time.Minute)

	_, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, errDown)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))

	k, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err, "the cached key survives a failed refresh")
	assert.Equal(t, cacheTestPublicKey(1), k.PublicKey)

	// The failed attempt counts for the rate limit.
	k, err = c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheTestPublicKey(1), k.PublicKey)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))

	// The entry still expires a TTL after the successful fetch.
	clock.Advance(59 * time.Minute)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.ErrorIs(t, err, errDown)
	assert.Equal(t, 3, r.count(cacheAliceKeyID))
}

func TestKeyCacheRefreshWithoutEntry(t *testing.T) {
	t.Parallel()
	c, r, _ := newCacheUnderTest(t, nil)
	ctx := t.Context()

	k, err := c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheAliceKeyID, k.ID)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 1, r.count(cacheAliceKeyID))
}

func TestKeyCacheRefreshCachedNotFound(t *testing.T) {
	t.Parallel()
	const unknown = "https://example.com/users/nobody#main-key"
	c, r, clock := newCacheUnderTest(t, nil)
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	_, err = c.RefreshKey(ctx, unknown)
	require.ErrorIs(t, err, ErrKeyNotFound)
	assert.Equal(t, 1, r.count(unknown))

	r.setKey(unknown, cacheTestKey(unknown, 4))
	clock.Advance(time.Minute)
	k, err := c.RefreshKey(ctx, unknown)
	require.NoError(t, err)
	assert.Equal(t, unknown, k.ID)
	assert.Equal(t, 2, r.count(unknown))
}

func TestKeyCacheForget(t *testing.T) {
	t.Parallel()
	c, r, _ := newCacheUnderTest(t, nil)
	ctx := t.Context()

	_, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	c.Forget(cacheAliceKeyID)
	assert.Empty(t, c.entries)
	assert.Empty(t, c.expiry)
	_, err = c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, 2, r.count(cacheAliceKeyID))

	c.Forget("https://example.com/users/nobody#main-key") // no entry: no effect
	assert.Len(t, c.entries, 1)
}

func TestKeyCacheForgetDuringLookup(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{}, 1)
		var calls atomic.Int32
		r := KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
			calls.Add(1)
			<-release
			return cacheTestKey(keyID, 1), nil
		})
		c := NewKeyCache(r, nil)

		var k *Key
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			k, err = c.ResolveKey(t.Context(), cacheAliceKeyID)
		}()
		synctest.Wait()
		c.Forget(cacheAliceKeyID)
		release <- struct{}{}
		<-done
		require.NoError(t, err, "the waiting caller still gets its answer")
		assert.Equal(t, cacheAliceKeyID, k.ID)
		assert.Empty(t, c.entries, "but the answer is not cached")

		release <- struct{}{}
		_, err = c.ResolveKey(t.Context(), cacheAliceKeyID)
		require.NoError(t, err)
		assert.Equal(t, int32(2), calls.Load())
	})
}

func TestKeyCacheCopies(t *testing.T) {
	t.Parallel()
	c, r, _ := newCacheUnderTest(t, nil)
	ctx := t.Context()

	k1, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	k1.Owner = "https://evil.example/users/mallory"
	k1.Algorithm = "hmac-sha256"

	k2, err := c.ResolveKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.NotSame(t, k1, k2)
	assert.Equal(t, cacheTestKey(cacheAliceKeyID, 1), k2)

	// Changing the key the resolver returned does not reach the cache.
	r.mu.Lock()
	r.keys[cacheAliceKeyID].Owner = "https://evil.example/users/mallory"
	r.mu.Unlock()
	k3, err := c.RefreshKey(ctx, cacheAliceKeyID)
	require.NoError(t, err)
	assert.Equal(t, cacheAliceID, k3.Owner)
}

func TestKeyCacheConcurrentUse(t *testing.T) {
	t.Parallel()
	r := newCacheStub()
	ids := make([]string, 10)
	for i := range ids {
		ids[i] = fmt.Sprintf("https://example.com/users/u%d#main-key", i)
		if i%3 != 0 {
			r.setKey(ids[i], cacheTestKey(ids[i], byte(i+1)))
		}
	}
	c := NewKeyCache(r, &KeyCacheOptions{
		TTL:                time.Millisecond,
		NegativeTTL:        time.Millisecond / 2,
		MinRefreshInterval: time.Microsecond,
		MaxEntries:         5,
	})

	var wg sync.WaitGroup
	for g := range 20 {
		wg.Go(func() {
			for i := range 200 {
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
				k.Owner = "changed" // must not reach the cache
			}
		})
	}
	wg.Wait()

	c.mu.Lock()
	defer c.mu.Unlock()
	assert.LessOrEqual(t, len(c.entries), 5)
	require.Len(t, c.expiry, len(c.entries))
	for i, e := range c.expiry {
		assert.Equal(t, i, e.index)
		assert.Same(t, e, c.entries[e.keyID])
		if e.key != nil {
			assert.Equal(t, cacheAliceID, e.key.Owner)
		}
	}
	assert.Empty(t, c.fetches)
}
