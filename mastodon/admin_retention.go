package mastodon

import (
	"context"
	"errors"
	"time"
)

// Get computes the retention cohorts of the users who signed up between
// start and end: one cohort per day or month, as frequency says, with
// the share of its users active in each later bucket up to end
// (Mastodon 3.5). Only the day of start and end counts, as the date they
// show in their own location.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/retention/#create
//
// POST /api/v1/admin/retention
func (s *AdminRetentionService) Get(ctx context.Context, start, end time.Time, frequency AdminCohortFrequency) ([]*AdminCohort, *Response, error) {
	// Without them Mastodon answers an empty list, which would read as
	// "no users".
	if start.IsZero() || end.IsZero() {
		return nil, nil, errors.New("mastodon: Get needs a start and an end")
	}
	if frequency == "" {
		return nil, nil, errors.New("mastodon: Get needs a frequency (day or month)")
	}
	body := struct {
		StartAt   string               `json:"start_at"`
		EndAt     string               `json:"end_at"`
		Frequency AdminCohortFrequency `json:"frequency"`
	}{start.Format(time.DateOnly), end.Format(time.DateOnly), frequency}
	cohorts, resp, err := send[[]*AdminCohort](ctx, s.client, "POST", "api/v1/admin/retention", &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/admin/retention", true)
	}
	return *cohorts, resp, nil
}
