package nodeinfo

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rel          string
		major, minor int
		ok           bool
	}{
		{"http://nodeinfo.diaspora.software/ns/schema/2.1", 2, 1, true},
		{"https://nodeinfo.diaspora.software/ns/schema/2.0#", 2, 0, true},
		{" HTTP://NODEINFO.DIASPORA.SOFTWARE/ns/schema/1.0/ ", 1, 0, true},
		{"http://nodeinfo.diaspora.software/ns/schema/2.10", 2, 10, true},
		{"http://nodeinfo.diaspora.software/ns/schema/2", 0, 0, false},
		{"http://nodeinfo.diaspora.software/ns/schema/x.y", 0, 0, false},
		{"http://nodeinfo.diaspora.software/ns/schema/-1.0", 0, 0, false},
		{"http://nodeinfo.example/ns/schema/2.1", 0, 0, false},
		{"nodeinfo.diaspora.software/ns/schema/2.1", 0, 0, false},
		{"self", 0, 0, false},
	}
	for _, tt := range tests {
		major, minor, ok := parseRel(tt.rel)
		assert.Equal(t, tt.ok, ok, tt.rel)
		if tt.ok {
			assert.Equal(t, [2]int{tt.major, tt.minor}, [2]int{major, minor}, tt.rel)
		}
	}
}

func TestRankOrder(t *testing.T) {
	t.Parallel()
	order := [][2]int{{2, 1}, {2, 0}, {2, 2}, {2, 3}, {1, 1}, {1, 0}}
	for i := 1; i < len(order); i++ {
		assert.Greater(t, rank(order[i-1][0], order[i-1][1]), rank(order[i][0], order[i][1]), "%v before %v", order[i-1], order[i])
	}
	assert.Zero(t, rank(3, 0))
	assert.Zero(t, rank(0, 9))
}

func TestSupportedVersion(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"1.0", "1.1", "2.0", "2.1", "2.2", "2.10", "2.1.0"} {
		assert.True(t, supportedVersion(v), v)
	}
	for _, v := range []string{"", "2", "2.", "3.0", "2.x", "v2.1", "12.0", "2..1"} {
		assert.False(t, supportedVersion(v), v)
	}
}

func TestSameHost(t *testing.T) {
	t.Parallel()
	parse := func(s string) *url.URL {
		u, err := url.Parse(s)
		require.NoError(t, err)
		return u
	}
	base := parse("https://Social.Example/.well-known/nodeinfo")
	assert.True(t, sameHost(parse("https://social.example/nodeinfo/2.1"), base))
	assert.True(t, sameHost(parse("https://social.example.:443/x"), base))
	assert.False(t, sameHost(parse("https://social.example:8443/x"), base))
	assert.False(t, sameHost(parse("http://social.example/x"), base), "another port")
	assert.False(t, sameHost(parse("https://cdn.social.example/x"), base))
	assert.True(t, sameHost(parse("https://cdn.example/x"), base, parse("https://cdn.example/")))
}

// TestGetHTTPLinkFromHTTPS uses an https discovery document, which needs
// the test server's certificate: the client is built around the test
// server's own http.Client instead of the guarded one.
func TestGetHTTPLinkFromHTTPS(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	mux.HandleFunc("/.well-known/nodeinfo", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"links":[{"rel":%q,"href":"http://%s/nodeinfo/2.1"}]}`, Schema21, u.Host)
	})
	c := &Client{
		http:      srv.Client(),
		maxBody:   DefaultMaxBodySize,
		userAgent: "test",
		logger:    slog.New(slog.DiscardHandler),
	}
	_, err = c.Get(t.Context(), srv.URL)
	assert.ErrorIs(t, err, ErrInsecureScheme)

	mux.HandleFunc("/nodeinfo/2.1", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"version":"2.1"}`)
	})
	n, err := c.Fetch(t.Context(), srv.URL+"/nodeinfo/2.1")
	require.NoError(t, err)
	assert.Equal(t, "2.1", n.Version)
}
