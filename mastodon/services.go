package mastodon

// The services of a [Client], one per area of the API, in the order of
// the Mastodon documentation. Their methods are in the file of their
// area (accounts.go, media.go…).

// AccountsService reads accounts and acts on them: the token's own
// (verify and update credentials) and others (follow, relationships,
// followers, statuses).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/
type AccountsService service

// MediaService uploads media attachments, waits for them to be
// processed, and changes their description and focus.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/media/
type MediaService service

// PollsService reads polls and votes in them.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/polls/
type PollsService service

// ScheduledStatusesService lists, reschedules and cancels scheduled
// statuses; [StatusesService.Schedule] makes them.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/scheduled_statuses/
type ScheduledStatusesService service

// TimelinesService reads timelines: home, public, hashtag, list, link.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/timelines/
type TimelinesService service

// NotificationsService reads and dismisses notifications, one by one
// (v1) or grouped (v2).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/
type NotificationsService service

// SearchService searches accounts, statuses and hashtags.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/search/
type SearchService service

// InstanceService reads the server's description: limits, rules,
// languages, contact.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/
type InstanceService service

// CustomEmojisService lists the server's custom emoji.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/custom_emojis/
type CustomEmojisService service

// ListsService manages the user's lists of accounts and their members.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/
type ListsService service

// FiltersService manages the user's filters (v2, with keywords and statuses; v1 where a server lacks v2).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/
type FiltersService service

// ConversationsService reads and manages direct conversations.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/conversations/
type ConversationsService service

// MarkersService saves and reads the user's reading positions in timelines.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/markers/
type MarkersService service

// BookmarksService lists the user's bookmarked statuses.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/bookmarks/
type BookmarksService service

// FavouritesService lists the user's favourited statuses.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/favourites/
type FavouritesService service

// BlocksService lists the accounts the user blocks.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/blocks/
type BlocksService service

// MutesService lists the accounts the user mutes.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/mutes/
type MutesService service

// DomainBlocksService manages the domains the user blocks.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/domain_blocks/
type DomainBlocksService service

// FollowRequestsService lists, accepts and rejects follow requests.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/follow_requests/
type FollowRequestsService service

// EndorsementsService lists the accounts the user features on their profile.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/endorsements/
type EndorsementsService service

// FeaturedTagsService manages the hashtags the user features on their profile.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/featured_tags/
type FeaturedTagsService service

// FollowedTagsService lists the hashtags the user follows.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/followed_tags/
type FollowedTagsService service

// TagsService reads, follows and features hashtags.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/tags/
type TagsService service

// SuggestionsService reads and removes follow suggestions.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/suggestions/
type SuggestionsService service

// DirectoryService lists the accounts of the profile directory.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/directory/
type DirectoryService service

// TrendsService reads trending hashtags, statuses and links.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/trends/
type TrendsService service

// AnnouncementsService reads the server's announcements and reacts to them.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/announcements/
type AnnouncementsService service

// PreferencesService reads the user's preferences.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/preferences/
type PreferencesService service

// ReportsService files reports to the moderators.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/reports/
type ReportsService service

// PushService manages the Web Push subscription of the token.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/push/
type PushService service

// EmailsService resends the confirmation e-mail of a new account.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/emails/
type EmailsService service

// OEmbedService gets the oEmbed description of a status.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/oembed/
type OEmbedService service

// AnnualReportsService reads the user's annual reports (Wrapstodon).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/annual_reports/
type AnnualReportsService service

// AsyncRefreshesService follows the background refreshes the server reports.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/async_refreshes/
type AsyncRefreshesService service

// CollectionsService manages collections of accounts (Mastodon 4.6).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/
type CollectionsService service

// ProfileService reads and changes the user's profile, and removes its
// pictures (Mastodon 4.6).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/profile/
type ProfileService service

// AdminService groups the moderation and administration API, for tokens
// with the admin:read and admin:write scopes of an account whose role
// allows it.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/
type AdminService struct {
	// Accounts moderates accounts: list, approve, reject, act on, undo, delete ([AdminAccountsService]).
	Accounts *AdminAccountsService
	// Reports handles reports: list, assign, resolve, reopen ([AdminReportsService]).
	Reports *AdminReportsService
	// DomainBlocks manages the server's domain blocks ([AdminDomainBlocksService]).
	DomainBlocks *AdminDomainBlocksService
	// DomainAllows manages the domains allowed in limited federation mode ([AdminDomainAllowsService]).
	DomainAllows *AdminDomainAllowsService
	// EmailDomainBlocks manages the e-mail domains refused at sign-up ([AdminEmailDomainBlocksService]).
	EmailDomainBlocks *AdminEmailDomainBlocksService
	// CanonicalEmailBlocks manages the blocked e-mail addresses ([AdminCanonicalEmailBlocksService]).
	CanonicalEmailBlocks *AdminCanonicalEmailBlocksService
	// IPBlocks manages the IP address blocks ([AdminIPBlocksService]).
	IPBlocks *AdminIPBlocksService
	// Dimensions reads the server's qualitative statistics ([AdminDimensionsService]).
	Dimensions *AdminDimensionsService
	// Measures reads the server's quantitative statistics ([AdminMeasuresService]).
	Measures *AdminMeasuresService
	// Retention reads user retention cohorts ([AdminRetentionService]).
	Retention *AdminRetentionService
	// Trends reviews trending links, statuses and hashtags ([AdminTrendsService]).
	Trends *AdminTrendsService
}

// AdminAccountsService moderates accounts: list, approve, reject, act on, undo, delete.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/accounts/
type AdminAccountsService service

// AdminReportsService handles reports: list, assign, resolve, reopen.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/reports/
type AdminReportsService service

// AdminDomainBlocksService manages the server's domain blocks.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/
type AdminDomainBlocksService service

// AdminDomainAllowsService manages the domains allowed in limited federation mode.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/domain_allows/
type AdminDomainAllowsService service

// AdminEmailDomainBlocksService manages the e-mail domains refused at sign-up.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/
type AdminEmailDomainBlocksService service

// AdminCanonicalEmailBlocksService manages the blocked e-mail addresses.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/
type AdminCanonicalEmailBlocksService service

// AdminIPBlocksService manages the IP address blocks.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/
type AdminIPBlocksService service

// AdminDimensionsService reads the server's qualitative statistics.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/dimensions/
type AdminDimensionsService service

// AdminMeasuresService reads the server's quantitative statistics.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/measures/
type AdminMeasuresService service

// AdminRetentionService reads user retention cohorts.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/retention/
type AdminRetentionService service

// AdminTrendsService reviews trending links, statuses and hashtags.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/trends/
type AdminTrendsService service
