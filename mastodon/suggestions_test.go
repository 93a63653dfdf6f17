package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSuggestions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/suggestions", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"2"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_suggestions_v2_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/suggestions/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "784058", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_suggestions_remove_200_01.json"))
	})
	ctx := t.Context()

	sugs, _, err := c.Suggestions.List(ctx, &SuggestionsOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, sugs, 2)
	assert.Equal(t, SuggestionPastInteractions, sugs[0].Source)
	assert.Equal(t, ID("784058"), sugs[0].Account.ID)
	assert.Equal(t, "thunderbird@mastodon.online", sugs[1].Account.Acct)

	_, err = c.Suggestions.Remove(ctx, sugs[0].Account.ID)
	require.NoError(t, err)
}

func TestSuggestionsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/v2/suggestions", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Query().Get("limit") != "" {
			serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_suggestions_v2_401_01.json"))
			return
		}
		// Mastodon before 3.4, GoToSocial.
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	mux.HandleFunc("DELETE /api/v1/suggestions/{id}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	_, _, err := c.Suggestions.List(ctx, &SuggestionsOptions{Limit: 1})
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Suggestions.List(ctx, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.Suggestions.Remove(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 3, requests.Load())

	_, err = c.Suggestions.Remove(ctx, "")
	assert.Error(t, err)
	_, err = c.Suggestions.Remove(ctx, "..")
	assert.Error(t, err)
	assert.EqualValues(t, 3, requests.Load(), "no request for invalid input")
}
