package mastodon

import (
	"context"
	"iter"
)

// List lists the statuses the user has favourited, the most recently
// favourited first (Mastodon's default page is 20, its maximum 40). The
// pages go by favourite ids, which only the Link header gives: use the
// cursors of the Response, or [FavouritesService.ListAll].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/favourites/#get
//
// GET /api/v1/favourites
func (s *FavouritesService) List(ctx context.Context, opts *ListOptions) ([]*Status, *Response, error) {
	return list[*Status](ctx, s.client, "api/v1/favourites", opts)
}

// ListAll is the iterator twin of [FavouritesService.List].
func (s *FavouritesService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, s.List)
}
