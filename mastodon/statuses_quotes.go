package mastodon

import (
	"context"
	"errors"
	"iter"
)

// The quote endpoints of the statuses API (Mastodon 4.5). Each method
// first asks [Client.Require] whether the server has quotes, and turns
// the 404 of a server without the route into a [*NotSupportedError]; a
// status that is not there still gives an error matching [ErrNotFound].

// Quotes lists the statuses that quote a status, newest first. Mastodon
// sends 20 a page unless Limit says otherwise (at most 40). It pages by
// the IDs of the quotes, not of the statuses, and takes max_id and
// since_id but no min_id: take the cursors from [Response].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#quotes
//
// GET /api/v1/statuses/:id/quotes
func (s *StatusesService) Quotes(ctx context.Context, id ID, opts *ListOptions) ([]*Status, *Response, error) {
	path, err := statusPath(id, "quotes")
	if err != nil {
		return nil, nil, err
	}
	if err := s.client.Require(ctx, FeatureQuotes); err != nil {
		return nil, nil, err
	}
	quotes, resp, err := list[*Status](ctx, s.client, path, opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/statuses/:id/quotes", false)
	}
	return quotes, resp, nil
}

// QuotesAll is the iterator twin of [StatusesService.Quotes]. It walks
// towards older quotes only: the server ignores min_id, so with MinID set
// it stops after the first page.
func (s *StatusesService) QuotesAll(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Status, *Response, error) {
		return s.Quotes(ctx, id, o)
	})
}

// RevokeQuote withdraws the permission to quote a status of the user
// (id) from the status that quotes it (quotingStatusID), which no longer
// shows it. The answer is the quoting status, its quote now revoked.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#revoke_quote
//
// POST /api/v1/statuses/:id/quotes/:quoting_status_id/revoke
func (s *StatusesService) RevokeQuote(ctx context.Context, id, quotingStatusID ID) (*Status, *Response, error) {
	quoting, err := segment("quoting status id", string(quotingStatusID))
	if err != nil {
		return nil, nil, err
	}
	path, err := statusPath(id, "quotes", quoting, "revoke")
	if err != nil {
		return nil, nil, err
	}
	if err := s.client.Require(ctx, FeatureQuotes); err != nil {
		return nil, nil, err
	}
	st, resp, err := send[Status](ctx, s.client, "POST", path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/statuses/:id/quotes/:quoting_status_id/revoke", false)
	}
	return st, resp, nil
}

// InteractionPolicy is the change [StatusesService.UpdateInteractionPolicy]
// makes to who may interact with a status.
type InteractionPolicy struct {
	// QuoteApprovalPolicy is who may quote the status. A private or
	// direct status keeps QuotePolicyNobody whatever it says. Quotes made
	// before the change stay.
	QuoteApprovalPolicy QuotePolicy `json:"quote_approval_policy,omitempty"`
}

// UpdateInteractionPolicy changes who may quote a status of the user
// and returns the status. It is idempotent: it is retried like a GET.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#edit_interaction_policy
//
// PUT /api/v1/statuses/:id/interaction_policy
func (s *StatusesService) UpdateInteractionPolicy(ctx context.Context, id ID, policy *InteractionPolicy) (*Status, *Response, error) {
	if policy == nil {
		return nil, nil, errors.New("mastodon: UpdateInteractionPolicy needs the new policy")
	}
	path, err := statusPath(id, "interaction_policy")
	if err != nil {
		return nil, nil, err
	}
	if err := s.client.Require(ctx, FeatureQuotes); err != nil {
		return nil, nil, err
	}
	st, resp, err := send[Status](ctx, s.client, "PUT", path, policy)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "PUT /api/v1/statuses/:id/interaction_policy", false)
	}
	return st, resp, nil
}
