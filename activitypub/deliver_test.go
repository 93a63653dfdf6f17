package activitypub

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/benchcmp"
	"github.com/fedikit/fedikit/internal/safehttp"
)

const (
	deliverSender = "https://sender.test/users/alice"
	deliverKeyID  = deliverSender + "#main-key"
)

// deliverTestKey is the sender's key, made once for all tests.
var deliverTestKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// deliverClock is a clock that tests move by hand.
type deliverClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *deliverClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *deliverClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// deliverNames resolves every name ending in ".test" to 127.0.0.1.
type deliverNames struct{}

func (deliverNames) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if strings.HasSuffix(host, ".test") {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// deliverInboxes is an InboxResolver from a map of actor to inbox and
// shared inbox.
type deliverInboxes map[string][2]string

func (m deliverInboxes) Inboxes(ctx context.Context, actor string) (string, string, error) {
	in, ok := m[actor]
	if !ok {
		return "", "", fmt.Errorf("no actor %s", actor)
	}
	return in[0], in[1], nil
}

// deliverReceived is one POST an inbox received.
type deliverReceived struct {
	Host, Path, ContentType string
	Body                    map[string]any
	VerifyErr               error
	Format                  httpsig.Format
}

// deliverEnv is a test inbox server and a Deliverer that sends to it.
type deliverEnv struct {
	t     *testing.T
	srv   *httptest.Server
	port  string
	clock *deliverClock
	d     *Deliverer
	opts  DelivererOptions

	mu      sync.Mutex
	got     []deliverReceived
	counts  map[string]int
	results []Result
	// respond answers the n-th request (from 1) to path; nil means 202.
	respond func(w http.ResponseWriter, path string, n int) int
	// cavageOnly makes the server refuse RFC 9421 signatures, as servers
	// before Mastodon 4.5 do.
	cavageOnly bool
}

// deliverSetup starts an inbox server and returns its environment;
// configure adjusts the options before the Deliverer is made.
func deliverSetup(t *testing.T, inboxes map[string][2]string, configure func(*deliverEnv, *DelivererOptions)) *deliverEnv {
	t.Helper()
	key := deliverTestKey()
	e := &deliverEnv{
		t:      t,
		clock:  &deliverClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)},
		counts: make(map[string]int),
	}
	verifier := httpsig.NewVerifier(httpsig.KeyResolverFunc(func(ctx context.Context, keyID string) (*httpsig.Key, error) {
		if keyID != deliverKeyID {
			return nil, httpsig.ErrKeyNotFound
		}
		return &httpsig.Key{ID: keyID, Owner: deliverSender, PublicKey: &key.PublicKey}, nil
	}), nil)
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, verr := verifier.VerifyRequest(r)
		body, _ := io.ReadAll(r.Body)
		rec := deliverReceived{Host: strings.Split(r.Host, ":")[0], Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), VerifyErr: verr}
		if res != nil {
			rec.Format = res.Format
		}
		_ = json.Unmarshal(body, &rec.Body)
		e.mu.Lock()
		e.got = append(e.got, rec)
		key := rec.Host + rec.Path
		e.counts[key]++
		n := e.counts[key]
		respond := e.respond
		e.mu.Unlock()
		if r.Method != http.MethodPost || verr != nil || (e.cavageOnly && rec.Format == httpsig.RFC9421) {
			http.Error(w, "refused", http.StatusUnauthorized)
			return
		}
		status := http.StatusAccepted
		if respond != nil {
			status = respond(w, key, n)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(e.srv.Close)
	_, e.port, _ = net.SplitHostPort(e.srv.Listener.Addr().String())

	res := make(deliverInboxes)
	for actor, in := range inboxes {
		res[actor] = [2]string{e.url(in[0]), e.url(in[1])}
	}
	e.opts = DelivererOptions{
		KeyID:         deliverKeyID,
		Signer:        key,
		Inboxes:       res,
		AllowLoopback: true,
		AllowHTTP:     true,
		Resolver:      deliverNames{},
		Backoff:       func(int) time.Duration { return 0 },
		Now:           e.clock.Now,
		OnResult: func(r Result) {
			e.mu.Lock()
			e.results = append(e.results, r)
			e.mu.Unlock()
		},
	}
	if configure != nil {
		configure(e, &e.opts)
	}
	d, err := NewDeliverer(&e.opts)
	require.NoError(t, err)
	e.d = d
	return e
}

// url turns "host/path" into a URL on the test server; "" stays "".
func (e *deliverEnv) url(hostPath string) string {
	if hostPath == "" {
		return ""
	}
	host, path, _ := strings.Cut(hostPath, "/")
	return "http://" + host + ":" + e.port + "/" + path
}

// received returns the requests so far, checking that each was signed.
func (e *deliverEnv) received() []deliverReceived {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range e.got {
		assert.NoError(e.t, r.VerifyErr, "signature of the POST to %s%s", r.Host, r.Path)
		assert.Equal(e.t, "application/activity+json", r.ContentType)
	}
	return append([]deliverReceived(nil), e.got...)
}

// resultsByInbox returns the results so far, by inbox.
func (e *deliverEnv) resultsByInbox() map[string]Result {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]Result)
	for _, r := range e.results {
		_, dup := out[r.Inbox]
		assert.False(e.t, dup, "one result per inbox: %s", r.Inbox)
		out[r.Inbox] = r
	}
	return out
}

// deliverNote returns a Create from the sender with the given addressing.
func deliverNote(t *testing.T, id string, addressing string) *Document {
	t.Helper()
	return testDecode(t, `{"@context":"https://www.w3.org/ns/activitystreams","id":"`+id+`","type":"Create","actor":"`+deliverSender+`",`+addressing+`,
		"object":{"id":"`+id+`/object","type":"Note","attributedTo":"`+deliverSender+`","content":"hi"}}`)
}

func TestDeliverCollapsesToSharedInboxes(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann":  {"a.test/users/ann/inbox", "a.test/inbox"},
		"https://a.test/users/amy":  {"a.test/users/amy/inbox", "a.test/inbox"},
		"https://b.test/users/bob":  {"b.test/users/bob/inbox", "b.test/inbox"},
		"https://b.test/users/bea":  {"b.test/users/bea/inbox", "b.test/inbox"},
		"https://b.test/users/carl": {"b.test/users/carl/inbox", ""},
	}, nil)
	ctx := t.Context()
	act := deliverNote(t, "https://sender.test/activities/1", `"to":["https://a.test/users/ann","https://a.test/users/amy","https://b.test/users/bob"],"cc":["https://b.test/users/bea","https://b.test/users/carl","https://nowhere.test/users/x"]`)
	rep, err := e.d.Deliver(ctx, act)
	require.NoError(t, err)
	assert.Equal(t, []string{e.url("a.test/inbox"), e.url("b.test/inbox"), e.url("b.test/users/carl/inbox")}, rep.Queued)
	require.Len(t, rep.Errors, 1)
	assert.Error(t, rep.Errors["https://nowhere.test/users/x"])

	require.NoError(t, e.d.Flush(ctx))
	got := e.received()
	require.Len(t, got, 3)
	var where []string
	for _, r := range got {
		where = append(where, r.Host+r.Path)
		assert.Equal(t, "https://sender.test/activities/1", r.Body["id"])
	}
	assert.ElementsMatch(t, []string{"a.test/inbox", "b.test/inbox", "b.test/users/carl/inbox"}, where)
	results := e.resultsByInbox()
	require.Len(t, results, 3)
	for inbox, r := range results {
		assert.True(t, r.Delivered, inbox)
		assert.Equal(t, http.StatusAccepted, r.Status)
		assert.Equal(t, 1, r.Attempts)
		assert.NoError(t, r.Err)
		assert.Equal(t, "https://sender.test/activities/1", r.Activity)
	}
	n, err := e.d.queue.(Queue).Len(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestDeliverStripsBtoBcc(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
		"https://b.test/users/bob": {"b.test/users/bob/inbox", ""},
		"https://b.test/users/bea": {"b.test/users/bea/inbox", ""},
	}, nil)
	ctx := t.Context()
	act := testDecode(t, `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://sender.test/activities/2","type":"Create","actor":"`+deliverSender+`",
		"to":"https://a.test/users/ann","bto":["https://b.test/users/bob"],"bcc":"https://b.test/users/bea",
		"object":{"id":"https://sender.test/notes/2","type":"Note","to":"https://a.test/users/ann","bto":["https://b.test/users/bob"],"bcc":"https://b.test/users/bea"}}`)
	rep, err := e.d.Deliver(ctx, act)
	require.NoError(t, err)
	assert.Len(t, rep.Queued, 3, "bto and bcc recipients get the activity")
	require.NoError(t, e.d.Flush(ctx))
	got := e.received()
	require.Len(t, got, 3)
	for _, r := range got {
		assert.NotContains(t, r.Body, "bto")
		assert.NotContains(t, r.Body, "bcc")
		assert.Equal(t, "https://a.test/users/ann", r.Body["to"])
		obj, _ := r.Body["object"].(map[string]any)
		assert.NotContains(t, obj, "bto")
		assert.NotContains(t, obj, "bcc")
		assert.Equal(t, "https://a.test/users/ann", obj["to"])
	}
	assert.True(t, act.Root().Has("bto"), "the caller's document is left alone")
}

func TestDeliverRetriesUntilAccepted(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", "a.test/inbox"},
	}, func(e *deliverEnv, o *DelivererOptions) {
		e.respond = func(w http.ResponseWriter, path string, n int) int {
			if n <= 2 {
				return http.StatusInternalServerError
			}
			return http.StatusAccepted
		}
	})
	ctx := t.Context()
	_, err := e.d.Deliver(ctx, deliverNote(t, "https://sender.test/activities/3", `"to":["https://a.test/users/ann"]`))
	require.NoError(t, err)
	require.NoError(t, e.d.Flush(ctx))
	got := e.received()
	assert.Len(t, got, 3)
	results := e.resultsByInbox()
	require.Len(t, results, 1)
	r := results[e.url("a.test/inbox")]
	assert.True(t, r.Delivered)
	assert.Equal(t, 3, r.Attempts)
	assert.Equal(t, http.StatusAccepted, r.Status)
}

func TestDeliverHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		value func(now time.Time) string
	}{
		{"seconds", func(time.Time) string { return "120" }},
		{"http-date", func(now time.Time) string { return now.Add(120 * time.Second).Format(http.TimeFormat) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := deliverSetup(t, map[string][2]string{
				"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
			}, func(env *deliverEnv, o *DelivererOptions) {
				// Without Retry-After, the retry would wait an hour.
				o.Backoff = func(int) time.Duration { return time.Hour }
				env.respond = func(w http.ResponseWriter, path string, n int) int {
					if n == 1 {
						w.Header().Set("Retry-After", tc.value(env.clock.Now()))
						return http.StatusTooManyRequests
					}
					return http.StatusAccepted
				}
			})
			ctx := t.Context()
			_, err := e.d.Deliver(ctx, deliverNote(t, "https://sender.test/activities/4", `"to":["https://a.test/users/ann"]`))
			require.NoError(t, err)
			require.NoError(t, e.d.Flush(ctx))
			assert.Len(t, e.received(), 1)
			assert.Empty(t, e.resultsByInbox())

			e.clock.Advance(119 * time.Second)
			require.NoError(t, e.d.Flush(ctx))
			assert.Len(t, e.received(), 1, "not before Retry-After")

			e.clock.Advance(time.Second)
			require.NoError(t, e.d.Flush(ctx))
			assert.Len(t, e.received(), 2)
			r := e.resultsByInbox()[e.url("a.test/users/ann/inbox")]
			assert.True(t, r.Delivered)
			assert.Equal(t, 2, r.Attempts)
		})
	}
}

func TestDeliverGivesUp(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/gone":     {"a.test/users/gone/inbox", ""},
		"https://a.test/users/missing":  {"a.test/users/missing/inbox", ""},
		"https://b.test/users/bad":      {"b.test/users/bad/inbox", ""},
		"https://b.test/users/flooded":  {"b.test/users/flooded/inbox", ""},
		"https://b.test/users/accepted": {"b.test/users/accepted/inbox", ""},
		"https://b.test/users/moved":    {"b.test/users/moved/inbox", ""},
	}, func(e *deliverEnv, o *DelivererOptions) {
		o.MaxAttempts = 3
		o.CircuitThreshold = 100
		e.respond = func(w http.ResponseWriter, path string, n int) int {
			switch path {
			case "a.test/users/gone/inbox":
				return http.StatusGone
			case "a.test/users/missing/inbox":
				return http.StatusNotFound
			case "b.test/users/bad/inbox":
				return http.StatusBadRequest
			case "b.test/users/flooded/inbox":
				return http.StatusServiceUnavailable
			case "b.test/users/moved/inbox":
				w.Header().Set("Location", "/users/accepted/inbox")
				return http.StatusFound
			}
			return http.StatusOK
		}
	})
	ctx := t.Context()
	_, err := e.d.Deliver(ctx, deliverNote(t, "https://sender.test/activities/5", `"to":["https://a.test/users/gone","https://a.test/users/missing","https://b.test/users/bad","https://b.test/users/flooded","https://b.test/users/accepted","https://b.test/users/moved"]`))
	require.NoError(t, err)
	require.NoError(t, e.d.Flush(ctx))

	e.mu.Lock()
	counts := maps.Clone(e.counts)
	e.mu.Unlock()
	assert.Equal(t, map[string]int{
		"a.test/users/gone/inbox":     1,
		"a.test/users/missing/inbox":  1,
		"b.test/users/bad/inbox":      1,
		"b.test/users/flooded/inbox":  3,
		"b.test/users/accepted/inbox": 1,
		"b.test/users/moved/inbox":    1,
	}, counts, "redirects are not followed")

	results := e.resultsByInbox()
	require.Len(t, results, 6)
	for _, path := range []string{"a.test/users/gone/inbox", "a.test/users/missing/inbox"} {
		r := results[e.url(path)]
		assert.True(t, r.Gone, path)
		assert.False(t, r.Delivered, path)
		assert.Equal(t, 1, r.Attempts, path)
	}
	bad := results[e.url("b.test/users/bad/inbox")]
	assert.False(t, bad.Gone)
	assert.False(t, bad.Delivered)
	assert.Equal(t, http.StatusBadRequest, bad.Status)
	var se *StatusError
	require.ErrorAs(t, bad.Err, &se)
	assert.Equal(t, http.StatusBadRequest, se.StatusCode)

	flooded := results[e.url("b.test/users/flooded/inbox")]
	assert.False(t, flooded.Delivered)
	assert.Equal(t, 3, flooded.Attempts)
	assert.Equal(t, http.StatusServiceUnavailable, flooded.Status)

	assert.True(t, results[e.url("b.test/users/accepted/inbox")].Delivered)
	moved := results[e.url("b.test/users/moved/inbox")]
	assert.False(t, moved.Delivered)
	assert.Equal(t, http.StatusFound, moved.Status)
	assert.Equal(t, 1, moved.Attempts)
}

func TestDeliverExpandsFollowers(t *testing.T) {
	t.Parallel()
	followers := NewMemoryFollowerStore()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann":  {"a.test/users/ann/inbox", "a.test/inbox"},
		"https://a.test/users/amy":  {"a.test/users/amy/inbox", "a.test/inbox"},
		"https://b.test/users/bob":  {"b.test/users/bob/inbox", ""},
		"https://b.test/users/carl": {"b.test/users/carl/inbox", ""},
		deliverSender:               {"sender.test/users/alice/inbox", "sender.test/inbox"},
	}, func(e *deliverEnv, o *DelivererOptions) { o.Followers = followers })
	ctx := t.Context()
	for _, f := range []string{"https://a.test/users/ann", "https://a.test/users/amy", "https://b.test/users/bob", deliverSender} {
		require.NoError(t, followers.AddFollower(ctx, deliverSender, f))
	}
	require.NoError(t, followers.AddFollower(ctx, "https://sender.test/users/other", "https://b.test/users/carl"))

	act := deliverNote(t, "https://sender.test/activities/6", `"to":["as:Public"],"cc":["`+deliverSender+`/followers","https://b.test/users/bob"]`)
	rep, err := e.d.Deliver(ctx, act)
	require.NoError(t, err)
	assert.Empty(t, rep.Errors)
	assert.Equal(t, []string{e.url("a.test/inbox"), e.url("b.test/users/bob/inbox")}, rep.Queued,
		"the followers, once each, and never the sender")
	require.NoError(t, e.d.Flush(ctx))
	assert.Len(t, e.received(), 2)

	// Without a FollowerStore, the followers collection is an error.
	e2 := deliverSetup(t, nil, nil)
	rep, err = e2.d.Deliver(ctx, act, deliverSender+"/followers")
	require.NoError(t, err)
	assert.Empty(t, rep.Queued)
	assert.Error(t, rep.Errors[deliverSender+"/followers"])
}

func TestDeliverSkipsPublic(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, nil)
	ctx := t.Context()
	act := deliverNote(t, "https://sender.test/activities/7", `"to":["https://www.w3.org/ns/activitystreams#Public"]`)
	rep, err := e.d.Deliver(ctx, act)
	require.NoError(t, err)
	assert.Empty(t, rep.Queued)
	assert.Empty(t, rep.Errors)

	rep, err = e.d.Deliver(ctx, act, "https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public", deliverSender, "https://a.test/users/ann")
	require.NoError(t, err)
	assert.Equal(t, []string{e.url("a.test/users/ann/inbox")}, rep.Queued)
	assert.Empty(t, rep.Errors)
}

func TestDeliverDuplicateIsNoop(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, nil)
	ctx := t.Context()
	act := deliverNote(t, "https://sender.test/activities/8", `"to":["https://a.test/users/ann"]`)
	for range 3 {
		_, err := e.d.Deliver(ctx, act)
		require.NoError(t, err)
	}
	n, err := e.d.queue.(Queue).Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	require.NoError(t, e.d.Flush(ctx))
	assert.Len(t, e.received(), 1)
}

func TestDeliverCircuitBreaker(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
		"https://b.test/users/bob": {"b.test/users/bob/inbox", ""},
	}, func(e *deliverEnv, o *DelivererOptions) {
		o.CircuitThreshold = 2
		o.CircuitCooldown = time.Minute
		o.PerHostConcurrency = 1
		e.respond = func(w http.ResponseWriter, path string, n int) int {
			if strings.HasPrefix(path, "a.test/") {
				return http.StatusBadGateway
			}
			return http.StatusAccepted
		}
	})
	ctx := t.Context()
	for i := range 3 {
		_, err := e.d.Deliver(ctx, deliverNote(t, fmt.Sprintf("https://sender.test/activities/cb%d", i), `"to":["https://a.test/users/ann","https://b.test/users/bob"]`))
		require.NoError(t, err)
	}
	require.NoError(t, e.d.Flush(ctx))
	count := func(path string) int {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.counts[path]
	}
	assert.Equal(t, 2, count("a.test/users/ann/inbox"), "the breaker opens after two failures")
	assert.Equal(t, 3, count("b.test/users/bob/inbox"), "other hosts are not held")
	n, err := e.d.queue.(Queue).Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "the failing host's jobs are held, not dropped")

	e.clock.Advance(59 * time.Second)
	require.NoError(t, e.d.Flush(ctx))
	assert.Equal(t, 2, count("a.test/users/ann/inbox"))

	// After the cool-down one request probes the host; it fails, and the
	// breaker opens again.
	e.clock.Advance(time.Second)
	require.NoError(t, e.d.Flush(ctx))
	assert.Equal(t, 3, count("a.test/users/ann/inbox"))

	// Holding is not an attempt.
	q := e.d.queue.(Queue)
	e.clock.Advance(time.Hour)
	jobs, err := q.Lease(ctx, e.clock.Now(), 10)
	require.NoError(t, err)
	total := 0
	for _, j := range jobs {
		total += j.Attempt
	}
	assert.Equal(t, 3, total)
}

func TestDeliverRefusesSSRF(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		configure func(*DelivererOptions)
		want      error
	}{
		{"loopback", func(o *DelivererOptions) { o.AllowLoopback = false }, safehttp.ErrForbiddenAddress},
		{"http", func(o *DelivererOptions) { o.AllowHTTP = false }, safehttp.ErrInsecureScheme},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := deliverSetup(t, map[string][2]string{
				"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
			}, func(e *deliverEnv, o *DelivererOptions) { tc.configure(o) })
			ctx := t.Context()
			_, err := e.d.Deliver(ctx, deliverNote(t, "https://sender.test/activities/9", `"to":["https://a.test/users/ann"]`))
			require.NoError(t, err)
			require.NoError(t, e.d.Flush(ctx))
			assert.Empty(t, e.received())
			results := e.resultsByInbox()
			require.Len(t, results, 1)
			r := results[e.url("a.test/users/ann/inbox")]
			assert.ErrorIs(t, r.Err, tc.want)
			assert.Equal(t, 1, r.Attempts, "not retried")
			assert.False(t, r.Delivered)
		})
	}
}

func TestDeliverRun(t *testing.T) {
	t.Parallel()
	delivered := make(chan Result, 1)
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, func(e *deliverEnv, o *DelivererOptions) {
		o.Now = nil
		o.OnResult = func(r Result) { delivered <- r }
	})
	ctx, cancel := context.WithCancel(t.Context())
	runErr := make(chan error, 1)
	go func() { runErr <- e.d.Run(ctx) }()
	_, err := e.d.Deliver(ctx, deliverNote(t, "https://sender.test/activities/10", `"to":["https://a.test/users/ann"]`))
	require.NoError(t, err)
	select {
	case r := <-delivered:
		assert.True(t, r.Delivered)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not deliver")
	}
	cancel()
	assert.ErrorIs(t, <-runErr, context.Canceled)
	got := e.received()
	require.Len(t, got, 1)
	assert.Equal(t, httpsig.RFC9421, got[0].Format, "RFC 9421 is tried first")
}

func TestDeliverDoubleKnocks(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, map[string][2]string{
		"https://a.test/users/ann": {"a.test/users/ann/inbox", ""},
	}, func(e *deliverEnv, o *DelivererOptions) { e.cavageOnly = true })
	ctx := t.Context()
	for i := range 2 {
		_, err := e.d.Deliver(ctx, deliverNote(t, fmt.Sprintf("https://sender.test/activities/dk%d", i), `"to":["https://a.test/users/ann"]`))
		require.NoError(t, err)
		require.NoError(t, e.d.Flush(ctx))
	}
	var formats []httpsig.Format
	for _, r := range e.received() {
		formats = append(formats, r.Format)
	}
	assert.Equal(t, []httpsig.Format{httpsig.RFC9421, httpsig.Cavage, httpsig.Cavage}, formats,
		"RFC 9421 first, then cavage, remembered for the host")
	e.mu.Lock()
	defer e.mu.Unlock()
	require.Len(t, e.results, 2)
	for _, r := range e.results {
		assert.True(t, r.Delivered)
		assert.Equal(t, 1, r.Attempts, "a double knock is one attempt")
	}
}

func TestNewDelivererRequiresOptions(t *testing.T) {
	t.Parallel()
	_, err := NewDeliverer(nil)
	assert.Error(t, err)
	_, err = NewDeliverer(&DelivererOptions{KeyID: deliverKeyID, Signer: deliverTestKey()})
	assert.Error(t, err, "no InboxResolver")
	_, err = NewDeliverer(&DelivererOptions{Inboxes: deliverInboxes{}})
	assert.Error(t, err, "no key")
}

func TestDeliverRejectsActivityWithoutID(t *testing.T) {
	t.Parallel()
	e := deliverSetup(t, nil, nil)
	_, err := e.d.Deliver(t.Context(), testDecode(t, `{"type":"Create","actor":"`+deliverSender+`"}`), "https://a.test/users/ann")
	assert.Error(t, err)
	_, err = e.d.Deliver(t.Context(), nil)
	assert.Error(t, err)
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"-5":                            0,
		"30":                            30 * time.Second,
		"999999999999":                  maxRetryAfter,
		"soon":                          0,
		"Sun, 01 Mar 2026 12:01:00 GMT": time.Minute,
		"Sun, 01 Mar 2026 11:00:00 GMT": 0,
	} {
		assert.Equal(t, want, retryAfter(v, now), v)
	}
}

func TestDefaultBackoff(t *testing.T) {
	t.Parallel()
	for attempt, ceiling := range map[int]time.Duration{0: 30 * time.Second, 1: 30 * time.Second, 2: time.Minute, 5: 8 * time.Minute, 12: 6 * time.Hour, 1000: 6 * time.Hour} {
		for range 20 {
			d := defaultBackoff(attempt)
			assert.GreaterOrEqual(t, d, time.Duration(0))
			assert.LessOrEqual(t, d, ceiling, attempt)
		}
	}
}

// BenchmarkFanOut delivers one activity to the followers of an actor on
// many hosts (one shared inbox each, all served by one loopback server),
// signing each POST with RSA-2048: 1,000 followers on 100 hosts, and
// 10,000 on 1,000. Each reports its cost as a multiple of the raw cost of
// the RSA signatures it cannot avoid, one per host, measured in the same
// run (x-raw-sign), and the peak of the live heap during the fan-out
// (peak-heap-MB). sign-100 is the raw cost on its own.
func BenchmarkFanOut(b *testing.B) {
	key := deliverTestKey()
	signRaw := func(n int) {
		digest := sha256.Sum256([]byte("(request-target): post /inbox"))
		for range n {
			if _, err := key.Sign(rand.Reader, digest[:], crypto.SHA256); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, size := range []struct{ hosts, perHost int }{{100, 10}, {1000, 10}} {
		name := fmt.Sprintf("deliver-%d-followers-%d-hosts", size.hosts*size.perHost, size.hosts)
		b.Run(name, func(b *testing.B) { benchFanOut(b, key, size.hosts, size.perHost, signRaw) })
	}
	b.Run("sign-100", func(b *testing.B) {
		for b.Loop() {
			signRaw(100)
		}
	})
}

func benchFanOut(b *testing.B, key crypto.Signer, hosts, perHost int, signRaw func(int)) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	ctx := b.Context()
	followers := NewMemoryFollowerStore()
	inboxes := make(deliverInboxes)
	for h := range hosts {
		for u := range perHost {
			actor := fmt.Sprintf("http://h%d.test:%s/users/u%d", h, port, u)
			inboxes[actor] = [2]string{actor + "/inbox", fmt.Sprintf("http://h%d.test:%s/inbox", h, port)}
			if err := followers.AddFollower(ctx, deliverSender, actor); err != nil {
				b.Fatal(err)
			}
		}
	}
	d, err := NewDeliverer(&DelivererOptions{
		KeyID: deliverKeyID, Signer: key,
		Inboxes: inboxes, Followers: followers,
		AllowLoopback: true, AllowHTTP: true, Resolver: deliverNames{},
	})
	if err != nil {
		b.Fatal(err)
	}

	// The raw cost, measured as the best of a few rounds.
	raw := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		signRaw(hosts)
		raw = min(raw, time.Since(start))
	}

	peak := benchcmp.StartHeapSampler()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		act, err := Decode([]byte(fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams","id":"https://sender.test/activities/%d","type":"Create","actor":%q,"to":["as:Public"],"cc":[%q],"object":{"id":"https://sender.test/notes/%d","type":"Note","content":"hello"}}`,
			i, deliverSender, deliverSender+"/followers", i)), nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := d.Deliver(ctx, act)
		if err != nil || len(rep.Queued) != hosts || len(rep.Errors) != 0 {
			b.Fatalf("queued %d, errors %v, %v", len(rep.Queued), rep.Errors, err)
		}
		if err := d.Flush(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	peakBytes := peak()
	if n, _ := d.queue.(Queue).Len(ctx); n != 0 {
		b.Fatalf("%d jobs left", n)
	}
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(raw.Nanoseconds()), "raw-sign-ns")
	b.ReportMetric(float64(perOp)/float64(raw), "x-raw-sign")
	b.ReportMetric(float64(peakBytes)/(1<<20), "peak-heap-MB")
}
