package mastodon

import (
	"context"
	"errors"
	"time"
)

// AdminMeasuresOptions are the per-key parameters of
// [AdminMeasuresService.Get].
type AdminMeasuresOptions struct {
	// TagID is the hashtag that the tag_accounts, tag_uses and
	// tag_servers measures are about; they need it.
	TagID ID
	// Domain is the remote server that the instance_* measures are
	// about; they need it.
	Domain string
}

// Get returns the measures named by keys, in that order, over the days
// from start to end: a total and one value per day (Mastodon 3.5). Only
// the day of start and end counts, as the date they show in their own
// location. Keys the server does not know are left out of the answer.
//
// The request is a JSON body in which the per-key parameters are objects
// ({"tag_uses":{"id":"…"}}), as the form fields tag_uses[id] and so on of
// the documentation are read by Mastodon. Get fills them from
// opts.TagID and opts.Domain for the keys that take them, and refuses to
// send a request for such a key without them.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/measures/#get
//
// POST /api/v1/admin/measures
func (s *AdminMeasuresService) Get(ctx context.Context, keys []AdminMeasureKey, start, end time.Time, opts *AdminMeasuresOptions) ([]*AdminMeasure, *Response, error) {
	if len(keys) == 0 {
		return nil, nil, errors.New("mastodon: Get needs at least one measure key")
	}
	if start.IsZero() || end.IsZero() {
		return nil, nil, errors.New("mastodon: Get needs a start and an end")
	}
	var o AdminMeasuresOptions
	if opts != nil {
		o = *opts
	}
	body := map[string]any{
		"keys":     keys,
		"start_at": start.Format(time.DateOnly),
		"end_at":   end.Format(time.DateOnly),
	}
	for _, k := range keys {
		if err := adminMetricParam(body, string(k), o.TagID, o.Domain, adminMeasureNeeds(k)); err != nil {
			return nil, nil, err
		}
	}
	measures, resp, err := send[[]*AdminMeasure](ctx, s.client, "POST", "api/v1/admin/measures", body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/admin/measures", true)
	}
	return *measures, resp, nil
}

// adminMeasureNeeds says which parameter a documented measure cannot do
// without: "id" (a tag), "domain", or "" for none.
func adminMeasureNeeds(k AdminMeasureKey) string {
	switch k {
	case AdminMeasureTagAccounts, AdminMeasureTagUses, AdminMeasureTagServers:
		return "id"
	case AdminMeasureInstanceAccounts, AdminMeasureInstanceMediaAttachments, AdminMeasureInstanceReports,
		AdminMeasureInstanceStatuses, AdminMeasureInstanceFollows, AdminMeasureInstanceFollowers:
		return "domain"
	}
	return ""
}
