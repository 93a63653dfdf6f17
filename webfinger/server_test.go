package webfinger

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testResolver() Resolver {
	return ResolverFunc(func(_ context.Context, resource string) (*JRD, error) {
		switch resource {
		case "acct:alice@social.example":
			return &JRD{
				Subject: "acct:alice@social.example",
				Aliases: []string{"https://social.example/@alice"},
				Links: []Link{
					{Rel: RelProfilePage, Type: "text/html", Href: "https://social.example/@alice"},
					{Rel: RelSelf, Type: MediaTypeActivity, Href: "https://social.example/users/alice"},
					{Rel: RelSubscribe, Template: "https://social.example/authorize_interaction?uri={uri}"},
				},
			}, nil
		case "acct:broken@social.example":
			return nil, errors.New("database on fire")
		}
		return nil, ErrNotFound
	})
}

func serve(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func TestHandler(t *testing.T) {
	t.Parallel()
	h := NewHandler(testResolver(), nil)

	w := serve(t, h, http.MethodGet, "/.well-known/webfinger?resource=acct%3Aalice%40social.example")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, MediaTypeJRD, w.Header().Get("Content-Type"))
	assert.Equal(t, "*", w.Header().Get("Access-Control-Allow-Origin"))
	j, err := ParseJRD(w.Body.Bytes())
	require.NoError(t, err)
	assert.Equal(t, "acct:alice@social.example", j.Subject)
	assert.Len(t, j.Links, 3)
	// No empty members on the wire.
	var raw map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &raw))
	assert.NotContains(t, raw, "properties")

	// rel filtering, with several rel parameters.
	w = serve(t, h, http.MethodGet, "/.well-known/webfinger?resource=acct%3Aalice%40social.example&rel=self&rel="+RelSubscribe)
	require.Equal(t, http.StatusOK, w.Code)
	j, err = ParseJRD(w.Body.Bytes())
	require.NoError(t, err)
	require.Len(t, j.Links, 2)
	assert.Equal(t, RelSelf, j.Links[0].Rel)
	assert.Equal(t, RelSubscribe, j.Links[1].Rel)
	assert.Equal(t, []string{"https://social.example/@alice"}, j.Aliases, "rel filters links only")

	assert.Equal(t, http.StatusBadRequest, serve(t, h, http.MethodGet, "/.well-known/webfinger").Code)
	assert.Equal(t, http.StatusBadRequest, serve(t, h, http.MethodGet, "/.well-known/webfinger?resource=").Code)
	assert.Equal(t, http.StatusNotFound, serve(t, h, http.MethodGet, "/.well-known/webfinger?resource=acct%3Abob%40social.example").Code)
	w = serve(t, h, http.MethodGet, "/.well-known/webfinger?resource=acct%3Abroken%40social.example")
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.NotContains(t, w.Body.String(), "fire", "resolver errors are not shown to strangers")
	w = serve(t, h, http.MethodPost, "/.well-known/webfinger?resource=acct%3Aalice%40social.example")
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.Equal(t, "GET, HEAD", w.Header().Get("Allow"))
	assert.Equal(t, http.StatusOK, serve(t, h, http.MethodHead, "/.well-known/webfinger?resource=acct%3Aalice%40social.example").Code)
}

func TestHostMetaHandler(t *testing.T) {
	t.Parallel()
	h := NewHostMetaHandler("https://social.example/")
	w := serve(t, h, http.MethodGet, "/.well-known/host-meta")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "application/xrd+xml; charset=utf-8", w.Header().Get("Content-Type"))
	x, err := ParseXRD(w.Body.Bytes())
	require.NoError(t, err)
	require.Len(t, x.Links, 1)
	assert.Equal(t, "https://social.example/.well-known/webfinger?resource={uri}", x.Links[0].Template)

	w = serve(t, h, http.MethodGet, "/.well-known/host-meta.json")
	require.Equal(t, http.StatusOK, w.Code)
	j, err := ParseJRD(w.Body.Bytes())
	require.NoError(t, err)
	l, ok := j.Link(RelLRDD)
	require.True(t, ok)
	assert.Equal(t, "https://social.example/.well-known/webfinger?resource={uri}", l.Template)

	assert.Equal(t, http.StatusMethodNotAllowed, serve(t, h, http.MethodDelete, "/.well-known/host-meta").Code)
}
