package activitypub

import (
	"context"
	"crypto"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The end-to-end tests run whole servers in the process: each is an
// httptest TLS server with a host name of its own under example.com (the
// test certificate covers *.example.com), resolved to loopback by
// e2eNames. Actors, keys, fetches, signatures, inboxes and deliveries are
// the real ones; only DNS and the certificate authority are the test's.

// e2eNames resolves example.com and the names under it to loopback.
type e2eNames struct{}

func (e2eNames) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if host != "example.com" && !strings.HasSuffix(host, ".example.com") {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
}

// testServerOptions configures a testServer. The zero value of each field
// means the default.
type testServerOptions struct {
	// host is the server's host name, which must be under example.com.
	// Empty means the loopback address, 127.0.0.1.
	host string
	// sharedInbox makes the server's actors advertise its shared inbox,
	// /inbox, as endpoints.sharedInbox.
	sharedInbox bool
	// guarded makes the server's Fetcher (and so its KeyResolver and its
	// inboxes) refuse loopback addresses, as a production server's does.
	guarded bool
	// wrapInbox, when set, wraps the Inbox (personal and shared inboxes
	// alike), between the request counting and the Inbox.
	wrapInbox func(http.Handler) http.Handler
	// deliverer, when set, changes the options of each actor's Deliverer.
	deliverer func(*DelivererOptions)
}

// testServer is one fediverse server of an end-to-end test. It serves its
// actors' documents (and any other document set with setDoc) at their
// paths, a personal inbox per actor at /users/{name}/inbox and a shared
// inbox at /inbox, all through one Inbox with the real Verifier,
// KeyResolver and Fetcher. Its Follow handler records the follower and
// queues an Accept, its Undo handler removes the follower of an undone
// Follow, and every handler records what it handled. It counts the
// requests it answers, with their status.
type testServer struct {
	opts      testServerOptions
	srv       *httptest.Server
	base      string // https://host:port
	tls       *tls.Config
	fetcher   *Fetcher
	keys      *KeyResolver
	inbox     *Inbox
	followers FollowerStore
	logs      *logRecorder  // the Inbox's log
	results   chan Result   // the OnResult reports of the actors' Deliverers
	seq       atomic.Uint64 // for the ids the server makes up

	mu       sync.Mutex
	docs     map[string][]byte     // by path
	actors   map[string]*testActor // by IRI
	received []e2eActivity         // by the handlers, when they succeeded
	requests []e2eRequest          // answered
}

// testActor is an actor of a testServer.
type testActor struct {
	id        string
	inbox     string
	key       *ActorKey
	deliverer *Deliverer
}

// e2eActivity is an activity that an inbox handler handled.
type e2eActivity struct {
	Path     string // the inbox it was delivered to
	Type     string
	ID       string
	Actor    string
	KeyID    string
	Verified bool
	Object   Value
}

// e2eRequest is a request that a testServer answered.
type e2eRequest struct {
	Method, Path string
	Status       int
}

// e2ePathKey is the context key of the path of an inbox request.
type e2ePathKey struct{}

func newTestServer(t *testing.T, opts *testServerOptions) *testServer {
	t.Helper()
	s := &testServer{
		followers: NewMemoryFollowerStore(),
		logs:      &logRecorder{},
		results:   make(chan Result, 256),
		docs:      map[string][]byte{},
		actors:    map[string]*testActor{},
	}
	if opts != nil {
		s.opts = *opts
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /", s.serveDoc)
	var inbox http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inbox.ServeHTTP(w, r)
	})
	if s.opts.wrapInbox != nil {
		inbox = s.opts.wrapInbox(inbox)
	}
	inbox = e2eWithPath(inbox)
	mux.Handle("POST /inbox", inbox)
	mux.Handle("POST /users/{name}/inbox", inbox)
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &e2eStatusWriter{ResponseWriter: w}
		mux.ServeHTTP(sw, r)
		s.mu.Lock()
		s.requests = append(s.requests, e2eRequest{Method: r.Method, Path: r.URL.Path, Status: sw.code()})
		s.mu.Unlock()
	}))
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.srv.StartTLS()
	t.Cleanup(s.srv.Close)
	s.base = s.srv.URL
	if s.opts.host != "" {
		_, port, err := net.SplitHostPort(s.srv.Listener.Addr().String())
		require.NoError(t, err)
		s.base = "https://" + net.JoinHostPort(s.opts.host, port)
	}
	// Every test server has the same certificate: this trusts them all.
	s.tls = s.srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()

	var err error
	s.fetcher, err = NewFetcher(&FetcherOptions{
		AllowLoopback: !s.opts.guarded, Resolver: e2eNames{}, TLSClientConfig: s.tls, Timeout: 5 * time.Second,
	})
	require.NoError(t, err)
	s.keys = NewKeyResolver(s.fetcher, nil)
	s.inbox, err = NewInbox(&InboxOptions{
		Verifier: httpsig.NewVerifier(s.keys, nil), Fetcher: s.fetcher, Keys: s.keys, Logger: slog.New(s.logs),
	})
	require.NoError(t, err)
	s.inbox.Handle("Follow", s.recorded(s.onFollow))
	s.inbox.Handle("Undo", s.recorded(s.onUndo))
	s.inbox.HandleFallback(s.recorded(nil))
	return s
}

// e2eWithPath puts the request's path in its context, for the handlers
// to record.
func e2eWithPath(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), e2ePathKey{}, r.URL.Path)))
	})
}

// e2eStatusWriter remembers the status of its response.
type e2eStatusWriter struct {
	http.ResponseWriter
	status int
}

func (w *e2eStatusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *e2eStatusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *e2eStatusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// serveDoc serves the document set for the request's path.
func (s *testServer) serveDoc(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	doc, ok := s.docs[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/activity+json")
	_, _ = w.Write(doc)
}

// setDoc serves doc (a *Document, or JSON as a string or []byte) at path.
func (s *testServer) setDoc(t *testing.T, path string, doc any) {
	t.Helper()
	var b []byte
	switch d := doc.(type) {
	case *Document:
		var err error
		b, err = d.MarshalJSON()
		require.NoError(t, err)
	case string:
		b = []byte(d)
	case []byte:
		b = d
	default:
		t.Fatalf("setDoc: a %T is not a document", doc)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = b
}

// url returns the URL of path on s.
func (s *testServer) url(path string) string { return s.base + path }

// addActor makes a Person called name, with an RSA key, its document and
// a Deliverer that signs with its key.
func (s *testServer) addActor(t *testing.T, name string) *testActor {
	t.Helper()
	a := &testActor{id: s.url("/users/" + name)}
	a.inbox = a.id + "/inbox"
	var err error
	a.key, err = GenerateRSAKey(a.id, a.id+"#main-key")
	require.NoError(t, err)

	doc := New("Person")
	person := doc.Root()
	for k, v := range map[string]any{
		"id": a.id, "preferredUsername": name, "inbox": a.inbox,
		"outbox": a.id + "/outbox", "followers": a.id + "/followers",
	} {
		require.NoError(t, person.Set(k, v))
	}
	if s.opts.sharedInbox {
		require.NoError(t, person.Set("endpoints", map[string]any{"sharedInbox": s.url("/inbox")}))
	}
	require.NoError(t, PublishKeys(person, []*ActorKey{a.key}))
	s.setDoc(t, "/users/"+name, doc)

	a.deliverer = s.newDeliverer(t, a.key.ID, a.key.Signer)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.actors[a.id] = a
	return a
}

// newDeliverer returns a Deliverer of s that signs as keyID with signer,
// which need not be what keyID names.
func (s *testServer) newDeliverer(t *testing.T, keyID string, signer crypto.Signer) *Deliverer {
	t.Helper()
	o := &DelivererOptions{
		KeyID: keyID, Signer: signer, Inboxes: s.fetcher, Followers: s.followers,
		AllowLoopback: true, Resolver: e2eNames{}, TLSClientConfig: s.tls,
		OnResult: func(r Result) {
			select {
			case s.results <- r:
			default:
				t.Errorf("too many delivery results: %+v", r)
			}
		},
	}
	if s.opts.deliverer != nil {
		s.opts.deliverer(o)
	}
	d, err := NewDeliverer(o)
	require.NoError(t, err)
	return d
}

// actor returns the local actor iri, or nil.
func (s *testServer) actor(iri string) *testActor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actors[iri]
}

// recorded returns h, which may be nil, recording each activity it
// handles without an error.
func (s *testServer) recorded(h ActivityHandler) ActivityHandler {
	return func(ctx context.Context, a *Activity) error {
		if h != nil {
			if err := h(ctx, a); err != nil {
				return err
			}
		}
		path, _ := ctx.Value(e2ePathKey{}).(string)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.received = append(s.received, e2eActivity{
			Path: path, Type: a.Type, ID: a.Doc.Root().ID(), Actor: a.Actor,
			KeyID: a.KeyID, Verified: a.Verified, Object: a.Object,
		})
		return nil
	}
}

// onFollow records the follower of a local actor, and queues the actor's
// Accept. The Accept is sent by the next flush of the followed actor.
func (s *testServer) onFollow(ctx context.Context, a *Activity) error {
	target, _ := a.Object.IRI()
	to := s.actor(target)
	if to == nil {
		return fmt.Errorf("no actor %q here", target)
	}
	if err := s.followers.AddFollower(ctx, to.id, a.Actor); err != nil {
		return err
	}
	accept, err := NewAccept(fmt.Sprintf("%s/accepts/%d", to.id, s.seq.Add(1)), to.id, a.Doc)
	if err != nil {
		return err
	}
	rep, err := to.deliverer.Deliver(ctx, accept)
	if err != nil {
		return err
	}
	for _, err := range rep.Errors {
		return err
	}
	return nil
}

// onUndo removes the follower of an undone Follow.
func (s *testServer) onUndo(ctx context.Context, a *Activity) error {
	follow, ok := a.Object.Object()
	if !ok || follow.Type() != "Follow" {
		return nil
	}
	if actor, _ := follow.Get("actor").IRI(); actor != a.Actor {
		return fmt.Errorf("%s undoes a Follow of %s", a.Actor, actor)
	}
	target, _ := follow.Get("object").IRI()
	return s.followers.RemoveFollower(ctx, target, a.Actor)
}

// deliver queues activity from the actor from for recipients (by default
// its addressing), sends it, and returns the report of Deliver and the
// results of the deliveries that ended.
func (s *testServer) deliver(t *testing.T, from *testActor, activity *Document, recipients ...string) (*Report, []Result) {
	t.Helper()
	rep, err := from.deliverer.Deliver(t.Context(), activity, recipients...)
	require.NoError(t, err)
	assert.Empty(t, rep.Errors)
	return rep, s.flush(t, from)
}

// flush sends what the actor from has queued, and returns the results of
// the deliveries that ended.
func (s *testServer) flush(t *testing.T, from *testActor) []Result {
	t.Helper()
	require.NoError(t, from.deliverer.Flush(t.Context()))
	var out []Result
	for {
		select {
		case r := <-s.results:
			out = append(out, r)
		default:
			return out
		}
	}
}

// nextResult waits for the next delivery result of s.
func (s *testServer) nextResult(t *testing.T) Result {
	t.Helper()
	select {
	case r := <-s.results:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no delivery result")
		return Result{}
	}
}

// all returns what the handlers of s handled, in order.
func (s *testServer) all() []e2eActivity {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]e2eActivity(nil), s.received...)
}

// types returns the types of what the handlers of s handled, in order.
func (s *testServer) types() []string {
	var out []string
	for _, a := range s.all() {
		out = append(out, a.Type)
	}
	return out
}

// receivedOnce checks that the handlers of s handled the activity id
// once, verified, from the actor from as signed by its key, through the
// inbox at path, and returns it.
func (s *testServer) receivedOnce(t *testing.T, id string, from *testActor, path string) e2eActivity {
	t.Helper()
	var got []e2eActivity
	for _, a := range s.all() {
		if a.ID == id {
			got = append(got, a)
		}
	}
	require.Len(t, got, 1, "deliveries of %s", id)
	a := got[0]
	assert.True(t, a.Verified, "verified")
	assert.Equal(t, from.id, a.Actor, "actor")
	assert.Equal(t, from.key.ID, a.KeyID, "key")
	assert.Equal(t, path, a.Path, "inbox")
	return a
}

// count returns how many method requests for path s answered.
func (s *testServer) count(method, path string) int {
	n := 0
	for _, r := range s.answered() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// answered returns the requests s answered, in order.
func (s *testServer) answered() []e2eRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]e2eRequest(nil), s.requests...)
}

// followersOf returns the followers that s has recorded for a.
func (s *testServer) followersOf(t *testing.T, a *testActor) []string {
	t.Helper()
	var out []string
	for f, err := range s.followers.Followers(t.Context(), a.id) {
		require.NoError(t, err)
		out = append(out, f)
	}
	return out
}

// e2eNote builds a public note of author's with the given content.
func e2eNote(t *testing.T, author *testActor, id, content string) *Document {
	t.Helper()
	note, err := Note{ID: id, AttributedTo: author.id, Content: content, Followers: author.id + "/followers"}.Build()
	require.NoError(t, err)
	return note
}

// e2eContent returns the content of the object embedded in a.
func e2eContent(t *testing.T, a e2eActivity) string {
	t.Helper()
	obj, ok := a.Object.Object()
	require.True(t, ok, "an embedded object")
	content, _ := obj.Get("content").String()
	return content
}

// assertDelivered checks that results are one successful delivery to
// each inbox, in any order.
func assertDelivered(t *testing.T, results []Result, attempts int, inboxes ...string) {
	t.Helper()
	var got []string
	for _, r := range results {
		got = append(got, r.Inbox)
		assert.True(t, r.Delivered, "delivered to %s: %v", r.Inbox, r.Err)
		assert.NoError(t, r.Err)
		assert.Equal(t, http.StatusAccepted, r.Status, r.Inbox)
		assert.Equal(t, attempts, r.Attempts, r.Inbox)
	}
	assert.ElementsMatch(t, inboxes, got)
}

// TestFederationLifecycle follows one relationship from start to end
// between two servers: alice@a follows bob@b and is accepted, receives his
// post, its edit and its deletion, unfollows, and receives nothing more.
func TestFederationLifecycle(t *testing.T) {
	t.Parallel()
	a := newTestServer(t, &testServerOptions{host: "a.example.com"})
	b := newTestServer(t, &testServerOptions{host: "b.example.com"})
	alice := a.addActor(t, "alice")
	bob := b.addActor(t, "bob")

	// alice follows bob: b records her, and queues bob's Accept.
	follow, err := NewFollow(alice.id+"/follows/1", alice.id, bob.id)
	require.NoError(t, err)
	rep, res := a.deliver(t, alice, follow)
	assert.Equal(t, []string{bob.inbox}, rep.Queued)
	assertDelivered(t, res, 1, bob.inbox)
	got := b.receivedOnce(t, alice.id+"/follows/1", alice, "/users/bob/inbox")
	target, _ := got.Object.IRI()
	assert.Equal(t, bob.id, target)
	assert.Equal(t, []string{alice.id}, b.followersOf(t, bob))

	// bob's Accept reaches alice; the Follow it embeds, being a's own, is
	// given to the handler by its id.
	assertDelivered(t, b.flush(t, bob), 1, alice.inbox)
	require.Equal(t, []string{"Accept"}, a.types())
	accept := a.receivedOnce(t, a.all()[0].ID, bob, "/users/alice/inbox")
	assert.True(t, strings.HasPrefix(accept.ID, bob.id+"/accepts/"), accept.ID)
	accepted, _ := accept.Object.String()
	assert.Equal(t, alice.id+"/follows/1", accepted)

	// bob posts to his followers: alice gets the note.
	noteID := bob.id + "/statuses/1"
	create, err := NewCreate(noteID+"/activity", bob.id, e2eNote(t, bob, noteID, "<p>Hello, alice</p>"))
	require.NoError(t, err)
	rep, res = b.deliver(t, bob, create)
	assert.Equal(t, []string{alice.inbox}, rep.Queued)
	assertDelivered(t, res, 1, alice.inbox)
	got = a.receivedOnce(t, noteID+"/activity", bob, "/users/alice/inbox")
	assert.Equal(t, "Create", got.Type)
	assert.Equal(t, "<p>Hello, alice</p>", e2eContent(t, got))

	// bob edits it: alice gets the new content.
	update, err := NewUpdate(noteID+"/updates/1", bob.id, e2eNote(t, bob, noteID, "<p>Hello again, alice</p>"))
	require.NoError(t, err)
	_, res = b.deliver(t, bob, update)
	assertDelivered(t, res, 1, alice.inbox)
	got = a.receivedOnce(t, noteID+"/updates/1", bob, "/users/alice/inbox")
	assert.Equal(t, "Update", got.Type)
	assert.Equal(t, "<p>Hello again, alice</p>", e2eContent(t, got))

	// bob deletes it. NewDelete addresses the public collection only, as
	// Mastodon does, so the followers are named as recipients.
	del, err := NewDelete(noteID+"#delete", bob.id, noteID, "Note")
	require.NoError(t, err)
	_, res = b.deliver(t, bob, del, bob.id+"/followers")
	assertDelivered(t, res, 1, alice.inbox)
	got = a.receivedOnce(t, noteID+"#delete", bob, "/users/alice/inbox")
	assert.Equal(t, "Delete", got.Type)
	deleted, _ := got.Object.IRI()
	assert.Equal(t, noteID, deleted)
	if tomb, ok := got.Object.Object(); assert.True(t, ok, "a Tombstone") {
		assert.Equal(t, "Tombstone", tomb.Type())
	}

	// alice unfollows: b forgets her.
	undo, err := NewUndo(alice.id+"/follows/1/undo", alice.id, follow)
	require.NoError(t, err)
	_, res = a.deliver(t, alice, undo)
	assertDelivered(t, res, 1, bob.inbox)
	b.receivedOnce(t, alice.id+"/follows/1/undo", alice, "/users/bob/inbox")
	assert.Empty(t, b.followersOf(t, bob))

	// bob's next post goes nowhere.
	posts := a.count(http.MethodPost, "/users/alice/inbox")
	note2 := bob.id + "/statuses/2"
	create2, err := NewCreate(note2+"/activity", bob.id, e2eNote(t, bob, note2, "<p>Anyone?</p>"))
	require.NoError(t, err)
	rep, res = b.deliver(t, bob, create2)
	assert.Empty(t, rep.Queued)
	assert.Empty(t, res)
	assert.Equal(t, posts, a.count(http.MethodPost, "/users/alice/inbox"))

	// Each activity came once, in one POST, and nothing else came.
	assert.Equal(t, []string{"Accept", "Create", "Update", "Delete"}, a.types())
	assert.Equal(t, []string{"Follow", "Undo"}, b.types())
	assert.Equal(t, 4, a.count(http.MethodPost, "/users/alice/inbox"))
	assert.Equal(t, 2, b.count(http.MethodPost, "/users/bob/inbox"))
	assert.Empty(t, a.logs.String(), "a refused nothing")
	assert.Empty(t, b.logs.String(), "b refused nothing")
}

// TestFederationSharedInboxFanOut checks that a post to followers reaches
// each server once: three followers on a server with a shared inbox get
// one POST there, and a follower on a server without one gets its own.
func TestFederationSharedInboxFanOut(t *testing.T) {
	t.Parallel()
	b := newTestServer(t, &testServerOptions{host: "b.example.com", sharedInbox: true})
	c := newTestServer(t, &testServerOptions{host: "c.example.com"})
	d := newTestServer(t, &testServerOptions{host: "d.example.com"})
	carol := c.addActor(t, "carol")
	names := []string{"ann", "ben", "bea"}
	for _, name := range names {
		require.NoError(t, c.followers.AddFollower(t.Context(), carol.id, b.addActor(t, name).id))
	}
	dave := d.addActor(t, "dave")
	require.NoError(t, c.followers.AddFollower(t.Context(), carol.id, dave.id))

	noteID := carol.id + "/statuses/1"
	create, err := NewCreate(noteID+"/activity", carol.id, e2eNote(t, carol, noteID, "<p>Hello, everyone</p>"))
	require.NoError(t, err)
	rep, res := c.deliver(t, carol, create)
	assert.Equal(t, []string{b.url("/inbox"), dave.inbox}, rep.Queued)
	assertDelivered(t, res, 1, b.url("/inbox"), dave.inbox)

	// One POST to b, at its shared inbox.
	assert.Equal(t, []e2eRequest{{Method: http.MethodPost, Path: "/inbox", Status: http.StatusAccepted}},
		postsOf(b.answered()))
	for _, name := range names {
		assert.Zero(t, b.count(http.MethodPost, "/users/"+name+"/inbox"), name)
	}
	got := b.receivedOnce(t, noteID+"/activity", carol, "/inbox")
	assert.Equal(t, "<p>Hello, everyone</p>", e2eContent(t, got))

	// One to dave's own inbox.
	assert.Equal(t, []e2eRequest{{Method: http.MethodPost, Path: "/users/dave/inbox", Status: http.StatusAccepted}},
		postsOf(d.answered()))
	got = d.receivedOnce(t, noteID+"/activity", carol, "/users/dave/inbox")
	assert.Equal(t, "<p>Hello, everyone</p>", e2eContent(t, got))
}

// postsOf returns the POSTs among reqs.
func postsOf(reqs []e2eRequest) []e2eRequest {
	var out []e2eRequest
	for _, r := range reqs {
		if r.Method == http.MethodPost {
			out = append(out, r)
		}
	}
	return out
}

// TestFederationFlakyInbox checks that a delivery survives an inbox that
// fails before it succeeds, that its handler runs once, and that the same
// activity sent again is dropped as a repeat.
func TestFederationFlakyInbox(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// failFirst is how many POSTs the inbox answers 503 before
		// passing them on to the Inbox.
		failFirst int
		// handlerFails is how many times the Create handler fails (500)
		// before it succeeds.
		handlerFails int
		attempts     int
	}{
		{name: "unavailable twice", failFirst: 2, attempts: 3},
		{name: "handler fails once", handlerFails: 1, attempts: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var posts atomic.Int32
			r := newTestServer(t, &testServerOptions{
				host: "r.example.com",
				wrapInbox: func(h http.Handler) http.Handler {
					return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
						if int(posts.Add(1)) <= tt.failFirst {
							http.Error(w, "busy", http.StatusServiceUnavailable)
							return
						}
						h.ServeHTTP(w, req)
					})
				},
			})
			s := newTestServer(t, &testServerOptions{
				host: "s.example.com",
				deliverer: func(o *DelivererOptions) {
					o.Backoff = func(int) time.Duration { return 3 * time.Millisecond }
					o.MaxAttempts = 4
					o.PollInterval = 2 * time.Millisecond
				},
			})
			bob := r.addActor(t, "bob")
			sam := s.addActor(t, "sam")
			var calls atomic.Int32
			r.inbox.Handle("Create", r.recorded(func(context.Context, *Activity) error {
				if int(calls.Add(1)) <= tt.handlerFails {
					return errors.New("database is down")
				}
				return nil
			}))

			noteID := sam.id + "/statuses/1"
			create, err := NewCreate(noteID+"/activity", sam.id, e2eNote(t, sam, noteID, "<p>Hi</p>"))
			require.NoError(t, err)

			// Run sends the delivery and its retries, until it reports.
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { done <- sam.deliverer.Run(ctx) }()
			rep, err := sam.deliverer.Deliver(t.Context(), create, bob.id)
			require.NoError(t, err)
			assert.Equal(t, []string{bob.inbox}, rep.Queued)
			res := s.nextResult(t)
			cancel()
			require.ErrorIs(t, <-done, context.Canceled)
			assertDelivered(t, []Result{res}, tt.attempts, bob.inbox)
			assert.Equal(t, tt.attempts, r.count(http.MethodPost, "/users/bob/inbox"))
			assert.Equal(t, tt.handlerFails+1, int(calls.Load()), "handler calls")
			r.receivedOnce(t, noteID+"/activity", sam, "/users/bob/inbox")

			// The same activity again is accepted, and dropped.
			_, results := s.deliver(t, sam, create, bob.id)
			assertDelivered(t, results, 1, bob.inbox)
			assert.Equal(t, tt.attempts+1, r.count(http.MethodPost, "/users/bob/inbox"))
			assert.Equal(t, tt.handlerFails+1, int(calls.Load()), "handler calls")
			r.receivedOnce(t, noteID+"/activity", sam, "/users/bob/inbox")
		})
	}
}
