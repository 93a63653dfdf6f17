package httpsig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// peer is a test server that accepts only the formats it is told to, and
// records what it received.
type peer struct {
	srv      *httptest.Server
	verifier *Verifier
	accept   func(r *http.Request) bool
	// challenge, when set, is sent as Accept-Signature with refusals.
	challenge string

	mu       sync.Mutex
	received []*http.Request
	bodies   []string
}

func newPeer(t *testing.T, accept func(r *http.Request) bool) *peer {
	p := &peer{accept: accept}
	p.verifier = NewVerifier(keyFor(testKeys()["ed25519"].Public()), nil)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		p.mu.Lock()
		p.received = append(p.received, r.Clone(context.Background()))
		p.bodies = append(p.bodies, string(b))
		p.mu.Unlock()
		_, err := p.verifier.VerifyRequest(r)
		if err != nil || !p.accept(r) {
			if p.challenge != "" {
				w.Header().Set("Accept-Signature", p.challenge)
			}
			http.Error(w, "refused", http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *peer) requests() []*http.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*http.Request(nil), p.received...)
}

func cavageOnly(r *http.Request) bool  { return r.Header.Get("Signature-Input") == "" }
func rfc9421Only(r *http.Request) bool { return r.Header.Get("Signature-Input") != "" }

func testSigner(t *testing.T, opts *SignerOptions) *Signer {
	t.Helper()
	s, err := NewSigner(testKeyID, testKeys()["ed25519"], opts)
	require.NoError(t, err)
	return s
}

func TestTransportSignsClones(t *testing.T) {
	t.Parallel()
	p := newPeer(t, func(*http.Request) bool { return true })
	client := &http.Client{Transport: NewTransport(testSigner(t, nil), nil, nil), Timeout: 5 * time.Second}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, p.srv.URL+"/inbox", strings.NewReader(testBody))
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	// The caller's request is left alone.
	assert.Empty(t, req.Header.Get("Signature"))
	assert.Empty(t, req.Header.Get("Date"))
	got := p.requests()
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Header.Get("Signature"), `headers="(request-target) host date digest"`)
	assert.Equal(t, testBody, p.bodies[0])
}

// Under a retry layer, every attempt is signed afresh.
func TestTransportFreshSignatureEachAttempt(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := testNow
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(2 * time.Second)
		return now
	}
	var dates, digests []string
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		assert.Equal(t, testBody, string(b))
		dates = append(dates, r.Header.Get("Date"))
		digests = append(digests, r.Header.Get("Digest"))
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Body: http.NoBody, Request: r}, nil
	})
	tr := NewTransport(testSigner(t, &SignerOptions{Now: clock}), base, nil)
	// A minimal retry layer, as go-retryablehttp does it: rewind the body
	// with GetBody and send the same request again.
	retry := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		var resp *http.Response
		for range 3 {
			body, err := r.GetBody()
			require.NoError(t, err)
			r.Body = body
			if resp, err = tr.RoundTrip(r); err != nil {
				return nil, err
			}
		}
		return resp, nil
	})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, "https://b.example/inbox", strings.NewReader(testBody))
	require.NoError(t, err)
	resp, err := retry.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Len(t, dates, 3)
	assert.NotEqual(t, dates[0], dates[1])
	assert.NotEqual(t, dates[1], dates[2])
	assert.Equal(t, digests[0], digests[2])
}

func TestDoubleKnock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		first  Format
		accept func(*http.Request) bool
		want   Format
	}{
		{"rfc9421 first, peer speaks cavage", 0, cavageOnly, Cavage},
		{"cavage first, peer speaks rfc9421", Cavage, rfc9421Only, RFC9421},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := newPeer(t, tc.accept)
			tr := NewTransport(testSigner(t, nil), nil, &TransportOptions{DoubleKnock: true, Format: tc.first})
			client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
			for range 2 {
				req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, p.srv.URL+"/inbox", strings.NewReader(testBody))
				require.NoError(t, err)
				resp, err := client.Do(req)
				require.NoError(t, err)
				resp.Body.Close()
				assert.Equal(t, http.StatusOK, resp.StatusCode)
			}
			// The first request knocked twice; the second went straight to
			// the format that worked.
			got := p.requests()
			require.Len(t, got, 3)
			assert.False(t, tc.accept(got[0]))
			assert.True(t, tc.accept(got[1]))
			assert.True(t, tc.accept(got[2]))
			assert.Equal(t, testBody, p.bodies[1])
			f, ok := tr.HostFormat(strings.TrimPrefix(p.srv.URL, "http://"))
			assert.True(t, ok)
			assert.Equal(t, tc.want, f)
		})
	}
}

// A peer that says what it wants in Accept-Signature gets it.
func TestDoubleKnockAcceptSignature(t *testing.T) {
	t.Parallel()
	p := newPeer(t, func(r *http.Request) bool {
		in := r.Header.Get("Signature-Input")
		return strings.HasPrefix(in, `app=(`) && strings.Contains(in, `"@authority"`) && strings.Contains(in, `tag="fedi"`) && strings.Contains(in, `nonce="n-123"`)
	})
	p.challenge = `app=("@method" "@target-uri" "@authority");created;keyid;tag="fedi";nonce="n-123"`
	tr := NewTransport(testSigner(t, nil), nil, &TransportOptions{DoubleKnock: true})
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, p.srv.URL+"/inbox", strings.NewReader(testBody))
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	got := p.requests()
	require.Len(t, got, 2)
	assert.Contains(t, got[1].Header.Get("Signature-Input"), `"content-digest"`)
}

// A pinned format is used as is: no second knock.
func TestTransportPinnedFormat(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	p := newPeer(t, func(r *http.Request) bool { calls.Add(1); return cavageOnly(r) })
	host := strings.TrimPrefix(p.srv.URL, "http://")
	tr := NewTransport(testSigner(t, nil), nil, &TransportOptions{DoubleKnock: true, HostFormats: map[string]Format{host: RFC9421}})
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	resp, err := client.Get(p.srv.URL + "/users/bob")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.EqualValues(t, 1, calls.Load())

	// Per request, through the context.
	req, err := http.NewRequestWithContext(ContextWithFormat(t.Context(), Cavage), http.MethodGet, p.srv.URL+"/users/bob", nil)
	require.NoError(t, err)
	resp, err = client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.EqualValues(t, 2, calls.Load())
}

func TestMiddleware(t *testing.T) {
	t.Parallel()
	var gotOwner, gotBody string
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, ok := ResultFromContext(r.Context())
		if ok {
			gotOwner = res.Owner
		}
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.WriteHeader(http.StatusAccepted)
	})
	v := NewVerifier(keyFor(testKeys()["ed25519"].Public()), nil)
	srv := httptest.NewServer(Middleware(v, nil)(handler))
	t.Cleanup(srv.Close)

	// Signed: passes, with the owner in the context and the body intact.
	client := &http.Client{Transport: NewTransport(testSigner(t, nil), nil, nil), Timeout: 5 * time.Second}
	resp, err := client.Post(srv.URL+"/inbox", "application/activity+json", strings.NewReader(testBody))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	assert.Equal(t, testOwner, gotOwner)
	assert.Equal(t, testBody, gotBody)

	// Unsigned: 401 with hints for both formats.
	resp, err = http.Post(srv.URL+"/inbox", "application/activity+json", strings.NewReader(testBody))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("WWW-Authenticate"), `headers="(request-target) host date digest"`)
	assert.Equal(t, `sig1=("@method" "@target-uri" "content-digest");created;keyid`, resp.Header.Get("Accept-Signature"))
	assert.Contains(t, string(b), "no signature")
}

func TestMiddlewareAllowUnsigned(t *testing.T) {
	t.Parallel()
	reached := 0
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		_, signed := ResultFromContext(r.Context())
		assert.False(t, signed)
	})
	v := NewVerifier(keyFor(testKeys()["ed25519"].Public()), nil)
	h := Middleware(v, &MiddlewareOptions{AllowUnsigned: true})(handler)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/users/alice", nil))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, 1, reached)

	// A bad signature is still refused.
	r := httptest.NewRequest(http.MethodGet, "/users/alice", nil)
	r.Header.Set("Signature", `keyId="x",signature="AAAA",headers="(request-target) host date"`)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, 1, reached)
}

func TestMiddlewareBodyTooLarge(t *testing.T) {
	t.Parallel()
	v := NewVerifier(nil, &VerifierOptions{MaxBodySize: 10})
	h := Middleware(v, nil)(http.NotFoundHandler())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/inbox", strings.NewReader(testBody)))
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
}

// The body of a refusal names the kind of failure and never what the
// server learnt while resolving the key.
func TestWriteUnauthorizedHidesDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("resolving https://internal.example/k: dial tcp 10.0.0.5:443: %w", ErrKeyNotFound), "httpsig: key not found"},
		{errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), "httpsig: signature not verified"},
		{fmt.Errorf("at 10.1.2.3: %w", ErrExpired), "httpsig: signature expired"},
		{&MalformedError{Header: "Signature", Offset: 3, Reason: "secret detail"}, "httpsig: malformed header"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		WriteUnauthorized(rec, httptest.NewRequest(http.MethodPost, "/inbox", strings.NewReader("{}")), tt.err)
		assert.Equal(t, http.StatusUnauthorized, rec.Code)
		assert.Equal(t, tt.want+"\n", rec.Body.String())
	}
}

// A peer that answers every refusal with the same hints (as this
// package's WriteUnauthorized does) and wants draft-cavage gets it on the
// second knock, not the RFC 9421 signature it has just refused.
func TestDoubleKnockIgnoresChallengeAlreadyMet(t *testing.T) {
	t.Parallel()
	p := newPeer(t, func(r *http.Request) bool {
		return r.Header.Get("Signature") != "" && r.Header.Get("Signature-Input") == ""
	})
	p.challenge = `sig1=("@method" "@target-uri" "content-digest");created;keyid`
	tr := NewTransport(testSigner(t, nil), nil, &TransportOptions{DoubleKnock: true})
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, p.srv.URL+"/inbox", strings.NewReader(testBody))
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	got := p.requests()
	require.Len(t, got, 2)
	assert.NotEmpty(t, got[0].Header.Get("Signature-Input"))
	assert.Empty(t, got[1].Header.Get("Signature-Input"), "the second knock is draft-cavage")
}
