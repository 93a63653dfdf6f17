package mastodon

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomEmojisList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/custom_emojis", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_custom_emojis_get_200_01.json"))
	})
	emojis, _, err := c.CustomEmojis.List(t.Context())
	require.NoError(t, err)
	require.Len(t, emojis, 5)
	assert.Equal(t, &CustomEmoji{
		Shortcode:       "aaaa",
		URL:             "https://files.mastodon.social/custom_emojis/images/000/007/118/original/aaaa.png",
		StaticURL:       "https://files.mastodon.social/custom_emojis/images/000/007/118/static/aaaa.png",
		VisibleInPicker: true,
	}, emojis[0])
}

// GoToSocial wants a token for the list.
func TestCustomEmojisUnauthorized(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/custom_emojis", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "gotosocial/mastodon-error-401-custom-emojis-unauthenticated.json"))
	})
	_, resp, err := c.CustomEmojis.List(t.Context())
	assert.ErrorIs(t, err, ErrUnauthorized)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}
