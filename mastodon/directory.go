package mastodon

import (
	"context"
	"iter"

	"github.com/fedikit/fedikit/internal/paginate"
)

// DirectoryOrder is the order of the profile directory.
type DirectoryOrder string

// The orders of [DirectoryOptions].
const (
	// DirectoryActive puts the accounts that posted most recently
	// first. It is the default.
	DirectoryActive DirectoryOrder = "active"
	// DirectoryNew puts the newest accounts first.
	DirectoryNew DirectoryOrder = "new"
)

// DirectoryOptions are the options of [DirectoryService.List].
type DirectoryOptions struct {
	// Offset skips the first accounts.
	Offset int `url:"offset,omitempty"`
	// Limit is the number of accounts: Mastodon's default is 40, its
	// maximum 80.
	Limit int `url:"limit,omitempty"`
	// Order is the order of the accounts; empty means DirectoryActive.
	Order DirectoryOrder `url:"order,omitempty"`
	// Local keeps only the accounts of this server.
	Local bool `url:"local,omitempty"`
}

// List lists accounts of the profile directory: those that chose to be
// listed, known to the server (Mastodon 3.0). It is paged by Offset; see
// [DirectoryService.ListAll]. A server without a directory gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/directory/#get
//
// GET /api/v1/directory
func (s *DirectoryService) List(ctx context.Context, opts *DirectoryOptions) ([]*Account, *Response, error) {
	accounts, resp, err := list[*Account](ctx, s.client, "api/v1/directory", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/directory", true)
	}
	return accounts, resp, nil
}

// ListAll is the iterator twin of [DirectoryService.List]: it walks the
// directory by Offset, from opts.Offset, until a page is empty or
// repeats the one before (a server that ignores the offset).
func (s *DirectoryService) ListAll(ctx context.Context, opts *DirectoryOptions) iter.Seq2[*Account, error] {
	var base DirectoryOptions
	if opts != nil {
		base = *opts
	}
	return offsetPages(ctx, base.Offset, func(ctx context.Context, offset int) ([]*Account, error) {
		o := base
		o.Offset = offset
		accounts, _, err := s.List(ctx, &o)
		return accounts, err
	}, accountKey)
}

// accountKey identifies an account in an offset walk.
func accountKey(a *Account) string {
	if a == nil {
		return ""
	}
	return string(a.ID)
}

// offsetCursor is where a walk by offset stands: the offset of the next
// page and the key of the first entry of the last one.
type offsetCursor struct {
	offset int
	first  string
}

// offsetPages walks a list paged by offset (the directory, trends):
// fetch gets the page at an offset, starting at start and moving on by
// the length of each page, until a page is empty. A server that ignores
// the offset answers the same page again: the walk stops there, as it
// does when key gives the first entry of a page as "".
func offsetPages[T any](ctx context.Context, start int, fetch func(context.Context, int) ([]T, error), key func(T) string) iter.Seq2[T, error] {
	return paginate.Seq2(ctx, offsetCursor{offset: start}, maxListPages, func(ctx context.Context, c offsetCursor) ([]T, offsetCursor, bool, error) {
		items, err := fetch(ctx, c.offset)
		if err != nil {
			return nil, offsetCursor{}, false, err
		}
		if len(items) == 0 || (c.first != "" && key(items[0]) == c.first) {
			return nil, offsetCursor{}, false, nil
		}
		first := key(items[0])
		return items, offsetCursor{offset: c.offset + len(items), first: first}, first != "", nil
	})
}
