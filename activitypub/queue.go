package activitypub

import (
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
)

// Job is one delivery waiting in a [Queue]: an activity's body to be
// POSTed to one inbox.
type Job struct {
	// ID identifies the job in its queue. [NewMemoryQueue] gives a job
	// enqueued without one a random ID.
	ID string
	// Inbox is the URL the body is POSTed to.
	Inbox string
	// Body is the encoded activity, as sent. It must not be modified once
	// the job is enqueued: queues may share it between jobs.
	Body []byte
	// Activity is the id of the activity, which with Inbox identifies the
	// delivery: a queue holds at most one job per (Activity, Inbox) pair.
	Activity string
	// Actor is the activity's actor, and KeyID the key that signs the
	// delivery (see [DelivererOptions].Keys); an empty KeyID means the
	// Deliverer's own KeyID.
	Actor, KeyID string
	// Attempt is how many times the job was tried and put back with
	// [Queue.Retry]; 0 for a job never tried.
	Attempt int
	// NotBefore is the earliest time the job may be leased. The zero time
	// means at once.
	NotBefore time.Time
}

// Enqueuer takes the jobs that [Deliverer.Deliver] makes. Every [Queue] is
// one. A durable queue that runs its own workers (such as the PostgreSQL
// queue of the pgstore module) need only be an Enqueuer: its workers call
// [Deliverer.Attempt] for each job instead of leaving them to
// [Deliverer.Run]. Implementations must be safe for concurrent use.
type Enqueuer interface {
	// Enqueue adds pending jobs, all of them or, on an error, none.
	// A job whose (Activity, Inbox) pair the queue already holds does
	// nothing and is not an error.
	Enqueue(ctx context.Context, jobs ...Job) error
}

// Queue holds the deliveries of a [Deliverer] until [Deliverer.Run] or
// [Deliverer.Flush] has sent them. The in-memory [NewMemoryQueue] is the
// default.
//
// A job goes through these states: Enqueue makes it pending; Lease hands
// pending jobs that are due out to one caller, and no other; Ack removes a
// leased job for good; Retry makes a leased job pending again, due at a
// given time. A job whose (Activity, Inbox) pair the queue holds, pending
// or leased, is not enqueued again. Implementations must be safe for
// concurrent use.
type Queue interface {
	Enqueuer
	// Lease returns up to max pending jobs whose NotBefore is not after
	// now, earliest first, and marks them leased. It returns an empty
	// slice, not an error, when none is due.
	Lease(ctx context.Context, now time.Time, max int) ([]Job, error)
	// Ack removes the leased job id: it was delivered or given up.
	Ack(ctx context.Context, id string) error
	// Retry makes the leased job id pending again, due at at, with its
	// Attempt increased by one.
	Retry(ctx context.Context, id string, at time.Time) error
	// Len returns how many jobs the queue holds, pending and leased.
	Len(ctx context.Context) (int, error)
}

// queueHolder is implemented by queues that can put a leased job back
// without counting an attempt. The [Deliverer] uses it for jobs that the
// circuit breaker holds back, and falls back to Retry for queues without
// it.
type queueHolder interface {
	hold(ctx context.Context, id string, at time.Time) error
}

// NewMemoryQueue returns a [Queue] kept in memory: fast, and lost when
// the process ends. It is safe for concurrent use. A leased job stays
// leased until it is acked or retried; there is no lease timeout, since
// the queue lives and dies with the process that leased it.
func NewMemoryQueue() Queue {
	return &memoryQueue{
		jobs:  make(map[string]*memoryJob),
		pairs: make(map[deliveryPair]string),
	}
}

// deliveryPair is the identity of a delivery: one activity to one inbox.
type deliveryPair struct{ activity, inbox string }

// memoryJob is a job in a memoryQueue, with its place in the heap of
// pending jobs (index -1 while leased).
type memoryJob struct {
	job   Job
	seq   uint64
	index int
}

// memoryQueue is the Queue of NewMemoryQueue.
type memoryQueue struct {
	mu      sync.Mutex
	jobs    map[string]*memoryJob
	pairs   map[deliveryPair]string
	pending memoryHeap
	seq     uint64
}

// Enqueue implements [Queue]. It refuses the whole call when a job has
// the ID of a job for another (Activity, Inbox) pair, in the queue or in
// the call.
func (q *memoryQueue) Enqueue(ctx context.Context, jobs ...Job) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	ids := make(map[string]deliveryPair, len(jobs))
	for i := range jobs {
		id, pair := jobs[i].ID, deliveryPair{jobs[i].Activity, jobs[i].Inbox}
		if id == "" {
			continue
		}
		if j, ok := q.jobs[id]; ok && (deliveryPair{j.job.Activity, j.job.Inbox}) != pair {
			return fmt.Errorf("activitypub: queue already holds a job with id %q", id)
		}
		if p, ok := ids[id]; ok && p != pair {
			return fmt.Errorf("activitypub: two jobs with id %q", id)
		}
		ids[id] = pair
	}
	for _, job := range jobs {
		pair := deliveryPair{job.Activity, job.Inbox}
		if _, ok := q.pairs[pair]; ok {
			continue
		}
		if job.ID == "" {
			job.ID = newJobID()
		}
		q.seq++
		j := &memoryJob{job: job, seq: q.seq}
		q.jobs[job.ID] = j
		q.pairs[pair] = job.ID
		heap.Push(&q.pending, j)
	}
	return nil
}

// Lease implements [Queue].
func (q *memoryQueue) Lease(ctx context.Context, now time.Time, max int) ([]Job, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Job
	for len(out) < max && len(q.pending) > 0 && !q.pending[0].job.NotBefore.After(now) {
		j := heap.Pop(&q.pending).(*memoryJob)
		out = append(out, j.job)
	}
	return out, nil
}

// Ack implements [Queue].
func (q *memoryQueue) Ack(ctx context.Context, id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	j, ok := q.jobs[id]
	if !ok {
		return fmt.Errorf("activitypub: no job %q in the queue", id)
	}
	if j.index >= 0 {
		heap.Remove(&q.pending, j.index)
	}
	delete(q.jobs, id)
	delete(q.pairs, deliveryPair{j.job.Activity, j.job.Inbox})
	return nil
}

// Retry implements [Queue].
func (q *memoryQueue) Retry(ctx context.Context, id string, at time.Time) error {
	return q.putBack(id, at, 1)
}

// hold puts a leased job back, due at at, without counting an attempt.
func (q *memoryQueue) hold(ctx context.Context, id string, at time.Time) error {
	return q.putBack(id, at, 0)
}

// putBack makes the leased job id pending again at at, adding inc to its
// attempts.
func (q *memoryQueue) putBack(id string, at time.Time, inc int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	j, ok := q.jobs[id]
	if !ok {
		return fmt.Errorf("activitypub: no job %q in the queue", id)
	}
	if j.index >= 0 {
		return fmt.Errorf("activitypub: job %q is not leased", id)
	}
	j.job.Attempt += inc
	j.job.NotBefore = at
	q.seq++
	j.seq = q.seq
	heap.Push(&q.pending, j)
	return nil
}

// Len implements [Queue].
func (q *memoryQueue) Len(ctx context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.jobs), nil
}

// memoryHeap orders pending jobs by NotBefore, then by when they became
// pending. It implements heap.Interface.
type memoryHeap []*memoryJob

// Len implements heap.Interface.
func (h memoryHeap) Len() int { return len(h) }

// Less implements heap.Interface.
func (h memoryHeap) Less(i, j int) bool {
	a, b := h[i].job.NotBefore, h[j].job.NotBefore
	if !a.Equal(b) {
		return a.Before(b)
	}
	return h[i].seq < h[j].seq
}

// Swap implements heap.Interface.
func (h memoryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

// Push implements heap.Interface.
func (h *memoryHeap) Push(x any) {
	j := x.(*memoryJob)
	j.index = len(*h)
	*h = append(*h, j)
}

// Pop implements heap.Interface.
func (h *memoryHeap) Pop() any {
	old := *h
	j := old[len(old)-1]
	old[len(old)-1] = nil
	j.index = -1
	*h = old[:len(old)-1]
	return j
}

// newJobID returns a random job id.
func newJobID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
