// Package base58 encodes and decodes base58btc, the Bitcoin alphabet that
// multibase names with the prefix "z": the text form of Multikey public
// keys (FEP-521a) and of Data Integrity proof values (FEP-8b32).
package base58

import (
	"errors"
	"fmt"
	"strings"
)

// alphabet is the base58btc alphabet: no 0, O, I or l.
const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// ErrInvalid means a text has a character outside the alphabet.
var ErrInvalid = errors.New("base58: invalid character")

// Encode writes b in base58btc: each leading zero byte as a '1', the
// rest as a big-endian number in base 58.
func Encode(b []byte) string {
	zeros := 0
	for zeros < len(b) && b[zeros] == 0 {
		zeros++
	}
	// digits holds the base-58 digits of the rest of b, least significant
	// first; each byte multiplies the number so far by 256 and adds
	// itself.
	digits := make([]byte, 0, (len(b)-zeros)*138/100+1)
	for _, c := range b[zeros:] {
		carry := int(c)
		for i, d := range digits {
			carry += int(d) << 8
			digits[i] = byte(carry % 58)
			carry /= 58
		}
		for carry > 0 {
			digits = append(digits, byte(carry%58))
			carry /= 58
		}
	}
	out := make([]byte, zeros+len(digits))
	for i := range zeros {
		out[i] = '1'
	}
	for i, d := range digits {
		out[len(out)-1-i] = alphabet[d]
	}
	return string(out)
}

// Decode reads base58btc text: each leading '1' is a leading zero byte.
// Its cost grows with the square of len(s): callers bound the length.
func Decode(s string) ([]byte, error) {
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	// num holds the bytes of the number so far, least significant first;
	// each character multiplies it by 58 and adds its digit.
	num := make([]byte, 0, (len(s)-zeros)*733/1000+1)
	for i := zeros; i < len(s); i++ {
		carry := strings.IndexByte(alphabet, s[i])
		if carry < 0 {
			return nil, fmt.Errorf("%w at offset %d", ErrInvalid, i)
		}
		for j, d := range num {
			carry += int(d) * 58
			num[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			num = append(num, byte(carry))
			carry >>= 8
		}
	}
	out := make([]byte, zeros+len(num))
	for i, d := range num {
		out[len(out)-1-i] = d
	}
	return out, nil
}
