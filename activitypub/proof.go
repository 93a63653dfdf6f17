package activitypub

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/fedikit/fedikit/internal/base58"
	"net/url"
	"strings"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/jcs"
)

// Errors of object integrity proofs (FEP-8b32).
var (
	// ErrNoProof means the document carries no integrity proof.
	ErrNoProof = errors.New("activitypub: no integrity proof")
	// ErrBadProof means an integrity proof is not one this package
	// accepts, or does not verify. The error says why; it also matches
	// [ErrActorMismatch] when the proof was made by another actor than the
	// object's owner, and [ErrOriginMismatch] when the key, its controller
	// and the object are not on one origin.
	ErrBadProof = errors.New("activitypub: bad integrity proof")
)

// The values of an eddsa-jcs-2022 proof (W3C Data Integrity EdDSA
// Cryptosuites v1.0, section 3.3) as FEP-8b32 uses it.
const (
	proofType         = "DataIntegrityProof"
	proofCryptosuite  = "eddsa-jcs-2022"
	proofPurposeValue = "assertionMethod"
)

// Context documents that declare the Data Integrity terms.
const (
	contextDataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"
	contextCredentialsV2   = "https://www.w3.org/ns/credentials/v2"
)

// maxProofs is how many proofs of one document VerifyProof tries; each may
// cost a key fetch.
const maxProofs = 8

// ProofResult is a verified proof.
type ProofResult struct {
	// VerificationMethod is the proof's verificationMethod: the id of the
	// key that made it.
	VerificationMethod string
	// Controller is the owner of that key as the key resolver reports it:
	// the actor that vouches for the document, which is the document's
	// owner.
	Controller string
	// Created is when the proof says it was made; zero when it does not
	// say.
	Created time.Time
}

// SignObject adds an eddsa-jcs-2022 DataIntegrityProof to doc (the
// top-level object), made with key (an Ed25519 ActorKey whose ID is the
// verification method, published as a Multikey in the actor's
// assertionMethod), created at the given time.
//
// The proof follows FEP-8b32 and W3C Data Integrity: its proofPurpose is
// assertionMethod, its proofValue the Ed25519 signature, in base58btc
// multibase ("z…"), of the SHA-256 of the canonical (RFC 8785) proof
// options followed by the SHA-256 of the canonical document without its
// proofs. The proof carries the document's @context, and created is
// written in UTC to the second. A document whose @context does not declare
// the Data Integrity terms gets https://w3id.org/security/data-integrity/v2
// added to it first.
//
// The document should be complete, since any later change breaks the
// proof: sign it last, before delivering it. A document that already has
// a proof gets a second one beside it (a proof set); one that has a Linked
// Data signature is refused, since FEP-8b32 wants the proof made first.
//
// The key's owner should be the document's owner (the actor of an
// activity, the attributedTo of an object), or [VerifyProof] refuses the
// proof; SignObject does not check it.
func SignObject(doc *Document, key *ActorKey, created time.Time) error {
	const fn = "SignObject"
	if doc == nil {
		return errorf(fn, "nil document")
	}
	if err := key.check(fn); err != nil {
		return err
	}
	pub, ok := key.Signer.Public().(ed25519.PublicKey)
	if !ok {
		return errorf(fn, "key %s is %s; %s needs an Ed25519 key", quoteShort(key.ID), describeSigner(key.Signer), proofCryptosuite)
	}
	if created.IsZero() {
		return errorf(fn, "no creation time")
	}
	root := doc.Root()
	if root.v.Get("signature") != nil {
		return errorf(fn, "the document has a Linked Data signature, which must be made after the integrity proof")
	}
	hasProof := root.v.Get("proof") != nil
	if !hasProof && !declaresDataIntegrity(doc.Context()) {
		// Not when a proof is there already: it covers the @context.
		doc.addContextURL(contextDataIntegrityV2)
		doc.changed()
	}

	top, err := canonicalMembers(doc)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	var others []json.RawMessage
	if hasProof {
		if others, err = proofList(top["proof"]); err != nil {
			return errorf(fn, "%v", err)
		}
	}
	delete(top, "proof")

	opts := proofJSON{
		Context:            top["@context"],
		Type:               proofType,
		Cryptosuite:        proofCryptosuite,
		VerificationMethod: key.ID,
		ProofPurpose:       proofPurposeValue,
		Created:            formatTime(created),
	}
	optsJSON, err := json.Marshal(opts)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	canonDoc, canonOpts, err := canonicalProofInput(top, optsJSON)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	data := proofHashData(canonOpts, canonDoc)
	sig, err := key.Signer.Sign(rand.Reader, data, crypto.Hash(0))
	if err != nil {
		return errorf(fn, "signing with key %s: %v", quoteShort(key.ID), err)
	}
	if !ed25519.Verify(pub, data, sig) {
		return errorf(fn, "key %s made a signature that does not verify", quoteShort(key.ID))
	}
	opts.ProofValue = "z" + base58.Encode(sig)
	proof, err := json.Marshal(opts)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	if len(others) == 0 {
		return root.Set("proof", json.RawMessage(proof))
	}
	set := make([]any, 0, len(others)+1)
	for _, p := range others {
		set = append(set, p)
	}
	return root.Set("proof", append(set, json.RawMessage(proof)))
}

// proofJSON is a proof as SignObject writes it, members in the order of
// FEP-8b32's examples; without a proofValue, it is the proof options.
type proofJSON struct {
	Context            json.RawMessage `json:"@context,omitempty"`
	Type               string          `json:"type"`
	Cryptosuite        string          `json:"cryptosuite"`
	VerificationMethod string          `json:"verificationMethod"`
	ProofPurpose       string          `json:"proofPurpose"`
	ProofValue         string          `json:"proofValue,omitempty"`
	Created            string          `json:"created"`
}

// declaresDataIntegrity reports whether c names a context that declares
// the Data Integrity terms (proof, DataIntegrityProof, cryptosuite).
func declaresDataIntegrity(c *Context) bool {
	return c.hasURL(contextDataIntegrityV2) || c.hasURL(ContextDataIntegrityV1) || c.hasURL(contextCredentialsV2)
}

// VerifyProof verifies the proofs of doc with keys resolved by r (the
// httpsig.KeyResolver interface: *KeyResolver implements it; key owner =
// controller) and returns the first valid one; errors: ErrNoProof (no
// proof), ErrBadProof (wraps the reason), key resolution errors.
//
// It follows the Verify Proof algorithms of W3C Data Integrity and of its
// eddsa-jcs-2022 cryptosuite, with the rules of FEP-8b32 and FEP-fe34. A
// proof is accepted when:
//
//   - its type is DataIntegrityProof, its cryptosuite eddsa-jcs-2022 and
//     its proofPurpose assertionMethod; it names a verificationMethod and
//     holds a base58btc proofValue of 64 bytes; created and expires, if
//     there, are dateTimeStamps, and expires is not past;
//   - when it has an @context, the document's @context starts with it;
//   - the key resolves to an Ed25519 key, on the origin of its
//     controller;
//   - the controller is the document's owner: for an activity, its actor
//     (one of them); for an actor, itself; for another object, its
//     attributedTo (one of them) (else [ErrActorMismatch]); the document's
//     id, when it is an http(s) URL, is on the controller's origin;
//   - the Ed25519 signature verifies over the SHA-256 of the canonical
//     proof options (the proof without proofValue) followed by the SHA-256
//     of the canonical document without its proofs (with the proof's
//     @context, when it has one) and without a Linked Data signature, which
//     FEP-8b32 says is made after the proof.
//
// The proof of the top-level object is checked, not those of embedded
// objects. "proof" may be a list (a proof set); each proof in it is tried
// in turn, up to 8. Proofs that name a previousProof (proof chains) are not
// supported and are refused.
//
// doc is not changed.
func VerifyProof(ctx context.Context, doc *Document, r httpsig.KeyResolver) (*ProofResult, error) {
	if doc == nil || r == nil {
		return nil, errors.New("activitypub: VerifyProof needs a document and a key resolver")
	}
	root := doc.Root()
	if !root.Valid() || root.v.Get("proof") == nil {
		return nil, ErrNoProof
	}
	top, err := canonicalMembers(doc)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadProof, err)
	}
	proofs, err := proofList(top["proof"])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadProof, err)
	}
	if len(proofs) == 0 {
		return nil, ErrNoProof
	}
	if len(proofs) > maxProofs {
		return nil, fmt.Errorf("%w: %d proofs, more than %d", ErrBadProof, len(proofs), maxProofs)
	}
	delete(top, "proof")
	delete(top, "signature")
	owners := proofOwners(root)
	id := root.ID()

	var errs []error
	for i, p := range proofs {
		res, err := verifyProof(ctx, top, p, owners, id, r)
		if err == nil {
			return res, nil
		}
		if len(proofs) > 1 {
			err = fmt.Errorf("proof %d: %w", i+1, err)
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// badProof returns an error matching ErrBadProof.
func badProof(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadProof, fmt.Sprintf(format, args...))
}

// verifyProof verifies one proof of the document whose other top-level
// members are top.
func verifyProof(ctx context.Context, top map[string]json.RawMessage, proof json.RawMessage, owners []string, id string, r httpsig.KeyResolver) (*ProofResult, error) {
	var p map[string]json.RawMessage
	if err := json.Unmarshal(proof, &p); err != nil || p == nil {
		return nil, badProof("not an object")
	}
	str := func(name string) (string, bool) {
		v, ok := p[name]
		if !ok {
			return "", false
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", false
		}
		return s, true
	}
	if s, _ := str("type"); s != proofType {
		return nil, badProof("type is not %s", proofType)
	}
	if s, _ := str("cryptosuite"); s != proofCryptosuite {
		return nil, badProof("cryptosuite is not %s", proofCryptosuite)
	}
	if s, _ := str("proofPurpose"); s != proofPurposeValue {
		return nil, badProof("proofPurpose is not %s", proofPurposeValue)
	}
	vm, _ := str("verificationMethod")
	if vm == "" {
		return nil, badProof("no verificationMethod")
	}
	sig, err := decodeProofValue(p["proofValue"])
	if err != nil {
		return nil, err
	}
	var res ProofResult
	res.VerificationMethod = vm
	if _, ok := p["created"]; ok {
		s, _ := str("created")
		if res.Created, err = parseDateTimeStamp(s); err != nil {
			return nil, badProof("created is not a date and time")
		}
	}
	if _, ok := p["expires"]; ok {
		s, _ := str("expires")
		expires, err := parseDateTimeStamp(s)
		if err != nil {
			return nil, badProof("expires is not a date and time")
		}
		if !time.Now().Before(expires) {
			return nil, badProof("expired at %s", expires.UTC().Format(time.RFC3339))
		}
	}
	if _, ok := p["previousProof"]; ok {
		return nil, badProof("proof chains (previousProof) are not supported")
	}
	unsecured := top
	if pc, ok := p["@context"]; ok {
		if !contextStartsWith(top["@context"], pc) {
			return nil, badProof("the document's @context does not start with the proof's")
		}
		unsecured = make(map[string]json.RawMessage, len(top))
		for k, v := range top {
			unsecured[k] = v
		}
		unsecured["@context"] = pc
	}

	// Who may vouch for the document is known before the key is fetched.
	if len(owners) == 0 {
		return nil, badProof("the document names no owner (actor or attributedTo)")
	}
	if !onOwnersOrigin(vm, owners) {
		return nil, fmt.Errorf("%w: key %s is not on the origin of the document's owner %s (%w)",
			ErrBadProof, quoteShort(vm), quoteShort(owners[0]), ErrActorMismatch)
	}
	key, err := r.ResolveKey(ctx, vm)
	if err != nil {
		return nil, fmt.Errorf("activitypub: integrity proof key %s: %w", quoteShort(vm), err)
	}
	if key == nil {
		return nil, fmt.Errorf("activitypub: integrity proof key %s: %w", quoteShort(vm), httpsig.ErrKeyNotFound)
	}
	pub, ok := key.PublicKey.(ed25519.PublicKey)
	if !ok || len(pub) != ed25519.PublicKeySize || key.Algorithm != "" && key.Algorithm != "ed25519" {
		return nil, badProof("key %s is not an Ed25519 key", quoteShort(vm))
	}
	res.Controller = key.Owner
	switch {
	case res.Controller == "":
		return nil, badProof("key %s names no controller", quoteShort(vm))
	case !sameOriginIRIs(vm, res.Controller):
		return nil, fmt.Errorf("%w: key %s has the controller %s, on another origin (%w)",
			ErrBadProof, quoteShort(vm), quoteShort(res.Controller), ErrOriginMismatch)
	case !isOwner(res.Controller, owners):
		return nil, fmt.Errorf("%w: the key's controller %s is not the document's owner %s (%w)",
			ErrBadProof, quoteShort(res.Controller), quoteShort(owners[0]), ErrActorMismatch)
	case isHTTPURL(id) && !sameOriginIRIs(id, res.Controller):
		return nil, fmt.Errorf("%w: the document's id %s is not on the origin of %s (%w)",
			ErrBadProof, quoteShort(id), quoteShort(res.Controller), ErrOriginMismatch)
	}

	delete(p, "proofValue")
	opts, err := json.Marshal(p)
	if err != nil {
		return nil, badProof("%v", err)
	}
	canonDoc, canonOpts, err := canonicalProofInput(unsecured, opts)
	if err != nil {
		return nil, badProof("%v", err)
	}
	if !ed25519.Verify(pub, proofHashData(canonOpts, canonDoc), sig) {
		return nil, badProof("the signature of key %s does not verify", quoteShort(vm))
	}
	return &res, nil
}

// canonicalMembers returns the top-level members of doc, each value in
// canonical form (RFC 8785). It fails for a document that has no
// canonical form, such as one with a duplicate property name.
func canonicalMembers(doc *Document) (map[string]json.RawMessage, error) {
	raw, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	canon, err := jcs.Canonicalize(raw)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(canon, &top); err != nil {
		return nil, err
	}
	return top, nil
}

// proofList returns the proofs of a "proof" value: one object, or a list.
func proofList(v json.RawMessage) ([]json.RawMessage, error) {
	switch {
	case len(v) > 0 && v[0] == '{':
		return []json.RawMessage{v}, nil
	case len(v) > 0 && v[0] == '[':
		var list []json.RawMessage
		if err := json.Unmarshal(v, &list); err != nil {
			return nil, err
		}
		return list, nil
	}
	return nil, errors.New("proof is neither an object nor a list")
}

// canonicalProofInput returns the two texts an eddsa-jcs-2022 proof hashes:
// the canonical unsecured document and the canonical proof options.
func canonicalProofInput(unsecured map[string]json.RawMessage, opts []byte) (doc, options []byte, err error) {
	text, err := json.Marshal(unsecured)
	if err != nil {
		return nil, nil, err
	}
	if doc, err = jcs.Canonicalize(text); err != nil {
		return nil, nil, err
	}
	if options, err = jcs.Canonicalize(opts); err != nil {
		return nil, nil, err
	}
	return doc, options, nil
}

// proofHashData is what eddsa-jcs-2022 signs: the SHA-256 of the proof
// options, then the SHA-256 of the document.
func proofHashData(canonOpts, canonDoc []byte) []byte {
	o := sha256.Sum256(canonOpts)
	d := sha256.Sum256(canonDoc)
	return append(o[:], d[:]...)
}

// decodeProofValue decodes a base58btc multibase proofValue into the 64
// bytes of an Ed25519 signature.
func decodeProofValue(v json.RawMessage) ([]byte, error) {
	var s string
	if v == nil || json.Unmarshal(v, &s) != nil {
		return nil, badProof("no proofValue")
	}
	// 64 bytes take at most 88 base58 digits; a longer text is not
	// decoded, as decoding takes time quadratic in its length.
	if !strings.HasPrefix(s, "z") || len(s) > 1+88 {
		return nil, badProof("proofValue is not a base58btc multibase signature")
	}
	sig, err := base58.Decode(s[1:])
	ok := err == nil
	if !ok || len(sig) != ed25519.SignatureSize {
		return nil, badProof("proofValue is not a base58btc multibase signature")
	}
	return sig, nil
}

// parseDateTimeStamp reads an XML Schema dateTimeStamp; one without an
// offset is read as UTC, as Data Integrity allows.
func parseDateTimeStamp(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02T15:04:05.999999999", s)
}

// contextStartsWith reports whether the @context doc starts with the items
// of the @context prefix, in order. Both are canonical JSON; a single
// value counts as a list of one.
func contextStartsWith(doc, prefix json.RawMessage) bool {
	d, p := contextItems(doc), contextItems(prefix)
	if len(p) == 0 || len(p) > len(d) {
		return false
	}
	for i := range p {
		if !bytes.Equal(d[i], p[i]) {
			return false
		}
	}
	return true
}

func contextItems(v json.RawMessage) []json.RawMessage {
	if len(v) == 0 {
		return nil
	}
	if v[0] != '[' {
		return []json.RawMessage{v}
	}
	var items []json.RawMessage
	if json.Unmarshal(v, &items) != nil {
		return nil
	}
	return items
}

// proofOwners returns the owners of o, who may vouch for it (FEP-fe34,
// "Ownership"): the actor of an activity, an actor itself, the
// attributedTo of another object.
func proofOwners(o Object) []string {
	var iris []string
	switch {
	case o.Has("actor"):
		for _, iri := range iriList(o.Get("actor")) {
			iris = append(iris, string(iri))
		}
	case isActorType(o.Type()) || o.Has("inbox"):
		if id := o.ID(); id != "" {
			iris = append(iris, id)
		}
	default:
		for _, iri := range iriList(o.Get("attributedTo")) {
			iris = append(iris, string(iri))
		}
	}
	return iris
}

// isOwner reports whether controller is one of owners, compared as
// FEP-fe34 compares owners: with the scheme and host in lower case.
func isOwner(controller string, owners []string) bool {
	c := normalizeOwner(controller)
	for _, o := range owners {
		if normalizeOwner(o) == c {
			return true
		}
	}
	return false
}

func normalizeOwner(iri string) string {
	u, err := url.Parse(iri)
	if err != nil || u.Host == "" {
		return iri
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	return u.String()
}

// onOwnersOrigin reports whether iri is on the origin of one of owners.
func onOwnersOrigin(iri string, owners []string) bool {
	for _, o := range owners {
		if sameOriginIRIs(iri, o) {
			return true
		}
	}
	return false
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "https" || scheme == "http"
}
