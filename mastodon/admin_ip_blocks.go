package mastodon

import (
	"context"
	"errors"
	"iter"
	"time"
)

// ipBlockPath returns "api/v1/admin/ip_blocks/{id}".
func ipBlockPath(id ID) (string, error) {
	seg, err := segment("IP block id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v1/admin/ip_blocks/" + seg, nil
}

// ipBlockSeconds is d in whole seconds, as expires_in takes it.
func ipBlockSeconds(d time.Duration) (int64, error) {
	if d < time.Second {
		return 0, errors.New("mastodon: an IP block's ExpiresIn must be at least a second")
	}
	return int64(d / time.Second), nil
}

// List lists the IP blocks, newest first (Mastodon 4.0).
// ListOptions.Limit defaults to 100 and is capped at 200 by Mastodon.
// Servers without the endpoint (older Mastodon, other software) give a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#get
//
// GET /api/v1/admin/ip_blocks
func (s *AdminIPBlocksService) List(ctx context.Context, opts *ListOptions) ([]*AdminIPBlock, *Response, error) {
	blocks, resp, err := list[*AdminIPBlock](ctx, s.client, "api/v1/admin/ip_blocks", opts)
	return blocks, resp, unsupportedEndpoint(err, "GET /api/v1/admin/ip_blocks", true)
}

// ListAll is the iterator twin of [AdminIPBlocksService.List].
func (s *AdminIPBlocksService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*AdminIPBlock, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns one IP block (Mastodon 4.0). An unknown id is
// [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#get-one
//
// GET /api/v1/admin/ip_blocks/:id
func (s *AdminIPBlocksService) Get(ctx context.Context, id ID) (*AdminIPBlock, *Response, error) {
	path, err := ipBlockPath(id)
	if err != nil {
		return nil, nil, err
	}
	block, resp, err := get[AdminIPBlock](ctx, s.client, path, nil)
	return block, resp, unsupportedEndpoint(err, "GET /api/v1/admin/ip_blocks/:id", false)
}

// AdminIPBlockCreateOptions are the optional settings of a new IP block,
// for [AdminIPBlocksService.Create].
type AdminIPBlockCreateOptions struct {
	// Comment is the moderators' note on why the range is blocked.
	Comment string
	// ExpiresIn is how long the block lasts, in whole seconds (at least
	// one); zero means it does not lapse.
	ExpiresIn time.Duration
}

// Create blocks a range of IP addresses (Mastodon 4.0). ip is an address
// or a range in CIDR notation ("192.0.2.0/24", "2001:db8::/32"); a bare
// address blocks that address alone. A range that is already blocked is
// [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#create
//
// POST /api/v1/admin/ip_blocks
func (s *AdminIPBlocksService) Create(ctx context.Context, ip string, severity AdminIPBlockSeverity, opts *AdminIPBlockCreateOptions) (*AdminIPBlock, *Response, error) {
	// Mastodon would block 0.0.0.0/32 when ip is missing.
	if ip == "" {
		return nil, nil, errors.New("mastodon: Create needs an IP address or range")
	}
	if severity == "" {
		return nil, nil, errors.New("mastodon: Create needs a severity")
	}
	body := map[string]any{"ip": ip, "severity": severity}
	if opts != nil {
		if opts.Comment != "" {
			body["comment"] = opts.Comment
		}
		if opts.ExpiresIn != 0 {
			secs, err := ipBlockSeconds(opts.ExpiresIn)
			if err != nil {
				return nil, nil, err
			}
			body["expires_in"] = secs
		}
	}
	block, resp, err := send[AdminIPBlock](ctx, s.client, "POST", "api/v1/admin/ip_blocks", body)
	return block, resp, unsupportedEndpoint(err, "POST /api/v1/admin/ip_blocks", true)
}

// AdminIPBlockUpdateOptions are the changes [AdminIPBlocksService.Update]
// makes; zero fields are left as they are.
type AdminIPBlockUpdateOptions struct {
	// IP moves the block to another address or CIDR range.
	IP string
	// Severity changes what the block does.
	Severity AdminIPBlockSeverity
	// Comment replaces the moderators' note; a pointer to "" removes it.
	Comment *string
	// ExpiresIn makes the block lapse that long from now, in whole
	// seconds (at least one).
	ExpiresIn time.Duration
	// NoExpiry makes the block permanent. It cannot go with ExpiresIn.
	NoExpiry bool
}

// Update changes an IP block (Mastodon 4.0). Like every PUT, it is
// retried after a failure that may pass.
//
// Mastodon saves nothing when the changes are not valid (a malformed IP,
// say) and yet answers 200 with the block as it would have been: check
// the answer with [AdminIPBlocksService.Get] when that matters.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#update
//
// PUT /api/v1/admin/ip_blocks/:id
func (s *AdminIPBlocksService) Update(ctx context.Context, id ID, opts *AdminIPBlockUpdateOptions) (*AdminIPBlock, *Response, error) {
	path, err := ipBlockPath(id)
	if err != nil {
		return nil, nil, err
	}
	body := map[string]any{}
	if opts != nil {
		if opts.IP != "" {
			body["ip"] = opts.IP
		}
		if opts.Severity != "" {
			body["severity"] = opts.Severity
		}
		if opts.Comment != nil {
			body["comment"] = *opts.Comment
		}
		switch {
		case opts.NoExpiry && opts.ExpiresIn != 0:
			return nil, nil, errors.New("mastodon: Update takes ExpiresIn or NoExpiry, not both")
		case opts.NoExpiry:
			body["expires_in"] = nil // no interval: no expiry
		case opts.ExpiresIn != 0:
			secs, err := ipBlockSeconds(opts.ExpiresIn)
			if err != nil {
				return nil, nil, err
			}
			body["expires_in"] = secs
		}
	}
	block, resp, err := send[AdminIPBlock](ctx, s.client, "PUT", path, body)
	return block, resp, unsupportedEndpoint(err, "PUT /api/v1/admin/ip_blocks/:id", false)
}

// Delete lifts an IP block (Mastodon 4.0). The server answers with an
// empty object, so only the Response is returned. An unknown id is
// [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#delete
//
// DELETE /api/v1/admin/ip_blocks/:id
func (s *AdminIPBlocksService) Delete(ctx context.Context, id ID) (*Response, error) {
	path, err := ipBlockPath(id)
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "DELETE", path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/admin/ip_blocks/:id", false)
}
