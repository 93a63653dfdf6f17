package query_test

import (
	"fmt"

	"github.com/fedikit/fedikit/internal/query"
)

// ListOptions is shaped like the options of a Mastodon list method.
type ListOptions struct {
	MaxID     string   `url:"max_id,omitempty"`
	Limit     int      `url:"limit,omitempty"`
	OnlyMedia bool     `url:"only_media,omitempty"`
	Types     []string `url:"types[],omitempty"`
}

func ExampleAddTo() {
	path, err := query.AddTo("api/v1/notifications", &ListOptions{Limit: 20, Types: []string{"mention", "follow"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(path)

	// The next page, from a Link header, with a larger page size.
	path, _ = query.AddTo("api/v1/notifications?limit=20&max_id=34975535", &ListOptions{Limit: 40})
	fmt.Println(path)
	// Output:
	// api/v1/notifications?limit=20&types%5B%5D=mention&types%5B%5D=follow
	// api/v1/notifications?limit=40&max_id=34975535
}

// A pointer sends an explicit false that omitempty would otherwise leave
// out, and a map gives Mastodon's bracketed nested parameters.
func ExampleValues() {
	type SubscriptionOptions struct {
		Alerts map[string]bool `url:"data[alerts],omitempty"`
		Policy string          `url:"data[policy],omitempty"`
		Local  *bool           `url:"local,omitempty"`
	}
	local := false
	vals, err := query.Values(SubscriptionOptions{
		Alerts: map[string]bool{"mention": true, "follow": false},
		Local:  &local,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"data[alerts][follow]", "data[alerts][mention]", "data[policy]", "local"} {
		fmt.Printf("%s=%q\n", name, vals[name])
	}
	// Output:
	// data[alerts][follow]=["false"]
	// data[alerts][mention]=["true"]
	// data[policy]=[]
	// local=["false"]
}

// An unsupported field type is an error that names the field.
func ExampleValues_unsupported() {
	type Options struct {
		Done chan struct{} `url:"done"`
	}
	_, err := query.Values(&Options{})
	fmt.Println(err)
	// Output:
	// query: field query_test.Options.Done: unsupported type chan struct {}
}
