package mastodon

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrends(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/trends/tags", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"3"}, "offset": {"2"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_trends_tags_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/trends/statuses", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"1"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_trends_statuses_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/trends/links", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_trends_links_200_01.json"))
	})
	ctx := t.Context()

	tags, _, err := c.Trends.Tags(ctx, &TrendsOptions{Limit: 3, Offset: 2})
	require.NoError(t, err)
	require.NotEmpty(t, tags)
	assert.NotEmpty(t, tags[0].Name)
	assert.NotEmpty(t, tags[0].History)

	statuses, _, err := c.Trends.Statuses(ctx, &TrendsOptions{Limit: 1})
	require.NoError(t, err)
	require.Len(t, statuses, 1)
	assert.Equal(t, ID("108910940413327534"), statuses[0].ID)

	links, _, err := c.Trends.Links(ctx, nil)
	require.NoError(t, err)
	require.Len(t, links, 1)
	assert.Equal(t, "https://www.nbcnews.com/specials/plan-your-vote-2022-elections/index.html", links[0].URL)
	assert.Equal(t, PreviewCardType("link"), links[0].Type)
	require.Len(t, links[0].History, 7)
	assert.EqualValues(t, 23, links[0].History[1].Uses)
}

// trendPage serves n entries made by item(i), i from 1, by offset and
// limit.
func trendPage(n int, item func(int) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if limit == 0 {
			limit = 10
		}
		var items []string
		for i := offset + 1; i <= n && len(items) < limit; i++ {
			items = append(items, item(i))
		}
		serveJSON(w, http.StatusOK, "["+strings.Join(items, ",")+"]")
	}
}

func TestTrendsAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/trends/tags", trendPage(5, func(i int) string {
		return fmt.Sprintf(`{"name":"tag%d","url":"https://x.example/tags/tag%d","history":[]}`, i, i)
	}))
	mux.HandleFunc("GET /api/v1/trends/statuses", trendPage(3, func(i int) string {
		return fmt.Sprintf(`{"id":"%d","content":"<p>%d</p>"}`, i, i)
	}))
	mux.HandleFunc("GET /api/v1/trends/links", trendPage(4, func(i int) string {
		return fmt.Sprintf(`{"url":"https://news.example/%d","title":"%d","type":"link","history":[]}`, i, i)
	}))
	ctx := t.Context()

	var names []string
	for tag, err := range c.Trends.TagsAll(ctx, &TrendsOptions{Limit: 2}) {
		require.NoError(t, err)
		names = append(names, tag.Name)
	}
	assert.Equal(t, []string{"tag1", "tag2", "tag3", "tag4", "tag5"}, names)

	var ids []ID
	for st, err := range c.Trends.StatusesAll(ctx, &TrendsOptions{Offset: 1}) {
		require.NoError(t, err)
		ids = append(ids, st.ID)
	}
	assert.Equal(t, []ID{"2", "3"}, ids)

	var urls []string
	for l, err := range c.Trends.LinksAll(ctx, &TrendsOptions{Limit: 3}) {
		require.NoError(t, err)
		urls = append(urls, l.URL)
	}
	assert.Equal(t, []string{"https://news.example/1", "https://news.example/2", "https://news.example/3", "https://news.example/4"}, urls)
}

func TestTrendsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/trends/statuses", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, `{"error":"This API requires an authenticated user"}`)
	})
	// Mastodon before 3.5 has tags at /api/v1/trends only, and no links.
	mux.HandleFunc("GET /api/v1/trends/{kind}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	_, _, err := c.Trends.Statuses(ctx, nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Trends.Tags(ctx, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Trends.Links(ctx, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	var n int
	for _, err := range c.Trends.LinksAll(ctx, nil) {
		n++
		assert.ErrorIs(t, err, ErrNotSupported)
	}
	assert.Equal(t, 1, n)
}
