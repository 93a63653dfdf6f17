package activitypub

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/webfinger"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests forge deliveries against whole servers (see e2e_test.go):
// each delivery is signed and POSTed by a real Deliverer to a real Inbox,
// whose Verifier finds keys with a KeyResolver and a Fetcher over HTTP.

// e2eForgery is a world of three servers: a, home of alice; m, home of
// mallory, who wants to speak as alice; and r, home of bob, whose inbox
// she writes to.
type e2eForgery struct {
	a, m, r *testServer
	alice   *testActor
	mallory *testActor
	bob     *testActor
	n       int
}

func newE2EForgery(t *testing.T) *e2eForgery {
	t.Helper()
	w := &e2eForgery{
		a: newTestServer(t, &testServerOptions{host: "a.example.com"}),
		m: newTestServer(t, &testServerOptions{host: "m.example.com"}),
		r: newTestServer(t, &testServerOptions{host: "r.example.com"}),
	}
	w.alice = w.a.addActor(t, "alice")
	w.mallory = w.m.addActor(t, "mallory")
	w.bob = w.r.addActor(t, "bob")
	return w
}

// keyJSON returns a key object with mallory's public key: a publicKey
// entry, or with @context a standalone key document.
func (w *e2eForgery) keyJSON(t *testing.T, id, owner string, standalone bool) map[string]any {
	t.Helper()
	pem, err := httpsig.MarshalPublicKeyPEM(w.mallory.key.Signer.Public())
	require.NoError(t, err)
	k := map[string]any{"id": id, "owner": owner, "publicKeyPem": string(pem)}
	if standalone {
		k["@context"] = ContextSecurityV1
		k["type"] = "Key"
	}
	return k
}

// actorJSON returns an actor document with the given id and keys.
func (w *e2eForgery) actorJSON(t *testing.T, id string, keys ...map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"@context":  []any{ContextActivityStreams, ContextSecurityV1},
		"id":        id,
		"type":      "Person",
		"inbox":     id + "/inbox",
		"publicKey": keys,
	})
	require.NoError(t, err)
	return b
}

// forge has mallory's server deliver to bob a Create by alice of a note on
// alice's server, signed as keyID with mallory's private key, and
// returns the result of the delivery.
func (w *e2eForgery) forge(t *testing.T, keyID string) Result {
	t.Helper()
	w.n++
	noteID := w.alice.id + "/statuses/" + strconv.Itoa(w.n)
	create, err := NewCreate(noteID+"/activity", w.alice.id, e2eNote(t, w.alice, noteID, "<p>I am alice, really</p>"))
	require.NoError(t, err)
	d := w.m.newDeliverer(t, keyID, w.mallory.key.Signer)
	// Deliver would refuse to sign alice's activity with a key on
	// mallory's host: the forger queues the job itself.
	body, err := create.MarshalJSON()
	require.NoError(t, err)
	require.NoError(t, d.queue.Enqueue(t.Context(), Job{
		ID: "forged-" + strconv.Itoa(w.n), Inbox: w.bob.inbox, Body: body, Activity: create.Root().ID(),
	}))
	require.NoError(t, d.Flush(t.Context()))
	results := w.m.flush(t, w.mallory)
	require.Len(t, results, 1)
	return results[0]
}

// e2eMark is how far the requests that bob's server answered and the
// errors its inbox logged had got, so that a check can look at what came
// after.
type e2eMark struct{ requests, errs int }

func (w *e2eForgery) mark() e2eMark {
	return e2eMark{requests: len(w.r.answered()), errs: len(e2eErrs(w.r.logs))}
}

// e2eErrs returns the errors that l has recorded.
func e2eErrs(l *logRecorder) []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// assertRefused checks that the delivery res was refused with status:
// every POST to bob's inbox since m was answered status and logged with
// an error matching want, and no handler ran.
func (w *e2eForgery) assertRefused(t *testing.T, res Result, m e2eMark, status int, want error) {
	t.Helper()
	assert.False(t, res.Delivered)
	assert.Equal(t, status, res.Status)
	var se *StatusError
	if assert.ErrorAs(t, res.Err, &se) {
		assert.Equal(t, status, se.StatusCode)
	}
	posts := postsOf(w.r.answered()[m.requests:])
	require.NotEmpty(t, posts)
	for _, p := range posts {
		assert.Equal(t, e2eRequest{Method: http.MethodPost, Path: "/users/bob/inbox", Status: status}, p)
	}
	errs := e2eErrs(w.r.logs)[m.errs:]
	assert.Len(t, errs, len(posts), "one logged refusal per POST")
	for _, err := range errs {
		assert.ErrorIs(t, err, want)
	}
	assert.Empty(t, w.r.all(), "no handler ran")
}

// TestFederationRefusesForeignKeyOwner checks that a key served by one
// server cannot sign for an actor of another, whatever the key's document
// claims, and that a key cannot be borrowed by its id.
func TestFederationRefusesForeignKeyOwner(t *testing.T) {
	t.Parallel()
	w := newE2EForgery(t)
	forger := w.m.url("/users/forger")
	keyDoc := w.m.url("/keys/1")
	// mallory's server serves an actor whose key claims alice as its owner,
	w.m.setDoc(t, "/users/forger", w.actorJSON(t, forger, w.keyJSON(t, forger+"#main-key", w.alice.id, false)))
	// and a standalone key document that does the same.
	keyJSON, err := json.Marshal(w.keyJSON(t, keyDoc, w.alice.id, true))
	require.NoError(t, err)
	w.m.setDoc(t, "/keys/1", keyJSON)

	// The subtests share the servers, and so run one after the other.
	tests := []struct {
		name   string
		keyID  string
		status int
		want   error
		// askA is whether bob's server fetches anything from alice's.
		askA bool
	}{{
		name:  "actor on m names an owner on a",
		keyID: forger + "#main-key", status: http.StatusUnauthorized, want: ErrOriginMismatch,
	}, {
		name:  "key document on m names an owner on a",
		keyID: keyDoc, status: http.StatusUnauthorized, want: ErrOriginMismatch,
	}, {
		name:  "mallory's own key, alice as the actor",
		keyID: w.mallory.key.ID, status: http.StatusForbidden, want: ErrActorMismatch,
	}, {
		name:  "alice's key id, mallory's key",
		keyID: w.alice.key.ID, status: http.StatusUnauthorized, want: httpsig.ErrBadSignature, askA: true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, asked := w.mark(), len(w.a.answered())
			res := w.forge(t, tt.keyID)
			w.assertRefused(t, res, m, tt.status, tt.want)
			if asks := w.a.answered()[asked:]; tt.askA {
				assert.Contains(t, asks, e2eRequest{Method: http.MethodGet, Path: "/users/alice", Status: http.StatusOK},
					"alice's key fetched")
			} else {
				assert.Empty(t, asks, "alice's server asked nothing")
			}
		})
	}
}

// TestFederationRefusesLoopbackKeyFetch checks the SSRF guard of a whole
// inbox: a delivery whose keyId points at a loopback address is refused
// with 401 without a request to that address, unless the inbox's Fetcher
// allows loopback.
func TestFederationRefusesLoopbackKeyFetch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		host string // of the sender's server
	}{
		{name: "host name of a loopback address", host: "s.example.com"},
		{name: "loopback address", host: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, &testServerOptions{host: tt.host})
			guarded := newTestServer(t, &testServerOptions{host: "r.example.com", guarded: true})
			open := newTestServer(t, &testServerOptions{host: "o.example.com"})
			sam := s.addActor(t, "sam")
			bob := guarded.addActor(t, "bob")
			olga := open.addActor(t, "olga")
			like, err := NewLike(sam.id+"/likes/1", sam.id, bob.id+"/statuses/1")
			require.NoError(t, err)

			_, res := s.deliver(t, sam, like, bob.id)
			require.Len(t, res, 1)
			assert.False(t, res[0].Delivered)
			assert.Equal(t, http.StatusUnauthorized, res[0].Status)
			for _, p := range postsOf(guarded.answered()) {
				assert.Equal(t, http.StatusUnauthorized, p.Status)
			}
			errs := e2eErrs(guarded.logs)
			require.NotEmpty(t, errs)
			for _, err := range errs {
				assert.ErrorIs(t, err, webfinger.ErrForbiddenAddress)
			}
			assert.Empty(t, guarded.all(), "no handler ran")
			assert.Empty(t, s.answered(), "no request reached sam's server")

			// The control: an inbox that allows loopback takes it.
			_, res = s.deliver(t, sam, like, olga.id)
			assertDelivered(t, res, 1, olga.inbox)
			open.receivedOnce(t, sam.id+"/likes/1", sam, "/users/olga/inbox")
			assert.NotZero(t, s.count(http.MethodGet, "/users/sam"), "sam's key was fetched")
		})
	}
}

// TestFederationRefusesDocumentFromOtherOrigin checks that an actor
// document cannot be served from another origin than its id's: mallory's
// server serves a document that claims to be alice, with mallory's key,
// and signs as that key for alice. The key does not resolve (401), and
// alice's server is not asked.
func TestFederationRefusesDocumentFromOtherOrigin(t *testing.T) {
	t.Parallel()
	w := newE2EForgery(t)
	mask := w.m.url("/users/mask")
	w.m.setDoc(t, "/users/mask", w.actorJSON(t, w.alice.id, w.keyJSON(t, mask+"#main-key", w.alice.id, false)))

	res := w.forge(t, mask+"#main-key")
	w.assertRefused(t, res, e2eMark{}, http.StatusUnauthorized, ErrOriginMismatch)
	assert.NotZero(t, w.m.count(http.MethodGet, "/users/mask"), "the document was fetched")
	assert.Empty(t, w.a.answered(), "alice's server asked nothing")
}

// TestFederationRefusesEmbeddedObjectFromOtherOrigin checks that an actor
// cannot vouch for an object of another server: mallory's Create of a note
// whose id is on alice's server is refused (403) while that server does not
// serve the note, and once it does, the Create is still refused, since
// alice's server credits the note to alice, not to mallory.
func TestFederationRefusesEmbeddedObjectFromOtherOrigin(t *testing.T) {
	t.Parallel()
	w := newE2EForgery(t)
	create := func(n int) *Document {
		t.Helper()
		noteID := w.alice.id + "/statuses/" + strconv.Itoa(n)
		note := e2eNote(t, w.alice, noteID, "<p>alice said something awful</p>")
		c := New("Create")
		root := c.Root()
		for k, v := range map[string]any{
			"id": w.mallory.id + "/creates/" + strconv.Itoa(n), "actor": w.mallory.id,
			"to": []string{w.bob.id}, "object": note.Root(),
		} {
			require.NoError(t, root.Set(k, v))
		}
		return c
	}

	m := w.mark()
	_, res := w.m.deliver(t, w.mallory, create(1))
	require.Len(t, res, 1)
	w.assertRefused(t, res[0], m, http.StatusForbidden, ErrUntrustedObject)
	assert.NotZero(t, w.a.count(http.MethodGet, "/users/alice/statuses/1"), "the note was asked of alice's server")

	// alice's server serves the note: bob's inbox takes that copy.
	noteID := w.alice.id + "/statuses/2"
	w.a.setDoc(t, "/users/alice/statuses/2", e2eNote(t, w.alice, noteID, "<p>alice said something kind</p>"))
	m = w.mark()
	_, res = w.m.deliver(t, w.mallory, create(2))
	require.Len(t, res, 1)
	w.assertRefused(t, res[0], m, http.StatusForbidden, ErrActorMismatch)
	assert.NotZero(t, w.a.count(http.MethodGet, "/users/alice/statuses/2"), "the note was fetched from alice's server")
}
