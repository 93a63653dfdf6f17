package httpsig

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/fedikit/fedikit/httpsig/internal/sfv"
)

// DigestAlgorithm names a hash for the Digest (RFC 3230) and Content-Digest
// (RFC 9530) fields, spelled as the RFC 9530 registry spells it. Only
// SHA-256 and SHA-512 are supported: the other algorithms of those
// registries (md5, sha, unixsum, …) are unsafe against an adversary and are
// never used to accept a body.
type DigestAlgorithm string

const (
	// DigestSHA256 is SHA-256, the digest that Mastodon and most of the
	// fediverse send.
	DigestSHA256 DigestAlgorithm = "sha-256"
	// DigestSHA512 is SHA-512.
	DigestSHA512 DigestAlgorithm = "sha-512"
)

// digestInfo returns the RFC 3230 name and the output size of a supported
// algorithm; ok is false for any other.
func (a DigestAlgorithm) digestInfo() (legacyName string, size int, ok bool) {
	switch a {
	case DigestSHA256:
		return "SHA-256", sha256.Size, true
	case DigestSHA512:
		return "SHA-512", sha512.Size, true
	}
	return "", 0, false
}

// sum returns the digest of body; a must be supported.
func (a DigestAlgorithm) sum(body []byte) []byte {
	if a == DigestSHA512 {
		s := sha512.Sum512(body)
		return s[:]
	}
	s := sha256.Sum256(body)
	return s[:]
}

func unsupportedDigest(a DigestAlgorithm) error {
	return fmt.Errorf("%w: digest algorithm %q (want %q or %q)", ErrUnsupportedAlgorithm, string(a), DigestSHA256, DigestSHA512)
}

// Digest returns the value of an RFC 3230 Digest header for body, such as
// "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", the form that
// draft-cavage HTTP signatures cover. An algorithm other than [DigestSHA256]
// or [DigestSHA512] is an error matching [ErrUnsupportedAlgorithm].
func Digest(alg DigestAlgorithm, body []byte) (string, error) {
	name, _, ok := alg.digestInfo()
	if !ok {
		return "", unsupportedDigest(alg)
	}
	return name + "=" + base64.StdEncoding.EncodeToString(alg.sum(body)), nil
}

// ContentDigest returns the value of an RFC 9530 Content-Digest header for
// body, one dictionary member per algorithm in the order given, such as
// "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:". With no
// algorithms it uses [DigestSHA256]; an algorithm given twice appears once.
// When body is the full representation (no range, the same content coding),
// the value also serves as a Repr-Digest header. An algorithm other than
// [DigestSHA256] or [DigestSHA512] is an error matching
// [ErrUnsupportedAlgorithm].
func ContentDigest(body []byte, algs ...DigestAlgorithm) (string, error) {
	if len(algs) == 0 {
		algs = []DigestAlgorithm{DigestSHA256}
	}
	d := make(sfv.Dictionary, 0, len(algs))
	for _, alg := range algs {
		if _, _, ok := alg.digestInfo(); !ok {
			return "", unsupportedDigest(alg)
		}
		if _, dup := d.Get(string(alg)); dup {
			continue
		}
		d = append(d, sfv.DictMember{Key: string(alg), Value: sfv.Item{Value: alg.sum(body)}})
	}
	s, err := sfv.MarshalDictionary(d)
	if err != nil {
		// Not reached: the keys are valid and the values are byte sequences.
		return "", fmt.Errorf("httpsig: serializing Content-Digest: %w", err)
	}
	return s, nil
}

// VerifyDigest checks the value of an RFC 3230 Digest header against body.
//
// The value is a comma-separated list of algorithm=base64 pairs; algorithm
// names are case-insensitive and base64 "=" padding may be omitted. Every
// SHA-256 and SHA-512 digest in the value must match body, and there must be
// at least one. Other algorithms (MD5, SHA, UNIXsum, …) are ignored, never
// trusted.
//
// The error matches [ErrMalformed] (a [*MalformedError] for the "Digest"
// header) when the value is empty or does not parse, [ErrUnsupportedAlgorithm]
// when it has no SHA-256 or SHA-512 digest, and [ErrDigestMismatch] when a
// digest differs from the body's. A digest of the wrong length for its
// algorithm is a mismatch.
func VerifyDigest(value string, body []byte) error {
	const header = "Digest"
	c := digestCheck{header: header, body: body}
	empty := true
	for start := 0; start <= len(value); {
		end := strings.IndexByte(value[start:], ',')
		if end < 0 {
			end = len(value)
		} else {
			end += start
		}
		off, elem := trimDigestOWS(start, value[start:end])
		start = end + 1
		if elem == "" {
			continue // the #rule allows empty list elements
		}
		empty = false
		eq := strings.IndexByte(elem, '=')
		if eq < 0 {
			return &MalformedError{Header: header, Offset: off + len(elem), Reason: `expected "=" after digest algorithm`}
		}
		if eq == 0 {
			return &MalformedError{Header: header, Offset: off, Reason: "missing digest algorithm"}
		}
		for i := 0; i < eq; i++ {
			if !isDigestAlgChar(elem[i]) {
				return &MalformedError{Header: header, Offset: off + i, Reason: "invalid character in digest algorithm"}
			}
		}
		var alg DigestAlgorithm
		switch name := elem[:eq]; {
		case strings.EqualFold(name, string(DigestSHA256)):
			alg = DigestSHA256
		case strings.EqualFold(name, string(DigestSHA512)):
			alg = DigestSHA512
		default:
			continue
		}
		got, bad := decodeDigestBase64(elem[eq+1:])
		if bad >= 0 {
			return &MalformedError{Header: header, Offset: off + eq + 1 + bad, Reason: "invalid base64 in " + string(alg) + " digest"}
		}
		c.check(alg, got)
	}
	return c.result(empty)
}

// VerifyContentDigest checks the value of an RFC 9530 Content-Digest header
// against body. It also checks a Repr-Digest header when body is the full
// selected representation; errors then still name the header
// "Content-Digest".
//
// The value is an RFC 8941 Dictionary of Byte Sequences keyed by algorithm.
// Every sha-256 and sha-512 member must match body, and there must be at
// least one. Other algorithms (md5, sha, unixsum, …) are ignored, never
// trusted; member parameters are ignored.
//
// The error matches [ErrMalformed] (a [*MalformedError] for the
// "Content-Digest" header, with the offset where parsing failed) when the
// value is empty or does not parse, or when a sha-256 or sha-512 member is
// not a Byte Sequence; [ErrUnsupportedAlgorithm] when there is no sha-256 or
// sha-512 member; and [ErrDigestMismatch] when a digest differs from the
// body's. A digest of the wrong length for its algorithm is a mismatch.
func VerifyContentDigest(value string, body []byte) error {
	if ok, match := quickContentDigest(value, body); ok {
		if !match {
			return fmt.Errorf("%w (%s)", ErrDigestMismatch, DigestSHA256)
		}
		return nil
	}
	return verifyContentDigest(value, body)
}

// verifyContentDigest is VerifyContentDigest through the general parser.
func verifyContentDigest(value string, body []byte) error {
	const header = "Content-Digest"
	d, err := sfv.ParseDictionary(value)
	if err != nil {
		var se *sfv.Error
		if errors.As(err, &se) {
			return &MalformedError{Header: header, Offset: se.Offset, Reason: se.Msg}
		}
		return &MalformedError{Header: header, Offset: -1, Reason: err.Error()}
	}
	c := digestCheck{header: header, body: body}
	for _, m := range d {
		alg := DigestAlgorithm(m.Key)
		if _, _, ok := alg.digestInfo(); !ok {
			continue
		}
		it, _ := m.Value.(sfv.Item)
		got, ok := it.Value.([]byte)
		if !ok {
			return &MalformedError{Header: header, Offset: -1, Reason: string(alg) + " value is not a byte sequence"}
		}
		c.check(alg, got)
	}
	return c.result(len(d) == 0)
}

// digestCheck compares the digests found in a header with those of body,
// hashing body at most once per algorithm.
type digestCheck struct {
	header   string
	body     []byte
	sha256   []byte
	sha512   []byte
	found    bool
	mismatch DigestAlgorithm // first algorithm whose digest differs
	gotSize  int             // size of that digest
}

// check compares got with the digest of the body under alg (a supported
// algorithm), and remembers the first mismatch.
func (c *digestCheck) check(alg DigestAlgorithm, got []byte) {
	c.found = true
	sum := &c.sha256
	if alg == DigestSHA512 {
		sum = &c.sha512
	}
	if *sum == nil {
		*sum = alg.sum(c.body)
	}
	if subtle.ConstantTimeCompare(got, *sum) == 1 || c.mismatch != "" {
		return
	}
	c.mismatch = alg
	c.gotSize = len(got)
}

// result returns the outcome of the checks; empty tells whether the header
// value had no members at all.
func (c *digestCheck) result(empty bool) error {
	if c.mismatch != "" {
		if _, size, _ := c.mismatch.digestInfo(); c.gotSize != size {
			return fmt.Errorf("%w (%s digest is %d bytes, want %d)", ErrDigestMismatch, c.mismatch, c.gotSize, size)
		}
		return fmt.Errorf("%w (%s)", ErrDigestMismatch, c.mismatch)
	}
	switch {
	case c.found:
		return nil
	case empty:
		return &MalformedError{Header: c.header, Offset: 0, Reason: "empty value"}
	}
	return fmt.Errorf("%w: %s header has no %s or %s digest", ErrUnsupportedAlgorithm, c.header, DigestSHA256, DigestSHA512)
}

// trimDigestOWS removes optional whitespace (SP and HTAB) around s, which starts
// at offset off of the header value, and returns the new offset with it.
func trimDigestOWS(off int, s string) (int, string) {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
		off++
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return off, s
}

// decodeDigestBase64 decodes standard base64, with or without "=" padding.
// On failure it returns the offset in s of the problem; otherwise -1.
func decodeDigestBase64(s string) ([]byte, int) {
	data := strings.TrimRight(s, "=")
	if data == "" {
		return nil, 0
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return nil, i
		}
	}
	enc := base64.RawStdEncoding
	if len(data) < len(s) {
		if len(s)%4 != 0 || len(s)-len(data) > 2 {
			return nil, len(data)
		}
		enc = base64.StdEncoding
		data = s
	}
	b, err := enc.DecodeString(data)
	if err != nil {
		return nil, 0
	}
	return b, -1
}

// isDigestAlgChar reports whether c may appear in an RFC 3230 algorithm
// name, a token: whether c is a tchar (RFC 9110 §5.6.2).
func isDigestAlgChar(c byte) bool {
	if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// quickContentDigest checks the usual Content-Digest value, a single
// "sha-256=:...:" member of the right length, without the general parser.
// ok is false for any other value, which the caller then parses.
func quickContentDigest(value string, body []byte) (ok, match bool) {
	const prefix = "sha-256=:"
	if len(value) != len(prefix)+44+1 || value[:len(prefix)] != prefix || value[len(value)-1] != ':' {
		return false, false
	}
	var got [33]byte
	n, err := base64.StdEncoding.Decode(got[:], []byte(value[len(prefix):len(value)-1]))
	if err != nil || n != sha256.Size {
		return false, false
	}
	sum := sha256.Sum256(body)
	return true, subtle.ConstantTimeCompare(got[:n], sum[:]) == 1
}
