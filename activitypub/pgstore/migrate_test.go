package pgstore

import (
	"context"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub/pgstore/pgtest"
)

// storePool returns a pool on a fresh database of its own, migrated.
func storePool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := rawStorePool(t)
	require.NoError(t, Migrate(t.Context(), pool))
	return pool
}

// rawStorePool returns a pool on a fresh, empty database of its own.
func rawStorePool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(t.Context(), pgtest.NewDatabase(t))
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}

// tableNames lists the tables of the current schema.
func tableNames(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(t.Context(),
		"SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
	require.NoError(t, err)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	return names
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	pool := rawStorePool(t)
	ctx := t.Context()

	require.NoError(t, Migrate(ctx, pool))
	tables := tableNames(t, pool)
	for _, want := range []string{
		"fedikit_schema_migrations", "fedikit_seen", "fedikit_followers",
		"fedikit_actor_keys", "fedikit_key_cache", "river_job", "river_migration",
	} {
		assert.Contains(t, tables, want)
	}
	for _, name := range tables {
		assert.Regexp(t, "^(fedikit|river)_", name, "River's tables and ours, each prefixed")
	}

	var version int
	var name string
	require.NoError(t, pool.QueryRow(ctx, "SELECT max(version), max(name) FROM fedikit_schema_migrations").Scan(&version, &name))
	assert.Equal(t, 1, version)
	assert.Equal(t, "001_stores", name)

	// Idempotent: a second run changes nothing.
	require.NoError(t, Migrate(ctx, pool))
	assert.Equal(t, tables, tableNames(t, pool))
	var n int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM fedikit_schema_migrations").Scan(&n))
	assert.Equal(t, 1, n)

	// The lock is released: nobody holds an advisory lock on this
	// database any more. (pg_locks lists the whole cluster's locks, and
	// other tests' databases share the cluster.)
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n))
	assert.Zero(t, n)
}

// Several processes may migrate one database at the same time.
func TestMigrateConcurrent(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		// One pool each, as separate processes would have.
		pool, err := pgxpool.New(t.Context(), url)
		require.NoError(t, err)
		t.Cleanup(pool.Close)
		wg.Go(func() { errs[i] = Migrate(t.Context(), pool) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}

func TestMigrateSmallPool(t *testing.T) {
	t.Parallel()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	require.NoError(t, err)
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	err = Migrate(t.Context(), pool)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pgstore: Migrate needs a pool of at least 2 connections")

	require.EqualError(t, Migrate(t.Context(), nil), "pgstore: Migrate called with a nil pool")
}

func TestMigrateCancelled(t *testing.T) {
	t.Parallel()
	pool := rawStorePool(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, Migrate(ctx, pool), context.Canceled)
	require.NoError(t, Migrate(t.Context(), pool), "a cancelled run leaves nothing in the way")
}

func TestLoadMigrations(t *testing.T) {
	t.Parallel()
	ms, err := loadMigrations(migrationFiles)
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	for i, m := range ms {
		assert.Equal(t, i+1, m.version, "versions are numbered from 1 without gaps")
	}

	ms, err = loadMigrations(fstest.MapFS{
		"migrations/010_b.sql": {Data: []byte("SELECT 2")},
		"migrations/002_a.sql": {Data: []byte("SELECT 1")},
	})
	require.NoError(t, err)
	require.Len(t, ms, 2)
	assert.Equal(t, "002_a", ms[0].name)
	assert.Equal(t, 10, ms[1].version)

	for name, fsys := range map[string]fstest.MapFS{
		"unnumbered": {"migrations/stores.sql": {}},
		"zero":       {"migrations/000_x.sql": {}},
		"duplicate":  {"migrations/001_a.sql": {}, "migrations/1_b.sql": {}},
	} {
		_, err := loadMigrations(fsys)
		assert.Error(t, err, name)
	}
}
