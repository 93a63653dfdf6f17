package mastodon

import (
	"context"
	"errors"
	"iter"
	"strings"
)

// The methods of [AdminAccountsService]. They need a token with the
// admin:read:accounts (reading) or admin:write:accounts (acting) scope,
// or the broader admin:read and admin:write, of an account whose role
// has the Manage Users permission (Manage Reports as well for Action,
// Delete User Data for Delete). A token or role without them gets a 403,
// which matches [ErrForbidden].

// adminAccountPath returns "api/v1/admin/accounts/{id}" plus more path
// segments.
func adminAccountPath(id ID, more ...string) (string, error) {
	seg, err := segment("account id", string(id))
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{"api/v1/admin/accounts", seg}, more...), "/"), nil
}

// AdminAccountOrigin filters accounts by where they live, in
// [AdminAccountsListOptions].
type AdminAccountOrigin string

// The origins of [AdminAccountsListOptions].
const (
	// AdminAccountLocal keeps the accounts of this server.
	AdminAccountLocal AdminAccountOrigin = "local"
	// AdminAccountRemote keeps the accounts of other servers.
	AdminAccountRemote AdminAccountOrigin = "remote"
)

// AdminAccountStatus filters accounts by their moderation state, in
// [AdminAccountsListOptions].
type AdminAccountStatus string

// The states of [AdminAccountsListOptions].
const (
	// AdminAccountActive keeps the accounts that are not suspended.
	AdminAccountActive AdminAccountStatus = "active"
	// AdminAccountPending keeps the local sign-ups that wait for approval.
	AdminAccountPending AdminAccountStatus = "pending"
	// AdminAccountDisabled keeps the local accounts whose login is
	// disabled (and that are not suspended).
	AdminAccountDisabled AdminAccountStatus = "disabled"
	// AdminAccountSilenced keeps the limited (silenced) accounts.
	AdminAccountSilenced AdminAccountStatus = "silenced"
	// AdminAccountSuspended keeps the suspended accounts.
	AdminAccountSuspended AdminAccountStatus = "suspended"
	// AdminAccountSensitized keeps the accounts whose media are forced
	// sensitive. Mastodon's filter takes it, though the documentation
	// does not list it.
	AdminAccountSensitized AdminAccountStatus = "sensitized"
)

// AdminAccountsListV1Options are the filters of
// [AdminAccountsService.ListV1]. Each true flag adds its filter; false
// ones are not sent. Without any, Mastodon lists the local accounts that
// are not suspended.
type AdminAccountsListV1Options struct {
	// ListOptions page through the accounts, newest first. Limit
	// defaults to 100 and Mastodon caps it at 200.
	ListOptions
	// Local and Remote keep the accounts of this server, or of others.
	Local  bool `url:"local,omitempty"`
	Remote bool `url:"remote,omitempty"`
	// Active, Pending, Disabled, Silenced and Suspended keep the
	// accounts in that state. Give one: the server reads only one of
	// them.
	Active    bool `url:"active,omitempty"`
	Pending   bool `url:"pending,omitempty"`
	Disabled  bool `url:"disabled,omitempty"`
	Silenced  bool `url:"silenced,omitempty"`
	Suspended bool `url:"suspended,omitempty"`
	// Sensitized keeps the accounts whose media are forced sensitive
	// (Mastodon 3.3). Current versions ignore it here; List with
	// [AdminAccountSensitized] has it.
	Sensitized bool `url:"sensitized,omitempty"`
	// Staff keeps the accounts whose role may handle reports.
	Staff bool `url:"staff,omitempty"`
	// Username keeps the accounts whose username starts with this.
	Username string `url:"username,omitempty"`
	// DisplayName keeps the accounts whose display name starts with this.
	DisplayName string `url:"display_name,omitempty"`
	// ByDomain keeps the accounts of this domain.
	ByDomain string `url:"by_domain,omitempty"`
	// Email keeps the users whose e-mail address starts with this.
	Email string `url:"email,omitempty"`
	// IP keeps the users who signed in from this address, or from this
	// range in CIDR notation.
	IP string `url:"ip,omitempty"`
}

// ListV1 lists accounts with the filters of the first version of the
// endpoint (Mastodon 2.9.1), one flag per state. Prefer
// [AdminAccountsService.List], whose filters are richer. ListV1 is the
// only list of Mastodon 2.9 to 3.4, but before 4.0 Mastodon sent the
// role of an account as a bare string, which [AdminAccount] cannot read:
// decoding the answer of those versions fails.
//
// Scope: admin:read:accounts (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#v1
//
// GET /api/v1/admin/accounts
func (s *AdminAccountsService) ListV1(ctx context.Context, opts *AdminAccountsListV1Options) ([]*AdminAccount, *Response, error) {
	accounts, resp, err := list[*AdminAccount](ctx, s.client, "api/v1/admin/accounts", opts)
	return accounts, resp, unsupportedEndpoint(err, "GET /api/v1/admin/accounts", true)
}

// ListV1All is the iterator twin of [AdminAccountsService.ListV1].
func (s *AdminAccountsService) ListV1All(ctx context.Context, opts *AdminAccountsListV1Options) iter.Seq2[*AdminAccount, error] {
	return allPages(ctx, opts, s.ListV1)
}

// AdminAccountsListOptions are the filters of [AdminAccountsService.List].
// Zero fields filter nothing.
type AdminAccountsListOptions struct {
	// ListOptions page through the accounts, newest first. Limit
	// defaults to 100 and Mastodon caps it at 200.
	ListOptions
	// Origin keeps local or remote accounts.
	Origin AdminAccountOrigin `url:"origin,omitempty"`
	// Status keeps the accounts in one moderation state.
	Status AdminAccountStatus `url:"status,omitempty"`
	// Permissions "staff" keeps the accounts whose role may handle
	// reports.
	Permissions string `url:"permissions,omitempty"`
	// RoleIDs keeps the users holding one of these roles (Mastodon 4.0).
	RoleIDs []ID `url:"role_ids[],omitempty"`
	// InvitedBy keeps the users invited by this account.
	InvitedBy ID `url:"invited_by,omitempty"`
	// Username keeps the accounts whose username starts with this.
	Username string `url:"username,omitempty"`
	// DisplayName keeps the accounts whose display name starts with this.
	DisplayName string `url:"display_name,omitempty"`
	// ByDomain keeps the accounts of this domain.
	ByDomain string `url:"by_domain,omitempty"`
	// Email keeps the users whose e-mail address starts with this.
	Email string `url:"email,omitempty"`
	// IP keeps the users who signed in from this address, or from this
	// range in CIDR notation.
	IP string `url:"ip,omitempty"`
}

// List lists the accounts the server knows, local and remote, with what
// moderators see of them, newest first. A server without this endpoint
// (Mastodon before 3.5, Pleroma, Akkoma) gives a [*NotSupportedError];
// Mastodon 2.9 to 3.4 offer [AdminAccountsService.ListV1].
//
// Scope: admin:read:accounts (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#v2
//
// GET /api/v2/admin/accounts
func (s *AdminAccountsService) List(ctx context.Context, opts *AdminAccountsListOptions) ([]*AdminAccount, *Response, error) {
	accounts, resp, err := list[*AdminAccount](ctx, s.client, "api/v2/admin/accounts", opts)
	return accounts, resp, unsupportedEndpoint(err, "GET /api/v2/admin/accounts", true)
}

// ListAll is the iterator twin of [AdminAccountsService.List].
func (s *AdminAccountsService) ListAll(ctx context.Context, opts *AdminAccountsListOptions) iter.Seq2[*AdminAccount, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns what moderators see of an account: its e-mail, addresses,
// role and moderation state. A missing account is [ErrNotFound].
//
// Scope: admin:read:accounts (or admin:read).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#get-one
//
// GET /api/v1/admin/accounts/:id
func (s *AdminAccountsService) Get(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	path, err := adminAccountPath(id)
	if err != nil {
		return nil, nil, err
	}
	a, resp, err := get[AdminAccount](ctx, s.client, path, nil)
	return a, resp, unsupportedEndpoint(err, "GET /api/v1/admin/accounts/:id", false)
}

// act runs a POST on one account that answers with the account, such
// as approve.
func (s *AdminAccountsService) act(ctx context.Context, id ID, action string) (*AdminAccount, *Response, error) {
	path, err := adminAccountPath(id, action)
	if err != nil {
		return nil, nil, err
	}
	a, resp, err := send[AdminAccount](ctx, s.client, "POST", path, nil)
	return a, resp, unsupportedEndpoint(err, "POST /api/v1/admin/accounts/:id/"+action, false)
}

// Approve approves a local sign-up that waits for approval. Mastodon
// answers 403 ([ErrForbidden]) for an account that is not pending, or
// not local.
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#approve
//
// POST /api/v1/admin/accounts/:id/approve
func (s *AdminAccountsService) Approve(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	return s.act(ctx, id, "approve")
}

// Reject rejects a local sign-up that waits for approval: the account is
// deleted, and its username and e-mail address may be used again.
// Mastodon answers 403 ([ErrForbidden]) for an account that is not
// pending, or not local.
//
// The account is returned as it was, where the server sends it; current
// Mastodon versions answer with an empty object, and the account is then
// nil.
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#reject
//
// POST /api/v1/admin/accounts/:id/reject
func (s *AdminAccountsService) Reject(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	return adminAccountOrNil(s.act(ctx, id, "reject"))
}

// Delete deletes the data of a suspended account for good, in the
// background (Mastodon 3.3). It needs the Delete User Data permission;
// an account that is not suspended, or already deleted, gets a 403
// ([ErrForbidden]).
//
// The account is returned as it was, where the server sends it; current
// Mastodon versions answer with an empty object, and the account is then
// nil.
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#delete
//
// DELETE /api/v1/admin/accounts/:id
func (s *AdminAccountsService) Delete(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	path, err := adminAccountPath(id)
	if err != nil {
		return nil, nil, err
	}
	a, resp, err := send[AdminAccount](ctx, s.client, "DELETE", path, nil)
	return adminAccountOrNil(a, resp, unsupportedEndpoint(err, "DELETE /api/v1/admin/accounts/:id", false))
}

// adminAccountOrNil returns a nil account in place of the empty object
// some servers answer with.
func adminAccountOrNil(a *AdminAccount, resp *Response, err error) (*AdminAccount, *Response, error) {
	if err != nil || a == nil || a.ID == "" {
		return nil, resp, err
	}
	return a, resp, nil
}

// AccountActionType is the moderation action of
// [AdminAccountsService.Action].
type AccountActionType string

// The moderation actions of [AdminAccountsService.Action].
const (
	// AccountActionNone takes no action: with a text, it only warns the
	// user.
	AccountActionNone AccountActionType = "none"
	// AccountActionSensitive forces the account's media to be marked
	// sensitive (Mastodon 3.3).
	AccountActionSensitive AccountActionType = "sensitive"
	// AccountActionDisable disables the login of a local account.
	AccountActionDisable AccountActionType = "disable"
	// AccountActionSilence limits (silences) the account.
	AccountActionSilence AccountActionType = "silence"
	// AccountActionSuspend suspends the account.
	AccountActionSuspend AccountActionType = "suspend"
)

// AccountActionOptions are the options of [AdminAccountsService.Action].
type AccountActionOptions struct {
	// ReportID is the report that led to the action; it is resolved
	// with it.
	ReportID ID `json:"report_id,omitempty"`
	// WarningPresetID is a warning text prepared by the moderators.
	WarningPresetID ID `json:"warning_preset_id,omitempty"`
	// Text explains the action to the user.
	Text string `json:"text,omitempty"`
	// SendEmailNotification says whether the user is told by e-mail.
	// Nil means the server's default, which is to send it.
	SendEmailNotification *bool `json:"send_email_notification,omitempty"`
}

// Action takes a moderation action against an account and records it in
// the audit log; it also resolves the open reports against the account.
// The server answers with an empty object. An unknown account or report
// is [ErrNotFound]; a missing or unknown type is [ErrUnprocessable].
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#action
//
// POST /api/v1/admin/accounts/:id/action
func (s *AdminAccountsService) Action(ctx context.Context, id ID, action AccountActionType, opts *AccountActionOptions) (*Response, error) {
	if action == "" {
		return nil, errors.New("mastodon: Action needs an action type")
	}
	path, err := adminAccountPath(id, "action")
	if err != nil {
		return nil, err
	}
	body := struct {
		Type AccountActionType `json:"type"`
		*AccountActionOptions
	}{action, opts}
	_, resp, err := send[struct{}](ctx, s.client, "POST", path, &body)
	return resp, unsupportedEndpoint(err, "POST /api/v1/admin/accounts/:id/action", false)
}

// Enable enables the login of a local account again, after a disable
// action. An account whose login is not disabled is returned as it is.
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#enable
//
// POST /api/v1/admin/accounts/:id/enable
func (s *AdminAccountsService) Enable(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	return s.act(ctx, id, "enable")
}

// Unsilence lifts the limit (silence) on an account. An account that is
// not silenced is returned as it is.
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#unsilence
//
// POST /api/v1/admin/accounts/:id/unsilence
func (s *AdminAccountsService) Unsilence(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	return s.act(ctx, id, "unsilence")
}

// Unsuspend lifts the suspension of an account. Mastodon answers 403
// ([ErrForbidden]) for an account that is not suspended.
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#unsuspend
//
// POST /api/v1/admin/accounts/:id/unsuspend
func (s *AdminAccountsService) Unsuspend(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	return s.act(ctx, id, "unsuspend")
}

// Unsensitive stops forcing the account's media to be marked sensitive
// (Mastodon 3.3). An account that is not so marked is returned as it is.
//
// Scope: admin:write:accounts (or admin:write).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/#unsensitive
//
// POST /api/v1/admin/accounts/:id/unsensitive
func (s *AdminAccountsService) Unsensitive(ctx context.Context, id ID) (*AdminAccount, *Response, error) {
	return s.act(ctx, id, "unsensitive")
}
