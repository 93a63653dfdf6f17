package peertube

import (
	"iter"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerFollowers(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/server/followers", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"state": {"pending"}, "actorType": {"Application"}, "count": {"10"}, "sort": {"-createdAt"}})
		serveJSON(w, 200, corpus(t, "openapi/follow-list.json"))
	})
	fs, resp, err := c.Server.Followers(t.Context(), &ServerFollowsOptions{
		ListOptions: ListOptions{Count: 10, Sort: "-createdAt"}, State: FollowPending, ActorType: "Application",
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, fs, 1)
	f := fs[0]
	assert.EqualValues(t, 42, f.ID)
	assert.Equal(t, "chocobozzz", f.Follower.Name)
	assert.EqualValues(t, 42, f.Following.ID)
	assert.Equal(t, string(FollowPending), f.State)
}

func TestServerFollowing(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/server/following", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"state": {"accepted"}})
		serveJSON(w, 200, corpus(t, "written/follow-list.json"))
	})
	fs, resp, err := c.Server.Following(t.Context(), &ServerFollowsOptions{State: FollowAccepted})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, fs, 1)
	f := fs[0]
	assert.Equal(t, "peertube@videos.example", f.Follower.Handle())
	assert.Equal(t, "peertube@other.example", f.Following.Handle())
	assert.True(t, f.Following.HostRedundancyAllowed)
	assert.Equal(t, 1, f.Following.FollowersCount)
	assert.InDelta(t, 1000, f.Score, 0)
	assert.Equal(t, string(FollowAccepted), f.State)
	assert.Equal(t, time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC), f.CreatedAt)
}

func TestServerFollowsAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	followers := pagedSearch(t, mux, "GET /api/v1/server/followers", 3)
	following := pagedSearch(t, mux, "GET /api/v1/server/following", 3)
	followIDs := func(seq iter.Seq2[*Follow, error]) []int64 {
		var got []int64
		for f, err := range seq {
			require.NoError(t, err)
			got = append(got, f.ID)
		}
		return got
	}
	opts := &ServerFollowsOptions{ListOptions: ListOptions{Count: 2}, State: FollowAccepted}
	assert.Equal(t, []int64{1, 2, 3}, followIDs(c.Server.FollowersAll(t.Context(), opts)))
	assert.Equal(t, []int64{1, 2, 3}, followIDs(c.Server.FollowingAll(t.Context(), opts)))
	assert.Equal(t, []string{" /2", " 2/2"}, *followers)
	assert.Equal(t, []string{" /2", " 2/2"}, *following)
}

func TestServerFollowsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/server/followers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: state","invalid-params":{"state":{"type":"field","value":"rejected","msg":"Invalid value","path":"state","location":"query"}}}`)
	})
	mux.HandleFunc("GET /api/v1/server/following", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "401-invalid-token.json")
	})
	_, _, err := c.Server.Followers(t.Context(), &ServerFollowsOptions{State: "rejected"})
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.ErrorContains(t, err, "state: Invalid value")
	var errs []error
	for f, err := range c.Server.FollowingAll(t.Context(), nil) {
		assert.Nil(t, f)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUnauthorized)
}
