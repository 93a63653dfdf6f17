package mastodon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Status is a post: its content, its author, what it carries, and, when
// read with a user token, what that user did with it.
//
// https://docs.joinmastodon.org/entities/Status/
type Status struct {
	// ID is the status's identifier on the server that answered.
	ID ID `json:"id"`
	// URI is the status's ActivityPub ID.
	URI string `json:"uri"`
	// CreatedAt is when the status was posted.
	CreatedAt time.Time `json:"created_at"`
	// Account is the author.
	Account *Account `json:"account"`
	// Content is the body, as HTML.
	Content string `json:"content"`
	// Visibility is who may see the status.
	Visibility Visibility `json:"visibility"`
	// Sensitive reports whether the status is marked sensitive.
	Sensitive bool `json:"sensitive"`
	// SpoilerText is the content warning shown before the body, or "".
	SpoilerText string `json:"spoiler_text"`
	// MediaAttachments are the attached media.
	MediaAttachments []MediaAttachment `json:"media_attachments"`
	// Application is the client the status was posted with; servers send
	// it only for some statuses (those of the requesting user, in
	// Mastodon).
	Application *Application `json:"application,omitempty"`
	// Mentions are the accounts mentioned in Content.
	Mentions []StatusMention `json:"mentions"`
	// Tags are the hashtags used in Content.
	Tags []StatusTag `json:"tags"`
	// Emojis are the custom emoji used in Content and SpoilerText.
	Emojis []CustomEmoji `json:"emojis"`

	// ReblogsCount, FavouritesCount, RepliesCount and QuotesCount count
	// boosts, favourites, replies and accepted quotes (QuotesCount since
	// 4.5).
	ReblogsCount    int `json:"reblogs_count"`
	FavouritesCount int `json:"favourites_count"`
	RepliesCount    int `json:"replies_count"`
	QuotesCount     int `json:"quotes_count,omitempty"`

	// URL is the status's web page; it may be empty.
	URL string `json:"url"`
	// InReplyToID is the ID of the status this one replies to, and
	// InReplyToAccountID the ID of that status's author; both are empty
	// for a status that is not a reply (the API sends null). Mastodon
	// keeps the first author of a thread in InReplyToAccountID while the
	// thread goes on with self-replies.
	InReplyToID        ID `json:"in_reply_to_id,omitempty"`
	InReplyToAccountID ID `json:"in_reply_to_account_id,omitempty"`
	// Reblog is the boosted status when this status is a boost.
	Reblog *Status `json:"reblog"`
	// Poll is the attached poll, if any.
	Poll *Poll `json:"poll"`
	// Card is the preview of the first link in Content, if any.
	Card *PreviewCard `json:"card"`
	// Language is the status's language as an ISO 639-1 code, or "".
	Language string `json:"language"`
	// Text is the plain-text source of the status. Mastodon sends it
	// only in the reply to a delete, for redrafting; GoToSocial sends it
	// with every status of its own users.
	Text string `json:"text,omitempty"`
	// EditedAt is when the status was last edited; nil if never.
	EditedAt *time.Time `json:"edited_at"`
	// Quote is the quoted status, if this status quotes one (4.4). A
	// quote nested inside a quote comes in shallow form, with only
	// [Quote.QuotedStatusID].
	Quote *Quote `json:"quote,omitempty"`
	// QuoteApproval says who may quote this status, and with what outcome
	// for the requesting user (4.5).
	QuoteApproval *QuoteApproval `json:"quote_approval,omitempty"`

	// Favourited, Reblogged, Muted and Bookmarked report what the user
	// of the token did: favourited the status, boosted it, muted its
	// conversation, bookmarked it. Pinned reports whether the status is
	// pinned to the user's profile, and comes only with the user's own
	// pinnable statuses. Without a user token all are absent.
	Favourited bool `json:"favourited,omitempty"`
	Reblogged  bool `json:"reblogged,omitempty"`
	Muted      bool `json:"muted,omitempty"`
	Bookmarked bool `json:"bookmarked,omitempty"`
	Pinned     bool `json:"pinned,omitempty"`
	// Filtered lists the user's filters that match the status, with what
	// in them matched.
	Filtered []FilterResult `json:"filtered,omitempty"`
	// TaggedCollections are the collections linked from Content that the
	// server recognised (4.6).
	TaggedCollections []Collection `json:"tagged_collections,omitempty"`

	// Pleroma and Akkoma hold those servers' extension objects as they
	// were received.
	Pleroma json.RawMessage `json:"pleroma,omitempty"`
	Akkoma  json.RawMessage `json:"akkoma,omitempty"`
}

// Visibility is who may see a status.
//
// https://docs.joinmastodon.org/entities/Status/#visibility
type Visibility string

// The visibilities of a status.
const (
	// VisibilityPublic: anyone, and the status appears in public
	// timelines.
	VisibilityPublic Visibility = "public"
	// VisibilityUnlisted: anyone, but kept out of public timelines (the
	// web interface calls it "quiet public").
	VisibilityUnlisted Visibility = "unlisted"
	// VisibilityPrivate: the author's followers and the mentioned
	// accounts.
	VisibilityPrivate Visibility = "private"
	// VisibilityDirect: the mentioned accounts only.
	VisibilityDirect Visibility = "direct"
)

// StatusMention is an account mentioned in a status.
//
// https://docs.joinmastodon.org/entities/Status/#Mention
type StatusMention struct {
	// ID is the mentioned account's ID.
	ID ID `json:"id"`
	// Username is its username, without a domain.
	Username string `json:"username"`
	// URL is its profile page.
	URL string `json:"url"`
	// Acct is its handle: Username for a local account, username@domain
	// for a remote one.
	Acct string `json:"acct"`
}

// StatusTag is a hashtag used in a status.
//
// https://docs.joinmastodon.org/entities/Status/#Tag
type StatusTag struct {
	// Name is the hashtag without the leading #.
	Name string `json:"name"`
	// URL is the hashtag's page on the server that answered.
	URL string `json:"url"`
}

// StatusSource is the plain text a status was written from, for editing.
//
// https://docs.joinmastodon.org/entities/StatusSource/
type StatusSource struct {
	// ID is the status's ID.
	ID ID `json:"id"`
	// Text is the body as written.
	Text string `json:"text"`
	// SpoilerText is the content warning as written.
	SpoilerText string `json:"spoiler_text"`
}

// StatusEdit is one revision of a status, as listed by its history.
//
// https://docs.joinmastodon.org/entities/StatusEdit/
type StatusEdit struct {
	// Content is the body at this revision, as HTML.
	Content string `json:"content"`
	// SpoilerText is the content warning at this revision.
	SpoilerText string `json:"spoiler_text"`
	// Sensitive reports whether the status was marked sensitive.
	Sensitive bool `json:"sensitive"`
	// CreatedAt is when the revision was published.
	CreatedAt time.Time `json:"created_at"`
	// Account is who published the revision.
	Account *Account `json:"account"`
	// Poll holds the poll's options at this revision, if there was a
	// poll. Edits that change the options are merged into one revision,
	// since changing them resets the poll.
	Poll *StatusEditPoll `json:"poll,omitempty"`
	// MediaAttachments are the media at this revision.
	MediaAttachments []MediaAttachment `json:"media_attachments"`
	// Emojis are the custom emoji used at this revision.
	Emojis []CustomEmoji `json:"emojis"`
	// Quote is the quoted status at this revision, if any (4.4).
	Quote *Quote `json:"quote,omitempty"`
}

// StatusEditPoll is the poll of a [StatusEdit].
type StatusEditPoll struct {
	// Options are the choices at that revision.
	Options []StatusEditPollOption `json:"options"`
}

// StatusEditPollOption is one choice of a [StatusEditPoll].
type StatusEditPollOption struct {
	// Title is the choice's text.
	Title string `json:"title"`
}

// ScheduledStatus is a status waiting to be posted at a set time.
//
// https://docs.joinmastodon.org/entities/ScheduledStatus/
type ScheduledStatus struct {
	// ID is the scheduled status's identifier; the status gets another
	// one when it is posted.
	ID ID `json:"id"`
	// ScheduledAt is when the status will be posted.
	ScheduledAt time.Time `json:"scheduled_at"`
	// Params are the parameters the status will be posted with.
	Params ScheduledStatusParams `json:"params"`
	// MediaAttachments are the media that will be attached.
	MediaAttachments []MediaAttachment `json:"media_attachments"`
}

// ScheduledStatusParams are the parameters of a [ScheduledStatus].
//
// Mastodon stores them as the client sent them, so a value can be a
// JSON string where a number or a boolean is documented (for a status
// created from a form); the field types here read either. Parameters
// the client left out are null, and decode to zero values.
//
// https://docs.joinmastodon.org/entities/ScheduledStatus/#params
type ScheduledStatusParams struct {
	// Text is the body the status will have.
	Text string `json:"text"`
	// Poll is the poll it will have, if any.
	Poll *ScheduledStatusPoll `json:"poll"`
	// MediaIDs are the IDs of the media it will carry.
	MediaIDs []ID `json:"media_ids"`
	// Sensitive reports whether it will be marked sensitive.
	Sensitive FormBool `json:"sensitive"`
	// SpoilerText is its content warning.
	SpoilerText string `json:"spoiler_text"`
	// Visibility is its visibility; empty for the user's default.
	Visibility Visibility `json:"visibility"`
	// InReplyToID is the status it will reply to, if any.
	InReplyToID ID `json:"in_reply_to_id"`
	// Language is its language as an ISO 639-1 code, or "".
	Language string `json:"language"`
	// ApplicationID is the internal ID of the client that scheduled it.
	//
	// Deprecated: Mastodon keeps it for old clients only.
	ApplicationID ID `json:"application_id,omitempty"`
	// ScheduledAt is always null here: the time is in
	// [ScheduledStatus.ScheduledAt].
	ScheduledAt *time.Time `json:"scheduled_at"`
	// Idempotency is the idempotency key the client sent, if any.
	Idempotency string `json:"idempotency"`
	// WithRateLimit reports whether posting counts against the rate
	// limit.
	//
	// Deprecated: Mastodon keeps it for old clients only.
	WithRateLimit FormBool `json:"with_rate_limit,omitempty"`
}

// ScheduledStatusPoll is the poll of [ScheduledStatusParams].
type ScheduledStatusPoll struct {
	// Options are the choices.
	Options []string `json:"options"`
	// ExpiresIn is how long the poll stays open, in seconds.
	ExpiresIn StringInt `json:"expires_in"`
	// Multiple reports whether voters may pick several choices.
	Multiple FormBool `json:"multiple,omitempty"`
	// HideTotals reports whether the counts stay hidden until the poll
	// closes.
	HideTotals FormBool `json:"hide_totals,omitempty"`
}

// Context is the thread around a status.
//
// https://docs.joinmastodon.org/entities/Context/
type Context struct {
	// Ancestors are the statuses above it, oldest first.
	Ancestors []*Status `json:"ancestors"`
	// Descendants are the replies below it.
	Descendants []*Status `json:"descendants"`
}

// Translation is a machine translation of a status.
//
// https://docs.joinmastodon.org/entities/Translation/
type Translation struct {
	// Content is the translated body, as HTML.
	Content string `json:"content"`
	// SpoilerText is the translated content warning.
	SpoilerText string `json:"spoiler_text"`
	// Language is the language translated into.
	Language string `json:"language"`
	// Poll holds the translated poll options, if there is a poll.
	Poll *TranslationPoll `json:"poll,omitempty"`
	// MediaAttachments hold the translated media descriptions.
	MediaAttachments []TranslationAttachment `json:"media_attachments"`
	// DetectedSourceLanguage is the source language the translation
	// service recognised, as an ISO 639-1 code.
	DetectedSourceLanguage string `json:"detected_source_language"`
	// Provider names the translation service.
	Provider string `json:"provider"`
}

// TranslationPoll is the translated poll of a [Translation].
type TranslationPoll struct {
	// ID is the poll's ID.
	ID ID `json:"id"`
	// Options are the translated choices, in the poll's order.
	Options []TranslationPollOption `json:"options"`
}

// TranslationPollOption is one translated choice of a [TranslationPoll].
type TranslationPollOption struct {
	// Title is the translated text of the choice.
	Title string `json:"title"`
}

// TranslationAttachment is the translated description of one attachment.
type TranslationAttachment struct {
	// ID is the attachment's ID.
	ID ID `json:"id"`
	// Description is the translated description.
	Description string `json:"description"`
}

// Quote is a status's quote of another status (Mastodon 4.4).
//
// It reads both forms a quote comes in: the full form, with the quoted
// status in QuotedStatus, and the shallow form of a quote nested inside
// another quote, with only its ID in QuotedStatusID (see [ShallowQuote]).
//
// https://docs.joinmastodon.org/entities/Quote/
type Quote struct {
	// State is where the quote stands with the quoted author. Treat
	// unknown states as QuoteUnauthorized.
	State QuoteState `json:"state"`
	// QuotedStatus is the quoted status. It is nil unless State is
	// accepted, blocked_account, blocked_domain or muted_account, or the
	// quoting status comes from a delete.
	QuotedStatus *Status `json:"quoted_status,omitempty"`
	// QuotedStatusID is the quoted status's ID, in the shallow form only.
	QuotedStatusID ID `json:"quoted_status_id,omitempty"`
}

// ShallowQuote is the short form of a [Quote], naming the quoted status
// by ID only.
//
// https://docs.joinmastodon.org/entities/ShallowQuote/
type ShallowQuote struct {
	// State is where the quote stands with the quoted author.
	State QuoteState `json:"state"`
	// QuotedStatusID is the quoted status's ID, under the same
	// conditions as [Quote.QuotedStatus]; empty otherwise.
	QuotedStatusID ID `json:"quoted_status_id"`
}

// QuoteState is where a quote stands.
//
// https://docs.joinmastodon.org/entities/Quote/#state
type QuoteState string

// The states of a quote.
const (
	// QuotePending: the quoted author has not answered yet; do not show.
	QuotePending QuoteState = "pending"
	// QuoteAccepted: the quote may be shown.
	QuoteAccepted QuoteState = "accepted"
	// QuoteRejected: the quoted author refused it.
	QuoteRejected QuoteState = "rejected"
	// QuoteRevoked: the quoted author withdrew an earlier approval.
	QuoteRevoked QuoteState = "revoked"
	// QuoteDeleted: the quoted status no longer exists.
	QuoteDeleted QuoteState = "deleted"
	// QuoteUnauthorized: the requesting user may not see the quoted
	// status.
	QuoteUnauthorized QuoteState = "unauthorized"
	// QuoteBlockedAccount: the user blocks the quoted author (4.5).
	QuoteBlockedAccount QuoteState = "blocked_account"
	// QuoteBlockedDomain: the user blocks the quoted author's domain
	// (4.5).
	QuoteBlockedDomain QuoteState = "blocked_domain"
	// QuoteMutedAccount: the user mutes the quoted author (4.5).
	QuoteMutedAccount QuoteState = "muted_account"
)

// QuoteApproval says who may quote a status, and with what outcome for
// the user who asked (Mastodon 4.5).
//
// https://docs.joinmastodon.org/entities/QuoteApproval/
type QuoteApproval struct {
	// Automatic lists who may quote with the quote accepted at once.
	Automatic []ApprovalAudience `json:"automatic"`
	// Manual lists who may quote subject to the author's review.
	Manual []ApprovalAudience `json:"manual"`
	// CurrentUser is the outcome for the requesting user.
	CurrentUser ApprovalForUser `json:"current_user"`
}

// ApprovalAudience is a group of users named by an approval policy
// ([QuoteApproval], [FeatureApproval]). Treat unknown values as
// AudienceUnsupportedPolicy.
type ApprovalAudience string

// The audiences of an approval policy.
const (
	// AudiencePublic: anyone.
	AudiencePublic ApprovalAudience = "public"
	// AudienceFollowers: the author's followers.
	AudienceFollowers ApprovalAudience = "followers"
	// AudienceFollowing: the accounts the author follows.
	AudienceFollowing ApprovalAudience = "following"
	// AudienceUnsupportedPolicy: some others, under a policy Mastodon
	// does not model.
	AudienceUnsupportedPolicy ApprovalAudience = "unsupported_policy"
)

// ApprovalForUser is the outcome of an approval policy for the
// requesting user.
type ApprovalForUser string

// The outcomes of an approval policy.
const (
	// ApprovalAutomatic: allowed, and accepted at once.
	ApprovalAutomatic ApprovalForUser = "automatic"
	// ApprovalManual: allowed, subject to review.
	ApprovalManual ApprovalForUser = "manual"
	// ApprovalDenied: not allowed; the server will refuse.
	ApprovalDenied ApprovalForUser = "denied"
	// ApprovalUnknown: the user falls under a policy Mastodon does not
	// model; treat as denied.
	ApprovalUnknown ApprovalForUser = "unknown"
	// ApprovalMissing: the account has no policy at all, as with servers
	// that do not support them ([FeatureApproval] only); treat as denied.
	ApprovalMissing ApprovalForUser = "missing"
)

// QuotePolicy is who may quote a user's new statuses, as set in
// [Source.QuotePolicy] and when posting (Mastodon 4.5).
type QuotePolicy string

// The quote policies.
const (
	// QuotePolicyPublic: anyone but blocked accounts.
	QuotePolicyPublic QuotePolicy = "public"
	// QuotePolicyFollowers: followers and the author.
	QuotePolicyFollowers QuotePolicy = "followers"
	// QuotePolicyNobody: the author only.
	QuotePolicyNobody QuotePolicy = "nobody"
)

// Poll is a poll attached to a status.
//
// https://docs.joinmastodon.org/entities/Poll/
type Poll struct {
	// ID is the poll's identifier.
	ID ID `json:"id"`
	// ExpiresAt is when the poll closes; nil if it never does.
	ExpiresAt *time.Time `json:"expires_at"`
	// Expired reports whether the poll is closed.
	Expired bool `json:"expired"`
	// Multiple reports whether voters may pick several options.
	Multiple bool `json:"multiple"`
	// VotesCount is the number of votes cast.
	VotesCount int `json:"votes_count"`
	// VotersCount is the number of distinct voters; nil for a
	// single-choice poll.
	VotersCount *int `json:"voters_count"`
	// Options are the choices.
	Options []PollOption `json:"options"`
	// Emojis are the custom emoji used in the options.
	Emojis []CustomEmoji `json:"emojis"`
	// Voted reports whether the user of the token has voted, and OwnVotes
	// the indexes in Options of their choices; absent without a user
	// token.
	Voted    bool  `json:"voted,omitempty"`
	OwnVotes []int `json:"own_votes,omitempty"`
}

// PollOption is one choice of a [Poll].
//
// https://docs.joinmastodon.org/entities/Poll/#Option
type PollOption struct {
	// Title is the choice's text.
	Title string `json:"title"`
	// VotesCount is its number of votes; nil while the counts are hidden.
	VotesCount *int `json:"votes_count"`
}

// PreviewCard is a preview of a web page linked from a status. The
// trending links endpoint adds History.
//
// https://docs.joinmastodon.org/entities/PreviewCard/
type PreviewCard struct {
	// URL is the linked page.
	URL string `json:"url"`
	// Title is the page's title.
	Title string `json:"title"`
	// Description is the page's summary.
	Description string `json:"description"`
	// Type is the kind of preview.
	Type PreviewCardType `json:"type"`
	// Authors are the page's authors, with their fediverse accounts where
	// known (4.3).
	Authors []PreviewCardAuthor `json:"authors,omitempty"`
	// AuthorName and AuthorURL name the page's author.
	//
	// Deprecated: use Authors (Mastodon 4.3).
	AuthorName string `json:"author_name"`
	AuthorURL  string `json:"author_url"`
	// ProviderName and ProviderURL name the site that published the page.
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	// HTML is the embed code for the preview, if any.
	HTML string `json:"html"`
	// Width and Height are the preview's size in pixels.
	Width  int `json:"width"`
	Height int `json:"height"`
	// Image is the URL of the thumbnail, or "".
	Image string `json:"image"`
	// ImageDescription is the thumbnail's alternative text. Mastodon
	// sends it though the documentation does not list it.
	ImageDescription string `json:"image_description,omitempty"`
	// EmbedURL is the URL to embed for a photo preview.
	EmbedURL string `json:"embed_url"`
	// Blurhash is the BlurHash of the thumbnail, or "".
	Blurhash string `json:"blurhash,omitempty"`
	// Language is the page's language. Mastodon sends it though the
	// documentation does not list it.
	Language string `json:"language,omitempty"`
	// PublishedAt is when the page was published, as the server sent it:
	// the documentation gives a UNIX time in a string ("1661472000"),
	// while servers may send an RFC 3339 timestamp.
	PublishedAt string `json:"published_at,omitempty"`
	// MissingAttribution is true when the page names the current user as
	// author from a domain missing from their attribution domains (4.6).
	MissingAttribution *bool `json:"missing_attribution,omitempty"`
	// History is the link's daily use, on trending links only.
	History []History `json:"history,omitempty"`
}

// PreviewCardType is the kind of a [PreviewCard], after the oEmbed types.
type PreviewCardType string

// The kinds of preview card.
const (
	// PreviewCardLink is a link with a title and a summary.
	PreviewCardLink PreviewCardType = "link"
	// PreviewCardPhoto is a picture.
	PreviewCardPhoto PreviewCardType = "photo"
	// PreviewCardVideo is a video player.
	PreviewCardVideo PreviewCardType = "video"
	// PreviewCardRich is an embedded frame; Mastodon does not make them.
	PreviewCardRich PreviewCardType = "rich"
)

// PreviewCardAuthor is an author of the page behind a [PreviewCard].
//
// https://docs.joinmastodon.org/entities/PreviewCardAuthor/
type PreviewCardAuthor struct {
	// Name is the author's name.
	Name string `json:"name"`
	// URL is a link to the author.
	URL string `json:"url"`
	// Account is the author's fediverse account, if known.
	Account *Account `json:"account"`
}

// Tag is a hashtag, with its recent use.
//
// https://docs.joinmastodon.org/entities/Tag/
type Tag struct {
	// ID is the hashtag's identifier (public APIs since 4.3.1).
	ID ID `json:"id,omitempty"`
	// Name is the hashtag without the leading #.
	Name string `json:"name"`
	// URL is the hashtag's page.
	URL string `json:"url"`
	// History is the daily use, most recent day first, usually a week.
	History []History `json:"history"`
	// Following and Featuring report whether the user of the token
	// follows the hashtag and features it on their profile (Featuring
	// since 4.4); absent without a user token.
	Following bool `json:"following,omitempty"`
	Featuring bool `json:"featuring,omitempty"`
	// Trendable, Usable and RequiresReview come from the admin API only:
	// whether the hashtag may trend, whether it is turned into a link,
	// and whether it waits for a trend review.
	Trendable      bool `json:"trendable,omitempty"`
	Usable         bool `json:"usable,omitempty"`
	RequiresReview bool `json:"requires_review,omitempty"`
}

// History is the use of a hashtag or link on one day.
//
// https://docs.joinmastodon.org/entities/Tag/#history
type History struct {
	// Day is the day's midnight (UTC) as a UNIX time; see [History.Time].
	Day StringInt `json:"day"`
	// Uses is how many statuses used it that day.
	Uses StringInt `json:"uses"`
	// Accounts is how many accounts used it that day.
	Accounts StringInt `json:"accounts"`
}

// Time returns h.Day as a time in UTC.
func (h History) Time() time.Time { return time.Unix(int64(h.Day), 0).UTC() }

// CustomEmoji is an emoji a server defines, written :shortcode: in text.
//
// https://docs.joinmastodon.org/entities/CustomEmoji/
type CustomEmoji struct {
	// Shortcode is the emoji's name, without colons.
	Shortcode string `json:"shortcode"`
	// URL is the emoji's image, and StaticURL a still version of it.
	URL       string `json:"url"`
	StaticURL string `json:"static_url"`
	// VisibleInPicker reports whether clients should offer it in their
	// emoji picker.
	VisibleInPicker bool `json:"visible_in_picker"`
	// Category groups emoji in the picker; "" for none.
	Category string `json:"category,omitempty"`
}

// FilterResult is a filter that matched a status, with what matched.
//
// https://docs.joinmastodon.org/entities/FilterResult/
type FilterResult struct {
	// Filter is the filter that matched, without its keywords and
	// statuses.
	Filter Filter `json:"filter"`
	// KeywordMatches are the filter's keywords found in the status.
	KeywordMatches []string `json:"keyword_matches"`
	// StatusMatches are the filter's status IDs that matched.
	StatusMatches []ID `json:"status_matches"`
}

// Filter is a user's rule for hiding or flagging statuses (the v2
// filters API, Mastodon 4.0).
//
// https://docs.joinmastodon.org/entities/Filter/
type Filter struct {
	// ID is the filter's identifier.
	ID ID `json:"id"`
	// Title is the name the user gave the filter.
	Title string `json:"title"`
	// Context lists where the filter applies.
	Context []FilterContext `json:"context"`
	// ExpiresAt is when the filter stops applying; nil if never.
	ExpiresAt *time.Time `json:"expires_at"`
	// FilterAction is what happens to a matching status.
	FilterAction FilterAction `json:"filter_action"`
	// Keywords are the phrases the filter matches; absent inside a
	// FilterResult.
	Keywords []FilterKeyword `json:"keywords,omitempty"`
	// Statuses are the statuses the filter matches; absent inside a
	// FilterResult.
	Statuses []FilterStatus `json:"statuses,omitempty"`
}

// FilterContext is a place where a filter applies.
type FilterContext string

// The places where a filter applies.
const (
	// FilterHome: the home timeline and lists.
	FilterHome FilterContext = "home"
	// FilterNotifications: notifications.
	FilterNotifications FilterContext = "notifications"
	// FilterPublic: the public timelines.
	FilterPublic FilterContext = "public"
	// FilterThread: the thread shown around a status.
	FilterThread FilterContext = "thread"
	// FilterAccount: profiles.
	FilterAccount FilterContext = "account"
)

// FilterAction is what a filter does with a matching status. Treat
// unknown actions as FilterWarn.
type FilterAction string

// The actions of a filter.
const (
	// FilterWarn shows a warning naming the filter, which the user can
	// click through.
	FilterWarn FilterAction = "warn"
	// FilterHide hides the status entirely.
	FilterHide FilterAction = "hide"
	// FilterBlur hides the status's media behind a warning naming the
	// filter (4.4).
	FilterBlur FilterAction = "blur"
)

// FilterKeyword is a phrase a [Filter] matches.
//
// https://docs.joinmastodon.org/entities/FilterKeyword/
type FilterKeyword struct {
	// ID is the keyword's identifier.
	ID ID `json:"id"`
	// Keyword is the phrase.
	Keyword string `json:"keyword"`
	// WholeWord reports whether the phrase must match whole words.
	WholeWord bool `json:"whole_word"`
}

// FilterStatus is a status a [Filter] matches.
//
// https://docs.joinmastodon.org/entities/FilterStatus/
type FilterStatus struct {
	// ID is the entry's own identifier.
	ID ID `json:"id"`
	// StatusID is the filtered status's ID.
	StatusID ID `json:"status_id"`
}

// Search holds the results of a search.
//
// https://docs.joinmastodon.org/entities/Search/
type Search struct {
	// Accounts are the accounts found.
	Accounts []*Account `json:"accounts"`
	// Statuses are the statuses found.
	Statuses []*Status `json:"statuses"`
	// Hashtags are the hashtags found.
	Hashtags []Tag `json:"hashtags"`
}

// StringInt is an integer that the API sends as a decimal string, such
// as the counts of a [History]. It reads a string or a JSON number, and
// null or "" as 0; it writes a string.
type StringInt int64

// UnmarshalJSON reads a decimal string, a JSON number, or null.
func (n *StringInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s := string(b)
	if s == "null" {
		*n = 0
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*n = 0
			return nil
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("mastodon: %.20s is not an integer", b)
	}
	*n = StringInt(v)
	return nil
}

// MarshalJSON writes n as a quoted decimal string.
func (n StringInt) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, strconv.FormatInt(int64(n), 10)), nil
}

// FormBool is a boolean that may have been stored as the form value a
// client sent. It reads true and false, the numbers 1 and 0, the strings
// "true", "false", "1", "0", "on", "off" and "" in any case, and null
// (as false); it writes a JSON boolean.
type FormBool bool

// UnmarshalJSON reads a boolean, a form-style string, or null.
func (v *FormBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	switch strings.ToLower(s) {
	case "true", "1", "on":
		*v = true
	case "false", "0", "off", "", "null":
		*v = false
	default:
		return fmt.Errorf("mastodon: %.20s is not a boolean", b)
	}
	return nil
}
