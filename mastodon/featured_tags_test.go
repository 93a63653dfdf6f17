package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeaturedTags(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/featured_tags", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_featured_tags_get_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/featured_tags", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"name":"circasurvive"}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_featured_tags_feature_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/featured_tags/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "13174", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_featured_tags_unfeature_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/featured_tags/suggestions", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_featured_tags_suggestions_200_01.json"))
	})
	ctx := t.Context()

	tags, _, err := c.FeaturedTags.List(ctx)
	require.NoError(t, err)
	require.Len(t, tags, 1)
	assert.Equal(t, ID("627"), tags[0].ID)
	assert.Equal(t, "nowplaying", tags[0].Name)
	assert.EqualValues(t, 70, tags[0].StatusesCount)
	assert.Equal(t, Date{2022, time.August, 29}, tags[0].LastStatusAt)

	ft, _, err := c.FeaturedTags.Feature(ctx, "#circasurvive")
	require.NoError(t, err)
	assert.Equal(t, ID("13174"), ft.ID)
	assert.Equal(t, "https://mastodon.social/@trwnh/tagged/circasurvive", ft.URL)
	assert.EqualValues(t, 23, ft.StatusesCount)

	_, err = c.FeaturedTags.Unfeature(ctx, "13174")
	require.NoError(t, err)

	sugs, _, err := c.FeaturedTags.Suggestions(ctx)
	require.NoError(t, err)
	require.Len(t, sugs, 2)
	assert.Equal(t, "mastothemes", sugs[1].Name)
	require.Len(t, sugs[0].History, 7)
	assert.EqualValues(t, 200, sugs[0].History[0].Uses)
	assert.Equal(t, time.Date(2019, time.November, 24, 0, 0, 0, 0, time.UTC), sugs[0].History[0].Time())
}

func TestFeaturedTagsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("POST /api/v1/featured_tags", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_featured_tags_feature_422_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/featured_tags/{id}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_featured_tags_unfeature_404_01.json"))
	})
	mux.HandleFunc("GET /api/v1/featured_tags/suggestions", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_featured_tags_suggestions_401_01.json"))
	})
	mux.HandleFunc("GET /api/v1/featured_tags", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		// What a server without the route answers.
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()

	_, _, err := c.FeaturedTags.Feature(ctx, "123")
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, err = c.FeaturedTags.Unfeature(ctx, "99")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported, "the record is missing, not the endpoint")
	_, _, err = c.FeaturedTags.Suggestions(ctx)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.FeaturedTags.List(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 4, requests.Load())

	_, _, err = c.FeaturedTags.Feature(ctx, "")
	assert.Error(t, err)
	_, _, err = c.FeaturedTags.Feature(ctx, "#")
	assert.Error(t, err)
	_, err = c.FeaturedTags.Unfeature(ctx, "")
	assert.Error(t, err)
	_, err = c.FeaturedTags.Unfeature(ctx, "..")
	assert.Error(t, err)
	assert.EqualValues(t, 4, requests.Load(), "no request for invalid input")
}
