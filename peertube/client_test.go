package peertube

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// basePath is where the test server mounts the API, so that a request
// built from an absolute path instead of the base URL fails loudly.
const basePath = "/prefix"

// setup returns a client of a test server and the mux the test adds its
// handlers to (paths without the prefix). opts may be nil; the client
// gets a token, loopback access and short retry waits.
func setup(t *testing.T, opts *Options) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	outer := http.NewServeMux()
	outer.Handle(basePath+"/", http.StripPrefix(basePath, mux))
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.URL)
		http.Error(w, "outside the base path", http.StatusBadGateway)
	})
	srv := httptest.NewServer(outer)
	t.Cleanup(srv.Close)

	var o Options
	if opts != nil {
		o = *opts
	}
	o.AllowLoopback, o.AllowHTTP = true, true
	if o.AccessToken == "" && o.TokenSource == nil {
		o.AccessToken = "test-token"
	}
	if o.RetryWaitMin == 0 {
		o.RetryWaitMin, o.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	}
	c, err := NewClient(srv.URL+basePath, &o)
	require.NoError(t, err)
	return c, mux
}

// testJSONBody checks that the request's body is the JSON want.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(b))
}

// testFormValues checks the request's form or query values.
func testFormValues(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	require.NoError(t, r.ParseForm())
	assert.Equal(t, want, r.Form)
}

// serveJSON answers with status and the JSON body.
func serveJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// corpus reads a file of testdata.
func corpus(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

// capture is a captured error answer of testdata/http-errors.
type capture struct {
	StatusLine string          `json:"status_line"`
	Headers    []string        `json:"headers"`
	Body       json.RawMessage `json:"body"`
}

// serveCapture answers as the server did in testdata/http-errors/name:
// same status, headers and body.
func serveCapture(t *testing.T, w http.ResponseWriter, name string) {
	t.Helper()
	var c capture
	require.NoError(t, json.Unmarshal([]byte(corpus(t, "http-errors/"+name)), &c))
	for _, h := range c.Headers {
		k, v, ok := strings.Cut(h, ":")
		require.True(t, ok, h)
		w.Header().Add(k, strings.TrimSpace(v))
	}
	var code int
	_, err := fmt.Sscanf(c.StatusLine, "HTTP/1.1 %d", &code)
	require.NoError(t, err)
	w.WriteHeader(code)
	_, _ = w.Write(c.Body)
}

func TestNewClientRejectsBadURLs(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "videos.example", "ftp://videos.example", "https://user:pw@videos.example", "https://videos.example/?a=b", "https://videos.example/#x", "%%"} {
		_, err := NewClient(u, nil)
		assert.Error(t, err, u)
		assert.NotContains(t, fmt.Sprint(err), "pw", "no password in errors")
	}
	c, err := NewClient("https://videos.example/sub", nil)
	require.NoError(t, err)
	assert.Equal(t, "https://videos.example/sub/", c.BaseURL().String())
	c.BaseURL().Path = "/changed"
	assert.Equal(t, "https://videos.example/sub/", c.BaseURL().String(), "BaseURL returns a copy")
}

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://videos.example", nil)
	require.NoError(t, err)
	assert.Equal(t, DefaultTimeout, c.opts.Timeout)
	assert.Equal(t, DefaultMaxRetries, c.opts.MaxRetries)
	assert.Equal(t, time.Second, c.opts.RetryWaitMin)
	assert.Equal(t, 30*time.Second, c.opts.RetryWaitMax)
	assert.Equal(t, int64(DefaultMaxBodySize), c.opts.MaxBodySize)
	assert.Equal(t, DefaultMaxRateLimitWait, c.opts.MaxRateLimitWait)
	assert.Zero(t, c.noRetry.Timeout, "uploads bound their requests with a context")

	c, err = NewClient("https://videos.example", &Options{MaxRetries: -1})
	require.NoError(t, err)
	assert.Zero(t, c.opts.MaxRetries)
}

func TestNewRequest(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://videos.example/p", &Options{UserAgent: "uploader/1.0"})
	require.NoError(t, err)

	req, err := c.NewRequest(t.Context(), "PUT", "api/v1/videos/1/rate?x=1", map[string]string{"rating": "like"})
	require.NoError(t, err)
	assert.Equal(t, "https://videos.example/p/api/v1/videos/1/rate?x=1", req.URL.String())
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", req.Header.Get("Accept"))
	assert.Regexp(t, `^uploader/1\.0 fedikit/\S+`, req.Header.Get("User-Agent"))

	req, err = c.NewRequest(t.Context(), "POST", "api/v1/users/token", url.Values{"grant_type": {"password"}})
	require.NoError(t, err)
	assert.Equal(t, "application/x-www-form-urlencoded", req.Header.Get("Content-Type"))

	req, err = c.NewRequest(t.Context(), "POST", "x", strings.NewReader("raw"))
	require.NoError(t, err)
	assert.Empty(t, req.Header.Get("Content-Type"), "left to the caller")

	_, err = c.NewRequest(t.Context(), "GET", "/api/v1/videos", nil)
	assert.Error(t, err, "absolute paths would escape the base path")
	_, err = c.NewRequest(t.Context(), "GET", "%zz", nil)
	assert.Error(t, err)
	_, err = c.NewRequest(t.Context(), "POST", "api/v1/videos", func() {})
	assert.Error(t, err)
	_, err = c.NewRequest(t.Context(), "bad method", "api/v1/videos", nil)
	assert.Error(t, err)
}

func TestDoSendsTokenAndReadsRate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/config/about", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		assert.Contains(t, r.Header.Get("User-Agent"), "fedikit/")
		// As PeerTube sends them: the reset is a Unix time.
		w.Header().Set("X-RateLimit-Limit", "50")
		w.Header().Set("X-RateLimit-Remaining", "47")
		w.Header().Set("X-RateLimit-Reset", "1795640049")
		serveJSON(w, 200, `{"instance":{"name":"x"}}`)
	})
	about, resp, err := c.Config.About(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "x", about.Instance.Name)
	assert.Equal(t, Rate{Limit: 50, Remaining: 47, Reset: time.Unix(1795640049, 0)}, resp.Rate)
	assert.False(t, resp.Rate.IsZero())
	assert.Equal(t, 1, resp.Attempts)
	assert.Equal(t, 200, resp.StatusCode)
}

func TestDoWritesToWriter(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxBodySize: 10})
	mux.HandleFunc("GET /raw/{n}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", map[string]int{"small": 5, "big": 20}[r.PathValue("n")]))
	})
	var sb strings.Builder
	req, _ := c.NewRequest(t.Context(), "GET", "raw/small", nil)
	_, err := c.Do(req, &sb)
	require.NoError(t, err)
	assert.Equal(t, "xxxxx", sb.String())

	req, _ = c.NewRequest(t.Context(), "GET", "raw/big", nil)
	_, err = c.Do(req, &sb)
	assert.ErrorIs(t, err, safehttp.ErrBodyTooLarge)

	req, _ = c.NewRequest(t.Context(), "GET", "raw/big", nil)
	var v any
	_, err = c.Do(req, &v)
	assert.ErrorIs(t, err, safehttp.ErrBodyTooLarge)
}

func TestDecodeErrorIsReported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/config", func(w http.ResponseWriter, r *http.Request) { serveJSON(w, 200, `{"serverVersion":`) })
	_, resp, err := c.Config.Get(t.Context())
	assert.ErrorContains(t, err, "peertube: GET "+basePath+"/api/v1/config: decoding the answer")
	assert.NotNil(t, resp)
}

func TestRetries(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var gets, posts atomic.Int32
	mux.HandleFunc("GET /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) < 3 {
			serveJSON(w, 503, `{"status":503,"detail":"try later"}`)
			return
		}
		serveJSON(w, 200, `{"id":1}`)
	})
	mux.HandleFunc("POST /api/v1/videos/{id}/views", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		serveJSON(w, 500, `{"status":500,"detail":"boom"}`)
	})

	v, resp, err := c.Videos.Get(t.Context(), "1", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 1, v.ID)
	assert.Equal(t, 3, resp.Attempts)

	resp, err = c.Videos.AddView(t.Context(), "1", nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.EqualValues(t, 1, posts.Load(), "a POST is never sent twice")
	assert.Equal(t, 1, resp.Attempts)
}

func TestRetriesAreLogged(t *testing.T) {
	t.Parallel()
	var buf strings.Builder // written by the hook, in the goroutine of the call
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mux := setup(t, &Options{Logger: log})
	var n atomic.Int32
	mux.HandleFunc("GET /api/v1/config", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(502)
			return
		}
		serveJSON(w, 200, `{}`)
	})
	_, _, err := c.Config.Get(t.Context())
	require.NoError(t, err)
	assert.Contains(t, buf.String(), `msg="peertube: retrying" method=GET path=/prefix/api/v1/config attempt=2`)
}

func TestNoRetryOnRefusedAddress(t *testing.T) {
	t.Parallel()
	c, err := NewClient("http://127.0.0.1:1/", &Options{AllowHTTP: true, RetryWaitMin: time.Second})
	require.NoError(t, err)
	start := time.Now()
	_, _, err = c.Config.Get(t.Context())
	assert.ErrorIs(t, err, safehttp.ErrForbiddenAddress)
	assert.ErrorContains(t, err, "peertube: GET /api/v1/config")
	assert.Less(t, time.Since(start), time.Second)
}

func TestRateLimited(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	handler := func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-RateLimit-Limit", "50")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("Retry-After", "3600")
		serveJSON(w, 429, `{"status":429,"detail":"Too many requests, please try again later."}`)
	}

	// Longer than MaxRateLimitWait: not retried.
	c, mux := setup(t, &Options{MaxRateLimitWait: time.Second})
	mux.HandleFunc("GET /api/v1/videos", handler)
	_, resp, err := c.Videos.List(t.Context(), &VideoListOptions{ListOptions: ListOptions{Sort: "-x"}})
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, 0, rl.Rate.Remaining)
	assert.False(t, rl.RetryAfter.IsZero())
	assert.Equal(t, 1, resp.Attempts)
	assert.Contains(t, err.Error(), "rate limited, retry at")

	// Within it: sent again, even a POST.
	c, mux = setup(t, nil)
	var views atomic.Int32
	mux.HandleFunc("POST /api/v1/videos/{id}/views", func(w http.ResponseWriter, r *http.Request) {
		if views.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			serveJSON(w, 429, `{}`)
			return
		}
		w.WriteHeader(204)
	})
	resp, err = c.Videos.AddView(t.Context(), "1", nil)
	require.NoError(t, err, "a 429 was not acted on, so even a POST is sent again")
	assert.Equal(t, 2, resp.Attempts)

	// A negative MaxRateLimitWait never waits.
	n.Store(0)
	c, mux = setup(t, &Options{MaxRateLimitWait: -1})
	mux.HandleFunc("GET /api/v1/videos", handler)
	_, _, err = c.Videos.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.EqualValues(t, 1, n.Load())
}

func TestRateLimitErrorWithoutAnswer(t *testing.T) {
	t.Parallel()
	e := &RateLimitError{}
	assert.Equal(t, "peertube: rate limited, retry later", e.Error())
	assert.NoError(t, e.Unwrap())
	assert.ErrorIs(t, e, ErrRateLimited)
}

func TestNoTokenAcrossHosts(t *testing.T) {
	t.Parallel()
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked.Store(true)
		}
	}))
	defer other.Close()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "away":
			// localhost is another host than 127.0.0.1 for the client.
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusFound)
		case "near":
			http.Redirect(w, r, basePath+"/api/v1/videos/there", http.StatusFound)
		case "there":
			assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
			serveJSON(w, 200, `{"id":3}`)
		}
	})
	_, _, err := c.Videos.Get(t.Context(), "away", nil)
	require.Error(t, err, "the redirect is not followed")
	assert.False(t, leaked.Load())

	v, _, err := c.Videos.Get(t.Context(), "near", nil)
	require.NoError(t, err, "a redirect on the same host is followed")
	assert.EqualValues(t, 3, v.ID)
}

func TestCanceledContext(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/config", func(w http.ResponseWriter, r *http.Request) { serveJSON(w, 200, `{}`) })
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err := c.Config.Get(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestPtr(t *testing.T) {
	t.Parallel()
	p := Ptr(3)
	assert.Equal(t, 3, *p)
	assert.False(t, *Ptr(false))
}
