package mastodon

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fedikit/fedikit/internal/safehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	// NodeInfo is at the root whatever the API's prefix: Client.Server
	// asks it when the instance document does not tell.
	outer.HandleFunc("/.well-known/nodeinfo", http.NotFound)
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

func TestNewClientRejectsBadURLs(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "social.example", "ftp://social.example", "https://user:pw@social.example", "https://social.example/?a=b", "https://social.example/#x"} {
		_, err := NewClient(u, nil)
		assert.Error(t, err, u)
		assert.NotContains(t, fmt.Sprint(err), "pw", "no password in errors")
	}
	c, err := NewClient("https://social.example/sub", nil)
	require.NoError(t, err)
	assert.Equal(t, "https://social.example/sub/", c.BaseURL().String())
}

func TestNewRequest(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://social.example/p", &Options{UserAgent: "announcer/1.0"})
	require.NoError(t, err)

	req, err := c.NewRequest(t.Context(), "POST", "api/v1/statuses?x=1", map[string]string{"status": "hi"})
	require.NoError(t, err)
	assert.Equal(t, "https://social.example/p/api/v1/statuses?x=1", req.URL.String())
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	assert.Regexp(t, `^announcer/1\.0 fedikit/\S+`, req.Header.Get("User-Agent"))

	req, err = c.NewRequest(t.Context(), "POST", "oauth/revoke", url.Values{"token": {"t"}})
	require.NoError(t, err)
	assert.Equal(t, "application/x-www-form-urlencoded", req.Header.Get("Content-Type"))

	_, err = c.NewRequest(t.Context(), "GET", "/api/v1/statuses", nil)
	assert.Error(t, err, "absolute paths would escape the base path")
	_, err = c.NewRequest(t.Context(), "POST", "api/v1/statuses", func() {})
	assert.Error(t, err)
}

func TestDoSendsTokenAndDecodes(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/apps/verify_credentials", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		assert.Contains(t, r.Header.Get("User-Agent"), "fedikit/")
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "299")
		w.Header().Set("X-RateLimit-Reset", "2026-11-26T01:00:00.000000Z")
		serveJSON(w, 200, `{"name":"Test","website":null,"scopes":["read"]}`)
	})
	app, resp, err := c.Apps.VerifyCredentials(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "Test", app.Name)
	assert.Equal(t, Rate{Limit: 300, Remaining: 299, Reset: time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)}, resp.Rate)
	assert.Equal(t, 1, resp.Attempts)
}

func TestErrorResponses(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /e/{code}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-1")
		switch r.PathValue("code") {
		case "404":
			serveJSON(w, 404, corpus(t, "gotosocial/mastodon-error-404.json"))
		case "401":
			serveJSON(w, 401, `{"error":"The access token is invalid"}`)
		case "403":
			serveJSON(w, 403, `{"error":"This action is outside the authorized scopes"}`)
		case "410":
			serveJSON(w, 410, `{"error":"Gone"}`)
		case "422":
			serveJSON(w, 422, `{"error":"Validation failed: Username has already been taken","details":{"username":[{"error":"ERR_TAKEN","description":"has already been taken"}]}}`)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, "<html>bad gateway</html>")
		}
	})
	get := func(code string) (*Response, error) {
		req, err := c.NewRequest(t.Context(), "GET", "e/"+code+"?access_token=secret", nil)
		require.NoError(t, err)
		return c.Do(req, nil)
	}
	for code, sentinel := range map[string]error{"404": ErrNotFound, "401": ErrUnauthorized, "403": ErrForbidden, "410": ErrGone, "422": ErrUnprocessable, "html": ErrServer} {
		resp, err := get(code)
		require.Error(t, err, code)
		assert.ErrorIs(t, err, sentinel, code)
		var er *ErrorResponse
		require.ErrorAs(t, err, &er)
		assert.Equal(t, "req-1", er.RequestID)
		assert.Equal(t, basePath+"/e/"+code, er.Path)
		assert.NotContains(t, err.Error(), "secret", "the query may carry a token")
		assert.NotNil(t, resp)
	}
	_, err := get("422")
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, "ERR_TAKEN", er.Details["username"][0].Code)
	assert.Contains(t, err.Error(), "422 Validation failed")
	_, err = get("html")
	assert.NotContains(t, err.Error(), "<html>")
	assert.Equal(t, 5, func() int { r, _ := get("html"); return r.Attempts }(), "a GET is retried on 5xx")
}

func TestRetries(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var gets, posts, keyed atomic.Int32
	mux.HandleFunc("GET /flaky", func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) < 3 {
			serveJSON(w, 503, `{"error":"try later"}`)
			return
		}
		serveJSON(w, 200, `{}`)
	})
	mux.HandleFunc("POST /flaky", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		serveJSON(w, 500, `{"error":"boom"}`)
	})
	mux.HandleFunc("POST /keyed", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "k-1", r.Header.Get("Idempotency-Key"))
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"status":"hi"}`, string(b), "the body is sent again on every attempt")
		if keyed.Add(1) < 2 {
			serveJSON(w, 502, `{}`)
			return
		}
		serveJSON(w, 200, `{}`)
	})

	req, _ := c.NewRequest(t.Context(), "GET", "flaky", nil)
	resp, err := c.Do(req, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Attempts)

	req, _ = c.NewRequest(t.Context(), "POST", "flaky", map[string]string{"status": "hi"})
	_, err = c.Do(req, nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.EqualValues(t, 1, posts.Load(), "a POST without an honoured key is never sent twice")

	req, _ = c.NewRequest(t.Context(), "POST", "keyed", map[string]string{"status": "hi"})
	req.Header.Set("Idempotency-Key", "k-1")
	resp, err = c.do(req, nil, true)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
}

func TestNoRetryOnRefusedAddress(t *testing.T) {
	t.Parallel()
	c, err := NewClient("http://127.0.0.1:1/", &Options{AllowHTTP: true, RetryWaitMin: time.Millisecond})
	require.NoError(t, err)
	req, _ := c.NewRequest(t.Context(), "GET", "api/v1/instance", nil)
	start := time.Now()
	_, err = c.Do(req, nil)
	assert.ErrorIs(t, err, safehttp.ErrForbiddenAddress)
	assert.Less(t, time.Since(start), time.Second)
}

func TestRateLimitWait(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/media", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("X-RateLimit-Limit", "30")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("Retry-After", "0")
			serveJSON(w, 429, `{"error":"Too many requests"}`)
			return
		}
		serveJSON(w, 200, `{}`)
	})
	req, _ := c.NewRequest(t.Context(), "POST", "api/v1/media", map[string]string{})
	resp, err := c.Do(req, nil)
	require.NoError(t, err, "a 429 was not acted on, so even a POST is sent again")
	assert.Equal(t, 2, resp.Attempts)
}

func TestRateLimitFail(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{RateLimit: RateLimitFail})
	reset := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	var n atomic.Int32
	mux.HandleFunc("GET /api/v1/timelines/home", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", reset.Format(time.RFC3339))
		serveJSON(w, 429, `{"error":"Too many requests"}`)
	})
	req, _ := c.NewRequest(t.Context(), "GET", "api/v1/timelines/home", nil)
	_, err := c.Do(req, nil)
	var rl *RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, reset, rl.RetryAfter.UTC())
	assert.Equal(t, 0, rl.Rate.Remaining)

	// The budget is known to be spent: the next request is not sent.
	req, _ = c.NewRequest(t.Context(), "GET", "api/v1/timelines/home", nil)
	_, err = c.Do(req, nil)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.EqualValues(t, 1, n.Load())
}

func TestRateLimitTooLongToWait(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRateLimitWait: time.Second})
	var n atomic.Int32
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "3600")
		serveJSON(w, 429, `{"error":"Too many requests"}`)
	})
	req, _ := c.NewRequest(t.Context(), "GET", "slow", nil)
	_, err := c.Do(req, nil)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.EqualValues(t, 1, n.Load())
}

func TestRateLimitPace(t *testing.T) {
	t.Parallel()
	var s rateState
	now := time.Now()
	s.update("api", Rate{Limit: 300, Remaining: 1, Reset: now.Add(60 * time.Millisecond)})
	start := time.Now()
	require.NoError(t, s.beforeSend(t.Context(), RateLimitPace, "api", now))
	assert.GreaterOrEqual(t, time.Since(start), 25*time.Millisecond, "half of 60ms for the last request")
	// Plenty left: no wait; another bucket: no wait.
	s.update("api", Rate{Limit: 300, Remaining: 290, Reset: now.Add(time.Hour)})
	start = time.Now()
	require.NoError(t, s.beforeSend(t.Context(), RateLimitPace, "api", now))
	require.NoError(t, s.beforeSend(t.Context(), RateLimitPace, "media", now))
	assert.Less(t, time.Since(start), 20*time.Millisecond)
}

func TestBucket(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "media", bucket("POST", "/api/v2/media"))
	assert.Equal(t, "delete", bucket("DELETE", "/api/v1/statuses/1"))
	assert.Equal(t, "delete", bucket("POST", "/api/v1/statuses/1/unreblog"))
	assert.Equal(t, "api", bucket("POST", "/api/v1/statuses"))
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	assert.True(t, parseRate(h).IsZero())
	h.Set("X-RateLimit-Limit", "300")
	h.Set("X-RateLimit-Remaining", "x")
	assert.True(t, parseRate(h).IsZero())
	h.Set("X-RateLimit-Remaining", "12")
	h.Set("X-RateLimit-Reset", "1700000000")
	assert.Equal(t, Rate{300, 12, time.Unix(1700000000, 0)}, parseRate(h))
}

func TestLinkCursors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/favourites", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<https://social.example/api/v1/favourites?limit=2&max_id=7163058>; rel="next", <https://social.example/api/v1/favourites?limit=2&min_id=7275607>; rel="prev"`)
		serveJSON(w, 200, `[]`)
	})
	req, _ := c.NewRequest(t.Context(), "GET", "api/v1/favourites", nil)
	resp, err := c.Do(req, nil)
	require.NoError(t, err)
	assert.Equal(t, "7163058", resp.NextMaxID)
	assert.Equal(t, "7275607", resp.PrevMinID)
	assert.Empty(t, resp.PrevSinceID)
}

func TestBodyCap(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxBodySize: 100})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"a":"`+strings.Repeat("x", 200)+`"}`)
	})
	req, _ := c.NewRequest(t.Context(), "GET", "big", nil)
	var v map[string]string
	_, err := c.Do(req, &v)
	assert.ErrorContains(t, err, "too large")
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
	mux.HandleFunc("GET /away", func(w http.ResponseWriter, r *http.Request) {
		// localhost is another host than 127.0.0.1 for the client.
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusFound)
	})
	mux.HandleFunc("GET /near", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, basePath+"/there", http.StatusFound)
	})
	mux.HandleFunc("GET /there", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		serveJSON(w, 200, `{}`)
	})
	req, _ := c.NewRequest(t.Context(), "GET", "away", nil)
	_, err := c.Do(req, nil)
	require.Error(t, err, "the redirect is not followed")
	assert.False(t, leaked.Load())

	req, _ = c.NewRequest(t.Context(), "GET", "near", nil)
	_, err = c.Do(req, nil)
	require.NoError(t, err, "a redirect on the same host is followed")
}

func TestDecodeErrorIsReported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, r *http.Request) { serveJSON(w, 200, `{"name":`) })
	req, _ := c.NewRequest(t.Context(), "GET", "bad", nil)
	var v struct{ Name string }
	_, err := c.Do(req, &v)
	require.Error(t, err)
	var se *json.SyntaxError
	assert.True(t, errors.As(err, &se) || strings.Contains(err.Error(), "decoding"), err.Error())
}

// Mastodon's collections nest the whole error body in "error".
func TestNestedErrorBody(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /nested", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, `{"error":{"error":"Validation failed: Name can't be blank","details":{"name":[{"error":"ERR_BLANK","description":"can't be blank"}]}}}`)
	})
	req, _ := c.NewRequest(t.Context(), "POST", "nested", map[string]string{})
	_, err := c.Do(req, nil)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, "Validation failed: Name can't be blank", er.Message)
	assert.Equal(t, "ERR_BLANK", er.Details["name"][0].Code)
}
