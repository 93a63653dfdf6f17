package httpsig

import (
	"bufio"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fedikit/fedikit/httpsig/internal/sfv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vectors in testdata/rfc9421 and testdata/cavage12 come from the RFC
// and draft texts; see the SOURCE files there.

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v))
}

// splitMessage splits a vector message (LF line endings) into its head, in
// CRLF form ready for net/http's parsers, and its body.
func splitMessage(msg string) (head, body string) {
	head, body, _ = strings.Cut(msg, "\n\n")
	// RFC 9421 section 4.3 prints two blank lines before the body.
	body = strings.TrimLeft(body, "\n")
	return strings.ReplaceAll(head, "\n", "\r\n") + "\r\n\r\n", body
}

// parseRequest reads a vector request as a server would receive it.
func parseRequest(t *testing.T, msg string) *http.Request {
	t.Helper()
	head, body := splitMessage(msg)
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(head + body)))
	require.NoError(t, err)
	if body != "" && r.ContentLength < 0 {
		r.ContentLength = int64(len(body))
	}
	return r
}

func parseResponse(t *testing.T, msg string, req *http.Request) *http.Response {
	t.Helper()
	head, body := splitMessage(msg)
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(head+body)), req)
	require.NoError(t, err)
	return resp
}

func loadPublicKey(t *testing.T, name string) crypto.PublicKey {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	pub, err := ParsePublicKeyPEM(b)
	require.NoError(t, err)
	return pub
}

func loadPrivateKey(t *testing.T, name string) crypto.Signer {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	key, err := ParsePrivateKeyPEM(b)
	require.NoError(t, err)
	return key
}

func loadSecret(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/keys/test-shared-secret.b64")
	require.NoError(t, err)
	secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	return secret
}

// staticKeys resolves a fixed set of keys.
func staticKeys(keys map[string]crypto.PublicKey) KeyResolver {
	return KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
		pub, ok := keys[keyID]
		if !ok {
			return nil, ErrKeyNotFound
		}
		return &Key{ID: keyID, Owner: "owner:" + keyID, PublicKey: pub}, nil
	})
}

func fixedClock(unix int64) func() time.Time {
	return func() time.Time { return time.Unix(unix, 0) }
}

type rfcVector struct {
	Message                string         `json:"message"`
	MessageForBase         string         `json:"message_for_base"`
	MessageName            string         `json:"message_name"`
	Algorithm              string         `json:"algorithm"`
	KeyID                  string         `json:"key_id"`
	KeyFile                string         `json:"key_file"`
	Label                  string         `json:"label"`
	Params                 map[string]any `json:"params"`
	ExpectedBase           string         `json:"expected_signature_base"`
	ExpectedSignatureInput string         `json:"expected_signature_input_header"`
	ExpectedSignature      string         `json:"expected_signature_header"`
	Deterministic          bool           `json:"deterministic"`
}

func (v *rfcVector) created() int64 { return int64(v.Params["created"].(float64)) }

func rfcVectorKeys(t *testing.T) map[string]crypto.PublicKey {
	return map[string]crypto.PublicKey{
		"test-key-rsa":      loadPublicKey(t, "keys/test-key-rsa.pub.pem"),
		"test-key-rsa-pss":  loadPublicKey(t, "keys/test-key-rsa-pss.pub.pem"),
		"test-key-ecc-p256": loadPublicKey(t, "keys/test-key-ecc-p256.pub.pem"),
		"test-key-ed25519":  loadPublicKey(t, "keys/test-key-ed25519.pub.pem"),
	}
}

func TestRFC9421Vectors(t *testing.T) {
	t.Parallel()
	keys := rfcVectorKeys(t)
	secret := loadSecret(t)
	for _, name := range []string{
		"b2_1_minimal_rsa_pss", "b2_2_selective_rsa_pss", "b2_3_full_coverage_rsa_pss",
		"b2_4_response_ecdsa_p256", "b2_5_request_hmac_sha256", "b2_6_request_ed25519",
		"b3_tls_terminating_proxy_ecdsa_p256",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var v rfcVector
			readJSON(t, filepath.Join("testdata/rfc9421", name+".json"), &v)
			msgText := v.Message
			if v.MessageForBase != "" {
				msgText = v.MessageForBase // the documented erratum of B.2.4
			}
			var m *message
			var req *http.Request
			var resp *http.Response
			if strings.HasPrefix(msgText, "HTTP/") {
				resp = parseResponse(t, msgText, nil)
				m = newResponseMessage(resp, "https")
			} else {
				req = parseRequest(t, msgText)
				m = newRequestMessage(req, "https")
			}

			// The signature base, byte for byte.
			d, err := sfv.ParseDictionary(v.ExpectedSignatureInput)
			require.NoError(t, err)
			in, ok := d.Get(v.Label)
			require.True(t, ok)
			base, _, err := signatureBase(m, in.(sfv.InnerList), "")
			require.NoError(t, err)
			assert.Equal(t, v.ExpectedBase, string(base))

			// The signature verifies with a verifier whose clock reads the
			// creation time.
			m.header.Set("Signature-Input", v.ExpectedSignatureInput)
			m.header.Set("Signature", v.ExpectedSignature)
			vf := NewVerifier(staticKeys(keys), &VerifierOptions{
				Now:                       fixedClock(v.created()),
				HMACSecrets:               map[string][]byte{"test-shared-secret": secret},
				InsecureSkipCoverageCheck: true,
				Scheme:                    "https",
			})
			var res *Result
			if resp != nil {
				res, err = vf.VerifyResponse(resp)
			} else {
				res, err = vf.VerifyRequest(req)
			}
			require.NoError(t, err)
			assert.Equal(t, v.KeyID, res.KeyID)
			assert.Equal(t, v.Label, res.Label)
			assert.Equal(t, v.Algorithm, res.Algorithm)
			assert.Equal(t, RFC9421, res.Format)

			// A flipped bit in the signature is refused.
			sigBytes, err := base64.StdEncoding.DecodeString(strings.Trim(strings.SplitN(v.ExpectedSignature, "=", 2)[1], ":"))
			require.NoError(t, err)
			sigBytes[len(sigBytes)/2] ^= 1
			m.header.Set("Signature", v.Label+"=:"+base64.StdEncoding.EncodeToString(sigBytes)+":")
			if resp != nil {
				_, err = vf.VerifyResponse(resp)
			} else {
				_, err = vf.VerifyRequest(req)
			}
			assert.ErrorIs(t, err, ErrBadSignature)
		})
	}
}

// The deterministic RFC 9421 vectors are reproduced byte for byte.
func TestRFC9421DeterministicSigning(t *testing.T) {
	t.Parallel()
	ed, err := os.ReadFile("testdata/keys/test-key-ed25519.key.pem")
	require.NoError(t, err)
	edKey, err := ParsePrivateKeyPEM(ed)
	require.NoError(t, err)
	secret := loadSecret(t)

	for _, tc := range []struct {
		name   string
		signer func(opts *SignerOptions) (*Signer, error)
	}{
		{"b2_5_request_hmac_sha256", func(o *SignerOptions) (*Signer, error) { return NewHMACSigner("test-shared-secret", secret, o) }},
		{"b2_6_request_ed25519", func(o *SignerOptions) (*Signer, error) { return NewSigner("test-key-ed25519", edKey, o) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var v rfcVector
			readJSON(t, filepath.Join("testdata/rfc9421", tc.name+".json"), &v)
			var comps []string
			d, err := sfv.ParseDictionary(v.ExpectedSignatureInput)
			require.NoError(t, err)
			in, _ := d.Get(v.Label)
			for _, it := range in.(sfv.InnerList).Items {
				comps = append(comps, it.Value.(string))
			}
			s, err := tc.signer(&SignerOptions{Format: RFC9421, Components: comps, Label: v.Label, Now: fixedClock(v.created())})
			require.NoError(t, err)
			req := parseRequest(t, v.Message)
			m := newRequestMessage(req, "https")
			require.NoError(t, s.signRFC9421(m, s.comps, "", nil, time.Unix(v.created(), 0)))
			assert.Equal(t, v.ExpectedSignatureInput, req.Header.Get("Signature-Input"))
			assert.Equal(t, v.ExpectedSignature, req.Header.Get("Signature"))
		})
	}
}

func TestRFC9421Transformations(t *testing.T) {
	t.Parallel()
	var v struct {
		rfcVector
		Variants []struct {
			Name          string `json:"name"`
			Message       string `json:"message"`
			ExpectedValid bool   `json:"expected_valid"`
		} `json:"variants"`
	}
	readJSON(t, "testdata/rfc9421/b4_transformations_ed25519.json", &v)
	require.Len(t, v.Variants, 6)
	vf := NewVerifier(staticKeys(rfcVectorKeys(t)), &VerifierOptions{Now: fixedClock(v.created()), InsecureSkipCoverageCheck: true})
	for _, variant := range v.Variants {
		t.Run(variant.Name, func(t *testing.T) {
			t.Parallel()
			_, err := vf.VerifyRequest(parseRequest(t, variant.Message))
			if variant.ExpectedValid {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrBadSignature)
			}
		})
	}
}

func TestRFC9421MultipleSignatures(t *testing.T) {
	t.Parallel()
	var v struct {
		Message       string `json:"message"`
		ClientRequest string `json:"client_request"`
		Signatures    []struct {
			Label        string         `json:"label"`
			Params       map[string]any `json:"params"`
			ExpectedBase string         `json:"expected_signature_base"`
			DerivedBase  string         `json:"derived_signature_base_NOT_PRINTED_IN_RFC"`
			SignatureB64 string         `json:"signature_b64"`
		} `json:"signatures"`
		ExpectedSignatureInput string `json:"expected_signature_input_header"`
		ExpectedSignature      string `json:"expected_signature_header"`
	}
	readJSON(t, "testdata/rfc9421/s4_3_multiple_signatures_rsa_v1_5.json", &v)
	keys := rfcVectorKeys(t)
	proxy := v.Signatures[0]
	require.Equal(t, "proxy_sig", proxy.Label)
	created := int64(proxy.Params["created"].(float64))

	// The proxy's rsa-v1_5-sha256 signature (Mastodon's algorithm) is
	// reproduced byte for byte, added beside the client's signature.
	key := loadPrivateKey(t, "keys/test-key-rsa.key.pem")
	s, err := NewSigner("test-key-rsa", key, &SignerOptions{
		Format: RFC9421, IncludeAlg: true, Expires: 60 * time.Second, Label: "proxy_sig",
		Components: []string{"@method", "@authority", "@path", "content-digest", "content-type", "content-length", "forwarded"},
	})
	require.NoError(t, err)
	req := parseRequest(t, v.Message)
	req.Header.Del("Signature-Input")
	req.Header.Del("Signature")
	clientReq := parseRequest(t, v.ClientRequest)
	req.Header["Signature-Input"] = clientReq.Header.Values("Signature-Input")
	req.Header["Signature"] = clientReq.Header.Values("Signature")
	require.NoError(t, s.signRFC9421(newRequestMessage(req, "https"), s.comps, "", nil, time.Unix(created, 0)))
	assert.Equal(t, v.ExpectedSignatureInput, strings.Join(req.Header.Values("Signature-Input"), ", "))
	assert.Equal(t, v.ExpectedSignature, strings.Join(req.Header.Values("Signature"), ", "))

	// On the final message, proxy_sig verifies; sig1 no longer does (the
	// proxy changed the authority), but verifies on the client's request.
	final := parseRequest(t, v.Message)
	opts := &VerifierOptions{Now: fixedClock(created), InsecureSkipCoverageCheck: true, Label: "proxy_sig"}
	res, err := NewVerifier(staticKeys(keys), opts).VerifyRequest(final)
	require.NoError(t, err)
	assert.Equal(t, "test-key-rsa", res.KeyID)
	assert.Equal(t, AlgRSAv15SHA256, res.Algorithm)

	opts.Label = "sig1"
	_, err = NewVerifier(staticKeys(keys), opts).VerifyRequest(parseRequest(t, v.Message))
	assert.ErrorIs(t, err, ErrBadSignature)
	res, err = NewVerifier(staticKeys(keys), opts).VerifyRequest(parseRequest(t, v.ClientRequest))
	require.NoError(t, err)
	assert.Equal(t, AlgECDSAP256SHA256, res.Algorithm)

	// With no label chosen, the verifier reports the first that verifies.
	opts.Label = ""
	res, err = NewVerifier(staticKeys(keys), opts).VerifyRequest(parseRequest(t, v.Message))
	require.NoError(t, err)
	assert.Equal(t, "proxy_sig", res.Label)
}

type cavageVector struct {
	Message              string `json:"message"`
	KeyID                string `json:"key_id"`
	HeadersParam         string `json:"headers_param"`
	ExpectedSigningStr   string `json:"expected_signing_string"`
	ExpectedSignatureHdr string `json:"expected_signature_header"`
	ExpectedAuthHdr      string `json:"expected_authorization_header"`
	SignatureB64         string `json:"signature_b64"`
}

func TestCavageVectors(t *testing.T) {
	t.Parallel()
	pub := loadPublicKey(t, "cavage12/test-key.pub.pem")
	priv := loadPrivateKey(t, "cavage12/test-key.key.pem")
	keys := staticKeys(map[string]crypto.PublicKey{"Test": pub})
	date, err := http.ParseTime("Sun, 05 Jan 2014 21:31:40 GMT")
	require.NoError(t, err)

	for _, name := range []string{"c1_default_test", "c2_basic_test"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var v cavageVector
			readJSON(t, filepath.Join("testdata/cavage12", name+".json"), &v)
			headers := []string{"date"}
			if v.HeadersParam != "" {
				headers = strings.Fields(v.HeadersParam)
			}

			// Signing string and signature reproduced byte for byte.
			s, err := NewSigner(v.KeyID, priv, &SignerOptions{Headers: headers, Now: func() time.Time { return date }})
			require.NoError(t, err)
			req := parseRequest(t, v.Message)
			sig, err := parseCavage("Signature", v.ExpectedSignatureHdr)
			require.NoError(t, err)
			str, err := cavageSigningString(newRequestMessage(req, ""), sig, true, false)
			require.NoError(t, err)
			assert.Equal(t, v.ExpectedSigningStr, string(str))
			require.NoError(t, s.SignRequest(req))
			got, err := parseCavage("Signature", req.Header.Get("Signature"))
			require.NoError(t, err)
			assert.Equal(t, v.SignatureB64, base64.StdEncoding.EncodeToString(got.signature))
			if v.HeadersParam != "" {
				assert.Equal(t, v.ExpectedSignatureHdr, req.Header.Get("Signature"))
			}

			// Both the Signature and the Authorization forms verify.
			vf := NewVerifier(keys, &VerifierOptions{Now: func() time.Time { return date }, InsecureSkipCoverageCheck: true})
			for _, h := range [][2]string{{"Signature", v.ExpectedSignatureHdr}, {"Authorization", v.ExpectedAuthHdr}} {
				req := parseRequest(t, v.Message)
				req.Header.Set(h[0], h[1])
				res, err := vf.VerifyRequest(req)
				require.NoError(t, err, h[0])
				assert.Equal(t, "Test", res.KeyID)
				assert.Equal(t, Cavage, res.Format)
			}
		})
	}

	t.Run("c3_all_headers_test", func(t *testing.T) {
		t.Parallel()
		var v struct {
			cavageVector
			PrintedHeader string `json:"expected_signature_header_as_printed"`
			ActualHeaders string `json:"headers_param_that_the_signature_actually_covers"`
		}
		readJSON(t, "testdata/cavage12/c3_all_headers_test.json", &v)
		vf := NewVerifier(keys, &VerifierOptions{Now: func() time.Time { return date }})

		// The signature is valid over the six headers it really covers.
		req := parseRequest(t, v.Message)
		req.Header.Set("Signature", `keyId="Test",algorithm="rsa-sha256",headers="`+v.ActualHeaders+`",signature="`+v.SignatureB64+`"`)
		_, err := vf.VerifyRequest(req)
		require.NoError(t, err)

		// The header as printed lists (created) and (expires) with
		// rsa-sha256, which the draft forbids: refused.
		req = parseRequest(t, v.Message)
		req.Header.Set("Signature", v.PrintedHeader)
		_, err = vf.VerifyRequest(req)
		assert.ErrorIs(t, err, ErrMalformed)
	})

	t.Run("s2_3_signing_string_example", func(t *testing.T) {
		t.Parallel()
		var v struct {
			Message      string `json:"message"`
			HeadersParam string `json:"headers_param"`
			Created      int64  `json:"created"`
			Expected     string `json:"expected_signing_string"`
		}
		readJSON(t, "testdata/cavage12/s2_3_signing_string_example.json", &v)
		// The message has no body and ends with its blank line.
		head := strings.ReplaceAll(strings.TrimSuffix(v.Message, "\n"), "\n", "\r\n") + "\r\n\r\n"
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(head)))
		require.NoError(t, err)
		sig := &cavageSignature{header: "Signature", algorithm: "hs2019", headers: strings.Fields(v.HeadersParam), created: v.Created, hasCreated: true}
		m := newRequestMessage(req, "")
		// The draft prints an empty header as "x-emptyheader:"; its text
		// (and most implementations) write "x-emptyheader: ". The signer
		// writes the latter and the verifier accepts both.
		got, err := cavageSigningString(m, sig, true, true)
		require.NoError(t, err)
		assert.Equal(t, v.Expected, string(got))
		got, err = cavageSigningString(m, sig, true, false)
		require.NoError(t, err)
		assert.Equal(t, strings.Replace(v.Expected, "x-emptyheader:", "x-emptyheader: ", 1), string(got))
	})
}

// capture is one request GoToSocial sent to a peer, as recorded in
// testdata/gotosocial/federation-outgoing.
type capture struct {
	Method  string              `json:"method"`
	URL     string              `json:"url"`
	Host    string              `json:"host"`
	Time    time.Time           `json:"time"`
	Headers map[string][]string `json:"headers"`
	BodyRaw string              `json:"body_raw"`
}

func (c *capture) request() *http.Request {
	var body io.Reader
	if c.BodyRaw != "" {
		body = strings.NewReader(c.BodyRaw)
	}
	r := httptest.NewRequest(c.Method, c.URL, body)
	r.Host = c.Host
	for k, vs := range c.Headers {
		r.Header[http.CanonicalHeaderKey(k)] = vs
	}
	return r
}

func gotosocialKey(t *testing.T) crypto.PublicKey {
	t.Helper()
	var actor struct {
		PublicKey struct {
			ID  string `json:"id"`
			PEM string `json:"publicKeyPem"`
		} `json:"publicKey"`
	}
	readJSON(t, "testdata/gotosocial/actor.json", &actor)
	require.Equal(t, "http://gts.test/users/alice/main-key", actor.PublicKey.ID)
	pub, err := ParsePublicKeyPEM([]byte(actor.PublicKey.PEM))
	require.NoError(t, err)
	return pub
}

func TestGoToSocialCaptures(t *testing.T) {
	t.Parallel()
	keys := staticKeys(map[string]crypto.PublicKey{"http://gts.test/users/alice/main-key": gotosocialKey(t)})
	files, err := filepath.Glob("testdata/gotosocial/federation-outgoing/*.json")
	require.NoError(t, err)
	require.Len(t, files, 6)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			var c capture
			readJSON(t, f, &c)

			// With the clock at capture time, the strict default policy
			// accepts it.
			vf := NewVerifier(keys, &VerifierOptions{Now: func() time.Time { return c.Time }})
			res, err := vf.VerifyRequest(c.request())
			require.NoError(t, err)
			assert.Equal(t, Cavage, res.Format)
			assert.Equal(t, "http://gts.test/users/alice/main-key", res.KeyID)
			assert.Equal(t, "owner:http://gts.test/users/alice/main-key", res.Owner)
			assert.Equal(t, AlgRSAv15SHA256, res.Algorithm)

			// Past the window it is refused as expired, and far before it
			// as from the future.
			vf = NewVerifier(keys, &VerifierOptions{Now: func() time.Time { return c.Time.Add(61 * time.Minute) }})
			_, err = vf.VerifyRequest(c.request())
			assert.ErrorIs(t, err, ErrExpired)
			vf = NewVerifier(keys, &VerifierOptions{Now: func() time.Time { return c.Time.Add(-61 * time.Minute) }})
			_, err = vf.VerifyRequest(c.request())
			assert.ErrorIs(t, err, ErrNotYetValid)

			if c.BodyRaw != "" {
				// One changed byte of the body: the digest no longer matches.
				r := c.request()
				tampered := strings.Replace(c.BodyRaw, "alice", "alicf", 1)
				r.Body = io.NopCloser(strings.NewReader(tampered))
				vf = NewVerifier(keys, &VerifierOptions{Now: func() time.Time { return c.Time }})
				_, err = vf.VerifyRequest(r)
				assert.ErrorIs(t, err, ErrDigestMismatch)
			}
		})
	}
}
