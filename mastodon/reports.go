package mastodon

import (
	"context"
	"errors"
)

// ReportOptions are the optional parts of a report filed with
// [ReportsService.Create].
type ReportOptions struct {
	// StatusIDs are statuses of the reported account to attach.
	StatusIDs []ID `json:"status_ids,omitempty"`
	// CollectionIDs are collections of the reported account to attach
	// (Mastodon 4.6, where collections are enabled).
	CollectionIDs []ID `json:"collection_ids,omitempty"`
	// Comment is the reason for the report, for the moderators: Mastodon
	// allows 1000 characters.
	Comment string `json:"comment,omitempty"`
	// Forward sends a copy of the report, without the reporter's
	// identity, to the reported account's server when it is remote.
	Forward bool `json:"forward,omitempty"`
	// ForwardToDomains, with Forward, chooses the servers that get the
	// copy: the reported account's, and those of the accounts the
	// attached statuses reply to; Mastodon ignores other domains. Nil
	// means the reported account's server alone; when set, that server
	// gets a copy only if its domain is in the list.
	ForwardToDomains []string `json:"forward_to_domains,omitempty"`
	// Category is the kind of problem; empty means ReportOther, and
	// Mastodon makes it ReportViolation when RuleIDs is set (Mastodon
	// 3.5).
	Category ReportCategory `json:"category,omitempty"`
	// RuleIDs are the server rules broken, for a violation (Mastodon
	// 3.5); see [InstanceService].
	RuleIDs []ID `json:"rule_ids,omitempty"`
}

// Create files a report against an account with the moderators of the
// token's server. An account that is not found gives [ErrNotFound]; rule
// IDs that are not the server's, or a token without a user, give
// [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/reports/#post
//
// POST /api/v1/reports
func (s *ReportsService) Create(ctx context.Context, accountID ID, opts *ReportOptions) (*Report, *Response, error) {
	if accountID == "" {
		return nil, nil, errors.New("mastodon: Create needs the id of the account to report")
	}
	body := struct {
		AccountID ID `json:"account_id"`
		*ReportOptions
	}{accountID, opts}
	return send[Report](ctx, s.client, "POST", "api/v1/reports", &body)
}
