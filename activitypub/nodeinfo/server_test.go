package nodeinfo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub/nodeinfo"
)

// testSource is a server's document, with a counter that changes on every
// call.
func testSource(calls *atomic.Int64) nodeinfo.Source {
	return nodeinfo.SourceFunc(func(ctx context.Context) (*nodeinfo.NodeInfo, error) {
		n := calls.Add(1)
		return &nodeinfo.NodeInfo{
			Software: nodeinfo.Software{
				Name:       "FediKitTest",
				Version:    "1.2.3",
				Repository: "https://github.com/fedikit/fedikit",
			},
			OpenRegistrations: true,
			Usage: nodeinfo.Usage{
				Users:      nodeinfo.Users{Total: new(int64(10)), ActiveMonth: new(int64(4))},
				LocalPosts: new(n),
			},
		}, nil
	})
}

func newTestHandler(t *testing.T, src nodeinfo.Source, opts nodeinfo.HandlerOptions) http.Handler {
	t.Helper()
	if opts.BaseURL == "" {
		opts.BaseURL = "https://social.example"
	}
	h, err := nodeinfo.NewHandler(src, opts)
	require.NoError(t, err)
	return h
}

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestHandlerDiscovery(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	h := newTestHandler(t, testSource(&calls), nodeinfo.HandlerOptions{})

	rec := serve(h, http.MethodGet, "/.well-known/nodeinfo")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
	assert.JSONEq(t, `{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1","href":"https://social.example/nodeinfo/2.1"}]}`, rec.Body.String())
	assert.Zero(t, calls.Load(), "discovery does not need the document")
}

func TestHandlerDocument(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	h := newTestHandler(t, testSource(&calls), nodeinfo.HandlerOptions{})

	rec := serve(h, http.MethodGet, "/nodeinfo/2.1?ignored=1")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"`, rec.Header().Get("Content-Type"))
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))

	// Check the shape against the 2.1 schema's required members and types.
	var doc map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
	for _, key := range []string{"version", "software", "protocols", "services", "openRegistrations", "usage", "metadata"} {
		assert.Contains(t, doc, key)
	}
	assert.Len(t, doc, 7, "no members beyond the schema's")
	assert.Equal(t, "2.1", doc["version"])
	software, ok := doc["software"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, map[string]any{"name": "fedikittest", "version": "1.2.3", "repository": "https://github.com/fedikit/fedikit"}, software)
	assert.Equal(t, []any{"activitypub"}, doc["protocols"])
	assert.Equal(t, map[string]any{"inbound": []any{}, "outbound": []any{}}, doc["services"])
	assert.Equal(t, true, doc["openRegistrations"])
	assert.Equal(t, map[string]any{
		"users":      map[string]any{"total": 10.0, "activeMonth": 4.0},
		"localPosts": 1.0,
	}, doc["usage"])
	assert.Equal(t, map[string]any{}, doc["metadata"])

	// The Source is asked on every request.
	rec = serve(h, http.MethodGet, "/nodeinfo/2.1")
	var n nodeinfo.NodeInfo
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &n))
	assert.Equal(t, new(int64(2)), n.Usage.LocalPosts)
}

func TestHandlerDoesNotChangeSourceDocument(t *testing.T) {
	t.Parallel()
	doc := &nodeinfo.NodeInfo{Version: "2.0", Software: nodeinfo.Software{Name: "Keep", Version: "1"}}
	h := newTestHandler(t, nodeinfo.SourceFunc(func(context.Context) (*nodeinfo.NodeInfo, error) { return doc, nil }), nodeinfo.HandlerOptions{})
	rec := serve(h, http.MethodGet, "/nodeinfo/2.1")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `"version":"2.1"`)
	assert.Equal(t, &nodeinfo.NodeInfo{Version: "2.0", Software: nodeinfo.Software{Name: "Keep", Version: "1"}}, doc)
}

func TestHandlerKeepsProtocolsAndMetadata(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, nodeinfo.SourceFunc(func(context.Context) (*nodeinfo.NodeInfo, error) {
		return &nodeinfo.NodeInfo{
			Protocols: []string{"activitypub", "diaspora"},
			Services:  nodeinfo.Services{Outbound: []string{"rss2.0"}},
			Metadata:  json.RawMessage(`{"nodeName":"Test"}`),
		}, nil
	}), nodeinfo.HandlerOptions{})
	rec := serve(h, http.MethodGet, "/nodeinfo/2.1")
	var doc map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
	assert.Equal(t, []any{"activitypub", "diaspora"}, doc["protocols"])
	assert.Equal(t, map[string]any{"inbound": []any{}, "outbound": []any{"rss2.0"}}, doc["services"])
	assert.Equal(t, map[string]any{"nodeName": "Test"}, doc["metadata"])
}

func TestHandlerHead(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	h := newTestHandler(t, testSource(&calls), nodeinfo.HandlerOptions{})
	for _, p := range []string{"/.well-known/nodeinfo", "/nodeinfo/2.1"} {
		get := serve(h, http.MethodGet, p)
		head := serve(h, http.MethodHead, p)
		assert.Equal(t, http.StatusOK, head.Code, p)
		assert.Empty(t, head.Body.String(), p)
		assert.Equal(t, get.Header().Get("Content-Type"), head.Header().Get("Content-Type"), p)
		assert.Equal(t, get.Header().Get("Content-Length"), head.Header().Get("Content-Length"), p)
		assert.NotEmpty(t, head.Header().Get("Content-Length"), p)
	}
}

func TestHandlerMethods(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	h := newTestHandler(t, testSource(&calls), nodeinfo.HandlerOptions{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		for _, p := range []string{"/.well-known/nodeinfo", "/nodeinfo/2.1"} {
			rec := serve(h, m, p)
			assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, m+" "+p)
			assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"), m+" "+p)
		}
	}
	assert.Zero(t, calls.Load())
}

func TestHandlerPaths(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	h := newTestHandler(t, testSource(&calls), nodeinfo.HandlerOptions{})
	for _, p := range []string{"/", "/nodeinfo/2.1/", "/nodeinfo/2.0", "/.well-known/nodeinfo/", "/NODEINFO/2.1", "/.well-known/nodeinfox"} {
		assert.Equal(t, http.StatusNotFound, serve(h, http.MethodGet, p).Code, p)
		assert.Equal(t, http.StatusNotFound, serve(h, http.MethodPost, p).Code, p)
	}
}

func TestHandlerCustomPathAndBase(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	h := newTestHandler(t, testSource(&calls), nodeinfo.HandlerOptions{BaseURL: "https://example.org:8443/social/", Path: "/api/nodeinfo"})
	rec := serve(h, http.MethodGet, "/.well-known/nodeinfo")
	assert.JSONEq(t, `{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1","href":"https://example.org:8443/social/api/nodeinfo"}]}`, rec.Body.String())
	assert.Equal(t, http.StatusOK, serve(h, http.MethodGet, "/api/nodeinfo").Code)
	assert.Equal(t, http.StatusNotFound, serve(h, http.MethodGet, "/nodeinfo/2.1").Code)
}

func TestHandlerSourceError(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	h := newTestHandler(t, nodeinfo.SourceFunc(func(context.Context) (*nodeinfo.NodeInfo, error) {
		return nil, errors.New("database password=hunter2 unreachable")
	}), nodeinfo.HandlerOptions{Logger: logger})
	rec := serve(h, http.MethodGet, "/nodeinfo/2.1")
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "hunter2", "the error stays on the server")
	assert.Contains(t, logs.String(), "unreachable")

	h = newTestHandler(t, nodeinfo.SourceFunc(func(context.Context) (*nodeinfo.NodeInfo, error) { return nil, nil }), nodeinfo.HandlerOptions{})
	assert.Equal(t, http.StatusInternalServerError, serve(h, http.MethodGet, "/nodeinfo/2.1").Code)

	h = newTestHandler(t, nodeinfo.SourceFunc(func(context.Context) (*nodeinfo.NodeInfo, error) {
		return &nodeinfo.NodeInfo{Metadata: json.RawMessage(`[1]`)}, nil
	}), nodeinfo.HandlerOptions{})
	assert.Equal(t, http.StatusInternalServerError, serve(h, http.MethodGet, "/nodeinfo/2.1").Code)
}

func TestHandlerSourceGetsRequestContext(t *testing.T) {
	t.Parallel()
	type key struct{}
	h := newTestHandler(t, nodeinfo.SourceFunc(func(ctx context.Context) (*nodeinfo.NodeInfo, error) {
		assert.Equal(t, "v", ctx.Value(key{}))
		return &nodeinfo.NodeInfo{}, nil
	}), nodeinfo.HandlerOptions{})
	req := httptest.NewRequestWithContext(context.WithValue(t.Context(), key{}, "v"), http.MethodGet, "/nodeinfo/2.1", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestNewHandlerErrors(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	src := testSource(&calls)
	tests := []struct {
		name string
		src  nodeinfo.Source
		opts nodeinfo.HandlerOptions
	}{
		{"nil source", nil, nodeinfo.HandlerOptions{BaseURL: "https://a.example"}},
		{"nil SourceFunc", nodeinfo.SourceFunc(nil), nodeinfo.HandlerOptions{BaseURL: "https://a.example"}},
		{"no BaseURL", src, nodeinfo.HandlerOptions{}},
		{"relative BaseURL", src, nodeinfo.HandlerOptions{BaseURL: "social.example"}},
		{"ftp BaseURL", src, nodeinfo.HandlerOptions{BaseURL: "ftp://social.example"}},
		{"BaseURL with query", src, nodeinfo.HandlerOptions{BaseURL: "https://social.example/?x=1"}},
		{"BaseURL with user", src, nodeinfo.HandlerOptions{BaseURL: "https://u:p@social.example"}},
		{"bad BaseURL", src, nodeinfo.HandlerOptions{BaseURL: "https://social example"}},
		{"relative Path", src, nodeinfo.HandlerOptions{BaseURL: "https://a.example", Path: "nodeinfo/2.1"}},
		{"unclean Path", src, nodeinfo.HandlerOptions{BaseURL: "https://a.example", Path: "/nodeinfo/../2.1"}},
		{"Path with query", src, nodeinfo.HandlerOptions{BaseURL: "https://a.example", Path: "/nodeinfo?v=2.1"}},
		{"well-known Path", src, nodeinfo.HandlerOptions{BaseURL: "https://a.example", Path: "/.well-known/nodeinfo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := nodeinfo.NewHandler(tt.src, tt.opts)
			require.Error(t, err)
			assert.Nil(t, h)
			assert.True(t, strings.HasPrefix(err.Error(), "nodeinfo: "), err.Error())
		})
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	h, err := nodeinfo.NewHandler(testSource(&calls), nodeinfo.HandlerOptions{BaseURL: base})
	require.NoError(t, err)
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)

	c := nodeinfo.NewClient(testOptions())
	links, err := c.Discover(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, []nodeinfo.Link{{Rel: nodeinfo.Schema21, Href: base + "/nodeinfo/2.1"}}, links)

	n, err := c.Get(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, &nodeinfo.NodeInfo{
		Version: "2.1",
		Software: nodeinfo.Software{
			Name:       "fedikittest",
			Version:    "1.2.3",
			Repository: "https://github.com/fedikit/fedikit",
		},
		Protocols:         []string{"activitypub"},
		OpenRegistrations: true,
		Usage: nodeinfo.Usage{
			Users:      nodeinfo.Users{Total: new(int64(10)), ActiveMonth: new(int64(4))},
			LocalPosts: new(int64(1)),
		},
		Metadata: json.RawMessage("{}"),
	}, n)
}
