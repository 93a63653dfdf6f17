package activitypub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walkAll collects the IRIs (or ids) of the items of a remote collection.
func walkAll(t *testing.T, f *Fetcher, iri string, opts *ItemsOptions) ([]string, error) {
	t.Helper()
	var got []string
	for it, err := range f.Items(t.Context(), iri, opts) {
		if err != nil {
			return got, err
		}
		s, ok := it.IRI()
		require.True(t, ok, "item without an IRI: %s", it.Raw())
		got = append(got, s)
	}
	return got, nil
}

// The GoToSocial outbox: a collection pointing at its first page, whose
// next page is empty.
func TestItemsGoToSocialOutbox(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	base := w.url("gts.test", "")
	corpus := func(name string) string {
		b, err := os.ReadFile("testdata/corpus/" + name)
		require.NoError(t, err)
		return strings.ReplaceAll(string(b), "http://gts.test", base)
	}
	var fetches atomic.Int32
	w.handle("gts.test", "/users/alice/outbox", func(rw http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		q := r.URL.Query()
		switch {
		case q.Has("max_id"):
			serveAS(`{"@context":"https://www.w3.org/ns/activitystreams","id":"`+base+r.URL.RequestURI()+`","type":"OrderedCollectionPage","orderedItems":[],"next":"`+base+r.URL.RequestURI()+`"}`)(rw, r)
		case q.Has("limit"):
			serveAS(corpus("gotosocial-outbox-page.json"))(rw, r)
		default:
			serveAS(corpus("gotosocial-outbox.json"))(rw, r)
		}
	})
	f := w.fetcher(t, nil)

	var ids []string
	for it, err := range f.Items(t.Context(), base+"/users/alice/outbox", nil) {
		require.NoError(t, err)
		o, ok := it.Object()
		require.True(t, ok)
		assert.Equal(t, "Create", o.Type())
		ids = append(ids, o.ID())
	}
	// totalItems says 4, but GoToSocial pages only the public posts.
	assert.Len(t, ids, 3)
	assert.Equal(t, base+"/users/alice/statuses/01M8A835YAAKPBQ6S2AY0WBPVT/activity#Create", ids[0])
	assert.EqualValues(t, 3, fetches.Load(), "collection, page, empty page")
}

func TestItemsGoToSocialFeaturedInline(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	base := w.url("gts.test", "")
	b, err := os.ReadFile("testdata/corpus/gotosocial-featured.json")
	require.NoError(t, err)
	w.handle("gts.test", "/users/alice/collections/featured", serveAS(strings.ReplaceAll(string(b), "http://gts.test", base)))
	got, err := walkAll(t, w.fetcher(t, nil), base+"/users/alice/collections/featured", nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

// Mastodon embeds the first page of replies, often empty, in the
// collection.
func TestItemsEmbeddedFirstPage(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	c := w.url("m.test", "/notes/1/replies")
	w.handle("m.test", "/notes/1/replies", func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("page") {
			serveAS(`{"id":"`+c+`?page=true","type":"CollectionPage","partOf":"`+c+`","items":["https://x.test/r/1","https://x.test/r/2"]}`)(rw, r)
			return
		}
		serveAS(`{"@context":"https://www.w3.org/ns/activitystreams","id":"`+c+`","type":"Collection",
			"first":{"type":"CollectionPage","next":"`+c+`?page=true","partOf":"`+c+`","items":[]}}`)(rw, r)
	})
	got, err := walkAll(t, w.fetcher(t, nil), c, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"https://x.test/r/1", "https://x.test/r/2"}, got)
}

// pagedServer serves a collection of n items ("https://x.test/i/0"…) in
// pages of size, through a CollectionHandler, and counts requests.
func pagedServer(t *testing.T, w *fetchWorld, host string, n, size int) (string, *atomic.Int32) {
	t.Helper()
	id := w.url(host, "/c")
	var hits atomic.Int32
	h := &CollectionHandler{
		ID:    func(*http.Request) (string, error) { return id, nil },
		Count: func(*http.Request) (int, error) { return n, nil },
		Page: func(_ *http.Request, cursor string, limit int) ([]any, string, error) {
			start := 0
			if cursor != "" {
				var err error
				if start, err = strconv.Atoi(cursor); err != nil {
					return nil, "", ErrNotFound
				}
			}
			var items []any
			for i := start; i < n && len(items) < limit; i++ {
				items = append(items, fmt.Sprintf("https://x.test/i/%d", i))
			}
			next := ""
			if start+limit < n {
				next = strconv.Itoa(start + limit)
			}
			return items, next, nil
		},
		PageSize: size,
	}
	w.handle(host, "/c", func(rw http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h.ServeHTTP(rw, r)
	})
	return id, &hits
}

// What a CollectionHandler serves, a Fetcher walks, item for item.
func TestItemsRoundTrip(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id, hits := pagedServer(t, w, "c.test", 45, 10)
	got, err := walkAll(t, w.fetcher(t, nil), id, nil)
	require.NoError(t, err)
	require.Len(t, got, 45)
	for i, s := range got {
		assert.Equal(t, fmt.Sprintf("https://x.test/i/%d", i), s)
	}
	assert.EqualValues(t, 6, hits.Load(), "the collection and five pages")
}

func TestItemsBreakStopsFetching(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id, hits := pagedServer(t, w, "c.test", 45, 10)
	n := 0
	for _, err := range w.fetcher(t, nil).Items(t.Context(), id, nil) {
		require.NoError(t, err)
		if n++; n == 12 {
			break
		}
	}
	assert.EqualValues(t, 3, hits.Load(), "the collection and two pages")
}

func TestItemsLimits(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id, _ := pagedServer(t, w, "c.test", 45, 10)
	f := w.fetcher(t, nil)

	got, err := walkAll(t, f, id, &ItemsOptions{MaxItems: 25})
	assert.ErrorIs(t, err, ErrCollectionLimit)
	assert.Len(t, got, 25)

	got, err = walkAll(t, f, id, &ItemsOptions{MaxPages: 3})
	assert.ErrorIs(t, err, ErrCollectionLimit)
	assert.Len(t, got, 20, "the collection and two pages")
}

func TestItemsRefusals(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	c := w.url("a.test", "/c")
	page := func(id, next string) string {
		return `{"id":"` + id + `","type":"OrderedCollectionPage","orderedItems":["https://x.test/1"],"next":"` + next + `"}`
	}
	w.handle("a.test", "/c", func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("p") {
		case "loop":
			serveAS(page(c+"?p=loop", c+"?p=loop"))(rw, r)
		case "away":
			serveAS(page(c+"?p=away", w.url("b.test", "/c?p=1")))(rw, r)
		case "gone":
			serveAS(page(c+"?p=gone", c+"?p=410"))(rw, r)
		case "410":
			http.Error(rw, "gone", http.StatusGone)
		}
	})
	var bHits atomic.Int32
	w.handle("b.test", "/c", func(rw http.ResponseWriter, r *http.Request) {
		bHits.Add(1)
		serveAS(page(w.url("b.test", "/c?p=1"), ""))(rw, r)
	})
	f := w.fetcher(t, nil)

	got, err := walkAll(t, f, c+"?p=loop", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "comes round again")
	assert.Len(t, got, 1)

	got, err = walkAll(t, f, c+"?p=away", nil)
	assert.ErrorIs(t, err, ErrOriginMismatch)
	assert.Len(t, got, 1)
	assert.Zero(t, bHits.Load(), "a page on another origin is not fetched")

	_, err = walkAll(t, f, c+"?p=gone", nil)
	assert.ErrorIs(t, err, ErrGone)

	_, err = walkAll(t, f, w.url("a.test", "/none"), nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestItemsCancelled(t *testing.T) {
	t.Parallel()
	w := newFetchWorld(t)
	id, hits := pagedServer(t, w, "c.test", 45, 10)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	n := 0
	var last error
	for _, err := range w.fetcher(t, nil).Items(ctx, id, nil) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 10 {
			cancel()
		}
	}
	assert.ErrorIs(t, last, context.Canceled)
	assert.EqualValues(t, 2, hits.Load())
}

// serveCollection runs one request through h and decodes the answer.
func serveCollection(t *testing.T, h http.Handler, target string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	var m map[string]any
	if rec.Code == http.StatusOK {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m), rec.Body.String())
	}
	return rec, m
}

func TestCollectionHandler(t *testing.T) {
	t.Parallel()
	note, err := Decode([]byte(noteJSON("https://a.example/notes/1")), nil)
	require.NoError(t, err)
	h := &CollectionHandler{
		ID:    func(*http.Request) (string, error) { return "https://a.example/users/alice/outbox", nil },
		Count: func(*http.Request) (int, error) { return 3, nil },
		Page: func(_ *http.Request, cursor string, limit int) ([]any, string, error) {
			assert.Equal(t, 2, limit)
			if cursor == "" {
				return []any{note, "https://a.example/notes/2"}, "2", nil
			}
			return []any{json.RawMessage(`{"id":"https://a.example/notes/3","type":"Note"}`)}, "", nil
		},
		PageSize: 2,
	}

	rec, m := serveCollection(t, h, "https://a.example/users/alice/outbox")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, ContentType, rec.Header().Get("Content-Type"))
	assert.Equal(t, "OrderedCollection", m["type"])
	assert.EqualValues(t, 3, m["totalItems"])
	assert.Equal(t, "https://a.example/users/alice/outbox?page=true", m["first"])
	assert.NotContains(t, m, "orderedItems")

	_, m = serveCollection(t, h, "https://a.example/users/alice/outbox?page=true")
	assert.Equal(t, "OrderedCollectionPage", m["type"])
	assert.Equal(t, "https://a.example/users/alice/outbox?page=true", m["id"])
	assert.Equal(t, "https://a.example/users/alice/outbox", m["partOf"])
	assert.Equal(t, "https://a.example/users/alice/outbox?cursor=2&page=true", m["next"])
	items := m["orderedItems"].([]any)
	require.Len(t, items, 2)
	assert.Equal(t, "hi", items[0].(map[string]any)["content"])
	assert.Equal(t, "https://a.example/notes/2", items[1])

	_, m = serveCollection(t, h, "https://a.example/users/alice/outbox?page=true&cursor=2")
	assert.NotContains(t, m, "next")
	assert.Len(t, m["orderedItems"], 1)

	// Hidden: no pages.
	hidden := *h
	hidden.Page = nil
	_, m = serveCollection(t, &hidden, "https://a.example/users/alice/followers?page=true")
	assert.Equal(t, "OrderedCollection", m["type"])
	assert.EqualValues(t, 3, m["totalItems"])
	assert.NotContains(t, m, "first")

	// Unordered.
	un := *h
	un.Unordered = true
	_, m = serveCollection(t, &un, "https://a.example/c?page=true")
	assert.Equal(t, "CollectionPage", m["type"])
	assert.Len(t, m["items"], 2)
}

func TestCollectionHandlerInline(t *testing.T) {
	t.Parallel()
	h := &CollectionHandler{
		ID: func(*http.Request) (string, error) { return "https://a.example/users/alice/featured", nil },
		Page: func(*http.Request, string, int) ([]any, string, error) {
			return []any{"https://a.example/notes/1"}, "", nil
		},
		Inline: true,
	}
	_, m := serveCollection(t, h, "https://a.example/users/alice/featured")
	assert.Equal(t, []any{"https://a.example/notes/1"}, m["orderedItems"])
	assert.NotContains(t, m, "first")
	assert.NotContains(t, m, "totalItems")
}

func TestCollectionHandlerErrors(t *testing.T) {
	t.Parallel()
	id := func(err error) func(*http.Request) (string, error) {
		return func(*http.Request) (string, error) { return "https://a.example/c", err }
	}
	page := func(items []any, err error) func(*http.Request, string, int) ([]any, string, error) {
		return func(*http.Request, string, int) ([]any, string, error) { return items, "", err }
	}
	tests := []struct {
		name   string
		h      *CollectionHandler
		method string
		target string
		status int
	}{
		{"not found", &CollectionHandler{ID: id(ErrNotFound)}, http.MethodGet, "/c", http.StatusNotFound},
		{"gone", &CollectionHandler{ID: id(fmt.Errorf("account deleted: %w", ErrGone))}, http.MethodGet, "/c", http.StatusGone},
		{"failure", &CollectionHandler{ID: id(errors.New("db down"))}, http.MethodGet, "/c", http.StatusInternalServerError},
		{"bad item", &CollectionHandler{ID: id(nil), Page: page([]any{42}, nil)}, http.MethodGet, "/c?page=true", http.StatusInternalServerError},
		{"page failure", &CollectionHandler{ID: id(nil), Page: page(nil, ErrNotFound)}, http.MethodGet, "/c?page=true", http.StatusNotFound},
		{"POST", &CollectionHandler{ID: id(nil)}, http.MethodPost, "/c", http.StatusMethodNotAllowed},
		{"HEAD", &CollectionHandler{ID: id(nil)}, http.MethodHead, "/c", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			tt.h.ServeHTTP(rec, httptest.NewRequest(tt.method, "https://a.example"+tt.target, nil))
			assert.Equal(t, tt.status, rec.Code)
			assert.NotContains(t, rec.Body.String(), "db down", "internal errors stay in the log")
			if tt.method == http.MethodHead {
				assert.Empty(t, rec.Body.String())
				assert.NotEmpty(t, rec.Header().Get("Content-Length"))
			}
		})
	}
}
