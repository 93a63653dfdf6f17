package mastodon

import (
	"context"
	"iter"

	"github.com/fedikit/fedikit/internal/paginate"
)

// AdminTrendsOptions are the paging options of the lists of
// [AdminTrendsService]. The admin documentation names no parameters;
// Mastodon serves these lists with the code of the public trends, which
// takes these two.
type AdminTrendsOptions struct {
	// Limit is the number of entries per page. Zero means the server's
	// default: 10 links or hashtags, 20 statuses (Mastodon caps them at
	// 20 and 40).
	Limit int `url:"limit,omitempty"`
	// Offset skips that many entries.
	Offset int `url:"offset,omitempty"`
}

// Links lists the links shared more than others of late, including
// those not yet reviewed or refused, which the public
// [TrendsService] leaves out (Mastodon 3.5). The token's role needs
// the Manage Taxonomies permission.
//
// The list pages by offset. The Link header of the answer names the
// public endpoint (GET /api/v1/trends/links), not this one: use
// [AdminTrendsService.LinksAll], or Offset, to page.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/trends/#links
//
// GET /api/v1/admin/trends/links
func (s *AdminTrendsService) Links(ctx context.Context, opts *AdminTrendsOptions) ([]*TrendsLink, *Response, error) {
	links, resp, err := list[*TrendsLink](ctx, s.client, "api/v1/admin/trends/links", opts)
	return links, resp, unsupportedEndpoint(err, "GET /api/v1/admin/trends/links", true)
}

// LinksAll is the iterator twin of [AdminTrendsService.Links]: it pages
// by offset, from opts.Offset, until a page is empty.
func (s *AdminTrendsService) LinksAll(ctx context.Context, opts *AdminTrendsOptions) iter.Seq2[*TrendsLink, error] {
	return adminTrendsAll(ctx, opts, s.Links, func(l *TrendsLink) string { return l.URL })
}

// Statuses lists the statuses interacted with more than others of late,
// including those not yet reviewed or refused (Mastodon 3.5). The
// token's role needs the Manage Taxonomies permission. It pages by
// offset, as [AdminTrendsService.Links] does.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/trends/#statuses
//
// GET /api/v1/admin/trends/statuses
func (s *AdminTrendsService) Statuses(ctx context.Context, opts *AdminTrendsOptions) ([]*Status, *Response, error) {
	statuses, resp, err := list[*Status](ctx, s.client, "api/v1/admin/trends/statuses", opts)
	return statuses, resp, unsupportedEndpoint(err, "GET /api/v1/admin/trends/statuses", true)
}

// StatusesAll is the iterator twin of [AdminTrendsService.Statuses]: it
// pages by offset, from opts.Offset, until a page is empty.
func (s *AdminTrendsService) StatusesAll(ctx context.Context, opts *AdminTrendsOptions) iter.Seq2[*Status, error] {
	return adminTrendsAll(ctx, opts, s.Statuses, func(st *Status) string { return string(st.ID) })
}

// Tags lists the hashtags used more than others in the past week,
// including those not yet reviewed or refused (Mastodon 3.5). The
// token's role needs the Manage Taxonomies permission. Mastodon 4.1 and
// later fill the admin fields of each [AdminTag] (ID, Trendable, Usable,
// RequiresReview); 4.0 leaves them out. It pages by offset, as
// [AdminTrendsService.Links] does.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/admin/trends/#tags
//
// GET /api/v1/admin/trends/tags
func (s *AdminTrendsService) Tags(ctx context.Context, opts *AdminTrendsOptions) ([]*AdminTag, *Response, error) {
	tags, resp, err := list[*AdminTag](ctx, s.client, "api/v1/admin/trends/tags", opts)
	return tags, resp, unsupportedEndpoint(err, "GET /api/v1/admin/trends/tags", true)
}

// TagsAll is the iterator twin of [AdminTrendsService.Tags]: it pages by
// offset, from opts.Offset, until a page is empty.
func (s *AdminTrendsService) TagsAll(ctx context.Context, opts *AdminTrendsOptions) iter.Seq2[*AdminTag, error] {
	return adminTrendsAll(ctx, opts, s.Tags, func(t *AdminTag) string { return t.Name })
}

// adminTrendsCursor is where an offset walk of an admin trends list
// stands: the offset of the next page and the key of the first entry of
// the last one.
type adminTrendsCursor struct {
	offset int
	first  string
}

// adminTrendsAll walks an admin trends list by offset. A server that
// ignores the offset answers the same page again: the walk stops there.
// Nil entries are yielded as they come but give no key.
func adminTrendsAll[T any](ctx context.Context, opts *AdminTrendsOptions,
	fetch func(context.Context, *AdminTrendsOptions) ([]*T, *Response, error), key func(*T) string) iter.Seq2[*T, error] {
	var base AdminTrendsOptions
	if opts != nil {
		base = *opts
	}
	keyOf := func(items []*T) string {
		if items[0] == nil {
			return ""
		}
		return key(items[0])
	}
	start := adminTrendsCursor{offset: base.Offset}
	return paginate.Seq2(ctx, start, maxListPages, func(ctx context.Context, c adminTrendsCursor) ([]*T, adminTrendsCursor, bool, error) {
		o := base
		o.Offset = c.offset
		items, _, err := fetch(ctx, &o)
		if err != nil {
			return nil, adminTrendsCursor{}, false, err
		}
		if len(items) == 0 {
			return nil, adminTrendsCursor{}, false, nil
		}
		first := keyOf(items)
		if c.offset != base.Offset && first != "" && first == c.first {
			return nil, adminTrendsCursor{}, false, nil
		}
		return items, adminTrendsCursor{offset: c.offset + len(items), first: first}, true, nil
	})
}
