package mastodon

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEndorsementsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/endorsements", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"2"}, "since_id": {"1"}})
		w.Header().Set("Link", `<https://mastodon.example/api/v1/endorsements?limit=2&max_id=832844>; rel="next", <https://mastodon.example/api/v1/endorsements?limit=2&since_id=952529>; rel="prev"`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_endorsements_get_200_01.json"))
	})
	accounts, resp, err := c.Endorsements.List(t.Context(), &ListOptions{Limit: 2, SinceID: "1"})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, ID("952529"), accounts[0].ID)
	assert.Equal(t, "a9@broadcast.wolfgirl.engineering", accounts[1].Acct)
	assert.Equal(t, "832844", resp.NextMaxID)
	assert.Equal(t, "952529", resp.PrevSinceID)
}

func TestEndorsementsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/endorsements", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("max_id") {
		case "":
			assert.Equal(t, "2", r.URL.Query().Get("limit"))
			w.Header().Set("Link", `<https://mastodon.example/api/v1/endorsements?limit=2&max_id=832844>; rel="next"`)
			serveJSON(w, http.StatusOK, corpus(t, "docs/method_endorsements_get_200_01.json"))
		case "832844":
			assert.Equal(t, "2", r.URL.Query().Get("limit"), "the options are kept")
			serveJSON(w, http.StatusOK, `[{"id":"7","username":"last","acct":"last"}]`)
		default:
			t.Errorf("unexpected page %s", r.URL)
		}
	})
	var ids []ID
	for a, err := range c.Endorsements.ListAll(t.Context(), &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"952529", "832844", "7"}, ids)
}

func TestEndorsementsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/endorsements", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") == "1" {
			serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_endorsements_get_401_01.json"))
			return
		}
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, _, err := c.Endorsements.List(t.Context(), &ListOptions{Limit: 1})
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Endorsements.List(t.Context(), nil)
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/endorsements", ns.Feature)

	var n int
	for _, err := range c.Endorsements.ListAll(t.Context(), nil) {
		n++
		assert.ErrorIs(t, err, ErrNotSupported)
	}
	assert.Equal(t, 1, n, "an error is yielded once")
}
