package mastodon

import (
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotificationsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/notifications", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("account_id") == "" {
			testFormValues(t, r, url.Values{})
			serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-notifications.json"))
			return
		}
		testFormValues(t, r, url.Values{"types[]": {"mention", "follow"}, "exclude_types[]": {"poll"}, "account_id": {"7"},
			"include_filtered": {"true"}, "supported_types[]": {"mention"}, "limit": {"2"}, "since_id": {"3"}})
		w.Header().Set("Link", `<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel="next", <https://mastodon.example/api/v1/notifications?min_id=34975861>; rel="prev"`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_notifications_get_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/notifications/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "34975861", r.PathValue("id"))
		testFormValues(t, r, url.Values{"supported_types[]": {"mention", "follow"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_notifications_get-one_200_01.json"))
	})
	ctx := t.Context()

	gts, _, err := c.Notifications.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, gts, 6)
	assert.Equal(t, NotificationMention, gts[0].Type)
	assert.Equal(t, "carol@peer.test", gts[0].Account.Acct)

	ns, resp, err := c.Notifications.List(ctx, &NotificationListOptions{
		ListOptions:     ListOptions{SinceID: "3", Limit: 2},
		Types:           []NotificationType{NotificationMention, NotificationFollow},
		ExcludeTypes:    []NotificationType{NotificationPoll},
		AccountID:       "7",
		IncludeFiltered: true,
		SupportedTypes:  []NotificationType{NotificationMention},
	})
	require.NoError(t, err)
	require.Len(t, ns, 2)
	assert.Equal(t, ID("34975861"), ns[0].ID)
	assert.Equal(t, "34975535", resp.NextMaxID)
	assert.Equal(t, "34975861", resp.PrevMinID)

	n, _, err := c.Notifications.Get(ctx, "34975861", &NotificationGetOptions{SupportedTypes: []NotificationType{NotificationMention, NotificationFollow}})
	require.NoError(t, err)
	assert.Equal(t, ID("34975861"), n.ID)
	assert.NotNil(t, n.Status)
}

func TestNotificationsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/notifications", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, []string{"favourite"}, r.URL.Query()["types[]"], "the options stay on every page")
		switch r.URL.Query().Get("max_id") {
		case "":
			w.Header().Set("Link", `<https://x.example/api/v1/notifications?max_id=2>; rel="next"`)
			serveJSON(w, http.StatusOK, `[{"id":"3","type":"favourite"},{"id":"2","type":"favourite"}]`)
		case "2":
			w.Header().Set("Link", `<https://x.example/api/v1/notifications?max_id=1>; rel="next"`)
			serveJSON(w, http.StatusOK, `[{"id":"1","type":"favourite"}]`)
		default:
			serveJSON(w, http.StatusOK, `[]`)
		}
	})
	var ids []ID
	for n, err := range c.Notifications.ListAll(t.Context(), &NotificationListOptions{Types: []NotificationType{NotificationFavourite}}) {
		require.NoError(t, err)
		ids = append(ids, n.ID)
	}
	assert.Equal(t, []ID{"3", "2", "1"}, ids)
	assert.EqualValues(t, 3, calls.Load())
}

func TestNotificationsDismiss(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var mu sync.Mutex
	var seen []string
	record := func(w http.ResponseWriter, r *http.Request, body string) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		assert.Zero(t, r.ContentLength)
		serveJSON(w, http.StatusOK, body)
	}
	mux.HandleFunc("POST /api/v1/notifications/clear", func(w http.ResponseWriter, r *http.Request) {
		record(w, r, corpus(t, "docs/method_notifications_clear_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/notifications/{id}/dismiss", func(w http.ResponseWriter, r *http.Request) {
		record(w, r, corpus(t, "docs/method_notifications_dismiss_200_01.json"))
	})
	mux.HandleFunc("POST /api/v2/notifications/{key}/dismiss", func(w http.ResponseWriter, r *http.Request) {
		record(w, r, corpus(t, "docs/method_grouped_notifications_dismiss-group_200_01.json"))
	})
	ctx := t.Context()
	_, err := c.Notifications.Dismiss(ctx, "5")
	require.NoError(t, err)
	_, err = c.Notifications.Clear(ctx)
	require.NoError(t, err)
	_, err = c.Notifications.DismissGroup(ctx, "favourite-113010503322889311-479000")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"POST /api/v1/notifications/5/dismiss",
		"POST /api/v1/notifications/clear",
		"POST /api/v2/notifications/favourite-113010503322889311-479000/dismiss",
	}, seen)

	_, err = c.Notifications.Dismiss(ctx, "..")
	assert.Error(t, err)
	_, err = c.Notifications.DismissGroup(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Notifications.Get(ctx, "", nil)
	assert.Error(t, err)
	assert.Len(t, seen, 3, "no request for invalid input")
}

func TestNotificationsUnreadCount(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/notifications/unread_count", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"1000"}, "types[]": {"mention"}, "exclude_types[]": {"follow"}, "account_id": {"4"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_notifications_unread-count_200_01.json"))
	})
	mux.HandleFunc("GET /api/v2/notifications/unread_count", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"grouped_types[]": {"favourite", "reblog"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_grouped_notifications_unread-group-count_200_01.json"))
	})
	n, _, err := c.Notifications.UnreadCount(t.Context(), &UnreadCountOptions{Limit: 1000, Types: []NotificationType{NotificationMention},
		ExcludeTypes: []NotificationType{NotificationFollow}, AccountID: "4"})
	require.NoError(t, err)
	assert.Equal(t, 42, n)
	n, _, err = c.Notifications.UnreadCountGrouped(t.Context(), &GroupedUnreadCountOptions{GroupedTypes: []NotificationType{NotificationFavourite, NotificationReblog}})
	require.NoError(t, err)
	assert.Equal(t, 42, n)
}

func TestNotificationsGrouped(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	const key = "favourite-113010503322889311-479000"
	mux.HandleFunc("GET /api/v2/notifications", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"2"}, "types[]": {"favourite"}, "exclude_types[]": {"mention"}, "account_id": {"1"},
			"expand_accounts": {"partial_avatars"}, "grouped_types[]": {"favourite", "follow"}, "include_filtered": {"true"}, "supported_types[]": {"favourite"}})
		w.Header().Set("Link", `<https://mastodon.social/api/v2/notifications?limit=2&max_id=196012>; rel="next", <https://mastodon.social/api/v2/notifications?limit=2&min_id=196014>; rel="prev"`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_grouped_notifications_get-grouped_200_01.json"))
	})
	mux.HandleFunc("GET /api/v2/notifications/{key}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, key, r.PathValue("key"))
		testFormValues(t, r, url.Values{})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_grouped_notifications_get-notification-group_200_01.json"))
	})
	mux.HandleFunc("GET /api/v2/notifications/{key}/accounts", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, key, r.PathValue("key"))
		testFormValues(t, r, url.Values{"limit": {"40"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_grouped_notifications_get-group-accounts_200_01.json"))
	})
	ctx := t.Context()

	res, resp, err := c.Notifications.ListGrouped(ctx, &GroupedNotificationListOptions{
		ListOptions:     ListOptions{Limit: 2},
		Types:           []NotificationType{NotificationFavourite},
		ExcludeTypes:    []NotificationType{NotificationMention},
		AccountID:       "1",
		ExpandAccounts:  ExpandAccountsPartialAvatars,
		GroupedTypes:    []NotificationType{NotificationFavourite, NotificationFollow},
		IncludeFiltered: true,
		SupportedTypes:  []NotificationType{NotificationFavourite},
	})
	require.NoError(t, err)
	require.Len(t, res.NotificationGroups, 2)
	assert.Equal(t, key, res.NotificationGroups[0].GroupKey)
	assert.Equal(t, 2, res.NotificationGroups[0].NotificationsCount)
	assert.Len(t, res.Accounts, 4)
	assert.Len(t, res.Statuses, 2)
	assert.Equal(t, "196012", resp.NextMaxID)

	one, _, err := c.Notifications.GetGroup(ctx, key, nil)
	require.NoError(t, err)
	require.Len(t, one.NotificationGroups, 1)
	assert.Equal(t, NotificationFavourite, one.NotificationGroups[0].Type)

	accounts, _, err := c.Notifications.GroupAccounts(ctx, key, &ListOptions{Limit: 40})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, "eve", accounts[0].Username)
}

func TestNotificationsGroupedPages(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v2/notifications", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "partial_avatars", r.URL.Query().Get("expand_accounts"))
		switch r.URL.Query().Get("max_id") {
		case "":
			w.Header().Set("Link", `<https://x.example/api/v2/notifications?max_id=10>; rel="next"`)
			serveJSON(w, http.StatusOK, `{"accounts":[{"id":"1"}],"statuses":[],"notification_groups":[{"group_key":"a","type":"follow","sample_account_ids":["1"]}]}`)
		case "10":
			w.Header().Set("Link", `<https://x.example/api/v2/notifications?max_id=5>; rel="next"`)
			serveJSON(w, http.StatusOK, `{"accounts":[{"id":"2"}],"statuses":[],"notification_groups":[{"group_key":"b","type":"follow","sample_account_ids":["2"]}]}`)
		default:
			// An empty page ends the walk, though it says there is more.
			w.Header().Set("Link", `<https://x.example/api/v2/notifications?max_id=1>; rel="next"`)
			serveJSON(w, http.StatusOK, `{"accounts":[],"statuses":[],"notification_groups":[]}`)
		}
	})
	var keys []string
	for page, err := range c.Notifications.ListGroupedPages(t.Context(), &GroupedNotificationListOptions{ExpandAccounts: ExpandAccountsPartialAvatars}) {
		require.NoError(t, err)
		require.Len(t, page.Accounts, 1, "each page carries its own accounts")
		keys = append(keys, page.NotificationGroups[0].GroupKey)
	}
	assert.Equal(t, []string{"a", "b"}, keys)
	assert.EqualValues(t, 3, calls.Load())

	// GroupAccountsAll follows the cursors too.
	mux.HandleFunc("GET /api/v2/notifications/{key}/accounts", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("max_id") == "" {
			w.Header().Set("Link", `<https://x.example/?max_id=7>; rel="next"`)
			serveJSON(w, http.StatusOK, `[{"id":"a"}]`)
			return
		}
		serveJSON(w, http.StatusOK, `[{"id":"b"}]`)
	})
	var ids []ID
	for a, err := range c.Notifications.GroupAccountsAll(t.Context(), "g", nil) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"a", "b"}, ids)
}

// Servers before Mastodon 4.3 (and GoToSocial) lack the v2 API; a 4.3
// server answers "Record not found" for a group that is not there.
func TestNotificationsGroupedNotSupported(t *testing.T) {
	t.Parallel()
	old, oldMux := setup(t, &Options{MaxRetries: -1})
	oldMux.HandleFunc("/api/v2/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	// Mastodon before 4.3 reads unread_count as a notification ID.
	oldMux.HandleFunc("GET /api/v1/notifications/{id}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
	})
	ctx := t.Context()
	var ns *NotSupportedError
	_, _, err := old.Notifications.ListGrouped(ctx, nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v2/notifications", ns.Feature)
	_, _, err = old.Notifications.GetGroup(ctx, "k", nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Notifications.DismissGroup(ctx, "k")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Notifications.GroupAccounts(ctx, "k", nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Notifications.UnreadCountGrouped(ctx, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Notifications.UnreadCount(ctx, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	for p, err := range old.Notifications.ListGroupedPages(ctx, nil) {
		assert.Nil(t, p)
		assert.ErrorIs(t, err, ErrNotSupported)
	}

	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/notifications/{key}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
	})
	mux.HandleFunc("GET /api/v2/notifications", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_grouped_notifications_get-grouped_401_01.json"))
	})
	mux.HandleFunc("GET /api/v1/notifications", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_notifications_get_401_01.json"))
	})
	_, _, err = c.Notifications.GetGroup(ctx, "gone", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Notifications.ListGrouped(ctx, nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Notifications.List(ctx, nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
}
