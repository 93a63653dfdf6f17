package activitypub

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// capturedDelivery is one file of testdata/deliveries.
type capturedDelivery struct {
	Method, URL, Host string
	Time              time.Time
	Headers           map[string][]string
	BodyRaw           string `json:"body_raw"`
}

func loadDelivery(t testing.TB, file string) *capturedDelivery {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	var c capturedDelivery
	require.NoError(t, json.Unmarshal(b, &c))
	return &c
}

func (c *capturedDelivery) request() *http.Request {
	r := httptest.NewRequest(c.Method, c.URL, strings.NewReader(c.BodyRaw))
	r.Host = c.Host
	for k, vs := range c.Headers {
		r.Header[http.CanonicalHeaderKey(k)] = vs
	}
	return r
}

// gtsAliceResolver resolves the key of the GoToSocial actor that signed
// testdata/deliveries, from her actor document.
func gtsAliceResolver(t *testing.T) httpsig.KeyResolver {
	t.Helper()
	keys := PublicKeys(testCorpusDoc(t, "gotosocial-actor.json").Root())
	require.Len(t, keys, 1)
	pub, err := keys[0].Parse()
	require.NoError(t, err)
	require.Equal(t, "http://gts.test/users/alice/main-key", string(keys[0].ID))
	require.Equal(t, "http://gts.test/users/alice", string(keys[0].Owner))
	return httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
		if keyID != string(keys[0].ID) {
			return nil, httpsig.ErrKeyNotFound
		}
		return &httpsig.Key{ID: keyID, Owner: string(keys[0].Owner), PublicKey: pub}, nil
	})
}

// The GoToSocial deliveries in testdata/deliveries reach the handler of
// their type, with the clock at their capture time; with the clock two
// hours on they are replays, refused.
func TestInboxRealDeliveries(t *testing.T) {
	t.Parallel()
	resolver := gtsAliceResolver(t)
	want := map[string]struct {
		typ      string
		objectID string
		embedded bool
	}{
		"post-follow.json": {"Follow", "http://peer.test/users/carol", false},
		// Alice's own Note, on her origin: kept as she sent it.
		"post-create-note-mention.json": {"Create", "http://gts.test/users/alice/statuses/01M8A867EB1GJRWYJEEEHV170X", true},
		// carol's Follow, on the host the delivery was sent to: reduced
		// to its id.
		"post-accept-follow.json": {"Accept", "http://peer.test/users/carol/follows/1", false},
	}
	files, err := filepath.Glob("testdata/deliveries/post-*.json")
	require.NoError(t, err)
	require.Len(t, files, len(want))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			w, ok := want[filepath.Base(f)]
			require.True(t, ok)
			c := loadDelivery(t, f)
			v := httpsig.NewVerifier(resolver, &httpsig.VerifierOptions{Now: func() time.Time { return c.Time }})
			fetcher := &fakeFetcher{}
			in, err := NewInbox(&InboxOptions{Verifier: v, Fetcher: fetcher})
			require.NoError(t, err)
			calls := map[string]*Activity{}
			for _, typ := range []string{"Follow", "Create", "Accept", "Undo"} {
				in.Handle(typ, func(_ context.Context, a *Activity) error { calls[typ] = a; return nil })
			}
			in.HandleFallback(func(context.Context, *Activity) error { return errors.New("fallback called") })

			rec := httptest.NewRecorder()
			in.ServeHTTP(rec, c.request())
			require.Equal(t, http.StatusAccepted, rec.Code, rec.Body.String())
			require.Len(t, calls, 1)
			got := calls[w.typ]
			require.NotNil(t, got)
			assert.Equal(t, w.typ, got.Type)
			assert.Equal(t, "http://gts.test/users/alice", got.Actor)
			assert.Equal(t, "http://gts.test/users/alice/main-key", got.KeyID)
			assert.True(t, got.Verified)
			id, ok := got.Object.IRI()
			assert.True(t, ok)
			assert.Equal(t, w.objectID, id)
			_, isObject := got.Object.Object()
			assert.Equal(t, w.embedded, isObject)
			assert.Zero(t, fetcher.calls.Load())

			// The same bytes two hours later: a replay.
			logs := &logRecorder{}
			late, err := NewInbox(&InboxOptions{Verifier: httpsig.NewVerifier(resolver, &httpsig.VerifierOptions{
				Now: func() time.Time { return c.Time.Add(2 * time.Hour) },
			}), Logger: slog.New(logs)})
			require.NoError(t, err)
			late.HandleFallback(func(context.Context, *Activity) error { return errors.New("handled a replay") })
			rec = httptest.NewRecorder()
			late.ServeHTTP(rec, c.request())
			assert.Equal(t, http.StatusUnauthorized, rec.Code)
			assert.ErrorIs(t, logs.lastError(), httpsig.ErrExpired)
			logs.assertClean(t, c)
		})
	}
}

// logRecorder is a slog.Handler that keeps what it is given.
type logRecorder struct {
	mu   sync.Mutex
	errs []error
	text strings.Builder
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }

func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.text.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		if err, ok := a.Value.Any().(error); ok && a.Key == "error" {
			l.errs = append(l.errs, err)
		}
		fmt.Fprintf(&l.text, " %s=%v", a.Key, a.Value)
		return true
	})
	l.text.WriteString("\n")
	return nil
}

func (l *logRecorder) lastError() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs[len(l.errs)-1]
}

func (l *logRecorder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.text.String()
}

// assertClean checks that the log holds neither the body nor the
// signature of c.
func (l *logRecorder) assertClean(t *testing.T, c *capturedDelivery) {
	t.Helper()
	text := l.String()
	assert.NotEmpty(t, text)
	assert.NotContains(t, text, c.BodyRaw[:min(len(c.BodyRaw), 40)])
	for k, vs := range c.Headers {
		if strings.EqualFold(k, "Signature") {
			_, sig, _ := strings.Cut(vs[0], `signature="`)
			require.NotEmpty(t, sig)
			assert.NotContains(t, text, sig[:20])
		}
	}
}

// inboxFixture is an inbox whose verifier knows an Ed25519 key of
// https://a.example/users/alice and, as gone, the key of
// https://a.example/users/gone; with signers for them.
type inboxFixture struct {
	inbox   *Inbox
	signer  *httpsig.Signer
	gone    *httpsig.Signer
	other   *httpsig.Signer // alice's keyId, another key
	logs    *logRecorder
	handled atomic.Int32
}

const (
	aliceKeyID = "https://a.example/users/alice#main-key"
	goneKeyID  = "https://a.example/users/gone#main-key"
)

// errKeyGone stands for what a key resolver reports for a 410.
var errKeyGone = errors.New("key owner gone")

func newInboxFixture(t *testing.T, mutate func(*InboxOptions), vopts *httpsig.VerifierOptions) *inboxFixture {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	resolver := httpsig.KeyResolverFunc(func(_ context.Context, id string) (*httpsig.Key, error) {
		switch id {
		case aliceKeyID:
			return &httpsig.Key{ID: id, Owner: "https://a.example/users/alice", PublicKey: pub}, nil
		case goneKeyID:
			return nil, errKeyGone
		}
		return nil, httpsig.ErrKeyNotFound
	})
	f := &inboxFixture{logs: &logRecorder{}}
	o := &InboxOptions{Verifier: httpsig.NewVerifier(resolver, vopts), Logger: slog.New(f.logs)}
	if mutate != nil {
		mutate(o)
	}
	f.inbox, err = NewInbox(o)
	require.NoError(t, err)
	f.signer, err = httpsig.NewSigner(aliceKeyID, priv, nil)
	require.NoError(t, err)
	_, priv2, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	f.gone, err = httpsig.NewSigner(goneKeyID, priv2, nil)
	require.NoError(t, err)
	f.other, err = httpsig.NewSigner(aliceKeyID, priv2, nil)
	require.NoError(t, err)
	f.inbox.HandleFallback(func(context.Context, *Activity) error { f.handled.Add(1); return nil })
	return f
}

const asType = "application/activity+json"

// request is a delivery of body to https://b.example/inbox.
func request(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "https://b.example/inbox", strings.NewReader(body))
	r.Header.Set("Content-Type", asType)
	return r
}

// post delivers body signed by s (unsigned when s is nil).
func (f *inboxFixture) post(t *testing.T, body string, s *httpsig.Signer) *httptest.ResponseRecorder {
	t.Helper()
	r := request(body)
	if s != nil {
		require.NoError(t, s.SignRequest(r))
	}
	return f.serve(r)
}

func (f *inboxFixture) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.inbox.ServeHTTP(w, r)
	return w
}

const likeByAlice = `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/likes/1","type":"Like","actor":"https://a.example/users/alice","object":"https://b.example/notes/1"}`

// like is likeByAlice with another id.
func like(n int) string {
	return strings.Replace(likeByAlice, "likes/1", fmt.Sprintf("likes/%d", n), 1)
}

// signed returns a request for body signed by alice.
func signed(body string) func(*testing.T, *inboxFixture) *http.Request {
	return func(t *testing.T, f *inboxFixture) *http.Request {
		r := request(body)
		require.NoError(t, f.signer.SignRequest(r))
		return r
	}
}

func TestInboxRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    func(*InboxOptions)
		vopts   *httpsig.VerifierOptions
		req     func(t *testing.T, f *inboxFixture) *http.Request
		status  int
		wantErr error
	}{
		{"GET", nil, nil, func(*testing.T, *inboxFixture) *http.Request {
			return httptest.NewRequest(http.MethodGet, "https://b.example/inbox", nil)
		}, http.StatusMethodNotAllowed, ErrMethodNotAllowed},
		{"plain JSON", nil, nil, func(t *testing.T, f *inboxFixture) *http.Request {
			r := request(likeByAlice)
			r.Header.Set("Content-Type", "application/json")
			require.NoError(t, f.signer.SignRequest(r))
			return r
		}, http.StatusUnsupportedMediaType, ErrUnsupportedMediaType},
		{"ld+json without the profile", nil, nil, func(t *testing.T, f *inboxFixture) *http.Request {
			r := request(likeByAlice)
			r.Header.Set("Content-Type", "application/ld+json")
			return r
		}, http.StatusUnsupportedMediaType, ErrUnsupportedMediaType},
		{"no media type", nil, nil, func(t *testing.T, f *inboxFixture) *http.Request {
			r := request(likeByAlice)
			r.Header.Del("Content-Type")
			return r
		}, http.StatusUnsupportedMediaType, ErrUnsupportedMediaType},
		{"oversize", func(o *InboxOptions) { o.MaxBodySize = 64 }, nil, signed(likeByAlice),
			http.StatusRequestEntityTooLarge, ErrTooLarge},
		{"oversize, no Content-Length", func(o *InboxOptions) { o.MaxBodySize = 64 }, nil, func(t *testing.T, f *inboxFixture) *http.Request {
			r := signed(likeByAlice)(t, f)
			r.ContentLength = -1
			return r
		}, http.StatusRequestEntityTooLarge, ErrTooLarge},
		{"unsigned", nil, nil, func(*testing.T, *inboxFixture) *http.Request {
			return request(likeByAlice)
		}, http.StatusUnauthorized, httpsig.ErrNoSignature},
		{"bad signature", nil, nil, func(t *testing.T, f *inboxFixture) *http.Request {
			r := request(likeByAlice)
			require.NoError(t, f.other.SignRequest(r))
			return r
		}, http.StatusUnauthorized, httpsig.ErrBadSignature},
		{"key cannot be resolved", nil, nil, func(t *testing.T, f *inboxFixture) *http.Request {
			r := request(likeByAlice)
			require.NoError(t, f.gone.SignRequest(r))
			return r
		}, http.StatusUnauthorized, errKeyGone},
		{"replay outside the window", nil, &httpsig.VerifierOptions{Now: func() time.Time { return time.Now().Add(2 * time.Hour) }},
			signed(likeByAlice), http.StatusUnauthorized, httpsig.ErrExpired},
		{"digest mismatch", nil, nil, func(t *testing.T, f *inboxFixture) *http.Request {
			r := signed(likeByAlice)(t, f)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(likeByAlice, "notes/1", "notes/2", 1)))
			return r
		}, http.StatusUnauthorized, httpsig.ErrDigestMismatch},
		{"malformed JSON", nil, nil, signed(`{"type":"Like",`), http.StatusBadRequest, ErrMalformed},
		{"no actor", nil, nil, signed(`{"type":"Like","id":"https://a.example/likes/9"}`), http.StatusBadRequest, ErrNotActivity},
		{"no type", nil, nil, signed(`{"id":"https://a.example/likes/9","actor":"https://a.example/users/alice"}`), http.StatusBadRequest, ErrNotActivity},
		{"key owner is not the actor", nil, nil, signed(strings.Replace(likeByAlice, "users/alice", "users/mallory", 1)),
			http.StatusForbidden, ErrActorMismatch},
		{"key owner differs by a slash", nil, nil, signed(strings.Replace(likeByAlice, "users/alice", "users/alice/", 1)),
			http.StatusForbidden, ErrActorMismatch},
		{"Create of a post attributed to another actor", nil, nil,
			signed(`{"id":"https://a.example/c/1","type":"Create","actor":"https://a.example/users/alice","object":{"id":"https://a.example/notes/9","type":"Note","attributedTo":"https://a.example/users/carol","content":"hi"}}`),
			http.StatusForbidden, ErrActorMismatch},
		{"Update of a post attributed to another actor", nil, nil,
			signed(`{"id":"https://a.example/u/1","type":"Update","actor":"https://a.example/users/alice","object":{"id":"https://a.example/notes/9","type":"Note","attributedTo":["https://a.example/users/carol"],"content":"hi"}}`),
			http.StatusForbidden, ErrActorMismatch},
		{"blocked domain", func(o *InboxOptions) { o.BlockedDomains = func(h string) bool { return h == "a.example" } }, nil,
			signed(likeByAlice), http.StatusForbidden, ErrBlocked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newInboxFixture(t, tt.opts, tt.vopts)
			w := f.serve(tt.req(t, f))
			assert.Equal(t, tt.status, w.Code, w.Body.String())
			assert.ErrorIs(t, f.logs.lastError(), tt.wantErr)
			assert.Zero(t, f.handled.Load())
			if tt.status == http.StatusUnauthorized {
				assert.NotEmpty(t, w.Header().Get("WWW-Authenticate"))
				assert.NotEmpty(t, w.Header().Get("Accept-Signature"))
			}
			if tt.status == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, w.Header().Get("Allow"))
			}
			assert.NotContains(t, f.logs.String(), `"type":"Like"`)
			assert.NotContains(t, f.logs.String(), `signature=`)
		})
	}
}

func TestInboxMalformedLogsPath(t *testing.T) {
	t.Parallel()
	f := newInboxFixture(t, nil, nil)
	w := f.post(t, `{"type":"Like","actor":"https://a.example/users/alice","to":[1,`, f.signer)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Equal(t, "malformed activity\n", w.Body.String())
	_, ok := errors.AsType[*DecodeError](f.logs.lastError())
	assert.True(t, ok)
}

func TestInboxAccepts(t *testing.T) {
	t.Parallel()
	f := newInboxFixture(t, nil, nil)
	var got *Activity
	f.inbox.Handle("Like", func(_ context.Context, a *Activity) error { got = a; return nil })
	w := f.post(t, likeByAlice, f.signer)
	assert.Equal(t, http.StatusAccepted, w.Code)
	require.NotNil(t, got)
	assert.Equal(t, "Like", got.Type)
	assert.Equal(t, "https://a.example/users/alice", got.Actor)
	assert.Equal(t, aliceKeyID, got.KeyID)
	assert.True(t, got.Verified)
	obj, _ := got.Object.String()
	assert.Equal(t, "https://b.example/notes/1", obj)
	assert.Zero(t, f.handled.Load(), "the fallback ran too")

	// The ld+json form with the profile, signed as RFC 9421.
	r := request(like(2))
	r.Header.Set("Content-Type", `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`)
	require.NoError(t, f.signer.SignRequestAs(r, httpsig.RFC9421))
	assert.Equal(t, http.StatusAccepted, f.serve(r).Code)
	assert.Equal(t, "https://a.example/likes/2", got.Doc.Root().ID())

	// A type without a handler goes to the fallback.
	w = f.post(t, strings.Replace(like(3), `"Like"`, `"EmojiReact"`, 1), f.signer)
	assert.Equal(t, http.StatusAccepted, w.Code)
	assert.EqualValues(t, 1, f.handled.Load())
}

func TestInboxWithoutHandlers(t *testing.T) {
	t.Parallel()
	f := newInboxFixture(t, nil, nil)
	f.inbox.HandleFallback(nil)
	assert.Equal(t, http.StatusAccepted, f.post(t, likeByAlice, f.signer).Code)
}

// A repeated delivery is accepted and not handled again; one whose
// handler failed is handled again when the sender retries.
func TestInboxDuplicates(t *testing.T) {
	t.Parallel()
	f := newInboxFixture(t, nil, nil)
	assert.Equal(t, http.StatusAccepted, f.post(t, likeByAlice, f.signer).Code)
	assert.Equal(t, http.StatusAccepted, f.post(t, likeByAlice, f.signer).Code)
	assert.EqualValues(t, 1, f.handled.Load())

	fail := true
	f.inbox.Handle("Like", func(context.Context, *Activity) error {
		f.handled.Add(1)
		if fail {
			return errors.New("database down")
		}
		return nil
	})
	assert.Equal(t, http.StatusInternalServerError, f.post(t, like(2), f.signer).Code)
	assert.EqualError(t, f.logs.lastError(), "database down")
	fail = false
	assert.Equal(t, http.StatusAccepted, f.post(t, like(2), f.signer).Code)
	assert.Equal(t, http.StatusAccepted, f.post(t, like(2), f.signer).Code)
	assert.EqualValues(t, 3, f.handled.Load())
}

func TestDedupeKey(t *testing.T) {
	t.Parallel()
	alice, err := url.Parse("https://a.example/users/alice")
	require.NoError(t, err)
	assert.Equal(t, "https://a.example/likes/1", dedupeKey("https://a.example/likes/1", alice))
	assert.Equal(t, "https://A.example:443/likes/1", dedupeKey("https://A.example:443/likes/1", alice))
	assert.Equal(t, "https://a.example https://c.example/likes/1", dedupeKey("https://c.example/likes/1", alice))
	assert.Equal(t, "https://a.example http://a.example/likes/1", dedupeKey("http://a.example/likes/1", alice))
}

// fakeFetcher serves docs by id.
type fakeFetcher struct {
	mu    sync.Mutex
	docs  map[string]string
	calls atomic.Int32
}

var errFakeNotFound = errors.New("fake: not found")

func (f *fakeFetcher) Fetch(_ context.Context, iri string) (*Document, error) {
	f.calls.Add(1)
	f.mu.Lock()
	doc, ok := f.docs[iri]
	f.mu.Unlock()
	if !ok {
		return nil, errFakeNotFound
	}
	return Decode([]byte(doc), nil)
}

// An object embedded by an actor of another origin is taken from its own
// origin, or the activity is refused.
func TestInboxCrossOriginObject(t *testing.T) {
	t.Parallel()
	announce := `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/announces/1","type":"Announce","actor":"https://a.example/users/alice",
		"object":{"id":"https://c.example/notes/7","type":"Note","attributedTo":"https://c.example/users/carol","content":"forged words"}}`
	fetcher := &fakeFetcher{docs: map[string]string{
		"https://c.example/notes/7": `{"@context":["https://www.w3.org/ns/activitystreams",{"sensitive":"as:sensitive"}],"id":"https://c.example/notes/7","type":"Note","attributedTo":"https://c.example/users/carol","content":"real words","sensitive":false}`,
		"https://c.example/notes/9": `{"id":"https://c.example/notes/other","type":"Note","content":"elsewhere"}`,
	}}
	f := newInboxFixture(t, func(o *InboxOptions) { o.Fetcher = fetcher }, nil)
	var got *Activity
	f.inbox.Handle("Announce", func(_ context.Context, a *Activity) error { got = a; return nil })

	assert.Equal(t, http.StatusAccepted, f.post(t, announce, f.signer).Code)
	require.NotNil(t, got)
	obj, ok := got.Object.Object()
	require.True(t, ok)
	content, _ := obj.Get("content").String()
	assert.Equal(t, "real words", content)
	assert.True(t, obj.Has("sensitive"))
	assert.EqualValues(t, 1, fetcher.calls.Load())

	// In an array, each item is checked.
	arr := strings.NewReplacer(`"object":{`, `"object":["https://b.example/notes/1",{`,
		`"content":"forged words"}`, `"content":"forged words"}]`, "announces/1", "announces/5").Replace(announce)
	got = nil
	assert.Equal(t, http.StatusAccepted, f.post(t, arr, f.signer).Code)
	require.NotNil(t, got)
	items := got.Object.Array()
	require.Len(t, items, 2)
	first, _ := items[0].String()
	assert.Equal(t, "https://b.example/notes/1", first)
	obj, _ = items[1].Object()
	content, _ = obj.Get("content").String()
	assert.Equal(t, "real words", content)

	// Nested in an activity of the actor's origin: checked too.
	nested := `{"id":"https://a.example/announces/6","type":"Announce","actor":"https://a.example/users/alice",
		"object":{"id":"https://a.example/creates/1","type":"Create","actor":"https://a.example/users/alice",
		"object":{"id":"https://c.example/notes/7","type":"Note","content":"forged words"}}}`
	got = nil
	assert.Equal(t, http.StatusAccepted, f.post(t, nested, f.signer).Code)
	require.NotNil(t, got)
	create, _ := got.Object.Object()
	obj, _ = create.Get("object").Object()
	content, _ = obj.Get("content").String()
	assert.Equal(t, "real words", content)

	// Not fetchable, or fetched under another id: refused, and handled
	// when the sender retries once it can be fetched.
	unfetchable := strings.NewReplacer("notes/7", "notes/8", "announces/1", "announces/2").Replace(announce)
	assert.Equal(t, http.StatusForbidden, f.post(t, unfetchable, f.signer).Code)
	assert.ErrorIs(t, f.logs.lastError(), ErrUntrustedObject)
	assert.ErrorIs(t, f.logs.lastError(), errFakeNotFound)
	moved := strings.NewReplacer("notes/7", "notes/9", "announces/1", "announces/3").Replace(announce)
	got = nil
	assert.Equal(t, http.StatusForbidden, f.post(t, moved, f.signer).Code)
	assert.ErrorIs(t, f.logs.lastError(), ErrUntrustedObject)
	fetcher.mu.Lock()
	fetcher.docs["https://c.example/notes/9"] = `{"id":"https://c.example/notes/9","type":"Note","content":"now here"}`
	fetcher.mu.Unlock()
	assert.Equal(t, http.StatusAccepted, f.post(t, moved, f.signer).Code)
	assert.NotNil(t, got)

	// No Fetcher: refused.
	nf := newInboxFixture(t, nil, nil)
	assert.Equal(t, http.StatusForbidden, nf.post(t, announce, nf.signer).Code)
	assert.ErrorIs(t, nf.logs.lastError(), ErrUntrustedObject)
	assert.Zero(t, nf.handled.Load())
}

// Objects of the actor's origin are kept; objects of the inbox's own
// host are reduced to their id, whoever claims them.
func TestInboxTrustedObjects(t *testing.T) {
	t.Parallel()
	fetcher := &fakeFetcher{}
	f := newInboxFixture(t, func(o *InboxOptions) { o.Fetcher = fetcher }, nil)
	var got *Activity
	f.inbox.HandleFallback(func(_ context.Context, a *Activity) error { got = a; return nil })

	create := `{"id":"https://a.example/creates/1","type":"Create","actor":"https://a.example/users/alice","object":{"id":"https://a.example/notes/1","type":"Note","content":"hi"}}`
	assert.Equal(t, http.StatusAccepted, f.post(t, create, f.signer).Code)
	require.NotNil(t, got)
	obj, ok := got.Object.Object()
	require.True(t, ok)
	content, _ := obj.Get("content").String()
	assert.Equal(t, "hi", content)

	accept := `{"id":"https://a.example/accepts/1","type":"Accept","actor":"https://a.example/users/alice","object":{"id":"https://b.example/follows/1","type":"Follow","actor":"https://b.example/users/bob","object":"https://a.example/users/alice"}}`
	got = nil
	assert.Equal(t, http.StatusAccepted, f.post(t, accept, f.signer).Code)
	require.NotNil(t, got)
	id, ok := got.Object.String()
	assert.True(t, ok)
	assert.Equal(t, "https://b.example/follows/1", id)
	assert.Zero(t, fetcher.calls.Load())
}

// The AcceptUnverified hook lets chosen unverifiable deliveries through.
func TestInboxAcceptUnverified(t *testing.T) {
	t.Parallel()
	f := newInboxFixture(t, func(o *InboxOptions) {
		o.AcceptUnverified = func(_ *http.Request, d *Document, err error) bool {
			return d.Root().Type() == "Delete" && errors.Is(err, errKeyGone)
		}
	}, nil)
	var got *Activity
	f.inbox.Handle("Delete", func(_ context.Context, a *Activity) error { got = a; return nil })
	del := `{"id":"https://a.example/users/gone#delete","type":"Delete","actor":"https://a.example/users/gone","object":"https://a.example/users/gone"}`
	assert.Equal(t, http.StatusAccepted, f.post(t, del, f.gone).Code)
	require.NotNil(t, got)
	assert.False(t, got.Verified)
	assert.Empty(t, got.KeyID)
	assert.Equal(t, "https://a.example/users/gone", got.Actor)

	// Not recorded as seen: an unverified id could shadow a real one.
	got = nil
	assert.Equal(t, http.StatusAccepted, f.post(t, del, f.gone).Code)
	assert.NotNil(t, got)

	// Not a Delete, unsigned, or malformed: refused.
	assert.Equal(t, http.StatusUnauthorized, f.post(t, strings.Replace(del, "Delete", "Update", 1), f.gone).Code)
	assert.Equal(t, http.StatusUnauthorized, f.post(t, del, nil).Code)
	assert.ErrorIs(t, f.logs.lastError(), httpsig.ErrNoSignature)
	assert.Equal(t, http.StatusUnauthorized, f.post(t, `{"type":"Delete",`, f.gone).Code)
}

func TestNewInboxNeedsVerifier(t *testing.T) {
	t.Parallel()
	_, err := NewInbox(nil)
	assert.Error(t, err)
	_, err = NewInbox(&InboxOptions{})
	assert.Error(t, err)
}

func TestInboxConcurrent(t *testing.T) {
	t.Parallel()
	f := newInboxFixture(t, nil, nil)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			if i%4 == 0 {
				f.inbox.Handle("Like", func(context.Context, *Activity) error { f.handled.Add(1); return nil })
			}
			r := request(like(i % 8))
			if err := f.signer.SignRequest(r); err != nil {
				t.Error(err)
				return
			}
			assert.Equal(t, http.StatusAccepted, f.serve(r).Code)
		})
	}
	wg.Wait()
	assert.EqualValues(t, 8, f.handled.Load(), "each of 8 ids handled once")
}

func TestMemorySeenStore(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := NewMemorySeenStore(2).(*memorySeen)
	now := time.Unix(1_000_000, 0)
	s.now = func() time.Time { return now }

	seen, err := s.Seen(ctx, "a", time.Hour)
	require.NoError(t, err)
	assert.False(t, seen)
	seen, _ = s.Seen(ctx, "a", time.Hour)
	assert.True(t, seen)

	// Past the TTL: not seen, and recorded again.
	now = now.Add(2 * time.Hour)
	seen, _ = s.Seen(ctx, "a", time.Hour)
	assert.False(t, seen)
	seen, _ = s.Seen(ctx, "a", time.Hour)
	assert.True(t, seen)

	// Bounded: the least recently recorded goes first.
	_, _ = s.Seen(ctx, "b", time.Hour)
	_, _ = s.Seen(ctx, "c", time.Hour)
	seen, _ = s.Seen(ctx, "a", time.Hour)
	assert.False(t, seen, "a was evicted")
	assert.Equal(t, 2, s.order.Len())
	assert.Len(t, s.byID, 2)

	require.NoError(t, s.Forget(ctx, "a"))
	require.NoError(t, s.Forget(ctx, "zzz"))
	seen, _ = s.Seen(ctx, "a", time.Hour)
	assert.False(t, seen)

	assert.Equal(t, 10000, NewMemorySeenStore(0).(*memorySeen).max)
}

func TestMemorySeenStoreConcurrent(t *testing.T) {
	t.Parallel()
	s := NewMemorySeenStore(1000)
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for i := range 200 {
				seen, err := s.Seen(t.Context(), fmt.Sprint(i), time.Hour)
				assert.NoError(t, err)
				if !seen {
					firsts.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 200, firsts.Load(), "each id is new exactly once")
}

type forgetter struct{ ids []string }

func (f *forgetter) Forget(id string) { f.ids = append(f.ids, id) }

// An actor's Update never installs the key it carries: the keys it names
// are forgotten, to be fetched afresh from the actor's origin.
func TestInboxUpdateForgetsKeys(t *testing.T) {
	t.Parallel()
	keys := &forgetter{}
	f := newInboxFixture(t, func(o *InboxOptions) { o.Keys = keys }, nil)
	update := `{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"],"id":"https://a.example/users/alice#updates/1","type":"Update","actor":"https://a.example/users/alice",
		"object":{"id":"https://a.example/users/alice","type":"Person","publicKey":{"id":"https://a.example/users/alice#new-key","owner":"https://a.example/users/alice","publicKeyPem":"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n"}}}`
	assert.Equal(t, http.StatusAccepted, f.post(t, update, f.signer).Code)
	assert.Equal(t, []string{"https://a.example/users/alice#main-key", "https://a.example/users/alice#new-key"}, keys.ids)
	// Other updates touch no key.
	keys.ids = nil
	note := `{"id":"https://a.example/notes/1#updates/1","type":"Update","actor":"https://a.example/users/alice","object":{"id":"https://a.example/notes/1","type":"Note","content":"edited"}}`
	assert.Equal(t, http.StatusAccepted, f.post(t, note, f.signer).Code)
	assert.Empty(t, keys.ids)
}

// proofKeys are the Ed25519 keys with which alice and mallory of
// a.example sign integrity proofs, and a resolver for them.
type proofKeys struct {
	alice, mallory *ActorKey
	resolver       httpsig.KeyResolver
}

func newProofKeys(t *testing.T) *proofKeys {
	t.Helper()
	alice, err := GenerateEd25519Key("https://a.example/users/alice", "https://a.example/users/alice#ed25519-key")
	require.NoError(t, err)
	mallory, err := GenerateEd25519Key("https://a.example/users/mallory", "https://a.example/users/mallory#ed25519-key")
	require.NoError(t, err)
	keys := map[string]*httpsig.Key{}
	for _, k := range []*ActorKey{alice, mallory} {
		keys[k.ID] = &httpsig.Key{ID: k.ID, Owner: k.Owner, PublicKey: k.Signer.Public()}
	}
	return &proofKeys{alice: alice, mallory: mallory, resolver: staticKeys(keys)}
}

// sign returns body with an integrity proof made with key.
func (k *proofKeys) sign(t *testing.T, body string, key *ActorKey) string {
	t.Helper()
	d := testDecode(t, body)
	require.NoError(t, SignObject(d, key, time.Now()))
	return string(docJSON(t, d))
}

// An activity that carries its actor's integrity proof needs no HTTP
// signature; a proof that does not verify is refused, whatever the
// signature.
func TestInboxProofs(t *testing.T) {
	t.Parallel()
	keys := newProofKeys(t)
	f := newInboxFixture(t, func(o *InboxOptions) { o.Proofs = keys.resolver }, nil)
	var got *Activity
	f.inbox.Handle("Like", func(_ context.Context, a *Activity) error { got = a; return nil })

	proven := keys.sign(t, likeByAlice, keys.alice)
	assert.Equal(t, http.StatusAccepted, f.post(t, proven, nil).Code)
	require.NotNil(t, got)
	assert.True(t, got.Verified)
	assert.Equal(t, keys.alice.ID, got.KeyID)
	assert.Equal(t, "https://a.example/users/alice", got.Actor)
	assert.True(t, got.Doc.Root().Has("proof"), "the handler sees the proof")
	// Recorded as seen, as any verified delivery.
	got = nil
	assert.Equal(t, http.StatusAccepted, f.post(t, proven, nil).Code)
	assert.Nil(t, got)

	// Signed too: the proof takes precedence.
	got = nil
	assert.Equal(t, http.StatusAccepted, f.post(t, keys.sign(t, like(2), keys.alice), f.signer).Code)
	require.NotNil(t, got)
	assert.Equal(t, keys.alice.ID, got.KeyID)

	tests := []struct {
		name    string
		body    string
		signer  *httpsig.Signer
		status  int
		wantErr error
	}{
		{"bad proof", strings.Replace(keys.sign(t, like(3), keys.alice), "notes/1", "notes/2", 1), nil,
			http.StatusUnauthorized, ErrBadProof},
		{"bad proof, good signature", strings.Replace(keys.sign(t, like(4), keys.alice), "notes/1", "notes/2", 1), f.signer,
			http.StatusUnauthorized, ErrBadProof},
		{"proof by another actor", keys.sign(t, like(5), keys.mallory), nil,
			http.StatusForbidden, ErrActorMismatch},
		{"proof by another actor, good signature", keys.sign(t, like(6), keys.mallory), f.signer,
			http.StatusForbidden, ErrActorMismatch},
		{"proof of another actor's activity", keys.sign(t, strings.Replace(like(7), "users/alice", "users/mallory", 1), keys.mallory), f.signer,
			http.StatusAccepted, nil},
		{"proof without a proofValue", strings.Replace(keys.sign(t, like(8), keys.alice), `"proofValue"`, `"proofValue2"`, 1), nil,
			http.StatusUnauthorized, ErrBadProof},
		{"unsigned, no proof", like(9), nil, http.StatusUnauthorized, httpsig.ErrNoSignature},
		{"unsigned, malformed", `{"type":"Like",`, nil, http.StatusUnauthorized, httpsig.ErrNoSignature},
		{"signed, malformed", `{"type":"Like",`, f.signer, http.StatusBadRequest, ErrMalformed},
	}
	for _, tt := range tests {
		got = nil
		w := f.post(t, tt.body, tt.signer)
		assert.Equal(t, tt.status, w.Code, tt.name)
		if tt.wantErr != nil {
			assert.ErrorIs(t, f.logs.lastError(), tt.wantErr, tt.name)
			assert.Nil(t, got, tt.name)
		}
		if tt.status == http.StatusUnauthorized {
			assert.NotEmpty(t, w.Header().Get("WWW-Authenticate"), tt.name)
		}
	}
	pv := proofValueOf(t, testDecode(t, proven))
	assert.NotContains(t, f.logs.String(), pv[:20])
	assert.NotContains(t, f.logs.String(), `"type":"Like"`)
}

// A proof whose key cannot be had leaves the HTTP signature to decide.
func TestInboxProofKeyUnavailable(t *testing.T) {
	t.Parallel()
	keys := newProofKeys(t)
	var hookErr error
	f := newInboxFixture(t, func(o *InboxOptions) {
		o.Proofs = keys.resolver
		o.AcceptUnverified = func(_ *http.Request, _ *Document, err error) bool { hookErr = err; return false }
	}, nil)
	var got *Activity
	f.inbox.Handle("Like", func(_ context.Context, a *Activity) error { got = a; return nil })
	unknown, err := GenerateEd25519Key("https://a.example/users/alice", "https://a.example/users/alice#unknown-key")
	require.NoError(t, err)

	assert.Equal(t, http.StatusAccepted, f.post(t, keys.sign(t, like(1), unknown), f.signer).Code)
	require.NotNil(t, got)
	assert.Equal(t, aliceKeyID, got.KeyID)

	got = nil
	assert.Equal(t, http.StatusUnauthorized, f.post(t, keys.sign(t, like(2), unknown), nil).Code)
	assert.Nil(t, got)
	assert.ErrorIs(t, f.logs.lastError(), httpsig.ErrNoSignature)
	assert.ErrorIs(t, f.logs.lastError(), httpsig.ErrKeyNotFound)
	assert.ErrorIs(t, hookErr, httpsig.ErrNoSignature, "the hook is told both reasons")
	assert.ErrorIs(t, hookErr, httpsig.ErrKeyNotFound)
}

// An activity forwarded by another server, signed by that server's actor,
// is accepted on its actor's proof; without it, refused.
func TestInboxProofForwarded(t *testing.T) {
	t.Parallel()
	keys := newProofKeys(t)
	const carolKeyID = "https://c.example/users/carol#main-key"
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	carol, err := httpsig.NewSigner(carolKeyID, priv, nil)
	require.NoError(t, err)
	f := newInboxFixture(t, func(o *InboxOptions) {
		o.Proofs = keys.resolver
		o.Verifier = httpsig.NewVerifier(staticKeys(map[string]*httpsig.Key{
			carolKeyID: {ID: carolKeyID, Owner: "https://c.example/users/carol", PublicKey: pub},
		}), nil)
	}, nil)
	var got *Activity
	f.inbox.Handle("Like", func(_ context.Context, a *Activity) error { got = a; return nil })

	assert.Equal(t, http.StatusAccepted, f.post(t, keys.sign(t, likeByAlice, keys.alice), carol).Code)
	require.NotNil(t, got)
	assert.Equal(t, keys.alice.ID, got.KeyID)
	assert.Equal(t, "https://a.example/users/alice", got.Actor)

	assert.Equal(t, http.StatusForbidden, f.post(t, like(2), carol).Code)
	assert.ErrorIs(t, f.logs.lastError(), ErrActorMismatch)
}

// Without Proofs, a proof is ignored: the HTTP signature decides.
func TestInboxProofsOff(t *testing.T) {
	t.Parallel()
	keys := newProofKeys(t)
	f := newInboxFixture(t, nil, nil)
	assert.Equal(t, http.StatusUnauthorized, f.post(t, keys.sign(t, likeByAlice, keys.alice), nil).Code)
	assert.ErrorIs(t, f.logs.lastError(), httpsig.ErrNoSignature)
	broken := strings.Replace(keys.sign(t, like(2), keys.alice), "notes/1", "notes/2", 1)
	assert.Equal(t, http.StatusAccepted, f.post(t, broken, f.signer).Code)
}
