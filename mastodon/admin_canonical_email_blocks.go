package mastodon

import (
	"context"
	"errors"
	"iter"
)

// canonicalEmailBlockPath returns
// "api/v1/admin/canonical_email_blocks/{id}".
func canonicalEmailBlockPath(id ID) (string, error) {
	seg, err := segment("canonical email block id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v1/admin/canonical_email_blocks/" + seg, nil
}

// List lists the blocked e-mail addresses, as hashes, newest block first
// (Mastodon 4.0). ListOptions.Limit defaults to 100 and is capped at 200
// by Mastodon. Servers without the endpoint (older Mastodon, other
// software) give a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#get
//
// GET /api/v1/admin/canonical_email_blocks
func (s *AdminCanonicalEmailBlocksService) List(ctx context.Context, opts *ListOptions) ([]*AdminCanonicalEmailBlock, *Response, error) {
	blocks, resp, err := list[*AdminCanonicalEmailBlock](ctx, s.client, "api/v1/admin/canonical_email_blocks", opts)
	return blocks, resp, unsupportedEndpoint(err, "GET /api/v1/admin/canonical_email_blocks", true)
}

// ListAll is the iterator twin of [AdminCanonicalEmailBlocksService.List].
func (s *AdminCanonicalEmailBlocksService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*AdminCanonicalEmailBlock, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns one canonical e-mail block (Mastodon 4.0). An unknown id is
// [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#get-one
//
// GET /api/v1/admin/canonical_email_blocks/:id
func (s *AdminCanonicalEmailBlocksService) Get(ctx context.Context, id ID) (*AdminCanonicalEmailBlock, *Response, error) {
	path, err := canonicalEmailBlockPath(id)
	if err != nil {
		return nil, nil, err
	}
	block, resp, err := get[AdminCanonicalEmailBlock](ctx, s.client, path, nil)
	return block, resp, unsupportedEndpoint(err, "GET /api/v1/admin/canonical_email_blocks/:id", false)
}

// Test reports which blocks match an e-mail address: the server brings
// the address to its canonical form, hashes it and returns the blocks
// with that hash, none if the address is not blocked (Mastodon 4.0).
// Nothing is changed.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#test
//
// POST /api/v1/admin/canonical_email_blocks/test
func (s *AdminCanonicalEmailBlocksService) Test(ctx context.Context, email string) ([]*AdminCanonicalEmailBlock, *Response, error) {
	// Mastodon answers 500 to a request without an address.
	if email == "" {
		return nil, nil, errors.New("mastodon: Test needs an e-mail address")
	}
	body := struct {
		Email string `json:"email"`
	}{email}
	blocks, resp, err := send[[]*AdminCanonicalEmailBlock](ctx, s.client, "POST", "api/v1/admin/canonical_email_blocks/test", &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/admin/canonical_email_blocks/test", true)
	}
	return *blocks, resp, nil
}

// NewAdminCanonicalEmailBlock is the address to block with
// [AdminCanonicalEmailBlocksService.Create]: Email, or, when only the
// hash is known, CanonicalEmailHash.
type NewAdminCanonicalEmailBlock struct {
	// Email is the address to block; the server canonicalizes and
	// hashes it. When it is set, CanonicalEmailHash is ignored.
	Email string `json:"email,omitempty"`
	// CanonicalEmailHash is the hex SHA-256 of a canonical address, as
	// [AdminCanonicalEmailBlock.CanonicalEmailHash] holds it.
	CanonicalEmailHash string `json:"canonical_email_hash,omitempty"`
}

// Create blocks sign-ups with every spelling of an e-mail address
// (Mastodon 4.0). An address that is already blocked is
// [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#create
//
// POST /api/v1/admin/canonical_email_blocks
func (s *AdminCanonicalEmailBlocksService) Create(ctx context.Context, block *NewAdminCanonicalEmailBlock) (*AdminCanonicalEmailBlock, *Response, error) {
	if block == nil || (block.Email == "" && block.CanonicalEmailHash == "") {
		return nil, nil, errors.New("mastodon: Create needs an e-mail address or its canonical hash")
	}
	b := *block
	if b.Email != "" {
		// Mastodon assigns the parameters in the order they come: a hash
		// sent after the address would replace the address's hash.
		b.CanonicalEmailHash = ""
	}
	created, resp, err := send[AdminCanonicalEmailBlock](ctx, s.client, "POST", "api/v1/admin/canonical_email_blocks", &b)
	return created, resp, unsupportedEndpoint(err, "POST /api/v1/admin/canonical_email_blocks", true)
}

// Delete lifts a canonical e-mail block (Mastodon 4.0). The server
// answers with an empty object, so only the Response is returned. An
// unknown id is [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#delete
//
// DELETE /api/v1/admin/canonical_email_blocks/:id
func (s *AdminCanonicalEmailBlocksService) Delete(ctx context.Context, id ID) (*Response, error) {
	path, err := canonicalEmailBlockPath(id)
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "DELETE", path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/admin/canonical_email_blocks/:id", false)
}
