package main

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/fedikit/fedikit/mastodon"
)

// htmlToText turns the HTML of a status into plain text, simply: the
// text of every element, a line break for <br>, a blank line between
// paragraphs. Links keep their visible text (Mastodon puts the whole
// address there, parts of it in hidden spans). The result is cleaned with
// cleanText.
func htmlToText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken: // io.EOF: the string was read to its end
			return cleanText(strings.TrimSpace(collapseBlankLines(b.String())))
		case html.TextToken:
			b.Write(z.Text()) // entities decoded
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "br":
				b.WriteByte('\n')
			case "p", "blockquote", "pre", "ul", "ol":
				b.WriteString("\n\n")
			case "li":
				b.WriteString("\n• ")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "blockquote", "pre", "ul", "ol":
				b.WriteString("\n\n")
			}
		}
	}
}

// collapseBlankLines leaves at most one empty line between two lines of
// text, and trims the spaces at the end of each line.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// cleanText makes text written by others safe to print on a terminal:
// control characters (escape sequences among them) and invalid UTF-8 are
// dropped, except line feeds; a tab becomes a space.
func cleanText(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			// invalid UTF-8: dropped
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			// dropped: it could move the cursor or reorder what follows
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine is text cleaned with cleanText, on one line (line breaks
// become spaces), and cut after limit characters with "…".
func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(cleanText(s)), " ")
	n := 0
	for i := range s {
		if n == limit {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// indent puts prefix before every line of s but the empty ones.
func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// handle names an account as a moderator knows it, on one line: @user
// for a local account, @user@domain for a remote one, "-" for none.
func handle(a *mastodon.AdminAccount) string {
	const limit = 100
	switch {
	case a == nil:
		return "-"
	case a.Account != nil && a.Account.Acct != "":
		return "@" + oneLine(a.Account.Acct, limit)
	case a.Username == "":
		return "account " + oneLine(string(a.ID), limit)
	case a.Domain == "":
		return "@" + oneLine(a.Username, limit)
	default:
		return "@" + oneLine(a.Username+"@"+a.Domain, limit)
	}
}

// age is the time from t to now, in its largest whole unit: 45s, 12m, 5h,
// 3d.
func age(t, now time.Time) string {
	if t.IsZero() {
		return "?"
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return "0s" // the server's clock is ahead of ours
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	default:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	}
}

// timestamp formats a time for reading, in UTC.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04 MST")
}

// ruleIDs lists the ids of the rules a report cites, "-" for none.
func ruleIDs(rules []mastodon.Rule) string {
	if len(rules) == 0 {
		return "-"
	}
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = oneLine(string(r.ID), 40)
	}
	return strings.Join(ids, ",")
}
