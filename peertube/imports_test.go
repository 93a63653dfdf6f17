package peertube

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestImportsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	const target = "https://framatube.org/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d"
	const magnet = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=garden.mp4"
	mux.HandleFunc("POST /api/v1/videos/imports", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		require.NoError(t, r.ParseMultipartForm(1<<20))
		form := url.Values(r.MultipartForm.Value)
		switch {
		case form.Get("targetUrl") != "":
			assert.Equal(t, url.Values{
				"targetUrl":                {target},
				"channelId":                {"3"},
				"name":                     {"What is PeerTube?"},
				"privacy":                  {"5"},
				"category":                 {"15"},
				"language":                 {"en"},
				"description":              {"**Take back the control of your videos!**"},
				"tags[0]":                  {"framasoft"},
				"tags[1]":                  {"peertube"},
				"nsfw":                     {"true"},
				"commentsPolicy":           {"3"},
				"downloadEnabled":          {"false"},
				"waitTranscoding":          {"true"},
				"scheduleUpdate[updateAt]": {"2026-12-01T08:00:00Z"},
				"scheduleUpdate[privacy]":  {"1"},
				"originallyPublishedAt":    {"2018-10-01T10:52:46Z"},
				"videoPasswords[0]":        {"garden-club"},
			}, form, "no filename, which the resumable upload alone takes")
			name, ct, content := formFile(t, r, "thumbnailfile")
			assert.Equal(t, []string{"thumb.png", "image/png", "PNG"}, []string{name, ct, content})
			assert.Empty(t, r.MultipartForm.File["torrentfile"])
			serveJSON(w, 200, corpus(t, "written/import.json"))
		case form.Get("magnetUri") != "":
			assert.Equal(t, url.Values{"magnetUri": {magnet}, "channelId": {"3"}}, form)
			assert.Empty(t, r.MultipartForm.File)
			serveJSON(w, 200, `{"id":43,"magnetUri":"`+magnet+`","state":{"id":1,"label":"Pending"},"video":{"id":58}}`)
		default:
			assert.Equal(t, url.Values{"channelId": {"3"}, "name": {"Garden"}}, form)
			name, ct, content := formFile(t, r, "torrentfile")
			assert.Equal(t, []string{"garden.torrent", "application/x-bittorrent", "d8:announce"}, []string{name, ct, content})
			// The answer of the API reference: the video alone.
			serveJSON(w, 200, `{"video":{"id":59,"uuid":"9c9de5e8-0a1e-484a-b099-e80766180a6d","shortUUID":"2y84q2MQUMWPbiEcxNXMgC"}}`)
		}
	})

	imp, resp, err := c.Imports.Create(t.Context(), &NewImport{
		Video: NewVideo{
			Name: "What is PeerTube?", ChannelID: 3, Filename: "ignored.mp4", Privacy: PrivacyPasswordProtected,
			Category: 15, Language: "en", Description: "**Take back the control of your videos!**",
			Tags: []string{"framasoft", "peertube"}, NSFW: true, CommentsPolicy: CommentsRequiresApproval,
			DownloadEnabled: Ptr(false), WaitTranscoding: true,
			ScheduleUpdate:        &ScheduledUpdate{UpdateAt: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), Privacy: PrivacyPublic},
			OriginallyPublishedAt: Ptr(time.Date(2018, 10, 1, 10, 52, 46, 0, time.UTC)),
			VideoPasswords:        []string{"garden-club"},
		},
		TargetURL: target,
		Thumbnail: &ImageFile{Name: "thumb.png", Content: strings.NewReader("PNG")},
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Attempts)
	assert.EqualValues(t, 42, imp.ID)
	assert.Equal(t, target, imp.TargetURL)
	assert.Empty(t, imp.MagnetURI, "null reads as empty")
	assert.Equal(t, Constant[ImportState]{ID: ImportPending, Label: "Pending"}, imp.State)
	assert.Equal(t, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), imp.CreatedAt)
	require.NotNil(t, imp.Video)
	assert.EqualValues(t, 57, imp.Video.ID)
	assert.Equal(t, StateToImport, imp.Video.State.ID)

	imp, _, err = c.Imports.Create(t.Context(), &NewImport{Video: NewVideo{ChannelID: 3}, MagnetURI: magnet})
	require.NoError(t, err)
	assert.Equal(t, magnet, imp.MagnetURI)

	imp, _, err = c.Imports.Create(t.Context(), &NewImport{
		Video:   NewVideo{ChannelID: 3, Name: "Garden"},
		Torrent: &FilePart{Name: "garden.torrent", Content: strings.NewReader("d8:announce")},
	})
	require.NoError(t, err)
	require.NotNil(t, imp.Video)
	assert.EqualValues(t, 59, imp.Video.ID)
	assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", imp.Video.ShortUUID)
}

func TestImportsCreateErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/videos/imports", func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		switch r.FormValue("targetUrl") {
		case "https://disabled.example/v":
			serveJSON(w, 409, `{"type":"about:blank","title":"Conflict","status":409,"detail":"HTTP import is not enabled on this instance."}`)
		case "https://private.example/v":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot use non unicast IP as targetUrl."}`)
		default:
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: targetUrl",`+
				`"invalid-params":{"targetUrl":{"type":"field","value":"ftp://x","msg":"Invalid value","path":"targetUrl","location":"body"}}}`)
		}
	})
	_, _, err := c.Imports.Create(t.Context(), &NewImport{Video: NewVideo{ChannelID: 3}, TargetURL: "https://disabled.example/v"})
	assert.ErrorIs(t, err, ErrConflict)
	_, _, err = c.Imports.Create(t.Context(), &NewImport{Video: NewVideo{ChannelID: 3}, TargetURL: "https://private.example/v"})
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = c.Imports.Create(t.Context(), &NewImport{Video: NewVideo{ChannelID: 3}, TargetURL: "ftp://x"})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, "Invalid value", er.InvalidParams["targetUrl"].Msg)
}

func TestImportsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/videos/imports", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{
			"start": {"10"}, "count": {"3"}, "sort": {"-createdAt"},
			"targetUrl": {"https://framatube.org/w/x"}, "videoChannelSyncId": {"3"}, "search": {"garden"},
		})
		serveJSON(w, 200, corpus(t, "written/imports-list.json"))
	})
	imps, resp, err := c.Imports.List(t.Context(), &ImportListOptions{
		ListOptions: ListOptions{Start: 10, Count: 3, Sort: "-createdAt"},
		TargetURL:   "https://framatube.org/w/x", VideoChannelSyncID: 3, Search: "garden",
	})
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Total)
	require.Len(t, imps, 3)
	assert.Equal(t, ImportSuccess, imps[0].State.ID)
	assert.Equal(t, "What is PeerTube?", imps[0].Video.Name)
	assert.Equal(t, ImportFailed, imps[1].State.ID)
	assert.Equal(t, "Cannot download the torrent", imps[1].Error)
	assert.Equal(t, "garden.mp4", imps[1].TorrentName)
	assert.Equal(t, 2, imps[1].Attempts)
	assert.Nil(t, imps[1].Video)
	require.NotNil(t, imps[1].VideoChannelSync)
	assert.Equal(t, "https://www.youtube.com/@example", imps[1].VideoChannelSync.ExternalChannelURL)
	assert.Equal(t, ImportCancelled, imps[2].State.ID)
}

func TestImportsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var asked []string
	mux.HandleFunc("GET /api/v1/users/me/videos/imports", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		asked = append(asked, q.Get("start")+"/"+q.Get("count")+"/"+q.Get("search"))
		if q.Get("start") == "" {
			serveJSON(w, 200, `{"total":3,"data":[{"id":3},{"id":2}]}`)
			return
		}
		serveJSON(w, 200, `{"total":3,"data":[{"id":1}]}`)
	})
	var got []int64
	for imp, err := range c.Imports.ListAll(t.Context(), &ImportListOptions{ListOptions: ListOptions{Count: 2}, Search: "g"}) {
		require.NoError(t, err)
		got = append(got, imp.ID)
	}
	assert.Equal(t, []int64{3, 2, 1}, got)
	assert.Equal(t, []string{"/2/g", "2/2/g"}, asked)
}

func TestImportsCancelAndDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/videos/imports/{id}/cancel", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			w.WriteHeader(http.StatusNoContent)
		case "43":
			serveJSON(w, 409, `{"type":"about:blank","title":"Conflict","status":409,"detail":"Cannot cancel a non pending video import"}`)
		default:
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"Video import not found"}`)
		}
	})
	mux.HandleFunc("DELETE /api/v1/videos/imports/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			w.WriteHeader(http.StatusNoContent)
		case "43":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot manage video import of another user"}`)
		default:
			serveJSON(w, 409, `{"type":"about:blank","title":"Conflict","status":409,"detail":"Cannot delete a pending video import. Cancel it or wait for the end of the import first"}`)
		}
	})
	resp, err := c.Imports.Cancel(t.Context(), 42)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Imports.Cancel(t.Context(), 43)
	assert.ErrorIs(t, err, ErrConflict)
	_, err = c.Imports.Cancel(t.Context(), 44)
	assert.ErrorIs(t, err, ErrNotFound)

	resp, err = c.Imports.Delete(t.Context(), 42)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Imports.Delete(t.Context(), 43)
	assert.ErrorIs(t, err, ErrForbidden)
	_, err = c.Imports.Delete(t.Context(), 44)
	assert.ErrorIs(t, err, ErrConflict)
}

func TestImportsRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	for _, id := range []int64{0, -1} {
		_, err := c.Imports.Cancel(t.Context(), id)
		assert.Error(t, err, id)
		_, err = c.Imports.Delete(t.Context(), id)
		assert.Error(t, err, id)
	}
	torrent := &FilePart{Name: "a.torrent", Content: strings.NewReader("d")}
	for name, imp := range map[string]*NewImport{
		"nil":             nil,
		"no channel":      {TargetURL: "https://a.example/v"},
		"no source":       {Video: NewVideo{ChannelID: 3}},
		"two sources":     {Video: NewVideo{ChannelID: 3}, TargetURL: "https://a.example/v", MagnetURI: "magnet:?xt=urn:btih:x"},
		"three sources":   {Video: NewVideo{ChannelID: 3}, TargetURL: "https://a.example/v", MagnetURI: "magnet:?xt=urn:btih:x", Torrent: torrent},
		"empty torrent":   {Video: NewVideo{ChannelID: 3}, Torrent: &FilePart{Name: "a.torrent"}},
		"unreadable":      {Video: NewVideo{ChannelID: 3}, Torrent: &FilePart{Name: "a.torrent", Content: iotestErrReader{}}},
		"empty thumbnail": {Video: NewVideo{ChannelID: 3}, TargetURL: "https://a.example/v", Thumbnail: &ImageFile{Name: "t.png"}},
	} {
		_, _, err := c.Imports.Create(t.Context(), imp)
		assert.Error(t, err, name)
	}
}
