package peertube

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSearchVideos(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/search/videos", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{
			"search": {"peertube & co"}, "start": {"10"}, "count": {"5"}, "sort": {"-match"},
			"categoryOneOf": {"15"}, "licenceOneOf": {"1", "2"}, "languageOneOf": {"en"},
			"tagsOneOf": {"a"}, "tagsAllOf": {"b", "c"}, "privacyOneOf": {"1"}, "autoTagOneOf": {"spam"},
			"isLive": {"false"}, "isLocal": {"true"}, "nsfw": {"false"}, "hasHLSFiles": {"true"},
			"hasWebVideoFiles": {"false"}, "excludeAlreadyWatched": {"true"}, "include": {"1"}, "skipCount": {"true"},
			"uuids": {"9c9de5e8-0a1e-484a-b099-e80766180a6d"}, "host": {"videos.example"}, "searchTarget": {"search-index"},
			"startDate": {"2026-01-01T00:00:00Z"}, "endDate": {"2026-06-30T23:59:59Z"},
			"originallyPublishedStartDate": {"2010-01-01T00:00:00Z"}, "originallyPublishedEndDate": {"2011-01-01T00:00:00Z"},
			"durationMin": {"60"}, "durationMax": {"600"},
		})
		serveJSON(w, 200, corpus(t, "openapi/video-list.json"))
	})
	videos, resp, err := c.Search.Videos(t.Context(), "peertube & co", &VideoSearchOptions{
		VideoListOptions: VideoListOptions{
			ListOptions:   ListOptions{Start: 10, Count: 5, Sort: "-match"},
			CategoryOneOf: []int{15}, LicenceOneOf: []int{1, 2}, LanguageOneOf: []string{"en"},
			TagsOneOf: []string{"a"}, TagsAllOf: []string{"b", "c"}, PrivacyOneOf: []Privacy{PrivacyPublic},
			AutoTagOneOf: []string{"spam"}, IsLive: Ptr(false), IsLocal: Ptr(true), NSFW: "false",
			HasHLSFiles: Ptr(true), HasWebVideoFiles: Ptr(false), ExcludeAlreadyWatched: Ptr(true),
			Include: IncludeNotPublishedState, SkipCount: true,
		},
		UUIDs: []string{"9c9de5e8-0a1e-484a-b099-e80766180a6d"}, Host: "videos.example", SearchTarget: SearchIndex,
		StartDate:                    time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		EndDate:                      time.Date(2026, 6, 30, 23, 59, 59, 0, time.UTC),
		OriginallyPublishedStartDate: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC),
		OriginallyPublishedEndDate:   time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC),
		DurationMin:                  60, DurationMax: 600,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, videos, 1)
	assert.Equal(t, "What is PeerTube?", videos[0].Name)
}

// pagedSearch serves total results at path by start and count, and
// records the search text and the pages asked for.
func pagedSearch(t *testing.T, mux *http.ServeMux, pattern string, total int) *[]string {
	var asked []string
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		asked = append(asked, q.Get("search")+" "+q.Get("start")+"/"+q.Get("count"))
		start, _ := strconv.Atoi(q.Get("start"))
		count, _ := strconv.Atoi(q.Get("count"))
		var items []string
		for id := start + 1; id <= min(start+count, total); id++ {
			items = append(items, `{"id":`+strconv.Itoa(id)+`}`)
		}
		serveJSON(w, 200, `{"total":`+strconv.Itoa(total)+`,"data":[`+strings.Join(items, ",")+`]}`)
	})
	return &asked
}

func TestSearchVideosAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	asked := pagedSearch(t, mux, "GET /api/v1/search/videos", 3)
	opts := &VideoSearchOptions{VideoListOptions: VideoListOptions{ListOptions: ListOptions{Count: 2}}}
	var got []int64
	for v, err := range c.Search.VideosAll(t.Context(), "garden", opts) {
		require.NoError(t, err)
		got = append(got, v.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"garden /2", "garden 2/2"}, *asked)
	assert.Zero(t, opts.Start)
}

func TestSearchChannels(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/search/video-channels", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{
			"search": {"framasoft"}, "count": {"20"}, "sort": {"-createdAt"}, "host": {"framatube.org"},
			"handles": {"framasoft@framatube.org", "blender@video.blender.org"}, "searchTarget": {"local"},
		})
		serveJSON(w, 200, corpus(t, "openapi/channel-list.json"))
	})
	chs, resp, err := c.Search.Channels(t.Context(), "framasoft", &ChannelSearchOptions{
		ListOptions: ListOptions{Count: 20, Sort: "-createdAt"}, Host: "framatube.org",
		Handles: []string{"framasoft@framatube.org", "blender@video.blender.org"}, SearchTarget: SearchLocal,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, chs, 1)
	ch := chs[0]
	assert.EqualValues(t, 42, ch.ID)
	assert.Equal(t, "chocobozzz", ch.Name)
	assert.Equal(t, "Videos of Framasoft", ch.DisplayName)
	assert.Equal(t, "Videos made with <3 by Framasoft", ch.Description)
	require.NotNil(t, ch.OwnerAccount)
	assert.Equal(t, "chocobozzz", ch.OwnerAccount.Name)
}

func TestSearchChannelsAllWithoutText(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	asked := pagedSearch(t, mux, "GET /api/v1/search/video-channels", 2)
	var got []int64
	for ch, err := range c.Search.ChannelsAll(t.Context(), "", &ChannelSearchOptions{Handles: []string{"a@x", "b@y"}}) {
		require.NoError(t, err)
		got = append(got, ch.ID)
	}
	assert.Equal(t, []int64{1, 2}, got)
	assert.Equal(t, []string{" /100"}, *asked, "no search parameter when the text is empty")
}

func TestSearchPlaylists(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/search/video-playlists", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{
			"search": {"garden"}, "host": {"videos.example"}, "uuids": {"a", "b"}, "searchTarget": {"local"}, "start": {"3"},
		})
		serveJSON(w, 200, corpus(t, "openapi/playlist-list.json"))
	})
	pls, resp, err := c.Search.Playlists(t.Context(), "garden", &PlaylistSearchOptions{
		ListOptions: ListOptions{Start: 3}, Host: "videos.example", UUIDs: []string{"a", "b"}, SearchTarget: SearchLocal,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, pls, 1)
	assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", pls[0].ShortUUID)
}

func TestSearchPlaylistsAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	asked := pagedSearch(t, mux, "GET /api/v1/search/video-playlists", 5)
	var got []int64
	for p, err := range c.Search.PlaylistsAll(t.Context(), "a b", &PlaylistSearchOptions{ListOptions: ListOptions{Start: 1, Count: 2}}) {
		require.NoError(t, err)
		got = append(got, p.ID)
		if p.ID == 4 {
			break
		}
	}
	assert.Equal(t, []int64{2, 3, 4}, got)
	assert.Equal(t, []string{"a b 1/2", "a b 3/2"}, *asked, "a break stops the walk")
}

func TestSearchErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v1/search/videos", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "-1", r.URL.Query().Get("durationMin"))
		w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: durationMin","instance":"/api/v1/search/videos?search=x&durationMin=-1","invalid-params":{"durationMin":{"type":"field","value":"-1","msg":"Invalid value","path":"durationMin","location":"query"}}}`))
	})
	mux.HandleFunc("GET /api/v1/search/video-channels", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 500, `{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Search index unavailable"}`)
	})
	_, _, err := c.Search.Videos(t.Context(), "x", &VideoSearchOptions{DurationMin: -1})
	assert.ErrorIs(t, err, ErrBadRequest)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	require.Contains(t, er.InvalidParams, "durationMin")
	assert.Equal(t, "query", er.InvalidParams["durationMin"].Location)
	assert.JSONEq(t, `"-1"`, string(er.InvalidParams["durationMin"].Value))
	assert.Contains(t, err.Error(), "durationMin: Invalid value")

	var errs []error
	for ch, err := range c.Search.ChannelsAll(t.Context(), "x", &ChannelSearchOptions{SearchTarget: SearchIndex}) {
		assert.Nil(t, ch)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrServer)
}
