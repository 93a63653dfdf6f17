package mastodon

import (
	"encoding/json"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastWait polls every millisecond.
func fastWait() *MediaWaitOptions {
	return &MediaWaitOptions{PollInterval: time.Millisecond, MaxPollInterval: time.Millisecond}
}

// The media sequence: the upload answers 202, the attachment is
// 206, 206, then 200, and then the status is posted with its id.
func TestStatusesPostWithMedia(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	var mu sync.Mutex
	var steps []string
	step := func(s string) {
		mu.Lock()
		steps = append(steps, s)
		mu.Unlock()
	}
	gets := 0
	mux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		require.NoError(t, err)
		form, err := multipart.NewReader(r.Body, params["boundary"]).ReadForm(1 << 20)
		require.NoError(t, err)
		assert.Equal(t, []string{"Twelve gold stars on blue"}, form.Value["description"])
		step("upload")
		serveJSON(w, 202, `{"id":"77","type":"video","url":null,"description":"Twelve gold stars on blue"}`)
	})
	mux.HandleFunc("GET /api/v1/media/77", func(w http.ResponseWriter, r *http.Request) {
		gets++
		if gets < 3 {
			step("206")
			serveJSON(w, 206, `{"id":"77","type":"video","url":null}`)
			return
		}
		step("200")
		serveJSON(w, 200, `{"id":"77","type":"video","url":"https://social.example/m/77.mp4"}`)
	})
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, []any{"77"}, body["media_ids"])
		assert.NotEmpty(t, r.Header.Get("Idempotency-Key"))
		step("post")
		serveJSON(w, 200, `{"id":"5","media_attachments":[{"id":"77","type":"video"}]}`)
	})
	st, _, err := c.Statuses.Post(t.Context(), &NewStatus{Status: "The flag"}, []NewAttachment{{
		File:        &MediaFile{Reader: strings.NewReader("video bytes"), Name: "flag.mp4"},
		Description: "Twelve gold stars on blue",
	}}, fastWait())
	require.NoError(t, err)
	assert.Equal(t, ID("5"), st.ID)
	assert.Equal(t, []string{"upload", "206", "206", "200", "post"}, steps)
}

func TestStatusesPostRefusesMissingAltText(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	_, _, err := c.Statuses.Post(t.Context(), &NewStatus{Status: "x"}, []NewAttachment{
		{File: &MediaFile{Reader: strings.NewReader("png"), Name: "a.png"}, Description: "An image"},
		{File: &MediaFile{Reader: strings.NewReader("png"), Name: "b.png"}, Description: " "}}, nil)
	assert.ErrorIs(t, err, ErrNoDescription)
	assert.Contains(t, err.Error(), "b.png")
	_, _, err = c.Statuses.Post(t.Context(), &NewStatus{Status: "x"}, []NewAttachment{{Description: "no file"}}, nil)
	assert.Error(t, err)
}

// A failed processing posts nothing.
func TestStatusesPostProcessingFails(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v2/media", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 202, `{"id":"8","type":"video","url":null}`)
	})
	mux.HandleFunc("GET /api/v1/media/8", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, `{"error":"Processing failed"}`)
	})
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		t.Error("nothing may be posted")
	})
	_, _, err := c.Statuses.Post(t.Context(), &NewStatus{Status: "x"},
		[]NewAttachment{{File: &MediaFile{Reader: strings.NewReader("v"), Name: "v.mp4"}, Description: "A video"}}, fastWait())
	assert.ErrorIs(t, err, ErrUnprocessable)
}
