package paginate

import (
	"context"
	"errors"
	"iter"
)

// ErrTooManyPages is yielded by an iterator from [Seq2] that has fetched
// its maximum number of pages while the last one still announced more.
var ErrTooManyPages = errors.New("paginate: too many pages")

// Fetch fetches one page for the given cursor and returns its items, the
// cursor of the next page and whether there is a next page. The next
// cursor is only used when more is true. When err is non-nil the other
// results are ignored.
type Fetch[T, C any] func(ctx context.Context, cursor C) (items []T, next C, more bool, err error)

// Seq2 returns an iterator over all items of all pages, starting at
// cursor first: it fetches a page, yields its items one by one, then
// fetches the next while more is true.
//
// Before each fetch it checks ctx, and if ctx is done yields ctx.Err()
// and stops. On an error from fetch it yields the zero T with the error,
// once, and stops; items of earlier pages have been yielded by then. It
// stops at once when the consumer breaks, without fetching again. It
// stops without an error at a page with no items even if more is true,
// so that a server that keeps announcing more cannot loop it forever.
// If maxPages > 0 it fetches at most maxPages pages; if the last of them
// still announces more it yields the zero T with [ErrTooManyPages] and
// stops. maxPages <= 0 means no limit.
//
// The iterator may be ranged over more than once; each time it starts
// again at first. Ranging over it from several goroutines at once is
// safe if fetch is.
func Seq2[T, C any](ctx context.Context, first C, maxPages int, fetch Fetch[T, C]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cursor := first
		for pages := 0; ; pages++ {
			if maxPages > 0 && pages >= maxPages {
				yield(zero, ErrTooManyPages)
				return
			}
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, next, more, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if !more || len(items) == 0 {
				return
			}
			cursor = next
		}
	}
}

// Collect ranges over seq and returns its items in order. At the first
// error it stops and returns the items collected so far with that error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var all []T
	for item, err := range seq {
		if err != nil {
			return all, err
		}
		all = append(all, item)
	}
	return all, nil
}
