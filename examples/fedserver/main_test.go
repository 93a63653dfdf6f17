package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/httpsig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newLogger returns a logger that writes to the buffer it returns.
func newLogger(level slog.Level) (*slog.Logger, *syncBuffer) {
	logs := &syncBuffer{}
	return slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: level})), logs
}

// actorOn returns the IRI of the account of a test server on ln.
func actorOn(ln net.Listener) string { return "http://" + ln.Addr().String() + "/users/bot" }

// startServer runs fedserver on a loopback port, its state in memory or
// in the data file, and returns it.
func startServer(t *testing.T, locked bool, data string) (*server, *syncBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	st, err := loadState(data, actorOn(ln))
	require.NoError(t, err)
	log, logs := newLogger(slog.LevelInfo)
	s, _ := serveOn(t, ln, st, locked, log)
	return s, logs
}

// serveOn runs a server with state st on ln until the test ends or the
// function it returns is called, which waits for the server to stop.
func serveOn(t *testing.T, ln net.Listener, st state, locked bool, log *slog.Logger) (*server, func()) {
	t.Helper()
	s, err := newServer(config{domain: ln.Addr().String(), user: "bot", plainHTTP: true, allowLAN: true, locked: locked},
		st, log)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln, nil, "") }()
	stop := sync.OnceFunc(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	t.Cleanup(stop)
	return s, stop
}

// followers returns the first followers of s.
func followers(t *testing.T, s *server) []string {
	t.Helper()
	page, _, err := s.st.followersPage(t.Context(), "", 10)
	require.NoError(t, err)
	return page
}

// pendingRequests returns the follow requests s holds.
func pendingRequests(t *testing.T, s *server) []pending {
	t.Helper()
	list, err := s.st.pendingList(t.Context())
	require.NoError(t, err)
	return list
}

// peer is another server with one account, made of the library's parts,
// that records what its inbox gets.
type peer struct {
	srv       *httptest.Server
	actor     string
	key       *activitypub.ActorKey
	deliverer *activitypub.Deliverer
	fetcher   *activitypub.Fetcher
	got       chan *activitypub.Activity

	mu        sync.Mutex
	gate      chan struct{} // while not nil, deliveries to the inbox wait for it to close
	held      chan struct{} // told of each delivery that waits
	abandoned chan struct{} // told of each delivery its sender gave up waiting
}

func newPeer(t *testing.T) *peer {
	t.Helper()
	p := &peer{got: make(chan *activitypub.Activity, 16)}
	mux := http.NewServeMux()
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.actor = p.srv.URL + "/users/alice"
	var err error
	p.key, err = activitypub.GenerateRSAKey(p.actor, p.actor+"#main-key")
	require.NoError(t, err)
	p.fetcher, err = activitypub.NewFetcher(&activitypub.FetcherOptions{Key: p.key, AllowLoopback: true, AllowHTTP: true})
	require.NoError(t, err)
	p.deliverer, err = activitypub.NewDeliverer(&activitypub.DelivererOptions{
		KeyID: p.key.ID, Signer: p.key.Signer, Inboxes: p.fetcher, AllowLoopback: true, AllowHTTP: true,
	})
	require.NoError(t, err)

	doc := activitypub.New("Person")
	root := doc.Root()
	require.NoError(t, root.Set("id", p.actor))
	require.NoError(t, root.Set("preferredUsername", "alice"))
	require.NoError(t, root.Set("inbox", p.actor+"/inbox"))
	require.NoError(t, activitypub.PublishKeys(root, []*activitypub.ActorKey{p.key}))
	mux.Handle("GET /users/alice", &activitypub.ObjectHandler{Lookup: func(*http.Request) (*activitypub.Document, error) { return doc, nil }})

	keys := activitypub.NewKeyResolver(p.fetcher, nil)
	inbox, err := activitypub.NewInbox(&activitypub.InboxOptions{Verifier: httpsig.NewVerifier(keys, nil), Fetcher: p.fetcher})
	require.NoError(t, err)
	inbox.HandleFallback(func(_ context.Context, a *activitypub.Activity) error {
		p.got <- a
		return nil
	})
	mux.HandleFunc("POST /users/alice/inbox", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		gate, held, abandoned := p.gate, p.held, p.abandoned
		p.mu.Unlock()
		if gate != nil {
			// Read the body first: the server notices that the sender
			// hung up only once the body is read.
			body, err := io.ReadAll(r.Body)
			if err != nil {
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			held <- struct{}{}
			select {
			case <-gate:
			case <-r.Context().Done():
				abandoned <- struct{}{} // the sender gave up: nothing was received
				return
			}
		}
		inbox.ServeHTTP(w, r)
	})
	return p
}

// holdInbox makes the deliveries to the peer's inbox wait, until release
// is called or their sender gives up. held gets a value for each delivery
// that waits, abandoned for each whose sender gives up (up to 16 each).
func (p *peer) holdInbox() (held, abandoned <-chan struct{}, release func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gate, p.held, p.abandoned = make(chan struct{}), make(chan struct{}, 16), make(chan struct{}, 16)
	gate := p.gate
	return p.held, p.abandoned, sync.OnceFunc(func() {
		p.mu.Lock()
		p.gate = nil
		p.mu.Unlock()
		close(gate)
	})
}

// send delivers activity to the recipient at once.
func (p *peer) send(t *testing.T, activity *activitypub.Document, to string) {
	t.Helper()
	rep, err := p.deliverer.Deliver(t.Context(), activity, to)
	require.NoError(t, err)
	require.Empty(t, rep.Errors)
	require.NoError(t, p.deliverer.Flush(t.Context()))
}

// expect waits for the next activity the peer's inbox gets.
func (p *peer) expect(t *testing.T, typ string) *activitypub.Activity {
	t.Helper()
	return p.expectWithin(t, typ, 10*time.Second)
}

// expectWithin waits up to d for the next activity the peer's inbox gets.
func (p *peer) expectWithin(t *testing.T, typ string, d time.Duration) *activitypub.Activity {
	t.Helper()
	select {
	case a := <-p.got:
		require.Equal(t, typ, a.Type)
		require.True(t, a.Verified)
		return a
	case <-time.After(d):
		t.Fatalf("the peer's inbox got no %s", typ)
		return nil
	}
}

// getJSON fetches url with an Accept header and decodes the answer.
func getJSON(t *testing.T, url, accept string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, url)
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return m
}

func TestFollowAcceptPostUndo(t *testing.T) {
	t.Parallel()
	s, logs := startServer(t, false, filepath.Join(t.TempDir(), "bot.json"))
	p := newPeer(t)

	// The bot is found by its handle. (WebFinger clients speak only
	// https, which this test server does not.)
	jrd := getJSON(t, s.base+"/.well-known/webfinger?resource=acct:bot@"+s.cfg.domain, "application/jrd+json")
	assert.Equal(t, "acct:bot@"+s.cfg.domain, jrd["subject"])
	assert.Contains(t, fmt.Sprint(jrd["links"]), s.actor)

	follow, err := activitypub.NewFollow(p.actor+"/follows/1", p.actor, s.actor)
	require.NoError(t, err)
	p.send(t, follow, s.actor)
	accept := p.expect(t, "Accept")
	assert.Equal(t, s.actor, accept.Actor)
	assert.Equal(t, []string{p.actor}, followers(t, s))

	id, err := s.publish(t.Context(), "Hello <world> & friends")
	require.NoError(t, err)
	create := p.expect(t, "Create")
	assert.Equal(t, id, create.Doc.Root().ID())
	note, ok := create.Object.Object()
	require.True(t, ok)
	content, _ := note.Get("content").String()
	assert.Equal(t, "<p>Hello &lt;world&gt; &amp; friends</p>", content)

	// The note, the outbox and the followers are served.
	noteID := note.ID()
	got := getJSON(t, noteID, "application/activity+json")
	assert.Equal(t, "Note", got["type"])
	var items []string
	for it, err := range p.fetcher.Items(t.Context(), s.actor+"/outbox", nil) {
		require.NoError(t, err)
		o, _ := it.Object()
		items = append(items, o.ID())
	}
	assert.Equal(t, []string{id}, items)
	coll := getJSON(t, s.actor+"/followers", "application/activity+json")
	assert.EqualValues(t, 1, coll["totalItems"])

	undo, err := activitypub.NewUndo(p.actor+"/follows/1/undo", p.actor, follow)
	require.NoError(t, err)
	p.send(t, undo, s.actor)
	require.Eventually(t, func() bool { return len(followers(t, s)) == 0 }, 5*time.Second, 10*time.Millisecond)
	assert.Contains(t, logs.String(), "follower left")

	// The data file keeps the key and the post.
	fst := s.st.(*fileState)
	st2, err := loadState(fst.path, s.actor)
	require.NoError(t, err)
	assert.Equal(t, fst.key().Signer, st2.key().Signer)
	post, ok, err := st2.postByID(t.Context(), 1)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "Hello <world> & friends", post.Content)
}

func TestLockedAccount(t *testing.T) {
	t.Parallel()
	s, logs := startServer(t, true, "")
	p := newPeer(t)

	actor := getJSON(t, s.actor, "application/activity+json")
	assert.Equal(t, true, actor["manuallyApprovesFollowers"])

	follow, err := activitypub.NewFollow(p.actor+"/follows/1", p.actor, s.actor)
	require.NoError(t, err)
	p.send(t, follow, s.actor)
	require.Eventually(t, func() bool { return len(pendingRequests(t, s)) == 1 }, 5*time.Second, 10*time.Millisecond)
	assert.Empty(t, followers(t, s))

	require.NoError(t, s.command(t.Context(), "/approve "+p.actor))
	accept := p.expect(t, "Accept")
	obj, _ := accept.Object.IRI()
	assert.Equal(t, follow.Root().ID(), obj)
	assert.Equal(t, []string{p.actor}, followers(t, s))
	assert.Empty(t, pendingRequests(t, s))
	assert.Contains(t, logs.String(), "follow request held for approval")

	assert.Error(t, s.command(t.Context(), "/approve "+p.actor), "no longer pending")
	assert.Error(t, s.command(t.Context(), "/frobnicate"))
}

func TestRefusesUnsigned(t *testing.T) {
	t.Parallel()
	s, logs := startServer(t, false, "")
	resp, err := http.Post(s.actor+"/inbox", "application/activity+json",
		strings.NewReader(`{"type":"Follow","actor":"https://evil.example/u","object":"`+s.actor+`"}`))
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, logs.String(), "no signature")
	assert.Empty(t, followers(t, s))
}

func TestContentNegotiation(t *testing.T) {
	t.Parallel()
	s, _ := startServer(t, false, "")
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.actor, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, s.base+"/@bot", resp.Header.Get("Location"))

	ni := getJSON(t, s.base+"/.well-known/nodeinfo", "application/json")
	assert.NotEmpty(t, ni["links"])
}

func TestUsage(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	assert.Equal(t, 2, run(t.Context(), nil, nil, &out))
	assert.Contains(t, out.String(), "-domain")
	assert.Equal(t, 2, run(t.Context(), []string{"-domain", "a.example", "-user", "a/b"}, nil, &out))
	assert.Equal(t, 0, run(t.Context(), []string{"-h"}, nil, &out))
	assert.Contains(t, out.String(), "-postgres")
	assert.Contains(t, out.String(), "PGPASSWORD")

	out.Reset()
	assert.Equal(t, 2, run(t.Context(), []string{"-domain", "a.example", "-data", "x.json", "-postgres", "postgres://localhost/x"}, nil, &out))
	assert.Contains(t, out.String(), "-data and -postgres exclude each other")
}

func TestFileStateFollowerPages(t *testing.T) {
	t.Parallel()
	st, err := loadState("", "https://bot.example/users/bot")
	require.NoError(t, err)
	ctx := t.Context()
	for i := range 5 {
		require.NoError(t, st.AddFollower(ctx, "", fmt.Sprintf("https://r.example/u/%d", i)))
	}
	var got []string
	cursor := ""
	for {
		page, next, err := st.followersPage(ctx, cursor, 2)
		require.NoError(t, err)
		got = append(got, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	assert.Len(t, got, 5)
	_, _, err = st.followersPage(ctx, "-3", 2)
	assert.ErrorIs(t, err, errBadCursor)
}
