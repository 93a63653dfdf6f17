package mastodon

import (
	"context"
	"iter"
)

// List lists the accounts that ask to follow the user and wait for an
// answer (Mastodon's default page is 40, its maximum 80). The pages go by
// request ids, which only the Link header gives: use the cursors of the
// Response, or [FollowRequestsService.ListAll].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/follow_requests/#get
//
// GET /api/v1/follow_requests
func (s *FollowRequestsService) List(ctx context.Context, opts *ListOptions) ([]*Account, *Response, error) {
	return list[*Account](ctx, s.client, "api/v1/follow_requests", opts)
}

// ListAll is the iterator twin of [FollowRequestsService.List].
func (s *FollowRequestsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, s.List)
}

// Accept accepts the follow request of an account, which then follows
// the user, and returns the relationship with it. An account without a
// pending request gives an error matching [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/follow_requests/#accept
//
// POST /api/v1/follow_requests/:account_id/authorize
func (s *FollowRequestsService) Accept(ctx context.Context, accountID ID) (*Relationship, *Response, error) {
	return s.answer(ctx, accountID, "authorize")
}

// Reject refuses the follow request of an account and returns the
// relationship with it. An account without a pending request gives an
// error matching [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/follow_requests/#reject
//
// POST /api/v1/follow_requests/:account_id/reject
func (s *FollowRequestsService) Reject(ctx context.Context, accountID ID) (*Relationship, *Response, error) {
	return s.answer(ctx, accountID, "reject")
}

// answer accepts (authorize) or rejects (reject) a follow request.
func (s *FollowRequestsService) answer(ctx context.Context, accountID ID, action string) (*Relationship, *Response, error) {
	seg, err := segment("account id", string(accountID))
	if err != nil {
		return nil, nil, err
	}
	return send[Relationship](ctx, s.client, "POST", "api/v1/follow_requests/"+seg+"/"+action, nil)
}
