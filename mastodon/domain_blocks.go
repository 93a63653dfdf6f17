package mastodon

import (
	"context"
	"errors"
	"iter"
)

// List lists the domains the user blocks, as plain domain names
// (Mastodon's default page is 100, its maximum 200). The pages go by
// block ids, which only the Link header gives: use the cursors of the
// Response, or [DomainBlocksService.ListAll]. A server without user
// domain blocks gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/domain_blocks/#get
//
// GET /api/v1/domain_blocks
func (s *DomainBlocksService) List(ctx context.Context, opts *ListOptions) ([]string, *Response, error) {
	domains, resp, err := list[string](ctx, s.client, "api/v1/domain_blocks", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/domain_blocks", true)
	}
	return domains, resp, nil
}

// ListAll is the iterator twin of [DomainBlocksService.List].
func (s *DomainBlocksService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[string, error] {
	return allPages(ctx, opts, s.List)
}

// domainBody is the body of Block and Unblock.
type domainBody struct {
	Domain string `json:"domain"`
}

// Block blocks a domain for the user: its statuses and notifications
// are hidden, its accounts stop following the user and cannot start.
// Blocking a domain already blocked is not an error; a name that is not
// a valid domain gives an error matching [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/domain_blocks/#block
//
// POST /api/v1/domain_blocks
func (s *DomainBlocksService) Block(ctx context.Context, domain string) (*Response, error) {
	if domain == "" {
		return nil, errors.New("mastodon: DomainBlocks.Block needs a domain")
	}
	resp, err := sendIgnoringAnswer(ctx, s.client, "POST", "api/v1/domain_blocks", &domainBody{domain})
	return resp, unsupportedEndpoint(err, "POST /api/v1/domain_blocks", true)
}

// Unblock lifts the user's block of a domain. Unblocking a domain that
// is not blocked is not an error.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/domain_blocks/#unblock
//
// DELETE /api/v1/domain_blocks
func (s *DomainBlocksService) Unblock(ctx context.Context, domain string) (*Response, error) {
	if domain == "" {
		return nil, errors.New("mastodon: DomainBlocks.Unblock needs a domain")
	}
	resp, err := sendIgnoringAnswer(ctx, s.client, "DELETE", "api/v1/domain_blocks", &domainBody{domain})
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/domain_blocks", true)
}
