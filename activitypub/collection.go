package activitypub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
)

// DefaultPageSize is the number of items in a page that a
// [CollectionHandler] serves unless told otherwise.
const DefaultPageSize = 20

// CollectionHandler serves a collection (an outbox, followers, following,
// featured, likes) as an OrderedCollection whose items come in pages, as
// Mastodon and GoToSocial serve theirs:
//
//	GET /users/alice/followers                   the collection: totalItems and the first page's IRI
//	GET /users/alice/followers?page=true         the first OrderedCollectionPage
//	GET /users/alice/followers?page=true&cursor=c the page that starts at cursor c
//
// A CollectionHandler is safe for concurrent use if its functions are.
type CollectionHandler struct {
	// ID returns the IRI of the collection that r asks for, the id of the
	// document served; pages are this IRI with the page query. An error
	// matching [ErrNotFound] answers 404, [ErrGone] 410, anything else
	// 500. Required.
	ID func(r *http.Request) (string, error)

	// Count returns the number of items, served as totalItems. Nil
	// leaves totalItems out.
	Count func(r *http.Request) (int, error)

	// Page returns up to limit items of the page that starts at cursor
	// ("" for the first page), in the collection's order (newest first
	// for an outbox), and the cursor of the next page, "" after the last
	// one. Cursors are the handler's own: an offset, the id of the last
	// item, an opaque token. Each item is an IRI (a string), a
	// [*Document], an [Object] or a json.RawMessage.
	//
	// Nil serves only the collection, with totalItems and no pages: how
	// Mastodon serves the followers of an account that hides them.
	Page func(r *http.Request, cursor string, limit int) (items []any, next string, err error)

	// PageSize is the limit passed to Page. Zero means
	// [DefaultPageSize].
	PageSize int

	// Inline serves the first page's items in the collection document
	// itself, without pages, when they are all of it (no next cursor):
	// how Mastodon serves featured posts.
	Inline bool

	// Unordered serves a Collection and CollectionPages, with "items",
	// instead of the ordered kinds.
	Unordered bool

	// Logger receives a record of every failure other than not found or
	// gone. Nil discards them.
	Logger *slog.Logger
}

// ServeHTTP answers GET and HEAD requests; others get 405.
func (h *CollectionHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !allowRead(w, r) {
		return
	}
	doc, err := h.document(r)
	if err != nil {
		writeLookupError(w, r, h.Logger, nil, err)
		return
	}
	_ = WriteDocument(w, r, http.StatusOK, doc)
}

// document builds the collection or the page that r asks for.
func (h *CollectionHandler) document(r *http.Request) (*Document, error) {
	id, err := h.ID(r)
	if err != nil {
		return nil, err
	}
	if err := checkURL("collection id", id); err != nil {
		return nil, err
	}
	kind, pageKind, itemsKey := "OrderedCollection", "OrderedCollectionPage", "orderedItems"
	if h.Unordered {
		kind, pageKind, itemsKey = "Collection", "CollectionPage", "items"
	}
	limit := h.PageSize
	if limit <= 0 {
		limit = DefaultPageSize
	}
	q := r.URL.Query()
	_, paged := q["page"]
	if h.Page == nil {
		paged = false
	}

	var doc *Document
	if paged {
		cursor := q.Get("cursor")
		doc = New(pageKind)
		root := doc.Root()
		items, next, err := h.Page(r, cursor, limit)
		if err != nil {
			return nil, err
		}
		if err := root.Set("id", pageIRI(id, cursor)); err != nil {
			return nil, err
		}
		if err := root.Set("partOf", id); err != nil {
			return nil, err
		}
		if next != "" {
			if err := root.Set("next", pageIRI(id, next)); err != nil {
				return nil, err
			}
		}
		if err := setItems(root, itemsKey, items); err != nil {
			return nil, err
		}
	} else {
		doc = New(kind)
		if err := doc.Root().Set("id", id); err != nil {
			return nil, err
		}
	}

	root := doc.Root()
	if h.Count != nil {
		n, err := h.Count(r)
		if err != nil {
			return nil, err
		}
		if err := root.Set("totalItems", n); err != nil {
			return nil, err
		}
	}
	if paged || h.Page == nil {
		return doc, nil
	}
	if h.Inline {
		items, next, err := h.Page(r, "", limit)
		if err != nil {
			return nil, err
		}
		if next == "" {
			return doc, setItems(root, itemsKey, items)
		}
	}
	return doc, root.Set("first", pageIRI(id, ""))
}

// setItems sets the items of a collection or page, checking their types.
func setItems(o Object, key string, items []any) error {
	vals := make([]any, len(items))
	for i, it := range items {
		switch x := it.(type) {
		case string, *Document, Object, json.RawMessage:
			vals[i] = x
		default:
			return fmt.Errorf("activitypub: collection item %d is a %T, not an IRI or a document", i, it)
		}
	}
	return o.Set(key, vals)
}

// pageIRI is the IRI of the page of collection id that starts at cursor.
func pageIRI(id, cursor string) string {
	u, err := url.Parse(id)
	if err != nil {
		return id
	}
	q := u.Query()
	q.Set("page", "true")
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// ErrCollectionLimit is yielded by [Fetcher.Items] when a collection has
// more pages or items than its limits allow; the items before it were
// yielded.
var ErrCollectionLimit = errors.New("activitypub: collection larger than the walk limits")

// ItemsOptions bounds a walk of a remote collection by [Fetcher.Items]. A
// nil *ItemsOptions, and zero fields, mean the defaults.
type ItemsOptions struct {
	// MaxPages is how many pages are fetched at most. Default 50.
	MaxPages int
	// MaxItems is how many items are yielded at most. Default 10000.
	MaxItems int
}

// Items walks the collection at iri (a Collection or OrderedCollection,
// or one of their pages) page by page, fetching each page with f, and
// yields its items in order: each is an IRI or an embedded object
// ([Value.IRI], [Value.Object]). It stops at the first error, which it
// yields once: a fetch error, a page on another origin than the
// collection ([ErrOriginMismatch]), a page seen before, or
// [ErrCollectionLimit]. Breaking out of the loop stops fetching.
//
//	for item, err := range fetcher.Items(ctx, outbox, nil) {
//		if err != nil { … }
//		…
//	}
func (f *Fetcher) Items(ctx context.Context, iri string, opts *ItemsOptions) iter.Seq2[Value, error] {
	maxPages, maxItems := 50, 10000
	if opts != nil && opts.MaxPages > 0 {
		maxPages = opts.MaxPages
	}
	if opts != nil && opts.MaxItems > 0 {
		maxItems = opts.MaxItems
	}
	return func(yield func(Value, error) bool) {
		w := &walk{f: f, origin: iri, maxPages: maxPages, maxItems: maxItems}
		doc, err := w.fetch(ctx, iri)
		if err != nil {
			yield(Value{}, err)
			return
		}
		page := doc.Root()
		// A collection yields its own items, if it has any, then follows
		// first; a page yields its items and follows next.
		atCollection := !hasType(page, NSActivityStreams+"CollectionPage") &&
			!hasType(page, NSActivityStreams+"OrderedCollectionPage")
		embedded := false
		for {
			items := page.Get("orderedItems").Array()
			if len(items) == 0 {
				items = page.Get("items").Array()
			}
			if len(items) == 0 && !atCollection && !embedded {
				// An empty page ends the walk even if it points further:
				// GoToSocial links a next page from its last one.
				return
			}
			for _, it := range items {
				if w.items >= w.maxItems {
					yield(Value{}, fmt.Errorf("%w: more than %d items in %s", ErrCollectionLimit, w.maxItems, quoteShort(iri)))
					return
				}
				w.items++
				if !yield(it, nil) {
					return
				}
			}
			link := "next"
			if atCollection {
				link = "first"
			}
			atCollection = false
			nv := page.Get(link)
			if o, ok := nv.Object(); ok && (o.Has("orderedItems") || o.Has("items")) {
				// An embedded page (Mastodon embeds the first page of
				// replies) is as trustworthy as the document it is in.
				if err := w.visit(o.ID()); err != nil {
					yield(Value{}, err)
					return
				}
				page, embedded = o, true
				continue
			}
			nextIRI, ok := firstIRI(nv)
			if !ok {
				return
			}
			doc, err := w.fetch(ctx, string(nextIRI))
			if err != nil {
				yield(Value{}, err)
				return
			}
			page, embedded = doc.Root(), false
		}
	}
}

// walk is the state of one [Fetcher.Items] walk.
type walk struct {
	f                  *Fetcher
	origin             string
	seen               []string
	pages, items       int
	maxPages, maxItems int
}

// visit records a page id, refusing one seen before and one too many.
func (w *walk) visit(id string) error {
	if id != "" && slices.Contains(w.seen, id) {
		return fmt.Errorf("activitypub: collection page %s comes round again", quoteShort(id))
	}
	if w.pages >= w.maxPages {
		return fmt.Errorf("%w: more than %d pages in %s", ErrCollectionLimit, w.maxPages, quoteShort(w.origin))
	}
	w.pages++
	if id != "" {
		w.seen = append(w.seen, id)
	}
	return nil
}

// fetch fetches a page of the collection, which must be on the
// collection's origin.
func (w *walk) fetch(ctx context.Context, iri string) (*Document, error) {
	if iri != w.origin && !sameOriginIRIs(iri, w.origin) {
		return nil, fmt.Errorf("%w: page %s of collection %s", ErrOriginMismatch, quoteShort(iri), quoteShort(w.origin))
	}
	if err := w.visit(iri); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return w.f.Fetch(ctx, iri)
}
