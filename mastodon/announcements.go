package mastodon

import (
	"context"
	"strings"
)

// AnnouncementsOptions are the options of [AnnouncementsService.List].
type AnnouncementsOptions struct {
	// WithDismissed includes the announcements the user has dismissed;
	// without it Mastodon leaves them out.
	WithDismissed bool `url:"with_dismissed,omitempty"`
}

// announcementPath returns "api/v1/announcements/{id}" plus more path
// segments.
func announcementPath(id ID, more ...string) (string, error) {
	seg, err := segment("announcement id", string(id))
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{"api/v1/announcements", seg}, more...), "/"), nil
}

// List returns the announcements of the server's staff that are in
// effect, with the reactions of users (Mastodon 3.1). It needs a user
// token; the list is not paged. A server without announcements gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/announcements/#get
//
// GET /api/v1/announcements
func (s *AnnouncementsService) List(ctx context.Context, opts *AnnouncementsOptions) ([]*Announcement, *Response, error) {
	anns, resp, err := list[*Announcement](ctx, s.client, "api/v1/announcements", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/announcements", true)
	}
	return anns, resp, nil
}

// Dismiss marks an announcement as read by the token's user.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/announcements/#dismiss
//
// POST /api/v1/announcements/:id/dismiss
func (s *AnnouncementsService) Dismiss(ctx context.Context, id ID) (*Response, error) {
	p, err := announcementPath(id, "dismiss")
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, "POST", p, nil)
	return resp, unsupportedEndpoint(err, "POST /api/v1/announcements/:id/dismiss", false)
}

// AddReaction adds the token's user's reaction to an announcement:
// name is a Unicode emoji or the shortcode of one of the server's custom
// emoji (colons around it are dropped). Another name gives
// [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/announcements/#put-reactions
//
// PUT /api/v1/announcements/:id/reactions/:name
func (s *AnnouncementsService) AddReaction(ctx context.Context, id ID, name string) (*Response, error) {
	return s.reaction(ctx, "PUT", id, name)
}

// RemoveReaction takes back the token's user's reaction to an
// announcement, named as for [AnnouncementsService.AddReaction].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/announcements/#delete-reactions
//
// DELETE /api/v1/announcements/:id/reactions/:name
func (s *AnnouncementsService) RemoveReaction(ctx context.Context, id ID, name string) (*Response, error) {
	return s.reaction(ctx, "DELETE", id, name)
}

// reaction sends the PUT or DELETE of a reaction.
func (s *AnnouncementsService) reaction(ctx context.Context, method string, id ID, name string) (*Response, error) {
	emoji, err := segment("reaction", strings.Trim(name, ":"))
	if err != nil {
		return nil, err
	}
	p, err := announcementPath(id, "reactions", emoji)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, method, p, nil)
	return resp, unsupportedEndpoint(err, method+" /api/v1/announcements/:id/reactions/:name", false)
}
