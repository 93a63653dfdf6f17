package sfv

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
)

// MarshalItem serializes an Item (RFC 8941 §4.1.3).
func MarshalItem(it Item) (string, error) {
	var buf [128]byte
	b, err := appendItem(buf[:0], it)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// MarshalInnerList serializes an InnerList (RFC 8941 §4.1.1.1).
func MarshalInnerList(il InnerList) (string, error) {
	var buf [128]byte
	b, err := appendInnerList(buf[:0], il)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// MarshalList serializes a List (RFC 8941 §4.1.1), separating members with
// ", ". An empty list gives "", which RFC 8941 says means the field should
// not be sent at all.
func MarshalList(l List) (string, error) {
	var buf [256]byte
	b := buf[:0]
	for i, m := range l {
		if i > 0 {
			b = append(b, ", "...)
		}
		var err error
		if b, err = appendMember(b, m); err != nil {
			return "", err
		}
	}
	return string(b), nil
}

// MarshalDictionary serializes a Dictionary (RFC 8941 §4.1.2), separating
// members with ", ". A member whose value is an Item holding the Boolean
// true is written as its key and parameters only. Duplicate keys are an
// error. An empty dictionary gives "", which RFC 8941 says means the field
// should not be sent at all.
func MarshalDictionary(d Dictionary) (string, error) {
	if err := checkUnique(len(d), func(i int) string { return d[i].Key }); err != nil {
		return "", err
	}
	var buf [256]byte
	b := buf[:0]
	for i, m := range d {
		if i > 0 {
			b = append(b, ", "...)
		}
		var err error
		if b, err = appendKey(b, m.Key); err != nil {
			return "", err
		}
		if it, ok := asItem(m.Value); ok && it.Value == true {
			b, err = appendParams(b, it.Params)
		} else {
			b = append(b, '=')
			b, err = appendMember(b, m.Value)
		}
		if err != nil {
			return "", err
		}
	}
	return string(b), nil
}

// MarshalBareItem serializes a bare item (RFC 8941 §4.1.3.1): an int64,
// [Decimal], string, [Token], []byte or bool. Other Go integer types are
// taken as Integers and float64 as a Decimal.
func MarshalBareItem(v any) (string, error) {
	var buf [64]byte
	b, err := appendBareItem(buf[:0], v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// MarshalParams serializes parameters (RFC 8941 §4.1.1.2), each as
// ";key=value", or ";key" when the value is the Boolean true. Duplicate keys
// are an error. No parameters give "".
func MarshalParams(p Params) (string, error) {
	var buf [64]byte
	b, err := appendParams(buf[:0], p)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func marshalError(format string, args ...any) error {
	return &Error{Offset: -1, Msg: fmt.Sprintf(format, args...)}
}

// asItem returns m as an Item, dereferencing a non-nil *Item.
func asItem(m Member) (Item, bool) {
	switch m := m.(type) {
	case Item:
		return m, true
	case *Item:
		if m != nil {
			return *m, true
		}
	}
	return Item{}, false
}

func appendMember(b []byte, m Member) ([]byte, error) {
	switch m := m.(type) {
	case Item:
		return appendItem(b, m)
	case InnerList:
		return appendInnerList(b, m)
	case *Item:
		if m != nil {
			return appendItem(b, *m)
		}
	case *InnerList:
		if m != nil {
			return appendInnerList(b, *m)
		}
	}
	return nil, marshalError("member is %T, not an Item or InnerList", m)
}

func appendInnerList(b []byte, il InnerList) ([]byte, error) {
	b = append(b, '(')
	for i, it := range il.Items {
		if i > 0 {
			b = append(b, ' ')
		}
		var err error
		if b, err = appendItem(b, it); err != nil {
			return nil, err
		}
	}
	b = append(b, ')')
	return appendParams(b, il.Params)
}

func appendItem(b []byte, it Item) ([]byte, error) {
	b, err := appendBareItem(b, it.Value)
	if err != nil {
		return nil, err
	}
	return appendParams(b, it.Params)
}

func appendParams(b []byte, ps Params) ([]byte, error) {
	if err := checkUnique(len(ps), func(i int) string { return ps[i].Key }); err != nil {
		return nil, err
	}
	for _, p := range ps {
		b = append(b, ';')
		var err error
		if b, err = appendKey(b, p.Key); err != nil {
			return nil, err
		}
		if p.Value == true {
			continue
		}
		b = append(b, '=')
		if b, err = appendBareItem(b, p.Value); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// checkUnique returns an error when two of the n keys that keyAt returns
// are equal.
func checkUnique(n int, keyAt func(int) string) error {
	if n <= linearKeys {
		for i := 1; i < n; i++ {
			for j := range i {
				if keyAt(i) == keyAt(j) {
					return marshalError("duplicate key %q", keyAt(i))
				}
			}
		}
		return nil
	}
	seen := make(map[string]struct{}, n)
	for i := range n {
		k := keyAt(i)
		if _, ok := seen[k]; ok {
			return marshalError("duplicate key %q", k)
		}
		seen[k] = struct{}{}
	}
	return nil
}

func appendKey(b []byte, k string) ([]byte, error) {
	if k == "" {
		return nil, marshalError("empty key")
	}
	if !isKeyStart(k[0]) {
		return nil, marshalError("invalid key %q: must start with a lowercase letter or '*'", k)
	}
	for i := 1; i < len(k); i++ {
		if !isKeyChar(k[i]) {
			return nil, marshalError("invalid character in key %q", k)
		}
	}
	return append(b, k...), nil
}

func appendBareItem(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case int64:
		return appendInteger(b, v)
	case int:
		return appendInteger(b, int64(v))
	case int8:
		return appendInteger(b, int64(v))
	case int16:
		return appendInteger(b, int64(v))
	case int32:
		return appendInteger(b, int64(v))
	case uint:
		return appendUnsigned(b, uint64(v))
	case uint8:
		return appendInteger(b, int64(v))
	case uint16:
		return appendInteger(b, int64(v))
	case uint32:
		return appendInteger(b, int64(v))
	case uint64:
		return appendUnsigned(b, v)
	case Decimal:
		return appendDecimal(b, float64(v))
	case float64:
		return appendDecimal(b, v)
	case string:
		return appendString(b, v)
	case Token:
		return appendToken(b, v)
	case []byte:
		b = append(b, ':')
		b = base64.StdEncoding.AppendEncode(b, v)
		return append(b, ':'), nil
	case bool:
		if v {
			return append(b, "?1"...), nil
		}
		return append(b, "?0"...), nil
	case nil:
		return nil, marshalError("bare item is nil")
	}
	return nil, marshalError("unsupported bare item type %T", v)
}

func appendInteger(b []byte, v int64) ([]byte, error) {
	if v < -maxInteger || v > maxInteger {
		return nil, marshalError("integer %d out of range", v)
	}
	return strconv.AppendInt(b, v, 10), nil
}

func appendUnsigned(b []byte, v uint64) ([]byte, error) {
	if v > maxInteger {
		return nil, marshalError("integer %d out of range", v)
	}
	return strconv.AppendInt(b, int64(v), 10), nil
}

// appendDecimal serializes a Decimal (RFC 8941 §4.1.5). The value is first
// written in its shortest decimal form (the digits that identify the
// float64), and that form is rounded to 3 fractional digits, half to even.
// So Decimal(0.0025) gives "0.002" and Decimal(0.0035) gives "0.004", as a
// reader of the Go literal expects, whatever the binary value's last bits.
func appendDecimal(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, marshalError("decimal %v is not a number", f)
	}
	neg := f < 0
	f = math.Abs(f)
	if f >= 1e12 {
		return nil, marshalError("decimal has more than 12 integer digits")
	}
	if f < 0.0005 {
		// Rounds to zero; skip formatting the many digits of tiny values.
		return append(b, "0.0"...), nil
	}
	// f < 1e12 and f >= 0.0005 give at most 12 integer digits and, being
	// shortest forms, at most about 20 fractional digits.
	var buf [48]byte
	s := strconv.AppendFloat(buf[:0], f, 'f', -1, 64)
	intDigits := len(s)
	var frac []byte
	for i, c := range s {
		if c == '.' {
			intDigits = i
			frac = s[i+1:]
			break
		}
	}
	// d holds the integer digits and exactly 3 fractional digits, with
	// one spare byte in front for a carry.
	var d [1 + maxDecimalInt + maxDecimalFrac]byte
	d[0] = '0'
	n := 1 + copy(d[1:], s[:intDigits])
	for i := range maxDecimalFrac {
		if i < len(frac) {
			d[n] = frac[i]
		} else {
			d[n] = '0'
		}
		n++
	}
	if len(frac) > maxDecimalFrac && roundUp(d[n-1], frac[maxDecimalFrac:]) {
		for i := n - 1; ; i-- {
			if d[i] != '9' {
				d[i]++
				break
			}
			d[i] = '0'
		}
	}
	digits := d[:n]
	if digits[0] == '0' {
		digits = digits[1:]
	}
	ip, fp := digits[:len(digits)-maxDecimalFrac], digits[len(digits)-maxDecimalFrac:]
	if len(ip) > maxDecimalInt {
		return nil, marshalError("decimal has more than 12 integer digits after rounding")
	}
	for len(fp) > 1 && fp[len(fp)-1] == '0' {
		fp = fp[:len(fp)-1]
	}
	if neg && (len(ip) > 1 || ip[0] != '0' || fp[0] != '0' || len(fp) > 1) {
		b = append(b, '-')
	}
	b = append(b, ip...)
	b = append(b, '.')
	return append(b, fp...), nil
}

// roundUp reports whether a number whose last kept digit is last and whose
// dropped digits are rest rounds up, rounding half to even.
func roundUp(last byte, rest []byte) bool {
	switch {
	case rest[0] > '5':
		return true
	case rest[0] < '5':
		return false
	}
	for _, c := range rest[1:] {
		if c != '0' {
			return true
		}
	}
	return (last-'0')%2 == 1
}

// appendString serializes a String (RFC 8941 §4.1.6).
func appendString(b []byte, s string) ([]byte, error) {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isPrintable(c) {
			return nil, marshalError("string has a character outside printable ASCII at byte %d", i)
		}
		if c == '"' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, c)
	}
	return append(b, '"'), nil
}

// appendToken serializes a Token (RFC 8941 §4.1.7).
func appendToken(b []byte, t Token) ([]byte, error) {
	if t == "" {
		return nil, marshalError("empty token")
	}
	if !isTokenStart(t[0]) {
		return nil, marshalError("invalid token %q: must start with a letter or '*'", string(t))
	}
	for i := 1; i < len(t); i++ {
		if !isTokenChar(t[i]) {
			return nil, marshalError("invalid character in token %q", string(t))
		}
	}
	return append(b, t...), nil
}
