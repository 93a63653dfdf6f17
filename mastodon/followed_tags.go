package mastodon

import (
	"context"
	"iter"
)

// List lists the hashtags the token's user follows (Mastodon 4.0), most
// recently followed first. The pages go by ids of the follows, not of
// the hashtags: take the cursors from [Response] (NextMaxID, PrevMinID).
// Limit defaults to 100 on Mastodon, at most 200. A server without the
// endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/followed_tags/#get
//
// GET /api/v1/followed_tags
func (s *FollowedTagsService) List(ctx context.Context, opts *ListOptions) ([]*Tag, *Response, error) {
	tags, resp, err := list[*Tag](ctx, s.client, "api/v1/followed_tags", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/followed_tags", true)
	}
	return tags, resp, nil
}

// ListAll is the iterator twin of [FollowedTagsService.List]. Mastodon
// before 4.1 sends no Link header: the walk ends after the first page.
func (s *FollowedTagsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Tag, error] {
	return allPages(ctx, opts, s.List)
}
