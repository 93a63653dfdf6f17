package httpsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readJWKMembers reads a JWK file as a map of its members.
func readJWKMembers(t *testing.T, name string) map[string]string {
	t.Helper()
	var m map[string]string
	require.NoError(t, json.Unmarshal(readKeyFile(t, name), &m))
	return m
}

// jwkJSONWith returns the JSON of members with changes applied; an empty
// value deletes a member.
func jwkJSONWith(t *testing.T, members map[string]string, changes map[string]string) []byte {
	t.Helper()
	m := make(map[string]string, len(members))
	for k, v := range members {
		m[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

func TestJWKTestKeys(t *testing.T) {
	t.Parallel()
	for _, tk := range pemTestKeys {
		if tk.name == "" {
			continue
		}
		t.Run(tk.name, func(t *testing.T) {
			t.Parallel()
			file := "keys/" + tk.name + ".jwk.json"
			jwk, err := ParseJWK(readKeyFile(t, file))
			require.NoError(t, err)
			assert.Equal(t, tk.name, jwk.KeyID)

			// The JWK and PEM forms hold the same key.
			priv, err := ParsePrivateKeyPEM(readKeyFile(t, tk.private))
			require.NoError(t, err)
			pub, err := ParsePublicKeyPEM(readKeyFile(t, tk.public))
			require.NoError(t, err)
			assert.True(t, sameKey(priv, jwk.Key), "JWK and PEM private keys differ")
			assert.True(t, sameKey(pub, jwk.Public()), "JWK and PEM public keys differ")

			// Writing it back gives the same members as the file.
			out, err := json.Marshal(jwk)
			require.NoError(t, err)
			var got map[string]string
			require.NoError(t, json.Unmarshal(out, &got))
			assert.Equal(t, readJWKMembers(t, file), got)
		})
	}
}

func TestJWKSharedSecret(t *testing.T) {
	t.Parallel()
	secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(readKeyFile(t, "keys/test-shared-secret.b64"))))
	require.NoError(t, err)
	require.Len(t, secret, 64)

	in := JWK{Key: secret, KeyID: "test-shared-secret", Algorithm: "HS256"}
	out, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"kty":"oct","kid":"test-shared-secret","alg":"HS256","k":"`+base64.RawURLEncoding.EncodeToString(secret)+`"}`, string(out))
	jwk, err := ParseJWK(out)
	require.NoError(t, err)
	assert.Equal(t, in, *jwk)
	assert.Nil(t, jwk.Public())
}

func TestJWKRoundTrip(t *testing.T) {
	t.Parallel()
	keys := map[string]any{}
	for name, key := range generatedKeys(t) {
		keys[name] = key
		keys[name+" public"] = key.Public()
	}
	for _, tk := range pemTestKeys {
		priv, err := ParsePrivateKeyPEM(readKeyFile(t, tk.private))
		require.NoError(t, err)
		keys[tk.private] = priv
		keys[tk.public] = priv.Public()
	}
	keys["secret"] = []byte("a secret of some length")
	for name, key := range keys {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in := JWK{Key: key, KeyID: "https://example.com/actor#" + name, Algorithm: "alg-" + name, Use: "sig"}
			out, err := in.MarshalJSON()
			require.NoError(t, err)
			got, err := ParseJWK(out)
			require.NoError(t, err)
			assert.True(t, sameKey(key, got.Key), "key changed in round trip")
			assert.Equal(t, in.KeyID, got.KeyID)
			assert.Equal(t, in.Algorithm, got.Algorithm)
			assert.Equal(t, in.Use, got.Use)

			var members map[string]string
			require.NoError(t, json.Unmarshal(out, &members))
			_, hasD := members["d"]
			_, private := key.(crypto.Signer)
			assert.Equal(t, private, hasD, "d written iff the key is private")
			for _, v := range members {
				assert.NotContains(t, v, "=", "padding in output")
			}
		})
	}
}

func TestJWKPrivateRSAWithoutCRT(t *testing.T) {
	t.Parallel()
	// A key built by hand, without precomputed values, still encodes with
	// dp, dq and qi, and the caller's key is not modified.
	key, err := ParsePrivateKeyPEM(readKeyFile(t, "keys/test-key-rsa.key.pem"))
	require.NoError(t, err)
	full := key.(*rsa.PrivateKey)
	bare := &rsa.PrivateKey{PublicKey: full.PublicKey, D: full.D, Primes: full.Primes}
	out, err := JWK{Key: bare}.MarshalJSON()
	require.NoError(t, err)
	assert.Nil(t, bare.Precomputed.Dp)
	var got map[string]string
	require.NoError(t, json.Unmarshal(out, &got))
	want := readJWKMembers(t, "keys/test-key-rsa.jwk.json")
	delete(want, "kid")
	assert.Equal(t, want, got)

	// dp, dq and qi are optional on input.
	jwk, err := ParseJWK(jwkJSONWith(t, want, map[string]string{"dp": "", "dq": "", "qi": ""}))
	require.NoError(t, err)
	assert.True(t, full.Equal(jwk.Key))
}

func TestJWKPaddedInput(t *testing.T) {
	t.Parallel()
	m := readJWKMembers(t, "keys/test-key-ed25519.jwk.json")
	want, err := ParseJWK(readKeyFile(t, "keys/test-key-ed25519.jwk.json"))
	require.NoError(t, err)
	jwk, err := ParseJWK(jwkJSONWith(t, m, map[string]string{"x": m["x"] + "=", "d": m["d"] + "="}))
	require.NoError(t, err)
	assert.True(t, sameKey(want.Key, jwk.Key))
}

func TestJWKRefusals(t *testing.T) {
	t.Parallel()
	rsaKey := readJWKMembers(t, "keys/test-key-rsa.jwk.json")
	ecKey := readJWKMembers(t, "keys/test-key-ecc-p256.jwk.json")
	edKey := readJWKMembers(t, "keys/test-key-ed25519.jwk.json")
	otherEC, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	otherD, err := otherEC.Bytes()
	require.NoError(t, err)
	b64 := base64.RawURLEncoding.EncodeToString
	// A y that does not fit x: flip the last bit.
	y, err := base64.RawURLEncoding.DecodeString(ecKey["y"])
	require.NoError(t, err)
	y[len(y)-1] ^= 1
	// A 512-bit modulus.
	small := make([]byte, 64)
	small[0], small[63] = 0x80, 1

	cases := []struct {
		name        string
		data        []byte
		unsupported bool
	}{
		{"not JSON", []byte(`{"kty":`), false},
		{"array", []byte(`[]`), false},
		{"null", []byte(`null`), false},
		{"string", []byte(`"RSA"`), false},
		{"no kty", jwkJSONWith(t, edKey, map[string]string{"kty": ""}), false},
		{"kty not a string", []byte(`{"kty":1}`), false},
		{"kid not a string", []byte(`{"kty":"oct","k":"c2VjcmV0","kid":7}`), false},
		{"unknown kty", jwkJSONWith(t, edKey, map[string]string{"kty": "XYZ"}), true},
		{"kty case", jwkJSONWith(t, rsaKey, map[string]string{"kty": "rsa"}), true},

		{"RSA no n", jwkJSONWith(t, rsaKey, map[string]string{"n": ""}), false},
		{"RSA no e", jwkJSONWith(t, rsaKey, map[string]string{"e": ""}), false},
		{"RSA bad base64 n", jwkJSONWith(t, rsaKey, map[string]string{"n": "!!!!"}), false},
		{"RSA standard base64 n", jwkJSONWith(t, rsaKey, map[string]string{"n": strings.ReplaceAll(rsaKey["n"], "_", "/")}), false},
		{"RSA d without p and q", jwkJSONWith(t, rsaKey, map[string]string{"p": "", "q": ""}), false},
		{"RSA p without d", jwkJSONWith(t, rsaKey, map[string]string{"d": ""}), false},
		{"RSA partial CRT", jwkJSONWith(t, rsaKey, map[string]string{"dq": ""}), false},
		{"RSA wrong q", jwkJSONWith(t, rsaKey, map[string]string{"q": rsaKey["p"]}), false},
		{"RSA wrong d", jwkJSONWith(t, rsaKey, map[string]string{"d": rsaKey["dp"]}), false},
		{"RSA wrong dp", jwkJSONWith(t, rsaKey, map[string]string{"dp": rsaKey["dq"]}), false},
		{"RSA empty d", []byte(strings.Replace(string(jwkJSONWith(t, rsaKey, nil)), `"d":"`+rsaKey["d"]+`"`, `"d":""`, 1)), false},
		{"RSA null d", []byte(strings.Replace(string(jwkJSONWith(t, rsaKey, nil)), `"d":"`+rsaKey["d"]+`"`, `"d":null`, 1)), false},
		{"RSA 512 bits", []byte(`{"kty":"RSA","n":"` + b64(small) + `","e":"AQAB"}`), true},
		{"RSA exponent 1", jwkJSONWith(t, rsaKey, map[string]string{"e": "AQ"}), true},
		{"RSA exponent too large", jwkJSONWith(t, rsaKey, map[string]string{"e": "AQAAAAAB"}), true},
		{"RSA multi-prime", []byte(strings.Replace(string(jwkJSONWith(t, rsaKey, nil)), `{`, `{"oth":[],`, 1)), true},

		{"EC no crv", jwkJSONWith(t, ecKey, map[string]string{"crv": ""}), false},
		{"EC P-521", jwkJSONWith(t, ecKey, map[string]string{"crv": "P-521"}), true},
		{"EC secp256k1", jwkJSONWith(t, ecKey, map[string]string{"crv": "secp256k1"}), true},
		{"EC no x", jwkJSONWith(t, ecKey, map[string]string{"x": ""}), false},
		{"EC no y", jwkJSONWith(t, ecKey, map[string]string{"y": ""}), false},
		{"EC short x", jwkJSONWith(t, ecKey, map[string]string{"x": ecKey["x"][:40]}), false},
		{"EC point not on curve", jwkJSONWith(t, ecKey, map[string]string{"y": b64(y)}), false},
		{"EC P-256 key as P-384", jwkJSONWith(t, ecKey, map[string]string{"crv": "P-384"}), false},
		{"EC d mismatch", jwkJSONWith(t, ecKey, map[string]string{"d": b64(otherD)}), false},
		{"EC d zero", jwkJSONWith(t, ecKey, map[string]string{"d": b64(make([]byte, 32))}), false},
		{"EC short d", jwkJSONWith(t, ecKey, map[string]string{"d": ecKey["d"][:40]}), false},

		{"OKP X25519", jwkJSONWith(t, edKey, map[string]string{"crv": "X25519"}), true},
		{"OKP Ed448", jwkJSONWith(t, edKey, map[string]string{"crv": "Ed448"}), true},
		{"OKP no crv", jwkJSONWith(t, edKey, map[string]string{"crv": ""}), false},
		{"OKP no x", jwkJSONWith(t, edKey, map[string]string{"x": ""}), false},
		{"OKP short x", jwkJSONWith(t, edKey, map[string]string{"x": edKey["x"][:40]}), false},
		{"OKP short d", jwkJSONWith(t, edKey, map[string]string{"d": edKey["d"][:40]}), false},
		{"OKP d mismatch", jwkJSONWith(t, edKey, map[string]string{"d": edKey["x"]}), false},
		{"OKP bad base64 d", jwkJSONWith(t, edKey, map[string]string{"d": "*" + edKey["d"][1:]}), false},

		{"oct no k", []byte(`{"kty":"oct"}`), false},
		{"oct empty k", []byte(`{"kty":"oct","k":""}`), false},
		{"oct bad k", []byte(`{"kty":"oct","k":"a+b/"}`), false},
	}
	secrets := []string{rsaKey["d"], rsaKey["p"], rsaKey["q"], rsaKey["dp"], rsaKey["dq"], rsaKey["qi"], ecKey["d"], edKey["d"]}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			jwk, err := ParseJWK(tc.data)
			require.Error(t, err)
			assert.Nil(t, jwk)
			assert.Regexp(t, "^httpsig: ", err.Error())
			assert.Equal(t, tc.unsupported, errors.Is(err, ErrUnsupportedKey), "errors.Is(err, ErrUnsupportedKey) for %v", err)
			for _, s := range secrets {
				assert.NotContains(t, err.Error(), s[:8])
			}

			// UnmarshalJSON leaves its receiver alone on error.
			k := JWK{KeyID: "unchanged"}
			require.Error(t, k.UnmarshalJSON(tc.data))
			assert.Equal(t, JWK{KeyID: "unchanged"}, k)
		})
	}
}

func TestJWKMarshalRefusals(t *testing.T) {
	t.Parallel()
	p521, err := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	require.NoError(t, err)
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	rsaKey, err := ParsePrivateKeyPEM(readKeyFile(t, "keys/test-key-rsa.key.pem"))
	require.NoError(t, err)
	threePrimes := *rsaKey.(*rsa.PrivateKey)
	threePrimes.Primes = append(threePrimes.Primes[:2:2], threePrimes.Primes[0])

	for name, key := range map[string]any{
		"nil":                nil,
		"nil RSA":            (*rsa.PrivateKey)(nil),
		"nil RSA public":     (*rsa.PublicKey)(nil),
		"nil ECDSA":          (*ecdsa.PrivateKey)(nil),
		"nil ECDSA public":   (*ecdsa.PublicKey)(nil),
		"short Ed25519":      edPriv[:10],
		"short Ed25519 pub":  edPub[:10],
		"empty secret":       []byte{},
		"string":             "secret",
		"P-521":              p521,
		"P-521 public":       &p521.PublicKey,
		"three-prime RSA":    &threePrimes,
		"RSA without primes": &rsa.PrivateKey{PublicKey: rsaKey.(*rsa.PrivateKey).PublicKey, D: rsaKey.(*rsa.PrivateKey).D},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out, err := JWK{Key: key}.MarshalJSON()
			require.Error(t, err)
			assert.Nil(t, out)
			assert.Regexp(t, "^httpsig: ", err.Error())
		})
	}
}

func TestJWKFormatting(t *testing.T) {
	t.Parallel()
	secret := []byte("0123456789abcdef0123456789abcdef")
	cases := map[string]struct {
		jwk  JWK
		want string
	}{
		"RSA":    {want: `JWK{kty=RSA bits=2048 kid="test-key-rsa" private}`},
		"EC":     {want: `JWK{kty=EC crv=P-256 kid="test-key-ecc-p256" private}`},
		"OKP":    {want: `JWK{kty=OKP crv=Ed25519 kid="test-key-ed25519" private}`},
		"public": {want: `JWK{kty=OKP crv=Ed25519 kid="test-key-ed25519" public}`},
		"oct": {
			jwk:  JWK{Key: secret, KeyID: "hmac", Algorithm: "hmac-sha256", Use: "sig"},
			want: `JWK{kty=oct kid="hmac" alg="hmac-sha256" use="sig" secret}`,
		},
		"empty": {want: `JWK{kty=none}`},
	}
	for name, file := range map[string]string{"RSA": "test-key-rsa", "EC": "test-key-ecc-p256", "OKP": "test-key-ed25519"} {
		jwk, err := ParseJWK(readKeyFile(t, "keys/"+file+".jwk.json"))
		require.NoError(t, err)
		c := cases[name]
		c.jwk = *jwk
		cases[name] = c
	}
	okp := cases["OKP"].jwk
	c := cases["public"]
	c.jwk = JWK{Key: okp.Public(), KeyID: "test-key-ed25519"}
	cases["public"] = c

	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			jwk := tc.jwk
			assert.Equal(t, tc.want, jwk.String())
			assert.Equal(t, tc.want, jwk.GoString())
			printed := fmt.Sprintf("%v %+v %#v %s %q %x %X %d %v %+v %#v", jwk, jwk, jwk, jwk, jwk, jwk, jwk, jwk, &jwk, &jwk, &jwk)
			printed += fmt.Sprint(jwk, []JWK{jwk}, map[string]JWK{"k": jwk}, struct{ K JWK }{jwk})
			printed += fmt.Sprintf("%#v %+v", struct{ K JWK }{jwk}, []*JWK{&jwk})
			assert.Contains(t, printed, tc.want)

			if jwk.Key == nil {
				return
			}
			out, err := jwk.MarshalJSON()
			require.NoError(t, err)
			var members map[string]string
			require.NoError(t, json.Unmarshal(out, &members))
			for name, v := range members {
				switch name {
				case "kty", "kid", "alg", "use", "crv", "e":
					continue
				}
				raw, err := base64.RawURLEncoding.DecodeString(v)
				require.NoError(t, err)
				for _, s := range []string{v, v[:12], hex.EncodeToString(raw)[:16], strings.ToUpper(hex.EncodeToString(raw)[:16]), strings.Trim(fmt.Sprint(raw[:8]), "[]")} {
					assert.NotContains(t, printed, s, "member %q leaked", name)
				}
			}
		})
	}
}

func TestJWKPublic(t *testing.T) {
	t.Parallel()
	var nilJWK *JWK
	assert.Nil(t, nilJWK.Public())
	assert.Nil(t, (&JWK{}).Public())
	assert.Nil(t, (&JWK{Key: []byte("secret")}).Public())
	assert.Nil(t, (&JWK{Key: "something"}).Public())
	assert.Nil(t, (&JWK{Key: (*rsa.PrivateKey)(nil)}).Public())
	for name, key := range generatedKeys(t) {
		jwk := &JWK{Key: key}
		assert.True(t, sameKey(key.Public(), jwk.Public()), name)
		jwk = &JWK{Key: key.Public()}
		assert.True(t, sameKey(key.Public(), jwk.Public()), name)
	}
}

func TestJWKInStruct(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"keys":[` + string(readKeyFile(t, "keys/test-key-ed25519.jwk.json")) + `]}`)
	var set struct {
		Keys []JWK `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(doc, &set))
	require.Len(t, set.Keys, 1)
	assert.Equal(t, "test-key-ed25519", set.Keys[0].KeyID)
	_, ok := set.Keys[0].Key.(ed25519.PrivateKey)
	assert.True(t, ok)

	out, err := json.Marshal(set)
	require.NoError(t, err)
	assert.JSONEq(t, string(doc), string(out))

	_, err = json.Marshal(struct{ K JWK }{JWK{}})
	assert.Error(t, err)
}
