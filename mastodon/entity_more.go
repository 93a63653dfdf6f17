package mastodon

import (
	"encoding/json"
	"time"
)

// This file holds the entities outside the core set (accounts, statuses,
// media, instance, notifications, auth) and outside the admin API, in the
// alphabetical order of the documentation's entity pages; a helper type
// follows the type that uses it.
//
// The end-to-end encryption entities (EncryptedMessage and the
// /api/v1/crypto API) are not modelled: they were an unfinished
// experiment, Mastodon has removed them, and its documentation no longer
// describes them.

// Announcement is a notice from the server's staff, shown to every user.
//
// https://docs.joinmastodon.org/entities/Announcement/
type Announcement struct {
	// ID is the announcement's database ID.
	ID ID `json:"id"`
	// Content is the announcement's text, in HTML.
	Content string `json:"content"`
	// StartsAt is when the announcement begins to apply, or nil.
	StartsAt *time.Time `json:"starts_at"`
	// EndsAt is when the announcement stops applying, or nil.
	EndsAt *time.Time `json:"ends_at"`
	// AllDay reports whether only the days of StartsAt and EndsAt matter,
	// not their times. It is false when either is nil.
	AllDay bool `json:"all_day"`
	// PublishedAt is when the announcement was published.
	PublishedAt time.Time `json:"published_at"`
	// UpdatedAt is when the announcement last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Read reports whether the current user has dismissed the
	// announcement. It is sent only with a user token.
	Read bool `json:"read,omitempty"`
	// Mentions are the accounts the text mentions.
	Mentions []AnnouncementAccount `json:"mentions"`
	// Statuses are the statuses the text links to.
	Statuses []AnnouncementStatus `json:"statuses"`
	// Tags are the hashtags the text links to.
	Tags []StatusTag `json:"tags"`
	// Emojis are the custom emoji the text uses.
	Emojis []CustomEmoji `json:"emojis"`
	// Reactions are the emoji reactions users have added.
	Reactions []Reaction `json:"reactions"`
}

// AnnouncementAccount is an account mentioned in an [Announcement].
//
// https://docs.joinmastodon.org/entities/Announcement/#Account
type AnnouncementAccount struct {
	// ID is the mentioned account's ID.
	ID ID `json:"id"`
	// Username is the account's name without the domain.
	Username string `json:"username"`
	// URL is the account's profile page.
	URL string `json:"url"`
	// Acct is the account's webfinger address: the username alone for a
	// local account, user@domain for a remote one.
	Acct string `json:"acct"`
}

// AnnouncementStatus is a status linked from an [Announcement].
//
// https://docs.joinmastodon.org/entities/Announcement/#Status
type AnnouncementStatus struct {
	// ID is the linked status's ID.
	ID ID `json:"id"`
	// URL is the linked status's address.
	URL string `json:"url"`
}

// Reaction is one emoji added to an [Announcement] and how many users
// added it.
//
// https://docs.joinmastodon.org/entities/Reaction/
type Reaction struct {
	// Name is the emoji: a Unicode emoji, or a custom emoji's shortcode.
	Name string `json:"name"`
	// Count is how many users added this reaction.
	Count int `json:"count"`
	// Me reports whether the current user added it. It is sent only with
	// a user token.
	Me bool `json:"me,omitempty"`
	// URL is the custom emoji's image, if Name is a custom emoji.
	URL string `json:"url,omitempty"`
	// StaticURL is a still version of the custom emoji's image, if Name is
	// a custom emoji.
	StaticURL string `json:"static_url,omitempty"`
}

// AnnualReport is a user's yearly summary ("Wrapstodon").
//
// https://docs.joinmastodon.org/entities/AnnualReport/
type AnnualReport struct {
	// Year is the year the report covers.
	Year int `json:"year"`
	// Data is the report itself. Its layout depends on SchemaVersion and
	// changes between Mastodon releases, so it is kept as raw JSON.
	Data json.RawMessage `json:"data"`
	// SchemaVersion is the layout of Data: 1, or 2 since Mastodon 4.6.
	SchemaVersion int `json:"schema_version"`
	// ShareURL is a page showing the report to others, or "" (null).
	// Mastodon 4.6 and later.
	ShareURL string `json:"share_url,omitempty"`
	// AccountID is the account the report is about. Mastodon 4.6 and
	// later.
	AccountID ID `json:"account_id,omitempty"`
}

// WrappedAnnualReports is the body of the annual report endpoints: the
// reports and the accounts and statuses their data refers to by ID.
//
// https://docs.joinmastodon.org/entities/AnnualReport/#WrappedAnnualReports
type WrappedAnnualReports struct {
	// AnnualReports are the reports.
	AnnualReports []AnnualReport `json:"annual_reports"`
	// Accounts are the accounts the reports mention.
	Accounts []*Account `json:"accounts"`
	// Statuses are the statuses the reports mention.
	Statuses []*Status `json:"statuses"`
}

// AnnualReportState is the state of a user's report for a year, as GET
// /api/v1/annual_reports/:year/state returns it (Mastodon 4.6 and later).
//
// https://docs.joinmastodon.org/methods/annual_reports/#get-state
type AnnualReportState string

// The states of an annual report.
const (
	// AnnualReportAvailable means the report exists.
	AnnualReportAvailable AnnualReportState = "available"
	// AnnualReportGenerating means the report is being made.
	AnnualReportGenerating AnnualReportState = "generating"
	// AnnualReportEligible means the report can be asked for but does not
	// exist yet.
	AnnualReportEligible AnnualReportState = "eligible"
	// AnnualReportIneligible means no report can be made for the user.
	AnnualReportIneligible AnnualReportState = "ineligible"
)

// AsyncRefresh tells how a background job started by an earlier request
// is getting on (Mastodon 4.4 and later, in the v1_alpha API). Its ID
// comes from a Mastodon-Async-Refresh response header.
//
// https://docs.joinmastodon.org/entities/AsyncRefresh/
type AsyncRefresh struct {
	// ID identifies the refresh. It is an opaque string, not a number.
	ID ID `json:"id"`
	// Status is whether the job is still running.
	Status AsyncRefreshStatus `json:"status"`
	// ResultCount is how many results the job has produced so far, or nil
	// if the job does not count them.
	ResultCount *int `json:"result_count"`
}

// AsyncRefreshStatus is the state of an [AsyncRefresh].
type AsyncRefreshStatus string

// The states of an [AsyncRefresh].
const (
	// AsyncRefreshRunning means the job may still add results.
	AsyncRefreshRunning AsyncRefreshStatus = "running"
	// AsyncRefreshFinished means the job is done and adds nothing more.
	AsyncRefreshFinished AsyncRefreshStatus = "finished"
)

// Collection is a list of accounts that a user recommends following
// (Mastodon 4.6 and later).
//
// https://docs.joinmastodon.org/entities/Collection/
type Collection struct {
	// ID is the collection's ID.
	ID ID `json:"id"`
	// AccountID is the account that curates the collection.
	AccountID ID `json:"account_id"`
	// URI is the collection's ActivityPub ID.
	URI string `json:"uri"`
	// URL is the collection's web page, or "" (null).
	URL string `json:"url"`
	// Name is the collection's title.
	Name string `json:"name"`
	// Description says what the collection is about, in HTML; it may be
	// empty.
	Description string `json:"description"`
	// Language is the collection's main language (ISO 639-1), or "" (null).
	Language string `json:"language"`
	// Local reports whether the collection was made on this server.
	Local bool `json:"local"`
	// Sensitive reports whether the collection is marked as having
	// sensitive content.
	Sensitive bool `json:"sensitive"`
	// Discoverable reports whether the collection may appear on the
	// owner's profile, in search and in recommendations.
	Discoverable bool `json:"discoverable"`
	// Tag is the one hashtag that describes the collection, or nil.
	Tag *ShallowTag `json:"tag"`
	// CreatedAt is when the collection was made.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the collection last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// ItemCount is how many items the collection holds.
	ItemCount int `json:"item_count"`
	// Items are the collection's items.
	Items []CollectionItem `json:"items"`
}

// CollectionItem is one account in a [Collection].
//
// https://docs.joinmastodon.org/entities/CollectionItem/
type CollectionItem struct {
	// ID is the item's ID.
	ID ID `json:"id"`
	// AccountID is the featured account, or "" (null).
	AccountID ID `json:"account_id"`
	// State is whether the featured account has agreed to be included.
	State CollectionItemState `json:"state"`
	// CreatedAt is when the account was added.
	CreatedAt time.Time `json:"created_at"`
}

// CollectionItemState is whether a featured account consents to its
// place in a [Collection].
type CollectionItemState string

// The states of a [CollectionItem].
const (
	// CollectionItemPending means the account's consent has not been
	// confirmed yet.
	CollectionItemPending CollectionItemState = "pending"
	// CollectionItemAccepted means the account has agreed to be featured.
	CollectionItemAccepted CollectionItemState = "accepted"
)

// CollectionWithAccounts is a [Collection] together with the full
// accounts of its owner and of its items.
//
// https://docs.joinmastodon.org/entities/CollectionWithAccounts/
type CollectionWithAccounts struct {
	// Accounts are the owner's account and those of the items.
	Accounts []*Account `json:"accounts"`
	// Collection is the collection.
	Collection *Collection `json:"collection"`
}

// ShallowTag is a hashtag named without its use or the user's relation
// to it, as in [Collection.Tag].
//
// https://docs.joinmastodon.org/entities/ShallowTag/
type ShallowTag struct {
	// Name is the hashtag without the leading #.
	Name string `json:"name"`
	// URL is the hashtag's page.
	URL string `json:"url"`
}

// Conversation is a thread of direct messages and the people in it.
//
// https://docs.joinmastodon.org/entities/Conversation/
type Conversation struct {
	// ID is the conversation's database ID.
	ID ID `json:"id"`
	// Unread reports whether the conversation is marked unread.
	Unread bool `json:"unread"`
	// Accounts are the other participants.
	Accounts []*Account `json:"accounts"`
	// LastStatus is the newest status of the conversation, or nil.
	LastStatus *Status `json:"last_status"`
}

// IdentityProof linked an account to an account elsewhere (only ever
// Keybase).
//
// Deprecated: Mastodon 3.5 dropped identity proofs; newer servers have
// none to return.
//
// https://docs.joinmastodon.org/entities/IdentityProof/
type IdentityProof struct {
	// Provider is the name of the other service.
	Provider string `json:"provider"`
	// ProviderUsername is the account's name on the other service.
	ProviderUsername string `json:"provider_username"`
	// UpdatedAt is when the proof last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// ProofURL is the proof statement, hosted by the other service.
	ProofURL string `json:"proof_url"`
	// ProfileURL is the account's profile on the other service.
	ProfileURL string `json:"profile_url"`
}

// List is a user's named group of followed accounts, with its own
// timeline.
//
// https://docs.joinmastodon.org/entities/List/
type List struct {
	// ID is the list's database ID.
	ID ID `json:"id"`
	// Title is the list's name, chosen by the user.
	Title string `json:"title"`
	// RepliesPolicy says which replies the list's timeline shows.
	RepliesPolicy ListRepliesPolicy `json:"replies_policy"`
	// Exclusive reports whether the list's members are left out of the
	// home timeline (Mastodon 4.2 and later).
	Exclusive bool `json:"exclusive"`
}

// ListRepliesPolicy says which replies a [List] timeline shows.
type ListRepliesPolicy string

// The reply policies of a [List].
const (
	// ListRepliesFollowed shows replies to any account the user follows.
	ListRepliesFollowed ListRepliesPolicy = "followed"
	// ListRepliesList shows replies to members of the list.
	ListRepliesList ListRepliesPolicy = "list"
	// ListRepliesNone shows no replies.
	ListRepliesNone ListRepliesPolicy = "none"
)

// Marker is a saved reading position in a timeline, shared between a
// user's apps.
//
// https://docs.joinmastodon.org/entities/Marker/
type Marker struct {
	// LastReadID is the ID of the newest status or notification read.
	LastReadID ID `json:"last_read_id"`
	// Version counts the marker's updates; the server uses it to refuse
	// conflicting writes.
	Version int `json:"version"`
	// UpdatedAt is when the marker was last saved.
	UpdatedAt time.Time `json:"updated_at"`
}

// Markers holds one [Marker] per timeline, as the markers endpoints
// return them. A timeline without a saved position has no entry.
//
// https://docs.joinmastodon.org/methods/markers/
type Markers map[MarkerTimeline]Marker

// MarkerTimeline names a timeline that can carry a [Marker].
type MarkerTimeline string

// The timelines that can carry a [Marker].
const (
	// MarkerHome is the home timeline.
	MarkerHome MarkerTimeline = "home"
	// MarkerNotifications is the notifications timeline.
	MarkerNotifications MarkerTimeline = "notifications"
)

// Preferences are the user's settings that apps should follow. Mastodon
// names them with colon-separated keys ("posting:default:visibility").
//
// https://docs.joinmastodon.org/entities/Preferences/
type Preferences struct {
	// PostingDefaultVisibility is the visibility of new statuses unless
	// chosen otherwise.
	PostingDefaultVisibility Visibility `json:"posting:default:visibility"`
	// PostingDefaultSensitive reports whether new statuses' media are
	// marked sensitive by default.
	PostingDefaultSensitive bool `json:"posting:default:sensitive"`
	// PostingDefaultLanguage is the language of new statuses (ISO 639-1),
	// or "" (null) for none.
	PostingDefaultLanguage string `json:"posting:default:language"`
	// PostingDefaultQuotePolicy says who may quote new statuses
	// (Mastodon 4.5 and later). The documentation's version history
	// calls this key "posting:default:quoted_policy"; its example, which
	// is followed here, has "posting:default:quote_policy".
	PostingDefaultQuotePolicy QuotePolicy `json:"posting:default:quote_policy,omitempty"`
	// ReadingExpandMedia says when media are shown without a click.
	ReadingExpandMedia ExpandMedia `json:"reading:expand:media"`
	// ReadingExpandSpoilers reports whether content warnings are opened
	// by default.
	ReadingExpandSpoilers bool `json:"reading:expand:spoilers"`
}

// ExpandMedia is the user's choice of when to show media, in
// [Preferences].
type ExpandMedia string

// The choices of [Preferences.ReadingExpandMedia].
const (
	// ExpandMediaDefault hides media marked sensitive and shows the rest.
	ExpandMediaDefault ExpandMedia = "default"
	// ExpandMediaShowAll shows all media.
	ExpandMediaShowAll ExpandMedia = "show_all"
	// ExpandMediaHideAll hides all media.
	ExpandMediaHideAll ExpandMedia = "hide_all"
)

// TrendsLink is a trending link (Trends::Link), as the trends endpoints
// return it. It is a [PreviewCard] of type link whose History field is
// filled.
//
// https://docs.joinmastodon.org/entities/PreviewCard/#trends-link
type TrendsLink = PreviewCard

// Profile is the current user's own profile as they edit it, with raw
// text where [Account] has HTML (Mastodon 4.6 and later, GET and PATCH
// /api/v1/profile).
//
// https://docs.joinmastodon.org/entities/Profile/
type Profile struct {
	// ID is the account's ID.
	ID ID `json:"id"`
	// DisplayName is the name shown for the account.
	DisplayName string `json:"display_name"`
	// Note is the bio as the user typed it, not rendered to HTML.
	Note string `json:"note"`
	// Fields are the profile's name-value pairs, in plain text as typed.
	Fields []Field `json:"fields"`
	// Avatar is the profile picture's URL, or "" (null) if none is set.
	Avatar string `json:"avatar"`
	// AvatarStatic is a still version of Avatar, or "" (null).
	AvatarStatic string `json:"avatar_static"`
	// AvatarDescription is the avatar's alternative text.
	AvatarDescription string `json:"avatar_description"`
	// Header is the banner image's URL, or "" (null) if none is set.
	Header string `json:"header"`
	// HeaderStatic is a still version of Header, or "" (null).
	HeaderStatic string `json:"header_static"`
	// HeaderDescription is the banner's alternative text.
	HeaderDescription string `json:"header_description"`
	// Locked reports whether follow requests need approval.
	Locked bool `json:"locked"`
	// Bot reports whether the account says it is automated.
	Bot bool `json:"bot"`
	// HideCollections reports whether the account hides whom it follows
	// and who follows it, or is nil if it has not chosen.
	HideCollections *bool `json:"hide_collections"`
	// Discoverable reports whether the account opts into discovery
	// features such as the profile directory, or is nil if it has not
	// chosen.
	Discoverable *bool `json:"discoverable"`
	// Indexable reports whether search engines may index the account.
	Indexable bool `json:"indexable"`
	// ShowMedia reports whether the profile has a media tab.
	ShowMedia bool `json:"show_media"`
	// ShowMediaReplies reports whether the media tab includes replies.
	ShowMediaReplies bool `json:"show_media_replies"`
	// ShowFeatured reports whether the profile has a featured tab.
	ShowFeatured bool `json:"show_featured"`
	// AttributionDomains are the websites allowed to credit the account
	// as an author.
	AttributionDomains []string `json:"attribution_domains"`
	// FeaturedTags are the hashtags featured on the profile. The
	// documentation shows them in its example without describing them.
	FeaturedTags []FeaturedTag `json:"featured_tags,omitempty"`
}

// Report is a report a user filed against an account, as the reporter
// sees it.
//
// https://docs.joinmastodon.org/entities/Report/
type Report struct {
	// ID is the report's database ID.
	ID ID `json:"id"`
	// ActionTaken reports whether moderators have acted on the report.
	ActionTaken bool `json:"action_taken"`
	// ActionTakenAt is when they acted, or nil.
	ActionTakenAt *time.Time `json:"action_taken_at"`
	// Category is the kind of problem reported.
	Category ReportCategory `json:"category"`
	// Comment is the reporter's explanation.
	Comment string `json:"comment"`
	// Forwarded reports whether the report was sent on to the reported
	// account's server.
	Forwarded bool `json:"forwarded"`
	// CreatedAt is when the report was filed.
	CreatedAt time.Time `json:"created_at"`
	// StatusIDs are the statuses attached to the report, or nil.
	StatusIDs []ID `json:"status_ids"`
	// CollectionIDs are the collections attached to the report, or nil
	// (Mastodon 4.6 and later).
	CollectionIDs []ID `json:"collection_ids"`
	// RuleIDs are the server rules the report says were broken, or nil.
	RuleIDs []ID `json:"rule_ids"`
	// TargetAccount is the reported account.
	TargetAccount *Account `json:"target_account"`
}

// ReportCategory is the kind of problem a report is about.
type ReportCategory string

// The categories of a report.
const (
	// ReportSpam is for spam and other unwanted repetitive content.
	ReportSpam ReportCategory = "spam"
	// ReportLegal is for illegal content (Mastodon 4.2 and later).
	ReportLegal ReportCategory = "legal"
	// ReportViolation is for breaking specific server rules, listed in the
	// report's rule IDs.
	ReportViolation ReportCategory = "violation"
	// ReportOther is for anything else, and is the default.
	ReportOther ReportCategory = "other"
)

// Suggestion is an account suggested for the user to follow, and why.
//
// https://docs.joinmastodon.org/entities/Suggestion/
type Suggestion struct {
	// Source is the reason for the suggestion: staff, past_interactions
	// or global.
	//
	// Deprecated: Mastodon 4.3 replaced it with Sources.
	Source SuggestionSource `json:"source,omitempty"`
	// Sources are the reasons for the suggestion (Mastodon 4.3 and later).
	Sources []SuggestionSource `json:"sources,omitempty"`
	// Account is the suggested account.
	Account *Account `json:"account"`
}

// SuggestionSource is a reason for a [Suggestion]. The first three values
// appear only in the deprecated Source field; the others in Sources.
type SuggestionSource string

// The reasons for a [Suggestion].
const (
	// SuggestionStaff means the server's staff recommend the account.
	SuggestionStaff SuggestionSource = "staff"
	// SuggestionPastInteractions means the user has interacted with the
	// account before.
	SuggestionPastInteractions SuggestionSource = "past_interactions"
	// SuggestionGlobal means the account has been popular lately.
	SuggestionGlobal SuggestionSource = "global"

	// SuggestionFeatured means the server's staff recommend the account.
	SuggestionFeatured SuggestionSource = "featured"
	// SuggestionMostFollowed means many active local users follow the
	// account.
	SuggestionMostFollowed SuggestionSource = "most_followed"
	// SuggestionMostInteractions means the account's statuses were much
	// boosted and favourited in the last 30 days.
	SuggestionMostInteractions SuggestionSource = "most_interactions"
	// SuggestionSimilarToRecentlyFollowed means the account's profile
	// resembles those the user followed lately.
	SuggestionSimilarToRecentlyFollowed SuggestionSource = "similar_to_recently_followed"
	// SuggestionFriendsOfFriends means accounts the user follows follow it.
	SuggestionFriendsOfFriends SuggestionSource = "friends_of_friends"
)

// FilterV1 is a filter of the version 1 API: one phrase, hidden in the
// chosen contexts. Since Mastodon 4.0 each FilterV1 stands for one
// keyword of a [Filter].
//
// Deprecated: use [Filter] and the version 2 filters API.
//
// https://docs.joinmastodon.org/entities/V1_Filter/
type FilterV1 struct {
	// ID is the filter's database ID.
	ID ID `json:"id"`
	// Phrase is the text to filter.
	Phrase string `json:"phrase"`
	// Context lists where the filter applies.
	Context []FilterContext `json:"context"`
	// ExpiresAt is when the filter stops applying, or nil if never.
	ExpiresAt *time.Time `json:"expires_at"`
	// Irreversible reports whether the server drops matching statuses
	// from home and notifications instead of letting the app hide them.
	Irreversible bool `json:"irreversible"`
	// WholeWord reports whether Phrase matches only at word boundaries.
	WholeWord bool `json:"whole_word"`
}

// WebPushSubscription is the Web Push endpoint an access token delivers
// notifications to, and which notifications it delivers.
//
// https://docs.joinmastodon.org/entities/WebPushSubscription/
type WebPushSubscription struct {
	// ID is the subscription's database ID. Mastodon sends it as a number.
	ID ID `json:"id"`
	// Endpoint is the URL notifications are pushed to.
	Endpoint string `json:"endpoint"`
	// Standard (Mastodon 4.4 and later) reports whether pushes follow
	// RFC 8030, 8291 and 8292 rather than the earlier drafts of the last
	// two.
	Standard bool `json:"standard"`
	// Alerts says which notifications are pushed.
	Alerts WebPushAlerts `json:"alerts"`
	// Policy says from whom notifications are pushed; Mastodon sends it
	// although the entity's documentation does not list it ("all" by
	// default).
	Policy PushPolicy `json:"policy,omitempty"`
	// ServerKey is the server's VAPID public key.
	ServerKey string `json:"server_key"`
}

// WebPushAlerts says which kinds of notification a [WebPushSubscription]
// pushes. The server echoes only the kinds that were set.
//
// https://docs.joinmastodon.org/entities/WebPushSubscription/#alerts
type WebPushAlerts struct {
	// Mention is for being mentioned.
	Mention bool `json:"mention"`
	// Quote is for being quoted (Mastodon 4.5 and later).
	Quote bool `json:"quote"`
	// Status is for new statuses of accounts the user subscribed to.
	Status bool `json:"status"`
	// Reblog is for boosts of the user's statuses.
	Reblog bool `json:"reblog"`
	// Follow is for new followers.
	Follow bool `json:"follow"`
	// FollowRequest is for follow requests.
	FollowRequest bool `json:"follow_request"`
	// Favourite is for favourites of the user's statuses.
	Favourite bool `json:"favourite"`
	// Poll is for the end of polls the user voted in or made.
	Poll bool `json:"poll"`
	// Update is for edits of statuses the user interacted with.
	Update bool `json:"update"`
	// QuotedUpdate is for edits of statuses the user quoted (Mastodon 4.5
	// and later).
	QuotedUpdate bool `json:"quoted_update"`
	// AdminSignUp is for new sign-ups; it needs a moderator role.
	AdminSignUp bool `json:"admin.sign_up"`
	// AdminReport is for new reports; it needs a moderator role.
	AdminReport bool `json:"admin.report"`
}
