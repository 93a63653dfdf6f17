package webfinger_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/fedikit/fedikit/webfinger"
)

// accounts is a Resolver that knows one account.
var accounts = webfinger.ResolverFunc(func(_ context.Context, resource string) (*webfinger.JRD, error) {
	a, err := webfinger.ParseAcct(resource)
	if err != nil || a.User != "alice" {
		return nil, webfinger.ErrNotFound
	}
	return &webfinger.JRD{
		Subject: a.String(),
		Links: []webfinger.Link{
			{Rel: webfinger.RelProfilePage, Type: "text/html", Href: "https://social.example/@alice"},
			{Rel: webfinger.RelSelf, Type: webfinger.MediaTypeActivity, Href: "https://social.example/users/alice"},
		},
	}, nil
})

// Look up an account and find its ActivityPub actor.
func ExampleClient_Lookup() {
	// A WebFinger server; in real use, the account's own server.
	srv := httptest.NewTLSServer(webfinger.NewHandler(accounts, nil))
	defer srv.Close()

	client := webfinger.NewClient(&webfinger.ClientOptions{
		// Only because the test server listens on loopback and has a test
		// certificate: real lookups need neither.
		AllowLoopback:   true,
		TLSClientConfig: srv.Client().Transport.(*http.Transport).TLSClientConfig,
	})
	jrd, err := client.Lookup(context.Background(), "@alice@"+srv.Listener.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	actor, _ := jrd.ActorLink()
	fmt.Println("actor:", actor.Href)

	_, err = client.Lookup(context.Background(), "@bob@"+srv.Listener.Addr().String())
	fmt.Println("bob:", errors.Is(err, webfinger.ErrNotFound))
	// Output:
	// actor: https://social.example/users/alice
	// bob: true
}

// Serve WebFinger for your accounts.
func ExampleNewHandler() {
	mux := http.NewServeMux()
	mux.Handle("/.well-known/webfinger", webfinger.NewHandler(accounts, nil))
	mux.Handle("/.well-known/host-meta", webfinger.NewHostMetaHandler("https://social.example"))

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/.well-known/webfinger?resource=acct:alice@social.example&rel=self", nil))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(w.Body.String())
	// Output:
	// 200 application/jrd+json
	// {"subject":"acct:alice@social.example","links":[{"rel":"self","type":"application/activity+json","href":"https://social.example/users/alice"}]}
}
