// Package pgstore keeps the federation state of the activitypub package
// in PostgreSQL, so that a server loses no delivery when it restarts or
// crashes, and so that several processes, on several machines, share one
// delivery queue, one record of the activities seen, one key cache, one
// list of followers and one set of actor keys.
//
// It is a module of its own (github.com/fedikit/fedikit/activitypub/pgstore),
// so that programs that keep their state in memory do not depend on a
// database driver. It uses pgx (github.com/jackc/pgx/v5) and River
// (github.com/riverqueue/river), the job queue on PostgreSQL.
//
// # Schema
//
// [Migrate] creates or updates the tables: River's, and this package's
// (named fedikit_*). Call it when the program starts; several processes
// may call it at once.
//
// # Delivery queue
//
// A [Queue] is the [activitypub.Enqueuer] of a Deliverer: Deliver queues
// one River job per (activity, inbox), never two for the same pair.
// [Queue.Start] works the jobs with the Deliverer's policy
// ([activitypub.Deliverer.Attempt]: request slots per host, circuit
// breaker, backoff with jitter, Retry-After, giving up), in as many
// processes as the server runs. [Queue.Stop] lets the deliveries in
// flight finish, and puts back those that cannot finish in time.
//
// [Queue.EnqueueTx] queues deliveries inside the caller's pgx
// transaction: a server stores a post and queues its deliveries together,
// and a rollback undoes both.
//
//	jobs, report, err := deliverer.Jobs(ctx, create) // inboxes resolved first
//	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
//		if _, err := tx.Exec(ctx, `INSERT INTO posts ...`); err != nil {
//			return err
//		}
//		return queue.EnqueueTx(ctx, tx, jobs...)
//	})
//
// [Queue.Stats] gives the figures to export as metrics: the queue depth
// by state, dead letters, hosts failing now, and this process's attempts,
// retries and failures by host. [Queue.DeadLetters] lists the deliveries
// given up, with their errors, and [Queue.RetryDeadLetter] tries one
// again.
//
// Delivery is at least once: a process that dies mid-request leaves the
// job running until River rescues it (see [QueueOptions].RescueAfter),
// and the inbox may then receive the activity twice. Receivers dedupe by
// activity id, as activitypub's Inbox does with a [SeenStore].
//
// # Stores
//
// [SeenStore] (activity ids, for the Inbox's dedupe), [KeyCacheStore]
// (the remote keys a KeyResolver fetched, and the keyIds that had none),
// [FollowerStore] and [KeyStore] (the private keys of local actors)
// implement the activitypub and httpsig interfaces. They take a [DB]: a
// pool, a connection or a transaction, so that a store's change can join
// the caller's transaction.
//
// The seen ids and the key cache grow with the traffic. The started
// Queues prune them every hour, once for the whole server (see
// [QueueOptions].PruneInterval and SeenRetention); a server without a
// Queue calls [SeenStore.Prune] and [KeyCacheStore.Prune] itself.
package pgstore
