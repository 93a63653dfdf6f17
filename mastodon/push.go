package mastodon

import (
	"context"
	"errors"
)

// PushPolicy says whose activity a push subscription sends notifications
// for.
type PushPolicy string

// The policies of [PushData].
const (
	// PushPolicyAll pushes notifications caused by anyone. It is the
	// default.
	PushPolicyAll PushPolicy = "all"
	// PushPolicyFollowed pushes only those caused by accounts the user
	// follows.
	PushPolicyFollowed PushPolicy = "followed"
	// PushPolicyFollower pushes only those caused by the user's
	// followers.
	PushPolicyFollower PushPolicy = "follower"
	// PushPolicyNone pushes nothing.
	PushPolicyNone PushPolicy = "none"
)

// NewPushSubscription is the receiving side of a Web Push subscription,
// for [PushService.Subscribe]: what a browser's PushManager (or a push
// relay) gives. All but Standard are required.
type NewPushSubscription struct {
	// Endpoint is the URL the server sends the pushes to.
	Endpoint string `json:"endpoint"`
	// Keys are the receiver's keys, which the pushes are encrypted with.
	Keys PushKeys `json:"keys"`
	// Standard asks for pushes as RFC 8030, 8291 and 8292 define them;
	// without it Mastodon sends them as the earlier drafts of the last
	// two did (Mastodon 4.4; older servers ignore it and use the drafts).
	Standard bool `json:"standard,omitempty"`
}

// PushKeys are the receiver's keys of a [NewPushSubscription], in
// base64url as the Push API gives them.
type PushKeys struct {
	// P256DH is the public key of the receiver's ECDH key pair on the
	// P-256 curve.
	P256DH string `json:"p256dh"`
	// Auth is the receiver's authentication secret: 16 random bytes.
	Auth string `json:"auth"`
}

// PushData says which notifications a push subscription sends, for
// [PushService.Subscribe] and [PushService.Update].
type PushData struct {
	// Alerts are the kinds of notification to push; those left false are
	// not pushed. The admin alerts need a moderator role, and the newer
	// kinds a server that has them (the others are ignored).
	Alerts WebPushAlerts `json:"alerts"`
	// Policy says whose activity is pushed; empty means PushPolicyAll
	// (Mastodon 3.4).
	Policy PushPolicy `json:"policy,omitempty"`
}

// Subscribe subscribes the token to Web Push notifications. A token has
// at most one subscription: a new one replaces the one before. A nil
// data pushes nothing until [PushService.Update] chooses the alerts.
// Mastodon 4.3 and later refuse an endpoint or keys that are not valid
// with [ErrUnprocessable]. A server without Web Push gives a
// [*NotSupportedError].
//
// The pushes come encrypted with the keys of sub; the subscription's
// ServerKey is the server's VAPID key, which signs them.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/push/#create
//
// POST /api/v1/push/subscription
func (s *PushService) Subscribe(ctx context.Context, sub *NewPushSubscription, data *PushData) (*WebPushSubscription, *Response, error) {
	if sub == nil || sub.Endpoint == "" || sub.Keys.P256DH == "" || sub.Keys.Auth == "" {
		return nil, nil, errors.New("mastodon: Subscribe needs an endpoint and the p256dh and auth keys")
	}
	body := struct {
		Subscription *NewPushSubscription `json:"subscription"`
		Data         *PushData            `json:"data,omitempty"`
	}{sub, data}
	ps, resp, err := send[WebPushSubscription](ctx, s.client, "POST", "api/v1/push/subscription", &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/push/subscription", false)
	}
	return ps, resp, nil
}

// Get returns the Web Push subscription of the token; a token without
// one gives [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/push/#get
//
// GET /api/v1/push/subscription
func (s *PushService) Get(ctx context.Context) (*WebPushSubscription, *Response, error) {
	ps, resp, err := get[WebPushSubscription](ctx, s.client, "api/v1/push/subscription", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/push/subscription", false)
	}
	return ps, resp, nil
}

// Update changes which notifications the token's subscription pushes.
// data replaces the alerts and policy as a whole: an alert left false is
// turned off, an empty Policy is PushPolicyAll. The endpoint and keys
// cannot change: subscribe again for that. A token without a
// subscription gives [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/push/#update
//
// PUT /api/v1/push/subscription
func (s *PushService) Update(ctx context.Context, data *PushData) (*WebPushSubscription, *Response, error) {
	if data == nil {
		return nil, nil, errors.New("mastodon: Update needs the alerts to push")
	}
	body := struct {
		Data *PushData `json:"data"`
	}{data}
	ps, resp, err := send[WebPushSubscription](ctx, s.client, "PUT", "api/v1/push/subscription", &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "PUT /api/v1/push/subscription", false)
	}
	return ps, resp, nil
}

// Delete removes the token's Web Push subscription; a token without one
// is no error.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/push/#delete
//
// DELETE /api/v1/push/subscription
func (s *PushService) Delete(ctx context.Context) (*Response, error) {
	_, resp, err := send[struct{}](ctx, s.client, "DELETE", "api/v1/push/subscription", nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/push/subscription", false)
}
