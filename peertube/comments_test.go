package peertube

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommentsListThreads(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/comment-threads", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "spec", r.PathValue("id"))
		assert.Empty(t, r.URL.RawQuery)
		assert.Empty(t, r.Header.Get("x-peertube-video-password"))
		serveJSON(w, 200, corpus(t, "openapi/comment-threads.json"))
	})
	mux.HandleFunc("GET /api/v1/videos/42/comment-threads", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"count": {"20"}, "sort": {"-totalReplies"}})
		assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
		serveJSON(w, 200, corpus(t, "written/comment-threads.json"))
	})

	cs, resp, err := c.Comments.ListThreads(t.Context(), "spec", nil)
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, cs, 1)
	assert.EqualValues(t, 42, cs[0].ID)
	assert.Equal(t, "This video is wonderful!", cs[0].Text)
	assert.EqualValues(t, 42, cs[0].ThreadID)
	assert.EqualValues(t, 42, cs[0].VideoID)
	require.NotNil(t, cs[0].Account)
	assert.Equal(t, "chocobozzz", cs[0].Account.Name)
	require.NotNil(t, cs[0].Account.UserID)
	assert.EqualValues(t, 42, *cs[0].Account.UserID)

	cs, resp, err = c.Comments.ListThreads(t.Context(), "42", &ThreadListOptions{
		ListOptions:        ListOptions{Count: 20, Sort: "-totalReplies"},
		VideoAccessOptions: VideoAccessOptions{Password: "pw"},
	})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Total)
	require.Len(t, cs, 2)
	root := cs[0]
	assert.Equal(t, "<p>Lovely roses!</p>", root.Text)
	assert.Zero(t, root.InReplyToCommentID)
	assert.Equal(t, 2, root.TotalReplies)
	assert.Equal(t, 1, root.TotalRepliesFromVideoAuthor)
	assert.Equal(t, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), root.CreatedAt)
	assert.Nil(t, root.DeletedAt)
	require.NotNil(t, root.Account)
	assert.Equal(t, "bob@other.example", root.Account.Handle())
	assert.Nil(t, root.Account.UserID)
	deleted := cs[1]
	assert.True(t, deleted.IsDeleted)
	require.NotNil(t, deleted.DeletedAt)
	assert.Nil(t, deleted.Account)
	assert.Empty(t, deleted.Text)
}

func TestCommentsListThreadsAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var asked []string
	mux.HandleFunc("GET /api/v1/videos/{id}/comment-threads", func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.RawQuery)
		assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"), "every page has the password")
		if r.URL.Query().Get("start") == "" {
			serveJSON(w, 200, `{"total":3,"data":[{"id":1},{"id":2}]}`)
			return
		}
		serveJSON(w, 200, `{"total":3,"data":[{"id":3}]}`)
	})
	var got []int64
	for cm, err := range c.Comments.ListThreadsAll(t.Context(), "42", &ThreadListOptions{
		ListOptions: ListOptions{Count: 2}, VideoAccessOptions: VideoAccessOptions{Password: "pw"},
	}) {
		require.NoError(t, err)
		got = append(got, cm.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"count=2", "count=2&start=2"}, asked)
}

func TestCommentsGetThread(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/comment-threads/{thread}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		if r.PathValue("thread") == "5" {
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"No comments were found"}`)
			return
		}
		assert.Equal(t, "101", r.PathValue("thread"))
		assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
		serveJSON(w, 200, corpus(t, "openapi/comment-thread.json"))
	})
	th, _, err := c.Comments.GetThread(t.Context(), "42", 101, &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	require.NotNil(t, th.Comment)
	assert.Equal(t, "This video is wonderful!", th.Comment.Text)
	require.Len(t, th.Children, 1)
	require.NotNil(t, th.Children[0].Comment)
	assert.EqualValues(t, 42, th.Children[0].Comment.InReplyToCommentID)
	assert.Empty(t, th.Children[0].Children)

	_, _, err = c.Comments.GetThread(t.Context(), "42", 5, nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestCommentsPostAndReply(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/videos/{id}/comment-threads", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			testJSONBody(t, r, `{"text":"This video is wonderful!"}`)
			assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
			serveJSON(w, 200, corpus(t, "openapi/comment-post.json"))
		case "empty":
			serveJSON(w, 200, `{}`)
		case "long":
			w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: text","invalid-params":{"text":{"type":"field","value":"xxx","msg":"Should have a valid comment text","path":"text","location":"body"}}}`))
		default:
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Video comments are disabled"}`)
		}
	})
	mux.HandleFunc("POST /api/v1/videos/{id}/comments/{comment}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		assert.Equal(t, "101", r.PathValue("comment"))
		testJSONBody(t, r, `{"text":"Thanks **Bob**"}`)
		serveJSON(w, 200, `{"comment":{"id":103,"threadId":101,"inReplyToCommentId":101,"videoId":42,"text":"<p>Thanks <strong>Bob</strong></p>","heldForReview":true}}`)
	})
	cm, _, err := c.Comments.Post(t.Context(), "42", "This video is wonderful!", &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	assert.EqualValues(t, 42, cm.ID)
	require.NotNil(t, cm.Account)
	assert.Equal(t, "chocobozzz", cm.Account.Name)

	cm, _, err = c.Comments.Reply(t.Context(), "42", 101, "Thanks **Bob**", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 103, cm.ID)
	assert.EqualValues(t, 101, cm.InReplyToCommentID)
	assert.True(t, cm.HeldForReview)

	_, _, err = c.Comments.Post(t.Context(), "empty", "x", nil)
	assert.ErrorContains(t, err, "the answer has no comment")
	_, _, err = c.Comments.Post(t.Context(), "closed", "x", nil)
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = c.Comments.Post(t.Context(), "long", "xxx", nil)
	assert.ErrorIs(t, err, ErrBadRequest)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	require.Contains(t, er.InvalidParams, "text")
	assert.Equal(t, "Should have a valid comment text", er.InvalidParams["text"].Msg)
	assert.Nil(t, er.InvalidParams["text"].Value, "values of the body are not kept")
	_, _, err = c.Comments.Post(t.Context(), "42", "", nil)
	assert.Error(t, err, "no request without a text")
}

func TestCommentsDeleteAndApprove(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/videos/{id}/comments/{comment}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		if r.PathValue("comment") == "102" {
			serveJSON(w, 409, `{"type":"about:blank","title":"Conflict","status":409,"detail":"This comment is already deleted"}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v1/videos/{id}/comments/{comment}/approve", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "103", r.PathValue("comment"))
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Comments.Delete(t.Context(), "42", 101)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Comments.Delete(t.Context(), "42", 102)
	assert.ErrorIs(t, err, ErrConflict)
	_, err = c.Comments.Approve(t.Context(), "42", 103)
	require.NoError(t, err)
}

func TestCommentsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/comments", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{
			"start": {"10"}, "count": {"5"}, "sort": {"-createdAt"},
			"search": {"rose"}, "searchAccount": {"bob"}, "searchVideo": {"garden"},
			"videoId": {"42"}, "videoChannelId": {"4"}, "autoTagOneOf": {"spam", "external-link"},
			"isLocal": {"false"}, "onLocalVideo": {"true"},
		})
		serveJSON(w, 200, corpus(t, "openapi/comment-list.json"))
	})
	cs, resp, err := c.Comments.List(t.Context(), &CommentListOptions{
		ListOptions: ListOptions{Start: 10, Count: 5, Sort: "-createdAt"},
		Search:      "rose", SearchAccount: "bob", SearchVideo: "garden",
		VideoID: 42, VideoChannelID: 4, AutoTagOneOf: []string{"spam", "external-link"},
		IsLocal: Ptr(false), OnLocalVideo: Ptr(true),
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, cs, 1)
	require.NotNil(t, cs[0].Video)
	assert.Equal(t, CommentVideo{ID: 42, UUID: "9c9de5e8-0a1e-484a-b099-e80766180a6d", Name: "What is PeerTube?"}, *cs[0].Video)
}

func TestCommentsListOnMyVideos(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/users/me/videos/comments", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("start") != "" {
			testFormValues(t, r, url.Values{"start": {"1"}, "count": {"100"}, "isHeldForReview": {"true"}})
			serveJSON(w, 200, `{"total":2,"data":[{"id":8,"automaticTags":["spam"]}]}`)
			return
		}
		assert.Equal(t, "true", r.URL.Query().Get("isHeldForReview"))
		serveJSON(w, 200, `{"total":2,"data":[{"id":7,"heldForReview":true,"video":{"id":42,"uuid":"u","name":"n"}}]}`)
	})
	opts := &CommentListOptions{IsHeldForReview: Ptr(true)}
	cs, resp, err := c.Comments.ListOnMyVideos(t.Context(), opts)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Total)
	require.Len(t, cs, 1)
	assert.True(t, cs[0].HeldForReview)

	var got []int64
	var tags []string
	for cm, err := range c.Comments.ListOnMyVideosAll(t.Context(), opts) {
		require.NoError(t, err)
		got = append(got, cm.ID)
		tags = append(tags, cm.AutomaticTags...)
	}
	assert.Equal(t, []int64{7, 8}, got)
	assert.Equal(t, []string{"spam"}, tags)
}

func TestCommentsListAllError(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/comments", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"User right error."}`)
	})
	var errs []error
	for cm, err := range c.Comments.ListAll(t.Context(), nil) {
		assert.Nil(t, cm)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrForbidden)
}

func TestCommentsInvalidIDs(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request for a refused id: %s %s", r.Method, r.URL)
	})
	ctx := t.Context()
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Comments.ListThreads(ctx, id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Comments.GetThread(ctx, id, 1, nil)
		assert.Error(t, err, id)
		_, _, err = c.Comments.Post(ctx, id, "x", nil)
		assert.Error(t, err, id)
		_, _, err = c.Comments.Reply(ctx, id, 1, "x", nil)
		assert.Error(t, err, id)
		_, err = c.Comments.Delete(ctx, id, 1)
		assert.Error(t, err, id)
		_, err = c.Comments.Approve(ctx, id, 1)
		assert.Error(t, err, id)
	}
	for _, n := range []int64{0, -3} {
		_, _, err := c.Comments.GetThread(ctx, "42", n, nil)
		assert.Error(t, err, n)
		_, _, err = c.Comments.Reply(ctx, "42", n, "x", nil)
		assert.Error(t, err, n)
		_, err = c.Comments.Delete(ctx, "42", n)
		assert.Error(t, err, n)
		_, err = c.Comments.Approve(ctx, "42", n)
		assert.Error(t, err, n)
	}
}
