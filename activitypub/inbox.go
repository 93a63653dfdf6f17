package activitypub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/webfinger"
)

// Errors of the inbox, logged with the reason a delivery was refused.
var (
	// ErrUnsupportedMediaType means the body was not sent as
	// ActivityStreams (415).
	ErrUnsupportedMediaType = errors.New("activitypub: not an ActivityStreams media type")
	// ErrActorMismatch means the signing key's owner is not the
	// activity's actor (403).
	ErrActorMismatch = errors.New("activitypub: key owner is not the actor")
	// ErrBlocked means the actor's domain is blocked (403).
	ErrBlocked = errors.New("activitypub: actor's domain is blocked")
	// ErrUntrustedObject means an embedded object from another origin
	// could not be fetched from its own (403).
	ErrUntrustedObject = errors.New("activitypub: embedded object from another origin could not be checked")
)

// ObjectFetcher fetches an object from its origin; [*Fetcher] is one.
type ObjectFetcher interface {
	Fetch(ctx context.Context, iri string) (*Document, error)
}

// InboxOptions configures an [Inbox]. The zero value of each field but
// Verifier means its default.
type InboxOptions struct {
	// Verifier checks the signature of each delivery, in either format;
	// its resolver finds the keys (see [NewKeyResolver]). Required.
	Verifier *httpsig.Verifier
	// Fetcher re-fetches embedded objects whose id is on another origin
	// than the actor (FEP-fe34). Nil refuses such activities.
	Fetcher ObjectFetcher
	// Seen records activity ids, to drop repeated deliveries. Default
	// NewMemorySeenStore(10000).
	Seen SeenStore
	// SeenTTL is how long an id is remembered. Default 24h.
	SeenTTL time.Duration
	// MaxBodySize caps a delivery's body. Default 1 MiB; more is 413.
	MaxBodySize int64
	// BlockedDomains, when set, refuses actors on the hosts it reports.
	BlockedDomains func(host string) bool
	// AcceptUnverified, when set, may let through a delivery whose
	// signature could not be verified (err says why), such as the Delete
	// of an actor whose key is gone. Such activities reach the handlers
	// with Verified false.
	AcceptUnverified func(r *http.Request, activity *Document, err error) bool
	// Keys, when set, is told to forget the keys an actor's Update
	// mentions (and the key that signed it), so that the next signature
	// by them is checked against a fresh fetch of the actor from its
	// origin: a key change carried inside an Update is never trusted as
	// such. [*KeyResolver] is one.
	Keys interface{ Forget(keyID string) }
	// Scheme is this server's URL scheme, used to recognise objects of
	// its own origin. Default "https"; "http" only for tests and private
	// deployments without TLS.
	Scheme string
	// Logger receives a record for every refused delivery. Default: none.
	Logger *slog.Logger
}

// Activity is a delivered activity, as handlers receive it.
type Activity struct {
	// Doc is the whole activity, every property kept.
	Doc *Document
	// Type is the activity's type, such as "Follow".
	Type string
	// Actor is the id of the activity's actor.
	Actor string
	// Object is the activity's object: an IRI or an embedded object
	// (fetched from its own origin when it came from another).
	Object Value
	// KeyID is the key that signed the delivery.
	KeyID string
	// Verified is false only for deliveries let through by
	// [InboxOptions].AcceptUnverified.
	Verified bool
}

// ActivityHandler handles one delivered activity. An error answers 500.
type ActivityHandler func(ctx context.Context, a *Activity) error

// Inbox is the http.Handler of a personal or shared inbox. It checks a
// delivery in this order, answering as Mastodon does: POST only (405),
// an ActivityStreams media type (415), the body size (413), the HTTP
// signature (401), the JSON (400), the key's owner being the activity's
// actor (403), blocked domains (403); then drops repeated activity ids
// (202), replaces embedded objects from another origin by a copy fetched
// from theirs (403 when that fails), and runs the handler registered for
// the activity's type, in the request, answering 202. Embedded objects on
// the inbox's own origin (the Follow inside an Accept) are left for the
// handler to look up in its own data. It is safe for
// concurrent use once its handlers are registered.
type Inbox struct {
	opts     InboxOptions
	logger   *slog.Logger
	mu       sync.RWMutex
	handlers map[string]ActivityHandler
	fallback ActivityHandler
}

// NewInbox returns an Inbox.
func NewInbox(opts *InboxOptions) (*Inbox, error) {
	if opts == nil || opts.Verifier == nil {
		return nil, errors.New("activitypub: an Inbox needs a Verifier")
	}
	o := *opts
	if o.Seen == nil {
		o.Seen = NewMemorySeenStore(0)
	}
	if o.SeenTTL <= 0 {
		o.SeenTTL = 24 * time.Hour
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultMaxSize
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Inbox{opts: o, logger: logger, handlers: map[string]ActivityHandler{}}, nil
}

// Handle registers h for activities of type typ ("Follow", "Create"…).
func (in *Inbox) Handle(typ string, h ActivityHandler) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.handlers[typ] = h
}

// HandleFallback registers h for activity types without a handler of
// their own. Without one, such activities are accepted and ignored.
func (in *Inbox) HandleFallback(h ActivityHandler) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.fallback = h
}

func (in *Inbox) refuse(w http.ResponseWriter, r *http.Request, status int, err error) {
	in.logger.InfoContext(r.Context(), "activitypub: refused delivery",
		slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("error", err))
	if status == http.StatusUnauthorized {
		httpsig.WriteUnauthorized(w, r, err)
		return
	}
	http.Error(w, http.StatusText(status), status)
}

// ServeHTTP handles one delivery.
func (in *Inbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	if !webfinger.IsActivityMediaType(r.Header.Get("Content-Type")) {
		in.refuse(w, r, http.StatusUnsupportedMediaType, ErrUnsupportedMediaType)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, in.opts.MaxBodySize))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			in.refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, in.opts.MaxBodySize))
		} else {
			in.refuse(w, r, http.StatusBadRequest, err)
		}
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))

	res, verr := in.opts.Verifier.VerifyRequest(r)
	doc, derr := Decode(body, &DecodeOptions{MaxSize: int(in.opts.MaxBodySize)})
	if verr != nil {
		if derr != nil || in.opts.AcceptUnverified == nil || !in.opts.AcceptUnverified(r, doc, verr) {
			in.refuse(w, r, http.StatusUnauthorized, verr)
			return
		}
	}
	if derr != nil {
		in.refuse(w, r, http.StatusBadRequest, derr)
		return
	}
	root := doc.Root()
	actor, ok := root.Get("actor").IRI()
	if !ok || actor == "" {
		in.refuse(w, r, http.StatusBadRequest, errors.New("activitypub: activity without an actor"))
		return
	}
	a := &Activity{Doc: doc, Type: root.Type(), Actor: actor, Verified: verr == nil}
	if res != nil {
		a.KeyID = res.KeyID
		if res.Owner != actor {
			in.refuse(w, r, http.StatusForbidden, fmt.Errorf("%w: key %s is owned by %s, the actor is %s", ErrActorMismatch, res.KeyID, res.Owner, actor))
			return
		}
	}
	if in.opts.BlockedDomains != nil {
		if u, err := url.Parse(actor); err != nil || in.opts.BlockedDomains(strings.ToLower(u.Hostname())) {
			in.refuse(w, r, http.StatusForbidden, fmt.Errorf("%w: %s", ErrBlocked, actor))
			return
		}
	}
	if id := root.ID(); id != "" {
		seen, err := in.opts.Seen.Seen(r.Context(), id, in.opts.SeenTTL)
		if err != nil {
			in.refuse(w, r, http.StatusInternalServerError, err)
			return
		}
		if seen {
			w.WriteHeader(http.StatusAccepted)
			return
		}
	}
	if obj, ok := root.Get("object").Object(); ok {
		if oid := obj.ID(); oid != "" && !sameOriginIRIs(oid, actor) && !sameOriginIRIs(oid, in.selfOrigin(r)) {
			// Not the actor's to vouch for: take the object from its own
			// origin, or refuse.
			if in.opts.Fetcher == nil {
				in.refuse(w, r, http.StatusForbidden, fmt.Errorf("%w: %s", ErrUntrustedObject, oid))
				return
			}
			fresh, err := in.opts.Fetcher.Fetch(r.Context(), oid)
			if err != nil {
				in.refuse(w, r, http.StatusForbidden, fmt.Errorf("%w: %s: %w", ErrUntrustedObject, oid, err))
				return
			}
			if err := root.Set("object", fresh); err != nil {
				in.refuse(w, r, http.StatusInternalServerError, err)
				return
			}
		}
	}
	a.Object = root.Get("object")
	if a.Type == "Update" && in.opts.Keys != nil {
		in.forgetKeys(a)
	}

	in.mu.RLock()
	h, ok := in.handlers[a.Type]
	if !ok {
		h = in.fallback
	}
	in.mu.RUnlock()
	if h != nil {
		if err := h(r.Context(), a); err != nil {
			in.logger.ErrorContext(r.Context(), "activitypub: inbox handler failed",
				slog.String("type", a.Type), slog.String("actor", actor), slog.Any("error", err))
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusAccepted)
}

// forgetKeys drops from the key cache the keys an actor's Update lists,
// and the key that signed it.
func (in *Inbox) forgetKeys(a *Activity) {
	obj, ok := a.Object.Object()
	if !ok || !isActorType(obj.Type()) {
		return
	}
	if a.KeyID != "" {
		in.opts.Keys.Forget(a.KeyID)
	}
	for _, k := range PublicKeys(obj) {
		in.opts.Keys.Forget(string(k.ID))
	}
	for _, k := range AssertionMethods(obj) {
		in.opts.Keys.Forget(string(k.ID))
	}
}

func isActorType(t string) bool {
	switch t {
	case "Person", "Service", "Group", "Application", "Organization":
		return true
	}
	return false
}

// selfOrigin is the origin of this server, as the request names it.
func (in *Inbox) selfOrigin(r *http.Request) string {
	scheme := "https"
	if r.TLS == nil && in.opts.Scheme == "http" {
		scheme = "http"
	}
	return scheme + "://" + r.Host + "/"
}
