package mastodon

import (
	"encoding/json"
	"time"
)

// Instance describes a server: its name, software, limits, rules and
// contacts, as GET /api/v2/instance returns it (Mastodon 4.0 and later).
// [InstanceV1] is the older form.
//
// https://docs.joinmastodon.org/entities/Instance/
type Instance struct {
	// Domain is the server's WebFinger domain.
	Domain string `json:"domain"`
	// Title is the server's name.
	Title string `json:"title"`
	// Version is the version of the software, such as "4.5.0"; forks and
	// other software put their own strings here. Use APIVersions to test
	// for features.
	Version string `json:"version"`
	// SourceURL is where the server's source code is published.
	SourceURL string `json:"source_url"`
	// Description is the admin's short description, in plain text.
	Description string `json:"description"`
	// Wrapstodon is the year of the current annual report campaign, if
	// one is running (4.6).
	Wrapstodon string `json:"wrapstodon,omitempty"`
	// Usage holds usage figures.
	Usage InstanceUsage `json:"usage"`
	// Thumbnail is the picture that stands for the server.
	Thumbnail InstanceThumbnail `json:"thumbnail"`
	// Icon lists the server's icon in several sizes (4.3).
	Icon []InstanceIcon `json:"icon,omitempty"`
	// Languages are the languages of the server and its staff, as ISO
	// 639-1 codes.
	Languages []string `json:"languages"`
	// Configuration holds the server's settings and limits.
	Configuration InstanceConfiguration `json:"configuration"`
	// Registrations says how to sign up.
	Registrations InstanceRegistrations `json:"registrations"`
	// APIVersions maps an API family to its version number on this
	// server (4.3). Mastodon's family is "mastodon"; its number grows
	// with each notable API change, so clients can test it instead of
	// parsing Version.
	APIVersions map[string]int `json:"api_versions,omitempty"`
	// Contact is how to reach the server's staff.
	Contact InstanceContact `json:"contact"`
	// Rules are the server's rules.
	Rules []Rule `json:"rules"`

	// Pleroma holds Pleroma's extension object as it was received.
	Pleroma json.RawMessage `json:"pleroma,omitempty"`
}

// InstanceUsage is the usage part of an [Instance].
type InstanceUsage struct {
	// Users counts users.
	Users InstanceUsageUsers `json:"users"`
}

// InstanceUsageUsers counts the users of an [Instance].
type InstanceUsageUsers struct {
	// ActiveMonth is the number of users active in the last four weeks;
	// 0 on a server with limited federation.
	ActiveMonth int `json:"active_month"`
}

// InstanceThumbnail is the picture that stands for an [Instance].
type InstanceThumbnail struct {
	// URL is the picture.
	URL string `json:"url"`
	// Description is its alternative text (4.6).
	Description string `json:"description,omitempty"`
	// Blurhash is its BlurHash, if the server computed one.
	Blurhash string `json:"blurhash,omitempty"`
	// Versions links copies for high-density screens, if any.
	Versions *InstanceThumbnailVersions `json:"versions,omitempty"`
}

// InstanceThumbnailVersions are the copies of an [InstanceThumbnail] at
// one and two times the base resolution.
type InstanceThumbnailVersions struct {
	At1x string `json:"@1x,omitempty"`
	At2x string `json:"@2x,omitempty"`
}

// InstanceIcon is one size of a server's icon.
//
// https://docs.joinmastodon.org/entities/Instance/#InstanceIcon
type InstanceIcon struct {
	// Src is the icon's URL.
	Src string `json:"src"`
	// Size is its size as "WIDTHxHEIGHT", such as "36x36".
	Size string `json:"size"`
}

// InstanceConfiguration holds the settings and limits of an [Instance].
type InstanceConfiguration struct {
	// URLs are addresses clients need.
	URLs InstanceURLs `json:"urls"`
	// VAPID holds the key for Web Push (4.3).
	VAPID InstanceVAPID `json:"vapid"`
	// Accounts holds limits on profiles.
	Accounts AccountsConfiguration `json:"accounts"`
	// Statuses holds limits on statuses.
	Statuses StatusesConfiguration `json:"statuses"`
	// MediaAttachments holds limits on uploads.
	MediaAttachments MediaConfiguration `json:"media_attachments"`
	// Polls holds limits on polls.
	Polls PollsConfiguration `json:"polls"`
	// Translation says whether the translation API is on.
	Translation TranslationConfiguration `json:"translation"`
	// TimelinesAccess says who may read the public feeds (4.5); nil when
	// the server does not say.
	TimelinesAccess *TimelinesAccess `json:"timelines_access,omitempty"`
	// LimitedFederation reports whether the server federates only with
	// the domains it allows (4.4).
	LimitedFederation bool `json:"limited_federation"`
}

// InstanceURLs are the addresses in an [InstanceConfiguration].
type InstanceURLs struct {
	// Streaming is the WebSocket URL of the streaming API.
	Streaming string `json:"streaming"`
	// Status is the server's status page, or "" (4.1).
	Status string `json:"status,omitempty"`
	// About is the server's about page (4.4).
	About string `json:"about,omitempty"`
	// PrivacyPolicy is the server's privacy policy, or "" (4.4).
	PrivacyPolicy string `json:"privacy_policy,omitempty"`
	// TermsOfService is the server's current terms of service, or ""
	// (4.4).
	TermsOfService string `json:"terms_of_service,omitempty"`
}

// InstanceVAPID holds a server's Web Push key.
type InstanceVAPID struct {
	// PublicKey is the server's VAPID public key, the one push
	// subscriptions report as their server key.
	PublicKey string `json:"public_key"`
}

// AccountsConfiguration holds a server's limits on profiles. Mastodon
// sends most of them since 4.6 only; the zero value means "not said".
type AccountsConfiguration struct {
	// MaxDisplayNameLength is the longest display name allowed.
	MaxDisplayNameLength int `json:"max_display_name_length,omitempty"`
	// MaxNoteLength is the longest biography allowed.
	MaxNoteLength int `json:"max_note_length,omitempty"`
	// MaxAvatarDescriptionLength and MaxHeaderDescriptionLength are the
	// longest alternative texts allowed for the avatar and the header.
	MaxAvatarDescriptionLength int `json:"max_avatar_description_length,omitempty"`
	MaxHeaderDescriptionLength int `json:"max_header_description_length,omitempty"`
	// MaxFeaturedTags is how many hashtags an account may feature.
	MaxFeaturedTags int `json:"max_featured_tags"`
	// MaxPinnedStatuses is how many statuses an account may pin (4.3).
	MaxPinnedStatuses int `json:"max_pinned_statuses,omitempty"`
	// MaxProfileFields is how many name-value pairs a profile may have.
	MaxProfileFields int `json:"max_profile_fields,omitempty"`
	// ProfileFieldNameLimit and ProfileFieldValueLimit are the longest
	// name and value of a profile field, in characters.
	ProfileFieldNameLimit  int `json:"profile_field_name_limit,omitempty"`
	ProfileFieldValueLimit int `json:"profile_field_value_limit,omitempty"`
}

// StatusesConfiguration holds a server's limits on statuses.
type StatusesConfiguration struct {
	// MaxCharacters is the longest status allowed, in characters.
	MaxCharacters int `json:"max_characters"`
	// MaxMediaAttachments is how many media a status may carry.
	MaxMediaAttachments int `json:"max_media_attachments"`
	// CharactersReservedPerURL is how many characters each URL counts
	// for, whatever its length.
	CharactersReservedPerURL int `json:"characters_reserved_per_url"`
	// SupportedMIMETypes are the formats a status may be written in, such
	// as "text/markdown". GoToSocial and Pleroma send it; Mastodon does
	// not.
	SupportedMIMETypes []string `json:"supported_mime_types,omitempty"`
}

// MediaConfiguration holds a server's limits on uploads.
type MediaConfiguration struct {
	// SupportedMIMETypes are the file types that may be uploaded.
	SupportedMIMETypes []string `json:"supported_mime_types"`
	// DescriptionLimit is the longest alternative text allowed (4.4).
	DescriptionLimit int `json:"description_limit,omitempty"`
	// ImageSizeLimit is the largest picture allowed, in bytes, and
	// ImageMatrixLimit its most pixels (width times height).
	ImageSizeLimit   int64 `json:"image_size_limit"`
	ImageMatrixLimit int64 `json:"image_matrix_limit"`
	// VideoSizeLimit is the largest video allowed, in bytes,
	// VideoMatrixLimit its most pixels, and VideoFrameRateLimit its
	// highest frame rate.
	VideoSizeLimit      int64 `json:"video_size_limit"`
	VideoMatrixLimit    int64 `json:"video_matrix_limit"`
	VideoFrameRateLimit int   `json:"video_frame_rate_limit"`
}

// PollsConfiguration holds a server's limits on polls.
type PollsConfiguration struct {
	// MaxOptions is how many choices a poll may have.
	MaxOptions int `json:"max_options"`
	// MaxCharactersPerOption is the longest choice, in characters.
	MaxCharactersPerOption int `json:"max_characters_per_option"`
	// MinExpiration and MaxExpiration bound how long a poll may stay
	// open, in seconds.
	MinExpiration int `json:"min_expiration"`
	MaxExpiration int `json:"max_expiration"`
}

// TranslationConfiguration says whether a server translates statuses.
type TranslationConfiguration struct {
	// Enabled reports whether the translation API is available.
	Enabled bool `json:"enabled"`
}

// TimelinesAccess says who may read each public feed of a server
// (Mastodon 4.5).
//
// https://docs.joinmastodon.org/entities/Instance/#timelines_access
type TimelinesAccess struct {
	// LiveFeeds is the public timeline.
	LiveFeeds FeedAccess `json:"live_feeds"`
	// HashtagFeeds are the hashtag timelines.
	HashtagFeeds FeedAccess `json:"hashtag_feeds"`
	// TrendingLinkFeeds are the timelines of statuses about a trending
	// link.
	TrendingLinkFeeds FeedAccess `json:"trending_link_feeds"`
}

// FeedAccess says who may read the local and the remote statuses of a
// feed.
type FeedAccess struct {
	Local  FeedAccessLevel `json:"local"`
	Remote FeedAccessLevel `json:"remote"`
}

// FeedAccessLevel is who may read part of a feed.
type FeedAccessLevel string

// The access levels of a feed.
const (
	// FeedAccessPublic: anyone, signed in or not.
	FeedAccessPublic FeedAccessLevel = "public"
	// FeedAccessAuthenticated: signed-in users.
	FeedAccessAuthenticated FeedAccessLevel = "authenticated"
	// FeedAccessDisabled: only users whose role grants
	// [PermissionViewFeeds].
	FeedAccessDisabled FeedAccessLevel = "disabled"
)

// InstanceRegistrations says how to sign up on an [Instance].
type InstanceRegistrations struct {
	// Enabled reports whether sign-ups are open.
	Enabled bool `json:"enabled"`
	// ApprovalRequired reports whether a moderator approves each sign-up.
	ApprovalRequired bool `json:"approval_required"`
	// ReasonRequired reports whether applicants must say why they join,
	// when approval is required; nil when the server does not say (4.4).
	ReasonRequired *bool `json:"reason_required,omitempty"`
	// Message is shown while sign-ups are closed, as HTML; "" otherwise.
	Message string `json:"message"`
	// MinAge is the minimum age to sign up, if the server sets one (4.4).
	MinAge *int `json:"min_age,omitempty"`
	// URL is where to sign up when the server uses external
	// authentication, or "" (4.2).
	URL string `json:"url,omitempty"`
}

// InstanceContact is how to reach the staff of an [Instance].
type InstanceContact struct {
	// Email is the staff's address.
	Email string `json:"email"`
	// Account is the staff's account, if the server names one.
	Account *Account `json:"account"`
}

// InstanceV1 describes a server as GET /api/v1/instance returns it.
//
// Deprecated: Mastodon 4.0 replaced it with [Instance]; servers that
// predate it, and some other software, offer only this form.
//
// https://docs.joinmastodon.org/entities/V1_Instance/
type InstanceV1 struct {
	// URI is the server's WebFinger domain, despite its name.
	URI string `json:"uri"`
	// Title is the server's name.
	Title string `json:"title"`
	// ShortDescription is the admin's short description, in plain text.
	ShortDescription string `json:"short_description"`
	// Description is the admin's description, which may hold HTML.
	Description string `json:"description"`
	// Email is the staff's contact address.
	Email string `json:"email"`
	// Version is the version of the software.
	Version string `json:"version"`
	// URLs are addresses clients need.
	URLs InstanceV1URLs `json:"urls"`
	// Stats holds the server's counts.
	Stats InstanceStats `json:"stats"`
	// Thumbnail is the server's banner picture, or "".
	Thumbnail string `json:"thumbnail"`
	// Languages are the languages of the server and its staff, as ISO
	// 639-1 codes.
	Languages []string `json:"languages"`
	// Registrations reports whether sign-ups are open, ApprovalRequired
	// whether a moderator approves each one, and InvitesEnabled whether
	// users may invite people.
	Registrations    bool `json:"registrations"`
	ApprovalRequired bool `json:"approval_required"`
	InvitesEnabled   bool `json:"invites_enabled"`
	// Configuration holds the server's limits (3.4.2).
	Configuration InstanceV1Configuration `json:"configuration"`
	// ContactAccount is the staff's account, if the server names one.
	ContactAccount *Account `json:"contact_account"`
	// Rules are the server's rules (3.4).
	Rules []Rule `json:"rules"`

	// MaxTootChars is the length limit of a status where Pleroma, Akkoma,
	// glitch-soc and GoToSocial give it, outside configuration; 0 when
	// absent.
	MaxTootChars int `json:"max_toot_chars,omitempty"`
	// Pleroma holds Pleroma's extension object as it was received.
	Pleroma json.RawMessage `json:"pleroma,omitempty"`
}

// InstanceV1URLs are the addresses of an [InstanceV1].
type InstanceV1URLs struct {
	// StreamingAPI is the WebSocket URL of the streaming API.
	StreamingAPI string `json:"streaming_api"`
}

// InstanceStats holds the counts of an [InstanceV1].
type InstanceStats struct {
	// UserCount is the number of local users.
	UserCount int `json:"user_count"`
	// StatusCount is the number of local statuses.
	StatusCount int `json:"status_count"`
	// DomainCount is the number of other servers known.
	DomainCount int `json:"domain_count"`
}

// InstanceV1Configuration holds the limits of an [InstanceV1].
type InstanceV1Configuration struct {
	// Accounts holds limits on profiles (4.0); only MaxFeaturedTags is
	// set.
	Accounts *AccountsConfiguration `json:"accounts,omitempty"`
	// Statuses holds limits on statuses.
	Statuses StatusesConfiguration `json:"statuses"`
	// MediaAttachments holds limits on uploads.
	MediaAttachments MediaConfiguration `json:"media_attachments"`
	// Polls holds limits on polls.
	Polls PollsConfiguration `json:"polls"`
}

// Rule is one of a server's rules.
//
// https://docs.joinmastodon.org/entities/Rule/
type Rule struct {
	// ID is the rule's identifier.
	ID ID `json:"id"`
	// Text is the rule.
	Text string `json:"text"`
	// Hint explains the rule at more length (4.3).
	Hint string `json:"hint,omitempty"`
	// Translations maps a locale code, such as "de" or "zh-TW", to the
	// rule in that language (4.4).
	Translations map[string]RuleTranslation `json:"translations,omitempty"`
}

// RuleTranslation is a [Rule] in another language.
type RuleTranslation struct {
	// Text is the translated rule.
	Text string `json:"text"`
	// Hint is the translated explanation.
	Hint string `json:"hint,omitempty"`
}

// ExtendedDescription is the long description of a server.
//
// https://docs.joinmastodon.org/entities/ExtendedDescription/
type ExtendedDescription struct {
	// UpdatedAt is when it last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Content is the description, as HTML.
	Content string `json:"content"`
}

// PrivacyPolicy is a server's privacy policy.
//
// https://docs.joinmastodon.org/entities/PrivacyPolicy/
type PrivacyPolicy struct {
	// UpdatedAt is when it last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Content is the policy, as HTML.
	Content string `json:"content"`
}

// TermsOfService is one version of a server's terms of service
// (Mastodon 4.4).
//
// https://docs.joinmastodon.org/entities/TermsOfService/
type TermsOfService struct {
	// EffectiveDate is the day this version takes or took effect.
	EffectiveDate Date `json:"effective_date"`
	// Effective reports whether this version is the one in force.
	Effective bool `json:"effective"`
	// Content is the terms, as HTML.
	Content string `json:"content"`
	// SucceededBy is the effective day of the next version, or the zero
	// Date if there is none.
	SucceededBy Date `json:"succeeded_by"`
}

// DomainBlock is a domain a server restricts, as it publishes the list.
//
// https://docs.joinmastodon.org/entities/DomainBlock/
type DomainBlock struct {
	// Domain is the domain, which the server may partly mask with
	// asterisks.
	Domain string `json:"domain"`
	// Digest is the SHA-256 of the full domain name, as hex, so that a
	// masked domain can still be checked.
	Digest string `json:"digest"`
	// Severity is how far the domain is restricted.
	Severity DomainBlockSeverity `json:"severity"`
	// Comment is the public reason for the block, if given.
	Comment string `json:"comment,omitempty"`
}

// DomainBlockSeverity is how far a server restricts a domain.
type DomainBlockSeverity string

// The severities of a public domain block.
const (
	// DomainBlockSilence hides the domain's users from timelines,
	// threads and notifications, unless followed.
	DomainBlockSilence DomainBlockSeverity = "silence"
	// DomainBlockSuspend drops everything that comes from the domain.
	DomainBlockSuspend DomainBlockSeverity = "suspend"
)
