package peertube

import (
	"io"
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

func TestPlaylistsPrivacies(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-playlists/privacies", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "written/playlist-privacies.json"))
	})
	m, _, err := c.Playlists.Privacies(t.Context())
	require.NoError(t, err)
	assert.Equal(t, map[PlaylistPrivacy]string{PlaylistPublic: "Public", PlaylistUnlisted: "Unlisted", PlaylistPrivate: "Private"}, m)
}

func TestPlaylistsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-playlists", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"start": {"5"}, "count": {"10"}, "sort": {"-updatedAt"}, "playlistType": {"1"}})
		serveJSON(w, 200, corpus(t, "openapi/playlist-list.json"))
	})
	pls, resp, err := c.Playlists.List(t.Context(), &PlaylistListOptions{
		ListOptions:  ListOptions{Start: 5, Count: 10, Sort: "-updatedAt"},
		PlaylistType: PlaylistRegular,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, pls, 1)
	p := pls[0]
	assert.EqualValues(t, 42, p.ID)
	assert.Equal(t, "9c9de5e8-0a1e-484a-b099-e80766180a6d", p.UUID)
	assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", p.ShortUUID)
	assert.Equal(t, PlaylistPublic, p.Privacy.ID)
	assert.Equal(t, PlaylistRegular, p.Type.ID)
	require.NotNil(t, p.VideoChannel)
	assert.EqualValues(t, 42, p.VideoChannel.ID)
}

// pagedPlaylists serves total playlists at path, by start and count.
func pagedPlaylists(t *testing.T, mux *http.ServeMux, pattern string, total int) *[]string {
	var asked []string
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		asked = append(asked, q.Get("start")+"/"+q.Get("count"))
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

func playlistIDs(t *testing.T, seq func(func(*Playlist, error) bool)) []int64 {
	t.Helper()
	var out []int64
	for p, err := range seq {
		require.NoError(t, err)
		out = append(out, p.ID)
	}
	return out
}

func TestPlaylistsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	asked := pagedPlaylists(t, mux, "GET /api/v1/video-playlists", 3)
	opts := &PlaylistListOptions{ListOptions: ListOptions{Count: 2}}
	assert.Equal(t, []int64{1, 2, 3}, playlistIDs(t, c.Playlists.ListAll(t.Context(), opts)))
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
	assert.Zero(t, opts.Start, "the caller's options are not changed")
}

func TestPlaylistsListByAccount(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/video-playlists", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/accounts/alice@videos.example/video-playlists", r.URL.EscapedPath())
		testFormValues(t, r, url.Values{"count": {"3"}, "search": {"garden"}, "playlistType": {"1"}, "sort": {"displayName"}})
		serveJSON(w, 200, `{"total":1,"data":[`+corpus(t, "written/playlist.json")+`]}`)
	})
	pls, resp, err := c.Playlists.ListByAccount(t.Context(), "alice@videos.example", &AccountPlaylistListOptions{
		PlaylistListOptions: PlaylistListOptions{ListOptions: ListOptions{Count: 3, Sort: "displayName"}, PlaylistType: PlaylistRegular},
		Search:              "garden",
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, pls, 1)
	p := pls[0]
	assert.Equal(t, "Garden tours", p.DisplayName)
	assert.Equal(t, "Walks through **gardens**.", p.Description)
	assert.Equal(t, Constant[PlaylistPrivacy]{ID: PlaylistPublic, Label: "Public"}, p.Privacy)
	assert.Equal(t, 3, p.VideosLength)
	assert.True(t, p.IsLocal)
	assert.Equal(t, "/video-playlists/embed/3f4c1a2e-8a59-4c57-9d2b-6f0e4a1b2c3d", p.EmbedPath)
	assert.Equal(t, time.Date(2026, 11, 24, 18, 2, 31, 120000000, time.UTC), p.UpdatedAt)
	assert.Equal(t, "alice", p.OwnerAccount.Name)
	require.NotNil(t, p.VideoChannel)
	assert.Equal(t, "alice_garden", p.VideoChannel.Name)
	assert.Equal(t, 2, p.VideoChannelPosition)

	asked := pagedPlaylists(t, mux, "GET /api/v1/accounts/bob/video-playlists", 3)
	assert.Equal(t, []int64{1, 2, 3}, playlistIDs(t, c.Playlists.ListByAccountAll(t.Context(), "bob", nil)))
	assert.Equal(t, []string{"/100"}, *asked)
}

func TestPlaylistsListByChannel(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels/{handle}/video-playlists", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "alice_garden", r.PathValue("handle"))
		testFormValues(t, r, url.Values{"playlistType": {"1"}})
		serveJSON(w, 200, corpus(t, "openapi/playlist-list.json"))
	})
	pls, resp, err := c.Playlists.ListByChannel(t.Context(), "alice_garden", &PlaylistListOptions{PlaylistType: PlaylistRegular})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, pls, 1)

	asked := pagedPlaylists(t, mux, "GET /api/v1/video-channels/other/video-playlists", 2)
	assert.Equal(t, []int64{1, 2}, playlistIDs(t, c.Playlists.ListByChannelAll(t.Context(), "other", &PlaylistListOptions{ListOptions: ListOptions{Count: 1}})))
	assert.Equal(t, []string{"/1", "1/1"}, *asked)
}

func TestPlaylistsWatchLater(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/video-playlists", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"count": {"100"}, "playlistType": {"2"}})
		switch r.PathValue("name") {
		case "alice":
			serveJSON(w, 200, `{"total":1,"data":[{"id":2,"displayName":"Watch later","privacy":{"id":3,"label":"Private"},"type":{"id":2,"label":"Watch later"}}]}`)
		case "old":
			// A server that does not filter by type.
			serveJSON(w, 200, `{"total":2,"data":[{"id":1,"type":{"id":1}},{"id":3,"type":{"id":2}}]}`)
		case "older":
			serveJSON(w, 200, `{"total":1,"data":[{"id":1,"type":{"id":1}}]}`)
		default:
			serveJSON(w, 200, `{"total":0,"data":[]}`)
		}
	})
	p, _, err := c.Playlists.WatchLater(t.Context(), "alice")
	require.NoError(t, err)
	assert.EqualValues(t, 2, p.ID)
	assert.Equal(t, PlaylistWatchLater, p.Type.ID)
	assert.Equal(t, PlaylistPrivate, p.Privacy.ID)

	p, _, err = c.Playlists.WatchLater(t.Context(), "old")
	require.NoError(t, err)
	assert.EqualValues(t, 3, p.ID, "found among the others")

	for _, name := range []string{"bob", "older"} {
		p, resp, err := c.Playlists.WatchLater(t.Context(), name)
		assert.ErrorIs(t, err, ErrNotFound, name)
		assert.Nil(t, p)
		assert.NotNil(t, resp)
	}
}

func TestPlaylistsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-playlists/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "9c9de5e8-0a1e-484a-b099-e80766180a6d":
			serveJSON(w, 200, corpus(t, "openapi/playlist.json"))
		case "spec-spelling":
			serveJSON(w, 200, `{"id":1,"videoLength":4,"videoChannel":null}`)
		case "private":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot get this private video playlist."}`)
		case "bad":
			w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
			w.WriteHeader(400)
			_, _ = io.WriteString(w, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: playlistId","instance":"/api/v1/video-playlists/bad","invalid-params":{"playlistId":{"value":"bad","msg":"Invalid value","path":"playlistId","location":"params","type":"field"}}}`)
		default:
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"Video playlist not found"}`)
		}
	})
	p, _, err := c.Playlists.Get(t.Context(), "9c9de5e8-0a1e-484a-b099-e80766180a6d")
	require.NoError(t, err)
	assert.EqualValues(t, 42, p.ID)
	assert.Equal(t, PlaylistPublic, p.Privacy.ID)

	p, _, err = c.Playlists.Get(t.Context(), "spec-spelling")
	require.NoError(t, err)
	assert.Equal(t, 4, p.VideosLength, "the reference's spelling is read too")
	assert.Nil(t, p.VideoChannel)

	_, _, err = c.Playlists.Get(t.Context(), "private")
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = c.Playlists.Get(t.Context(), "gone")
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Playlists.Get(t.Context(), "bad")
	assert.ErrorIs(t, err, ErrBadRequest)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	require.Contains(t, er.InvalidParams, "playlistId")
	assert.Equal(t, "params", er.InvalidParams["playlistId"].Location)
	assert.JSONEq(t, `"bad"`, string(er.InvalidParams["playlistId"].Value))
}

func TestPlaylistsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/video-playlists", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		require.NoError(t, r.ParseMultipartForm(1<<20))
		switch n.Add(1) {
		case 1:
			assert.Equal(t, url.Values{
				"displayName":    {"Garden tours"},
				"description":    {"Walks through gardens"},
				"privacy":        {"1"},
				"videoChannelId": {"4"},
			}, url.Values(r.MultipartForm.Value))
			thumb := r.MultipartForm.File["thumbnailfile"]
			require.Len(t, thumb, 1)
			assert.Equal(t, "cover.png", thumb[0].Filename)
			assert.Equal(t, "image/png", thumb[0].Header.Get("Content-Type"))
			f, err := thumb[0].Open()
			require.NoError(t, err)
			b, _ := io.ReadAll(f)
			assert.Equal(t, "PNG", string(b))
			serveJSON(w, 200, corpus(t, "openapi/playlist-create.json"))
		case 2:
			assert.Equal(t, url.Values{"displayName": {"Mine"}}, url.Values(r.MultipartForm.Value))
			assert.Empty(t, r.MultipartForm.File)
			serveJSON(w, 200, `{}`)
		default:
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Cannot set \"public\" or \"unlisted\" a playlist that is not assigned to a channel."}`)
		}
	})
	created, _, err := c.Playlists.Create(t.Context(), &NewPlaylist{
		DisplayName: "Garden tours", Description: "Walks through gardens", Privacy: PlaylistPublic, ChannelID: 4,
		Thumbnail: &ImageFile{Name: "cover.png", Content: strings.NewReader("PNG")},
	})
	require.NoError(t, err)
	assert.Equal(t, &CreatedPlaylist{ID: 42, UUID: "9c9de5e8-0a1e-484a-b099-e80766180a6d", ShortUUID: "2y84q2MQUMWPbiEcxNXMgC"}, created)

	_, _, err = c.Playlists.Create(t.Context(), &NewPlaylist{DisplayName: "Mine"})
	assert.ErrorContains(t, err, "the answer has no videoPlaylist")

	_, _, err = c.Playlists.Create(t.Context(), &NewPlaylist{DisplayName: "Public", Privacy: PlaylistPublic})
	assert.ErrorIs(t, err, ErrBadRequest)

	_, _, err = c.Playlists.Create(t.Context(), nil)
	assert.Error(t, err)
	_, _, err = c.Playlists.Create(t.Context(), &NewPlaylist{DisplayName: "x", Thumbnail: &ImageFile{Name: "t.jpg"}})
	assert.ErrorContains(t, err, "thumbnailfile has no content")
	assert.EqualValues(t, 3, n.Load(), "no request for a playlist that cannot be encoded")
}

func TestPlaylistsUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("PUT /api/v1/video-playlists/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "7", r.PathValue("id"))
		require.NoError(t, r.ParseMultipartForm(1<<20))
		switch n.Add(1) {
		case 1:
			assert.Equal(t, url.Values{
				"displayName": {"New"}, "description": {"Text"}, "privacy": {"2"}, "videoChannelId": {"4"},
			}, url.Values(r.MultipartForm.Value))
			assert.Len(t, r.MultipartForm.File["thumbnailfile"], 1)
		case 2:
			assert.Equal(t, url.Values{"description": {"null"}, "videoChannelId": {"null"}}, url.Values(r.MultipartForm.Value), "cleared")
		case 3:
			assert.Empty(t, r.MultipartForm.Value)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Playlists.Update(t.Context(), "7", &PlaylistUpdate{
		DisplayName: Ptr("New"), Description: Ptr("Text"), Privacy: Ptr(PlaylistUnlisted), ChannelID: Ptr[int64](4),
		Thumbnail: &ImageFile{Content: strings.NewReader("JPG")},
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Playlists.Update(t.Context(), "7", &PlaylistUpdate{Description: Ptr(""), ChannelID: Ptr[int64](0)})
	require.NoError(t, err)
	_, err = c.Playlists.Update(t.Context(), "7", nil)
	require.NoError(t, err)
}

func TestPlaylistsDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/video-playlists/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "2" {
			serveJSON(w, 400, `{"status":400,"detail":"Cannot delete a watch later playlist."}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Playlists.Delete(t.Context(), "7")
	require.NoError(t, err)
	_, err = c.Playlists.Delete(t.Context(), "2")
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.ErrorContains(t, err, "watch later")
}

func TestPlaylistsListElements(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-playlists/{id}/videos", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "7", r.PathValue("id"))
		serveJSON(w, 200, corpus(t, "written/playlist-elements.json"))
	})
	els, resp, err := c.Playlists.ListElements(t.Context(), "7", nil)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Total)
	require.Len(t, els, 2)
	assert.EqualValues(t, 11, els[0].ID)
	assert.Equal(t, 1, els[0].Position)
	assert.Equal(t, 30, els[0].StartTimestamp)
	assert.Zero(t, els[0].StopTimestamp)
	assert.Equal(t, ElementRegular, els[0].Type)
	require.NotNil(t, els[0].Video)
	assert.Equal(t, "What is PeerTube?", els[0].Video.Name)
	assert.Equal(t, ElementDeleted, els[1].Type)
	assert.Nil(t, els[1].Video)

	var got []int64
	for el, err := range c.Playlists.ListElementsAll(t.Context(), "7", nil) {
		require.NoError(t, err)
		got = append(got, el.ID)
	}
	assert.Equal(t, []int64{11, 12}, got)
}

func TestPlaylistsListElementsQuery(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-playlists/{id}/videos", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"start": {"2"}, "count": {"2"}})
		serveJSON(w, 200, `{"total":3,"data":[{"id":13,"position":3,"type":0,"video":{"id":1}}]}`)
	})
	els, _, err := c.Playlists.ListElements(t.Context(), "7", &ListOptions{Start: 2, Count: 2})
	require.NoError(t, err)
	require.Len(t, els, 1)
	assert.EqualValues(t, 13, els[0].ID)
}

func TestPlaylistsAddElement(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/video-playlists/{id}/videos", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "7":
			testJSONBody(t, r, `{"videoId":42,"startTimestamp":30,"stopTimestamp":90}`)
			serveJSON(w, 200, corpus(t, "openapi/playlist-element-add.json"))
		case "8":
			testJSONBody(t, r, `{"videoId":"2y84q2MQUMWPbiEcxNXMgC"}`)
			serveJSON(w, 200, `{"videoPlaylistElement":{"id":3}}`)
		case "9":
			serveJSON(w, 200, `{}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	id, _, err := c.Playlists.AddElement(t.Context(), "7", "42", &ElementTimestamps{StartTimestamp: Ptr(30), StopTimestamp: Ptr(90)})
	require.NoError(t, err)
	assert.EqualValues(t, 2, id)
	id, _, err = c.Playlists.AddElement(t.Context(), "8", "2y84q2MQUMWPbiEcxNXMgC", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 3, id)
	_, _, err = c.Playlists.AddElement(t.Context(), "9", "1", nil)
	assert.ErrorContains(t, err, "the answer has no videoPlaylistElement")
	_, _, err = c.Playlists.AddElement(t.Context(), "10", "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestPlaylistsReorderElements(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/video-playlists/{id}/videos/reorder", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "7", r.PathValue("id"))
		testJSONBody(t, r, `{"startPosition":3,"insertAfterPosition":0,"reorderLength":2}`)
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Playlists.ReorderElements(t.Context(), "7", &PlaylistReorder{StartPosition: 3, ReorderLength: 2})
	require.NoError(t, err)
}

func TestPlaylistsUpdateAndRemoveElement(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PUT /api/v1/video-playlists/{id}/videos/{element}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "7", r.PathValue("id"))
		switch r.PathValue("element") {
		case "11":
			testJSONBody(t, r, `{"startTimestamp":0,"stopTimestamp":120}`)
		case "12":
			testJSONBody(t, r, `{}`)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("DELETE /api/v1/video-playlists/{id}/videos/{element}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("element") == "99" {
			serveJSON(w, 404, `{"status":404,"detail":"Video playlist element not found"}`)
			return
		}
		assert.Equal(t, "11", r.PathValue("element"))
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Playlists.UpdateElement(t.Context(), "7", 11, &ElementTimestamps{StartTimestamp: Ptr(0), StopTimestamp: Ptr(120)})
	require.NoError(t, err)
	_, err = c.Playlists.UpdateElement(t.Context(), "7", 12, nil)
	require.NoError(t, err)
	_, err = c.Playlists.RemoveElement(t.Context(), "7", 11)
	require.NoError(t, err)
	_, err = c.Playlists.RemoveElement(t.Context(), "7", 99)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestPlaylistsVideosExist(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/video-playlists/videos-exist", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"videoIds": {"42", "43"}})
		serveJSON(w, 200, corpus(t, "written/playlist-videos-exist.json"))
	})
	m, _, err := c.Playlists.VideosExist(t.Context(), []int64{42, 43})
	require.NoError(t, err)
	assert.Equal(t, map[int64][]VideoInPlaylist{
		42: {{PlaylistID: 7, PlaylistElementID: 11, StartTimestamp: 30}, {PlaylistID: 9, PlaylistElementID: 25, StopTimestamp: 90}},
		43: {},
	}, m)
	_, _, err = c.Playlists.VideosExist(t.Context(), nil)
	assert.Error(t, err)
}

func TestPlaylistsInvalidIDs(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request for a refused id: %s %s", r.Method, r.URL)
	})
	mux.HandleFunc("GET /api/v1/video-playlists/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/video-playlists/a%2Fb%3F", r.URL.EscapedPath())
		serveJSON(w, 200, `{"id":1}`)
	})
	_, _, err := c.Playlists.Get(t.Context(), "a/b?")
	require.NoError(t, err, "the id is one escaped path segment")

	ctx := t.Context()
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Playlists.Get(ctx, id)
		assert.Error(t, err, id)
		_, err = c.Playlists.Update(ctx, id, &PlaylistUpdate{})
		assert.Error(t, err, id)
		_, err = c.Playlists.Delete(ctx, id)
		assert.Error(t, err, id)
		_, _, err = c.Playlists.ListElements(ctx, id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Playlists.AddElement(ctx, id, "42", nil)
		assert.Error(t, err, id)
		_, err = c.Playlists.ReorderElements(ctx, id, &PlaylistReorder{StartPosition: 1})
		assert.Error(t, err, id)
		_, err = c.Playlists.UpdateElement(ctx, id, 1, nil)
		assert.Error(t, err, id)
		_, err = c.Playlists.RemoveElement(ctx, id, 1)
		assert.Error(t, err, id)
		_, _, err = c.Playlists.ListByAccount(ctx, id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Playlists.ListByChannel(ctx, id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Playlists.WatchLater(ctx, id)
		assert.Error(t, err, id)
	}
	for _, el := range []int64{0, -1} {
		_, err = c.Playlists.UpdateElement(ctx, "7", el, nil)
		assert.Error(t, err, el)
		_, err = c.Playlists.RemoveElement(ctx, "7", el)
		assert.Error(t, err, el)
	}
	_, err = c.Playlists.ReorderElements(ctx, "7", nil)
	assert.Error(t, err)
	_, _, err = c.Playlists.AddElement(ctx, "7", "", nil)
	assert.Error(t, err, "empty video id")
}
