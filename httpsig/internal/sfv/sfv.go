package sfv

import "strconv"

// Token is an RFC 8941 Token: a short textual word such as a media type or
// an algorithm name, serialized without quotes. It starts with an ASCII
// letter or "*"; the other characters are tchar (RFC 9110), ":" or "/".
type Token string

// Decimal is an RFC 8941 Decimal: at most 12 integer digits and at most 3
// fractional digits. The serializer rounds to 3 fractional digits, rounding
// half to even on the shortest decimal form of the float64, and fails when
// more than 12 integer digits remain.
type Decimal float64

// Param is one parameter of an [Item] or [InnerList]. Value is a bare item
// (see the package documentation for the Go types).
type Param struct {
	// Key is the parameter's name: a lower-case letter or "*", then
	// lower-case letters, digits, "_", "-", "." or "*".
	Key string
	// Value is the parameter's bare item.
	Value any
}

// Params is an ordered set of parameters. A parameter whose value is the
// Boolean true is serialized as its key alone (";key"). The parser never
// produces two parameters with the same key: a repeated key replaces the
// earlier value in its position. The serializers reject repeated keys.
type Params []Param

// Get returns the value of the first parameter named key, and whether there
// is one.
func (p Params) Get(key string) (any, bool) {
	for i := range p {
		if p[i].Key == key {
			return p[i].Value, true
		}
	}
	return nil, false
}

// Item is a bare item with its parameters.
type Item struct {
	// Value is the bare item.
	Value any
	// Params are the item's parameters, nil when it has none.
	Params Params
}

// InnerList is a parenthesized list of items with its own parameters.
type InnerList struct {
	// Items are the members of the inner list, nil when it is empty.
	Items []Item
	// Params are the inner list's parameters, nil when it has none.
	Params Params
}

// Member is a member of a [List] or a value of a [Dictionary]: an [Item] or
// an [InnerList]. The parsers always produce these two value types, never
// pointers to them; the serializers also accept a non-nil *Item or
// *InnerList.
type Member interface {
	member()
}

func (Item) member()      {}
func (InnerList) member() {}

// List is an RFC 8941 List: an ordered sequence of members. An empty field
// is an empty List.
type List []Member

// DictMember is one member of a [Dictionary]. A Value that is an [Item]
// holding the Boolean true is serialized as the key alone, followed by the
// item's parameters.
type DictMember struct {
	// Key is the member's name, with the syntax of a [Param] key.
	Key string
	// Value is the member's value.
	Value Member
}

// Dictionary is an RFC 8941 Dictionary: an ordered map from keys to members.
// An empty field is an empty Dictionary. The parser never produces two
// members with the same key: a repeated key replaces the earlier value in
// its position. The serializer rejects repeated keys.
type Dictionary []DictMember

// Get returns the value of the first member named key, and whether there is
// one.
func (d Dictionary) Get(key string) (Member, bool) {
	for i := range d {
		if d[i].Key == key {
			return d[i].Value, true
		}
	}
	return nil, false
}

// Error is the error returned by the parsers, and by the serializers for
// values that cannot be serialized.
type Error struct {
	// Offset is the byte offset in the input where parsing failed, or -1
	// for an error from a serializer.
	Offset int
	// Msg says what was wrong.
	Msg string
}

// Error returns "sfv: <msg> at offset <n>", or "sfv: <msg>" when Offset is
// negative.
func (e *Error) Error() string {
	if e.Offset < 0 {
		return "sfv: " + e.Msg
	}
	return "sfv: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Character classes of RFC 8941 and RFC 9110, over bytes. Bytes outside
// ASCII belong to none of them.

func isDigit(c byte) bool   { return '0' <= c && c <= '9' }
func isLCAlpha(c byte) bool { return 'a' <= c && c <= 'z' }
func isAlpha(c byte) bool   { return isLCAlpha(c) || ('A' <= c && c <= 'Z') }

// isKeyStart reports whether c may begin a key.
func isKeyStart(c byte) bool { return isLCAlpha(c) || c == '*' }

// isKeyChar reports whether c may follow the first character of a key.
func isKeyChar(c byte) bool {
	return isLCAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*'
}

// isTokenStart reports whether c may begin a token.
func isTokenStart(c byte) bool { return isAlpha(c) || c == '*' }

// isTokenChar reports whether c may follow the first character of a token:
// tchar, ":" or "/".
func isTokenChar(c byte) bool {
	if isAlpha(c) || isDigit(c) {
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~', ':', '/':
		return true
	}
	return false
}

// isBase64Char reports whether c may appear inside a Byte Sequence.
func isBase64Char(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '='
}

// isPrintable reports whether c may appear in a String (unescaped or, for
// '"' and '\\', escaped).
func isPrintable(c byte) bool { return 0x20 <= c && c <= 0x7e }

// Limits of RFC 8941 numbers.
const (
	maxInteger      = 999_999_999_999_999
	maxIntegerChars = 15
	maxDecimalInt   = 12
	maxDecimalFrac  = 3
)
