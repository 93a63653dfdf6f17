package nodeinfo_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub/nodeinfo"
)

// testOptions lets a client reach httptest servers.
func testOptions() *nodeinfo.ClientOptions {
	return &nodeinfo.ClientOptions{AllowLoopback: true, AllowHTTP: true}
}

// setup starts a server with an empty mux and returns a client that may
// reach it, the mux and the server.
func setup(t *testing.T) (*nodeinfo.Client, *http.ServeMux, *httptest.Server) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return nodeinfo.NewClient(testOptions()), mux, srv
}

// serveJSON answers GET requests on pattern with body, after checking the
// Accept header.
func serveJSON(t *testing.T, mux *http.ServeMux, pattern, accept, body string) {
	t.Helper()
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodGet, r.Method)
		if accept != "" {
			assert.Equal(t, accept, r.Header.Get("Accept"))
		}
		assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "fedikit/"), r.Header.Get("User-Agent"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
}

func wellKnown(links ...nodeinfo.Link) string {
	var parts []string
	for _, l := range links {
		parts = append(parts, fmt.Sprintf(`{"rel":%q,"href":%q}`, l.Rel, l.Href))
	}
	return `{"links":[` + strings.Join(parts, ",") + `]}`
}

const (
	accept21 = `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"`
	accept20 = `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"`
)

func TestGetGoToSocial(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	// The captured discovery document links to http://gts.test; point it
	// at the test server.
	disc := strings.ReplaceAll(string(readTestdata(t, "gotosocial/nodeinfo-well-known.json")), "http://gts.test", srv.URL)
	serveJSON(t, mux, "/.well-known/nodeinfo", "application/json", disc)
	serveJSON(t, mux, "/nodeinfo/2.1", accept21, string(readTestdata(t, "gotosocial/nodeinfo.json")))
	mux.HandleFunc("/nodeinfo/2.0", func(w http.ResponseWriter, r *http.Request) {
		t.Error("the 2.0 document was fetched although 2.1 is offered")
	})

	n, err := c.Get(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "2.1", n.Version)
	assert.Equal(t, "gotosocial", n.Software.Name)
	assert.Equal(t, "https://docs.gotosocial.org", n.Software.Homepage)
	assert.Equal(t, count(3), n.Usage.Users.Total)
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/.well-known/nodeinfo", "application/json", `{"links":[
		{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.0","href":"/nodeinfo/2.0"},
		{"rel":"https://www.w3.org/ns/activitystreams#Application","href":"https://example.com/actor"},
		{"rel":"","href":"/empty-rel"},
		{"rel":"x","href":7},
		"not a link",
		{"rel":" http://nodeinfo.diaspora.software/ns/schema/2.1 ","href":" http://other.example/ni "}
	],"subject":"ignored"}`)

	links, err := c.Discover(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, []nodeinfo.Link{
		{Rel: nodeinfo.Schema20, Href: srv.URL + "/nodeinfo/2.0"},
		{Rel: "https://www.w3.org/ns/activitystreams#Application", Href: "https://example.com/actor"},
		{Rel: nodeinfo.Schema21, Href: "http://other.example/ni"},
	}, links)
}

func TestDiscoverNoLinks(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/.well-known/nodeinfo", "", `{}`)

	links, err := c.Discover(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Empty(t, links)

	_, err = c.Get(t.Context(), srv.URL)
	assert.ErrorIs(t, err, nodeinfo.ErrNotFound)
	assert.Contains(t, err.Error(), "no NodeInfo link")
}

func TestDiscoverInvalid(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`<html>`, `[]`, `{"links":{"rel":"x"}}`, ``} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			c, mux, srv := setup(t)
			serveJSON(t, mux, "/.well-known/nodeinfo", "", body)
			_, err := c.Discover(t.Context(), srv.URL)
			assert.ErrorIs(t, err, nodeinfo.ErrInvalidDocument)
		})
	}
}

func TestGetPicksBestVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rels   []string
		want   string
		accept string
	}{
		{"2.1 over 2.0 and 2.2", []string{"2.0", "2.2", "2.1", "1.1"}, "2.1", accept21},
		{"2.0 over 2.2 and 1.x", []string{"1.0", "2.2", "2.0", "1.1"}, "2.0", accept20},
		{"2.2 over 2.3 and 1.x", []string{"2.3", "1.1", "2.2"}, "2.2", `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.2#"`},
		{"highest 1.x", []string{"1.0", "1.1"}, "1.1", `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/1.1#"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux, srv := setup(t)
			var links []nodeinfo.Link
			for _, v := range tt.rels {
				links = append(links, nodeinfo.Link{Rel: "http://nodeinfo.diaspora.software/ns/schema/" + v, Href: srv.URL + "/ni/" + v})
				mux.HandleFunc("/ni/"+v, func(w http.ResponseWriter, r *http.Request) {
					if v != tt.want {
						t.Errorf("fetched %s, want %s", v, tt.want)
					}
					assert.Equal(t, tt.accept, r.Header.Get("Accept"))
					fmt.Fprintf(w, `{"version":%q,"software":{"name":"x","version":"1"}}`, v)
				})
			}
			serveJSON(t, mux, "/.well-known/nodeinfo", "", wellKnown(links...))
			n, err := c.Get(t.Context(), srv.URL)
			require.NoError(t, err)
			assert.Equal(t, tt.want, n.Version)
		})
	}
}

func TestGetRelVariants(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/.well-known/nodeinfo", "", wellKnown(
		nodeinfo.Link{Rel: "https://nodeinfo.diaspora.software/ns/schema/2.0#", Href: srv.URL + "/a"},
		nodeinfo.Link{Rel: "HTTP://NodeInfo.Diaspora.Software/ns/schema/2.1/", Href: srv.URL + "/b"},
	))
	serveJSON(t, mux, "/b", accept21, `{"version":"2.1"}`)
	n, err := c.Get(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "2.1", n.Version)
}

func TestGetOnlyNewerSchemas(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/.well-known/nodeinfo", "", wellKnown(
		nodeinfo.Link{Rel: "http://nodeinfo.diaspora.software/ns/schema/3.0", Href: srv.URL + "/ni/3.0"},
	))
	_, err := c.Get(t.Context(), srv.URL)
	assert.ErrorIs(t, err, nodeinfo.ErrUnsupportedVersion)
}

func TestFetchUnsupportedVersion(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/ni", accept21, `{"version":"3.0"}`)
	_, err := c.Fetch(t.Context(), srv.URL+"/ni")
	assert.ErrorIs(t, err, nodeinfo.ErrUnsupportedVersion)
	assert.Contains(t, err.Error(), `"3.0"`)
}

func TestFetchInvalid(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/html", "", `<!doctype html>`)
	serveJSON(t, mux, "/null", "", `null`)
	serveJSON(t, mux, "/broken", "", `{"version":"2.1",`)
	serveJSON(t, mux, "/field", "", `{"version":"2.1","usage":{"users":{"total":"lots"}}}`)
	for _, p := range []string{"/html", "/null", "/broken", "/field"} {
		_, err := c.Fetch(t.Context(), srv.URL+p)
		assert.ErrorIs(t, err, nodeinfo.ErrInvalidDocument, p)
		assert.True(t, strings.HasPrefix(err.Error(), "nodeinfo: "), err.Error())
	}
	_, err := c.Fetch(t.Context(), srv.URL+"/field")
	assert.Contains(t, err.Error(), "usage.users.total")
}

func TestFetchBadURL(t *testing.T) {
	t.Parallel()
	c := nodeinfo.NewClient(nil)
	for _, u := range []string{"", "/nodeinfo/2.1", "ftp://example.com/x", "https://", "%", "https://u:pw@exa mple.com/", "ftp://u:pw@example.com/"} {
		_, err := c.Fetch(t.Context(), u)
		require.Error(t, err, u)
		assert.True(t, strings.HasPrefix(err.Error(), "nodeinfo: "), err.Error())
		assert.NotContains(t, err.Error(), "pw")
	}
	_, err := c.Fetch(t.Context(), "http://example.com/nodeinfo/2.1")
	assert.ErrorIs(t, err, nodeinfo.ErrInsecureScheme)
}

func TestGetBadHost(t *testing.T) {
	t.Parallel()
	c := nodeinfo.NewClient(nil)
	for _, h := range []string{"", "example.com/path", "https://example.com/path", "https://example.com/?q", "user@example.com",
		"https://user:pw@example.com", "https://user:pw@exa mple.com", "ftp://example.com", "https://", "example.com:99999", "exa mple.com"} {
		_, err := c.Get(t.Context(), h)
		require.Error(t, err, h)
		assert.True(t, strings.HasPrefix(err.Error(), "nodeinfo: invalid host"), err.Error())
		assert.NotContains(t, err.Error(), "pw@")
	}
	_, err := c.Get(t.Context(), "http://example.com")
	assert.ErrorIs(t, err, nodeinfo.ErrInsecureScheme)
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })

	_, err := c.Get(t.Context(), srv.URL)
	require.ErrorIs(t, err, nodeinfo.ErrNotFound)
	var re *nodeinfo.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusNotFound, re.StatusCode)
	assert.Equal(t, srv.URL+"/.well-known/nodeinfo", re.URL)

	_, err = c.Fetch(t.Context(), srv.URL+"/gone")
	assert.ErrorIs(t, err, nodeinfo.ErrNotFound)
}

func TestResponseError(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	mux.HandleFunc("/.well-known/nodeinfo", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	_, err := c.Discover(t.Context(), srv.URL)
	var re *nodeinfo.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusServiceUnavailable, re.StatusCode)
	assert.NotErrorIs(t, err, nodeinfo.ErrNotFound)
	assert.Equal(t, "nodeinfo: "+srv.URL+"/.well-known/nodeinfo answered 503 Service Unavailable", err.Error())
}

func TestRefusesLoopbackByDefault(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)

	c := nodeinfo.NewClient(&nodeinfo.ClientOptions{AllowHTTP: true})
	_, err := c.Get(t.Context(), srv.URL)
	require.ErrorIs(t, err, nodeinfo.ErrForbiddenAddress)
	var ae *nodeinfo.AddressError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "loopback", ae.Range)
	_, err = c.Fetch(t.Context(), srv.URL+"/nodeinfo/2.1")
	assert.ErrorIs(t, err, nodeinfo.ErrForbiddenAddress)
	assert.Zero(t, hits.Load(), "the server must not be reached")
}

// fixedResolver resolves every name to one address.
type fixedResolver netip.Addr

func (r fixedResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return []netip.Addr{netip.Addr(r)}, nil
}

func TestResolverAndHostName(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	port := srv.Listener.Addr().(interface{ AddrPort() netip.AddrPort }).AddrPort().Port()
	base := fmt.Sprintf("http://social.test:%d", port)
	serveJSON(t, mux, "/.well-known/nodeinfo", "", wellKnown(nodeinfo.Link{Rel: nodeinfo.Schema21, Href: base + "/ni"}))
	serveJSON(t, mux, "/ni", "", `{"version":"2.1","software":{"name":"x","version":"1"}}`)

	opts := testOptions()
	opts.Resolver = fixedResolver(netip.MustParseAddr("127.0.0.1"))
	n, err := nodeinfo.NewClient(opts).Get(t.Context(), base)
	require.NoError(t, err)
	assert.Equal(t, "x", n.Software.Name)
}

func TestCrossHostLinkRefused(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{"version":"2.1","software":{"name":"elsewhere","version":"1"}}`))
	}))
	t.Cleanup(other.Close)

	c, mux, srv := setup(t)
	serveJSON(t, mux, "/.well-known/nodeinfo", "", wellKnown(nodeinfo.Link{Rel: nodeinfo.Schema21, Href: other.URL + "/nodeinfo/2.1"}))

	_, err := c.Get(t.Context(), srv.URL)
	require.ErrorIs(t, err, nodeinfo.ErrCrossHost)
	assert.Zero(t, hits.Load())

	opts := testOptions()
	opts.AllowCrossHost = true
	n, err := nodeinfo.NewClient(opts).Get(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "elsewhere", n.Software.Name)
}

func TestCrossHostFallsBackToSameHost(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/.well-known/nodeinfo", "", wellKnown(
		nodeinfo.Link{Rel: nodeinfo.Schema21, Href: "http://127.0.0.2:1/nodeinfo/2.1"},
		nodeinfo.Link{Rel: nodeinfo.Schema20, Href: srv.URL + "/nodeinfo/2.0"},
	))
	serveJSON(t, mux, "/nodeinfo/2.0", accept20, `{"version":"2.0"}`)
	n, err := c.Get(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "2.0", n.Version)
}

func TestLinkOnRedirectedHostAccepted(t *testing.T) {
	t.Parallel()
	// The host asked for redirects its discovery document to another
	// host, which links to itself, as with Mastodon's LOCAL_DOMAIN and
	// WEB_DOMAIN.
	webMux := http.NewServeMux()
	web := httptest.NewServer(webMux)
	t.Cleanup(web.Close)
	serveJSON(t, webMux, "/.well-known/nodeinfo", "", wellKnown(nodeinfo.Link{Rel: nodeinfo.Schema21, Href: web.URL + "/nodeinfo/2.1"}))
	serveJSON(t, webMux, "/nodeinfo/2.1", "", `{"version":"2.1","software":{"name":"mastodon","version":"4.3.0"}}`)

	c, mux, srv := setup(t)
	mux.Handle("/.well-known/nodeinfo", http.RedirectHandler(web.URL+"/.well-known/nodeinfo", http.StatusMovedPermanently))

	n, err := c.Get(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "mastodon", n.Software.Name)
}

func TestMaxBodySize(t *testing.T) {
	t.Parallel()
	_, mux, srv := setup(t)
	doc := `{"version":"2.1","metadata":{"pad":"` + strings.Repeat("x", 2000) + `"}}`
	serveJSON(t, mux, "/ni", "", doc)
	serveJSON(t, mux, "/.well-known/nodeinfo", "", `{"links":[],"pad":"`+strings.Repeat("x", 2000)+`"}`)

	opts := testOptions()
	opts.MaxBodySize = 1000
	c := nodeinfo.NewClient(opts)
	_, err := c.Fetch(t.Context(), srv.URL+"/ni")
	assert.ErrorIs(t, err, nodeinfo.ErrBodyTooLarge)
	_, err = c.Discover(t.Context(), srv.URL)
	assert.ErrorIs(t, err, nodeinfo.ErrBodyTooLarge)

	opts.MaxBodySize = int64(len(doc))
	n, err := nodeinfo.NewClient(opts).Fetch(t.Context(), srv.URL+"/ni")
	require.NoError(t, err, "a body of exactly the limit is read")
	assert.Equal(t, "2.1", n.Version)
}

func TestDefaultMaxBodySize(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"version":"2.1","metadata":{"pad":"`))
		_, _ = w.Write([]byte(strings.Repeat("x", nodeinfo.DefaultMaxBodySize)))
		_, _ = w.Write([]byte(`"}}`))
	})
	_, err := c.Fetch(t.Context(), srv.URL+"/big")
	assert.ErrorIs(t, err, nodeinfo.ErrBodyTooLarge)
}

func TestTooManyRedirects(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	mux.Handle("/loop", http.RedirectHandler("/loop", http.StatusFound))
	_, err := c.Fetch(t.Context(), srv.URL+"/loop")
	assert.ErrorIs(t, err, nodeinfo.ErrTooManyRedirects)
}

func TestUserAgentOption(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/ni", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "my-crawler/1.0", r.Header.Get("User-Agent"))
		_, _ = w.Write([]byte(`{"version":"2.1"}`))
	})
	opts := testOptions()
	opts.UserAgent = "my-crawler/1.0"
	_, err := nodeinfo.NewClient(opts).Fetch(t.Context(), srv.URL+"/ni")
	require.NoError(t, err)
}

func TestContextCanceled(t *testing.T) {
	t.Parallel()
	c, mux, srv := setup(t)
	serveJSON(t, mux, "/ni", "", `{"version":"2.1"}`)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.Fetch(ctx, srv.URL+"/ni")
	assert.ErrorIs(t, err, context.Canceled)
}
