package peertube

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formFile returns the one file of a parsed multipart form's field: its
// name, content type and content.
func formFile(t *testing.T, r *http.Request, field string) (name, contentType, content string) {
	t.Helper()
	files := r.MultipartForm.File[field]
	require.Len(t, files, 1, field)
	f, err := files[0].Open()
	require.NoError(t, err)
	defer f.Close()
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return files[0].Filename, files[0].Header.Get("Content-Type"), string(b)
}

// noRequests fails the test on any request the test did not expect.
func noRequests(t *testing.T, mux *http.ServeMux) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request: %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	})
}

func TestCaptionsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/captions", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", r.PathValue("id"))
		assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
		serveJSON(w, 200, corpus(t, "written/captions-list.json"))
	})
	caps, resp, err := c.Captions.List(t.Context(), "2y84q2MQUMWPbiEcxNXMgC", &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Total)
	require.Len(t, caps, 2)
	assert.Equal(t, Constant[string]{ID: "en", Label: "English"}, caps[0].Language)
	assert.Equal(t, "/lazy-static/video-captions/2c7c3a0b-6f38-4d8e-9b7e-6c1bba8c1c55-en.vtt", caps[0].CaptionPath)
	assert.Equal(t, "https://videos.example/lazy-static/video-captions/2c7c3a0b-6f38-4d8e-9b7e-6c1bba8c1c55-en.vtt", caps[0].FileURL)
	assert.False(t, caps[0].AutomaticallyGenerated)
	assert.Equal(t, time.Date(2026, 11, 20, 9, 15, 0, 0, time.UTC), caps[0].UpdatedAt)
	assert.Equal(t, "fr", caps[1].Language.ID)
	assert.True(t, caps[1].AutomaticallyGenerated)
	assert.Zero(t, caps[1].UpdatedAt, "a field the server leaves out stays zero")
}

func TestCaptionsAdd(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("PUT /api/v1/videos/{id}/captions/{captionLanguage}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		require.NoError(t, r.ParseMultipartForm(1<<20))
		assert.Empty(t, r.MultipartForm.Value)
		name, ct, content := formFile(t, r, "captionfile")
		switch r.PathValue("captionLanguage") {
		case "en":
			if n.Add(1) == 1 {
				// A PUT is retried, its form sent again whole.
				serveJSON(w, 502, `{}`)
				return
			}
			assert.Equal(t, "talk.en.vtt", name)
			assert.Equal(t, "text/vtt", ct)
			assert.Equal(t, "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n", content)
		case "fr":
			assert.Equal(t, "talk.fr.srt", name)
			assert.Equal(t, "application/x-subrip", ct)
			assert.Equal(t, "1\n00:00:00,000 --> 00:00:02,000\nBonjour\n", content)
		case "pt-BR":
			assert.Equal(t, "/api/v1/videos/42/captions/pt-BR", r.URL.Path)
			assert.Equal(t, "text/plain", ct, "the caller's content type")
		}
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Captions.Add(t.Context(), "42", "en", &FilePart{Name: "talk.en.vtt", Content: strings.NewReader("WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n")})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, 2, resp.Attempts)
	_, err = c.Captions.Add(t.Context(), "42", "fr", &FilePart{Name: "talk.fr.srt", Content: strings.NewReader("1\n00:00:00,000 --> 00:00:02,000\nBonjour\n")})
	require.NoError(t, err)
	_, err = c.Captions.Add(t.Context(), "42", "pt-BR", &FilePart{Name: "talk.txt", ContentType: "text/plain", Content: strings.NewReader("WEBVTT\n")})
	require.NoError(t, err)
}

func TestCaptionsDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/videos/{id}/captions/{captionLanguage}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		assert.Equal(t, "en", r.PathValue("captionLanguage"))
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Captions.Delete(t.Context(), "42", "en")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

func TestCaptionsGenerate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var bodies []string
	mux.HandleFunc("POST /api/v1/videos/{id}/captions/generate", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Captions.Generate(t.Context(), "42", nil)
	require.NoError(t, err)
	_, err = c.Captions.Generate(t.Context(), "42", &CaptionGenerateOptions{ForceTranscription: true})
	require.NoError(t, err)
	require.Len(t, bodies, 2)
	assert.JSONEq(t, `{}`, bodies[0])
	assert.JSONEq(t, `{"forceTranscription":true}`, bodies[1])
}

func TestCaptionsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/captions", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "protected":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Please provide a password to access this password protected video","code":"video_requires_password"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	mux.HandleFunc("PUT /api/v1/videos/{id}/captions/{captionLanguage}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
		w.WriteHeader(400)
		_, _ = io.WriteString(w, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: captionLanguage",`+
			`"invalid-params":{"captionLanguage":{"type":"field","value":"xx","msg":"Should have a valid caption language","path":"captionLanguage","location":"params"}}}`)
	})
	_, _, err := c.Captions.List(t.Context(), "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Captions.List(t.Context(), "protected", nil)
	assert.ErrorIs(t, err, ErrForbidden)

	_, err = c.Captions.Add(t.Context(), "42", "xx", &FilePart{Name: "a.vtt", Content: strings.NewReader("WEBVTT\n")})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, "Should have a valid caption language", er.InvalidParams["captionLanguage"].Msg)
	assert.JSONEq(t, `"xx"`, string(er.InvalidParams["captionLanguage"].Value))
}

func TestCaptionsRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	vtt := func() *FilePart { return &FilePart{Name: "a.vtt", Content: strings.NewReader("WEBVTT\n")} }
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Captions.List(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, err = c.Captions.Add(t.Context(), id, "en", vtt())
		assert.Error(t, err, id)
		_, err = c.Captions.Delete(t.Context(), id, "en")
		assert.Error(t, err, id)
		_, err = c.Captions.Generate(t.Context(), id, nil)
		assert.Error(t, err, id)
		// The language is a path segment too.
		_, err = c.Captions.Add(t.Context(), "42", id, vtt())
		assert.Error(t, err, id)
		_, err = c.Captions.Delete(t.Context(), "42", id)
		assert.Error(t, err, id)
	}
	_, err := c.Captions.Add(t.Context(), "42", "en", nil)
	assert.ErrorContains(t, err, "needs its file")
	_, err = c.Captions.Add(t.Context(), "42", "en", &FilePart{Name: "a.vtt"})
	assert.ErrorContains(t, err, "captionfile has no content")
	_, err = c.Captions.Add(t.Context(), "42", "en", &FilePart{Content: strings.NewReader("x")})
	assert.ErrorContains(t, err, "captionfile has no file name")
	_, err = c.Captions.Add(t.Context(), "42", "en", &FilePart{Name: "a.vtt", Content: iotestErrReader{}})
	assert.ErrorContains(t, err, "disk on fire")
}
