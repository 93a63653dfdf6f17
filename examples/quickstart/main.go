// Command quickstart runs two fediverse servers in one process, on
// loopback, and shows federation working between them, step by step:
// WebFinger discovery, a signed Follow, an Accept, and a Note delivered to
// the new follower, every request signed and verified.
//
//	go run ./examples/quickstart
//
// It needs no setup and no network beyond loopback. The two servers use a
// test TLS certificate, which is why the clients here are told to trust
// it and to reach loopback addresses: real servers need neither.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/webfinger"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// server is one fediverse server with one account.
type server struct {
	name      string
	srv       *httptest.Server
	host      string // 127.0.0.1:port
	actor     string // the account's actor IRI
	key       *activitypub.ActorKey
	followers activitypub.FollowerStore
	fetcher   *activitypub.Fetcher
	deliverer *activitypub.Deliverer
	events    chan string // what the inbox received, for the story
}

func run(ctx context.Context, out io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	alice, err := newServer("alice")
	if err != nil {
		return err
	}
	defer alice.srv.Close()
	bob, err := newServer("bob")
	if err != nil {
		return err
	}
	defer bob.srv.Close()
	say("1. Two servers are running on loopback: @alice@%s and @bob@%s.", alice.host, bob.host)

	// Discovery: alice finds bob's actor from his handle.
	wf := webfinger.NewClient(&webfinger.ClientOptions{AllowLoopback: true, TLSClientConfig: testTLS(alice.srv)})
	found, err := wf.ResolveActor(ctx, "@bob@"+bob.host)
	if err != nil {
		return fmt.Errorf("WebFinger lookup of bob: %w", err)
	}
	say("2. alice looks up @bob@%s with WebFinger: his actor is %s.", bob.host, found.ID)

	// alice follows bob: a signed Follow to bob's inbox.
	follow, err := activitypub.NewFollow(alice.actor+"/follows/1", alice.actor, found.ID)
	if err != nil {
		return err
	}
	if err := alice.deliver(ctx, follow, found.ID); err != nil {
		return err
	}
	say("3. alice sends bob a Follow, signed with her key %s.", alice.key.ID)
	if err := expect(ctx, bob, "follow"); err != nil {
		return err
	}
	say("4. bob's inbox fetched alice's key, verified the signature, saw that the key's owner is the actor,")
	say("   recorded alice as a follower and answered with a signed Accept.")
	if err := expect(ctx, alice, "accept"); err != nil {
		return err
	}
	say("5. alice's inbox verified bob's Accept: alice now follows bob.")

	// bob posts; his followers get it.
	note, err := activitypub.Note{
		ID:           bob.actor + "/statuses/1",
		AttributedTo: bob.actor,
		Content:      "<p>Hello, fediverse! This note travelled over a signed request.</p>",
		Language:     "en",
		Published:    time.Now().UTC().Truncate(time.Second),
		Followers:    bob.actor + "/followers",
	}.Build()
	if err != nil {
		return err
	}
	create, err := activitypub.NewCreate(bob.actor+"/statuses/1/activity", bob.actor, note)
	if err != nil {
		return err
	}
	if err := bob.deliver(ctx, create); err != nil {
		return err
	}
	say("6. bob publishes a Note to his followers.")
	if err := expect(ctx, alice, "note"); err != nil {
		return err
	}
	say("7. alice's inbox verified the delivery and shows the note: %q", <-alice.events)
	say("Done: discovery, follow, accept and delivery, all signed and verified.")
	return nil
}

// testTLS returns a TLS configuration that trusts the test servers'
// certificate.
func testTLS(s *httptest.Server) *tls.Config {
	return s.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
}

// expect waits for the inbox of s to report what.
func expect(ctx context.Context, s *server, what string) error {
	select {
	case got := <-s.events:
		if got != what {
			return fmt.Errorf("%s's inbox got %s, want %s", s.name, got, what)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s's inbox got nothing (%s expected): %w", s.name, what, ctx.Err())
	}
}

// deliver signs and sends activity to recipients (by default its own
// addressing) and waits until the queue is empty.
func (s *server) deliver(ctx context.Context, activity *activitypub.Document, recipients ...string) error {
	rep, err := s.deliverer.Deliver(ctx, activity, recipients...)
	if err != nil {
		return err
	}
	for r, err := range rep.Errors {
		return fmt.Errorf("delivering to %s: %w", r, err)
	}
	return s.deliverer.Flush(ctx)
}

func newServer(name string) (*server, error) {
	s := &server{name: name, followers: activitypub.NewMemoryFollowerStore(), events: make(chan string, 4)}
	mux := http.NewServeMux()
	s.srv = httptest.NewUnstartedServer(mux)
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.srv.StartTLS()
	s.host = strings.TrimPrefix(s.srv.URL, "https://")
	s.actor = s.srv.URL + "/users/" + name
	tlsConf := testTLS(s.srv)

	var err error
	if s.key, err = activitypub.GenerateRSAKey(s.actor, s.actor+"#main-key"); err != nil {
		return nil, err
	}
	if s.fetcher, err = activitypub.NewFetcher(&activitypub.FetcherOptions{
		Key: s.key, AllowLoopback: true, TLSClientConfig: tlsConf,
	}); err != nil {
		return nil, err
	}
	if s.deliverer, err = activitypub.NewDeliverer(&activitypub.DelivererOptions{
		KeyID: s.key.ID, Signer: s.key.Signer, Inboxes: s.fetcher, Followers: s.followers,
		AllowLoopback: true, TLSClientConfig: tlsConf,
		OnResult: func(r activitypub.Result) {
			if !r.Delivered {
				fmt.Fprintf(os.Stderr, "quickstart: %s could not deliver to %s: %v\n", name, r.Inbox, r.Err)
			}
		},
	}); err != nil {
		return nil, err
	}

	// The actor document, with the public key others verify with.
	actorDoc := activitypub.New("Person")
	person := actorDoc.Root()
	for _, kv := range [][2]string{
		{"id", s.actor}, {"preferredUsername", name}, {"name", strings.ToUpper(name[:1]) + name[1:]},
		{"inbox", s.actor + "/inbox"}, {"outbox", s.actor + "/outbox"}, {"followers", s.actor + "/followers"},
	} {
		if err := person.Set(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	if err := activitypub.PublishKeys(person, []*activitypub.ActorKey{s.key}); err != nil {
		return nil, err
	}
	actorJSON, err := actorDoc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	mux.HandleFunc("GET /users/"+name, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", webfinger.MediaTypeActivity)
		_, _ = w.Write(actorJSON)
	})

	// WebFinger, so that others find the account by its handle.
	mux.Handle("/.well-known/webfinger", webfinger.NewHandler(webfinger.ResolverFunc(func(_ context.Context, resource string) (*webfinger.JRD, error) {
		if resource != "acct:"+name+"@"+s.host && resource != s.actor {
			return nil, webfinger.ErrNotFound
		}
		return &webfinger.JRD{
			Subject: "acct:" + name + "@" + s.host,
			Links:   []webfinger.Link{{Rel: webfinger.RelSelf, Type: webfinger.MediaTypeActivity, Href: s.actor}},
		}, nil
	}), nil))

	// The inbox: verified, then handled by type.
	keys := activitypub.NewKeyResolver(s.fetcher, nil)
	inbox, err := activitypub.NewInbox(&activitypub.InboxOptions{
		Verifier: httpsig.NewVerifier(keys, nil), Fetcher: s.fetcher, Keys: keys,
	})
	if err != nil {
		return nil, err
	}
	var once sync.Once
	inbox.Handle("Follow", func(ctx context.Context, a *activitypub.Activity) error {
		if err := s.followers.AddFollower(ctx, s.actor, a.Actor); err != nil {
			return err
		}
		s.events <- "follow"
		accept, err := activitypub.NewAccept(s.actor+"/accepts/1", s.actor, a.Doc)
		if err != nil {
			return err
		}
		// Answer after the Follow's request has been answered.
		go once.Do(func() {
			if err := s.deliver(context.Background(), accept, a.Actor); err != nil {
				fmt.Fprintln(os.Stderr, "quickstart: sending the Accept:", err)
			}
		})
		return nil
	})
	inbox.Handle("Accept", func(ctx context.Context, a *activitypub.Activity) error {
		s.events <- "accept"
		return nil
	})
	inbox.Handle("Create", func(ctx context.Context, a *activitypub.Activity) error {
		obj, ok := a.Object.Object()
		if !ok {
			return errors.New("a Create without an embedded object")
		}
		content, _ := obj.Get("content").String()
		s.events <- "note"
		s.events <- content
		return nil
	})
	mux.Handle("POST /users/"+name+"/inbox", inbox)
	return s, nil
}
