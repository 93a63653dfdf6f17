// Package paginate turns a paged list API into one iterator over its
// items. Every list iterator of fedikit's API clients is built from
// [Seq2]: the Mastodon ones, which follow the max_id cursor of the Link
// header, and the PeerTube ones, which count an offset through start.
//
// # Cursors
//
// A cursor is whatever a page request needs to name its page: a string
// max_id, an integer offset, or a struct of several of them. A [Fetch]
// function takes one, requests that page and returns the page's items
// with the cursor of the next page:
//
//	type cursor struct{ MaxID string }
//
//	fetch := func(ctx context.Context, c cursor) ([]*Status, cursor, bool, error) {
//		statuses, resp, err := client.list(ctx, c.MaxID)
//		if err != nil {
//			return nil, cursor{}, false, err
//		}
//		return statuses, cursor{MaxID: resp.NextMaxID}, resp.NextMaxID != "", nil
//	}
//	for status, err := range paginate.Seq2(ctx, cursor{}, 0, fetch) {
//		if err != nil {
//			return err
//		}
//		…
//	}
//
// # Stopping
//
// The iterator fetches a page only when the consumer asks for an item
// beyond the ones it has, so breaking out of the loop costs no further
// request. It stops on its own when a page says there is no next one, at
// an empty page (a server that keeps saying "more" without giving any
// would otherwise be asked forever), at the first error, which it yields
// once, and when the context ends. A page limit guards against servers
// whose cursors go round in circles: past it the iterator yields
// [ErrTooManyPages].
package paginate
