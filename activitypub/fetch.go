package activitypub

import (
	"container/list"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/safehttp"
	"github.com/fedikit/fedikit/webfinger"
)

// Errors of [Fetcher.Fetch]. Other HTTP statuses are a [*FetchError].
var (
	// ErrNotFound means the server answered 404 Not Found. The concrete
	// error is a [*FetchError].
	ErrNotFound = errors.New("activitypub: not found")

	// ErrGone means the object was deleted: the server answered 410 Gone
	// (the concrete error is a [*FetchError]), or served a Tombstone.
	ErrGone = errors.New("activitypub: gone")

	// ErrNotActivityStreams means the response was not an ActivityStreams
	// document by its Content-Type. Accepting other media types would let
	// anyone who can upload a file to a server (an attachment, say) make
	// it serve an object in its name (Mastodon's CVE-2024-25623).
	ErrNotActivityStreams = errors.New("activitypub: response is not an ActivityStreams document")

	// ErrOriginMismatch means a document's id, or a key's id or owner, is
	// not on the origin it was fetched from: another server could
	// otherwise speak for it (Mastodon's CVE-2024-23832).
	ErrOriginMismatch = errors.New("activitypub: origin mismatch")

	// ErrForbiddenAddress means a connection was refused because the host
	// resolved to an address the options do not allow (loopback, private,
	// link-local…): the guard against server-side request forgery. It is
	// the same error as webfinger's and nodeinfo's.
	ErrForbiddenAddress = safehttp.ErrForbiddenAddress
)

// FetchError reports a fetch answered with an HTTP status other than
// success. It matches [ErrNotFound] for 404 and [ErrGone] for 410 with
// [errors.Is].
type FetchError struct {
	// URL is the URL that was fetched, without user information.
	URL string
	// StatusCode is the HTTP status of the response.
	StatusCode int
}

// Error names the URL and the status.
func (e *FetchError) Error() string {
	return fmt.Sprintf("activitypub: GET %s: %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
}

// Is reports whether e matches [ErrNotFound] or [ErrGone].
func (e *FetchError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrGone:
		return e.StatusCode == http.StatusGone
	}
	return false
}

// acceptActivityStreams is the Accept header of fetches: both media types
// the ActivityPub specification names.
const acceptActivityStreams = `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`

// Defaults of [FetcherOptions].
const (
	defaultFetchMaxBodySize = 1 << 20
	defaultFetchCacheSize   = 256
)

// FetcherOptions configures a [Fetcher]. A nil *FetcherOptions, and the
// zero value of each field, mean the defaults: unsigned fetches of https
// URLs on public addresses only.
type FetcherOptions struct {
	// Key, when set, signs every request, redirects included, as that key
	// (authorized fetch, which Mastodon's secure mode and GoToSocial
	// require). A request is signed first in RFC 9421 format, then again
	// in draft-cavage format if the server refuses it with 401 or 403;
	// the format that worked is remembered per host. Nil means unsigned.
	Key *ActorKey

	// AllowLoopback allows fetching from loopback addresses. For tests
	// and local development.
	AllowLoopback bool

	// AllowPrivate allows fetching from private addresses (RFC 1918,
	// CGNAT, IPv6 ULA). For deployments inside a private network.
	AllowPrivate bool

	// AllowHTTP allows plain http URLs. Without it only https is fetched.
	AllowHTTP bool

	// Resolver resolves host names. Nil means the system resolver. Tests
	// use one that maps names to the address of a test server.
	Resolver interface {
		LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	}

	// TLSClientConfig, if not nil, is the TLS configuration (it is
	// cloned): for tests, and for private certificate authorities.
	TLSClientConfig *tls.Config

	// Timeout limits a whole fetch, redirects included. Zero means 30
	// seconds.
	Timeout time.Duration

	// MaxBodySize caps the size of a response body, in bytes. Zero or
	// less means 1 MiB.
	MaxBodySize int

	// Decode sets the limits of decoding fetched documents. Nil, and a
	// zero field, mean the defaults of [Decode], except MaxSize, which
	// defaults to MaxBodySize.
	Decode *DecodeOptions

	// Logger receives debug records of fetches. Nil discards them.
	Logger *slog.Logger

	// CacheSize is how many fetched documents are kept, to be
	// revalidated with If-None-Match or If-Modified-Since instead of being
	// downloaded again. Only responses with an ETag or Last-Modified
	// header, and without Cache-Control: no-store, are kept. Zero means
	// 256; a negative value turns the cache off.
	CacheSize int
}

// A Fetcher fetches ActivityStreams documents (actors, objects,
// collections) from other servers, with the checks that make the result
// safe to believe:
//
//   - every connection, redirects included, goes only to public addresses
//     over https, unless the options allow otherwise;
//   - the response must have an ActivityStreams media type
//     ([ErrNotActivityStreams]);
//   - the document's id must be on the origin (scheme, host and port) of
//     the URL it was finally served from, after redirects
//     ([ErrOriginMismatch]);
//   - bodies are read up to a size cap and decoded within limits;
//   - a Tombstone or a 410 Gone is reported as [ErrGone].
//
// A Fetcher is safe for concurrent use. Its zero value is not usable; call
// [NewFetcher].
type Fetcher struct {
	client  *http.Client
	maxBody int
	decode  *DecodeOptions
	log     *slog.Logger
	cache   *fetchCache // nil when off
}

// NewFetcher returns a [Fetcher]. opts may be nil. It fails when
// opts.Key cannot sign.
func NewFetcher(opts *FetcherOptions) (*Fetcher, error) {
	var o FetcherOptions
	if opts != nil {
		o = *opts
	}
	so := safehttp.Options{
		AllowLoopback:   o.AllowLoopback,
		AllowPrivate:    o.AllowPrivate,
		AllowHTTP:       o.AllowHTTP,
		Timeout:         o.Timeout,
		TLSClientConfig: o.TLSClientConfig,
	}
	if o.Resolver != nil {
		so.Resolver = o.Resolver
	}
	if o.Key != nil {
		if err := o.Key.check("NewFetcher"); err != nil {
			return nil, err
		}
		signer, err := httpsig.NewSigner(o.Key.ID, o.Key.Signer, nil)
		if err != nil {
			return nil, fmt.Errorf("activitypub: NewFetcher: %w", err)
		}
		so.Wrap = func(rt http.RoundTripper) http.RoundTripper {
			return httpsig.NewTransport(signer, rt, &httpsig.TransportOptions{DoubleKnock: true})
		}
	}
	f := &Fetcher{
		client:  safehttp.NewClient(so),
		maxBody: o.MaxBodySize,
		log:     o.Logger,
	}
	if f.maxBody <= 0 {
		f.maxBody = defaultFetchMaxBodySize
	}
	f.decode = &DecodeOptions{}
	if o.Decode != nil {
		*f.decode = *o.Decode
	}
	if f.decode.MaxSize <= 0 {
		f.decode.MaxSize = f.maxBody
	}
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	switch {
	case o.CacheSize == 0:
		f.cache = newFetchCache(defaultFetchCacheSize)
	case o.CacheSize > 0:
		f.cache = newFetchCache(o.CacheSize)
	}
	return f, nil
}

// HTTPClient returns a copy of the fetcher's HTTP client: the guarded
// transport (address checks on every hop), signing as FetcherOptions.Key
// when one is set. Delivery uses it so that it goes through the same
// guard. Changing the copy does not change the fetcher.
func (f *Fetcher) HTTPClient() *http.Client {
	c := *f.client
	return &c
}

// Fetch gets the document at iri and checks it (see [Fetcher]). A fragment
// in iri is ignored: "https://example.com/users/alice#main-key" fetches
// the actor.
//
// Errors match [ErrNotFound], [ErrGone], [ErrNotActivityStreams],
// [ErrOriginMismatch], [ErrTooLarge] or another decoding error, or are a
// [*FetchError] for other HTTP statuses, or a network error.
func (f *Fetcher) Fetch(ctx context.Context, iri string) (*Document, error) {
	u, err := parseFetchURL(iri)
	if err != nil {
		return nil, err
	}
	target := u.String()
	shown := redactURL(u)

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, fmt.Errorf("activitypub: GET %s: %w", shown, err)
	}
	req.Header.Set("Accept", acceptActivityStreams)
	cached := f.cache.get(target)
	if cached != nil {
		if cached.etag != "" {
			req.Header.Set("If-None-Match", cached.etag)
		}
		if cached.lastModified != "" {
			req.Header.Set("If-Modified-Since", cached.lastModified)
		}
	}

	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("activitypub: GET %s: %w", shown, err)
	}
	defer resp.Body.Close()
	f.log.DebugContext(ctx, "activitypub: fetched", "url", shown, "status", resp.StatusCode)

	final := resp.Request.URL
	var body []byte
	switch {
	case resp.StatusCode == http.StatusNotModified && cached != nil:
		drainBody(resp.Body)
		body, final = cached.body, cached.final
	case resp.StatusCode == http.StatusOK:
		if ct := resp.Header.Get("Content-Type"); !webfinger.IsActivityMediaType(ct) {
			drainBody(resp.Body)
			return nil, fmt.Errorf("%w: GET %s: Content-Type %q", ErrNotActivityStreams, shown, ct)
		}
		body, err = safehttp.ReadBody(resp.Body, int64(f.maxBody))
		if err != nil {
			if errors.Is(err, safehttp.ErrBodyTooLarge) {
				return nil, fmt.Errorf("activitypub: GET %s: %w", shown, &DecodeError{Path: "$", Err: ErrTooLarge,
					Reason: fmt.Sprintf("response body over %d bytes", f.maxBody)})
			}
			return nil, fmt.Errorf("activitypub: GET %s: %w", shown, err)
		}
	default:
		drainBody(resp.Body)
		return nil, &FetchError{URL: shown, StatusCode: resp.StatusCode}
	}

	doc, err := Decode(body, f.decode)
	if err != nil {
		return nil, fmt.Errorf("activitypub: GET %s: %w", shown, err)
	}
	root := doc.Root()
	id := root.ID()
	if id == "" {
		return nil, fmt.Errorf("%w: GET %s: the document has no id", ErrOriginMismatch, shown)
	}
	if !iriOnOrigin(id, final) {
		return nil, fmt.Errorf("%w: GET %s: document %s served from %s", ErrOriginMismatch,
			shown, quoteShort(id), redactURL(final))
	}
	if resp.StatusCode == http.StatusOK {
		f.cache.put(target, resp.Header, body, final)
	}
	if hasType(root, NSActivityStreams+"Tombstone") {
		return nil, fmt.Errorf("%w: %s is a Tombstone", ErrGone, quoteShort(id))
	}
	return doc, nil
}

// Inboxes fetches the actor document and returns its inbox and, when it
// has one, its shared inbox (endpoints.sharedInbox). An actor without an
// inbox is an error.
func (f *Fetcher) Inboxes(ctx context.Context, actor string) (inbox, sharedInbox string, err error) {
	doc, err := f.Fetch(ctx, actor)
	if err != nil {
		return "", "", err
	}
	root := doc.Root()
	inbox, _ = firstHTTPIRI(root.Get("inbox"))
	if inbox == "" {
		return "", "", fmt.Errorf("activitypub: actor %s has no inbox", quoteShort(actor))
	}
	if ep, ok := firstObject(root.Get("endpoints")); ok {
		sharedInbox, _ = firstHTTPIRI(ep.Get("sharedInbox"))
	}
	return inbox, sharedInbox, nil
}

// firstHTTPIRI returns the first IRI of v when it is an http or https URL.
func firstHTTPIRI(v Value) (string, bool) {
	iri, ok := firstIRI(v)
	if !ok {
		return "", false
	}
	if _, err := parseFetchURL(string(iri)); err != nil {
		return "", false
	}
	return string(iri), true
}

// parseFetchURL parses an absolute http or https URL with a host, and
// drops its fragment.
func parseFetchURL(iri string) (*url.URL, error) {
	u, err := url.Parse(iri)
	if err != nil {
		return nil, fmt.Errorf("activitypub: %s is not a URL", quoteShort(iri))
	}
	if s := strings.ToLower(u.Scheme); (s != "https" && s != "http") || u.Host == "" {
		return nil, fmt.Errorf("activitypub: %s is not an http or https URL", quoteShort(iri))
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// redactURL returns u for messages, without user information.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	if u.User == nil {
		return u.String()
	}
	c := *u
	c.User = nil
	return c.String()
}

// originOf returns the origin of an http or https URL: its scheme, host and
// port, with the default port filled in, in lower case.
func originOf(u *url.URL) (string, bool) {
	if u == nil {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	switch scheme {
	case "https":
		if port == "" {
			port = "443"
		}
	case "http":
		if port == "" {
			port = "80"
		}
	default:
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "", false
	}
	return scheme + "://" + host + ":" + port, true
}

// iriOnOrigin reports whether the IRI iri is on the origin of u.
func iriOnOrigin(iri string, u *url.URL) bool {
	v, err := url.Parse(iri)
	if err != nil {
		return false
	}
	a, ok1 := originOf(v)
	b, ok2 := originOf(u)
	return ok1 && ok2 && a == b
}

// sameOriginIRIs reports whether two IRIs are on the same origin.
func sameOriginIRIs(a, b string) bool {
	u, err := url.Parse(b)
	return err == nil && iriOnOrigin(a, u)
}

// drainBody reads a little of a body that is not used, so that the connection
// can be reused.
func drainBody(r io.Reader) { _, _ = io.CopyN(io.Discard, r, 64<<10) }

// fetchCache is a small LRU of fetched documents, kept for revalidation.
// It is safe for concurrent use; a nil *fetchCache caches nothing.
type fetchCache struct {
	max int

	mu      sync.Mutex
	order   *list.List // of *fetchEntry, most recently used first
	entries map[string]*list.Element
}

type fetchEntry struct {
	url          string
	etag         string
	lastModified string
	body         []byte   // never changed once stored
	final        *url.URL // never changed once stored
}

func newFetchCache(max int) *fetchCache {
	return &fetchCache{max: max, order: list.New(), entries: make(map[string]*list.Element)}
}

func (c *fetchCache) get(key string) *fetchEntry {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*fetchEntry)
}

func (c *fetchCache) put(key string, h http.Header, body []byte, final *url.URL) {
	if c == nil {
		return
	}
	etag, lm := h.Get("ETag"), h.Get("Last-Modified")
	noStore := strings.Contains(strings.ToLower(strings.Join(h.Values("Cache-Control"), ",")), "no-store")
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.order.Remove(el)
		delete(c.entries, key)
	}
	if (etag == "" && lm == "") || noStore {
		return
	}
	fc := *final
	e := &fetchEntry{url: key, etag: etag, lastModified: lm, body: body, final: &fc}
	c.entries[key] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*fetchEntry).url)
	}
}
