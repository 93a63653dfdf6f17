package mastodon

import (
	"context"
	"iter"
)

// List lists the accounts the user mutes, the most recently muted first
// (Mastodon's default page is 40, its maximum 80). Each account carries
// MuteExpiresAt, the end of a timed mute (Mastodon 3.3). The pages go by
// mute ids, which only the Link header gives: use the cursors of the
// Response, or [MutesService.ListAll]. [AccountsService.Mute] and
// [AccountsService.Unmute] change the list.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/mutes/#get
//
// GET /api/v1/mutes
func (s *MutesService) List(ctx context.Context, opts *ListOptions) ([]*Account, *Response, error) {
	return list[*Account](ctx, s.client, "api/v1/mutes", opts)
}

// ListAll is the iterator twin of [MutesService.List].
func (s *MutesService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, s.List)
}
