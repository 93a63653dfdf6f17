package httpsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// Limits on the RSA keys this package accepts. 1024-bit keys are weak, but
// the draft-cavage test key is one and some old fediverse servers still
// publish them, so they are accepted when parsed. The upper bound, the same
// as crypto/tls applies to certificates, keeps a hostile key from making
// parsing and verification expensive.
const (
	minRSABits = 1024
	maxRSABits = 8192
)

// PEM block types.
const (
	pemTypePKCS1Private = "RSA PRIVATE KEY"
	pemTypePKCS8Private = "PRIVATE KEY"
	pemTypeSEC1Private  = "EC PRIVATE KEY"
	pemTypeSPKI         = "PUBLIC KEY"
	pemTypePKCS1Public  = "RSA PUBLIC KEY"
)

// ParsePrivateKeyPEM parses the first PEM block in data as a private key.
// It accepts these block types:
//
//   - "RSA PRIVATE KEY": a PKCS #1 RSA key;
//   - "PRIVATE KEY": a PKCS #8 key holding an RSA, ECDSA or Ed25519 key,
//     including RSA keys labelled with the id-RSASSA-PSS algorithm
//     (OID 1.2.840.113549.1.1.10) as in RFC 9421 Appendix B.1.2, whose
//     PSS parameters are ignored;
//   - "EC PRIVATE KEY": a SEC 1 ECDSA key.
//
// The result is an *[rsa.PrivateKey], an *[ecdsa.PrivateKey] on P-256 or
// P-384, or an [ed25519.PrivateKey]. RSA keys must have between 1024 and
// 8192 bits; 1024-bit keys are accepted because test vectors and old
// servers use them, though they should not be used to sign. Encrypted PEM,
// other curves and other key types give an error matching
// [ErrUnsupportedKey]. A public key gives an error.
func ParsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	key, err := parsePrivateKeyPEM(data)
	return key, invalidKey(err)
}

func parsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	block, err := decodePEM(data)
	if err != nil {
		return nil, err
	}
	var key any
	switch block.Type {
	case pemTypePKCS1Private:
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case pemTypePKCS8Private:
		key, err = parsePKCS8PrivateKey(block.Bytes)
	case pemTypeSEC1Private:
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "ENCRYPTED PRIVATE KEY":
		return nil, fmt.Errorf("%w: encrypted PKCS #8 private key", ErrUnsupportedKey)
	case pemTypeSPKI, pemTypePKCS1Public:
		return nil, fmt.Errorf("httpsig: PEM block %q holds a public key where a private key was expected", block.Type)
	default:
		return nil, fmt.Errorf("httpsig: PEM block type %q is not a private key type", shorten(block.Type))
	}
	if err != nil {
		return nil, fmt.Errorf("httpsig: invalid %s PEM block: %w", block.Type, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: %T in PEM block", ErrUnsupportedKey, key)
	}
	if err := checkPrivateKey(signer); err != nil {
		return nil, err
	}
	return signer, nil
}

// ParsePublicKeyPEM parses the first PEM block in data as a public key. It
// accepts "PUBLIC KEY" (an X.509 SubjectPublicKeyInfo, the form of
// ActivityPub's publicKeyPem, including RSA keys labelled with the
// id-RSASSA-PSS algorithm) and "RSA PUBLIC KEY" (PKCS #1).
//
// The result is an *[rsa.PublicKey], an *[ecdsa.PublicKey] on P-256 or
// P-384, or an [ed25519.PublicKey]. The limits on RSA key sizes are those of
// [ParsePrivateKeyPEM]. Unsupported algorithms and curves give an error
// matching [ErrUnsupportedKey]. A PEM block holding a private key is refused
// with an error rather than reduced to its public half, so that a private
// key published by mistake is noticed.
func ParsePublicKeyPEM(data []byte) (crypto.PublicKey, error) {
	pub, err := parsePublicKeyPEM(data)
	return pub, invalidKey(err)
}

func parsePublicKeyPEM(data []byte) (crypto.PublicKey, error) {
	block, err := decodePEM(data)
	if err != nil {
		return nil, err
	}
	var key any
	switch block.Type {
	case pemTypeSPKI:
		key, err = parseSPKI(block.Bytes)
	case pemTypePKCS1Public:
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		if strings.HasSuffix(block.Type, "PRIVATE KEY") {
			return nil, fmt.Errorf("httpsig: PEM block %q holds a private key where a public key was expected", shorten(block.Type))
		}
		return nil, fmt.Errorf("httpsig: PEM block type %q is not a public key type", shorten(block.Type))
	}
	if err != nil {
		return nil, fmt.Errorf("httpsig: invalid %s PEM block: %w", block.Type, err)
	}
	return checkPublicKey(key)
}

// MarshalPublicKeyPEM encodes pub as a "PUBLIC KEY" PEM block (an X.509
// SubjectPublicKeyInfo), the form Mastodon and most fediverse servers
// publish as publicKeyPem. pub must be an *[rsa.PublicKey], an
// *[ecdsa.PublicKey] on P-256 or P-384, or an [ed25519.PublicKey]; RSA keys
// are written with the rsaEncryption algorithm identifier. Other keys give an
// error matching [ErrUnsupportedKey]; a private key gives an error too (pass
// its Public method's result).
func MarshalPublicKeyPEM(pub crypto.PublicKey) ([]byte, error) {
	pub, err := checkPublicKey(pub)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("httpsig: encoding public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemTypeSPKI, Bytes: der}), nil
}

// MarshalPrivateKeyPEM encodes key as a PKCS #8 "PRIVATE KEY" PEM block,
// unencrypted. key must be an *[rsa.PrivateKey], an *[ecdsa.PrivateKey] on
// P-256 or P-384, or an [ed25519.PrivateKey]; other signers (such as keys
// held in a KMS) give an error matching [ErrUnsupportedKey]. RSA keys are
// written with the rsaEncryption algorithm identifier, also those parsed
// from an id-RSASSA-PSS block.
func MarshalPrivateKeyPEM(key crypto.Signer) ([]byte, error) {
	if err := checkPrivateKey(key); err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("httpsig: encoding private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemTypePKCS8Private, Bytes: der}), nil
}

// decodePEM returns the first PEM block of data, refusing encrypted blocks.
func decodePEM(data []byte) (*pem.Block, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("httpsig: no PEM block found")
	}
	if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
		return nil, fmt.Errorf("%w: encrypted PEM block", ErrUnsupportedKey)
	}
	return block, nil
}

// shorten cuts an untrusted string that goes into an error message.
func shorten(s string) string {
	const maxLen = 64
	if len(s) > maxLen {
		return s[:maxLen] + "..."
	}
	return s
}

// isRSAPSSOID reports whether oid is id-RSASSA-PSS (RFC 4055).
func isRSAPSSOID(oid asn1.ObjectIdentifier) bool {
	return oid.Equal(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10})
}

// pkcs8 is the start of a PKCS #8 PrivateKeyInfo (RFC 5208) or
// OneAsymmetricKey (RFC 5958). The optional fields after privateKey are not
// needed; encoding/asn1 allows them to be present.
type pkcs8 struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
}

// parsePKCS8PrivateKey parses a PKCS #8 private key. crypto/x509 refuses
// RSA keys whose algorithm is id-RSASSA-PSS, so those are unwrapped here and
// their PKCS #1 body is parsed directly.
func parsePKCS8PrivateKey(der []byte) (any, error) {
	var info pkcs8
	rest, err := asn1.Unmarshal(der, &info)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errors.New("trailing data after PKCS #8 structure")
	}
	if !isRSAPSSOID(info.Algorithm.Algorithm) {
		return x509.ParsePKCS8PrivateKey(der)
	}
	if info.Version != 0 && info.Version != 1 {
		return nil, fmt.Errorf("unknown PKCS #8 version %d", info.Version)
	}
	return x509.ParsePKCS1PrivateKey(info.PrivateKey)
}

// spki is an X.509 SubjectPublicKeyInfo (RFC 5280).
type spki struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// parseSPKI parses a SubjectPublicKeyInfo. Like parsePKCS8PrivateKey, it
// handles the id-RSASSA-PSS algorithm that crypto/x509 refuses.
func parseSPKI(der []byte) (any, error) {
	var info spki
	rest, err := asn1.Unmarshal(der, &info)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errors.New("trailing data after SubjectPublicKeyInfo")
	}
	if !isRSAPSSOID(info.Algorithm.Algorithm) {
		return x509.ParsePKIXPublicKey(der)
	}
	if info.PublicKey.BitLength%8 != 0 {
		return nil, errors.New("public key bit string is not a whole number of bytes")
	}
	return x509.ParsePKCS1PublicKey(info.PublicKey.Bytes)
}

// checkRSAPublicKey checks that pub is an RSA key this package accepts.
func checkRSAPublicKey(pub *rsa.PublicKey) error {
	if pub == nil || pub.N == nil || pub.N.Sign() <= 0 || pub.N.Bit(0) == 0 {
		return errors.New("httpsig: invalid RSA modulus")
	}
	if bits := pub.N.BitLen(); bits < minRSABits || bits > maxRSABits {
		return fmt.Errorf("%w: %d-bit RSA key (want %d to %d bits)", ErrUnsupportedKey, bits, minRSABits, maxRSABits)
	}
	if pub.E < 3 || pub.E&1 == 0 || pub.E > 1<<31-1 {
		return fmt.Errorf("%w: RSA public exponent must be odd and between 3 and 2^31-1", ErrUnsupportedKey)
	}
	return nil
}

// checkCurve checks that c is a curve this package accepts.
func checkCurve(c elliptic.Curve) error {
	switch c {
	case elliptic.P256(), elliptic.P384():
		return nil
	case nil:
		return errors.New("httpsig: ECDSA key without a curve")
	default:
		name := "unknown"
		if p := c.Params(); p != nil && p.Name != "" {
			name = p.Name
		}
		return fmt.Errorf("%w: ECDSA curve %s", ErrUnsupportedKey, shorten(name))
	}
}

// checkPublicKey checks that pub is a public key this package accepts, and
// returns it.
func checkPublicKey(pub crypto.PublicKey) (crypto.PublicKey, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if err := checkRSAPublicKey(k); err != nil {
			return nil, err
		}
	case *ecdsa.PublicKey:
		if k == nil {
			return nil, errors.New("httpsig: nil ECDSA key")
		}
		if err := checkCurve(k.Curve); err != nil {
			return nil, err
		}
		if _, err := k.Bytes(); err != nil {
			return nil, errors.New("httpsig: invalid ECDSA public key")
		}
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("httpsig: Ed25519 public key of %d bytes, want %d", len(k), ed25519.PublicKeySize)
		}
	case nil:
		return nil, errors.New("httpsig: no public key")
	case *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey:
		return nil, fmt.Errorf("httpsig: got a private key (%T) where a public key was expected", pub)
	default:
		return nil, fmt.Errorf("%w: %T", ErrUnsupportedKey, pub)
	}
	return pub, nil
}

// checkPrivateKey checks that key is a private key this package can encode.
func checkPrivateKey(key crypto.Signer) error {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k == nil {
			return errors.New("httpsig: nil RSA key")
		}
		return checkRSAPublicKey(&k.PublicKey)
	case *ecdsa.PrivateKey:
		if k == nil {
			return errors.New("httpsig: nil ECDSA key")
		}
		return checkCurve(k.Curve)
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return fmt.Errorf("httpsig: Ed25519 private key of %d bytes, want %d", len(k), ed25519.PrivateKeySize)
		}
		return nil
	case nil:
		return errors.New("httpsig: no private key")
	default:
		return fmt.Errorf("%w: %T", ErrUnsupportedKey, key)
	}
}
