package mastodon

import (
	"context"
	"iter"
)

// List lists the accounts the token's user features on their profile,
// most recently featured first. Mastodon pages it by ids of its own:
// take the cursors from [Response] (NextMaxID, PrevMinID). Limit defaults
// to 40 on Mastodon, at most 80. A server without the endpoint gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/endorsements/#get
//
// GET /api/v1/endorsements
func (s *EndorsementsService) List(ctx context.Context, opts *ListOptions) ([]*Account, *Response, error) {
	accounts, resp, err := list[*Account](ctx, s.client, "api/v1/endorsements", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/endorsements", true)
	}
	return accounts, resp, nil
}

// ListAll is the iterator twin of [EndorsementsService.List].
func (s *EndorsementsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, s.List)
}
