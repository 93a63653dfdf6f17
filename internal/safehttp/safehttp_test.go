package safehttp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeResolver maps host names to addresses. Unknown names are not found.
type fakeResolver map[string][]string

func (r fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	names, ok := r[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var addrs []netip.Addr
	for _, s := range names {
		a := netip.MustParseAddr(s)
		if (network == "ip4" && !a.Unmap().Is4()) || (network == "ip6" && !a.Is6()) {
			continue
		}
		addrs = append(addrs, a)
	}
	return addrs, nil
}

// dialLog records every connection attempt that reaches the network
// dialer, that is, every address that passed the check in dialContext.
// It refuses anything that is not loopback, so that no test can ever send
// a packet off the machine, whatever goes wrong.
type dialLog struct {
	mu    sync.Mutex
	addrs []string
}

func (l *dialLog) dialled() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.addrs...)
}

// watch makes the guarded transport tr report its dial attempts to a new
// dialLog. It must be called before tr is used.
func watch(t *testing.T, tr *transport) *dialLog {
	t.Helper()
	l := &dialLog{}
	next := tr.dialer.netDial
	tr.dialer.netDial = func(ctx context.Context, network, address string) (net.Conn, error) {
		l.mu.Lock()
		l.addrs = append(l.addrs, address)
		l.mu.Unlock()
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !ap.Addr().Unmap().IsLoopback() {
			t.Errorf("test tried to dial non-loopback address %q", address)
			return nil, errors.New("test: refusing non-loopback dial")
		}
		return next(ctx, network, address)
	}
	return l
}

// guarded returns the guarded transport inside a client from NewClient
// built without Wrap.
func guarded(t *testing.T, c *http.Client) *transport {
	t.Helper()
	tr, ok := c.Transport.(*transport)
	require.True(t, ok, "client transport is %T", c.Transport)
	return tr
}

// newWatchedClient returns NewClient(o) and the log of its dial attempts.
func newWatchedClient(t *testing.T, o Options) (*http.Client, *dialLog) {
	t.Helper()
	require.Nil(t, o.Wrap, "use Wrap to reach the transport instead")
	c := NewClient(o)
	return c, watch(t, guarded(t, c))
}

// newServer starts an httptest server on 127.0.0.1 that is closed when
// the test ends.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// okHandler answers every request with "ok".
var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	_, _ = io.WriteString(w, "ok")
})

// get sends a GET for rawURL with c and returns the body.
func get(t *testing.T, c *http.Client, rawURL string) (*http.Response, string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, rawURL, nil)
	require.NoError(t, err)
	resp, err := c.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := ReadBody(resp.Body, 1<<20)
	require.NoError(t, err)
	return resp, string(body), nil
}

// port returns the port of a test server.
func port(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	return u.Port()
}

// requireRefused checks that err is a refused dial to addr with the range
// and host given, wrapped the way an http.Client wraps it.
func requireRefused(t *testing.T, err error, host, addr, rng string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrForbiddenAddress)
	var aerr *AddressError
	require.ErrorAs(t, err, &aerr)
	assert.Equal(t, rng, aerr.Range)
	assert.Equal(t, host, aerr.Host)
	assert.Equal(t, netip.MustParseAddr(addr), aerr.Addr)
	var uerr *url.Error
	assert.ErrorAs(t, err, &uerr)
	var operr *net.OpError
	if assert.ErrorAs(t, err, &operr) {
		assert.Equal(t, "dial", operr.Op)
	}
}

func TestLoopbackServerRefusedByDefault(t *testing.T) {
	t.Parallel()
	var hit atomic.Bool
	srv := newServer(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit.Store(true) }))
	c, log := newWatchedClient(t, Options{AllowHTTP: true})

	_, _, err := get(t, c, srv.URL)
	requireRefused(t, err, "127.0.0.1", "127.0.0.1", "loopback")
	assert.Empty(t, log.dialled(), "a refused address must not be dialled")
	assert.False(t, hit.Load())
	assert.Contains(t, err.Error(), `fedikit: refusing to connect to 127.0.0.1 (loopback) for "127.0.0.1"`)
}

func TestLoopbackServerAllowed(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	c, log := newWatchedClient(t, Options{AllowLoopback: true, AllowHTTP: true})

	resp, body, err := get(t, c, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok", body)
	assert.Equal(t, []string{"127.0.0.1:" + port(t, srv)}, log.dialled())
}

func TestLocalhostRefusedWithSystemResolver(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	c, log := newWatchedClient(t, Options{AllowHTTP: true})

	_, _, err := get(t, c, "http://localhost:"+port(t, srv)+"/")
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		t.Skipf("the system resolver does not know localhost: %v", err)
	}
	require.ErrorIs(t, err, ErrForbiddenAddress)
	var aerr *AddressError
	require.ErrorAs(t, err, &aerr)
	assert.Equal(t, "loopback", aerr.Range)
	assert.Equal(t, "localhost", aerr.Host)
	assert.Empty(t, log.dialled())
}

// TestResolvedNameRefused maps a name to forbidden addresses and checks
// that the dial is refused before any connection attempt.
func TestResolvedNameRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr string
		rng  string
		opts Options
	}{
		{"127.0.0.1", "loopback", Options{}},
		{"10.0.0.1", "private", Options{}},
		{"10.0.0.1", "private", Options{AllowLoopback: true}},
		{"169.254.169.254", "link-local", Options{}},
		{"169.254.169.254", "link-local", Options{AllowLoopback: true, AllowPrivate: true}},
		{"::1", "loopback", Options{}},
		{"::1", "loopback", Options{AllowPrivate: true}},
		{"fd00::1", "ula", Options{AllowLoopback: true}},
		{"100.64.0.1", "cgnat", Options{}},
		{"0.0.0.0", "unspecified", Options{AllowLoopback: true, AllowPrivate: true}},
		{"::", "unspecified", Options{AllowLoopback: true, AllowPrivate: true}},
		{"224.0.0.1", "multicast", Options{}},
		{"::ffff:169.254.169.254", "link-local", Options{}}, // reported unmapped
		{"64:ff9b::a9fe:a9fe", "link-local", Options{}},
		{"2002:7f00:1::1", "loopback", Options{}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/loopback=%t,private=%t", tt.addr, tt.opts.AllowLoopback, tt.opts.AllowPrivate)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			o := tt.opts
			o.AllowHTTP = true
			o.Resolver = fakeResolver{"evil.example": {tt.addr}}
			c, log := newWatchedClient(t, o)

			_, _, err := get(t, c, "http://evil.example:8080/")
			requireRefused(t, err, "evil.example", netip.MustParseAddr(tt.addr).Unmap().String(), tt.rng)
			assert.Empty(t, log.dialled(), "nothing may be dialled")
		})
	}
}

func TestAllForbiddenReportsFirst(t *testing.T) {
	t.Parallel()
	c, log := newWatchedClient(t, Options{
		AllowHTTP: true,
		Resolver:  fakeResolver{"evil.example": {"169.254.169.254", "10.0.0.1", "::1"}},
	})
	_, _, err := get(t, c, "http://evil.example/")
	requireRefused(t, err, "evil.example", "169.254.169.254", "link-local")
	assert.Empty(t, log.dialled())
}

// TestMixedAnswerDialsAllowedOnly gives a name forbidden addresses and one
// allowed one: only the allowed one is dialled.
func TestMixedAnswerDialsAllowedOnly(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	p := port(t, srv)
	tests := [][]string{
		{"10.0.0.1", "127.0.0.1"},
		{"169.254.169.254", "::ffff:127.0.0.1"},
		{"127.0.0.1", "10.0.0.1"},
		{"fd00::1", "192.168.0.1", "127.0.0.1", "172.16.0.1"},
	}
	for _, answer := range tests {
		t.Run(strings.Join(answer, ","), func(t *testing.T) {
			t.Parallel()
			c, log := newWatchedClient(t, Options{
				AllowLoopback: true,
				AllowHTTP:     true,
				Resolver:      fakeResolver{"mixed.example": answer},
			})
			resp, body, err := get(t, c, "http://mixed.example:"+p+"/")
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, "ok", body)
			assert.Equal(t, []string{"127.0.0.1:" + p}, log.dialled())
		})
	}
}

// TestAllowedAddressesTriedInOrder checks that when the first allowed
// address does not answer, the next one is dialled.
func TestAllowedAddressesTriedInOrder(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	p := port(t, srv)
	// The server listens on 127.0.0.1 only, so 127.0.0.2 refuses the
	// connection (on systems where all of 127/8 is local).
	c, log := newWatchedClient(t, Options{
		AllowLoopback: true,
		AllowHTTP:     true,
		Resolver:      fakeResolver{"multi.example": {"10.0.0.1", "127.0.0.2", "127.0.0.1"}},
	})
	_, body, err := get(t, c, "http://multi.example:"+p+"/")
	dialled := log.dialled()
	if err != nil || len(dialled) == 1 {
		t.Skipf("127.0.0.2 is not usable here: %v %v", err, dialled)
	}
	assert.Equal(t, "ok", body)
	assert.Equal(t, []string{"127.0.0.2:" + p, "127.0.0.1:" + p}, dialled)
}

func TestResolverErrors(t *testing.T) {
	t.Parallel()
	t.Run("not found", func(t *testing.T) {
		t.Parallel()
		c, log := newWatchedClient(t, Options{AllowHTTP: true, Resolver: fakeResolver{}})
		_, _, err := get(t, c, "http://missing.example/")
		var dnsErr *net.DNSError
		require.ErrorAs(t, err, &dnsErr)
		assert.True(t, dnsErr.IsNotFound)
		assert.NotErrorIs(t, err, ErrForbiddenAddress)
		assert.Empty(t, log.dialled())
	})
	t.Run("no addresses", func(t *testing.T) {
		t.Parallel()
		c, log := newWatchedClient(t, Options{AllowHTTP: true, Resolver: fakeResolver{"empty.example": nil}})
		_, _, err := get(t, c, "http://empty.example/")
		require.Error(t, err)
		assert.Contains(t, err.Error(), `fedikit: no addresses found for "empty.example"`)
		assert.Empty(t, log.dialled())
	})
	t.Run("ip4 only", func(t *testing.T) {
		t.Parallel()
		// A name with only IPv6 addresses, looked up for IPv4 by a
		// direct dial on "tcp4", has none.
		tr := newTransport(Options{AllowLoopback: true, Resolver: fakeResolver{"v6.example": {"::1"}}})
		log := watch(t, tr)
		_, err := tr.dialer.dialContext(t.Context(), "tcp4", "v6.example:80")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no addresses found")
		assert.Empty(t, log.dialled())
	})
	t.Run("bad port", func(t *testing.T) {
		t.Parallel()
		tr := newTransport(Options{})
		_, err := tr.dialer.dialContext(t.Context(), "tcp", "1.1.1.1:99999")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "fedikit: invalid port")
		_, err = tr.dialer.dialContext(t.Context(), "tcp", "no-port")
		require.Error(t, err)
	})
}

// slowResolver blocks until its context ends.
type slowResolver struct{}

func (slowResolver) LookupNetIP(ctx context.Context, _, _ string) ([]netip.Addr, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestDialTimeoutCoversResolving(t *testing.T) {
	t.Parallel()
	c := NewClient(Options{AllowHTTP: true, Resolver: slowResolver{}, DialTimeout: 50 * time.Millisecond})
	start := time.Now()
	_, _, err := get(t, c, "http://slow.example/")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)
}

// TestControlHook checks the second line of defence: the net.Dialer
// Control hook refuses a forbidden address even when the check in
// dialContext is bypassed.
func TestControlHook(t *testing.T) {
	t.Parallel()
	tr := newTransport(Options{AllowPrivate: true})
	tests := []struct {
		address string
		want    string
	}{
		{"127.0.0.1:80", "loopback"},
		{"[::1]:443", "loopback"},
		{"[::ffff:127.0.0.1]:80", "loopback"},
		{"169.254.169.254:80", "link-local"},
		{"[fe80::1%lo]:80", "link-local"},
		{"10.0.0.1:80", ""},
		{"1.1.1.1:443", ""},
		{"[2606:4700:4700::1111]:443", ""},
	}
	for _, tt := range tests {
		err := tr.dialer.control("tcp", tt.address, nil)
		if tt.want == "" {
			assert.NoError(t, err, tt.address)
			continue
		}
		var aerr *AddressError
		if assert.ErrorAs(t, err, &aerr, tt.address) {
			assert.Equal(t, tt.want, aerr.Range)
		}
	}
	err := tr.dialer.control("tcp", "not an address", nil)
	require.Error(t, err)
	assert.Regexp(t, "^fedikit: ", err.Error())
}

// TestControlHookInstalled dials a listening loopback server through the
// transport's network dialer directly, skipping the resolver-side check:
// the Control hook must still refuse it before it connects.
func TestControlHookInstalled(t *testing.T) {
	t.Parallel()
	accepted := make(chan struct{}, 1)
	srv := httptest.NewUnstartedServer(okHandler)
	srv.Config.ConnState = func(net.Conn, http.ConnState) {
		select {
		case accepted <- struct{}{}:
		default:
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	tr := newTransport(Options{})
	conn, err := tr.dialer.netDial(t.Context(), "tcp", "127.0.0.1:"+port(t, srv))
	if conn != nil {
		_ = conn.Close()
	}
	require.ErrorIs(t, err, ErrForbiddenAddress)
	var aerr *AddressError
	require.ErrorAs(t, err, &aerr)
	assert.Equal(t, "loopback", aerr.Range)
	var operr *net.OpError
	assert.ErrorAs(t, err, &operr)

	// A request the server did see would have made a connection; make
	// sure none arrived.
	select {
	case <-accepted:
		t.Error("the server accepted a connection")
	case <-time.After(50 * time.Millisecond):
	}
}

// TestRedirectToForbiddenRefused follows a redirect from an allowed server
// to forbidden addresses: the hop is refused.
func TestRedirectToForbiddenRefused(t *testing.T) {
	t.Parallel()
	target := newServer(t, okHandler) // listens on 127.0.0.1 only
	tests := []struct {
		name     string
		location string
		host     string
		addr     string
		rng      string
	}{
		{"other loopback", "http://127.0.0.2:" + port(t, target) + "/", "127.0.0.2", "127.0.0.2", "loopback"},
		{"metadata name", "http://metadata.example/latest/meta-data/", "metadata.example", "169.254.169.254", "link-local"},
		{"metadata literal", "http://169.254.169.254/latest/meta-data/", "169.254.169.254", "169.254.169.254", "link-local"},
		{"private name", "http://intranet.example:8080/", "intranet.example", "10.0.0.1", "private"},
		{"ipv6 loopback", "http://[::1]:" + port(t, target) + "/", "::1", "::1", "loopback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			from := newServer(t, http.RedirectHandler(tt.location, http.StatusFound))
			c, log := newWatchedClient(t, Options{
				AllowHTTP:       true,
				AllowedNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
				Resolver: fakeResolver{
					"metadata.example": {"169.254.169.254"},
					"intranet.example": {"10.0.0.1"},
				},
			})
			_, _, err := get(t, c, from.URL+"/start")
			requireRefused(t, err, tt.host, tt.addr, tt.rng)
			var uerr *url.Error
			require.ErrorAs(t, err, &uerr)
			assert.Equal(t, tt.location, uerr.URL, "the error names the refused hop")
			assert.Equal(t, []string{"127.0.0.1:" + port(t, from)}, log.dialled())
		})
	}
}

// tlsConfigFor returns a client TLS configuration that trusts srv.
func tlsConfigFor(t *testing.T, srv *httptest.Server) *tls.Config {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return &tls.Config{RootCAs: pool}
}

func TestSchemes(t *testing.T) {
	t.Parallel()
	plain := newServer(t, okHandler)
	secure := httptest.NewTLSServer(okHandler)
	t.Cleanup(secure.Close)
	securePort := port(t, secure)
	toPlain := httptest.NewTLSServer(http.RedirectHandler(plain.URL+"/", http.StatusFound))
	t.Cleanup(toPlain.Close)

	newTLSClient := func(t *testing.T, o Options, srv *httptest.Server) (*http.Client, *dialLog) {
		c, log := newWatchedClient(t, o)
		guarded(t, c).base.TLSClientConfig = tlsConfigFor(t, srv)
		return c, log
	}

	t.Run("http refused without AllowHTTP", func(t *testing.T) {
		t.Parallel()
		c, log := newWatchedClient(t, Options{AllowLoopback: true})
		_, _, err := get(t, c, plain.URL)
		require.ErrorIs(t, err, ErrInsecureScheme)
		assert.NotErrorIs(t, err, ErrForbiddenAddress)
		assert.Contains(t, err.Error(), `fedikit: URL scheme not allowed: "http"`)
		assert.Empty(t, log.dialled())
	})
	t.Run("http allowed with AllowHTTP", func(t *testing.T) {
		t.Parallel()
		c, _ := newWatchedClient(t, Options{AllowLoopback: true, AllowHTTP: true})
		_, body, err := get(t, c, plain.URL)
		require.NoError(t, err)
		assert.Equal(t, "ok", body)
	})
	t.Run("https allowed", func(t *testing.T) {
		t.Parallel()
		c, log := newTLSClient(t, Options{AllowLoopback: true}, secure)
		resp, body, err := get(t, c, secure.URL)
		require.NoError(t, err)
		assert.Equal(t, "ok", body)
		assert.NotNil(t, resp.TLS)
		assert.Equal(t, []string{"127.0.0.1:" + securePort}, log.dialled())
	})
	t.Run("https to a name verifies the name", func(t *testing.T) {
		t.Parallel()
		// httptest's certificate is valid for example.com and 127.0.0.1;
		// the connection goes to 127.0.0.1, the check is on the name.
		c, log := newTLSClient(t, Options{
			AllowLoopback: true,
			Resolver:      fakeResolver{"example.com": {"127.0.0.1"}, "evil.example": {"127.0.0.1"}},
		}, secure)
		_, body, err := get(t, c, "https://example.com:"+securePort+"/")
		require.NoError(t, err)
		assert.Equal(t, "ok", body)

		_, _, err = get(t, c, "https://evil.example:"+securePort+"/")
		var hostErr x509.HostnameError
		require.ErrorAs(t, err, &hostErr)
		assert.Equal(t, "evil.example", hostErr.Host)
		assert.Equal(t, []string{"127.0.0.1:" + securePort, "127.0.0.1:" + securePort}, log.dialled())
	})
	t.Run("https without trust fails verification", func(t *testing.T) {
		t.Parallel()
		c, _ := newWatchedClient(t, Options{AllowLoopback: true})
		_, _, err := get(t, c, secure.URL)
		var unknown x509.UnknownAuthorityError
		assert.ErrorAs(t, err, &unknown)
	})
	t.Run("redirect from https to http refused", func(t *testing.T) {
		t.Parallel()
		c, log := newTLSClient(t, Options{AllowLoopback: true}, toPlain)
		_, _, err := get(t, c, toPlain.URL)
		require.ErrorIs(t, err, ErrInsecureScheme)
		var uerr *url.Error
		require.ErrorAs(t, err, &uerr)
		assert.Equal(t, plain.URL+"/", uerr.URL)
		assert.Equal(t, []string{"127.0.0.1:" + port(t, toPlain)}, log.dialled())
	})
	t.Run("redirect from https to http allowed with AllowHTTP", func(t *testing.T) {
		t.Parallel()
		c, _ := newTLSClient(t, Options{AllowLoopback: true, AllowHTTP: true}, toPlain)
		_, body, err := get(t, c, toPlain.URL)
		require.NoError(t, err)
		assert.Equal(t, "ok", body)
	})
	t.Run("other schemes refused by the transport", func(t *testing.T) {
		t.Parallel()
		rt := NewTransport(Options{AllowHTTP: true, AllowLoopback: true})
		for _, raw := range []string{"ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1/", "ws://127.0.0.1/"} {
			body := &closeRecorder{Reader: strings.NewReader("data")}
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, raw, body)
			require.NoError(t, err)
			resp, err := rt.RoundTrip(req)
			if resp != nil {
				_ = resp.Body.Close()
			}
			require.ErrorIs(t, err, ErrInsecureScheme, raw)
			assert.True(t, body.closed, "the request body must be closed")
		}
	})
	t.Run("uppercase scheme", func(t *testing.T) {
		t.Parallel()
		tr := newTransport(Options{AllowLoopback: true})
		watch(t, tr)
		tr.base.TLSClientConfig = tlsConfigFor(t, secure)
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, secure.URL, nil)
		require.NoError(t, err)
		req.URL.Scheme = "HTTPS"
		resp, err := tr.RoundTrip(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		assert.NotErrorIs(t, err, ErrInsecureScheme)
	})
}

// redirectChain serves /r/N by redirecting to /r/N-1, and /r/0 with "ok".
func redirectChain(t *testing.T) *httptest.Server {
	t.Helper()
	return newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if n > 0 {
			http.Redirect(w, r, "/r/"+strconv.Itoa(n-1), http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
}

func TestRedirectLimit(t *testing.T) {
	t.Parallel()
	srv := redirectChain(t)
	tests := []struct {
		max       int
		redirects int
		ok        bool
		message   string
	}{
		{0, 0, true, ""},
		{0, 5, true, ""},
		{0, 6, false, "fedikit: too many redirects: stopped after 5"},
		{2, 2, true, ""},
		{2, 3, false, "fedikit: too many redirects: stopped after 2"},
		{10, 10, true, ""},
		{10, 11, false, "stopped after 10"},
		{-1, 0, true, ""},
		{-1, 1, false, "fedikit: too many redirects: redirects are turned off"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("max=%d,redirects=%d", tt.max, tt.redirects), func(t *testing.T) {
			t.Parallel()
			c, log := newWatchedClient(t, Options{AllowLoopback: true, AllowHTTP: true, MaxRedirects: tt.max})
			_, body, err := get(t, c, srv.URL+"/r/"+strconv.Itoa(tt.redirects))
			if tt.ok {
				require.NoError(t, err)
				assert.Equal(t, "ok", body)
				return
			}
			require.ErrorIs(t, err, ErrTooManyRedirects)
			assert.Contains(t, err.Error(), tt.message)
			assert.NotEmpty(t, log.dialled())
		})
	}
}

// uaRecorder records the User-Agent of every request, by path.
type uaRecorder struct {
	mu  sync.Mutex
	got map[string]string
}

func (u *uaRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.got[r.URL.Path] = r.Header.Get("User-Agent")
	u.mu.Unlock()
	if r.URL.Path == "/first" {
		// A redirect to another host: 127.0.0.1 to other.example.
		_, p, _ := net.SplitHostPort(r.Host)
		http.Redirect(w, r, "http://other.example:"+p+"/second", http.StatusFound)
		return
	}
	_, _ = io.WriteString(w, "ok")
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "fedikit/0.1.0-dev (+https://github.com/fedikit/fedikit)", DefaultUserAgent)

	tests := []struct {
		name    string
		option  string
		request string
		want    string
	}{
		{"default", "", "", DefaultUserAgent},
		{"option", "fedibot/2.0 (+https://bot.example)", "", "fedibot/2.0 (+https://bot.example)"},
		{"request wins", "fedibot/2.0", "caller/1.0", "caller/1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &uaRecorder{got: map[string]string{}}
			srv := newServer(t, rec)
			c, _ := newWatchedClient(t, Options{
				AllowLoopback: true,
				AllowHTTP:     true,
				UserAgent:     tt.option,
				Resolver:      fakeResolver{"other.example": {"127.0.0.1"}},
			})
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/first", nil)
			require.NoError(t, err)
			if tt.request != "" {
				req.Header.Set("User-Agent", tt.request)
			}
			resp, err := c.Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()

			rec.mu.Lock()
			defer rec.mu.Unlock()
			assert.Equal(t, map[string]string{"/first": tt.want, "/second": tt.want}, rec.got)
			assert.Equal(t, tt.request, req.Header.Get("User-Agent"), "the caller's request must not change")
		})
	}
}

func TestUserAgentWithoutHeaderMap(t *testing.T) {
	t.Parallel()
	rec := &uaRecorder{got: map[string]string{}}
	srv := newServer(t, rec)
	rt := NewTransport(Options{AllowLoopback: true, AllowHTTP: true})
	u, err := url.Parse(srv.URL + "/plain")
	require.NoError(t, err)
	req := (&http.Request{Method: http.MethodGet, URL: u}).WithContext(t.Context())
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Nil(t, req.Header)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Equal(t, DefaultUserAgent, rec.got["/plain"])
}

func TestRequestWithoutURL(t *testing.T) {
	t.Parallel()
	rt := NewTransport(Options{})
	body := &closeRecorder{Reader: strings.NewReader("x")}
	_, err := rt.RoundTrip(&http.Request{Method: http.MethodPost, Body: body})
	require.Error(t, err)
	assert.Regexp(t, "^fedikit: ", err.Error())
	assert.True(t, body.closed)
}

// hopRecorder is a Wrap layer that records each request it sees and marks
// it with a header.
type hopRecorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	urls []string
}

func (h *hopRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.urls = append(h.urls, req.URL.String())
	h.mu.Unlock()
	req = req.Clone(req.Context())
	req.Header.Set("X-Wrapped", "yes")
	return h.next.RoundTrip(req)
}

func TestWrapSeesEveryHop(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var marked []string
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		marked = append(marked, r.URL.Path+"="+r.Header.Get("X-Wrapped"))
		mu.Unlock()
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		if n > 0 {
			http.Redirect(w, r, "/r/"+strconv.Itoa(n-1), http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))

	var rec *hopRecorder
	var log *dialLog
	c := NewClient(Options{
		AllowLoopback: true,
		AllowHTTP:     true,
		Wrap: func(next http.RoundTripper) http.RoundTripper {
			tr, ok := next.(*transport)
			require.True(t, ok, "Wrap must receive the guarded transport, got %T", next)
			log = watch(t, tr)
			rec = &hopRecorder{next: next}
			return rec
		},
	})
	require.Same(t, rec, c.Transport)

	_, body, err := get(t, c, srv.URL+"/r/2")
	require.NoError(t, err)
	assert.Equal(t, "ok", body)
	assert.Equal(t, []string{srv.URL + "/r/2", srv.URL + "/r/1", srv.URL + "/r/0"}, rec.urls)
	mu.Lock()
	assert.Equal(t, []string{"/r/2=yes", "/r/1=yes", "/r/0=yes"}, marked)
	mu.Unlock()
	assert.NotEmpty(t, log.dialled())

	// The guard still applies under the wrapping layer.
	_, _, err = get(t, c, "http://10.0.0.1/")
	requireRefused(t, err, "10.0.0.1", "10.0.0.1", "private")
}

func TestWrapReturningNilPanics(t *testing.T) {
	t.Parallel()
	assert.PanicsWithValue(t, "fedikit: Options.Wrap returned a nil http.RoundTripper", func() {
		NewClient(Options{Wrap: func(http.RoundTripper) http.RoundTripper { return nil }})
	})
}

func TestNewClientIsFresh(t *testing.T) {
	t.Parallel()
	a := NewClient(Options{})
	b := NewClient(Options{})
	assert.NotSame(t, http.DefaultClient, a)
	assert.NotSame(t, a, b)
	assert.NotSame(t, guarded(t, a), guarded(t, b))
	assert.NotSame(t, guarded(t, a).base, guarded(t, b).base)
	assert.NotEqual(t, http.DefaultTransport, a.Transport)
	assert.Nil(t, a.Jar, "no cookies are kept")
	assert.NotNil(t, a.CheckRedirect)

	// The default transport is left alone.
	dt, ok := http.DefaultTransport.(*http.Transport)
	require.True(t, ok)
	assert.NotNil(t, dt.Proxy)
	assert.NotSame(t, dt, guarded(t, a).base)
}

func TestNewClientSettings(t *testing.T) {
	t.Parallel()
	c := NewClient(Options{})
	assert.Equal(t, 30*time.Second, c.Timeout)
	base := guarded(t, c).base
	assert.Nil(t, base.Proxy, "no proxy may be used")
	assert.True(t, base.ForceAttemptHTTP2)
	assert.NotNil(t, base.DialContext)
	assert.Nil(t, base.DialTLSContext)
	assert.Nil(t, base.TLSClientConfig, "TLS verification stays the default")
	assert.Equal(t, 10*time.Second, base.TLSHandshakeTimeout)
	assert.Equal(t, 10*time.Second, base.ResponseHeaderTimeout)
	assert.Equal(t, time.Second, base.ExpectContinueTimeout)
	assert.Equal(t, 90*time.Second, base.IdleConnTimeout)
	assert.Positive(t, base.MaxIdleConns)
	assert.Equal(t, 10*time.Second, guarded(t, c).dialer.timeout)
	assert.Equal(t, DefaultUserAgent, guarded(t, c).userAgent)
	assert.False(t, guarded(t, c).allowHTTP)

	c = NewClient(Options{
		Timeout:               time.Minute,
		DialTimeout:           3 * time.Second,
		ResponseHeaderTimeout: 4 * time.Second,
		UserAgent:             "x/1",
		AllowHTTP:             true,
	})
	assert.Equal(t, time.Minute, c.Timeout)
	assert.Equal(t, 4*time.Second, guarded(t, c).base.ResponseHeaderTimeout)
	assert.Equal(t, 3*time.Second, guarded(t, c).dialer.timeout)
	assert.Equal(t, "x/1", guarded(t, c).userAgent)
	assert.True(t, guarded(t, c).allowHTTP)

	c = NewClient(Options{Timeout: -1, DialTimeout: -1, ResponseHeaderTimeout: -1})
	assert.Equal(t, 30*time.Second, c.Timeout)
	assert.Equal(t, 10*time.Second, guarded(t, c).dialer.timeout)
	assert.Equal(t, 10*time.Second, guarded(t, c).base.ResponseHeaderTimeout)
}

// TestAllowedNetworksCopied changes the caller's slice after building a
// client; the client must not notice.
func TestAllowedNetworksCopied(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	nets := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	c, _ := newWatchedClient(t, Options{AllowHTTP: true, AllowedNetworks: nets})
	nets[0] = netip.MustParsePrefix("192.0.2.0/24")

	_, body, err := get(t, c, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "ok", body)
}

func TestCloseIdleConnections(t *testing.T) {
	t.Parallel()
	srv := newServer(t, okHandler)
	c, _ := newWatchedClient(t, Options{AllowLoopback: true, AllowHTTP: true})
	_, _, err := get(t, c, srv.URL)
	require.NoError(t, err)
	// http.Client forwards this to transports that implement it.
	c.CloseIdleConnections()
}
