package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOEmbedGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/oembed", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"url": {"https://mastodon.social/@trwnh/99664077509711321"}, "maxwidth": {"400"}, "maxheight": {"300"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_oembed_get_200_01.json"))
	})
	oe, _, err := c.OEmbed.Get(t.Context(), "https://mastodon.social/@trwnh/99664077509711321", &OEmbedOptions{MaxWidth: 400, MaxHeight: 300})
	require.NoError(t, err)
	assert.Equal(t, "rich", oe.Type)
	assert.Equal(t, "1.0", oe.Version)
	assert.Equal(t, "New status by trwnh", oe.Title)
	assert.Equal(t, "infinite love ⴳ", oe.AuthorName)
	assert.Equal(t, "https://mastodon.social/@trwnh", oe.AuthorURL)
	assert.Equal(t, "mastodon.social", oe.ProviderName)
	assert.Equal(t, "https://mastodon.social/", oe.ProviderURL)
	assert.Equal(t, 86400, oe.CacheAge)
	assert.Contains(t, oe.HTML, `<iframe src="https://mastodon.social/@trwnh/99664077509711321/embed"`)
	assert.Equal(t, 400, oe.Width)
	assert.Zero(t, oe.Height, "null")
}

func TestOEmbedErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/oembed", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Query().Get("url") == "https://other.example/" {
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_oembed_get_404_01.json"))
			return
		}
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, _, err := c.OEmbed.Get(t.Context(), "https://other.example/", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.OEmbed.Get(t.Context(), "https://gts.example/@a/statuses/1", nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 2, requests.Load())

	_, _, err = c.OEmbed.Get(t.Context(), "", nil)
	assert.Error(t, err)
	assert.EqualValues(t, 2, requests.Load(), "no request for invalid input")
}
