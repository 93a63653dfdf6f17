package mastodon

import (
	"context"
	"iter"
)

// TrendsOptions are the options of the [TrendsService] lists.
type TrendsOptions struct {
	// Limit is the number of entries: Mastodon's default is 10 hashtags
	// or links (at most 20) and 20 statuses (at most 40).
	Limit int `url:"limit,omitempty"`
	// Offset skips the first entries.
	Offset int `url:"offset,omitempty"`
}

// Tags lists the hashtags used more than usual in the last week, in the
// order of the server's trend score (Mastodon 3.5; 3.0 to 3.4 have
// them at GET /api/v1/trends only, and give a [*NotSupportedError]
// here, as do servers without trends). Each comes with its daily use.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/trends/#tags
//
// GET /api/v1/trends/tags
func (s *TrendsService) Tags(ctx context.Context, opts *TrendsOptions) ([]*Tag, *Response, error) {
	tags, resp, err := list[*Tag](ctx, s.client, "api/v1/trends/tags", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/trends/tags", true)
	}
	return tags, resp, nil
}

// TagsAll is the iterator twin of [TrendsService.Tags]: it walks the
// trending hashtags by Offset, from opts.Offset, until a page is empty
// or repeats the one before (a server that ignores the offset).
func (s *TrendsService) TagsAll(ctx context.Context, opts *TrendsOptions) iter.Seq2[*Tag, error] {
	return trendsAll(ctx, opts, s.Tags, func(t *Tag) string {
		if t == nil {
			return ""
		}
		return t.Name
	})
}

// Statuses lists the statuses that have been boosted and favourited
// more than others lately, in the order of the server's trend score
// (Mastodon 3.5). A server without them gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/trends/#statuses
//
// GET /api/v1/trends/statuses
func (s *TrendsService) Statuses(ctx context.Context, opts *TrendsOptions) ([]*Status, *Response, error) {
	statuses, resp, err := list[*Status](ctx, s.client, "api/v1/trends/statuses", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/trends/statuses", true)
	}
	return statuses, resp, nil
}

// StatusesAll is the iterator twin of [TrendsService.Statuses], walking
// by Offset as [TrendsService.TagsAll] does.
func (s *TrendsService) StatusesAll(ctx context.Context, opts *TrendsOptions) iter.Seq2[*Status, error] {
	return trendsAll(ctx, opts, s.Statuses, func(st *Status) string {
		if st == nil {
			return ""
		}
		return string(st.ID)
	})
}

// Links lists the links shared more than others lately, as preview cards
// with their daily use, in the order of the server's trend score
// (Mastodon 3.5). A server without them gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/trends/#links
//
// GET /api/v1/trends/links
func (s *TrendsService) Links(ctx context.Context, opts *TrendsOptions) ([]*TrendsLink, *Response, error) {
	links, resp, err := list[*TrendsLink](ctx, s.client, "api/v1/trends/links", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/trends/links", true)
	}
	return links, resp, nil
}

// LinksAll is the iterator twin of [TrendsService.Links], walking by
// Offset as [TrendsService.TagsAll] does.
func (s *TrendsService) LinksAll(ctx context.Context, opts *TrendsOptions) iter.Seq2[*TrendsLink, error] {
	return trendsAll(ctx, opts, s.Links, func(l *TrendsLink) string {
		if l == nil {
			return ""
		}
		return l.URL
	})
}

// trendsAll walks one of the trends lists by offset.
func trendsAll[T any](ctx context.Context, opts *TrendsOptions,
	fetch func(context.Context, *TrendsOptions) ([]T, *Response, error), key func(T) string) iter.Seq2[T, error] {
	var base TrendsOptions
	if opts != nil {
		base = *opts
	}
	return offsetPages(ctx, base.Offset, func(ctx context.Context, offset int) ([]T, error) {
		o := base
		o.Offset = offset
		items, _, err := fetch(ctx, &o)
		return items, err
	}, key)
}
