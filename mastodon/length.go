package mastodon

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/net/idna"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// Defaults of [LengthRules], Mastodon's.
const (
	// DefaultMaxCharacters is the longest status Mastodon allows,
	// content warning included.
	DefaultMaxCharacters = 500
	// DefaultCharactersReservedPerURL is what a link counts for in
	// Mastodon, whatever its length.
	DefaultCharactersReservedPerURL = 23
)

// LengthRules are a server's rules for counting the length of a status:
// its limit and what a link counts for. The zero value of each field
// means Mastodon's default. [Client.LengthRules] reads them from the
// server.
type LengthRules struct {
	// MaxCharacters is the longest status allowed, text and content
	// warning together, as [StatusLength] counts them. Zero means
	// [DefaultMaxCharacters].
	MaxCharacters int
	// CharactersReservedPerURL is what every link counts for, however
	// long it is. Zero means [DefaultCharactersReservedPerURL].
	CharactersReservedPerURL int
}

// withDefaults fills in the zero (or negative) fields.
func (r LengthRules) withDefaults() LengthRules {
	if r.MaxCharacters <= 0 {
		r.MaxCharacters = DefaultMaxCharacters
	}
	if r.CharactersReservedPerURL <= 0 {
		r.CharactersReservedPerURL = DefaultCharactersReservedPerURL
	}
	return r
}

// StatusLength counts a status's text and content warning (spoiler) as
// Mastodon's StatusLengthValidator does, so that a status is accepted
// when StatusLength(text, spoiler, rules) <= rules.MaxCharacters:
//
//   - Characters are grapheme clusters (Unicode extended grapheme
//     clusters): an emoji with its skin tone, a family joined with
//     zero-width joiners, a flag, a keycap or a letter with its
//     combining marks counts for one.
//   - The content warning counts as it is written.
//   - In the text, every link counts for CharactersReservedPerURL,
//     whatever its length. A link is what Mastodon's link pattern (that
//     of twitter-text, widened by Mastodon) finds with a scheme: http://
//     and https://, and also dat, dweb, ipfs, ipns, ssb, gopher and
//     gemini, before a domain that ends in a top-level domain
//     twitter-text knows (its list of 2020) and that IDNA 2003 accepts,
//     internationalized domains included. Punctuation that ends a
//     sentence, and a closing parenthesis without its opening one, stay
//     out of the link.
//   - A mention of a remote account counts for its username only:
//     "@alice@example.com" counts as "@alice". A local mention "@alice"
//     counts as it is. An address such as "alice@example.com" is not a
//     mention.
//   - A text made only of ASCII white space counts for nothing.
//
// Invalid UTF-8 counts as one replacement character per byte, which is
// what the server receives when the text is sent as JSON.
//
// Other software counts otherwise: GoToSocial, Pleroma and Akkoma have
// their own rules, which this does not model.
func StatusLength(text, spoiler string, rules LengthRules) int {
	rules = rules.withDefaults()
	text, spoiler = validUTF8(text), validUTF8(spoiler)
	if isBlank(text) {
		return uniseg.GraphemeClusterCount(spoiler)
	}
	return uniseg.GraphemeClusterCount(spoiler + countableText(text, rules.CharactersReservedPerURL))
}

// validUTF8 replaces each byte of s that is not valid UTF-8 with U+FFFD,
// as encoding/json does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s))
}

// isBlank reports whether s is empty or only ASCII white space and NUL:
// what Mastodon's String#blank? (from the fast_blank gem) calls blank.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r', 0:
		default:
			return false
		}
	}
	return true
}

// countableText is text with every link replaced by reserved "x" and
// every mention by its "@username".
func countableText(text string, reserved int) string {
	ents := textEntities(text)
	if len(ents) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, e := range ents {
		b.WriteString(text[last:e.start])
		if e.link {
			b.WriteString(strings.Repeat("x", reserved))
		} else {
			b.WriteString(e.user)
		}
		last = e.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// textEntity is a link or a mention found in a text, as Mastodon finds
// them when it counts.
type textEntity struct {
	// start and end are byte offsets in the text.
	start, end int
	// link tells a link from a mention.
	link bool
	// user is a mention's "@username", what it counts as.
	user string
}

// textEntities returns the links and mentions of a valid UTF-8 text, in
// order, without overlaps: of two that overlap, the one that starts
// first is kept.
func textEntities(text string) []textEntity {
	ents := append(extractLinks(text), extractMentions(text)...)
	slices.SortFunc(ents, func(a, b textEntity) int { return cmp.Compare(a.start, b.start) })
	kept := ents[:0]
	for _, e := range ents {
		if len(kept) > 0 && kept[len(kept)-1].end > e.start {
			continue
		}
		kept = append(kept, e)
	}
	return kept
}

// Mentions.

// mentionRE is Mastodon's mention pattern (Account::MENTION_RE) from the
// at sign on: a username of ASCII letters, digits and underscores, with
// dots and hyphens inside, then optionally "@" and a domain of word
// characters with dots and hyphens inside. Group 1 is the whole
// "user@domain", group 2 the username.
var mentionRE = regexp.MustCompile(`^@(((?i:[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*))(?:@[\p{L}\p{M}\p{Nd}\p{Pc}]+(?:[.-]+[\p{L}\p{M}\p{Nd}\p{Pc}]+)*)?)`)

// maxMentionDomain is the longest domain of a mention Mastodon counts as
// one, in characters.
const maxMentionDomain = 253

// extractMentions finds mentions as Mastodon's Extractor does: an "@"
// not preceded by "=", "/" or a word character, the mention pattern,
// and not followed by another at sign, a Latin accented letter or
// "://".
func extractMentions(text string) []textEntity {
	var out []textEntity
	for pos := 0; pos < len(text); {
		i := strings.IndexByte(text[pos:], '@')
		if i < 0 {
			break
		}
		at := pos + i
		pos = at + 1
		if at > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:at])
			if r == '=' || r == '/' || isWordRune(r) {
				continue
			}
		}
		m := mentionRE.FindStringSubmatchIndex(text[at:])
		if m == nil {
			continue
		}
		end := at + m[1]
		pos = end
		if endsMention(text[end:]) {
			continue
		}
		screen := text[at+m[2] : end]
		if _, domain, ok := strings.Cut(screen, "@"); ok && utf8.RuneCountInString(domain) > maxMentionDomain {
			continue
		}
		out = append(out, textEntity{start: at, end: end, user: "@" + text[at+m[4]:at+m[5]]})
	}
	return out
}

// isWordRune reports whether r is a word character as Ruby's [[:word:]]
// has it: a letter, a mark, a decimal digit or a connector.
func isWordRune(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.Nd, unicode.Pc)
}

// endsMention reports whether what follows a mention makes it none: an
// at sign, a Latin accented letter or "://" (twitter-text's
// end_mention_match).
func endsMention(after string) bool {
	if after == "" {
		return false
	}
	if strings.HasPrefix(after, "://") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(after)
	return r == '@' || r == '＠' || isLatinAccent(r)
}

// isLatinAccent reports whether r is one of twitter-text's Latin
// accented letters.
func isLatinAccent(r rune) bool {
	switch {
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x24F,
		r == 0x253, r == 0x254, r == 0x256, r == 0x257, r == 0x259, r == 0x25B, r == 0x263,
		r == 0x268, r == 0x26F, r == 0x272, r == 0x289, r == 0x28B, r == 0x2BB,
		r >= 0x300 && r <= 0x36F, r >= 0x1E00 && r <= 0x1EFF:
		return true
	}
	return false
}

// Links.
//
// Mastodon finds links with twitter-text 3.1.0's extractor and link
// pattern, part of which Mastodon replaces (config/initializers/
// twitter_regex.rb). The pattern is, in order: a preceding character
// (or the start of a line), a scheme, a domain, a port, a path and a
// query. The domain part needs a lookahead, which Go's regexp lacks, so
// it is matched by hand below, trying the alternatives in the order a
// backtracking engine tries them; the port, path and query are a Go
// regexp, whose leftmost-first matching picks what a backtracking
// engine picks.

// Character classes of the link pattern.
const (
	// whiteSpace is Unicode's White_Space property.
	whiteSpace   = `\t\n\v\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}`
	latinAccents = `\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}\x{253}\x{254}\x{256}\x{257}\x{259}\x{25B}\x{263}\x{268}\x{26F}\x{272}\x{289}\x{28B}\x{2BB}\x{300}-\x{36F}\x{1E00}-\x{1EFF}`
	// pathChar is Mastodon's: anything but white space, <, >,
	// parentheses and ?.
	pathChar = `[^` + whiteSpace + `<>()?]`
	// parens are balanced parentheses in a path, one level nested.
	parens = `\((?:` + pathChar + `+|` + pathChar + `*\(` + pathChar + `+\)` + pathChar + `*)\)`
	// twitterPathChar and twitterParens are twitter-text's own, which
	// Mastodon's path ending still uses.
	twitterPathChar = `[a-z\p{Cyrillic}0-9!*';:=+,.$/%#\[\]\p{Pd}_~&|@` + latinAccents + `]`
	twitterParens   = `\((?:` + twitterPathChar + `+|` + twitterPathChar + `*\(` + twitterPathChar + `+\)` + twitterPathChar + `*)\)`
	// pathEnd is what a path may end with: not punctuation that ends a
	// sentence, quotes or brackets.
	pathEnd = `(?:[^` + whiteSpace + `()?!*"'「」<>;:=,.$%\[\]~&|@]|` + twitterParens + `)`
	pathSeg = `(?:` + pathChar + `*(?:` + parens + pathChar + `*)*` + pathEnd + `|` + pathChar + `+/)`
	// uchars are the non-ASCII characters Mastodon allows in a query.
	uchars    = `\x{A0}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}\x{10000}-\x{1FFFD}\x{20000}-\x{2FFFD}\x{30000}-\x{3FFFD}\x{40000}-\x{4FFFD}\x{50000}-\x{5FFFD}\x{60000}-\x{6FFFD}\x{70000}-\x{7FFFD}\x{80000}-\x{8FFFD}\x{90000}-\x{9FFFD}\x{A0000}-\x{AFFFD}\x{B0000}-\x{BFFFD}\x{C0000}-\x{CFFFD}\x{D0000}-\x{DFFFD}\x{E1000}-\x{EFFFD}\x{E000}-\x{F8FF}\x{F0000}-\x{FFFFD}\x{100000}-\x{10FFFD}`
	queryChar = `[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^` + uchars + `]`
	queryEnd  = `[a-z0-9_&=#/\-` + uchars + `]`
)

// linkTailRE matches what follows a link's domain: port, path, query.
var linkTailRE = regexp.MustCompile(`(?i)^(?::[0-9]+)?(?:/` + pathSeg + `*)?(?:\?` + queryChar + `*` + queryEnd + `)?`)

// tcoRE is twitter-text's t.co link, whose path it cuts short.
var tcoRE = regexp.MustCompile(`(?i)^https?://t\.co/([a-z0-9]+)`)

// Limits of twitter-text's extractor.
const (
	maxLinkLength = 4096 // a link, its domain encoded
	maxTcoSlug    = 40
	maxDNSLabel   = 63
)

// extractLinks finds the links Mastodon counts: the matches of the link
// pattern that have a scheme, whose domain IDNA 2003 accepts and that
// are not too long. A match without a scheme is not a link, but the
// text it covers is not searched again.
func extractLinks(text string) []textEntity {
	if !strings.Contains(text, ":") {
		return nil
	}
	sc := &linkScanner{s: text}
	var out []textEntity
	for pos := 0; pos < len(text); {
		m, ok := sc.next(pos)
		if !ok {
			break
		}
		pos = m.end
		if !m.scheme {
			continue
		}
		end := m.end
		link := text[m.start:end]
		if t := tcoRE.FindStringSubmatchIndex(link); t != nil {
			if utf8.RuneCountInString(link[t[2]:t[3]]) > maxTcoSlug {
				continue
			}
			end = m.start + t[1]
			link = text[m.start:end]
		}
		if !validLinkDomain(text[m.domain:m.domainEnd], utf8.RuneCountInString(link)) {
			continue
		}
		out = append(out, textEntity{start: m.start, end: end, link: true})
	}
	return out
}

// linkMatch is one match of the link pattern.
type linkMatch struct {
	start, domain, domainEnd, end int
	scheme                        bool
}

// linkScanner matches the link pattern in s, remembering what it learns
// of the domains so that a scan is linear.
type linkScanner struct {
	s string
	// runEnd[i] is the end of the run of domain characters, hyphens and
	// underscores that starts at i.
	runEnd []int32
	// underscores[i] counts the underscores of s[:i].
	underscores []int32
	// best and tld remember what domainName and tldAt found, by offset;
	// scanUnknown until they look.
	best, tld []int32
}

const (
	scanUnknown = -2
	scanNone    = -1
)

// next returns the first match of the link pattern at or after pos.
func (sc *linkScanner) next(pos int) (linkMatch, bool) {
	s := sc.s
	for p := pos; p < len(s); {
		r, size := utf8.DecodeRuneInString(s[p:])
		// The preceding character, tried before the start of a line.
		if precedesLink(r) {
			if m, ok := sc.at(p + size); ok {
				return m, true
			}
		}
		if p == 0 || s[p-1] == '\n' {
			if m, ok := sc.at(p); ok {
				return m, true
			}
		}
		p += size
	}
	return linkMatch{}, false
}

// precedesLink reports whether r may come before a link: not a letter,
// a digit, an at sign, a dollar or a hash sign.
func precedesLink(r rune) bool {
	switch {
	case r < 0x80:
		return !isASCIIAlnum(r) && r != '@' && r != '$' && r != '#'
	case r == '＠', r == '＃', r == 0xFFFE, r == 0xFEFF, r == 0xFFFF:
		return false
	case r == 'ſ', r == 'K': // fold to s and k
		return false
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// at matches the link pattern's scheme, domain and tail at q: with a
// scheme if one is there and a domain follows it, else without.
func (sc *linkScanner) at(q int) (linkMatch, bool) {
	if n := schemeLen(sc.s[q:]); n > 0 {
		if end, ok := sc.domainAt(q + n); ok {
			return sc.tail(linkMatch{start: q, domain: q + n, domainEnd: end, scheme: true}), true
		}
	}
	if end, ok := sc.domainAt(q); ok {
		return sc.tail(linkMatch{start: q, domain: q, domainEnd: end}), true
	}
	return linkMatch{}, false
}

// tail adds the port, path and query to a match.
func (sc *linkScanner) tail(m linkMatch) linkMatch {
	m.end = m.domainEnd + linkTailRE.FindStringIndex(sc.s[m.domainEnd:])[1]
	return m
}

// schemeLen returns the length of the scheme and "://" s starts with,
// compared without case, or 0. The schemes are those of Mastodon's link
// pattern, in its order.
func schemeLen(s string) int {
	for _, sch := range [...]string{"https://", "http://", "dat://", "dweb://", "ipfs://", "ipns://", "ssb://", "gopher://", "gemini://"} {
		if n, ok := foldPrefix(s, sch); ok {
			return n
		}
	}
	return 0
}

// foldPrefix reports whether s starts with prefix, compared as Ruby's
// case-insensitive patterns do (simple case folding), and how many bytes
// of s it takes.
func foldPrefix(s, prefix string) (int, bool) {
	n := 0
	for _, want := range prefix {
		if n >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[n:])
		if foldKey(r) != foldKey(want) {
			return 0, false
		}
		n += size
	}
	return n, true
}

// foldKey returns the smallest rune of r's case-folding orbit, the same
// for all runes that match each other without case.
func foldKey(r rune) rune {
	if r < 0x80 {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	k := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		k = min(k, f)
	}
	return k
}

// isDomainRune reports whether r may be in a domain name of the link
// pattern: not a control character, ASCII punctuation (the backslash
// excepted), white space, a bidirectional mark or a non-character.
func isDomainRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F:
		return false
	case r < 0x80:
		return r == '\\' || !strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~ ", r)
	}
	switch r {
	case 0x85, 0xA0, 0x1680, 0x180E, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, // spaces
		0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, // directional
		0xFFFE, 0xFEFF, 0xFFFF:
		return false
	}
	return r < 0x2000 || r > 0x200A
}

// init builds the scanner's tables, the first time a domain is looked
// for.
func (sc *linkScanner) init() {
	if sc.runEnd != nil {
		return
	}
	s := sc.s
	n := len(s)
	sc.runEnd = make([]int32, n+1)
	sc.underscores = make([]int32, n+1)
	sc.best = make([]int32, n+1)
	sc.tld = make([]int32, n+1)
	starts := make([]int, 0, n)
	for i := range s {
		starts = append(starts, i)
	}
	for i := range sc.best {
		sc.best[i], sc.tld[i] = scanUnknown, scanUnknown
	}
	sc.runEnd[n] = int32(n)
	next := n
	for k := len(starts) - 1; k >= 0; k-- {
		i := starts[k]
		r, _ := utf8.DecodeRuneInString(s[i:])
		if isDomainRune(r) || r == '-' || r == '_' {
			sc.runEnd[i] = sc.runEnd[next]
		} else {
			sc.runEnd[i] = int32(i)
		}
		next = i
	}
	for i := 0; i < n; i++ {
		sc.underscores[i+1] = sc.underscores[i]
		if s[i] == '_' {
			sc.underscores[i+1]++
		}
	}
}

// label matches a label of the pattern's domain at i: domain characters
// with hyphens (and underscores, where underscore says so) inside, then a
// dot. It returns the offset after the dot.
func (sc *linkScanner) label(i int, underscore bool) (int, bool) {
	s := sc.s
	if i >= len(s) {
		return 0, false
	}
	e := int(sc.runEnd[i])
	if e == i || e >= len(s) || s[e] != '.' {
		return 0, false
	}
	first, _ := utf8.DecodeRuneInString(s[i:])
	last, _ := utf8.DecodeLastRuneInString(s[i:e])
	if !isDomainRune(first) || !isDomainRune(last) {
		return 0, false
	}
	if !underscore && sc.underscores[e] != sc.underscores[i] {
		return 0, false
	}
	return e + 1, true
}

// domainAt matches the pattern's domain at i: subdomains (labels that
// may have underscores), as many as can be, then a domain name (a label
// without underscores) and a top-level domain. It returns the domain's
// end.
func (sc *linkScanner) domainAt(i int) (int, bool) {
	sc.init()
	name := sc.domainName(i)
	if name < 0 {
		return 0, false
	}
	next, _ := sc.label(name, false)
	return sc.tldAt(next), true
}

// domainName returns where the domain name of a domain starting at i
// is, or scanNone. Backtracking from the most subdomains to the fewest, the
// first label that is a domain name followed by a top-level domain wins:
// that is the last such label of the run of subdomains from i.
func (sc *linkScanner) domainName(i int) int {
	var chain []int
	j := i
	for sc.best[j] == scanUnknown {
		next, ok := sc.label(j, true)
		if !ok {
			sc.best[j] = scanNone
			break
		}
		chain = append(chain, j)
		j = next
	}
	for k := len(chain) - 1; k >= 0; k-- {
		c := chain[k]
		next, _ := sc.label(c, true)
		b := sc.best[next]
		if b == scanNone {
			if _, ok := sc.label(c, false); ok && sc.tldAt(next) >= 0 {
				b = int32(c)
			}
		}
		sc.best[c] = b
	}
	return int(sc.best[i])
}

// tldAt matches a top-level domain at t and returns its end, or scanNone:
// the first of the known ones, in the pattern's order, that t starts with
// (without case) and that is not followed by a letter, a digit, "@", "+"
// or "-"; else a punycode one, "xn--" and letters and digits.
func (sc *linkScanner) tldAt(t int) int {
	if v := sc.tld[t]; v != scanUnknown {
		return int(v)
	}
	s := sc.s
	tlds := knownTLDs()
	bestIdx, end := -1, scanNone
	var key []rune
	for p := t; p < len(s) && len(key) < tlds.maxRunes; {
		r, size := utf8.DecodeRuneInString(s[p:])
		key = append(key, foldKey(r))
		p += size
		if idx, ok := tlds.index[string(key)]; ok && (bestIdx < 0 || idx < bestIdx) && !continuesTLD(s[p:]) {
			bestIdx, end = idx, p
		}
	}
	if bestIdx < 0 {
		if n, ok := foldPrefix(s[t:], "xn--"); ok {
			p := t + n
			for p < len(s) {
				r, size := utf8.DecodeRuneInString(s[p:])
				if !isASCIIAlnum(r) && r != 'ſ' && r != 'K' {
					break
				}
				p += size
			}
			if p > t+n {
				end = p
			}
		}
	}
	sc.tld[t] = int32(end)
	return end
}

// continuesTLD reports whether rest starts with what may not follow a
// top-level domain: a letter, a digit, "@", "+" or "-".
func continuesTLD(rest string) bool {
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return isASCIIAlnum(r) || r == '@' || r == '+' || r == '-' || r == 'ſ' || r == 'K'
}

// tldTable indexes the known top-level domains by their fold keys.
type tldTable struct {
	index    map[string]int
	maxRunes int
}

// knownTLDs builds the table of top-level domains, once.
var knownTLDs = sync.OnceValue(func() *tldTable {
	t := &tldTable{index: make(map[string]int, 1600)}
	for _, tld := range strings.Fields(genericTLDs + " " + countryTLDs) {
		key := []rune(tld)
		for i, r := range key {
			key[i] = foldKey(r)
		}
		if _, dup := t.index[string(key)]; !dup {
			t.index[string(key)] = len(t.index)
		}
		t.maxRunes = max(t.maxRunes, len(key))
	}
	return t
})

// IDNA 2003.
//
// twitter-text keeps a link only if its domain converts to ASCII with
// libidn's IDNA 2003 ToASCII (RFC 3490) without flags, and the link, its
// domain so converted, is at most 4096 characters long. ToASCII refuses
// a label that nameprep (RFC 3491) refuses, a label longer than 63
// characters, and a non-ASCII label that starts with "xn--".

// validLinkDomain reports whether twitter-text keeps a link of urlRunes
// characters with this domain.
func validLinkDomain(domain string, urlRunes int) bool {
	encoded, start := 0, 0
	for i, r := range domain + "." {
		if !isIDNADot(r) {
			continue
		}
		n, ok := idnaLabelLength(domain[start:i])
		if !ok {
			return false
		}
		if start > 0 {
			encoded++
		}
		encoded += n
		start = i + utf8.RuneLen(r)
	}
	if grow := encoded - utf8.RuneCountInString(domain); grow > 0 {
		urlRunes += grow
	}
	return urlRunes <= maxLinkLength
}

// isIDNADot reports whether r separates labels in IDNA 2003.
func isIDNADot(r rune) bool {
	return r == '.' || r == '\u3002' || r == '\uFF0E' || r == '\uFF61'
}

// idnaLabelLength returns the length of a label converted to ASCII, and
// whether it converts.
func idnaLabelLength(label string) (int, bool) {
	if asciiOnly(label) {
		return len(label), len(label) >= 1 && len(label) <= maxDNSLabel
	}
	mapped, ok := nameprep(label)
	if !ok {
		return 0, false
	}
	if asciiOnly(mapped) {
		return len(mapped), len(mapped) >= 1 && len(mapped) <= maxDNSLabel
	}
	if _, ok := foldPrefix(mapped, "xn--"); ok {
		return 0, false
	}
	if utf8.RuneCountInString(mapped) > maxDNSLabel {
		// Punycode writes at least a character for each, and takes
		// quadratic time to.
		return 0, false
	}
	ace, err := idna.Punycode.ToASCII(mapped)
	if err != nil {
		return 0, false
	}
	return len(ace), len(ace) <= maxDNSLabel
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// nameprep prepares a label as RFC 3491 says: characters mapped to
// nothing are dropped, case is folded (fully: "ß" becomes "ss") and the
// result normalized (NFKC);
// it then refuses prohibited and unassigned characters and mixed
// directions. Go's Unicode tables stand in for Unicode 3.2's, except for
// the unassigned characters.
func nameprep(label string) (string, bool) {
	mapped := strings.Map(func(r rune) rune {
		if mapsToNothing(r) {
			return -1
		}
		return r
	}, label)
	// Table B.2 folds case so that normalizing after it is folded too.
	for range 2 {
		mapped = norm.NFKC.String(cases.Fold().String(mapped))
	}
	randAL, l := false, false
	for _, r := range mapped {
		if prohibited(r) || unassignedIn32(r) {
			return "", false
		}
		switch p, _ := bidi.LookupRune(r); p.Class() {
		case bidi.R, bidi.AL:
			randAL = true
		case bidi.L:
			l = true
		}
	}
	if randAL {
		first, _ := utf8.DecodeRuneInString(mapped)
		last, _ := utf8.DecodeLastRuneInString(mapped)
		if l || !isRandAL(first) || !isRandAL(last) {
			return "", false
		}
	}
	return mapped, true
}

func isRandAL(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.R || p.Class() == bidi.AL
}

// mapsToNothing reports whether nameprep drops r (RFC 3454 table B.1).
func mapsToNothing(r rune) bool {
	switch r {
	case 0xAD, 0x34F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return r >= 0xFE00 && r <= 0xFE0F
}

// prohibited reports whether nameprep refuses r (RFC 3491 section 5:
// RFC 3454 tables C.1.2 and C.2.2 to C.9).
func prohibited(r rune) bool {
	switch {
	case r == 0xA0, r == 0x1680, r >= 0x2000 && r <= 0x200B, r == 0x202F, r == 0x205F, r == 0x3000: // C.1.2
		return true
	case r >= 0x80 && r <= 0x9F, r == 0x6DD, r == 0x70F, r == 0x180E, r == 0x200C, r == 0x200D,
		r == 0x2028, r == 0x2029, r >= 0x2060 && r <= 0x2063, r >= 0x206A && r <= 0x206F, r == 0xFEFF,
		r >= 0xFFF9 && r <= 0xFFFC, r >= 0x1D173 && r <= 0x1D17A: // C.2.2
		return true
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000 && r <= 0xFFFFD, r >= 0x100000 && r <= 0x10FFFD: // C.3
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE: // C.4
		return true
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFD, r >= 0x2FF0 && r <= 0x2FFB: // C.5, C.6, C.7
		return true
	case r == 0x340, r == 0x341, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E: // C.8
		return true
	case r == 0xE0001, r >= 0xE0020 && r <= 0xE007F: // C.9
		return true
	}
	return false
}

// unassignedIn32 reports whether r was unassigned in Unicode 3.2 (RFC
// 3454 table A.1).
func unassignedIn32(r rune) bool {
	ranges := unassigned32Ranges()
	_, found := slices.BinarySearchFunc(ranges, r, func(rg [2]rune, r rune) int {
		switch {
		case rg[1] < r:
			return -1
		case rg[0] > r:
			return 1
		}
		return 0
	})
	return found
}

// unassigned32Ranges parses table A.1, once.
var unassigned32Ranges = sync.OnceValue(func() [][2]rune {
	var out [][2]rune
	for _, f := range strings.Fields(unassigned32) {
		lo, hi, isRange := strings.Cut(f, "-")
		a, _ := strconv.ParseUint(lo, 16, 32)
		b := a
		if isRange {
			b, _ = strconv.ParseUint(hi, 16, 32)
		}
		out = append(out, [2]rune{rune(a), rune(b)})
	}
	return out
})

// The server's rules.

// LengthRules reads the server's counting rules from its instance
// document: configuration.statuses.max_characters and
// characters_reserved_per_url of GET /api/v2/instance, or of GET
// /api/v1/instance on servers without the v2 document; the v1 document's
// max_toot_chars where the configuration has no limit (Pleroma, Akkoma,
// older glitch-soc). What the server does not say is Mastodon's default,
// 500 and 23. Nothing is cached: each call asks the server.
//
// Mastodon API docs: https://docs.joinmastodon.org/entities/Instance/#statuses
func (c *Client) LengthRules(ctx context.Context) (LengthRules, error) {
	doc, _, err := get[instanceLimits](ctx, c, "api/v2/instance", nil)
	if errors.Is(err, ErrNotFound) {
		doc, _, err = get[instanceLimits](ctx, c, "api/v1/instance", nil)
	}
	if err != nil {
		return LengthRules{}, fmt.Errorf("mastodon: reading the length rules: %w", err)
	}
	st := doc.Configuration.Statuses
	rules := LengthRules{MaxCharacters: int(st.MaxCharacters), CharactersReservedPerURL: int(st.CharactersReservedPerURL)}
	if rules.MaxCharacters <= 0 {
		rules.MaxCharacters = int(doc.MaxTootChars)
	}
	return rules.withDefaults(), nil
}

// instanceLimits is the part of an instance document (v1 or v2) that
// holds the length rules.
type instanceLimits struct {
	Configuration struct {
		Statuses struct {
			MaxCharacters            looseInt `json:"max_characters"`
			CharactersReservedPerURL looseInt `json:"characters_reserved_per_url"`
		} `json:"statuses"`
	} `json:"configuration"`
	MaxTootChars looseInt `json:"max_toot_chars"`
}

// looseInt reads a JSON number or a string of one; anything else is 0,
// rather than an error that would lose the rest of the document.
type looseInt int

// UnmarshalJSON reads a number, or a string holding one.
func (n *looseInt) UnmarshalJSON(b []byte) error {
	var v json.Number
	if err := json.Unmarshal(b, &v); err != nil {
		var s string
		if json.Unmarshal(b, &s) != nil {
			*n = 0
			return nil
		}
		v = json.Number(strings.TrimSpace(s))
	}
	i, err := v.Int64()
	if err != nil || i < 0 || i > 1<<31-1 {
		*n = 0
		return nil
	}
	*n = looseInt(i)
	return nil
}

// genericTLDs and countryTLDs are the top-level domains twitter-text
// 3.1.0 (the version Mastodon uses) knows, as of its March 2020 update,
// in the order its link pattern tries them: generic ones first.
const genericTLDs = `
삼성 닷컴 닷넷 香格里拉 餐厅 食品 飞利浦 電訊盈科 集团 通販 购物 谷歌 诺基亚 联通 网络 网站 网店 网址 组织机构 移动 珠宝 点看 游戏 淡马锡 机构 書籍 时尚 新闻 政府
政务 招聘 手表 手机 我爱你 慈善 微博 广东 工行 家電 娱乐 天主教 大拿 大众汽车 在线 嘉里大酒店 嘉里 商标 商店 商城 公益 公司 八卦 健康 信息 佛山 企业 中文网 中信
世界 ポイント ファッション セール ストア コム グーグル クラウド みんな คอม संगठन नेट कॉम همراه موقع موبايلي كوم كاثوليك عرب
شبكة بيتك بازار العليان ارامكو اتصالات ابوظبي קום сайт рус орг онлайн москва ком католик дети
zuerich zone zippo zip zero zara zappos yun youtube you yokohama yoga yodobashi yandex yamaxun
yahoo yachts xyz xxx xperia xin xihuan xfinity xerox xbox wtf wtc wow world works work woodside
wolterskluwer wme winners wine windows win williamhill wiki wien whoswho weir weibo wedding wed
website weber webcam weatherchannel weather watches watch warman wanggou wang walter walmart
wales vuelos voyage voto voting vote volvo volkswagen vodka vlaanderen vivo viva vistaprint
vista vision visa virgin vip vin villas viking vig video viajes vet versicherung
vermögensberatung vermögensberater verisign ventures vegas vanguard vana vacations ups uol uno
university unicom uconnect ubs ubank tvs tushu tunes tui tube trv trust travelersinsurance
travelers travelchannel travel training trading trade toys toyota town tours total toshiba toray
top tools tokyo today tmall tkmaxx tjx tjmaxx tirol tires tips tiffany tienda tickets tiaa
theatre theater thd teva tennis temasek telefonica telecity tel technology tech team tdk tci
taxi tax tattoo tatar tatamotors target taobao talk taipei tab systems symantec sydney swiss
swiftcover swatch suzuki surgery surf support supply supplies sucks style study studio stream
store storage stockholm stcgroup stc statoil statefarm statebank starhub star staples stada srt
srl spreadbetting spot sport spiegel space soy sony song solutions solar sohu software softbank
social soccer sncf smile smart sling skype sky skin ski site singles sina silk shriram showtime
show shouji shopping shop shoes shiksha shia shell shaw sharp shangrila sfr sexy sex sew seven
ses services sener select seek security secure seat search scot scor scjohnson science schwarz
schule school scholarships schmidt schaeffler scb sca sbs sbi saxo save sas sarl sapo sap sanofi
sandvikcoromant sandvik samsung samsclub salon sale sakura safety safe saarland ryukyu rwe run
ruhr rugby rsvp room rogers rodeo rocks rocher rmit rip rio ril rightathome ricoh richardli rich
rexroth reviews review restaurant rest republican report repair rentals rent ren reliance reit
reisen reise rehab redumbrella redstone red recipes realty realtor realestate read raid radio
racing qvc quest quebec qpon pwc pub prudential pru protection property properties promo
progressive prof productions prod pro prime press praxi pramerica post porn politie poker pohl
pnc plus plumbing playstation play place pizza pioneer pink ping pin pid pictures pictet pics
piaget physio photos photography photo phone philips phd pharmacy pfizer pet pccw pay passagens
party parts partners pars paris panerai panasonic pamperedchef page ovh ott otsuka osaka origins
orientexpress organic org orange oracle open ooo onyourside online onl ong one omega ollo
oldnavy olayangroup olayan okinawa office off observer obi nyc ntt nrw nra nowtv nowruz now
norton northwesternmutual nokia nissay nissan ninja nikon nike nico nhk ngo nfl nexus nextdirect
next news newholland new neustar network netflix netbank net nec nba navy natura nationwide name
nagoya nadex nab mutuelle mutual museum mtr mtpc mtn msd movistar movie mov motorcycles moto
moscow mortgage mormon mopar montblanc monster money monash mom moi moe moda mobily mobile mobi
mma mls mlb mitsubishi mit mint mini mil microsoft miami metlife merckmsd meo menu men memorial
meme melbourne meet media med mckinsey mcdonalds mcd mba mattel maserati marshalls marriott
markets marketing market map mango management man makeup maison maif madrid macys luxury luxe
lupin lundbeck ltda ltd lplfinancial lpl love lotto lotte london lol loft locus locker loans
loan llp llc lixil living live lipsy link linde lincoln limo limited lilly like lighting
lifestyle lifeinsurance life lidl liaison lgbt lexus lego legal lefrak leclerc lease lds lawyer
law latrobe latino lat lasalle lanxess landrover land lancome lancia lancaster lamer lamborghini
ladbrokes lacaixa kyoto kuokgroup kred krd kpn kpmg kosher komatsu koeln kiwi kitchen kindle
kinder kim kia kfh kerryproperties kerrylogistics kerryhotels kddi kaufen juniper juegos jprs
jpmorgan joy jot joburg jobs jnj jmp jll jlc jio jewelry jetzt jeep jcp jcb java jaguar iwc
iveco itv itau istanbul ist ismaili iselect irish ipiranga investments intuit international
intel int insure insurance institute ink ing info infiniti industries inc immobilien immo imdb
imamat ikano iinet ifm ieee icu ice icbc ibm hyundai hyatt hughes htc hsbc how house hotmail
hotels hoteles hot hosting host hospital horse honeywell honda homesense homes homegoods
homedepot holiday holdings hockey hkt hiv hitachi hisamitsu hiphop hgtv hermes here helsinki
help healthcare health hdfcbank hdfc hbo haus hangout hamburg hair guru guitars guide guge gucci
guardian group grocery gripe green gratis graphics grainger gov got gop google goog goodyear
goodhands goo golf goldpoint gold godaddy gmx gmo gmbh gmail globo global gle glass glade giving
gives gifts gift ggee george genting gent gea gdn gbiz gay garden gap games game gallup gallo
gallery gal fyi futbol furniture fund fun fujixerox fujitsu ftr frontier frontdoor frogans frl
fresenius free fox foundation forum forsale forex ford football foodnetwork food foo fly
flsmidth flowers florist flir flights flickr fitness fit fishing fish firmdale firestone fire
financial finance final film fido fidelity fiat ferrero ferrari feedback fedex fast fashion
farmers farm fans fan family faith fairwinds fail fage extraspace express exposed expert
exchange everbank events eus eurovision etisalat esurance estate esq erni ericsson equipment
epson epost enterprises engineering engineer energy emerck email education edu edeka eco eat
earth dvr dvag durban dupont duns dunlop duck dubai dtv drive download dot doosan domains doha
dog dodge doctor docs dnp diy dish discover discount directory direct digital diet diamonds dhl
dev design desi dentist dental democrat delta deloitte dell delivery degree deals dealer deal
dds dclk day datsun dating date data dance dad dabur cyou cymru cuisinella csc cruises cruise
crs crown cricket creditunion creditcard credit cpa courses coupons coupon country corsica coop
cool cookingchannel cooking contractors contact consulting construction condos comsec computer
compare company community commbank comcast com cologne college coffee codes coach clubmed club
cloud clothing clinique clinic click cleaning claims cityeats city citic citi citadel cisco
circle cipriani church chrysler chrome christmas chloe chintai cheap chat chase charity channel
chanel cfd cfa cern ceo center ceb cbs cbre cbn cba catholic catering cat casino cash caseih
case casa cartier cars careers career care cards caravan car capitalone capital capetown canon
cancerresearch camp camera cam calvinklein call cal cafe cab bzh buzz buy business builders
build bugatti budapest brussels brother broker broadway bridgestone bradesco box boutique bot
boston bostik bosch boots booking book boo bond bom bofa boehringer boats bnpparibas bnl bmw bms
blue bloomberg blog blockbuster blanco blackfriday black biz bio bingo bing bike bid bible
bharti bet bestbuy best berlin bentley beer beauty beats bcn bcg bbva bbt bbc bayern bauhaus
basketball baseball bargains barefoot barclays barclaycard barcelona bar bank band
bananarepublic banamex baidu baby azure axa aws avianca autos auto author auspost audio audible
audi auction attorney athleta associates asia asda arte art arpa army archi aramco arab
aquarelle apple app apartments aol anz anquan android analytics amsterdam amica amfam amex
americanfamily americanexpress alstom alsace ally allstate allfinanz alipay alibaba alfaromeo
akdn airtel airforce airbus aigo aig agency agakhan africa afl afamilycompany aetna aero aeg
adult ads adac actor active aco accountants accountant accenture academy abudhabi abogado able
abc abbvie abbott abb abarth aarp aaa onion
`

const countryTLDs = `
한국 香港 澳門 新加坡 台灣 台湾 中國 中国 გე ລາວ ไทย ලංකා ഭാരതം ಭಾರತ భారత్ சிங்கப்பூர் இலங்கை இந்தியா ଭାରତ ભારત
ਭਾਰਤ ভাৰত ভারত বাংলা भारोत भारतम् भारत ڀارت پاکستان موريتانيا مليسيا مصر قطر فلسطين عمان عراق
سورية سودان تونس بھارت بارت ایران امارات المغرب السعودية الجزائر البحرين الاردن հայ қаз укр срб
рф мон мкд ею бел бг ευ ελ zw zm za yt ye ws wf vu vn vi vg ve vc va uz uy us um uk ug ua tz tw
tv tt tr tp to tn tm tl tk tj th tg tf td tc sz sy sx sv su st ss sr so sn sm sl sk sj si sh sg
se sd sc sb sa rw ru rs ro re qa py pw pt ps pr pn pm pl pk ph pg pf pe pa om nz nu nr np no nl
ni ng nf ne nc na mz my mx mw mv mu mt ms mr mq mp mo mn mm ml mk mh mg mf me md mc ma ly lv lu
lt ls lr lk li lc lb la kz ky kw kr kp kn km ki kh kg ke jp jo jm je it is ir iq io in im il ie
id hu ht hr hn hm hk gy gw gu gt gs gr gq gp gn gm gl gi gh gg gf ge gd gb ga fr fo fm fk fj fi
eu et es er eh eg ee ec dz do dm dk dj de cz cy cx cw cv cu cr co cn cm cl ck ci ch cg cf cd cc
ca bz by bw bv bt bs br bq bo bn bm bl bj bi bh bg bf be bd bb ba az ax aw au at as ar aq ao an
am al ai ag af ae ad ac
`

// unassigned32 is table A.1 of RFC 3454: the code points unassigned in
// Unicode 3.2, which IDNA 2003 refuses in a domain (in hex, ranges with
// a hyphen).
const unassigned32 = `
221 234-24F 2AE-2AF 2EF-2FF 350-35F 370-373 376-379 37B-37D 37F-383 38B 38D 3A2 3CF 3F7-3FF 487
4CF 4F6-4F7 4FA-4FF 510-530 557-558 560 588 58B-590 5A2 5BA 5C5-5CF 5EB-5EF 5F5-60B 60D-61A
61C-61E 620 63B-63F 656-65F 6EE-6EF 6FF 70E 72D-72F 74B-77F 7B2-900 904 93A-93B 94E-94F 955-957
971-980 984 98D-98E 991-992 9A9 9B1 9B3-9B5 9BA-9BB 9BD 9C5-9C6 9C9-9CA 9CE-9D6 9D8-9DB 9DE
9E4-9E5 9FB-A01 A03-A04 A0B-A0E A11-A12 A29 A31 A34 A37 A3A-A3B A3D A43-A46 A49-A4A A4E-A58 A5D
A5F-A65 A75-A80 A84 A8C A8E A92 AA9 AB1 AB4 ABA-ABB AC6 ACA ACE-ACF AD1-ADF AE1-AE5 AF0-B00 B04
B0D-B0E B11-B12 B29 B31 B34-B35 B3A-B3B B44-B46 B49-B4A B4E-B55 B58-B5B B5E B62-B65 B71-B81 B84
B8B-B8D B91 B96-B98 B9B B9D BA0-BA2 BA5-BA7 BAB-BAD BB6 BBA-BBD BC3-BC5 BC9 BCE-BD6 BD8-BE6
BF3-C00 C04 C0D C11 C29 C34 C3A-C3D C45 C49 C4E-C54 C57-C5F C62-C65 C70-C81 C84 C8D C91 CA9 CB4
CBA-CBD CC5 CC9 CCE-CD4 CD7-CDD CDF CE2-CE5 CF0-D01 D04 D0D D11 D29 D3A-D3D D44-D45 D49 D4E-D56
D58-D5F D62-D65 D70-D81 D84 D97-D99 DB2 DBC DBE-DBF DC7-DC9 DCB-DCE DD5 DD7 DE0-DF1 DF5-E00
E3B-E3E E5C-E80 E83 E85-E86 E89 E8B-E8C E8E-E93 E98 EA0 EA4 EA6 EA8-EA9 EAC EBA EBE-EBF EC5 EC7
ECE-ECF EDA-EDB EDE-EFF F48 F6B-F70 F8C-F8F F98 FBD FCD-FCE FD0-FFF 1022 1028 102B 1033-1035
103A-103F 105A-109F 10C6-10CF 10F9-10FA 10FC-10FF 115A-115E 11A3-11A7 11FA-11FF 1207 1247 1249
124E-124F 1257 1259 125E-125F 1287 1289 128E-128F 12AF 12B1 12B6-12B7 12BF 12C1 12C6-12C7 12CF
12D7 12EF 130F 1311 1316-1317 131F 1347 135B-1360 137D-139F 13F5-1400 1677-167F 169D-169F
16F1-16FF 170D 1715-171F 1737-173F 1754-175F 176D 1771 1774-177F 17DD-17DF 17EA-17FF 180F
181A-181F 1878-187F 18AA-1DFF 1E9C-1E9F 1EFA-1EFF 1F16-1F17 1F1E-1F1F 1F46-1F47 1F4E-1F4F 1F58
1F5A 1F5C 1F5E 1F7E-1F7F 1FB5 1FC5 1FD4-1FD5 1FDC 1FF0-1FF1 1FF5 1FFF 2053-2056 2058-205E
2064-2069 2072-2073 208F-209F 20B2-20CF 20EB-20FF 213B-213C 214C-2152 2184-218F 23CF-23FF
2427-243F 244B-245F 24FF 2614-2615 2618 267E-267F 268A-2700 2705 270A-270B 2728 274C 274E
2753-2755 2757 275F-2760 2795-2797 27B0 27BF-27CF 27EC-27EF 2B00-2E7F 2E9A 2EF4-2EFF 2FD6-2FEF
2FFC-2FFF 3040 3097-3098 3100-3104 312D-3130 318F 31B8-31EF 321D-321F 3244-3250 327C-327E
32CC-32CF 32FF 3377-337A 33DE-33DF 33FF 4DB6-4DFF 9FA6-9FFF A48D-A48F A4C7-ABFF D7A4-D7FF
FA2E-FA2F FA6B-FAFF FB07-FB12 FB18-FB1C FB37 FB3D FB3F FB42 FB45 FBB2-FBD2 FD40-FD4F FD90-FD91
FDC8-FDCF FDFD-FDFF FE10-FE1F FE24-FE2F FE47-FE48 FE53 FE67 FE6C-FE6F FE75 FEFD-FEFE FF00
FFBF-FFC1 FFC8-FFC9 FFD0-FFD1 FFD8-FFD9 FFDD-FFDF FFE7 FFEF-FFF8 10000-102FF 1031F 10324-1032F
1034B-103FF 10426-10427 1044E-1CFFF 1D0F6-1D0FF 1D127-1D129 1D1DE-1D3FF 1D455 1D49D 1D4A0-1D4A1
1D4A3-1D4A4 1D4A7-1D4A8 1D4AD 1D4BA 1D4BC 1D4C1 1D4C4 1D506 1D50B-1D50C 1D515 1D51D 1D53A 1D53F
1D545 1D547-1D549 1D551 1D6A4-1D6A7 1D7CA-1D7CD 1D800-1FFFD 2A6D7-2F7FF 2FA1E-2FFFD 30000-3FFFD
40000-4FFFD 50000-5FFFD 60000-6FFFD 70000-7FFFD 80000-8FFFD 90000-9FFFD A0000-AFFFD B0000-BFFFD
C0000-CFFFD D0000-DFFFD E0000 E0002-E001F E0080-EFFFD
`
