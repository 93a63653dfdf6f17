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
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/webfinger"
	vocab "github.com/go-ap/activitypub"
	"github.com/valyala/fastjson"
)

// Errors of the inbox. Each refusal is logged with one of them (or with an
// httpsig error for a signature that does not verify, or a [*DecodeError]
// for a body that does not decode), so that errors.Is tells the reasons
// apart in a log handler.
var (
	// ErrMethodNotAllowed means the request was not a POST (405).
	ErrMethodNotAllowed = errors.New("activitypub: an inbox takes POST only")
	// ErrUnsupportedMediaType means the body was not sent as
	// ActivityStreams (415).
	ErrUnsupportedMediaType = errors.New("activitypub: not an ActivityStreams media type")
	// ErrNotActivity means the body decoded but is not an activity with a
	// type and an http(s) actor (400).
	ErrNotActivity = errors.New("activitypub: not an activity with a type and an actor")
	// ErrActorMismatch means the signing key's owner is not the
	// activity's actor (403).
	ErrActorMismatch = errors.New("activitypub: key owner is not the actor")
	// ErrBlocked means the actor's domain is blocked (403).
	ErrBlocked = errors.New("activitypub: actor's domain is blocked")
	// ErrUntrustedObject means an embedded object from another origin than
	// the actor's could not be fetched from its own (403).
	ErrUntrustedObject = errors.New("activitypub: embedded object from another origin could not be checked")
)

// ObjectFetcher fetches an object from its origin. An implementation must
// make sure that what it returns was served by the origin of iri, as the
// package's signed-fetch client does.
type ObjectFetcher interface {
	Fetch(ctx context.Context, iri string) (*Document, error)
}

// InboxOptions configures an [Inbox]. The zero value of each field but
// Verifier means its default.
type InboxOptions struct {
	// Verifier checks the signature of each delivery, in either format
	// (draft-cavage or RFC 9421), with its digest and time window; its
	// resolver finds the keys. Required.
	Verifier *httpsig.Verifier
	// Fetcher re-fetches embedded objects whose id is on another origin
	// than the actor (FEP-fe34). Nil refuses such activities with 403.
	Fetcher ObjectFetcher
	// Seen records activity ids, to drop repeated deliveries. Default
	// NewMemorySeenStore(10000).
	Seen SeenStore
	// SeenTTL is how long an id is remembered. Default 24h.
	SeenTTL time.Duration
	// MaxBodySize caps a delivery's body. Default 1 MiB
	// ([DefaultMaxSize]); a larger body is refused with 413.
	MaxBodySize int64
	// BlockedDomains, when set, refuses (403) actors on the hosts for
	// which it reports true. It gets the host in lower case, without a
	// port.
	BlockedDomains func(host string) bool
	// Proofs, when set, finds the keys of FEP-8b32 integrity proofs:
	// an activity that carries a proof ("proof", cryptosuite
	// eddsa-jcs-2022, checked by [VerifyProof]) is verified by it, with or
	// without an HTTP signature, so that an activity forwarded by another
	// server (inbox forwarding, a relay) is accepted on its actor's word.
	// The proof takes precedence over the HTTP signature, as FEP-8b32
	// says: a proof that does not verify is refused even when the
	// signature does. [*KeyResolver] is one; the Verifier's own resolver
	// will do. Nil: proofs are not checked, and the HTTP signature alone
	// decides.
	//
	// A proof has no time window: a replayed activity is caught only by
	// the Seen store, for SeenTTL.
	Proofs httpsig.KeyResolver
	// AcceptUnverified, when set, may let through a delivery whose
	// signature could not be verified (err says why; with Proofs set, it
	// also holds the reason the proof's key could not be had), such as
	// the Delete of an actor whose key is gone (the key fetch answered
	// 410). activity is the decoded body, which nothing vouches for. Such
	// activities reach the handlers with Verified false, and their ids
	// are not recorded as seen.
	AcceptUnverified func(r *http.Request, activity *Document, err error) bool
	// Keys, when set, is told to forget the keys an actor's Update
	// mentions (and the key that signed it), so that the next signature
	// by them is checked against a fresh fetch of the actor from its
	// origin: a key change carried inside an Update is never trusted as
	// such. [*KeyResolver] is one.
	Keys interface{ Forget(keyID string) }
	// Logger receives a record for every refused delivery and every
	// failed handler: the status, the reason and the actor, never the
	// body or the signature. Default: none.
	Logger *slog.Logger
}

// Activity is a delivered activity, as handlers receive it.
type Activity struct {
	// Doc is the whole activity, every property kept, with embedded
	// objects replaced as [Inbox] describes.
	Doc *Document
	// ID is the activity's id; empty for the rare activity without one.
	ID string
	// Type is the activity's type, such as "Follow".
	Type string
	// Actor is the id of the activity's actor.
	Actor string
	// Object is the activity's object, Doc's "object" property: an IRI,
	// an embedded object, or an array of them.
	Object Value
	// KeyID is the key that vouches for the delivery: the keyId of its
	// HTTP signature, or the verificationMethod of the integrity proof
	// that verified it (see [InboxOptions].Proofs); empty when it was not
	// verified.
	KeyID string
	// Verified is false only for deliveries let through by
	// [InboxOptions].AcceptUnverified.
	Verified bool
}

// ActivityHandler handles one delivered activity. It runs in the
// delivery's request, with its context; an error answers 500, which
// senders retry.
type ActivityHandler func(ctx context.Context, a *Activity) error

// Inbox is the http.Handler of a personal or shared inbox. It checks a
// delivery in this order, each refusal with its own status and error:
//
//   - the method is POST (405, [ErrMethodNotAllowed]);
//   - the Content-Type is application/activity+json, or
//     application/ld+json with the ActivityStreams profile (415,
//     [ErrUnsupportedMediaType]); plain application/json is refused, as
//     Mastodon does not send it;
//   - the body fits MaxBodySize (413, [ErrTooLarge]);
//   - with Proofs set, when the activity carries an integrity proof
//     (FEP-8b32), the proof verifies ([VerifyProof]; 401, [ErrBadProof] in
//     the log; 403, [ErrActorMismatch], when it was made by another actor
//     than the activity's); it then vouches for the delivery in place of
//     the HTTP signature, which need not be there or be the actor's. When
//     the proof's key cannot be had, the HTTP signature decides;
//   - otherwise the HTTP signature verifies, digest and time window
//     included (401, with the hints of [httpsig.WriteUnauthorized] and the
//     httpsig error in the log), unless AcceptUnverified lets the delivery
//     through;
//   - the body decodes (400, the [*DecodeError] with its path in the log)
//     into an activity with a type and an actor (400, [ErrNotActivity]);
//     with Proofs set it is decoded before the proof is checked, and a
//     body that does not decode is refused as unverified (401) unless the
//     HTTP signature verified;
//   - the key's owner, or the proof's controller, is exactly the
//     activity's actor (403, [ErrActorMismatch]);
//   - the actor's host is not blocked (403, [ErrBlocked]);
//   - the activity id was not seen within SeenTTL; a repeated one is
//     answered 202 without running a handler;
//   - embedded objects (the "object" property, and the objects of
//     embedded activities, a few levels deep) are checked by origin: one
//     on the actor's origin is the actor's to vouch for and is kept; one
//     on the host the request was sent to (the Follow inside an Accept)
//     is reduced to its id, for the handler to look up in its own data;
//     one on a third origin is replaced by the copy the Fetcher gets from
//     that origin, since the sender cannot vouch for it (403,
//     [ErrUntrustedObject], without a Fetcher or when the fetch fails);
//   - the object of a Create or an Update, when it names its authors
//     (attributedTo), names the actor among them (403, [ErrActorMismatch]):
//     a genuine post of someone else, re-fetched from its origin, is
//     still not the sender's to create.
//
// Then the handler registered for the activity's type runs, or the
// fallback, synchronously in the request: a handler with slow work to do
// should queue it and return. Without a handler the activity is answered
// 202 and ignored. A handler's error answers 500 and is logged; the id is
// then forgotten again if the SeenStore implements [SeenForgetter], so
// that the sender's retry is handled. Success answers 202 Accepted.
//
// An Inbox is safe for concurrent use, also while handlers are
// registered.
type Inbox struct {
	opts   InboxOptions
	logger *slog.Logger

	mu       sync.RWMutex
	handlers map[string]ActivityHandler
	fallback ActivityHandler
}

// NewInbox returns an Inbox configured by opts, which needs a Verifier.
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

// Handle registers h for activities of type typ, such as "Follow",
// "Undo", "Accept", "Create", "Delete", "Like" or "Announce". A later
// call for the same type replaces the handler.
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

// handler returns the handler for typ, or nil.
func (in *Inbox) handler(typ string) ActivityHandler {
	in.mu.RLock()
	defer in.mu.RUnlock()
	if h, ok := in.handlers[typ]; ok {
		return h
	}
	return in.fallback
}

// refuse logs err and answers status with a short reason.
func (in *Inbox) refuse(w http.ResponseWriter, r *http.Request, status int, reason string, err error, attrs ...slog.Attr) {
	attrs = append(attrs, slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("error", err))
	in.logger.LogAttrs(r.Context(), slog.LevelInfo, "activitypub: inbox refused a delivery", attrs...)
	if status == http.StatusUnauthorized {
		httpsig.WriteUnauthorized(w, r, err)
		return
	}
	http.Error(w, reason, status)
}

// fail logs err as an internal failure and answers 500.
func (in *Inbox) fail(w http.ResponseWriter, r *http.Request, msg string, err error, attrs ...slog.Attr) {
	attrs = append(attrs, slog.String("path", r.URL.Path), slog.Any("error", err))
	in.logger.LogAttrs(r.Context(), slog.LevelError, msg, attrs...)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// ServeHTTP checks one delivery and hands it to its handler, as [Inbox]
// describes.
func (in *Inbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		in.refuse(w, r, http.StatusMethodNotAllowed, "POST only", ErrMethodNotAllowed)
		return
	}
	if !webfinger.IsActivityMediaType(r.Header.Get("Content-Type")) {
		in.refuse(w, r, http.StatusUnsupportedMediaType, "expected application/activity+json", ErrUnsupportedMediaType)
		return
	}
	if r.ContentLength > in.opts.MaxBodySize {
		in.refuse(w, r, http.StatusRequestEntityTooLarge, "body too large", in.tooLarge())
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, in.opts.MaxBodySize))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			in.refuse(w, r, http.StatusRequestEntityTooLarge, "body too large", in.tooLarge())
		} else {
			in.refuse(w, r, http.StatusBadRequest, "unreadable body", err)
		}
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))

	res, verr := in.opts.Verifier.VerifyRequest(r)
	// keyID and owner are those of what vouches for the delivery: the
	// HTTP signature, or the integrity proof.
	var keyID, owner string
	if verr == nil {
		keyID, owner = res.KeyID, res.Owner
	}
	// Unless something may still vouch for it, an unverified body is not
	// even decoded.
	if verr != nil && in.opts.Proofs == nil && in.opts.AcceptUnverified == nil {
		in.refuse(w, r, http.StatusUnauthorized, "", verr)
		return
	}
	doc, derr := in.decode(body)
	if derr != nil {
		if verr != nil {
			in.refuse(w, r, http.StatusUnauthorized, "", verr)
		} else {
			in.refuse(w, r, http.StatusBadRequest, "malformed activity", derr, slog.String("key", keyID))
		}
		return
	}
	if in.opts.Proofs != nil {
		proof, perr := VerifyProof(r.Context(), doc, in.opts.Proofs)
		switch {
		case perr == nil:
			// The proof takes precedence over the HTTP signature.
			keyID, owner, verr = proof.VerificationMethod, proof.Controller, nil
		case errors.Is(perr, ErrNoProof):
		case errors.Is(perr, ErrActorMismatch):
			in.refuse(w, r, http.StatusForbidden, "proof made by another actor", perr)
			return
		case errors.Is(perr, ErrBadProof):
			in.refuse(w, r, http.StatusUnauthorized, "", perr)
			return
		case verr != nil:
			verr = errors.Join(verr, perr)
		default:
			// The proof's key could not be had; the signature stands.
			in.logger.LogAttrs(r.Context(), slog.LevelDebug, "activitypub: inbox could not check an integrity proof",
				slog.String("path", r.URL.Path), slog.Any("error", perr))
		}
	}
	if verr != nil && (in.opts.AcceptUnverified == nil || !in.opts.AcceptUnverified(r, doc, verr)) {
		in.refuse(w, r, http.StatusUnauthorized, "", verr)
		return
	}

	root := doc.Root()
	a := &Activity{Doc: doc, ID: root.ID(), Type: root.Type(), Verified: verr == nil}
	actor, _ := root.Get("actor").IRI()
	actorURL, perr := url.Parse(actor)
	if a.Type == "" || perr != nil || (actorURL.Scheme != "https" && actorURL.Scheme != "http") || actorURL.Host == "" {
		in.refuse(w, r, http.StatusBadRequest, "not an activity", ErrNotActivity)
		return
	}
	a.Actor = actor
	if a.Verified {
		a.KeyID = keyID
		if owner != actor {
			in.refuse(w, r, http.StatusForbidden, "key owner is not the actor", ErrActorMismatch,
				slog.String("key", keyID), slog.String("owner", owner), slog.String("actor", actor))
			return
		}
	}
	if in.opts.BlockedDomains != nil && in.opts.BlockedDomains(strings.ToLower(actorURL.Hostname())) {
		in.refuse(w, r, http.StatusForbidden, "blocked", ErrBlocked, slog.String("actor", actor))
		return
	}

	// Unverified activities are not recorded: their ids could shadow
	// those of real ones.
	var seenKey string
	if id := root.ID(); id != "" && a.Verified {
		seenKey = dedupeKey(id, actorURL)
		seen, err := in.opts.Seen.Seen(r.Context(), seenKey, in.opts.SeenTTL)
		if err != nil {
			in.fail(w, r, "activitypub: inbox seen store failed", err)
			return
		}
		if seen {
			in.logger.DebugContext(r.Context(), "activitypub: inbox dropped a repeated delivery",
				slog.String("id", id), slog.String("actor", actor))
			w.WriteHeader(http.StatusAccepted)
			return
		}
	}

	if err := in.checkObjects(r.Context(), root, actorURL, r.Host, 0); err != nil {
		in.forget(r.Context(), seenKey)
		if errors.Is(err, ErrUntrustedObject) {
			in.refuse(w, r, http.StatusForbidden, "embedded object from another origin", err, slog.String("actor", actor))
		} else {
			in.fail(w, r, "activitypub: inbox could not replace an embedded object", err, slog.String("actor", actor))
		}
		return
	}
	a.Object = root.Get("object")
	if a.Type == "Create" || a.Type == "Update" {
		// Only its author may create or edit a post: Mastodon ignores
		// a Create whose object another actor is credited with.
		for _, v := range a.Object.Array() {
			obj, ok := v.Object()
			if !ok {
				continue
			}
			if authors := iriList(obj.Get("attributedTo")); len(authors) > 0 && !slices.Contains(authors, vocab.IRI(actor)) {
				in.forget(r.Context(), seenKey)
				in.refuse(w, r, http.StatusForbidden, "object attributed to another actor", ErrActorMismatch,
					slog.String("actor", actor), slog.String("object", obj.ID()))
				return
			}
		}
	}
	if a.Type == "Update" && in.opts.Keys != nil {
		in.forgetKeys(a)
	}

	if h := in.handler(a.Type); h != nil {
		if err := h(r.Context(), a); err != nil {
			in.forget(r.Context(), seenKey)
			in.fail(w, r, "activitypub: inbox handler failed", err, slog.String("type", a.Type), slog.String("actor", actor))
			return
		}
	}
	w.WriteHeader(http.StatusAccepted)
}

func (in *Inbox) tooLarge() error {
	return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, in.opts.MaxBodySize)
}

func (in *Inbox) decode(body []byte) (*Document, error) {
	return Decode(body, &DecodeOptions{MaxSize: int(in.opts.MaxBodySize)})
}

// forget undoes the recording of key, when there is one and the store can.
func (in *Inbox) forget(ctx context.Context, key string) {
	if key == "" {
		return
	}
	if f, ok := in.opts.Seen.(SeenForgetter); ok {
		if err := f.Forget(ctx, key); err != nil {
			in.logger.WarnContext(ctx, "activitypub: inbox seen store failed to forget", slog.Any("error", err))
		}
	}
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

// maxObjectDepth is how deep checkObjects follows embedded activities,
// as in an Announce of a Create of a Note.
const maxObjectDepth = 3

// checkObjects checks the objects embedded in holder's "object" property
// against trusted, the origin that vouches for holder, as [Inbox]
// describes. self is the host the delivery was sent to.
func (in *Inbox) checkObjects(ctx context.Context, holder Object, trusted *url.URL, self string, depth int) error {
	v := holder.Get("object")
	if !v.Exists() {
		return nil
	}
	items := v.Array()
	out := make([]any, len(items))
	changed := false
	for i, it := range items {
		out[i] = it
		obj, ok := it.Object()
		if !ok {
			continue
		}
		id := obj.ID()
		switch {
		case id == "" || onOrigin(id, trusted):
			// The voucher's own; what it embeds is checked in turn.
			if depth < maxObjectDepth {
				if err := in.checkObjects(ctx, obj, trusted, self, depth+1); err != nil {
					return err
				}
			}
		case onHost(id, self):
			out[i], changed = id, true
		default:
			fresh, err := in.fetchObject(ctx, id)
			if err != nil {
				return err
			}
			origin, _ := url.Parse(id) // parsed by onOrigin already
			if depth < maxObjectDepth {
				if err := in.checkObjects(ctx, fresh.Root(), origin, self, depth+1); err != nil {
					return err
				}
			}
			out[i], changed = fresh, true
		}
	}
	if !changed {
		return nil
	}
	if v.v.Type() != fastjson.TypeArray {
		return holder.Set("object", out[0])
	}
	return holder.Set("object", out)
}

// fetchObject fetches the object id from its origin with the Fetcher.
func (in *Inbox) fetchObject(ctx context.Context, id string) (*Document, error) {
	if in.opts.Fetcher == nil {
		return nil, fmt.Errorf("%w: %s (no Fetcher)", ErrUntrustedObject, id)
	}
	doc, err := in.opts.Fetcher.Fetch(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrUntrustedObject, id, err)
	}
	if got := doc.Root().ID(); got != id {
		return nil, fmt.Errorf("%w: %s: the fetched object's id is %q", ErrUntrustedObject, id, got)
	}
	return doc, nil
}

// dedupeKey is the SeenStore key of an activity: its id, or for an id on
// another origin than its actor, the actor's origin, a space and the id,
// so that one server cannot mark another's activities as seen.
func dedupeKey(id string, actor *url.URL) string {
	if onOrigin(id, actor) {
		return id
	}
	return actor.Scheme + "://" + actor.Host + " " + id
}

// onOrigin reports whether iri is on the origin (scheme, host and port)
// of u. Hosts compare without regard to case, default ports included.
func onOrigin(iri string, u *url.URL) bool {
	v, err := url.Parse(iri)
	if err != nil || v.Host == "" {
		return false
	}
	return strings.EqualFold(v.Scheme, u.Scheme) && originHost(v) == originHost(u)
}

// onHost reports whether iri is on host (a Host header value, with a
// port or not), whatever its scheme.
func onHost(iri, host string) bool {
	v, err := url.Parse(iri)
	return err == nil && v.Host != "" && strings.EqualFold(v.Host, host)
}

// originHost is u's host in lower case with its port, the scheme's
// default port when it has none.
func originHost(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(u.Hostname()) + ":" + port
}
