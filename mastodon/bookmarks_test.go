package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveTwoPages serves the list at path (a GET) in two pages of limit=2:
// first, with link as its Link header, then, for max_id=next, last
// without one. It returns the count of requests.
func serveTwoPages(t *testing.T, mux *http.ServeMux, path, first, link, next, last string) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch r.URL.Query().Get("max_id") {
		case "":
			testFormValues(t, r, url.Values{"limit": {"2"}})
			w.Header().Set("Link", link)
			serveJSON(w, http.StatusOK, first)
		case next:
			testFormValues(t, r, url.Values{"limit": {"2"}, "max_id": {next}})
			serveJSON(w, http.StatusOK, last)
		default:
			t.Errorf("unexpected page %s", r.URL)
			serveJSON(w, http.StatusBadRequest, `{"error":"unexpected page"}`)
		}
	})
	return &n
}

func TestBookmarks(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	calls := serveTwoPages(t, mux, "/api/v1/bookmarks", corpus(t, "docs/partial/method_bookmarks_request_200_01.json"),
		`<https://mastodon.example/api/v1/bookmarks?max_id=23771>; rel="next", <https://mastodon.example/api/v1/bookmarks?min_id=370065>; rel="prev"`,
		"23771", `[{"id":"1","content":"<p>oldest</p>"}]`)
	ctx := t.Context()

	sts, resp, err := c.Bookmarks.List(ctx, &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, sts, 2)
	assert.Equal(t, ID("108724195870225687"), sts[0].ID)
	assert.Equal(t, ID("108200775562138405"), sts[1].InReplyToID)
	assert.Equal(t, "23771", resp.NextMaxID, "bookmark ids, not status ids")
	assert.Equal(t, "370065", resp.PrevMinID)

	var ids []ID
	for st, err := range c.Bookmarks.ListAll(ctx, &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, st.ID)
	}
	assert.Equal(t, []ID{"108724195870225687", "108200780982641655", "1"}, ids)
	assert.EqualValues(t, 3, calls.Load())
}

func TestBookmarksError(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/bookmarks", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_bookmarks_request_401_01.json"))
	})
	_, _, err := c.Bookmarks.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	n := 0
	for _, err := range c.Bookmarks.ListAll(t.Context(), nil) {
		n++
		assert.ErrorIs(t, err, ErrUnauthorized)
	}
	assert.Equal(t, 1, n)
}
