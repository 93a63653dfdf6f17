package peertube_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/fedikit/fedikit/peertube"
)

// fakeServer is a tiny PeerTube: an OAuth client, a login with a second
// factor, and a list of three videos.
func fakeServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/oauth-clients/local", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"client_id":"v1ikx5hnfop4mdpnci8nsqh93c45rldf","client_secret":"AjWiOapPltI6EnsWQwlFarRtLh4u8tDt"}`)
	})
	mux.HandleFunc("POST /api/v1/users/token", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-peertube-otp") != "123456" {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"status":401,"code":"missing_two_factor","detail":"Missing two factor header"}`)
			return
		}
		io.WriteString(w, `{"token_type":"Bearer","access_token":"a-1","refresh_token":"r-1","expires_in":86400}`)
	})
	mux.HandleFunc("GET /api/v1/videos", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer a-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		start, _ := strconv.Atoi(r.URL.Query().Get("start"))
		names := []string{"Spring", "Summer", "Autumn"}
		io.WriteString(w, `{"total":3,"data":[`)
		if start < len(names) {
			fmt.Fprintf(w, `{"id":%d,"name":%q}`, start+1, names[start])
		}
		io.WriteString(w, `]}`)
	})
	return httptest.NewServer(mux)
}

// Log in with a second factor, then walk the list of videos page by
// page.
func Example() {
	srv := fakeServer()
	defer srv.Close()
	ctx := context.Background()
	// Loopback and plain http are refused unless allowed.
	local := &peertube.Options{AllowLoopback: true, AllowHTTP: true}

	anonymous, err := peertube.NewClient(srv.URL, local)
	if err != nil {
		fmt.Println(err)
		return
	}
	ts, err := anonymous.OAuth.Login(ctx, "alice", "correct horse", nil)
	if errors.Is(err, peertube.ErrTwoFactorRequired) {
		fmt.Println("asking for the one-time code")
		ts, err = anonymous.OAuth.Login(ctx, "alice", "correct horse", &peertube.PasswordOptions{OTP: "123456"})
	}
	if err != nil {
		fmt.Println(err)
		return
	}

	opts := *local
	opts.TokenSource = ts
	client, err := peertube.NewClient(srv.URL, &opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	// One video a page, to show the walk.
	for video, err := range client.Videos.ListAll(ctx, &peertube.VideoListOptions{ListOptions: peertube.ListOptions{Count: 1}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(video.ID, video.Name)
	}
	// Output:
	// asking for the one-time code
	// 1 Spring
	// 2 Summer
	// 3 Autumn
}

// Errors match sentinels of their status with errors.Is, and carry
// PeerTube's problem document.
func ExampleErrorResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"type":"about:blank","title":"Not Found","detail":"Video not found","status":404}`)
	}))
	defer srv.Close()
	client, _ := peertube.NewClient(srv.URL, &peertube.Options{AllowLoopback: true, AllowHTTP: true})

	_, _, err := client.Videos.Get(context.Background(), "2y84q2MQUMWPbiEcxNXMgC", nil)
	var problem *peertube.ErrorResponse
	if errors.As(err, &problem) {
		fmt.Println(errors.Is(err, peertube.ErrNotFound), problem.Title, "-", problem.Detail)
	}
	// Output: true Not Found - Video not found
}
