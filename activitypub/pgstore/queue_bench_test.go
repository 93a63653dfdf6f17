package pgstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/internal/benchcmp"
)

// The benchmarks run the PostgreSQL queue beside the in-memory queue of
// the activitypub package in the same run, and report the ratio of their
// median times (x-memory: how many times longer the PostgreSQL queue
// takes). Run them with
//
//	go test -run '^$' -bench Queue -benchtime 20x ./activitypub/pgstore

// BenchmarkQueueEnqueue queues one activity for 100 inboxes (one Enqueue
// of 100 jobs).
func BenchmarkQueueEnqueue(b *testing.B) {
	pool, _ := newTestDB(b)
	pq, err := NewQueue(pool, nil)
	if err != nil {
		b.Fatal(err)
	}
	mq := activitypub.NewMemoryQueue()
	inboxes := make([]string, 100)
	for i := range inboxes {
		inboxes[i] = fmt.Sprintf("https://host%d.example/inbox", i)
	}
	ctx := context.Background()
	n := 0
	enqueue := func(q activitypub.Enqueuer) func() {
		return func() {
			n++
			if err := q.Enqueue(ctx, testJobs(n, inboxes)...); err != nil {
				b.Fatal(err)
			}
		}
	}
	mBase, mPG := benchcmp.Medians(b, enqueue(mq), enqueue(pq))
	b.ReportMetric(float64(mPG)/float64(mBase), "x-memory")
	b.ReportMetric(float64(len(inboxes))/mBase.Seconds(), "memory-jobs/s")
	b.ReportMetric(float64(len(inboxes))/mPG.Seconds(), "postgres-jobs/s")
}

// BenchmarkQueueThroughput delivers 20 activities to 50 loopback inboxes
// (1,000 signed deliveries) end to end: queued, worked, received.
func BenchmarkQueueThroughput(b *testing.B) {
	const activities, inboxCount = 20, 50
	const perOp = activities * inboxCount
	pool, _ := newTestDB(b)
	farm := newInboxFarm(b, inboxCount, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// The in-memory queue, worked by Deliverer.Run.
	mq := activitypub.NewMemoryQueue()
	md := newTestDeliverer(b, func(o *activitypub.DelivererOptions) {
		o.Queue = mq
		o.PollInterval = time.Millisecond
	})
	go func() { _ = md.Run(ctx) }()

	// The PostgreSQL queue, worked by its River workers.
	pq, err := NewQueue(pool, &QueueOptions{FetchCooldown: time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	if err := pq.Start(ctx, newTestDeliverer(b, nil)); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = pq.Stop(context.Background()) }()

	next := 0
	run := func(q activitypub.Enqueuer) func() {
		return func() {
			want := farm.processed.Load() + perOp
			for range activities {
				next++
				if err := q.Enqueue(ctx, testJobs(next, farm.URLs)...); err != nil {
					b.Fatal(err)
				}
			}
			deadline := time.Now().Add(time.Minute)
			for farm.processed.Load() < want {
				if time.Now().After(deadline) {
					b.Fatalf("deliveries stalled at %d of %d", farm.processed.Load(), want)
				}
				time.Sleep(200 * time.Microsecond)
			}
		}
	}
	mBase, mPG := benchcmp.Medians(b, run(mq), run(pq))
	b.ReportMetric(float64(mPG)/float64(mBase), "x-memory")
	b.ReportMetric(perOp/mBase.Seconds(), "memory-deliveries/s")
	b.ReportMetric(perOp/mPG.Seconds(), "postgres-deliveries/s")
}
