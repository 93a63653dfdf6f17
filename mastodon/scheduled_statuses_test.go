package mastodon

import (
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScheduledStatusesList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/scheduled_statuses", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"40"}, "since_id": {"3000"}})
		serveJSON(w, 200, corpus(t, "docs/method_scheduled_statuses_get_200_01.json"))
	})
	list, _, err := c.ScheduledStatuses.List(t.Context(), &ListOptions{Limit: 40, SinceID: "3000"})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, ID("3221"), list[0].ID)
	assert.Equal(t, "test content", list[0].Params.Text)
	assert.Equal(t, time.Date(2019, 12, 5, 12, 33, 1, 0, time.UTC), list[0].ScheduledAt)
}

func TestScheduledStatusesListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/scheduled_statuses", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Query().Get("max_id") == "" {
			w.Header().Set("Link", `<https://x.example/api/v1/scheduled_statuses?max_id=3221>; rel="next"`)
			serveJSON(w, 200, corpus(t, "docs/method_scheduled_statuses_get_200_01.json"))
			return
		}
		assert.Equal(t, "3221", r.URL.Query().Get("max_id"))
		serveJSON(w, 200, `[{"id":"3000","scheduled_at":"2019-12-06T10:00:00.000Z","params":{"text":"later"},"media_attachments":[]}]`)
	})
	var ids []ID
	for sc, err := range c.ScheduledStatuses.ListAll(t.Context(), nil) {
		require.NoError(t, err)
		ids = append(ids, sc.ID)
	}
	assert.Equal(t, []ID{"3221", "3000"}, ids)
	assert.EqualValues(t, 2, calls.Load())
}

func TestScheduledStatusesGetUpdateCancel(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/scheduled_statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "3221" {
			serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_scheduled_statuses_get-one_200_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/scheduled_statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "3221", r.PathValue("id"))
		testJSONBody(t, r, `{"scheduled_at":"2019-12-05T13:33:01Z"}`)
		serveJSON(w, 200, corpus(t, "docs/method_scheduled_statuses_update_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/scheduled_statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.Empty(t, b)
		switch r.PathValue("id") {
		case "3221":
			serveJSON(w, 200, corpus(t, "docs/method_scheduled_statuses_cancel_200_01.json"))
		case "empty":
			w.WriteHeader(200) // no body at all
		default:
			serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
		}
	})

	sc, _, err := c.ScheduledStatuses.Get(t.Context(), "3221")
	require.NoError(t, err)
	assert.Equal(t, "test content", sc.Params.Text)
	_, _, err = c.ScheduledStatuses.Get(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotFound)

	// The time is sent in UTC, whatever its zone.
	at := time.Date(2019, 12, 5, 14, 33, 1, 0, time.FixedZone("CET", 3600))
	sc, _, err = c.ScheduledStatuses.Update(t.Context(), "3221", at)
	require.NoError(t, err)
	assert.True(t, sc.ScheduledAt.Equal(at))

	resp, err := c.ScheduledStatuses.Cancel(t.Context(), "3221")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, err = c.ScheduledStatuses.Cancel(t.Context(), "empty")
	require.NoError(t, err)
	_, err = c.ScheduledStatuses.Cancel(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestScheduledStatusesErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("PUT /api/v1/scheduled_statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 422, corpus(t, "docs/method_scheduled_statuses_update_422_01.json"))
	})
	_, _, err := c.ScheduledStatuses.Update(t.Context(), "1", time.Now().Add(time.Minute))
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "must be in the future")
	assert.EqualValues(t, 1, n.Load(), "a 422 is not retried")

	_, _, err = c.ScheduledStatuses.Update(t.Context(), "1", time.Time{})
	assert.Error(t, err)
	_, _, err = c.ScheduledStatuses.Update(t.Context(), "..", time.Now())
	assert.Error(t, err)
	_, _, err = c.ScheduledStatuses.Get(t.Context(), "")
	assert.Error(t, err)
	_, err = c.ScheduledStatuses.Cancel(t.Context(), ".")
	assert.Error(t, err)
	assert.EqualValues(t, 1, n.Load())
}
