package mastodon

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"strings"
)

// The deprecated direct timeline (GET /api/v1/timelines/direct) is left
// out: Mastodon 3.0 removed it in favour of the conversations API.

// PublicTimelineOptions are the options of [TimelinesService.Public].
type PublicTimelineOptions struct {
	ListOptions
	// Local keeps only statuses of this server's accounts.
	Local bool `url:"local,omitempty"`
	// Remote keeps only statuses of other servers' accounts.
	Remote bool `url:"remote,omitempty"`
	// OnlyMedia keeps only statuses with media attached.
	OnlyMedia bool `url:"only_media,omitempty"`
}

// Public lists the public statuses the server knows, newest first. The
// server may require a token, or answer an empty list, when it keeps the
// feed to its users (the instance's configuration.timelines_access).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/timelines/#public
//
// GET /api/v1/timelines/public
func (s *TimelinesService) Public(ctx context.Context, opts *PublicTimelineOptions) ([]*Status, *Response, error) {
	return list[*Status](ctx, s.client, "api/v1/timelines/public", opts)
}

// PublicAll is the iterator twin of [TimelinesService.Public].
func (s *TimelinesService) PublicAll(ctx context.Context, opts *PublicTimelineOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, s.Public)
}

// TagTimelineOptions are the options of [TimelinesService.Tag].
type TagTimelineOptions struct {
	ListOptions
	// Any adds hashtags of which a status may carry any instead of the
	// main one.
	Any []string `url:"any[],omitempty"`
	// All are hashtags a status must carry as well.
	All []string `url:"all[],omitempty"`
	// None are hashtags a status must not carry.
	None []string `url:"none[],omitempty"`
	// Local keeps only statuses of this server's accounts.
	Local bool `url:"local,omitempty"`
	// Remote keeps only statuses of other servers' accounts.
	Remote bool `url:"remote,omitempty"`
	// OnlyMedia keeps only statuses with media attached.
	OnlyMedia bool `url:"only_media,omitempty"`
}

// Tag lists the public statuses that carry a hashtag, given without its
// "#" (a leading one is dropped). Mastodon counts the main hashtag and
// those of Any, All and None together against a small limit (four by
// default).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/timelines/#tag
//
// GET /api/v1/timelines/tag/:hashtag
func (s *TimelinesService) Tag(ctx context.Context, hashtag string, opts *TagTimelineOptions) ([]*Status, *Response, error) {
	seg, err := segment("hashtag", strings.TrimPrefix(hashtag, "#"))
	if err != nil {
		return nil, nil, err
	}
	return list[*Status](ctx, s.client, "api/v1/timelines/tag/"+seg, opts)
}

// TagAll is the iterator twin of [TimelinesService.Tag].
func (s *TimelinesService) TagAll(ctx context.Context, hashtag string, opts *TagTimelineOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *TagTimelineOptions) ([]*Status, *Response, error) {
		return s.Tag(ctx, hashtag, o)
	})
}

// Home lists the statuses of the accounts and hashtags the token's user
// follows, newest first. While Mastodon rebuilds the feed of a user who
// has been away, it answers 206 Partial Content (resp.StatusCode) with
// what it has so far.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/timelines/#home
//
// GET /api/v1/timelines/home
func (s *TimelinesService) Home(ctx context.Context, opts *ListOptions) ([]*Status, *Response, error) {
	return list[*Status](ctx, s.client, "api/v1/timelines/home", opts)
}

// HomeAll is the iterator twin of [TimelinesService.Home].
func (s *TimelinesService) HomeAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, s.Home)
}

// Link lists the public statuses that link to a trending article, by
// the article's URL (Mastodon 4.3). A URL that is not trending gives an
// error matching [ErrNotFound]; a server without this timeline gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/timelines/#link
//
// GET /api/v1/timelines/link
func (s *TimelinesService) Link(ctx context.Context, articleURL string, opts *ListOptions) ([]*Status, *Response, error) {
	if articleURL == "" {
		return nil, nil, errors.New("mastodon: Link needs the article's URL")
	}
	statuses, resp, err := list[*Status](ctx, s.client, "api/v1/timelines/link?url="+url.QueryEscape(articleURL), opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/timelines/link", false)
	}
	return statuses, resp, nil
}

// LinkAll is the iterator twin of [TimelinesService.Link].
func (s *TimelinesService) LinkAll(ctx context.Context, articleURL string, opts *ListOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Status, *Response, error) {
		return s.Link(ctx, articleURL, o)
	})
}

// List lists the statuses of the accounts in one of the user's lists.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/timelines/#list
//
// GET /api/v1/timelines/list/:list_id
func (s *TimelinesService) List(ctx context.Context, listID ID, opts *ListOptions) ([]*Status, *Response, error) {
	seg, err := segment("list id", string(listID))
	if err != nil {
		return nil, nil, err
	}
	return list[*Status](ctx, s.client, "api/v1/timelines/list/"+seg, opts)
}

// ListAll is the iterator twin of [TimelinesService.List].
func (s *TimelinesService) ListAll(ctx context.Context, listID ID, opts *ListOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Status, *Response, error) {
		return s.List(ctx, listID, o)
	})
}
