package activitypub

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The GoToSocial deliveries in testdata/deliveries are accepted, with the
// clock at their capture time and alice's key from her actor document.
func TestInboxAcceptsRealDeliveries(t *testing.T) {
	t.Parallel()
	actor := testCorpusDoc(t, "gotosocial-actor.json")
	keys := PublicKeys(actor.Root())
	require.NotEmpty(t, keys)
	pub, err := keys[0].Parse()
	require.NoError(t, err)
	resolver := httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
		if keyID != string(keys[0].ID) {
			return nil, httpsig.ErrKeyNotFound
		}
		return &httpsig.Key{ID: keyID, Owner: string(keys[0].Owner), PublicKey: pub}, nil
	})
	files, err := filepath.Glob("testdata/deliveries/post-*.json")
	require.NoError(t, err)
	require.Len(t, files, 3)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			var c struct {
				Method, URL, Host string
				Time              time.Time
				Headers           map[string][]string
				BodyRaw           string `json:"body_raw"`
			}
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(b, &c))
			v := httpsig.NewVerifier(resolver, &httpsig.VerifierOptions{Now: func() time.Time { return c.Time }})
			in, err := NewInbox(&InboxOptions{Verifier: v, Scheme: "http"})
			require.NoError(t, err)
			var got *Activity
			in.HandleFallback(func(_ context.Context, a *Activity) error { got = a; return nil })

			r := httptest.NewRequest(c.Method, c.URL, strings.NewReader(c.BodyRaw))
			r.Host = c.Host
			for k, vs := range c.Headers {
				r.Header[http.CanonicalHeaderKey(k)] = vs
			}
			w := httptest.NewRecorder()
			in.ServeHTTP(w, r)
			require.Equal(t, http.StatusAccepted, w.Code, w.Body.String())
			require.NotNil(t, got)
			assert.Equal(t, "http://gts.test/users/alice", got.Actor)
			assert.Equal(t, "http://gts.test/users/alice/main-key", got.KeyID)
			assert.True(t, got.Verified)
			assert.True(t, got.Object.Exists())
		})
	}
}

// inboxFixture is an inbox whose verifier knows one Ed25519 key of
// https://a.example/users/alice, and a signer for it.
type inboxFixture struct {
	inbox   *Inbox
	signer  *httpsig.Signer
	handled atomic.Int32
}

func newInboxFixture(t *testing.T, mutate func(*InboxOptions)) *inboxFixture {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	const keyID = "https://a.example/users/alice#main-key"
	resolver := httpsig.KeyResolverFunc(func(_ context.Context, id string) (*httpsig.Key, error) {
		if id != keyID {
			return nil, httpsig.ErrKeyNotFound
		}
		return &httpsig.Key{ID: id, Owner: "https://a.example/users/alice", PublicKey: pub}, nil
	})
	o := &InboxOptions{Verifier: httpsig.NewVerifier(resolver, nil)}
	if mutate != nil {
		mutate(o)
	}
	in, err := NewInbox(o)
	require.NoError(t, err)
	s, err := httpsig.NewSigner(keyID, priv, nil)
	require.NoError(t, err)
	f := &inboxFixture{inbox: in, signer: s}
	in.HandleFallback(func(context.Context, *Activity) error { f.handled.Add(1); return nil })
	return f
}

// post delivers body, signed unless sign is false.
func (f *inboxFixture) post(t *testing.T, body, contentType string, sign bool) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "https://b.example/inbox", strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	if sign {
		require.NoError(t, f.signer.SignRequest(r))
	}
	w := httptest.NewRecorder()
	f.inbox.ServeHTTP(w, r)
	return w
}

const likeByAlice = `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/likes/1","type":"Like","actor":"https://a.example/users/alice","object":"https://b.example/notes/1"}`

func TestInboxRefusals(t *testing.T) {
	t.Parallel()
	const as = "application/activity+json"
	f := newInboxFixture(t, nil)

	assert.Equal(t, http.StatusAccepted, f.post(t, likeByAlice, as, true).Code)
	assert.EqualValues(t, 1, f.handled.Load())
	// The same activity again: accepted, not handled twice.
	assert.Equal(t, http.StatusAccepted, f.post(t, likeByAlice, as, true).Code)
	assert.EqualValues(t, 1, f.handled.Load())

	w := f.post(t, strings.Replace(likeByAlice, "likes/1", "likes/2", 1), as, false)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.NotEmpty(t, w.Header().Get("Accept-Signature"))

	// Signed by alice, claiming to be mallory.
	assert.Equal(t, http.StatusForbidden, f.post(t, strings.Replace(likeByAlice, `"actor":"https://a.example/users/alice"`, `"actor":"https://a.example/users/mallory"`, 1), as, true).Code)
	assert.Equal(t, http.StatusUnsupportedMediaType, f.post(t, likeByAlice, "application/json", true).Code)
	assert.Equal(t, http.StatusAccepted, f.post(t, strings.Replace(likeByAlice, "likes/1", "likes/3", 1), `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`, true).Code)
	assert.Equal(t, http.StatusBadRequest, f.post(t, `{"type":"Like",`, as, true).Code)
	assert.Equal(t, http.StatusBadRequest, f.post(t, `{"type":"Like","id":"https://a.example/likes/9"}`, as, true).Code)

	// A changed body no longer matches its signed digest.
	r := httptest.NewRequest(http.MethodPost, "https://b.example/inbox", strings.NewReader(likeByAlice))
	r.Header.Set("Content-Type", as)
	require.NoError(t, f.signer.SignRequest(r))
	r.Body = httptestBody(strings.Replace(likeByAlice, "notes/1", "notes/2", 1))
	w = httptest.NewRecorder()
	f.inbox.ServeHTTP(w, r)
	assert.Equal(t, http.StatusUnauthorized, w.Code)

	w = httptest.NewRecorder()
	f.inbox.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "https://b.example/inbox", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)

	small := newInboxFixture(t, func(o *InboxOptions) { o.MaxBodySize = 64 })
	assert.Equal(t, http.StatusRequestEntityTooLarge, small.post(t, likeByAlice, as, true).Code)

	blocked := newInboxFixture(t, func(o *InboxOptions) { o.BlockedDomains = func(h string) bool { return h == "a.example" } })
	assert.Equal(t, http.StatusForbidden, blocked.post(t, likeByAlice, as, true).Code)
	assert.EqualValues(t, 0, blocked.handled.Load())
}

func httptestBody(s string) *nopCloser { return &nopCloser{strings.NewReader(s)} }

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

type fakeFetcher struct {
	docs  map[string]string
	calls atomic.Int32
}

func (f *fakeFetcher) Fetch(_ context.Context, iri string) (*Document, error) {
	f.calls.Add(1)
	doc, ok := f.docs[iri]
	if !ok {
		return nil, ErrNotFound
	}
	return Decode([]byte(doc), nil)
}

// An object embedded by an actor of another origin is taken from its own
// origin, or the activity is refused.
func TestInboxCrossOriginObject(t *testing.T) {
	t.Parallel()
	const as = "application/activity+json"
	announce := `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/announces/1","type":"Announce","actor":"https://a.example/users/alice",
		"object":{"id":"https://c.example/notes/7","type":"Note","attributedTo":"https://c.example/users/carol","content":"forged words"}}`
	fetcher := &fakeFetcher{docs: map[string]string{
		"https://c.example/notes/7": `{"id":"https://c.example/notes/7","type":"Note","attributedTo":"https://c.example/users/carol","content":"real words"}`,
	}}
	f := newInboxFixture(t, func(o *InboxOptions) { o.Fetcher = fetcher })
	var content string
	f.inbox.Handle("Announce", func(_ context.Context, a *Activity) error {
		obj, _ := a.Object.Object()
		content, _ = obj.Get("content").String()
		return nil
	})
	assert.Equal(t, http.StatusAccepted, f.post(t, announce, as, true).Code)
	assert.Equal(t, "real words", content)
	assert.EqualValues(t, 1, fetcher.calls.Load())

	// Not fetchable: refused. No fetcher: refused.
	unfetchable := strings.NewReplacer("notes/7", "notes/8", "announces/1", "announces/2").Replace(announce)
	assert.Equal(t, http.StatusForbidden, f.post(t, unfetchable, as, true).Code)
	nf := newInboxFixture(t, nil)
	assert.Equal(t, http.StatusForbidden, nf.post(t, announce, as, true).Code)
}

// The AcceptUnverified hook lets chosen unverifiable deliveries through.
func TestInboxAcceptUnverified(t *testing.T) {
	t.Parallel()
	const as = "application/activity+json"
	f := newInboxFixture(t, func(o *InboxOptions) {
		o.AcceptUnverified = func(_ *http.Request, d *Document, err error) bool {
			return d.Root().Type() == "Delete" && errors.Is(err, httpsig.ErrNoSignature)
		}
	})
	var verified *bool
	f.inbox.Handle("Delete", func(_ context.Context, a *Activity) error { verified = &a.Verified; return nil })
	del := `{"id":"https://a.example/users/gone#delete","type":"Delete","actor":"https://a.example/users/gone","object":"https://a.example/users/gone"}`
	assert.Equal(t, http.StatusAccepted, f.post(t, del, as, false).Code)
	require.NotNil(t, verified)
	assert.False(t, *verified)
	assert.Equal(t, http.StatusUnauthorized, f.post(t, likeByAlice, as, false).Code)
}

func TestNewInboxNeedsVerifier(t *testing.T) {
	t.Parallel()
	_, err := NewInbox(nil)
	assert.Error(t, err)
}

type forgetter struct{ ids []string }

func (f *forgetter) Forget(id string) { f.ids = append(f.ids, id) }

// An actor's Update never installs the key it carries: the keys it names
// are forgotten, to be fetched afresh from the actor's origin.
func TestInboxUpdateForgetsKeys(t *testing.T) {
	t.Parallel()
	keys := &forgetter{}
	f := newInboxFixture(t, func(o *InboxOptions) { o.Keys = keys })
	update := `{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"],"id":"https://a.example/users/alice#updates/1","type":"Update","actor":"https://a.example/users/alice",
		"object":{"id":"https://a.example/users/alice","type":"Person","publicKey":{"id":"https://a.example/users/alice#new-key","owner":"https://a.example/users/alice","publicKeyPem":"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n"}}}`
	assert.Equal(t, http.StatusAccepted, f.post(t, update, "application/activity+json", true).Code)
	assert.Equal(t, []string{"https://a.example/users/alice#main-key", "https://a.example/users/alice#new-key"}, keys.ids)
	// Other updates touch no key.
	keys.ids = nil
	note := `{"id":"https://a.example/notes/1#updates/1","type":"Update","actor":"https://a.example/users/alice","object":{"id":"https://a.example/notes/1","type":"Note","content":"edited"}}`
	assert.Equal(t, http.StatusAccepted, f.post(t, note, "application/activity+json", true).Code)
	assert.Empty(t, keys.ids)
}
