package peertube

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatsOverall(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/stats/overall", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			testFormValues(t, r, url.Values{"startDate": {"2026-11-01T00:00:00Z"}, "endDate": {"2026-11-25T12:30:00Z"}})
		case "all":
			testFormValues(t, r, url.Values{})
		}
		serveJSON(w, 200, corpus(t, "written/stats-overall.json"))
	})
	end := time.Date(2026, 11, 25, 13, 30, 0, 0, time.FixedZone("CET", 3600))
	st, _, err := c.Stats.Overall(t.Context(), "42", &VideoStatsOptions{StartDate: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), EndDate: end})
	require.NoError(t, err)
	assert.InDelta(t, 312.5, st.AverageWatchTime, 1e-9)
	assert.InDelta(t, 98765, st.TotalWatchTime, 1e-9)
	assert.EqualValues(t, 316, st.TotalViewers)
	assert.EqualValues(t, 27, st.ViewersPeak)
	require.NotNil(t, st.ViewersPeakDate)
	assert.Equal(t, time.Date(2026, 11, 18, 20, 40, 0, 0, time.UTC), *st.ViewersPeakDate)
	assert.Equal(t, []CountryViewers{{"FR", 201}, {"BE", 34}}, st.Countries)
	assert.Equal(t, []SubdivisionViewers{{"Brittany", 58}}, st.Subdivisions)

	_, _, err = c.Stats.Overall(t.Context(), "all", nil)
	require.NoError(t, err)
}

// An answer with only the fields of the API reference, and no peak.
func TestStatsOverallSpecShape(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/stats/overall", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"averageWatchTime":0,"totalWatchTime":0,"viewersPeak":0,"viewersPeakDate":null,"countries":[]}`)
	})
	st, _, err := c.Stats.Overall(t.Context(), "42", nil)
	require.NoError(t, err)
	assert.Nil(t, st.ViewersPeakDate)
	assert.Empty(t, st.Countries)
	assert.Zero(t, st.TotalViewers)
}

func TestStatsTimeseries(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/stats/timeseries/{metric}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		switch r.PathValue("metric") {
		case "viewers":
			testFormValues(t, r, url.Values{"startDate": {"2026-11-17T00:00:00Z"}})
			serveJSON(w, 200, corpus(t, "written/stats-timeseries.json"))
		case "aggregateWatchTime":
			serveJSON(w, 200, `{"groupInterval":"one_hour","data":[{"date":"2026-11-17T10:00:00.000Z","value":1234.5}]}`)
		default:
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: metric",`+
				`"invalid-params":{"metric":{"type":"field","value":"likes","msg":"Invalid value","path":"metric","location":"params"}}}`)
		}
	})
	ts, _, err := c.Stats.Timeseries(t.Context(), "42", MetricViewers, &VideoStatsOptions{StartDate: time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, "one_day", ts.GroupInterval)
	require.Len(t, ts.Data, 3)
	assert.Equal(t, TimeseriesPoint{Date: time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC), Value: 140}, ts.Data[1])

	ts, _, err = c.Stats.Timeseries(t.Context(), "42", MetricAggregateWatchTime, nil)
	require.NoError(t, err)
	assert.InDelta(t, 1234.5, ts.Data[0].Value, 1e-9)

	_, _, err = c.Stats.Timeseries(t.Context(), "42", "likes", nil)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, "metric", er.InvalidParams["metric"].Param)
	assert.JSONEq(t, `"likes"`, string(er.InvalidParams["metric"].Value))
}

func TestStatsRetention(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/stats/retention", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			assert.Empty(t, r.URL.RawQuery)
			serveJSON(w, 200, corpus(t, "written/stats-retention.json"))
		case "live":
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Cannot get retention stats of live video"}`)
		case "other":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot get stats of this video"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	r, _, err := c.Stats.Retention(t.Context(), "42")
	require.NoError(t, err)
	assert.Equal(t, []RetentionPoint{{0, 100}, {1, 96.5}, {2, 91}}, r.Data)
	_, _, err = c.Stats.Retention(t.Context(), "live")
	assert.ErrorIs(t, err, ErrBadRequest)
	_, _, err = c.Stats.Retention(t.Context(), "other")
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = c.Stats.Retention(t.Context(), "missing")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestStatsRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Stats.Overall(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Stats.Timeseries(t.Context(), id, MetricViewers, nil)
		assert.Error(t, err, id)
		_, _, err = c.Stats.Retention(t.Context(), id)
		assert.Error(t, err, id)
		_, _, err = c.Stats.Timeseries(t.Context(), "42", StatsMetric(id), nil)
		assert.Error(t, err, id)
	}
}
