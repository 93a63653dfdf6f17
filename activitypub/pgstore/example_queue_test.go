package pgstore_test

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/activitypub/pgstore"
)

// Every process of a server works the one delivery queue in PostgreSQL,
// and stops gracefully: the deliveries in flight finish, or go back to
// the queue for another process.
func ExampleQueue() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		log.Fatal(err)
	}
	fetcher, err := activitypub.NewFetcher(nil)
	if err != nil {
		log.Fatal(err)
	}

	queue, err := pgstore.NewQueue(pool, nil)
	if err != nil {
		log.Fatal(err)
	}
	deliverer, err := activitypub.NewDeliverer(&activitypub.DelivererOptions{
		Keys:      pgstore.NewKeyStore(pool),
		Followers: pgstore.NewFollowerStore(pool),
		Inboxes:   fetcher,
		Queue:     queue,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := queue.Start(context.Background(), deliverer); err != nil {
		log.Fatal(err)
	}

	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := queue.Stop(sctx); err != nil {
		log.Print(err)
	}
}

// A post and its deliveries are stored in one transaction: if the post
// cannot be stored, nothing is delivered, and if it is stored, its
// deliveries are sure to be made, even if the process dies right after.
func ExampleQueue_EnqueueTx() {
	ctx := context.Background()
	var (
		pool      *pgxpool.Pool          // migrated with pgstore.Migrate
		queue     *pgstore.Queue         // the Deliverer's Queue
		deliverer *activitypub.Deliverer // with Queue: queue
		create    *activitypub.Document  // a Create of the new post
		postID    = "https://example.social/users/alice/statuses/1"
	)
	// Resolving the inboxes may fetch actors: do it before the
	// transaction, so as not to hold it open meanwhile.
	jobs, report, err := deliverer.Jobs(ctx, create)
	if err != nil {
		log.Fatal(err)
	}
	for recipient, err := range report.Errors {
		log.Printf("no delivery to %s: %v", recipient, err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO posts (id, body) VALUES ($1, $2)`, postID, "…"); err != nil {
			return err
		}
		return queue.EnqueueTx(ctx, tx, jobs...)
	})
	if err != nil {
		log.Fatal(err)
	}
}

// Stats gives what a server exports as metrics.
func ExampleQueue_Stats() {
	ctx := context.Background()
	var queue *pgstore.Queue
	s, err := queue.Stats(ctx)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("queue depth %d (%d retrying), %d dead letters, %d attempts by this process",
		s.Depth(), s.Retryable, s.DeadLetters, s.Attempts)
	for host, n := range s.RetryingHosts {
		log.Printf("%s: %d deliveries waiting for a retry", host, n)
	}
}
