package httpsig

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// Defaults for [KeyCacheOptions].
const (
	defaultKeyCacheTTL         = time.Hour
	defaultKeyCacheNegativeTTL = 5 * time.Minute
	defaultKeyCacheMaxEntries  = 10000
	defaultKeyCacheMinRefresh  = time.Minute
)

// Compile-time checks that KeyCache fills both roles.
var (
	_ KeyResolver  = (*KeyCache)(nil)
	_ KeyRefresher = (*KeyCache)(nil)
)

// KeyCache wraps a [KeyResolver] with an in-memory cache. A found key is kept
// for [KeyCacheOptions].TTL; an answer that matches [ErrKeyNotFound] is kept
// for the shorter NegativeTTL. Other errors (network failures, timeouts,
// cancelled contexts) are returned to the caller and never cached.
//
// Concurrent lookups of one keyId that miss the cache share a single call to
// the wrapped resolver. That call runs in its own goroutine with a context
// made by [context.WithoutCancel] from the context of the caller that started
// it, so values such as loggers and trace spans reach the resolver but that
// caller's cancellation does not end the lookup for the others. Each caller
// waits on its own context and returns its ctx.Err() when that is done first.
// When every caller waiting for a lookup has given up, the lookup's context is
// cancelled and its result is not cached. The resolver should bound its own
// work (an HTTP client with timeouts, for example): the cache adds no
// deadline of its own.
//
// [KeyCache.RefreshKey] fetches a key again so that the verifier can pick up
// a rotated key, but at most once per MinRefreshInterval for each keyId, so a
// flood of bad signatures cannot make the cache hammer a remote server.
//
// The cache holds at most MaxEntries keyIds. When it is full, the entry that
// expires soonest is dropped to make room. Since not-found answers live
// shorter than keys, a stream of lookups for unknown keyIds pushes out other
// not-found answers before it pushes out keys.
//
// Every *Key returned is a new copy of the cached value, so a caller may
// change its fields; the PublicKey it holds is shared and must not be
// modified.
//
// A KeyCache is safe for concurrent use. Its zero value is not usable; call
// [NewKeyCache].
type KeyCache struct {
	resolver   KeyResolver
	ttl        time.Duration
	negTTL     time.Duration // <= 0: not-found answers are not cached
	minRefresh time.Duration // <= 0: RefreshKey always fetches
	maxEntries int
	now        func() time.Time

	mu      sync.Mutex
	entries map[string]*cacheEntry // by keyId
	expiry  expiryHeap             // the same entries, soonest expiry first
	fetches map[string]*keyFetch   // lookups in flight, by keyId
}

// KeyCacheOptions configures a [KeyCache]. A nil *KeyCacheOptions, and the
// zero value of each field, mean the defaults.
type KeyCacheOptions struct {
	// TTL is how long a found key is kept. Zero or negative means one hour.
	TTL time.Duration

	// NegativeTTL is how long an answer matching [ErrKeyNotFound] is kept.
	// Zero means five minutes; a negative value disables caching of
	// not-found answers.
	NegativeTTL time.Duration

	// MaxEntries is the largest number of keyIds the cache holds, counting
	// not-found answers. Zero or negative means 10000. When the cache is
	// full, the entry that expires soonest is evicted.
	MaxEntries int

	// MinRefreshInterval is the shortest time between two fetches of one
	// keyId by [KeyCache.RefreshKey]: a RefreshKey call within this interval
	// of the previous fetch attempt (whether made by ResolveKey or
	// RefreshKey, and whether it succeeded or not) returns the cached entry
	// without fetching. Zero means one minute; a negative value disables the
	// limit.
	MinRefreshInterval time.Duration

	// Now returns the current time. Nil means [time.Now]. Tests set it to
	// control expiry.
	Now func() time.Time
}

// NewKeyCache returns a [KeyCache] in front of r. opts may be nil. It panics
// if r is nil.
func NewKeyCache(r KeyResolver, opts *KeyCacheOptions) *KeyCache {
	if r == nil {
		panic("httpsig: NewKeyCache called with a nil KeyResolver")
	}
	var o KeyCacheOptions
	if opts != nil {
		o = *opts
	}
	c := &KeyCache{
		resolver:   r,
		ttl:        o.TTL,
		negTTL:     o.NegativeTTL,
		minRefresh: o.MinRefreshInterval,
		maxEntries: o.MaxEntries,
		now:        o.Now,
		entries:    make(map[string]*cacheEntry),
		fetches:    make(map[string]*keyFetch),
	}
	if c.ttl <= 0 {
		c.ttl = defaultKeyCacheTTL
	}
	if c.negTTL == 0 {
		c.negTTL = defaultKeyCacheNegativeTTL
	}
	if c.minRefresh == 0 {
		c.minRefresh = defaultKeyCacheMinRefresh
	}
	if c.maxEntries <= 0 {
		c.maxEntries = defaultKeyCacheMaxEntries
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// ResolveKey returns the key for keyID from the cache, or from the wrapped
// resolver when the cache has no live entry for it. A cached not-found answer
// is returned as the error the resolver gave. A resolver that returns neither
// a key nor an error is treated as having answered not found.
//
// ResolveKey implements [KeyResolver].
func (c *KeyCache) ResolveKey(ctx context.Context, keyID string) (*Key, error) {
	c.mu.Lock()
	if e := c.entries[keyID]; e != nil && c.now().Before(e.expires) {
		k, err := e.answer()
		c.mu.Unlock()
		return k, err
	}
	f, err := c.joinLocked(ctx, keyID)
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return c.wait(ctx, keyID, f)
}

// RefreshKey fetches the key for keyID again from the wrapped resolver and
// caches the answer, so that a key the owner has rotated is picked up. If
// the previous fetch attempt for keyID was less than MinRefreshInterval ago
// and its entry has not expired, RefreshKey returns the cached entry instead.
//
// When the fetch answers not found, the cached key is dropped and the
// not-found answer is cached (if negative caching is on). When it fails in
// any other way, the cached entry is kept and the error is returned.
//
// RefreshKey implements [KeyRefresher].
func (c *KeyCache) RefreshKey(ctx context.Context, keyID string) (*Key, error) {
	c.mu.Lock()
	now := c.now()
	if e := c.entries[keyID]; e != nil && now.Before(e.expires) && now.Sub(e.fetched) < c.minRefresh {
		k, err := e.answer()
		c.mu.Unlock()
		return k, err
	}
	f, err := c.joinLocked(ctx, keyID)
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return c.wait(ctx, keyID, f)
}

// Forget drops the cached entry for keyID, if any. A lookup of keyID already
// in flight still answers the callers waiting for it, but its answer is not
// cached; the next lookup fetches again.
func (c *KeyCache) Forget(keyID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[keyID]; e != nil {
		heap.Remove(&c.expiry, e.index)
		delete(c.entries, keyID)
	}
	delete(c.fetches, keyID)
}

// cacheEntry is one cached answer for a keyId: a key, or a not-found error.
type cacheEntry struct {
	keyID   string
	key     *Key  // nil when the answer is not found
	err     error // the not-found error when key is nil
	expires time.Time
	fetched time.Time // when the resolver was last asked about keyID
	index   int       // position in KeyCache.expiry
}

// answer returns the entry's key, as a copy, or its error.
func (e *cacheEntry) answer() (*Key, error) {
	if e.key == nil {
		return nil, e.err
	}
	return copyKey(e.key), nil
}

// copyKey returns a shallow copy of k.
func copyKey(k *Key) *Key {
	if k == nil {
		return nil
	}
	k2 := *k
	return &k2
}

// keyFetch is one call to the wrapped resolver and the callers waiting for
// it. key, err and panicked are written before done is closed and only read
// after.
type keyFetch struct {
	done     chan struct{}
	cancel   context.CancelFunc
	waiters  int // guarded by KeyCache.mu
	key      *Key
	err      error
	panicked *resolverPanic
}

// joinLocked returns the lookup in flight for keyID, starting one if there is
// none, and counts the caller as one of its waiters. It does not start a
// lookup for a caller whose ctx is already done. c.mu must be held.
func (c *KeyCache) joinLocked(ctx context.Context, keyID string) (*keyFetch, error) {
	if f := c.fetches[keyID]; f != nil {
		f.waiters++
		return f, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f := &keyFetch{done: make(chan struct{}), cancel: cancel, waiters: 1}
	c.fetches[keyID] = f
	go c.run(fctx, keyID, f)
	return f, nil
}

// wait waits for f to finish or ctx to be done, whichever comes first.
func (c *KeyCache) wait(ctx context.Context, keyID string, f *keyFetch) (*Key, error) {
	select {
	case <-f.done:
		if f.panicked != nil {
			panic(f.panicked)
		}
		return copyKey(f.key), f.err
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			// Nobody wants the answer any more: stop the lookup and let
			// the next caller start a fresh one.
			f.cancel()
			if c.fetches[keyID] == f {
				delete(c.fetches, keyID)
			}
		}
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

// run calls the wrapped resolver for f, caches the answer and wakes f's
// waiters. A panic in the resolver is caught here and raised again in each
// waiter, as if the waiter had called the resolver itself.
func (c *KeyCache) run(ctx context.Context, keyID string, f *keyFetch) {
	returned := false
	defer func() {
		if !returned {
			if r := recover(); r != nil {
				f.panicked = &resolverPanic{value: r, stack: debug.Stack()}
			} else {
				// runtime.Goexit: recover reports nothing.
				f.err = fmt.Errorf("httpsig: key resolver exited without answering for keyId %q", keyID)
			}
		}
		f.cancel()
		c.finish(keyID, f)
		close(f.done)
	}()
	key, err := c.resolver.ResolveKey(ctx, keyID)
	returned = true
	switch {
	case err != nil:
		f.err = err
	case key == nil:
		f.err = fmt.Errorf("%w: key resolver returned neither a key nor an error for keyId %q", ErrKeyNotFound, keyID)
	default:
		f.key = copyKey(key)
	}
}

// finish caches the answer of f, unless Forget or the departure of all its
// waiters has detached f from keyID since it started.
func (c *KeyCache) finish(keyID string, f *keyFetch) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fetches[keyID] != f {
		return
	}
	delete(c.fetches, keyID)
	if f.panicked != nil {
		return
	}
	now := c.now()
	switch {
	case f.err == nil:
		c.storeLocked(keyID, f.key, nil, now, now.Add(c.ttl))
	case errors.Is(f.err, ErrKeyNotFound):
		if c.negTTL > 0 {
			c.storeLocked(keyID, nil, f.err, now, now.Add(c.negTTL))
		} else if e := c.entries[keyID]; e != nil {
			// The key is gone at its source: do not keep serving it.
			heap.Remove(&c.expiry, e.index)
			delete(c.entries, keyID)
		}
	default:
		// A failure that says nothing about the key: keep what is cached,
		// but count the attempt so RefreshKey stays rate limited.
		if e := c.entries[keyID]; e != nil {
			e.fetched = now
		}
	}
}

// storeLocked caches an answer for keyID, evicting the entries that expire
// soonest if the cache is full. c.mu must be held.
func (c *KeyCache) storeLocked(keyID string, key *Key, err error, now, expires time.Time) {
	if e := c.entries[keyID]; e != nil {
		e.key, e.err, e.fetched, e.expires = key, err, now, expires
		heap.Fix(&c.expiry, e.index)
		return
	}
	for len(c.entries) >= c.maxEntries {
		old := heap.Pop(&c.expiry).(*cacheEntry)
		delete(c.entries, old.keyID)
	}
	e := &cacheEntry{keyID: keyID, key: key, err: err, fetched: now, expires: expires}
	heap.Push(&c.expiry, e)
	c.entries[keyID] = e
}

// resolverPanic carries a panic from the wrapped resolver to the callers
// waiting for its answer.
type resolverPanic struct {
	value any
	stack []byte
}

func (p *resolverPanic) Error() string {
	return fmt.Sprintf("httpsig: key resolver panicked: %v\n\n%s", p.value, p.stack)
}

// Unwrap returns the panic value when it is an error.
func (p *resolverPanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// expiryHeap orders cache entries by expiry time, soonest first. It
// implements [heap.Interface].
type expiryHeap []*cacheEntry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }

func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *expiryHeap) Push(x any) {
	e := x.(*cacheEntry)
	e.index = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap) Pop() any {
	old := *h
	n := len(old)
	e := old[n-1]
	old[n-1] = nil
	e.index = -1
	*h = old[:n-1]
	return e
}
