package activitypub

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWantsActivityStreams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		accept string
		want   bool
	}{
		{"", false},
		{"*/*", false},
		{"application/activity+json", true},
		{`application/ld+json; profile="https://www.w3.org/ns/activitystreams"`, true},
		{"application/ld+json", true},
		// Mastodon's fetches.
		{`application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`, true},
		// A browser.
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false},
		{"text/html;q=0.9, application/activity+json", true},
		{"text/html, application/activity+json;q=0.5", false},
		{"application/activity+json;q=0", false},
		{"application/activity+json;q=2", false},
		{"application/json", false},
		{"garbage;;, application/activity+json", true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if tt.accept != "" {
			r.Header.Set("Accept", tt.accept)
		}
		assert.Equal(t, tt.want, WantsActivityStreams(r), "Accept: %s", tt.accept)
	}
}

func TestObjectHandler(t *testing.T) {
	t.Parallel()
	actor, err := Decode([]byte(`{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/users/alice","type":"Person","url":"https://a.example/@alice"}`), nil)
	require.NoError(t, err)
	tomb, err := NewTombstone("https://a.example/users/bob", "Person", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	h := &ObjectHandler{
		Lookup: func(r *http.Request) (*Document, error) {
			switch r.URL.Path {
			case "/users/alice":
				return actor, nil
			case "/users/bob":
				return tomb, fmt.Errorf("deleted: %w", ErrGone)
			case "/users/carol":
				return nil, errors.New("db down")
			}
			return nil, ErrNotFound
		},
		HTML: func(_ *http.Request, doc *Document) string {
			u, _ := doc.Root().Get("url").IRI()
			return u
		},
	}
	get := func(method, path, accept string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "https://a.example"+path, nil)
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}

	rec := get(http.MethodGet, "/users/alice", "application/activity+json")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, ContentType, rec.Header().Get("Content-Type"))
	assert.Equal(t, "Accept", rec.Header().Get("Vary"))
	assert.JSONEq(t, string(actor.AppendJSON(nil)), rec.Body.String())

	rec = get(http.MethodGet, "/users/alice", "text/html,*/*;q=0.8")
	assert.Equal(t, http.StatusSeeOther, rec.Code)
	assert.Equal(t, "https://a.example/@alice", rec.Header().Get("Location"))
	assert.Equal(t, "Accept", rec.Header().Get("Vary"))

	rec = get(http.MethodHead, "/users/alice", "application/activity+json")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Body.String())

	rec = get(http.MethodGet, "/users/bob", "application/activity+json")
	assert.Equal(t, http.StatusGone, rec.Code)
	assert.JSONEq(t, `{"@context":"https://www.w3.org/ns/activitystreams","type":"Tombstone",
		"id":"https://a.example/users/bob","formerType":"Person","deleted":"2026-11-01T00:00:00Z"}`, rec.Body.String())

	assert.Equal(t, http.StatusNotFound, get(http.MethodGet, "/users/nobody", "").Code)
	rec = get(http.MethodGet, "/users/carol", "")
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.NotContains(t, rec.Body.String(), "db down")
	rec = get(http.MethodPut, "/users/alice", "")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))

	// Without an HTML page, everyone gets the document.
	plain := &ObjectHandler{Lookup: h.Lookup}
	rec = httptest.NewRecorder()
	plain.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://a.example/users/alice", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestNewTombstoneNeedsURL(t *testing.T) {
	t.Parallel()
	_, err := NewTombstone("not a url", "", time.Time{})
	assert.Error(t, err)
}
