package mastodon

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/internal/apiclient"
	"github.com/fedikit/fedikit/internal/linkheader"
	"github.com/fedikit/fedikit/internal/safehttp"
)

// Defaults of [Options].
const (
	// DefaultMaxRetries (4) is how many times a failed request is
	// retried.
	DefaultMaxRetries = apiclient.DefaultMaxRetries
	// DefaultTimeout (60 seconds) limits one attempt of a request.
	DefaultTimeout = apiclient.DefaultTimeout
	// DefaultMaxRateLimitWait is the longest [RateLimitWait] waits for a
	// renewed budget: Mastodon's general budget renews every 5 minutes.
	DefaultMaxRateLimitWait = 5*time.Minute + 10*time.Second
	// DefaultMaxBodySize caps the body of a successful response.
	DefaultMaxBodySize = 16 << 20
	// maxErrorBody caps the body of an error response.
	maxErrorBody = apiclient.MaxErrorBody
)

// Options configures a [Client]. A nil *Options, and the zero value of
// each field, mean the defaults.
type Options struct {
	// TokenSource gives the OAuth access token of every request; it is
	// wrapped in [oauth2.ReuseTokenSource]. See [Client.OAuthConfig] for
	// getting one.
	TokenSource oauth2.TokenSource
	// AccessToken is a token to use as it is, when TokenSource is nil:
	// the one shown in Mastodon's Development settings, say. With
	// neither, requests are anonymous.
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
	// User-Agent, such as "eu-announcer/1.2 fedikit/0.1.0 (…)".
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
	// HEAD, PUT and DELETE, and for a POST only when it carries an
	// Idempotency-Key the server honours. Default [DefaultMaxRetries]; a
	// negative value turns retries off.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the wait between retries,
	// which grows exponentially with jitter. Defaults 1 and 30 seconds.
	RetryWaitMin, RetryWaitMax time.Duration

	// RateLimit says what to do about rate limits. Default
	// [RateLimitWait].
	RateLimit RateLimitMode
	// MaxRateLimitWait is the longest wait for a renewed rate-limit
	// budget under RateLimitWait and RateLimitPace. Default
	// [DefaultMaxRateLimitWait].
	MaxRateLimitWait time.Duration

	// Logger receives a debug record of every retry. Nil discards them.
	Logger *slog.Logger
}

// Client is a client of one server's Mastodon API. Its services group the
// API's methods by area, in the order of the Mastodon documentation.
//
// A Client is safe for concurrent use.
type Client struct {
	baseURL   *url.URL
	userAgent string
	client    *http.Client // retries, auth, base
	plain     *http.Client // base only, for token exchanges
	streaming *http.Client // streaming.go: auth and base, no retries, no timeout
	opts      Options
	log       *slog.Logger
	rates     rateState
	now       func() time.Time

	serverMu sync.Mutex
	server   *ServerInfo

	common service

	// Apps registers applications ([AppsService]).
	Apps *AppsService
	// OAuth gets and revokes tokens ([OAuthService]).
	OAuth *OAuthService
	// Accounts reads and acts on accounts ([AccountsService]).
	Accounts *AccountsService
	// Statuses publishes and reads statuses ([StatusesService]).
	Statuses *StatusesService
	// Media uploads and describes attachments ([MediaService]).
	Media *MediaService
	// Polls reads and votes in polls ([PollsService]).
	Polls *PollsService
	// ScheduledStatuses manages scheduled statuses
	// ([ScheduledStatusesService]).
	ScheduledStatuses *ScheduledStatusesService
	// Timelines reads timelines ([TimelinesService]).
	Timelines *TimelinesService
	// Notifications reads notifications ([NotificationsService]).
	Notifications *NotificationsService
	// Search searches accounts, statuses and hashtags ([SearchService]).
	Search *SearchService
	// Instance reads the server's description ([InstanceService]).
	Instance *InstanceService
	// CustomEmojis lists the server's custom emoji
	// ([CustomEmojisService]).
	CustomEmojis *CustomEmojisService
	// Lists manages the user's lists of accounts and their members ([ListsService]).
	Lists *ListsService
	// Filters manages the user's filters (v2, with keywords and statuses; v1 where a server lacks v2) ([FiltersService]).
	Filters *FiltersService
	// Conversations reads and manages direct conversations ([ConversationsService]).
	Conversations *ConversationsService
	// Markers saves and reads the user's reading positions in timelines ([MarkersService]).
	Markers *MarkersService
	// Bookmarks lists the user's bookmarked statuses ([BookmarksService]).
	Bookmarks *BookmarksService
	// Favourites lists the user's favourited statuses ([FavouritesService]).
	Favourites *FavouritesService
	// Blocks lists the accounts the user blocks ([BlocksService]).
	Blocks *BlocksService
	// Mutes lists the accounts the user mutes ([MutesService]).
	Mutes *MutesService
	// DomainBlocks manages the domains the user blocks ([DomainBlocksService]).
	DomainBlocks *DomainBlocksService
	// FollowRequests lists, accepts and rejects follow requests ([FollowRequestsService]).
	FollowRequests *FollowRequestsService
	// Endorsements lists the accounts the user features on their profile ([EndorsementsService]).
	Endorsements *EndorsementsService
	// FeaturedTags manages the hashtags the user features on their profile ([FeaturedTagsService]).
	FeaturedTags *FeaturedTagsService
	// FollowedTags lists the hashtags the user follows ([FollowedTagsService]).
	FollowedTags *FollowedTagsService
	// Tags reads, follows and features hashtags ([TagsService]).
	Tags *TagsService
	// Suggestions reads and removes follow suggestions ([SuggestionsService]).
	Suggestions *SuggestionsService
	// Directory lists the accounts of the profile directory ([DirectoryService]).
	Directory *DirectoryService
	// Trends reads trending hashtags, statuses and links ([TrendsService]).
	Trends *TrendsService
	// Announcements reads the server's announcements and reacts to them ([AnnouncementsService]).
	Announcements *AnnouncementsService
	// Preferences reads the user's preferences ([PreferencesService]).
	Preferences *PreferencesService
	// Reports files reports to the moderators ([ReportsService]).
	Reports *ReportsService
	// Push manages the Web Push subscription of the token ([PushService]).
	Push *PushService
	// Emails resends the confirmation e-mail of a new account ([EmailsService]).
	Emails *EmailsService
	// OEmbed gets the oEmbed description of a status ([OEmbedService]).
	OEmbed *OEmbedService
	// AnnualReports reads the user's annual reports (Wrapstodon) ([AnnualReportsService]).
	AnnualReports *AnnualReportsService
	// AsyncRefreshes follows the background refreshes the server reports ([AsyncRefreshesService]).
	AsyncRefreshes *AsyncRefreshesService
	// Collections manages collections of accounts (Mastodon 4.6) ([CollectionsService]).
	Collections *CollectionsService
	// Profile reads and changes the user's profile (Mastodon 4.6)
	// ([ProfileService]).
	Profile *ProfileService
	// Admin is the moderation and administration API ([AdminService]).
	Admin *AdminService
}

// service is what every service holds: the client.
type service struct {
	client *Client
}

// NewClient returns a client of the server at serverURL, such as
// "https://social.example". A path in serverURL is kept, for servers
// behind a prefix.
func NewClient(serverURL string, opts *Options) (*Client, error) {
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("mastodon: server URL %q is not an absolute http(s) URL", serverURL)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("mastodon: server URL %q must not have user information, a query or a fragment", u.Redacted())
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
	if o.MaxRateLimitWait <= 0 {
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
		Name:          "mastodon",
		TokenSource:   ts,
		HTTPClient:    o.HTTPClient,
		AllowLoopback: o.AllowLoopback, AllowPrivate: o.AllowPrivate, AllowHTTP: o.AllowHTTP,
		TLSClientConfig: o.TLSClientConfig,
		UserAgent:       c.userAgent,
		Timeout:         o.Timeout,
		MaxRetries:      o.MaxRetries,
		RetryWaitMin:    o.RetryWaitMin, RetryWaitMax: o.RetryWaitMax,
		RateLimitFail:    o.RateLimit == RateLimitFail,
		MaxRateLimitWait: o.MaxRateLimitWait,
		Logger:           c.log,
		Now:              func() time.Time { return c.now() },
	})
	// The defaults filled in.
	o.Timeout, o.MaxRetries = st.Options.Timeout, st.Options.MaxRetries
	o.RetryWaitMin, o.RetryWaitMax = st.Options.RetryWaitMin, st.Options.RetryWaitMax
	c.client, c.plain = st.API, st.Plain
	c.streaming = st.NoRetry // streaming.go: long-lived, so no Timeout

	c.common.client = c
	c.Apps = (*AppsService)(&c.common)
	c.OAuth = (*OAuthService)(&c.common)
	c.Accounts = (*AccountsService)(&c.common)
	c.Statuses = (*StatusesService)(&c.common)
	c.Media = (*MediaService)(&c.common)
	c.Polls = (*PollsService)(&c.common)
	c.ScheduledStatuses = (*ScheduledStatusesService)(&c.common)
	c.Timelines = (*TimelinesService)(&c.common)
	c.Notifications = (*NotificationsService)(&c.common)
	c.Search = (*SearchService)(&c.common)
	c.Instance = (*InstanceService)(&c.common)
	c.CustomEmojis = (*CustomEmojisService)(&c.common)
	c.Lists = (*ListsService)(&c.common)
	c.Filters = (*FiltersService)(&c.common)
	c.Conversations = (*ConversationsService)(&c.common)
	c.Markers = (*MarkersService)(&c.common)
	c.Bookmarks = (*BookmarksService)(&c.common)
	c.Favourites = (*FavouritesService)(&c.common)
	c.Blocks = (*BlocksService)(&c.common)
	c.Mutes = (*MutesService)(&c.common)
	c.DomainBlocks = (*DomainBlocksService)(&c.common)
	c.FollowRequests = (*FollowRequestsService)(&c.common)
	c.Endorsements = (*EndorsementsService)(&c.common)
	c.FeaturedTags = (*FeaturedTagsService)(&c.common)
	c.FollowedTags = (*FollowedTagsService)(&c.common)
	c.Tags = (*TagsService)(&c.common)
	c.Suggestions = (*SuggestionsService)(&c.common)
	c.Directory = (*DirectoryService)(&c.common)
	c.Trends = (*TrendsService)(&c.common)
	c.Announcements = (*AnnouncementsService)(&c.common)
	c.Preferences = (*PreferencesService)(&c.common)
	c.Reports = (*ReportsService)(&c.common)
	c.Push = (*PushService)(&c.common)
	c.Emails = (*EmailsService)(&c.common)
	c.OEmbed = (*OEmbedService)(&c.common)
	c.AnnualReports = (*AnnualReportsService)(&c.common)
	c.AsyncRefreshes = (*AsyncRefreshesService)(&c.common)
	c.Collections = (*CollectionsService)(&c.common)
	c.Profile = (*ProfileService)(&c.common)
	c.Admin = &AdminService{
		Accounts:             (*AdminAccountsService)(&c.common),
		Reports:              (*AdminReportsService)(&c.common),
		DomainBlocks:         (*AdminDomainBlocksService)(&c.common),
		DomainAllows:         (*AdminDomainAllowsService)(&c.common),
		EmailDomainBlocks:    (*AdminEmailDomainBlocksService)(&c.common),
		CanonicalEmailBlocks: (*AdminCanonicalEmailBlocksService)(&c.common),
		IPBlocks:             (*AdminIPBlocksService)(&c.common),
		Dimensions:           (*AdminDimensionsService)(&c.common),
		Measures:             (*AdminMeasuresService)(&c.common),
		Retention:            (*AdminRetentionService)(&c.common),
		Trends:               (*AdminTrendsService)(&c.common),
	}
	return c, nil
}

// BaseURL returns the server's URL, ending in a slash.
func (c *Client) BaseURL() *url.URL {
	u := *c.baseURL
	return &u
}

// NewRequest builds a request of the API. path is relative to the
// server's URL, without a leading slash ("api/v1/statuses"). body, when
// not nil, is sent as a form (url.Values), as it is (an io.Reader, with
// the Content-Type left to the caller) or as JSON (anything else).
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	return apiclient.NewRequest(ctx, "mastodon", c.baseURL, c.userAgent, method, path, body)
}

// Response is the answer of the API beside its body: the HTTP response
// (whose body has been read and closed), its rate-limit budget and its
// pagination cursors.
type Response struct {
	*http.Response

	// Rate is the rate-limit budget the answer announced.
	Rate Rate

	// NextURL and PrevURL are the Link header's next and prev links:
	// older and newer pages of a list.
	NextURL, PrevURL string
	// NextMaxID is the max_id of the next (older) page, PrevMinID the
	// min_id of the previous (newer) one, and PrevSinceID its since_id.
	// They are the values to pass back in the list options; they are not
	// always ids of the listed entities (favourites and bookmarks, for
	// instance, page by ids of their own).
	NextMaxID, PrevMinID, PrevSinceID string

	// Attempts is how many times the request was sent.
	Attempts int
}

// newResponse reads what the headers say.
func newResponse(r *http.Response) *Response {
	resp := &Response{Response: r, Rate: parseRate(r.Header)}
	if links, _ := linkheader.Parse(r.Header.Values("Link")); len(links) > 0 {
		resp.NextURL = linkheader.Find(links, "next")
		resp.PrevURL = linkheader.Find(links, "prev")
		resp.NextMaxID = linkheader.Cursor(resp.NextURL, "max_id")
		resp.PrevMinID = linkheader.Cursor(resp.PrevURL, "min_id")
		resp.PrevSinceID = linkheader.Cursor(resp.PrevURL, "since_id")
	}
	return resp
}

// Do sends req (from [Client.NewRequest]) and decodes a successful
// answer's JSON body into v, unless v is nil; an io.Writer v gets the
// body as it is. An error answer is returned as an [*ErrorResponse] (or
// [*RateLimitError]) together with the Response.
func (c *Client) Do(req *http.Request, v any) (*Response, error) {
	return c.do(req, v, false)
}

// do is Do; retrySafe says that the request, a POST, may be retried.
func (c *Client) do(req *http.Request, v any, retrySafe bool) (*Response, error) {
	ctx := req.Context()
	actx := ctx
	if retrySafe {
		actx = apiclient.WithRetrySafe(actx)
	}
	actx, at := apiclient.CountAttempts(actx)
	req = req.WithContext(actx)
	b := bucket(req.Method, req.URL.Path)
	if err := c.rates.beforeSend(ctx, c.opts.RateLimit, b, c.now()); err != nil {
		return nil, err
	}

	hr, err := c.client.Do(req)
	if err != nil {
		// The url.Error would print the URL, query included.
		return nil, fmt.Errorf("mastodon: %s %s: %w", req.Method, req.URL.Path, apiclient.Cause(ctx, err))
	}
	defer hr.Body.Close()
	resp := newResponse(hr)
	resp.Attempts = at.Count()
	c.rates.update(b, resp.Rate)

	if hr.StatusCode >= 300 {
		body := apiclient.ReadErrorBody(hr.Body)
		e := newErrorResponse(hr, body)
		if hr.StatusCode == http.StatusTooManyRequests {
			return resp, &RateLimitError{Rate: resp.Rate, RetryAfter: retryAfter(hr.Header, c.now()), Err: e}
		}
		return resp, e
	}
	if err := apiclient.Decode(hr.Body, v, c.opts.MaxBodySize); err != nil {
		return resp, fmt.Errorf("mastodon: %s %s: %w", req.Method, req.URL.Path, err)
	}
	return resp, nil
}

// retryableError reports whether a network error may pass: not a refused
// address, scheme or certificate.
func retryableError(err error) bool { return apiclient.Retryable(err) }

// dialFailed reports whether a transport error happened before a
// connection was made, so that the request was not sent.
func dialFailed(err error) bool { return apiclient.IsDialError(err) }
