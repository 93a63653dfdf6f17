package mastodon

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminTrendsLinks(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/trends/links", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"5"}, "offset": {"10"}})
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_trends_links_200_01.json"))
	})
	links, _, err := c.Admin.Trends.Links(t.Context(), &AdminTrendsOptions{Limit: 5, Offset: 10})
	require.NoError(t, err)
	require.Len(t, links, 1)
	l := links[0]
	assert.Equal(t, "https://twitter.com/arufa_faru/status/1594262272007753728", l.URL)
	assert.Equal(t, "Twitter", l.ProviderName)
	assert.Equal(t, 400, l.Width)
	require.Len(t, l.History, 7)
	assert.EqualValues(t, 9, l.History[0].Uses)
	assert.Equal(t, time.Date(2022, 11, 27, 0, 0, 0, 0, time.UTC), l.History[0].Time())
}

func TestAdminTrendsStatuses(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/trends/statuses", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{})
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_trends_statuses_200_01.json"))
	})
	statuses, _, err := c.Admin.Trends.Statuses(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, statuses, 1)
	assert.Equal(t, ID("109415512969053017"), statuses[0].ID)
	assert.Equal(t, ID("109332240210946752"), statuses[0].Account.ID)
	assert.Nil(t, statuses[0].Card)
}

func TestAdminTrendsTags(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/trends/tags", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"20"}})
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_trends_tags_200_01.json"))
	})
	tags, _, err := c.Admin.Trends.Tags(t.Context(), &AdminTrendsOptions{Limit: 20})
	require.NoError(t, err)
	require.Len(t, tags, 1)
	tag := tags[0]
	assert.Equal(t, ID("802"), tag.ID)
	assert.Equal(t, "caturday", tag.Name)
	assert.True(t, tag.Trendable)
	assert.True(t, tag.Usable)
	assert.False(t, tag.RequiresReview)
	require.Len(t, tag.History, 7)
	assert.EqualValues(t, 56, tag.History[0].Uses)
	assert.EqualValues(t, 53, tag.History[0].Accounts)
}

func TestAdminTrendsAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	// Five hashtags, two a page; the Link header names the public
	// endpoint, as Mastodon's does, and is not followed.
	mux.HandleFunc("GET /api/v1/admin/trends/tags", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "2", r.URL.Query().Get("limit"))
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		var page []string
		for i := off; i < 5 && len(page) < 2; i++ {
			page = append(page, fmt.Sprintf(`{"id":"%d","name":"t%d","url":"https://x.example/tags/t%d","history":[]}`, i, i, i))
		}
		w.Header().Set("Link", fmt.Sprintf(`<https://x.example/api/v1/trends/tags?limit=2&offset=%d>; rel="next"`, off+2))
		serveJSON(w, 200, "["+strings.Join(page, ",")+"]")
	})
	var names []string
	for tag, err := range c.Admin.Trends.TagsAll(t.Context(), &AdminTrendsOptions{Limit: 2, Offset: 1}) {
		require.NoError(t, err)
		names = append(names, tag.Name)
	}
	assert.Equal(t, []string{"t1", "t2", "t3", "t4"}, names)
	assert.EqualValues(t, 3, calls.Load(), "two full pages, then an empty one")

	// A server that ignores the offset: the repeated page ends the walk.
	mux.HandleFunc("GET /api/v1/admin/trends/links", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_trends_links_200_01.json"))
	})
	var urls []string
	for l, err := range c.Admin.Trends.LinksAll(t.Context(), nil) {
		require.NoError(t, err)
		urls = append(urls, l.URL)
	}
	assert.Len(t, urls, 1)

	// Statuses: an early break sends no further request.
	var statusCalls atomic.Int32
	mux.HandleFunc("GET /api/v1/admin/trends/statuses", func(w http.ResponseWriter, r *http.Request) {
		statusCalls.Add(1)
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_trends_statuses_200_01.json"))
	})
	for st, err := range c.Admin.Trends.StatusesAll(t.Context(), nil) {
		require.NoError(t, err)
		assert.Equal(t, ID("109415512969053017"), st.ID)
		break
	}
	assert.EqualValues(t, 1, statusCalls.Load())
}

func TestAdminTrendsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/trends/tags", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, corpus(t, "docs/method_admin_trends_tags_403_01.json"))
	})
	_, _, err := c.Admin.Trends.Tags(t.Context(), nil)
	assert.ErrorIs(t, err, ErrForbidden)
	var n int
	for _, err := range c.Admin.Trends.TagsAll(t.Context(), nil) {
		n++
		assert.ErrorIs(t, err, ErrForbidden)
	}
	assert.Equal(t, 1, n, "an error is yielded once")

	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("/api/v1/admin/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	var ns *NotSupportedError
	_, _, err = old.Admin.Trends.Links(t.Context(), nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/admin/trends/links", ns.Feature)
	_, _, err = old.Admin.Trends.Statuses(t.Context(), nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Admin.Trends.Tags(t.Context(), nil)
	assert.ErrorIs(t, err, ErrNotSupported)
}
