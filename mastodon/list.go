package mastodon

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"slices"

	"github.com/fedikit/fedikit/internal/paginate"
	"github.com/fedikit/fedikit/internal/query"
)

// ListOptions are the pagination parameters of the lists that page
// through Link headers: timelines, notifications, followers, favourites.
// A list is newest first; MaxID asks for entries older than an id,
// SinceID for entries newer than an id (the newest ones), MinID for the
// entries just newer than an id (the page above it). Take the values from
// [Response] (NextMaxID, PrevMinID), not from the entities: some lists
// page by ids of their own.
//
// The iterator twins (the methods ending in All) walk towards older
// entries, or, when MinID is set, towards newer ones, oldest first: from
// a marker to the present, say.
type ListOptions struct {
	MaxID   string `url:"max_id,omitempty"`
	SinceID string `url:"since_id,omitempty"`
	MinID   string `url:"min_id,omitempty"`
	// Limit is the number of entries per page. Zero means the server's
	// default (20 for most lists, 40 for accounts); servers cap it.
	Limit int `url:"limit,omitempty"`
}

// listOptions gives the iterator helper access to the embedded
// ListOptions of an options struct.
func (o *ListOptions) listOptions() *ListOptions { return o }

// pager is an options struct that embeds ListOptions.
type pager interface {
	listOptions() *ListOptions
}

// maxListPages bounds an iterator's walk: at 40 entries a page, 100,000
// entries.
const maxListPages = 2500

// allPages is the iterator twin of a list method. It walks older
// entries by default: it calls fetch with a copy of opts, then again with
// MaxID set to each answer's next cursor, until a page has no next link
// or is empty. When opts sets MinID, it walks newer entries instead,
// from MinID up, following the prev cursors, and yields them oldest
// first. An error is yielded once and ends the walk; breaking out of the
// loop stops it without another request.
func allPages[T, O any, PO interface {
	*O
	pager
}](ctx context.Context, opts PO, fetch func(context.Context, PO) ([]T, *Response, error)) iter.Seq2[T, error] {
	var base O
	if opts != nil {
		base = *opts
	}
	newer := PO(&base).listOptions().MinID != ""
	return paginate.Seq2(ctx, "", maxListPages, func(ctx context.Context, cursor string) ([]T, string, bool, error) {
		o := base
		lo := PO(&o).listOptions()
		switch {
		case cursor == "":
		case newer:
			lo.MinID, lo.MaxID, lo.SinceID = cursor, "", ""
		default:
			// Walking older pages: min_id would pin the window.
			lo.MaxID, lo.MinID = cursor, ""
		}
		items, resp, err := fetch(ctx, &o)
		if err != nil {
			return nil, "", false, err
		}
		if newer {
			// A page comes newest first; the walk goes the other way.
			slices.Reverse(items)
			return items, resp.PrevMinID, resp.PrevMinID != "", nil
		}
		return items, resp.NextMaxID, resp.NextMaxID != "", nil
	})
}

// segment escapes one path segment given by a caller, such as an id.
// Empty, "." and ".." segments are refused: they would make the request
// go to another endpoint.
func segment(what, s string) (string, error) {
	if s == "" || s == "." || s == ".." {
		return "", fmt.Errorf("mastodon: %s %q is not valid", what, s)
	}
	return url.PathEscape(s), nil
}

// withQuery adds opts to path as its query.
func withQuery(path string, opts any) (string, error) {
	p, err := query.AddTo(path, opts)
	if err != nil {
		return "", fmt.Errorf("mastodon: %w", err)
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

// list is a GET of a list: path with opts as its query, decoded into a
// slice.
func list[T any](ctx context.Context, c *Client, path string, opts any) ([]T, *Response, error) {
	v, resp, err := get[[]T](ctx, c, path, opts)
	if err != nil {
		return nil, resp, err
	}
	return *v, resp, nil
}

// send is a request with a body (nil for none), decoded into a new T;
// a nil T pointer type argument of struct{} discards the answer.
func send[T any](ctx context.Context, c *Client, method, path string, body any) (*T, *Response, error) {
	req, err := c.NewRequest(ctx, method, path, body)
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
