package peertube

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/config", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		serveJSON(w, 200, corpus(t, "written/config.json"))
	})
	cfg, _, err := c.Config.Get(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "6.3.0", cfg.ServerVersion)
	assert.Equal(t, "7016069d5", cfg.ServerCommit)
	assert.Equal(t, "SDK interop", cfg.Instance.Name)
	assert.Equal(t, "/videos/trending", cfg.Instance.DefaultClientRoute)
	assert.Equal(t, "do_not_list", cfg.Instance.DefaultNSFWPolicy)
	assert.EqualValues(t, 94371840, cfg.Client.Videos.ResumableUpload.MaxChunkSize)
	assert.EqualValues(t, -1, cfg.User.VideoQuota)
	assert.EqualValues(t, -1, cfg.User.VideoQuotaDaily)
	assert.Contains(t, cfg.Video.File.Extensions, ".mp4")
	assert.EqualValues(t, 8388608, cfg.Video.Image.Size.Max)
	assert.Equal(t, []string{".png", ".jpg", ".jpeg", ".webp"}, cfg.Video.Image.Extensions)
	assert.EqualValues(t, 20971520, cfg.VideoCaption.File.Size.Max)
	assert.EqualValues(t, 4194304, cfg.Avatar.File.Size.Max)
	assert.True(t, cfg.Signup.Allowed)
	assert.True(t, cfg.Signup.RequiresApproval)
	assert.Equal(t, 16, cfg.Signup.MinimumAge)
	assert.True(t, cfg.Transcoding.HLS.Enabled)
	assert.False(t, cfg.Transcoding.WebVideos.Enabled)
	assert.Equal(t, []int{240, 480, 720}, cfg.Transcoding.EnabledResolutions)
	assert.True(t, cfg.Live.Enabled)
	assert.EqualValues(t, -1, cfg.Live.MaxDuration)
	assert.Equal(t, 1935, cfg.Live.RTMP.Port)
	assert.True(t, cfg.Import.Videos.HTTP.Enabled)
	assert.False(t, cfg.Import.Videos.Torrent.Enabled)
	assert.True(t, cfg.VideoFile.Update.Enabled)
	assert.False(t, cfg.VideoStudio.Enabled)
	assert.True(t, cfg.Search.RemoteURI.Users)
	assert.True(t, cfg.ContactForm.Enabled)
	assert.True(t, cfg.Tracker.Enabled)
}

func TestConfigAbout(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/config/about", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "written/about.json"))
	})
	about, _, err := c.Config.About(t.Context())
	require.NoError(t, err)
	in := about.Instance
	assert.Equal(t, "SDK interop", in.Name)
	assert.Equal(t, "Videos uploaded by the **tests**.", in.Description)
	assert.Equal(t, "The fedikit maintainers", in.Administrator)
	assert.Equal(t, []string{"en", "fr"}, in.Languages)
	assert.Equal(t, []int{15, 13}, in.Categories)
	require.Len(t, in.Avatars, 1)
	assert.Equal(t, 48, in.Avatars[0].Width)
	assert.Equal(t, "/lazy-static/avatars/3a9c1f0e.png", in.Avatars[0].Path)
	assert.Equal(t, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), in.Avatars[0].CreatedAt)
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v1/config", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 500, `{"status":500,"detail":"boom"}`)
	})
	mux.HandleFunc("GET /api/v1/config/about", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "401-invalid-token.json")
	})
	_, resp, err := c.Config.Get(t.Context())
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, resp.Attempts)
	_, _, err = c.Config.About(t.Context())
	assert.ErrorIs(t, err, ErrUnauthorized)
}
