package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFollowRequestsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/follow_requests", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") == "" {
			// What GoToSocial answered bob, a locked account.
			testFormValues(t, r, url.Values{})
			serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-follow-requests.json"))
			return
		}
		switch r.URL.Query().Get("max_id") {
		case "":
			testFormValues(t, r, url.Values{"limit": {"2"}})
			w.Header().Set("Link", `<https://mastodon.example/api/v1/follow_requests?limit=2&max_id=7163058>; rel="next", <https://mastodon.example/api/v1/follow_requests?limit=2&since_id=7275607>; rel="prev"`)
			serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_follow_requests_get_200_01.json"))
		case "7163058":
			serveJSON(w, http.StatusOK, `[]`)
		default:
			t.Errorf("unexpected page %s", r.URL)
		}
	})
	ctx := t.Context()

	gts, _, err := c.FollowRequests.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, gts, 1)
	assert.Equal(t, ID("01N1S4YJN8T6BF6F7DX3DZWHSC"), gts[0].ID)
	assert.Equal(t, "alice", gts[0].Acct)
	assert.Len(t, gts[0].Fields, 2)

	accounts, resp, err := c.FollowRequests.List(ctx, &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, "spcpro3022@shitposter.club", accounts[0].Acct)
	assert.Equal(t, "7163058", resp.NextMaxID)
	assert.Equal(t, "7275607", resp.PrevSinceID)

	var ids []ID
	for a, err := range c.FollowRequests.ListAll(ctx, &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"108119793981152178", "106780475844882270"}, ids)
}

func TestFollowRequestsAnswer(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("POST /api/v1/follow_requests/{id}/authorize", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Zero(t, r.ContentLength)
		if r.PathValue("id") == "404" {
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_follow_requests_accept_404_01.json"))
			return
		}
		assert.Equal(t, "8889777", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_follow_requests_accept_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/follow_requests/{id}/reject", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "8889777", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_follow_requests_reject_200_01.json"))
	})
	ctx := t.Context()

	rel, _, err := c.FollowRequests.Accept(ctx, "8889777")
	require.NoError(t, err)
	assert.Equal(t, ID("8889777"), rel.ID)
	assert.True(t, rel.FollowedBy)

	rel, _, err = c.FollowRequests.Reject(ctx, "8889777")
	require.NoError(t, err)
	// The documentation's example repeats the one of Accept, followed_by
	// included.
	assert.Equal(t, ID("8889777"), rel.ID)

	_, _, err = c.FollowRequests.Accept(ctx, "404")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.EqualValues(t, 3, calls.Load())

	_, _, err = c.FollowRequests.Accept(ctx, "")
	assert.Error(t, err)
	_, _, err = c.FollowRequests.Reject(ctx, "..")
	assert.Error(t, err)
	assert.EqualValues(t, 3, calls.Load(), "no request for invalid input")
}
