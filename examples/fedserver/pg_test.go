package main

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/activitypub/pgstore/pgtest"
)

// TestMain gives the tests that ask for one a PostgreSQL database (see
// pgtest); the other tests do not use it, and those that ask for one
// skip when there is no PostgreSQL, unless CI is set.
func TestMain(m *testing.M) { pgtest.Main(m) }

// startPGServer runs fedserver on ln with its state in the database at
// dbURL, as -postgres does, and returns it with its state, its logs and
// a function that stops it and waits for it to stop.
func startPGServer(t *testing.T, dbURL string, ln net.Listener) (*server, *pgState, *syncBuffer, func()) {
	t.Helper()
	log, logs := newLogger(slog.LevelDebug)
	st, err := openPGState(t.Context(), dbURL, actorOn(ln), log)
	require.NoError(t, err)
	t.Cleanup(st.close) // after the server stops: cleanups run last first
	st.stopIn = 200 * time.Millisecond
	s, stop := serveOn(t, ln, st, false, log)
	return s, st, logs, stop
}

// follow has p follow s and waits for the Accept.
func follow(t *testing.T, p *peer, s *server) *activitypub.Document {
	t.Helper()
	f, err := activitypub.NewFollow(p.actor+"/follows/1", p.actor, s.actor)
	require.NoError(t, err)
	p.send(t, f, s.actor)
	p.expect(t, "Accept")
	return f
}

// outboxIDs returns the ids of the activities in the outbox of s, newest
// first.
func outboxIDs(t *testing.T, p *peer, s *server) []string {
	t.Helper()
	var ids []string
	for it, err := range p.fetcher.Items(t.Context(), s.actor+"/outbox", nil) {
		require.NoError(t, err)
		o, _ := it.Object()
		ids = append(ids, o.ID())
	}
	return ids
}

func TestPostgresRestart(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	p := newPeer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()

	s1, st1, _, stop1 := startPGServer(t, dbURL, ln)
	f := follow(t, p, s1)
	first, err := s1.publish(t.Context(), "before the restart")
	require.NoError(t, err)
	assert.Equal(t, first, p.expect(t, "Create").Doc.Root().ID())

	// A post made just before a crash: its delivery is in flight, held by
	// the peer, when the server stops, and does not finish in the time
	// the server gives it. The transaction has committed the post and its
	// delivery, so the delivery goes back to the queue.
	held, abandoned, release := p.holdInbox()
	t.Cleanup(release)
	second, err := s1.publish(t.Context(), "just before the crash")
	require.NoError(t, err)
	wait := func(c <-chan struct{}, what string) {
		t.Helper()
		select {
		case <-c:
		case <-time.After(10 * time.Second):
			t.Fatal(what)
		}
	}
	wait(held, "the delivery of the second post never started")
	stop1()
	st1.close()
	wait(abandoned, "the stopped server did not give up its delivery")
	release()

	// Started again on the same database (and address, which names the
	// account), the server has its key, its follower and its posts, and
	// delivers the second post.
	ln, err = net.Listen("tcp", addr)
	require.NoError(t, err)
	s2, st2, logs2, _ := startPGServer(t, dbURL, ln)
	assert.True(t, st1.key().Signer.Public().(*rsa.PublicKey).Equal(st2.key().Signer.Public()), "the key changed")
	assert.Equal(t, st1.key().ID, st2.key().ID)
	assert.Equal(t, []string{p.actor}, followers(t, s2))
	coll := getJSON(t, s2.actor+"/followers", "application/activity+json")
	assert.EqualValues(t, 1, coll["totalItems"])
	assert.Equal(t, []string{second, first}, outboxIDs(t, p, s2))

	create := p.expectWithin(t, "Create", 30*time.Second)
	assert.Equal(t, second, create.Doc.Root().ID())
	note, ok := create.Object.Object()
	require.True(t, ok)
	content, _ := note.Get("content").String()
	assert.Equal(t, "<p>just before the crash</p>", content)

	// The record of the activities seen survived too: the Follow
	// delivered again is dropped.
	p.send(t, f, s2.actor)
	require.Eventually(t, func() bool { return strings.Contains(logs2.String(), "repeated delivery") },
		5*time.Second, 10*time.Millisecond)

	// The peer's key is in the shared key cache.
	pool, err := pgxpool.New(t.Context(), dbURL)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	var cached int
	require.NoError(t, pool.QueryRow(t.Context(), "SELECT count(*) FROM fedikit_key_cache WHERE key_id = $1", p.key.ID).Scan(&cached))
	assert.Equal(t, 1, cached)
}

func TestPostgresPublishRollsBack(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	p := newPeer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s, st, _, _ := startPGServer(t, dbURL, ln)
	follow(t, p, s)

	jobs := func() int64 {
		stats, err := st.q.Stats(t.Context())
		require.NoError(t, err)
		return stats.Depth() + stats.Completed + stats.DeadLetters
	}
	before := jobs() // the Accept

	// Every post now fails at COMMIT, once the INSERT and the queueing
	// have both run inside the transaction.
	pool, err := pgxpool.New(t.Context(), dbURL)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	_, err = pool.Exec(t.Context(), `
CREATE FUNCTION refuse_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'no posts today'; END $$;
CREATE CONSTRAINT TRIGGER refuse_post AFTER INSERT ON fedserver_posts
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_post();`)
	require.NoError(t, err)

	_, err = s.publish(t.Context(), "never stored")
	require.ErrorContains(t, err, "no posts today")
	assert.Equal(t, before, jobs(), "a delivery was queued for a post that was not stored")
	_, n, err := st.postsBefore(t.Context(), 0, 10)
	require.NoError(t, err)
	assert.Zero(t, n)

	_, err = pool.Exec(t.Context(), "DROP TRIGGER refuse_post ON fedserver_posts")
	require.NoError(t, err)
	id, err := s.publish(t.Context(), "stored")
	require.NoError(t, err)
	assert.Equal(t, before+1, jobs())
	// The peer gets this post, the first it gets since the Accept.
	assert.Equal(t, id, p.expect(t, "Create").Doc.Root().ID())
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// tryJSON fetches url as ActivityStreams, and reports errors instead of
// failing the test: for require.Eventually.
func tryJSON(ctx context.Context, url string) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	var m map[string]any
	return m, json.NewDecoder(resp.Body).Decode(&m)
}

// TestPostgresFlag runs the command with -postgres twice on one database.
func TestPostgresFlag(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	addr := freeAddr(t)
	base := "http://" + addr + "/users/bot"

	// runCommand runs the command until the outbox has posts posts, and
	// returns the actor's public key.
	runCommand := func(stdin io.Reader, posts int, extra ...string) string {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		logs := &syncBuffer{}
		args := append([]string{"-domain", addr, "-listen", addr, "-insecure-http", "-allow-private", "-postgres", dbURL}, extra...)
		done := make(chan int, 1)
		go func() { done <- run(ctx, args, stdin, logs) }()
		require.Eventually(t, func() bool {
			outbox, err := tryJSON(t.Context(), base+"/outbox")
			return err == nil && outbox["totalItems"] == float64(posts)
		}, 20*time.Second, 20*time.Millisecond, "the outbox never had %d posts; logs:\n%s", posts, logs)
		actor, err := tryJSON(t.Context(), base)
		require.NoError(t, err)
		key, _ := actor["publicKey"].(map[string]any)
		cancel()
		select {
		case code := <-done:
			require.Equal(t, 0, code, "logs:\n%s", logs)
		case <-time.After(20 * time.Second):
			t.Fatal("the command did not stop")
		}
		pem, _ := key["publicKeyPem"].(string)
		require.NotEmpty(t, pem)
		return pem
	}
	key1 := runCommand(nil, 1, "-post", "posted with -post")
	key2 := runCommand(strings.NewReader("posted from standard input\n"), 2)
	assert.Equal(t, key1, key2, "the key changed")
}

// TestPostgresUnreachable checks that a database that cannot be reached
// stops the command, and that its password is not logged.
func TestPostgresUnreachable(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	code := run(t.Context(), []string{"-domain", "a.example", "-listen", "127.0.0.1:0",
		"-postgres", "postgres://fedserver:hunter2@127.0.0.1:1/fedserver?connect_timeout=5"}, nil, &out)
	assert.Equal(t, 1, code)
	assert.Contains(t, out.String(), "cannot open the PostgreSQL database")
	assert.NotContains(t, out.String(), "hunter2")
}
