package mastodon

import (
	"encoding/json"
	"time"
)

// Notification is something that happened that concerns the user: a
// mention, a new follower, a boost, a report for a moderator.
//
// https://docs.joinmastodon.org/entities/Notification/
type Notification struct {
	// ID is the notification's identifier.
	ID ID `json:"id"`
	// Type is what happened.
	Type NotificationType `json:"type"`
	// GroupKey is shared by notifications that the grouped API puts
	// together; treat it as opaque (4.3). A notification in no group has
	// "ungrouped-" followed by its ID.
	GroupKey string `json:"group_key,omitempty"`
	// CreatedAt is when it happened.
	CreatedAt time.Time `json:"created_at"`
	// Account is the account that did it.
	Account *Account `json:"account"`
	// Status is the status concerned, for the types favourite, reblog,
	// status, mention, poll, update, quote and quoted_update. For
	// quoted_update it is the user's own quote, not the edited status.
	Status *Status `json:"status,omitempty"`
	// Report is the new report, for admin.report.
	Report *Report `json:"report,omitempty"`
	// Event is what cut the relationships, for severed_relationships.
	Event *RelationshipSeveranceEvent `json:"event,omitempty"`
	// ModerationWarning is the moderator's action, for
	// moderation_warning.
	ModerationWarning *AccountWarning `json:"moderation_warning,omitempty"`
	// Fallback is text to show for a type the client does not know; the
	// server sends it only when asked with supported_types (4.6).
	Fallback *NotificationFallback `json:"fallback,omitempty"`
	// Collection is the collection concerned, for added_to_collection and
	// collection_update (4.6).
	Collection *Collection `json:"collection,omitempty"`

	// Pleroma holds Pleroma's extension object as it was received.
	Pleroma json.RawMessage `json:"pleroma,omitempty"`
}

// NotificationType is what a [Notification] or a [NotificationGroup] is
// about. Servers add types over time; a client should skip, or show
// [Notification.Fallback] for, the ones it does not know.
//
// https://docs.joinmastodon.org/entities/Notification/#type
type NotificationType string

// The notification types.
const (
	// NotificationMention: someone mentioned the user.
	NotificationMention NotificationType = "mention"
	// NotificationStatus: an account the user gets notified about posted.
	NotificationStatus NotificationType = "status"
	// NotificationReblog: someone boosted the user's status.
	NotificationReblog NotificationType = "reblog"
	// NotificationFollow: someone followed the user.
	NotificationFollow NotificationType = "follow"
	// NotificationFollowRequest: someone asked to follow the user.
	NotificationFollowRequest NotificationType = "follow_request"
	// NotificationFavourite: someone favourited the user's status.
	NotificationFavourite NotificationType = "favourite"
	// NotificationPoll: a poll the user voted in or made has closed.
	NotificationPoll NotificationType = "poll"
	// NotificationUpdate: a status the user boosted was edited.
	NotificationUpdate NotificationType = "update"
	// NotificationAdminSignUp: someone signed up (for moderators).
	NotificationAdminSignUp NotificationType = "admin.sign_up"
	// NotificationAdminReport: someone filed a report (for moderators).
	NotificationAdminReport NotificationType = "admin.report"
	// NotificationSeveredRelationships: a block or a moderation action
	// cut some of the user's follow relationships (4.3).
	NotificationSeveredRelationships NotificationType = "severed_relationships"
	// NotificationModerationWarning: a moderator acted against the
	// user's account or warned them (4.3).
	NotificationModerationWarning NotificationType = "moderation_warning"
	// NotificationQuote: someone quoted the user's status (4.5).
	NotificationQuote NotificationType = "quote"
	// NotificationQuotedUpdate: a status the user quoted was edited (4.5).
	NotificationQuotedUpdate NotificationType = "quoted_update"
	// NotificationAddedToCollection: someone put the user in a
	// collection (4.6).
	NotificationAddedToCollection NotificationType = "added_to_collection"
	// NotificationCollectionUpdate: a collection the user is in changed
	// (4.6).
	NotificationCollectionUpdate NotificationType = "collection_update"
	// NotificationAnnualReport: the user's annual report is ready. The
	// documentation does not list it; Mastodon sends it for its yearly
	// report.
	NotificationAnnualReport NotificationType = "annual_report"
)

// NotificationFallback is text a client can show for a notification of
// a type it does not support (Mastodon 4.6).
//
// https://docs.joinmastodon.org/entities/NotificationFallback/
type NotificationFallback struct {
	// Title is a localised one-line title, as HTML.
	Title string `json:"title"`
	// Summary is a localised summary, as HTML, or "".
	Summary string `json:"summary"`
	// Details are localised details to show on demand, as HTML, or "".
	Details string `json:"details"`
}

// GroupedNotificationsResults is a page of grouped notifications, from
// the v2 notifications API (Mastodon 4.3). The groups name accounts and
// statuses by ID; the accounts and statuses come once each beside them.
//
// https://docs.joinmastodon.org/methods/grouped_notifications/#GroupedNotificationsResults
type GroupedNotificationsResults struct {
	// Accounts are the accounts the groups name.
	Accounts []*Account `json:"accounts"`
	// PartialAccounts replace some of them with a short form, when asked
	// with expand_accounts=partial_avatars.
	PartialAccounts []PartialAccountWithAvatar `json:"partial_accounts,omitempty"`
	// Statuses are the statuses the groups name.
	Statuses []*Status `json:"statuses"`
	// NotificationGroups are the groups.
	NotificationGroups []NotificationGroup `json:"notification_groups"`
}

// NotificationGroup is a set of notifications of one type about one
// thing, such as every favourite of one status.
//
// https://docs.joinmastodon.org/methods/grouped_notifications/#NotificationGroup
type NotificationGroup struct {
	// GroupKey identifies the group; treat it as opaque.
	GroupKey string `json:"group_key"`
	// NotificationsCount is the number of notifications in the group.
	NotificationsCount int `json:"notifications_count"`
	// Type is what the notifications are about.
	Type NotificationType `json:"type"`
	// MostRecentNotificationID is the ID of the group's latest
	// notification.
	MostRecentNotificationID ID `json:"most_recent_notification_id"`
	// PageMinID and PageMaxID are the IDs of the oldest and newest of the
	// group's notifications on this page, and LatestPageNotificationAt
	// the time of the newest; sent only when paging through groups.
	PageMinID                ID         `json:"page_min_id,omitempty"`
	PageMaxID                ID         `json:"page_max_id,omitempty"`
	LatestPageNotificationAt *time.Time `json:"latest_page_notification_at,omitempty"`
	// SampleAccountIDs are some of the accounts behind the latest
	// notifications of the group.
	SampleAccountIDs []ID `json:"sample_account_ids"`
	// StatusID names the status concerned, for the same types as
	// [Notification.Status].
	StatusID ID `json:"status_id,omitempty"`
	// Report, Event, ModerationWarning and Fallback are as in
	// [Notification].
	Report            *Report                     `json:"report,omitempty"`
	Event             *RelationshipSeveranceEvent `json:"event,omitempty"`
	ModerationWarning *AccountWarning             `json:"moderation_warning,omitempty"`
	Fallback          *NotificationFallback       `json:"fallback,omitempty"`
}

// PartialAccountWithAvatar is the short form of an [Account] that the
// grouped notifications API can send: enough to draw a row of avatars.
//
// https://docs.joinmastodon.org/entities/Account/#PartialAccountWithAvatar
type PartialAccountWithAvatar struct {
	// ID is the account's ID.
	ID ID `json:"id"`
	// Acct is its handle: username for a local account, username@domain
	// for a remote one.
	Acct string `json:"acct"`
	// URL is its profile page.
	URL string `json:"url"`
	// Avatar, AvatarStatic and AvatarDescription are as in [Account].
	Avatar            string `json:"avatar"`
	AvatarStatic      string `json:"avatar_static"`
	AvatarDescription string `json:"avatar_description,omitempty"`
	// Locked reports whether it approves followers by hand.
	Locked bool `json:"locked"`
	// Bot reports whether it says it is automated.
	Bot bool `json:"bot"`
}

// RelationshipSeveranceEvent is a block or moderation action that cut
// some of the user's follow relationships (Mastodon 4.3).
//
// https://docs.joinmastodon.org/entities/RelationshipSeveranceEvent/
type RelationshipSeveranceEvent struct {
	// ID is the event's identifier.
	ID ID `json:"id"`
	// Type is what happened.
	Type SeveranceType `json:"type"`
	// Purged reports whether the list of cut relationships is gone.
	Purged bool `json:"purged"`
	// TargetName is the domain or the handle that was blocked or
	// suspended.
	TargetName string `json:"target_name"`
	// FollowersCount is how many followers the user lost, and
	// FollowingCount how many accounts the user no longer follows.
	FollowersCount int `json:"followers_count"`
	FollowingCount int `json:"following_count"`
	// CreatedAt is when it happened.
	CreatedAt time.Time `json:"created_at"`
}

// SeveranceType is what cut relationships in a
// [RelationshipSeveranceEvent].
type SeveranceType string

// The kinds of severance event.
const (
	// SeveranceDomainBlock: a moderator suspended a whole domain.
	SeveranceDomainBlock SeveranceType = "domain_block"
	// SeveranceUserDomainBlock: the user blocked a whole domain.
	SeveranceUserDomainBlock SeveranceType = "user_domain_block"
	// SeveranceAccountSuspension: a moderator suspended one account.
	SeveranceAccountSuspension SeveranceType = "account_suspension"
)

// AccountWarning is a moderator's action against an account, as its
// owner sees it (Mastodon 4.3).
//
// https://docs.joinmastodon.org/entities/AccountWarning/
type AccountWarning struct {
	// ID is the warning's identifier.
	ID ID `json:"id"`
	// Action is what the moderator did.
	Action AccountWarningAction `json:"action"`
	// Text is the moderator's message.
	Text string `json:"text"`
	// StatusIDs are the statuses concerned, if any. After
	// delete_statuses they are gone for good, whatever the appeal.
	StatusIDs []ID `json:"status_ids"`
	// TargetAccount is the account acted against; in a notification, the
	// user's own.
	TargetAccount *Account `json:"target_account"`
	// Appeal is the owner's appeal, if any.
	Appeal *Appeal `json:"appeal"`
	// CreatedAt is when the moderator acted.
	CreatedAt time.Time `json:"created_at"`
}

// AccountWarningAction is what a moderator did in an [AccountWarning].
type AccountWarningAction string

// The actions of an account warning.
const (
	// WarningNone: a warning only.
	WarningNone AccountWarningAction = "none"
	// WarningDisable: the account's login was disabled.
	WarningDisable AccountWarningAction = "disable"
	// WarningMarkStatusesAsSensitive: some statuses were marked
	// sensitive.
	WarningMarkStatusesAsSensitive AccountWarningAction = "mark_statuses_as_sensitive"
	// WarningDeleteStatuses: some statuses were deleted.
	WarningDeleteStatuses AccountWarningAction = "delete_statuses"
	// WarningSensitive: all the account's posts are marked sensitive.
	WarningSensitive AccountWarningAction = "sensitive"
	// WarningSilence: the account was limited.
	WarningSilence AccountWarningAction = "silence"
	// WarningSuspend: the account was suspended.
	WarningSuspend AccountWarningAction = "suspend"
)

// Appeal is an account owner's appeal against an [AccountWarning].
//
// https://docs.joinmastodon.org/entities/Appeal/
type Appeal struct {
	// Text is the owner's message to the moderators.
	Text string `json:"text"`
	// State is where the appeal stands.
	State AppealState `json:"state"`
}

// AppealState is where an [Appeal] stands.
type AppealState string

// The states of an appeal.
const (
	// AppealApproved: a moderator granted it.
	AppealApproved AppealState = "approved"
	// AppealRejected: a moderator turned it down.
	AppealRejected AppealState = "rejected"
	// AppealPending: no moderator has decided yet.
	AppealPending AppealState = "pending"
)

// NotificationPolicy is the user's policy for notifications from
// accounts they may not want to hear from (Mastodon 4.3, v2 API).
//
// https://docs.joinmastodon.org/entities/NotificationPolicy/
type NotificationPolicy struct {
	// ForNotFollowing applies to accounts the user does not follow.
	ForNotFollowing NotificationFilterAction `json:"for_not_following"`
	// ForNotFollowers applies to accounts that do not follow the user.
	ForNotFollowers NotificationFilterAction `json:"for_not_followers"`
	// ForNewAccounts applies to accounts created in the last 30 days.
	ForNewAccounts NotificationFilterAction `json:"for_new_accounts"`
	// ForPrivateMentions applies to private mentions.
	ForPrivateMentions NotificationFilterAction `json:"for_private_mentions"`
	// ForLimitedAccounts applies to accounts a moderator limited.
	ForLimitedAccounts NotificationFilterAction `json:"for_limited_accounts"`
	// Summary counts what the policy holds back.
	Summary NotificationPolicySummary `json:"summary"`
}

// NotificationFilterAction is what a [NotificationPolicy] does with a
// notification it covers.
type NotificationFilterAction string

// The actions of a notification policy.
const (
	// NotificationAccept lets the notification through.
	NotificationAccept NotificationFilterAction = "accept"
	// NotificationFilter keeps it aside, as a notification request.
	NotificationFilter NotificationFilterAction = "filter"
	// NotificationDrop creates no notification at all; the activity
	// behind it still happens.
	NotificationDrop NotificationFilterAction = "drop"
)

// NotificationPolicySummary counts the notifications a policy holds
// back.
type NotificationPolicySummary struct {
	// PendingRequestsCount is the number of accounts with notifications
	// held back and not dismissed, at most 100.
	PendingRequestsCount int `json:"pending_requests_count"`
	// PendingNotificationsCount is the number of such notifications; it
	// may be approximate.
	PendingNotificationsCount int `json:"pending_notifications_count"`
}

// NotificationPolicyV1 is the first form of [NotificationPolicy], with a
// yes-or-no filter for each kind of account.
//
// Deprecated: no Mastodon release shipped it; use [NotificationPolicy].
//
// https://docs.joinmastodon.org/entities/V1_NotificationPolicy/
type NotificationPolicyV1 struct {
	// FilterNotFollowing filters accounts the user does not follow.
	FilterNotFollowing bool `json:"filter_not_following"`
	// FilterNotFollowers filters accounts that do not follow the user.
	FilterNotFollowers bool `json:"filter_not_followers"`
	// FilterNewAccounts filters accounts created in the last 30 days.
	FilterNewAccounts bool `json:"filter_new_accounts"`
	// FilterPrivateMentions filters private mentions, except replies to
	// the user's own and mentions from accounts the user follows.
	FilterPrivateMentions bool `json:"filter_private_mentions"`
	// Summary counts what the policy holds back.
	Summary NotificationPolicySummary `json:"summary"`
}

// NotificationRequest groups the notifications a [NotificationPolicy]
// held back from one account (Mastodon 4.3).
//
// https://docs.joinmastodon.org/entities/NotificationRequest/
type NotificationRequest struct {
	// ID is the request's identifier.
	ID ID `json:"id"`
	// CreatedAt is when the first notification was held back, and
	// UpdatedAt when the request last changed.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Account is the account the notifications come from.
	Account *Account `json:"account"`
	// NotificationsCount is how many notifications were held back.
	NotificationsCount StringInt `json:"notifications_count"`
	// LastStatus is the latest status among them, if any.
	LastStatus *Status `json:"last_status,omitempty"`
}
