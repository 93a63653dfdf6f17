package linkheader_test

import (
	"fmt"
	"net/http"

	"github.com/fedikit/fedikit/internal/linkheader"
)

// The Link header of a page of a Mastodon account's followers.
func ExampleParse() {
	header := http.Header{}
	header.Add("Link", `<https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164>; rel="next", `+
		`<https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165>; rel="prev"`)

	links, err := linkheader.Parse(header.Values("Link"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range links {
		fmt.Println(l.Rel, l.URL)
	}
	// Output:
	// [next] https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164
	// [prev] https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165
}

// A malformed link is skipped; the others are still returned.
func ExampleParse_malformed() {
	links, err := linkheader.Parse([]string{`<https://a.example/?max_id=9> rel=next, <https://a.example/?min_id=20>; rel=prev`})
	fmt.Println(err)
	fmt.Println(links[0].Rel, links[0].URL)
	// Output:
	// linkheader: malformed Link header: value 0, byte 30: expected ';' or ','
	// [prev] https://a.example/?min_id=20
}

func ExampleCursor() {
	links, _ := linkheader.Parse([]string{`<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel="next", ` +
		`<https://mastodon.example/api/v1/notifications?min_id=34975861>; rel="prev"`})
	next := linkheader.Find(links, "next")
	fmt.Println(linkheader.Cursor(next, "max_id"))
	fmt.Printf("%q\n", linkheader.Find(links, "last"))
	// Output:
	// 34975535
	// ""
}
