package mastodon

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tagExample reads a tags example with the documentation's "featured"
// corrected to "featuring", as Mastodon sends it (see testdata/docs/SOURCE).
func tagExample(t *testing.T, name string) string {
	t.Helper()
	return strings.Replace(corpus(t, "docs/"+name), `"featured"`, `"featuring"`, 1)
}

func TestTags(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/tags/{name}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Caturday", r.PathValue("name"))
		serveJSON(w, http.StatusOK, tagExample(t, "method_tags_get_200_01.json"))
	})
	for _, action := range []string{"follow", "unfollow", "feature", "unfeature"} {
		mux.HandleFunc("POST /api/v1/tags/{name}/"+action, func(w http.ResponseWriter, r *http.Request) {
			assert.Equal(t, "caturday", r.PathValue("name"))
			b := make([]byte, 1)
			n, _ := r.Body.Read(b)
			assert.Zero(t, n, "no body")
			serveJSON(w, http.StatusOK, tagExample(t, "method_tags_"+action+"_200_01.json"))
		})
	}
	ctx := t.Context()

	tag, _, err := c.Tags.Get(ctx, "#Caturday")
	require.NoError(t, err)
	assert.Equal(t, ID("802"), tag.ID)
	assert.Equal(t, "http://mastodon.example/tags/caturday", tag.URL)
	require.Len(t, tag.History, 7)
	assert.EqualValues(t, 1668297600, tag.History[3].Day)
	assert.False(t, tag.Following)

	tag, _, err = c.Tags.Follow(ctx, "caturday")
	require.NoError(t, err)
	assert.True(t, tag.Following)
	tag, _, err = c.Tags.Unfollow(ctx, "caturday")
	require.NoError(t, err)
	assert.False(t, tag.Following)

	tag, _, err = c.Tags.Feature(ctx, "#caturday")
	require.NoError(t, err)
	assert.True(t, tag.Featuring)
	assert.Equal(t, "Test", tag.Name)
	assert.Empty(t, tag.ID, "the example has no id")
	tag, _, err = c.Tags.Unfeature(ctx, "caturday")
	require.NoError(t, err)
	assert.False(t, tag.Featuring)
}

func TestTagsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/v1/tags/{name}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.PathValue("name") == "old" {
			// Mastodon before 4.0 has no such route.
			serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
			return
		}
		serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
	})
	mux.HandleFunc("POST /api/v1/tags/{name}/follow", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_tags_follow_422_01.json"))
	})
	mux.HandleFunc("POST /api/v1/tags/{name}/unfollow", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_tags_unfollow_401_01.json"))
	})
	mux.HandleFunc("POST /api/v1/tags/{name}/{action}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		// Mastodon before 4.4 has no feature and unfeature routes.
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()

	_, _, err := c.Tags.Get(ctx, "no_such_tag")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Tags.Get(ctx, "old")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Tags.Follow(ctx, "caturday")
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, _, err = c.Tags.Unfollow(ctx, "caturday")
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Tags.Feature(ctx, "caturday")
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/tags/:id/feature", ns.Feature)
	_, _, err = c.Tags.Unfeature(ctx, "caturday")
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 6, requests.Load())

	for _, name := range []string{"", "#", ".", ".."} {
		_, _, err = c.Tags.Get(ctx, name)
		assert.Error(t, err, name)
		_, _, err = c.Tags.Follow(ctx, name)
		assert.Error(t, err, name)
		_, _, err = c.Tags.Feature(ctx, name)
		assert.Error(t, err, name)
	}
	assert.EqualValues(t, 6, requests.Load(), "no request for invalid input")
}
