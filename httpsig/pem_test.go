package httpsig

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readKeyFile reads a file under testdata.
func readKeyFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	require.NoError(t, err)
	return b
}

// sameKey reports whether a and b are the same key: public keys, private
// keys or HMAC secrets.
func sameKey(a, b any) bool {
	type publicKey interface{ Equal(crypto.PublicKey) bool }
	type privateKey interface{ Equal(crypto.PrivateKey) bool }
	switch a := a.(type) {
	case []byte:
		bb, ok := b.([]byte)
		return ok && string(a) == string(bb)
	case publicKey:
		return a.Equal(b)
	case privateKey:
		return a.Equal(b)
	}
	return false
}

// pemTestKey is a key pair in testdata, in PEM form.
type pemTestKey struct {
	name    string // base name of the JWK file, when there is one
	private string // path of the private key PEM
	public  string // path of the public key PEM
	check   func(t *testing.T, pub crypto.PublicKey)
}

func rsaBits(bits int) func(t *testing.T, pub crypto.PublicKey) {
	return func(t *testing.T, pub crypto.PublicKey) {
		k, ok := pub.(*rsa.PublicKey)
		require.True(t, ok, "got %T", pub)
		assert.Equal(t, bits, k.N.BitLen())
		assert.Equal(t, 65537, k.E)
	}
}

func isP256(t *testing.T, pub crypto.PublicKey) {
	k, ok := pub.(*ecdsa.PublicKey)
	require.True(t, ok, "got %T", pub)
	assert.Equal(t, elliptic.P256(), k.Curve)
}

func isEd25519(t *testing.T, pub crypto.PublicKey) {
	_, ok := pub.(ed25519.PublicKey)
	assert.True(t, ok, "got %T", pub)
}

var pemTestKeys = []pemTestKey{
	{"test-key-rsa", "keys/test-key-rsa.key.pem", "keys/test-key-rsa.pub.pem", rsaBits(2048)},
	{"test-key-rsa-pss", "keys/test-key-rsa-pss.key.pem", "keys/test-key-rsa-pss.pub.pem", rsaBits(2048)},
	{"test-key-ecc-p256", "keys/test-key-ecc-p256.key.pem", "keys/test-key-ecc-p256.pub.pem", isP256},
	{"test-key-ed25519", "keys/test-key-ed25519.key.pem", "keys/test-key-ed25519.pub.pem", isEd25519},
	{"", "cavage12/test-key.key.pem", "cavage12/test-key.pub.pem", rsaBits(1024)},
}

func TestPEMTestKeys(t *testing.T) {
	t.Parallel()
	for _, tk := range pemTestKeys {
		t.Run(tk.private, func(t *testing.T) {
			t.Parallel()
			priv, err := ParsePrivateKeyPEM(readKeyFile(t, tk.private))
			require.NoError(t, err)
			pub, err := ParsePublicKeyPEM(readKeyFile(t, tk.public))
			require.NoError(t, err)
			tk.check(t, pub)
			tk.check(t, priv.Public())
			assert.True(t, sameKey(pub, priv.Public()), "public key does not match private key")
		})
	}
}

func TestPEMRSAPSSKey(t *testing.T) {
	t.Parallel()
	data := readKeyFile(t, "keys/test-key-rsa-pss.key.pem")

	// This is the case the unwrapping exists for.
	block, _ := pem.Decode(data)
	require.NotNil(t, block)
	_, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.Error(t, err, "crypto/x509 now accepts id-RSASSA-PSS keys; the workaround may go")

	priv, err := ParsePrivateKeyPEM(data)
	require.NoError(t, err)
	key, ok := priv.(*rsa.PrivateKey)
	require.True(t, ok, "got %T", priv)
	require.NoError(t, key.Validate())

	pub, err := ParsePublicKeyPEM(readKeyFile(t, "keys/test-key-rsa-pss.pub.pem"))
	require.NoError(t, err)
	assert.True(t, key.PublicKey.Equal(pub))

	// The key works for RSA-PSS.
	digest := sha256.Sum256([]byte("hello"))
	sig, err := rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], nil)
	require.NoError(t, err)
	require.NoError(t, rsa.VerifyPSS(pub.(*rsa.PublicKey), crypto.SHA256, digest[:], sig, nil))

	// A SubjectPublicKeyInfo with the id-RSASSA-PSS algorithm parses too.
	der, err := asn1.Marshal(spki{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}},
		PublicKey: asn1.BitString{Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey), BitLength: 8 * len(x509.MarshalPKCS1PublicKey(&key.PublicKey))},
	})
	require.NoError(t, err)
	pssPub, err := ParsePublicKeyPEM(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	require.NoError(t, err)
	assert.True(t, key.PublicKey.Equal(pssPub))

	// Marshalling writes a plain rsaEncryption PKCS #8 key.
	out, err := MarshalPrivateKeyPEM(key)
	require.NoError(t, err)
	block, _ = pem.Decode(out)
	require.NotNil(t, block)
	plain, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(t, err)
	assert.True(t, key.Equal(plain))
}

func TestPEMGoToSocialActor(t *testing.T) {
	t.Parallel()
	var actor struct {
		PublicKey struct {
			ID           string `json:"id"`
			PublicKeyPem string `json:"publicKeyPem"`
		} `json:"publicKey"`
	}
	require.NoError(t, json.Unmarshal(readKeyFile(t, "gotosocial/actor.json"), &actor))
	require.Equal(t, "http://gts.test/users/alice/main-key", actor.PublicKey.ID)
	pub, err := ParsePublicKeyPEM([]byte(actor.PublicKey.PublicKeyPem))
	require.NoError(t, err)
	rsaBits(2048)(t, pub)

	// Re-encoding gives back the published text.
	out, err := MarshalPublicKeyPEM(pub)
	require.NoError(t, err)
	assert.Equal(t, actor.PublicKey.PublicKeyPem, string(out))
}

// generatedKeys returns fresh keys of every supported kind.
func generatedKeys(t *testing.T) map[string]crypto.Signer {
	t.Helper()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	return map[string]crypto.Signer{"RSA-2048": rsaKey, "P-256": p256, "P-384": p384, "Ed25519": edKey}
}

func TestPEMRoundTrip(t *testing.T) {
	t.Parallel()
	keys := generatedKeys(t)
	for _, tk := range pemTestKeys {
		priv, err := ParsePrivateKeyPEM(readKeyFile(t, tk.private))
		require.NoError(t, err)
		keys[tk.private] = priv
	}
	for name, key := range keys {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			privPEM, err := MarshalPrivateKeyPEM(key)
			require.NoError(t, err)
			block, _ := pem.Decode(privPEM)
			require.NotNil(t, block)
			assert.Equal(t, "PRIVATE KEY", block.Type)
			priv, err := ParsePrivateKeyPEM(privPEM)
			require.NoError(t, err)
			assert.True(t, sameKey(key, priv), "private key changed in round trip")

			pubPEM, err := MarshalPublicKeyPEM(key.Public())
			require.NoError(t, err)
			block, _ = pem.Decode(pubPEM)
			require.NotNil(t, block)
			assert.Equal(t, "PUBLIC KEY", block.Type)
			pub, err := ParsePublicKeyPEM(pubPEM)
			require.NoError(t, err)
			assert.True(t, sameKey(key.Public(), pub), "public key changed in round trip")
		})
	}
}

func TestPEMOtherBlockForms(t *testing.T) {
	t.Parallel()
	key, err := ParsePrivateKeyPEM(readKeyFile(t, "keys/test-key-rsa.key.pem"))
	require.NoError(t, err)
	rsaKey := key.(*rsa.PrivateKey)

	// PKCS #1 public key.
	pub, err := ParsePublicKeyPEM(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&rsaKey.PublicKey)}))
	require.NoError(t, err)
	assert.True(t, rsaKey.PublicKey.Equal(pub))

	// SEC 1 and PKCS #8 forms of an EC key; text before the block is skipped.
	ecKey, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	sec1, err := x509.MarshalECPrivateKey(ecKey)
	require.NoError(t, err)
	data := append([]byte("a comment line\n"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})...)
	got, err := ParsePrivateKeyPEM(data)
	require.NoError(t, err)
	assert.True(t, ecKey.Equal(got))

	// Only the first block counts.
	two := append(readKeyFile(t, "keys/test-key-ed25519.pub.pem"), readKeyFile(t, "keys/test-key-rsa.pub.pem")...)
	pub, err = ParsePublicKeyPEM(two)
	require.NoError(t, err)
	isEd25519(t, pub)
}

// otherSigner is a crypto.Signer this package cannot encode, like a KMS key.
type otherSigner struct{ pub crypto.PublicKey }

func (s otherSigner) Public() crypto.PublicKey { return s.pub }
func (s otherSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, nil
}

func TestPEMRefusals(t *testing.T) {
	t.Parallel()
	pemOf := func(typ string, der []byte) []byte {
		return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
	}
	derOf := func(name string) []byte {
		block, _ := pem.Decode(readKeyFile(t, name))
		require.NotNil(t, block)
		return block.Bytes
	}
	p521, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	require.NoError(t, err)
	p521PKCS8, err := x509.MarshalPKCS8PrivateKey(p521)
	require.NoError(t, err)
	p521SPKI, err := x509.MarshalPKIXPublicKey(&p521.PublicKey)
	require.NoError(t, err)
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	x25519PKCS8, err := x509.MarshalPKCS8PrivateKey(x25519)
	require.NoError(t, err)
	x25519SPKI, err := x509.MarshalPKIXPublicKey(x25519.PublicKey())
	require.NoError(t, err)
	// Moduli that need not be real keys, since their size or exponent is
	// refused first.
	smallPub := &rsa.PublicKey{N: oddModulus(512), E: 65537}
	evenExp := &rsa.PublicKey{N: oddModulus(2048), E: 65536}
	encrypted := pemOf("RSA PRIVATE KEY", derOf("keys/test-key-rsa.key.pem"))
	block, _ := pem.Decode(encrypted)
	block.Headers = map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00000000000000000000000000000000"}
	encrypted = pem.EncodeToMemory(block)
	spkiDER := derOf("keys/test-key-ecc-p256.pub.pem")
	pkcs8DER := derOf("keys/test-key-ed25519.key.pem")

	privateCases := []struct {
		name        string
		data        []byte
		unsupported bool
	}{
		{"empty", nil, false},
		{"garbage", []byte("this is not PEM"), false},
		{"public key", readKeyFile(t, "keys/test-key-ecc-p256.pub.pem"), false},
		{"PKCS1 public key", readKeyFile(t, "keys/test-key-rsa.pub.pem"), false},
		{"certificate type", pemOf("CERTIFICATE", pkcs8DER), false},
		{"wrong type for body", pemOf("EC PRIVATE KEY", pkcs8DER), false},
		{"truncated PKCS1", pemOf("RSA PRIVATE KEY", derOf("keys/test-key-rsa.key.pem")[:600]), false},
		{"truncated PKCS8", pemOf("PRIVATE KEY", pkcs8DER[:len(pkcs8DER)-1]), false},
		{"truncated PSS PKCS8", pemOf("PRIVATE KEY", derOf("keys/test-key-rsa-pss.key.pem")[:900]), false},
		{"trailing data PKCS8", pemOf("PRIVATE KEY", append(append([]byte{}, pkcs8DER...), 0)), false},
		{"truncated SEC1", pemOf("EC PRIVATE KEY", derOf("keys/test-key-ecc-p256.key.pem")[:40]), false},
		{"encrypted PKCS8", pemOf("ENCRYPTED PRIVATE KEY", pkcs8DER), true},
		{"encrypted legacy PEM", encrypted, true},
		{"P-521", pemOf("PRIVATE KEY", p521PKCS8), true},
		{"X25519", pemOf("PRIVATE KEY", x25519PKCS8), true},
	}
	for _, tc := range privateCases {
		t.Run("private/"+tc.name, func(t *testing.T) {
			t.Parallel()
			key, err := ParsePrivateKeyPEM(tc.data)
			require.Error(t, err)
			assert.Nil(t, key)
			assert.Regexp(t, "^httpsig: ", err.Error())
			assert.Equal(t, tc.unsupported, errors.Is(err, ErrUnsupportedKey), "errors.Is(err, ErrUnsupportedKey) for %v", err)
		})
	}

	publicCases := []struct {
		name        string
		data        []byte
		unsupported bool
	}{
		{"empty", nil, false},
		{"garbage", []byte("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n"), false},
		{"certificate type", pemOf("CERTIFICATE", spkiDER), false},
		{"truncated SPKI", pemOf("PUBLIC KEY", spkiDER[:len(spkiDER)-5]), false},
		{"trailing data SPKI", pemOf("PUBLIC KEY", append(append([]byte{}, spkiDER...), 0)), false},
		{"truncated PKCS1", pemOf("RSA PUBLIC KEY", derOf("keys/test-key-rsa.pub.pem")[:100]), false},
		{"SPKI labelled PKCS1", pemOf("RSA PUBLIC KEY", spkiDER), false},
		{"P-521", pemOf("PUBLIC KEY", p521SPKI), true},
		{"X25519", pemOf("PUBLIC KEY", x25519SPKI), true},
		{"512-bit RSA", pemOf("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(smallPub)), true},
		{"even RSA exponent", pemOf("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(evenExp)), true},
	}
	for _, tc := range publicCases {
		t.Run("public/"+tc.name, func(t *testing.T) {
			t.Parallel()
			key, err := ParsePublicKeyPEM(tc.data)
			require.Error(t, err)
			assert.Nil(t, key)
			assert.Regexp(t, "^httpsig: ", err.Error())
			assert.Equal(t, tc.unsupported, errors.Is(err, ErrUnsupportedKey), "errors.Is(err, ErrUnsupportedKey) for %v", err)
		})
	}

	// A private key where a public key is expected is refused, not reduced
	// to its public half.
	for _, name := range []string{"keys/test-key-rsa.key.pem", "keys/test-key-rsa-pss.key.pem", "keys/test-key-ecc-p256.key.pem", "keys/test-key-ed25519.key.pem", "cavage12/test-key.key.pem"} {
		t.Run("public/private key "+name, func(t *testing.T) {
			t.Parallel()
			key, err := ParsePublicKeyPEM(readKeyFile(t, name))
			require.Error(t, err)
			assert.Nil(t, key)
			assert.Contains(t, err.Error(), "private key where a public key was expected")
		})
	}

	t.Run("marshal", func(t *testing.T) {
		t.Parallel()
		edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
		require.NoError(t, err)

		_, err = MarshalPublicKeyPEM(edPriv)
		assert.ErrorContains(t, err, "private key")
		_, err = MarshalPublicKeyPEM(nil)
		assert.Error(t, err)
		_, err = MarshalPublicKeyPEM((*rsa.PublicKey)(nil))
		assert.Error(t, err)
		_, err = MarshalPublicKeyPEM(edPub[:31])
		assert.Error(t, err)
		_, err = MarshalPublicKeyPEM(&p521.PublicKey)
		assert.ErrorIs(t, err, ErrUnsupportedKey)
		_, err = MarshalPublicKeyPEM(smallPub)
		assert.ErrorIs(t, err, ErrUnsupportedKey)
		_, err = MarshalPublicKeyPEM(x25519.PublicKey())
		assert.ErrorIs(t, err, ErrUnsupportedKey)

		_, err = MarshalPrivateKeyPEM(nil)
		assert.Error(t, err)
		_, err = MarshalPrivateKeyPEM((*rsa.PrivateKey)(nil))
		assert.Error(t, err)
		_, err = MarshalPrivateKeyPEM(p521)
		assert.ErrorIs(t, err, ErrUnsupportedKey)
		_, err = MarshalPrivateKeyPEM(otherSigner{edPub})
		assert.ErrorIs(t, err, ErrUnsupportedKey)
		_, err = MarshalPrivateKeyPEM(edPriv[:63])
		assert.Error(t, err)
	})
}

func TestRSASizeLimits(t *testing.T) {
	t.Parallel()
	for bits, ok := range map[int]bool{1023: false, 1024: true, 2048: true, 8192: true, 8193: false} {
		pub := &rsa.PublicKey{N: oddModulus(bits), E: 65537}
		der := x509.MarshalPKCS1PublicKey(pub)
		got, err := ParsePublicKeyPEM(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: der}))
		mk, mkErr := MarshalMultikey(pub)
		_, jwkErr := JWK{Key: pub}.MarshalJSON()
		if ok {
			require.NoError(t, err, bits)
			assert.True(t, pub.Equal(got), bits)
			require.NoError(t, mkErr, bits)
			back, err := ParseMultikey(mk)
			require.NoError(t, err, bits)
			assert.True(t, pub.Equal(back), bits)
			assert.NoError(t, jwkErr, bits)
		} else {
			assert.ErrorIs(t, err, ErrUnsupportedKey, bits)
			assert.ErrorIs(t, mkErr, ErrUnsupportedKey, bits)
			assert.ErrorIs(t, jwkErr, ErrUnsupportedKey, bits)
		}
	}
}
