package httpsig

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Generated keys are shared by the tests of this package: RSA generation is
// slow under the race detector.
var testKeys = sync.OnceValue(func() map[string]crypto.Signer {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		panic(err)
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return map[string]crypto.Signer{"rsa": rsaKey, "p256": p256, "p384": p384, "ed25519": ed}
})

const (
	testKeyID = "https://a.example/users/alice#main-key"
	testOwner = "https://a.example/users/alice"
	testBody  = `{"@context":"https://www.w3.org/ns/activitystreams","type":"Follow","actor":"https://a.example/users/alice","object":"https://b.example/users/bob"}`
)

var testNow = time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)

func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

// keyFor resolves testKeyID to pub, owned by testOwner.
func keyFor(pub crypto.PublicKey) KeyResolver {
	return KeyResolverFunc(func(_ context.Context, keyID string) (*Key, error) {
		if keyID != testKeyID {
			return nil, ErrKeyNotFound
		}
		return &Key{ID: keyID, Owner: testOwner, PublicKey: pub}, nil
	})
}

// newGet and newPost build client-side requests, as a sender signs them.
func newGet(t *testing.T) *http.Request {
	t.Helper()
	r, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://b.example/users/bob?page=1", nil)
	require.NoError(t, err)
	r.Header.Set("Accept", "application/activity+json")
	return r
}

func newPost(t *testing.T) *http.Request {
	t.Helper()
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "https://b.example/inbox", strings.NewReader(testBody))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/activity+json")
	return r
}

// received turns a signed client request into the request a server sees.
func received(t *testing.T, r *http.Request) *http.Request {
	t.Helper()
	var body io.Reader
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		body = strings.NewReader(string(b))
	}
	s := httptest.NewRequest(r.Method, r.URL.RequestURI(), body)
	s.Host = r.URL.Host
	s.TLS = nil
	for k, v := range r.Header {
		s.Header[k] = append([]string(nil), v...)
	}
	return s.WithContext(t.Context())
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	keys := testKeys()
	type keyCase struct {
		name   string
		signer func(opts *SignerOptions) (*Signer, error)
		pub    crypto.PublicKey
		alg    string
	}
	secret := []byte("a shared secret of enough length for hmac-sha256")
	cases := []keyCase{
		{"rsa-v1_5", func(o *SignerOptions) (*Signer, error) { return NewSigner(testKeyID, keys["rsa"], o) }, keys["rsa"].Public(), AlgRSAv15SHA256},
		{"rsa-pss", func(o *SignerOptions) (*Signer, error) {
			o.Algorithm = AlgRSAPSSSHA512
			return NewSigner(testKeyID, keys["rsa"], o)
		}, keys["rsa"].Public(), AlgRSAPSSSHA512},
		{"ecdsa-p256", func(o *SignerOptions) (*Signer, error) { return NewSigner(testKeyID, keys["p256"], o) }, keys["p256"].Public(), AlgECDSAP256SHA256},
		{"ecdsa-p384", func(o *SignerOptions) (*Signer, error) { return NewSigner(testKeyID, keys["p384"], o) }, keys["p384"].Public(), AlgECDSAP384SHA384},
		{"ed25519", func(o *SignerOptions) (*Signer, error) { return NewSigner(testKeyID, keys["ed25519"], o) }, keys["ed25519"].Public(), AlgEd25519},
		{"hmac", func(o *SignerOptions) (*Signer, error) { return NewHMACSigner(testKeyID, secret, o) }, nil, AlgHMACSHA256},
	}
	for _, kc := range cases {
		for _, f := range []Format{Cavage, RFC9421} {
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				t.Run(kc.name+"/"+f.String()+"/"+method, func(t *testing.T) {
					t.Parallel()
					s, err := kc.signer(&SignerOptions{Format: f, Now: clockAt(testNow)})
					require.NoError(t, err)
					r := newGet(t)
					if method == http.MethodPost {
						r = newPost(t)
					}
					require.NoError(t, s.SignRequest(r))
					if f == Cavage {
						assert.NotEmpty(t, r.Header.Get("Signature"))
						assert.Empty(t, r.Header.Get("Signature-Input"))
					} else {
						assert.NotEmpty(t, r.Header.Get("Signature-Input"))
					}
					if method == http.MethodPost {
						// The body is still there to send.
						b, err := io.ReadAll(r.Body)
						require.NoError(t, err)
						assert.Equal(t, testBody, string(b))
						r.Body = io.NopCloser(strings.NewReader(testBody))
					}

					opts := &VerifierOptions{Now: clockAt(testNow.Add(time.Minute)), Scheme: "https"}
					var resolver KeyResolver
					if kc.pub != nil {
						resolver = keyFor(kc.pub)
					} else {
						opts.HMACSecrets = map[string][]byte{testKeyID: secret}
					}
					res, err := NewVerifier(resolver, opts).VerifyRequest(received(t, r))
					require.NoError(t, err)
					assert.Equal(t, f, res.Format)
					assert.Equal(t, kc.alg, res.Algorithm)
					assert.Equal(t, testKeyID, res.KeyID)
					if kc.pub != nil {
						assert.Equal(t, testOwner, res.Owner)
					}
					assert.Equal(t, testNow.Unix(), res.Created.Unix())
				})
			}
		}
	}
}

// Responses are signed and verified too, with components of the request
// they answer bound in with the req flag.
func TestResponseRoundTrip(t *testing.T) {
	t.Parallel()
	key := testKeys()["ed25519"]
	s, err := NewSigner(testKeyID, key, &SignerOptions{
		Format:     RFC9421,
		Now:        clockAt(testNow),
		Components: []string{"@status", "content-type", "content-digest", `"@method";req`, `"@target-uri";req`},
	})
	require.NoError(t, err)
	req := newGet(t)
	resp := &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/activity+json"}},
		Body:       io.NopCloser(strings.NewReader(`{"type":"Note"}`)),
		Request:    req,
	}
	require.NoError(t, s.SignResponse(resp))
	assert.Contains(t, resp.Header.Get("Signature-Input"), `"@method";req`)

	vf := NewVerifier(keyFor(key.Public()), &VerifierOptions{Now: clockAt(testNow)})
	res, err := vf.VerifyResponse(resp)
	require.NoError(t, err)
	assert.Equal(t, AlgEd25519, res.Algorithm)

	// Bound to its request: against another request it fails.
	other := newGet(t)
	other.URL.Path = "/users/mallory"
	resp.Request = other
	_, err = vf.VerifyResponse(resp)
	assert.ErrorIs(t, err, ErrBadSignature)

	// A changed status fails.
	resp.Request = req
	resp.StatusCode = http.StatusNotFound
	_, err = vf.VerifyResponse(resp)
	assert.ErrorIs(t, err, ErrBadSignature)
}

// signed returns a request signed with opts by the test RSA key, as the
// server receives it, and a verifier for it with clock now.
func signed(t *testing.T, r *http.Request, opts SignerOptions, mutate func(*http.Request)) *http.Request {
	t.Helper()
	if opts.Now == nil {
		opts.Now = clockAt(testNow)
	}
	s, err := NewSigner(testKeyID, testKeys()["rsa"], &opts)
	require.NoError(t, err)
	require.NoError(t, s.SignRequest(r))
	if mutate != nil {
		mutate(r)
	}
	return received(t, r)
}

func strictVerifier(now time.Time) *Verifier {
	return NewVerifier(keyFor(testKeys()["rsa"].Public()), &VerifierOptions{Now: clockAt(now), Scheme: "https"})
}

// Each refusal rule, with the typed error it gives.
func TestRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		req     func(t *testing.T) *http.Request
		now     time.Time
		wantErr error
		check   func(t *testing.T, err error)
	}{
		{name: "no signature", req: func(t *testing.T) *http.Request { return received(t, newGet(t)) }, wantErr: ErrNoSignature},
		{name: "cavage malformed", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{}, func(r *http.Request) {
				r.Header.Set("Signature", `keyId="x",headers="date" signature`)
			})
		}, wantErr: ErrMalformed, check: func(t *testing.T, err error) {
			var me *MalformedError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, "Signature", me.Header)
			assert.Equal(t, 34, me.Offset)
		}},
		{name: "signature-input malformed", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421}, func(r *http.Request) {
				r.Header.Set("Signature-Input", `sig1=("@method" "@target-uri";created=1`)
			})
		}, wantErr: ErrMalformed, check: func(t *testing.T, err error) {
			var me *MalformedError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, "Signature-Input", me.Header)
			assert.GreaterOrEqual(t, me.Offset, 0)
		}},
		{name: "cavage algorithm unknown", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{}, func(r *http.Request) {
				r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), "rsa-sha256", "rsa-sha1", 1))
			})
		}, wantErr: ErrUnsupportedAlgorithm},
		{name: "rfc9421 alg that does not fit the key", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421, IncludeAlg: true}, func(r *http.Request) {
				r.Header.Set("Signature-Input", strings.Replace(r.Header.Get("Signature-Input"), AlgRSAv15SHA256, AlgEd25519, 1))
			})
		}, wantErr: ErrUnsupportedAlgorithm},
		{name: "cavage hmac claimed for a public key", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{}, func(r *http.Request) {
				r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), "rsa-sha256", "hmac-sha256", 1))
			})
		}, wantErr: ErrUnsupportedAlgorithm},
		{name: "rfc9421 hmac claimed for a public key", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421, IncludeAlg: true}, func(r *http.Request) {
				r.Header.Set("Signature-Input", strings.Replace(r.Header.Get("Signature-Input"), AlgRSAv15SHA256, AlgHMACSHA256, 1))
			})
		}, wantErr: ErrUnsupportedAlgorithm},
		{name: "cavage without (request-target)", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Headers: []string{"host", "date"}}, nil)
		}, wantErr: ErrMissingComponent, check: missing("(request-target)")},
		{name: "cavage without date", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Headers: []string{"(request-target)", "host"}}, nil)
		}, wantErr: ErrMissingComponent, check: missing("date")},
		{name: "cavage GET without host", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Headers: []string{"(request-target)", "date"}}, nil)
		}, wantErr: ErrMissingComponent, check: missing("host")},
		{name: "cavage POST without digest", req: func(t *testing.T) *http.Request {
			return signed(t, newPost(t), SignerOptions{Headers: []string{"(request-target)", "host", "date"}}, nil)
		}, wantErr: ErrMissingComponent, check: missing("digest")},
		{name: "rfc9421 without @method", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421, Components: []string{"@target-uri"}}, nil)
		}, wantErr: ErrMissingComponent, check: missing("@method")},
		{name: "rfc9421 without @target-uri", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421, Components: []string{"@method", "@path"}}, nil)
		}, wantErr: ErrMissingComponent, check: missing("@target-uri")},
		{name: "rfc9421 POST without content-digest", req: func(t *testing.T) *http.Request {
			return signed(t, newPost(t), SignerOptions{Format: RFC9421, Components: []string{"@method", "@target-uri"}}, nil)
		}, wantErr: ErrMissingComponent, check: missing("content-digest")},
		{name: "rfc9421 without created", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421}, func(r *http.Request) {
				r.Header.Set("Signature-Input", strings.Replace(r.Header.Get("Signature-Input"), ";created=", ";x=", 1))
			})
		}, wantErr: ErrMissingComponent, check: missing("created")},
		{name: "cavage covered header absent", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Headers: []string{"(request-target)", "host", "date", "accept"}}, func(r *http.Request) {
				r.Header.Del("Accept")
			})
		}, wantErr: ErrMissingComponent},
		{name: "cavage expired", req: func(t *testing.T) *http.Request { return signed(t, newGet(t), SignerOptions{}, nil) },
			now: testNow.Add(61 * time.Minute), wantErr: ErrExpired},
		{name: "rfc9421 expired", req: func(t *testing.T) *http.Request { return signed(t, newGet(t), SignerOptions{Format: RFC9421}, nil) },
			now: testNow.Add(61 * time.Minute), wantErr: ErrExpired},
		{name: "rfc9421 past its expires", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421, Expires: time.Minute}, nil)
		}, now: testNow.Add(time.Minute + DefaultClockSkew + time.Second), wantErr: ErrExpired},
		{name: "cavage (expires) passed", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{CavageAlgorithm: "hs2019", Expires: time.Minute,
				Headers: []string{"(request-target)", "host", "(created)", "(expires)"}}, nil)
		}, now: testNow.Add(time.Minute + DefaultClockSkew + time.Second), wantErr: ErrExpired},
		{name: "cavage from the future", req: func(t *testing.T) *http.Request { return signed(t, newGet(t), SignerOptions{}, nil) },
			now: testNow.Add(-61 * time.Minute), wantErr: ErrNotYetValid},
		{name: "rfc9421 from the future", req: func(t *testing.T) *http.Request { return signed(t, newGet(t), SignerOptions{Format: RFC9421}, nil) },
			now: testNow.Add(-61 * time.Minute), wantErr: ErrNotYetValid},
		{name: "cavage digest mismatch", req: func(t *testing.T) *http.Request {
			return signed(t, newPost(t), SignerOptions{}, func(r *http.Request) {
				r.Body = io.NopCloser(strings.NewReader(strings.Replace(testBody, "Follow", "Delete", 1)))
			})
		}, wantErr: ErrDigestMismatch},
		{name: "rfc9421 digest mismatch", req: func(t *testing.T) *http.Request {
			return signed(t, newPost(t), SignerOptions{Format: RFC9421}, func(r *http.Request) {
				r.Body = io.NopCloser(strings.NewReader(strings.Replace(testBody, "Follow", "Delete", 1)))
			})
		}, wantErr: ErrDigestMismatch},
		{name: "key not found", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{}, func(r *http.Request) {
				r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), "alice", "mallory", 1))
			})
		}, wantErr: ErrKeyNotFound},
		{name: "cavage bad signature", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{}, func(r *http.Request) { r.URL.Path = "/users/mallory" })
		}, wantErr: ErrBadSignature},
		{name: "rfc9421 bad signature", req: func(t *testing.T) *http.Request {
			return signed(t, newGet(t), SignerOptions{Format: RFC9421}, func(r *http.Request) { r.Method = http.MethodDelete })
		}, wantErr: ErrBadSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			now := tc.now
			if now.IsZero() {
				now = testNow.Add(time.Minute)
			}
			_, err := strictVerifier(now).VerifyRequest(tc.req(t))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.wantErr)
			assert.True(t, strings.HasPrefix(err.Error(), "httpsig: "), err.Error())
			if tc.check != nil {
				tc.check(t, err)
			}
		})
	}
}

func missing(component string) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		var mc *MissingComponentError
		require.ErrorAs(t, err, &mc)
		assert.Equal(t, component, mc.Component)
	}
}

// Old senders leave the query out of (request-target); such signatures are
// still accepted.
func TestCavageRequestTargetWithoutQuery(t *testing.T) {
	t.Parallel()
	r := signed(t, newGet(t), SignerOptions{}, nil)
	// Re-sign the same string without the query, as an old sender would.
	sig, err := parseCavage("Signature", r.Header.Get("Signature"))
	require.NoError(t, err)
	str, err := cavageSigningString(newRequestMessage(r, ""), sig, false, false)
	require.NoError(t, err)
	assert.NotContains(t, string(str), "?page=1")
	b, err := algRSAv15.sign(testKeys()["rsa"], str)
	require.NoError(t, err)
	r.Header.Set("Signature", formatCavage(testKeyID, "rsa-sha256", sig.headers, 0, 0, b))
	_, err = strictVerifier(testNow).VerifyRequest(r)
	require.NoError(t, err)
}

// A key restricted to one algorithm accepts no other.
func TestKeyAlgorithmRestriction(t *testing.T) {
	t.Parallel()
	r := signed(t, newGet(t), SignerOptions{Format: RFC9421}, nil)
	pub := testKeys()["rsa"].Public()
	vf := NewVerifier(KeyResolverFunc(func(context.Context, string) (*Key, error) {
		return &Key{ID: testKeyID, PublicKey: pub, Algorithm: AlgRSAPSSSHA512}, nil
	}), &VerifierOptions{Now: clockAt(testNow)})
	_, err := vf.VerifyRequest(r)
	assert.ErrorIs(t, err, ErrBadSignature)
}

// A resolver can never hand the verifier an HMAC secret.
func TestResolverSecretRefused(t *testing.T) {
	t.Parallel()
	s, err := NewHMACSigner(testKeyID, []byte("secret"), &SignerOptions{Now: clockAt(testNow)})
	require.NoError(t, err)
	r := newGet(t)
	require.NoError(t, s.SignRequest(r))
	vf := NewVerifier(KeyResolverFunc(func(context.Context, string) (*Key, error) {
		return &Key{ID: testKeyID, PublicKey: []byte("secret")}, nil
	}), &VerifierOptions{Now: clockAt(testNow)})
	_, err = vf.VerifyRequest(received(t, r))
	assert.ErrorIs(t, err, ErrUnsupportedKey)
}

// A signature made with a new key verifies after the cached old key fails
// and the key is fetched again once.
func TestKeyRotation(t *testing.T) {
	t.Parallel()
	oldKey, newKey := testKeys()["p256"], testKeys()["ed25519"]
	var mu sync.Mutex
	current, fetches := oldKey.Public(), 0
	cache := NewKeyCache(KeyResolverFunc(func(context.Context, string) (*Key, error) {
		mu.Lock()
		defer mu.Unlock()
		fetches++
		return &Key{ID: testKeyID, PublicKey: current}, nil
	}), &KeyCacheOptions{Now: clockAt(testNow), MinRefreshInterval: -1})
	vf := NewVerifier(cache, &VerifierOptions{Now: clockAt(testNow)})

	sign := func(key crypto.Signer) *http.Request {
		s, err := NewSigner(testKeyID, key, &SignerOptions{Now: clockAt(testNow)})
		require.NoError(t, err)
		r := newGet(t)
		require.NoError(t, s.SignRequest(r))
		return received(t, r)
	}
	_, err := vf.VerifyRequest(sign(oldKey))
	require.NoError(t, err)

	mu.Lock()
	current = newKey.Public()
	mu.Unlock()
	_, err = vf.VerifyRequest(sign(newKey))
	require.NoError(t, err)
	mu.Lock()
	assert.Equal(t, 2, fetches)
	mu.Unlock()
}

func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	r := signed(t, newPost(t), SignerOptions{}, nil)
	vf := NewVerifier(keyFor(testKeys()["rsa"].Public()), &VerifierOptions{Now: clockAt(testNow), MaxBodySize: 16})
	_, err := vf.VerifyRequest(r)
	assert.ErrorIs(t, err, ErrBodyTooLarge)

	s, err := NewSigner(testKeyID, testKeys()["rsa"], &SignerOptions{MaxBodySize: 16})
	require.NoError(t, err)
	assert.ErrorIs(t, s.SignRequest(newPost(t)), ErrBodyTooLarge)
}

func TestSignerOptionErrors(t *testing.T) {
	t.Parallel()
	key := testKeys()["ed25519"]
	_, err := NewSigner(testKeyID, key, &SignerOptions{Algorithm: AlgRSAPSSSHA512})
	assert.ErrorIs(t, err, ErrUnsupportedAlgorithm)
	_, err = NewSigner(testKeyID, key, &SignerOptions{CavageAlgorithm: "rsa-sha256"})
	assert.ErrorIs(t, err, ErrUnsupportedAlgorithm)
	_, err = NewSigner("", key, nil)
	assert.Error(t, err)
	_, err = NewSigner(testKeyID, nil, nil)
	assert.ErrorIs(t, err, ErrUnsupportedKey)
	_, err = NewHMACSigner(testKeyID, nil, nil)
	assert.ErrorIs(t, err, ErrUnsupportedKey)
	_, err = NewSigner(testKeyID, key, &SignerOptions{Label: "Not A Key"})
	assert.Error(t, err)

	// (created) needs hs2019.
	s, err := NewSigner(testKeyID, testKeys()["rsa"], &SignerOptions{Headers: []string{"(request-target)", "(created)"}})
	require.NoError(t, err)
	err = s.SignRequest(newGet(t))
	assert.ErrorIs(t, err, ErrMalformed)
}

// The defaults are what Mastodon verifies.
func TestDefaultCoverage(t *testing.T) {
	t.Parallel()
	s, err := NewSigner(testKeyID, testKeys()["rsa"], &SignerOptions{Now: clockAt(testNow)})
	require.NoError(t, err)
	get := newGet(t)
	require.NoError(t, s.SignRequest(get))
	assert.Contains(t, get.Header.Get("Signature"), `algorithm="rsa-sha256",headers="(request-target) host date accept"`)
	assert.Equal(t, "Wed, 25 Nov 2026 21:00:00 GMT", get.Header.Get("Date"))
	post := newPost(t)
	require.NoError(t, s.SignRequest(post))
	assert.Contains(t, post.Header.Get("Signature"), `headers="(request-target) host date digest content-type"`)
	assert.True(t, strings.HasPrefix(post.Header.Get("Digest"), "SHA-256="))

	s, err = NewSigner(testKeyID, testKeys()["rsa"], &SignerOptions{Format: RFC9421, Now: clockAt(testNow)})
	require.NoError(t, err)
	get = newGet(t)
	require.NoError(t, s.SignRequest(get))
	assert.Equal(t, `sig1=("@method" "@target-uri");created=1795640400;keyid="`+testKeyID+`"`, get.Header.Get("Signature-Input"))
	post = newPost(t)
	require.NoError(t, s.SignRequest(post))
	assert.Equal(t, `sig1=("@method" "@target-uri" "content-digest");created=1795640400;keyid="`+testKeyID+`"`, post.Header.Get("Signature-Input"))
	assert.True(t, strings.HasPrefix(post.Header.Get("Content-Digest"), "sha-256=:"))
}

func TestErrorsDoNotPanicOnNilParts(t *testing.T) {
	t.Parallel()
	vf := NewVerifier(nil, nil)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Signature", `keyId="k",signature="AAAA"`)
	_, err := vf.VerifyRequest(r)
	assert.Error(t, err)
	assert.False(t, errors.Is(err, ErrBadSignature) && errors.Is(err, ErrNoSignature))
}

// Bad key data is ErrInvalidKey; keys that parse but cannot be used are
// ErrUnsupportedKey.
func TestKeyParseErrors(t *testing.T) {
	t.Parallel()
	_, err := ParsePublicKeyPEM([]byte("not a key"))
	assert.ErrorIs(t, err, ErrInvalidKey)
	_, err = ParsePrivateKeyPEM([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	assert.ErrorIs(t, err, ErrInvalidKey)
	_, err = ParseJWK([]byte(`{"kty":"OKP","crv":"Ed25519","x":"!!"}`))
	assert.ErrorIs(t, err, ErrInvalidKey)
	_, err = ParseJWK([]byte(`{"kty":"OKP","crv":"X448","x":"AAAA"}`))
	assert.ErrorIs(t, err, ErrUnsupportedKey)
	assert.NotErrorIs(t, err, ErrInvalidKey)
	_, err = ParseMultikey("z6Mk0OIl")
	assert.ErrorIs(t, err, ErrInvalidKey)
}

func TestParseHTTPDate(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"Wed, 25 Nov 2026 21:00:00 GMT", "Sun, 05 Jan 2014 21:31:40 GMT", "Tue, 29 Feb 2028 23:59:59 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Wed, 31 Apr 2026 00:00:00 GMT",
		"Wed, 25 Xyz 2026 21:00:00 GMT", "Wed, 25 Nov 2026 24:00:00 GMT", "Wed, 2x Nov 2026 21:00:00 GMT", "",
	} {
		want, wantErr := http.ParseTime(s)
		got, err := parseHTTPDate(s)
		assert.Equal(t, wantErr == nil, err == nil, s)
		assert.True(t, want.Equal(got), "%s: %v != %v", s, got, want)
	}
}

// Secrets and private keys never show when a Signer or Verifier is
// printed.
func TestNoSecretsInFormatting(t *testing.T) {
	t.Parallel()
	secret := []byte("hunter2-hunter2-hunter2")
	s, err := NewHMACSigner(testKeyID, secret, nil)
	require.NoError(t, err)
	v := NewVerifier(nil, &VerifierOptions{HMACSecrets: map[string][]byte{testKeyID: secret}})
	ed := testKeys()["ed25519"].(ed25519.PrivateKey)
	es, err := NewSigner(testKeyID, ed, nil)
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		for _, x := range []any{s, v, es, *s, *v, []any{s, v}} {
			out := fmt.Sprintf(verb, x)
			assert.NotContains(t, out, "hunter2")
			assert.NotContains(t, out, fmt.Sprintf("%x", secret))
			assert.NotContains(t, out, fmt.Sprintf("%x", []byte(ed.Seed())))
		}
	}
	assert.Equal(t, `httpsig.Signer{keyId="`+testKeyID+`" alg=hmac-sha256}`, s.String())
}
