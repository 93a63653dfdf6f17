package activitypub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/safehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fetchTestResolver resolves every name ending in ".test" to loopback.
type fetchTestResolver struct{}

func (fetchTestResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if !strings.HasSuffix(host, ".test") {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
}

// fetchWorld is a plain-http test server that answers for several hosts
// under .test, by the Host header, each with its own mux.
type fetchWorld struct {
	srv  *httptest.Server
	port string

	mu    sync.Mutex
	hosts map[string]*http.ServeMux
}

func newFetchWorld(t *testing.T) *fetchWorld {
	t.Helper()
	w := &fetchWorld{hosts: map[string]*http.ServeMux{}}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		w.mu.Lock()
		mux := w.hosts[host]
		w.mu.Unlock()
		if mux == nil {
			http.NotFound(rw, r)
			return
		}
		mux.ServeHTTP(rw, r)
	}))
	t.Cleanup(w.srv.Close)
	_, w.port, _ = net.SplitHostPort(w.srv.Listener.Addr().String())
	return w
}

// handle serves pattern (a path pattern) on host with h.
func (w *fetchWorld) handle(host, pattern string, h http.HandlerFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	mux := w.hosts[host]
	if mux == nil {
		mux = http.NewServeMux()
		w.hosts[host] = mux
	}
	mux.HandleFunc(pattern, h)
}

// url returns the http URL of path on host.
func (w *fetchWorld) url(host, path string) string {
	return "http://" + host + ":" + w.port + path
}

// fetcher returns a Fetcher that may reach the world.
func (w *fetchWorld) fetcher(t *testing.T, opts *FetcherOptions) *Fetcher {
	t.Helper()
	var o FetcherOptions
	if opts != nil {
		o = *opts
	}
	o.AllowLoopback, o.AllowHTTP, o.Resolver = true, true, fetchTestResolver{}
	f, err := NewFetcher(&o)
	require.NoError(t, err)
	return f
}

// serveAS answers with body as application/activity+json.
func serveAS(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/activity+json")
		_, _ = io.WriteString(w, body)
	}
}

// noteJSON is a minimal Note with the given id.
func noteJSON(id string) string {
	return `{"@context":"https://www.w3.org/ns/activitystreams","type":"Note","id":"` + id + `","content":"hi"}`
}

func TestFetch(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id := w.url("a.test", "/notes/1")
	w.handle("a.test", "/notes/1", func(rw http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Equal(t, acceptActivityStreams, r.Header.Get("Accept"))
		assert.Empty(t, r.Header.Get("Signature-Input"), "unsigned by default")
		assert.Empty(t, r.Header.Get("Signature"))
		serveAS(noteJSON(id))(rw, r)
	})
	f := w.fetcher(t, nil)
	doc, err := f.Fetch(t.Context(), id+"#frag")
	require.NoError(t, err)
	assert.Equal(t, id, doc.Root().ID())
	assert.Equal(t, "Note", doc.Root().Type())
}

func TestFetchLDJSONProfile(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id := w.url("a.test", "/notes/1")
	w.handle("a.test", "/notes/1", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`)
		_, _ = io.WriteString(rw, noteJSON(id))
	})
	_, err := w.fetcher(t, nil).Fetch(t.Context(), id)
	require.NoError(t, err)
}

func TestFetchSignedVerified(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	owner := w.url("client.test", "/actor")
	key, err := GenerateRSAKey(owner, owner+"#main-key")
	require.NoError(t, err)
	v := httpsig.NewVerifier(httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
		if keyID != key.ID {
			return nil, httpsig.ErrKeyNotFound
		}
		return &httpsig.Key{ID: keyID, Owner: owner, PublicKey: key.Signer.Public()}, nil
	}), nil)

	id := w.url("a.test", "/notes/1")
	var mu sync.Mutex
	var formats []string
	verify := func(rw http.ResponseWriter, r *http.Request) bool {
		res, err := v.VerifyRequest(r)
		if err != nil {
			httpsig.WriteUnauthorized(rw, r, err)
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, owner, res.Owner)
		formats = append(formats, res.Format.String())
		return true
	}
	w.handle("a.test", "/old", func(rw http.ResponseWriter, r *http.Request) {
		if verify(rw, r) {
			http.Redirect(rw, r, "/notes/1", http.StatusFound)
		}
	})
	w.handle("a.test", "/notes/1", func(rw http.ResponseWriter, r *http.Request) {
		if verify(rw, r) {
			serveAS(noteJSON(id))(rw, r)
		}
	})
	f := w.fetcher(t, &FetcherOptions{Key: key})
	doc, err := f.Fetch(t.Context(), w.url("a.test", "/old"))
	require.NoError(t, err)
	assert.Equal(t, id, doc.Root().ID())
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{httpsig.RFC9421.String(), httpsig.RFC9421.String()}, formats, "both hops signed, RFC 9421 first")
}

func TestFetchDoubleKnock(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	owner := w.url("client.test", "/actor")
	key, err := GenerateEd25519Key(owner, owner+"#ed")
	require.NoError(t, err)
	v := httpsig.NewVerifier(httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
		return &httpsig.Key{ID: keyID, Owner: owner, PublicKey: key.Signer.Public()}, nil
	}), nil)
	id := w.url("a.test", "/notes/1")
	var rfc, cavage atomic.Int32
	w.handle("a.test", "/notes/1", func(rw http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Signature-Input") != "" {
			rfc.Add(1)
			http.Error(rw, "only cavage here", http.StatusUnauthorized)
			return
		}
		cavage.Add(1)
		if _, err := v.VerifyRequest(r); err != nil {
			http.Error(rw, err.Error(), http.StatusUnauthorized)
			return
		}
		serveAS(noteJSON(id))(rw, r)
	})
	f := w.fetcher(t, &FetcherOptions{Key: key})
	_, err = f.Fetch(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, int32(1), rfc.Load())
	assert.Equal(t, int32(1), cavage.Load())

	// The host's format is remembered: no second knock.
	_, err = f.Fetch(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, int32(1), rfc.Load())
	assert.Equal(t, int32(2), cavage.Load())
}

func TestFetchRefusesOtherMediaTypes(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"application/json", "text/html", "application/ld+json", ""} {
		t.Run(ct, func(t *testing.T) {
			t.Parallel()
			w := newFetchWorld(t)
			id := w.url("a.test", "/media/1.json")
			w.handle("a.test", "/media/1.json", func(rw http.ResponseWriter, _ *http.Request) {
				rw.Header()["Content-Type"] = []string{ct}
				_, _ = io.WriteString(rw, noteJSON(id))
			})
			_, err := w.fetcher(t, nil).Fetch(t.Context(), id)
			assert.ErrorIs(t, err, ErrNotActivityStreams)
		})
	}
}

func TestFetchOriginMismatch(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	// a.test redirects to b.test, which serves a document claiming an
	// id on a.test.
	w.handle("a.test", "/notes/1", func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, w.url("b.test", "/upload/1"), http.StatusFound)
	})
	w.handle("b.test", "/upload/1", serveAS(noteJSON(w.url("a.test", "/notes/1"))))
	// A document served directly with an id on another host.
	w.handle("b.test", "/impostor", serveAS(noteJSON(w.url("a.test", "/notes/2"))))
	// Same host, another port.
	w.handle("b.test", "/port", serveAS(noteJSON("http://b.test:1/port")))
	// No id at all.
	w.handle("b.test", "/anonymous", serveAS(`{"type":"Note"}`))
	// A redirect to b.test whose document is b.test's own is fine.
	w.handle("a.test", "/moved", func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, w.url("b.test", "/notes/3"), http.StatusMovedPermanently)
	})
	w.handle("b.test", "/notes/3", serveAS(noteJSON(w.url("b.test", "/notes/3"))))

	f := w.fetcher(t, nil)
	for _, u := range []string{w.url("a.test", "/notes/1"), w.url("b.test", "/impostor"),
		w.url("b.test", "/port"), w.url("b.test", "/anonymous")} {
		_, err := f.Fetch(t.Context(), u)
		assert.ErrorIs(t, err, ErrOriginMismatch, u)
	}
	doc, err := f.Fetch(t.Context(), w.url("a.test", "/moved"))
	require.NoError(t, err)
	assert.Equal(t, w.url("b.test", "/notes/3"), doc.Root().ID())
}

func TestFetchGoneAndNotFound(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	w.handle("a.test", "/gone", func(rw http.ResponseWriter, _ *http.Request) {
		rw.WriteHeader(http.StatusGone)
	})
	tomb := w.url("a.test", "/tomb")
	w.handle("a.test", "/tomb", serveAS(`{"@context":"https://www.w3.org/ns/activitystreams","type":"Tombstone","id":"`+tomb+`"}`))
	w.handle("a.test", "/boom", func(rw http.ResponseWriter, _ *http.Request) {
		rw.WriteHeader(http.StatusInternalServerError)
	})
	f := w.fetcher(t, nil)

	_, err := f.Fetch(t.Context(), w.url("a.test", "/gone"))
	require.ErrorIs(t, err, ErrGone)
	var fe *FetchError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, http.StatusGone, fe.StatusCode)
	assert.NotErrorIs(t, err, ErrNotFound)

	_, err = f.Fetch(t.Context(), tomb)
	require.ErrorIs(t, err, ErrGone)
	assert.Contains(t, err.Error(), tomb)

	_, err = f.Fetch(t.Context(), w.url("a.test", "/missing"))
	require.ErrorIs(t, err, ErrNotFound)
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, http.StatusNotFound, fe.StatusCode)

	_, err = f.Fetch(t.Context(), w.url("a.test", "/boom"))
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, http.StatusInternalServerError, fe.StatusCode)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrGone)
}

func TestFetchSSRFRefused(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		serveAS(noteJSON("http://"+r.Host+r.URL.Path))(rw, r)
	}))
	t.Cleanup(srv.Close)

	f, err := NewFetcher(&FetcherOptions{AllowHTTP: true})
	require.NoError(t, err)
	_, err = f.Fetch(t.Context(), srv.URL+"/notes/1")
	assert.ErrorIs(t, err, safehttp.ErrForbiddenAddress)

	f, err = NewFetcher(&FetcherOptions{AllowLoopback: true})
	require.NoError(t, err)
	_, err = f.Fetch(t.Context(), srv.URL+"/notes/1")
	assert.ErrorIs(t, err, safehttp.ErrInsecureScheme)
	assert.Zero(t, hits.Load())

	_, err = f.Fetch(t.Context(), "file:///etc/passwd")
	assert.Error(t, err)
}

func TestFetchSizeCap(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id := w.url("a.test", "/big")
	big := `{"type":"Note","id":"` + id + `","content":"` + strings.Repeat("x", 4096) + `"}`
	w.handle("a.test", "/big", serveAS(big))
	_, err := w.fetcher(t, &FetcherOptions{MaxBodySize: 1024}).Fetch(t.Context(), id)
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = w.fetcher(t, &FetcherOptions{MaxBodySize: 8192}).Fetch(t.Context(), id)
	assert.NoError(t, err)
}

func TestFetchCacheRevalidation(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id := w.url("a.test", "/notes/1")
	var full, notModified atomic.Int32
	w.handle("a.test", "/notes/1", func(rw http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			rw.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		rw.Header().Set("ETag", `"v1"`)
		serveAS(noteJSON(id))(rw, r)
	})
	f := w.fetcher(t, nil)
	for range 3 {
		doc, err := f.Fetch(t.Context(), id)
		require.NoError(t, err)
		assert.Equal(t, id, doc.Root().ID())
		// Each caller gets its own document to change.
		require.NoError(t, doc.Root().Set("content", "changed"))
	}
	assert.Equal(t, int32(1), full.Load())
	assert.Equal(t, int32(2), notModified.Load())

	off := w.fetcher(t, &FetcherOptions{CacheSize: -1})
	for range 2 {
		_, err := off.Fetch(t.Context(), id)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(3), full.Load())
	assert.Equal(t, int32(2), notModified.Load())
}

func TestFetchCacheEviction(t *testing.T) {
	t.Parallel()
	c := newFetchCache(2)
	h := http.Header{"Etag": {`"x"`}}
	u := mustParseFetchURL(t, "https://a.test/")
	c.put("1", h, []byte("1"), u)
	c.put("2", h, []byte("2"), u)
	require.NotNil(t, c.get("1")) // 1 is now the most recently used
	c.put("3", h, []byte("3"), u)
	assert.NotNil(t, c.get("1"))
	assert.Nil(t, c.get("2"))
	assert.NotNil(t, c.get("3"))
	c.put("1", http.Header{"Cache-Control": {"no-store"}, "Etag": {`"y"`}}, []byte("1"), u)
	assert.Nil(t, c.get("1"))
	c.put("4", http.Header{}, []byte("4"), u)
	assert.Nil(t, c.get("4"))
}

func mustParseFetchURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := parseFetchURL(s)
	require.NoError(t, err)
	return u
}

func TestFetchInboxes(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	actor := w.url("a.test", "/users/alice")
	w.handle("a.test", "/users/alice", serveAS(fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams",
		"type":"Person","id":%q,"inbox":%q,"endpoints":{"sharedInbox":%q}}`,
		actor, actor+"/inbox", w.url("a.test", "/inbox"))))
	w.handle("a.test", "/users/bob", serveAS(fmt.Sprintf(`{"type":"Person","id":%q,"inbox":%q}`,
		w.url("a.test", "/users/bob"), w.url("a.test", "/users/bob/inbox"))))
	w.handle("a.test", "/users/nobody", serveAS(fmt.Sprintf(`{"type":"Person","id":%q}`, w.url("a.test", "/users/nobody"))))
	f := w.fetcher(t, nil)

	inbox, shared, err := f.Inboxes(t.Context(), actor)
	require.NoError(t, err)
	assert.Equal(t, actor+"/inbox", inbox)
	assert.Equal(t, w.url("a.test", "/inbox"), shared)

	inbox, shared, err = f.Inboxes(t.Context(), w.url("a.test", "/users/bob"))
	require.NoError(t, err)
	assert.Equal(t, w.url("a.test", "/users/bob/inbox"), inbox)
	assert.Empty(t, shared)

	_, _, err = f.Inboxes(t.Context(), w.url("a.test", "/users/nobody"))
	assert.Error(t, err)
}

func TestFetcherHTTPClientIsACopy(t *testing.T) {
	t.Parallel()
	f, err := NewFetcher(nil)
	require.NoError(t, err)
	c := f.HTTPClient()
	c.Timeout = 1
	assert.NotEqual(t, c.Timeout, f.HTTPClient().Timeout)
	assert.Same(t, c.Transport, f.HTTPClient().Transport)
}

func TestFetchErrorMessage(t *testing.T) {
	t.Parallel()
	err := error(&FetchError{URL: "https://a.test/x", StatusCode: 503})
	assert.Equal(t, "activitypub: GET https://a.test/x: 503 Service Unavailable", err.Error())
	assert.False(t, errors.Is(err, ErrGone))
}
