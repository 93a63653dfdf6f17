package activitypub

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryQueueLeaseOrderAndDue(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	q := NewMemoryQueue()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, q.Enqueue(ctx, Job{ID: "late", Activity: "a", Inbox: "i1", NotBefore: t0.Add(time.Minute)}))
	require.NoError(t, q.Enqueue(ctx, Job{ID: "first", Activity: "a", Inbox: "i2", NotBefore: t0}))
	require.NoError(t, q.Enqueue(ctx, Job{ID: "second", Activity: "a", Inbox: "i3", NotBefore: t0}))

	jobs, err := q.Lease(ctx, t0, 10)
	require.NoError(t, err)
	require.Len(t, jobs, 2)
	assert.Equal(t, "first", jobs[0].ID)
	assert.Equal(t, "second", jobs[1].ID)

	// Leased jobs are not handed out again.
	jobs, err = q.Lease(ctx, t0.Add(time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	assert.Equal(t, "late", jobs[0].ID)

	n, err := q.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
}

func TestMemoryQueueRetryAndAck(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	q := NewMemoryQueue()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, q.Enqueue(ctx, Job{Activity: "a", Inbox: "i", Body: []byte("{}")}))
	jobs, err := q.Lease(ctx, t0, 1)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	id := jobs[0].ID
	assert.NotEmpty(t, id, "an ID is given to a job without one")

	require.NoError(t, q.Retry(ctx, id, t0.Add(time.Minute)))
	assert.Error(t, q.Retry(ctx, id, t0), "a pending job cannot be retried")
	jobs, err = q.Lease(ctx, t0.Add(59*time.Second), 1)
	require.NoError(t, err)
	assert.Empty(t, jobs, "not due yet")
	jobs, err = q.Lease(ctx, t0.Add(time.Minute), 1)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	assert.Equal(t, 1, jobs[0].Attempt)
	assert.Equal(t, t0.Add(time.Minute), jobs[0].NotBefore)

	require.NoError(t, q.Ack(ctx, id))
	assert.Error(t, q.Ack(ctx, id))
	n, err := q.Len(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)

	// Once acked, the pair may be queued again.
	require.NoError(t, q.Enqueue(ctx, Job{Activity: "a", Inbox: "i"}))
	n, err = q.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
}

func TestMemoryQueueDuplicateIsNoop(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	q := NewMemoryQueue()
	require.NoError(t, q.Enqueue(ctx, Job{ID: "1", Activity: "a", Inbox: "i"}))
	require.NoError(t, q.Enqueue(ctx, Job{ID: "2", Activity: "a", Inbox: "i"}))
	jobs, err := q.Lease(ctx, time.Now(), 10)
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	// Still a no-op while the job is leased.
	require.NoError(t, q.Enqueue(ctx, Job{ID: "3", Activity: "a", Inbox: "i"}))
	n, err := q.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	// Another inbox, or another activity, is another job.
	require.NoError(t, q.Enqueue(ctx, Job{Activity: "a", Inbox: "j"}))
	require.NoError(t, q.Enqueue(ctx, Job{Activity: "b", Inbox: "i"}))
	n, err = q.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	// The same ID for another pair is an error.
	assert.Error(t, q.Enqueue(ctx, Job{ID: "1", Activity: "c", Inbox: "i"}))
}

func TestMemoryQueueConcurrentLease(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	q := NewMemoryQueue()
	const n = 500
	for i := range n {
		require.NoError(t, q.Enqueue(ctx, Job{Activity: "a", Inbox: string(rune('a' + i))}))
	}
	var mu sync.Mutex
	seen := make(map[string]int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				jobs, err := q.Lease(ctx, time.Now(), 7)
				if err != nil || len(jobs) == 0 {
					return
				}
				mu.Lock()
				for _, j := range jobs {
					seen[j.ID]++
				}
				mu.Unlock()
				for _, j := range jobs {
					_ = q.Ack(ctx, j.ID)
				}
			}
		})
	}
	wg.Wait()
	assert.Len(t, seen, n)
	for id, c := range seen {
		assert.Equal(t, 1, c, id)
	}
}

func TestMemoryFollowerStore(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := NewMemoryFollowerStore()
	const me = "https://example.social/users/me"
	for _, f := range []string{"https://a.example/u/1", "https://b.example/u/2", "https://a.example/u/1", "https://c.example/u/3"} {
		require.NoError(t, s.AddFollower(ctx, me, f))
	}
	require.NoError(t, s.RemoveFollower(ctx, me, "https://b.example/u/2"))
	require.NoError(t, s.RemoveFollower(ctx, me, "https://nobody.example/"))
	var got []string
	for f, err := range s.Followers(ctx, me) {
		require.NoError(t, err)
		got = append(got, f)
	}
	assert.Equal(t, []string{"https://a.example/u/1", "https://c.example/u/3"}, got)

	for range s.Followers(ctx, me) {
		break // an early break is honoured
	}
	for f, err := range s.Followers(ctx, "https://example.social/users/other") {
		t.Fatalf("unexpected follower %q, %v", f, err)
	}
}
