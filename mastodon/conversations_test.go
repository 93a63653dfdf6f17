package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConversations(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var pages atomic.Int32
	mux.HandleFunc("GET /api/v1/conversations", func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		switch r.URL.Query().Get("max_id") {
		case "":
			testFormValues(t, r, url.Values{"limit": {"2"}})
			w.Header().Set("Link", `<https://mastodon.example/api/v1/conversations?limit=2&max_id=108835003356700379>; rel="next", <https://mastodon.example/api/v1/conversations?limit=2&min_id=108888782724768580>; rel="prev"`)
			serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_conversations_get_200_01.json"))
		case "108835003356700379":
			testFormValues(t, r, url.Values{"limit": {"2"}, "max_id": {"108835003356700379"}})
			serveJSON(w, http.StatusOK, `[]`)
		default:
			t.Errorf("unexpected page %s", r.URL)
		}
	})
	mux.HandleFunc("DELETE /api/v1/conversations/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "418450", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_conversations_delete_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/conversations/{id}/read", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "418450", r.PathValue("id"))
		assert.Zero(t, r.ContentLength)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_conversations_read_200_01.json"))
	})
	ctx := t.Context()

	cs, resp, err := c.Conversations.List(ctx, &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.Equal(t, ID("418450"), cs[0].ID)
	assert.True(t, cs[0].Unread)
	require.Len(t, cs[0].Accounts, 1)
	assert.Equal(t, "amic@nulled.red", cs[0].Accounts[0].Acct)
	require.NotNil(t, cs[0].LastStatus)
	assert.Equal(t, time.Date(2019, 11, 25, 4, 8, 24, 0, time.UTC), cs[0].LastStatus.CreatedAt.UTC())
	assert.False(t, cs[1].Unread)
	assert.Equal(t, "108835003356700379", resp.NextMaxID)
	assert.Equal(t, "108888782724768580", resp.PrevMinID)

	var ids []ID
	for conv, err := range c.Conversations.ListAll(ctx, &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, conv.ID)
	}
	assert.Equal(t, []ID{"418450", "418374"}, ids)
	assert.EqualValues(t, 3, pages.Load(), "the walk stops at an empty page")

	conv, _, err := c.Conversations.Read(ctx, "418450")
	require.NoError(t, err)
	assert.False(t, conv.Unread)

	_, err = c.Conversations.Delete(ctx, "418450")
	require.NoError(t, err)
}

func TestConversationsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("DELETE /api/v1/conversations/{id}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_conversations_delete_404_01.json"))
	})
	mux.HandleFunc("POST /api/v1/conversations/{id}/read", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_conversations_delete_404_01.json"))
	})
	mux.HandleFunc("GET /api/v1/conversations", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		// GoToSocial before 0.17 had no such route.
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()

	_, err := c.Conversations.Delete(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Conversations.Read(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Conversations.List(ctx, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	n := 0
	for _, err := range c.Conversations.ListAll(ctx, nil) {
		n++
		assert.ErrorIs(t, err, ErrNotSupported)
	}
	assert.Equal(t, 1, n, "the error is yielded once")
	assert.EqualValues(t, 4, calls.Load())

	_, err = c.Conversations.Delete(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Conversations.Read(ctx, "..")
	assert.Error(t, err)
	assert.EqualValues(t, 4, calls.Load(), "no request for invalid input")
}
