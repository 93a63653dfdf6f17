package webfinger

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeResolver maps host names to addresses, so that tests can give the
// test server any name under example.com (its certificate covers
// *.example.com) and can point names at forbidden addresses.
type fakeResolver map[string]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	a, ok := f[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.Addr{netip.MustParseAddr(a)}, nil
}

// world is a TLS test server that answers for several hosts, by the Host
// header, and records what it was asked.
type world struct {
	srv  *httptest.Server
	port string

	mu    sync.Mutex
	hosts map[string]http.Handler
	seen  []*http.Request
}

func newWorld(t *testing.T) *world {
	w := &world{hosts: map[string]http.Handler{}}
	w.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		w.mu.Lock()
		w.seen = append(w.seen, r.Clone(context.Background()))
		h := w.hosts[host]
		w.mu.Unlock()
		if h == nil {
			http.NotFound(rw, r)
			return
		}
		h.ServeHTTP(rw, r)
	}))
	// TestClientTLSVerified makes handshakes fail on purpose.
	w.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	w.srv.StartTLS()
	t.Cleanup(w.srv.Close)
	_, w.port, _ = net.SplitHostPort(w.srv.Listener.Addr().String())
	return w
}

// handle serves host (a name under example.com) with h.
func (w *world) handle(host string, h http.Handler) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hosts[host] = h
}

// at returns host with the server's port.
func (w *world) at(host string) string { return host + ":" + w.port }

func (w *world) requests() []*http.Request {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]*http.Request(nil), w.seen...)
}

// client returns a client that reaches the world: every example.com name
// resolves to the loopback server, which the client may reach.
func (w *world) client(mutate func(*ClientOptions)) *Client {
	o := &ClientOptions{
		AllowLoopback:   true,
		TLSClientConfig: w.srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone(),
		Resolver: fakeResolver{
			"social.example.com": "127.0.0.1", "local.example.com": "127.0.0.1", "web.example.com": "127.0.0.1",
			"evil.example.com": "127.0.0.1", "other.example.com": "127.0.0.1",
		},
	}
	if mutate != nil {
		mutate(o)
	}
	return NewClient(o)
}

func jsonHandler(contentType string, v any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_ = json.NewEncoder(w).Encode(v)
	})
}

// account serves, at host, a WebFinger endpoint for one account and its
// actor document. The account's subject is user@domain: a Mastodon server
// whose account domain differs from its web host answers with it.
func (w *world) account(host, user, domain string) {
	actor := "https://" + w.at(host) + "/users/" + user
	subject := "acct:" + user + "@" + w.at(domain)
	mux := http.NewServeMux()
	mux.Handle("/.well-known/webfinger", NewHandler(ResolverFunc(func(_ context.Context, res string) (*JRD, error) {
		if res != subject && res != "acct:"+user+"@"+w.at(host) && res != actor {
			return nil, ErrNotFound
		}
		return &JRD{
			Subject: subject,
			Links: []Link{
				{Rel: RelProfilePage, Type: "text/html", Href: "https://" + w.at(host) + "/@" + user},
				{Rel: RelSelf, Type: MediaTypeActivity, Href: actor},
			},
		}, nil
	}), nil))
	mux.Handle("/users/"+user, jsonHandler(MediaTypeActivity, map[string]any{"id": actor, "type": "Person"}))
	w.handle(host, mux)
}

func TestLookup(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.account("social.example.com", "alice", "social.example.com")
	c := w.client(nil)

	j, err := c.Lookup(t.Context(), "@alice@"+w.at("social.example.com"), RelSelf)
	require.NoError(t, err)
	assert.Equal(t, "acct:alice@"+w.at("social.example.com"), j.Subject)
	require.Len(t, j.Links, 1, "rel filtering")
	assert.Equal(t, RelSelf, j.Links[0].Rel)

	reqs := w.requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, "/.well-known/webfinger", r.URL.Path)
	assert.Equal(t, "resource=acct%3Aalice%40social.example.com%3A"+w.port+"&rel=self", r.URL.RawQuery)
	assert.Contains(t, r.Header.Get("Accept"), MediaTypeJRD)
	assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "fedikit/"), r.Header.Get("User-Agent"))

	// By profile URL too.
	j, err = c.Lookup(t.Context(), "https://"+w.at("social.example.com")+"/users/alice")
	require.NoError(t, err)
	assert.Len(t, j.Links, 2)
}

func TestLookupNotFound(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.account("social.example.com", "alice", "social.example.com")
	c := w.client(nil)
	_, err := c.Lookup(t.Context(), "bob@"+w.at("social.example.com"))
	assert.ErrorIs(t, err, ErrNotFound)
	var re *ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 404, re.StatusCode)

	// A server that errs otherwise is not "not found".
	w.handle("other.example.com", http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, "boom", http.StatusBadGateway)
	}))
	_, err = c.Lookup(t.Context(), "bob@"+w.at("other.example.com"))
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 502, re.StatusCode)
	assert.NotErrorIs(t, err, ErrNotFound)
}

// splitDomain sets up a Mastodon server whose accounts are @user@local
// while it runs at web: local has no WebFinger endpoint, only a host-meta
// that points to web.
func splitDomain(w *world, form string) {
	w.account("web.example.com", "alice", "local.example.com")
	hm := NewHostMetaHandler("https://" + w.at("web.example.com"))
	w.handle("local.example.com", http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/host-meta" {
			http.NotFound(rw, r)
			return
		}
		if form == "json" {
			r.Header.Set("Accept", "application/json")
		}
		hm.ServeHTTP(rw, r)
	}))
}

func TestLookupHostMetaFallback(t *testing.T) {
	t.Parallel()
	for _, form := range []string{"xrd", "json"} {
		t.Run(form, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			splitDomain(w, form)
			j, err := w.client(nil).Lookup(t.Context(), "alice@"+w.at("local.example.com"))
			require.NoError(t, err)
			assert.Equal(t, "acct:alice@"+w.at("local.example.com"), j.Subject)
			reqs := w.requests()
			require.Len(t, reqs, 3)
			assert.Equal(t, "/.well-known/webfinger", reqs[0].URL.Path)
			assert.Equal(t, "/.well-known/host-meta", reqs[1].URL.Path)
			assert.Equal(t, w.at("web.example.com"), reqs[2].Host)
			assert.Equal(t, "acct:alice@"+w.at("local.example.com"), reqs[2].URL.Query().Get("resource"))

			// Unknown accounts are still not found after the fallback.
			_, err = w.client(nil).Lookup(t.Context(), "bob@"+w.at("local.example.com"))
			assert.ErrorIs(t, err, ErrNotFound)
		})
	}
	// No WebFinger and no host-meta: not found.
	w := newWorld(t)
	w.handle("social.example.com", http.NotFoundHandler())
	_, err := w.client(nil).Lookup(t.Context(), "alice@"+w.at("social.example.com"))
	assert.ErrorIs(t, err, ErrNotFound)
}

// ResolveActor follows one subject redirect: asked at the web domain, the
// server answers with the account domain, which must answer for itself.
func TestResolveActorSubjectRedirect(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	splitDomain(w, "xrd")
	c := w.client(nil)
	a, err := c.ResolveActor(t.Context(), "@alice@"+w.at("web.example.com"))
	require.NoError(t, err)
	assert.Equal(t, "acct:alice@"+w.at("local.example.com"), a.Subject)
	assert.Equal(t, "https://"+w.at("web.example.com")+"/users/alice", a.ID)

	// A second change of subject is refused.
	w.handle("other.example.com", jsonHandler(MediaTypeJRD, JRD{Subject: "acct:alice@" + w.at("evil.example.com")}))
	w.handle("evil.example.com", jsonHandler(MediaTypeJRD, JRD{Subject: "acct:alice@" + w.at("social.example.com")}))
	_, err = c.ResolveActor(t.Context(), "@alice@"+w.at("other.example.com"))
	assert.ErrorIs(t, err, ErrActorMismatch)
}

// A WebFinger server cannot point an account at an actor document that
// says it is someone else, or at one served from another origin.
func TestResolveActorSpoofing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.account("social.example.com", "alice", "social.example.com")
	victim := "https://" + w.at("social.example.com") + "/users/alice"

	// evil claims an account whose self link is its own URL, serving a
	// document that says it is alice at social.
	evilActor := "https://" + w.at("evil.example.com") + "/users/alice"
	mux := http.NewServeMux()
	mux.Handle("/.well-known/webfinger", jsonHandler(MediaTypeJRD, JRD{
		Subject: "acct:mallory@" + w.at("evil.example.com"),
		Links:   []Link{{Rel: RelSelf, Type: MediaTypeActivity, Href: evilActor}},
	}))
	mux.Handle("/users/alice", jsonHandler(MediaTypeActivity, map[string]any{"id": victim, "type": "Person"}))
	mux.Handle("/users/redirect", http.RedirectHandler(victim, http.StatusFound))
	mux.Handle("/users/html", jsonHandler("text/html", map[string]any{"id": "https://" + w.at("evil.example.com") + "/users/html"}))
	w.handle("evil.example.com", mux)
	c := w.client(nil)

	_, err := c.ResolveActor(t.Context(), "mallory@"+w.at("evil.example.com"))
	assert.ErrorIs(t, err, ErrActorMismatch)
	assert.Contains(t, err.Error(), "actor's id is")

	// A self link that redirects to the victim's actor: the document's id
	// is not the self link.
	w.handle("other.example.com", jsonHandler(MediaTypeJRD, JRD{
		Subject: "acct:mallory@" + w.at("other.example.com"),
		Links:   []Link{{Rel: RelSelf, Type: MediaTypeActivity, Href: "https://" + w.at("evil.example.com") + "/users/redirect"}},
	}))
	_, err = c.ResolveActor(t.Context(), "mallory@"+w.at("other.example.com"))
	assert.ErrorIs(t, err, ErrActorMismatch)

	// Not served as ActivityStreams.
	w.handle("web.example.com", jsonHandler(MediaTypeJRD, JRD{
		Subject: "acct:mallory@" + w.at("web.example.com"),
		Links:   []Link{{Rel: RelSelf, Type: MediaTypeActivity, Href: "https://" + w.at("evil.example.com") + "/users/html"}},
	}))
	_, err = c.ResolveActor(t.Context(), "mallory@"+w.at("web.example.com"))
	assert.ErrorIs(t, err, ErrActorMismatch)

	// The honest account resolves; with the check off, the self link is
	// taken as it is.
	a, err := c.ResolveActor(t.Context(), "alice@"+w.at("social.example.com"))
	require.NoError(t, err)
	assert.Equal(t, victim, a.ID)
	a, err = w.client(func(o *ClientOptions) { o.SkipActorCheck = true }).ResolveActor(t.Context(), "mallory@"+w.at("evil.example.com"))
	require.NoError(t, err)
	assert.Equal(t, evilActor, a.ID)
}

func TestResolveActorNoActor(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.handle("social.example.com", jsonHandler(MediaTypeJRD, JRD{
		Subject: "acct:alice@" + w.at("social.example.com"),
		Links:   []Link{{Rel: RelSelf, Type: "text/html", Href: "https://" + w.at("social.example.com") + "/@alice"}},
	}))
	_, err := w.client(nil).ResolveActor(t.Context(), "alice@"+w.at("social.example.com"))
	assert.ErrorIs(t, err, ErrNoActor)
}

// Lookups never reach loopback, private or link-local addresses unless
// the caller opts in, not even through a redirect.
func TestLookupSSRF(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.account("social.example.com", "alice", "social.example.com")
	tlsConf := w.srv.Client().Transport.(*http.Transport).TLSClientConfig

	for _, addr := range []string{"127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "192.168.1.1", "100.64.0.1", "fd00::1", "::ffff:127.0.0.1"} {
		t.Run(addr, func(t *testing.T) {
			t.Parallel()
			c := NewClient(&ClientOptions{TLSClientConfig: tlsConf, Resolver: fakeResolver{"social.example.com": addr}})
			_, err := c.Lookup(t.Context(), "alice@"+w.at("social.example.com"))
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrForbiddenAddress)
		})
	}

	// Literal addresses are refused just the same.
	c := NewClient(&ClientOptions{TLSClientConfig: tlsConf})
	for _, host := range []string{"127.0.0.1", "[::1]", "169.254.169.254", "10.0.0.1"} {
		_, err := c.Lookup(t.Context(), "alice@"+host+":"+w.port)
		assert.ErrorIs(t, err, ErrForbiddenAddress, host)
	}

	// With the opt-in, loopback is reachable.
	_, err := w.client(nil).Lookup(t.Context(), "alice@"+w.at("social.example.com"))
	require.NoError(t, err)

	// A redirect to a forbidden address is refused at that hop, even when
	// the first host is allowed.
	w.handle("other.example.com", http.RedirectHandler("https://metadata.example.com:"+w.port+"/latest/meta-data/", http.StatusFound))
	c = NewClient(&ClientOptions{
		TLSClientConfig: tlsConf,
		AllowedNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Resolver:        fakeResolver{"other.example.com": "127.0.0.1", "metadata.example.com": "169.254.169.254"},
	})
	_, err = c.Lookup(t.Context(), "alice@"+w.at("other.example.com"))
	assert.ErrorIs(t, err, ErrForbiddenAddress)
	w.handle("other.example.com", http.RedirectHandler("https://127.0.0.2:"+w.port+"/", http.StatusFound))
	_, err = c.Lookup(t.Context(), "alice@"+w.at("other.example.com"))
	assert.ErrorIs(t, err, ErrForbiddenAddress)

	// A host-meta template cannot steer the lookup to plain http without
	// the opt-in.
	hm := http.NewServeMux()
	hm.Handle("/.well-known/host-meta", NewHostMetaHandler("http://"+w.at("web.example.com")))
	w.handle("local.example.com", hm)
	_, err = w.client(nil).Lookup(t.Context(), "alice@"+w.at("local.example.com"))
	assert.ErrorIs(t, err, ErrInsecureScheme)
}

func TestLookupLimits(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.handle("social.example.com", http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", MediaTypeJRD)
		fmt.Fprintf(rw, `{"subject":"acct:a@b","aliases":["%s"]}`, strings.Repeat("x", 4096))
	}))
	_, err := w.client(func(o *ClientOptions) { o.MaxBodySize = 1024 }).Lookup(t.Context(), "a@"+w.at("social.example.com"))
	assert.ErrorIs(t, err, ErrBodyTooLarge)

	hops := 0
	w.handle("web.example.com", http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hops++
		http.Redirect(rw, r, "https://"+w.at("web.example.com")+"/hop?"+url.Values{"n": {fmt.Sprint(hops)}}.Encode(), http.StatusFound)
	}))
	_, err = w.client(nil).Lookup(t.Context(), "a@"+w.at("web.example.com"))
	assert.ErrorIs(t, err, ErrTooManyRedirects)
}

func TestClientTLSVerified(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.account("social.example.com", "alice", "social.example.com")
	// Without the test CA the server's certificate is refused.
	c := NewClient(&ClientOptions{AllowLoopback: true, Resolver: fakeResolver{"social.example.com": "127.0.0.1"}, TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}})
	_, err := c.Lookup(t.Context(), "alice@"+w.at("social.example.com"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "certificate")
}
