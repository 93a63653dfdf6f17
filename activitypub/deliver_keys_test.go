package activitypub

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/httpsig"
)

// keysInbox is an inbox server that verifies with the public keys of
// keys and records which keyId signed each POST.
func keysInbox(t *testing.T, keys ...*ActorKey) (*httptest.Server, func() []string) {
	t.Helper()
	verifier := httpsig.NewVerifier(httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
		for _, k := range keys {
			if k.ID == keyID {
				return &httpsig.Key{ID: k.ID, Owner: k.Owner, PublicKey: k.Signer.Public()}, nil
			}
		}
		return nil, httpsig.ErrKeyNotFound
	}), nil)
	var mu sync.Mutex
	var signedBy []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := verifier.VerifyRequest(r)
		if err != nil {
			httpsig.WriteUnauthorized(w, r, err)
			return
		}
		mu.Lock()
		signedBy = append(signedBy, res.KeyID)
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), signedBy...)
	}
}

// One Deliverer with a KeyStore signs each activity as its own actor,
// even when another Deliverer queued it.
func TestDelivererSignsAsEachActor(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	alice, err := GenerateRSAKey("https://s.test/users/alice", "https://s.test/users/alice#main-key")
	require.NoError(t, err)
	bob, err := GenerateEd25519Key("https://s.test/users/bob", "https://s.test/users/bob#ed")
	require.NoError(t, err)
	bobRSA, err := GenerateRSAKey("https://s.test/users/bob", "https://s.test/users/bob#main-key")
	require.NoError(t, err)
	store := NewMemoryKeyStore()
	for _, k := range []*ActorKey{alice, bob, bobRSA} {
		require.NoError(t, store.Add(ctx, k))
	}
	srv, signedBy := keysInbox(t, alice, bob, bobRSA)
	inboxes := deliverInboxes{"https://r.test/users/rita": {srv.URL + "/inbox", ""}}
	queue := NewMemoryQueue()
	newD := func(o DelivererOptions) *Deliverer {
		o.Inboxes, o.Queue, o.AllowLoopback, o.AllowHTTP = inboxes, queue, true, true
		d, err := NewDeliverer(&o)
		require.NoError(t, err)
		return d
	}
	queuer := newD(DelivererOptions{Keys: store})
	sender := newD(DelivererOptions{Keys: store})

	for _, actor := range []string{alice.Owner, bob.Owner} {
		like, err := NewLike(actor+"/likes/1", actor, "https://r.test/notes/1")
		require.NoError(t, err)
		rep, err := queuer.Deliver(ctx, like, "https://r.test/users/rita")
		require.NoError(t, err)
		require.Len(t, rep.Queued, 1)
	}
	require.NoError(t, sender.Flush(ctx))
	assert.ElementsMatch(t, []string{alice.ID, bobRSA.ID}, signedBy(), "the RSA key of each actor")

	// A Deliverer that holds none of the keys gives the job up rather
	// than sign it with the wrong one.
	other, err := GenerateRSAKey("https://s.test/users/zed", "https://s.test/users/zed#main-key")
	require.NoError(t, err)
	var results []Result
	stranger := newD(DelivererOptions{KeyID: other.ID, Signer: other.Signer, OnResult: func(r Result) { results = append(results, r) }})
	like, err := NewLike(alice.Owner+"/likes/2", alice.Owner, "https://r.test/notes/1")
	require.NoError(t, err)
	_, err = queuer.Deliver(ctx, like, "https://r.test/users/rita")
	require.NoError(t, err)
	require.NoError(t, stranger.Flush(ctx))
	require.Len(t, results, 1)
	assert.ErrorIs(t, results[0].Err, ErrNoSigningKey)
	assert.False(t, results[0].Delivered)
	assert.Len(t, signedBy(), 2, "nothing was sent")
}

func TestDeliverRefusesKeyOfAnotherHost(t *testing.T) {
	t.Parallel()
	key, err := GenerateRSAKey("https://s.test/users/alice", "https://s.test/users/alice#main-key")
	require.NoError(t, err)
	d, err := NewDeliverer(&DelivererOptions{KeyID: key.ID, Signer: key.Signer, Inboxes: deliverInboxes{}})
	require.NoError(t, err)
	like, err := NewLike("https://elsewhere.test/likes/1", "https://elsewhere.test/users/eve", "https://r.test/notes/1")
	require.NoError(t, err)
	_, err = d.Deliver(t.Context(), like, "https://r.test/users/rita")
	assert.ErrorIs(t, err, ErrNoSigningKey)

	// With a KeyStore that has no key of the actor either.
	d, err = NewDeliverer(&DelivererOptions{Keys: NewMemoryKeyStore(), Inboxes: deliverInboxes{}})
	require.NoError(t, err)
	_, err = d.Deliver(t.Context(), like, "https://r.test/users/rita")
	assert.True(t, errors.Is(err, ErrNoSigningKey), err)
}
