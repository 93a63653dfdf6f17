package mastodon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// This file holds the entities of the admin API (/api/v1/admin, /api/v2/admin),
// in the order of the Mastodon documentation, and the small types they share.

// AdminAccount is what a moderator sees of an account: the public
// [Account] plus its sign-up email, addresses, role and moderation state.
//
// https://docs.joinmastodon.org/entities/Admin_Account/
type AdminAccount struct {
	// ID is the account's database ID.
	ID ID `json:"id"`
	// Username is the account's name without the domain.
	Username string `json:"username"`
	// Domain is the account's server, or "" (null) for a local account.
	Domain string `json:"domain"`
	// CreatedAt is when this server first learned of the account.
	CreatedAt time.Time `json:"created_at"`
	// Email is the address the account signed up with.
	Email string `json:"email"`
	// IP is the address of the account's latest sign-in, or "" (null).
	IP IPAddress `json:"ip"`
	// IPs lists every address the account is known to have used.
	IPs []AdminIP `json:"ips"`
	// Locale is the account's interface language (ISO 639-1), or "" (null).
	Locale string `json:"locale"`
	// InviteRequest is the text the user wrote when asking to join a
	// server that approves sign-ups by hand, or "" (null).
	InviteRequest string `json:"invite_request"`
	// Role is the account's role, in the form Mastodon 4.1 and later
	// send. Older servers sent a bare string ("user", "moderator",
	// "admin") before 4.0, and the role's raw database record, with
	// numeric permissions, in 4.0; [Role] reads neither, so decoding such
	// an account fails.
	Role *Role `json:"role"`
	// Confirmed reports whether the email address has been confirmed.
	Confirmed bool `json:"confirmed"`
	// Approved reports whether the account's sign-up has been approved.
	Approved bool `json:"approved"`
	// Disabled reports whether the account's login is disabled.
	Disabled bool `json:"disabled"`
	// Sensitized reports whether the account's media are forced sensitive.
	Sensitized bool `json:"sensitized"`
	// Silenced reports whether the account is limited (silenced).
	Silenced bool `json:"silenced"`
	// Suspended reports whether the account is suspended.
	Suspended bool `json:"suspended"`
	// Account is the account as any user sees it.
	Account *Account `json:"account"`
	// CreatedByApplicationID is the ID of the [Application] through which
	// the account was registered, if any.
	CreatedByApplicationID ID `json:"created_by_application_id,omitempty"`
	// InvitedByAccountID is the ID of the account whose invite was used to
	// sign up, if any.
	InvitedByAccountID ID `json:"invited_by_account_id,omitempty"`
}

// IPAddress is an IP address in text form, as in [AdminAccount.IP]. JSON
// null reads as "". Mastodon 3.5 sent an [AdminIP] object in that place
// by mistake (fixed in 4.0); IPAddress reads such an object too and keeps
// its ip.
type IPAddress string

// UnmarshalJSON reads a string, null, or an object with an "ip" string.
func (a *IPAddress) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*a = ""
		return nil
	case len(b) > 0 && b[0] == '{':
		var obj struct {
			IP string `json:"ip"`
		}
		if err := json.Unmarshal(b, &obj); err != nil {
			return fmt.Errorf("mastodon: reading an IP address object: %w", err)
		}
		*a = IPAddress(obj.IP)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("mastodon: an IP address must be a string: %w", err)
	}
	*a = IPAddress(s)
	return nil
}

// AdminCanonicalEmailBlock blocks sign-ups from every spelling of one
// email address. Mastodon stores only the SHA-256 hash of the address in
// its canonical form.
//
// https://docs.joinmastodon.org/entities/Admin_CanonicalEmailBlock/
type AdminCanonicalEmailBlock struct {
	// ID is the block's database ID.
	ID ID `json:"id"`
	// CanonicalEmailHash is the hex SHA-256 of the canonical address.
	CanonicalEmailHash string `json:"canonical_email_hash"`
}

// AdminCohort is one retention cohort: the users who signed up in one
// period, and how many of them were active in each later bucket.
//
// https://docs.joinmastodon.org/entities/Admin_Cohort/
type AdminCohort struct {
	// Period is midnight at the start of the sign-up period.
	Period time.Time `json:"period"`
	// Frequency is the length of the period and of each bucket.
	Frequency AdminCohortFrequency `json:"frequency"`
	// Data holds one entry per bucket.
	Data []AdminCohortData `json:"data"`
}

// AdminCohortFrequency is the bucket size of an [AdminCohort].
type AdminCohortFrequency string

// The bucket sizes of an [AdminCohort].
const (
	// AdminCohortDay makes buckets one day long.
	AdminCohortDay AdminCohortFrequency = "day"
	// AdminCohortMonth makes buckets one month long.
	AdminCohortMonth AdminCohortFrequency = "month"
)

// AdminCohortData is one bucket of an [AdminCohort].
//
// https://docs.joinmastodon.org/entities/Admin_Cohort/#CohortData
type AdminCohortData struct {
	// Date is midnight at the start of the bucket.
	Date time.Time `json:"date"`
	// Rate is the share (0 to 1) of the cohort that was active in the
	// bucket.
	Rate float64 `json:"rate"`
	// Value is how many users of the cohort were active in the bucket.
	// Mastodon sends it as a string.
	Value StringInt `json:"value"`
}

// AdminDimension is a breakdown of the server's data by some qualitative
// key: languages, client apps, remote servers, software versions.
//
// https://docs.joinmastodon.org/entities/Admin_Dimension/
type AdminDimension struct {
	// Key names the dimension that was asked for.
	Key AdminDimensionKey `json:"key"`
	// Data holds one item per value of the dimension.
	Data []AdminDimensionData `json:"data"`
}

// AdminDimensionKey names a dimension for POST /api/v1/admin/dimensions.
type AdminDimensionKey string

// The dimensions Mastodon documents.
const (
	// AdminDimensionLanguages counts local statuses by language.
	AdminDimensionLanguages AdminDimensionKey = "languages"
	// AdminDimensionSources counts local statuses by the client app that
	// posted them.
	AdminDimensionSources AdminDimensionKey = "sources"
	// AdminDimensionServers counts statuses by the remote server they came
	// from.
	AdminDimensionServers AdminDimensionKey = "servers"
	// AdminDimensionSpaceUsage gives the storage used by each part of the
	// server's software stack.
	AdminDimensionSpaceUsage AdminDimensionKey = "space_usage"
	// AdminDimensionSoftwareVersions gives the version of each part of the
	// server's software stack.
	AdminDimensionSoftwareVersions AdminDimensionKey = "software_versions"
	// AdminDimensionTagServers counts statuses with a given trending tag by
	// server. It needs a tag ID in the request.
	AdminDimensionTagServers AdminDimensionKey = "tag_servers"
	// AdminDimensionTagLanguages counts statuses with a given trending tag
	// by language. It needs a tag ID in the request.
	AdminDimensionTagLanguages AdminDimensionKey = "tag_languages"
	// AdminDimensionInstanceAccounts ranks the accounts of a given remote
	// server by followers. It needs a domain in the request.
	AdminDimensionInstanceAccounts AdminDimensionKey = "instance_accounts"
	// AdminDimensionInstanceLanguages counts the statuses of a given remote
	// server by language. It needs a domain in the request.
	AdminDimensionInstanceLanguages AdminDimensionKey = "instance_languages"
)

// AdminDimensionData is one item of an [AdminDimension].
//
// https://docs.joinmastodon.org/entities/Admin_Dimension/#data-key
type AdminDimensionData struct {
	// Key identifies the item, such as a language code or a domain.
	Key string `json:"key"`
	// HumanKey is Key in a form fit to show, such as "English".
	HumanKey string `json:"human_key"`
	// Value is the item's value: usually a count ("10"), but a version
	// number for software_versions ("3.5.3").
	Value string `json:"value"`
	// Unit is the unit of Value, such as "bytes", if it has one.
	Unit string `json:"unit,omitempty"`
	// HumanValue is Value formatted to show, such as "14.2 MB", if the
	// server provides it.
	HumanValue string `json:"human_value,omitempty"`
}

// AdminDomainAllow is a domain that may federate with a server running
// in allow-list mode.
//
// https://docs.joinmastodon.org/entities/Admin_DomainAllow/
type AdminDomainAllow struct {
	// ID is the allow entry's database ID.
	ID ID `json:"id"`
	// Domain is the allowed domain.
	Domain string `json:"domain"`
	// CreatedAt is when the domain was allowed.
	CreatedAt time.Time `json:"created_at"`
}

// AdminDomainBlock is a moderator's limit on federation with a domain.
//
// https://docs.joinmastodon.org/entities/Admin_DomainBlock/
type AdminDomainBlock struct {
	// ID is the block's database ID.
	ID ID `json:"id"`
	// Domain is the blocked domain.
	Domain string `json:"domain"`
	// Digest is the hex SHA-256 of Domain (Mastodon 4.3 and later).
	Digest string `json:"digest"`
	// CreatedAt is when the block was made.
	CreatedAt time.Time `json:"created_at"`
	// Severity is what the block does.
	Severity AdminDomainBlockSeverity `json:"severity"`
	// RejectMedia reports whether media from the domain are refused.
	RejectMedia bool `json:"reject_media"`
	// RejectReports reports whether reports from the domain are ignored.
	RejectReports bool `json:"reject_reports"`
	// PrivateComment is the note for moderators, or "" (null).
	PrivateComment string `json:"private_comment"`
	// PublicComment is the reason shown to the public, or "" (null).
	PublicComment string `json:"public_comment"`
	// Obfuscate reports whether the domain is partly hidden where the
	// block is listed publicly.
	Obfuscate bool `json:"obfuscate"`
}

// AdminDomainBlockSeverity is the effect of an [AdminDomainBlock].
type AdminDomainBlockSeverity string

// The effects of an [AdminDomainBlock].
const (
	// AdminDomainBlockSilence hides the domain's accounts' statuses unless
	// one follows them.
	AdminDomainBlockSilence AdminDomainBlockSeverity = "silence"
	// AdminDomainBlockSuspend refuses everything from the domain.
	AdminDomainBlockSuspend AdminDomainBlockSeverity = "suspend"
	// AdminDomainBlockNoop limits nothing by itself; the block exists to
	// carry RejectMedia or RejectReports.
	AdminDomainBlockNoop AdminDomainBlockSeverity = "noop"
)

// AdminEmailDomainBlock is an email domain that may not be used to sign
// up, with recent counts of attempts to do so.
//
// https://docs.joinmastodon.org/entities/Admin_EmailDomainBlock/
type AdminEmailDomainBlock struct {
	// ID is the block's database ID.
	ID ID `json:"id"`
	// Domain is the blocked email domain.
	Domain string `json:"domain"`
	// CreatedAt is when the block was made.
	CreatedAt time.Time `json:"created_at"`
	// History counts sign-up attempts with the domain per day, usually
	// for the last seven days, newest first: in each [History], Accounts
	// counts attempts by account and Uses attempts by IP address.
	History []History `json:"history"`
}

// AdminIP is an IP address an account has used, and when it last did.
//
// https://docs.joinmastodon.org/entities/Admin_Ip/
type AdminIP struct {
	// IP is the address.
	IP string `json:"ip"`
	// UsedAt is when the account last used the address.
	UsedAt time.Time `json:"used_at"`
}

// AdminIPBlock is a range of IP addresses limited in what it may do on the
// server.
//
// https://docs.joinmastodon.org/entities/Admin_IpBlock/
type AdminIPBlock struct {
	// ID is the block's database ID.
	ID ID `json:"id"`
	// IP is the blocked range in CIDR notation, such as "8.8.8.8/32".
	IP string `json:"ip"`
	// Severity is what the block does.
	Severity AdminIPBlockSeverity `json:"severity"`
	// Comment is the moderator's reason for the block.
	Comment string `json:"comment"`
	// CreatedAt is when the block was made.
	CreatedAt time.Time `json:"created_at"`
	// ExpiresAt is when the block lapses, or nil if it does not.
	ExpiresAt *time.Time `json:"expires_at"`
}

// AdminIPBlockSeverity is the effect of an [AdminIPBlock].
type AdminIPBlockSeverity string

// The effects of an [AdminIPBlock].
const (
	// AdminIPBlockSignUpRequiresApproval holds sign-ups from the range
	// for a moderator's approval.
	AdminIPBlockSignUpRequiresApproval AdminIPBlockSeverity = "sign_up_requires_approval"
	// AdminIPBlockSignUpBlock refuses sign-ups from the range.
	AdminIPBlockSignUpBlock AdminIPBlockSeverity = "sign_up_block"
	// AdminIPBlockNoAccess refuses every request from the range.
	AdminIPBlockNoAccess AdminIPBlockSeverity = "no_access"
)

// AdminMeasure is a quantity measured over a time range, in total and per
// day.
//
// https://docs.joinmastodon.org/entities/Admin_Measure/
type AdminMeasure struct {
	// Key names the measure that was asked for.
	Key AdminMeasureKey `json:"key"`
	// Unit is the unit of the values, such as "bytes", or "" (null).
	Unit string `json:"unit"`
	// Total is the measure over the whole range.
	Total StringInt `json:"total"`
	// HumanValue is Total formatted to show, such as "0 Bytes", if the
	// server provides it.
	HumanValue string `json:"human_value,omitempty"`
	// PreviousTotal is the measure over the range of the same length that
	// ends where this one starts, if the server provides it.
	PreviousTotal StringInt `json:"previous_total,omitempty"`
	// Data holds one value per day of the range.
	Data []AdminMeasureData `json:"data"`
}

// AdminMeasureKey names a measure for POST /api/v1/admin/measures.
type AdminMeasureKey string

// The measures Mastodon documents.
const (
	// AdminMeasureActiveUsers counts local users active in the range.
	AdminMeasureActiveUsers AdminMeasureKey = "active_users"
	// AdminMeasureNewUsers counts users who signed up in the range.
	AdminMeasureNewUsers AdminMeasureKey = "new_users"
	// AdminMeasureInteractions counts favourites, boosts and replies on
	// local statuses in the range.
	AdminMeasureInteractions AdminMeasureKey = "interactions"
	// AdminMeasureOpenedReports counts reports filed in the range.
	AdminMeasureOpenedReports AdminMeasureKey = "opened_reports"
	// AdminMeasureResolvedReports counts reports resolved in the range.
	AdminMeasureResolvedReports AdminMeasureKey = "resolved_reports"
	// AdminMeasureTagAccounts counts accounts that used a given tag in the
	// range. It needs a tag ID in the request.
	AdminMeasureTagAccounts AdminMeasureKey = "tag_accounts"
	// AdminMeasureTagUses counts statuses that used a given tag in the
	// range. It needs a tag ID in the request.
	AdminMeasureTagUses AdminMeasureKey = "tag_uses"
	// AdminMeasureTagServers counts remote servers whose statuses used a
	// given tag in the range. It needs a tag ID in the request.
	AdminMeasureTagServers AdminMeasureKey = "tag_servers"
	// AdminMeasureInstanceAccounts counts accounts of a given remote server
	// discovered in the range. It needs a domain in the request.
	AdminMeasureInstanceAccounts AdminMeasureKey = "instance_accounts"
	// AdminMeasureInstanceMediaAttachments gives the storage taken by media
	// from a given remote server in the range, in bytes. It needs a domain
	// in the request.
	AdminMeasureInstanceMediaAttachments AdminMeasureKey = "instance_media_attachments"
	// AdminMeasureInstanceReports counts reports against accounts of a
	// given remote server in the range. It needs a domain in the request.
	AdminMeasureInstanceReports AdminMeasureKey = "instance_reports"
	// AdminMeasureInstanceStatuses counts statuses from a given remote
	// server in the range. It needs a domain in the request.
	AdminMeasureInstanceStatuses AdminMeasureKey = "instance_statuses"
	// AdminMeasureInstanceFollows counts accounts of a given remote server
	// that local users followed in the range. It needs a domain in the
	// request.
	AdminMeasureInstanceFollows AdminMeasureKey = "instance_follows"
	// AdminMeasureInstanceFollowers counts local accounts followed by
	// accounts of a given remote server in the range. It needs a domain in
	// the request.
	AdminMeasureInstanceFollowers AdminMeasureKey = "instance_followers"
)

// AdminMeasureData is the value of an [AdminMeasure] on one day.
//
// https://docs.joinmastodon.org/entities/Admin_Measure/#data
type AdminMeasureData struct {
	// Date is the day. Mastodon sends a date or midnight of that day.
	Date Date `json:"date"`
	// Value is the measure on that day, sent as a string. The
	// documentation's instance_media_attachments example has "" there,
	// which reads as 0.
	Value StringInt `json:"value"`
}

// AdminReport is a report as moderators see it, with the admin view of
// the accounts involved.
//
// https://docs.joinmastodon.org/entities/Admin_Report/
type AdminReport struct {
	// ID is the report's database ID.
	ID ID `json:"id"`
	// ActionTaken reports whether the report has been resolved.
	ActionTaken bool `json:"action_taken"`
	// ActionTakenAt is when the report was resolved, or nil while it is
	// open.
	ActionTakenAt *time.Time `json:"action_taken_at"`
	// Category is the kind of problem reported.
	Category ReportCategory `json:"category"`
	// Comment is the reporter's explanation; it may be empty.
	Comment string `json:"comment"`
	// Forwarded reports whether the report was sent on to the reported
	// account's server.
	Forwarded bool `json:"forwarded"`
	// CreatedAt is when the report was filed.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the report last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Account is the reporter.
	Account *AdminAccount `json:"account"`
	// TargetAccount is the reported account.
	TargetAccount *AdminAccount `json:"target_account"`
	// AssignedAccount is the moderator handling the report, or nil.
	AssignedAccount *AdminAccount `json:"assigned_account"`
	// ActionTakenByAccount is the moderator who resolved the report, or
	// nil.
	ActionTakenByAccount *AdminAccount `json:"action_taken_by_account"`
	// Statuses are the statuses the reporter attached.
	Statuses []*Status `json:"statuses"`
	// Rules are the server rules the reporter cited.
	Rules []Rule `json:"rules"`
}

// AdminTag is a hashtag as moderators see it (Admin::Tag), as GET
// /api/v1/admin/trends/tags returns it. It is a [Tag]: the admin API
// fills its ID, Trendable, Usable and RequiresReview fields.
//
// https://docs.joinmastodon.org/entities/Tag/#admin
type AdminTag = Tag
