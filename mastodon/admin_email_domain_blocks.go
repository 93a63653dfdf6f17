package mastodon

import (
	"context"
	"errors"
	"iter"
)

// emailDomainBlockPath returns "api/v1/admin/email_domain_blocks/{id}".
func emailDomainBlockPath(id ID) (string, error) {
	seg, err := segment("email domain block id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v1/admin/email_domain_blocks/" + seg, nil
}

// List lists the e-mail domains that may not be used to sign up, newest
// block first (Mastodon 4.0). ListOptions.Limit defaults to 100 and is
// capped at 200 by Mastodon. Servers without the endpoint (older
// Mastodon, other software) give a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#get
//
// GET /api/v1/admin/email_domain_blocks
func (s *AdminEmailDomainBlocksService) List(ctx context.Context, opts *ListOptions) ([]*AdminEmailDomainBlock, *Response, error) {
	blocks, resp, err := list[*AdminEmailDomainBlock](ctx, s.client, "api/v1/admin/email_domain_blocks", opts)
	return blocks, resp, unsupportedEndpoint(err, "GET /api/v1/admin/email_domain_blocks", true)
}

// ListAll is the iterator twin of [AdminEmailDomainBlocksService.List].
func (s *AdminEmailDomainBlocksService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*AdminEmailDomainBlock, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns one e-mail domain block (Mastodon 4.1). An unknown id is
// [ErrNotFound]; a server without the endpoint gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#get-one
//
// GET /api/v1/admin/email_domain_blocks/:id
func (s *AdminEmailDomainBlocksService) Get(ctx context.Context, id ID) (*AdminEmailDomainBlock, *Response, error) {
	path, err := emailDomainBlockPath(id)
	if err != nil {
		return nil, nil, err
	}
	block, resp, err := get[AdminEmailDomainBlock](ctx, s.client, path, nil)
	return block, resp, unsupportedEndpoint(err, "GET /api/v1/admin/email_domain_blocks/:id", false)
}

// Create refuses sign-ups with addresses at domain, such as
// "mail.example" (Mastodon 4.0). A domain that is not valid, or already
// blocked, is [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#create
//
// POST /api/v1/admin/email_domain_blocks
func (s *AdminEmailDomainBlocksService) Create(ctx context.Context, domain string) (*AdminEmailDomainBlock, *Response, error) {
	if domain == "" {
		return nil, nil, errors.New("mastodon: Create needs a domain")
	}
	body := struct {
		Domain string `json:"domain"`
	}{domain}
	block, resp, err := send[AdminEmailDomainBlock](ctx, s.client, "POST", "api/v1/admin/email_domain_blocks", &body)
	return block, resp, unsupportedEndpoint(err, "POST /api/v1/admin/email_domain_blocks", true)
}

// Delete lifts an e-mail domain block (Mastodon 4.0). The server answers
// with an empty object, so only the Response is returned. An unknown id
// is [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#delete
//
// DELETE /api/v1/admin/email_domain_blocks/:id
func (s *AdminEmailDomainBlocksService) Delete(ctx context.Context, id ID) (*Response, error) {
	path, err := emailDomainBlockPath(id)
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "DELETE", path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/admin/email_domain_blocks/:id", false)
}
