package mastodon

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Seeds are in testdata/fuzz/FuzzStatusLength and FuzzSplitThread.

func FuzzStatusLength(f *testing.F) {
	f.Add("Hello https://example.com/a_(b). @alice@example.com 👨‍👩‍👧 ", "cw")
	f.Fuzz(func(t *testing.T, text, spoiler string) {
		rules := LengthRules{}
		n := StatusLength(text, spoiler, rules)
		vt, vs := validUTF8(text), validUTF8(spoiler)
		if n < 0 {
			t.Fatalf("length %d", n)
		}
		// Graphemes are at most runes; links may grow to 23 each, and
		// each has a "://"; mentions only shrink.
		if bound := utf8.RuneCountInString(vs) + utf8.RuneCountInString(vt) + DefaultCharactersReservedPerURL*strings.Count(vt, "://"); n > bound {
			t.Fatalf("length %d over the bound %d", n, bound)
		}
		if isBlank(vt) {
			if want := uniseg.GraphemeClusterCount(vs); n != want {
				t.Fatalf("blank text: length %d, want the spoiler's %d", n, want)
			}
			return
		}
		// After white space, a letter adds one: it joins no link, no
		// mention and no cluster.
		if strings.HasSuffix(vt, " ") {
			if m := StatusLength(text+"a", spoiler, rules); m != n+1 {
				t.Fatalf("appending a letter after a space: %d, then %d", n, m)
			}
		}
		// A plain ASCII content warning before plain ASCII adds its
		// length.
		if spoiler != "" && printableASCII(spoiler) && printableASCII(vt[:1]) {
			if alone := StatusLength(text, "", rules); n != alone+len(spoiler) {
				t.Fatalf("spoiler of %d: %d, text alone %d", len(spoiler), n, alone)
			}
		}
		// Each link grows with the reserved length, nothing else does.
		links := 0
		for _, e := range textEntities(vt) {
			if e.link {
				links++
			}
		}
		if m := StatusLength(text, spoiler, LengthRules{CharactersReservedPerURL: 24}); m != n+links {
			t.Fatalf("reserving 24 instead of 23 for %d links: %d, then %d", links, n, m)
		}
	})
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

func FuzzSplitThread(f *testing.F) {
	f.Add("First paragraph.\n\nSecond one, with https://example.com/x and @bob@example.org. Third sentence here.", uint16(40), true, "")
	f.Fuzz(func(t *testing.T, text string, max uint16, counter bool, spoiler string) {
		if len(text) > 20000 || len(spoiler) > 1000 {
			return
		}
		opts := SplitOptions{Rules: LengthRules{MaxCharacters: int(max%600) + 1}, Counter: counter, Spoiler: spoiler}
		parts, err := SplitThread(text, opts)
		if err != nil {
			if !errors.Is(err, ErrUnsplittable) {
				t.Fatalf("unexpected error %v", err)
			}
			if spoiler == "" && opts.Rules.MaxCharacters >= 16 && plainWords(text) {
				t.Fatalf("plain words fail to split: %v", err)
			}
			return
		}
		if err := partsHold(validUTF8(text), parts, opts); err != nil {
			t.Fatal(err)
		}
	})
}

// plainWords reports whether s is only ASCII letters and spaces.
func plainWords(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// partsHold checks SplitThread's promises: every part fits, counters
// are right, parts have no white space at their ends, and the parts hold
// every non-space character of text in order.
func partsHold(text string, parts []string, opts SplitOptions) error {
	rules := opts.Rules.withDefaults()
	if len(parts) == 0 {
		return errors.New("no parts")
	}
	if StatusLength(text, opts.Spoiler, rules) <= rules.MaxCharacters {
		if len(parts) != 1 || parts[0] != text {
			return fmt.Errorf("a text that fits became %q", parts)
		}
		return nil
	}
	var all strings.Builder
	for i, p := range parts {
		if n := StatusLength(p, opts.Spoiler, rules); n > rules.MaxCharacters {
			return fmt.Errorf("part %d counts %d, over %d: %q", i+1, n, rules.MaxCharacters, p)
		}
		if opts.Counter && len(parts) > 1 {
			suffix := fmt.Sprintf(" %d/%d", i+1, len(parts))
			if !strings.HasSuffix(p, suffix) {
				return fmt.Errorf("part %d %q lacks its counter", i+1, p)
			}
			p = strings.TrimSuffix(p, suffix)
		}
		if p == "" || strings.TrimSpace(p) != p {
			return fmt.Errorf("part %d %q is empty or has white space at its ends", i+1, p)
		}
		all.WriteString(p)
	}
	noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if got, want := noSpace(all.String()), noSpace(text); got != want {
		return fmt.Errorf("the parts hold %q, not %q", got, want)
	}
	return nil
}
