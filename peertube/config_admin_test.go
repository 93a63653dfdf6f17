package peertube

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigCustom(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/config/custom", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		serveJSON(w, 200, corpus(t, "written/custom-config.json"))
	})
	cfg, _, err := c.Config.Custom(t.Context())
	require.NoError(t, err)

	var name string
	require.NoError(t, cfg.Get("instance.name", &name))
	assert.Equal(t, "SDK interop", name)
	var limit int
	require.NoError(t, cfg.Get("signup.limit", &limit))
	assert.Equal(t, 10, limit)
	var on bool
	require.NoError(t, cfg.Get("transcoding.resolutions.240p", &on))
	assert.True(t, on)
	var twitter struct {
		Username string `json:"username"`
	}
	require.NoError(t, cfg.Get("services.twitter", &twitter))
	assert.Equal(t, "@Chocobozzz", twitter.Username)

	assert.ErrorContains(t, cfg.Get("instance.missing", &name), `no "instance.missing"`)
	assert.ErrorContains(t, cfg.Get("instance.name.deeper", &name), `"instance.name" is not an object`)
	assert.Error(t, cfg.Get("signup.limit", &name), "a number is not a string")
	assert.Error(t, cfg.Get("", &name))
	assert.Error(t, cfg.Get("instance..name", &name))
}

func TestCustomConfigSet(t *testing.T) {
	t.Parallel()
	cfg, err := NewCustomConfig([]byte(`{"instance":{"name":"a","isNSFW":false},"signup":{"limit":10}}`))
	require.NoError(t, err)
	require.NoError(t, cfg.Set("instance.name", "b"))
	require.NoError(t, cfg.Set("signup.enabled", true))
	require.NoError(t, cfg.Set("live.transcoding.resolutions.720p", true))
	b, err := cfg.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"instance":{"name":"b","isNSFW":false},"signup":{"limit":10,"enabled":true},
		"live":{"transcoding":{"resolutions":{"720p":true}}}}`, string(b))

	assert.Error(t, cfg.Set("instance.name.deeper", 1), "a string is not an object")
	assert.Error(t, cfg.Set("x", func() {}), "not encodable")
	assert.Error(t, cfg.Set(".", 1))

	var zero CustomConfig
	b, err = zero.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "{}", string(b))
	require.NoError(t, zero.Set("a", 1))
	b, _ = zero.MarshalJSON()
	assert.JSONEq(t, `{"a":1}`, string(b))

	for _, bad := range []string{`[]`, `null`, `"x"`, `{`} {
		_, err := NewCustomConfig([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestConfigUpdateCustom(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	answer := `{"instance":{"name":"renamed"}}`
	mux.HandleFunc("PUT /api/v1/config/custom", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"instance":{"name":"renamed"},"signup":{"enabled":false}}`)
		if answer == "" {
			w.WriteHeader(http.StatusOK)
			return
		}
		serveJSON(w, 200, answer)
	})
	cfg, err := NewCustomConfig([]byte(`{"instance":{"name":"old"},"signup":{"enabled":false}}`))
	require.NoError(t, err)
	require.NoError(t, cfg.Set("instance.name", "renamed"))

	got, _, err := c.Config.UpdateCustom(t.Context(), cfg)
	require.NoError(t, err)
	var name string
	require.NoError(t, got.Get("instance.name", &name))
	assert.Equal(t, "renamed", name)

	answer = ""
	got, resp, err := c.Config.UpdateCustom(t.Context(), cfg)
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Nil(t, got, "no body, no config")

	_, _, err = c.Config.UpdateCustom(t.Context(), nil)
	assert.ErrorContains(t, err, "no custom config")
}

func TestConfigDeleteCustom(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	calls := 0
	mux.HandleFunc("DELETE /api/v1/config/custom", func(w http.ResponseWriter, r *http.Request) {
		calls++
		b, _ := io.ReadAll(r.Body)
		assert.Empty(t, b)
		if calls == 1 {
			serveJSON(w, 200, corpus(t, "written/custom-config.json"))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	cfg, _, err := c.Config.DeleteCustom(t.Context())
	require.NoError(t, err)
	var route string
	require.NoError(t, cfg.Get("instance.defaultClientRoute", &route))
	assert.Equal(t, "/videos/trending", route)

	cfg, _, err = c.Config.DeleteCustom(t.Context())
	require.NoError(t, err)
	assert.Nil(t, cfg)
}

func TestConfigInstanceImages(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	pick := func(field string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			require.NoError(t, r.ParseMultipartForm(1<<20))
			assert.Empty(t, r.MultipartForm.Value)
			require.Len(t, r.MultipartForm.File, 1)
			fh := r.MultipartForm.File[field]
			require.Len(t, fh, 1, field)
			f, err := fh[0].Open()
			require.NoError(t, err)
			b, _ := io.ReadAll(f)
			if string(b) == "BIG" {
				w.Header().Set("X-File-Maximum-Size", "4M")
				serveJSON(w, 413, `{"status":413,"detail":"too large"}`)
				return
			}
			assert.Equal(t, "PNG", string(b))
			assert.Equal(t, "logo.png", fh[0].Filename)
			assert.Equal(t, "image/png", fh[0].Header.Get("Content-Type"))
			w.WriteHeader(http.StatusNoContent)
		}
	}
	mux.HandleFunc("POST /api/v1/config/instance-banner/pick", pick("bannerfile"))
	mux.HandleFunc("POST /api/v1/config/instance-avatar/pick", pick("avatarfile"))
	var deleted []string
	del := func(w http.ResponseWriter, r *http.Request) {
		deleted = append(deleted, r.URL.Path)
		w.WriteHeader(http.StatusNoContent)
	}
	mux.HandleFunc("DELETE /api/v1/config/instance-banner", del)
	mux.HandleFunc("DELETE /api/v1/config/instance-avatar", del)

	img := func(s string) *ImageFile { return &ImageFile{Name: "logo.png", Content: strings.NewReader(s)} }
	resp, err := c.Config.UploadBanner(t.Context(), img("PNG"))
	require.NoError(t, err)
	assert.Equal(t, 204, resp.StatusCode)
	_, err = c.Config.UploadAvatar(t.Context(), img("PNG"))
	require.NoError(t, err)

	resp, err = c.Config.UploadAvatar(t.Context(), img("BIG"))
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, "4M", resp.Header.Get("X-File-Maximum-Size"))

	_, err = c.Config.DeleteBanner(t.Context())
	require.NoError(t, err)
	_, err = c.Config.DeleteAvatar(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []string{"/api/v1/config/instance-banner", "/api/v1/config/instance-avatar"}, deleted)

	// No request without an image.
	_, err = c.Config.UploadBanner(t.Context(), nil)
	assert.ErrorContains(t, err, "no bannerfile to upload")
	_, err = c.Config.UploadAvatar(t.Context(), &ImageFile{Name: "a.png"})
	assert.ErrorContains(t, err, "avatarfile has no content")
	_, err = c.Config.UploadAvatar(t.Context(), &ImageFile{Content: iotestErrReader{}})
	assert.ErrorContains(t, err, "reading avatarfile")
}

func TestConfigAdminErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v1/config/custom", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"User right 1 is required."}`)
	})
	mux.HandleFunc("PUT /api/v1/config/custom", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "400-validation.json")
	})
	mux.HandleFunc("DELETE /api/v1/config/instance-banner", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"status":404,"detail":"Not found"}`)
	})
	_, _, err := c.Config.Custom(t.Context())
	assert.ErrorIs(t, err, ErrForbidden)

	_, _, err = c.Config.UpdateCustom(t.Context(), &CustomConfig{})
	assert.ErrorIs(t, err, ErrBadRequest)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Contains(t, er.InvalidParams, "id")

	_, err = c.Config.DeleteBanner(t.Context())
	assert.ErrorIs(t, err, ErrNotFound)
}
