package peertube

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerStats(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/server/stats", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		serveJSON(w, 200, corpus(t, "written/server-stats.json"))
	})
	st, _, err := c.Server.Stats(t.Context())
	require.NoError(t, err)
	assert.EqualValues(t, 12, st.TotalUsers)
	assert.EqualValues(t, 10, st.TotalMonthlyActiveUsers)
	require.NotNil(t, st.TotalModerators)
	assert.EqualValues(t, 2, *st.TotalModerators)
	assert.EqualValues(t, 1337, st.TotalLocalVideoViews)
	assert.EqualValues(t, 5368709120, st.TotalLocalVideoFilesSize)
	assert.EqualValues(t, 9, st.TotalLocalMonthlyActiveVideoChannels)
	assert.EqualValues(t, 8, st.TotalInstanceFollowing)
	require.Len(t, st.VideosRedundancy, 1)
	assert.Equal(t, RedundancyStats{Strategy: "most-views", TotalSize: 10737418240, TotalUsed: 2147483648, TotalVideoFiles: 31, TotalVideos: 11}, st.VideosRedundancy[0])
	assert.InDelta(t, 0.25, st.ActivityPubMessagesProcessedPerSecond, 1e-9)
	require.NotNil(t, st.AverageRegistrationRequestResponseTimeMs)
	assert.InDelta(t, 3600000.5, *st.AverageRegistrationRequestResponseTimeMs, 1e-9)
	assert.EqualValues(t, 5, *st.TotalRegistrationRequests)
	assert.Nil(t, st.AverageAbuseResponseTimeMs)
	assert.Nil(t, st.TotalAbusesProcessed)
	assert.Nil(t, st.TotalAbuses)
}

func TestServerReportPlayback(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var bodies []string
	mux.HandleFunc("POST /api/v1/metrics/playback", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, err := io.ReadAll(r.Body)
		assert.NoError(t, err)
		bodies = append(bodies, string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Server.ReportPlayback(t.Context(), &PlaybackMetrics{
		VideoID:             "9c9de5e8-0a1e-484a-b099-e80766180a6d",
		PlayerMode:          PlayerP2PMediaLoader,
		Resolution:          Ptr(720),
		FPS:                 Ptr(29.97),
		P2PEnabled:          true,
		P2PPeers:            Ptr(3),
		ResolutionChanges:   1,
		BufferStalled:       Ptr(0),
		Errors:              2,
		DownloadedBytesP2P:  1000,
		DownloadedBytesHTTP: 2000,
		UploadedBytesP2P:    500,
	})
	require.NoError(t, err)
	assert.Equal(t, 204, resp.StatusCode)
	_, err = c.Server.ReportPlayback(t.Context(), &PlaybackMetrics{VideoID: "42", PlayerMode: PlayerWebVideo})
	require.NoError(t, err)

	require.Len(t, bodies, 2)
	assert.JSONEq(t, `{"videoId":"9c9de5e8-0a1e-484a-b099-e80766180a6d","playerMode":"p2p-media-loader",
		"resolution":720,"fps":29.97,"p2pEnabled":true,"p2pPeers":3,"resolutionChanges":1,"bufferStalled":0,
		"errors":2,"downloadedBytesP2P":1000,"downloadedBytesHTTP":2000,"uploadedBytesP2P":500}`, bodies[0])
	assert.JSONEq(t, `{"videoId":42,"playerMode":"web-video","p2pEnabled":false,"resolutionChanges":0,
		"errors":0,"downloadedBytesP2P":0,"downloadedBytesHTTP":0,"uploadedBytesP2P":0}`, bodies[1])

	// Invalid metrics send no request.
	for _, m := range []*PlaybackMetrics{nil, {PlayerMode: PlayerWebVideo}, {VideoID: "..", PlayerMode: PlayerWebVideo}, {VideoID: "42"}} {
		_, err := c.Server.ReportPlayback(t.Context(), m)
		assert.Error(t, err)
	}
	assert.Len(t, bodies, 2)
}

func TestServerStatsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v1/server/stats", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"status":404,"detail":"Not found"}`)
	})
	mux.HandleFunc("POST /api/v1/metrics/playback", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "400-validation.json")
	})
	_, _, err := c.Server.Stats(t.Context())
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.Server.ReportPlayback(t.Context(), &PlaybackMetrics{VideoID: "x", PlayerMode: PlayerWebVideo})
	assert.ErrorIs(t, err, ErrBadRequest)
}
