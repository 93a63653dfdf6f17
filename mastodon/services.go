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
