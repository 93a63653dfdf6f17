package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testPushSubscription = &NewPushSubscription{
	Endpoint: "https://yourdomain.example/listener",
	Keys:     PushKeys{P256DH: "BOrw7ZaQ", Auth: "eH4NeGSQ"},
	Standard: true,
}

func TestPush(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var posts atomic.Int32
	mux.HandleFunc("POST /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		if posts.Add(1) == 1 {
			testJSONBody(t, r, `{
				"subscription":{"endpoint":"https://yourdomain.example/listener","keys":{"p256dh":"BOrw7ZaQ","auth":"eH4NeGSQ"},"standard":true},
				"data":{"alerts":{"mention":true,"quote":false,"status":false,"reblog":true,"follow":true,"follow_request":false,
					"favourite":true,"poll":true,"update":false,"quoted_update":false,"admin.sign_up":false,"admin.report":false},
					"policy":"followed"}}`)
		} else {
			testJSONBody(t, r, `{"subscription":{"endpoint":"https://yourdomain.example/listener","keys":{"p256dh":"BOrw7ZaQ","auth":"eH4NeGSQ"},"standard":true}}`)
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_push_create_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_push_get_200_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"data":{"alerts":{"mention":true,"quote":false,"status":false,"reblog":false,"follow":false,"follow_request":false,
			"favourite":false,"poll":false,"update":false,"quoted_update":false,"admin.sign_up":false,"admin.report":false}}}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_push_update_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_push_delete_200_01.json"))
	})
	ctx := t.Context()

	sub, _, err := c.Push.Subscribe(ctx, testPushSubscription, &PushData{
		Alerts: WebPushAlerts{Mention: true, Reblog: true, Follow: true, Favourite: true, Poll: true},
		Policy: PushPolicyFollowed,
	})
	require.NoError(t, err)
	assert.Equal(t, ID("328183"), sub.ID, "Mastodon sends the id as a number")
	assert.True(t, sub.Standard)
	assert.Equal(t, WebPushAlerts{Mention: true, Reblog: true, Follow: true, Favourite: true, Poll: true}, sub.Alerts)
	assert.Equal(t, "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=", sub.ServerKey)

	_, _, err = c.Push.Subscribe(ctx, testPushSubscription, nil)
	require.NoError(t, err)

	sub, _, err = c.Push.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "https://yourdomain.example/listener", sub.Endpoint)

	sub, _, err = c.Push.Update(ctx, &PushData{Alerts: WebPushAlerts{Mention: true}})
	require.NoError(t, err)
	assert.Equal(t, WebPushAlerts{Mention: true}, sub.Alerts)

	_, err = c.Push.Delete(ctx)
	require.NoError(t, err)
}

func TestPushErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_push_get_404_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_push_update_404_01.json"))
	})
	mux.HandleFunc("POST /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, `{"error":"Validation failed: Endpoint is not a valid URL"}`)
	})
	mux.HandleFunc("DELETE /api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_push_delete_401_01.json"))
	})
	ctx := t.Context()

	_, _, err := c.Push.Get(ctx)
	assert.ErrorIs(t, err, ErrNotFound, "no subscription")
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Push.Update(ctx, &PushData{})
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Push.Subscribe(ctx, testPushSubscription, nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, err = c.Push.Delete(ctx)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.EqualValues(t, 4, requests.Load())

	_, _, err = c.Push.Subscribe(ctx, nil, nil)
	assert.Error(t, err)
	_, _, err = c.Push.Subscribe(ctx, &NewPushSubscription{Endpoint: "https://x.example/"}, nil)
	assert.Error(t, err)
	_, _, err = c.Push.Update(ctx, nil)
	assert.Error(t, err)
	assert.EqualValues(t, 4, requests.Load(), "no request for invalid input")
}

func TestPushNotSupported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	// A server without Web Push (GoToSocial before 0.18).
	mux.HandleFunc("/api/v1/push/subscription", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	_, _, err := c.Push.Subscribe(ctx, testPushSubscription, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Push.Get(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Push.Update(ctx, &PushData{})
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.Push.Delete(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
}
