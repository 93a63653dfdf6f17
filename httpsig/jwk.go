package httpsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
)

// JWK is one JSON Web Key (RFC 7517) of a kind this package can sign or
// verify with: RSA and EC keys (RFC 7518), Ed25519 keys (kty "OKP",
// RFC 8037) and HMAC secrets (kty "oct").
//
// Its JSON form is the JWK object. All binary members are base64url without
// padding, as RFC 7517 requires; padded input is accepted too. Members other
// than those of the key, "kid", "alg" and "use" (such as "key_ops" or
// "x5c") are ignored when parsing and not written.
//
// Formatting a JWK with the fmt package prints only a summary such as
// JWK{kty=RSA bits=2048 kid="k1" private}, never key material, whatever the
// verb. [JWK.MarshalJSON] does write private members when the key is
// private, so treat its output as a secret.
type JWK struct {
	// Key is the key: an *[rsa.PublicKey], *[rsa.PrivateKey],
	// *[ecdsa.PublicKey] or *[ecdsa.PrivateKey] (P-256 or P-384),
	// [ed25519.PublicKey] or [ed25519.PrivateKey], or a []byte holding an
	// HMAC secret (kty "oct").
	Key any
	// KeyID is the "kid" member.
	KeyID string
	// Algorithm is the "alg" member as written, such as the JOSE names
	// "RS256", "PS512", "ES256", "EdDSA" and "HS256", or an RFC 9421
	// algorithm name. It is informational: parsing does not check it
	// against the key.
	Algorithm string
	// Use is the "use" member, such as "sig".
	Use string
}

// ParseJWK parses a JSON Web Key. See [JWK.UnmarshalJSON] for the rules.
func ParseJWK(data []byte) (*JWK, error) {
	k := new(JWK)
	if err := k.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return k, nil
}

// UnmarshalJSON parses a JSON Web Key into k. It accepts:
//
//   - kty "RSA" with n and e, and for a private key also d, p and q (dp,
//     dq and qi are optional, but must come together). The key is checked
//     with [rsa.PrivateKey.Validate]. Multi-prime keys ("oth") are not
//     supported. The size limits of [ParsePublicKeyPEM] apply: 1024 to
//     8192 bits.
//   - kty "EC" with crv "P-256" or "P-384", x and y (each the full size of
//     a coordinate), and d for a private key. The point must be on the
//     curve, and d must match it.
//   - kty "OKP" with crv "Ed25519" and x (32 bytes), and for a private key
//     d, the 32-byte seed, which must match x.
//   - kty "oct" with k, an HMAC secret, which becomes a []byte.
//
// Other key types and curves give an error matching [ErrUnsupportedKey].
// On error, k is left unchanged. Error messages never contain key material.
func (k *JWK) UnmarshalJSON(data []byte) error {
	return invalidKey(k.unmarshalJSON(data))
}

func (k *JWK) unmarshalJSON(data []byte) error {
	var m jwkMembers
	if err := json.Unmarshal(data, &m); err != nil {
		// The JSON error text can quote input, which may be key material.
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("httpsig: JWK is not valid JSON (error at offset %d)", se.Offset)
		}
		return errors.New("httpsig: JWK is not a JSON object")
	}
	if m == nil {
		return errors.New("httpsig: JWK is not a JSON object")
	}
	kty, _, err := m.str("kty")
	if err != nil {
		return err
	}
	var out JWK
	if out.KeyID, _, err = m.str("kid"); err != nil {
		return err
	}
	if out.Algorithm, _, err = m.str("alg"); err != nil {
		return err
	}
	if out.Use, _, err = m.str("use"); err != nil {
		return err
	}
	switch kty {
	case "RSA":
		out.Key, err = m.rsaKey()
	case "EC":
		out.Key, err = m.ecKey()
	case "OKP":
		out.Key, err = m.okpKey()
	case "oct":
		out.Key, err = m.need("k")
	case "":
		return errors.New(`httpsig: JWK lacks "kty"`)
	default:
		return fmt.Errorf("%w: JWK kty %q", ErrUnsupportedKey, shorten(kty))
	}
	if err != nil {
		return err
	}
	*k = out
	return nil
}

// MarshalJSON encodes k as a JSON Web Key. When k.Key is a private key (or
// an HMAC secret), the private members are written too: for RSA keys n, e,
// d, p, q, dp, dq and qi; for EC keys crv, x, y and d; for Ed25519 keys
// crv, x and d (the seed); for secrets k. Keys that [JWK.UnmarshalJSON]
// would refuse give an error.
func (k JWK) MarshalJSON() ([]byte, error) {
	out := jwkJSON{Kid: k.KeyID, Use: k.Use, Alg: k.Algorithm}
	b64 := base64.RawURLEncoding.EncodeToString
	switch key := k.Key.(type) {
	case *rsa.PublicKey:
		if err := checkRSAPublicKey(key); err != nil {
			return nil, err
		}
		out.setRSAPublic(key)
	case *rsa.PrivateKey:
		if key == nil {
			return nil, errors.New("httpsig: nil RSA key")
		}
		if err := checkRSAPublicKey(&key.PublicKey); err != nil {
			return nil, err
		}
		if len(key.Primes) != 2 {
			return nil, fmt.Errorf("%w: RSA key with %d primes", ErrUnsupportedKey, len(key.Primes))
		}
		if key.D == nil || key.Primes[0] == nil || key.Primes[1] == nil {
			return nil, errors.New("httpsig: incomplete RSA private key")
		}
		pre := key.Precomputed
		if pre.Dp == nil || pre.Dq == nil || pre.Qinv == nil {
			// Compute the CRT values on a copy: the caller's key may be
			// in use by other goroutines.
			c := *key
			c.Precompute()
			pre = c.Precomputed
			if pre.Dp == nil || pre.Dq == nil || pre.Qinv == nil {
				return nil, errors.New("httpsig: invalid RSA private key")
			}
		}
		out.setRSAPublic(&key.PublicKey)
		out.D = b64(key.D.Bytes())
		out.P = b64(key.Primes[0].Bytes())
		out.Q = b64(key.Primes[1].Bytes())
		out.DP = b64(pre.Dp.Bytes())
		out.DQ = b64(pre.Dq.Bytes())
		out.QI = b64(pre.Qinv.Bytes())
	case *ecdsa.PublicKey:
		if _, err := checkPublicKey(key); err != nil {
			return nil, err
		}
		if err := out.setECPublic(key); err != nil {
			return nil, err
		}
	case *ecdsa.PrivateKey:
		if key == nil {
			return nil, errors.New("httpsig: nil ECDSA key")
		}
		if err := checkCurve(key.Curve); err != nil {
			return nil, err
		}
		d, err := key.Bytes()
		if err != nil {
			return nil, errors.New("httpsig: invalid ECDSA private key")
		}
		if err := out.setECPublic(&key.PublicKey); err != nil {
			return nil, err
		}
		out.D = b64(d)
	case ed25519.PublicKey:
		if _, err := checkPublicKey(key); err != nil {
			return nil, err
		}
		out.Kty, out.Crv, out.X = "OKP", "Ed25519", b64(key)
	case ed25519.PrivateKey:
		if len(key) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("httpsig: Ed25519 private key of %d bytes, want %d", len(key), ed25519.PrivateKeySize)
		}
		out.Kty, out.Crv = "OKP", "Ed25519"
		out.X = b64(key[ed25519.SeedSize:])
		out.D = b64(key.Seed())
	case []byte:
		if len(key) == 0 {
			return nil, errors.New("httpsig: empty HMAC secret")
		}
		out.Kty, out.K = "oct", b64(key)
	case nil:
		return nil, errors.New("httpsig: JWK has no key")
	default:
		return nil, fmt.Errorf("%w: %T", ErrUnsupportedKey, k.Key)
	}
	return json.Marshal(out)
}

// Public returns the public half of k.Key: the key itself when it is public,
// the public key of a private key, and nil for an HMAC secret, for a nil k
// and for keys of other types.
func (k *JWK) Public() crypto.PublicKey {
	if k == nil {
		return nil
	}
	switch key := k.Key.(type) {
	case *rsa.PublicKey:
		if key != nil {
			return key
		}
	case *ecdsa.PublicKey:
		if key != nil {
			return key
		}
	case ed25519.PublicKey:
		return key
	case *rsa.PrivateKey:
		if key != nil {
			return &key.PublicKey
		}
	case *ecdsa.PrivateKey:
		if key != nil {
			return &key.PublicKey
		}
	case ed25519.PrivateKey:
		if len(key) == ed25519.PrivateKeySize {
			return key.Public()
		}
	}
	return nil
}

// String returns a summary of k, such as
// JWK{kty=EC crv=P-256 kid="k1" alg="ES256" private}. It never includes key
// material.
func (k JWK) String() string {
	var b strings.Builder
	kty, detail, kind := describeKey(k.Key)
	b.WriteString("JWK{kty=")
	b.WriteString(kty)
	if detail != "" {
		b.WriteString(" ")
		b.WriteString(detail)
	}
	if k.KeyID != "" {
		fmt.Fprintf(&b, " kid=%q", k.KeyID)
	}
	if k.Algorithm != "" {
		fmt.Fprintf(&b, " alg=%q", k.Algorithm)
	}
	if k.Use != "" {
		fmt.Fprintf(&b, " use=%q", k.Use)
	}
	if kind != "" {
		b.WriteString(" ")
		b.WriteString(kind)
	}
	b.WriteString("}")
	return b.String()
}

// GoString returns the same summary as [JWK.String], so that %#v does not
// print key material.
func (k JWK) GoString() string { return k.String() }

// Format writes the summary of [JWK.String] for every verb, so that no
// formatting verb (%x or %d included) prints key material.
func (k JWK) Format(f fmt.State, _ rune) {
	_, _ = io.WriteString(f, k.String())
}

// describeKey returns the kty of key, a detail (bits or curve) and whether
// it is public, private or secret, for [JWK.String].
func describeKey(key any) (kty, detail, kind string) {
	switch key := key.(type) {
	case *rsa.PublicKey:
		if key != nil && key.N != nil {
			detail = fmt.Sprintf("bits=%d", key.N.BitLen())
		}
		return "RSA", detail, "public"
	case *rsa.PrivateKey:
		if key != nil && key.N != nil {
			detail = fmt.Sprintf("bits=%d", key.N.BitLen())
		}
		return "RSA", detail, "private"
	case *ecdsa.PublicKey:
		if key != nil {
			detail = curveDetail(key.Curve)
		}
		return "EC", detail, "public"
	case *ecdsa.PrivateKey:
		if key != nil {
			detail = curveDetail(key.Curve)
		}
		return "EC", detail, "private"
	case ed25519.PublicKey:
		return "OKP", "crv=Ed25519", "public"
	case ed25519.PrivateKey:
		return "OKP", "crv=Ed25519", "private"
	case []byte:
		return "oct", "", "secret"
	case nil:
		return "none", "", ""
	default:
		return "unsupported", fmt.Sprintf("type=%T", key), ""
	}
}

// curveDetail names a curve for [JWK.String].
func curveDetail(c elliptic.Curve) string {
	if c == nil {
		return ""
	}
	if p := c.Params(); p != nil && p.Name != "" {
		return "crv=" + shorten(p.Name)
	}
	return ""
}

// jwkJSON is the JSON form of a JWK, for writing.
type jwkJSON struct {
	Kty string `json:"kty"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
	Crv string `json:"crv,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	D   string `json:"d,omitempty"`
	P   string `json:"p,omitempty"`
	Q   string `json:"q,omitempty"`
	DP  string `json:"dp,omitempty"`
	DQ  string `json:"dq,omitempty"`
	QI  string `json:"qi,omitempty"`
	K   string `json:"k,omitempty"`
}

func (j *jwkJSON) setRSAPublic(pub *rsa.PublicKey) {
	j.Kty = "RSA"
	j.N = base64.RawURLEncoding.EncodeToString(pub.N.Bytes())
	j.E = base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())
}

func (j *jwkJSON) setECPublic(pub *ecdsa.PublicKey) error {
	u, err := pub.Bytes()
	if err != nil || len(u) == 0 || len(u)%2 == 0 {
		return errors.New("httpsig: invalid ECDSA public key")
	}
	size := (len(u) - 1) / 2
	j.Kty = "EC"
	j.Crv = pub.Curve.Params().Name
	j.X = base64.RawURLEncoding.EncodeToString(u[1 : 1+size])
	j.Y = base64.RawURLEncoding.EncodeToString(u[1+size:])
	return nil
}

// jwkMembers holds the members of a JWK object, for reading. A map keeps
// member names case-sensitive, as RFC 7517 requires.
type jwkMembers map[string]json.RawMessage

// str returns the string member name, and whether it is present.
func (m jwkMembers) str(name string) (string, bool, error) {
	raw, ok := m[name]
	if !ok {
		return "", false, nil
	}
	var s string
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) || json.Unmarshal(raw, &s) != nil {
		return "", true, fmt.Errorf("httpsig: JWK member %q is not a string", name)
	}
	return s, true, nil
}

// opt returns the base64url member name decoded, and whether it is present.
// A present member must not be empty.
func (m jwkMembers) opt(name string) ([]byte, bool, error) {
	s, ok, err := m.str(name)
	if err != nil || !ok {
		return nil, ok, err
	}
	enc := base64.RawURLEncoding
	if strings.HasSuffix(s, "=") {
		enc = base64.URLEncoding
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		return nil, true, fmt.Errorf("httpsig: JWK member %q is not valid base64url", name)
	}
	if len(b) == 0 {
		return nil, true, fmt.Errorf("httpsig: JWK member %q is empty", name)
	}
	return b, true, nil
}

// need is like opt for a member that must be present.
func (m jwkMembers) need(name string) ([]byte, error) {
	b, ok, err := m.opt(name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("httpsig: JWK lacks %q", name)
	}
	return b, nil
}

// rsaKey reads an RSA key.
func (m jwkMembers) rsaKey() (any, error) {
	if _, ok := m["oth"]; ok {
		return nil, fmt.Errorf("%w: multi-prime RSA JWK", ErrUnsupportedKey)
	}
	n, err := m.need("n")
	if err != nil {
		return nil, err
	}
	e, err := m.need("e")
	if err != nil {
		return nil, err
	}
	// Refuse absurd sizes before doing arithmetic; checkRSAPublicKey
	// applies the exact limits. Leading zero bytes are tolerated.
	n = bytes.TrimLeft(n, "\x00")
	if len(n) > maxRSABits/8 {
		return nil, fmt.Errorf("%w: RSA modulus of %d bytes", ErrUnsupportedKey, len(n))
	}
	e = bytes.TrimLeft(e, "\x00")
	if len(e) > 4 {
		return nil, fmt.Errorf("%w: RSA public exponent too large", ErrUnsupportedKey)
	}
	exp := 0
	for _, c := range e {
		exp = exp<<8 | int(c)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}
	if err := checkRSAPublicKey(pub); err != nil {
		return nil, err
	}

	var priv [6][]byte // d, p, q, dp, dq, qi
	var has [6]bool
	for i, name := range [...]string{"d", "p", "q", "dp", "dq", "qi"} {
		if priv[i], has[i], err = m.opt(name); err != nil {
			return nil, err
		}
		if len(bytes.TrimLeft(priv[i], "\x00")) > len(n) {
			return nil, fmt.Errorf("httpsig: RSA JWK member %q is longer than the modulus", name)
		}
	}
	switch {
	case !has[0] && !has[1] && !has[2] && !has[3] && !has[4] && !has[5]:
		return pub, nil
	case !has[0]:
		return nil, errors.New(`httpsig: RSA JWK has private members but lacks "d"`)
	case !has[1] || !has[2]:
		return nil, errors.New(`httpsig: RSA private JWK lacks "p" or "q"`)
	case (has[3] || has[4] || has[5]) && !(has[3] && has[4] && has[5]):
		return nil, errors.New(`httpsig: RSA private JWK has some but not all of "dp", "dq" and "qi"`)
	}
	// Cheap checks first, so that garbage does not cost a full validation.
	d, p, q := new(big.Int).SetBytes(priv[0]), new(big.Int).SetBytes(priv[1]), new(big.Int).SetBytes(priv[2])
	if d.Sign() == 0 || d.Cmp(pub.N) >= 0 {
		return nil, errors.New(`httpsig: invalid RSA private JWK: "d" out of range`)
	}
	if new(big.Int).Mul(p, q).Cmp(pub.N) != 0 {
		return nil, errors.New(`httpsig: invalid RSA private JWK: "p" and "q" do not match "n"`)
	}
	key := &rsa.PrivateKey{
		PublicKey: *pub,
		D:         d,
		Primes:    []*big.Int{p, q},
	}
	if has[3] {
		key.Precomputed.Dp = new(big.Int).SetBytes(priv[3])
		key.Precomputed.Dq = new(big.Int).SetBytes(priv[4])
		key.Precomputed.Qinv = new(big.Int).SetBytes(priv[5])
	}
	key.Precompute()
	if err := key.Validate(); err != nil {
		return nil, fmt.Errorf("httpsig: invalid RSA private JWK: %w", err)
	}
	return key, nil
}

// ecKey reads an EC key.
func (m jwkMembers) ecKey() (any, error) {
	crv, _, err := m.str("crv")
	if err != nil {
		return nil, err
	}
	var curve elliptic.Curve
	switch crv {
	case "P-256":
		curve = elliptic.P256()
	case "P-384":
		curve = elliptic.P384()
	case "":
		return nil, errors.New(`httpsig: EC JWK lacks "crv"`)
	default:
		return nil, fmt.Errorf("%w: EC JWK crv %q", ErrUnsupportedKey, shorten(crv))
	}
	size := (curve.Params().BitSize + 7) / 8
	x, err := m.need("x")
	if err != nil {
		return nil, err
	}
	y, err := m.need("y")
	if err != nil {
		return nil, err
	}
	if len(x) != size || len(y) != size {
		return nil, fmt.Errorf(`httpsig: EC JWK "x" and "y" must be %d bytes for %s`, size, crv)
	}
	u := make([]byte, 0, 1+2*size)
	u = append(u, 4)
	u = append(u, x...)
	u = append(u, y...)
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, u)
	if err != nil {
		return nil, fmt.Errorf("httpsig: EC JWK point is not on the %s curve", crv)
	}
	d, ok, err := m.opt("d")
	if err != nil {
		return nil, err
	}
	if !ok {
		return pub, nil
	}
	if len(d) != size {
		return nil, fmt.Errorf(`httpsig: EC JWK "d" must be %d bytes for %s`, size, crv)
	}
	key, err := ecdsa.ParseRawPrivateKey(curve, d)
	if err != nil {
		return nil, fmt.Errorf(`httpsig: EC JWK "d" is not a valid %s private key`, crv)
	}
	if !key.PublicKey.Equal(pub) {
		return nil, errors.New(`httpsig: EC JWK "d" does not match "x" and "y"`)
	}
	return key, nil
}

// okpKey reads an Ed25519 key.
func (m jwkMembers) okpKey() (any, error) {
	crv, _, err := m.str("crv")
	if err != nil {
		return nil, err
	}
	switch crv {
	case "Ed25519":
	case "":
		return nil, errors.New(`httpsig: OKP JWK lacks "crv"`)
	default:
		return nil, fmt.Errorf("%w: OKP JWK crv %q", ErrUnsupportedKey, shorten(crv))
	}
	x, err := m.need("x")
	if err != nil {
		return nil, err
	}
	if len(x) != ed25519.PublicKeySize {
		return nil, fmt.Errorf(`httpsig: Ed25519 JWK "x" must be %d bytes`, ed25519.PublicKeySize)
	}
	pub := ed25519.PublicKey(x)
	d, ok, err := m.opt("d")
	if err != nil {
		return nil, err
	}
	if !ok {
		return pub, nil
	}
	if len(d) != ed25519.SeedSize {
		return nil, fmt.Errorf(`httpsig: Ed25519 JWK "d" must be %d bytes`, ed25519.SeedSize)
	}
	key := ed25519.NewKeyFromSeed(d)
	if !pub.Equal(key.Public()) {
		return nil, errors.New(`httpsig: Ed25519 JWK "d" does not match "x"`)
	}
	return key, nil
}
