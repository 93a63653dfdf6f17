package apiclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// newStack returns a stack for a test server: loopback and http allowed,
// a token, waits of a few milliseconds.
func newStack(t *testing.T, h http.Handler, mod func(*Options)) (*Stack, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	o := Options{
		Name:          "test",
		TokenSource:   oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok", TokenType: "Bearer"}),
		AllowLoopback: true, AllowHTTP: true,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	}
	if mod != nil {
		mod(&o)
	}
	return New(o), srv.URL
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	o := New(Options{}).Options
	assert.Equal(t, DefaultTimeout, o.Timeout)
	assert.Equal(t, DefaultMaxRetries, o.MaxRetries)
	assert.Equal(t, DefaultRetryWaitMin, o.RetryWaitMin)
	assert.Equal(t, DefaultRetryWaitMax, o.RetryWaitMax)
	assert.Equal(t, DefaultMaxRateLimitWait, o.MaxRateLimitWait)
	assert.Equal(t, safehttp.DefaultUserAgent, o.UserAgent)
	assert.NotNil(t, o.Logger)
	assert.NotNil(t, o.Now)

	o = New(Options{MaxRetries: -1, RetryWaitMin: time.Minute, RetryWaitMax: time.Second}).Options
	assert.Zero(t, o.MaxRetries, "a negative value turns retries off")
	assert.Equal(t, time.Minute, o.RetryWaitMax, "the maximum is at least the minimum")
}

func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	st, base := newStack(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		assert.Equal(t, "Bearer tok", r.Header.Get("Authorization"))
		b, _ := io.ReadAll(r.Body)
		if r.Method == http.MethodPost {
			assert.Equal(t, "body", string(b), "the body is sent again on every attempt")
		}
		w.WriteHeader(http.StatusBadGateway)
	}), nil)

	for _, tc := range []struct {
		method   string
		safe     bool
		attempts int
	}{
		{"GET", false, 5},
		{"PUT", false, 5},
		{"DELETE", false, 5},
		{"POST", false, 1},
		{"PATCH", false, 1},
		{"POST", true, 5},
	} {
		n.Store(0)
		ctx, at := CountAttempts(t.Context())
		if tc.safe {
			ctx = WithRetrySafe(ctx)
		}
		req, err := http.NewRequestWithContext(ctx, tc.method, base+"/x", strings.NewReader("body"))
		require.NoError(t, err)
		resp, err := st.API.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
		assert.Equal(t, tc.attempts, at.Count(), "%s safe=%v", tc.method, tc.safe)
		assert.EqualValues(t, tc.attempts, n.Load(), "%s safe=%v", tc.method, tc.safe)
	}
}

func TestNoRetryOn4xxAnd501(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	st, base := newStack(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch r.URL.Path {
		case "/404":
			w.WriteHeader(404)
		case "/501":
			w.WriteHeader(501)
		}
	}), nil)
	for _, p := range []string{"/404", "/501"} {
		n.Store(0)
		resp, err := st.API.Get(base + p)
		require.NoError(t, err)
		resp.Body.Close()
		assert.EqualValues(t, 1, n.Load(), p)
	}
}

func TestRateLimited(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 || r.URL.Path == "/long" {
			w.Header().Set("Retry-After", map[bool]string{true: "3600", false: "0"}[r.URL.Path == "/long"])
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(200)
	})
	st, base := newStack(t, h, nil)

	post := func(st *Stack, path string) (int, int) {
		ctx, at := CountAttempts(t.Context())
		req, _ := http.NewRequestWithContext(ctx, "POST", base+path, nil)
		resp, err := st.API.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode, at.Count()
	}
	code, attempts := post(st, "/x")
	assert.Equal(t, 200, code, "a 429 was not acted on: even a POST is sent again")
	assert.Equal(t, 2, attempts)

	code, attempts = post(st, "/long")
	assert.Equal(t, http.StatusTooManyRequests, code, "longer than MaxRateLimitWait")
	assert.Equal(t, 1, attempts)

	n.Store(0)
	fail := New(Options{AllowLoopback: true, AllowHTTP: true, RateLimitFail: true})
	code, attempts = post(fail, "/x")
	assert.Equal(t, http.StatusTooManyRequests, code)
	assert.Equal(t, 1, attempts)
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	p := &policy{o: Options{MaxRateLimitWait: time.Minute, Now: func() time.Time { return now }}.withDefaults()}
	resp := func(code int, h ...string) *http.Response {
		r := &http.Response{StatusCode: code, Header: http.Header{}}
		for i := 0; i < len(h); i += 2 {
			r.Header.Set(h[i], h[i+1])
		}
		return r
	}
	assert.Equal(t, 10*time.Second+500*time.Millisecond, p.backoff(time.Millisecond, time.Second, 1, resp(429, "Retry-After", "10")))
	assert.Equal(t, 10*time.Second, p.backoff(time.Millisecond, time.Second, 1, resp(503, "Retry-After", "10")))
	assert.Equal(t, time.Minute, p.backoff(time.Millisecond, time.Second, 1, resp(429, "Retry-After", "3600")), "capped")
	reset := now.Add(20 * time.Second).Unix()
	assert.Equal(t, 20*time.Second+500*time.Millisecond,
		p.backoff(time.Millisecond, time.Second, 1, resp(429, "X-RateLimit-Limit", "50", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", strconv.FormatInt(reset, 10))))
	for n := range 30 {
		d := p.backoff(100*time.Millisecond, 2*time.Second, n, resp(500))
		want := min(100*time.Millisecond<<min(n, 20), 2*time.Second)
		assert.GreaterOrEqual(t, d, want/2, n)
		assert.LessOrEqual(t, d, want, n)
	}
}

func TestNoRetryClientAndPlain(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	var auth atomic.Value
	st, base := newStack(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		auth.Store(r.Header.Get("Authorization"))
		w.WriteHeader(503)
	}), nil)

	resp, err := st.NoRetry.Get(base + "/x")
	require.NoError(t, err)
	resp.Body.Close()
	assert.EqualValues(t, 1, n.Load(), "NoRetry does not retry")
	assert.Equal(t, "Bearer tok", auth.Load())
	assert.Zero(t, st.NoRetry.Timeout)

	resp, err = st.Plain.Get(base + "/x")
	require.NoError(t, err)
	resp.Body.Close()
	assert.EqualValues(t, 2, n.Load(), "Plain does not retry")
	assert.Equal(t, "", auth.Load(), "Plain sends no token")
	assert.Equal(t, DefaultTimeout, st.Plain.Timeout)
}

func TestRefusedAddressIsNotRetried(t *testing.T) {
	t.Parallel()
	st := New(Options{AllowHTTP: true, RetryWaitMin: time.Second})
	start := time.Now()
	_, err := st.API.Get("http://127.0.0.1:1/")
	assert.ErrorIs(t, err, safehttp.ErrForbiddenAddress)
	assert.Less(t, time.Since(start), time.Second)
}

func TestDialErrorIsRetriedForAnyMethod(t *testing.T) {
	t.Parallel()
	// A port nothing listens on: the dial fails, nothing was sent.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	st := New(Options{AllowLoopback: true, AllowHTTP: true, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, MaxRetries: 2})
	ctx, at := CountAttempts(t.Context())
	req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/", strings.NewReader("x"))
	_, err = st.API.Do(req)
	require.Error(t, err)
	assert.Equal(t, 3, at.Count())
	assert.True(t, IsDialError(err), "%v", err)
}

func TestSameHostRedirects(t *testing.T) {
	t.Parallel()
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization") != "")
	}))
	t.Cleanup(other.Close)
	mux := http.NewServeMux()
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		// localhost is another host than 127.0.0.1.
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusFound)
	})
	mux.HandleFunc("/near", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/there", http.StatusFound) })
	mux.HandleFunc("/there", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer tok", r.Header.Get("Authorization"))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	st, base := newStack(t, mux, nil)

	for _, c := range []*http.Client{st.API, st.NoRetry} {
		resp, err := c.Get(base + "/away")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusFound, resp.StatusCode, "the redirect is not followed")
		resp, err = c.Get(base + "/near")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode, "a redirect on the same host is followed")
	}
	assert.False(t, leaked.Load())
	_, err := st.Plain.Get(base + "/loop")
	assert.ErrorContains(t, err, "test: too many redirects")
}

// recorder is a base transport that keeps the requests it gets.
type recorder struct{ got []*http.Request }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.got = append(r.got, req)
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

func TestNoReplay(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	st := New(Options{HTTPClient: &http.Client{Transport: rec}})
	for _, m := range []string{"POST", "PUT"} {
		req, _ := http.NewRequestWithContext(t.Context(), m, "https://example.test/", bytes.NewReader([]byte("x")))
		require.NotNil(t, req.GetBody)
		resp, err := st.Plain.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
	}
	require.Len(t, rec.got, 2)
	assert.Nil(t, rec.got[0].GetBody, "net/http may not send a POST again")
	assert.NotNil(t, rec.got[1].GetBody, "a PUT may be")
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	assert.True(t, ParseRate(h).IsZero())
	h.Set("X-RateLimit-Limit", "50")
	h.Set("X-RateLimit-Remaining", "x")
	assert.True(t, ParseRate(h).IsZero())
	h.Set("X-RateLimit-Remaining", "-1")
	assert.True(t, ParseRate(h).IsZero())
	h.Set("X-RateLimit-Remaining", "47")
	assert.Equal(t, Rate{Limit: 50, Remaining: 47}, ParseRate(h))
	// PeerTube: a Unix time.
	h.Set("X-RateLimit-Reset", "1795640049")
	assert.Equal(t, Rate{50, 47, time.Unix(1795640049, 0)}, ParseRate(h))
	// Mastodon: an RFC 3339 time.
	h.Set("X-RateLimit-Reset", "2026-11-26T01:00:00.000000Z")
	assert.Equal(t, time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC), ParseRate(h).Reset)
	h.Set("X-RateLimit-Reset", "soon")
	assert.True(t, ParseRate(h).Reset.IsZero())
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	h := http.Header{}
	assert.True(t, RetryAfter(h, now).IsZero())
	h.Set("X-RateLimit-Limit", "50")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", "1795640049")
	assert.Equal(t, time.Unix(1795640049, 0), RetryAfter(h, now), "the reset when there is no Retry-After")
	h.Set("Retry-After", "120")
	assert.Equal(t, now.Add(2*time.Minute), RetryAfter(h, now))
	h.Set("Retry-After", "Wed, 25 Nov 2026 12:05:00 GMT")
	assert.Equal(t, now.Add(5*time.Minute), RetryAfter(h, now).UTC())
	h.Set("Retry-After", "-3")
	assert.Equal(t, time.Unix(1795640049, 0), RetryAfter(h, now), "a bad value is ignored")
}

func TestIdempotent(t *testing.T) {
	t.Parallel()
	for _, m := range []string{"GET", "HEAD", "PUT", "DELETE", "OPTIONS"} {
		assert.True(t, Idempotent(m), m)
	}
	for _, m := range []string{"POST", "PATCH", "CONNECT"} {
		assert.False(t, Idempotent(m), m)
	}
}

func TestRetryableAndDialErrors(t *testing.T) {
	t.Parallel()
	assert.False(t, Retryable(context.Canceled))
	assert.False(t, Retryable(&safehttp.AddressError{}))
	assert.False(t, Retryable(safehttp.ErrInsecureScheme))
	assert.True(t, Retryable(io.ErrUnexpectedEOF))
	perm := Permanent(io.ErrUnexpectedEOF)
	assert.False(t, Retryable(fmt.Errorf("wrapped: %w", perm)))
	assert.ErrorIs(t, perm, io.ErrUnexpectedEOF)
	assert.Equal(t, io.ErrUnexpectedEOF.Error(), perm.Error())
	assert.NoError(t, Permanent(nil))

	assert.True(t, IsDialError(&net.OpError{Op: "dial", Err: errors.New("refused")}))
	assert.True(t, IsDialError(&url.Error{Err: &net.DNSError{Name: "x.test"}}))
	assert.False(t, IsDialError(&net.OpError{Op: "read", Err: io.ErrUnexpectedEOF}))
	assert.False(t, IsDialError(io.EOF))
}

func TestDecode(t *testing.T) {
	t.Parallel()
	var v struct{ A string }
	require.NoError(t, Decode(strings.NewReader(`{"A":"x"}`), &v, 100))
	assert.Equal(t, "x", v.A)
	assert.ErrorContains(t, Decode(strings.NewReader(`{"A":`), &v, 100), "decoding the answer")
	assert.ErrorIs(t, Decode(strings.NewReader(`{"A":"xxxxxxxx"}`), &v, 5), safehttp.ErrBodyTooLarge)

	var buf bytes.Buffer
	require.NoError(t, Decode(strings.NewReader("12345"), &buf, 5))
	assert.Equal(t, "12345", buf.String())
	assert.ErrorIs(t, Decode(strings.NewReader("123456"), &buf, 5), safehttp.ErrBodyTooLarge)

	r := strings.NewReader("drained")
	require.NoError(t, Decode(r, nil, 1))
	assert.Zero(t, r.Len())

	assert.Len(t, ReadErrorBody(strings.NewReader(strings.Repeat("x", MaxErrorBody+10))), MaxErrorBody)
}

func TestCause(t *testing.T) {
	t.Parallel()
	inner := errors.New("connection reset")
	err := Cause(t.Context(), &url.Error{Op: "Get", URL: "https://x.test/?access_token=secret", Err: inner})
	assert.Equal(t, inner, err)
	assert.NotContains(t, err.Error(), "secret")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err = Cause(ctx, inner)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, inner)
	assert.Equal(t, context.Canceled, Cause(ctx, context.Canceled))
}

func TestRetriesAreLogged(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	var n atomic.Int32
	st, base := newStack(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(500)
		}
	}), func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	resp, err := st.API.Get(base + "/p?access_token=secret")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Contains(t, buf.String(), `msg="test: retrying" method=GET path=/p attempt=2`)
	assert.NotContains(t, buf.String(), "secret")
}

// A token source that fails for good is asked once, not once per retry.
func TestPermanentTokenErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	var asked atomic.Int32
	st, base := newStack(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("no request may be sent without a token")
	}), func(o *Options) {
		o.TokenSource = tokenFunc(func() (*oauth2.Token, error) {
			asked.Add(1)
			return nil, Permanent(errors.New("refresh refused"))
		})
	})
	_, err := st.API.Get(base + "/x")
	assert.ErrorContains(t, err, "refresh refused")
	assert.EqualValues(t, 1, asked.Load())
}

type tokenFunc func() (*oauth2.Token, error)

func (f tokenFunc) Token() (*oauth2.Token, error) { return f() }
