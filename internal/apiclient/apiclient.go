package apiclient

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// Defaults of [Options].
const (
	// DefaultMaxRetries is how many times a failed request is retried.
	DefaultMaxRetries = 4
	// DefaultTimeout limits one attempt of a request.
	DefaultTimeout = 60 * time.Second
	// DefaultRetryWaitMin and DefaultRetryWaitMax bound the wait between
	// two attempts.
	DefaultRetryWaitMin = time.Second
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultMaxRateLimitWait is the longest wait for a renewed rate-limit
	// budget before a request refused with 429 is sent again.
	DefaultMaxRateLimitWait = time.Minute
	// maxRedirects is how many redirects a request follows.
	maxRedirects = 5
)

// Options configures [New]. The zero value of each field means the
// default documented on it.
type Options struct {
	// Name starts the messages of errors and log records: "mastodon".
	Name string

	// TokenSource gives the bearer token of the API and NoRetry clients;
	// nil sends none. It is asked before every attempt and used as it
	// is: wrap a source that does not cache in [oauth2.ReuseTokenSource].
	TokenSource oauth2.TokenSource

	// HTTPClient, if not nil, supplies the base transport (its Transport;
	// the client is not modified). Nil builds a [safehttp] transport that
	// refuses loopback and private addresses and plain http unless the
	// Allow fields say otherwise.
	HTTPClient *http.Client
	// AllowLoopback, AllowPrivate and AllowHTTP open the default
	// transport to loopback addresses, private addresses and plain http.
	AllowLoopback, AllowPrivate, AllowHTTP bool
	// TLSClientConfig is the TLS configuration of the default transport
	// (it is cloned).
	TLSClientConfig *tls.Config
	// UserAgent is the User-Agent the default transport sends when a
	// request has none. Default [safehttp.DefaultUserAgent].
	UserAgent string

	// Timeout limits each attempt of a request of the API and Plain
	// clients, reading the body included. Default [DefaultTimeout].
	Timeout time.Duration
	// MaxRetries is how many times a request is retried. Default
	// [DefaultMaxRetries]; a negative value turns retries off.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential wait between
	// attempts. Defaults [DefaultRetryWaitMin] and [DefaultRetryWaitMax].
	RetryWaitMin, RetryWaitMax time.Duration

	// RateLimitFail keeps a request refused with 429 from being retried.
	RateLimitFail bool
	// MaxRateLimitWait is the longest wait for a 429 or 503 answer's
	// Retry-After (or X-RateLimit-Reset): a 429 that asks for longer is
	// not retried. Default [DefaultMaxRateLimitWait].
	MaxRateLimitWait time.Duration

	// Logger receives a debug record of every retry. Nil discards them.
	Logger *slog.Logger
	// Now is the clock of the retry policy. Default [time.Now].
	Now func() time.Time
}

// withDefaults returns o with the defaults filled in.
func (o Options) withDefaults() Options {
	if o.Name == "" {
		o.Name = "fedikit"
	}
	if o.UserAgent == "" {
		o.UserAgent = safehttp.DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = DefaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	if o.RetryWaitMin <= 0 {
		o.RetryWaitMin = DefaultRetryWaitMin
	}
	if o.RetryWaitMax <= 0 {
		o.RetryWaitMax = DefaultRetryWaitMax
	}
	if o.RetryWaitMax < o.RetryWaitMin {
		o.RetryWaitMax = o.RetryWaitMin
	}
	if o.MaxRateLimitWait <= 0 {
		o.MaxRateLimitWait = DefaultMaxRateLimitWait
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Stack is the set of HTTP clients of one API client. Its clients are
// safe for concurrent use.
type Stack struct {
	// API sends the requests of the API: retries, then the token, then
	// the base transport. Redirects are followed within the host only.
	API *http.Client
	// Plain sends requests through the base transport only, with the
	// timeout: no token, no retries. For token exchanges.
	Plain *http.Client
	// NoRetry sends requests with the token but without retries or a
	// timeout: for streams, and for uploads that resume on their own.
	// The caller bounds each request with its context.
	NoRetry *http.Client
	// Options are the options the stack was built with, defaults filled
	// in (MaxRetries is 0 when retries are off).
	Options Options
}

// New builds the clients of o.
func New(o Options) *Stack {
	o = o.withDefaults()
	p := &policy{o: o}

	var base http.RoundTripper
	if o.HTTPClient != nil && o.HTTPClient.Transport != nil {
		base = o.HTTPClient.Transport
	} else {
		base = safehttp.NewTransport(safehttp.Options{
			AllowLoopback: o.AllowLoopback, AllowPrivate: o.AllowPrivate, AllowHTTP: o.AllowHTTP,
			TLSClientConfig: o.TLSClientConfig, UserAgent: o.UserAgent,
		})
	}
	// Only the retry layer decides what is sent again.
	base = noReplay{base}
	redirects := sameHostRedirects(o.Name)

	auth := base
	if o.TokenSource != nil {
		auth = &oauth2.Transport{Source: o.TokenSource, Base: base}
	}
	retry := &retryablehttp.Client{
		// The token must not follow a redirect to another host.
		HTTPClient:     &http.Client{Transport: auth, Timeout: o.Timeout, CheckRedirect: redirects},
		RetryMax:       o.MaxRetries,
		RetryWaitMin:   o.RetryWaitMin,
		RetryWaitMax:   o.RetryWaitMax,
		CheckRetry:     p.checkRetry,
		Backoff:        p.backoff,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: p.countAttempt,
	}
	return &Stack{
		API: &http.Client{
			Transport: tracker{&retryablehttp.RoundTripper{Client: retry}},
			// The inner client follows redirects, within the host.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Plain:   &http.Client{Transport: base, Timeout: o.Timeout, CheckRedirect: redirects},
		NoRetry: &http.Client{Transport: auth, CheckRedirect: redirects},
		Options: o,
	}
}

// noReplay keeps net/http's transport from sending a POST or PATCH again
// on its own when a reused connection breaks: it does so for requests
// with an Idempotency-Key header, which some servers accept and ignore,
// and the request would be acted on twice. Without GetBody it cannot.
type noReplay struct{ base http.RoundTripper }

// RoundTrip sends req without its GetBody when its method is not
// idempotent.
func (t noReplay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.GetBody != nil && !Idempotent(req.Method) {
		r := *req // a shallow copy: only GetBody differs
		r.GetBody = nil
		req = &r
	}
	return t.base.RoundTrip(req)
}

// sameHostRedirects follows at most 5 redirects, and none to another
// host or scheme, which must not receive the token.
func sameHostRedirects(name string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return errors.New(name + ": too many redirects")
		}
		if !strings.EqualFold(req.URL.Host, via[0].URL.Host) || req.URL.Scheme != via[0].URL.Scheme {
			return http.ErrUseLastResponse
		}
		return nil
	}
}

// tracker puts what the retry policy needs to know about a request into
// its context: the method, whether it may be sent again, where to count
// the attempts.
type tracker struct{ next http.RoundTripper }

// RoundTrip sends req with its state in its context.
func (t tracker) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := &state{method: req.Method}
	st.retrySafe, _ = ctx.Value(retrySafeKey{}).(bool)
	st.attempts, _ = ctx.Value(attemptsKey{}).(*Attempts)
	return t.next.RoundTrip(req.WithContext(context.WithValue(ctx, stateKey{}, st)))
}
