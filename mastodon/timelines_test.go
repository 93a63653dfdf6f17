package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimelinesReads(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/timelines/public", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"local": {"true"}, "only_media": {"true"}, "limit": {"5"}, "max_id": {"9"}})
		serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-timeline-public.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/tag/{hashtag}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "cats", r.PathValue("hashtag"))
		testFormValues(t, r, url.Values{"any[]": {"kittens", "meow"}, "all[]": {"cute"}, "none[]": {"dogs"},
			"remote": {"true"}, "limit": {"2"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_timelines_tag_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/home", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"min_id": {"5"}})
		serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-timeline-home.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/link", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"url": {"https://news.example/a?b=c&d=e"}, "limit": {"2"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_timelines_link_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/list/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "13", r.PathValue("id"))
		testFormValues(t, r, url.Values{})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_timelines_list_200_01.json"))
	})
	ctx := t.Context()

	pub, _, err := c.Timelines.Public(ctx, &PublicTimelineOptions{ListOptions: ListOptions{MaxID: "9", Limit: 5}, Local: true, OnlyMedia: true})
	require.NoError(t, err)
	require.Len(t, pub, 3)
	assert.Equal(t, ID("01M8A835YAAKPBQ6S2AY0WBPVT"), pub[0].ID)

	tag, _, err := c.Timelines.Tag(ctx, "#cats", &TagTimelineOptions{ListOptions: ListOptions{Limit: 2},
		Any: []string{"kittens", "meow"}, All: []string{"cute"}, None: []string{"dogs"}, Remote: true})
	require.NoError(t, err)
	require.Len(t, tag, 2)
	assert.NotEmpty(t, tag[0].Content)

	home, _, err := c.Timelines.Home(ctx, &ListOptions{MinID: "5"})
	require.NoError(t, err)
	require.Len(t, home, 5)
	assert.Equal(t, ID("01M8A8363Z7E3S3KZMPWG6WT4D"), home[0].ID)

	link, _, err := c.Timelines.Link(ctx, "https://news.example/a?b=c&d=e", &ListOptions{Limit: 2})
	require.NoError(t, err)
	assert.NotEmpty(t, link)

	lst, _, err := c.Timelines.List(ctx, "13", nil)
	require.NoError(t, err)
	assert.NotEmpty(t, lst)
}

func TestTimelinesErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/v1/timelines/home", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_timelines_home_401_01.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/public", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_timelines_public_401_01.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/tag/{hashtag}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_timelines_tag_404_01.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/list/{id}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_timelines_list_404_01.json"))
	})
	mux.HandleFunc("GET /api/v1/timelines/link", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Query().Get("url") == "https://not.trending/" {
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_timelines_link_404_01.json"))
			return
		}
		// What a server without the route answers.
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	_, _, err := c.Timelines.Home(ctx, nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Timelines.Public(ctx, &PublicTimelineOptions{Remote: true})
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Timelines.Tag(ctx, "nothing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Timelines.List(ctx, "99", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Timelines.Link(ctx, "https://not.trending/", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Timelines.Link(ctx, "https://old.server/", nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 6, requests.Load())

	_, _, err = c.Timelines.Tag(ctx, "#", nil)
	assert.Error(t, err)
	_, _, err = c.Timelines.Tag(ctx, "..", nil)
	assert.Error(t, err)
	_, _, err = c.Timelines.List(ctx, "", nil)
	assert.Error(t, err)
	_, _, err = c.Timelines.Link(ctx, "", nil)
	assert.Error(t, err)
	assert.EqualValues(t, 6, requests.Load(), "no request for invalid input")
}

func TestTimelinesAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	// page serves two pages: ids a, b, then c; the next link carries
	// max_id.
	page := func(path string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Query().Get("max_id") {
			case "":
				w.Header().Set("Link", `<https://x.example/`+path+`?max_id=b>; rel="next", <https://x.example/`+path+`?min_id=a>; rel="prev"`)
				serveJSON(w, http.StatusOK, `[{"id":"a"},{"id":"b"}]`)
			case "b":
				serveJSON(w, http.StatusOK, `[{"id":"c"}]`)
			default:
				t.Errorf("unexpected max_id %q", r.URL.Query().Get("max_id"))
			}
		}
	}
	var tagQuery, publicQuery, linkQuery atomic.Value
	mux.HandleFunc("GET /api/v1/timelines/home", page("api/v1/timelines/home"))
	mux.HandleFunc("GET /api/v1/timelines/list/{id}", page("api/v1/timelines/list/1"))
	mux.HandleFunc("GET /api/v1/timelines/public", func(w http.ResponseWriter, r *http.Request) {
		publicQuery.Store(r.URL.Query().Get("remote"))
		page("api/v1/timelines/public")(w, r)
	})
	mux.HandleFunc("GET /api/v1/timelines/tag/{hashtag}", func(w http.ResponseWriter, r *http.Request) {
		tagQuery.Store(r.URL.Query().Get("only_media"))
		page("api/v1/timelines/tag/x")(w, r)
	})
	mux.HandleFunc("GET /api/v1/timelines/link", func(w http.ResponseWriter, r *http.Request) {
		linkQuery.Store(r.URL.Query().Get("url"))
		page("api/v1/timelines/link")(w, r)
	})
	collect := func(seq func(yield func(*Status, error) bool)) []ID {
		var ids []ID
		for st, err := range seq {
			require.NoError(t, err)
			ids = append(ids, st.ID)
		}
		return ids
	}
	ctx := t.Context()
	want := []ID{"a", "b", "c"}
	opts := &ListOptions{Limit: 2}
	assert.Equal(t, want, collect(c.Timelines.HomeAll(ctx, opts)))
	assert.Empty(t, opts.MaxID, "the caller's options are not changed")
	assert.Equal(t, want, collect(c.Timelines.ListAll(ctx, "1", nil)))
	assert.Equal(t, want, collect(c.Timelines.PublicAll(ctx, &PublicTimelineOptions{Remote: true})))
	assert.Equal(t, "true", publicQuery.Load())
	assert.Equal(t, want, collect(c.Timelines.TagAll(ctx, "x", &TagTimelineOptions{OnlyMedia: true})))
	assert.Equal(t, "true", tagQuery.Load())
	assert.Equal(t, want, collect(c.Timelines.LinkAll(ctx, "https://a.example/", nil)))
	assert.Equal(t, "https://a.example/", linkQuery.Load())
}
