package mastodon

import (
	"context"
	"iter"
)

// List lists the accounts the user blocks, the most recently blocked
// first (Mastodon's default page is 40, its maximum 80). The pages go by
// block ids, which only the Link header gives: use the cursors of the
// Response, or [BlocksService.ListAll]. [AccountsService.Block] and
// [AccountsService.Unblock] change the list.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/blocks/#get
//
// GET /api/v1/blocks
func (s *BlocksService) List(ctx context.Context, opts *ListOptions) ([]*Account, *Response, error) {
	return list[*Account](ctx, s.client, "api/v1/blocks", opts)
}

// ListAll is the iterator twin of [BlocksService.List].
func (s *BlocksService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, s.List)
}
