package httpsig

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"github.com/fedikit/fedikit/internal/base58"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oddModulus returns 2^(bits-1)+1, an odd number of the given size: good
// enough for tests that a size check refuses.
func oddModulus(bits int) *big.Int {
	n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
	return n.Add(n, big.NewInt(1))
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// Published Multikey values.
const (
	// FEP-521a, fep-521a.feature, "Representing Ed25519 public key".
	fep521aEd25519Hex = "2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6"
	fep521aEd25519    = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	// FEP-521a, fep-521a.feature, "Representing RSA public key" (PKCS #1 DER).
	fep521aRSAHex = "3082010a0282010100b1b5fcd8d4d5e88ca5c4287b31f578865caf6a78826a3b8ff7b1b23aa4af4e6a0474139f945bd9d3a911ffd0fa72db78e4593a86c91f9da836186ebd3402d51f6a3844247ab5088b46929c311b43604fed84499f06f0f39bf55590e2187f1bbe229ba8f49fd2e570cd0e3733c76bfede80e1e7e0881e4538ea1bc5782be9512f8bf132526e05f4923564fe6e1e21bf7087adebb660fa533fca06d0a8e66991e1312d70b64a61da8ca77c028cdf939601e2cffe2855759b1d479f0847bcac59d7d62427a431d4e3dfd2697428b9dd6309a7b1167db99fe01af1ff1b739566fb949e47089d1dae84aef1214ef7f5773e86a0d3e9da246f9bec09d60c705891183d0203010001"
	fep521aRSA    = "z4MXj1wBzi9jUstyPMS4jQqB6KdJaiatPkAtVtGc6bQEQEEsKTic4G7Rou3iBf9vPmT5dbkm9qsZsuVNjq8HCuW1w24nhBFGkRE4cd2Uf2tfrB3N7h4mnyPp1BF3ZttHTYv3DLUPi1zMdkULiow3M1GfXkoC6DoxDUm1jmN6GBj22SjVsr6dxezRVQc7aj9TxE7JLbMH1wh5X3kA58H3DFW8rnYMakFGbca5CB2Jf6CnGQZmL7o5uJAdTwXfy2iiiyPxXEGerMhHwhjTA1mKYobyk2CpeEcmvynADfNZ5MBvcCS7m3XkFCMNUYBS9NQ3fze6vMSUPsNa6GVYmKx2x6JrdEjCk3qRMMmyjnjCMfR4pXbRMZa3i"

	// W3C Data Integrity EdDSA Cryptosuites (vc-di-eddsa) test key; the
	// public key is also FEP-521a's example.
	w3cEd25519Secret = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
	w3cEd25519       = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"

	// W3C Data Integrity ECDSA Cryptosuites (vc-di-ecdsa) test keys.
	w3cP256Secret    = "z42twTcNeSYcnqg1FLuSFs2bsGH3ZqbRHFmvS9XMsYhjxvHN"
	w3cP256SecretHex = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"
	w3cP256          = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
	w3cP384Secret    = "z2fanyY7zgwNpZGxX5fXXibvScNaUWNprHU9dKx7qpVj7mws9J8LLt4mDB5TyH2GLHWkUc"
	w3cP384SecretHex = "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5"
	w3cP384          = "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ"

	// The RFC 9421 test keys, encoded by an independent implementation
	// (a few lines of Python over int.to_bytes).
	rfc9421Ed25519 = "z6Mkh4LmfP1ev9MNPGr7JbEbtD6BD4fsu1duEj83PMCs3xHG"
	rfc9421P256    = "zDnaeu17qkMASJ85C3awZDjW4u1HT48SN1QbKFJ6Yhr8LXdV9"
)

func TestMultikeyFEP521a(t *testing.T) {
	t.Parallel()

	edPub := ed25519.PublicKey(mustHex(t, fep521aEd25519Hex))
	got, err := MarshalMultikey(edPub)
	require.NoError(t, err)
	assert.Equal(t, fep521aEd25519, got)
	pub, err := ParseMultikey(fep521aEd25519)
	require.NoError(t, err)
	assert.Equal(t, edPub, pub)

	rsaPub, err := x509.ParsePKCS1PublicKey(mustHex(t, fep521aRSAHex))
	require.NoError(t, err)
	got, err = MarshalMultikey(rsaPub)
	require.NoError(t, err)
	assert.Equal(t, fep521aRSA, got)
	pub, err = ParseMultikey(fep521aRSA)
	require.NoError(t, err)
	assert.True(t, rsaPub.Equal(pub))

	// The example in FEP-521a's text.
	pub, err = ParseMultikey(w3cEd25519)
	require.NoError(t, err)
	require.IsType(t, ed25519.PublicKey{}, pub)
	assert.Len(t, pub, ed25519.PublicKeySize)
}

func TestMultikeyW3CVectors(t *testing.T) {
	t.Parallel()

	// Ed25519: the published secret key (ed25519-priv, 0x1300) derives the
	// published public key.
	raw, err := base58.Decode(w3cEd25519Secret[1:])
	require.NoError(t, err)
	require.Equal(t, []byte{0x80, 0x26}, raw[:2])
	seed := raw[2:]
	require.Len(t, seed, ed25519.SeedSize)
	edPub := ed25519.NewKeyFromSeed(seed).Public()
	got, err := MarshalMultikey(edPub)
	require.NoError(t, err)
	assert.Equal(t, w3cEd25519, got)
	pub, err := ParseMultikey(w3cEd25519)
	require.NoError(t, err)
	assert.True(t, sameKey(edPub, pub))

	// P-256 (0x1306) and P-384 (0x1307): the published secret key is the
	// one the specification gives in hex, and derives the published public
	// key, which takes both parities of y between them.
	for _, v := range []struct {
		curve                     elliptic.Curve
		secret, secretHex, public string
		prefix                    []byte
	}{
		{elliptic.P256(), w3cP256Secret, w3cP256SecretHex, w3cP256, []byte{0x86, 0x26}},
		{elliptic.P384(), w3cP384Secret, w3cP384SecretHex, w3cP384, []byte{0x87, 0x26}},
	} {
		raw, err := base58.Decode(v.secret[1:])
		require.NoError(t, err)
		assert.Equal(t, v.prefix, raw[:2])
		assert.Equal(t, v.secretHex, hex.EncodeToString(raw[2:]))
		key, err := ecdsa.ParseRawPrivateKey(v.curve, mustHex(t, v.secretHex))
		require.NoError(t, err)
		got, err := MarshalMultikey(key.Public())
		require.NoError(t, err)
		assert.Equal(t, v.public, got)
		pub, err := ParseMultikey(v.public)
		require.NoError(t, err)
		assert.True(t, key.PublicKey.Equal(pub))

		// A secret key is refused where a public key is expected.
		_, err = ParseMultikey(v.secret)
		assert.ErrorContains(t, err, "private key")
		assert.NotErrorIs(t, err, ErrUnsupportedKey)
	}
	_, err = ParseMultikey(w3cEd25519Secret)
	assert.ErrorContains(t, err, "private key")
}

func TestMultikeyTestKeys(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]string{
		"keys/test-key-ed25519.pub.pem":  rfc9421Ed25519,
		"keys/test-key-ecc-p256.pub.pem": rfc9421P256,
		"keys/test-key-rsa-pss.pub.pem":  "z4MX",
		"keys/test-key-rsa.pub.pem":      "z4MX",
		"cavage12/test-key.pub.pem":      "z",
	} {
		pub, err := ParsePublicKeyPEM(readKeyFile(t, file))
		require.NoError(t, err)
		got, err := MarshalMultikey(pub)
		require.NoError(t, err)
		if len(want) > 4 {
			assert.Equal(t, want, got, file)
		} else {
			assert.True(t, strings.HasPrefix(got, want), "%s: %s", file, got)
		}
		back, err := ParseMultikey(got)
		require.NoError(t, err)
		assert.True(t, sameKey(pub, back), file)
	}

	// The JWK's x member gives the same string.
	jwk, err := ParseJWK(readKeyFile(t, "keys/test-key-ed25519.jwk.json"))
	require.NoError(t, err)
	got, err := MarshalMultikey(jwk.Public())
	require.NoError(t, err)
	assert.Equal(t, rfc9421Ed25519, got)
}

func TestMultikeyRoundTrip(t *testing.T) {
	t.Parallel()
	prefixes := map[string]string{"Ed25519": "z6Mk", "P-256": "zDn", "P-384": "z82", "RSA-2048": "z4MX"}
	for range 8 {
		for name, key := range generatedKeys(t) {
			got, err := MarshalMultikey(key.Public())
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(got, prefixes[name]), "%s: %s", name, got)
			pub, err := ParseMultikey(got)
			require.NoError(t, err)
			assert.True(t, sameKey(key.Public(), pub), name)
		}
	}
	rsa4096, err := rsa.GenerateKey(rand.Reader, 4096)
	require.NoError(t, err)
	got, err := MarshalMultikey(rsa4096.Public())
	require.NoError(t, err)
	pub, err := ParseMultikey(got)
	require.NoError(t, err)
	assert.True(t, rsa4096.PublicKey.Equal(pub))
}

func TestMultikeyRefusals(t *testing.T) {
	t.Parallel()
	mk := func(prefix []byte, body []byte) string {
		return "z" + base58.Encode(append(append([]byte{}, prefix...), body...))
	}
	ed := mustHex(t, fep521aEd25519Hex)
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	compressed, err := compressPoint(&p256.PublicKey)
	require.NoError(t, err)
	uncompressed, err := p256.PublicKey.Bytes()
	require.NoError(t, err)
	badX := bytes.Repeat([]byte{0xff}, 33) // x ≥ p
	badX[0] = 2
	smallRSA := x509.MarshalPKCS1PublicKey(&rsa.PublicKey{N: oddModulus(512), E: 65537})

	cases := []struct {
		name        string
		in          string
		unsupported bool
	}{
		{"empty", "", false},
		{"only prefix", "z", false},
		{"base64url multibase", "u7QGwDY2Tjn93PVFWWq02piP1NE9_XRlg-c8-jhJiDqKBDw", true},
		{"base58flickr multibase", "Z" + fep521aEd25519[1:], true},
		{"no multibase prefix", fep521aEd25519[1:], true},
		{"bad character 0", "z6Mk0" + fep521aEd25519[5:], false},
		{"bad character l", "z6Mkl" + fep521aEd25519[5:], false},
		{"space", fep521aEd25519 + " ", false},
		{"too long", "z" + strings.Repeat("2", maxMultikeyLen), false},
		{"Ed25519 short", mk([]byte{0xed, 0x01}, ed[:31]), false},
		{"Ed25519 long", mk([]byte{0xed, 0x01}, append(ed, 0)), false},
		{"Ed25519 no key", mk([]byte{0xed, 0x01}, nil), false},
		{"truncated varint", mk([]byte{0xed}, nil), false},
		{"non-minimal varint", mk([]byte{0xed, 0x81, 0x00}, ed), false},
		{"overlong varint", mk([]byte{0x80, 0x80, 0x80, 0x80, 0x01}, ed), false},
		{"P-256 short", mk([]byte{0x80, 0x24}, compressed[:32]), false},
		{"P-256 uncompressed", mk([]byte{0x80, 0x24}, uncompressed), false},
		{"P-256 bad parity byte", mk([]byte{0x80, 0x24}, append([]byte{4}, compressed[1:]...)), false},
		{"P-256 x too large", mk([]byte{0x80, 0x24}, badX), false},
		{"P-256 key as P-384", mk([]byte{0x81, 0x24}, compressed), false},
		{"RSA garbage", mk([]byte{0x85, 0x24}, ed), false},
		{"RSA trailing data", mk([]byte{0x85, 0x24}, append(mustHex(t, fep521aRSAHex), 0)), false},
		{"RSA 512 bits", mk([]byte{0x85, 0x24}, smallRSA), true},
		{"secp256k1", mk([]byte{0xe7, 0x01}, compressed), true},
		{"X25519", mk([]byte{0xec, 0x01}, ed), true},
		{"P-521", mk([]byte{0x82, 0x24}, compressed), true},
		{"codec 0", mk([]byte{0x00}, ed), true},
		{"Ed25519 private", mk([]byte{0x80, 0x26}, ed), false},
		{"RSA private", mk([]byte{0x85, 0x26}, ed), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pub, err := ParseMultikey(tc.in)
			require.Error(t, err)
			assert.Nil(t, pub)
			assert.Regexp(t, "^httpsig: ", err.Error())
			assert.Equal(t, tc.unsupported, errors.Is(err, ErrUnsupportedKey), "errors.Is(err, ErrUnsupportedKey) for %v", err)
		})
	}

	t.Run("marshal", func(t *testing.T) {
		t.Parallel()
		p521, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
		require.NoError(t, err)
		p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
		require.NoError(t, err)
		x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
		require.NoError(t, err)
		_, edPriv, err := ed25519.GenerateKey(rand.Reader)
		require.NoError(t, err)
		for name, key := range map[string]crypto.PublicKey{
			"P-521":       &p521.PublicKey,
			"P-224":       &p224.PublicKey,
			"X25519":      x25519.PublicKey(),
			"RSA 512":     &rsa.PublicKey{N: oddModulus(512), E: 65537},
			"private":     edPriv,
			"private EC":  p256,
			"nil":         nil,
			"nil EC":      (*ecdsa.PublicKey)(nil),
			"short":       ed25519.PublicKey(ed[:31]),
			"no curve EC": &ecdsa.PublicKey{},
		} {
			got, err := MarshalMultikey(key)
			assert.Error(t, err, name)
			assert.Empty(t, got, name)
		}
	})
}
