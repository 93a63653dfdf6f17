package peertube

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStudioCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/videos/{id}/studio/edit", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		require.NoError(t, r.ParseMultipartForm(1<<20))
		assert.Equal(t, url.Values{
			"tasks[0][name]":           {"cut"},
			"tasks[0][options][start]": {"5"},
			"tasks[0][options][end]":   {"60"},
			"tasks[1][name]":           {"cut"},
			"tasks[1][options][end]":   {"30"},
			"tasks[2][name]":           {"add-intro"},
			"tasks[3][name]":           {"add-outro"},
			"tasks[4][name]":           {"add-watermark"},
		}, url.Values(r.MultipartForm.Value))
		name, ct, content := formFile(t, r, "tasks[2][options][file]")
		assert.Equal(t, []string{"intro.mp4", "video/mp4", "INTRO"}, []string{name, ct, content})
		name, ct, content = formFile(t, r, "tasks[3][options][file]")
		assert.Equal(t, []string{"outro.webm", "video/webm", "OUTRO"}, []string{name, ct, content})
		name, ct, content = formFile(t, r, "tasks[4][options][file]")
		assert.Equal(t, []string{"logo.png", "image/png", "PNG"}, []string{name, ct, content})
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Studio.Create(t.Context(), "42", []StudioTask{
		StudioCut{Start: 5, End: 60},
		StudioCut{End: 30},
		StudioIntro{File: &FilePart{Name: "intro.mp4", Content: strings.NewReader("INTRO")}},
		StudioOutro{File: &FilePart{Name: "outro.webm", Content: strings.NewReader("OUTRO")}},
		StudioWatermark{File: &FilePart{Name: "logo.png", Content: strings.NewReader("PNG")}},
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, 1, resp.Attempts)
}

func TestStudioCreateErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var posts int
	mux.HandleFunc("POST /api/v1/videos/{id}/studio/edit", func(w http.ResponseWriter, r *http.Request) {
		posts++
		switch r.PathValue("id") {
		case "disabled":
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Video studio is disabled on this instance"}`)
		case "other":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot manage a video of another user."}`)
		case "broken":
			// The server refuses before it has read the form.
			serveJSON(w, 500, `{"status":500}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	cut := []StudioTask{StudioCut{Start: 1}}
	_, err := c.Studio.Create(t.Context(), "disabled", cut)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.ErrorContains(t, err, "Video studio is disabled")
	_, err = c.Studio.Create(t.Context(), "other", cut)
	assert.ErrorIs(t, err, ErrForbidden)
	_, err = c.Studio.Create(t.Context(), "missing", cut)
	assert.ErrorIs(t, err, ErrNotFound)
	resp, err := c.Studio.Create(t.Context(), "broken", []StudioTask{StudioIntro{File: &FilePart{Name: "i.mp4", Content: strings.NewReader(strings.Repeat("x", 64<<10))}}})
	assert.ErrorIs(t, err, ErrServer)
	if resp != nil {
		assert.Equal(t, 1, resp.Attempts, "the form is streamed: never sent twice")
	}
	assert.Equal(t, 4, posts)

	// A file that cannot be read fails the request with its error.
	_, err = c.Studio.Create(t.Context(), "42", []StudioTask{StudioWatermark{File: &FilePart{Name: "logo.png", Content: iotestErrReader{}}}})
	assert.ErrorContains(t, err, "disk on fire")
}

func TestStudioRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	ok := []StudioTask{StudioCut{Start: 1}}
	for _, id := range []string{"", ".", ".."} {
		_, err := c.Studio.Create(t.Context(), id, ok)
		assert.Error(t, err, id)
	}
	for name, tasks := range map[string][]StudioTask{
		"no task":                nil,
		"nil task":               {nil},
		"empty cut":              {StudioCut{}},
		"negative cut":           {StudioCut{Start: -1, End: 4}},
		"backwards cut":          {StudioCut{Start: 9, End: 4}},
		"intro without file":     {StudioIntro{}},
		"outro without content":  {StudioOutro{File: &FilePart{Name: "o.mp4"}}},
		"watermark without name": {StudioWatermark{File: &FilePart{Content: strings.NewReader("x")}}},
		"second task bad":        {StudioCut{Start: 1}, StudioCut{}},
	} {
		_, err := c.Studio.Create(t.Context(), "42", tasks)
		assert.Error(t, err, name)
	}
}
