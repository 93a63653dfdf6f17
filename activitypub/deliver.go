package activitypub

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/safehttp"
)

// Defaults of [DelivererOptions].
const (
	DefaultPerHostConcurrency = 4
	DefaultMaxConcurrency     = 64
	DefaultMaxAttempts        = 8
	DefaultCircuitThreshold   = 10
	DefaultCircuitCooldown    = 5 * time.Minute
	DefaultPollInterval       = time.Second
)

// maxRetryAfter caps how long a Retry-After header may hold a job back.
const maxRetryAfter = 24 * time.Hour

// ErrUnknownInbox means the inboxes of a recipient could not be found: the
// [InboxResolver] gave neither an inbox nor a shared inbox.
var ErrUnknownInbox = errors.New("activitypub: recipient has no inbox")

// InboxResolver finds the inboxes of an actor, usually by fetching the
// actor document (and caching it). sharedInbox is the actor's
// endpoints.sharedInbox, or "" when it has none.
type InboxResolver interface {
	Inboxes(ctx context.Context, actor string) (inbox, sharedInbox string, err error)
}

// DelivererOptions configures a [Deliverer]. Inboxes is required, and
// either KeyID and Signer or Keys; the zero value of every other field
// means its default.
type DelivererOptions struct {
	// KeyID is the keyId deliveries are signed as, such as
	// "https://example.social/users/alice#main-key", when Keys is nil or
	// has no key for the activity's actor. It must be on the same host as
	// the actors whose activities it signs.
	KeyID string
	// Signer is the private key of KeyID. Every POST is signed with it,
	// with a Digest and Content-Digest of the body: first as RFC 9421,
	// then as draft-cavage for hosts that refuse that, remembered per host.
	Signer crypto.Signer
	// Keys, when set, holds the keys of the server's actors: each
	// activity is signed with a key of its actor (the first RSA key, as
	// Mastodon verifies only those, else the first key), so that one
	// Deliverer, and one Queue, serve every actor of a server. The job
	// records the keyId, and whichever Deliverer sends it signs with that
	// key.
	Keys KeyStore

	// Inboxes finds the inboxes of recipients.
	Inboxes InboxResolver
	// Followers expands the sender's followers collection. Without it,
	// addressing the followers collection is reported as an error.
	Followers FollowerStore
	// FollowersOf returns the IRI of actor's followers collection, which
	// Deliver expands through Followers. Default: actor + "/followers",
	// as Mastodon, GoToSocial, Misskey and Pleroma lay out their IRIs.
	FollowersOf func(actor string) string

	// Queue holds the deliveries. Default: [NewMemoryQueue]. A [Queue] is
	// worked by [Deliverer.Run] or [Deliverer.Flush]; an [Enqueuer] that
	// is not a Queue runs its own workers, which call [Deliverer.Attempt].
	Queue Enqueuer

	// AllowLoopback, AllowPrivate and AllowHTTP allow inboxes on loopback
	// and private addresses and over plain http. For tests and private
	// deployments; by default every such delivery is refused.
	AllowLoopback, AllowPrivate, AllowHTTP bool
	// Resolver resolves host names. Default: [net.DefaultResolver].
	Resolver interface {
		LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	}
	// TLSClientConfig is the TLS configuration of connections to inboxes
	// (it is cloned). Default: Go's, verifying against the system roots.
	TLSClientConfig *tls.Config

	// PerHostConcurrency is how many requests may be in flight to one
	// host at once. Default [DefaultPerHostConcurrency].
	PerHostConcurrency int
	// MaxConcurrency is how many requests may be in flight at once in all.
	// Default [DefaultMaxConcurrency].
	MaxConcurrency int
	// MaxAttempts is how many times a delivery is tried before it is
	// given up. Default [DefaultMaxAttempts].
	MaxAttempts int
	// Backoff returns how long to wait after the attempt-th failed attempt
	// (from 1) before the next. Default: exponential from 30 seconds with
	// full jitter, capped at 6 hours. A Retry-After header on a 429 or 503
	// answer takes precedence.
	Backoff func(attempt int) time.Duration
	// CircuitThreshold is how many consecutive failures (network errors,
	// 5xx and 429 answers) of a host open its circuit breaker: its
	// deliveries are then held for CircuitCooldown before one is tried
	// again. Default [DefaultCircuitThreshold]. A held delivery is not
	// counted as an attempt by [NewMemoryQueue] nor by [Deliverer.Attempt];
	// other queues worked by Run count it, since [Queue] has only Retry to
	// put a job back.
	CircuitThreshold int
	// CircuitCooldown is how long an open circuit breaker holds a host's
	// deliveries. Default [DefaultCircuitCooldown].
	CircuitCooldown time.Duration
	// PollInterval is how often [Deliverer.Run] asks the queue for jobs
	// when it has not been woken by a new delivery. Default
	// [DefaultPollInterval].
	PollInterval time.Duration

	// Now is the clock that schedules retries. Default [time.Now].
	Now func() time.Time
	// Logger receives a debug record for every attempt. Default: none.
	Logger *slog.Logger
	// OnResult, when set, is called once for each delivery (one activity
	// to one inbox) when it is delivered or given up, from the goroutine
	// that made the last attempt. A server drops the followers whose
	// inbox is Gone, for instance.
	OnResult func(Result)
}

// Result is the outcome of delivering one activity to one inbox.
type Result struct {
	// Inbox is the inbox URL.
	Inbox string
	// Activity is the id of the activity.
	Activity string
	// Status is the HTTP status of the last answer, or 0 when there was
	// none.
	Status int
	// Err is the error of the last attempt; nil when Delivered.
	Err error
	// Attempts is how many times the delivery was tried.
	Attempts int
	// Gone reports that the inbox answered 404 Not Found or 410 Gone: the
	// recipient is no more, and should be forgotten.
	Gone bool
	// Delivered reports that the inbox accepted the activity with a 2xx
	// answer.
	Delivered bool
}

// Report says what [Deliverer.Deliver] queued.
type Report struct {
	// Queued lists the inboxes a delivery is queued for, each once,
	// including those that already had this activity queued.
	Queued []string
	// Errors holds, by recipient IRI (or inbox URL, when queueing
	// failed), why a recipient got no delivery.
	Errors map[string]error
}

// StatusError is the error of a delivery that an inbox answered with a
// status other than 2xx.
type StatusError struct {
	// Inbox is the inbox URL.
	Inbox string
	// StatusCode is the HTTP status.
	StatusCode int
}

// Error names the inbox and the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("activitypub: delivery to %s: %d %s", e.Inbox, e.StatusCode, http.StatusText(e.StatusCode))
}

// Deliverer delivers activities to their recipients' inboxes: Deliver
// works out the inboxes and queues one job per inbox, Run (or Flush) sends
// them, signed, retrying failures with backoff. Delivery is at least once:
// a receiver may see an activity again after a crash or a lost answer, and
// is expected to dedupe by activity id.
//
// A Deliverer is safe for concurrent use.
type Deliverer struct {
	opts   DelivererOptions
	client *http.Client // signs as opts.KeyID
	so     safehttp.Options
	queue  Enqueuer
	log    *slog.Logger

	keyMu   sync.Mutex
	clients map[string]*http.Client // by keyId, for keys from opts.Keys

	wake chan struct{} // signalled when work may be ready

	mu    sync.Mutex
	hosts map[string]*hostState
	flow  int           // requests in flight, all hosts
	freed chan struct{} // closed when a slot is freed; nil when none waits
}

// hostState is the per-host state of a Deliverer.
type hostState struct {
	active    int       // requests in flight
	failures  int       // consecutive failures
	openUntil time.Time // circuit breaker open until then
}

// NewDeliverer returns a Deliverer configured by opts.
func NewDeliverer(opts *DelivererOptions) (*Deliverer, error) {
	if opts == nil {
		return nil, errors.New("activitypub: NewDeliverer needs options")
	}
	o := *opts
	if (o.KeyID == "" || o.Signer == nil) && o.Keys == nil {
		return nil, errors.New("activitypub: NewDeliverer needs a KeyID and a Signer, or Keys")
	}
	if o.Inboxes == nil {
		return nil, errors.New("activitypub: NewDeliverer needs an InboxResolver")
	}
	if o.Queue == nil {
		o.Queue = NewMemoryQueue()
	}
	if o.FollowersOf == nil {
		o.FollowersOf = func(actor string) string { return actor + "/followers" }
	}
	if o.PerHostConcurrency <= 0 {
		o.PerHostConcurrency = DefaultPerHostConcurrency
	}
	if o.MaxConcurrency <= 0 {
		o.MaxConcurrency = DefaultMaxConcurrency
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Backoff == nil {
		o.Backoff = defaultBackoff
	}
	if o.CircuitThreshold <= 0 {
		o.CircuitThreshold = DefaultCircuitThreshold
	}
	if o.CircuitCooldown <= 0 {
		o.CircuitCooldown = DefaultCircuitCooldown
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	so := safehttp.Options{
		AllowLoopback:   o.AllowLoopback,
		AllowPrivate:    o.AllowPrivate,
		AllowHTTP:       o.AllowHTTP,
		TLSClientConfig: o.TLSClientConfig,
		// A POST is not followed through redirects: the standard client
		// would turn it into a GET.
		MaxRedirects: -1,
	}
	if o.Resolver != nil {
		so.Resolver = o.Resolver
	}
	d := &Deliverer{
		opts:    o,
		so:      so,
		queue:   o.Queue,
		log:     log,
		wake:    make(chan struct{}, 1),
		hosts:   make(map[string]*hostState),
		clients: make(map[string]*http.Client),
	}
	if o.KeyID != "" && o.Signer != nil {
		var err error
		if d.client, err = d.newClient(o.KeyID, o.Signer); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// ErrQueueNotLeasable is returned by [Deliverer.Run] and [Deliverer.Flush]
// when the Deliverer's queue is an [Enqueuer] with its own workers, not a
// [Queue] they can lease jobs from.
var ErrQueueNotLeasable = errors.New("activitypub: the delivery queue runs its own workers")

// ErrNoSigningKey means a delivery cannot be signed: there is no key of
// the activity's actor, or the default key is on another host.
var ErrNoSigningKey = errors.New("activitypub: no key to sign the delivery")

// newClient returns an HTTP client that signs as keyID.
func (d *Deliverer) newClient(keyID string, key crypto.Signer) (*http.Client, error) {
	signer, err := httpsig.NewSigner(keyID, key, nil)
	if err != nil {
		return nil, fmt.Errorf("activitypub: %w", err)
	}
	so := d.so
	so.Wrap = func(rt http.RoundTripper) http.RoundTripper {
		return httpsig.NewTransport(signer, rt, &httpsig.TransportOptions{DoubleKnock: true})
	}
	return safehttp.NewClient(so), nil
}

// signingKey chooses the keyId that signs the activities of actor.
func (d *Deliverer) signingKey(ctx context.Context, actor string) (string, error) {
	if d.opts.Keys != nil && actor != "" {
		keys, err := d.opts.Keys.Keys(ctx, actor)
		if err != nil {
			return "", fmt.Errorf("activitypub: keys of %s: %w", quoteShort(actor), err)
		}
		if k := preferredKey(keys); k != nil {
			return k.ID, nil
		}
	}
	if d.client == nil {
		return "", fmt.Errorf("%w: %s has no key", ErrNoSigningKey, quoteShort(actor))
	}
	if actor != "" && !sameOrigin(d.opts.KeyID, actor) {
		return "", fmt.Errorf("%w: key %s cannot sign for %s, on another host", ErrNoSigningKey, quoteShort(d.opts.KeyID), quoteShort(actor))
	}
	return d.opts.KeyID, nil
}

// preferredKey returns the first RSA key, else the first key.
func preferredKey(keys []*ActorKey) *ActorKey {
	for _, k := range keys {
		if _, ok := k.Signer.Public().(*rsa.PublicKey); ok {
			return k
		}
	}
	if len(keys) > 0 {
		return keys[0]
	}
	return nil
}

// clientFor returns the client that signs job as its key.
func (d *Deliverer) clientFor(ctx context.Context, job Job) (*http.Client, error) {
	if job.KeyID == "" || (job.KeyID == d.opts.KeyID && d.client != nil) {
		if d.client == nil {
			return nil, fmt.Errorf("%w: the job names no key", ErrNoSigningKey)
		}
		return d.client, nil
	}
	d.keyMu.Lock()
	c := d.clients[job.KeyID]
	d.keyMu.Unlock()
	if c != nil {
		return c, nil
	}
	if d.opts.Keys == nil || job.Actor == "" {
		return nil, fmt.Errorf("%w: key %s is not this Deliverer's", ErrNoSigningKey, quoteShort(job.KeyID))
	}
	keys, err := d.opts.Keys.Keys(ctx, job.Actor)
	if err != nil {
		return nil, fmt.Errorf("activitypub: keys of %s: %w", quoteShort(job.Actor), err)
	}
	for _, k := range keys {
		if k.ID != job.KeyID {
			continue
		}
		c, err := d.newClient(k.ID, k.Signer)
		if err != nil {
			return nil, err
		}
		d.keyMu.Lock()
		if prev := d.clients[k.ID]; prev != nil {
			c = prev
		} else {
			d.clients[k.ID] = c
		}
		d.keyMu.Unlock()
		return c, nil
	}
	return nil, fmt.Errorf("%w: %s has no key %s", ErrNoSigningKey, quoteShort(job.Actor), quoteShort(job.KeyID))
}

// defaultBackoff waits a random time up to 30s·2^(attempt-1), at most 6h.
func defaultBackoff(attempt int) time.Duration {
	const base, ceiling = 30 * time.Second, 6 * time.Hour
	d := ceiling
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 20 {
		d = min(base<<(attempt-1), ceiling)
	}
	return rand.N(d + 1)
}

// signal wakes a waiting Run or Flush.
func (d *Deliverer) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// resolveWorkers bounds the concurrent inbox lookups of one Deliver.
const resolveWorkers = 16

// Deliver queues activity for its recipients and returns what it queued;
// Run or Flush sends it (or the queue's own workers). It is [Deliverer.Jobs]
// followed by one Enqueue of all the jobs.
//
// The recipients are the IRIs given, or, when none is given, those of
// the activity's to, cc, bto, bcc and audience. The public collection is
// skipped, in any spelling, and so is the activity's actor: a sender never
// delivers to itself. The sender's followers collection (see
// [DelivererOptions].FollowersOf) is expanded through the FollowerStore;
// every other recipient is taken as an actor, whose inboxes the
// InboxResolver finds. A recipient with a shared inbox gets the activity
// there, so that each server receives it once. Recipients that could not
// be resolved are in the Report's Errors; they do not make Deliver fail.
// Followers on the sender's own server are delivered to like any other:
// a server that handles local delivery itself leaves them out of the
// FollowerStore it gives, or passes the recipients it wants.
//
// The activity is sent without bto and bcc, its own and those of the
// object it embeds. It must have an id, which
// with the inbox identifies each delivery: delivering the same activity
// again queues nothing for the inboxes that still have it queued. Deliver
// only reads activity, and does not keep it.
func (d *Deliverer) Deliver(ctx context.Context, activity *Document, recipients ...string) (*Report, error) {
	jobs, rep, err := d.Jobs(ctx, activity, recipients...)
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return rep, nil
	}
	if err := d.queue.Enqueue(ctx, jobs...); err != nil {
		err = fmt.Errorf("activitypub: queueing %d deliveries: %w", len(jobs), err)
		for _, job := range jobs {
			rep.Errors[job.Inbox] = err
		}
		return rep, err
	}
	for _, job := range jobs {
		rep.Queued = append(rep.Queued, job.Inbox)
	}
	d.signal()
	return rep, nil
}

// Jobs works out the deliveries of activity to its recipients as
// [Deliverer.Deliver] does, and returns them, one job per inbox, without
// queueing them. The Report lists the recipients that get no delivery;
// its Queued is empty. A server that stores a post and queues its
// deliveries in one database transaction calls Jobs first (it may fetch
// actors over the network, so better outside the transaction), then its
// queue's transactional enqueue.
func (d *Deliverer) Jobs(ctx context.Context, activity *Document, recipients ...string) ([]Job, *Report, error) {
	if activity == nil {
		return nil, nil, errors.New("activitypub: Deliver of a nil activity")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	root := activity.Root()
	id := root.ID()
	if id == "" {
		return nil, nil, errors.New("activitypub: Deliver of an activity without an id")
	}
	actor, _ := root.Get("actor").IRI()
	keyID, err := d.signingKey(ctx, actor)
	if err != nil {
		return nil, nil, err
	}
	body, err := deliveryBody(activity)
	if err != nil {
		return nil, nil, err
	}
	if len(recipients) == 0 {
		recipients = root.Recipients()
	}

	rep := &Report{Errors: make(map[string]error)}
	var actors []string
	seen := make(map[string]bool)
	addActor := func(iri string) {
		if iri == "" || iri == actor || isPublicString(iri) || seen[iri] {
			return
		}
		seen[iri] = true
		actors = append(actors, iri)
	}
	followers := ""
	if actor != "" {
		followers = d.opts.FollowersOf(actor)
	}
	for _, r := range recipients {
		if r == "" || isPublicString(r) || r == actor {
			continue
		}
		if r != followers {
			addActor(r)
			continue
		}
		if seen[r] {
			continue
		}
		seen[r] = true
		if d.opts.Followers == nil {
			rep.Errors[r] = errors.New("activitypub: no FollowerStore to expand the followers collection")
			continue
		}
		for f, err := range d.opts.Followers.Followers(ctx, actor) {
			if err != nil {
				rep.Errors[r] = fmt.Errorf("activitypub: listing followers of %s: %w", actor, err)
				break
			}
			addActor(f)
		}
	}

	inboxes := d.resolveInboxes(ctx, actors, rep)

	now := d.opts.Now()
	jobs := make([]Job, 0, len(inboxes))
	for _, inbox := range inboxes {
		jobs = append(jobs, Job{ID: newJobID(), Inbox: inbox, Body: body, Activity: id, Actor: actor, KeyID: keyID, NotBefore: now})
	}
	return jobs, rep, nil
}

// deliveryBody encodes activity without bto and bcc, on the activity and
// on the objects it embeds.
func deliveryBody(activity *Document) ([]byte, error) {
	body, err := activity.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("activitypub: encoding the activity: %w", err)
	}
	if !stripBlind(activity.Root(), false) {
		return body, nil
	}
	cp, err := Decode(body, &DecodeOptions{MaxSize: len(body) + 1})
	if err != nil {
		return nil, fmt.Errorf("activitypub: copying the activity: %w", err)
	}
	stripBlind(cp.Root(), true)
	return cp.MarshalJSON()
}

// stripBlind reports whether o or the objects in its object property have
// a bto or bcc, and deletes them if del is set.
func stripBlind(o Object, del bool) bool {
	objects := []Object{o}
	for _, v := range o.Get("object").Array() {
		if obj, ok := v.Object(); ok {
			objects = append(objects, obj)
		}
	}
	found := false
	for _, obj := range objects {
		for _, name := range [...]string{"bto", "bcc"} {
			if !obj.Has(name) {
				continue
			}
			found = true
			if del {
				obj.Delete(name)
			}
		}
	}
	return found
}

// resolveInboxes finds the inbox of each actor, preferring shared
// inboxes, and returns them each once, in the order of actors. Failures go
// into rep.
func (d *Deliverer) resolveInboxes(ctx context.Context, actors []string, rep *Report) []string {
	type answer struct {
		inbox string
		err   error
	}
	answers := make([]answer, len(actors))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(resolveWorkers, len(actors)) {
		wg.Go(func() {
			for i := range next {
				inbox, shared, err := d.opts.Inboxes.Inboxes(ctx, actors[i])
				switch {
				case err != nil:
					answers[i].err = fmt.Errorf("activitypub: finding the inbox of %s: %w", actors[i], err)
				case shared != "":
					answers[i].inbox = shared
				case inbox != "":
					answers[i].inbox = inbox
				default:
					answers[i].err = fmt.Errorf("%w: %s", ErrUnknownInbox, actors[i])
				}
				if answers[i].err == nil {
					if err := checkInboxURL(answers[i].inbox); err != nil {
						answers[i] = answer{err: err}
					}
				}
			}
		})
	}
	for i := range actors {
		next <- i
	}
	close(next)
	wg.Wait()

	var out []string
	seen := make(map[string]bool)
	for i, a := range answers {
		if a.err != nil {
			rep.Errors[actors[i]] = a.err
			continue
		}
		if !seen[a.inbox] {
			seen[a.inbox] = true
			out = append(out, a.inbox)
		}
	}
	return out
}

// checkInboxURL reports whether inbox is an absolute http or https URL.
func checkInboxURL(inbox string) error {
	u, err := url.Parse(inbox)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("activitypub: inbox %q is not an http(s) URL", inbox)
	}
	return nil
}

// Run sends the queued deliveries until ctx is done, then waits for the
// requests in flight to finish (they are not cancelled) and returns
// ctx.Err(). Jobs are leased from the Queue; a delivery answered with 2xx
// is done. Network errors, 5xx and 429 answers are retried after the
// Backoff, or after the Retry-After the answer gives, up to MaxAttempts;
// other answers are given up at once, 404 and 410 reported as Gone. At
// most PerHostConcurrency requests go to one host at a time, and a host
// that failed CircuitThreshold times in a row has its deliveries held for
// CircuitCooldown.
//
// Several Run calls (in one process or several, on a shared Queue) may
// run at once.
func (d *Deliverer) Run(ctx context.Context) error {
	return d.process(ctx, false)
}

// Flush sends the queued deliveries that are due, and the retries that
// come due while it runs, until no job is due or in flight, and returns
// nil; or ctx.Err() when ctx is done first (or the Queue's error when it
// fails to lease), after the requests in flight have finished. Jobs
// scheduled for later (retries, hosts held by the circuit breaker) stay
// queued. It is for tests and short-lived programs; servers use Run.
func (d *Deliverer) Flush(ctx context.Context) error {
	return d.process(ctx, true)
}

// runner is one Run or Flush: its leased jobs waiting for a free slot on
// their host, and its requests in flight.
type runner struct {
	d       *Deliverer
	reqCtx  context.Context // not cancelled with the Run's context
	wg      sync.WaitGroup
	done    chan struct{} // signalled when a request finishes
	mu      sync.Mutex
	held    int              // jobs leased and not yet acked or put back
	waiting map[string][]Job // by host: leased, waiting for a slot
	stopped bool
}

// process is Run (once false) or Flush (once true).
func (d *Deliverer) process(ctx context.Context, once bool) error {
	queue, ok := d.queue.(Queue)
	if !ok {
		return ErrQueueNotLeasable
	}
	r := &runner{
		d:       d,
		reqCtx:  context.WithoutCancel(ctx),
		done:    make(chan struct{}, 1),
		waiting: make(map[string][]Job),
	}
	maxHeld := 4 * d.opts.MaxConcurrency
	timer := time.NewTimer(d.opts.PollInterval)
	defer timer.Stop()
	var err error
	for {
		if err = ctx.Err(); err != nil {
			break
		}
		r.mu.Lock()
		free := maxHeld - r.held
		idle := r.held == 0 // nothing can be put back after this
		r.mu.Unlock()
		var jobs []Job
		if free > 0 {
			jobs, err = queue.Lease(ctx, d.opts.Now(), free)
			if err != nil {
				if ctx.Err() != nil {
					err = ctx.Err()
					break
				}
				if once {
					err = fmt.Errorf("activitypub: leasing deliveries: %w", err)
					break
				}
				d.log.WarnContext(ctx, "activitypub: leasing deliveries", slog.Any("error", err))
				err = nil
			}
		}
		for _, job := range jobs {
			r.dispatch(job)
		}
		if len(jobs) > 0 && len(jobs) == free {
			continue // there may be more
		}
		if once && idle && len(jobs) == 0 {
			break
		}
		if len(jobs) > 0 {
			continue
		}
		r.pump()
		timer.Reset(d.opts.PollInterval)
		select {
		case <-ctx.Done():
		case <-r.done:
		case <-d.wake:
		case <-timer.C:
		}
	}
	r.stop()
	return err
}

// dispatch starts job, or keeps it waiting for a slot on its host, or
// holds it back while the host's circuit breaker is open.
func (r *runner) dispatch(job Job) {
	d := r.d
	host := jobHost(job.Inbox)
	r.mu.Lock()
	r.held++
	r.mu.Unlock()

	d.mu.Lock()
	h := d.host(host)
	if until := h.openUntil; d.opts.Now().Before(until) {
		d.mu.Unlock()
		r.putBack(job, until, false)
		return
	}
	if h.active >= d.opts.PerHostConcurrency || d.flow >= d.opts.MaxConcurrency {
		d.mu.Unlock()
		r.mu.Lock()
		r.waiting[host] = append(r.waiting[host], job)
		r.mu.Unlock()
		return
	}
	h.active++
	d.flow++
	d.mu.Unlock()
	r.start(host, job)
}

// host returns the state of host. d.mu must be held.
func (d *Deliverer) host(host string) *hostState {
	h := d.hosts[host]
	if h == nil {
		h = &hostState{}
		d.hosts[host] = h
	}
	return h
}

// start sends job in a new goroutine, then the jobs waiting for its
// host. A slot on host is taken.
func (r *runner) start(host string, job Job) {
	r.wg.Go(func() {
		for {
			r.attempt(host, job)
			var ok bool
			job, ok = r.next(host)
			if !ok {
				return
			}
		}
	})
}

// next frees the slot on host and returns the next job waiting for host,
// if it may go now, keeping the slot. Jobs waiting for other hosts that
// may go now are started.
func (r *runner) next(host string) (Job, bool) {
	d := r.d
	r.mu.Lock()
	d.mu.Lock()
	d.releaseLocked(host)
	var job Job
	ok := false
	if !r.stopped {
		job, ok = r.takeLocked(host, d.opts.Now())
	}
	d.mu.Unlock()
	r.mu.Unlock()
	r.pump()
	r.signalDone()
	return job, ok
}

// pump starts the waiting jobs that may go now and puts back those whose
// host's circuit breaker is open.
func (r *runner) pump() {
	d := r.d
	type hostJob struct {
		host string
		job  Job
	}
	var starts, holds []hostJob
	var until []time.Time
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return
	}
	d.mu.Lock()
	now := d.opts.Now()
	for h, list := range r.waiting {
		if open := d.host(h).openUntil; now.Before(open) {
			for _, job := range list {
				holds = append(holds, hostJob{h, job})
				until = append(until, open)
			}
			delete(r.waiting, h)
			continue
		}
		for {
			job, ok := r.takeLocked(h, now)
			if !ok {
				break
			}
			starts = append(starts, hostJob{h, job})
		}
	}
	d.mu.Unlock()
	r.mu.Unlock()
	for _, s := range starts {
		r.start(s.host, s.job)
	}
	for i, h := range holds {
		r.putBack(h.job, until[i], false)
	}
}

// takeLocked removes the first job waiting for host and takes a slot for
// it, when the host and the Deliverer have a slot free and the host's
// circuit breaker is closed. r.mu and d.mu must be held.
func (r *runner) takeLocked(host string, now time.Time) (Job, bool) {
	d := r.d
	list := r.waiting[host]
	if len(list) == 0 {
		return Job{}, false
	}
	st := d.host(host)
	if st.active >= d.opts.PerHostConcurrency || d.flow >= d.opts.MaxConcurrency || now.Before(st.openUntil) {
		return Job{}, false
	}
	job := list[0]
	if len(list) == 1 {
		delete(r.waiting, host)
	} else {
		r.waiting[host] = list[1:]
	}
	st.active++
	d.flow++
	return job, true
}

// signalDone wakes the runner's loop.
func (r *runner) signalDone() {
	select {
	case r.done <- struct{}{}:
	default:
	}
}

// stop waits for the requests in flight, then puts back the jobs still
// waiting for a slot.
func (r *runner) stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
	r.wg.Wait()
	r.mu.Lock()
	waiting := r.waiting
	r.waiting = nil
	r.mu.Unlock()
	now := r.d.opts.Now()
	for _, list := range waiting {
		for _, job := range list {
			r.putBack(job, now, false)
		}
	}
}

// putBack returns a leased job to the queue, due at at. counted says
// whether an attempt was made.
func (r *runner) putBack(job Job, at time.Time, counted bool) {
	d := r.d
	var err error
	if h, ok := d.queue.(queueHolder); ok && !counted {
		err = h.hold(r.reqCtx, job.ID, at)
	} else {
		err = d.queue.(Queue).Retry(r.reqCtx, job.ID, at)
	}
	if err != nil {
		d.log.WarnContext(r.reqCtx, "activitypub: putting back a delivery", slog.String("inbox", job.Inbox), slog.Any("error", err))
	}
	r.release()
}

// ack removes a finished job from the queue.
func (r *runner) ack(job Job) {
	if err := r.d.queue.(Queue).Ack(r.reqCtx, job.ID); err != nil {
		r.d.log.WarnContext(r.reqCtx, "activitypub: acknowledging a delivery", slog.String("inbox", job.Inbox), slog.Any("error", err))
	}
	r.release()
}

// release counts a held job as returned.
func (r *runner) release() {
	r.mu.Lock()
	r.held--
	r.mu.Unlock()
	r.signalDone()
}

// attempt sends job once and acks it, retries it or gives it up.
func (r *runner) attempt(host string, job Job) {
	o := r.d.try(r.reqCtx, host, job)
	switch {
	case o.Done:
		r.ack(job)
		if r.d.opts.OnResult != nil {
			r.d.opts.OnResult(o.Result)
		}
	default:
		r.putBack(job, o.RetryAt, o.Attempted)
	}
}

// Outcome is what one call of [Deliverer.Attempt] came to.
type Outcome struct {
	// Result is the delivery's result so far.
	Result Result
	// Done reports that the delivery is over: delivered, or given up
	// (refused, gone, out of attempts, or impossible to sign). OnResult
	// has been called with Result. The job is to be removed.
	Done bool
	// RetryAt is, when Done is false, when the job is due again.
	RetryAt time.Time
	// Attempted reports that a request was made, which counts as an
	// attempt. It is false when the host's circuit breaker held the job
	// back, when no request slot for its host came free in time, or when
	// ctx ended during the request: the job is to be put back without
	// counting an attempt.
	Attempted bool
}

// slotWait is how long Attempt waits for a request slot on a busy host
// before it hands the job back.
const slotWait = 2 * time.Second

// Attempt makes one attempt at job, under the Deliverer's policy, for a
// durable queue that runs its own workers (see [Enqueuer]); [Deliverer.Run]
// does the same for the jobs it leases. job.Attempt is how many attempts
// were made before this one.
//
// Attempt waits for a request slot on the job's host (PerHostConcurrency,
// MaxConcurrency), at most a couple of seconds, and signs and sends the
// job. A 2xx answer makes the delivery Done; so does a refusal (other 4xx,
// 404 and 410 reported as Gone) and the last allowed attempt. A network
// error, 5xx or 429 answer otherwise asks for a retry at the time the
// Backoff or the answer's Retry-After gives. A host whose circuit breaker
// is open is not tried: the Outcome asks for the job again when the
// breaker closes, with Attempted false. The request is cancelled with
// ctx, and the job is then put back without counting an attempt. When the
// Outcome is Done, OnResult has been called.
//
// The worker maps the Outcome to its queue: remove the job when Done,
// else put it back due at RetryAt, counting an attempt only when
// Attempted.
func (d *Deliverer) Attempt(ctx context.Context, job Job) Outcome {
	host := jobHost(job.Inbox)
	if at, ok := d.acquire(ctx, host); !ok {
		return Outcome{
			Result:  Result{Inbox: job.Inbox, Activity: job.Activity, Attempts: job.Attempt, Err: ctx.Err()},
			RetryAt: at,
		}
	}
	o := d.try(ctx, host, job)
	d.mu.Lock()
	d.releaseLocked(host)
	d.mu.Unlock()
	if o.Done && d.opts.OnResult != nil {
		d.opts.OnResult(o.Result)
	}
	return o
}

// acquire takes a request slot on host, waiting up to slotWait for one.
// When it cannot, it returns false and when the job should be tried
// again: when the host's circuit breaker closes, or at once.
func (d *Deliverer) acquire(ctx context.Context, host string) (time.Time, bool) {
	timer := time.NewTimer(slotWait)
	defer timer.Stop()
	for {
		d.mu.Lock()
		h := d.host(host)
		now := d.opts.Now()
		if now.Before(h.openUntil) {
			until := h.openUntil
			d.mu.Unlock()
			return until, false
		}
		if h.active < d.opts.PerHostConcurrency && d.flow < d.opts.MaxConcurrency {
			h.active++
			d.flow++
			d.mu.Unlock()
			return time.Time{}, true
		}
		if d.freed == nil {
			d.freed = make(chan struct{})
		}
		freed := d.freed
		d.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return now, false
		case <-timer.C:
			return d.opts.Now(), false
		}
	}
}

// releaseLocked frees a request slot on host and wakes the Attempts
// waiting for one. d.mu must be held.
func (d *Deliverer) releaseLocked(host string) {
	st := d.host(host)
	st.active--
	d.flow--
	if st.active == 0 && st.failures == 0 && st.openUntil.IsZero() {
		delete(d.hosts, host) // nothing to remember
	}
	if d.freed != nil {
		close(d.freed)
		d.freed = nil
	}
}

// try sends job once, holding a request slot on host, and says what comes
// next. It updates the host's circuit breaker; the caller acks or puts
// back the job and calls OnResult.
func (d *Deliverer) try(ctx context.Context, host string, job Job) Outcome {
	attempts := job.Attempt + 1
	client, err := d.clientFor(ctx, job)
	if err != nil {
		if ctx.Err() != nil {
			return Outcome{Result: Result{Inbox: job.Inbox, Activity: job.Activity, Err: err, Attempts: job.Attempt}, RetryAt: d.opts.Now()}
		}
		// Nothing was sent: the host is not to blame, and trying again
		// will not find the key.
		d.log.WarnContext(ctx, "activitypub: delivery cannot be signed",
			slog.String("inbox", job.Inbox), slog.String("activity", job.Activity), slog.Any("error", err))
		return Outcome{Result: Result{Inbox: job.Inbox, Activity: job.Activity, Err: err, Attempts: attempts}, Done: true}
	}
	status, retryAfter, err := d.post(ctx, client, job)
	res := Result{Inbox: job.Inbox, Activity: job.Activity, Status: status, Err: err, Attempts: attempts}
	now := d.opts.Now()
	if err != nil && status == 0 && ctx.Err() != nil {
		// Cancelled by the caller, not failed by the host.
		res.Attempts = job.Attempt
		return Outcome{Result: res, RetryAt: now}
	}

	retryable := false
	switch {
	case err == nil:
		res.Delivered = true
	case status == 0:
		// No answer: retry, unless the address or scheme is refused.
		retryable = !errors.Is(err, safehttp.ErrForbiddenAddress) && !errors.Is(err, safehttp.ErrInsecureScheme)
	case status == http.StatusTooManyRequests || status >= 500:
		retryable = true
	case status == http.StatusNotFound || status == http.StatusGone:
		res.Gone = true
	}
	failed := err != nil && (status == 0 || retryable)

	d.mu.Lock()
	h := d.host(host)
	if failed {
		h.failures++
		if h.failures >= d.opts.CircuitThreshold {
			h.openUntil = now.Add(d.opts.CircuitCooldown)
		}
	} else {
		h.failures = 0
		h.openUntil = time.Time{}
	}
	d.mu.Unlock()

	d.log.DebugContext(ctx, "activitypub: delivery attempt",
		slog.String("inbox", job.Inbox), slog.String("activity", job.Activity),
		slog.Int("attempt", attempts), slog.Int("status", status), slog.Any("error", err))

	if retryable && attempts < d.opts.MaxAttempts {
		wait := d.opts.Backoff(attempts)
		if retryAfter > 0 {
			wait = retryAfter
		}
		return Outcome{Result: res, RetryAt: now.Add(wait), Attempted: true}
	}
	return Outcome{Result: res, Done: true, Attempted: true}
}

// post sends job once. It returns the status of the answer (0 for none),
// the wait its Retry-After asks for, and an error for anything but 2xx.
func (d *Deliverer) post(ctx context.Context, client *http.Client, job Job) (int, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, job.Inbox, bytes.NewReader(job.Body))
	if err != nil {
		return 0, 0, fmt.Errorf("activitypub: delivery to %s: %w", job.Inbox, err)
	}
	req.Header.Set("Content-Type", "application/activity+json")
	resp, err := client.Do(req)
	if err != nil {
		if resp != nil {
			// A redirect, which is not followed.
			_ = resp.Body.Close()
			return resp.StatusCode, 0, &StatusError{Inbox: job.Inbox, StatusCode: resp.StatusCode}
		}
		return 0, 0, fmt.Errorf("activitypub: delivery to %s: %w", job.Inbox, err)
	}
	// Read a little of the body so that the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, 0, nil
	}
	var wait time.Duration
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		wait = retryAfter(resp.Header.Get("Retry-After"), d.opts.Now())
	}
	return resp.StatusCode, wait, &StatusError{Inbox: job.Inbox, StatusCode: resp.StatusCode}
}

// retryAfter reads a Retry-After value, in seconds or as an HTTP date,
// as a wait from now: 0 when there is none or it is in the past, at most
// maxRetryAfter.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return max(0, min(d, maxRetryAfter))
}

// jobHost returns the host[:port] of an inbox URL.
func jobHost(inbox string) string {
	if u, err := url.Parse(inbox); err == nil {
		return u.Host
	}
	return inbox
}
