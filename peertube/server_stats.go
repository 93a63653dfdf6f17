package peertube

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// ServerStats are the public statistics of the instance. The server
// computes them from time to time, so they may lag a few minutes. The
// pointer fields are nil when the administrator keeps that part private
// (or on servers older than PeerTube 6.1).
type ServerStats struct {
	TotalUsers              int64  `json:"totalUsers"`
	TotalDailyActiveUsers   int64  `json:"totalDailyActiveUsers"`
	TotalWeeklyActiveUsers  int64  `json:"totalWeeklyActiveUsers"`
	TotalMonthlyActiveUsers int64  `json:"totalMonthlyActiveUsers"`
	TotalModerators         *int64 `json:"totalModerators"`
	TotalAdmins             *int64 `json:"totalAdmins"`

	TotalLocalVideos int64 `json:"totalLocalVideos"`
	// TotalLocalVideoViews counts the views made on this instance.
	TotalLocalVideoViews int64 `json:"totalLocalVideoViews"`
	// TotalLocalVideoComments counts the comments of local users.
	TotalLocalVideoComments int64 `json:"totalLocalVideoComments"`
	// TotalLocalVideoFilesSize is the size in bytes of the local videos'
	// files.
	TotalLocalVideoFilesSize int64 `json:"totalLocalVideoFilesSize"`
	TotalVideos              int64 `json:"totalVideos"`
	TotalVideoComments       int64 `json:"totalVideoComments"`

	TotalLocalVideoChannels              int64 `json:"totalLocalVideoChannels"`
	TotalLocalDailyActiveVideoChannels   int64 `json:"totalLocalDailyActiveVideoChannels"`
	TotalLocalWeeklyActiveVideoChannels  int64 `json:"totalLocalWeeklyActiveVideoChannels"`
	TotalLocalMonthlyActiveVideoChannels int64 `json:"totalLocalMonthlyActiveVideoChannels"`
	TotalLocalPlaylists                  int64 `json:"totalLocalPlaylists"`

	TotalInstanceFollowers int64 `json:"totalInstanceFollowers"`
	TotalInstanceFollowing int64 `json:"totalInstanceFollowing"`

	// VideosRedundancy has one entry per mirroring strategy of the
	// instance.
	VideosRedundancy []RedundancyStats `json:"videosRedundancy"`

	TotalActivityPubMessagesProcessed     int64   `json:"totalActivityPubMessagesProcessed"`
	TotalActivityPubMessagesSuccesses     int64   `json:"totalActivityPubMessagesSuccesses"`
	TotalActivityPubMessagesErrors        int64   `json:"totalActivityPubMessagesErrors"`
	ActivityPubMessagesProcessedPerSecond float64 `json:"activityPubMessagesProcessedPerSecond"`
	TotalActivityPubMessagesWaiting       int64   `json:"totalActivityPubMessagesWaiting"`

	// AverageRegistrationRequestResponseTimeMs is how long moderators
	// take to answer a registration request, in milliseconds.
	AverageRegistrationRequestResponseTimeMs *float64 `json:"averageRegistrationRequestResponseTimeMs"`
	TotalRegistrationRequestsProcessed       *int64   `json:"totalRegistrationRequestsProcessed"`
	TotalRegistrationRequests                *int64   `json:"totalRegistrationRequests"`

	// AverageAbuseResponseTimeMs is how long moderators take to handle a
	// report, in milliseconds.
	AverageAbuseResponseTimeMs *float64 `json:"averageAbuseResponseTimeMs"`
	TotalAbusesProcessed       *int64   `json:"totalAbusesProcessed"`
	TotalAbuses                *int64   `json:"totalAbuses"`
}

// RedundancyStats are the statistics of one mirroring (redundancy)
// strategy of the instance.
type RedundancyStats struct {
	// Strategy is "most-views", "trending", "recently-added" or
	// "manual".
	Strategy string `json:"strategy"`
	// TotalSize is the space the strategy may use, in bytes; TotalUsed
	// is what it uses.
	TotalSize       int64 `json:"totalSize"`
	TotalUsed       int64 `json:"totalUsed"`
	TotalVideoFiles int64 `json:"totalVideoFiles"`
	TotalVideos     int64 `json:"totalVideos"`
}

// Stats returns the instance's public statistics. No token is needed.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Stats/operation/getInstanceStats
//
// GET /api/v1/server/stats
func (s *ServerService) Stats(ctx context.Context) (*ServerStats, *Response, error) {
	return get[ServerStats](ctx, s.client, "api/v1/server/stats", nil)
}

// PlayerMode is how a player loads a video: the value of
// [PlaybackMetrics].PlayerMode.
type PlayerMode string

// The player modes.
const (
	// PlayerP2PMediaLoader plays the HLS playlist, with peer-to-peer.
	PlayerP2PMediaLoader PlayerMode = "p2p-media-loader"
	// PlayerWebVideo plays a web video file.
	PlayerWebVideo PlayerMode = "web-video"
)

// PlaybackMetrics are what a player measured while playing a video since
// it last sent metrics. The counters count since then, not since the
// playback began.
type PlaybackMetrics struct {
	// VideoID is the video's id, UUID or short UUID. Required.
	VideoID string
	// PlayerMode is how the player loads the video. Required.
	PlayerMode PlayerMode
	// Resolution is the height of the video being played, such as 720.
	Resolution *int
	// FPS is the frame rate of the video being played.
	FPS *float64
	// P2PEnabled says whether peer-to-peer is on.
	P2PEnabled bool
	// P2PPeers is the number of peers connected, web seeds left out.
	P2PPeers *int
	// ResolutionChanges counts the changes of resolution.
	ResolutionChanges int
	// BufferStalled counts the times the buffer ran dry.
	BufferStalled *int
	// Errors counts the errors.
	Errors int
	// DownloadedBytesP2P and DownloadedBytesHTTP are the bytes
	// downloaded from peers and over HTTP; UploadedBytesP2P the bytes
	// uploaded to peers.
	DownloadedBytesP2P  int64
	DownloadedBytesHTTP int64
	UploadedBytesP2P    int64
}

// MarshalJSON encodes the metrics as the server expects them: a numeric
// VideoID as a number, the optional fields only when set.
func (m PlaybackMetrics) MarshalJSON() ([]byte, error) {
	body := map[string]any{
		"playerMode":          m.PlayerMode,
		"p2pEnabled":          m.P2PEnabled,
		"resolutionChanges":   m.ResolutionChanges,
		"errors":              m.Errors,
		"downloadedBytesP2P":  m.DownloadedBytesP2P,
		"downloadedBytesHTTP": m.DownloadedBytesHTTP,
		"uploadedBytesP2P":    m.UploadedBytesP2P,
		"videoId":             m.VideoID,
	}
	if id, err := strconv.ParseInt(m.VideoID, 10, 64); err == nil {
		body["videoId"] = id
	}
	if m.Resolution != nil {
		body["resolution"] = *m.Resolution
	}
	if m.FPS != nil {
		body["fps"] = *m.FPS
	}
	if m.P2PPeers != nil {
		body["p2pPeers"] = *m.P2PPeers
	}
	if m.BufferStalled != nil {
		body["bufferStalled"] = *m.BufferStalled
	}
	return json.Marshal(body)
}

// ReportPlayback sends the metrics a player measured while playing a
// video. The server exports them through OpenTelemetry when its
// administrator turned that on, and drops them otherwise. No token is
// needed.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Stats/paths/~1api~1v1~1metrics~1playback/post
//
// POST /api/v1/metrics/playback
func (s *ServerService) ReportPlayback(ctx context.Context, m *PlaybackMetrics) (*Response, error) {
	if m == nil {
		return nil, errors.New("peertube: no playback metrics to send")
	}
	if _, err := segment("video id", m.VideoID); err != nil {
		return nil, err
	}
	if m.PlayerMode == "" {
		return nil, errors.New("peertube: playback metrics need a player mode")
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, "api/v1/metrics/playback", m)
	return resp, err
}
