package httpsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
)

// RFC 9421 algorithm names, from the HTTP Signature Algorithms registry
// (RFC 9421 section 6.2.2).
const (
	AlgRSAPSSSHA512    = "rsa-pss-sha512"
	AlgRSAv15SHA256    = "rsa-v1_5-sha256"
	AlgHMACSHA256      = "hmac-sha256"
	AlgECDSAP256SHA256 = "ecdsa-p256-sha256"
	AlgECDSAP384SHA384 = "ecdsa-p384-sha384"
	AlgEd25519         = "ed25519"
)

// algorithm is one signature scheme: how to sign and verify a signature
// base. RFC 9421 names are used for every scheme; cavage's names map onto
// them (rsa-sha256 and hs2019 with an RSA key are rsa-v1_5-sha256, and so
// on), except that cavage ECDSA signatures are ASN.1 DER where RFC 9421
// uses the fixed-size r‖s form.
type algorithm struct {
	name string
	hash crypto.Hash // zero for Ed25519
	// cavage marks the draft-cavage flavour of a scheme: ECDSA signatures
	// are ASN.1 DER instead of r‖s, and RSA-PSS salts of any length are
	// accepted.
	cavage bool
}

var (
	algRSAv15    = algorithm{name: AlgRSAv15SHA256, hash: crypto.SHA256}
	algRSAPSS    = algorithm{name: AlgRSAPSSSHA512, hash: crypto.SHA512}
	algHMAC      = algorithm{name: AlgHMACSHA256, hash: crypto.SHA256}
	algECDSAP256 = algorithm{name: AlgECDSAP256SHA256, hash: crypto.SHA256}
	algECDSAP384 = algorithm{name: AlgECDSAP384SHA384, hash: crypto.SHA384}
	algEd25519   = algorithm{name: AlgEd25519}

	// Cavage-only scheme: rsa-sha512 (RSASSA-PKCS1-v1_5 with SHA-512).
	algRSAv15SHA512 = algorithm{name: "rsa-v1_5-sha512", hash: crypto.SHA512}
)

func algorithmByName(name string) (algorithm, bool) {
	switch name {
	case AlgRSAPSSSHA512:
		return algRSAPSS, true
	case AlgRSAv15SHA256:
		return algRSAv15, true
	case AlgHMACSHA256:
		return algHMAC, true
	case AlgECDSAP256SHA256:
		return algECDSAP256, true
	case AlgECDSAP384SHA384:
		return algECDSAP384, true
	case AlgEd25519:
		return algEd25519, true
	}
	return algorithm{}, false
}

// The algorithms by key type. These slices are shared: never modify them.
var (
	rsaAlgorithms     = []algorithm{algRSAv15, algRSAPSS}
	p256Algorithms    = []algorithm{algECDSAP256}
	p384Algorithms    = []algorithm{algECDSAP384}
	ed25519Algorithms = []algorithm{algEd25519}

	rsaCavageAlgorithms     = []algorithm{asCavage(algRSAv15), asCavage(algRSAPSS)}
	p256CavageAlgorithms    = []algorithm{asCavage(algECDSAP256)}
	p384CavageAlgorithms    = []algorithm{asCavage(algECDSAP384)}
	ed25519CavageAlgorithms = []algorithm{asCavage(algEd25519)}
)

// asCavage returns the draft-cavage flavour of a.
func asCavage(a algorithm) algorithm {
	a.cavage = true
	return a
}

// algorithmsForKey lists the RFC 9421 algorithms that can be used with a
// public key, most likely first. This, not a header, decides what a
// signature is checked with.
func algorithmsForKey(pub crypto.PublicKey) ([]algorithm, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return rsaAlgorithms, nil
	case *ecdsa.PublicKey:
		switch k.Curve.Params().Name {
		case "P-256":
			return p256Algorithms, nil
		case "P-384":
			return p384Algorithms, nil
		}
		return nil, fmt.Errorf("%w: ECDSA curve %s", ErrUnsupportedKey, k.Curve.Params().Name)
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: Ed25519 key of %d bytes", ErrUnsupportedKey, len(k))
		}
		return ed25519Algorithms, nil
	case nil:
		return nil, fmt.Errorf("%w: no public key", ErrUnsupportedKey)
	}
	return nil, fmt.Errorf("%w: %T", ErrUnsupportedKey, pub)
}

func digestOf(h crypto.Hash, msg []byte) []byte {
	switch h {
	case crypto.SHA256:
		d := sha256.Sum256(msg)
		return d[:]
	case crypto.SHA384:
		d := sha512.Sum384(msg)
		return d[:]
	case crypto.SHA512:
		d := sha512.Sum512(msg)
		return d[:]
	}
	hh := h.New()
	hh.Write(msg)
	return hh.Sum(nil)
}

// pssSaltLength is the salt length RFC 9421 section 3.3.1 fixes for
// rsa-pss-sha512: 64 bytes.
const pssSaltLength = 64

// sign signs msg with key under a. key is a crypto.Signer or, for HMAC, a
// []byte secret.
func (a algorithm) sign(key any, msg []byte) ([]byte, error) {
	if a.name == AlgHMACSHA256 {
		secret, ok := key.([]byte)
		if !ok {
			return nil, fmt.Errorf("%w: hmac-sha256 needs a shared secret", ErrUnsupportedKey)
		}
		m := hmac.New(sha256.New, secret)
		m.Write(msg)
		return m.Sum(nil), nil
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: %T is not a crypto.Signer", ErrUnsupportedKey, key)
	}
	if a.name == AlgEd25519 {
		return signer.Sign(rand.Reader, msg, crypto.Hash(0))
	}
	digest := digestOf(a.hash, msg)
	switch a.name {
	case AlgRSAPSSSHA512:
		return signer.Sign(rand.Reader, digest, &rsa.PSSOptions{SaltLength: pssSaltLength, Hash: a.hash})
	case AlgRSAv15SHA256, algRSAv15SHA512.name:
		return signer.Sign(rand.Reader, digest, a.hash)
	case AlgECDSAP256SHA256, AlgECDSAP384SHA384:
		der, err := signer.Sign(rand.Reader, digest, a.hash)
		if err != nil || a.cavage {
			return der, err
		}
		return ecdsaDERToRaw(der, a.coordinateSize())
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupportedAlgorithm, a.name)
}

func (a algorithm) coordinateSize() int {
	if a.name == AlgECDSAP384SHA384 {
		return 48
	}
	return 32
}

// verify reports whether sig is a valid signature of msg with key under a.
// key is a public key or, for HMAC, a []byte secret. It returns
// ErrBadSignature when the signature does not verify.
func (a algorithm) verify(key any, msg, sig []byte) error {
	ok := false
	switch a.name {
	case AlgHMACSHA256:
		secret, isSecret := key.([]byte)
		if !isSecret {
			return fmt.Errorf("%w: hmac-sha256 needs a shared secret", ErrUnsupportedAlgorithm)
		}
		m := hmac.New(sha256.New, secret)
		m.Write(msg)
		ok = subtle.ConstantTimeCompare(m.Sum(nil), sig) == 1
	case AlgEd25519:
		pub, isEd := key.(ed25519.PublicKey)
		if !isEd || len(pub) != ed25519.PublicKeySize {
			return fmt.Errorf("%w: ed25519 needs an Ed25519 key, not %T", ErrUnsupportedAlgorithm, key)
		}
		ok = ed25519.Verify(pub, msg, sig)
	case AlgRSAv15SHA256, AlgRSAPSSSHA512, algRSAv15SHA512.name:
		pub, isRSA := key.(*rsa.PublicKey)
		if !isRSA {
			return fmt.Errorf("%w: %s needs an RSA key, not %T", ErrUnsupportedAlgorithm, a.name, key)
		}
		digest := digestOf(a.hash, msg)
		if a.name == AlgRSAPSSSHA512 {
			// Verify with the RFC's fixed salt length; cavage hs2019
			// senders are less consistent, so they get auto-detection.
			salt := pssSaltLength
			if a.cavage {
				salt = rsa.PSSSaltLengthAuto
			}
			ok = rsa.VerifyPSS(pub, a.hash, digest, sig, &rsa.PSSOptions{SaltLength: salt, Hash: a.hash}) == nil
		} else {
			ok = rsa.VerifyPKCS1v15(pub, a.hash, digest, sig) == nil
		}
	case AlgECDSAP256SHA256, AlgECDSAP384SHA384:
		pub, isEC := key.(*ecdsa.PublicKey)
		if !isEC {
			return fmt.Errorf("%w: %s needs an ECDSA key, not %T", ErrUnsupportedAlgorithm, a.name, key)
		}
		want := "P-256"
		if a.name == AlgECDSAP384SHA384 {
			want = "P-384"
		}
		if pub.Curve.Params().Name != want {
			return fmt.Errorf("%w: %s needs a %s key", ErrUnsupportedAlgorithm, a.name, want)
		}
		digest := digestOf(a.hash, msg)
		n := a.coordinateSize()
		switch {
		case len(sig) == 2*n:
			r := new(big.Int).SetBytes(sig[:n])
			s := new(big.Int).SetBytes(sig[n:])
			ok = ecdsa.Verify(pub, digest, r, s)
		case a.cavage:
			// Cavage senders use ASN.1 DER.
			ok = ecdsa.VerifyASN1(pub, digest, sig)
		}
	default:
		return fmt.Errorf("%w: %s", ErrUnsupportedAlgorithm, a.name)
	}
	if !ok {
		return ErrBadSignature
	}
	return nil
}

// ecdsaDERToRaw turns an ASN.1 DER ECDSA signature into the fixed-size r‖s
// form RFC 9421 uses.
func ecdsaDERToRaw(der []byte, size int) ([]byte, error) {
	var sig struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &sig)
	if err != nil || len(rest) != 0 || sig.R == nil || sig.S == nil {
		return nil, errors.New("httpsig: the signer returned a malformed ECDSA signature")
	}
	if sig.R.Sign() <= 0 || sig.S.Sign() <= 0 || sig.R.BitLen() > 8*size || sig.S.BitLen() > 8*size {
		return nil, errors.New("httpsig: the signer returned an ECDSA signature out of range")
	}
	out := make([]byte, 2*size)
	sig.R.FillBytes(out[:size])
	sig.S.FillBytes(out[size:])
	return out, nil
}

// signerAlgorithm picks the RFC 9421 algorithm for a private key. want, if
// not empty, is the caller's choice and must fit the key.
func signerAlgorithm(key crypto.Signer, want string) (algorithm, error) {
	algs, err := algorithmsForKey(key.Public())
	if err != nil {
		return algorithm{}, err
	}
	if want == "" {
		return algs[0], nil
	}
	for _, a := range algs {
		if a.name == want {
			return a, nil
		}
	}
	if _, known := algorithmByName(want); !known {
		return algorithm{}, fmt.Errorf("%w: %q", ErrUnsupportedAlgorithm, want)
	}
	return algorithm{}, fmt.Errorf("%w: %s does not fit a %T key", ErrUnsupportedAlgorithm, want, key.Public())
}
