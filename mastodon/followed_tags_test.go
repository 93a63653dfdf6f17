package mastodon

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFollowedTagsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/followed_tags", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"1"}})
		w.Header().Set("Link", `<http://mastodon.example/api/v1/followed_tags?limit=1&max_id=2>; rel="next", <http://mastodon.example/api/v1/followed_tags?limit=1&since_id=2>; rel="prev"`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_followed_tags_get_200_01.json"))
	})
	tags, resp, err := c.FollowedTags.List(t.Context(), &ListOptions{Limit: 1})
	require.NoError(t, err)
	require.Len(t, tags, 1)
	assert.Equal(t, ID("802"), tags[0].ID)
	assert.Equal(t, "Caturday", tags[0].Name)
	assert.True(t, tags[0].Following)
	require.Len(t, tags[0].History, 7)
	assert.EqualValues(t, 1, tags[0].History[3].Accounts)
	assert.Equal(t, "2", resp.NextMaxID, "the cursor is the follow's id, not the tag's")
}

func TestFollowedTagsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/followed_tags", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("max_id") {
		case "":
			w.Header().Set("Link", `<http://mastodon.example/api/v1/followed_tags?limit=1&max_id=2>; rel="next"`)
			serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_followed_tags_get_200_01.json"))
		case "2":
			serveJSON(w, http.StatusOK, `[{"id":"5","name":"dogs","url":"http://mastodon.example/tags/dogs","history":[],"following":true}]`)
		default:
			t.Errorf("unexpected page %s", r.URL)
		}
	})
	var names []string
	for tag, err := range c.FollowedTags.ListAll(t.Context(), nil) {
		require.NoError(t, err)
		names = append(names, tag.Name)
	}
	assert.Equal(t, []string{"Caturday", "dogs"}, names)
}

func TestFollowedTagsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/followed_tags", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") == "" {
			serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_followed_tags_get_401_01.json"))
			return
		}
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, _, err := c.FollowedTags.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.FollowedTags.List(t.Context(), &ListOptions{Limit: 5})
	assert.ErrorIs(t, err, ErrNotSupported)
}
