package httpsig

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/fedikit/fedikit/httpsig/internal/sfv"
)

// TransportOptions configures a [Transport]. The zero value of every field
// means its default.
type TransportOptions struct {
	// Format is the format tried first. Default: RFC9421 when DoubleKnock
	// is set, else the signer's format.
	Format Format

	// HostFormats pins the format for some hosts, keyed by host[:port] as
	// in the request URL. A pinned host is never double-knocked.
	HostFormats map[string]Format

	// DoubleKnock makes the transport retry a request once in the other
	// format when the peer answers 401 Unauthorized or 403 Forbidden, and
	// remember per host which format worked. When the refusal carries an
	// Accept-Signature field, the retry is an RFC 9421 signature shaped
	// as the peer asked.
	DoubleKnock bool

	// MaxHosts bounds how many hosts' formats are remembered. Default
	// 10000; when full, the memory starts afresh.
	MaxHosts int
}

// Transport is an http.RoundTripper that signs every request it sends. It
// signs a clone of each request, with a fresh Date and digest on every
// call, so it composes under a retry layer: each retry is signed again.
// It is safe for concurrent use.
type Transport struct {
	signer *Signer
	base   http.RoundTripper
	opts   TransportOptions

	mu    sync.Mutex
	known map[string]Format // host -> format that worked
}

// NewTransport returns a Transport that signs with signer and sends through
// base (http.DefaultTransport when nil). opts may be nil.
func NewTransport(signer *Signer, base http.RoundTripper, opts *TransportOptions) *Transport {
	var o TransportOptions
	if opts != nil {
		o = *opts
	}
	if o.Format == 0 {
		o.Format = signer.opts.Format
		if o.DoubleKnock {
			o.Format = RFC9421
		}
	}
	if o.MaxHosts <= 0 {
		o.MaxHosts = 10000
	}
	if base == nil {
		base = http.DefaultTransport
	}
	return &Transport{signer: signer, base: base, opts: o, known: make(map[string]Format)}
}

type formatKey struct{}

// ContextWithFormat returns a context that makes a [Transport] sign the
// request carrying it in format f, without double-knocking.
func ContextWithFormat(ctx context.Context, f Format) context.Context {
	return context.WithValue(ctx, formatKey{}, f)
}

// HostFormat reports the format that last worked for host, as remembered by
// double-knocking.
func (t *Transport) HostFormat(host string) (Format, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, ok := t.known[strings.ToLower(host)]
	return f, ok
}

func (t *Transport) remember(host string, f Format) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.known) >= t.opts.MaxHosts {
		clear(t.known)
	}
	t.known[host] = f
}

// choose returns the format to sign req with first, and whether it is fixed
// (no double-knock).
func (t *Transport) choose(req *http.Request, host string) (Format, bool) {
	if f, ok := req.Context().Value(formatKey{}).(Format); ok && f != 0 {
		return f, true
	}
	if f, ok := t.opts.HostFormats[host]; ok && f != 0 {
		return f, true
	}
	if !t.opts.DoubleKnock {
		return t.opts.Format, true
	}
	if f, ok := t.HostFormat(host); ok {
		return f, false
	}
	return t.opts.Format, false
}

// RoundTrip signs a clone of req and sends it.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	host := strings.ToLower(req.URL.Host)
	first, fixed := t.choose(req, host)
	hadBody := req.Body != nil && req.Body != http.NoBody
	body, err := readBody(req.Body, req.ContentLength, t.signer.opts.MaxBodySize)
	if err != nil {
		return nil, err
	}
	var sentInput string // the Signature-Input of the last attempt
	send := func(f Format, ch *challenge) (*http.Response, error) {
		r := req.Clone(req.Context())
		if hadBody {
			setRequestBody(r, body)
		}
		if err := t.signer.signRequest(r, f, ch); err != nil {
			return nil, err
		}
		sentInput = r.Header.Get("Signature-Input")
		return t.base.RoundTrip(r)
	}
	resp, err := send(first, nil)
	if err != nil || fixed {
		return resp, err
	}
	if !refused(resp) {
		t.remember(host, first)
		return resp, nil
	}
	// An Accept-Signature challenge says what an RFC 9421 signature must
	// cover. It is followed after a refused draft-cavage signature, and
	// after a refused RFC 9421 one only when it asks for something that
	// one lacked: a server that asks again for what it was just given
	// (one that answers every refusal with the same hints) would only
	// refuse it again, so the other format is tried instead.
	next := first.other()
	ch := t.signer.parseChallenge(resp.Header, hasBody(req.Method, body))
	switch {
	case ch == nil:
	case first == Cavage || !challengeMet(sentInput, ch):
		next = RFC9421
	default:
		ch = nil
	}
	// Let the connection be reused: read a little of the refusal, close it.
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
	resp, err = send(next, ch)
	if err == nil && !refused(resp) {
		t.remember(host, next)
	}
	return resp, err
}

// challengeMet reports whether the signature described by the
// Signature-Input value input already has every component and parameter
// value the challenge asks for.
func challengeMet(input string, ch *challenge) bool {
	d, err := sfv.ParseDictionary(input)
	if err != nil || len(d) == 0 {
		return false
	}
	il, ok := d[0].Value.(sfv.InnerList)
	if !ok {
		return false
	}
	have := make(map[string]bool, len(il.Items))
	for _, it := range il.Items {
		if s, err := sfv.MarshalItem(it); err == nil {
			have[s] = true
		}
	}
	for _, it := range ch.components {
		if s, err := sfv.MarshalItem(it); err != nil || !have[s] {
			return false
		}
	}
	for _, p := range ch.params {
		if p.Value == true {
			// "created", "keyid": asks that the parameter be there.
			if _, ok := il.Params.Get(p.Key); !ok {
				return false
			}
			continue
		}
		if v, ok := il.Params.Get(p.Key); !ok || v != p.Value {
			return false
		}
	}
	return true
}

// other returns the format that is not f.
func (f Format) other() Format {
	if f == Cavage {
		return RFC9421
	}
	return Cavage
}

func refused(resp *http.Response) bool {
	return resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden
}

// parseChallenge reads an Accept-Signature field (RFC 9421 section 5.1)
// and returns the first request for a signature that this signer can make:
// one whose keyid, if named, is the signer's, and whose alg, if named, is
// the signer's algorithm. It returns nil when there is none.
func (s *Signer) parseChallenge(h http.Header, withBody bool) *challenge {
	v := strings.Join(h.Values("Accept-Signature"), ", ")
	if v == "" || len(v) > maxSignatureHeader {
		return nil
	}
	d, err := sfv.ParseDictionary(v)
	if err != nil {
		return nil
	}
	for _, m := range d {
		il, ok := m.Value.(sfv.InnerList)
		if !ok {
			continue
		}
		if k, ok := il.Params.Get("keyid"); ok && k != s.keyID && k != true {
			continue
		}
		if a, ok := il.Params.Get("alg"); ok && a != s.alg.name && a != true {
			continue
		}
		comps := make([]sfv.Item, 0, len(il.Items)+1)
		ok = true
		for _, it := range il.Items {
			if _, isString := it.Value.(string); !isString {
				ok = false
				break
			}
			comps = append(comps, it)
		}
		if !ok {
			continue
		}
		if withBody && !coversField(comps, "content-digest") {
			comps = append(comps, sfv.Item{Value: "content-digest"})
		}
		return &challenge{label: m.Key, components: comps, params: il.Params}
	}
	return nil
}
