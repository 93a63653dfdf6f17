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

func TestAnnouncements(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/announcements", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"with_dismissed": {"true"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_announcements_get_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/announcements/{id}/dismiss", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "8", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_announcements_dismiss_200_01.json"))
	})
	var reacted []string
	mux.HandleFunc("PUT /api/v1/announcements/{id}/reactions/{name}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "8", r.PathValue("id"))
		reacted = append(reacted, "+"+r.URL.EscapedPath())
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_announcements_put-reactions_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/announcements/{id}/reactions/{name}", func(w http.ResponseWriter, r *http.Request) {
		reacted = append(reacted, "-"+r.PathValue("name"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_announcements_delete-reactions_200_01.json"))
	})
	ctx := t.Context()

	anns, _, err := c.Announcements.List(ctx, &AnnouncementsOptions{WithDismissed: true})
	require.NoError(t, err)
	require.Len(t, anns, 1)
	a := anns[0]
	assert.Equal(t, ID("8"), a.ID)
	assert.True(t, a.Read)
	assert.Nil(t, a.StartsAt)
	assert.Equal(t, time.Date(2020, time.July, 3, 1, 27, 38, 726e6, time.UTC), a.PublishedAt)
	require.NotEmpty(t, a.Reactions)
	assert.Equal(t, Reaction{Name: "bongoCat", Count: 9,
		URL:       "https://files.mastodon.social/custom_emojis/images/000/067/715/original/fdba57dff7576d53.png",
		StaticURL: "https://files.mastodon.social/custom_emojis/images/000/067/715/static/fdba57dff7576d53.png"}, a.Reactions[0])

	_, err = c.Announcements.Dismiss(ctx, a.ID)
	require.NoError(t, err)
	_, err = c.Announcements.AddReaction(ctx, a.ID, ":bongoCat:")
	require.NoError(t, err)
	_, err = c.Announcements.AddReaction(ctx, a.ID, "🤔")
	require.NoError(t, err)
	_, err = c.Announcements.RemoveReaction(ctx, a.ID, "bongoCat")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"+/api/v1/announcements/8/reactions/bongoCat",
		"+/api/v1/announcements/8/reactions/%F0%9F%A4%94",
		"-bongoCat",
	}, reacted)
}

func TestAnnouncementsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/v1/announcements", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_announcements_get_401_01.json"))
	})
	mux.HandleFunc("POST /api/v1/announcements/{id}/dismiss", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_announcements_dismiss_404_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/announcements/{id}/reactions/{name}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_announcements_put-reactions_422_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/announcements/{id}/reactions/{name}", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_announcements_delete-reactions_422_01.json"))
	})
	ctx := t.Context()

	_, _, err := c.Announcements.List(ctx, nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, err = c.Announcements.Dismiss(ctx, "99")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, err = c.Announcements.AddReaction(ctx, "8", "notanemoji")
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, err = c.Announcements.RemoveReaction(ctx, "8", "notanemoji")
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.EqualValues(t, 4, requests.Load())

	_, err = c.Announcements.Dismiss(ctx, "")
	assert.Error(t, err)
	_, err = c.Announcements.AddReaction(ctx, "..", "bongoCat")
	assert.Error(t, err)
	_, err = c.Announcements.AddReaction(ctx, "8", "")
	assert.Error(t, err)
	_, err = c.Announcements.RemoveReaction(ctx, "8", "::")
	assert.Error(t, err)
	assert.EqualValues(t, 4, requests.Load(), "no request for invalid input")
}

func TestAnnouncementsNotSupported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("/api/v1/announcements/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	mux.HandleFunc("/api/v1/announcements", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	_, _, err := c.Announcements.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.Announcements.Dismiss(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.Announcements.RemoveReaction(t.Context(), "1", "x")
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "DELETE /api/v1/announcements/:id/reactions/:name", ns.Feature)
}
