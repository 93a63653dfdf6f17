package peertube

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMeGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		if r.URL.Query().Get("spec") != "" {
			serveJSON(w, 200, corpus(t, "openapi/user.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "written/me.json"))
	})
	u, _, err := c.Me.Get(t.Context())
	require.NoError(t, err)
	assert.EqualValues(t, 2, u.ID)
	assert.Equal(t, "gardener", u.Username)
	assert.Equal(t, "gardener@videos.example", u.Email)
	assert.Nil(t, u.PendingEmail)
	assert.True(t, u.EmailVerified)
	assert.Equal(t, Constant[UserRole]{ID: RoleUser, Label: "User"}, u.Role)
	assert.Equal(t, NSFWBlur, u.NSFWPolicy)
	assert.True(t, u.AutoPlayNextVideoPlaylist)
	assert.Equal(t, []string{"en", "fr"}, u.VideoLanguages)
	assert.EqualValues(t, 10737418240, u.VideoQuota)
	assert.EqualValues(t, -1, u.VideoQuotaDaily)
	assert.EqualValues(t, 52428800, u.VideoQuotaUsedDaily)
	assert.Equal(t, "The Gardener", u.Account.DisplayName)
	assert.Equal(t, "gardener@videos.example", u.Account.Handle())
	require.Len(t, u.VideoChannels, 1)
	assert.Equal(t, "garden_videos", u.VideoChannels[0].Name)
	assert.Nil(t, u.VideoChannels[0].OwnerAccount)
	assert.Equal(t, []SpecialPlaylist{{ID: 5, Name: "Watch later", Type: 2}}, u.SpecialPlaylists)
	require.NotNil(t, u.NotificationSettings)
	assert.Equal(t, NotifyWeb|NotifyEmail, u.NotificationSettings.NewCommentOnMyVideo)
	assert.Equal(t, NotifyWeb, u.NotificationSettings.MyVideoTranscriptionGenerated)
	require.NotNil(t, u.LastLoginDate)
	assert.Equal(t, time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), *u.LastLoginDate)
	assert.Nil(t, u.PluginAuth)

	// The spec's example of a user (as an object: the spec's array is
	// not what PeerTube sends).
	req, err := c.NewRequest(t.Context(), "GET", "api/v1/users/me?spec=1", nil)
	require.NoError(t, err)
	var spec User
	_, err = c.Do(req, &spec)
	require.NoError(t, err)
	assert.EqualValues(t, 42, spec.ID)
	assert.Equal(t, "chocobozzz", spec.Username)
	assert.Equal(t, RoleUser, spec.Role.ID)
	assert.EqualValues(t, -1, spec.VideoQuota)
	require.Len(t, spec.VideoChannels, 1)
	assert.Equal(t, "Videos of Framasoft", spec.VideoChannels[0].DisplayName)
}

func TestMeUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var bodies []string
	mux.HandleFunc("PUT /api/v1/users/me", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		if strings.Contains(string(b), `"password":"short"`) {
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: password","invalid-params":{"password":{"type":"field","value":"short","msg":"Invalid value","path":"password","location":"body"}}}`)
			return
		}
		bodies = append(bodies, string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Me.Update(t.Context(), &MeUpdate{
		DisplayName: Ptr("Gardener"), Description: Ptr(""), Email: Ptr("new@videos.example"),
		Password: "a long new password", CurrentPassword: "the old one", EmailPublic: Ptr(true),
		NSFWPolicy: Ptr(NSFWDoNotList), P2PEnabled: Ptr(false), AutoPlayVideo: Ptr(true),
		AutoPlayNextVideo: Ptr(false), AutoPlayNextVideoPlaylist: Ptr(true), VideosHistoryEnabled: Ptr(false),
		VideoLanguages: []string{"en"}, Theme: Ptr("dark"), NoInstanceConfigWarningModal: Ptr(true),
		NoAccountSetupWarningModal: Ptr(true), NoWelcomeModal: Ptr(false),
	})
	require.NoError(t, err)
	_, err = c.Me.Update(t.Context(), &MeUpdate{Description: Ptr("Bio"), VideoLanguages: []string{}})
	require.NoError(t, err)
	_, err = c.Me.Update(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, bodies, 3)
	assert.JSONEq(t, `{"displayName":"Gardener","description":null,"email":"new@videos.example",
		"password":"a long new password","currentPassword":"the old one","emailPublic":true,
		"nsfwPolicy":"do_not_list","p2pEnabled":false,"autoPlayVideo":true,"autoPlayNextVideo":false,
		"autoPlayNextVideoPlaylist":true,"videosHistoryEnabled":false,"videoLanguages":["en"],"theme":"dark",
		"noInstanceConfigWarningModal":true,"noAccountSetupWarningModal":true,"noWelcomeModal":false}`, bodies[0])
	assert.JSONEq(t, `{"description":"Bio","videoLanguages":null}`, bodies[1])
	assert.JSONEq(t, `{}`, bodies[2])

	_, err = c.Me.Update(t.Context(), &MeUpdate{Password: "short", CurrentPassword: "old"})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, "body", er.InvalidParams["password"].Location)
	assert.Empty(t, er.InvalidParams["password"].Value, "a password is not kept")
	assert.NotContains(t, err.Error(), "short")
}

func TestMeQuota(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/video-quota-used", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "openapi/video-quota-used.json"))
	})
	q, _, err := c.Me.Quota(t.Context())
	require.NoError(t, err)
	assert.Equal(t, &QuotaUsed{Used: 16810141515, UsedDaily: 1681014151}, q)
}

func TestMeVideos(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/videos", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"count": {"10"}, "sort": {"-createdAt"}, "search": {"tomato"}, "isLive": {"false"}, "channelId": {"7"}})
		serveJSON(w, 200, corpus(t, "openapi/video-list.json"))
	})
	videos, resp, err := c.Me.Videos(t.Context(), &MyVideosOptions{
		ListOptions: ListOptions{Count: 10, Sort: "-createdAt"}, Search: "tomato", IsLive: Ptr(false), ChannelID: 7,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, videos, 1)
	assert.Equal(t, StatePublished, videos[0].State.ID)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/users/me/videos", 3)
	got := collectIDs(t, c.Me.VideosAll(t.Context(), &MyVideosOptions{ListOptions: ListOptions{Count: 2}}), func(v *Video) int64 { return v.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestMeVideoRating(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/videos/{id}/rating", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "2y84q2MQUMWPbiEcxNXMgC":
			serveJSON(w, 200, `{"videoId":42,"rating":"dislike"}`)
		case "42":
			serveJSON(w, 200, `{"videoId":42,"rating":"none"}`)
		case "spec":
			// The spec's example names no rating.
			serveJSON(w, 200, corpus(t, "openapi/me-video-rating.json"))
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	rating, _, err := c.Me.VideoRating(t.Context(), "2y84q2MQUMWPbiEcxNXMgC")
	require.NoError(t, err)
	assert.Equal(t, RatingDislike, rating)
	rating, _, err = c.Me.VideoRating(t.Context(), "42")
	require.NoError(t, err)
	assert.Equal(t, RatingNone, rating)
	rating, _, err = c.Me.VideoRating(t.Context(), "spec")
	require.NoError(t, err)
	assert.Empty(t, rating)
	_, _, err = c.Me.VideoRating(t.Context(), "gone")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestMeSubscriptions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/subscriptions", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"start": {"3"}, "sort": {"-createdAt"}, "search": {"veg"}})
		serveJSON(w, 200, corpus(t, "openapi/channel-list.json"))
	})
	channels, resp, err := c.Me.Subscriptions(t.Context(), &SubscriptionsOptions{ListOptions: ListOptions{Start: 3, Sort: "-createdAt"}, Search: "veg"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, channels, 1)
	assert.Equal(t, "Videos of Framasoft", channels[0].DisplayName)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/users/me/subscriptions", 3)
	got := collectIDs(t, c.Me.SubscriptionsAll(t.Context(), &SubscriptionsOptions{ListOptions: ListOptions{Count: 2}}), func(ch *Channel) int64 { return ch.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestMeSubscribeAndUnsubscribe(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/users/me/subscriptions", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"uri":"008a0e54-375d-49d0-8379-143202e24152@video.lqdn.fr"}`)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /api/v1/users/me/subscriptions/{handle}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("handle") != "veg@other.example" {
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"Subscription nobody@other.example not found."}`)
			return
		}
		serveJSON(w, 200, corpus(t, "openapi/channel.json"))
	})
	var deleted []string
	mux.HandleFunc("DELETE /api/v1/users/me/subscriptions/{handle}", func(w http.ResponseWriter, r *http.Request) {
		deleted = append(deleted, r.PathValue("handle"))
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := c.Me.Subscribe(t.Context(), "008a0e54-375d-49d0-8379-143202e24152@video.lqdn.fr")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)

	ch, _, err := c.Me.Subscription(t.Context(), "veg@other.example")
	require.NoError(t, err)
	assert.Equal(t, "Videos of Framasoft", ch.DisplayName)
	_, _, err = c.Me.Subscription(t.Context(), "nobody@other.example")
	assert.ErrorIs(t, err, ErrNotFound)

	_, err = c.Me.Unsubscribe(t.Context(), "veg@other.example")
	require.NoError(t, err)
	assert.Equal(t, []string{"veg@other.example"}, deleted)
}

func TestMeSubscriptionsExist(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/subscriptions/exist", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"uris": {"veg@other.example", "nobody@other.example"}})
		serveJSON(w, 200, `{"veg@other.example":true,"nobody@other.example":false}`)
	})
	exist, _, err := c.Me.SubscriptionsExist(t.Context(), []string{"veg@other.example", "nobody@other.example"})
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"veg@other.example": true, "nobody@other.example": false}, exist)
}

func TestMeSubscriptionVideos(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/subscriptions/videos", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"sort": {"-publishedAt"}, "excludeAlreadyWatched": {"true"}})
		serveJSON(w, 200, corpus(t, "openapi/video-list.json"))
	})
	videos, _, err := c.Me.SubscriptionVideos(t.Context(), &VideoListOptions{ListOptions: ListOptions{Sort: "-publishedAt"}, ExcludeAlreadyWatched: Ptr(true)})
	require.NoError(t, err)
	require.Len(t, videos, 1)
	assert.Equal(t, "What is PeerTube?", videos[0].Name)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/users/me/subscriptions/videos", 3)
	got := collectIDs(t, c.Me.SubscriptionVideosAll(t.Context(), &VideoListOptions{ListOptions: ListOptions{Count: 2}}), func(v *Video) int64 { return v.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestMeNotifications(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/notifications", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("unread") == "" {
			serveJSON(w, 200, corpus(t, "openapi/notification-list.json"))
			return
		}
		testFormValues(t, r, url.Values{"unread": {"true"}, "sort": {"-createdAt"}})
		serveJSON(w, 200, corpus(t, "written/notification-list.json"))
	})
	// The spec's example.
	ns, resp, err := c.Me.Notifications(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, ns, 1)
	assert.EqualValues(t, 42, ns[0].ID)
	require.NotNil(t, ns[0].Video)
	assert.Equal(t, "What is PeerTube?", ns[0].Video.Name)
	assert.EqualValues(t, 42, ns[0].Video.Channel.ID)
	require.NotNil(t, ns[0].Comment)
	assert.Equal(t, "9c9de5e8-0a1e-484a-b099-e80766180a6d", ns[0].Comment.Video.UUID)

	// As PeerTube formats them.
	ns, resp, err = c.Me.Notifications(t.Context(), &NotificationsOptions{ListOptions: ListOptions{Sort: "-createdAt"}, Unread: true})
	require.NoError(t, err)
	assert.Equal(t, 4, resp.Total)
	require.Len(t, ns, 4)

	assert.Equal(t, NotifyNewVideoFromSubscription, ns[0].Type)
	assert.False(t, ns[0].Read)
	require.NotNil(t, ns[0].Video)
	assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", ns[0].Video.ShortUUID)
	assert.Equal(t, "Vegetables", ns[0].Video.Channel.DisplayName)
	assert.Len(t, ns[0].Video.Channel.Avatars, 1)
	assert.Nil(t, ns[0].Comment)

	assert.Equal(t, NotifyNewCommentOnMyVideo, ns[1].Type)
	require.NotNil(t, ns[1].Comment)
	assert.EqualValues(t, 54, ns[1].Comment.ThreadID)
	assert.Equal(t, "fan", ns[1].Comment.Account.Name)
	assert.Equal(t, "Seeds", ns[1].Comment.Video.Name)

	assert.Equal(t, NotifyNewFollow, ns[2].Type)
	require.NotNil(t, ns[2].ActorFollow)
	assert.Equal(t, "accepted", ns[2].ActorFollow.State)
	assert.Equal(t, "channel", ns[2].ActorFollow.Following.Type)
	assert.Equal(t, "fan", ns[2].ActorFollow.Follower.Name)

	assert.Equal(t, NotifyAbuseStateChange, ns[3].Type)
	require.NotNil(t, ns[3].Abuse)
	assert.Equal(t, AbuseAccepted, ns[3].Abuse.State)
	require.NotNil(t, ns[3].Abuse.Video)
	assert.Equal(t, "Spam", ns[3].Abuse.Video.Name)
	assert.Equal(t, time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC), ns[3].CreatedAt)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/users/me/notifications", 3)
	got := collectIDs(t, c.Me.NotificationsAll(t.Context(), &NotificationsOptions{ListOptions: ListOptions{Count: 2}}), func(n *Notification) int64 { return n.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestMeMarkNotificationsRead(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls []string
	mux.HandleFunc("POST /api/v1/users/me/notifications/read", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"ids":[101,103]}`)
		calls = append(calls, "read")
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v1/users/me/notifications/read-all", func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, "read-all")
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Me.MarkNotificationsRead(t.Context(), []int64{101, 103})
	require.NoError(t, err)
	_, err = c.Me.MarkAllNotificationsRead(t.Context())
	require.NoError(t, err)
	_, err = c.Me.MarkNotificationsRead(t.Context(), nil)
	assert.Error(t, err)
	assert.Equal(t, []string{"read", "read-all"}, calls, "no request without ids")
}

func TestMeUpdateNotificationSettings(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PUT /api/v1/users/me/notification-settings", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		var got map[string]int
		require.NoError(t, json.NewDecoder(r.Body).Decode(&got))
		assert.Len(t, got, 18, "all the settings are sent")
		assert.Equal(t, 3, got["newCommentOnMyVideo"])
		assert.Equal(t, 0, got["newFollow"])
		assert.Equal(t, 2, got["myVideoPublished"])
		w.WriteHeader(http.StatusNoContent)
	})
	var me struct {
		NotificationSettings NotificationSettings `json:"notificationSettings"`
	}
	require.NoError(t, json.Unmarshal([]byte(corpus(t, "written/me.json")), &me))
	s := me.NotificationSettings
	s.NewFollow = NotifyNone
	s.MyVideoPublished = NotifyEmail
	_, err := c.Me.UpdateNotificationSettings(t.Context(), &s)
	require.NoError(t, err)
	_, err = c.Me.UpdateNotificationSettings(t.Context(), nil)
	assert.Error(t, err)
}

func TestMeHistory(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/history/videos", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"count": {"5"}, "search": {"tomato"}})
		serveJSON(w, 200, `{"total":1,"data":[{"id":42,"name":"Tomatoes","userHistory":{"currentTime":95}}]}`)
	})
	videos, resp, err := c.Me.History(t.Context(), &HistoryOptions{ListOptions: ListOptions{Count: 5}, Search: "tomato"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, videos, 1)
	require.NotNil(t, videos[0].UserHistory)
	assert.Equal(t, 95, videos[0].UserHistory.CurrentTime)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/users/me/history/videos", 3)
	got := collectIDs(t, c.Me.HistoryAll(t.Context(), &HistoryOptions{ListOptions: ListOptions{Count: 2}}), func(v *Video) int64 { return v.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestMeDeleteAndClearHistory(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls []string
	mux.HandleFunc("DELETE /api/v1/users/me/history/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, "delete "+r.PathValue("id"))
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v1/users/me/history/videos/remove", func(w http.ResponseWriter, r *http.Request) {
		// JSON, which PeerTube reads here; a multipart form it would not.
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		calls = append(calls, "remove "+string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Me.DeleteHistoryVideo(t.Context(), 42)
	require.NoError(t, err)
	before := time.Date(2026, 11, 1, 12, 30, 0, 0, time.FixedZone("CET", 3600))
	_, err = c.Me.ClearHistory(t.Context(), &ClearHistoryOptions{Before: before})
	require.NoError(t, err)
	_, err = c.Me.ClearHistory(t.Context(), nil)
	require.NoError(t, err)
	for _, id := range []int64{0, -3} {
		_, err = c.Me.DeleteHistoryVideo(t.Context(), id)
		assert.Error(t, err)
	}
	assert.Equal(t, []string{"delete 42", `remove {"beforeDate":"2026-11-01T11:30:00Z"}`, "remove {}"}, calls)
}

func TestMeAvatar(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/users/me/avatar/pick", func(w http.ResponseWriter, r *http.Request) {
		name, ct, content := imagePart(t, r, "avatarfile")
		assert.Equal(t, "me.webp", name)
		assert.Equal(t, "image/webp", ct)
		assert.Equal(t, "WEBP", content)
		serveJSON(w, 200, `{"avatars":[{"width":48,"path":"/lazy-static/avatars/m.webp","createdAt":"2026-11-25T10:00:00.000Z","updatedAt":"2026-11-25T10:00:00.000Z"}]}`)
	})
	mux.HandleFunc("DELETE /api/v1/users/me/avatar", func(w http.ResponseWriter, r *http.Request) {
		// PeerTube answers 200 with the avatars left, none; the spec
		// says 204.
		serveJSON(w, 200, `{"avatars":[]}`)
	})
	avatars, _, err := c.Me.UploadAvatar(t.Context(), &ImageFile{Name: "me.webp", ContentType: "image/webp", Content: strings.NewReader("WEBP")})
	require.NoError(t, err)
	require.Len(t, avatars, 1)
	assert.Equal(t, "/lazy-static/avatars/m.webp", avatars[0].Path)
	assert.Equal(t, 2026, avatars[0].CreatedAt.Year())
	resp, err := c.Me.DeleteAvatar(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, _, err = c.Me.UploadAvatar(t.Context(), nil)
	assert.Error(t, err)
}

func TestMeAbuses(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/abuses", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("state") == "" {
			serveJSON(w, 200, corpus(t, "openapi/abuse-list.json"))
			return
		}
		testFormValues(t, r, url.Values{"id": {"12"}, "state": {"3"}, "sort": {"-createdAt"}})
		serveJSON(w, 200, corpus(t, "written/my-abuses.json"))
	})
	// The spec's example.
	abuses, resp, err := c.Me.Abuses(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, abuses, 1)
	assert.Equal(t, "The video is a spam", abuses[0].Reason)
	assert.Equal(t, []string{"spamOrMisleading"}, abuses[0].PredefinedReasons)
	assert.Equal(t, "Decided to ban the server since it spams us regularly", abuses[0].ModerationComment)
	require.NotNil(t, abuses[0].Video)
	assert.Equal(t, "What is PeerTube?", abuses[0].Video.Name)

	// As PeerTube formats them for the reporter.
	abuses, _, err = c.Me.Abuses(t.Context(), &AbusesOptions{ListOptions: ListOptions{Sort: "-createdAt"}, ID: 12, State: AbuseAccepted})
	require.NoError(t, err)
	require.Len(t, abuses, 1)
	a := abuses[0]
	assert.Equal(t, Constant[AbuseState]{ID: AbuseAccepted, Label: "Accepted"}, a.State)
	require.NotNil(t, a.FlaggedAccount)
	assert.Equal(t, "seller@spam.example", a.FlaggedAccount.Handle())
	require.NotNil(t, a.Video)
	assert.True(t, a.Video.Blacklisted)
	require.NotNil(t, a.Video.StartAt)
	assert.Equal(t, 30, *a.Video.StartAt)
	assert.Nil(t, a.Video.EndAt)
	require.NotNil(t, a.Video.Channel)
	assert.Equal(t, "Seeds for sale", a.Video.Channel.DisplayName)
	assert.Nil(t, a.Comment)
	assert.Equal(t, 2, a.CountMessages)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/users/me/abuses", 3)
	got := collectIDs(t, c.Me.AbusesAll(t.Context(), &AbusesOptions{ListOptions: ListOptions{Count: 2}}), func(a *Abuse) int64 { return a.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

// Errors as a PeerTube server answered them (testdata/http-errors), and
// the 403 of a blocked user.
func TestMeErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "401-invalid-token.json")
	})
	mux.HandleFunc("GET /api/v1/users/me/subscriptions/exist", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: uris","invalid-params":{"uris":{"type":"field","value":["not a handle"],"msg":"Invalid value","path":"uris","location":"query"}}}`)
	})
	mux.HandleFunc("POST /api/v1/users/me/subscriptions", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"User blocked"}`)
	})
	_, _, err := c.Me.Get(t.Context())
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, CodeInvalidToken, er.Code)

	_, _, err = c.Me.SubscriptionsExist(t.Context(), []string{"not a handle"})
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.JSONEq(t, `["not a handle"]`, string(er.InvalidParams["uris"].Value))

	_, err = c.Me.Subscribe(t.Context(), "veg@other.example")
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestMeInvalidArguments(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	refuseAll(t, mux)
	for _, h := range []string{"", ".", ".."} {
		_, _, err := c.Me.Subscription(t.Context(), h)
		assert.Error(t, err, h)
		_, err = c.Me.Unsubscribe(t.Context(), h)
		assert.Error(t, err, h)
		_, _, err = c.Me.VideoRating(t.Context(), h)
		assert.Error(t, err, h)
	}
	_, err := c.Me.Subscribe(t.Context(), "")
	assert.Error(t, err)
	_, _, err = c.Me.SubscriptionsExist(t.Context(), nil)
	assert.Error(t, err)

	// A handle is one escaped path segment.
	c, mux = setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/users/me/subscriptions/{handle}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/users/me/subscriptions/a%2Fb@host.example", r.URL.EscapedPath())
		w.WriteHeader(http.StatusNoContent)
	})
	_, err = c.Me.Unsubscribe(t.Context(), "a/b@host.example")
	require.NoError(t, err)
}
