package pgstore_test

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/activitypub/pgstore"
	"github.com/fedikit/fedikit/httpsig"
)

// A server migrates its database when it starts, then keeps the state of
// its inbox and its deliveries there, shared by all its processes.
func ExampleMigrate() {
	ctx := context.Background()
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
	// Keys fetched by one process are found by the others.
	keys := activitypub.NewKeyResolver(fetcher, &activitypub.KeyResolverOptions{
		Store: pgstore.NewKeyCacheStore(pool),
	})
	inbox, err := activitypub.NewInbox(&activitypub.InboxOptions{
		Verifier: httpsig.NewVerifier(keys, nil),
		Fetcher:  fetcher,
		Seen:     pgstore.NewSeenStore(pool),
		Keys:     keys,
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = inbox

	deliverer, err := activitypub.NewDeliverer(&activitypub.DelivererOptions{
		Keys:      pgstore.NewKeyStore(pool),
		Followers: pgstore.NewFollowerStore(pool),
		Inboxes:   fetcher,
	})
	if err != nil {
		log.Fatal(err)
	}
	_ = deliverer
}

// A server records a new follower in the same transaction as the rest of
// its answer to the Follow: both are kept, or neither.
func ExampleFollowerStore_transaction() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		followers := pgstore.NewFollowerStore(tx)
		if err := followers.AddFollower(ctx, "https://example.com/users/alice", "https://remote.example/users/bob"); err != nil {
			return err
		}
		// Store the Accept in the server's own tables, with tx.
		_, err := tx.Exec(ctx, "INSERT INTO outbox (id, body) VALUES ($1, $2)",
			"https://example.com/accepts/1", `{"type":"Accept"}`)
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
}

// Old rows of the seen store and the key cache are pruned from time to
// time.
func ExampleSeenStore_Prune() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()

	seen, keyCache := pgstore.NewSeenStore(pool), pgstore.NewKeyCacheStore(pool)
	for range time.Tick(time.Hour) {
		// Keep ids at least as long as the inbox's SeenTTL (24h by default).
		if _, err := seen.Prune(ctx, 48*time.Hour); err != nil {
			log.Print(err)
		}
		if _, err := keyCache.Prune(ctx); err != nil {
			log.Print(err)
		}
	}
}
