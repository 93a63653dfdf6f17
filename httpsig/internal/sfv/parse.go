package sfv

import (
	"encoding/base64"
	"strings"
)

// ParseItem parses a field value as an RFC 8941 Item (RFC 8941 §4.2,
// §4.2.3). Leading and trailing spaces are ignored. An empty value is an
// error.
func ParseItem(s string) (Item, error) {
	p := parser{s: s}
	p.skipSP()
	it, err := p.item()
	if err != nil {
		return Item{}, err
	}
	p.skipSP()
	if !p.atEnd() {
		return Item{}, p.fail("unexpected character after item")
	}
	return it, nil
}

// ParseList parses a field value as an RFC 8941 List (RFC 8941 §4.2,
// §4.2.1). An empty value, or one of spaces only, is an empty list.
func ParseList(s string) (List, error) {
	p := parser{s: s}
	p.skipSP()
	var l List
	for !p.atEnd() {
		m, err := p.member()
		if err != nil {
			return nil, err
		}
		l = append(l, m)
		if err := p.memberSeparator(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// ParseDictionary parses a field value as an RFC 8941 Dictionary (RFC 8941
// §4.2, §4.2.2). An empty value, or one of spaces only, is an empty
// dictionary. A member without "=" has the Boolean value true. When a key
// repeats, the later value replaces the earlier one in its position.
func ParseDictionary(s string) (Dictionary, error) {
	p := parser{s: s}
	p.skipSP()
	var (
		d   Dictionary
		idx map[string]int
	)
	for !p.atEnd() {
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		var m Member
		if p.peek() == '=' {
			p.i++
			m, err = p.member()
		} else {
			var params Params
			params, err = p.params()
			m = Item{Value: true, Params: params}
		}
		if err != nil {
			return nil, err
		}
		if j := findKey(len(d), func(i int) string { return d[i].Key }, &idx, key); j >= 0 {
			d[j].Value = m
		} else {
			d = append(d, DictMember{Key: key, Value: m})
			if idx != nil {
				idx[key] = len(d) - 1
			}
		}
		if err := p.memberSeparator(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// parser is a cursor over a field value. Its methods follow the algorithms
// of RFC 8941 §4.2; each consumes what it parsed and leaves i after it.
type parser struct {
	s string
	i int
}

func (p *parser) atEnd() bool { return p.i >= len(p.s) }

// peek returns the byte at the cursor, or 0 at the end of the input (0 is
// never valid in a field value, so it matches no expected character).
func (p *parser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *parser) fail(msg string) error { return &Error{Offset: p.i, Msg: msg} }

// failAt reports an error at offset i.
func (p *parser) failAt(i int, msg string) error { return &Error{Offset: i, Msg: msg} }

func (p *parser) skipSP() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// skipOWS skips optional whitespace (SP and HTAB) between members.
func (p *parser) skipOWS() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// memberSeparator consumes what follows a list or dictionary member: either
// optional whitespace up to the end of the input, or a comma with optional
// whitespace around it and another member after it.
func (p *parser) memberSeparator() error {
	p.skipOWS()
	if p.atEnd() {
		return nil
	}
	if p.s[p.i] != ',' {
		return p.fail("expected ',' after member")
	}
	p.i++
	p.skipOWS()
	if p.atEnd() {
		return p.fail("trailing ',' after last member")
	}
	return nil
}

// member parses an item or an inner list.
func (p *parser) member() (Member, error) {
	if p.peek() == '(' {
		return p.innerList()
	}
	return p.item()
}

func (p *parser) innerList() (Member, error) {
	p.i++ // '('
	var items []Item
	for {
		p.skipSP()
		if p.atEnd() {
			return nil, p.fail("unterminated inner list")
		}
		if p.s[p.i] == ')' {
			p.i++
			params, err := p.params()
			if err != nil {
				return nil, err
			}
			return InnerList{Items: items, Params: params}, nil
		}
		it, err := p.item()
		if err != nil {
			return nil, err
		}
		if items == nil {
			// Inner lists in signature fields hold a handful of
			// components: one allocation instead of a chain of regrowths.
			items = make([]Item, 0, 4)
		}
		items = append(items, it)
		if c := p.peek(); c != ' ' && c != ')' {
			if p.atEnd() {
				return nil, p.fail("unterminated inner list")
			}
			return nil, p.fail("expected ' ' or ')' after item in inner list")
		}
	}
}

func (p *parser) item() (Item, error) {
	v, err := p.bareItem()
	if err != nil {
		return Item{}, err
	}
	params, err := p.params()
	if err != nil {
		return Item{}, err
	}
	return Item{Value: v, Params: params}, nil
}

func (p *parser) params() (Params, error) {
	var (
		ps  Params
		idx map[string]int
	)
	for p.peek() == ';' {
		p.i++
		p.skipSP()
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		var v any = true
		if p.peek() == '=' {
			p.i++
			if v, err = p.bareItem(); err != nil {
				return nil, err
			}
		}
		if j := findKey(len(ps), func(i int) string { return ps[i].Key }, &idx, key); j >= 0 {
			ps[j].Value = v
		} else {
			if ps == nil {
				ps = make(Params, 0, 4)
			}
			ps = append(ps, Param{Key: key, Value: v})
			if idx != nil {
				idx[key] = len(ps) - 1
			}
		}
	}
	return ps, nil
}

// linearKeys is the number of keys up to which duplicate keys are found by
// a linear scan; beyond it, a map is built so that a field with very many
// keys does not cost quadratic time.
const linearKeys = 16

// findKey returns the index of key among the n keys that keyAt returns, or
// -1. *idx is nil until n exceeds linearKeys; from then on it maps every key
// to its index, and the caller adds each key it appends.
func findKey(n int, keyAt func(int) string, idx *map[string]int, key string) int {
	if *idx == nil {
		if n <= linearKeys {
			for i := range n {
				if keyAt(i) == key {
					return i
				}
			}
			return -1
		}
		m := make(map[string]int, 2*n)
		for i := range n {
			m[keyAt(i)] = i
		}
		*idx = m
	}
	if i, ok := (*idx)[key]; ok {
		return i
	}
	return -1
}

func (p *parser) key() (string, error) {
	start := p.i
	if !isKeyStart(p.peek()) {
		if p.atEnd() {
			return "", p.fail("expected key, got end of input")
		}
		return "", p.fail("invalid character at start of key")
	}
	p.i++
	for p.i < len(p.s) && isKeyChar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i], nil
}

func (p *parser) bareItem() (any, error) {
	if p.atEnd() {
		return nil, p.fail("expected item, got end of input")
	}
	switch c := p.s[p.i]; {
	case c == '-' || isDigit(c):
		return p.number()
	case c == '"':
		return p.string()
	case isTokenStart(c):
		return p.token()
	case c == ':':
		return p.byteSequence()
	case c == '?':
		return p.boolean()
	}
	return nil, p.fail("invalid character at start of item")
}

// number parses an Integer or a Decimal (RFC 8941 §4.2.4). The digits are
// accumulated as integers, so no float parsing is needed: a Decimal has at
// most 15 digits, which an int64 and a float64 hold exactly, and dividing by
// 1000 gives the float64 nearest to the decimal value.
func (p *parser) number() (any, error) {
	neg := false
	if p.s[p.i] == '-' {
		neg = true
		p.i++
	}
	if !isDigit(p.peek()) {
		return nil, p.fail("expected digit")
	}
	var n int64
	digits := 0
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		if digits == maxIntegerChars {
			return nil, p.fail("integer has more than 15 digits")
		}
		n = n*10 + int64(p.s[p.i]-'0')
		digits++
		p.i++
	}
	if p.peek() != '.' {
		if neg {
			n = -n
		}
		return n, nil
	}
	if digits > maxDecimalInt {
		return nil, p.fail("decimal has more than 12 integer digits")
	}
	p.i++ // '.'
	frac := 0
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		if frac == maxDecimalFrac {
			return nil, p.fail("decimal has more than 3 fractional digits")
		}
		n = n*10 + int64(p.s[p.i]-'0')
		frac++
		p.i++
	}
	if frac == 0 {
		return nil, p.fail("expected digit after '.' in decimal")
	}
	for ; frac < maxDecimalFrac; frac++ {
		n *= 10
	}
	d := float64(n) / 1000
	if neg {
		d = -d
	}
	return Decimal(d), nil
}

// string parses a String (RFC 8941 §4.2.5). A string without escapes is
// returned as a substring of the input, without copying.
func (p *parser) string() (any, error) {
	p.i++ // '"'
	start := p.i
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return p.s[start : p.i-1], nil
		case c == '\\':
			return p.escapedString(start)
		case !isPrintable(c):
			return nil, p.fail("invalid character in string")
		}
		p.i++
	}
	return nil, p.fail("unterminated string")
}

// escapedString continues parsing a String whose content starts at start,
// from the first backslash, which is at the cursor.
func (p *parser) escapedString(start int) (any, error) {
	var b strings.Builder
	b.Grow(len(p.s) - start)
	b.WriteString(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\\':
			p.i++
			if p.atEnd() {
				return nil, p.fail("unterminated string")
			}
			c = p.s[p.i]
			if c != '"' && c != '\\' {
				return nil, p.fail("invalid escape in string")
			}
		case !isPrintable(c):
			return nil, p.fail("invalid character in string")
		}
		b.WriteByte(c)
		p.i++
	}
	return nil, p.fail("unterminated string")
}

// token parses a Token (RFC 8941 §4.2.6); the cursor is on a valid first
// character.
func (p *parser) token() (any, error) {
	start := p.i
	p.i++
	for p.i < len(p.s) && isTokenChar(p.s[p.i]) {
		p.i++
	}
	return Token(p.s[start:p.i]), nil
}

// byteSequence parses a Byte Sequence (RFC 8941 §4.2.7). As RFC 8941 asks of
// parsers, it accepts base64 without "=" padding and with non-zero pad bits.
// It rejects padding that is present but wrong, and any character outside
// the standard base64 alphabet.
func (p *parser) byteSequence() (any, error) {
	open := p.i
	p.i++ // ':'
	end := strings.IndexByte(p.s[p.i:], ':')
	if end < 0 {
		return nil, p.failAt(len(p.s), "unterminated byte sequence")
	}
	content := p.s[p.i : p.i+end]
	for j := 0; j < len(content); j++ {
		if !isBase64Char(content[j]) {
			return nil, p.failAt(p.i+j, "invalid character in byte sequence")
		}
	}
	data := strings.TrimRight(content, "=")
	if j := strings.IndexByte(data, '='); j >= 0 {
		return nil, p.failAt(p.i+j, "'=' inside byte sequence")
	}
	pad := len(content) - len(data)
	if pad > 0 && (pad > 2 || len(content)%4 != 0) {
		return nil, p.failAt(p.i+len(data), "incorrect base64 padding in byte sequence")
	}
	if len(data)%4 == 1 {
		return nil, p.failAt(open, "invalid base64 length in byte sequence")
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(data)))
	n, err := base64.RawStdEncoding.Decode(out, []byte(data))
	if err != nil {
		// Not reached: the checks above leave nothing the decoder rejects.
		return nil, p.failAt(open, "invalid base64 in byte sequence")
	}
	p.i += end + 1
	return out[:n], nil
}

// boolean parses a Boolean (RFC 8941 §4.2.8).
func (p *parser) boolean() (any, error) {
	p.i++ // '?'
	switch p.peek() {
	case '1':
		p.i++
		return true, nil
	case '0':
		p.i++
		return false, nil
	}
	return nil, p.fail("expected '0' or '1' after '?' in boolean")
}
