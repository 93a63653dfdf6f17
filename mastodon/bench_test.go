package mastodon

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/fedikit/fedikit/internal/benchcmp"
	"github.com/fedikit/fedikit/internal/linkheader"
)

// followersServer serves 10,000 followers of account 1 in 250 pages of
// 40, newest first, with Mastodon's Link headers; the bodies are made
// once.
func followersServer(b *testing.B) *httptest.Server {
	const pages, perPage = 250, 40
	bodies := make([][]byte, pages)
	for p := range pages {
		accts := make([]map[string]any, perPage)
		for i := range accts {
			n := p*perPage + i
			accts[i] = map[string]any{
				"id": strconv.Itoa(1_000_000 - n), "username": fmt.Sprintf("user%d", n), "acct": fmt.Sprintf("user%d@peer.example", n),
				"display_name": "A follower", "locked": false, "bot": false, "created_at": "2024-01-01T00:00:00.000Z",
				"note": "<p>Hello</p>", "url": "https://peer.example/@user", "avatar": "https://peer.example/a.png",
				"avatar_static": "https://peer.example/a.png", "header": "", "header_static": "",
				"followers_count": 10, "following_count": 20, "statuses_count": 30, "last_status_at": "2026-11-20",
				"emojis": []any{}, "fields": []any{},
			}
		}
		bodies[p], _ = json.Marshal(accts)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	mux.HandleFunc("GET /api/v1/accounts/1/followers", func(w http.ResponseWriter, r *http.Request) {
		p := 0
		if m := r.URL.Query().Get("max_id"); m != "" {
			p, _ = strconv.Atoi(m)
		}
		if p < pages-1 {
			w.Header().Set("Link", fmt.Sprintf(`<%s/api/v1/accounts/1/followers?limit=40&max_id=%d>; rel="next"`, srv.URL, p+1))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(bodies[p])
	})
	return srv
}

// BenchmarkFollowersWalk walks 10,000 followers (250 pages) with
// FollowersAll beside a plain net/http loop that makes the same requests
// and decodes the same pages (x-raw: the iterator's time over the loop's;
// the goal of at least 0.9 of the loop's throughput is x-raw at
// most 1.11). peak-heap-MB is the most memory the walk held at once,
// which stays near one page's worth however many pages there are.
func BenchmarkFollowersWalk(b *testing.B) {
	srv := followersServer(b)
	defer srv.Close()
	c, err := NewClient(srv.URL, &Options{AllowLoopback: true, AllowHTTP: true, HTTPClient: &http.Client{Transport: http.DefaultTransport}})
	if err != nil {
		b.Fatal(err)
	}
	raw := &http.Client{Transport: http.DefaultTransport}
	ctx := b.Context()

	walkRaw := func() {
		n := 0
		next := srv.URL + "/api/v1/accounts/1/followers?limit=40"
		for next != "" {
			req, _ := http.NewRequestWithContext(ctx, "GET", next, nil)
			req.Header.Set("Authorization", "Bearer t")
			resp, err := raw.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var page []*Account
			err = json.NewDecoder(resp.Body).Decode(&page)
			resp.Body.Close()
			if err != nil {
				b.Fatal(err)
			}
			n += len(page)
			links, _ := linkheader.Parse(resp.Header.Values("Link"))
			next = linkheader.Find(links, "next")
		}
		if n != 10_000 {
			b.Fatalf("raw walk saw %d", n)
		}
	}
	walkIter := func() {
		n := 0
		for _, err := range c.Accounts.FollowersAll(ctx, "1", &ListOptions{Limit: 40}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10_000 {
			b.Fatalf("iterator saw %d", n)
		}
	}
	peak := benchcmp.StartHeapSampler()
	benchcmp.Ratio(b, walkRaw, walkIter, "x-raw", "raw", "iter")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}
