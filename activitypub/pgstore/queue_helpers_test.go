package pgstore

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/activitypub/pgstore/pgtest"
	"github.com/fedikit/fedikit/httpsig"
)

const (
	testActor = "https://sender.example/users/alice"
	testKeyID = testActor + "#ed25519-key"
)

// testSeed is the seed of the sender's Ed25519 key, the same in the
// worker processes.
var testSeed = []byte("fedikit pgstore test signing key")

// testKey returns the sender's key.
func testKey() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(testSeed) }

// newTestDB returns a pool on a fresh, migrated database and its
// connection string.
func newTestDB(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	cfg, err := pgxpool.ParseConfig(url)
	require.NoError(t, err)
	cfg.MaxConns = 20
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	require.NoError(t, Migrate(context.Background(), pool))
	return pool, url
}

// noInboxes is an InboxResolver for Deliverers that only attempt jobs.
type noInboxes struct{}

func (noInboxes) Inboxes(ctx context.Context, actor string) (string, string, error) {
	return "", "", fmt.Errorf("no inbox for %s", actor)
}

// newTestDeliverer returns a Deliverer that signs as the test actor and
// may deliver to loopback.
func newTestDeliverer(t testing.TB, configure func(*activitypub.DelivererOptions)) *activitypub.Deliverer {
	t.Helper()
	o := &activitypub.DelivererOptions{
		KeyID:              testKeyID,
		Signer:             testKey(),
		Inboxes:            noInboxes{},
		AllowLoopback:      true,
		AllowHTTP:          true,
		PerHostConcurrency: 8,
		MaxConcurrency:     1000,
	}
	if configure != nil {
		configure(o)
	}
	d, err := activitypub.NewDeliverer(o)
	require.NoError(t, err)
	return d
}

// testJobs returns the jobs of activity n to every inbox.
func testJobs(n int, inboxes []string) []activitypub.Job {
	id := fmt.Sprintf("https://sender.example/activities/%d", n)
	body := []byte(fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams","id":%q,"type":"Create","actor":%q,"object":{"id":"%s/note","type":"Note","attributedTo":%q,"content":"post number %d"}}`,
		id, testActor, id, testActor, n))
	jobs := make([]activitypub.Job, len(inboxes))
	for i, inbox := range inboxes {
		jobs[i] = activitypub.Job{Inbox: inbox, Body: body, Activity: id, Actor: testActor, KeyID: testKeyID}
	}
	return jobs
}

// inboxFarm is a set of loopback inboxes, one server (one host) each,
// that count what they receive. Each inbox dedupes by activity id, as a
// receiver must: a delivery seen before is answered but not processed.
type inboxFarm struct {
	URLs []string

	// Delay, when set, is how long each inbox takes to answer.
	Delay time.Duration
	// Respond, when set, chooses the status of a delivery of activity
	// to inbox i, for the n-th time (from 1).
	Respond func(w http.ResponseWriter, i int, activity string, n int) int

	verifier  *httpsig.Verifier
	processed atomic.Int64 // first receptions
	received  atomic.Int64 // all receptions
	badSig    atomic.Int64

	mu   sync.Mutex
	seen []map[string]int // by inbox: activity id → receptions
}

// newInboxFarm starts n inboxes. With verify, each checks the delivery's
// signature against the test key.
func newInboxFarm(t testing.TB, n int, verify bool) *inboxFarm {
	t.Helper()
	f := &inboxFarm{seen: make([]map[string]int, n)}
	if verify {
		pub := testKey().Public()
		f.verifier = httpsig.NewVerifier(httpsig.KeyResolverFunc(func(ctx context.Context, keyID string) (*httpsig.Key, error) {
			if keyID != testKeyID {
				return nil, httpsig.ErrKeyNotFound
			}
			return &httpsig.Key{ID: keyID, Owner: testActor, PublicKey: pub}, nil
		}), nil)
	}
	for i := range n {
		f.seen[i] = make(map[string]int)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.serve(w, r, i) }))
		t.Cleanup(srv.Close)
		f.URLs = append(f.URLs, srv.URL+"/inbox")
	}
	return f
}

func (f *inboxFarm) serve(w http.ResponseWriter, r *http.Request, i int) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		// The sender went away mid-request (a killed worker): nothing
		// was delivered.
		return
	}
	if f.verifier != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		if _, err := f.verifier.VerifyRequest(r); err != nil {
			f.badSig.Add(1)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
	}
	var act struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(body, &act) != nil || act.ID == "" {
		http.Error(w, "bad activity", http.StatusBadRequest)
		return
	}
	if f.Delay > 0 {
		time.Sleep(f.Delay)
	}
	f.mu.Lock()
	f.seen[i][act.ID]++
	n := f.seen[i][act.ID]
	f.mu.Unlock()
	status := http.StatusAccepted
	if f.Respond != nil {
		status = f.Respond(w, i, act.ID, n)
	}
	if status/100 == 2 {
		f.received.Add(1)
		if n == 1 {
			f.processed.Add(1)
		}
	}
	w.WriteHeader(status)
}

// tally returns how many (inbox, activity) pairs were received, and how
// many receptions were repeats that dedupe dropped.
func (f *inboxFarm) tally() (pairs, repeats int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.seen {
		for _, n := range m {
			pairs++
			repeats += n - 1
		}
	}
	return pairs, repeats
}

// missing returns up to max (inbox, activity) pairs of the first
// activities n that an inbox has not received.
func (f *inboxFarm) missing(activities, max int) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for i, m := range f.seen {
		for n := range activities {
			id := fmt.Sprintf("https://sender.example/activities/%d", n)
			if m[id] == 0 && len(out) < max {
				out = append(out, fmt.Sprintf("inbox %d: %s", i, id))
			}
		}
	}
	return out
}

// jobStates counts the delivery jobs of pool by River state.
func jobStates(t testing.TB, pool *pgxpool.Pool) map[string]int {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT state::text, count(*) FROM river_job WHERE kind = $1 GROUP BY 1`, DeliveryKind)
	require.NoError(t, err)
	defer rows.Close()
	out := make(map[string]int)
	for rows.Next() {
		var s string
		var n int
		require.NoError(t, rows.Scan(&s, &n))
		out[s] = n
	}
	require.NoError(t, rows.Err())
	return out
}
