package linkheader

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// maxInput is the most bytes, over all values together, that Parse reads.
// A Mastodon pagination header is a few hundred bytes.
const maxInput = 64 << 10

// ErrMalformed is matched, through [errors.Is], by every error [Parse]
// returns.
var ErrMalformed = errors.New("linkheader: malformed Link header")

// Link is one link of a Link header.
type Link struct {
	// URL is the target URL exactly as it appears between < and >, with
	// surrounding whitespace removed. It is never empty and holds no
	// whitespace, control characters, < or >. A relative reference is
	// not resolved.
	URL string

	// Rel holds the relation types of the first rel parameter, split at
	// spaces and tabs and lower-cased (ASCII letters only), in order. It
	// is nil when the link has no rel parameter or an empty one.
	Rel []string

	// Params holds the link's other parameters (target attributes),
	// keyed by lower-cased name. Quoted values are unquoted; a parameter
	// without a value maps to the empty string. When a name appears more
	// than once the first value is kept. Extended values such as title*
	// (RFC 8187) are stored undecoded under their own name, star
	// included. Params is nil when the link has no other parameters.
	Params map[string]string
}

// Parse parses the values of one or more Link header fields; pass
// header.Values("Link"). It returns the well-formed links in the order
// they appear. It never panics. Malformed links are skipped; the error is
// then non-nil, describes the first problem and wraps [ErrMalformed], and
// the links returned beside it are still usable. Values longer than
// 64 KiB in total are refused: Parse returns no links and an error
// wrapping [ErrMalformed].
//
// The error never quotes the header, whose URLs may carry tokens: it
// names the value by its index and the byte offset of the problem.
func Parse(values []string) ([]Link, error) {
	total := 0
	for _, v := range values {
		total += len(v)
	}
	if total > maxInput {
		return nil, fmt.Errorf("%w: %d bytes, more than the limit of %d", ErrMalformed, total, maxInput)
	}

	var (
		links   []Link
		first   error
		skipped int
	)
	for i, v := range values {
		p := parser{s: v}
		for {
			p.skipSeparators()
			if p.eof() {
				break
			}
			l, perr := p.link()
			if perr != nil {
				skipped++
				if first == nil {
					first = fmt.Errorf("%w: value %d, byte %d: %s", ErrMalformed, i, perr.off, perr.msg)
				}
				if !perr.resume {
					p.skipElement()
				}
				continue
			}
			links = append(links, l)
		}
	}
	if skipped > 1 {
		first = fmt.Errorf("%w (%d links skipped)", first, skipped)
	}
	return links, first
}

// Find returns the URL of the first link that has the relation type rel,
// compared case-insensitively, or the empty string if no link has it.
func Find(links []Link, rel string) string {
	for _, l := range links {
		for _, r := range l.Rel {
			if strings.EqualFold(r, rel) {
				return l.URL
			}
		}
	}
	return ""
}

// Cursor returns the value of the query parameter param in linkURL, such
// as the max_id of a Mastodon next link. It returns the empty string if
// linkURL does not parse as a URL or has no such parameter. With the
// parameter given more than once, the first value is returned.
func Cursor(linkURL, param string) string {
	u, err := url.Parse(linkURL)
	if err != nil {
		return ""
	}
	return u.Query().Get(param)
}

// syntaxError is a problem found by the parser at byte off of a value.
type syntaxError struct {
	off int
	msg string

	// resume is set when the parser already stands where the next link
	// begins; otherwise the rest of the bad link is skipped.
	resume bool
}

// parser reads links from one field value. pos only moves forward.
type parser struct {
	s   string
	pos int
}

func (p *parser) eof() bool { return p.pos >= len(p.s) }

func (p *parser) fail(msg string) *syntaxError {
	return &syntaxError{off: p.pos, msg: msg}
}

// skipOWS skips optional whitespace: spaces and horizontal tabs.
func (p *parser) skipOWS() {
	for p.pos < len(p.s) && isOWS(p.s[p.pos]) {
		p.pos++
	}
}

// skipSeparators skips whitespace and commas, so that empty list elements
// ("a, , b") and leading or trailing commas are ignored.
func (p *parser) skipSeparators() {
	for p.pos < len(p.s) && (isOWS(p.s[p.pos]) || p.s[p.pos] == ',') {
		p.pos++
	}
}

// skipElement moves to the comma that ends the current list element, or
// to the end of the value, stepping over <...> and quoted strings so that
// a comma inside them does not count.
func (p *parser) skipElement() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ',':
			return
		case '<':
			end := strings.IndexByte(p.s[p.pos:], '>')
			if end < 0 {
				p.pos = len(p.s)
				return
			}
			p.pos += end + 1
		case '"':
			p.pos++
			for p.pos < len(p.s) && p.s[p.pos] != '"' {
				if p.s[p.pos] == '\\' {
					p.pos++
				}
				p.pos++
			}
			p.pos++
		default:
			p.pos++
		}
	}
}

// link parses one link-value:
//
//	link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
//	link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
//
// It stops before the comma that ends the link, or at the end of the
// value.
func (p *parser) link() (Link, *syntaxError) {
	if p.s[p.pos] != '<' {
		return Link{}, p.fail("expected '<'")
	}
	start := p.pos
	end := strings.IndexAny(p.s[start+1:], "<>")
	if end < 0 {
		p.pos = len(p.s)
		return Link{}, &syntaxError{off: start, msg: "'<' without '>'"}
	}
	end += start + 1
	if p.s[end] == '<' {
		// Most likely the URL lost its '>', and the next link starts
		// here: resume with it instead of skipping it too.
		p.pos = end
		return Link{}, &syntaxError{off: start, msg: "'<' without '>'", resume: true}
	}
	p.pos = end + 1
	u := strings.Trim(p.s[start+1:end], " \t")
	if u == "" {
		return Link{}, &syntaxError{off: start, msg: "empty URL"}
	}
	if hasCTLOrSpace(u) {
		return Link{}, &syntaxError{off: start, msg: "whitespace or control character in URL"}
	}

	l := Link{URL: u}
	relSeen := false
	for {
		p.skipOWS()
		if p.eof() || p.s[p.pos] == ',' {
			return l, nil
		}
		if p.s[p.pos] != ';' {
			return Link{}, p.fail("expected ';' or ','")
		}
		p.pos++
		p.skipOWS()
		if p.eof() || p.s[p.pos] == ';' || p.s[p.pos] == ',' {
			continue // an empty parameter, as in "<u>;" or "<u>;; rel=next"
		}

		name := p.token()
		if name == "" {
			return Link{}, p.fail("expected a parameter name")
		}
		name = asciiLower(name)
		p.skipOWS()
		value := ""
		if !p.eof() && p.s[p.pos] == '=' {
			p.pos++
			p.skipOWS()
			if !p.eof() && p.s[p.pos] == '"' {
				v, err := p.quoted()
				if err != nil {
					return Link{}, err
				}
				value = v
			} else {
				value = p.bareValue()
			}
		}

		if name == "rel" {
			// RFC 8288 section 3.3: occurrences after the first are ignored.
			if !relSeen {
				relSeen = true
				l.Rel = splitRel(value)
			}
			continue
		}
		if _, dup := l.Params[name]; dup {
			continue
		}
		if l.Params == nil {
			l.Params = make(map[string]string)
		}
		l.Params[name] = value
	}
}

// token reads a token (RFC 9110 section 5.6.2) and returns it, or the
// empty string if none starts at pos.
func (p *parser) token() string {
	start := p.pos
	for p.pos < len(p.s) && isTchar(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos]
}

// bareValue reads an unquoted parameter value. The grammar allows only a
// token, but servers also send values such as application/json without
// quotes, so any run of visible characters other than the delimiters is
// taken. The value may be empty, as in "rel=;".
func (p *parser) bareValue() string {
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c <= ' ' || c == 0x7f || c == ';' || c == ',' || c == '"' || c == '<' || c == '>' {
			break
		}
		p.pos++
	}
	return p.s[start:p.pos]
}

// quoted reads a quoted-string starting at the opening quote at pos and
// returns its content with quoted-pairs (\x) replaced by the character
// they escape.
func (p *parser) quoted() (string, *syntaxError) {
	start := p.pos
	p.pos++
	var b strings.Builder
	from := p.pos // the start of the run not yet copied into b
	for p.pos < len(p.s) {
		switch c := p.s[p.pos]; {
		case c == '"':
			v := p.s[from:p.pos]
			p.pos++
			if b.Len() == 0 {
				return v, nil
			}
			b.WriteString(v)
			return b.String(), nil
		case c == '\\':
			if p.pos+1 >= len(p.s) {
				p.pos = len(p.s)
				return "", &syntaxError{off: start, msg: "unterminated quoted string"}
			}
			b.WriteString(p.s[from:p.pos])
			b.WriteByte(p.s[p.pos+1])
			p.pos += 2
			from = p.pos
		default:
			p.pos++
		}
	}
	return "", &syntaxError{off: start, msg: "unterminated quoted string"}
}

// splitRel splits a rel value at spaces and tabs and lower-cases each
// relation type. It returns nil for a value without any.
func splitRel(v string) []string {
	var rels []string
	for r := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ' ' || r == '\t' }) {
		rels = append(rels, asciiLower(r))
	}
	return rels
}

// asciiLower lower-cases the ASCII letters of s and leaves every other
// byte as it is (strings.ToLower would also rewrite invalid UTF-8).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// hasCTLOrSpace reports whether s holds an ASCII control character or a
// space, neither of which may appear in a URI reference (RFC 3986).
func hasCTLOrSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// isTchar reports whether c may appear in a token (RFC 9110 section 5.6.2).
func isTchar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
