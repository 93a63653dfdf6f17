package safehttp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fedikit/fedikit/internal/version"
)

// DefaultUserAgent is the User-Agent sent when a request has none and
// Options.UserAgent is empty. It names the library and its version, and
// nothing about the program or the person using it.
const DefaultUserAgent = "fedikit/" + version.Version + " (+https://github.com/fedikit/fedikit)"

// Defaults for the zero values of [Options].
const (
	defaultMaxRedirects          = 5
	defaultTimeout               = 30 * time.Second
	defaultDialTimeout           = 10 * time.Second
	defaultResponseHeaderTimeout = 10 * time.Second
	tlsHandshakeTimeout          = 10 * time.Second

	// minAttemptTimeout is the least time one address gets when a host
	// resolves to several and the dial budget is shared among them.
	minAttemptTimeout = 2 * time.Second

	// maxResponseHeaderBytes caps the response header a server may send.
	maxResponseHeaderBytes = 1 << 20
)

// Resolver resolves host names to addresses. [*net.Resolver] satisfies it;
// tests use a fake that maps names to chosen addresses.
type Resolver interface {
	// LookupNetIP returns the addresses of host. network is "ip", "ip4"
	// or "ip6".
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configures [NewClient] and [NewTransport]. The zero value is the
// safe default: https only, public addresses only, at most 5 redirects.
// Each zero field means the default documented on it.
type Options struct {
	// AllowLoopback allows connections to loopback addresses,
	// 127.0.0.0/8 and ::1. For tests and local development.
	AllowLoopback bool

	// AllowPrivate allows connections to private addresses: 10.0.0.0/8,
	// 172.16.0.0/12 and 192.168.0.0/16 (RFC 1918), the carrier-grade NAT
	// range 100.64.0.0/10 (RFC 6598) and IPv6 unique local addresses
	// fc00::/7 (RFC 4193). For deployments inside a private network.
	AllowPrivate bool

	// AllowedNetworks allows connections to the addresses in these
	// prefixes, whatever range they are in: for instance one
	// documentation range in a test, or 169.254.0.0/16 for someone who
	// really means it. Nothing else is allowed by it.
	AllowedNetworks []netip.Prefix

	// AllowHTTP allows plain http URLs, on the first request and on every
	// redirect. Without it only https is allowed.
	AllowHTTP bool

	// MaxRedirects is how many redirects a client from [NewClient]
	// follows before it gives up with [ErrTooManyRedirects]. Zero means
	// 5. A negative value turns redirects off: the first redirect fails
	// with [ErrTooManyRedirects]. (As with any CheckRedirect error, the
	// [http.Client] returns that error together with the redirect
	// response, whose body it has closed.)
	MaxRedirects int

	// Timeout limits a whole request made with a client from
	// [NewClient], from dialling to reading the end of the body
	// ([http.Client.Timeout]). Zero or less means 30 seconds.
	Timeout time.Duration

	// DialTimeout limits resolving a host and connecting to it, across
	// all of its addresses. Zero or less means 10 seconds.
	DialTimeout time.Duration

	// ResponseHeaderTimeout limits the wait for a response's header once
	// the request is sent. Zero or less means 10 seconds. The TLS
	// handshake has its own limit of 10 seconds.
	ResponseHeaderTimeout time.Duration

	// UserAgent is set on requests that have no User-Agent header. Empty
	// means [DefaultUserAgent].
	UserAgent string

	// Resolver resolves host names. Nil means [net.DefaultResolver].
	Resolver Resolver

	// TLSClientConfig, if not nil, is the TLS configuration of
	// connections (it is cloned): for tests against a server with a test
	// certificate, and for private certificate authorities. Nil means
	// Go's defaults, which verify certificates against the system roots.
	TLSClientConfig *tls.Config

	// Wrap, if not nil, wraps the guarded transport in a further layer,
	// such as one that signs requests. [NewClient] uses the result as its
	// transport, so the layer sees every request, redirects included. It
	// must not return nil: NewClient panics if it does. [NewTransport]
	// ignores it.
	Wrap func(http.RoundTripper) http.RoundTripper
}

// NewTransport returns the guarded transport: an [http.RoundTripper] that
// refuses URL schemes other than https (and http with Options.AllowHTTP)
// with [ErrInsecureScheme], sets the User-Agent on requests without one,
// and connects only to addresses that [CheckAddr] allows.
//
// The check happens when a connection is made, on the address actually
// dialled: the transport resolves the host itself with Options.Resolver,
// drops the addresses that are not allowed, and dials the others, in
// order, by address, never by name again, so a DNS answer that changes
// between the check and the connection changes nothing. If no address is
// allowed, the dial fails with the [*AddressError] of the first one,
// inside a [*net.OpError] as the standard dialer reports its failures. The
// socket is checked once more just before it connects.
//
// The transport never uses a proxy, whatever the environment says, since
// the check would then apply to the proxy. TLS certificates are verified
// as usual against the host name in the URL. Redirects are not followed
// by a transport; use [NewClient] for that. Options.Wrap is ignored.
//
// Each call returns a new transport with its own connection pool; it is
// safe for concurrent use.
func NewTransport(o Options) http.RoundTripper {
	return newTransport(o)
}

// NewClient returns a new [http.Client] whose every request, redirects
// included, goes through Options.Wrap (if set) over the transport from
// [NewTransport]. It follows at most Options.MaxRedirects redirects, gives
// up on a request after Options.Timeout, and keeps no cookies. It never
// uses or changes [http.DefaultClient] or [http.DefaultTransport].
//
// The client is safe for concurrent use.
func NewClient(o Options) *http.Client {
	var rt http.RoundTripper = newTransport(o)
	if o.Wrap != nil {
		rt = o.Wrap(rt)
		if rt == nil {
			panic("fedikit: Options.Wrap returned a nil http.RoundTripper")
		}
	}
	return &http.Client{
		Transport:     rt,
		CheckRedirect: redirectPolicy(o.MaxRedirects),
		Timeout:       orDefault(o.Timeout, defaultTimeout),
	}
}

// redirectPolicy returns an [http.Client.CheckRedirect] that allows limit
// redirects (5 for zero, none for a negative limit).
func redirectPolicy(limit int) func(*http.Request, []*http.Request) error {
	if limit == 0 {
		limit = defaultMaxRedirects
	}
	return func(_ *http.Request, via []*http.Request) error {
		if limit < 0 {
			return fmt.Errorf("%w: redirects are turned off", ErrTooManyRedirects)
		}
		// via holds the requests already sent: one for the first redirect.
		if len(via) > limit {
			return fmt.Errorf("%w: stopped after %d", ErrTooManyRedirects, limit)
		}
		return nil
	}
}

// orDefault returns d, or def when d is zero or negative.
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// transport is the guarded [http.RoundTripper] built by [NewTransport].
type transport struct {
	base      *http.Transport
	dialer    *dialer
	allowHTTP bool
	userAgent string
}

func newTransport(o Options) *transport {
	// Copy the caller's prefixes, so that changing them later has no
	// effect, and keep the rest of the options by value.
	nets := make([]netip.Prefix, 0, len(o.AllowedNetworks))
	for _, p := range o.AllowedNetworks {
		if p.IsValid() {
			nets = append(nets, normalizePrefix(p))
		}
	}
	d := &dialer{
		check: Options{
			AllowLoopback:   o.AllowLoopback,
			AllowPrivate:    o.AllowPrivate,
			AllowedNetworks: nets,
		},
		resolver: o.Resolver,
		timeout:  orDefault(o.DialTimeout, defaultDialTimeout),
	}
	if d.resolver == nil {
		d.resolver = net.DefaultResolver
	}
	nd := &net.Dialer{Control: d.control}
	d.netDial = nd.DialContext

	ua := o.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	return &transport{
		base: &http.Transport{
			Proxy:                  nil, // a proxy would be checked instead of the server
			DialContext:            d.dialContext,
			ForceAttemptHTTP2:      true,
			MaxIdleConns:           100,
			IdleConnTimeout:        90 * time.Second,
			TLSHandshakeTimeout:    tlsHandshakeTimeout,
			ResponseHeaderTimeout:  orDefault(o.ResponseHeaderTimeout, defaultResponseHeaderTimeout),
			ExpectContinueTimeout:  time.Second,
			MaxResponseHeaderBytes: maxResponseHeaderBytes,
			TLSClientConfig:        o.TLSClientConfig.Clone(),
		},
		dialer:    d,
		allowHTTP: o.AllowHTTP,
		userAgent: ua,
	}
}

// RoundTrip checks the scheme of req, sets the User-Agent when req has
// none, and sends req through the guarded [http.Transport].
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil {
		closeBody(req)
		return nil, errors.New("fedikit: request has no URL")
	}
	switch scheme := strings.ToLower(req.URL.Scheme); scheme {
	case "https":
	case "http":
		if !t.allowHTTP {
			closeBody(req)
			return nil, fmt.Errorf("%w: %q (plain http is off)", ErrInsecureScheme, scheme)
		}
	default:
		closeBody(req)
		return nil, fmt.Errorf("%w: %q", ErrInsecureScheme, scheme)
	}
	if req.Header.Get("User-Agent") == "" {
		// A RoundTripper must not change the caller's request.
		req = req.Clone(req.Context())
		if req.Header == nil {
			req.Header = make(http.Header)
		}
		req.Header.Set("User-Agent", t.userAgent)
	}
	return t.base.RoundTrip(req)
}

// CloseIdleConnections closes the idle connections of the transport.
func (t *transport) CloseIdleConnections() {
	t.base.CloseIdleConnections()
}

// closeBody closes the body of a request that will not be sent, as
// [http.RoundTripper] requires.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// dialer resolves, checks and connects for the guarded transport.
type dialer struct {
	check    Options // only the Allow fields are set
	resolver Resolver
	timeout  time.Duration

	// netDial makes one connection to an IP address and port. It is a
	// [net.Dialer] whose Control hook is [dialer.control]; tests wrap it
	// to see every attempt.
	netDial func(ctx context.Context, network, address string) (net.Conn, error)
}

// dialContext is the [http.Transport.DialContext] of the guarded transport.
func (d *dialer) dialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network,
			Err: fmt.Errorf("fedikit: invalid port %q", portText)}
	}

	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()

	addrs, err := d.lookup(ctx, network, host)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}

	var refused *AddressError
	allowed := make([]netip.AddrPort, 0, len(addrs))
	for _, a := range addrs {
		a = a.Unmap()
		if aerr := checkAddr(a, &d.check); aerr != nil {
			if refused == nil {
				aerr.Host = host
				refused = aerr
			}
			continue
		}
		allowed = append(allowed, netip.AddrPortFrom(a, uint16(port)))
	}
	if len(allowed) == 0 {
		ap := netip.AddrPortFrom(refused.Addr, uint16(port))
		return nil, &net.OpError{Op: "dial", Net: network, Addr: net.TCPAddrFromAddrPort(ap), Err: refused}
	}

	var firstErr error
	for i, ap := range allowed {
		conn, err := d.dialOne(ctx, network, ap, len(allowed)-i)
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, firstErr
}

// dialOne connects to ap, giving it an equal share of what is left of the
// dial budget among the left addresses still to try (this one included).
func (d *dialer) dialOne(ctx context.Context, network string, ap netip.AddrPort, left int) (net.Conn, error) {
	if deadline, ok := ctx.Deadline(); ok && left > 1 {
		share := max(time.Until(deadline)/time.Duration(left), minAttemptTimeout)
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, share)
		defer cancel()
	}
	return d.netDial(ctx, network, ap.String())
}

// lookup returns the addresses of host: the address itself when host is
// an IP address literal, else what the resolver returns.
func (d *dialer) lookup(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	ipNetwork := "ip"
	switch network {
	case "tcp4":
		ipNetwork = "ip4"
	case "tcp6":
		ipNetwork = "ip6"
	}
	addrs, err := d.resolver.LookupNetIP(ctx, ipNetwork, host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("fedikit: no addresses found for %q", host)
	}
	return addrs, nil
}

// control is the [net.Dialer.Control] hook: it checks the address of a
// socket just before it connects, so that nothing reaches the network
// without having been checked, whatever happened before.
func (d *dialer) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("fedikit: refusing to connect to unparsable address %q: %w", address, err)
	}
	if aerr := checkAddr(ap.Addr().Unmap(), &d.check); aerr != nil {
		return aerr
	}
	return nil
}
