package jcs

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects [Canonicalize]
// accepts.
const MaxDepth = 128

// Errors of [Canonicalize]. The error returned matches one of them and
// names the byte offset of the problem in the input.
var (
	// ErrSyntax means the input is not a JSON text.
	ErrSyntax = errors.New("jcs: invalid JSON")
	// ErrInvalidString means a string is not valid Unicode: invalid
	// UTF-8, or an escape that leaves a lone surrogate.
	ErrInvalidString = errors.New("jcs: string is not valid Unicode")
	// ErrDuplicateName means an object has two members of the same name.
	ErrDuplicateName = errors.New("jcs: duplicate property name")
	// ErrNumberRange means a number is too large for an IEEE 754 double.
	ErrNumberRange = errors.New("jcs: number out of range")
	// ErrTooDeep means the input nests deeper than [MaxDepth].
	ErrTooDeep = errors.New("jcs: nested too deeply")
)

// Canonicalize returns the canonical form of the JSON text data, as RFC
// 8785 defines it. The package documentation says what the form is and
// what input is refused.
func Canonicalize(data []byte) ([]byte, error) {
	p := parser{data: data}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(data) {
		return nil, p.fail(ErrSyntax, "text after the value")
	}
	return v.appendTo(make([]byte, 0, len(data))), nil
}

type kind uint8

const (
	kindNull kind = iota
	kindFalse
	kindTrue
	kindNumber
	kindString
	kindArray
	kindObject
)

// value is a parsed JSON value.
type value struct {
	kind    kind
	num     float64  // kindNumber
	str     string   // kindString
	items   []value  // kindArray
	members []member // kindObject
}

type member struct {
	name string
	at   int // offset of the name in the input, for errors
	val  value
}

type parser struct {
	data []byte
	pos  int
}

func (p *parser) fail(err error, what string) error {
	return fmt.Errorf("%w at offset %d: %s", err, p.pos, what)
}

// skipSpace skips the four whitespace characters of RFC 8259.
func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses the value at p.pos, nested depth levels deep.
func (p *parser) value(depth int) (value, error) {
	if p.pos >= len(p.data) {
		return value{}, p.fail(ErrSyntax, "unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.string()
		return value{kind: kindString, str: s}, err
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return value{kind: kindTrue}, p.literal("true")
	case c == 'f':
		return value{kind: kindFalse}, p.literal("false")
	case c == 'n':
		return value{kind: kindNull}, p.literal("null")
	}
	return value{}, p.fail(ErrSyntax, "unexpected character")
}

func (p *parser) literal(word string) error {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.fail(ErrSyntax, "unknown literal")
	}
	p.pos += len(word)
	return nil
}

func (p *parser) object(depth int) (value, error) {
	if depth > MaxDepth {
		return value{}, p.fail(ErrTooDeep, fmt.Sprintf("more than %d levels", MaxDepth))
	}
	p.pos++ // {
	v := value{kind: kindObject}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return value{}, p.fail(ErrSyntax, "expected a property name")
		}
		at := p.pos
		name, err := p.string()
		if err != nil {
			return value{}, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return value{}, p.fail(ErrSyntax, "expected ':'")
		}
		p.pos++
		p.skipSpace()
		val, err := p.value(depth)
		if err != nil {
			return value{}, err
		}
		v.members = append(v.members, member{name: name, at: at, val: val})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return value{}, p.fail(ErrSyntax, "unterminated object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			continue
		case '}':
			p.pos++
		default:
			return value{}, p.fail(ErrSyntax, "expected ',' or '}'")
		}
		break
	}
	slices.SortFunc(v.members, func(a, b member) int { return compareUTF16(a.name, b.name) })
	for i := 1; i < len(v.members); i++ {
		if v.members[i].name == v.members[i-1].name {
			at := max(v.members[i].at, v.members[i-1].at)
			return value{}, fmt.Errorf("%w at offset %d", ErrDuplicateName, at)
		}
	}
	return v, nil
}

func (p *parser) array(depth int) (value, error) {
	if depth > MaxDepth {
		return value{}, p.fail(ErrTooDeep, fmt.Sprintf("more than %d levels", MaxDepth))
	}
	p.pos++ // [
	v := value{kind: kindArray}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		p.skipSpace()
		item, err := p.value(depth)
		if err != nil {
			return value{}, err
		}
		v.items = append(v.items, item)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return value{}, p.fail(ErrSyntax, "unterminated array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			continue
		case ']':
			p.pos++
			return v, nil
		}
		return value{}, p.fail(ErrSyntax, "expected ',' or ']'")
	}
}

// number parses a number as RFC 8259 section 6 writes it, into a double.
func (p *parser) number() (value, error) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.data[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case digits() == 0:
		return value{}, p.fail(ErrSyntax, "number without digits")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return value{}, p.fail(ErrSyntax, "no digits after the decimal point")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return value{}, p.fail(ErrSyntax, "no digits in the exponent")
		}
	}
	f, err := strconv.ParseFloat(string(p.data[start:p.pos]), 64)
	// A number too small becomes zero without an error; one too large
	// becomes an infinity, which JSON cannot express.
	if err != nil || math.IsInf(f, 0) {
		p.pos = start
		return value{}, p.fail(ErrNumberRange, "not representable as a double")
	}
	return value{kind: kindNumber, num: f}, nil
}

// string parses a string and returns it unescaped, as valid UTF-8.
func (p *parser) string() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Without escapes, the string is the input bytes themselves.
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			s := string(p.data[start:p.pos])
			p.pos++
			return s, nil
		case c == '\\':
			return p.escapedString(start)
		case c < 0x20:
			return "", p.fail(ErrSyntax, "control character in a string")
		case c < utf8.RuneSelf:
			p.pos++
		default:
			r, n := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && n <= 1 {
				return "", p.fail(ErrInvalidString, "invalid UTF-8")
			}
			p.pos += n
		}
	}
	return "", p.fail(ErrSyntax, "unterminated string")
}

// escapedString continues a string that holds an escape at p.pos; the
// string's text began at start.
func (p *parser) escapedString(start int) (string, error) {
	buf := append([]byte(nil), p.data[start:p.pos]...)
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(buf), nil
		case c == '\\':
			if p.pos+1 >= len(p.data) {
				return "", p.fail(ErrSyntax, "unterminated escape")
			}
			esc := p.data[p.pos+1]
			p.pos += 2
			switch esc {
			case '"', '\\', '/':
				buf = append(buf, esc)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, err := p.unicodeEscape()
				if err != nil {
					return "", err
				}
				buf = utf8.AppendRune(buf, r)
			default:
				p.pos -= 2
				return "", p.fail(ErrSyntax, "unknown escape")
			}
		case c < 0x20:
			return "", p.fail(ErrSyntax, "control character in a string")
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.pos++
		default:
			r, n := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && n <= 1 {
				return "", p.fail(ErrInvalidString, "invalid UTF-8")
			}
			buf = append(buf, p.data[p.pos:p.pos+n]...)
			p.pos += n
		}
	}
	return "", p.fail(ErrSyntax, "unterminated string")
}

// unicodeEscape reads the hex digits of a \u escape (the "\u" is read),
// and of a second one when the first is a high surrogate.
func (p *parser) unicodeEscape() (rune, error) {
	r, err := p.hex4()
	if err != nil {
		return 0, err
	}
	if !utf16.IsSurrogate(r) {
		return r, nil
	}
	if r >= 0xdc00 {
		return 0, p.fail(ErrInvalidString, "lone low surrogate")
	}
	if len(p.data)-p.pos < 6 || p.data[p.pos] != '\\' || p.data[p.pos+1] != 'u' {
		return 0, p.fail(ErrInvalidString, "lone high surrogate")
	}
	p.pos += 2
	lo, err := p.hex4()
	if err != nil {
		return 0, err
	}
	if lo < 0xdc00 || lo > 0xdfff {
		return 0, p.fail(ErrInvalidString, "high surrogate without a low one")
	}
	return utf16.DecodeRune(r, lo), nil
}

func (p *parser) hex4() (rune, error) {
	if len(p.data)-p.pos < 4 {
		return 0, p.fail(ErrSyntax, "short \\u escape")
	}
	var r rune
	for _, c := range p.data[p.pos : p.pos+4] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, p.fail(ErrSyntax, "bad hex digit in a \\u escape")
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, nil
}

// compareUTF16 compares two valid UTF-8 strings as sequences of UTF-16
// code units (RFC 8785 section 3.2.3). UTF-8 byte order is code point
// order, which differs from UTF-16 order only between the code points
// above U+FFFF and those from U+E000 to U+FFFF; so the strings are
// compared by the first character in which they differ.
func compareUTF16(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return cmp.Compare(len(a), len(b))
	}
	// The bytes before i are equal, so both strings have a character
	// starting at the same place, where they differ.
	for i > 0 && !utf8.RuneStart(a[i]) {
		i--
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	return cmp.Compare(utf16Units(ra), utf16Units(rb))
}

// utf16Units packs the UTF-16 code units of r into a number that orders
// as the units do: the first unit in the high half, the second (for a
// surrogate pair) in the low half.
func utf16Units(r rune) uint32 {
	if r < 0x10000 {
		return uint32(r) << 16
	}
	hi, lo := utf16.EncodeRune(r)
	return uint32(hi)<<16 | uint32(lo)
}

// appendTo writes v in canonical form.
func (v *value) appendTo(b []byte) []byte {
	switch v.kind {
	case kindNull:
		return append(b, "null"...)
	case kindFalse:
		return append(b, "false"...)
	case kindTrue:
		return append(b, "true"...)
	case kindNumber:
		return appendNumber(b, v.num)
	case kindString:
		return appendString(b, v.str)
	case kindArray:
		b = append(b, '[')
		for i := range v.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = v.items[i].appendTo(b)
		}
		return append(b, ']')
	default:
		b = append(b, '{')
		for i := range v.members {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, v.members[i].name)
			b = append(b, ':')
			b = v.members[i].val.appendTo(b)
		}
		return append(b, '}')
	}
}

// appendString writes s as JSON.stringify does (RFC 8785 section
// 3.2.2.2): the two-character escapes where ECMAScript has them, \u00xx in
// lower case for the other control characters, and everything else as it
// is.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\f':
			b = append(b, '\\', 'f')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		last = i + 1
	}
	b = append(b, s[last:]...)
	return append(b, '"')
}

// appendNumber writes a finite f as ECMAScript's Number::toString does
// (ECMA-262, section Number::toString, which RFC 8785 section 3.2.2.3
// adopts). With s the shortest digit string that reads back as f, k its
// length and n the position of the decimal point (f = 0.s × 10^n):
// integers up to 21 digits are written out in full, other numbers whose
// point falls within 21 digits, or no more than six zeros after it, in
// decimal notation, and the rest in exponent notation with an explicit
// exponent sign.
func appendNumber(b []byte, f float64) []byte {
	if f == 0 {
		return append(b, '0') // and -0 too
	}
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	// Go's shortest formatting gives the same digits as ECMAScript's:
	// the fewest that round trip, the closest to f among those.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // d[.ddd]e±xx
	mant, exp := e, 0
	for i, c := range e {
		if c == 'e' {
			mant = e[:i]
			x, _ := strconv.Atoi(string(e[i+1:]))
			exp = x
			break
		}
	}
	var digits []byte
	if len(mant) > 1 {
		digits = append(append(digits, mant[0]), mant[2:]...) // drop the point
	} else {
		digits = mant
	}
	k, n := len(digits), exp+1
	switch {
	case k <= n && n <= 21:
		b = append(b, digits...)
		for range n - k {
			b = append(b, '0')
		}
	case 0 < n && n <= 21:
		b = append(b, digits[:n]...)
		b = append(b, '.')
		b = append(b, digits[n:]...)
	case -6 < n && n <= 0:
		b = append(b, '0', '.')
		for range -n {
			b = append(b, '0')
		}
		b = append(b, digits...)
	default:
		b = append(b, digits[0])
		if k > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if n-1 >= 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(n-1), 10)
	}
	return b
}
