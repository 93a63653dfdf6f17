package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"golang.org/x/net/idna"
)

// The methods of [AdminDomainBlocksService] (Mastodon 4.0). They need a
// token with the admin:read:domain_blocks (reading) or
// admin:write:domain_blocks (changing) scope, or the broader admin:read
// and admin:write, of an account whose role has the Manage Federation
// permission. A token or role without them gets a 403, which matches
// [ErrForbidden]. A block applies to the domain and its subdomains.

// adminDomainBlockPath returns "api/v1/admin/domain_blocks/{id}".
func adminDomainBlockPath(id ID) (string, error) {
	seg, err := segment("domain block id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v1/admin/domain_blocks/" + seg, nil
}

// List lists the server's domain blocks, newest first. Limit defaults to
// 100 and Mastodon caps it at 200; take the cursors from [Response]. A
// server without the endpoint (Mastodon before 4.0, Pleroma, Akkoma)
// gives a [*NotSupportedError].
//
// Scope: admin:read:domain_blocks (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#get
//
// GET /api/v1/admin/domain_blocks
func (s *AdminDomainBlocksService) List(ctx context.Context, opts *ListOptions) ([]*AdminDomainBlock, *Response, error) {
	blocks, resp, err := list[*AdminDomainBlock](ctx, s.client, "api/v1/admin/domain_blocks", opts)
	return blocks, resp, unsupportedEndpoint(err, "GET /api/v1/admin/domain_blocks", true)
}

// ListAll is the iterator twin of [AdminDomainBlocksService.List].
func (s *AdminDomainBlocksService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*AdminDomainBlock, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns a domain block. A missing block is [ErrNotFound].
//
// Scope: admin:read:domain_blocks (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#get-one
//
// GET /api/v1/admin/domain_blocks/:id
func (s *AdminDomainBlocksService) Get(ctx context.Context, id ID) (*AdminDomainBlock, *Response, error) {
	path, err := adminDomainBlockPath(id)
	if err != nil {
		return nil, nil, err
	}
	b, resp, err := get[AdminDomainBlock](ctx, s.client, path, nil)
	return b, resp, unsupportedEndpoint(err, "GET /api/v1/admin/domain_blocks/:id", false)
}

// AdminDomainBlockOptions are the options of
// [AdminDomainBlocksService.Create]. The zero value makes a silence
// block that keeps media and reports.
type AdminDomainBlockOptions struct {
	// Severity is what the block does. Empty means
	// [AdminDomainBlockSilence].
	Severity AdminDomainBlockSeverity `json:"severity,omitempty"`
	// RejectMedia refuses the domain's media files.
	RejectMedia bool `json:"reject_media,omitempty"`
	// RejectReports ignores the reports the domain sends.
	RejectReports bool `json:"reject_reports,omitempty"`
	// PrivateComment is a note for the moderators.
	PrivateComment string `json:"private_comment,omitempty"`
	// PublicComment is the reason shown to the public, on the server's
	// About page if it lists its blocks.
	PublicComment string `json:"public_comment,omitempty"`
	// Obfuscate hides part of the domain where the block is listed
	// publicly.
	Obfuscate bool `json:"obfuscate,omitempty"`
}

// DomainBlockExistsError is the error of [AdminDomainBlocksService.Create]
// when a block already covers the domain: a block of the domain itself,
// or of a domain above it (current Mastodon versions accept a block of
// a subdomain that is stricter than the one above it, and refuse any
// other). Mastodon refuses the new block with a 422, and the error
// matches [ErrUnprocessable].
type DomainBlockExistsError struct {
	// Domain is the domain Create was asked to block.
	Domain string
	// Existing is the block that covers it.
	Existing *AdminDomainBlock
	// Err is the server's answer.
	Err *ErrorResponse
}

// Error says which block covers the domain.
func (e *DomainBlockExistsError) Error() string {
	msg := "mastodon: " + e.Domain + " is already blocked"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Existing != nil {
		msg += fmt.Sprintf(" (existing block %s of %s, severity %s)", e.Existing.ID, e.Existing.Domain, e.Existing.Severity)
	}
	return msg
}

// Unwrap returns the server's answer.
func (e *DomainBlockExistsError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// Create blocks a domain, and its subdomains. GoToSocial's blocks always
// suspend; it returns the existing block when the domain is blocked
// already.
//
// When Mastodon refuses the block because one already covers the domain
// (422), the error is a [*DomainBlockExistsError] holding that block:
//
//	_, _, err := client.Admin.DomainBlocks.Create(ctx, "spam.example", opts)
//	var exists *mastodon.DomainBlockExistsError
//	if errors.As(err, &exists) {
//		fmt.Println("already blocked:", exists.Existing.Domain, exists.Existing.Severity)
//	}
//
// Mastodon puts the existing block in the refusal (existing_domain_block);
// where a server does not, the client finds it among the server's blocks
// ([AdminDomainBlocksService.ListAll]), which needs the
// admin:read:domain_blocks scope as well. When no block covers the domain
// (the 422 was about something else, such as an invalid domain), the
// error is the server's [*ErrorResponse].
//
// Scope: admin:write:domain_blocks (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#create
//
// POST /api/v1/admin/domain_blocks
func (s *AdminDomainBlocksService) Create(ctx context.Context, domain string, opts *AdminDomainBlockOptions) (*AdminDomainBlock, *Response, error) {
	if strings.TrimSpace(domain) == "" {
		return nil, nil, errors.New("mastodon: Create needs a domain")
	}
	body := struct {
		Domain string `json:"domain"`
		*AdminDomainBlockOptions
	}{domain, opts}
	b, resp, err := send[AdminDomainBlock](ctx, s.client, "POST", "api/v1/admin/domain_blocks", &body)
	if err == nil {
		return b, resp, nil
	}
	var er *ErrorResponse
	if errors.As(err, &er) && er.StatusCode == http.StatusUnprocessableEntity {
		var refusal struct {
			Existing *AdminDomainBlock `json:"existing_domain_block"`
		}
		if json.Unmarshal(er.body, &refusal) == nil && refusal.Existing != nil {
			return nil, resp, &DomainBlockExistsError{Domain: domain, Existing: refusal.Existing, Err: er}
		}
		if existing := s.covering(ctx, domain); existing != nil {
			return nil, resp, &DomainBlockExistsError{Domain: domain, Existing: existing, Err: er}
		}
	}
	return nil, resp, unsupportedEndpoint(err, "POST /api/v1/admin/domain_blocks", true)
}

// covering returns the block that covers domain, as Mastodon picks it:
// the block of the domain itself or of the nearest domain above it. It
// returns nil when there is none, or when the blocks cannot be read.
func (s *AdminDomainBlocksService) covering(ctx context.Context, domain string) *AdminDomainBlock {
	want := blockedDomainKey(domain)
	var best *AdminDomainBlock
	bestLen := 0
	for b, err := range s.ListAll(ctx, &ListOptions{Limit: 200}) {
		if err != nil {
			return nil
		}
		if b == nil {
			continue
		}
		d := blockedDomainKey(b.Domain)
		if d == "" || len(d) <= bestLen || (d != want && !strings.HasSuffix(want, "."+d)) {
			continue
		}
		best, bestLen = b, len(d)
		if d == want {
			break
		}
	}
	return best
}

// blockedDomainKey returns a domain in the form Mastodon keeps blocked
// domains in: lower case, without a final dot, in ASCII (Punycode).
func blockedDomainKey(d string) string {
	d = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
	if ace, err := idna.Punycode.ToASCII(d); err == nil {
		d = ace
	}
	return d
}

// AdminDomainBlockUpdateOptions are the changes of
// [AdminDomainBlocksService.Update]. Nil and empty fields are left as
// they are; set a pointer to false or "" to turn a flag off or clear a
// comment.
type AdminDomainBlockUpdateOptions struct {
	// Severity is what the block does.
	Severity AdminDomainBlockSeverity `json:"severity,omitempty"`
	// RejectMedia refuses the domain's media files.
	RejectMedia *bool `json:"reject_media,omitempty"`
	// RejectReports ignores the reports the domain sends.
	RejectReports *bool `json:"reject_reports,omitempty"`
	// PrivateComment is a note for the moderators.
	PrivateComment *string `json:"private_comment,omitempty"`
	// PublicComment is the reason shown to the public.
	PublicComment *string `json:"public_comment,omitempty"`
	// Obfuscate hides part of the domain where the block is listed
	// publicly.
	Obfuscate *bool `json:"obfuscate,omitempty"`
}

// Update changes a domain block. An unknown severity is
// [ErrUnprocessable].
//
// Scope: admin:write:domain_blocks (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#update
//
// PUT /api/v1/admin/domain_blocks/:id
func (s *AdminDomainBlocksService) Update(ctx context.Context, id ID, opts *AdminDomainBlockUpdateOptions) (*AdminDomainBlock, *Response, error) {
	if opts == nil {
		return nil, nil, errors.New("mastodon: Update needs the changes")
	}
	path, err := adminDomainBlockPath(id)
	if err != nil {
		return nil, nil, err
	}
	b, resp, err := send[AdminDomainBlock](ctx, s.client, "PUT", path, opts)
	return b, resp, unsupportedEndpoint(err, "PUT /api/v1/admin/domain_blocks/:id", false)
}

// Delete lifts a domain block. Mastodon answers with an empty object.
//
// Scope: admin:write:domain_blocks (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#delete
//
// DELETE /api/v1/admin/domain_blocks/:id
func (s *AdminDomainBlocksService) Delete(ctx context.Context, id ID) (*Response, error) {
	path, err := adminDomainBlockPath(id)
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "DELETE", path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/admin/domain_blocks/:id", false)
}
