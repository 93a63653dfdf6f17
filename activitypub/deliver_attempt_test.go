package activitypub

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enqueueOnly is an Enqueuer with its own workers: it only collects jobs.
type enqueueOnly struct {
	mu   sync.Mutex
	jobs []Job
	err  error
}

func (q *enqueueOnly) Enqueue(ctx context.Context, jobs ...Job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return q.err
	}
	q.jobs = append(q.jobs, jobs...)
	return nil
}

func TestDeliverToEnqueuer(t *testing.T) {
	t.Parallel()
	q := &enqueueOnly{}
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", "a.test/inbox"},
		"https://b.test/users/bob": {"b.test/users/bob/inbox", ""},
	}, func(_ *deliverEnv, o *DelivererOptions) { o.Queue = q })
	ctx := t.Context()
	act := deliverNote(t, "https://sender.test/activities/e1", `"to":["https://a.test/users/ann","https://b.test/users/bob"]`)

	rep, err := e.d.Deliver(ctx, act)
	require.NoError(t, err)
	assert.Equal(t, []string{e.url("a.test/inbox"), e.url("b.test/users/bob/inbox")}, rep.Queued)
	require.Len(t, q.jobs, 2, "one Enqueue call with every job")
	for _, j := range q.jobs {
		assert.Equal(t, "https://sender.test/activities/e1", j.Activity)
		assert.Equal(t, deliverSender, j.Actor)
		assert.Equal(t, deliverKeyID, j.KeyID)
		assert.Contains(t, string(j.Body), `"type":"Create"`)
	}

	// Run and Flush cannot lease from it.
	assert.ErrorIs(t, e.d.Run(ctx), ErrQueueNotLeasable)
	assert.ErrorIs(t, e.d.Flush(ctx), ErrQueueNotLeasable)

	// A failing Enqueue is reported for every inbox.
	q.err = fmt.Errorf("database is down")
	rep, err = e.d.Deliver(ctx, deliverNote(t, "https://sender.test/activities/e2", `"to":["https://b.test/users/bob"]`))
	require.Error(t, err)
	assert.ErrorContains(t, err, "database is down")
	assert.Empty(t, rep.Queued)
	assert.ErrorIs(t, rep.Errors[e.url("b.test/users/bob/inbox")], q.err)
}

func TestDelivererJobs(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, nil)
	ctx := t.Context()
	jobs, rep, err := e.d.Jobs(ctx, deliverNote(t, "https://sender.test/activities/j1", `"to":["https://a.test/users/ann","https://nowhere.test/x"]`))
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	assert.Equal(t, e.url("a.test/users/ann/inbox"), jobs[0].Inbox)
	assert.NotEmpty(t, jobs[0].ID)
	assert.Empty(t, rep.Queued)
	assert.Contains(t, rep.Errors, "https://nowhere.test/x")
	n, err := e.d.queue.(Queue).Len(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "Jobs queues nothing")

	_, _, err = e.d.Jobs(ctx, nil)
	assert.Error(t, err)
}

// attemptJob returns the one job of a delivery to ann's inbox.
func attemptJob(t *testing.T, e *deliverEnv, id string) Job {
	t.Helper()
	jobs, _, err := e.d.Jobs(t.Context(), deliverNote(t, id, `"to":["https://a.test/users/ann"]`))
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	return jobs[0]
}

func TestAttempt(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, func(env *deliverEnv, o *DelivererOptions) {
		o.Backoff = func(n int) time.Duration { return time.Duration(n) * time.Minute }
		o.MaxAttempts = 3
		env.respond = func(w http.ResponseWriter, path string, n int) int {
			switch n {
			case 1:
				return http.StatusBadGateway
			case 2:
				w.Header().Set("Retry-After", "90")
				return http.StatusServiceUnavailable
			default:
				return http.StatusAccepted
			}
		}
	})
	ctx := t.Context()
	job := attemptJob(t, e, "https://sender.test/activities/a1")
	now := e.clock.Now()

	o := e.d.Attempt(ctx, job)
	assert.False(t, o.Done)
	assert.True(t, o.Attempted)
	assert.Equal(t, now.Add(time.Minute), o.RetryAt, "the Backoff of the first attempt")
	assert.Equal(t, http.StatusBadGateway, o.Result.Status)
	assert.Equal(t, 1, o.Result.Attempts)

	job.Attempt = 1
	o = e.d.Attempt(ctx, job)
	assert.False(t, o.Done)
	assert.Equal(t, now.Add(90*time.Second), o.RetryAt, "Retry-After wins")

	job.Attempt = 2
	o = e.d.Attempt(ctx, job)
	assert.True(t, o.Done)
	assert.True(t, o.Result.Delivered)
	assert.Equal(t, 3, o.Result.Attempts)
	assert.Len(t, e.received(), 3)
	assert.True(t, e.resultsByInbox()[job.Inbox].Delivered, "OnResult is called when Done")
}

func TestAttemptGivesUp(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, func(env *deliverEnv, o *DelivererOptions) {
		o.MaxAttempts = 2
		env.respond = func(w http.ResponseWriter, path string, n int) int {
			if strings.Contains(path, "gone") {
				return http.StatusGone
			}
			return http.StatusInternalServerError
		}
	})
	ctx := t.Context()

	// The last allowed attempt gives up.
	job := attemptJob(t, e, "https://sender.test/activities/g1")
	job.Attempt = 1
	o := e.d.Attempt(ctx, job)
	assert.True(t, o.Done)
	assert.True(t, o.Attempted)
	assert.False(t, o.Result.Delivered)
	var se *StatusError
	require.ErrorAs(t, o.Result.Err, &se)
	assert.Equal(t, http.StatusInternalServerError, se.StatusCode)

	// 410 gives up at once, reported as Gone.
	job = attemptJob(t, e, "https://sender.test/activities/g2")
	job.Inbox = e.url("a.test/gone/inbox")
	o = e.d.Attempt(ctx, job)
	assert.True(t, o.Done)
	assert.True(t, o.Result.Gone)
	assert.Len(t, e.resultsByInbox(), 2)
}

func TestAttemptCircuitBreakerIsNotAnAttempt(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, func(env *deliverEnv, o *DelivererOptions) {
		o.CircuitThreshold = 1
		o.CircuitCooldown = time.Minute
		env.respond = func(http.ResponseWriter, string, int) int { return http.StatusBadGateway }
	})
	ctx := t.Context()
	job := attemptJob(t, e, "https://sender.test/activities/c1")
	o := e.d.Attempt(ctx, job)
	require.True(t, o.Attempted)

	o = e.d.Attempt(ctx, job)
	assert.False(t, o.Attempted, "held by the open breaker")
	assert.False(t, o.Done)
	assert.Equal(t, e.clock.Now().Add(time.Minute), o.RetryAt)
	assert.Len(t, e.received(), 1, "no request while the breaker is open")
}

func TestAttemptCancelledIsNotAnAttempt(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, func(env *deliverEnv, o *DelivererOptions) {
		o.CircuitThreshold = 1
		env.respond = func(http.ResponseWriter, string, int) int {
			<-release
			return http.StatusAccepted
		}
	})
	defer close(release)
	ctx, cancel := context.WithCancel(t.Context())
	job := attemptJob(t, e, "https://sender.test/activities/x1")
	done := make(chan Outcome)
	go func() { done <- e.d.Attempt(ctx, job) }()
	require.Eventually(t, func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return len(e.got) == 1
	}, 5*time.Second, time.Millisecond)
	cancel()
	o := <-done
	assert.False(t, o.Done)
	assert.False(t, o.Attempted)
	assert.ErrorIs(t, o.Result.Err, context.Canceled)

	// The host was not blamed: its breaker (threshold 1) stays closed.
	e.d.mu.Lock()
	_, remembered := e.d.hosts[jobHost(job.Inbox)]
	e.d.mu.Unlock()
	assert.False(t, remembered)
}

func TestAttemptWaitsForASlot(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, func(env *deliverEnv, o *DelivererOptions) {
		o.PerHostConcurrency = 1
		env.respond = func(w http.ResponseWriter, path string, n int) int {
			if n == 1 {
				<-release
			}
			return http.StatusAccepted
		}
	})
	ctx := t.Context()
	first := make(chan Outcome)
	go func() { first <- e.d.Attempt(ctx, attemptJob(t, e, "https://sender.test/activities/s1")) }()
	require.Eventually(t, func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return len(e.got) == 1
	}, 5*time.Second, time.Millisecond)

	second := make(chan Outcome)
	go func() { second <- e.d.Attempt(ctx, attemptJob(t, e, "https://sender.test/activities/s2")) }()
	select {
	case <-second:
		t.Fatal("the second attempt did not wait for the host's only slot")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	assert.True(t, (<-first).Result.Delivered)
	assert.True(t, (<-second).Result.Delivered)
}

func TestMemoryQueueEnqueueIsAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	q := NewMemoryQueue()
	require.NoError(t, q.Enqueue(ctx, Job{ID: "1", Activity: "a", Inbox: "i"}))
	// Enqueueing the same job again is a no-op.
	require.NoError(t, q.Enqueue(ctx, Job{ID: "1", Activity: "a", Inbox: "i"}))
	// A clash of ids refuses the whole call.
	assert.Error(t, q.Enqueue(ctx, Job{Activity: "b", Inbox: "i"}, Job{ID: "1", Activity: "c", Inbox: "i"}))
	assert.Error(t, q.Enqueue(ctx, Job{ID: "2", Activity: "d", Inbox: "i"}, Job{ID: "2", Activity: "e", Inbox: "i"}))
	n, err := q.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	// Duplicates within one call count once.
	require.NoError(t, q.Enqueue(ctx, Job{Activity: "f", Inbox: "i"}, Job{Activity: "f", Inbox: "i"}))
	n, err = q.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}
