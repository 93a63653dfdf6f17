package peertube

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// LatencyMode is the trade-off a live makes between delay and
// smoothness.
type LatencyMode int

// The latency modes of a live.
const (
	// LatencyDefault is the server's default.
	LatencyDefault LatencyMode = 1
	// LatencyHigh buffers more, for viewers on poor connections.
	LatencyHigh LatencyMode = 2
	// LatencySmall lowers the delay, if the server allows it.
	LatencySmall LatencyMode = 3
)

// LiveReplaySettings are the settings of the replay of a live.
type LiveReplaySettings struct {
	// Privacy is the replay's privacy.
	Privacy Privacy `json:"privacy"`
}

// LiveVideo is the live part of a live video: where to stream it, and
// its settings. Read the video itself with [VideosService.Get].
type LiveVideo struct {
	// RTMPURL and RTMPSURL are where to stream, and StreamKey the key to
	// stream with: given only to those who may manage the live. The key
	// is a secret; String leaves it out.
	RTMPURL   string `json:"rtmpUrl"`
	RTMPSURL  string `json:"rtmpsUrl"`
	StreamKey string `json:"streamKey"`
	// SaveReplay keeps a replay of each session as a video, with
	// ReplaySettings.
	SaveReplay     bool                `json:"saveReplay"`
	ReplaySettings *LiveReplaySettings `json:"replaySettings"`
	// PermanentLive lets the user stream into it many times.
	PermanentLive bool        `json:"permanentLive"`
	LatencyMode   LatencyMode `json:"latencyMode"`
}

// String describes the live without its stream key.
func (l LiveVideo) String() string {
	key := ""
	if l.StreamKey != "" {
		key = "[redacted]"
	}
	return fmt.Sprintf("peertube.LiveVideo{RTMPURL: %q, RTMPSURL: %q, StreamKey: %q, SaveReplay: %t, PermanentLive: %t, LatencyMode: %d}",
		l.RTMPURL, l.RTMPSURL, key, l.SaveReplay, l.PermanentLive, l.LatencyMode)
}

// GoString is String, so that %#v leaves the stream key out too.
func (l LiveVideo) GoString() string { return l.String() }

// LiveSessionError is why a live session failed.
type LiveSessionError int

// The errors of a live session.
const (
	// LiveErrorBadSocketHealth: the transcoding was too slow.
	LiveErrorBadSocketHealth LiveSessionError = 1
	// LiveErrorDurationExceeded: the session outlasted the server's
	// maximum.
	LiveErrorDurationExceeded LiveSessionError = 2
	// LiveErrorQuotaExceeded: the user's video quota ran out.
	LiveErrorQuotaExceeded LiveSessionError = 3
	// LiveErrorFFmpeg: the transcoder failed.
	LiveErrorFFmpeg LiveSessionError = 4
	// LiveErrorBlacklisted: the moderators hid the video during the
	// live.
	LiveErrorBlacklisted LiveSessionError = 5
)

// LiveReplay identifies the replay of a live session.
type LiveReplay struct {
	ID        int64  `json:"id"`
	UUID      string `json:"uuid"`
	ShortUUID string `json:"shortUUID"`
}

// LiveSession is one streaming of a live, from start to end.
type LiveSession struct {
	ID        int64     `json:"id"`
	StartDate time.Time `json:"startDate"`
	// EndDate is nil while the session goes on.
	EndDate *time.Time `json:"endDate"`
	// Error is why it failed; 0 when it did not.
	Error LiveSessionError `json:"error"`
	// SaveReplay says whether a replay is kept, with ReplaySettings;
	// EndingProcessed whether the server is done with the session's end.
	SaveReplay      bool                `json:"saveReplay"`
	ReplaySettings  *LiveReplaySettings `json:"replaySettings"`
	EndingProcessed bool                `json:"endingProcessed"`
	// ReplayVideo is the video of its replay; nil when there is none
	// (yet).
	ReplayVideo *LiveReplay `json:"replayVideo"`
}

// NewLive is a live video to create. Name and ChannelID are required.
type NewLive struct {
	// Name is the title: 3 to 120 characters.
	Name string
	// ChannelID is the channel the live is published in.
	ChannelID int64
	// Privacy is who may watch it; zero means the server's default.
	Privacy Privacy
	// Category and Licence are ids of the server's lists
	// ([VideosService.Categories], [VideosService.Licences]).
	Category int
	Licence  int
	// Language is a language code such as "fr".
	Language string
	// Description is in Markdown.
	Description string
	// Support tells the audience how to support the creator.
	Support string
	// Tags are up to 5 tags of 2 to 30 characters.
	Tags []string
	// NSFW marks the live as sensitive.
	NSFW bool
	// CommentsPolicy says whether comments are open, closed or
	// moderated; zero means the server's default.
	CommentsPolicy CommentsPolicy
	// DownloadEnabled allows the download of the replay; nil means the
	// server's default.
	DownloadEnabled *bool

	// SaveReplay keeps a replay of each session, with ReplaySettings
	// (PeerTube refuses it together with PermanentLive on some
	// versions, and when the server does not allow replays).
	SaveReplay     bool
	ReplaySettings *LiveReplaySettings
	// PermanentLive lets the user stream into it many times.
	PermanentLive bool
	// LatencyMode is zero for the server's default.
	LatencyMode LatencyMode

	// Thumbnail and Preview are its images; nil ones are made by the
	// server.
	Thumbnail, Preview *ImageFile
}

// livePath returns "api/v1/videos/live/{id}" plus more path segments.
func livePath(id string, more ...string) (string, error) {
	seg, err := segment("video id", id)
	if err != nil {
		return "", err
	}
	p := "api/v1/videos/live/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// Create creates a live video, waiting for its stream: read where to
// stream it, and its key, with [LiveService.Get]. The server must allow
// lives (403 Forbidden otherwise, with the error's Code saying why:
// "live_not_enabled", "max_user_lives_limit_reached"…).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Live-Videos/operation/addLive
//
// POST /api/v1/videos/live
func (s *LiveService) Create(ctx context.Context, live *NewLive) (*UploadedVideo, *Response, error) {
	if live == nil {
		return nil, nil, errors.New("peertube: a new live needs its data")
	}
	f := newFormParts()
	f.field("name", live.Name)
	f.field("channelId", strconv.FormatInt(live.ChannelID, 10))
	if live.Privacy != 0 {
		f.field("privacy", strconv.Itoa(int(live.Privacy)))
	}
	if live.Category != 0 {
		f.field("category", strconv.Itoa(live.Category))
	}
	if live.Licence != 0 {
		f.field("licence", strconv.Itoa(live.Licence))
	}
	if live.Language != "" {
		f.field("language", live.Language)
	}
	if live.Description != "" {
		f.field("description", live.Description)
	}
	if live.Support != "" {
		f.field("support", live.Support)
	}
	for i, tag := range live.Tags {
		f.field("tags["+strconv.Itoa(i)+"]", tag)
	}
	if live.NSFW {
		f.field("nsfw", "true")
	}
	if live.CommentsPolicy != 0 {
		f.field("commentsPolicy", strconv.Itoa(int(live.CommentsPolicy)))
	}
	if live.DownloadEnabled != nil {
		f.field("downloadEnabled", strconv.FormatBool(*live.DownloadEnabled))
	}
	if live.SaveReplay {
		f.field("saveReplay", "true")
	}
	if live.ReplaySettings != nil {
		f.field("replaySettings[privacy]", strconv.Itoa(int(live.ReplaySettings.Privacy)))
	}
	if live.PermanentLive {
		f.field("permanentLive", "true")
	}
	if live.LatencyMode != 0 {
		f.field("latencyMode", strconv.Itoa(int(live.LatencyMode)))
	}
	f.image("thumbnailfile", live.Thumbnail)
	f.image("previewfile", live.Preview)
	v, resp, err := sendForm[struct {
		Video *UploadedVideo `json:"video"`
	}](ctx, s.client, http.MethodPost, "api/v1/videos/live", f, "live")
	if err != nil {
		return nil, resp, err
	}
	if v.Video == nil {
		return nil, resp, fmt.Errorf("peertube: POST %s: the answer has no video", resp.Request.URL.Path)
	}
	return v.Video, resp, nil
}

// Get returns the live part of a live video (id is its id, UUID or
// short UUID): to those who may manage it, with the RTMP URLs and the
// stream key to stream into it.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Live-Videos/operation/getLiveId
//
// GET /api/v1/videos/live/{id}
func (s *LiveService) Get(ctx context.Context, id string) (*LiveVideo, *Response, error) {
	p, err := livePath(id)
	if err != nil {
		return nil, nil, err
	}
	return get[LiveVideo](ctx, s.client, p, nil)
}

// LiveUpdate is a change of a live's settings: only the fields that are
// set are changed.
type LiveUpdate struct {
	SaveReplay *bool `json:"saveReplay,omitempty"`
	// ReplaySettings are needed when SaveReplay is set to true.
	ReplaySettings *LiveReplaySettings `json:"replaySettings,omitempty"`
	PermanentLive  *bool               `json:"permanentLive,omitempty"`
	LatencyMode    *LatencyMode        `json:"latencyMode,omitempty"`
}

// Update changes a live's settings. A live that is streaming cannot be
// changed (400 Bad Request).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Live-Videos/operation/updateLiveId
//
// PUT /api/v1/videos/live/{id}
func (s *LiveService) Update(ctx context.Context, id string, upd *LiveUpdate) (*Response, error) {
	p, err := livePath(id)
	if err != nil {
		return nil, err
	}
	if upd == nil {
		upd = &LiveUpdate{}
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, p, upd)
	return resp, err
}

// ListSessions lists the sessions of a live, for those who may manage
// it. The list is not paginated (the server gives the latest 100), so it
// has no iterator twin; Response.Total counts them.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Live-Videos/paths/~1api~1v1~1videos~1live~1%7Bid%7D~1sessions/get
//
// GET /api/v1/videos/live/{id}/sessions
func (s *LiveService) ListSessions(ctx context.Context, id string) ([]*LiveSession, *Response, error) {
	p, err := livePath(id, "sessions")
	if err != nil {
		return nil, nil, err
	}
	return list[*LiveSession](ctx, s.client, p, nil)
}

// ReplaySession returns the live session a replay video (id is its id,
// UUID or short UUID) was recorded from. A password-protected video
// needs its password in opts.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Live-Videos/paths/~1api~1v1~1videos~1%7Bid%7D~1live-session/get
//
// GET /api/v1/videos/{id}/live-session
func (s *LiveService) ReplaySession(ctx context.Context, id string, opts *VideoAccessOptions) (*LiveSession, *Response, error) {
	p, err := videoPath(id, "live-session")
	if err != nil {
		return nil, nil, err
	}
	return getVideo[LiveSession](ctx, s.client, p, opts)
}
