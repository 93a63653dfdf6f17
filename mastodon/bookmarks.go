package mastodon

import (
	"context"
	"iter"
)

// List lists the statuses the user has bookmarked, the most recently
// bookmarked first (Mastodon's default page is 20, its maximum 40). The
// pages go by bookmark ids, which only the Link header gives: use the
// cursors of the Response, or [BookmarksService.ListAll].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/bookmarks/#get
//
// GET /api/v1/bookmarks
func (s *BookmarksService) List(ctx context.Context, opts *ListOptions) ([]*Status, *Response, error) {
	return list[*Status](ctx, s.client, "api/v1/bookmarks", opts)
}

// ListAll is the iterator twin of [BookmarksService.List].
func (s *BookmarksService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, s.List)
}
