package query_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/fedikit/fedikit/internal/query"
)

// FuzzAddTo checks properties of AddTo that must hold for any path. With
// options that always encode to limit=5&types[]=a&types[]=b:
//
//   - AddTo does not panic;
//   - an error says the query of path is malformed, and then the plain
//     path (before "?") is not malformed on its own;
//   - on success the part of the result before "?" is the part of path
//     before "?" or "#", the fragment of path, if any, ends the result,
//     and the query of the result parses, holds the options' values and
//     keeps every other parameter of path with its values in order.
func FuzzAddTo(f *testing.F) {
	opts := &ListOptions{Limit: 5, Types: []string{"a", "b"}}
	f.Fuzz(func(t *testing.T, path string) {
		got, err := query.AddTo(path, opts)
		rest, fragment, hasFragment := strings.Cut(path, "#")
		base, raw, _ := strings.Cut(rest, "?")
		if err != nil {
			if !strings.Contains(err.Error(), "query: malformed query in path") {
				t.Fatalf("unexpected error %v", err)
			}
			if _, perr := url.ParseQuery(raw); perr == nil {
				t.Fatalf("error %v for a query that parses", err)
			}
			return
		}
		gotRest, gotFragment, gotHasFragment := strings.Cut(got, "#")
		if hasFragment != gotHasFragment || fragment != gotFragment {
			t.Fatalf("fragment %q (%v) became %q (%v)", fragment, hasFragment, gotFragment, gotHasFragment)
		}
		gotBase, gotRaw, ok := strings.Cut(gotRest, "?")
		if !ok || gotBase != base {
			t.Fatalf("AddTo(%q) = %q: base %q changed", path, got, base)
		}
		gotVals, err := url.ParseQuery(gotRaw)
		if err != nil {
			t.Fatalf("AddTo(%q) = %q: query does not parse: %v", path, got, err)
		}
		if v := gotVals["limit"]; len(v) != 1 || v[0] != "5" {
			t.Fatalf("AddTo(%q) = %q: limit %q", path, got, v)
		}
		if v := gotVals["types[]"]; len(v) != 2 || v[0] != "a" || v[1] != "b" {
			t.Fatalf("AddTo(%q) = %q: types[] %q", path, got, v)
		}
		orig, _ := url.ParseQuery(raw)
		for name, vs := range orig {
			if name == "limit" || name == "types[]" {
				continue
			}
			if !slices.Equal(gotVals[name], vs) {
				t.Fatalf("AddTo(%q) = %q: %q was %q, is %q", path, got, name, vs, gotVals[name])
			}
		}
		if len(gotVals) != len(orig)+2-countOf(orig, "limit", "types[]") {
			t.Fatalf("AddTo(%q) = %q: parameters added or lost", path, got)
		}
	})
}

// countOf counts how many of names vals has.
func countOf(vals url.Values, names ...string) int {
	n := 0
	for _, name := range names {
		if _, ok := vals[name]; ok {
			n++
		}
	}
	return n
}
