package httpsig_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/fedikit/fedikit/httpsig"
)

// exampleKey is a fixed Ed25519 key, so that the examples print the same
// signatures every time. Real code loads its key with ParsePrivateKeyPEM.
var exampleKey = ed25519.NewKeyFromSeed([]byte("fedikit example key, 32 bytes!!!"))

const exampleKeyID = "https://social.example/users/bot#main-key"

// exampleResolver stands for the activitypub package's actor-fetching
// resolver: it knows one key.
var exampleResolver = httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
	if keyID != exampleKeyID {
		return nil, httpsig.ErrKeyNotFound
	}
	return &httpsig.Key{ID: keyID, Owner: "https://social.example/users/bot", PublicKey: exampleKey.Public()}, nil
})

// Sign a request as Mastodon expects it, in both formats.
func ExampleSigner_SignRequest() {
	clock := func() time.Time { return time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC) }
	for _, format := range []httpsig.Format{httpsig.Cavage, httpsig.RFC9421} {
		signer, err := httpsig.NewSigner(exampleKeyID, exampleKey, &httpsig.SignerOptions{Format: format, Now: clock})
		if err != nil {
			log.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, "https://eu.example/inbox", strings.NewReader(`{"type":"Follow"}`))
		req.Header.Set("Content-Type", "application/activity+json")
		if err := signer.SignRequest(req); err != nil {
			log.Fatal(err)
		}
		fmt.Println(format)
		for _, h := range []string{"Date", "Digest", "Content-Digest", "Signature-Input", "Signature"} {
			if v := req.Header.Get(h); v != "" {
				fmt.Printf("  %s: %s\n", h, v)
			}
		}
	}
	// Output:
	// cavage
	//   Date: Wed, 25 Nov 2026 21:00:00 GMT
	//   Digest: SHA-256=GYwYnH3BiO6aICFt0ThC5bUIJ4byvqdpWtR8m5fNkww=
	//   Signature: keyId="https://social.example/users/bot#main-key",algorithm="hs2019",headers="(request-target) host date digest content-type",signature="DLn1VmmdA1BMfsHVSLP7aelM0dYkPid/l0ui5NQaPBnBW0a/8bQINmufycDWi6unIgmIwKcm+GGBIWF8FoOJBQ=="
	// rfc9421
	//   Date: Wed, 25 Nov 2026 21:00:00 GMT
	//   Content-Digest: sha-256=:GYwYnH3BiO6aICFt0ThC5bUIJ4byvqdpWtR8m5fNkww=:
	//   Signature-Input: sig1=("@method" "@target-uri" "content-digest");created=1795640400;keyid="https://social.example/users/bot#main-key"
	//   Signature: sig1=:vvIR28vqXWR/iMvIuwYxr4qGvq9sVvftqQitWX3TwOIfnK1v9LzmG3ndUaVwai7fNoYGz6XbHPr6LJTprieTDw==:
}

// Verify incoming requests before an inbox handler runs.
func ExampleMiddleware() {
	verifier := httpsig.NewVerifier(exampleResolver, nil)
	inbox := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, _ := httpsig.ResultFromContext(r.Context())
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("inbox: %s from %s, signed with %s (%s)\n", body, res.Owner, res.Algorithm, res.Format)
		w.WriteHeader(http.StatusAccepted)
	})
	srv := httptest.NewServer(httpsig.Middleware(verifier, nil)(inbox))
	defer srv.Close()

	signer, err := httpsig.NewSigner(exampleKeyID, exampleKey, nil)
	if err != nil {
		log.Fatal(err)
	}
	client := &http.Client{Transport: httpsig.NewTransport(signer, nil, nil), Timeout: 10 * time.Second}
	for _, c := range []*http.Client{client, {Timeout: 10 * time.Second}} {
		resp, err := c.Post(srv.URL+"/inbox", "application/activity+json", strings.NewReader(`{"type":"Like"}`))
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
		if hint := resp.Header.Get("Accept-Signature"); hint != "" {
			fmt.Println("  Accept-Signature:", hint)
		}
	}
	// Output:
	// inbox: {"type":"Like"} from https://social.example/users/bot, signed with ed25519 (cavage)
	// 202 Accepted
	// 401 Unauthorized
	//   Accept-Signature: sig1=("@method" "@target-uri" "content-digest");created;keyid
}

// Double-knock: try RFC 9421 first, fall back to cavage when the peer
// refuses it, and remember what worked.
func ExampleNewTransport_doubleKnock() {
	verifier := httpsig.NewVerifier(exampleResolver, nil)
	// This peer only understands cavage, like servers before Mastodon 4.5.
	peer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := verifier.VerifyRequest(r)
		if err != nil || res.Format != httpsig.Cavage {
			fmt.Println("peer: refused", r.Method, r.URL.Path)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Println("peer: accepted", r.Method, r.URL.Path, "signed in", res.Format)
	}))
	defer peer.Close()

	signer, err := httpsig.NewSigner(exampleKeyID, exampleKey, nil)
	if err != nil {
		log.Fatal(err)
	}
	transport := httpsig.NewTransport(signer, nil, &httpsig.TransportOptions{DoubleKnock: true})
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	for _, path := range []string{"/users/alice", "/users/bob"} {
		resp, err := client.Get(peer.URL + path)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
	}
	f, _ := transport.HostFormat(strings.TrimPrefix(peer.URL, "http://"))
	fmt.Println("remembered:", f)
	// Output:
	// peer: refused GET /users/alice
	// peer: accepted GET /users/alice signed in cavage
	// peer: accepted GET /users/bob signed in cavage
	// remembered: cavage
}
