package activitypub_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/httpsig"
)

// exampleKey is a fixed key so that the examples print the same thing
// every time; real actors use GenerateRSAKey or GenerateEd25519Key.
var exampleKey = ed25519.NewKeyFromSeed([]byte("fedikit federation example key!!"))

const exampleKeyID = "https://a.example/users/alice#main-key"

// A resolver that knows alice's key; in real use, NewKeyResolver, which
// fetches actors.
var exampleKeys = httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
	if keyID != exampleKeyID {
		return nil, httpsig.ErrKeyNotFound
	}
	return &httpsig.Key{ID: keyID, Owner: "https://a.example/users/alice", PublicKey: exampleKey.Public()}, nil
})

// Receive deliveries: verified, checked, then handled by type.
func ExampleInbox() {
	inbox, err := activitypub.NewInbox(&activitypub.InboxOptions{Verifier: httpsig.NewVerifier(exampleKeys, nil)})
	if err != nil {
		log.Fatal(err)
	}
	inbox.Handle("Follow", func(_ context.Context, a *activitypub.Activity) error {
		target, _ := a.Object.IRI()
		fmt.Println("follow from", a.Actor, "to", target, "signed by", a.KeyID)
		return nil
	})

	// alice's server delivers a signed Follow.
	signer, _ := httpsig.NewSigner(exampleKeyID, exampleKey, nil)
	body := `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/follows/1","type":"Follow","actor":"https://a.example/users/alice","object":"https://b.example/users/bob"}`
	for _, sign := range []bool{true, false} {
		r := httptest.NewRequest(http.MethodPost, "https://b.example/users/bob/inbox", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/activity+json")
		if sign {
			_ = signer.SignRequest(r)
		}
		w := httptest.NewRecorder()
		inbox.ServeHTTP(w, r)
		fmt.Println(w.Code)
	}
	// Output:
	// follow from https://a.example/users/alice to https://b.example/users/bob signed by https://a.example/users/alice#main-key
	// 202
	// 401
}

// staticInboxes resolves every actor to one inbox.
type staticInboxes string

func (s staticInboxes) Inboxes(context.Context, string) (string, string, error) {
	return string(s), "", nil
}

// Deliver an activity: signed, queued, sent, reported.
func ExampleDeliverer() {
	received := make(chan string, 1)
	peer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := httpsig.NewVerifier(exampleKeys, nil).VerifyRequest(r)
		b, _ := io.ReadAll(r.Body)
		received <- fmt.Sprintf("verified=%v %s", err == nil, b)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer peer.Close()

	d, err := activitypub.NewDeliverer(&activitypub.DelivererOptions{
		KeyID: exampleKeyID, Signer: exampleKey,
		Inboxes: staticInboxes(peer.URL + "/inbox"),
		// Only because the example's peer is a plain-http loopback server.
		AllowLoopback: true, AllowHTTP: true,
		OnResult: func(r activitypub.Result) { fmt.Println("delivered:", r.Delivered, "attempts:", r.Attempts) },
	})
	if err != nil {
		log.Fatal(err)
	}
	like, _ := activitypub.NewLike("https://a.example/likes/1", "https://a.example/users/alice", "https://b.example/notes/1")
	if _, err := d.Deliver(context.Background(), like, "https://b.example/users/bob"); err != nil {
		log.Fatal(err)
	}
	if err := d.Flush(context.Background()); err != nil {
		log.Fatal(err)
	}
	fmt.Println(<-received)
	// Output:
	// delivered: true attempts: 1
	// verified=true {"@context":"https://www.w3.org/ns/activitystreams","type":"Like","id":"https://a.example/likes/1","actor":"https://a.example/users/alice","object":"https://b.example/notes/1"}
}
