package mastodon

import (
	"context"
	"errors"
	"iter"

	"github.com/fedikit/fedikit/internal/paginate"
)

// The v1 search (GET /api/v1/search) is left out: Mastodon 3.0 removed
// it.

// SearchType is the kind of result a search is limited to.
type SearchType string

// The kinds of search result.
const (
	// SearchAccounts finds accounts only.
	SearchAccounts SearchType = "accounts"
	// SearchHashtags finds hashtags only.
	SearchHashtags SearchType = "hashtags"
	// SearchStatuses finds statuses only.
	SearchStatuses SearchType = "statuses"
)

// SearchOptions are the options of [SearchService.Query].
type SearchOptions struct {
	// Type limits the search to one kind of result. Offset needs it.
	Type SearchType `url:"type,omitempty"`
	// Resolve lets the server look up what it does not know: a remote
	// account by WebFinger (user@other.example), or the status or
	// account at an https URL. It needs a user token.
	Resolve bool `url:"resolve,omitempty"`
	// Following keeps only accounts the user follows.
	Following bool `url:"following,omitempty"`
	// AccountID keeps only statuses of this account.
	AccountID ID `url:"account_id,omitempty"`
	// ExcludeUnreviewed leaves out hashtags the moderators have not
	// reviewed, as for trending hashtags.
	ExcludeUnreviewed bool `url:"exclude_unreviewed,omitempty"`
	// MaxID and MinID bound the IDs of the results.
	MaxID string `url:"max_id,omitempty"`
	MinID string `url:"min_id,omitempty"`
	// Limit is the number of results of each kind: Mastodon's default is
	// 20, its maximum 40.
	Limit int `url:"limit,omitempty"`
	// Offset skips the first results; it needs Type and a user token.
	Offset int `url:"offset,omitempty"`
}

// Query searches accounts, statuses and hashtags for q: a name, a
// handle, a hashtag, words or a URL. What is found depends on the
// server: Mastodon searches the text of statuses only with a search
// backend and a user token.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/search/#v2
//
// GET /api/v2/search
func (s *SearchService) Query(ctx context.Context, q string, opts *SearchOptions) (*Search, *Response, error) {
	if q == "" {
		return nil, nil, errors.New("mastodon: Query needs a query")
	}
	o := struct {
		Q string `url:"q"`
		*SearchOptions
	}{q, opts}
	return get[Search](ctx, s.client, "api/v2/search", &o)
}

// QueryAccountsAll is an iterator twin of [SearchService.Query] for
// accounts: it sets Type to accounts and walks the results by Offset,
// from opts.Offset, until a page is empty. Paging by offset needs a user
// token.
func (s *SearchService) QueryAccountsAll(ctx context.Context, q string, opts *SearchOptions) iter.Seq2[*Account, error] {
	return searchAll(ctx, s, q, opts, SearchAccounts, func(r *Search) []*Account { return r.Accounts },
		func(a *Account) string {
			if a == nil {
				return ""
			}
			return string(a.ID)
		})
}

// QueryStatusesAll is an iterator twin of [SearchService.Query] for
// statuses, as [SearchService.QueryAccountsAll] is for accounts.
func (s *SearchService) QueryStatusesAll(ctx context.Context, q string, opts *SearchOptions) iter.Seq2[*Status, error] {
	return searchAll(ctx, s, q, opts, SearchStatuses, func(r *Search) []*Status { return r.Statuses },
		func(st *Status) string {
			if st == nil {
				return ""
			}
			return string(st.ID)
		})
}

// QueryHashtagsAll is an iterator twin of [SearchService.Query] for
// hashtags, as [SearchService.QueryAccountsAll] is for accounts.
func (s *SearchService) QueryHashtagsAll(ctx context.Context, q string, opts *SearchOptions) iter.Seq2[*Tag, error] {
	return searchAll(ctx, s, q, opts, SearchHashtags, func(r *Search) []*Tag {
		tags := make([]*Tag, len(r.Hashtags))
		for i := range r.Hashtags {
			tags[i] = &r.Hashtags[i]
		}
		return tags
	}, func(t *Tag) string { return t.Name })
}

// searchCursor is where an offset walk of search results stands: the
// offset of the next page and the key of the first result of the last
// one.
type searchCursor struct {
	offset int
	first  string
}

// searchAll walks the results of one type by offset. A server that
// ignores the offset answers the same page again: the walk stops there.
func searchAll[T any](ctx context.Context, s *SearchService, q string, opts *SearchOptions, typ SearchType,
	pick func(*Search) []T, key func(T) string) iter.Seq2[T, error] {
	var base SearchOptions
	if opts != nil {
		base = *opts
	}
	base.Type = typ
	start := searchCursor{offset: base.Offset}
	return paginate.Seq2(ctx, start, maxListPages, func(ctx context.Context, c searchCursor) ([]T, searchCursor, bool, error) {
		o := base
		o.Offset = c.offset
		res, _, err := s.Query(ctx, q, &o)
		if err != nil {
			return nil, searchCursor{}, false, err
		}
		items := pick(res)
		if len(items) == 0 || (c.first != "" && key(items[0]) == c.first) {
			return nil, searchCursor{}, false, nil
		}
		return items, searchCursor{offset: c.offset + len(items), first: key(items[0])}, true, nil
	})
}
