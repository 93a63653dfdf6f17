package mastodon

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pngBytes is the start of a PNG file: enough for content sniffing.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00")

// mediaFormFile reads a file part of a parsed multipart form.
func mediaFormFile(t *testing.T, r *http.Request, field string) (name, contentType string, content []byte) {
	t.Helper()
	files := r.MultipartForm.File[field]
	require.Len(t, files, 1, field)
	f, err := files[0].Open()
	require.NoError(t, err)
	defer f.Close()
	content, err = io.ReadAll(f)
	require.NoError(t, err)
	return files[0].Filename, files[0].Header.Get("Content-Type"), content
}

func TestMediaUpload(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		assert.True(t, strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data; boundary="))
		require.NoError(t, r.ParseMultipartForm(1<<20))
		name, ct, content := mediaFormFile(t, r, "file")
		assert.Equal(t, `my "cat".png`, name)
		assert.Equal(t, "image/png", ct)
		assert.Equal(t, pngBytes, content)
		name, ct, content = mediaFormFile(t, r, "thumbnail")
		assert.Equal(t, "thumb.jpg", name)
		assert.Equal(t, "image/jpeg", ct, "by the extension")
		assert.Equal(t, "jpeg", string(content))
		assert.Equal(t, []string{"A cat on a mat"}, r.MultipartForm.Value["description"])
		assert.Equal(t, []string{"-0.42,0.69"}, r.MultipartForm.Value["focus"])
		serveJSON(w, http.StatusAccepted, corpus(t, "docs/method_media_v2_202_01.json"))
	})
	a, resp, err := c.Media.Upload(t.Context(), &MediaFile{Reader: bytes.NewReader(pngBytes), Name: `my "cat".png`, ContentType: "image/png"},
		&MediaUploadOptions{
			Thumbnail:   &MediaFile{Reader: strings.NewReader("jpeg"), Name: "thumb.jpg"},
			Description: "A cat on a mat",
			Focus:       &Focus{X: -0.42, Y: 0.69},
		})
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	assert.Equal(t, ID("22348641"), a.ID)
	assert.Empty(t, a.URL, "still processing")
	assert.NotEmpty(t, a.PreviewURL)
}

func TestMediaUploadSniffsTheType(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		name, ct, content := mediaFormFile(t, r, "file")
		assert.Equal(t, "upload.png", name)
		assert.Equal(t, "image/png", ct)
		assert.Equal(t, pngBytes, content)
		assert.Empty(t, r.MultipartForm.File["thumbnail"])
		assert.Empty(t, r.MultipartForm.Value)
		serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-media-upload-v2-response.json"))
	})
	a, resp, err := c.Media.Upload(t.Context(), &MediaFile{Reader: bytes.NewReader(pngBytes)}, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, MediaImage, a.Type)
	assert.NotEmpty(t, a.URL, "processed at once")
	assert.Equal(t, &Focus{}, a.Meta.Focus)
}

func TestMediaUploadErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var posts atomic.Int32
	mux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_media_v2_422_01.json"))
	})
	_, _, err := c.Media.Upload(t.Context(), &MediaFile{Reader: strings.NewReader("text"), Name: "a.txt"}, nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.EqualValues(t, 1, posts.Load(), "an upload is not retried")

	_, _, err = c.Media.Upload(t.Context(), nil, nil)
	assert.Error(t, err)
	_, _, err = c.Media.Upload(t.Context(), &MediaFile{Name: "a.png"}, nil)
	assert.Error(t, err)
	_, _, err = c.Media.Upload(t.Context(), &MediaFile{Reader: strings.NewReader("x")}, &MediaUploadOptions{Focus: &Focus{X: 2}})
	assert.ErrorContains(t, err, "focal point")
	assert.EqualValues(t, 1, posts.Load(), "no request for invalid input")

	// A bad token.
	bad, badMux := setup(t, nil)
	badMux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_media_v2_401_01.json"))
	})
	_, _, err = bad.Media.Upload(t.Context(), &MediaFile{Reader: strings.NewReader("x")}, nil)
	assert.ErrorIs(t, err, ErrUnauthorized)

	// A server before Mastodon 3.1.3 has no v2 upload.
	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, _, err = old.Media.Upload(t.Context(), &MediaFile{Reader: strings.NewReader("x")}, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
}

// Upload answered 202; the attachment is then processing for two polls.
func TestMediaWaitProcessed(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var gets atomic.Int32
	mux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusAccepted, corpus(t, "docs/method_media_v2_202_01.json"))
	})
	mux.HandleFunc("GET /api/v1/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "22348641", r.PathValue("id"))
		switch gets.Add(1) {
		case 1:
			serveJSON(w, http.StatusPartialContent, corpus(t, "docs/method_media_v2_202_01.json"))
		case 2:
			// Some answers come without a body.
			w.WriteHeader(http.StatusPartialContent)
		default:
			serveJSON(w, http.StatusOK, corpus(t, "docs/method_media_get_200_01.json"))
		}
	})
	up, resp, err := c.Media.Upload(t.Context(), &MediaFile{Reader: bytes.NewReader(pngBytes), Name: "a.png"}, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.StatusCode)

	a, resp, err := c.Media.WaitProcessed(t.Context(), up.ID, &MediaWaitOptions{PollInterval: time.Millisecond})
	require.NoError(t, err)
	assert.EqualValues(t, 3, gets.Load())
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "https://files.mastodon.social/media_attachments/files/022/348/641/original/e96382f26c72a29c.jpeg", a.URL)
	assert.Equal(t, "test uploaded via api, but updated", a.Description)
}

func TestMediaGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "processing":
			serveJSON(w, http.StatusPartialContent, corpus(t, "docs/method_media_v2_202_01.json"))
		case "failed":
			serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_media_get_422_01.json"))
		case "missing":
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_media_get_404_01.json"))
		default:
			serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-media-attachment.json"))
		}
	})
	a, resp, err := c.Media.Get(t.Context(), "01M8A82W02X919T0ZFFNPZ7TZF")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, ID("01M8A82W02X919T0ZFFNPZ7TZF"), a.ID)
	assert.Equal(t, "A 16x16 gradient test image", a.Description)
	assert.Equal(t, 16, a.Meta.Original.Width)

	a, resp, err = c.Media.Get(t.Context(), "processing")
	require.NoError(t, err, "206 is a success")
	assert.Equal(t, http.StatusPartialContent, resp.StatusCode)
	assert.Empty(t, a.URL)

	_, _, err = c.Media.Get(t.Context(), "failed")
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, _, err = c.Media.WaitProcessed(t.Context(), "failed", &MediaWaitOptions{PollInterval: time.Millisecond})
	assert.ErrorIs(t, err, ErrUnprocessable, "a failed processing ends the wait")
	_, _, err = c.Media.Get(t.Context(), "missing")
	assert.ErrorIs(t, err, ErrNotFound)

	for _, id := range []ID{"", "..", "."} {
		_, _, err = c.Media.Get(t.Context(), id)
		assert.Error(t, err)
		_, _, err = c.Media.WaitProcessed(t.Context(), id, nil)
		assert.Error(t, err)
	}
}

func TestMediaWaitProcessedTimeout(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var gets atomic.Int32
	mux.HandleFunc("GET /api/v1/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		serveJSON(w, http.StatusPartialContent, corpus(t, "docs/method_media_v2_202_01.json"))
	})
	_, _, err := c.Media.WaitProcessed(t.Context(), "1", &MediaWaitOptions{
		PollInterval: time.Millisecond, MaxPollInterval: 2 * time.Millisecond, Timeout: 20 * time.Millisecond,
	})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var te *MediaTimeoutError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, ID("1"), te.ID)
	assert.GreaterOrEqual(t, te.Polls, 1)
	assert.LessOrEqual(t, te.Polls, int(gets.Load()))
	require.NotNil(t, te.Last)
	assert.NotEmpty(t, te.Last.PreviewURL)
	assert.Contains(t, te.Error(), "media 1 was still processing")

	// The caller's deadline is a timeout too; a cancellation is not.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	_, _, err = c.Media.WaitProcessed(ctx, "1", &MediaWaitOptions{PollInterval: time.Millisecond})
	assert.ErrorAs(t, err, &te)

	ctx, cancel = context.WithCancel(t.Context())
	cancel()
	_, _, err = c.Media.WaitProcessed(ctx, "1", nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, errors.As(err, &te))
}

func TestMediaUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var puts atomic.Int32
	mux.HandleFunc("PUT /api/v1/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "22348641", r.PathValue("id"))
		switch puts.Add(1) {
		case 1:
			testJSONBody(t, r, `{"description":"test uploaded via api, but updated","focus":"0.5,-1"}`)
		case 2:
			testJSONBody(t, r, `{"description":""}`)
		case 3:
			require.NoError(t, r.ParseMultipartForm(1<<20))
			name, ct, content := mediaFormFile(t, r, "thumbnail")
			assert.Equal(t, "cover.png", name)
			assert.Equal(t, "image/png", ct)
			assert.Equal(t, pngBytes, content)
			assert.Equal(t, []string{"0,0"}, r.MultipartForm.Value["focus"])
			assert.NotContains(t, r.MultipartForm.Value, "description")
			assert.Empty(t, r.MultipartForm.File["file"])
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_media_update_200_01.json"))
	})
	desc, empty := "test uploaded via api, but updated", ""
	a, _, err := c.Media.Update(t.Context(), "22348641", &MediaUpdateOptions{Description: &desc, Focus: &Focus{X: 0.5, Y: -1}})
	require.NoError(t, err)
	assert.Equal(t, desc, a.Description)
	_, _, err = c.Media.Update(t.Context(), "22348641", &MediaUpdateOptions{Description: &empty})
	require.NoError(t, err)
	_, _, err = c.Media.Update(t.Context(), "22348641", &MediaUpdateOptions{
		Thumbnail: &MediaFile{Reader: bytes.NewReader(pngBytes), Name: "cover.png"}, Focus: &Focus{},
	})
	require.NoError(t, err)
	assert.EqualValues(t, 3, puts.Load())

	_, _, err = c.Media.Update(t.Context(), "22348641", nil)
	assert.Error(t, err)
	_, _, err = c.Media.Update(t.Context(), "22348641", &MediaUpdateOptions{})
	assert.Error(t, err)
	_, _, err = c.Media.Update(t.Context(), "..", &MediaUpdateOptions{Description: &desc})
	assert.Error(t, err)
	_, _, err = c.Media.Update(t.Context(), "1", &MediaUpdateOptions{Thumbnail: &MediaFile{}})
	assert.Error(t, err)
	assert.EqualValues(t, 3, puts.Load(), "no request for invalid input")
}

func TestMediaUpdateRefused(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PUT /api/v1/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_media_update_422_01.json"))
	})
	desc := "x"
	_, _, err := c.Media.Update(t.Context(), "1", &MediaUpdateOptions{Description: &desc})
	assert.ErrorIs(t, err, ErrUnprocessable)
}

func TestMediaDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "attached":
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_media_get_404_01.json"))
		default:
			serveJSON(w, http.StatusOK, `{}`)
		}
	})
	resp, err := c.Media.Delete(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	_, err = c.Media.Delete(t.Context(), "attached")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, err = c.Media.Delete(t.Context(), "")
	assert.Error(t, err)

	// Before Mastodon 4.4 the route is missing.
	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("DELETE /api/v1/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, err = old.Media.Delete(t.Context(), "1")
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "DELETE /api/v1/media/:id", ns.Feature)
}
