package mastodon

import "context"

// The v1 suggestions (GET /api/v1/suggestions) are left out: Mastodon
// 3.4 deprecated them in favour of v2, which says why each account is
// suggested.

// SuggestionsOptions are the options of [SuggestionsService.List].
type SuggestionsOptions struct {
	// Limit is the number of suggestions: Mastodon's default is 40, its
	// maximum 80.
	Limit int `url:"limit,omitempty"`
}

// List returns accounts the token's user does not follow and might want
// to, each with the reasons it is suggested (Mastodon 3.4). The list is
// not paged. A server without the endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/suggestions/#v2
//
// GET /api/v2/suggestions
func (s *SuggestionsService) List(ctx context.Context, opts *SuggestionsOptions) ([]*Suggestion, *Response, error) {
	sugs, resp, err := list[*Suggestion](ctx, s.client, "api/v2/suggestions", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/suggestions", true)
	}
	return sugs, resp, nil
}

// Remove stops suggesting an account to the token's user. Mastodon
// answers success even for an account it was not suggesting, or one it
// does not know.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/suggestions/#remove
//
// DELETE /api/v1/suggestions/:account_id
func (s *SuggestionsService) Remove(ctx context.Context, accountID ID) (*Response, error) {
	seg, err := segment("account id", string(accountID))
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, "DELETE", "api/v1/suggestions/"+seg, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/suggestions/:account_id", false)
}
