package httpsig

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helloWorld is the 18-byte body of the cavage, RFC 9421 and RFC 9530
// Appendix D examples (no trailing newline).
const helloWorld = `{"hello": "world"}`

// gtsFollow is a Follow that GoToSocial posted, with the Digest it sent.
const (
	gtsFollow       = `{"@context":"https://www.w3.org/ns/activitystreams","actor":"http://gts.test/users/alice","id":"http://gts.test/users/alice/follow/021D63CQ4Q8DRF5DKR9HHMWWQ0","object":"http://peer.test/users/carol","to":"http://peer.test/users/carol","type":"Follow"}`
	gtsFollowDigest = "SHA-256=7511rorTGg0YOpXL55fJkNojcwdFRlezWL6e+V8n0gI="
)

// Digests of helloWorld, from RFC 9530 Appendix D.
const (
	helloSHA256 = "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="
	helloSHA512 = "WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew=="
	helloMD5    = "Sd/dVLAcvNLSq16eXua5uQ=="
	helloSHA1   = "07CavjDP4u3/TungoUHJO/Wzr4c="
)

func TestDigest(t *testing.T) {
	t.Parallel()
	d, err := Digest(DigestSHA256, []byte(helloWorld))
	require.NoError(t, err)
	// draft-cavage-http-signatures-12 Appendix C.
	assert.Equal(t, "SHA-256="+helloSHA256, d)

	d, err = Digest(DigestSHA512, []byte(helloWorld))
	require.NoError(t, err)
	assert.Equal(t, "SHA-512="+helloSHA512, d)

	d, err = Digest(DigestSHA256, []byte(gtsFollow))
	require.NoError(t, err)
	assert.Equal(t, gtsFollowDigest, d)

	d, err = Digest(DigestSHA256, nil)
	require.NoError(t, err)
	assert.Equal(t, "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", d)

	for _, alg := range []DigestAlgorithm{"", "md5", "sha", "SHA-256", "sha-384"} {
		d, err := Digest(alg, []byte(helloWorld))
		require.ErrorIs(t, err, ErrUnsupportedAlgorithm, "%q", alg)
		assert.Empty(t, d)
		assert.True(t, strings.HasPrefix(err.Error(), "httpsig: "), err.Error())
	}
}

func TestContentDigest(t *testing.T) {
	t.Parallel()
	body := []byte(helloWorld)
	tests := []struct {
		algs []DigestAlgorithm
		want string
	}{
		{nil, "sha-256=:" + helloSHA256 + ":"},
		{[]DigestAlgorithm{DigestSHA256}, "sha-256=:" + helloSHA256 + ":"},
		// RFC 9421 Appendix B.2 test request.
		{[]DigestAlgorithm{DigestSHA512}, "sha-512=:" + helloSHA512 + ":"},
		{[]DigestAlgorithm{DigestSHA256, DigestSHA512}, "sha-256=:" + helloSHA256 + ":, sha-512=:" + helloSHA512 + ":"},
		{[]DigestAlgorithm{DigestSHA512, DigestSHA256}, "sha-512=:" + helloSHA512 + ":, sha-256=:" + helloSHA256 + ":"},
		{[]DigestAlgorithm{DigestSHA512, DigestSHA256, DigestSHA512}, "sha-512=:" + helloSHA512 + ":, sha-256=:" + helloSHA256 + ":"},
	}
	for _, tt := range tests {
		got, err := ContentDigest(body, tt.algs...)
		require.NoError(t, err, "%v", tt.algs)
		assert.Equal(t, tt.want, got, "%v", tt.algs)
		assert.NoError(t, VerifyContentDigest(got, body))
	}

	for _, algs := range [][]DigestAlgorithm{{"md5"}, {DigestSHA256, "sha"}, {"SHA-256"}, {""}} {
		got, err := ContentDigest(body, algs...)
		require.ErrorIs(t, err, ErrUnsupportedAlgorithm, "%v", algs)
		assert.Empty(t, got)
	}
}

func TestVerifyDigest(t *testing.T) {
	t.Parallel()
	hello := []byte(helloWorld)
	unpadded := strings.TrimRight(helloSHA512, "=")
	tests := []struct {
		name  string
		value string
		body  []byte
	}{
		{"cavage Appendix C", "SHA-256=" + helloSHA256, hello},
		{"GoToSocial", gtsFollowDigest, []byte(gtsFollow)},
		{"lower-case name", "sha-256=" + helloSHA256, hello},
		{"mixed-case name", "Sha-256=" + helloSHA256, hello},
		{"SHA-512", "SHA-512=" + helloSHA512, hello},
		{"SHA-512 without padding", "SHA-512=" + unpadded, hello},
		{"SHA-256 without padding", "SHA-256=" + strings.TrimRight(helloSHA256, "="), hello},
		{"both", "SHA-256=" + helloSHA256 + ",SHA-512=" + helloSHA512, hello},
		{"both with spaces", " SHA-512=" + helloSHA512 + " ,\tSHA-256=" + helloSHA256 + "\t", hello},
		{"empty elements", ",SHA-256=" + helloSHA256 + ",,", hello},
		{"with MD5 and SHA", "MD5=" + helloMD5 + ", SHA=" + helloSHA1 + ", SHA-256=" + helloSHA256, hello},
		{"with unknown junk", "UNIXsum=30637, x-custom=!!!, SHA-256=" + helloSHA256, hello},
		{"wrong MD5 ignored", "MD5=AAAAAAAAAAAAAAAAAAAAAA==, SHA-256=" + helloSHA256, hello},
		{"repeated", "SHA-256=" + helloSHA256 + ", SHA-256=" + helloSHA256, hello},
		{"empty body", "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.NoError(t, VerifyDigest(tt.value, tt.body))
		})
	}
}

func TestVerifyContentDigest(t *testing.T) {
	t.Parallel()
	hello := []byte(helloWorld)
	tests := []struct {
		name  string
		value string
		body  []byte
	}{
		// RFC 9421 Appendix B.2 test request.
		{"RFC 9421 test request", "sha-512=:" + helloSHA512 + ":", hello},
		{"sha-256", "sha-256=:" + helloSHA256 + ":", hello},
		{"both", "sha-256=:" + helloSHA256 + ":, sha-512=:" + helloSHA512 + ":", hello},
		{"both without space", "sha-512=:" + helloSHA512 + ":,sha-256=:" + helloSHA256 + ":", hello},
		{"without padding", "sha-512=:" + strings.TrimRight(helloSHA512, "=") + ":", hello},
		{"with parameters", "sha-256=:" + helloSHA256 + ":;x=1", hello},
		{"with md5 and sha", "md5=:" + helloMD5 + ":, sha=:" + helloSHA1 + ":, sha-256=:" + helloSHA256 + ":", hello},
		{"unsupported of other types", "unixsum=30637, id-sha-256=?1, x=(1 2), sha-256=:" + helloSHA256 + ":", hello},
		{"repeated key, last wins", "sha-256=:AAAA:, sha-256=:" + helloSHA256 + ":", hello},
		{"GoToSocial body", "sha-256=:" + strings.TrimPrefix(gtsFollowDigest, "SHA-256=") + ":", []byte(gtsFollow)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.NoError(t, VerifyContentDigest(tt.value, tt.body))
		})
	}
}

func TestVerifyDigestErrors(t *testing.T) {
	t.Parallel()
	hello := []byte(helloWorld)
	other := []byte(`{"hello": "world!"}`)
	malformed := func(offset int) func(t *testing.T, err error, header string) {
		return func(t *testing.T, err error, header string) {
			t.Helper()
			require.ErrorIs(t, err, ErrMalformed)
			var me *MalformedError
			require.True(t, errors.As(err, &me), "%T", err)
			assert.Equal(t, header, me.Header)
			assert.Equal(t, offset, me.Offset, "%v", err)
			assert.NotErrorIs(t, err, ErrDigestMismatch)
		}
	}
	is := func(target error) func(t *testing.T, err error, header string) {
		return func(t *testing.T, err error, _ string) {
			t.Helper()
			require.ErrorIs(t, err, target)
			var me *MalformedError
			assert.False(t, errors.As(err, &me))
		}
	}
	mismatch, unsupported := is(ErrDigestMismatch), is(ErrUnsupportedAlgorithm)

	type check = func(t *testing.T, err error, header string)
	digestTests := []struct {
		name  string
		value string
		body  []byte
		check check
	}{
		{"other body", "SHA-256=" + helloSHA256, other, mismatch},
		{"other body SHA-512", "SHA-512=" + helloSHA512, other, mismatch},
		{"one of two wrong", "SHA-256=" + helloSHA256 + ", SHA-512=" + helloSHA512, nil, mismatch},
		{"second of same wrong", "SHA-256=" + helloSHA256 + ", SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", hello, mismatch},
		{"SHA-512 value under SHA-256", "SHA-256=" + helloSHA512, hello, mismatch},
		{"short", "SHA-256=AAAA", hello, mismatch},
		{"correct MD5 does not save a wrong SHA-256", "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=, MD5=" + helloMD5, hello, mismatch},
		{"MD5 only", "MD5=" + helloMD5, hello, unsupported},
		{"SHA-1 only", "SHA=" + helloSHA1, hello, unsupported},
		{"MD5 and SHA-1", "MD5=" + helloMD5 + ", SHA=" + helloSHA1, hello, unsupported},
		{"SHA-384", "SHA-384=AAAA", hello, unsupported},
		{"SHA256 spelling", "SHA256=" + helloSHA256, hello, unsupported},
		{"empty", "", hello, malformed(0)},
		{"spaces", "  \t", hello, malformed(0)},
		{"commas only", " , ,", hello, malformed(0)},
		{"no equals", "SHA-256", hello, malformed(7)},
		{"no equals after spaces", "  SHA-256 ", hello, malformed(9)},
		{"no algorithm", "SHA-256=" + helloSHA256 + ", =abc", hello, malformed(54)},
		{"space in algorithm", "SHA 256=" + helloSHA256, hello, malformed(3)},
		{"space around equals", "SHA-256 = " + helloSHA256, hello, malformed(7)},
		{"empty value", "SHA-256=", hello, malformed(8)},
		{"only padding", "SHA-256==", hello, malformed(8)},
		{"bad base64 character", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBP!=", hello, malformed(50)},
		{"base64url", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE_", hello, malformed(51)},
		{"space inside value", "SHA-256=X48E9qOokqqrvdts 8nOJRJN3OWDUoyWxBf7kbu9DBPE=", hello, malformed(24)},
		{"extra padding", "SHA-256=" + helloSHA256 + "=", hello, malformed(51)},
		{"padding in middle", "SHA-256=X48E=qOo", hello, malformed(12)},
		{"impossible length", "SHA-256=X48E9", hello, malformed(8)},
		{"malformed after mismatch", "SHA-256=AAAA, SHA-512", hello, malformed(21)},
		{"malformed unknown element", "MD5, SHA-256=" + helloSHA256, hello, malformed(3)},
		{"non-ASCII", "SHA-256=" + helloSHA256 + ", ÿ=1", hello, malformed(54)},
	}
	for _, tt := range digestTests {
		t.Run("Digest/"+tt.name, func(t *testing.T) {
			t.Parallel()
			err := VerifyDigest(tt.value, tt.body)
			require.Error(t, err)
			tt.check(t, err, "Digest")
			assert.True(t, strings.HasPrefix(err.Error(), "httpsig: "), err.Error())
		})
	}

	contentTests := []struct {
		name  string
		value string
		body  []byte
		check check
	}{
		{"other body", "sha-256=:" + helloSHA256 + ":", other, mismatch},
		{"other body sha-512", "sha-512=:" + helloSHA512 + ":", other, mismatch},
		{"one of two wrong", "sha-256=:" + helloSHA256 + ":, sha-512=:" + helloSHA512 + ":", nil, mismatch},
		{"repeated key, last wins", "sha-256=:" + helloSHA256 + ":, sha-256=:AAAA:", hello, mismatch},
		{"empty digest", "sha-256=::", hello, mismatch},
		{"correct md5 does not save a wrong sha-256", "md5=:" + helloMD5 + ":, sha-256=:AAAA:", hello, mismatch},
		{"md5 only", "md5=:" + helloMD5 + ":", hello, unsupported},
		{"RFC 9530 Appendix D deprecated algorithms",
			"md5=:" + helloMD5 + ":, sha=:" + helloSHA1 + ":, unixsum=:GQU=:, unixcksum=:7zsHAA==:, adler=:OZkGFw==:, crc32c=:Q3lHIA==:",
			hello, unsupported},
		{"RFC 3230 form", "SHA-256=" + helloSHA256, hello, malformed(0)},
		{"upper-case key", "SHA-256=:" + helloSHA256 + ":", hello, malformed(0)},
		{"empty", "", hello, malformed(0)},
		{"spaces", "   ", hello, malformed(0)},
		{"token value", "sha-256=X48E", hello, malformed(-1)},
		{"string value", `sha-256="X48E"`, hello, malformed(-1)},
		{"boolean value", "sha-256", hello, malformed(-1)},
		{"inner list value", "sha-256=(:" + helloSHA256 + ":)", hello, malformed(-1)},
		{"no closing colon", "sha-256=:" + helloSHA256, hello, malformed(53)},
		{"bad base64", "sha-512=:" + helloSHA512[:20] + "!" + helloSHA512[21:] + ":", hello, malformed(29)},
		{"RFC 9530 printed typo", "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg==:", []byte(helloWorld + "\n"), malformed(52)},
		{"trailing comma", "sha-256=:" + helloSHA256 + ":,", hello, malformed(55)},
		{"trailing garbage", "sha-256=:" + helloSHA256 + ": x", hello, malformed(55)},
	}
	for _, tt := range contentTests {
		t.Run("Content-Digest/"+tt.name, func(t *testing.T) {
			t.Parallel()
			err := VerifyContentDigest(tt.value, tt.body)
			require.Error(t, err)
			tt.check(t, err, "Content-Digest")
			assert.True(t, strings.HasPrefix(err.Error(), "httpsig: "), err.Error())
		})
	}
}

// TestDigestErrorMessages checks what the errors say: the algorithm, and
// never the digest values.
func TestDigestErrorMessages(t *testing.T) {
	t.Parallel()
	err := VerifyDigest("SHA-256="+helloSHA256, nil)
	assert.EqualError(t, err, "httpsig: body digest mismatch (sha-256)")
	err = VerifyContentDigest("sha-512=:"+helloSHA512+":", nil)
	assert.EqualError(t, err, "httpsig: body digest mismatch (sha-512)")
	err = VerifyDigest("SHA-256=AAAA", nil)
	assert.EqualError(t, err, "httpsig: body digest mismatch (sha-256 digest is 3 bytes, want 32)")
	err = VerifyContentDigest("md5=:"+helloMD5+":", nil)
	assert.EqualError(t, err, "httpsig: unsupported algorithm: Content-Digest header has no sha-256 or sha-512 digest")
	err = VerifyDigest("MD5="+helloMD5, nil)
	assert.EqualError(t, err, "httpsig: unsupported algorithm: Digest header has no sha-256 or sha-512 digest")
	err = VerifyDigest("", nil)
	assert.EqualError(t, err, "httpsig: malformed Digest header at offset 0: empty value")
	err = VerifyContentDigest("sha-256=X", nil)
	assert.EqualError(t, err, "httpsig: malformed Content-Digest header: sha-256 value is not a byte sequence")
	err = VerifyContentDigest("sha-256=:AAA!:", nil)
	assert.EqualError(t, err, "httpsig: malformed Content-Digest header at offset 12: invalid character in byte sequence")
}

// rfc9530Vector is the part of a testdata/rfc9530 file these tests read.
type rfc9530Vector struct {
	Messages []string `json:"messages"`
	Digests  []struct {
		Field           string `json:"field"`
		Algorithm       string `json:"algorithm"`
		ValueB64        string `json:"value_b64"`
		InputHex        string `json:"input_hex"`
		Matches         *bool  `json:"matches"`
		PrintedInSource string `json:"printed_in_source"`
	} `json:"digests"`
}

// TestRFC9530Vectors checks every digest of RFC 9530 Appendix B and
// Sections 2 and 3 whose input is known, in both the Content-Digest and the
// RFC 3230 form, and checks that every Content-Digest and Repr-Digest field
// printed in the examples parses, except the misprinted ones.
func TestRFC9530Vectors(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "rfc9530", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	checked := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var v rfc9530Vector
		require.NoError(t, json.Unmarshal(data, &v), file)
		name := filepath.Base(file)

		for _, d := range v.Digests {
			alg := DigestAlgorithm(d.Algorithm)
			value := d.Algorithm + "=:" + d.ValueB64 + ":"
			if d.Matches == nil || d.InputHex == "" {
				// Input not given: the value must still parse.
				assert.ErrorIs(t, VerifyContentDigest(value, []byte("x")), ErrDigestMismatch, "%s %s", name, d.Field)
				continue
			}
			body, err := hex.DecodeString(d.InputHex)
			require.NoError(t, err)
			if !*d.Matches {
				// Printed values that do not reproduce: they parse, and
				// they do not match the printed bytes.
				assert.ErrorIs(t, VerifyContentDigest(value, body), ErrDigestMismatch, "%s %s", name, d.Field)
				continue
			}
			checked++
			assert.NoError(t, VerifyContentDigest(value, body), "%s %s", name, d.Field)
			got, err := ContentDigest(body, alg)
			require.NoError(t, err)
			assert.Equal(t, value, got, "%s %s", name, d.Field)

			legacy, err := Digest(alg, body)
			require.NoError(t, err)
			assert.Equal(t, strings.ToUpper(d.Algorithm)+"="+d.ValueB64, legacy)
			assert.NoError(t, VerifyDigest(legacy, body), "%s %s", name, d.Field)
			assert.ErrorIs(t, VerifyContentDigest(value, append(body, ' ')), ErrDigestMismatch)

			if d.PrintedInSource != "" {
				err := VerifyContentDigest(d.Algorithm+"=:"+d.PrintedInSource+":", body)
				assert.ErrorIs(t, err, ErrMalformed, "%s %s: printed typo", name, d.Field)
			}
		}

		for _, msg := range v.Messages {
			head, _, _ := strings.Cut(msg, "\n\n")
			for _, line := range strings.Split(head, "\n") {
				field, value, ok := strings.Cut(line, ": ")
				if !ok || (field != "Content-Digest" && field != "Repr-Digest") {
					continue
				}
				// No example has the digest of this body.
				err := VerifyContentDigest(value, []byte("x"))
				if strings.Contains(value, "FabDg==:") {
					assert.ErrorIs(t, err, ErrMalformed, "%s: %s", name, line)
				} else {
					assert.ErrorIs(t, err, ErrDigestMismatch, "%s: %s", name, line)
				}
			}
		}
	}
	assert.GreaterOrEqual(t, checked, 15)
}

// TestRFC9530AppendixD checks the sample values of RFC 9530 Appendix D:
// sha-256 and sha-512 verify, the six deprecated algorithms are ignored and
// never accepted on their own.
func TestRFC9530AppendixD(t *testing.T) {
	t.Parallel()
	var v struct {
		InputHex string            `json:"input_hex"`
		Values   map[string]string `json:"values"`
	}
	data, err := os.ReadFile(filepath.Join("testdata", "rfc9530", "appD_sample_digest_values.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &v))
	body, err := hex.DecodeString(v.InputHex)
	require.NoError(t, err)
	require.Equal(t, helloWorld, string(body))
	require.Len(t, v.Values, 8)

	var all []string
	for alg, sf := range v.Values {
		member := alg + "=" + sf
		all = append(all, member)
		err := VerifyContentDigest(member, body)
		b64 := strings.Trim(sf, ":")
		legacy := strings.ToUpper(alg) + "=" + b64
		switch DigestAlgorithm(alg) {
		case DigestSHA256, DigestSHA512:
			assert.NoError(t, err, member)
			assert.NoError(t, VerifyDigest(legacy, body), legacy)
			got, err := ContentDigest(body, DigestAlgorithm(alg))
			require.NoError(t, err)
			assert.Equal(t, member, got)
		default:
			assert.ErrorIs(t, err, ErrUnsupportedAlgorithm, member)
			assert.ErrorIs(t, VerifyDigest(legacy, body), ErrUnsupportedAlgorithm, legacy)
			// Even a correct deprecated digest does not vouch for
			// another body.
			assert.ErrorIs(t, VerifyContentDigest(member, []byte("tampered")), ErrUnsupportedAlgorithm, member)
		}
	}
	assert.NoError(t, VerifyContentDigest(strings.Join(all, ", "), body))
	assert.ErrorIs(t, VerifyContentDigest(strings.Join(all, ", "), []byte("tampered")), ErrDigestMismatch)
}

// TestVerifyDigestLengths checks that wrong-length digests, including the
// other algorithm's digest, are mismatches.
func TestVerifyDigestLengths(t *testing.T) {
	t.Parallel()
	hello := []byte(helloWorld)
	sum256, err := base64.StdEncoding.DecodeString(helloSHA256)
	require.NoError(t, err)
	for _, n := range []int{1, 31, 33, 64} {
		b := make([]byte, n)
		copy(b, sum256)
		enc := base64.StdEncoding.EncodeToString(b)
		assert.ErrorIs(t, VerifyDigest("SHA-256="+enc, hello), ErrDigestMismatch, n)
		assert.ErrorIs(t, VerifyContentDigest("sha-256=:"+enc+":", hello), ErrDigestMismatch, n)
	}
}

func BenchmarkVerifyContentDigest(b *testing.B) {
	body := []byte(gtsFollow)
	value, err := ContentDigest(body)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := VerifyContentDigest(value, body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyDigest(b *testing.B) {
	body := []byte(gtsFollow)
	b.ReportAllocs()
	for b.Loop() {
		if err := VerifyDigest(gtsFollowDigest, body); err != nil {
			b.Fatal(err)
		}
	}
}
