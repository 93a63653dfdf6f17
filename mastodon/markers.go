package mastodon

import (
	"context"
	"errors"
	"net/http"
)

// Get returns the user's saved reading positions in the given timelines
// (Mastodon 3.0); with none given, in both the home and the notifications
// timelines. A timeline without a saved position has no entry. A server
// without the endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/markers/#get
//
// GET /api/v1/markers
func (s *MarkersService) Get(ctx context.Context, timelines ...MarkerTimeline) (Markers, *Response, error) {
	if len(timelines) == 0 {
		// Mastodon answers an empty object when no timeline is named.
		timelines = []MarkerTimeline{MarkerHome, MarkerNotifications}
	}
	q := struct {
		Timelines []MarkerTimeline `url:"timeline[]"`
	}{timelines}
	m, resp, err := get[Markers](ctx, s.client, "api/v1/markers", &q)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/markers", true)
	}
	return *m, resp, nil
}

// markerSaveAttempts is how many times Save sends its request when the
// server reports a conflicting write (409).
const markerSaveAttempts = 3

// Save saves the user's reading positions: for each timeline, the ID of
// the newest status (home) or notification (notifications) read. It
// returns the markers of the timelines saved (Mastodon 3.0).
//
// Saving a position twice does no harm, so a failure that may pass (a
// 5xx answer, a broken connection) is retried like a PUT; so is the 409
// the server answers when another app saved a marker at the same time.
// A server without the endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/markers/#create
//
// POST /api/v1/markers
func (s *MarkersService) Save(ctx context.Context, positions map[MarkerTimeline]ID) (Markers, *Response, error) {
	if len(positions) == 0 {
		return nil, nil, errors.New("mastodon: Markers.Save needs at least one position")
	}
	type lastRead struct {
		LastReadID ID `json:"last_read_id"`
	}
	body := make(map[MarkerTimeline]lastRead, len(positions))
	for tl, id := range positions {
		if tl == "" || id == "" {
			return nil, nil, errors.New("mastodon: Markers.Save needs a timeline and an id for each position")
		}
		body[tl] = lastRead{id}
	}
	for attempt := 1; ; attempt++ {
		req, err := s.client.NewRequest(ctx, "POST", "api/v1/markers", body)
		if err != nil {
			return nil, nil, err
		}
		var m Markers
		resp, err := s.client.do(req, &m, true)
		var er *ErrorResponse
		if err != nil && errors.As(err, &er) && er.StatusCode == http.StatusConflict && attempt < markerSaveAttempts && ctx.Err() == nil {
			continue
		}
		if err != nil {
			return nil, resp, unsupportedEndpoint(err, "POST /api/v1/markers", true)
		}
		return m, resp, nil
	}
}
