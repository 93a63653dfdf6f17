// Package pgtest gives tests a PostgreSQL server and a fresh, empty
// database per test: the tests of the pgstore module, and those of a
// program built on it.
//
// A test package calls [Main] from its TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and each test asks for its own database:
//
//	pool, err := pgxpool.New(ctx, pgtest.NewDatabase(t))
//	require.NoError(t, err)
//	t.Cleanup(pool.Close)
//
// # Which server
//
// When the environment variable FEDIKIT_TEST_POSTGRES_URL holds a connection
// string, the tests use that server. It must name a superuser (or a role that
// may create databases) and a database to connect to for maintenance, such as
// "postgres". This is how CI runs: .ci/run starts one cluster for the whole run.
//
// Otherwise Main looks for the PostgreSQL server programs (initdb and
// postgres) on PATH, then in /usr/lib/postgresql/*/bin (the highest version;
// where Debian and Ubuntu put them), and starts a throwaway cluster for the
// test binary: a temporary data directory, a free random port on 127.0.0.1,
// the unix socket inside the temporary directory, trust authentication for a
// superuser named "fedikit", and settings that trade durability for speed
// (fsync, synchronous_commit and full_page_writes off). The cluster is stopped
// and its directory removed when the tests end, or when the test binary gets
// SIGINT or SIGTERM; on Linux the server also shuts down if the test binary is
// killed. Main then sets FEDIKIT_TEST_POSTGRES_URL in its own environment, so
// that subprocesses the tests start (the test binary run again as a worker,
// say) reach the same cluster instead of starting their own.
//
// initdb refuses to run as root. When the tests run as root, the cluster runs
// as the user "postgres" (or "nobody" when there is none), which owns the
// temporary directory.
//
// With neither a connection string nor the programs, [NewDatabase] skips its
// test and says why, unless the environment variable CI is set: then Main
// fails the test binary, because CI must run these tests.
//
// Startup is silent; when it fails, Main prints what it ran and the end of
// the server log to stderr.
package pgtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// envURL is the environment variable that names an existing PostgreSQL server
// for the tests.
const envURL = "FEDIKIT_TEST_POSTGRES_URL"

// server is what Main found. Main sets it once, before any test runs; the
// tests only read it. The package API (NewDatabase takes only a testing.TB)
// leaves no other place to keep it.
var server struct {
	ready bool   // Main has run
	url   string // maintenance connection string; "" when there is no server
	skip  string // why there is no server
}

// Main runs the tests of m against a PostgreSQL server and exits the process
// with their result. Call it from TestMain. See the package documentation for
// how the server is found or started.
func Main(m *testing.M) {
	if u := os.Getenv(envURL); u != "" {
		if err := ping(u); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %s is set, but its server does not answer: %v\n", envURL, err)
			os.Exit(1)
		}
		server.ready, server.url = true, u
		os.Exit(m.Run())
	}

	bins, err := findBinaries(os.Getenv("PATH"), debianGlob)
	if err != nil {
		reason := fmt.Sprintf("pgtest: no PostgreSQL for these tests: %v; "+
			"install PostgreSQL (Debian: apt-get install postgresql) or set %s to a superuser connection string", err, envURL)
		if os.Getenv("CI") != "" {
			fmt.Fprintln(os.Stderr, reason)
			fmt.Fprintln(os.Stderr, "pgtest: CI is set, so these tests must run: failing")
			os.Exit(1)
		}
		server.ready, server.skip = true, reason
		os.Exit(m.Run())
	}

	// A signal that comes during the startup waits until the cluster is
	// there to be stopped.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var startLog strings.Builder
	c, err := startCluster(bins, &startLog)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: starting a throwaway PostgreSQL cluster: %v\n%s", err, startLog.String())
		os.Exit(1)
	}
	go func() {
		sig, ok := <-signals
		if !ok {
			return
		}
		fmt.Fprintf(os.Stderr, "pgtest: %v: stopping the PostgreSQL cluster\n", sig)
		c.stop()
		os.Exit(1)
	}()

	if err := os.Setenv(envURL, c.url); err != nil {
		c.stop()
		fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		os.Exit(1)
	}
	server.ready, server.url = true, c.url
	code := m.Run()
	signal.Stop(signals)
	close(signals)
	if err := c.stop(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: stopping the PostgreSQL cluster: %v\n", err)
	}
	os.Exit(code)
}

// URL returns the connection string of the server's maintenance database, or
// "" when there is no server or Main has not run. Tests should use
// [NewDatabase] instead: the maintenance database is shared by everyone.
func URL() string {
	return server.url
}

// NewDatabase creates an empty database for the test t and returns its
// connection string. The database is dropped when t ends, closing any
// connections still open to it. When no PostgreSQL server is available,
// NewDatabase skips t with the reason. It is safe to call from parallel tests.
func NewDatabase(t testing.TB) string {
	t.Helper()
	if !server.ready {
		t.Fatal("pgtest: NewDatabase needs pgtest.Main(m) in the package's TestMain")
	}
	if server.url == "" {
		t.Skip(server.skip)
	}

	name := databaseName(t.Name())
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, server.url)
	if err != nil {
		t.Fatalf("pgtest: connecting to the maintenance database: %v", err)
	}
	defer conn.Close(context.Background())
	// template0 is never changed and accepts no connections, so any
	// number of databases can be copied from it at the same time. The C
	// locale suits every encoding and sorts the same everywhere.
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+
		" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
	if err != nil {
		t.Fatalf("pgtest: creating database %s: %v", name, err)
	}
	t.Cleanup(func() { dropDatabase(t, name) })

	dsn, err := withDatabase(server.url, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// dropDatabase drops the database name, closing the connections to it. It
// runs after the test, whose context is done by then; a failure is only
// logged.
func dropDatabase(t testing.TB, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, server.url)
	if err != nil {
		t.Logf("pgtest: dropping database %s: %v", name, err)
		return
	}
	defer conn.Close(ctx)
	ident := pgx.Identifier{name}.Sanitize()
	if serverMajor(conn) >= 13 {
		_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
	} else {
		_, err = conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
		if err == nil {
			_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident)
		}
	}
	if err != nil {
		t.Logf("pgtest: dropping database %s: %v", name, err)
	}
}

// serverMajor returns the major version of the server conn is connected to,
// or 0 when it cannot tell.
func serverMajor(conn *pgx.Conn) int {
	v := conn.PgConn().ParameterStatus("server_version") // "15.18 (Debian …)", "9.6.24"
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end >= 0 {
		v = v[:end]
	}
	n, _ := strconv.Atoi(v)
	return n
}

// ping connects to the server of the connection string dsn and disconnects.
func ping(dsn string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// databaseName returns a new database name for the test testName: the
// test's name, shortened to letters, digits and underscores, and a random
// suffix. It fits PostgreSQL's 63-byte limit on names.
func databaseName(testName string) string {
	var b strings.Builder
	b.WriteString("t_")
	underscore := true
	for _, r := range strings.ToLower(testName) {
		if b.Len() >= 34 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			underscore = false
		} else if !underscore {
			b.WriteByte('_')
			underscore = true
		}
	}
	if !underscore {
		b.WriteByte('_')
	}
	b.WriteString(strings.ToLower(rand.Text()[:12]))
	return b.String()
}

// withDatabase returns the connection string dsn with its database replaced
// by name. dsn is a URL (postgres://…) or a list of keyword=value settings.
func withDatabase(dsn, name string) (string, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		// A later setting of a keyword overrides an earlier one.
		return strings.TrimSpace(dsn) + " dbname=" + name, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// The error would quote the URL, which may hold a password.
		return "", fmt.Errorf("%s is not a valid connection URL", envURL)
	}
	u.Path, u.RawPath = "/"+name, ""
	if q := u.Query(); q.Has("dbname") {
		q.Del("dbname")
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}
