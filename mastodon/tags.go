package mastodon

import (
	"context"
	"strings"
)

// tagPath returns "api/v1/tags/{name}" plus more path segments. A
// leading "#" of the name is dropped.
func tagPath(name string, more ...string) (string, error) {
	seg, err := segment("hashtag", strings.TrimPrefix(name, "#"))
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{"api/v1/tags", seg}, more...), "/"), nil
}

// tagAction posts an action on a hashtag and maps the 404 of a server
// without the route to a [*NotSupportedError] naming route.
func (s *TagsService) tagAction(ctx context.Context, name, action, route string) (*Tag, *Response, error) {
	p, err := tagPath(name, action)
	if err != nil {
		return nil, nil, err
	}
	tag, resp, err := send[Tag](ctx, s.client, "POST", p, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, route, false)
	}
	return tag, resp, nil
}

// Get returns a hashtag, with its use in the last days and, with a user
// token, whether the user follows and features it (Mastodon 4.0). The
// name is case-insensitive and given without its "#" (a leading one is
// dropped). A server without the endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/tags/#get
//
// GET /api/v1/tags/:name
func (s *TagsService) Get(ctx context.Context, name string) (*Tag, *Response, error) {
	p, err := tagPath(name)
	if err != nil {
		return nil, nil, err
	}
	tag, resp, err := get[Tag](ctx, s.client, p, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/tags/:name", false)
	}
	return tag, resp, nil
}

// Follow follows a hashtag: statuses that carry it come into the user's
// home timeline (Mastodon 4.0). Following a hashtag twice is fine from
// Mastodon 4.1; before, the second time gives [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/tags/#follow
//
// POST /api/v1/tags/:name/follow
func (s *TagsService) Follow(ctx context.Context, name string) (*Tag, *Response, error) {
	return s.tagAction(ctx, name, "follow", "POST /api/v1/tags/:name/follow")
}

// Unfollow stops following a hashtag (Mastodon 4.0); one not followed is
// no error.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/tags/#unfollow
//
// POST /api/v1/tags/:name/unfollow
func (s *TagsService) Unfollow(ctx context.Context, name string) (*Tag, *Response, error) {
	return s.tagAction(ctx, name, "unfollow", "POST /api/v1/tags/:name/unfollow")
}

// Feature features a hashtag, given by name, on the profile of the
// token's user (Mastodon 4.4); featuring it again is no error. On older
// servers use [FeaturedTagsService.Feature]; they give a
// [*NotSupportedError] here.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/tags/#feature
//
// POST /api/v1/tags/:id/feature
func (s *TagsService) Feature(ctx context.Context, name string) (*Tag, *Response, error) {
	return s.tagAction(ctx, name, "feature", "POST /api/v1/tags/:id/feature")
}

// Unfeature stops featuring a hashtag, given by name, on the profile
// (Mastodon 4.4). On older servers use [FeaturedTagsService.Unfeature];
// they give a [*NotSupportedError] here.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/tags/#unfeature
//
// POST /api/v1/tags/:id/unfeature
func (s *TagsService) Unfeature(ctx context.Context, name string) (*Tag, *Response, error) {
	return s.tagAction(ctx, name, "unfeature", "POST /api/v1/tags/:id/unfeature")
}
