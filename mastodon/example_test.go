package mastodon_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/mastodon"
)

// fakeServer stands in for a Mastodon server in the examples.
func fakeServer() *httptest.Server {
	mux := http.NewServeMux()
	answer := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		}
	}
	mux.HandleFunc("GET /api/v2/instance", answer(`{"domain":"social.example","version":"4.5.0","source_url":"https://github.com/mastodon/mastodon"}`))
	mux.HandleFunc("POST /api/v2/media", answer(`{"id":"22","type":"image","url":null,"description":"The flag of Europe"}`))
	mux.HandleFunc("GET /api/v1/media/22", answer(`{"id":"22","type":"image","url":"https://social.example/media/22.png","description":"The flag of Europe"}`))
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Idempotency-Key") == "" {
			http.Error(w, "no key", http.StatusBadRequest)
			return
		}
		answer(`{"id":"1001","visibility":"public","content":"<p>Europe Day: the institutions open their doors.</p>",
			"media_attachments":[{"id":"22","type":"image","description":"The flag of Europe"}]}`)(w, r)
	})
	mux.HandleFunc("GET /api/v1/accounts/7/followers", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("max_id") == "" {
			w.Header().Set("Link", `<https://social.example/api/v1/accounts/7/followers?max_id=90>; rel="next"`)
			answer(`[{"id":"100","acct":"alice@eu.example"},{"id":"95","acct":"bob"}]`)(w, r)
			return
		}
		answer(`[{"id":"90","acct":"carol@voice.example"}]`)(w, r)
	})
	return httptest.NewServer(mux)
}

// newExampleClient returns a client of the fake server. A real client
// needs neither of the Allow options.
func newExampleClient(serverURL string) *mastodon.Client {
	client, err := mastodon.NewClient(serverURL, &mastodon.Options{
		AccessToken:   "token-from-your-app-settings",
		UserAgent:     "announcer/1.0",
		AllowLoopback: true, AllowHTTP: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	return client
}

// Posting an announcement with an image and its alt text: upload, wait
// until the server has processed it, then post with the media id. The
// post is made exactly once, even if the network fails on the way.
func ExampleStatusesService_Create() {
	srv := fakeServer()
	defer srv.Close()
	client := newExampleClient(srv.URL)
	ctx := context.Background()

	media, _, err := client.Media.Upload(ctx, &mastodon.MediaFile{
		Reader: strings.NewReader("\x89PNG…"),
		Name:   "flag.png",
	}, &mastodon.MediaUploadOptions{Description: "The flag of Europe"})
	if err != nil {
		log.Fatal(err)
	}
	media, _, err = client.Media.WaitProcessed(ctx, media.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	status, _, err := client.Statuses.Create(ctx, &mastodon.NewStatus{
		Status:     "Europe Day: the institutions open their doors.",
		MediaIDs:   []mastodon.ID{media.ID},
		Visibility: mastodon.VisibilityPublic,
		Language:   "en",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(status.ID, status.Content)
	fmt.Println("alt text:", status.MediaAttachments[0].Description)
	// Output:
	// 1001 <p>Europe Day: the institutions open their doors.</p>
	// alt text: The flag of Europe
}

// Walking every follower of an account: the iterator follows the pages
// and stops when the loop breaks.
func ExampleAccountsService_FollowersAll() {
	srv := fakeServer()
	defer srv.Close()
	client := newExampleClient(srv.URL)

	for account, err := range client.Accounts.FollowersAll(context.Background(), "7", nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(account.Acct)
	}
	// Output:
	// alice@eu.example
	// bob
	// carol@voice.example
}

// Getting a token for a command-line bot: register the application once,
// send the user to the authorization page with a PKCE challenge, and
// exchange the code they paste back.
func ExampleOAuthService_Config() {
	client, err := mastodon.NewClient("https://social.example", nil)
	if err != nil {
		log.Fatal(err)
	}
	// app comes from client.Apps.Create, registered once and kept.
	app := &mastodon.Application{ClientID: "client-id", ClientSecret: "client-secret"}
	cfg := client.OAuth.Config(app, mastodon.RedirectOOB, "read", "write")

	verifier := oauth2.GenerateVerifier()
	link, err := url.Parse(cfg.AuthCodeURL("state", oauth2.S256ChallengeOption(verifier)))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link.Host + link.Path)
	fmt.Println(link.Query().Get("code_challenge_method"), link.Query().Get("scope"))
	// Then: tok, err := client.OAuth.Exchange(ctx, cfg, code, verifier)
	// Output:
	// social.example/oauth/authorize
	// S256 read write
}
