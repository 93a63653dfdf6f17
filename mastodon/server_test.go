package mastodon

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A server whose instance document does not tell its software is named by
// its NodeInfo document.
func TestServerFromNodeInfo(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"domain":"odd.example","version":"2024.1","source_url":"https://example.org/odd"}`)
	})
	mux.HandleFunc("GET /.well-known/nodeinfo", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1","href":"`+srv.URL+`/nodeinfo/2.1"}]}`)
	})
	mux.HandleFunc("GET /nodeinfo/2.1", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"version":"2.1","software":{"name":"iceshrimp","version":"2024.1-beta"},"protocols":["activitypub"],"services":{"inbound":[],"outbound":[]},"openRegistrations":false,"usage":{"users":{}},"metadata":{}}`)
	})
	c, err := NewClient(srv.URL, &Options{AllowLoopback: true, AllowHTTP: true})
	require.NoError(t, err)
	si, err := c.Server(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "iceshrimp", si.Software)
	assert.Equal(t, "2024.1", si.Version)
	assert.NoError(t, c.Require(t.Context(), FeatureGroupedNotifications), "unknown servers are given the benefit of the doubt")
	assert.False(t, si.HonoursIdempotencyKey())
}

// Without an instance document, NodeInfo alone tells.
func TestServerOnlyNodeInfo(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("GET /.well-known/nodeinfo", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.0","href":"`+srv.URL+`/nodeinfo/2.0"}]}`)
	})
	mux.HandleFunc("GET /nodeinfo/2.0", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"version":"2.0","software":{"name":"mastodon","version":"3.5.3"},"protocols":["activitypub"],"services":{"inbound":[],"outbound":[]},"openRegistrations":true,"usage":{"users":{}},"metadata":{}}`)
	})
	c, err := NewClient(srv.URL, &Options{AllowLoopback: true, AllowHTTP: true, MaxRetries: -1})
	require.NoError(t, err)
	si, err := c.Server(t.Context())
	require.NoError(t, err)
	assert.Equal(t, SoftwareMastodon, si.Software)
	assert.True(t, si.AtLeast(3, 5, 3))
	err = c.Require(t.Context(), FeatureGroupedNotifications)
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.Contains(t, err.Error(), "mastodon 3.5.3")
}

func TestServerUnreachable(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, &Options{AllowLoopback: true, AllowHTTP: true, MaxRetries: -1})
	require.NoError(t, err)
	_, err = c.Server(t.Context())
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NoError(t, c.Require(t.Context(), FeatureQuotes), "not knowing is not a refusal")
}

func TestSupports(t *testing.T) {
	t.Parallel()
	m44 := parseServerInfo("4.4.2", "https://github.com/mastodon/mastodon", nil)
	assert.True(t, m44.Supports(FeatureGroupedNotifications))
	assert.True(t, m44.Supports(FeatureMediaDelete))
	assert.False(t, m44.Supports(FeatureQuotes))
	assert.True(t, m44.Supports(FeatureIdempotencyKey))
	gts := parseServerInfo("0.20.0", "https://codeberg.org/superseriousbusiness/gotosocial", nil)
	assert.True(t, gts.Supports(FeatureInstanceV2))
	assert.False(t, gts.Supports(FeatureGroupedNotifications))
	assert.False(t, gts.Supports(FeatureIdempotencyKey))
	assert.Equal(t, "quotes", FeatureQuotes.String())
	assert.True(t, errors.Is(&NotSupportedError{Feature: "x"}, ErrNotSupported))
}
