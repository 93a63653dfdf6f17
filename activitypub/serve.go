package activitypub

import (
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ContentType is the media type of the documents this package serves.
const ContentType = "application/activity+json; charset=utf-8"

// WriteDocument writes doc as the response, with status (200 when zero),
// the ActivityStreams Content-Type and "Vary: Accept". To a HEAD request
// it writes only the headers.
func WriteDocument(w http.ResponseWriter, r *http.Request, status int, doc *Document) error {
	if status == 0 {
		status = http.StatusOK
	}
	body := doc.AppendJSON(nil)
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Add("Vary", "Accept")
	w.WriteHeader(status)
	if r != nil && r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}

// WantsActivityStreams reports whether the request asks for an
// ActivityStreams document rather than a web page: its Accept header
// names application/activity+json or application/ld+json, with a quality
// at least that of text/html. Wildcards (*/*, application/*) name
// neither, so a browser gets the page and curl without an Accept header
// gets whatever the handler serves when nothing is asked for.
func WantsActivityStreams(r *http.Request) bool {
	as, html := -1.0, -1.0
	for _, field := range r.Header.Values("Accept") {
		for part := range strings.SplitSeq(field, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil || v < 0 || v > 1 {
					continue
				}
				q = v
			}
			switch mt {
			case "application/activity+json", "application/ld+json":
				as = max(as, q)
			case "text/html", "application/xhtml+xml":
				html = max(html, q)
			}
		}
	}
	return as > 0 && as >= html
}

// ObjectHandler serves one kind of ActivityStreams object (actors, notes,
// activities) from the caller's data, with content negotiation: an
// ActivityPub client (see [WantsActivityStreams]) gets the document, a
// browser is redirected to its web page.
//
// Mastodon and GoToSocial fetch actors with a signature when they run in
// authorized-fetch mode, and expect the same of others; wrap the handler in
// [github.com/fedikit/fedikit/httpsig.Middleware] to require one.
//
// An ObjectHandler is safe for concurrent use if its functions are.
type ObjectHandler struct {
	// Lookup returns the document requested by r. An error matching
	// [ErrNotFound] answers 404 and one matching [ErrGone] answers 410,
	// with the returned document (a Tombstone) as the body when it is
	// not nil; any other error answers 500 and is logged. Required.
	Lookup func(r *http.Request) (*Document, error)

	// HTML returns the URL of the web page of doc, to which requests
	// that do not ask for ActivityStreams are redirected (303 See
	// Other). Nil, or an empty URL, serves the document to every
	// request.
	HTML func(r *http.Request, doc *Document) string

	// Logger receives a record of every lookup that failed with an
	// error other than not found or gone. Nil discards them.
	Logger *slog.Logger
}

// ServeHTTP answers GET and HEAD requests; others get 405.
func (h *ObjectHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !allowRead(w, r) {
		return
	}
	doc, err := h.Lookup(r)
	if err != nil || doc == nil {
		writeLookupError(w, r, h.Logger, doc, err)
		return
	}
	if h.HTML != nil && !WantsActivityStreams(r) {
		if page := h.HTML(r, doc); page != "" {
			w.Header().Add("Vary", "Accept")
			http.Redirect(w, r, page, http.StatusSeeOther)
			return
		}
	}
	_ = WriteDocument(w, r, http.StatusOK, doc)
}

// allowRead answers 405 to methods other than GET and HEAD, and reports
// whether the request may go on.
func allowRead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

// writeLookupError answers a failed lookup: 404, 410 (with doc as the body
// when there is one) or 500.
func writeLookupError(w http.ResponseWriter, r *http.Request, log *slog.Logger, doc *Document, err error) {
	switch {
	case err == nil || errors.Is(err, ErrNotFound):
		http.Error(w, "not found", http.StatusNotFound)
	case errors.Is(err, ErrGone):
		if doc != nil {
			_ = WriteDocument(w, r, http.StatusGone, doc)
			return
		}
		http.Error(w, "gone", http.StatusGone)
	default:
		if log != nil {
			log.ErrorContext(r.Context(), "activitypub: lookup failed", "path", r.URL.Path, "error", err)
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

// NewTombstone returns the Tombstone that stands for a deleted object, to
// serve with 410 Gone: its id, its former type when known ("" omits it)
// and the time it was deleted (omitted when zero).
func NewTombstone(id, formerType string, deleted time.Time) (*Document, error) {
	if err := checkURL("id", id); err != nil {
		return nil, err
	}
	d := New("Tombstone")
	root := d.Root()
	if err := root.Set("id", id); err != nil {
		return nil, err
	}
	if formerType != "" {
		if err := root.Set("formerType", formerType); err != nil {
			return nil, err
		}
	}
	if !deleted.IsZero() {
		if err := root.Set("deleted", deleted.UTC().Format(time.RFC3339)); err != nil {
			return nil, err
		}
	}
	return d, nil
}
