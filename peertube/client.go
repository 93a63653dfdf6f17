package peertube

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/internal/apiclient"
	"github.com/fedikit/fedikit/internal/safehttp"
)

// Defaults of [Options].
const (
	// DefaultMaxRetries (4) is how many times a failed request is
	// retried.
	DefaultMaxRetries = apiclient.DefaultMaxRetries
	// DefaultTimeout (60 seconds) limits one attempt of a request.
	DefaultTimeout = apiclient.DefaultTimeout
	// DefaultMaxRateLimitWait is the longest wait for a renewed
	// rate-limit budget after a 429 answer. PeerTube's general budget
	// renews every 10 seconds, its login budget every 5 minutes.
	DefaultMaxRateLimitWait = 5*time.Minute + 10*time.Second
	// DefaultMaxBodySize caps the body of a successful response.
	DefaultMaxBodySize = 16 << 20
)

// Options configures a [Client]. A nil *Options, and the zero value of
// each field, mean the defaults.
type Options struct {
	// TokenSource gives the OAuth access token of every request, such
	// as the [*TokenSource] of [OAuthService.Login], which refreshes the
	// token when it expires. It is wrapped in [oauth2.ReuseTokenSource].
	TokenSource oauth2.TokenSource
	// AccessToken is a token to use as it is, when TokenSource is nil.
	// PeerTube's tokens expire after a day, so this suits short-lived
	// programs. With neither, requests are anonymous.
	AccessToken string

	// HTTPClient, if not nil, supplies the transport the client sends
	// its requests through (its Transport; the client is not modified).
	// Nil builds one that refuses loopback and private addresses and
	// plain http unless the Allow fields below say otherwise.
	HTTPClient *http.Client
	// AllowLoopback, AllowPrivate and AllowHTTP open the default
	// transport to loopback addresses, private addresses and plain
	// http: for tests, and for servers on a private network.
	AllowLoopback, AllowPrivate, AllowHTTP bool
	// TLSClientConfig is the TLS configuration of the default transport
	// (it is cloned): for private certificate authorities and tests.
	TLSClientConfig *tls.Config

	// UserAgent names the application; it is sent before fedikit's own
	// User-Agent, such as "uploader/1.2 fedikit/0.1.0 (…)".
	UserAgent string
	// Timeout limits each attempt of a request, reading the body
	// included. Default [DefaultTimeout]. The whole of a call, retries
	// and rate-limit waits included, is limited by its context.
	Timeout time.Duration
	// MaxBodySize caps the body of a successful response, in bytes.
	// Default [DefaultMaxBodySize].
	MaxBodySize int64

	// MaxRetries is how many times a request that failed in a way that
	// may pass is retried: network errors, 5xx answers and 429 for GET,
	// HEAD, PUT and DELETE. A POST is never sent twice, but when it was
	// refused with 429 or could not connect. Default [DefaultMaxRetries];
	// a negative value turns retries off.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the wait between retries,
	// which grows exponentially with jitter. Defaults 1 and 30 seconds.
	RetryWaitMin, RetryWaitMax time.Duration
	// MaxRateLimitWait is the longest wait for a renewed budget when the
	// server answers 429 Too Many Requests; a longer wait fails with a
	// [*RateLimitError]. Default [DefaultMaxRateLimitWait]; a negative
	// value never waits.
	MaxRateLimitWait time.Duration

	// Logger receives a debug record of every retry. Nil discards them.
	Logger *slog.Logger
}

// Client is a client of one PeerTube server's REST API (PeerTube 6.x).
// Its services group the API's methods by area.
//
// A Client is safe for concurrent use.
type Client struct {
	baseURL   *url.URL
	userAgent string
	client    *http.Client // retries, auth, base
	plain     *http.Client // base only: token exchanges
	noRetry   *http.Client // auth and base, no retries, no timeout: resumable uploads
	opts      Options
	log       *slog.Logger
	now       func() time.Time

	common service

	// OAuth logs in and out ([OAuthService]).
	OAuth *OAuthService
	// Config reads the server's configuration ([ConfigService]).
	Config *ConfigService
	// Videos lists, reads, changes and deletes videos ([VideosService]).
	Videos *VideosService
	// Captions lists, adds, replaces, deletes and generates the captions of videos ([CaptionsService]).
	Captions *CaptionsService
	// Chapters reads and replaces the chapters of videos ([ChaptersService]).
	Chapters *ChaptersService
	// Passwords manages the passwords of password-protected videos ([PasswordsService]).
	Passwords *PasswordsService
	// Studio sends editing tasks to the studio (cut, intro, outro, watermark) ([StudioService]).
	Studio *StudioService
	// Stats reads the statistics of videos: overall, time series, retention ([StatsService]).
	Stats *StatsService
	// Imports imports videos from a URL or a torrent ([ImportsService]).
	Imports *ImportsService
	// Live creates and manages live videos ([LiveService]).
	Live *LiveService
	// Channels manages video channels ([ChannelsService]).
	Channels *ChannelsService
	// Accounts reads accounts, their videos, channels and ratings ([AccountsService]).
	Accounts *AccountsService
	// Me reads and changes the token's user: quota, videos, subscriptions, notifications, history ([MeService]).
	Me *MeService
	// Playlists manages playlists and their elements ([PlaylistsService]).
	Playlists *PlaylistsService
	// Comments reads, posts, approves and deletes comments ([CommentsService]).
	Comments *CommentsService
	// Search searches videos, channels and playlists ([SearchService]).
	Search *SearchService
	// Server reads the server's follows (read only) ([ServerService]).
	Server *ServerService
}

// service is what every service holds: the client.
type service struct {
	client *Client
}

// NewClient returns a client of the PeerTube server at serverURL, such as
// "https://videos.example". A path in serverURL is kept, for servers
// behind a prefix.
func NewClient(serverURL string, opts *Options) (*Client, error) {
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("peertube: server URL %q is not an absolute http(s) URL", serverURL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("peertube: server URL %q must not have user information, a query or a fragment", u.Redacted())
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	c := &Client{baseURL: u, now: time.Now}
	if opts != nil {
		c.opts = *opts
	}
	o := &c.opts
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultMaxBodySize
	}
	if o.MaxRateLimitWait == 0 {
		o.MaxRateLimitWait = DefaultMaxRateLimitWait
	}
	c.log = o.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.userAgent = safehttp.DefaultUserAgent
	if o.UserAgent != "" {
		c.userAgent = o.UserAgent + " " + safehttp.DefaultUserAgent
	}

	ts := o.TokenSource
	if ts == nil && o.AccessToken != "" {
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: o.AccessToken, TokenType: "Bearer"})
	}
	if ts != nil {
		ts = oauth2.ReuseTokenSource(nil, ts)
	}
	st := apiclient.New(apiclient.Options{
		Name:          "peertube",
		TokenSource:   ts,
		HTTPClient:    o.HTTPClient,
		AllowLoopback: o.AllowLoopback, AllowPrivate: o.AllowPrivate, AllowHTTP: o.AllowHTTP,
		TLSClientConfig:  o.TLSClientConfig,
		UserAgent:        c.userAgent,
		Timeout:          o.Timeout,
		MaxRetries:       o.MaxRetries,
		RetryWaitMin:     o.RetryWaitMin,
		RetryWaitMax:     o.RetryWaitMax,
		RateLimitFail:    o.MaxRateLimitWait < 0,
		MaxRateLimitWait: max(o.MaxRateLimitWait, 0),
		Logger:           c.log,
		Now:              func() time.Time { return c.now() },
	})
	// The defaults filled in.
	o.Timeout, o.MaxRetries = st.Options.Timeout, st.Options.MaxRetries
	o.RetryWaitMin, o.RetryWaitMax = st.Options.RetryWaitMin, st.Options.RetryWaitMax
	c.client, c.plain, c.noRetry = st.API, st.Plain, st.NoRetry

	c.common.client = c
	c.OAuth = (*OAuthService)(&c.common)
	c.Config = (*ConfigService)(&c.common)
	c.Videos = (*VideosService)(&c.common)
	c.Captions = (*CaptionsService)(&c.common)
	c.Chapters = (*ChaptersService)(&c.common)
	c.Passwords = (*PasswordsService)(&c.common)
	c.Studio = (*StudioService)(&c.common)
	c.Stats = (*StatsService)(&c.common)
	c.Imports = (*ImportsService)(&c.common)
	c.Live = (*LiveService)(&c.common)
	c.Channels = (*ChannelsService)(&c.common)
	c.Accounts = (*AccountsService)(&c.common)
	c.Me = (*MeService)(&c.common)
	c.Playlists = (*PlaylistsService)(&c.common)
	c.Comments = (*CommentsService)(&c.common)
	c.Search = (*SearchService)(&c.common)
	c.Server = (*ServerService)(&c.common)
	return c, nil
}

// BaseURL returns the server's URL, ending in a slash.
func (c *Client) BaseURL() *url.URL {
	u := *c.baseURL
	return &u
}

// NewRequest builds a request of the API. path is relative to the
// server's URL, without a leading slash ("api/v1/videos"). body, when not
// nil, is sent as a form (url.Values), as it is (an io.Reader, with the
// Content-Type left to the caller) or as JSON (anything else).
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	return apiclient.NewRequest(ctx, "peertube", c.baseURL, c.userAgent, method, path, body)
}

// Rate is a rate-limit budget, as the X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset headers give it. PeerTube
// counts requests per address: by default 50 in 10 seconds for the whole
// API, and 15 logins in 5 minutes.
type Rate struct {
	// Limit is the number of requests allowed in the period.
	Limit int
	// Remaining is the number of requests left until Reset.
	Remaining int
	// Reset is when the budget is renewed.
	Reset time.Time
}

// IsZero reports whether the response carried no rate-limit headers.
func (r Rate) IsZero() bool { return r == Rate{} }

// Response is the answer of the API beside its body: the HTTP response
// (whose body has been read and closed), its rate-limit budget and, for
// a list, the total number of entries.
type Response struct {
	*http.Response

	// Rate is the rate-limit budget the answer announced.
	Rate Rate

	// Total is the number of entries of the whole list, for a list
	// method; 0 when the server left it out (skipCount).
	Total int

	// Attempts is how many times the request was sent.
	Attempts int

	// hasTotal says whether the list answer carried a total.
	hasTotal bool
}

// Do sends req (from [Client.NewRequest]) and decodes a successful
// answer's JSON body into v, unless v is nil; an io.Writer v gets the body
// as it is. An error answer is returned as an [*ErrorResponse] (or
// [*RateLimitError]) together with the Response.
func (c *Client) Do(req *http.Request, v any) (*Response, error) {
	return c.send(c.client, req, v)
}

// send sends req through hc and reads the answer into v, as Do does.
func (c *Client) send(hc *http.Client, req *http.Request, v any) (*Response, error) {
	ctx := req.Context()
	actx, at := apiclient.CountAttempts(ctx)
	hr, err := hc.Do(req.WithContext(actx))
	if err != nil {
		// The url.Error would print the URL, query included.
		return nil, fmt.Errorf("peertube: %s %s: %w", req.Method, req.URL.Path, apiclient.Cause(ctx, err))
	}
	defer hr.Body.Close()
	resp := &Response{Response: hr, Rate: Rate(apiclient.ParseRate(hr.Header)), Attempts: max(at.Count(), 1)}

	if hr.StatusCode >= 300 {
		e := newErrorResponse(hr, apiclient.ReadErrorBody(hr.Body))
		if hr.StatusCode == http.StatusTooManyRequests {
			return resp, &RateLimitError{Rate: resp.Rate, RetryAfter: apiclient.RetryAfter(hr.Header, c.now()), Err: e}
		}
		return resp, e
	}
	if err := apiclient.Decode(hr.Body, v, c.opts.MaxBodySize); err != nil {
		return resp, fmt.Errorf("peertube: %s %s: %w", req.Method, req.URL.Path, err)
	}
	return resp, nil
}

// Ptr returns a pointer to v: for the optional fields of [VideoUpdate]
// and of the list options.
func Ptr[T any](v T) *T { return &v }
