package mastodon

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotificationsPolicy(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/notifications/policy", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_notifications_get-policy_200_01.json"))
	})
	mux.HandleFunc("PATCH /api/v2/notifications/policy", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"for_not_following":"filter","for_private_mentions":"accept"}`)
		// The documentation's example of this answer has the fields of
		// the never released v1 policy; Mastodon 4.3 answers with the v2
		// policy, as GET does.
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_notifications_get-policy_200_01.json"))
	})
	ctx := t.Context()

	p, _, err := c.Notifications.Policy(ctx)
	require.NoError(t, err)
	assert.Equal(t, NotificationPolicy{
		ForNotFollowing: NotificationAccept, ForNotFollowers: NotificationAccept, ForNewAccounts: NotificationAccept,
		ForPrivateMentions: NotificationDrop, ForLimitedAccounts: NotificationFilter,
	}, *p)

	p, _, err = c.Notifications.UpdatePolicy(ctx, &NotificationPolicyUpdate{
		ForNotFollowing: NotificationFilter, ForPrivateMentions: NotificationAccept,
	})
	require.NoError(t, err)
	assert.Equal(t, NotificationFilter, p.ForLimitedAccounts)

	_, _, err = c.Notifications.UpdatePolicy(ctx, nil)
	assert.Error(t, err, "nothing to change")
}

func TestNotificationsRequests(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/notifications/requests", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"2"}, "max_id": {"9"}})
		w.Header().Set("Link", `<https://x.example/api/v1/notifications/requests?max_id=112456967201894256>; rel="next", <https://x.example/api/v1/notifications/requests?min_id=112456967201894256>; rel="prev"`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_notifications_get-requests_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/notifications/requests/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "112456967201894256", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_notifications_get-one-request_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/notifications/requests/merged", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_notifications_requests-merged_200_01.json"))
	})
	ctx := t.Context()

	reqs, resp, err := c.Notifications.Requests(ctx, &ListOptions{Limit: 2, MaxID: "9"})
	require.NoError(t, err)
	require.Len(t, reqs, 1)
	assert.Equal(t, ID("112456967201894256"), reqs[0].ID)
	assert.EqualValues(t, 1, reqs[0].NotificationsCount)
	assert.Equal(t, "zsc", reqs[0].Account.Acct)
	require.NotNil(t, reqs[0].LastStatus)
	assert.Equal(t, ID("103186126728896492"), reqs[0].LastStatus.ID)
	assert.Equal(t, "112456967201894256", resp.NextMaxID)

	one, _, err := c.Notifications.GetRequest(ctx, "112456967201894256")
	require.NoError(t, err)
	assert.Equal(t, ID("971724"), one.Account.ID)

	merged, _, err := c.Notifications.RequestsMerged(ctx)
	require.NoError(t, err)
	assert.False(t, merged)

	_, _, err = c.Notifications.GetRequest(ctx, "..")
	assert.Error(t, err, "refused without a request")
}

func TestNotificationsRequestsAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/notifications/requests", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("max_id") {
		case "":
			w.Header().Set("Link", `<https://x.example/api/v1/notifications/requests?max_id=5>; rel="next"`)
			serveJSON(w, http.StatusOK, `[{"id":"7","notifications_count":"3"},{"id":"6","notifications_count":"1"}]`)
		case "5":
			serveJSON(w, http.StatusOK, `[{"id":"5","notifications_count":"2"}]`)
		default:
			t.Errorf("unexpected page %s", r.URL)
		}
	})
	var ids []ID
	for r, err := range c.Notifications.RequestsAll(t.Context(), nil) {
		require.NoError(t, err)
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []ID{"7", "6", "5"}, ids)
}

func TestNotificationsRequestActions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var mu sync.Mutex
	var seen []string
	record := func(r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
	}
	mux.HandleFunc("POST /api/v1/notifications/requests/{id}/accept", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_notifications_accept-request_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/notifications/requests/{id}/dismiss", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_notifications_dismiss-request_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/notifications/requests/accept", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		testFormValues(t, r, url.Values{"id[]": {"1", "2"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_notifications_accept-multiple-requests_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/notifications/requests/dismiss", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		testFormValues(t, r, url.Values{"id[]": {"3"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_notifications_dismiss-multiple-requests_200_01.json"))
	})
	ctx := t.Context()

	_, err := c.Notifications.AcceptRequest(ctx, "1")
	require.NoError(t, err)
	_, err = c.Notifications.DismissRequest(ctx, "2")
	require.NoError(t, err)
	_, err = c.Notifications.AcceptRequests(ctx, "1", "2")
	require.NoError(t, err)
	_, err = c.Notifications.DismissRequests(ctx, "3")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"POST /api/v1/notifications/requests/1/accept",
		"POST /api/v1/notifications/requests/2/dismiss",
		"POST /api/v1/notifications/requests/accept",
		"POST /api/v1/notifications/requests/dismiss",
	}, seen)

	_, err = c.Notifications.AcceptRequests(ctx)
	assert.Error(t, err, "no ids")
	_, err = c.Notifications.DismissRequests(ctx, "1", "")
	assert.Error(t, err, "an empty id")
	_, err = c.Notifications.AcceptRequest(ctx, "")
	assert.Error(t, err)
	mu.Lock()
	assert.Len(t, seen, 4, "refused without a request")
	mu.Unlock()
}

// Servers before Mastodon 4.3 (and GoToSocial) lack the policy and the
// requests; a 4.3 server answers "Record not found" for a request that is
// not there.
func TestNotificationsRequestsNotSupported(t *testing.T) {
	t.Parallel()
	old, oldMux := setup(t, &Options{MaxRetries: -1})
	// Mastodon 4.2's routes: /notifications/requests reads as the
	// notification "requests", and …/requests/dismiss as dismissing it;
	// the other paths match no route.
	oldMux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		rest, _ := strings.CutPrefix(r.URL.Path, "/api/v1/notifications/")
		parts := strings.Split(rest, "/")
		switch {
		case rest != r.URL.Path && r.Method == "GET" && len(parts) == 1,
			rest != r.URL.Path && r.Method == "POST" && len(parts) == 2 && parts[1] == "dismiss":
			serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
		default:
			serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
		}
	})
	ctx := t.Context()

	var ns *NotSupportedError
	_, _, err := old.Notifications.Policy(ctx)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v2/notifications/policy", ns.Feature)
	_, _, err = old.Notifications.UpdatePolicy(ctx, &NotificationPolicyUpdate{ForNewAccounts: NotificationDrop})
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Notifications.Requests(ctx, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	for r, err := range old.Notifications.RequestsAll(ctx, nil) {
		assert.Nil(t, r)
		assert.ErrorIs(t, err, ErrNotSupported)
	}
	_, _, err = old.Notifications.GetRequest(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Notifications.AcceptRequest(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Notifications.DismissRequest(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Notifications.AcceptRequests(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Notifications.DismissRequests(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Notifications.RequestsMerged(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)

	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/notifications/requests/{id}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
	})
	mux.HandleFunc("POST /api/v1/notifications/requests/{id}/accept", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
	})
	mux.HandleFunc("GET /api/v1/notifications/requests", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_notifications_get-requests_401_01.json"))
	})
	mux.HandleFunc("PATCH /api/v2/notifications/policy", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnprocessableEntity, `{"error":"Validation failed: For not following is not included in the list"}`)
	})
	_, _, err = c.Notifications.GetRequest(ctx, "gone")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, err = c.Notifications.AcceptRequest(ctx, "gone")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Notifications.Requests(ctx, nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.Notifications.UpdatePolicy(ctx, &NotificationPolicyUpdate{ForNotFollowing: "maybe"})
	assert.ErrorIs(t, err, ErrUnprocessable)
}
