package main

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fedikit/fedikit/mastodon"
	"github.com/fedikit/fedikit/peertube"
)

// statusText is the announcement of video v, whose page is at link:
// title, first sentence of the description, link and hashtags, in
// paragraphs. When it is longer than rules allow, the sentence is
// shortened word by word, then hashtags are dropped from the end.
func statusText(v *peertube.VideoDetails, link string, rules mastodon.LengthRules) string {
	title := oneLine(v.Name)
	desc := v.Description
	if strings.TrimSpace(desc) == "" {
		desc = v.TruncatedDescription
	}
	sentence := firstSentence(desc, maxSentence)
	tags := hashtags(v.Tags)

	compose := func() string {
		parts := []string{title}
		if sentence != "" {
			parts = append(parts, sentence)
		}
		parts = append(parts, link)
		if len(tags) > 0 {
			parts = append(parts, strings.Join(tags, " "))
		}
		return strings.Join(parts, "\n\n")
	}
	limit := rules.MaxCharacters
	if limit <= 0 {
		limit = mastodon.DefaultMaxCharacters
	}
	text := compose()
	for mastodon.StatusLength(text, "", rules) > limit && sentence != "" {
		sentence = dropLastWord(sentence)
		text = compose()
	}
	for mastodon.StatusLength(text, "", rules) > limit && len(tags) > 0 {
		tags = tags[:len(tags)-1]
		text = compose()
	}
	return text
}

// oneLine is s with its runs of white space, line breaks included, made
// one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// dropLastWord shortens a sentence by its last word and marks the cut
// with an ellipsis; a single word gives "".
func dropLastWord(s string) string {
	s = strings.TrimSuffix(s, "…")
	i := strings.LastIndexFunc(strings.TrimRightFunc(s, unicode.IsSpace), unicode.IsSpace)
	if i < 0 {
		return ""
	}
	return strings.TrimRightFunc(s[:i], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// hashtags turns a video's tags into Mastodon hashtags (see hashtag),
// leaving out those that give none and those that repeat one before
// (hashtags are not case-sensitive).
func hashtags(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		h := hashtag(t)
		if h == "" || seen[strings.ToLower(h)] {
			continue
		}
		seen[strings.ToLower(h)] = true
		out = append(out, h)
	}
	return out
}

// hashtag turns a PeerTube tag, which may hold any character, into a
// hashtag Mastodon recognises: letters, marks, digits and underscores,
// with at least one letter. Words are joined in CamelCase ("open source"
// gives #OpenSource, which screen readers read as two words); other
// characters are dropped. It returns "" for a tag without a letter.
func hashtag(tag string) string {
	var words []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			words = append(words, word.String())
			word.Reset()
		}
	}
	for _, r := range tag {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '_' {
			word.WriteRune(r)
		} else {
			flush()
		}
	}
	flush()
	if len(words) > 1 {
		for i, w := range words {
			r, n := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + w[n:]
		}
	}
	h := strings.Join(words, "")
	if strings.IndexFunc(h, unicode.IsLetter) < 0 {
		return ""
	}
	return "#" + h
}

// Markdown, as far as the first sentence of a description needs it.
var (
	mdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdAutolink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdStrong   = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmph     = regexp.MustCompile(`(^|[^\p{L}\p{N}])[*_](\S(?:[^*_]*?\S)?)[*_]($|[^\p{L}\p{N}])`)
	mdMarker   = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)]|>+)\s+`)
)

// firstSentence is the first sentence of a Markdown text, as plain text:
// headings are skipped, links keep their text, emphasis and list markers
// go. A sentence ends with ".", "!", "?" or "…" followed by a space or
// the end of the paragraph (or with "。", "！", "？"), or with its
// paragraph. One longer than max characters is cut at a word and ends
// with "…".
func firstSentence(md string, max int) string {
	para := firstParagraph(md)
	if para == "" {
		return ""
	}
	runes := []rune(para)
	end := len(runes)
	for i, r := range runes {
		switch r {
		case '。', '！', '？':
		case '.', '!', '?', '…':
			if i+1 < len(runes) && !unicode.IsSpace(runes[i+1]) && !strings.ContainsRune(`"')]»”’`, runes[i+1]) {
				continue
			}
		default:
			continue
		}
		// Closing quotes and brackets stay with their sentence.
		end = i + 1
		for end < len(runes) && strings.ContainsRune(`"')]»”’`, runes[end]) {
			end++
		}
		break
	}
	s := strings.TrimSpace(string(runes[:end]))
	if utf8.RuneCountInString(s) > max {
		cut := string([]rune(s)[:max])
		if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
			cut = cut[:i]
		}
		s = strings.TrimRightFunc(cut, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
	}
	return s
}

// firstParagraph is the first paragraph of a Markdown text that is not a
// heading, a rule or a code fence, as plain text on one line.
func firstParagraph(md string) string {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	for block := range strings.SplitSeq(md, "\n\n") {
		var lines []string
		for line := range strings.SplitSeq(block, "\n") {
			t := strings.TrimSpace(line)
			if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "```") || strings.Trim(t, "-*_ ") == "" {
				continue
			}
			lines = append(lines, mdMarker.ReplaceAllString(t, ""))
		}
		text := strings.Join(lines, " ")
		text = mdImage.ReplaceAllString(text, "")
		text = mdLink.ReplaceAllString(text, "$1")
		text = mdAutolink.ReplaceAllString(text, "$1")
		text = mdStrong.ReplaceAllString(text, "$2")
		text = mdEmph.ReplaceAllString(text, "$1$2$3")
		text = strings.ReplaceAll(text, "`", "")
		if text = strings.Join(strings.Fields(text), " "); text != "" {
			return text
		}
	}
	return ""
}
