package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// migrationFiles holds this package's schema changes, one numbered SQL
// file per version: "001_stores.sql", "002_….sql" and so on.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateLockID is the key of the session-level advisory lock under which
// Migrate runs: the bytes of "fedikit" followed by 0x01.
const migrateLockID int64 = 0x666564696b697401

// Migrate brings the database up to the schema this version of the package
// needs. Call it when a server starts, before using the stores or the
// queue. It is idempotent: a database that is up to date is left as it is.
//
// It first applies River's own migrations (the river_* tables and
// functions of the job queue, up to the latest version River v0.51
// knows), then this package's, which it records in the table
// fedikit_schema_migrations (version, name, applied_at). Version 1 creates:
//
//   - fedikit_seen: the activity ids of [SeenStore];
//   - fedikit_followers: the followers of [FollowerStore];
//   - fedikit_actor_keys: the private keys of [KeyStore] (unencrypted);
//   - fedikit_key_cache: the shared public key cache of [KeyCacheStore].
//
// All of this package's tables are prefixed fedikit_. They are created in
// the first schema of the connection's search_path, as are River's.
//
// Each migration runs in its own transaction. The whole run holds a
// session-level advisory lock (key 0x666564696b697401) on a connection of
// its own, so several processes may call Migrate at the same time: one
// migrates, the others wait and then find nothing to do. Because River's
// migrations use further connections of the pool while that lock is held,
// pool must allow at least two connections. There is no way down: to undo
// a migration, restore a backup.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (err error) {
	if pool == nil {
		return errors.New("pgstore: Migrate called with a nil pool")
	}
	if n := pool.Config().MaxConns; n < 2 {
		return fmt.Errorf("pgstore: Migrate needs a pool of at least 2 connections, this one allows %d", n)
	}
	ours, err := loadMigrations(migrationFiles)
	if err != nil {
		return err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockID); err != nil {
		conn.Release()
		return fmt.Errorf("pgstore: migrate: taking the migration lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", migrateLockID); uerr != nil {
			// The lock may still be held: end the session, which
			// releases it, rather than return the connection to the pool.
			raw := conn.Hijack()
			_ = raw.Close(ctx)
			if err == nil {
				err = fmt.Errorf("pgstore: migrate: releasing the migration lock: %w", uerr)
			}
			return
		}
		conn.Release()
	}()

	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("pgstore: migrate: river: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("pgstore: migrate: river: %w", err)
	}
	return applyMigrations(ctx, conn.Conn(), ours)
}

// migration is one numbered SQL file of migrations/.
type migration struct {
	version int
	name    string // the file name without ".sql"
	sql     string
}

// loadMigrations reads the migrations in fsys, sorted by version.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("pgstore: reading migrations: %w", err)
	}
	var out []migration
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "migrations/"), ".sql")
		prefix, _, ok := strings.Cut(name, "_")
		version, err := strconv.Atoi(prefix)
		if !ok || err != nil || version <= 0 {
			return nil, fmt.Errorf("pgstore: migration file %q is not named NNN_name.sql", path)
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, fmt.Errorf("pgstore: reading migration %q: %w", path, err)
		}
		out = append(out, migration{version: version, name: name, sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("pgstore: migrations %q and %q have the same version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// applyMigrations applies on conn those of ms that are not recorded in
// fedikit_schema_migrations yet, each in its own transaction with its
// record.
func applyMigrations(ctx context.Context, conn *pgx.Conn, ms []migration) error {
	const createTable = `CREATE TABLE IF NOT EXISTS fedikit_schema_migrations (
	version integer PRIMARY KEY,
	name text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`
	if _, err := conn.Exec(ctx, createTable); err != nil {
		return fmt.Errorf("pgstore: migrate: creating fedikit_schema_migrations: %w", err)
	}
	rows, err := conn.Query(ctx, "SELECT version FROM fedikit_schema_migrations")
	if err != nil {
		return fmt.Errorf("pgstore: migrate: reading fedikit_schema_migrations: %w", err)
	}
	applied, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return fmt.Errorf("pgstore: migrate: reading fedikit_schema_migrations: %w", err)
	}
	for _, m := range ms {
		if slices.Contains(applied, int32(m.version)) {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO fedikit_schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name)
			return err
		})
		if err != nil {
			return fmt.Errorf("pgstore: migration %s: %w", m.name, err)
		}
	}
	return nil
}
