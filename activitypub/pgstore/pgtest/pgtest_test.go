package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { Main(m) }

// connect opens a connection for the test t and closes it when t ends.
func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestDatabasesAreSeparate(t *testing.T) {
	t.Parallel()
	a, b := connect(t, NewDatabase(t)), connect(t, NewDatabase(t))
	ctx := t.Context()

	var nameA, nameB string
	require.NoError(t, a.QueryRow(ctx, "SELECT current_database()").Scan(&nameA))
	require.NoError(t, b.QueryRow(ctx, "SELECT current_database()").Scan(&nameB))
	assert.NotEqual(t, nameA, nameB)
	assert.NotEqual(t, "postgres", nameA)

	_, err := a.Exec(ctx, "CREATE TABLE widgets (id int PRIMARY KEY)")
	require.NoError(t, err)
	var inA, inB bool
	require.NoError(t, a.QueryRow(ctx, "SELECT to_regclass('widgets') IS NOT NULL").Scan(&inA))
	require.NoError(t, b.QueryRow(ctx, "SELECT to_regclass('widgets') IS NOT NULL").Scan(&inB))
	assert.True(t, inA, "the table is in the database it was created in")
	assert.False(t, inB, "the table is not in the other database")

	var encoding string
	require.NoError(t, a.QueryRow(ctx, "SHOW server_encoding").Scan(&encoding))
	assert.Equal(t, "UTF8", encoding)
}

func TestNewDatabaseInParallel(t *testing.T) {
	t.Parallel()
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			conn := connect(t, NewDatabase(t))
			_, err := conn.Exec(t.Context(), "CREATE TABLE t (id int)")
			require.NoError(t, err)
		})
	}
}

func TestNewDatabaseDroppedAtCleanup(t *testing.T) {
	t.Parallel()
	var name string
	var left *pgx.Conn // still open when the database is dropped
	t.Run("use", func(t *testing.T) {
		var err error
		left, err = pgx.Connect(t.Context(), NewDatabase(t))
		require.NoError(t, err)
		require.NoError(t, left.QueryRow(t.Context(), "SELECT current_database()").Scan(&name))
	})
	if left == nil {
		return // skipped or failed
	}
	defer left.Close(context.Background())

	admin := connect(t, URL())
	var exists bool
	require.NoError(t, admin.QueryRow(t.Context(),
		"SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&exists))
	assert.False(t, exists, "database %s is dropped when its test ends", name)
	assert.Error(t, left.Ping(t.Context()), "connections to the dropped database are closed")
}

func TestURL(t *testing.T) {
	t.Parallel()
	if URL() == "" {
		t.Skip(server.skip)
	}
	assert.Equal(t, os.Getenv(envURL), URL(), "subprocesses find the same server")
}

func TestDatabaseName(t *testing.T) {
	t.Parallel()
	valid := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, test := range []string{
		"TestX",
		"TestQueue/crash_after_SIGKILL/2000_activities",
		strings.Repeat("TestVeryLong", 20),
		"Test/ünïcode/…",
	} {
		a, b := databaseName(test), databaseName(test)
		assert.Regexp(t, valid, a)
		assert.LessOrEqual(t, len(a), 63, a)
		assert.NotEqual(t, a, b)
		assert.NotContains(t, a, "__")
	}
	assert.True(t, strings.HasPrefix(databaseName("TestQueue/crash"), "t_testqueue_crash_"))
}

func TestWithDatabase(t *testing.T) {
	t.Parallel()
	for _, test := range []struct{ in, want string }{
		{"postgres://fedikit@127.0.0.1:5432/postgres?sslmode=disable", "postgres://fedikit@127.0.0.1:5432/t_x?sslmode=disable"},
		{"postgresql://u:p%40ss@db.example/", "postgresql://u:p%40ss@db.example/t_x"},
		{"postgres://u@h/postgres?dbname=other&sslmode=require", "postgres://u@h/t_x?sslmode=require"},
		{"host=/tmp port=5432 user=u dbname=postgres", "host=/tmp port=5432 user=u dbname=postgres dbname=t_x"},
	} {
		got, err := withDatabase(test.in, "t_x")
		require.NoError(t, err)
		assert.Equal(t, test.want, got)
		if strings.Contains(test.in, "://") {
			_, err := url.Parse(got)
			assert.NoError(t, err)
		}
		cfg, err := pgx.ParseConfig(got)
		require.NoError(t, err)
		assert.Equal(t, "t_x", cfg.Database, got)
	}

	_, err := withDatabase("postgres://u:secret@h:notaport/x", "t_x")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret")
}

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	assert.Negative(t, compareVersions("9.6", "10"))
	assert.Negative(t, compareVersions("10", "15"))
	assert.Positive(t, compareVersions("15", "9.6"))
	assert.Zero(t, compareVersions("15", "15"))
	assert.Negative(t, compareVersions("beta", "9"))
}

func TestFindBinaries(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	exe := func(path string) string {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755))
		return path
	}
	glob := filepath.Join(root, "lib", "*", "bin")
	for _, v := range []string{"9.6", "10", "15"} {
		exe(filepath.Join(root, "lib", v, "bin", "initdb"))
		exe(filepath.Join(root, "lib", v, "bin", "postgres"))
	}
	exe(filepath.Join(root, "lib", "16", "bin", "initdb")) // no postgres: not a usable version

	t.Run("highest version when not on PATH", func(t *testing.T) {
		b, err := findBinaries(filepath.Join(root, "empty"), glob)
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(root, "lib", "15", "bin", "initdb"), b.initdb)
		assert.Equal(t, filepath.Join(root, "lib", "15", "bin", "postgres"), b.postgres)
	})

	t.Run("PATH first, postgres beside the linked initdb", func(t *testing.T) {
		bin := filepath.Join(root, "bin")
		require.NoError(t, os.MkdirAll(bin, 0o755))
		require.NoError(t, os.Symlink(filepath.Join(root, "lib", "10", "bin", "initdb"), filepath.Join(bin, "initdb")))
		exe(filepath.Join(root, "other", "postgres")) // earlier on PATH, but another version
		path := strings.Join([]string{filepath.Join(root, "other"), bin}, string(filepath.ListSeparator))
		b, err := findBinaries(path, glob)
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(bin, "initdb"), b.initdb)
		assert.Equal(t, filepath.Join(root, "lib", "10", "bin", "postgres"), b.postgres)
	})

	t.Run("not executable", func(t *testing.T) {
		dir := filepath.Join(root, "noexec")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for _, name := range []string{"initdb", "postgres"} {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), nil, 0o644))
		}
		_, err := findBinaries(dir, filepath.Join(root, "none", "*", "bin"))
		assert.ErrorContains(t, err, "neither on PATH nor in")
	})
}
