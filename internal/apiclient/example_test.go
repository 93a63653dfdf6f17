package apiclient_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fedikit/fedikit/internal/apiclient"
)

// A GET that fails twice with 503 is sent three times; the rate-limit
// headers of the answer are read with ParseRate.
func Example() {
	failures := 2
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failures > 0 {
			failures--
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("X-RateLimit-Limit", "50")
		w.Header().Set("X-RateLimit-Remaining", "47")
		fmt.Fprint(w, `{"ok":true}`)
	}))
	defer srv.Close()

	stack := apiclient.New(apiclient.Options{Name: "example", AllowLoopback: true, AllowHTTP: true, RetryWaitMin: 1, RetryWaitMax: 1})
	ctx, attempts := apiclient.CountAttempts(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := stack.API.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var v struct{ OK bool }
	if err := apiclient.Decode(resp.Body, &v, 1<<20); err != nil {
		fmt.Println(err)
		return
	}
	rate := apiclient.ParseRate(resp.Header)
	fmt.Println(resp.StatusCode, v.OK, attempts.Count(), rate.Remaining)
	// Output: 200 true 3 47
}
