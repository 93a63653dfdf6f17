package mastodon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AdminDimensionsOptions are the options of [AdminDimensionsService.Get].
type AdminDimensionsOptions struct {
	// StartAt and EndAt bound the period the dimensions cover; only their
	// day counts, as the date they show in their own location. Zero
	// leaves a bound out (the space_usage and software_versions
	// dimensions need none).
	StartAt, EndAt time.Time
	// Limit is the number of items per dimension for the languages,
	// sources, servers, tag_* and instance_* dimensions. Zero means the
	// server's default.
	Limit int
	// TagID is the trending hashtag that the tag_servers and
	// tag_languages dimensions are about; they need it.
	TagID ID
	// Domain is the remote server that the instance_accounts and
	// instance_languages dimensions are about; they need it.
	Domain string
}

// Get returns the dimensions named by keys, in that order: breakdowns of
// the server's data by language, client app, remote server, storage use
// or software version (Mastodon 3.5). Keys the server does not know are
// left out of the answer.
//
// The request is a JSON body in which the per-key parameters are objects
// ({"tag_servers":{"id":"…"}}), as the form fields tag_servers[id] and
// so on of the documentation are read by Mastodon. Get fills them from
// opts.TagID and opts.Domain for the keys that take them, and refuses to
// send a request for such a key without them.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/dimensions/#get
//
// POST /api/v1/admin/dimensions
func (s *AdminDimensionsService) Get(ctx context.Context, keys []AdminDimensionKey, opts *AdminDimensionsOptions) ([]*AdminDimension, *Response, error) {
	if len(keys) == 0 {
		return nil, nil, errors.New("mastodon: Get needs at least one dimension key")
	}
	var o AdminDimensionsOptions
	if opts != nil {
		o = *opts
	}
	body := map[string]any{"keys": keys}
	if !o.StartAt.IsZero() {
		body["start_at"] = o.StartAt.Format(time.DateOnly)
	}
	if !o.EndAt.IsZero() {
		body["end_at"] = o.EndAt.Format(time.DateOnly)
	}
	if o.Limit > 0 {
		body["limit"] = o.Limit
	}
	for _, k := range keys {
		if err := adminMetricParam(body, string(k), o.TagID, o.Domain, adminDimensionNeeds(k)); err != nil {
			return nil, nil, err
		}
	}
	dims, resp, err := send[[]*AdminDimension](ctx, s.client, "POST", "api/v1/admin/dimensions", body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/admin/dimensions", true)
	}
	return *dims, resp, nil
}

// adminDimensionNeeds says which parameter a documented dimension cannot
// do without: "id" (a tag), "domain", or "" for none.
func adminDimensionNeeds(k AdminDimensionKey) string {
	switch k {
	case AdminDimensionTagServers, AdminDimensionTagLanguages:
		return "id"
	case AdminDimensionInstanceAccounts, AdminDimensionInstanceLanguages:
		return "domain"
	}
	return ""
}

// adminMetricParam adds the per-key parameter of the dimension or
// measure key to body: {"id": tagID} for a tag_ key, {"domain": domain}
// for an instance_ key, when the value is set. needs is the parameter
// the key must have ("id", "domain" or ""); its absence is an error.
func adminMetricParam(body map[string]any, key string, tagID ID, domain string, needs string) error {
	switch {
	case strings.HasPrefix(key, "tag_") && tagID != "":
		body[key] = map[string]ID{"id": tagID}
	case strings.HasPrefix(key, "instance_") && domain != "":
		body[key] = map[string]string{"domain": domain}
	case needs == "id":
		return fmt.Errorf("mastodon: the %s key needs a tag ID (TagID)", key)
	case needs == "domain":
		return fmt.Errorf("mastodon: the %s key needs a domain (Domain)", key)
	}
	return nil
}
