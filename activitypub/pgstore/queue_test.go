package pgstore

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/httpsig"
)

// startQueue makes a Queue on pool, starts it with d and stops it at the
// end of the test.
func startQueue(t *testing.T, pool *pgxpool.Pool, d *activitypub.Deliverer, opts *QueueOptions) *Queue {
	t.Helper()
	q, err := NewQueue(pool, opts)
	require.NoError(t, err)
	require.NoError(t, q.Start(context.Background(), d))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, q.Stop(ctx))
	})
	return q
}

// waitFor polls cond until it holds, failing the test after a while.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestQueueDelivers(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	farm := newInboxFarm(t, 3, true)
	var results []activitypub.Result
	resultCh := make(chan activitypub.Result, 100)
	d := newTestDeliverer(t, func(o *activitypub.DelivererOptions) {
		o.OnResult = func(r activitypub.Result) { resultCh <- r }
	})
	q := startQueue(t, pool, d, &QueueOptions{FetchPollInterval: 50 * time.Millisecond})

	for n := range 5 {
		require.NoError(t, q.Enqueue(t.Context(), testJobs(n, farm.URLs)...))
	}
	for len(results) < 15 {
		select {
		case r := <-resultCh:
			results = append(results, r)
		case <-time.After(20 * time.Second):
			t.Fatalf("only %d results", len(results))
		}
	}
	for _, r := range results {
		assert.True(t, r.Delivered, "%+v", r)
	}
	assert.Zero(t, farm.badSig.Load())
	pairs, repeats := farm.tally()
	assert.Equal(t, 15, pairs)
	assert.Zero(t, repeats)
	waitFor(t, "jobs to complete", 10*time.Second, func() bool { return jobStates(t, pool)["completed"] == 15 })

	s, err := q.Stats(t.Context())
	require.NoError(t, err)
	assert.Zero(t, s.Depth())
	assert.EqualValues(t, 15, s.Completed)
	assert.EqualValues(t, 15, s.Delivered)
	assert.EqualValues(t, 15, s.Attempts)
}

func TestQueueUniquePerActivityAndInbox(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	q, err := NewQueue(pool, nil)
	require.NoError(t, err)
	inboxes := []string{"https://a.example/inbox", "https://b.example/inbox"}
	require.NoError(t, q.Enqueue(t.Context(), testJobs(1, inboxes)...))
	require.NoError(t, q.Enqueue(t.Context(), testJobs(1, inboxes)...))
	require.NoError(t, q.Enqueue(t.Context(), testJobs(1, append(inboxes, "https://c.example/inbox"))...))
	assert.Equal(t, map[string]int{"available": 3}, jobStates(t, pool))
}

func TestQueueEnqueueRefusesBadJobs(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	q, err := NewQueue(pool, nil)
	require.NoError(t, err)
	good := testJobs(1, []string{"https://a.example/inbox"})[0]
	for name, mutate := range map[string]func(*activitypub.Job){
		"no activity": func(j *activitypub.Job) { j.Activity = "" },
		"bad inbox":   func(j *activitypub.Job) { j.Inbox = "ftp://a.example/inbox" },
		"no body":     func(j *activitypub.Job) { j.Body = nil },
		"not utf-8":   func(j *activitypub.Job) { j.Body = []byte{'{', 0xff, '}'} },
		"nul":         func(j *activitypub.Job) { j.Body = []byte("{\x00}") },
	} {
		job := good
		mutate(&job)
		assert.Error(t, q.Enqueue(t.Context(), good, job), name)
	}
	assert.Empty(t, jobStates(t, pool), "a refused call queues nothing")
}

func TestQueueEnqueueTx(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	ctx := t.Context()
	_, err := pool.Exec(ctx, `CREATE TABLE posts (id text PRIMARY KEY)`)
	require.NoError(t, err)
	q, err := NewQueue(pool, nil)
	require.NoError(t, err)
	inboxes := []string{"https://a.example/inbox", "https://b.example/inbox", "https://c.example/inbox"}

	// A rolled-back transaction queues nothing.
	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `INSERT INTO posts VALUES ('p1')`)
	require.NoError(t, err)
	require.NoError(t, q.EnqueueTx(ctx, tx, testJobs(1, inboxes)...))
	require.NoError(t, tx.Rollback(ctx))
	assert.Empty(t, jobStates(t, pool))

	// A committed one queues exactly its deliveries, with its post.
	tx, err = pool.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `INSERT INTO posts VALUES ('p2')`)
	require.NoError(t, err)
	require.NoError(t, q.EnqueueTx(ctx, tx, testJobs(2, inboxes)...))
	// Not visible outside before the commit.
	assert.Empty(t, jobStates(t, pool))
	require.NoError(t, tx.Commit(ctx))
	assert.Equal(t, map[string]int{"available": 3}, jobStates(t, pool))
	var posts int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM posts`).Scan(&posts))
	assert.Equal(t, 1, posts)

	// A transaction that fails after queueing leaves nothing behind.
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := q.EnqueueTx(ctx, tx, testJobs(3, inboxes)...); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO posts VALUES ('p2')`) // duplicate key
		return err
	})
	require.Error(t, err)
	assert.Equal(t, map[string]int{"available": 3}, jobStates(t, pool))
}

func TestQueueRetriesWithRetryAfterThenGivesUp(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	farm := newInboxFarm(t, 2, false)
	start := time.Now()
	farm.Respond = func(w http.ResponseWriter, i int, activity string, n int) int {
		if i == 1 {
			return http.StatusGone
		}
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			return http.StatusServiceUnavailable
		}
		return http.StatusAccepted
	}
	results := make(chan activitypub.Result, 10)
	d := newTestDeliverer(t, func(o *activitypub.DelivererOptions) {
		o.Backoff = func(int) time.Duration { return time.Hour }
		o.OnResult = func(r activitypub.Result) { results <- r }
	})
	q := startQueue(t, pool, d, &QueueOptions{FetchPollInterval: 50 * time.Millisecond})
	require.NoError(t, q.Enqueue(t.Context(), testJobs(7, farm.URLs)...))

	got := map[string]activitypub.Result{}
	for len(got) < 2 {
		select {
		case r := <-results:
			got[r.Inbox] = r
		case <-time.After(30 * time.Second):
			t.Fatal("timed out")
		}
	}
	ok := got[farm.URLs[0]]
	assert.True(t, ok.Delivered)
	assert.Equal(t, 2, ok.Attempts)
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "the retry waited for Retry-After, not the hour of the backoff")
	gone := got[farm.URLs[1]]
	assert.True(t, gone.Gone)
	assert.Equal(t, 1, gone.Attempts)

	waitFor(t, "the gone delivery to be a dead letter", 10*time.Second, func() bool {
		dl, err := q.DeadLetters(t.Context(), 10)
		return err == nil && len(dl) == 1
	})
	dl, err := q.DeadLetters(t.Context(), 10)
	require.NoError(t, err)
	assert.Equal(t, farm.URLs[1], dl[0].Inbox)
	assert.Equal(t, "cancelled", dl[0].State)
	assert.Contains(t, dl[0].Error, "410")
	s, err := q.Stats(t.Context())
	require.NoError(t, err)
	assert.EqualValues(t, 1, s.DeadLetters)
	assert.EqualValues(t, 1, s.Retries)
	assert.EqualValues(t, 1, s.Gone)
	assert.Positive(t, s.HostFailures[hostOf(farm.URLs[0])])
}

func TestQueueCorruptPayloadIsADeadLetter(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	farm := newInboxFarm(t, 1, true)
	ctx := t.Context()
	q, err := NewQueue(pool, &QueueOptions{FetchPollInterval: 50 * time.Millisecond})
	require.NoError(t, err)

	// Payloads that cannot be delivered, inserted behind the queue's back
	// (by another program, an old version, a hand-edited row).
	for _, raw := range []string{
		`{"activity": 5, "inbox": []}`,
		`{"activity": "https://sender.example/activities/x", "inbox": "not a url", "body": "{}"}`,
		`{"activity": "https://sender.example/activities/y", "inbox": "https://a.example/inbox"}`,
	} {
		_, err := q.River().Insert(ctx, rawArgs(raw), &river.InsertOpts{Queue: DefaultQueueName})
		require.NoError(t, err)
	}
	// A good delivery queued after them.
	require.NoError(t, q.Enqueue(ctx, testJobs(1, farm.URLs)...))

	require.NoError(t, q.Start(context.Background(), newTestDeliverer(t, nil)))
	defer func() { assert.NoError(t, q.Stop(context.Background())) }()

	waitFor(t, "the good delivery", 20*time.Second, func() bool { return farm.processed.Load() == 1 })
	waitFor(t, "three dead letters", 20*time.Second, func() bool { return jobStates(t, pool)["cancelled"] == 3 })
	dl, err := q.DeadLetters(ctx, 10)
	require.NoError(t, err)
	require.Len(t, dl, 3)
	for _, l := range dl {
		assert.Contains(t, l.Error, "corrupt delivery payload")
		assert.Equal(t, 1, l.Attempts, "given up at once, not retried")
	}
	s, err := q.Stats(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 3, s.Corrupt)

	// A dead letter can be tried again: still corrupt, it comes back.
	require.NoError(t, q.RetryDeadLetter(ctx, dl[0].ID))
	waitFor(t, "the retried letter to be dead again", 20*time.Second, func() bool {
		s, err := q.Stats(ctx)
		return err == nil && s.Corrupt == 4 && jobStates(t, pool)["cancelled"] == 3
	})
}

// rawArgs inserts a delivery job with an arbitrary payload.
type rawArgs string

func (rawArgs) Kind() string                   { return DeliveryKind }
func (r rawArgs) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func TestQueueGracefulStop(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	farm := newInboxFarm(t, 1, false)
	release := make(chan struct{})
	farm.Respond = func(w http.ResponseWriter, i int, activity string, n int) int {
		if strings.HasSuffix(activity, "/slow") {
			<-release
		}
		return http.StatusAccepted
	}
	ctx := t.Context()
	d := newTestDeliverer(t, nil)

	// Stop lets a delivery in flight finish.
	q, err := NewQueue(pool, &QueueOptions{FetchPollInterval: 50 * time.Millisecond})
	require.NoError(t, err)
	job := testJobs(1, farm.URLs)[0]
	job.Activity += "/slow"
	job.Body = []byte(strings.Replace(string(job.Body), `activities/1"`, `activities/1/slow"`, 1))
	require.NoError(t, q.Enqueue(ctx, job))
	require.NoError(t, q.Start(context.Background(), d))
	waitFor(t, "the delivery to start", 10*time.Second, func() bool { return jobStates(t, pool)["running"] == 1 })
	stopped := make(chan error)
	go func() { stopped <- q.Stop(context.Background()) }()
	time.Sleep(100 * time.Millisecond)
	close(release)
	require.NoError(t, <-stopped)
	assert.Equal(t, map[string]int{"completed": 1}, jobStates(t, pool))

	// A Stop whose context ends returns the delivery to the queue,
	// without counting an attempt.
	release = make(chan struct{})
	defer close(release)
	job2 := testJobs(2, farm.URLs)[0]
	job2.Activity += "/slow"
	job2.Body = []byte(strings.Replace(string(job2.Body), `activities/2"`, `activities/2/slow"`, 1))
	q2, err := NewQueue(pool, &QueueOptions{FetchPollInterval: 50 * time.Millisecond})
	require.NoError(t, err)
	require.NoError(t, q2.Enqueue(ctx, job2))
	require.NoError(t, q2.Start(context.Background(), d))
	waitFor(t, "the delivery to start", 10*time.Second, func() bool { return jobStates(t, pool)["running"] == 1 })
	sctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err = q2.Stop(sctx)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	states := jobStates(t, pool)
	assert.Equal(t, 1, states["available"], "%v", states)
	var attempt int
	require.NoError(t, pool.QueryRow(ctx, `SELECT attempt FROM river_job WHERE state = 'available'`).Scan(&attempt))
	assert.Zero(t, attempt, "the interrupted attempt is not counted")
}

func TestQueuePrunesTheStores(t *testing.T) {
	t.Parallel()
	pool, _ := newTestDB(t)
	ctx := t.Context()
	seen := NewSeenStore(pool)
	for _, id := range []string{"https://a.example/old", "https://a.example/new"} {
		_, err := seen.Seen(ctx, id, time.Hour)
		require.NoError(t, err)
	}
	_, err := pool.Exec(ctx, `UPDATE fedikit_seen SET seen_at = now() - interval '3 hours' WHERE id = 'https://a.example/old'`)
	require.NoError(t, err)
	cache := NewKeyCacheStore(pool)
	now := time.Now()
	require.NoError(t, cache.StoreKey(ctx, "https://a.example/gone#key", httpsig.KeyCacheEntry{Fetched: now.Add(-2 * time.Hour), Expires: now.Add(-time.Hour)}))
	require.NoError(t, cache.StoreKey(ctx, "https://a.example/live#key", httpsig.KeyCacheEntry{Fetched: now, Expires: now.Add(time.Hour)}))

	startQueue(t, pool, newTestDeliverer(t, nil), &QueueOptions{
		FetchPollInterval: 50 * time.Millisecond,
		SeenRetention:     2 * time.Hour,
	})
	count := func(table string) int {
		var n int
		require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n))
		return n
	}
	waitFor(t, "the pruning at start", 30*time.Second, func() bool {
		return count("fedikit_seen") == 1 && count("fedikit_key_cache") == 1
	})
	var id string
	require.NoError(t, pool.QueryRow(ctx, `SELECT id FROM fedikit_seen`).Scan(&id))
	assert.Equal(t, "https://a.example/new", id)
	require.NoError(t, pool.QueryRow(ctx, `SELECT key_id FROM fedikit_key_cache`).Scan(&id))
	assert.Equal(t, "https://a.example/live#key", id)

	_, err = NewQueue(pool, &QueueOptions{SeenRetention: -time.Hour})
	assert.Error(t, err)
}
