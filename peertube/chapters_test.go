package peertube

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChaptersGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/chapters", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
			serveJSON(w, 200, corpus(t, "written/chapters.json"))
		case "none":
			serveJSON(w, 200, `{"chapters":[]}`)
		case "spec":
			// The API reference's schema: one object.
			serveJSON(w, 200, `{"chapters":{"title":"Introduction","timecode":0}}`)
		case "null":
			serveJSON(w, 200, `{"chapters":null}`)
		case "bad":
			serveJSON(w, 200, `{"chapters":"x"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	chapters, _, err := c.Chapters.Get(t.Context(), "42", &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	assert.Equal(t, []*Chapter{{0, "Introduction"}, {95, "Planting the bulbs"}, {610, "Questions"}}, chapters)

	chapters, _, err = c.Chapters.Get(t.Context(), "none", nil)
	require.NoError(t, err)
	assert.Empty(t, chapters)
	chapters, _, err = c.Chapters.Get(t.Context(), "spec", nil)
	require.NoError(t, err)
	assert.Equal(t, []*Chapter{{0, "Introduction"}}, chapters)
	chapters, _, err = c.Chapters.Get(t.Context(), "null", nil)
	require.NoError(t, err)
	assert.Empty(t, chapters)
	_, _, err = c.Chapters.Get(t.Context(), "bad", nil)
	assert.ErrorContains(t, err, "decoding the answer")
	_, _, err = c.Chapters.Get(t.Context(), "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestChaptersReplace(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PUT /api/v1/videos/{id}/chapters", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			testJSONBody(t, r, `{"chapters":[{"timecode":0,"title":"Introduction"},{"timecode":95,"title":"Planting the bulbs"}]}`)
		case "clear":
			testJSONBody(t, r, `{"chapters":[]}`)
		case "dup":
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: chapters",`+
				`"invalid-params":{"chapters":{"type":"field","value":[{"timecode":1,"title":"a"},{"timecode":1,"title":"b"}],"msg":"Chapters must have unique timecodes","path":"chapters","location":"body"}}}`)
			return
		case "other":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot manage a video of another user."}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Chapters.Replace(t.Context(), "42", []Chapter{{0, "Introduction"}, {95, "Planting the bulbs"}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Chapters.Replace(t.Context(), "clear", nil)
	require.NoError(t, err)

	_, err = c.Chapters.Replace(t.Context(), "dup", []Chapter{{1, "a"}, {1, "b"}})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	p := er.InvalidParams["chapters"]
	assert.Equal(t, "Chapters must have unique timecodes", p.Msg)
	assert.Empty(t, p.Value, "a body value is not kept")
	_, err = c.Chapters.Replace(t.Context(), "other", nil)
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestChaptersRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Chapters.Get(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, err = c.Chapters.Replace(t.Context(), id, nil)
		assert.Error(t, err, id)
	}
}
