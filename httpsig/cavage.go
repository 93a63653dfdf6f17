package httpsig

import (
	"bytes"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// maxSignatureHeader bounds the length of a signature header this package
// parses; real ones are well under 2 KiB.
const maxSignatureHeader = 16 << 10

// cavageSignature is a parsed draft-cavage-http-signatures-12 Signature (or
// Authorization: Signature) header.
type cavageSignature struct {
	header    string // "Signature" or "Authorization", for errors
	keyID     string
	algorithm string // as sent, lower-cased; "" when absent
	headers   []string
	signature []byte

	created, expires       int64
	hasCreated, hasExpires bool
}

// cavageHeader finds the cavage signature in h: the Signature header, or
// else an Authorization header with the Signature scheme.
func cavageHeader(h http.Header) (name, value string, ok bool) {
	if v := h.Get("Signature"); v != "" {
		return "Signature", v, true
	}
	if v := h.Get("Authorization"); len(v) > len("Signature ") && strings.EqualFold(v[:len("Signature ")], "Signature ") {
		return "Authorization", v[len("Signature "):], true
	}
	return "", "", false
}

// parseCavage parses the parameter list of a cavage signature header:
// comma-separated name="value" pairs (created and expires may be bare
// integers). Parameter names are matched case-insensitively, unknown ones
// are ignored, and a repeated one is an error.
func parseCavage(header, v string) (*cavageSignature, error) {
	bad := func(off int, format string, args ...any) error {
		return &MalformedError{Header: header, Offset: off, Reason: fmt.Sprintf(format, args...)}
	}
	if len(v) > maxSignatureHeader {
		return nil, bad(-1, "longer than %d bytes", maxSignatureHeader)
	}
	sig := &cavageSignature{header: header}
	var seen [6]bool // keyId, algorithm, headers, signature, created, expires
	i := 0
	for {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == ',') {
			i++
		}
		if i >= len(v) {
			break
		}
		start := i
		for i < len(v) && v[i] != '=' && v[i] != ',' && v[i] != ' ' {
			i++
		}
		name := v[start:i]
		if i >= len(v) || v[i] != '=' {
			return nil, bad(i, "expected '=' after parameter %q", name)
		}
		i++
		var val string
		if i < len(v) && v[i] == '"' {
			var ok bool
			if val, i, ok = quotedValue(v, i+1); !ok {
				return nil, bad(len(v), "unterminated quoted value of %q", name)
			}
		} else {
			vs := i
			for i < len(v) && v[i] != ',' && v[i] != ' ' && v[i] != '\t' {
				i++
			}
			val = v[vs:i]
		}
		idx := -1
		switch strings.ToLower(name) {
		case "keyid":
			idx = 0
			sig.keyID = val
		case "algorithm":
			idx = 1
			sig.algorithm = strings.ToLower(val)
		case "headers":
			idx = 2
			sig.headers = strings.Fields(strings.ToLower(val))
			if len(sig.headers) == 0 {
				return nil, bad(start, "empty headers parameter")
			}
		case "signature":
			idx = 3
			b, err := decodeBase64(val)
			if err != nil || len(b) == 0 {
				return nil, bad(start, "signature is not base64")
			}
			sig.signature = b
		case "created", "expires":
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil || n < 0 {
				return nil, bad(start, "%s is not a Unix time", name)
			}
			if strings.EqualFold(name, "created") {
				idx, sig.created, sig.hasCreated = 4, n, true
			} else {
				idx, sig.expires, sig.hasExpires = 5, n, true
			}
		}
		if idx >= 0 {
			if seen[idx] {
				return nil, bad(start, "parameter %q repeated", name)
			}
			seen[idx] = true
		}
		if i < len(v) && v[i] != ',' && v[i] != ' ' && v[i] != '\t' {
			return nil, bad(i, "expected ',' after parameter %q", name)
		}
	}
	if sig.keyID == "" {
		return nil, bad(-1, "no keyId parameter")
	}
	if sig.signature == nil {
		return nil, bad(-1, "no signature parameter")
	}
	if sig.headers == nil {
		// draft-cavage-12 says the default is (created), but the older
		// default, kept by Mastodon and every other fediverse verifier, is
		// the Date header alone.
		sig.headers = []string{"date"}
	}
	return sig, nil
}

// quotedValue reads a quoted string that starts at v[i], just after its
// opening quote. It returns the unescaped value and the index after the
// closing quote.
func quotedValue(v string, i int) (string, int, bool) {
	end := strings.IndexByte(v[i:], '"')
	if end < 0 {
		return "", 0, false
	}
	if strings.IndexByte(v[i:i+end], '\\') < 0 {
		return v[i : i+end], i + end + 1, true
	}
	var b strings.Builder
	for ; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		case c == '"':
			return b.String(), i + 1, true
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}

// decodeBase64 accepts standard base64 with or without padding.
func decodeBase64(s string) ([]byte, error) {
	if strings.HasSuffix(s, "=") || len(s)%4 == 0 {
		return base64.StdEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// cavageAlgorithms maps a cavage algorithm parameter and a key to the
// schemes to try. The key decides; the parameter may only narrow it.
func cavageAlgorithms(param string, key any) ([]algorithm, error) {
	if _, ok := key.([]byte); ok {
		if param != "" && param != "hmac-sha256" && param != "hs2019" {
			return nil, fmt.Errorf("%w: %q with a shared secret", ErrUnsupportedAlgorithm, param)
		}
		return []algorithm{algHMAC}, nil
	}
	algs, err := algorithmsForKey(key)
	if err != nil {
		return nil, err
	}
	var want string
	switch param {
	case "", "hs2019":
		switch algs[0].name {
		case AlgRSAv15SHA256:
			return rsaCavageAlgorithms, nil
		case AlgECDSAP256SHA256:
			return p256CavageAlgorithms, nil
		case AlgECDSAP384SHA384:
			return p384CavageAlgorithms, nil
		}
		return ed25519CavageAlgorithms, nil
	case "rsa-sha256":
		want = AlgRSAv15SHA256
	case "rsa-sha512":
		if _, ok := key.(*rsa.PublicKey); !ok {
			return nil, fmt.Errorf("%w: rsa-sha512 needs an RSA key", ErrUnsupportedAlgorithm)
		}
		return []algorithm{asCavage(algRSAv15SHA512)}, nil
	case "ecdsa-sha256":
		want = AlgECDSAP256SHA256
	case "ecdsa-sha384":
		want = AlgECDSAP384SHA384
	case "ed25519":
		want = AlgEd25519
	case "hmac-sha256":
		return nil, fmt.Errorf("%w: hmac-sha256 needs a configured shared secret", ErrUnsupportedAlgorithm)
	default:
		return nil, fmt.Errorf("%w: cavage algorithm %q", ErrUnsupportedAlgorithm, param)
	}
	for i, a := range algs {
		if a.name == want {
			all, _ := cavageAlgorithms("hs2019", key)
			return all[i : i+1], nil
		}
	}
	return nil, fmt.Errorf("%w: cavage algorithm %q does not fit the key", ErrUnsupportedAlgorithm, param)
}

// cavageSigningString builds the string that a cavage signature signs.
// withQuery false drops the query from (request-target), as some old
// senders did. emptyNoSpace writes an empty header as "name:" instead of
// "name: " (the draft's example prints the former, its text and most
// implementations the latter).
func cavageSigningString(m *message, sig *cavageSignature, withQuery, emptyNoSpace bool) ([]byte, error) {
	b := bytes.NewBuffer(make([]byte, 0, 256))
	for i, name := range sig.headers {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch name {
		case "(request-target)":
			if m.req == nil || m.status != 0 {
				return nil, fmt.Errorf("%w: (request-target) in a response signature", ErrMissingComponent)
			}
			path, query, hasQuery := requestPathQuery(m.req)
			b.WriteString("(request-target): ")
			method := m.req.Method
			if method == "" {
				method = http.MethodGet
			}
			b.WriteString(strings.ToLower(method))
			b.WriteByte(' ')
			b.WriteString(path)
			if withQuery && hasQuery {
				b.WriteByte('?')
				b.WriteString(query)
			}
		case "(created)", "(expires)":
			if a := sig.algorithm; strings.HasPrefix(a, "rsa") || strings.HasPrefix(a, "hmac") || strings.HasPrefix(a, "ecdsa") {
				return nil, &MalformedError{Header: sig.header, Offset: -1, Reason: fmt.Sprintf("%s may not be used with algorithm %q", name, a)}
			}
			n, ok := sig.created, sig.hasCreated
			if name == "(expires)" {
				n, ok = sig.expires, sig.hasExpires
			}
			if !ok {
				return nil, &MissingComponentError{Component: name, InMessage: true}
			}
			b.WriteString(name)
			b.WriteString(": ")
			b.WriteString(strconv.FormatInt(n, 10))
		default:
			if name[0] == '(' {
				return nil, &MalformedError{Header: sig.header, Offset: -1, Reason: fmt.Sprintf("unknown pseudo-header %s", name)}
			}
			v, ok := m.fieldValue(name, false, false)
			if !ok {
				return nil, &MissingComponentError{Component: name, InMessage: true}
			}
			if hasLineBreak(v) {
				return nil, &MalformedError{Header: name, Offset: -1, Reason: "line break in a signed header"}
			}
			b.WriteString(name)
			if v == "" && emptyNoSpace {
				b.WriteByte(':')
			} else {
				b.WriteString(": ")
				b.WriteString(v)
			}
		}
	}
	return b.Bytes(), nil
}

// formatCavage writes a cavage Signature header value.
func formatCavage(keyID, algorithm string, headers []string, created, expires int64, sig []byte) string {
	var b strings.Builder
	b.WriteString(`keyId="`)
	b.WriteString(escapeQuoted(keyID))
	b.WriteString(`",algorithm="`)
	b.WriteString(algorithm)
	b.WriteByte('"')
	if created > 0 {
		b.WriteString(",created=")
		b.WriteString(strconv.FormatInt(created, 10))
	}
	if expires > 0 {
		b.WriteString(",expires=")
		b.WriteString(strconv.FormatInt(expires, 10))
	}
	b.WriteString(`,headers="`)
	b.WriteString(strings.Join(headers, " "))
	b.WriteString(`",signature="`)
	b.WriteString(base64.StdEncoding.EncodeToString(sig))
	b.WriteByte('"')
	return b.String()
}

func escapeQuoted(s string) string {
	if !strings.ContainsAny(s, `"\`) {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return r.Replace(s)
}
