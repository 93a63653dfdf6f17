package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is what the stores of this package run their statements on. It is
// satisfied by *pgxpool.Pool, *pgx.Conn and pgx.Tx, so a store can work
// inside a caller's transaction: for example, a server can record a new
// follower with [FollowerStore.AddFollower] in the same transaction as the
// Accept it stores, so that both happen or neither does. A store made
// over a pgx.Tx must not be used after the transaction ends.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
