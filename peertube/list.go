package peertube

import (
	"context"
	"fmt"
	"iter"
	"net/url"

	"github.com/fedikit/fedikit/internal/paginate"
	"github.com/fedikit/fedikit/internal/query"
)

// ListOptions are the pagination and sort parameters that PeerTube's
// lists share. Lists page by offset: Start skips that many entries, Count
// asks for that many.
//
// The iterator twins (the methods ending in All) start at Start and go on
// page by page until they have read the answer's total; with SkipCount,
// where a list has it, until a page comes back empty. Entries added or
// removed during a walk shift the pages, so an entry may be seen twice or
// missed.
type ListOptions struct {
	// Start is the offset of the first entry.
	Start int `url:"start,omitempty"`
	// Count is the number of entries per page. Zero means the server's
	// default (15 for most lists); it allows at most 100. The iterator
	// twins ask for 100 when Count is zero.
	Count int `url:"count,omitempty"`
	// Sort names the field to sort on, with a "-" in front for
	// descending order: "-publishedAt". Each list says what it accepts.
	Sort string `url:"sort,omitempty"`
}

// listOptions gives the iterator helper access to the embedded
// ListOptions of an options struct.
func (o *ListOptions) listOptions() *ListOptions { return o }

// pager is an options struct that embeds ListOptions.
type pager interface {
	listOptions() *ListOptions
}

const (
	// maxCount is the largest page PeerTube serves.
	maxCount = 100
	// maxListPages bounds an iterator's walk: 100,000 entries at 100 a
	// page.
	maxListPages = 1000
)

// page is the body of a list answer.
type page[T any] struct {
	Total *int `json:"total"`
	Data  []T  `json:"data"`
}

// allPages is the iterator twin of a list method: it calls fetch with a
// copy of opts, then again with Start moved past what it has read, until
// it has read the answer's total or a page comes back empty. An error is
// yielded once and ends the walk; breaking out of the loop stops it
// without another request.
func allPages[T, O any, PO interface {
	*O
	pager
}](ctx context.Context, opts PO, fetch func(context.Context, PO) ([]T, *Response, error)) iter.Seq2[T, error] {
	var base O
	if opts != nil {
		base = *opts
	}
	lo := PO(&base).listOptions()
	if lo.Count <= 0 {
		lo.Count = maxCount
	}
	return paginate.Seq2(ctx, max(lo.Start, 0), maxListPages, func(ctx context.Context, start int) ([]T, int, bool, error) {
		o := base
		PO(&o).listOptions().Start = start
		items, resp, err := fetch(ctx, &o)
		if err != nil {
			return nil, 0, false, err
		}
		next := start + len(items)
		more := len(items) > 0
		if resp.hasTotal {
			more = more && next < resp.Total
		}
		return items, next, more, nil
	})
}

// segment escapes one path segment given by a caller, such as an id.
// Empty, "." and ".." segments are refused: they would make the request
// go to another endpoint.
func segment(what, s string) (string, error) {
	if s == "" || s == "." || s == ".." {
		return "", fmt.Errorf("peertube: %s %q is not valid", what, s)
	}
	return url.PathEscape(s), nil
}

// videoPath returns "api/v1/videos/{id}" plus more path segments.
func videoPath(id string, more ...string) (string, error) {
	seg, err := segment("video id", id)
	if err != nil {
		return "", err
	}
	p := "api/v1/videos/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// withQuery adds opts to path as its query.
func withQuery(path string, opts any) (string, error) {
	p, err := query.AddTo(path, opts)
	if err != nil {
		return "", fmt.Errorf("peertube: %w", err)
	}
	return p, nil
}

// get is a GET of path with opts as its query, decoded into a new T.
func get[T any](ctx context.Context, c *Client, path string, opts any) (*T, *Response, error) {
	if opts != nil {
		var err error
		if path, err = withQuery(path, opts); err != nil {
			return nil, nil, err
		}
	}
	req, err := c.NewRequest(ctx, "GET", path, nil)
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	resp, err := c.Do(req, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// list is a GET of a list: path with opts as its query, its
// {"total": n, "data": [...]} answer decoded into a slice and the total.
func list[T any](ctx context.Context, c *Client, path string, opts any) ([]T, *Response, error) {
	p, resp, err := get[page[T]](ctx, c, path, opts)
	if err != nil {
		return nil, resp, err
	}
	if p.Total != nil {
		resp.Total, resp.hasTotal = *p.Total, true
	}
	return p.Data, resp, nil
}

// send is a request with a body (nil for none) whose answer, if any, is
// decoded into a new T; use struct{} for answers without a body.
func send[T any](ctx context.Context, c *Client, method, path string, body any) (*T, *Response, error) {
	req, err := c.NewRequest(ctx, method, path, body)
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	var out any = v
	if _, ok := out.(*struct{}); ok {
		out = nil // 204 No Content, or a body of no interest
	}
	resp, err := c.Do(req, out)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}
