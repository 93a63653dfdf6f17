package mastodon

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPreferencesGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/preferences", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_preferences_get_200_01.json"))
	})
	p, _, err := c.Preferences.Get(t.Context())
	require.NoError(t, err)
	assert.Equal(t, Preferences{
		PostingDefaultVisibility:  VisibilityPublic,
		PostingDefaultQuotePolicy: QuotePolicyFollowers,
		ReadingExpandMedia:        ExpandMediaDefault,
	}, *p)
}

func TestPreferencesErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n int
	mux.HandleFunc("GET /api/v1/preferences", func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_preferences_get_401_01.json"))
			return
		}
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, _, err := c.Preferences.Get(t.Context())
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Preferences.Get(t.Context())
	assert.ErrorIs(t, err, ErrNotSupported)
}
