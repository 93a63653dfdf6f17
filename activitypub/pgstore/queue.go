package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/fedikit/fedikit/activitypub"
)

// DeliveryKind is the River job kind of a delivery: one activity to one
// inbox.
const DeliveryKind = "fedikit_delivery"

// Defaults of [QueueOptions].
const (
	DefaultQueueName     = "fedikit_delivery"
	DefaultWorkers       = 100
	DefaultMaxAttempts   = 100
	DefaultJobTimeout    = time.Minute
	DefaultFetchCooldown = 20 * time.Millisecond
)

// QueueOptions configures a [Queue]. A nil *QueueOptions, and the zero
// value of each field, mean the defaults.
type QueueOptions struct {
	// QueueName is the River queue the deliveries go to. Default
	// [DefaultQueueName].
	QueueName string
	// Workers is how many deliveries this process works at once, once
	// started. Default [DefaultWorkers]. The Deliverer's
	// PerHostConcurrency and MaxConcurrency also apply.
	Workers int
	// MaxAttempts is River's ceiling on the attempts of one delivery, a
	// safety net: the Deliverer's own MaxAttempts gives up first. Default
	// [DefaultMaxAttempts].
	MaxAttempts int
	// JobTimeout bounds one attempt. Default [DefaultJobTimeout].
	JobTimeout time.Duration
	// RescueAfter is how long a delivery may stay running before it is
	// taken for the job of a dead process and made due again. It must be
	// longer than JobTimeout. Default: JobTimeout plus one minute.
	RescueAfter time.Duration
	// FetchCooldown is the shortest time between two fetches of jobs by
	// this process, which caps its throughput. Default
	// [DefaultFetchCooldown].
	FetchCooldown time.Duration
	// FetchPollInterval is how often an idle process looks for jobs when
	// no notification of new ones came. Default: River's, one second.
	FetchPollInterval time.Duration
	// CompletedRetention is how long a delivered job is kept. While it is
	// kept, queueing the same activity for the same inbox again does
	// nothing. Default: River's, 24 hours.
	CompletedRetention time.Duration
	// DeadRetention is how long a dead letter (a delivery given up) is
	// kept. Default: River's, 7 days.
	DeadRetention time.Duration
	// PruneInterval is how often the stores are pruned: the seen
	// activity ids older than SeenRetention, and the expired entries of
	// the key cache, are deleted. One process of those that started a
	// Queue does it (River's leader), when it starts and then every
	// interval. Default [DefaultPruneInterval]; a negative value turns
	// the pruning off (call [SeenStore.Prune] and [KeyCacheStore.Prune]
	// yourself then).
	PruneInterval time.Duration
	// SeenRetention is how long a seen activity id is kept. It must be
	// at least the SeenTTL of the Inboxes that use the [SeenStore], or a
	// repeated delivery could be handled twice. Default
	// [DefaultSeenRetention], twice the Inbox's default SeenTTL.
	SeenRetention time.Duration

	// Logger receives River's log records and ours. Default: none.
	Logger *slog.Logger
}

// Queue keeps the deliveries of an [activitypub.Deliverer] in PostgreSQL
// through River. It is an [activitypub.Enqueuer]: Deliver queues into it,
// and [Queue.Start] works the deliveries with the Deliverer's policy
// ([activitypub.Deliverer.Attempt]) until [Queue.Stop]. Deliveries
// survive restarts and crashes, and every process that starts a Queue on
// the same database shares the work: each delivery is attempted by one
// process at a time.
//
// A delivery is one job, unique by (activity, inbox) among the jobs
// pending, running and delivered (see CompletedRetention): queueing it
// again does nothing. A retry is scheduled at the time the Deliverer
// gives (backoff with jitter, or the inbox's Retry-After). A delivery the
// Deliverer gives up (refused, gone, out of attempts) ends cancelled,
// with its error: a dead letter (see [Queue.DeadLetters]). So does a job
// whose payload cannot be read. A process that dies while delivering
// leaves running jobs, which River rescues after RescueAfter.
//
// The started Queues of a server also prune the [SeenStore] and the
// [KeyCacheStore] from time to time (see PruneInterval).
//
// Call [Migrate] once before using a Queue. A Queue is safe for
// concurrent use.
type Queue struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]
	opts   QueueOptions
	log    *slog.Logger

	deliverer atomic.Pointer[activitypub.Deliverer]
	started   atomic.Bool

	attempts, delivered, retries, givenUp, gone, held, corrupt atomic.Int64

	mu           sync.Mutex
	hostFailures map[string]int64
}

// NewQueue returns a Queue on pool. opts may be nil.
func NewQueue(pool *pgxpool.Pool, opts *QueueOptions) (*Queue, error) {
	if pool == nil {
		return nil, errors.New("pgstore: NewQueue needs a pool")
	}
	var o QueueOptions
	if opts != nil {
		o = *opts
	}
	if o.QueueName == "" {
		o.QueueName = DefaultQueueName
	}
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = DefaultJobTimeout
	}
	if o.RescueAfter <= 0 {
		o.RescueAfter = o.JobTimeout + time.Minute
	}
	if o.RescueAfter <= o.JobTimeout {
		return nil, fmt.Errorf("pgstore: RescueAfter (%s) must be longer than JobTimeout (%s)", o.RescueAfter, o.JobTimeout)
	}
	if o.FetchCooldown <= 0 {
		o.FetchCooldown = DefaultFetchCooldown
	}
	if err := checkPruneOptions(&o); err != nil {
		return nil, err
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := &Queue{pool: pool, opts: o, log: log, hostFailures: make(map[string]int64)}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &deliveryWorker{q: q}); err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	var periodic []*river.PeriodicJob
	if o.PruneInterval > 0 {
		if err := river.AddWorkerSafely(workers, &pruneWorker{q: q}); err != nil {
			return nil, fmt.Errorf("pgstore: %w", err)
		}
		periodic = append(periodic, prunePeriodicJob(o.QueueName, o.PruneInterval))
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		PeriodicJobs:                periodic,
		Queues:                      map[string]river.QueueConfig{o.QueueName: {MaxWorkers: o.Workers}},
		Workers:                     workers,
		JobTimeout:                  o.JobTimeout,
		RescueStuckJobsAfter:        o.RescueAfter,
		FetchCooldown:               o.FetchCooldown,
		FetchPollInterval:           o.FetchPollInterval,
		CompletedJobRetentionPeriod: o.CompletedRetention,
		CancelledJobRetentionPeriod: o.DeadRetention,
		DiscardedJobRetentionPeriod: o.DeadRetention,
		MaxAttempts:                 o.MaxAttempts,
		Logger:                      log,
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	q.client = client
	return q, nil
}

// River returns the River client under the queue, for what this package
// does not wrap (River's event subscriptions, its UI). Inserting jobs of
// kind [DeliveryKind] through it bypasses the checks of Enqueue.
func (q *Queue) River() *river.Client[pgx.Tx] { return q.client }

// Enqueue implements [activitypub.Enqueuer]: it inserts the jobs in one
// transaction. A job whose (Activity, Inbox) pair is already pending,
// running or delivered is skipped. Job IDs are not kept: River numbers
// its jobs.
func (q *Queue) Enqueue(ctx context.Context, jobs ...activitypub.Job) error {
	params, err := q.insertParams(jobs)
	if err != nil || len(params) == 0 {
		return err
	}
	if _, err := q.client.InsertMany(ctx, params); err != nil {
		return fmt.Errorf("pgstore: queueing deliveries: %w", err)
	}
	return nil
}

// EnqueueTx is Enqueue inside the caller's transaction: the deliveries
// exist once tx commits, and not at all if it rolls back. A server
// stores a post and queues its deliveries ([activitypub.Deliverer.Jobs])
// in one transaction, so that neither happens without the other.
func (q *Queue) EnqueueTx(ctx context.Context, tx pgx.Tx, jobs ...activitypub.Job) error {
	params, err := q.insertParams(jobs)
	if err != nil || len(params) == 0 {
		return err
	}
	if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("pgstore: queueing deliveries: %w", err)
	}
	return nil
}

// insertParams turns jobs into River insertions, refusing jobs that could
// not be delivered.
func (q *Queue) insertParams(jobs []activitypub.Job) ([]river.InsertManyParams, error) {
	params := make([]river.InsertManyParams, 0, len(jobs))
	now := time.Now()
	for _, job := range jobs {
		args, err := newDeliveryArgs(job)
		if err != nil {
			return nil, err
		}
		opts := &river.InsertOpts{
			Queue:       q.opts.QueueName,
			MaxAttempts: q.opts.MaxAttempts,
			UniqueOpts:  river.UniqueOpts{ByArgs: true},
		}
		if job.NotBefore.After(now) {
			opts.ScheduledAt = job.NotBefore
		}
		params = append(params, river.InsertManyParams{Args: args, InsertOpts: opts})
	}
	return params, nil
}

// Start works the queued deliveries with d until [Queue.Stop], in the
// background. ctx is the parent of every attempt's context: cancelling it
// stops the workers abruptly (the deliveries in flight go back to the
// queue, as with a timed-out Stop). A Queue is started once.
func (q *Queue) Start(ctx context.Context, d *activitypub.Deliverer) error {
	if d == nil {
		return errors.New("pgstore: Start needs a Deliverer")
	}
	if !q.started.CompareAndSwap(false, true) {
		return errors.New("pgstore: the queue is already started")
	}
	q.deliverer.Store(d)
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("pgstore: starting the queue: %w", err)
	}
	return nil
}

// Stop shuts the workers down gracefully: no new delivery is started,
// and those in flight may finish until ctx is done; the ones still in
// flight then are cancelled and go back to the queue without counting an
// attempt. It returns ctx's error when it had to cancel.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.started.Load() {
		return nil
	}
	err := q.client.Stop(ctx)
	if err == nil {
		return nil
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if cerr := q.client.StopAndCancel(cctx); cerr != nil {
		return fmt.Errorf("pgstore: stopping the queue: %w", errors.Join(err, cerr))
	}
	return err
}

// deliveryArgs is the payload of a delivery job. Activity and Inbox make
// the job unique.
type deliveryArgs struct {
	Activity string `json:"activity" river:"unique"`
	Inbox    string `json:"inbox" river:"unique"`
	Host     string `json:"host"`
	Actor    string `json:"actor,omitempty"`
	KeyID    string `json:"key_id,omitempty"`
	Body     string `json:"body"`

	// corrupt is why the stored payload could not be read. River fails
	// a job whose arguments do not decode and tries it again and again;
	// a payload that cannot be read goes to the dead letters at once.
	corrupt error
	// retryAt is when the failed attempt just made asks to be retried,
	// handed from Work to NextRetry.
	retryAt time.Time
}

// Kind implements river.JobArgs.
func (deliveryArgs) Kind() string { return DeliveryKind }

// newDeliveryArgs checks job and returns its payload.
func newDeliveryArgs(job activitypub.Job) (deliveryArgs, error) {
	a := deliveryArgs{Activity: job.Activity, Inbox: job.Inbox, Actor: job.Actor, KeyID: job.KeyID, Body: string(job.Body)}
	if err := a.check(); err != nil {
		return deliveryArgs{}, err
	}
	a.Host = hostOf(a.Inbox)
	return a, nil
}

// check reports whether the payload describes a delivery that can be
// made.
func (a *deliveryArgs) check() error {
	if a.Activity == "" {
		return errors.New("pgstore: delivery without an activity id")
	}
	u, err := url.Parse(a.Inbox)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("pgstore: inbox %q is not an http(s) URL", a.Inbox)
	}
	if a.Body == "" {
		return fmt.Errorf("pgstore: delivery of %s without a body", a.Activity)
	}
	// PostgreSQL's jsonb refuses the NUL character, and invalid UTF-8
	// would not survive encoding as a JSON string.
	if !utf8.ValidString(a.Body) || containsNUL(a.Body) {
		return fmt.Errorf("pgstore: the body of %s is not valid UTF-8 text", a.Activity)
	}
	return nil
}

// containsNUL reports whether s holds a NUL byte.
func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

// UnmarshalJSON reads a payload, recording instead of returning what is
// wrong with it (see corrupt).
func (a *deliveryArgs) UnmarshalJSON(b []byte) error {
	type plain deliveryArgs
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		*a = deliveryArgs{corrupt: fmt.Errorf("pgstore: corrupt delivery payload: %w", err)}
		return nil
	}
	*a = deliveryArgs(p)
	if err := a.check(); err != nil {
		a.corrupt = fmt.Errorf("pgstore: corrupt delivery payload: %w", err)
	}
	return nil
}

// hostOf returns the host[:port] of an inbox URL.
func hostOf(inbox string) string {
	if u, err := url.Parse(inbox); err == nil {
		return u.Host
	}
	return ""
}

// deliveryWorker works delivery jobs for a Queue.
type deliveryWorker struct {
	river.WorkerDefaults[deliveryArgs]
	q *Queue
}

// Work makes one attempt at a delivery and tells River what comes next.
func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	q := w.q
	args := &job.Args
	if args.corrupt != nil {
		q.corrupt.Add(1)
		q.log.WarnContext(ctx, "pgstore: dead letter: unreadable delivery job",
			slog.Int64("job_id", job.ID), slog.Any("error", args.corrupt))
		return river.JobCancel(args.corrupt)
	}
	d := q.deliverer.Load()
	o := d.Attempt(ctx, activitypub.Job{
		ID:       strconv.FormatInt(job.ID, 10),
		Inbox:    args.Inbox,
		Body:     []byte(args.Body),
		Activity: args.Activity,
		Actor:    args.Actor,
		KeyID:    args.KeyID,
		Attempt:  max(job.Attempt-1, 0),
	})
	if o.Attempted {
		q.attempts.Add(1)
		if !o.Result.Delivered {
			q.mu.Lock()
			q.hostFailures[args.Host]++
			q.mu.Unlock()
		}
	}
	switch {
	case o.Done && o.Result.Delivered:
		q.delivered.Add(1)
		return nil
	case o.Done:
		q.givenUp.Add(1)
		if o.Result.Gone {
			q.gone.Add(1)
		}
		err := o.Result.Err
		if err == nil {
			err = errors.New("pgstore: delivery given up")
		}
		return river.JobCancel(fmt.Errorf("given up after %d attempts: %w", o.Result.Attempts, err))
	case !o.Attempted:
		if err := ctx.Err(); err != nil {
			// Shutting down: River puts the job back as it was.
			return err
		}
		q.held.Add(1)
		return river.JobSnooze(max(time.Until(o.RetryAt), 0))
	default:
		q.retries.Add(1)
		args.retryAt = o.RetryAt
		err := o.Result.Err
		if err == nil {
			err = errors.New("pgstore: delivery failed")
		}
		return err
	}
}

// NextRetry returns the time the failed attempt asked for: the
// Deliverer's backoff or the inbox's Retry-After. River calls it with the
// job Work just failed.
func (w *deliveryWorker) NextRetry(job *river.Job[deliveryArgs]) time.Time {
	return job.Args.retryAt
}

// Stats is a snapshot of a [Queue], for metrics. The counts by state are
// of the whole database, every process included; the counters are of
// this process since it made the Queue.
type Stats struct {
	// Available, Scheduled, Retryable and Running count the deliveries
	// in each River state: due now; due later (first attempt); due later
	// after a failed attempt; being attempted.
	Available, Scheduled, Retryable, Running int64
	// Completed counts the delivered jobs still kept.
	Completed int64
	// DeadLetters counts the deliveries given up (River's cancelled and
	// discarded states) still kept.
	DeadLetters int64
	// RetryingHosts counts, by inbox host, the deliveries waiting for a
	// retry after a failure: the hosts failing right now, at most 100 of
	// them, the most failing first.
	RetryingHosts map[string]int64

	// Attempts counts the requests this process made; Delivered,
	// Retries and GivenUp what came of them (Gone those given up because
	// the inbox is gone). Held counts deliveries put back without an
	// attempt (an open circuit breaker, a busy host), Corrupt the
	// unreadable jobs sent to the dead letters.
	Attempts, Delivered, Retries, GivenUp, Gone, Held, Corrupt int64
	// HostFailures counts this process's failed attempts by inbox host.
	HostFailures map[string]int64
}

// Depth is how many deliveries are not finished: available, scheduled,
// retryable or running.
func (s *Stats) Depth() int64 { return s.Available + s.Scheduled + s.Retryable + s.Running }

// Stats returns the queue's figures.
func (q *Queue) Stats(ctx context.Context) (*Stats, error) {
	s := &Stats{
		RetryingHosts: make(map[string]int64),
		Attempts:      q.attempts.Load(),
		Delivered:     q.delivered.Load(),
		Retries:       q.retries.Load(),
		GivenUp:       q.givenUp.Load(),
		Gone:          q.gone.Load(),
		Held:          q.held.Load(),
		Corrupt:       q.corrupt.Load(),
		HostFailures:  make(map[string]int64),
	}
	q.mu.Lock()
	for h, n := range q.hostFailures {
		s.HostFailures[h] = n
	}
	q.mu.Unlock()

	rows, err := q.pool.Query(ctx, `SELECT state::text, count(*) FROM river_job
		WHERE kind = $1 AND queue = $2 GROUP BY state`, DeliveryKind, q.opts.QueueName)
	if err != nil {
		return nil, fmt.Errorf("pgstore: counting deliveries: %w", err)
	}
	for rows.Next() {
		var state string
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("pgstore: counting deliveries: %w", err)
		}
		switch rivertype.JobState(state) {
		case rivertype.JobStateAvailable, rivertype.JobStatePending:
			s.Available += n
		case rivertype.JobStateScheduled:
			s.Scheduled += n
		case rivertype.JobStateRetryable:
			s.Retryable += n
		case rivertype.JobStateRunning:
			s.Running += n
		case rivertype.JobStateCompleted:
			s.Completed += n
		case rivertype.JobStateCancelled, rivertype.JobStateDiscarded:
			s.DeadLetters += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: counting deliveries: %w", err)
	}

	rows, err = q.pool.Query(ctx, `SELECT coalesce(args->>'host', ''), count(*) FROM river_job
		WHERE kind = $1 AND queue = $2 AND state = 'retryable'
		GROUP BY 1 ORDER BY 2 DESC LIMIT 100`, DeliveryKind, q.opts.QueueName)
	if err != nil {
		return nil, fmt.Errorf("pgstore: counting failing hosts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var host string
		var n int64
		if err := rows.Scan(&host, &n); err != nil {
			return nil, fmt.Errorf("pgstore: counting failing hosts: %w", err)
		}
		s.RetryingHosts[host] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: counting failing hosts: %w", err)
	}
	return s, nil
}

// DeadLetter is a delivery that was given up.
type DeadLetter struct {
	// ID is the River job id.
	ID int64
	// Activity and Inbox say what was to be delivered where; empty when
	// the payload was unreadable.
	Activity, Inbox string
	// State is River's: "cancelled" for a delivery given up by the
	// Deliverer or unreadable, "discarded" for one that ran out of
	// River's attempts.
	State string
	// Attempts is how many attempts were made.
	Attempts int
	// Error is the last attempt's error.
	Error string
	// At is when the delivery was given up.
	At time.Time
}

// DeadLetters returns up to limit dead letters (100 when limit is not
// positive), the most recent first.
func (q *Queue) DeadLetters(ctx context.Context, limit int) ([]DeadLetter, error) {
	if limit <= 0 {
		limit = 100
	}
	params := river.NewJobListParams().
		Kinds(DeliveryKind).
		Queues(q.opts.QueueName).
		States(rivertype.JobStateCancelled, rivertype.JobStateDiscarded).
		OrderBy(river.JobListOrderByFinalizedAt, river.SortOrderDesc).
		First(limit)
	res, err := q.client.JobList(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("pgstore: listing dead letters: %w", err)
	}
	out := make([]DeadLetter, 0, len(res.Jobs))
	for _, row := range res.Jobs {
		dl := DeadLetter{ID: row.ID, State: string(row.State), Attempts: row.Attempt}
		var a deliveryArgs
		if err := json.Unmarshal(row.EncodedArgs, &a); err == nil && a.corrupt == nil {
			dl.Activity, dl.Inbox = a.Activity, a.Inbox
		}
		if n := len(row.Errors); n > 0 {
			dl.Error = row.Errors[n-1].Error
		}
		if row.FinalizedAt != nil {
			dl.At = *row.FinalizedAt
		}
		out = append(out, dl)
	}
	return out, nil
}

// RetryDeadLetter makes the dead letter id due again at once, with its
// attempts kept, for when the cause is fixed.
func (q *Queue) RetryDeadLetter(ctx context.Context, id int64) error {
	if _, err := q.client.JobRetry(ctx, id); err != nil {
		return fmt.Errorf("pgstore: retrying job %d: %w", id, err)
	}
	return nil
}
