package httpsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"github.com/fedikit/fedikit/internal/base58"
)

// Multicodec codes (https://github.com/multiformats/multicodec, table.csv)
// of the keys a Multikey can hold.
const (
	codecEd25519Pub  = 0xed
	codecP256Pub     = 0x1200
	codecP384Pub     = 0x1201
	codecRSAPub      = 0x1205
	codecEd25519Priv = 0x1300
	codecRSAPriv     = 0x1305
	codecP256Priv    = 0x1306
	codecP384Priv    = 0x1307
)

// maxMultikeyLen bounds the length of a publicKeyMultibase value. The
// largest key accepted, an 8192-bit RSA key, takes about 1,420 characters;
// the bound is checked before base58 decoding, whose cost grows with the
// square of the length.
const maxMultikeyLen = 4096

// ParseMultikey decodes the publicKeyMultibase value of a Multikey, as used
// by FEP-521a actors and defined by the W3C Controlled Identifiers
// specification: the multibase prefix "z" (base58btc) followed by the base58
// encoding of a multicodec varint and the key bytes. The supported codecs
// are:
//
//   - ed25519-pub (0xed): a 32-byte Ed25519 key ("z6Mk…");
//   - p256-pub (0x1200): a 33-byte compressed P-256 point ("zDn…");
//   - p384-pub (0x1201): a 49-byte compressed P-384 point ("z82…");
//   - rsa-pub (0x1205): a PKCS #1 DER RSAPublicKey ("z4MX…" for 2048 bits).
//
// The result is an [ed25519.PublicKey], an *[ecdsa.PublicKey] or an
// *[rsa.PublicKey]. RSA keys follow the size limits of [ParsePublicKeyPEM].
// Other multibase encodings and other codecs give an error matching
// [ErrUnsupportedKey]; a private-key codec gives an error.
func ParseMultikey(s string) (crypto.PublicKey, error) {
	pub, err := parseMultikey(s)
	return pub, invalidKey(err)
}

func parseMultikey(s string) (crypto.PublicKey, error) {
	if s == "" {
		return nil, errors.New("httpsig: empty Multikey")
	}
	if len(s) > maxMultikeyLen {
		return nil, fmt.Errorf("httpsig: Multikey of %d characters is longer than %d", len(s), maxMultikeyLen)
	}
	if s[0] != 'z' {
		return nil, fmt.Errorf("%w: Multikey must use base58btc (multibase prefix \"z\")", ErrUnsupportedKey)
	}
	raw, err := base58.Decode(s[1:])
	if err != nil {
		return nil, invalidKey(fmt.Errorf("httpsig: Multikey: %w", err))
	}
	codec, n, err := readUvarint(raw)
	if err != nil {
		return nil, err
	}
	body := raw[n:]
	switch codec {
	case codecEd25519Pub:
		if len(body) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("httpsig: Ed25519 Multikey of %d bytes, want %d", len(body), ed25519.PublicKeySize)
		}
		return ed25519.PublicKey(bytes.Clone(body)), nil
	case codecP256Pub, codecP384Pub:
		curve := elliptic.P256()
		if codec == codecP384Pub {
			curve = elliptic.P384()
		}
		pub, err := decompressPoint(curve, body)
		if err != nil {
			// Return a nil interface, not a nil *ecdsa.PublicKey.
			return nil, err
		}
		return pub, nil
	case codecRSAPub:
		pub, err := x509.ParsePKCS1PublicKey(body)
		if err != nil {
			return nil, fmt.Errorf("httpsig: invalid RSA Multikey: %w", err)
		}
		if err := checkRSAPublicKey(pub); err != nil {
			return nil, err
		}
		return pub, nil
	case codecEd25519Priv, codecRSAPriv, codecP256Priv, codecP384Priv:
		return nil, fmt.Errorf("httpsig: Multikey holds a private key (multicodec 0x%x) where a public key was expected", codec)
	default:
		return nil, fmt.Errorf("%w: Multikey with multicodec 0x%x", ErrUnsupportedKey, codec)
	}
}

// MarshalMultikey encodes pub as a publicKeyMultibase value, the inverse of
// [ParseMultikey]: "z6Mk…" for an [ed25519.PublicKey], "zDn…" or "z82…" for
// an *[ecdsa.PublicKey] on P-256 or P-384 (written as a compressed point),
// and "z4MX…" (for 2048 bits) for an *[rsa.PublicKey]. Other keys give an
// error matching [ErrUnsupportedKey]; a private key gives an error too (pass
// its Public method's result).
func MarshalMultikey(pub crypto.PublicKey) (string, error) {
	pub, err := checkPublicKey(pub)
	if err != nil {
		return "", err
	}
	var codec uint64
	var body []byte
	switch k := pub.(type) {
	case ed25519.PublicKey:
		codec, body = codecEd25519Pub, k
	case *ecdsa.PublicKey:
		codec = codecP256Pub
		if k.Curve == elliptic.P384() {
			codec = codecP384Pub
		}
		body, err = compressPoint(k)
		if err != nil {
			return "", err
		}
	case *rsa.PublicKey:
		codec, body = codecRSAPub, x509.MarshalPKCS1PublicKey(k)
	default:
		// checkPublicKey admits only the types above.
		return "", fmt.Errorf("%w: %T", ErrUnsupportedKey, pub)
	}
	raw := appendUvarint(make([]byte, 0, 3+len(body)), codec)
	raw = append(raw, body...)
	return "z" + base58.Encode(raw), nil
}

// decompressPoint turns a SEC 1 compressed point (0x02 or 0x03, then x) on
// curve into a public key.
func decompressPoint(curve elliptic.Curve, b []byte) (*ecdsa.PublicKey, error) {
	name := curve.Params().Name
	size := (curve.Params().BitSize + 7) / 8
	if len(b) != 1+size {
		return nil, fmt.Errorf("httpsig: %s Multikey of %d bytes, want %d", name, len(b), 1+size)
	}
	if b[0] != 2 && b[0] != 3 {
		return nil, fmt.Errorf("httpsig: %s Multikey is not a compressed point", name)
	}
	x, y := elliptic.UnmarshalCompressed(curve, b)
	if x == nil {
		return nil, fmt.Errorf("httpsig: %s Multikey is not a point on the curve", name)
	}
	uncompressed := make([]byte, 1+2*size)
	uncompressed[0] = 4
	x.FillBytes(uncompressed[1 : 1+size])
	y.FillBytes(uncompressed[1+size:])
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, uncompressed)
	if err != nil {
		return nil, fmt.Errorf("httpsig: invalid %s Multikey: %w", name, err)
	}
	return pub, nil
}

// compressPoint returns the SEC 1 compressed form of pub: 0x02 or 0x03 (the
// parity of y), then x.
func compressPoint(pub *ecdsa.PublicKey) ([]byte, error) {
	u, err := pub.Bytes()
	if err != nil || len(u) == 0 || len(u)%2 == 0 || u[0] != 4 {
		return nil, errors.New("httpsig: invalid ECDSA public key")
	}
	size := (len(u) - 1) / 2
	out := make([]byte, 1+size)
	out[0] = 2 | u[len(u)-1]&1
	copy(out[1:], u[1:1+size])
	return out, nil
}

// readUvarint reads a multiformats unsigned varint (little-endian base 128,
// minimally encoded) from the start of b and returns it with its length.
// Codes longer than 4 bytes do not exist in practice and are refused.
func readUvarint(b []byte) (v uint64, n int, err error) {
	const maxLen = 4
	for i, c := range b {
		if i == maxLen {
			break
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			if c == 0 && i > 0 {
				return 0, 0, errors.New("httpsig: Multikey multicodec varint is not minimally encoded")
			}
			return v, i + 1, nil
		}
	}
	return 0, 0, errors.New("httpsig: Multikey has no valid multicodec prefix")
}

// appendUvarint appends the multiformats unsigned varint encoding of v.
func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}
