package mastodon

import (
	"context"
	"errors"
	"iter"
	"strings"
)

// The methods of [AdminReportsService]. They need a token with the
// admin:read:reports (reading) or admin:write:reports (changing) scope,
// or the broader admin:read and admin:write, of an account whose role
// has the Manage Reports permission. A token or role without them gets a
// 403, which matches [ErrForbidden].

// adminReportPath returns "api/v1/admin/reports/{id}" plus more path
// segments.
func adminReportPath(id ID, more ...string) (string, error) {
	seg, err := segment("report id", string(id))
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{"api/v1/admin/reports", seg}, more...), "/"), nil
}

// AdminReportsListOptions are the filters of [AdminReportsService.List].
type AdminReportsListOptions struct {
	// ListOptions page through the reports, newest first. Limit defaults
	// to 100 and Mastodon caps it at 200. Take the cursors from
	// [Response]: the report ids do not appear elsewhere.
	ListOptions
	// Resolved lists the resolved reports instead of the open ones.
	Resolved bool `url:"resolved,omitempty"`
	// AccountID keeps the reports filed by this account.
	AccountID ID `url:"account_id,omitempty"`
	// TargetAccountID keeps the reports against this account.
	TargetAccountID ID `url:"target_account_id,omitempty"`
}

// List lists the open reports, or the resolved ones, newest first. A
// server without the admin API (Pleroma, Akkoma) gives a
// [*NotSupportedError].
//
// Scope: admin:read:reports (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/#get
//
// GET /api/v1/admin/reports
func (s *AdminReportsService) List(ctx context.Context, opts *AdminReportsListOptions) ([]*AdminReport, *Response, error) {
	reports, resp, err := list[*AdminReport](ctx, s.client, "api/v1/admin/reports", opts)
	return reports, resp, unsupportedEndpoint(err, "GET /api/v1/admin/reports", true)
}

// ListAll is the iterator twin of [AdminReportsService.List].
func (s *AdminReportsService) ListAll(ctx context.Context, opts *AdminReportsListOptions) iter.Seq2[*AdminReport, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns a report. A missing report is [ErrNotFound].
//
// Scope: admin:read:reports (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/#get-one
//
// GET /api/v1/admin/reports/:id
func (s *AdminReportsService) Get(ctx context.Context, id ID) (*AdminReport, *Response, error) {
	path, err := adminReportPath(id)
	if err != nil {
		return nil, nil, err
	}
	r, resp, err := get[AdminReport](ctx, s.client, path, nil)
	return r, resp, unsupportedEndpoint(err, "GET /api/v1/admin/reports/:id", false)
}

// AdminReportUpdateOptions are the changes of [AdminReportsService.Update].
// Empty fields are left as they are.
type AdminReportUpdateOptions struct {
	// Category is the new kind of problem.
	Category ReportCategory `json:"category,omitempty"`
	// RuleIDs are the server rules broken, for a report of the violation
	// category; see [InstanceService.Rules] for their ids.
	RuleIDs []ID `json:"rule_ids,omitempty"`
}

// Update changes the category of a report, or the rules it cites
// (Mastodon 3.5).
//
// Scope: admin:write:reports (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/#update
//
// PUT /api/v1/admin/reports/:id
func (s *AdminReportsService) Update(ctx context.Context, id ID, opts *AdminReportUpdateOptions) (*AdminReport, *Response, error) {
	if opts == nil {
		return nil, nil, errors.New("mastodon: Update needs the changes")
	}
	path, err := adminReportPath(id)
	if err != nil {
		return nil, nil, err
	}
	r, resp, err := send[AdminReport](ctx, s.client, "PUT", path, opts)
	return r, resp, unsupportedEndpoint(err, "PUT /api/v1/admin/reports/:id", false)
}

// act runs a POST on one report that answers with the report, such as
// resolve.
func (s *AdminReportsService) act(ctx context.Context, id ID, action string) (*AdminReport, *Response, error) {
	path, err := adminReportPath(id, action)
	if err != nil {
		return nil, nil, err
	}
	r, resp, err := send[AdminReport](ctx, s.client, "POST", path, nil)
	return r, resp, unsupportedEndpoint(err, "POST /api/v1/admin/reports/:id/"+action, false)
}

// AssignToSelf makes the token's account the moderator handling a
// report. A report already assigned to it is returned as it is.
//
// Scope: admin:write:reports (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/#assign_to_self
//
// POST /api/v1/admin/reports/:id/assign_to_self
func (s *AdminReportsService) AssignToSelf(ctx context.Context, id ID) (*AdminReport, *Response, error) {
	return s.act(ctx, id, "assign_to_self")
}

// Unassign leaves a report to no moderator, so that another may take it.
//
// Scope: admin:write:reports (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/#unassign
//
// POST /api/v1/admin/reports/:id/unassign
func (s *AdminReportsService) Unassign(ctx context.Context, id ID) (*AdminReport, *Response, error) {
	return s.act(ctx, id, "unassign")
}

// Resolve closes a report without acting against the reported account;
// [AdminAccountsService.Action] with a ReportID acts and closes it. A
// resolved report is returned as it is.
//
// Scope: admin:write:reports (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/#resolve
//
// POST /api/v1/admin/reports/:id/resolve
func (s *AdminReportsService) Resolve(ctx context.Context, id ID) (*AdminReport, *Response, error) {
	return s.act(ctx, id, "resolve")
}

// Reopen opens a resolved report again. An open report is returned as
// it is.
//
// Scope: admin:write:reports (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/#reopen
//
// POST /api/v1/admin/reports/:id/reopen
func (s *AdminReportsService) Reopen(ctx context.Context, id ID) (*AdminReport, *Response, error) {
	return s.act(ctx, id, "reopen")
}
