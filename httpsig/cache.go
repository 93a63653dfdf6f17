package httpsig

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	defaultKeyCacheLocalTTL    = time.Minute
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
// # Sharing the cache between processes
//
// With a [KeyCacheStore] in [KeyCacheOptions].Store, several processes (the
// workers of one server, say) share their answers. Memory stays the first
// level. A lookup that misses memory asks the store, and a live entry there
// is kept in memory for at most LocalTTL (and never past the entry's own
// expiry); only when the store has no live entry is the wrapped resolver
// asked. Its answer goes into the store as into memory: a key for TTL, a
// not-found answer for NegativeTTL, and other errors not at all. Concurrent
// misses of one keyId share one store lookup and, when needed, one fetch.
// [KeyCache.Forget] drops the entry from memory and from the store, so the
// other processes stop serving it within LocalTTL. RefreshKey measures
// MinRefreshInterval from the time the entry was fetched by whichever
// process fetched it, so that one rotated key does not make every process
// fetch it again.
//
// The store is a cache too, never a requirement: when it fails, the
// KeyCache behaves as if it had no entry. A failed LoadKey is followed by a
// fetch; a failed StoreKey or DeleteKey leaves the answer in this process's
// memory and is only logged. A verification that a fetch can serve never
// fails because of the store.
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
	store      KeyCacheStore // nil: memory only
	localTTL   time.Duration // with a store: the longest an entry stays in memory
	log        *slog.Logger

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

	// Store, when not nil, keeps the answers where other processes find
	// them: see "Sharing the cache between processes" at [KeyCache]. Nil
	// means every process keeps its own cache in memory.
	Store KeyCacheStore

	// LocalTTL applies only with a Store: it is the longest time an entry
	// stays in memory before the store is asked again, and so bounds how
	// long a [KeyCache.Forget] in another process takes to reach this one.
	// Zero or negative means one minute.
	LocalTTL time.Duration

	// Logger receives a warning for each failed Store operation. Nil
	// discards them.
	Logger *slog.Logger
}

// KeyCacheStore keeps key cache entries where several [KeyCache]s, in one
// process or many, can share them (see [KeyCacheOptions].Store). The
// nested module github.com/fedikit/fedikit/activitypub/pgstore provides one
// on PostgreSQL. Implementations must be safe for concurrent use.
type KeyCacheStore interface {
	// LoadKey returns the entry stored for keyID; ok is false when there
	// is none or it expired by now.
	LoadKey(ctx context.Context, keyID string, now time.Time) (e KeyCacheEntry, ok bool, err error)
	// StoreKey stores e for keyID, replacing any entry stored for it.
	StoreKey(ctx context.Context, keyID string, e KeyCacheEntry) error
	// DeleteKey removes the entry for keyID. Deleting a keyID that has no
	// entry is not an error.
	DeleteKey(ctx context.Context, keyID string) error
}

// KeyCacheEntry is one answer kept in a [KeyCacheStore].
type KeyCacheEntry struct {
	// Key is the key found for the keyId, or nil for a not-found answer.
	// A stored key must have its PublicKey set; the store keeps the Key's
	// ID, Owner, PublicKey and Algorithm.
	Key *Key
	// Fetched is when the answer was fetched from the key's origin.
	Fetched time.Time
	// Expires is when the answer stops being valid.
	Expires time.Time
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
		store:      o.Store,
		localTTL:   o.LocalTTL,
		log:        o.Logger,
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
	if c.localTTL <= 0 {
		c.localTTL = defaultKeyCacheLocalTTL
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// ResolveKey returns the key for keyID from the cache, or from the wrapped
// resolver when the cache has no live entry for it. A cached not-found answer
// is returned as the error the resolver gave (when it comes from the
// [KeyCacheStore], as an error matching [ErrKeyNotFound] that says so). A
// resolver that returns neither a key nor an error is treated as having
// answered not found.
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
// With a [KeyCacheStore], an entry that another process fetched less than
// MinRefreshInterval ago is returned in the same way.
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
	if f != nil {
		// A store entry older than MinRefreshInterval will not do for
		// this caller, even if the lookup was started by ResolveKey.
		f.refresh = true
	}
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return c.wait(ctx, keyID, f)
}

// Forget drops the cached entry for keyID, if any. A lookup of keyID already
// in flight still answers the callers waiting for it, but its answer is not
// cached; the next lookup fetches again.
//
// With a [KeyCacheStore], Forget also deletes the entry from the store, and
// waits for that; a failure is logged. Other processes sharing the store
// drop their copy within their LocalTTL. A fetch in flight in another
// process when Forget is called may still store its answer afterwards.
func (c *KeyCache) Forget(keyID string) {
	c.mu.Lock()
	if e := c.entries[keyID]; e != nil {
		heap.Remove(&c.expiry, e.index)
		delete(c.entries, keyID)
	}
	if f := c.fetches[keyID]; f != nil {
		f.forgotten = true
		delete(c.fetches, keyID)
	}
	c.mu.Unlock()
	if c.store != nil {
		ctx := context.Background()
		if err := c.store.DeleteKey(ctx, keyID); err != nil {
			c.storeFailed(ctx, "DeleteKey", keyID, err)
		}
	}
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
	done      chan struct{}
	cancel    context.CancelFunc
	waiters   int  // guarded by KeyCache.mu
	refresh   bool // a RefreshKey caller waits; guarded by KeyCache.mu
	forgotten bool // Forget detached this lookup; guarded by KeyCache.mu
	key       *Key
	err       error
	panicked  *resolverPanic
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

// run answers f, from the store or by calling the wrapped resolver, caches
// the answer and wakes f's waiters. A panic in the resolver (or the store)
// is caught here and raised again in each waiter, as if the waiter had
// called the resolver itself.
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
	if c.store != nil && c.loadShared(ctx, keyID, f) {
		returned = true
		return
	}
	key, err := c.resolver.ResolveKey(ctx, keyID)
	switch {
	case err != nil:
		f.err = err
	case key == nil:
		f.err = fmt.Errorf("%w: key resolver returned neither a key nor an error for keyId %q", ErrKeyNotFound, keyID)
	default:
		f.key = copyKey(key)
	}
	if c.store != nil {
		c.share(ctx, keyID, f)
	}
	returned = true
}

// loadShared answers f from the store when it holds a live entry that
// suits f's callers, and caches that entry in memory. It reports whether it
// answered f. A store that fails, or holds nothing usable, leaves f to the
// resolver.
func (c *KeyCache) loadShared(ctx context.Context, keyID string, f *keyFetch) bool {
	now := c.now()
	e, ok, err := c.store.LoadKey(ctx, keyID, now)
	switch {
	case err != nil:
		c.storeFailed(ctx, "LoadKey", keyID, err)
		return false
	case !ok || !now.Before(e.Expires):
		return false
	case e.Key == nil && c.negTTL <= 0:
		// This cache does not keep not-found answers; ask the origin.
		return false
	case e.Key != nil && e.Key.PublicKey == nil:
		c.storeFailed(ctx, "LoadKey", keyID, errors.New("httpsig: the stored key has no public key"))
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f.refresh && (c.minRefresh <= 0 || now.Sub(e.Fetched) >= c.minRefresh) {
		return false
	}
	if e.Key != nil {
		f.key = copyKey(e.Key)
	} else {
		f.err = fmt.Errorf("%w: keyId %q was not found when it was fetched at %s (answer from the key cache store)",
			ErrKeyNotFound, keyID, e.Fetched.UTC().Format(time.RFC3339))
	}
	// Cache the answer now, under the same lock as the decision, so that
	// no RefreshKey caller joins f after it settled for the stored entry.
	if c.fetches[keyID] == f {
		delete(c.fetches, keyID)
		c.storeLocked(keyID, f.key, f.err, e.Fetched, minTime(e.Expires, now.Add(c.localTTL)))
	}
	return true
}

// share writes the resolver's answer for f into the store: a key or a
// not-found answer is stored (or, with negative caching off, a not-found
// answer deletes the stored entry); other errors are not. Nothing is
// written for a lookup that Forget or its waiters have left.
func (c *KeyCache) share(ctx context.Context, keyID string, f *keyFetch) {
	now := c.now()
	var e KeyCacheEntry
	switch {
	case f.err == nil:
		e = KeyCacheEntry{Key: copyKey(f.key), Fetched: now, Expires: now.Add(c.ttl)}
	case errors.Is(f.err, ErrKeyNotFound) && c.negTTL > 0:
		e = KeyCacheEntry{Fetched: now, Expires: now.Add(c.negTTL)}
	case errors.Is(f.err, ErrKeyNotFound):
		// The key is gone at its source: no process should keep serving it.
		e = KeyCacheEntry{}
	default:
		return
	}
	c.mu.Lock()
	attached := c.fetches[keyID] == f
	c.mu.Unlock()
	if !attached {
		return
	}
	if e.Expires.IsZero() {
		if err := c.store.DeleteKey(ctx, keyID); err != nil {
			c.storeFailed(ctx, "DeleteKey", keyID, err)
		}
		return
	}
	if err := c.store.StoreKey(ctx, keyID, e); err != nil {
		c.storeFailed(ctx, "StoreKey", keyID, err)
		return
	}
	c.mu.Lock()
	forgotten := f.forgotten
	c.mu.Unlock()
	if forgotten {
		// Forget ran while the answer was being stored, and its DeleteKey
		// may have come first: delete again.
		if err := c.store.DeleteKey(ctx, keyID); err != nil {
			c.storeFailed(ctx, "DeleteKey", keyID, err)
		}
	}
}

// storeFailed logs a failed store operation. The cache goes on without
// the store.
func (c *KeyCache) storeFailed(ctx context.Context, op, keyID string, err error) {
	c.log.WarnContext(ctx, "httpsig: key cache store failed",
		slog.String("op", op), slog.String("keyId", keyID), slog.Any("error", err))
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
		c.storeLocked(keyID, f.key, nil, now, c.localExpiry(now, c.ttl))
	case errors.Is(f.err, ErrKeyNotFound):
		if c.negTTL > 0 {
			c.storeLocked(keyID, nil, f.err, now, c.localExpiry(now, c.negTTL))
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

// localExpiry returns when an answer fetched at now and valid for ttl
// leaves memory: after ttl, or with a store after LocalTTL if that is
// sooner.
func (c *KeyCache) localExpiry(now time.Time, ttl time.Duration) time.Time {
	if c.store != nil && c.localTTL < ttl {
		ttl = c.localTTL
	}
	return now.Add(ttl)
}

// minTime returns the earlier of a and b.
func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// storeLocked caches an answer for keyID, evicting the entries that expire
// soonest if the cache is full. c.mu must be held.
func (c *KeyCache) storeLocked(keyID string, key *Key, err error, fetched, expires time.Time) {
	if e := c.entries[keyID]; e != nil {
		e.key, e.err, e.fetched, e.expires = key, err, fetched, expires
		heap.Fix(&c.expiry, e.index)
		return
	}
	for len(c.entries) >= c.maxEntries {
		old := heap.Pop(&c.expiry).(*cacheEntry)
		delete(c.entries, old.keyID)
	}
	e := &cacheEntry{keyID: keyID, key: key, err: err, fetched: fetched, expires: expires}
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
