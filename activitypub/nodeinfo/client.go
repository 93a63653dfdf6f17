package nodeinfo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// DefaultMaxBodySize is the largest response body a [Client] reads unless
// [ClientOptions].MaxBodySize says otherwise: 1 MiB.
const DefaultMaxBodySize = 1 << 20

// ClientOptions configures a [Client]. The zero value, like a nil
// *ClientOptions, gives the defaults documented on each field.
type ClientOptions struct {
	// AllowLoopback lets the client connect to loopback addresses
	// (127.0.0.0/8, ::1). By default they are refused with
	// [ErrForbiddenAddress]. Tests against [net/http/httptest] servers
	// need it, with AllowHTTP.
	AllowLoopback bool

	// AllowPrivate lets the client connect to private addresses (RFC
	// 1918, CGNAT, IPv6 unique local addresses), for private deployments.
	// By default they are refused with [ErrForbiddenAddress]. Link-local
	// addresses, a cloud's metadata service among them, stay refused.
	AllowPrivate bool

	// AllowHTTP lets the client use plain http, for hosts given as an
	// "http://" base URL and for links and redirects to http URLs. By
	// default only https is used, and http fails with [ErrInsecureScheme].
	AllowHTTP bool

	// AllowCrossHost lets [Client.Get] follow a discovery link to another
	// host. By default the linked document must be on the host asked for
	// or the host that served the discovery document after redirects
	// (same name and port), so that a discovery document cannot steer the
	// client to an arbitrary site; other links fail with [ErrCrossHost].
	AllowCrossHost bool

	// Resolver resolves host names to addresses before the address check.
	// A *net.Resolver fits; tests can map names to fixed addresses. Nil
	// means the system resolver.
	Resolver interface {
		LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	}

	// Timeout bounds each request, from dialing to the end of the body,
	// redirects included. Zero means 30 seconds.
	Timeout time.Duration

	// MaxBodySize is the largest response body the client reads, in
	// bytes; a larger one fails with [ErrBodyTooLarge]. Zero or less means
	// [DefaultMaxBodySize].
	MaxBodySize int64

	// UserAgent is sent in the User-Agent header. Empty means fedikit's
	// default, which names the module and its version and nothing else.
	UserAgent string

	// Logger receives a debug record for each request. Nil discards them.
	Logger *slog.Logger
}

// Client discovers and fetches NodeInfo documents. Its zero value is not
// usable; create one with [NewClient]. A Client is safe for concurrent use.
type Client struct {
	http           *http.Client
	maxBody        int64
	userAgent      string
	allowHTTP      bool
	allowCrossHost bool
	logger         *slog.Logger
}

// Link is a link of a discovery document.
type Link struct {
	// Rel is the link relation, for NodeInfo a schema URL such as
	// [Schema21].
	Rel string

	// Href is the URL of the linked document, resolved against the URL of
	// the discovery document.
	Href string
}

const (
	defaultTimeout = 30 * time.Second
	acceptJSON     = "application/json"
)

// NewClient returns a Client configured by opts, which may be nil.
//
// The client connects only to public addresses, checked when dialing on
// every request and redirect, and only over https, unless opts allows
// more.
func NewClient(opts *ClientOptions) *Client {
	var o ClientOptions
	if opts != nil {
		o = *opts
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultMaxBodySize
	}
	if o.UserAgent == "" {
		o.UserAgent = safehttp.DefaultUserAgent
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	so := safehttp.Options{
		AllowLoopback: o.AllowLoopback,
		AllowPrivate:  o.AllowPrivate,
		AllowHTTP:     o.AllowHTTP,
		Timeout:       o.Timeout,
		UserAgent:     o.UserAgent,
	}
	if o.Resolver != nil {
		so.Resolver = o.Resolver
	}
	return &Client{
		http:           safehttp.NewClient(so),
		maxBody:        o.MaxBodySize,
		userAgent:      o.UserAgent,
		allowHTTP:      o.AllowHTTP,
		allowCrossHost: o.AllowCrossHost,
		logger:         o.Logger,
	}
}

// Discover fetches the discovery document of host and returns its links,
// all of them, in document order; links without a rel or with an href that
// is not a URL are skipped. An empty list is not an error.
//
// host is a host name with an optional port ("social.example",
// "social.example:8443"), fetched over https, or a base URL with no path
// ("https://social.example", "http://127.0.0.1:8080"), fetched with its
// scheme. The request is GET host/.well-known/nodeinfo with
// Accept: application/json.
//
// A 404 or 410 answer is a [*ResponseError] that matches [ErrNotFound].
func (c *Client) Discover(ctx context.Context, host string) ([]Link, error) {
	links, _, err := c.discover(ctx, host)
	return links, err
}

// Fetch fetches and decodes the NodeInfo document at rawURL, which must be
// an absolute http or https URL. It asks for NodeInfo 2.1
// (Accept: application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#")
// but reads any 1.x or 2.x document; see [NodeInfo.UnmarshalJSON] for what
// it accepts. A document of another version fails with
// [ErrUnsupportedVersion].
//
// Fetch goes where it is told: it does not apply the same-host rule of
// [Client.Get].
func (c *Client) Fetch(ctx context.Context, rawURL string) (*NodeInfo, error) {
	u, err := c.checkURL(rawURL)
	if err != nil {
		return nil, err
	}
	return c.fetch(ctx, u, Schema21)
}

// Get discovers the NodeInfo documents of host (given as for
// [Client.Discover]) and fetches the best one: 2.1, else 2.0, else a newer
// 2.x (the lowest), else the highest 1.x. Rels are matched with either
// http or https and with or without a trailing "#" or "/"; links that are
// not NodeInfo schema links are ignored.
//
// Only links to the host asked for, or to the host that answered after
// redirects, are used unless [ClientOptions].AllowCrossHost is set. When
// no link is left, Get fails with [ErrCrossHost] if links were dropped for
// their host, [ErrInsecureScheme] if they were plain http links without
// [ClientOptions].AllowHTTP, [ErrUnsupportedVersion] if the document only
// has links of versions this package cannot read, and [ErrNotFound]
// otherwise.
func (c *Client) Get(ctx context.Context, host string) (*NodeInfo, error) {
	links, bases, err := c.discover(ctx, host)
	if err != nil {
		return nil, err
	}
	var (
		best       *url.URL
		bestSchema string
		bestRank   int
		crossHost  string // the host of the first link dropped for it
		insecure   bool
		tooNew     bool
	)
	for _, l := range links {
		major, minor, ok := parseRel(l.Rel)
		if !ok {
			continue
		}
		r := rank(major, minor)
		if r == 0 {
			tooNew = true
			continue
		}
		u, err := url.Parse(l.Href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		if u.Scheme == "http" && !c.allowHTTP {
			insecure = true
			continue
		}
		if !c.allowCrossHost && !sameHost(u, bases...) {
			if crossHost == "" {
				crossHost = u.Host
			}
			c.logger.DebugContext(ctx, "nodeinfo: link to another host skipped",
				slog.String("rel", l.Rel), slog.String("href", scrub(u)))
			continue
		}
		if r > bestRank {
			best, bestRank = u, r
			bestSchema = fmt.Sprintf("http://nodeinfo.diaspora.software/ns/schema/%d.%d", major, minor)
		}
	}
	switch {
	case best != nil:
	case crossHost != "":
		return nil, fmt.Errorf("%w: %s links to %s", ErrCrossHost, scrub(bases[0]), crossHost)
	case insecure:
		return nil, fmt.Errorf("nodeinfo: %s links only to plain http: %w", scrub(bases[0]), ErrInsecureScheme)
	case tooNew:
		return nil, fmt.Errorf("%w: %s links only to schema versions this package cannot read", ErrUnsupportedVersion, scrub(bases[0]))
	default:
		return nil, fmt.Errorf("%w: no NodeInfo link at %s", ErrNotFound, scrub(bases[0]))
	}
	return c.fetch(ctx, best, bestSchema)
}

// parseRel reads a NodeInfo schema rel such as
// "http://nodeinfo.diaspora.software/ns/schema/2.1".
func parseRel(rel string) (major, minor int, ok bool) {
	s := strings.ToLower(strings.TrimSpace(rel))
	s, ok = strings.CutPrefix(s, "http://")
	if !ok {
		s, ok = strings.CutPrefix(s, "https://")
	}
	if !ok {
		return 0, 0, false
	}
	s, ok = strings.CutPrefix(s, "nodeinfo.diaspora.software/ns/schema/")
	if !ok {
		return 0, 0, false
	}
	s = strings.TrimRight(s, "#/")
	ma, mi, ok := strings.Cut(s, ".")
	if !ok {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(ma)
	minor, err2 := strconv.Atoi(mi)
	if err1 != nil || err2 != nil || major < 0 || minor < 0 || minor > 999 {
		return 0, 0, false
	}
	return major, minor, true
}

// rank orders schema versions by preference; 0 means unreadable.
func rank(major, minor int) int {
	switch {
	case major == 2 && minor == 1:
		return 3000
	case major == 2 && minor == 0:
		return 2999
	case major == 2:
		return 2000 - minor // newer than 2.1: the closest first
	case major == 1:
		return 1000 + minor
	default:
		return 0
	}
}

// supportedVersion reports whether a document's version is one this
// package reads: "1." or "2." and a digit, then anything ("2.1", "2.10",
// even "2.1.0").
func supportedVersion(v string) bool {
	return len(v) >= 3 && (v[0] == '1' || v[0] == '2') && v[1] == '.' && v[2] >= '0' && v[2] <= '9'
}

// sameHost reports whether u has the host name and port of one of bases,
// with a missing port taken as its scheme's default.
func sameHost(u *url.URL, bases ...*url.URL) bool {
	h, p := hostPort(u)
	for _, b := range bases {
		bh, bp := hostPort(b)
		if h == bh && p == bp {
			return true
		}
	}
	return false
}

func hostPort(u *url.URL) (host, port string) {
	host = strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	port = u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	return host, port
}

// baseURL turns the host argument of Discover and Get into the URL of the
// discovery document.
func (c *Client) baseURL(host string) (*url.URL, error) {
	shown := host // never with a password in it
	if i := strings.LastIndex(host, "@"); i >= 0 {
		shown = host[i+1:]
	}
	invalid := func(why string) error {
		return fmt.Errorf("nodeinfo: invalid host %q: %s", shown, why)
	}
	raw := host
	if !strings.Contains(host, "://") {
		if host == "" || strings.ContainsAny(host, "/?#@ \t\r\n\\") {
			return nil, invalid("want a host name with an optional port, or a base URL")
		}
		raw = "https://" + host
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, invalid(parseReason(err))
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, invalid("the scheme must be https or http")
	case u.Host == "" || u.Hostname() == "":
		return nil, invalid("no host")
	case u.User != nil:
		return nil, invalid("user information is not allowed")
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, invalid("a base URL must not have a path, query or fragment")
	case u.Scheme == "http" && !c.allowHTTP:
		return nil, fmt.Errorf("nodeinfo: %s: %w", scrub(u), ErrInsecureScheme)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, invalid("bad port")
		}
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: WellKnownPath}, nil
}

// checkURL parses a document URL given to Fetch.
func (c *Client) checkURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("nodeinfo: invalid URL: %s", parseReason(err))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("nodeinfo: invalid URL %q: want an absolute http or https URL", scrub(u))
	}
	if u.Scheme == "http" && !c.allowHTTP {
		return nil, fmt.Errorf("nodeinfo: %s: %w", scrub(u), ErrInsecureScheme)
	}
	return u, nil
}

// discover fetches and decodes the discovery document. It also returns
// the URL asked for and, when different, the URL that answered.
func (c *Client) discover(ctx context.Context, host string) ([]Link, []*url.URL, error) {
	u, err := c.baseURL(host)
	if err != nil {
		return nil, nil, err
	}
	body, final, err := c.get(ctx, u, acceptJSON)
	if err != nil {
		return nil, nil, err
	}
	bases := []*url.URL{u}
	if !sameHost(final, u) {
		bases = append(bases, final)
	}
	links, err := decodeLinks(body, final)
	if err != nil {
		return nil, nil, err
	}
	return links, bases, nil
}

// decodeLinks reads the links of a discovery document, skipping entries
// that are not usable links, and resolves their hrefs against base.
func decodeLinks(body []byte, base *url.URL) ([]Link, error) {
	body = bytes.TrimSpace(body)
	var doc struct {
		Links json.RawMessage `json:"links"`
	}
	if err := decodeObject(body, "", &doc); err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if !isEmpty(doc.Links) {
		if kind(bytes.TrimSpace(doc.Links)) != "an array" {
			return nil, &DecodeError{Field: "links", Err: fmt.Errorf("want an array, got %s", kind(bytes.TrimSpace(doc.Links)))}
		}
		if err := json.Unmarshal(doc.Links, &items); err != nil {
			return nil, &DecodeError{Field: "links", Err: err}
		}
	}
	var links []Link
	for _, item := range items {
		var l struct {
			Rel  any `json:"rel"`
			Href any `json:"href"`
		}
		if json.Unmarshal(item, &l) != nil {
			continue
		}
		rel, ok1 := l.Rel.(string)
		href, ok2 := l.Href.(string)
		if !ok1 || !ok2 || strings.TrimSpace(rel) == "" || strings.TrimSpace(href) == "" {
			continue
		}
		ref, err := url.Parse(strings.TrimSpace(href))
		if err != nil {
			continue
		}
		links = append(links, Link{Rel: strings.TrimSpace(rel), Href: base.ResolveReference(ref).String()})
	}
	return links, nil
}

// fetch fetches and decodes the document at u, asking for the schema.
func (c *Client) fetch(ctx context.Context, u *url.URL, schema string) (*NodeInfo, error) {
	body, final, err := c.get(ctx, u, acceptJSON+`; profile="`+schema+`#"`)
	if err != nil {
		return nil, err
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil, &DecodeError{Err: fmt.Errorf("%s: want a JSON object, got %s", scrub(final), kind(body))}
	}
	var n NodeInfo
	if err := json.Unmarshal(body, &n); err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, &DecodeError{Err: fmt.Errorf("%s: %w", scrub(final), err)}
	}
	if !supportedVersion(n.Version) {
		return nil, fmt.Errorf("%w: %q at %s", ErrUnsupportedVersion, n.Version, scrub(final))
	}
	return &n, nil
}

// get sends a GET and returns the body of a 2xx answer and the URL that
// gave it.
func (c *Client) get(ctx context.Context, u *url.URL, accept string) ([]byte, *url.URL, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("nodeinfo: %w", err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", c.userAgent)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.logger.DebugContext(ctx, "nodeinfo: request failed", slog.String("url", scrub(u)), slog.Any("error", err))
		return nil, nil, fmt.Errorf("nodeinfo: GET %s: %w", scrub(u), err)
	}
	defer resp.Body.Close()
	final := u
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL
	}
	c.logger.DebugContext(ctx, "nodeinfo: response",
		slog.String("url", scrub(final)),
		slog.Int("status", resp.StatusCode),
		slog.Duration("elapsed", time.Since(start)))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, &ResponseError{StatusCode: resp.StatusCode, URL: scrub(final)}
	}
	body, err := safehttp.ReadBody(resp.Body, c.maxBody)
	if err != nil {
		return nil, nil, fmt.Errorf("nodeinfo: read %s: %w", scrub(final), err)
	}
	return body, final, nil
}

// scrub returns u as a string without user information, for errors and
// logs.
func scrub(u *url.URL) string {
	if u.User == nil {
		return u.String()
	}
	c := *u
	c.User = nil
	return c.String()
}

// parseReason returns the reason of a url.Parse error without the URL,
// which could hold a password.
func parseReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
