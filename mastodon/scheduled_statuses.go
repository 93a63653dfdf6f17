package mastodon

import (
	"context"
	"errors"
	"iter"
	"time"
)

// scheduledStatusPath returns "api/v1/scheduled_statuses/{id}".
func scheduledStatusPath(id ID) (string, error) {
	seg, err := segment("scheduled status id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v1/scheduled_statuses/" + seg, nil
}

// List lists the statuses of the token's user that wait to be posted.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#get
//
// GET /api/v1/scheduled_statuses
func (s *ScheduledStatusesService) List(ctx context.Context, opts *ListOptions) ([]*ScheduledStatus, *Response, error) {
	return list[*ScheduledStatus](ctx, s.client, "api/v1/scheduled_statuses", opts)
}

// ListAll is the iterator twin of [ScheduledStatusesService.List].
func (s *ScheduledStatusesService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*ScheduledStatus, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns a scheduled status.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#get-one
//
// GET /api/v1/scheduled_statuses/:id
func (s *ScheduledStatusesService) Get(ctx context.Context, id ID) (*ScheduledStatus, *Response, error) {
	path, err := scheduledStatusPath(id)
	if err != nil {
		return nil, nil, err
	}
	return get[ScheduledStatus](ctx, s.client, path, nil)
}

// Update moves a scheduled status to another time, at least five
// minutes ahead (Mastodon refuses an earlier one). Like every PUT, it is
// retried after a failure that may pass.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#update
//
// PUT /api/v1/scheduled_statuses/:id
func (s *ScheduledStatusesService) Update(ctx context.Context, id ID, at time.Time) (*ScheduledStatus, *Response, error) {
	if at.IsZero() {
		return nil, nil, errors.New("mastodon: Update needs a time")
	}
	path, err := scheduledStatusPath(id)
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		ScheduledAt time.Time `json:"scheduled_at"`
	}{at.UTC()}
	return send[ScheduledStatus](ctx, s.client, "PUT", path, &body)
}

// Cancel deletes a scheduled status, so that it is not posted.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#cancel
//
// DELETE /api/v1/scheduled_statuses/:id
func (s *ScheduledStatusesService) Cancel(ctx context.Context, id ID) (*Response, error) {
	path, err := scheduledStatusPath(id)
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "DELETE", path, nil)
	if err != nil {
		return nil, err
	}
	// The answer is an empty object, or nothing at all.
	return s.client.Do(req, nil)
}
