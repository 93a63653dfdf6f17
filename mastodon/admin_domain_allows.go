package mastodon

import (
	"context"
	"errors"
	"iter"
	"strings"
)

// The methods of [AdminDomainAllowsService] (Mastodon 4.0). Allowed
// domains matter on a server in limited federation mode, which federates
// with them alone. The methods need a token with the
// admin:read:domain_allows (reading) or admin:write:domain_allows
// (changing) scope, or the broader admin:read and admin:write, of an
// account whose role has the Manage Federation permission. A token or
// role without them gets a 403, which matches [ErrForbidden].

// adminDomainAllowPath returns "api/v1/admin/domain_allows/{id}".
func adminDomainAllowPath(id ID) (string, error) {
	seg, err := segment("domain allow id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v1/admin/domain_allows/" + seg, nil
}

// List lists the allowed domains, newest first. Limit defaults to 100
// and Mastodon caps it at 200; take the cursors from [Response]. A
// server without the endpoint (Mastodon before 4.0, Pleroma, Akkoma)
// gives a [*NotSupportedError].
//
// Scope: admin:read:domain_allows (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#get
//
// GET /api/v1/admin/domain_allows
func (s *AdminDomainAllowsService) List(ctx context.Context, opts *ListOptions) ([]*AdminDomainAllow, *Response, error) {
	allows, resp, err := list[*AdminDomainAllow](ctx, s.client, "api/v1/admin/domain_allows", opts)
	return allows, resp, unsupportedEndpoint(err, "GET /api/v1/admin/domain_allows", true)
}

// ListAll is the iterator twin of [AdminDomainAllowsService.List].
func (s *AdminDomainAllowsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*AdminDomainAllow, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns an allowed domain. A missing one is [ErrNotFound].
//
// Scope: admin:read:domain_allows (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#get-one
//
// GET /api/v1/admin/domain_allows/:id
func (s *AdminDomainAllowsService) Get(ctx context.Context, id ID) (*AdminDomainAllow, *Response, error) {
	path, err := adminDomainAllowPath(id)
	if err != nil {
		return nil, nil, err
	}
	a, resp, err := get[AdminDomainAllow](ctx, s.client, path, nil)
	return a, resp, unsupportedEndpoint(err, "GET /api/v1/admin/domain_allows/:id", false)
}

// Create allows a domain to federate. A domain allowed already is
// returned as it is; an invalid one is [ErrUnprocessable].
//
// Scope: admin:write:domain_allows (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#create
//
// POST /api/v1/admin/domain_allows
func (s *AdminDomainAllowsService) Create(ctx context.Context, domain string) (*AdminDomainAllow, *Response, error) {
	if strings.TrimSpace(domain) == "" {
		return nil, nil, errors.New("mastodon: Create needs a domain")
	}
	body := struct {
		Domain string `json:"domain"`
	}{domain}
	a, resp, err := send[AdminDomainAllow](ctx, s.client, "POST", "api/v1/admin/domain_allows", &body)
	return a, resp, unsupportedEndpoint(err, "POST /api/v1/admin/domain_allows", true)
}

// Delete removes a domain from the allowed ones. The allow is returned
// as it was, where the server sends it; current Mastodon versions answer
// with an empty object, and it is then nil.
//
// Scope: admin:write:domain_allows (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#delete
//
// DELETE /api/v1/admin/domain_allows/:id
func (s *AdminDomainAllowsService) Delete(ctx context.Context, id ID) (*AdminDomainAllow, *Response, error) {
	path, err := adminDomainAllowPath(id)
	if err != nil {
		return nil, nil, err
	}
	a, resp, err := send[AdminDomainAllow](ctx, s.client, "DELETE", path, nil)
	if err != nil || a.ID == "" {
		return nil, resp, unsupportedEndpoint(err, "DELETE /api/v1/admin/domain_allows/:id", false)
	}
	return a, resp, nil
}
