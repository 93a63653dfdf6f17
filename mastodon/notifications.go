package mastodon

import (
	"context"
	"iter"
)

// The notification policy and the requests of filtered notifications
// are in notification_requests.go.

// NotificationListOptions are the options of
// [NotificationsService.List].
type NotificationListOptions struct {
	ListOptions
	// Types keeps only notifications of these types.
	Types []NotificationType `url:"types[],omitempty"`
	// ExcludeTypes leaves out notifications of these types.
	ExcludeTypes []NotificationType `url:"exclude_types[],omitempty"`
	// AccountID keeps only notifications caused by this account.
	AccountID ID `url:"account_id,omitempty"`
	// IncludeFiltered adds the notifications the user's
	// [NotificationPolicy] holds back (Mastodon 4.3).
	IncludeFiltered bool `url:"include_filtered,omitempty"`
	// SupportedTypes are the types the client can show; a notification
	// of another type then carries a Fallback text, if the server has
	// one for it (Mastodon 4.6). Without it no Fallback is sent.
	SupportedTypes []NotificationType `url:"supported_types[],omitempty"`
}

// List lists the user's notifications, newest first. Mastodon sends 40
// a page unless Limit says otherwise (at most 80).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#get
//
// GET /api/v1/notifications
func (s *NotificationsService) List(ctx context.Context, opts *NotificationListOptions) ([]*Notification, *Response, error) {
	return list[*Notification](ctx, s.client, "api/v1/notifications", opts)
}

// ListAll is the iterator twin of [NotificationsService.List].
func (s *NotificationsService) ListAll(ctx context.Context, opts *NotificationListOptions) iter.Seq2[*Notification, error] {
	return allPages(ctx, opts, s.List)
}

// NotificationGetOptions are the options of [NotificationsService.Get]
// and [NotificationsService.GetGroup].
type NotificationGetOptions struct {
	// SupportedTypes are the types the client can show, as in
	// [NotificationListOptions] (Mastodon 4.6).
	SupportedTypes []NotificationType `url:"supported_types[],omitempty"`
}

// notificationPath returns "api/{version}/notifications/{key}" plus
// more path segments.
func notificationPath(version, what, key string, more ...string) (string, error) {
	seg, err := segment(what, key)
	if err != nil {
		return "", err
	}
	p := "api/" + version + "/notifications/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// Get returns one notification.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#get-one
//
// GET /api/v1/notifications/:id
func (s *NotificationsService) Get(ctx context.Context, id ID, opts *NotificationGetOptions) (*Notification, *Response, error) {
	p, err := notificationPath("v1", "notification id", string(id))
	if err != nil {
		return nil, nil, err
	}
	return get[Notification](ctx, s.client, p, opts)
}

// Clear dismisses all the user's notifications.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#clear
//
// POST /api/v1/notifications/clear
func (s *NotificationsService) Clear(ctx context.Context) (*Response, error) {
	req, err := s.client.NewRequest(ctx, "POST", "api/v1/notifications/clear", nil)
	if err != nil {
		return nil, err
	}
	return s.client.Do(req, nil)
}

// Dismiss dismisses one notification.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#dismiss
//
// POST /api/v1/notifications/:id/dismiss
func (s *NotificationsService) Dismiss(ctx context.Context, id ID) (*Response, error) {
	p, err := notificationPath("v1", "notification id", string(id), "dismiss")
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "POST", p, nil)
	if err != nil {
		return nil, err
	}
	return s.client.Do(req, nil)
}

// UnreadCountOptions are the options of
// [NotificationsService.UnreadCount].
type UnreadCountOptions struct {
	// Limit caps the count; Mastodon's default is 100, its maximum 1000.
	Limit int `url:"limit,omitempty"`
	// Types counts only notifications of these types.
	Types []NotificationType `url:"types[],omitempty"`
	// ExcludeTypes leaves out notifications of these types.
	ExcludeTypes []NotificationType `url:"exclude_types[],omitempty"`
	// AccountID counts only notifications caused by this account.
	AccountID ID `url:"account_id,omitempty"`
}

// unreadCount is the answer of the unread_count endpoints.
type unreadCount struct {
	Count int `json:"count"`
}

// UnreadCount returns the number of notifications newer than the user's
// notifications read marker, up to a cap (Mastodon 4.3). A server without
// this endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#unread-count
//
// GET /api/v1/notifications/unread_count
func (s *NotificationsService) UnreadCount(ctx context.Context, opts *UnreadCountOptions) (int, *Response, error) {
	n, resp, err := get[unreadCount](ctx, s.client, "api/v1/notifications/unread_count", opts)
	if err != nil {
		// Before 4.3 the path reads as the notification "unread_count",
		// which is not found.
		return 0, resp, unsupportedEndpoint(err, "GET /api/v1/notifications/unread_count", true)
	}
	return n.Count, resp, nil
}

// ExpandAccounts says how the grouped notifications API sends the
// accounts of a page.
type ExpandAccounts string

// The values of ExpandAccounts.
const (
	// ExpandAccountsFull sends every account in full, in Accounts.
	ExpandAccountsFull ExpandAccounts = "full"
	// ExpandAccountsPartialAvatars sends only the latest account of each
	// group in full; the others come in PartialAccounts.
	ExpandAccountsPartialAvatars ExpandAccounts = "partial_avatars"
)

// GroupedNotificationListOptions are the options of
// [NotificationsService.ListGrouped].
type GroupedNotificationListOptions struct {
	// ListOptions page by notification IDs; Limit counts groups (at most
	// 80).
	ListOptions
	// Types keeps only notifications of these types.
	Types []NotificationType `url:"types[],omitempty"`
	// ExcludeTypes leaves out notifications of these types.
	ExcludeTypes []NotificationType `url:"exclude_types[],omitempty"`
	// AccountID keeps only notifications caused by this account.
	AccountID ID `url:"account_id,omitempty"`
	// ExpandAccounts says how to send the accounts; empty means
	// ExpandAccountsFull.
	ExpandAccounts ExpandAccounts `url:"expand_accounts,omitempty"`
	// GroupedTypes are the types the client can show grouped; the others
	// come as groups of one, keyed "ungrouped-{id}". Empty means every
	// type the server groups.
	GroupedTypes []NotificationType `url:"grouped_types[],omitempty"`
	// IncludeFiltered adds the notifications the user's
	// [NotificationPolicy] holds back.
	IncludeFiltered bool `url:"include_filtered,omitempty"`
	// SupportedTypes are the types the client can show, as in
	// [NotificationListOptions] (Mastodon 4.6).
	SupportedTypes []NotificationType `url:"supported_types[],omitempty"`
}

// ListGrouped lists the user's notifications grouped, newest group first
// (Mastodon 4.3): one group for all the favourites of a status, say. The
// groups name accounts and statuses by ID; each page carries them once.
// Servers without the v2 notifications API (older Mastodon, GoToSocial)
// give a [*NotSupportedError]; use [NotificationsService.List] there.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/grouped_notifications/#get-grouped
//
// GET /api/v2/notifications
func (s *NotificationsService) ListGrouped(ctx context.Context, opts *GroupedNotificationListOptions) (*GroupedNotificationsResults, *Response, error) {
	res, resp, err := get[GroupedNotificationsResults](ctx, s.client, "api/v2/notifications", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/notifications", true)
	}
	return res, resp, nil
}

// ListGroupedPages is the iterator twin of
// [NotificationsService.ListGrouped]. It yields whole pages rather than
// groups, since each page carries the accounts and statuses its groups
// name. It stops at a page without groups.
func (s *NotificationsService) ListGroupedPages(ctx context.Context, opts *GroupedNotificationListOptions) iter.Seq2[*GroupedNotificationsResults, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *GroupedNotificationListOptions) ([]*GroupedNotificationsResults, *Response, error) {
		res, resp, err := s.ListGrouped(ctx, o)
		if err != nil || len(res.NotificationGroups) == 0 {
			return nil, resp, err
		}
		return []*GroupedNotificationsResults{res}, resp, nil
	})
}

// GetGroup returns one notification group, by its key, with the accounts
// and statuses it names (Mastodon 4.3). A key that names no group gives
// an error matching [ErrNotFound]; a server without the v2 API a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/grouped_notifications/#get-notification-group
//
// GET /api/v2/notifications/:group_key
func (s *NotificationsService) GetGroup(ctx context.Context, groupKey string, opts *NotificationGetOptions) (*GroupedNotificationsResults, *Response, error) {
	p, err := notificationPath("v2", "group key", groupKey)
	if err != nil {
		return nil, nil, err
	}
	res, resp, err := get[GroupedNotificationsResults](ctx, s.client, p, opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/notifications/:group_key", false)
	}
	return res, resp, nil
}

// DismissGroup dismisses every notification of a group (Mastodon 4.3).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/grouped_notifications/#dismiss-group
//
// POST /api/v2/notifications/:group_key/dismiss
func (s *NotificationsService) DismissGroup(ctx context.Context, groupKey string) (*Response, error) {
	p, err := notificationPath("v2", "group key", groupKey, "dismiss")
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "POST", p, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "POST /api/v2/notifications/:group_key/dismiss", false)
}

// GroupAccounts lists the accounts behind the notifications of a group,
// newest first (Mastodon 4.3).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/grouped_notifications/#get-group-accounts
//
// GET /api/v2/notifications/:group_key/accounts
func (s *NotificationsService) GroupAccounts(ctx context.Context, groupKey string, opts *ListOptions) ([]*Account, *Response, error) {
	p, err := notificationPath("v2", "group key", groupKey, "accounts")
	if err != nil {
		return nil, nil, err
	}
	accounts, resp, err := list[*Account](ctx, s.client, p, opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/notifications/:group_key/accounts", false)
	}
	return accounts, resp, nil
}

// GroupAccountsAll is the iterator twin of
// [NotificationsService.GroupAccounts].
func (s *NotificationsService) GroupAccountsAll(ctx context.Context, groupKey string, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Account, *Response, error) {
		return s.GroupAccounts(ctx, groupKey, o)
	})
}

// GroupedUnreadCountOptions are the options of
// [NotificationsService.UnreadCountGrouped].
type GroupedUnreadCountOptions struct {
	// Limit caps the count; Mastodon's default is 100, its maximum 1000.
	Limit int `url:"limit,omitempty"`
	// Types counts only notifications of these types.
	Types []NotificationType `url:"types[],omitempty"`
	// ExcludeTypes leaves out notifications of these types.
	ExcludeTypes []NotificationType `url:"exclude_types[],omitempty"`
	// AccountID counts only notifications caused by this account.
	AccountID ID `url:"account_id,omitempty"`
	// GroupedTypes are the types that count as groups, as in
	// [GroupedNotificationListOptions].
	GroupedTypes []NotificationType `url:"grouped_types[],omitempty"`
}

// UnreadCountGrouped returns the number of notification groups newer
// than the user's notifications read marker, up to a cap (Mastodon 4.3).
// A server without the v2 API gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/grouped_notifications/#unread-group-count
//
// GET /api/v2/notifications/unread_count
func (s *NotificationsService) UnreadCountGrouped(ctx context.Context, opts *GroupedUnreadCountOptions) (int, *Response, error) {
	n, resp, err := get[unreadCount](ctx, s.client, "api/v2/notifications/unread_count", opts)
	if err != nil {
		return 0, resp, unsupportedEndpoint(err, "GET /api/v2/notifications/unread_count", true)
	}
	return n.Count, resp, nil
}
