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

func TestMarkersGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/markers", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			testFormValues(t, r, url.Values{"timeline[]": {"home", "notifications"}})
		} else {
			testFormValues(t, r, url.Values{"timeline[]": {"notifications"}})
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_markers_get_200_01.json"))
	})
	ctx := t.Context()

	m, _, err := c.Markers.Get(ctx)
	require.NoError(t, err)
	require.Len(t, m, 2)
	assert.Equal(t, Marker{LastReadID: "35098814", Version: 361, UpdatedAt: time.Date(2019, 11, 26, 22, 37, 25, 239e6, time.UTC)},
		withUTC(m[MarkerNotifications]))
	assert.Equal(t, ID("103206604258487607"), m[MarkerHome].LastReadID)

	_, _, err = c.Markers.Get(ctx, MarkerNotifications)
	require.NoError(t, err)
	assert.EqualValues(t, 2, calls.Load())
}

// withUTC returns m with its time in UTC, for comparisons.
func withUTC(m Marker) Marker {
	m.UpdatedAt = m.UpdatedAt.UTC()
	return m
}

func TestMarkersSave(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("POST /api/v1/markers", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"home":{"last_read_id":"103194548672408537"}}`)
		if calls.Add(1) == 1 {
			// Another app saved at the same moment.
			serveJSON(w, http.StatusConflict, corpus(t, "docs/method_markers_409-conflict_01.json"))
			return
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_markers_create_200_01.json"))
	})
	m, resp, err := c.Markers.Save(t.Context(), map[MarkerTimeline]ID{MarkerHome: "103194548672408537"})
	require.NoError(t, err)
	assert.EqualValues(t, 2, calls.Load(), "the conflict is tried again")
	assert.Equal(t, 1, resp.Attempts)
	require.Len(t, m, 1)
	assert.Equal(t, Marker{LastReadID: "103194548672408537", Version: 462, UpdatedAt: time.Date(2019, 11, 24, 19, 39, 39, 337e6, time.UTC)},
		withUTC(m[MarkerHome]))
}

func TestMarkersSaveBoth(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("POST /api/v1/markers", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"home":{"last_read_id":"2"},"notifications":{"last_read_id":"1"}}`)
		if calls.Add(1) == 1 {
			serveJSON(w, http.StatusServiceUnavailable, `{"error":"try later"}`)
			return
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_markers_get_200_01.json"))
	})
	m, resp, err := c.Markers.Save(t.Context(), map[MarkerTimeline]ID{MarkerHome: "2", MarkerNotifications: "1"})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts, "saving a position is safe to repeat")
	assert.Len(t, m, 2)
}

func TestMarkersErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var conflicts atomic.Int32
	mux.HandleFunc("POST /api/v1/markers", func(w http.ResponseWriter, r *http.Request) {
		conflicts.Add(1)
		serveJSON(w, http.StatusConflict, corpus(t, "docs/method_markers_409-conflict_01.json"))
	})
	mux.HandleFunc("GET /api/v1/markers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()

	_, _, err := c.Markers.Save(ctx, map[MarkerTimeline]ID{MarkerNotifications: "1"})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, http.StatusConflict, er.StatusCode)
	assert.Equal(t, "Conflict during update, please try again", er.Message)
	assert.EqualValues(t, markerSaveAttempts, conflicts.Load(), "a lasting conflict is given up on")

	_, _, err = c.Markers.Get(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)

	_, _, err = c.Markers.Save(ctx, nil)
	assert.Error(t, err)
	_, _, err = c.Markers.Save(ctx, map[MarkerTimeline]ID{MarkerHome: ""})
	assert.Error(t, err)
	assert.EqualValues(t, markerSaveAttempts, conflicts.Load(), "no request for invalid input")
}
