// Package pgstore keeps the federation state of the activitypub package
// in PostgreSQL, so that a server loses no delivery when it restarts or
// crashes, and so that several processes, on several machines, share one
// record of the activities seen, one key cache, one list of followers and
// one set of actor keys.
//
// It is a module of its own (github.com/fedikit/fedikit/activitypub/pgstore),
// so that programs that keep their state in memory do not depend on a
// database driver. It uses pgx (github.com/jackc/pgx/v5), and River's migrations
// (github.com/riverqueue/river), the job queue on PostgreSQL.
//
// # Schema
//
// [Migrate] creates or updates the tables: River's, and this package's
// (named fedikit_*). Call it when the program starts; several processes
// may call it at once.
//
// # Stores
//
// [SeenStore] (activity ids, for the Inbox's dedupe), [KeyCacheStore]
// (the remote keys a KeyResolver fetched, and the keyIds that had none),
// [FollowerStore] and [KeyStore] (the private keys of local actors)
// implement the activitypub and httpsig interfaces. They take a [DB]: a
// pool, a connection or a transaction, so that a store's change can join
// the caller's transaction.
package pgstore
