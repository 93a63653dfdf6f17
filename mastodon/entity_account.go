package mastodon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Account is a user and their profile.
//
// The same type holds the variants Mastodon serves from other endpoints:
// verify_credentials and update_credentials add Source and Role (the
// documentation calls that a CredentialAccount), and the list of mutes
// adds MuteExpiresAt (a MutedAccount). Those fields are nil elsewhere.
//
// Fields the documentation marks as optional, and fields that older
// servers or other software leave out, decode to their zero value.
//
// https://docs.joinmastodon.org/entities/Account/
type Account struct {
	// ID is the account's identifier on the server that answered.
	ID ID `json:"id"`
	// Username is the local part of the handle, without a domain.
	Username string `json:"username"`
	// Acct is the handle as a WebFinger would take it: Username for
	// local accounts, username@domain for remote ones.
	Acct string `json:"acct"`
	// URL is the profile's web page; it may be empty.
	URL string `json:"url"`
	// URI is the ActivityPub actor ID (Mastodon 4.2 and later).
	URI string `json:"uri,omitempty"`
	// DisplayName is the name shown on the profile, as plain text.
	DisplayName string `json:"display_name"`
	// Note is the profile's biography, as HTML.
	Note string `json:"note"`

	// Avatar is the URL of the profile picture, and AvatarStatic that of
	// a still version of it (they differ for an animated picture).
	// AvatarDescription is the picture's alternative text (4.6).
	Avatar            string `json:"avatar"`
	AvatarStatic      string `json:"avatar_static"`
	AvatarDescription string `json:"avatar_description,omitempty"`
	// Header is the URL of the profile's banner image, and HeaderStatic
	// that of a still version of it. HeaderDescription is the banner's
	// alternative text (4.6).
	Header            string `json:"header"`
	HeaderStatic      string `json:"header_static"`
	HeaderDescription string `json:"header_description,omitempty"`

	// Locked reports whether the account approves each follower by hand.
	Locked bool `json:"locked"`
	// Fields are the name-value pairs shown on the profile.
	Fields []Field `json:"fields"`
	// Emojis are the custom emoji used in DisplayName, Note and Fields.
	Emojis []CustomEmoji `json:"emojis"`
	// Bot reports whether the account says it is automated (its actor
	// type is Application or Service).
	Bot bool `json:"bot"`
	// Group reports whether the account is a Group actor.
	Group bool `json:"group"`
	// Discoverable reports whether the account takes part in discovery
	// features such as the profile directory; nil when it has not said.
	Discoverable *bool `json:"discoverable"`
	// Indexable reports whether the account's public posts may be
	// indexed for search (4.3).
	Indexable bool `json:"indexable"`
	// Noindex reports whether a local account asked search engines not to
	// index its profile; servers send it for local accounts only.
	Noindex *bool `json:"noindex,omitempty"`
	// Moved is the account this one moved to, if any.
	Moved *Account `json:"moved,omitempty"`
	// Memorial, Suspended and Limited are sent, as true, only when the
	// account is memorialized, suspended, or silenced by a moderator. A
	// limited account is meant to be shown behind a warning.
	Memorial  bool `json:"memorial,omitempty"`
	Suspended bool `json:"suspended,omitempty"`
	Limited   bool `json:"limited,omitempty"`

	// CreatedAt is when the account was created. Mastodon rounds it to
	// midnight since 3.4.
	CreatedAt time.Time `json:"created_at"`
	// LastStatusAt is the day of the account's latest status, or the zero
	// Date if it has none.
	LastStatusAt Date `json:"last_status_at"`
	// StatusesCount, FollowersCount and FollowingCount are the counts the
	// account's server reports.
	StatusesCount  int `json:"statuses_count"`
	FollowersCount int `json:"followers_count"`
	FollowingCount int `json:"following_count"`

	// HideCollections reports whether the account hides whom it follows
	// and who follows it; nil when the server does not say.
	HideCollections *bool `json:"hide_collections,omitempty"`
	// ShowMedia, ShowMediaReplies and ShowFeatured are the profile's tab
	// settings (4.6): a Media tab, replies within it, and a Featured tab.
	// They are nil when the server does not send them; Mastodon's default
	// for each is true.
	ShowMedia        *bool `json:"show_media,omitempty"`
	ShowMediaReplies *bool `json:"show_media_replies,omitempty"`
	ShowFeatured     *bool `json:"show_featured,omitempty"`
	// Roles are the role badges the account displays. Mastodon sends an
	// empty list for a local account without one and null for a remote
	// account.
	Roles []AccountRole `json:"roles,omitempty"`
	// FeatureApproval says who may feature the account in a collection
	// and whether the requesting user may (4.6).
	FeatureApproval *FeatureApproval `json:"feature_approval,omitempty"`

	// Source holds the raw profile values and posting defaults; only the
	// credential endpoints send it.
	Source *Source `json:"source,omitempty"`
	// Role is the full role of the authenticated user; only the
	// credential endpoints send it.
	Role *Role `json:"role,omitempty"`
	// MuteExpiresAt is when a timed mute ends; only the list of mutes
	// sends it, and it is nil for a mute without end.
	MuteExpiresAt *time.Time `json:"mute_expires_at,omitempty"`

	// Pleroma and Akkoma hold those servers' extension objects as they
	// were received.
	Pleroma json.RawMessage `json:"pleroma,omitempty"`
	Akkoma  json.RawMessage `json:"akkoma,omitempty"`
}

// Field is one name-value pair of a profile.
//
// https://docs.joinmastodon.org/entities/Account/#Field
type Field struct {
	// Name is the label of the pair.
	Name string `json:"name"`
	// Value is the value, as HTML in an Account and as plain text in a
	// Source.
	Value string `json:"value"`
	// VerifiedAt is when the server confirmed that the link in Value
	// points back to the profile with rel="me"; nil if it has not.
	VerifiedAt *time.Time `json:"verified_at"`
}

// AccountRole is the public part of a role, as shown by the badges in
// [Account.Roles].
//
// https://docs.joinmastodon.org/entities/Account/#AccountRole
type AccountRole struct {
	// ID is the role's identifier.
	ID ID `json:"id"`
	// Name is the role's name.
	Name string `json:"name"`
	// Color is the badge colour as a hex code such as "#ff3838", or "".
	Color string `json:"color"`
}

// Source is the editable form of the authenticated user's profile and
// their posting defaults, as sent in [Account.Source].
//
// https://docs.joinmastodon.org/entities/Account/#source
type Source struct {
	// Note is the biography as the user typed it, in plain text.
	Note string `json:"note"`
	// Fields are the profile's name-value pairs as the user typed them.
	Fields []Field `json:"fields"`
	// Privacy is the visibility new statuses get by default.
	Privacy Visibility `json:"privacy"`
	// Sensitive reports whether new statuses are marked sensitive by
	// default.
	Sensitive bool `json:"sensitive"`
	// Language is the default language of new statuses, as an ISO 639-1
	// code, or "".
	Language string `json:"language"`
	// FollowRequestsCount is the number of follow requests waiting.
	FollowRequestsCount int `json:"follow_requests_count"`
	// HideCollections and Discoverable are the user's own settings of the
	// matching Account fields; nil when unset.
	HideCollections *bool `json:"hide_collections,omitempty"`
	Discoverable    *bool `json:"discoverable,omitempty"`
	// Indexable reports whether the user's public posts may be searched
	// by anyone (4.3).
	Indexable bool `json:"indexable,omitempty"`
	// AttributionDomains are the websites allowed to credit the account
	// as an author (4.4).
	AttributionDomains []string `json:"attribution_domains,omitempty"`
	// QuotePolicy is who may quote new statuses by default (4.5).
	QuotePolicy QuotePolicy `json:"quote_policy,omitempty"`
}

// Role is a role on a server: a name, a badge, and a set of permissions.
// The credential endpoints send the authenticated user's role in
// [Account.Role].
//
// https://docs.joinmastodon.org/entities/Role/
type Role struct {
	// ID is the role's identifier.
	ID ID `json:"id"`
	// Name is the role's name.
	Name string `json:"name"`
	// Color is the badge colour as a hex code, or "".
	Color string `json:"color"`
	// Permissions is the bit mask of granted permissions, as a decimal
	// string; "0" grants nothing. Use [Role.Has] to test a permission.
	Permissions string `json:"permissions"`
	// Highlighted reports whether the role shows as a badge on profiles.
	Highlighted bool `json:"highlighted"`
	// CollectionLimit is how many collections holders of the role may
	// create (4.6).
	CollectionLimit int `json:"collection_limit,omitempty"`
}

// UnmarshalJSON reads a role, also in the shapes older versions of the
// admin API sent: a bare name ("admin", "moderator", "user") before
// Mastodon 4.0, and in 4.0 permissions as a number, with position,
// created_at and updated_at, which are dropped.
func (r *Role) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '"' {
		var name string
		if err := json.Unmarshal(t, &name); err != nil {
			return err
		}
		*r = Role{Name: name}
		return nil
	}
	type plain Role
	var v struct {
		plain
		Permissions json.RawMessage `json:"permissions"`
		Position    *int            `json:"position"`
		CreatedAt   *time.Time      `json:"created_at"`
		UpdatedAt   *time.Time      `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = Role(v.plain)
	p := bytes.TrimSpace(v.Permissions)
	switch {
	case len(p) == 0 || string(p) == "null":
	case p[0] == '"':
		if err := json.Unmarshal(p, &r.Permissions); err != nil {
			return err
		}
	default:
		var n json.Number
		if err := json.Unmarshal(p, &n); err != nil {
			return fmt.Errorf("mastodon: role permissions must be a string or a number: %w", err)
		}
		r.Permissions = n.String()
	}
	return nil
}

// Permission is one bit of [Role.Permissions].
//
// https://docs.joinmastodon.org/entities/Role/#permission-flags
type Permission uint64

// The permissions a role can grant.
const (
	// PermissionAdministrator grants every other permission.
	PermissionAdministrator Permission = 1 << iota
	// PermissionDevops opens the Sidekiq and PgHero dashboards.
	PermissionDevops
	// PermissionViewAuditLog shows the history of admin actions.
	PermissionViewAuditLog
	// PermissionViewDashboard shows the dashboard and its metrics.
	PermissionViewDashboard
	// PermissionManageReports allows handling reports.
	PermissionManageReports
	// PermissionManageFederation allows blocking and allowing domains.
	PermissionManageFederation
	// PermissionManageSettings allows changing the site settings.
	PermissionManageSettings
	// PermissionManageBlocks allows blocking e-mail providers and IPs.
	PermissionManageBlocks
	// PermissionManageTaxonomies allows reviewing trends and hashtags.
	PermissionManageTaxonomies
	// PermissionManageAppeals allows deciding appeals.
	PermissionManageAppeals
	// PermissionManageUsers allows moderating users.
	PermissionManageUsers
	// PermissionManageInvites allows listing and disabling invites.
	PermissionManageInvites
	// PermissionManageRules allows editing the server rules.
	PermissionManageRules
	// PermissionManageAnnouncements allows editing announcements.
	PermissionManageAnnouncements
	// PermissionManageCustomEmojis allows editing custom emoji.
	PermissionManageCustomEmojis
	// PermissionManageWebhooks allows setting up admin webhooks.
	PermissionManageWebhooks
	// PermissionInviteUsers allows inviting people.
	PermissionInviteUsers
	// PermissionManageRoles allows editing and granting lower roles.
	PermissionManageRoles
	// PermissionManageUserAccess allows resetting other users' second
	// factor, e-mail address and password.
	PermissionManageUserAccess
	// PermissionDeleteUserData allows deleting users' data at once.
	PermissionDeleteUserData
	// PermissionViewFeeds allows reading the live, hashtag and link
	// feeds even where the server has turned them off.
	PermissionViewFeeds
)

// Has reports whether r grants p. The administrator permission grants
// every permission. A Permissions value that is not a decimal number
// grants nothing.
func (r *Role) Has(p Permission) bool {
	if r == nil {
		return false
	}
	bits, err := strconv.ParseUint(r.Permissions, 10, 64)
	if err != nil {
		return false
	}
	mask := Permission(bits)
	return mask&PermissionAdministrator != 0 || mask&p == p
}

// FeatureApproval says who may feature an account in a collection, and
// with what outcome for the user who asked (Mastodon 4.6).
//
// https://docs.joinmastodon.org/entities/FeatureApproval/
type FeatureApproval struct {
	// Automatic lists who may feature the account without review.
	Automatic []ApprovalAudience `json:"automatic"`
	// Manual lists who may feature the account after the owner reviews.
	Manual []ApprovalAudience `json:"manual"`
	// CurrentUser is the outcome for the requesting user. Treat
	// ApprovalUnknown and ApprovalMissing as ApprovalDenied.
	CurrentUser ApprovalForUser `json:"current_user"`
}

// Relationship is how the authenticated user and another account stand
// towards each other.
//
// https://docs.joinmastodon.org/entities/Relationship/
type Relationship struct {
	// ID is the other account's ID.
	ID ID `json:"id"`
	// Following reports whether you follow the account.
	Following bool `json:"following"`
	// ShowingReblogs reports whether its boosts reach your home timeline.
	ShowingReblogs bool `json:"showing_reblogs"`
	// Notifying reports whether you are notified of its posts.
	Notifying bool `json:"notifying"`
	// Languages are the languages of its posts you follow; empty for all.
	Languages []string `json:"languages,omitempty"`
	// FollowedBy reports whether the account follows you.
	FollowedBy bool `json:"followed_by"`
	// Blocking reports whether you block the account.
	Blocking bool `json:"blocking"`
	// BlockedBy reports whether the account blocks you.
	BlockedBy bool `json:"blocked_by"`
	// Muting reports whether you mute the account.
	Muting bool `json:"muting"`
	// MutingNotifications reports whether you also mute its
	// notifications.
	MutingNotifications bool `json:"muting_notifications"`
	// MutingExpiresAt is when your mute ends; nil for none or one without
	// end (4.6).
	MutingExpiresAt *time.Time `json:"muting_expires_at,omitempty"`
	// Requested reports whether your follow request awaits its approval.
	Requested bool `json:"requested"`
	// RequestedBy reports whether its follow request awaits yours.
	RequestedBy bool `json:"requested_by"`
	// DomainBlocking reports whether you block the account's domain.
	DomainBlocking bool `json:"domain_blocking"`
	// Endorsed reports whether you feature the account on your profile.
	Endorsed bool `json:"endorsed"`
	// Note is your private note about the account.
	Note string `json:"note"`
}

// FamiliarFollowers lists the accounts you follow that also follow a
// given account.
//
// https://docs.joinmastodon.org/entities/FamiliarFollowers/
type FamiliarFollowers struct {
	// ID is the ID of the account asked about.
	ID ID `json:"id"`
	// Accounts are the followers you have in common.
	Accounts []*Account `json:"accounts"`
}

// FeaturedTag is a hashtag an account shows on its profile.
//
// https://docs.joinmastodon.org/entities/FeaturedTag/
type FeaturedTag struct {
	// ID is the featured tag's own identifier, not the hashtag's.
	ID ID `json:"id"`
	// Name is the hashtag without the leading #.
	Name string `json:"name"`
	// URL lists the account's statuses with the hashtag.
	URL string `json:"url"`
	// StatusesCount is how many of the account's statuses use it.
	StatusesCount StringInt `json:"statuses_count"`
	// LastStatusAt is the day of the latest of them, or the zero Date.
	LastStatusAt Date `json:"last_status_at"`
}
