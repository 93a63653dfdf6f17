package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fedikit/fedikit/mastodon"
)

// maxImages is how many images an announcement may carry: Mastodon's
// limit per status.
const maxImages = 4

// announcement is one Markdown file, read and converted.
type announcement struct {
	name string // the file name, the key of its state
	path string
	sum  string // SHA-256 of the file, in hex

	visibility mastodon.Visibility // "" is the account's default
	language   string
	cw         string
	schedule   time.Time // zero: post now
	images     []image

	text string // the body as plain text
}

// image is an image line of the front matter.
type image struct {
	path string // resolved against the Markdown file's directory
	alt  string
}

// parseAnnouncement reads a Markdown file's front matter and converts its
// body. Errors name the file and, where there is one, the line.
func parseAnnouncement(name, path string, data []byte) (*announcement, error) {
	a := &announcement{name: name, path: path, sum: contentSum(data)}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: the file is not UTF-8 text", name)
	}
	src := strings.ReplaceAll(string(data), "\r\n", "\n")
	src = strings.TrimPrefix(src, "\ufeff")
	lines := strings.Split(src, "\n")
	body := lines
	if len(lines) > 0 && strings.TrimRight(lines[0], " \t") == "---" {
		end := -1
		for i := 1; i < len(lines); i++ {
			if strings.TrimRight(lines[i], " \t") == "---" {
				end = i
				break
			}
		}
		if end < 0 {
			return nil, fmt.Errorf("%s: the front matter has no closing --- line", name)
		}
		for i, line := range lines[1:end] {
			if err := a.setField(line); err != nil {
				return nil, fmt.Errorf("%s: line %d: %w", name, i+2, err)
			}
		}
		body = lines[end+1:]
	}
	a.text = markdownToText(strings.Join(body, "\n"))
	if a.text == "" && len(a.images) == 0 {
		return nil, fmt.Errorf("%s: there is nothing to post: no text and no image", name)
	}
	return a, nil
}

// setField reads one "key: value" line of the front matter.
func (a *announcement) setField(line string) error {
	trimmed := strings.TrimSpace(line)
	if trimmed == "" || strings.HasPrefix(trimmed, "#") {
		return nil
	}
	key, value, ok := strings.Cut(trimmed, ":")
	if !ok {
		return fmt.Errorf("%q is not a \"key: value\" line", trimmed)
	}
	key = strings.ToLower(strings.TrimSpace(key))
	value = unquote(strings.TrimSpace(value))
	switch key {
	case "visibility":
		switch v := mastodon.Visibility(strings.ToLower(value)); v {
		case mastodon.VisibilityPublic, mastodon.VisibilityUnlisted, mastodon.VisibilityPrivate, mastodon.VisibilityDirect:
			a.visibility = v
		default:
			return fmt.Errorf("visibility %q is not one of public, unlisted, private, direct", value)
		}
	case "language":
		a.language = value
	case "cw":
		a.cw = value
	case "schedule":
		t, err := time.Parse(time.RFC3339, value)
		if err != nil {
			return fmt.Errorf("schedule %q is not an RFC 3339 time such as 2025-09-01T09:00:00+02:00", value)
		}
		a.schedule = t
	case "image":
		if len(a.images) == maxImages {
			return fmt.Errorf("more than %d images: a status carries at most %d", maxImages, maxImages)
		}
		p, alt, _ := strings.Cut(value, "|")
		p, alt = strings.TrimSpace(p), strings.TrimSpace(alt)
		if p == "" {
			return errors.New(`an image line needs a path: "image: path/to/file.png | alt text"`)
		}
		if alt == "" {
			return fmt.Errorf("image %s has no alt text: write it after a |, as in \"image: %s | what the image shows\"", p, p)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(a.path), filepath.FromSlash(p))
		}
		a.images = append(a.images, image{path: p, alt: alt})
	default:
		return fmt.Errorf("unknown key %q (known: visibility, language, cw, schedule, image)", key)
	}
	return nil
}

// unquote removes one pair of matching quotes around s.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// Markdown to plain text.
//
// Mastodon takes plain text: it links URLs, mentions and hashtags by
// itself. markdownToText keeps what reads well as plain text and drops
// the markup: paragraphs stay paragraphs (their lines joined, as Markdown
// joins them, unless a line ends in a hard break: two spaces or a
// backslash); a heading becomes its text; a list item becomes a line
// starting with "• " (or its number, for a numbered list); emphasis
// markers go; a link becomes "text (url)"; inline code loses its
// backticks; a backslash escape gives the character. Nothing else of
// Markdown (quotes, code blocks, tables) is interpreted. A heading
// underlined with === or --- keeps its text as a paragraph.

var (
	headingRE  = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	bulletRE   = regexp.MustCompile(`^ {0,3}[-*+][ \t]+(.*)$`)
	numberedRE = regexp.MustCompile(`^ {0,3}([0-9]{1,9})[.)][ \t]+(.*)$`)
	// ruleRE is a thematic break, or the underline of a heading.
	ruleRE = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$`)

	// inlineRE finds what emphasis must not touch: inline code, a link,
	// an autolink and a bare URL.
	inlineRE = regexp.MustCompile("`+([^`]+?)`+" +
		`|\[([^\]]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))+)>?(?:\s+"[^"]*")?\s*\)` +
		`|<((?:https?|mailto):[^<>\s]+)>` +
		`|((?:https?|gemini|gopher)://\S+)`)

	strongStarRE = regexp.MustCompile(`\*\*(\S(?:.*?\S)?)\*\*`)
	emStarRE     = regexp.MustCompile(`\*(\S(?:.*?\S)?)\*`)
	// Underscores make emphasis only outside words, and not right after
	// "@" or "#" (a mention or a hashtag may hold one).
	strongUnderRE = regexp.MustCompile(`(^|[^\p{L}\p{N}_@#])__(\S(?:.*?\S)?)__($|[^\p{L}\p{N}_])`)
	emUnderRE     = regexp.MustCompile(`(^|[^\p{L}\p{N}_@#])_(\S(?:.*?\S)?)_($|[^\p{L}\p{N}_])`)
)

// Stand-ins, in the private use planes, out of the patterns' way:
// escapeBase+c stands for the backslash-escaped ASCII punctuation c,
// keptBase+i for the i-th piece of a line set aside from emphasis.
const (
	escapeBase = 0xF0000
	keptBase   = 0x100000
)

// markdownToText converts simple Markdown to the plain text of a status.
func markdownToText(md string) string {
	var blocks [][]string // output lines of each block
	var cur []string
	inList, joinNext := false, false
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, cur)
		}
		cur, inList, joinNext = nil, false, false
	}
	for line := range strings.SplitSeq(md, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if ruleRE.MatchString(line) {
			flush()
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			flush()
			if h := strings.TrimSpace(m[1]); h != "" {
				blocks = append(blocks, []string{h})
			}
			continue
		}
		bullet, numbered := bulletRE.FindStringSubmatch(line), numberedRE.FindStringSubmatch(line)
		if bullet != nil || numbered != nil {
			if !inList {
				flush()
				inList = true
			}
			if bullet != nil {
				line = "• " + bullet[1]
			} else {
				line = numbered[1] + ". " + numbered[2]
			}
			item, hard := cutHardBreak(line)
			cur = append(cur, item)
			joinNext = !hard
			continue
		}
		text, hard := cutHardBreak(strings.TrimLeft(line, " \t"))
		if len(cur) > 0 && joinNext {
			cur[len(cur)-1] += " " + text
		} else {
			cur = append(cur, text)
		}
		joinNext = !hard
	}
	flush()

	out := make([]string, len(blocks))
	for i, b := range blocks {
		for j := range b {
			b[j] = inline(b[j])
		}
		out[i] = strings.Join(b, "\n")
	}
	return strings.TrimSpace(strings.Join(out, "\n\n"))
}

// cutHardBreak removes the white space at the end of a line, and the
// hard break it ends with, if any: two spaces or more, or a backslash
// (not an escaped one).
func cutHardBreak(line string) (string, bool) {
	if strings.HasSuffix(line, "  ") {
		return strings.TrimRight(line, " \t"), true
	}
	line = strings.TrimRight(line, " \t")
	n := len(line) - len(strings.TrimRight(line, "\\"))
	if n%2 == 1 {
		return strings.TrimRight(line[:len(line)-1], " \t"), true
	}
	return line, false
}

// inline removes the inline markup of one line. What emphasis must not
// touch (code, URLs) is set aside as one private-use character each, so
// that emphasis around it is still found, and put back at the end.
func inline(s string) string {
	s = protectEscapes(s)
	var kept []string
	var b strings.Builder
	keep := func(t string) {
		b.WriteRune(keptBase + rune(len(kept)))
		kept = append(kept, t)
	}
	last := 0
	for _, m := range inlineRE.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		last = m[1]
		switch {
		case m[2] >= 0: // `code`
			keep(s[m[2]:m[3]])
		case m[4] >= 0: // [text](url)
			text, url := strings.TrimSpace(s[m[4]:m[5]]), s[m[6]:m[7]]
			if text == "" || text == url || "mailto:"+text == url {
				keep(url)
				break
			}
			b.WriteString(text + " (")
			keep(url)
			b.WriteString(")")
		case m[8] >= 0: // <url>
			keep(s[m[8]:m[9]])
		default: // a bare URL, without the punctuation after it
			url := trimURL(s[m[0]:m[1]])
			keep(url)
			b.WriteString(s[m[0]+len(url) : m[1]])
		}
	}
	b.WriteString(s[last:])
	out := emphasis(b.String())
	if len(kept) > 0 {
		out = expandKept(out, kept)
	}
	return restoreEscapes(out)
}

// expandKept puts the set-aside pieces back in place of their stand-ins.
func expandKept(s string, kept []string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= keptBase && int(r-keptBase) < len(kept) {
			b.WriteString(kept[r-keptBase])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// trimURL drops what ends a sentence or closes markup from the end of a
// bare URL, and a closing parenthesis that has no opening one in it.
func trimURL(u string) string {
	for u != "" {
		switch c := u[len(u)-1]; {
		case strings.IndexByte(".,;:!?*_'\"", c) >= 0:
			u = u[:len(u)-1]
		case c == ')' && strings.Count(u, ")") > strings.Count(u, "("):
			u = u[:len(u)-1]
		default:
			return u
		}
	}
	return u
}

// emphasis removes the emphasis markers of s.
func emphasis(s string) string {
	s = strongStarRE.ReplaceAllString(s, "$1")
	s = emStarRE.ReplaceAllString(s, "$1")
	// A match takes the character after it, which may open the next: a
	// second pass finds those.
	for range 2 {
		s = strongUnderRE.ReplaceAllString(s, "$1$2$3")
		s = emUnderRE.ReplaceAllString(s, "$1$2$3")
	}
	return s
}

// protectEscapes replaces each backslash-escaped ASCII punctuation
// character with a private-use stand-in.
func protectEscapes(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			b.WriteRune(escapeBase + rune(s[i+1]))
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// restoreEscapes turns the stand-ins back into their characters.
func restoreEscapes(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= escapeBase && r < escapeBase+0x80 {
			return r - escapeBase
		}
		return r
	}, s)
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
