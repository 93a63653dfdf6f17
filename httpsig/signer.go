package httpsig

import (
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/fedikit/fedikit/httpsig/internal/sfv"
)

// Format is a signature format.
type Format int

// The two formats. The zero Format means "the default" wherever a Format is
// taken.
const (
	// Cavage is draft-cavage-http-signatures-12: the Signature header that
	// Mastodon, GoToSocial, Misskey, PeerTube and most of the fediverse
	// send and verify.
	Cavage Format = iota + 1
	// RFC9421 is HTTP Message Signatures (RFC 9421): the Signature-Input
	// and Signature fields. Mastodon verifies it since 4.5.
	RFC9421
)

// String returns "cavage" or "rfc9421".
func (f Format) String() string {
	switch f {
	case Cavage:
		return "cavage"
	case RFC9421:
		return "rfc9421"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// SignerOptions configures a [Signer]. The zero value of every field means
// its default, which is what Mastodon verifies.
type SignerOptions struct {
	// Format is the format that [Signer.SignRequest] and
	// [Signer.SignResponse] use. Default: [Cavage].
	Format Format

	// Algorithm is the RFC 9421 algorithm name. It must fit the key. For RSA
	// keys it is rsa-v1_5-sha256 (the default, which Mastodon uses) or
	// rsa-pss-sha512; for other keys it follows from the key and may be
	// left empty.
	Algorithm string

	// CavageAlgorithm is the value of the cavage algorithm parameter:
	// "rsa-sha256" (the default for RSA keys signing with rsa-v1_5-sha256)
	// or "hs2019" (the default for other keys, and required for
	// (created) and (expires)).
	CavageAlgorithm string

	// Headers lists the headers and pseudo-headers a cavage signature
	// covers, lower case, such as "(request-target)", "host", "date". Nil
	// means: (request-target) host date, then digest on a request with a
	// body, then accept or content-type when the request has one.
	Headers []string

	// Components lists the components an RFC 9421 signature covers, each a
	// name ("@method", "content-digest") or a serialized component
	// identifier (`"@query-param";name="id"`). Nil means @method and
	// @target-uri, plus content-digest on a request with a body; for a
	// response, @status plus content-type and content-digest when present.
	Components []string

	// Label names an RFC 9421 signature. Default "sig1".
	Label string

	// Tag, when not empty, is written as the RFC 9421 tag parameter.
	Tag string

	// Nonce adds a random nonce parameter to RFC 9421 signatures.
	Nonce bool

	// IncludeAlg writes the alg parameter in RFC 9421 signatures. Off by
	// default: verifiers take the algorithm from the key.
	IncludeAlg bool

	// Expires, when positive, gives signatures an expiry that long after
	// their creation (RFC 9421 expires; cavage (expires), which needs
	// hs2019).
	Expires time.Duration

	// DigestAlgorithm is the hash of the Content-Digest field of RFC 9421
	// signatures. Default sha-256. Cavage's Digest header is always
	// SHA-256, the only one fediverse servers check.
	DigestAlgorithm DigestAlgorithm

	// MaxBodySize caps how much of a body is read to compute its digest.
	// Default [DefaultSignMaxBodySize].
	MaxBodySize int64

	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// A Signer signs HTTP requests and responses with one key. It is safe for
// concurrent use.
type Signer struct {
	keyID     string
	key       *secret // crypto.Signer or []byte (HMAC)
	alg       algorithm
	cavageAlg string
	opts      SignerOptions
	comps     []sfv.Item // parsed opts.Components
}

// NewSigner returns a Signer that signs as keyID with key: an
// *rsa.PrivateKey, *ecdsa.PrivateKey (P-256 or P-384), ed25519.PrivateKey,
// or any crypto.Signer over such a key (an HSM or KMS key, say). opts may
// be nil.
func NewSigner(keyID string, key crypto.Signer, opts *SignerOptions) (*Signer, error) {
	if key == nil {
		return nil, fmt.Errorf("%w: no key", ErrUnsupportedKey)
	}
	var o SignerOptions
	if opts != nil {
		o = *opts
	}
	alg, err := signerAlgorithm(key, o.Algorithm)
	if err != nil {
		return nil, err
	}
	return newSigner(keyID, key, alg, o)
}

// NewHMACSigner returns a Signer that signs with hmac-sha256 and a shared
// secret. Only peers that were given the same secret can verify its
// signatures. opts may be nil.
func NewHMACSigner(keyID string, secret []byte, opts *SignerOptions) (*Signer, error) {
	if len(secret) == 0 {
		return nil, fmt.Errorf("%w: empty HMAC secret", ErrUnsupportedKey)
	}
	var o SignerOptions
	if opts != nil {
		o = *opts
	}
	if o.Algorithm != "" && o.Algorithm != AlgHMACSHA256 {
		return nil, fmt.Errorf("%w: %s with a shared secret", ErrUnsupportedAlgorithm, o.Algorithm)
	}
	if o.CavageAlgorithm == "" {
		o.CavageAlgorithm = "hmac-sha256"
	}
	return newSigner(keyID, slices.Clone(secret), algHMAC, o)
}

func newSigner(keyID string, key any, alg algorithm, o SignerOptions) (*Signer, error) {
	if keyID == "" {
		return nil, errors.New("httpsig: empty keyId")
	}
	if o.Format == 0 {
		o.Format = Cavage
	}
	if o.Label == "" {
		o.Label = "sig1"
	}
	if o.DigestAlgorithm == "" {
		o.DigestAlgorithm = DigestSHA256
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultSignMaxBodySize
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Signer{keyID: keyID, key: &secret{key}, alg: alg, opts: o}
	switch {
	case o.CavageAlgorithm != "":
		s.cavageAlg = strings.ToLower(o.CavageAlgorithm)
	case alg.name == AlgRSAv15SHA256:
		s.cavageAlg = "rsa-sha256"
	default:
		s.cavageAlg = "hs2019"
	}
	if err := checkCavageAlgorithm(s.cavageAlg, alg); err != nil {
		return nil, err
	}
	if o.Headers != nil {
		s.opts.Headers = make([]string, len(o.Headers))
		for i, h := range o.Headers {
			s.opts.Headers[i] = strings.ToLower(strings.TrimSpace(h))
		}
	}
	if o.Components != nil {
		comps, err := parseComponents(o.Components)
		if err != nil {
			return nil, err
		}
		s.comps = comps
	}
	if !isLabel(s.opts.Label) {
		return nil, fmt.Errorf("httpsig: label %q is not a structured-field key", s.opts.Label)
	}
	return s, nil
}

// checkCavageAlgorithm refuses a cavage algorithm name that does not
// describe the signing scheme.
func checkCavageAlgorithm(name string, alg algorithm) error {
	ok := false
	switch name {
	case "hs2019":
		ok = true
	case "rsa-sha256":
		ok = alg.name == AlgRSAv15SHA256
	case "hmac-sha256":
		ok = alg.name == AlgHMACSHA256
	case "ecdsa-sha256":
		ok = alg.name == AlgECDSAP256SHA256
	case "ed25519":
		ok = alg.name == AlgEd25519
	}
	if !ok {
		return fmt.Errorf("%w: cavage algorithm %q for %s", ErrUnsupportedAlgorithm, name, alg.name)
	}
	return nil
}

// parseComponents turns component names or serialized identifiers into
// structured items.
func parseComponents(list []string) ([]sfv.Item, error) {
	out := make([]sfv.Item, 0, len(list))
	for _, c := range list {
		c = strings.TrimSpace(c)
		var it sfv.Item
		if strings.HasPrefix(c, `"`) {
			var err error
			if it, err = sfv.ParseItem(c); err != nil {
				return nil, fmt.Errorf("httpsig: component %s: %w", c, err)
			}
			if _, ok := it.Value.(string); !ok {
				return nil, fmt.Errorf("httpsig: component %s is not a string", c)
			}
		} else {
			it = sfv.Item{Value: strings.ToLower(c)}
		}
		if _, err := sfv.MarshalItem(it); err != nil {
			return nil, fmt.Errorf("httpsig: component %q: %w", c, err)
		}
		out = append(out, it)
	}
	return out, nil
}

// secret holds key material: a crypto.Signer or a shared secret. Signer
// and Verifier keep it behind a pointer, which fmt prints as an address,
// so that even a Signer or Verifier printed by value shows no key.
type secret struct{ v any }

// String describes the signer by its keyId and algorithm, never its key.
func (s *Signer) String() string {
	return fmt.Sprintf("httpsig.Signer{keyId=%q alg=%s}", s.keyID, s.alg.name)
}

// Format writes [Signer.String] for every verb, so that no formatting of a
// Signer prints key material.
func (s *Signer) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// KeyID returns the keyId the signer signs as.
func (s *Signer) KeyID() string { return s.keyID }

// SignRequest signs r in the signer's format. It sets a fresh Date header,
// computes the body digest (Digest for cavage, Content-Digest for RFC 9421)
// over the exact body, which it leaves readable, and adds the signature
// headers. It modifies r; a RoundTripper must sign a clone.
func (s *Signer) SignRequest(r *http.Request) error {
	return s.SignRequestAs(r, s.opts.Format)
}

// SignRequestAs is [Signer.SignRequest] in the format f.
func (s *Signer) SignRequestAs(r *http.Request, f Format) error {
	return s.signRequest(r, f, nil)
}

// challenge is what a peer asked for in Accept-Signature.
type challenge struct {
	label      string
	components []sfv.Item
	params     sfv.Params
}

func (s *Signer) signRequest(r *http.Request, f Format, ch *challenge) error {
	if f == 0 {
		f = s.opts.Format
	}
	body, err := readBody(r.Body, r.ContentLength, s.opts.MaxBodySize)
	if err != nil {
		return err
	}
	if r.Body != nil && r.Body != http.NoBody || len(body) > 0 {
		setRequestBody(r, body)
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	now := s.opts.Now()
	r.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	m := newRequestMessage(r, "")
	withBody := hasBody(r.Method, body)
	switch f {
	case Cavage:
		headers := s.opts.Headers
		if headers == nil {
			headers = []string{"(request-target)", "host", "date"}
			if withBody {
				headers = append(headers, "digest")
			}
			if r.Header.Get("Accept") != "" && !withBody {
				headers = append(headers, "accept")
			}
			if r.Header.Get("Content-Type") != "" && withBody {
				headers = append(headers, "content-type")
			}
		}
		if withBody || slices.Contains(headers, "digest") {
			d, err := Digest(DigestSHA256, body)
			if err != nil {
				return err
			}
			r.Header.Set("Digest", d)
		}
		return s.signCavage(m, headers, now)
	case RFC9421:
		comps := s.comps
		var label string
		var extra sfv.Params
		if ch != nil {
			comps, label, extra = ch.components, ch.label, ch.params
		}
		if comps == nil {
			comps = []sfv.Item{{Value: "@method"}, {Value: "@target-uri"}}
			if withBody {
				comps = append(comps, sfv.Item{Value: "content-digest"})
			}
		}
		if withBody || coversField(comps, "content-digest") {
			d, err := ContentDigest(body, s.opts.DigestAlgorithm)
			if err != nil {
				return err
			}
			r.Header.Set("Content-Digest", d)
		}
		return s.signRFC9421(m, comps, label, extra, now)
	}
	return fmt.Errorf("httpsig: unknown format %v", f)
}

// SignResponse signs resp in the signer's format. resp.Request, when set,
// is the request it answers, and components with the req parameter are
// taken from it. It computes the body digest and leaves the body readable.
func (s *Signer) SignResponse(resp *http.Response) error {
	body, err := readBody(resp.Body, resp.ContentLength, s.opts.MaxBodySize)
	if err != nil {
		return err
	}
	if resp.Body != nil {
		resp.Body = http.NoBody
		if len(body) > 0 {
			resp.Body = bodyReader(body)
		}
		resp.ContentLength = int64(len(body))
	}
	if resp.Header == nil {
		resp.Header = make(http.Header)
	}
	now := s.opts.Now()
	if resp.Header.Get("Date") == "" {
		resp.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	}
	m := newResponseMessage(resp, "")
	switch s.opts.Format {
	case Cavage:
		headers := s.opts.Headers
		if headers == nil {
			headers = []string{"date"}
			if len(body) > 0 {
				headers = append(headers, "digest")
			}
			if resp.Header.Get("Content-Type") != "" {
				headers = append(headers, "content-type")
			}
		}
		if len(body) > 0 || slices.Contains(headers, "digest") {
			d, err := Digest(DigestSHA256, body)
			if err != nil {
				return err
			}
			resp.Header.Set("Digest", d)
		}
		return s.signCavage(m, headers, now)
	default:
		comps := s.comps
		if comps == nil {
			comps = []sfv.Item{{Value: "@status"}}
			if resp.Header.Get("Content-Type") != "" {
				comps = append(comps, sfv.Item{Value: "content-type"})
			}
			if len(body) > 0 {
				comps = append(comps, sfv.Item{Value: "content-digest"})
			}
		}
		if len(body) > 0 || coversField(comps, "content-digest") {
			d, err := ContentDigest(body, s.opts.DigestAlgorithm)
			if err != nil {
				return err
			}
			resp.Header.Set("Content-Digest", d)
		}
		return s.signRFC9421(m, comps, "", nil, now)
	}
}

func coversField(comps []sfv.Item, name string) bool {
	for _, c := range comps {
		if c.Value == name {
			return true
		}
	}
	return false
}

func (s *Signer) signCavage(m *message, headers []string, now time.Time) error {
	sig := &cavageSignature{header: "Signature", keyID: s.keyID, algorithm: s.cavageAlg, headers: headers}
	if slices.Contains(headers, "(created)") {
		sig.created, sig.hasCreated = now.Unix(), true
	}
	if slices.Contains(headers, "(expires)") {
		if s.opts.Expires <= 0 {
			return errors.New("httpsig: (expires) is covered but SignerOptions.Expires is not set")
		}
		sig.expires, sig.hasExpires = now.Add(s.opts.Expires).Unix(), true
	}
	str, err := cavageSigningString(m, sig, true, false)
	if err != nil {
		return err
	}
	b, err := asCavage(s.alg).sign(s.key.v, str)
	if err != nil {
		return fmt.Errorf("httpsig: signing: %w", err)
	}
	var created, expires int64
	if sig.hasCreated {
		created = sig.created
	}
	if sig.hasExpires {
		expires = sig.expires
	}
	m.header.Set("Signature", formatCavage(s.keyID, s.cavageAlg, headers, created, expires, b))
	return nil
}

// signRFC9421 adds one labelled signature over comps. label and extra come
// from an Accept-Signature challenge: extra lists the parameters the peer
// asked for (a Boolean true means "include it", a value means "use it").
func (s *Signer) signRFC9421(m *message, comps []sfv.Item, label string, extra sfv.Params, now time.Time) error {
	if label == "" {
		label = s.opts.Label
	}
	want := func(k string) (any, bool) { return extra.Get(k) }
	var params sfv.Params
	params = append(params, sfv.Param{Key: "created", Value: now.Unix()})
	params = append(params, sfv.Param{Key: "keyid", Value: s.keyID})
	if _, asked := want("alg"); s.opts.IncludeAlg || asked {
		params = append(params, sfv.Param{Key: "alg", Value: s.alg.name})
	}
	if s.opts.Expires > 0 {
		params = append(params, sfv.Param{Key: "expires", Value: now.Add(s.opts.Expires).Unix()})
	}
	nonce, asked := want("nonce")
	if n, ok := nonce.(string); ok {
		params = append(params, sfv.Param{Key: "nonce", Value: n})
	} else if s.opts.Nonce || asked {
		params = append(params, sfv.Param{Key: "nonce", Value: randomNonce()})
	}
	if t, ok := want("tag"); ok {
		if ts, isString := t.(string); isString {
			params = append(params, sfv.Param{Key: "tag", Value: ts})
		}
	} else if s.opts.Tag != "" {
		params = append(params, sfv.Param{Key: "tag", Value: s.opts.Tag})
	}
	input := sfv.InnerList{Items: comps, Params: params}
	base, _, err := signatureBase(m, input, "")
	if err != nil {
		return err
	}
	sig, err := s.alg.sign(s.key.v, base)
	if err != nil {
		return fmt.Errorf("httpsig: signing: %w", err)
	}
	return addRFC9421Headers(m.header, label, input, sig)
}

// addRFC9421Headers adds a labelled signature to the Signature-Input and
// Signature fields of h, keeping any signature already there.
func addRFC9421Headers(h http.Header, label string, input sfv.InnerList, sig []byte) error {
	if existing, err := sfv.ParseDictionary(strings.Join(h.Values("Signature-Input"), ", ")); err == nil {
		if _, dup := existing.Get(label); dup {
			return fmt.Errorf("httpsig: the message already has a signature labelled %q", label)
		}
	}
	in, err := sfv.MarshalDictionary(sfv.Dictionary{{Key: label, Value: input}})
	if err != nil {
		return fmt.Errorf("httpsig: %w", err)
	}
	sv, err := sfv.MarshalDictionary(sfv.Dictionary{{Key: label, Value: sfv.Item{Value: sig}}})
	if err != nil {
		return fmt.Errorf("httpsig: %w", err)
	}
	h.Add("Signature-Input", in)
	h.Add("Signature", sv)
	return nil
}

func randomNonce() string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
