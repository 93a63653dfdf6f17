package peertube

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLiveCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/videos/live", func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		switch n.Add(1) {
		case 1:
			assert.Equal(t, url.Values{
				"name": {"Garden live"}, "channelId": {"4"}, "privacy": {"2"}, "category": {"15"}, "licence": {"1"},
				"language": {"en"}, "description": {"Live from the garden"}, "support": {"Thanks"},
				"tags[0]": {"garden"}, "tags[1]": {"live"}, "nsfw": {"true"}, "commentsPolicy": {"3"},
				"downloadEnabled": {"false"}, "saveReplay": {"true"}, "replaySettings[privacy]": {"3"},
				"permanentLive": {"true"}, "latencyMode": {"3"},
			}, url.Values(r.MultipartForm.Value))
			require.Len(t, r.MultipartForm.File["thumbnailfile"], 1)
			require.Len(t, r.MultipartForm.File["previewfile"], 1)
			assert.Equal(t, "preview.png", r.MultipartForm.File["previewfile"][0].Filename)
			serveJSON(w, 200, corpus(t, "openapi/live-create.json"))
		case 2:
			assert.Equal(t, url.Values{"name": {"Minimal"}, "channelId": {"4"}}, url.Values(r.MultipartForm.Value))
			assert.Empty(t, r.MultipartForm.File)
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Live is not enabled on this instance","code":"live_not_enabled"}`)
		case 3:
			serveJSON(w, 200, `{}`)
		default:
			w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: name","invalid-params":{"name":{"type":"field","value":"x","msg":"Should have a valid name","path":"name","location":"body"}}}`))
		}
	})
	v, _, err := c.Live.Create(t.Context(), &NewLive{
		Name: "Garden live", ChannelID: 4, Privacy: PrivacyUnlisted, Category: 15, Licence: 1, Language: "en",
		Description: "Live from the garden", Support: "Thanks", Tags: []string{"garden", "live"}, NSFW: true,
		CommentsPolicy: CommentsRequiresApproval, DownloadEnabled: Ptr(false),
		SaveReplay: true, ReplaySettings: &LiveReplaySettings{Privacy: PrivacyPrivate}, PermanentLive: true,
		LatencyMode: LatencySmall,
		Thumbnail:   &ImageFile{Name: "thumb.jpg", Content: strings.NewReader("JPG")},
		Preview:     &ImageFile{Name: "preview.png", Content: strings.NewReader("PNG")},
	})
	require.NoError(t, err)
	assert.Equal(t, &UploadedVideo{ID: 42, UUID: "9c9de5e8-0a1e-484a-b099-e80766180a6d", ShortUUID: "2y84q2MQUMWPbiEcxNXMgC"}, v)

	_, _, err = c.Live.Create(t.Context(), &NewLive{Name: "Minimal", ChannelID: 4})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, "live_not_enabled", er.Code)

	_, _, err = c.Live.Create(t.Context(), &NewLive{Name: "x", ChannelID: 4})
	assert.ErrorContains(t, err, "the answer has no video")

	_, _, err = c.Live.Create(t.Context(), &NewLive{Name: "x", ChannelID: 4})
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.ErrorContains(t, err, "name: Should have a valid name")

	_, _, err = c.Live.Create(t.Context(), nil)
	assert.Error(t, err)
	_, _, err = c.Live.Create(t.Context(), &NewLive{Name: "x", Preview: &ImageFile{}})
	assert.ErrorContains(t, err, "previewfile has no content")
	assert.EqualValues(t, 4, n.Load(), "no request for a live that cannot be encoded")
}

func TestLiveGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/live/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "spec":
			serveJSON(w, 200, corpus(t, "openapi/live.json"))
		case "42":
			serveJSON(w, 200, corpus(t, "written/live.json"))
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	l, _, err := c.Live.Get(t.Context(), "spec")
	require.NoError(t, err)
	require.NotNil(t, l.ReplaySettings)
	assert.Equal(t, PrivacyPublic, l.ReplaySettings.Privacy)
	assert.Equal(t, LatencyDefault, l.LatencyMode)

	l, _, err = c.Live.Get(t.Context(), "42")
	require.NoError(t, err)
	assert.Equal(t, "rtmp://videos.example:1935/live", l.RTMPURL)
	assert.Equal(t, "rtmps://videos.example:1936/live", l.RTMPSURL)
	assert.Equal(t, "9f2c6c1e-5d4b-4b8e-a1f0-3e2d7c6b5a49", l.StreamKey)
	assert.True(t, l.SaveReplay)
	assert.Equal(t, &LiveReplaySettings{Privacy: PrivacyUnlisted}, l.ReplaySettings)
	assert.False(t, l.PermanentLive)
	assert.Equal(t, LatencySmall, l.LatencyMode)
	for _, s := range []string{fmt.Sprint(l), fmt.Sprintf("%v", *l), fmt.Sprintf("%+v", l), fmt.Sprintf("%#v", *l)} {
		assert.NotContains(t, s, l.StreamKey, "the stream key is a secret")
		assert.Contains(t, s, "rtmp://videos.example:1935/live")
	}

	_, _, err = c.Live.Get(t.Context(), "missing")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestLiveUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("PUT /api/v1/videos/live/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		switch n.Add(1) {
		case 1:
			testJSONBody(t, r, `{"saveReplay":true,"replaySettings":{"privacy":3},"permanentLive":false,"latencyMode":2}`)
			w.WriteHeader(http.StatusNoContent)
		case 2:
			testJSONBody(t, r, `{}`)
			w.WriteHeader(http.StatusNoContent)
		default:
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Cannot update a live that has already started"}`)
		}
	})
	_, err := c.Live.Update(t.Context(), "42", &LiveUpdate{
		SaveReplay: Ptr(true), ReplaySettings: &LiveReplaySettings{Privacy: PrivacyPrivate},
		PermanentLive: Ptr(false), LatencyMode: Ptr(LatencyHigh),
	})
	require.NoError(t, err)
	_, err = c.Live.Update(t.Context(), "42", nil)
	require.NoError(t, err)
	_, err = c.Live.Update(t.Context(), "42", &LiveUpdate{PermanentLive: Ptr(true)})
	assert.ErrorIs(t, err, ErrBadRequest)
}

func TestLiveListSessions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/live/{id}/sessions", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		if r.PathValue("id") == "spec" {
			serveJSON(w, 200, corpus(t, "openapi/live-sessions.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "written/live-sessions.json"))
	})
	ss, resp, err := c.Live.ListSessions(t.Context(), "spec")
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, ss, 1)
	require.NotNil(t, ss[0].ReplayVideo)
	assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", ss[0].ReplayVideo.ShortUUID)

	ss, resp, err = c.Live.ListSessions(t.Context(), "42")
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Total)
	require.Len(t, ss, 2)
	done := ss[0]
	assert.EqualValues(t, 8, done.ID)
	assert.Equal(t, time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC), done.StartDate)
	require.NotNil(t, done.EndDate)
	assert.Equal(t, time.Date(2026, 11, 23, 21, 30, 12, 0, time.UTC), *done.EndDate)
	assert.Zero(t, done.Error)
	assert.True(t, done.SaveReplay)
	assert.True(t, done.EndingProcessed)
	assert.Equal(t, &LiveReplay{ID: 57, UUID: "0b8e5b2c-7f2a-4c1d-9e3f-5a6b7c8d9e0f", ShortUUID: "3kQz8VbN1mW4xR7tY2pL9a"}, done.ReplayVideo)
	failed := ss[1]
	assert.Nil(t, failed.EndDate)
	assert.Equal(t, LiveErrorQuotaExceeded, failed.Error)
	assert.Nil(t, failed.ReplayVideo)
	assert.Nil(t, failed.ReplaySettings)
}

func TestLiveReplaySession(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/live-session", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "57":
			assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
			serveJSON(w, 200, corpus(t, "openapi/live-session.json"))
		case "other":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Please provide a password to access this password protected video","code":"video_requires_password"}`)
		default:
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"No live replay found"}`)
		}
	})
	s, _, err := c.Live.ReplaySession(t.Context(), "57", &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	assert.Equal(t, LiveErrorBadSocketHealth, s.Error)
	require.NotNil(t, s.ReplayVideo)
	assert.Equal(t, "9c9de5e8-0a1e-484a-b099-e80766180a6d", s.ReplayVideo.UUID)

	_, _, err = c.Live.ReplaySession(t.Context(), "other", nil)
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = c.Live.ReplaySession(t.Context(), "1", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestLiveInvalidIDs(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request for a refused id: %s %s", r.Method, r.URL)
	})
	mux.HandleFunc("GET /api/v1/videos/live/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/videos/live/a%2Fb", r.URL.EscapedPath())
		serveJSON(w, 200, `{}`)
	})
	_, _, err := c.Live.Get(t.Context(), "a/b")
	require.NoError(t, err)
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Live.Get(t.Context(), id)
		assert.Error(t, err, id)
		_, err = c.Live.Update(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Live.ListSessions(t.Context(), id)
		assert.Error(t, err, id)
		_, _, err = c.Live.ReplaySession(t.Context(), id, nil)
		assert.Error(t, err, id)
	}
}
