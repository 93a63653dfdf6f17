package httpsig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Default time limits of a [Verifier], as Mastodon applies them.
const (
	DefaultMaxAge    = time.Hour
	DefaultClockSkew = time.Hour
)

// VerifierOptions configures a [Verifier]. The zero value of every field
// means its default.
type VerifierOptions struct {
	// Now is the clock. Default time.Now.
	Now func() time.Time

	// MaxAge is how old a signature without an expiry may be: its created
	// time (or, when it has none, its signed Date) must be within MaxAge
	// before now. Default [DefaultMaxAge].
	MaxAge time.Duration

	// ClockSkew is how far in the future a signature's created time (or
	// signed Date) may be, and how long after its expiry a signature is
	// still accepted. Default [DefaultClockSkew].
	ClockSkew time.Duration

	// HMACSecrets holds shared secrets by keyId. A keyId found here is
	// verified with hmac-sha256 and that secret only; HMAC is never used
	// for any other keyId, whatever the signature says.
	HMACSecrets map[string][]byte

	// MaxBodySize caps how much of a body is read to check its digest.
	// Default [DefaultVerifyMaxBodySize].
	MaxBodySize int64

	// Scheme is the scheme of this server's URLs, used for @target-uri and
	// @scheme on received requests. Set it to "https" behind a
	// TLS-terminating proxy. Default: "https" when the request came over
	// TLS, else "http".
	Scheme string

	// Label, when not empty, selects the one RFC 9421 signature to verify.
	// By default every signature is tried in order and the first that
	// verifies is reported.
	Label string

	// InsecureSkipCoverageCheck turns off the rules about which components
	// a signature must cover (see [Verifier]). The cryptographic, digest
	// and time checks still apply. Meant for fixed test vectors and
	// profiles other than the fediverse's.
	InsecureSkipCoverageCheck bool
}

// A Verifier checks the signatures of received requests (and of
// responses), in either format. It is safe for concurrent use.
//
// By default, matching what Mastodon requires, a request signature must
// cover:
//   - the target: (request-target) for cavage; @method and @target-uri for
//     RFC 9421 (or @method, @authority and @request-target, or @method,
//     @authority, @path and @query);
//   - the time: date or (created) for cavage; a created parameter or date
//     for RFC 9421;
//   - host, on a GET or HEAD request signed in cavage format;
//   - the body digest (Digest or Content-Digest), on a request with a
//     body, and the digest must match the raw bytes.
//
// The algorithm comes from the type of the resolved key; the signature's
// own algorithm parameter may only narrow it.
type Verifier struct {
	resolver KeyResolver
	opts     VerifierOptions // HMACSecrets moved to secrets
	secrets  map[string]*secret
}

// NewVerifier returns a Verifier that finds public keys with resolver.
// resolver may be nil when only HMAC secrets are used. opts may be nil.
func NewVerifier(resolver KeyResolver, opts *VerifierOptions) *Verifier {
	var o VerifierOptions
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxAge <= 0 {
		o.MaxAge = DefaultMaxAge
	}
	if o.ClockSkew <= 0 {
		o.ClockSkew = DefaultClockSkew
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultVerifyMaxBodySize
	}
	secrets := make(map[string]*secret, len(o.HMACSecrets))
	for id, s := range o.HMACSecrets {
		secrets[id] = &secret{slices.Clone(s)}
	}
	o.HMACSecrets = nil
	return &Verifier{resolver: resolver, opts: o, secrets: secrets}
}

// String describes the verifier without its shared secrets.
func (v *Verifier) String() string {
	return fmt.Sprintf("httpsig.Verifier{hmacKeys=%d maxAge=%s clockSkew=%s}", len(v.secrets), v.opts.MaxAge, v.opts.ClockSkew)
}

// Format writes [Verifier.String] for every verb, so that no formatting of
// a Verifier prints a shared secret.
func (v *Verifier) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.String()) }

// Result describes a verified signature.
type Result struct {
	// Format is the format of the signature.
	Format Format
	// KeyID is the keyId the signature was made with.
	KeyID string
	// Owner is the owner of the key, as the resolver reported it.
	Owner string
	// Label is the RFC 9421 signature label; empty for cavage.
	Label string
	// Algorithm is the RFC 9421 name of the scheme that verified.
	Algorithm string
	// Covered lists the covered components as the signature names them.
	Covered []string
	// Created is the signature's creation time (or the signed Date), if
	// known.
	Created time.Time
	// Expires is the signature's expiry, if it has one.
	Expires time.Time
	// Tag and Nonce are the RFC 9421 parameters of the same names.
	Tag, Nonce string
}

// VerifyRequest verifies the signature of a received request. It reads
// the body (up to MaxBodySize) to check the digest and puts back a body
// that reads the same bytes.
func (v *Verifier) VerifyRequest(r *http.Request) (*Result, error) {
	body, err := readBody(r.Body, r.ContentLength, v.opts.MaxBodySize)
	if err != nil {
		return nil, err
	}
	if r.Body != nil && r.Body != http.NoBody {
		setRequestBody(r, body)
	}
	return v.verify(r.Context(), newRequestMessage(r, v.opts.Scheme), body)
}

// VerifyResponse verifies the signature of a response. resp.Request is the
// request it answers, needed for components with the req parameter. The
// body is read and put back as for [Verifier.VerifyRequest].
func (v *Verifier) VerifyResponse(resp *http.Response) (*Result, error) {
	body, err := readBody(resp.Body, resp.ContentLength, v.opts.MaxBodySize)
	if err != nil {
		return nil, err
	}
	if resp.Body != nil {
		resp.Body = http.NoBody
		if len(body) > 0 {
			resp.Body = bodyReader(body)
		}
	}
	ctx := context.Background()
	if resp.Request != nil {
		ctx = resp.Request.Context()
	}
	return v.verify(ctx, newResponseMessage(resp, v.opts.Scheme), body)
}

func (v *Verifier) verify(ctx context.Context, m *message, body []byte) (*Result, error) {
	if len(m.header.Values("Signature-Input")) > 0 {
		return v.verifyRFC9421(ctx, m, body)
	}
	if name, value, ok := cavageHeader(m.header); ok {
		sig, err := parseCavage(name, value)
		if err != nil {
			return nil, err
		}
		return v.verifyCavage(ctx, m, sig, body)
	}
	return nil, ErrNoSignature
}

func (v *Verifier) method(m *message) string {
	if m.status != 0 || m.req == nil {
		return ""
	}
	if m.req.Method == "" {
		return http.MethodGet
	}
	return m.req.Method
}

func (v *Verifier) bodyExpected(m *message, body []byte) bool {
	if m.status != 0 {
		return len(body) > 0
	}
	return hasBody(v.method(m), body)
}

// checkTime applies the time rules to a signature's created time (or
// signed Date) and expiry; zero values are absent.
func (v *Verifier) checkTime(created, expires time.Time) error {
	now := v.opts.Now()
	if !created.IsZero() {
		if created.After(now.Add(v.opts.ClockSkew)) {
			return fmt.Errorf("%w: created %s, now %s", ErrNotYetValid, created.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
		if expires.IsZero() && now.Sub(created) > v.opts.MaxAge {
			return fmt.Errorf("%w: created %s, older than %s", ErrExpired, created.UTC().Format(time.RFC3339), v.opts.MaxAge)
		}
	}
	if !expires.IsZero() && now.After(expires.Add(v.opts.ClockSkew)) {
		return fmt.Errorf("%w: expired %s", ErrExpired, expires.UTC().Format(time.RFC3339))
	}
	return nil
}

// checkTimes applies the time rules to a signature's created time and
// expiry and, when the signature covers it, to the Date header, which
// stands for the created time when there is none.
func (v *Verifier) checkTimes(m *message, res *Result, coversDate bool) error {
	if coversDate {
		d, err := signedDate(m)
		if err != nil {
			return err
		}
		if !res.Created.IsZero() {
			if err := v.checkTime(d, res.Expires); err != nil {
				return err
			}
		} else {
			res.Created = d
		}
	}
	return v.checkTime(res.Created, res.Expires)
}

// signedDate parses a Date header that the signature covers.
func signedDate(m *message) (time.Time, error) {
	d, ok := m.fieldValue("date", false, false)
	if !ok {
		return time.Time{}, &MissingComponentError{Component: "date", InMessage: true}
	}
	t, err := parseHTTPDate(d)
	if err != nil {
		return time.Time{}, &MalformedError{Header: "Date", Offset: -1, Reason: "not an HTTP date"}
	}
	return t, nil
}

// checkDigests verifies the digest fields a signature covers, and requires
// one when the message has a body.
func (v *Verifier) checkDigests(m *message, body []byte, coversDigest, coversContentDigest bool) error {
	if v.bodyExpected(m, body) && !coversDigest && !coversContentDigest && !v.opts.InsecureSkipCoverageCheck {
		if m.header.Get("Content-Digest") != "" {
			return &MissingComponentError{Component: "content-digest"}
		}
		return &MissingComponentError{Component: "digest"}
	}
	if coversDigest {
		d, ok := m.fieldValue("digest", false, false)
		if !ok {
			return &MissingComponentError{Component: "digest", InMessage: true}
		}
		if err := VerifyDigest(d, body); err != nil {
			return err
		}
	}
	if coversContentDigest {
		d, ok := m.fieldValue("content-digest", false, false)
		if !ok {
			return &MissingComponentError{Component: "content-digest", InMessage: true}
		}
		if err := VerifyContentDigest(d, body); err != nil {
			return err
		}
	}
	return nil
}

// resolve finds the key material for keyID: a configured HMAC secret, or a
// public key from the resolver. refresh asks a caching resolver to fetch
// the key again.
func (v *Verifier) resolve(ctx context.Context, keyID string, refresh bool) (any, *Key, error) {
	if s, ok := v.secrets[keyID]; ok {
		return s.v, &Key{ID: keyID}, nil
	}
	if v.resolver == nil {
		return nil, nil, fmt.Errorf("%w: %q (no key resolver)", ErrKeyNotFound, keyID)
	}
	var (
		k   *Key
		err error
	)
	if refresh {
		rf, ok := v.resolver.(KeyRefresher)
		if !ok {
			return nil, nil, errNoRefresh
		}
		k, err = rf.RefreshKey(ctx, keyID)
	} else {
		k, err = v.resolver.ResolveKey(ctx, keyID)
	}
	if err != nil {
		if errors.Is(err, ErrKeyNotFound) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("httpsig: resolving key %q: %w", keyID, err)
	}
	if k == nil || k.PublicKey == nil {
		return nil, nil, fmt.Errorf("%w: %q", ErrKeyNotFound, keyID)
	}
	if _, isSecret := k.PublicKey.([]byte); isSecret {
		return nil, nil, fmt.Errorf("%w: a resolver may not return a shared secret (keyId %q)", ErrUnsupportedKey, keyID)
	}
	return k.PublicKey, k, nil
}

var errNoRefresh = errors.New("httpsig: resolver cannot refresh")

// narrow keeps the algorithms allowed by the key's restriction and by the
// signature's own algorithm parameter (RFC 9421 name; empty for none).
func narrow(algs []algorithm, key *Key, sigAlg string) ([]algorithm, error) {
	if key.Algorithm == "" && sigAlg == "" {
		return algs, nil
	}
	out := algs[:0:0]
	for _, a := range algs {
		if key.Algorithm != "" && a.name != key.Algorithm {
			continue
		}
		if sigAlg != "" && a.name != sigAlg {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		if sigAlg != "" {
			if _, known := algorithmByName(sigAlg); !known {
				return nil, fmt.Errorf("%w: %q", ErrUnsupportedAlgorithm, sigAlg)
			}
			return nil, fmt.Errorf("%w: %s does not fit the key of %q", ErrUnsupportedAlgorithm, sigAlg, key.ID)
		}
		return nil, fmt.Errorf("%w: the key of %q is restricted to %s", ErrUnsupportedAlgorithm, key.ID, key.Algorithm)
	}
	return out, nil
}

// checkSignature resolves the key and tries each candidate algorithm over
// each candidate base. When all fail with a key from a cache, the key is
// fetched again once (it may have been rotated).
func (v *Verifier) checkSignature(ctx context.Context, keyID string, algsFor func(keymat any, k *Key) ([]algorithm, error), bases iter.Seq[[]byte], sig []byte) (*Key, algorithm, error) {
	for attempt := 0; attempt < 2; attempt++ {
		keymat, k, err := v.resolve(ctx, keyID, attempt == 1)
		if err != nil {
			if attempt == 1 && errors.Is(err, errNoRefresh) {
				break
			}
			return nil, algorithm{}, err
		}
		algs, err := algsFor(keymat, k)
		if err != nil {
			return nil, algorithm{}, err
		}
		for _, a := range algs {
			for base := range bases {
				if err := a.verify(keymat, base, sig); err == nil {
					return k, a, nil
				} else if !errors.Is(err, ErrBadSignature) {
					return nil, algorithm{}, err
				}
			}
		}
		if _, isSecret := keymat.([]byte); isSecret {
			break
		}
	}
	return nil, algorithm{}, fmt.Errorf("%w (keyId %q)", ErrBadSignature, keyID)
}

func (v *Verifier) verifyCavage(ctx context.Context, m *message, sig *cavageSignature, body []byte) (*Result, error) {
	covers := func(name string) bool {
		for _, h := range sig.headers {
			if h == name {
				return true
			}
		}
		return false
	}
	for _, h := range sig.headers {
		if h != "(created)" && h != "(expires)" {
			continue
		}
		// draft-cavage-12 section 2.3: an error with these algorithms.
		if a := sig.algorithm; strings.HasPrefix(a, "rsa") || strings.HasPrefix(a, "hmac") || strings.HasPrefix(a, "ecdsa") {
			return nil, &MalformedError{Header: sig.header, Offset: -1, Reason: fmt.Sprintf("%s may not be used with algorithm %q", h, a)}
		}
	}
	if !v.opts.InsecureSkipCoverageCheck {
		if m.status == 0 && !covers("(request-target)") {
			return nil, &MissingComponentError{Component: "(request-target)"}
		}
		if !covers("date") && !covers("(created)") {
			return nil, &MissingComponentError{Component: "date"}
		}
		if method := v.method(m); (method == http.MethodGet || method == http.MethodHead) && !covers("host") {
			return nil, &MissingComponentError{Component: "host"}
		}
	}
	res := &Result{Format: Cavage, KeyID: sig.keyID, Covered: sig.headers}
	if covers("(created)") && sig.hasCreated {
		res.Created = time.Unix(sig.created, 0)
	}
	if covers("(expires)") && sig.hasExpires {
		res.Expires = time.Unix(sig.expires, 0)
	}
	if err := v.checkTimes(m, res, covers("date")); err != nil {
		return nil, err
	}
	if err := v.checkDigests(m, body, covers("digest"), covers("content-digest")); err != nil {
		return nil, err
	}

	// The strings to try: as signed, then (for old senders) without the
	// query in (request-target), and with empty headers written "name:".
	// The variants are built only when the first string fails.
	first, err := cavageSigningString(m, sig, true, false)
	if err != nil {
		return nil, err
	}
	bases := func(yield func([]byte) bool) {
		if !yield(first) {
			return
		}
		seen := [][]byte{first}
		for _, variant := range [][2]bool{{false, false}, {true, true}, {false, true}} {
			s, err := cavageSigningString(m, sig, variant[0], variant[1])
			if err != nil || slices.ContainsFunc(seen, func(b []byte) bool { return bytes.Equal(b, s) }) {
				continue
			}
			seen = append(seen, s)
			if !yield(s) {
				return
			}
		}
	}
	k, a, err := v.checkSignature(ctx, sig.keyID, func(keymat any, k *Key) ([]algorithm, error) {
		algs, err := cavageAlgorithms(sig.algorithm, keymat)
		if err != nil {
			return nil, err
		}
		return narrow(algs, k, "")
	}, bases, sig.signature)
	if err != nil {
		return nil, err
	}
	res.Owner, res.Algorithm = k.Owner, a.name
	return res, nil
}

func (v *Verifier) verifyRFC9421(ctx context.Context, m *message, body []byte) (*Result, error) {
	sigs, err := parseRFC9421(m.header)
	if err != nil {
		return nil, err
	}
	var firstErr error
	tried := 0
	for _, s := range sigs {
		if v.opts.Label != "" && s.label != v.opts.Label {
			continue
		}
		tried++
		res, err := v.verifyOneRFC9421(ctx, m, s, body)
		if err == nil {
			return res, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if tried == 0 {
		return nil, fmt.Errorf("%w labelled %q", ErrNoSignature, v.opts.Label)
	}
	return nil, firstErr
}

func (v *Verifier) verifyOneRFC9421(ctx context.Context, m *message, s *rfcSignature, body []byte) (*Result, error) {
	// has tells which plain components (no parameters) are covered.
	has := func(name string) bool {
		for _, c := range s.components {
			if c.Value == name && len(c.Params) == 0 {
				return true
			}
		}
		return false
	}
	if !v.opts.InsecureSkipCoverageCheck {
		if m.status == 0 {
			if !has("@method") {
				return nil, &MissingComponentError{Component: "@method"}
			}
			if !has("@target-uri") && !(has("@authority") && (has("@request-target") || has("@path") && has("@query"))) {
				return nil, &MissingComponentError{Component: "@target-uri"}
			}
		}
		if !s.hasCreated && !has("date") {
			return nil, &MissingComponentError{Component: "created"}
		}
	}
	if s.keyID == "" {
		return nil, &MalformedError{Header: "Signature-Input", Offset: -1, Reason: s.label + ": no keyid parameter"}
	}
	res := &Result{Format: RFC9421, KeyID: s.keyID, Label: s.label, Tag: s.tag, Nonce: s.nonce}
	if s.hasCreated {
		res.Created = time.Unix(s.created, 0)
	}
	if s.hasExpires {
		res.Expires = time.Unix(s.expires, 0)
	}
	if err := v.checkTimes(m, res, has("date")); err != nil {
		return nil, err
	}
	if err := v.checkDigests(m, body, has("digest"), has("content-digest")); err != nil {
		return nil, err
	}
	base, ids, err := signatureBase(m, s.input, s.serialized)
	if err != nil {
		return nil, err
	}
	res.Covered = ids
	k, a, err := v.checkSignature(ctx, s.keyID, func(keymat any, k *Key) ([]algorithm, error) {
		var algs []algorithm
		if _, isSecret := keymat.([]byte); isSecret {
			algs = []algorithm{algHMAC}
		} else {
			var err error
			if algs, err = algorithmsForKey(keymat); err != nil {
				return nil, err
			}
		}
		return narrow(algs, k, s.alg)
	}, func(yield func([]byte) bool) { yield(base) }, s.signature)
	if err != nil {
		return nil, err
	}
	res.Owner, res.Algorithm = k.Owner, a.name
	return res, nil
}
