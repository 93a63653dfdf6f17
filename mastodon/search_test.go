package mastodon

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSearchQuery(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/search", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("q") {
		case "bob":
			testFormValues(t, r, url.Values{"q": {"bob"}})
			serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-search-v2.json"))
		default:
			testFormValues(t, r, url.Values{"q": {"cats"}, "type": {"statuses"}, "resolve": {"true"}, "following": {"true"},
				"account_id": {"9"}, "exclude_unreviewed": {"true"}, "max_id": {"8"}, "min_id": {"2"}, "limit": {"2"}, "offset": {"4"}})
			serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_search_v2_200_01.json"))
		}
	})
	ctx := t.Context()
	res, _, err := c.Search.Query(ctx, "bob", nil)
	require.NoError(t, err)
	require.Len(t, res.Accounts, 1)
	assert.Equal(t, "bob", res.Accounts[0].Acct)
	assert.Len(t, res.Statuses, 1)
	assert.Empty(t, res.Hashtags)

	res, _, err = c.Search.Query(ctx, "cats", &SearchOptions{Type: SearchStatuses, Resolve: true, Following: true, AccountID: "9",
		ExcludeUnreviewed: true, MaxID: "8", MinID: "2", Limit: 2, Offset: 4})
	require.NoError(t, err)
	assert.Len(t, res.Accounts, 2)
	assert.Len(t, res.Statuses, 2)
	require.Len(t, res.Hashtags, 2)
	assert.Equal(t, "cats", res.Hashtags[0].Name)
}

func TestSearchErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v2/search", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_search_v2_401_01.json"))
	})
	_, _, err := c.Search.Query(t.Context(), "x", &SearchOptions{Resolve: true})
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Search.Query(t.Context(), "", nil)
	assert.Error(t, err)
	assert.EqualValues(t, 1, calls.Load(), "no request without a query")
	for _, err := range c.Search.QueryAccountsAll(t.Context(), "x", nil) {
		assert.ErrorIs(t, err, ErrUnauthorized)
	}
}

// The offset twins walk pages by offset until an empty page.
func TestSearchQueryAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v2/search", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		assert.Equal(t, "2", q.Get("limit"), "the caller's options are kept")
		assert.Equal(t, "true", q.Get("resolve"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		// Five results of each kind: offsets 0, 2, 4 have some.
		var items []string
		for i := offset; i < 5 && i < offset+2; i++ {
			switch q.Get("type") {
			case "accounts":
				items = append(items, fmt.Sprintf(`{"id":"a%d"}`, i))
			case "statuses":
				items = append(items, fmt.Sprintf(`{"id":"s%d"}`, i))
			case "hashtags":
				items = append(items, fmt.Sprintf(`{"name":"t%d","url":""}`, i))
			}
		}
		list := "[" + strings.Join(items, ",") + "]"
		body := map[string]string{"accounts": "[]", "statuses": "[]", "hashtags": "[]"}
		body[q.Get("type")] = list
		serveJSON(w, http.StatusOK, fmt.Sprintf(`{"accounts":%s,"statuses":%s,"hashtags":%s}`, body["accounts"], body["statuses"], body["hashtags"]))
	})
	ctx := t.Context()
	opts := &SearchOptions{Limit: 2, Resolve: true, Type: SearchHashtags}

	var accounts []ID
	for a, err := range c.Search.QueryAccountsAll(ctx, "x", opts) {
		require.NoError(t, err)
		accounts = append(accounts, a.ID)
	}
	assert.Equal(t, []ID{"a0", "a1", "a2", "a3", "a4"}, accounts)
	assert.EqualValues(t, 4, calls.Load(), "three pages and an empty one")
	assert.Equal(t, SearchHashtags, opts.Type, "the caller's options are not changed")
	assert.Zero(t, opts.Offset)

	var statuses []ID
	for st, err := range c.Search.QueryStatusesAll(ctx, "x", &SearchOptions{Limit: 2, Resolve: true, Offset: 3}) {
		require.NoError(t, err)
		statuses = append(statuses, st.ID)
	}
	assert.Equal(t, []ID{"s3", "s4"}, statuses, "from the caller's offset")

	var tags []string
	for tag, err := range c.Search.QueryHashtagsAll(ctx, "x", opts) {
		require.NoError(t, err)
		tags = append(tags, tag.Name)
		if len(tags) == 3 {
			break
		}
	}
	assert.Equal(t, []string{"t0", "t1", "t2"}, tags)
}

// A server that ignores offset answers the first page again: the walk
// stops instead of looping.
func TestSearchQueryAllStopsOnRepeatedPage(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v2/search", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-search-v2.json"))
	})
	var n int
	for a, err := range c.Search.QueryAccountsAll(t.Context(), "bob", nil) {
		require.NoError(t, err)
		assert.Equal(t, "bob", a.Acct)
		n++
	}
	assert.Equal(t, 1, n)
	assert.EqualValues(t, 2, calls.Load())
}
