package mastodon

import (
	"context"
	"errors"
	"iter"
	"net/url"
)

// The notification policy and the notification requests it makes
// (Mastodon 4.3). Servers without them (older Mastodon, GoToSocial)
// answer 404, which these methods turn into a [*NotSupportedError].

// Policy returns the user's notification policy: what happens to
// notifications from accounts the user may not want to hear from, and
// how many the policy holds back.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#get-policy
//
// GET /api/v2/notifications/policy
func (s *NotificationsService) Policy(ctx context.Context) (*NotificationPolicy, *Response, error) {
	p, resp, err := get[NotificationPolicy](ctx, s.client, "api/v2/notifications/policy", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/notifications/policy", true)
	}
	return p, resp, nil
}

// NotificationPolicyUpdate is the change [NotificationsService.UpdatePolicy]
// makes to the user's notification policy. An empty field keeps its
// setting.
type NotificationPolicyUpdate struct {
	// ForNotFollowing is for notifications from accounts the user does
	// not follow.
	ForNotFollowing NotificationFilterAction `json:"for_not_following,omitempty"`
	// ForNotFollowers is for notifications from accounts that do not
	// follow the user.
	ForNotFollowers NotificationFilterAction `json:"for_not_followers,omitempty"`
	// ForNewAccounts is for notifications from accounts made in the last
	// 30 days.
	ForNewAccounts NotificationFilterAction `json:"for_new_accounts,omitempty"`
	// ForPrivateMentions is for private mentions. Replies to the user's
	// own private mentions, and mentions from accounts the user follows,
	// always come through.
	ForPrivateMentions NotificationFilterAction `json:"for_private_mentions,omitempty"`
	// ForLimitedAccounts is for notifications from accounts a moderator
	// limited.
	ForLimitedAccounts NotificationFilterAction `json:"for_limited_accounts,omitempty"`
}

// UpdatePolicy changes the user's notification policy and returns it as
// it now is.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#update-the-filtering-policy-for-notifications
//
// PATCH /api/v2/notifications/policy
func (s *NotificationsService) UpdatePolicy(ctx context.Context, update *NotificationPolicyUpdate) (*NotificationPolicy, *Response, error) {
	if update == nil {
		return nil, nil, errors.New("mastodon: UpdatePolicy needs the changes to make")
	}
	p, resp, err := send[NotificationPolicy](ctx, s.client, "PATCH", "api/v2/notifications/policy", update)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "PATCH /api/v2/notifications/policy", true)
	}
	return p, resp, nil
}

// notificationRequestPath returns "api/v1/notifications/requests/{id}"
// plus more path segments.
func notificationRequestPath(id ID, more ...string) (string, error) {
	seg, err := segment("notification request id", string(id))
	if err != nil {
		return "", err
	}
	p := "api/v1/notifications/requests/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// Requests lists the notification requests: for each account whose
// notifications the policy held back, the held notifications' count and
// latest status. Mastodon sends 40 a page unless Limit says otherwise
// (at most 80).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#get-requests
//
// GET /api/v1/notifications/requests
func (s *NotificationsService) Requests(ctx context.Context, opts *ListOptions) ([]*NotificationRequest, *Response, error) {
	reqs, resp, err := list[*NotificationRequest](ctx, s.client, "api/v1/notifications/requests", opts)
	if err != nil {
		// Before 4.3 the path reads as the notification "requests".
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/notifications/requests", true)
	}
	return reqs, resp, nil
}

// RequestsAll is the iterator twin of [NotificationsService.Requests].
func (s *NotificationsService) RequestsAll(ctx context.Context, opts *ListOptions) iter.Seq2[*NotificationRequest, error] {
	return allPages(ctx, opts, s.Requests)
}

// GetRequest returns one notification request. An ID that names none
// gives an error matching [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#get-one-request
//
// GET /api/v1/notifications/requests/:id
func (s *NotificationsService) GetRequest(ctx context.Context, id ID) (*NotificationRequest, *Response, error) {
	p, err := notificationRequestPath(id)
	if err != nil {
		return nil, nil, err
	}
	r, resp, err := get[NotificationRequest](ctx, s.client, p, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/notifications/requests/:id", false)
	}
	return r, resp, nil
}

// requestAction sends a POST to path, which answers with an empty
// object, and maps a missing route to feature.
func (s *NotificationsService) requestAction(ctx context.Context, path string, body any, feature string, always bool) (*Response, error) {
	req, err := s.client.NewRequest(ctx, "POST", path, body)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, feature, always)
}

// AcceptRequest accepts a notification request: the held notifications
// from its account join the others, and later ones come through. The
// merge runs in the background; see [NotificationsService.RequestsMerged].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#accept-request
//
// POST /api/v1/notifications/requests/:id/accept
func (s *NotificationsService) AcceptRequest(ctx context.Context, id ID) (*Response, error) {
	p, err := notificationRequestPath(id, "accept")
	if err != nil {
		return nil, err
	}
	return s.requestAction(ctx, p, nil, "POST /api/v1/notifications/requests/:id/accept", false)
}

// DismissRequest dismisses a notification request: it is hidden and no
// longer counted as pending.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#dismiss-request
//
// POST /api/v1/notifications/requests/:id/dismiss
func (s *NotificationsService) DismissRequest(ctx context.Context, id ID) (*Response, error) {
	p, err := notificationRequestPath(id, "dismiss")
	if err != nil {
		return nil, err
	}
	return s.requestAction(ctx, p, nil, "POST /api/v1/notifications/requests/:id/dismiss", false)
}

// notificationRequestIDs is the form of the requests to accept or
// dismiss at once.
func notificationRequestIDs(method string, ids []ID) (url.Values, error) {
	if len(ids) == 0 {
		return nil, errors.New("mastodon: " + method + " needs at least one notification request id")
	}
	form := url.Values{}
	for _, id := range ids {
		if id == "" {
			return nil, errors.New("mastodon: " + method + " got an empty notification request id")
		}
		form.Add("id[]", string(id))
	}
	return form, nil
}

// AcceptRequests accepts several notification requests at once, as
// [NotificationsService.AcceptRequest] does one.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#accept-multiple-requests
//
// POST /api/v1/notifications/requests/accept
func (s *NotificationsService) AcceptRequests(ctx context.Context, ids ...ID) (*Response, error) {
	form, err := notificationRequestIDs("AcceptRequests", ids)
	if err != nil {
		return nil, err
	}
	return s.requestAction(ctx, "api/v1/notifications/requests/accept", form, "POST /api/v1/notifications/requests/accept", true)
}

// DismissRequests dismisses several notification requests at once, as
// [NotificationsService.DismissRequest] does one.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#dismiss-multiple-requests
//
// POST /api/v1/notifications/requests/dismiss
func (s *NotificationsService) DismissRequests(ctx context.Context, ids ...ID) (*Response, error) {
	form, err := notificationRequestIDs("DismissRequests", ids)
	if err != nil {
		return nil, err
	}
	// Before 4.3 the path reads as dismissing the notification
	// "requests", which is not found.
	return s.requestAction(ctx, "api/v1/notifications/requests/dismiss", form, "POST /api/v1/notifications/requests/dismiss", true)
}

// requestsMerged is the answer of the merged endpoint.
type requestsMerged struct {
	Merged bool `json:"merged"`
}

// RequestsMerged reports whether the notifications of the requests the
// user accepted have been merged into the notifications, so that a
// client should load them again. The streaming API says so too, with a
// notifications_merged event.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/notifications/#requests-merged
//
// GET /api/v1/notifications/requests/merged
func (s *NotificationsService) RequestsMerged(ctx context.Context) (bool, *Response, error) {
	m, resp, err := get[requestsMerged](ctx, s.client, "api/v1/notifications/requests/merged", nil)
	if err != nil {
		return false, resp, unsupportedEndpoint(err, "GET /api/v1/notifications/requests/merged", true)
	}
	return m.Merged, resp, nil
}
