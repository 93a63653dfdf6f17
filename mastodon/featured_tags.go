package mastodon

import (
	"context"
	"errors"
	"strings"
)

// List lists the hashtags the token's user features on their profile.
// Their IDs are those of the featuring, for
// [FeaturedTagsService.Unfeature], not those of the hashtags. A server
// without the endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/featured_tags/#get
//
// GET /api/v1/featured_tags
func (s *FeaturedTagsService) List(ctx context.Context) ([]*FeaturedTag, *Response, error) {
	tags, resp, err := list[*FeaturedTag](ctx, s.client, "api/v1/featured_tags", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/featured_tags", true)
	}
	return tags, resp, nil
}

// Feature features a hashtag on the profile of the token's user. The
// name is given without its "#" (a leading one is dropped); a name that
// is not a valid hashtag gives [ErrUnprocessable], and so does going
// over the server's limit of featured hashtags (10 on Mastodon, or the
// instance's configuration.accounts.max_featured_tags).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/featured_tags/#feature
//
// POST /api/v1/featured_tags
func (s *FeaturedTagsService) Feature(ctx context.Context, name string) (*FeaturedTag, *Response, error) {
	name = strings.TrimPrefix(name, "#")
	if name == "" {
		return nil, nil, errors.New("mastodon: Feature needs a hashtag")
	}
	body := struct {
		Name string `json:"name"`
	}{name}
	tag, resp, err := send[FeaturedTag](ctx, s.client, "POST", "api/v1/featured_tags", &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/featured_tags", true)
	}
	return tag, resp, nil
}

// Unfeature stops featuring a hashtag. id is the ID of the
// [FeaturedTag], not of the hashtag; one of another user, or none,
// gives [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/featured_tags/#unfeature
//
// DELETE /api/v1/featured_tags/:id
func (s *FeaturedTagsService) Unfeature(ctx context.Context, id ID) (*Response, error) {
	seg, err := segment("featured tag id", string(id))
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, "DELETE", "api/v1/featured_tags/"+seg, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/featured_tags/:id", false)
}

// Suggestions lists hashtags the token's user has used lately (up to
// ten on Mastodon), as candidates to feature.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/featured_tags/#suggestions
//
// GET /api/v1/featured_tags/suggestions
func (s *FeaturedTagsService) Suggestions(ctx context.Context) ([]*Tag, *Response, error) {
	tags, resp, err := list[*Tag](ctx, s.client, "api/v1/featured_tags/suggestions", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/featured_tags/suggestions", true)
	}
	return tags, resp, nil
}
