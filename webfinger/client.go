package webfinger

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// DefaultMaxBodySize is the largest response body a [Client] reads unless
// told otherwise.
const DefaultMaxBodySize = 1 << 20

// ClientOptions configures a [Client]. The zero value of every field means
// its default, which is safe for looking up strangers' accounts.
type ClientOptions struct {
	// AllowLoopback lets lookups reach loopback addresses (127.0.0.0/8,
	// ::1). For tests and local development only.
	AllowLoopback bool
	// AllowPrivate lets lookups reach private networks (RFC 1918, CGNAT,
	// IPv6 unique local addresses), for private deployments.
	AllowPrivate bool
	// AllowedNetworks lets lookups reach further ranges that are refused
	// by default.
	AllowedNetworks []netip.Prefix
	// AllowHTTP lets a lookup follow plain-http URLs (a host-meta
	// template, a redirect). Lookups always start over https.
	AllowHTTP bool

	// Timeout bounds each request, body included. Default 30s.
	Timeout time.Duration
	// MaxBodySize caps each response body. Default [DefaultMaxBodySize].
	MaxBodySize int64
	// UserAgent replaces the default User-Agent, which names fedikit and
	// its version.
	UserAgent string

	// Resolver resolves host names; default the system's. Tests inject
	// one that maps names to loopback addresses.
	Resolver interface {
		LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	}
	// TLSClientConfig, when set, is the TLS configuration of connections:
	// for tests and private certificate authorities.
	TLSClientConfig *tls.Config
	// WrapTransport, when set, adds a layer above the guarded transport,
	// such as an httpsig.Transport that signs the actor fetch of
	// [Client.ResolveActor] for servers that require signed requests.
	WrapTransport func(http.RoundTripper) http.RoundTripper

	// SkipActorCheck makes [Client.ResolveActor] trust the self link
	// without fetching the actor document to check its id.
	SkipActorCheck bool

	// Logger receives debug records of lookups. Default: none.
	Logger *slog.Logger
}

// Client looks up WebFinger resources (RFC 7033) and resolves handles to
// ActivityPub actors. Every request goes through a guarded transport that
// refuses non-public addresses at dial time, on every redirect hop. It is
// safe for concurrent use.
type Client struct {
	http    *http.Client
	maxBody int64
	opts    ClientOptions
	logger  *slog.Logger
}

// NewClient returns a Client. opts may be nil.
func NewClient(opts *ClientOptions) *Client {
	var o ClientOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultMaxBodySize
	}
	so := safehttp.Options{
		AllowLoopback:   o.AllowLoopback,
		AllowPrivate:    o.AllowPrivate,
		AllowedNetworks: o.AllowedNetworks,
		AllowHTTP:       o.AllowHTTP,
		Timeout:         o.Timeout,
		UserAgent:       o.UserAgent,
		TLSClientConfig: o.TLSClientConfig,
		Wrap:            o.WrapTransport,
	}
	if o.Resolver != nil {
		so.Resolver = o.Resolver
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Client{http: safehttp.NewClient(so), maxBody: o.MaxBodySize, opts: o, logger: logger}
}

// Lookup asks the resource's host about it and returns the JRD. resource
// is an account ("acct:alice@social.example", "alice@social.example",
// "@alice@social.example") or an http(s) URL. rels, if any, ask the server
// for those link relations only (servers may send more).
//
// When the server has no WebFinger endpoint (404 or 410), Lookup tries
// once through host-meta (RFC 6415): it reads the lrdd template from
// /.well-known/host-meta and asks where it points, as Mastodon servers
// whose web domain differs from their account domain require.
func (c *Client) Lookup(ctx context.Context, resource string, rels ...string) (*JRD, error) {
	res, host, _, err := parseResource(resource)
	if err != nil {
		return nil, err
	}
	// resource first, as servers print it; then the rel filters.
	endpoint := "https://" + host + "/.well-known/webfinger?resource=" + url.QueryEscape(res)
	if len(rels) > 0 {
		endpoint += "&" + url.Values{"rel": rels}.Encode()
	}
	jrd, err := c.getJRD(ctx, endpoint)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return jrd, err
	}
	c.logger.DebugContext(ctx, "webfinger: no endpoint, trying host-meta", slog.String("host", host))
	template, hmErr := c.lrddTemplate(ctx, host)
	if hmErr != nil {
		// A host-meta that is missing, refused or unusable leaves the
		// answer at "not found"; a transport failure is reported.
		var re *ResponseError
		var me *MalformedError
		if errors.Is(hmErr, ErrNotFound) || errors.As(hmErr, &re) || errors.As(hmErr, &me) {
			return nil, err
		}
		return nil, hmErr
	}
	target := strings.ReplaceAll(template, "{uri}", url.QueryEscape(res))
	if len(rels) > 0 {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + url.Values{"rel": rels}.Encode()
	}
	return c.getJRD(ctx, target)
}

// get fetches u with the given Accept header and returns the body of a
// 2xx response.
func (c *Client) get(ctx context.Context, u, accept string) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, &MalformedError{What: "resource", Reason: "cannot build a request URL"}
	}
	req.Header.Set("Accept", accept)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("webfinger: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, resp, &ResponseError{StatusCode: resp.StatusCode, URL: withoutQuery(req.URL)}
	}
	body, err := safehttp.ReadBody(resp.Body, c.maxBody)
	if err != nil {
		return nil, resp, fmt.Errorf("webfinger: %s: %w", withoutQuery(req.URL), err)
	}
	return body, resp, nil
}

func withoutQuery(u *url.URL) string {
	v := *u
	v.RawQuery, v.Fragment = "", ""
	return v.String()
}

func (c *Client) getJRD(ctx context.Context, u string) (*JRD, error) {
	body, _, err := c.get(ctx, u, MediaTypeJRD+", application/json;q=0.9")
	if err != nil {
		return nil, err
	}
	return ParseJRD(body)
}

// lrddTemplate reads the WebFinger template from host's host-meta, in its
// XRD or JSON form.
func (c *Client) lrddTemplate(ctx context.Context, host string) (string, error) {
	body, resp, err := c.get(ctx, "https://"+host+"/.well-known/host-meta", MediaTypeXRD+", "+MediaTypeJRD+";q=0.9, application/json;q=0.8")
	if err != nil {
		return "", err
	}
	var links []Link
	ct := resp.Header.Get("Content-Type")
	trimmed := strings.TrimSpace(string(body))
	if strings.Contains(ct, "json") || strings.HasPrefix(trimmed, "{") {
		j, err := ParseJRD(body)
		if err != nil {
			return "", err
		}
		links = j.Links
	} else {
		x, err := ParseXRD(body)
		if err != nil {
			return "", err
		}
		links = x.Links
	}
	for _, l := range links {
		if l.Rel == RelLRDD && strings.Contains(l.Template, "{uri}") {
			lower := strings.ToLower(l.Template)
			if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
				return "", &MalformedError{What: "XRD", Reason: "lrdd template is not an http(s) URL"}
			}
			return l.Template, nil
		}
	}
	return "", fmt.Errorf("%w: host-meta of %s has no lrdd template", ErrNotFound, host)
}

// Actor is an account resolved to its ActivityPub actor.
type Actor struct {
	// ID is the actor's id, its URL.
	ID string
	// Subject is the account's canonical acct: URI, as its server
	// reports it (after at most one subject redirect).
	Subject string
	// JRD is the WebFinger document the actor was found in.
	JRD *JRD
}

// ResolveActor resolves a handle ("@alice@social.example", an acct: URI or
// a profile URL) to its ActivityPub actor.
//
// If the server answers with another subject (an account that moved
// domains, or a server whose web and account domains differ), the subject
// is looked up once more and must answer for itself; a second change is
// refused. Then, unless [ClientOptions].SkipActorCheck is set, the actor
// document is fetched from the self link and must be an ActivityStreams
// document whose id is that link, served from that link's origin: a
// WebFinger server cannot point an account at someone else's actor.
// Servers that require signed fetches need [ClientOptions].WrapTransport.
func (c *Client) ResolveActor(ctx context.Context, handle string) (*Actor, error) {
	res, _, _, err := parseResource(handle)
	if err != nil {
		return nil, err
	}
	jrd, err := c.Lookup(ctx, res)
	if err != nil {
		return nil, err
	}
	subject, err := canonicalSubject(jrd, res)
	if err != nil {
		return nil, err
	}
	if subject != res && !strings.HasPrefix(res, "http") {
		// One subject redirect: the new subject must answer for itself.
		c.logger.DebugContext(ctx, "webfinger: subject redirect", slog.String("from", res), slog.String("to", subject))
		if jrd, err = c.Lookup(ctx, subject); err != nil {
			return nil, err
		}
		again, err := canonicalSubject(jrd, subject)
		if err != nil {
			return nil, err
		}
		if again != subject {
			return nil, fmt.Errorf("%w: subject changed twice (%s, then %s)", ErrActorMismatch, quoteShort(subject), quoteShort(again))
		}
	}
	link, ok := jrd.ActorLink()
	if !ok {
		return nil, fmt.Errorf("%w for %s", ErrNoActor, quoteShort(subject))
	}
	u, err := url.Parse(link.Href)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, &MalformedError{What: "JRD", Reason: "self link is not an http(s) URL"}
	}
	if !c.opts.SkipActorCheck {
		if err := c.checkActor(ctx, link.Href); err != nil {
			return nil, err
		}
	}
	return &Actor{ID: link.Href, Subject: subject, JRD: jrd}, nil
}

// canonicalSubject returns the JRD's subject, normalized when it is an
// account, or the queried resource when the JRD has none.
func canonicalSubject(jrd *JRD, queried string) (string, error) {
	if jrd.Subject == "" {
		return queried, nil
	}
	canon, _, _, err := parseResource(jrd.Subject)
	if err != nil {
		return "", fmt.Errorf("%w: subject %s: %w", ErrActorMismatch, quoteShort(jrd.Subject), err)
	}
	return canon, nil
}

// checkActor fetches the actor document at href and checks that it is an
// ActivityStreams document whose id is href, served from href's origin.
func (c *Client) checkActor(ctx context.Context, href string) error {
	body, resp, err := c.get(ctx, href, MediaTypeActivity+", "+MediaTypeLDActivity)
	if err != nil {
		return err
	}
	if ct := resp.Header.Get("Content-Type"); !IsActivityMediaType(ct) {
		return fmt.Errorf("%w: %s is served as %s, not as ActivityStreams", ErrActorMismatch, href, quoteShort(ct))
	}
	var doc struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return &MalformedError{What: "actor", Reason: jsonReason(err)}
	}
	var id string
	if err := json.Unmarshal(doc.ID, &id); err != nil {
		return &MalformedError{What: "actor", Reason: "id is not a string"}
	}
	if id != href {
		return fmt.Errorf("%w: the self link is %s but the actor's id is %s", ErrActorMismatch, quoteShort(href), quoteShort(id))
	}
	final := resp.Request.URL
	idURL, err := url.Parse(id)
	if err != nil || !strings.EqualFold(idURL.Scheme, final.Scheme) || !strings.EqualFold(idURL.Host, final.Host) {
		return fmt.Errorf("%w: the actor document %s was served from %s", ErrActorMismatch, quoteShort(id), quoteShort(final.Scheme+"://"+final.Host))
	}
	return nil
}
