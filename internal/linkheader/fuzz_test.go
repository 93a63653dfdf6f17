package linkheader

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks properties of Parse that must hold for any input. The
// input is split at newlines into field values, so that one corpus entry
// can stand for several Link fields. For every input:
//
//   - Parse does not panic, and an error matches ErrMalformed;
//   - every link has a non-empty URL without whitespace or angle brackets;
//   - relation types are non-empty, lower-case and free of whitespace;
//   - parameter names are non-empty lower-case tokens other than rel;
//   - the links, written out again as a canonical header, parse back to
//     the same links without error.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		values := strings.Split(in, "\n")
		links, err := Parse(values)
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("error %v does not match ErrMalformed", err)
		}
		for _, l := range links {
			if l.URL == "" {
				t.Fatalf("empty URL in %+v", l)
			}
			if strings.ContainsAny(l.URL, "<> \t") {
				t.Fatalf("URL %q holds a delimiter", l.URL)
			}
			if l.Rel != nil && len(l.Rel) == 0 {
				t.Fatalf("empty non-nil Rel in %+v", l)
			}
			for _, r := range l.Rel {
				if r == "" || strings.ContainsAny(r, " \t") || asciiLower(r) != r {
					t.Fatalf("bad relation type %q", r)
				}
			}
			if l.Params != nil && len(l.Params) == 0 {
				t.Fatalf("empty non-nil Params in %+v", l)
			}
			for name := range l.Params {
				if name == "" || name == "rel" || asciiLower(name) != name || strings.IndexFunc(name, func(r rune) bool {
					return r >= 0x80 || !isTchar(byte(r))
				}) >= 0 {
					t.Fatalf("bad parameter name %q", name)
				}
			}
		}

		out := format(links)
		if len(out) > maxInput {
			return
		}
		again, err := Parse([]string{out})
		if err != nil {
			t.Fatalf("Parse(%q) = %v, written out from %q", out, err, in)
		}
		if !equalLinks(links, again) {
			t.Fatalf("round trip through %q: got %+v, want %+v", out, again, links)
		}
	})
}

// format writes links as one canonical Link field value, quoting every
// parameter value.
func format(links []Link) string {
	var b strings.Builder
	for i, l := range links {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<" + l.URL + ">")
		if l.Rel != nil {
			b.WriteString("; rel=" + quote(strings.Join(l.Rel, " ")))
		}
		for _, name := range slices.Sorted(maps.Keys(l.Params)) {
			b.WriteString("; " + name + "=" + quote(l.Params[name]))
		}
	}
	return b.String()
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func equalLinks(a, b []Link) bool {
	return slices.EqualFunc(a, b, func(x, y Link) bool {
		return x.URL == y.URL && slices.Equal(x.Rel, y.Rel) && maps.Equal(x.Params, y.Params) &&
			(x.Rel == nil) == (y.Rel == nil) && (x.Params == nil) == (y.Params == nil)
	})
}
