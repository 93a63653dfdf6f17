package paginate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"

	"github.com/fedikit/fedikit/internal/linkheader"
	"github.com/fedikit/fedikit/internal/paginate"
)

// A Mastodon-style list: each response carries the URL of the next page
// in its Link header, and the iterator follows its max_id.
func ExampleSeq2() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		below := 8 // the account has followers 1 to 7
		if s := r.URL.Query().Get("max_id"); s != "" {
			below, _ = strconv.Atoi(s)
		}
		var ids []int
		for id := below - 1; id >= 1 && len(ids) < 3; id-- {
			ids = append(ids, id)
		}
		if last := ids[len(ids)-1]; last > 1 {
			next := "http://" + r.Host + r.URL.Path + "?limit=3&max_id=" + strconv.Itoa(last)
			w.Header().Set("Link", "<"+next+`>; rel="next"`)
		}
		_ = json.NewEncoder(w).Encode(ids)
	}))
	defer srv.Close()
	client := srv.Client()

	type cursor struct{ MaxID string }
	fetch := func(ctx context.Context, c cursor) ([]int, cursor, bool, error) {
		u := srv.URL + "/api/v1/accounts/1/followers?limit=3"
		if c.MaxID != "" {
			u += "&max_id=" + url.QueryEscape(c.MaxID)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, cursor{}, false, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, cursor{}, false, err
		}
		defer resp.Body.Close()
		var ids []int
		if err := json.NewDecoder(resp.Body).Decode(&ids); err != nil {
			return nil, cursor{}, false, err
		}
		// A malformed header still gives its well-formed links, so the
		// error is not needed here.
		links, _ := linkheader.Parse(resp.Header.Values("Link"))
		next := linkheader.Cursor(linkheader.Find(links, "next"), "max_id")
		fmt.Println("fetched page after", strconv.Quote(c.MaxID))
		return ids, cursor{MaxID: next}, next != "", nil
	}

	for id, err := range paginate.Seq2(context.Background(), cursor{}, 10, fetch) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(id)
	}
	// Output:
	// fetched page after ""
	// 7
	// 6
	// 5
	// fetched page after "5"
	// 4
	// 3
	// 2
	// fetched page after "2"
	// 1
}

// Breaking out of the loop stops the fetching.
func ExampleSeq2_break() {
	fetch := func(_ context.Context, page int) ([]string, int, bool, error) {
		fmt.Println("fetch page", page)
		return []string{fmt.Sprint(page, "a"), fmt.Sprint(page, "b")}, page + 1, true, nil
	}
	for item, err := range paginate.Seq2(context.Background(), 1, 0, fetch) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(item)
		if item == "2a" {
			break
		}
	}
	// Output:
	// fetch page 1
	// 1a
	// 1b
	// fetch page 2
	// 2a
}

func ExampleCollect() {
	fetch := func(_ context.Context, start int) ([]int, int, bool, error) {
		const total = 5
		var items []int
		for i := start; i < total && i < start+2; i++ {
			items = append(items, i*10)
		}
		return items, start + len(items), start+len(items) < total, nil
	}
	items, err := paginate.Collect(paginate.Seq2(context.Background(), 0, 0, fetch))
	fmt.Println(items, err)

	items, err = paginate.Collect(paginate.Seq2(context.Background(), 0, 2, fetch))
	fmt.Println(items, err)
	// Output:
	// [0 10 20 30 40] <nil>
	// [0 10 20 30] paginate: too many pages
}
