package peertube

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"start": {"2"}, "count": {"3"}, "sort": {"-createdAt"}})
		serveJSON(w, 200, corpus(t, "openapi/account-list.json"))
	})
	accounts, resp, err := c.Accounts.List(t.Context(), &ListOptions{Start: 2, Count: 3, Sort: "-createdAt"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, accounts, 1)
	assert.EqualValues(t, 42, accounts[0].ID)
	assert.Equal(t, "chocobozzz", accounts[0].Name)
	require.NotNil(t, accounts[0].UserID)
	assert.EqualValues(t, 42, *accounts[0].UserID)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/accounts", 3)
	got := collectIDs(t, c.Accounts.ListAll(t.Context(), &ListOptions{Count: 2}), func(a *Account) int64 { return a.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestAccountsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("name") {
		case "chocobozzz":
			serveJSON(w, 200, corpus(t, "openapi/account.json"))
		case "fan@other.example":
			// As PeerTube formats a remote account.
			serveJSON(w, 200, `{"id":4,"url":"https://other.example/accounts/fan","name":"fan","avatars":[{"width":48,"path":"/lazy-static/avatars/f.webp","createdAt":"2026-11-01T10:00:00.000Z","updatedAt":"2026-11-01T10:00:00.000Z"}],"host":"other.example","hostRedundancyAllowed":false,"followingCount":1,"followersCount":2,"createdAt":"2026-11-01T10:00:00.000Z","updatedAt":"2026-11-05T10:00:00.000Z","displayName":"A fan","description":"I watch things."}`)
		default:
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"Account nobody not found"}`)
		}
	})
	a, _, err := c.Accounts.Get(t.Context(), "chocobozzz")
	require.NoError(t, err)
	assert.EqualValues(t, 42, a.ID)
	assert.Len(t, a.Avatars, 1)

	a, _, err = c.Accounts.Get(t.Context(), "fan@other.example")
	require.NoError(t, err)
	assert.Equal(t, "fan@other.example", a.Handle())
	assert.Equal(t, "A fan", a.DisplayName)
	assert.Equal(t, "I watch things.", a.Description)
	assert.Nil(t, a.UserID, "a remote account has no user")
	assert.Equal(t, 2, a.FollowersCount)
	assert.Equal(t, time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC), a.UpdatedAt)
	require.Len(t, a.Avatars, 1)
	assert.Equal(t, 48, a.Avatars[0].Width)

	_, _, err = c.Accounts.Get(t.Context(), "nobody")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAccountsVideos(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/videos", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "chocobozzz@framatube.org", r.PathValue("name"))
		testFormValues(t, r, url.Values{"start": {"15"}, "languageOneOf": {"en"}, "nsfw": {"false"}})
		serveJSON(w, 200, corpus(t, "openapi/video-list.json"))
	})
	videos, resp, err := c.Accounts.Videos(t.Context(), "chocobozzz@framatube.org", &VideoListOptions{
		ListOptions: ListOptions{Start: 15}, LanguageOneOf: []string{"en"}, NSFW: "false",
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, videos, 1)
	assert.EqualValues(t, 42, videos[0].ID)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/accounts/{name}/videos", 3)
	got := collectIDs(t, c.Accounts.VideosAll(t.Context(), "chocobozzz", &VideoListOptions{ListOptions: ListOptions{Count: 2}}), func(v *Video) int64 { return v.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestAccountsFollowers(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/followers", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("name") == "someone_else" {
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Only the owner of this account can manage this account"}`)
			return
		}
		testFormValues(t, r, url.Values{"count": {"20"}, "search": {"fan"}})
		serveJSON(w, 200, corpus(t, "openapi/follow-list.json"))
	})
	follows, resp, err := c.Accounts.Followers(t.Context(), "chocobozzz", &FollowersOptions{ListOptions: ListOptions{Count: 20}, Search: "fan"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, follows, 1)
	assert.EqualValues(t, 42, follows[0].Follower.ID)

	_, _, err = c.Accounts.Followers(t.Context(), "someone_else", nil)
	assert.ErrorIs(t, err, ErrForbidden)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/accounts/{name}/followers", 3)
	got := collectIDs(t, c.Accounts.FollowersAll(t.Context(), "chocobozzz", &FollowersOptions{ListOptions: ListOptions{Count: 2}}), func(f *Follow) int64 { return f.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestAccountsChannels(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/video-channels", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("withStats") == "" {
			testFormValues(t, r, url.Values{"sort": {"-updatedAt"}})
			serveJSON(w, 200, corpus(t, "openapi/channel-list.json"))
			return
		}
		testFormValues(t, r, url.Values{"withStats": {"true"}})
		serveJSON(w, 200, `{"total":1,"data":[{"id":7,"name":"garden_videos","displayName":"Garden videos","videosCount":12,"totalViews":3400,"viewsPerDay":[{"date":"2026-11-24T00:00:00.000Z","views":30},{"date":"2026-11-25T00:00:00.000Z","views":41}]}]}`)
	})
	channels, resp, err := c.Accounts.Channels(t.Context(), "chocobozzz", &AccountChannelsOptions{ListOptions: ListOptions{Sort: "-updatedAt"}})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, channels, 1)
	assert.Equal(t, "Videos of Framasoft", channels[0].DisplayName)

	channels, _, err = c.Accounts.Channels(t.Context(), "chocobozzz", &AccountChannelsOptions{WithStats: true})
	require.NoError(t, err)
	require.Len(t, channels, 1)
	ch := channels[0]
	assert.Equal(t, 12, ch.VideosCount)
	assert.EqualValues(t, 3400, ch.TotalViews)
	assert.Equal(t, []ChannelViews{
		{Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Views: 30},
		{Date: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Views: 41},
	}, ch.ViewsPerDay)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/accounts/{name}/video-channels", 3)
	got := collectIDs(t, c.Accounts.ChannelsAll(t.Context(), "chocobozzz", &AccountChannelsOptions{ListOptions: ListOptions{Count: 2}}), func(ch *Channel) int64 { return ch.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestAccountsChannelSyncs(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/video-channel-syncs", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"sort": {"-createdAt"}})
		serveJSON(w, 200, corpus(t, "openapi/channel-sync-list.json"))
	})
	syncs, resp, err := c.Accounts.ChannelSyncs(t.Context(), "chocobozzz", &ListOptions{Sort: "-createdAt"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, syncs, 1)
	assert.Equal(t, SyncProcessing, syncs[0].State.ID)
	assert.Equal(t, "https://youtube.com/c/UC_myfancychannel", syncs[0].ExternalChannelURL)
	require.NotNil(t, syncs[0].Channel.OwnerAccount)
	assert.Equal(t, "chocobozzz", syncs[0].Channel.OwnerAccount.Name)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/accounts/{name}/video-channel-syncs", 3)
	got := collectIDs(t, c.Accounts.ChannelSyncsAll(t.Context(), "chocobozzz", &ListOptions{Count: 2}), func(s *ChannelSync) int64 { return s.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestAccountsRatings(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/ratings", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"rating": {"like"}, "count": {"2"}})
		// PeerTube's answer is a page; the spec's item is the first.
		serveJSON(w, 200, `{"total":2,"data":[`+corpus(t, "openapi/video-rating.json")+
			`,{"video":{"id":7,"name":"Seeds"},"rating":"like","createdAt":"2026-11-25T10:00:00.000Z"}]}`)
	})
	ratings, resp, err := c.Accounts.Ratings(t.Context(), "chocobozzz", &RatingsOptions{ListOptions: ListOptions{Count: 2}, Rating: RatingLike})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Total)
	require.Len(t, ratings, 2)
	require.NotNil(t, ratings[0].Video)
	assert.Equal(t, "What is PeerTube?", ratings[0].Video.Name)
	assert.Equal(t, RatingLike, ratings[1].Rating)
	assert.Equal(t, "Seeds", ratings[1].Video.Name)
	assert.Equal(t, 2026, ratings[1].CreatedAt.Year())

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/accounts/{name}/ratings", 3)
	var n int
	for r, err := range c.Accounts.RatingsAll(t.Context(), "chocobozzz", &RatingsOptions{ListOptions: ListOptions{Count: 2}}) {
		require.NoError(t, err)
		assert.NotNil(t, r)
		n++
	}
	assert.Equal(t, 3, n)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

// Errors as a PeerTube server answered them (testdata/http-errors).
func TestAccountsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}/ratings", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "401-invalid-token.json")
	})
	mux.HandleFunc("GET /api/v1/accounts/{name}/videos", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "400-validation.json")
	})
	_, _, err := c.Accounts.Ratings(t.Context(), "chocobozzz", nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Accounts.Videos(t.Context(), "chocobozzz", &VideoListOptions{NSFW: "maybe"})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.NotEmpty(t, er.InvalidParams)
}

func TestAccountsInvalidNames(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	refuseAll(t, mux)
	for _, n := range []string{"", ".", ".."} {
		_, _, err := c.Accounts.Get(t.Context(), n)
		assert.Error(t, err, n)
		_, _, err = c.Accounts.Videos(t.Context(), n, nil)
		assert.Error(t, err, n)
		_, _, err = c.Accounts.Followers(t.Context(), n, nil)
		assert.Error(t, err, n)
		_, _, err = c.Accounts.Channels(t.Context(), n, nil)
		assert.Error(t, err, n)
		_, _, err = c.Accounts.ChannelSyncs(t.Context(), n, nil)
		assert.Error(t, err, n)
		_, _, err = c.Accounts.Ratings(t.Context(), n, nil)
		assert.Error(t, err, n)
		for _, err := range c.Accounts.VideosAll(t.Context(), n, nil) {
			assert.Error(t, err, n)
		}
		for _, err := range c.Accounts.FollowersAll(t.Context(), n, nil) {
			assert.Error(t, err, n)
		}
		for _, err := range c.Accounts.ChannelsAll(t.Context(), n, nil) {
			assert.Error(t, err, n)
		}
		for _, err := range c.Accounts.ChannelSyncsAll(t.Context(), n, nil) {
			assert.Error(t, err, n)
		}
		for _, err := range c.Accounts.RatingsAll(t.Context(), n, nil) {
			assert.Error(t, err, n)
		}
	}

	c, mux = setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{name}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/accounts/a%2Fb%3F@host.example", r.URL.EscapedPath())
		serveJSON(w, 200, `{"id":1}`)
	})
	_, _, err := c.Accounts.Get(t.Context(), "a/b?@host.example")
	require.NoError(t, err)
}
