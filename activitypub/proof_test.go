package activitypub

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/fedikit/fedikit/internal/base58"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/jcs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vectorCreated is the creation time of both test vectors' proofs.
var vectorCreated = time.Date(2023, 2, 24, 23, 36, 38, 0, time.UTC)

func readProofFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "proofs", name))
	require.NoError(t, err)
	return b
}

// vectorKey returns the private key of the test vectors, decoded from its
// multibase form, as an ActorKey with the given id and owner.
func vectorKey(t *testing.T, id, owner string) *ActorKey {
	t.Helper()
	var pair struct{ PublicKeyMultibase, PrivateKeyMultibase string }
	require.NoError(t, json.Unmarshal(readProofFile(t, "w3c-key-pair.json"), &pair))
	require.True(t, strings.HasPrefix(pair.PrivateKeyMultibase, "z"))
	raw, err := base58.Decode(pair.PrivateKeyMultibase[1:])
	ok := err == nil
	require.True(t, ok)
	require.Len(t, raw, 34)
	require.Equal(t, []byte{0x80, 0x26}, raw[:2], "multicodec ed25519-priv")
	priv := ed25519.NewKeyFromSeed(raw[2:])
	mk, err := httpsig.MarshalMultikey(priv.Public())
	require.NoError(t, err)
	require.Equal(t, pair.PublicKeyMultibase, mk)
	return &ActorKey{ID: id, Owner: owner, Signer: priv}
}

// canonical returns the JCS form of a JSON text.
func canonical(t *testing.T, b []byte) string {
	t.Helper()
	c, err := jcs.Canonicalize(b)
	require.NoError(t, err)
	return string(c)
}

func docJSON(t *testing.T, d *Document) []byte {
	t.Helper()
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	return b
}

func proofValueOf(t *testing.T, d *Document) string {
	t.Helper()
	p, ok := d.Root().Get("proof").Object()
	require.True(t, ok, "one proof object")
	s, ok := p.Get("proofValue").String()
	require.True(t, ok)
	return s
}

// The eddsa-jcs-2022 vector of the W3C specification, step by step:
// canonical document and proof options, their hashes, the signature, and
// the secured document.
func TestSignObjectW3CVector(t *testing.T) {
	t.Parallel()
	var config map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(readProofFile(t, "w3c-proof-config.json"), &config))
	var vm string
	require.NoError(t, json.Unmarshal(config["verificationMethod"], &vm))
	key := vectorKey(t, vm, "https://vc.example/issuers/5678")

	doc := testDecode(t, string(readProofFile(t, "w3c-unsigned.json")))
	top, err := canonicalMembers(doc)
	require.NoError(t, err)
	canonDoc, canonOpts, err := canonicalProofInput(top, readProofFile(t, "w3c-proof-config.json"))
	require.NoError(t, err)
	assert.Equal(t, string(readProofFile(t, "w3c-canon-doc.txt")), string(canonDoc))
	assert.Equal(t, string(readProofFile(t, "w3c-canon-proof.txt")), string(canonOpts))
	docHash, optsHash := sha256.Sum256(canonDoc), sha256.Sum256(canonOpts)
	assert.Equal(t, string(readProofFile(t, "w3c-doc-hash.txt")), hex.EncodeToString(docHash[:]))
	assert.Equal(t, string(readProofFile(t, "w3c-proof-hash.txt")), hex.EncodeToString(optsHash[:]))
	data := proofHashData(canonOpts, canonDoc)
	assert.Equal(t, string(readProofFile(t, "w3c-combined-hash.txt")), hex.EncodeToString(data))
	sig := ed25519.Sign(key.Signer.(ed25519.PrivateKey), data)
	assert.Equal(t, string(readProofFile(t, "w3c-sig-hex.txt")), hex.EncodeToString(sig))

	require.NoError(t, SignObject(doc, key, vectorCreated))
	signed := readProofFile(t, "w3c-signed.json")
	assert.Equal(t, canonical(t, signed), canonical(t, docJSON(t, doc)))
	want := testDecode(t, string(signed))
	assert.Equal(t, proofValueOf(t, want), proofValueOf(t, doc))
	assert.Equal(t, "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX", proofValueOf(t, doc))
}

// The signing scenario of FEP-8b32's feature file.
func TestSignObjectFEP8b32Vector(t *testing.T) {
	t.Parallel()
	key := vectorKey(t, "https://server.example/users/alice#ed25519-key", "https://server.example/users/alice")
	doc := testDecode(t, string(readProofFile(t, "fep-8b32-unsigned.json")))
	require.NoError(t, SignObject(doc, key, vectorCreated))

	signed := readProofFile(t, "fep-8b32-signed.json")
	assert.Equal(t, canonical(t, signed), canonical(t, docJSON(t, doc)))
	assert.Equal(t, "z42ffGu6AUKPCFcFPiabmUvnGLPJzC7e4DGWC52NUasSSH37UMa9c58tdgVszUcZfytxa4fQ5TYHaJENCxUDe9SdL", proofValueOf(t, doc))
	// Members in the order of the FEP's example, the document's untouched.
	assert.Equal(t, compact(t, signed), string(docJSON(t, doc)))
}

func compact(t *testing.T, b []byte) string {
	t.Helper()
	var v json.RawMessage
	require.NoError(t, json.Unmarshal(b, &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return string(out)
}

// keysOf resolves the keys of the Multikeys in an actor's assertionMethod.
func keysOf(t *testing.T, actor *Document) httpsig.KeyResolver {
	t.Helper()
	keys := map[string]*httpsig.Key{}
	for _, mk := range AssertionMethods(actor.Root()) {
		pub, err := mk.Parse()
		require.NoError(t, err)
		keys[string(mk.ID)] = &httpsig.Key{ID: string(mk.ID), Owner: string(mk.Controller), PublicKey: pub}
	}
	return staticKeys(keys)
}

// staticKeys resolves the keys of a map.
func staticKeys(keys map[string]*httpsig.Key) httpsig.KeyResolver {
	return httpsig.KeyResolverFunc(func(_ context.Context, id string) (*httpsig.Key, error) {
		if k, ok := keys[id]; ok {
			return k, nil
		}
		return nil, httpsig.ErrKeyNotFound
	})
}

// The verification scenario of FEP-8b32's feature file.
func TestVerifyProofFEP8b32Vector(t *testing.T) {
	t.Parallel()
	doc := testDecode(t, string(readProofFile(t, "fep-8b32-signed.json")))
	before := docJSON(t, doc)
	r := keysOf(t, testDecode(t, string(readProofFile(t, "fep-8b32-actor.json"))))
	res, err := VerifyProof(t.Context(), doc, r)
	require.NoError(t, err)
	assert.Equal(t, &ProofResult{
		VerificationMethod: "https://server.example/users/alice#ed25519-key",
		Controller:         "https://server.example/users/alice",
		Created:            vectorCreated,
	}, res)
	assert.Equal(t, string(before), string(docJSON(t, doc)), "VerifyProof changed the document")

	// One changed digit of a coordinate is enough.
	tampered := strings.Replace(string(readProofFile(t, "fep-8b32-signed.json")), "-71.184902", "-71.184903", 1)
	_, err = VerifyProof(t.Context(), testDecode(t, tampered), r)
	assert.ErrorIs(t, err, ErrBadProof)
	// The same number written otherwise is the same data.
	same := strings.Replace(string(readProofFile(t, "fep-8b32-signed.json")), "-71.184902", "-7118490.2e-5", 1)
	_, err = VerifyProof(t.Context(), testDecode(t, same), r)
	assert.NoError(t, err)
}

// proofWorld serves, on a.test, alice with an RSA and an Ed25519 key and
// mallory with an Ed25519 key; on b.test, bob with an Ed25519 key.
type proofWorld struct {
	w                   *fetchWorld
	alice, mallory, bob string
	aliceKey, aliceKey2 *ActorKey
	aliceRSA            *ActorKey
	malloryKey, bobKey  *ActorKey
	resolver            *KeyResolver
}

func newProofWorld(t *testing.T) *proofWorld {
	t.Helper()
	w := newFetchWorld(t)
	pw := &proofWorld{w: w, alice: w.url("a.test", "/users/alice"), mallory: w.url("a.test", "/users/mallory"), bob: w.url("b.test", "/users/bob")}
	var err error
	pw.aliceKey, err = GenerateEd25519Key(pw.alice, pw.alice+"#ed25519-key")
	require.NoError(t, err)
	pw.aliceKey2, err = GenerateEd25519Key(pw.alice, pw.alice+"#ed25519-key-2")
	require.NoError(t, err)
	pw.aliceRSA, err = GenerateRSAKey(pw.alice, pw.alice+"#main-key")
	require.NoError(t, err)
	pw.malloryKey, err = GenerateEd25519Key(pw.mallory, pw.mallory+"#ed25519-key")
	require.NoError(t, err)
	pw.bobKey, err = GenerateEd25519Key(pw.bob, pw.bob+"#ed25519-key")
	require.NoError(t, err)
	w.actorWithKeys(t, "a.test", "/users/alice", pw.aliceRSA, pw.aliceKey, pw.aliceKey2)
	w.actorWithKeys(t, "a.test", "/users/mallory", pw.malloryKey)
	w.actorWithKeys(t, "b.test", "/users/bob", pw.bobKey)
	pw.resolver = NewKeyResolver(w.fetcher(t, nil), nil)
	return pw
}

// create returns a Create of a Note by alice.
func (pw *proofWorld) create(t *testing.T) *Document {
	t.Helper()
	d := New("Create")
	root := d.Root()
	require.NoError(t, root.Set("id", pw.alice+"/creates/1"))
	require.NoError(t, root.Set("actor", pw.alice))
	require.NoError(t, root.Set("to", []string{"https://www.w3.org/ns/activitystreams#Public"}))
	require.NoError(t, root.Set("object", map[string]any{
		"id": pw.alice + "/notes/1", "type": "Note", "attributedTo": pw.alice,
		"content": "<p>hello, 世界 😀</p>", "sensitive": false, "likes": 3, "ratio": 0.1,
	}))
	return d
}

// signed returns the JSON of d signed with key, as it would be delivered.
func signedJSON(t *testing.T, d *Document, key *ActorKey) string {
	t.Helper()
	require.NoError(t, SignObject(d, key, time.Now()))
	return string(docJSON(t, d))
}

func TestProofRoundTrip(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	doc := pw.create(t)
	created := time.Now().Add(-time.Minute)
	require.NoError(t, SignObject(doc, pw.aliceKey, created))
	body := string(docJSON(t, doc))
	assert.Contains(t, doc.Context().URLs, contextDataIntegrityV2, "the Data Integrity context is declared")
	proof, ok := doc.Root().Get("proof").Object()
	require.True(t, ok)
	for name, want := range map[string]string{
		"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "proofPurpose": "assertionMethod",
		"verificationMethod": pw.aliceKey.ID, "created": created.UTC().Format(time.RFC3339),
	} {
		got, _ := proof.Get(name).String()
		assert.Equal(t, want, got, name)
	}

	received := testDecode(t, body)
	res, err := VerifyProof(t.Context(), received, pw.resolver)
	require.NoError(t, err)
	assert.Equal(t, pw.aliceKey.ID, res.VerificationMethod)
	assert.Equal(t, pw.alice, res.Controller)
	assert.Equal(t, created.Truncate(time.Second).UTC(), res.Created)
	assert.Equal(t, body, string(docJSON(t, received)), "VerifyProof changed the document")

	// Indented, members reordered, escapes spelled otherwise: the same data.
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	pretty, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	require.NotEqual(t, body, string(pretty))
	_, err = VerifyProof(t.Context(), testDecode(t, string(pretty)), pw.resolver)
	assert.NoError(t, err)

	// A Linked Data signature added after the proof is not covered by it.
	withLD := testDecode(t, body)
	require.NoError(t, withLD.Root().Set("signature", map[string]any{"type": "RsaSignature2017", "signatureValue": "abc"}))
	_, err = VerifyProof(t.Context(), withLD, pw.resolver)
	assert.NoError(t, err)

	tampered := map[string]string{
		"content":    strings.Replace(body, "hello", "HELLO", 1),
		"addressing": strings.Replace(body, `"to":[`, `"cc":[`, 1),
		"number":     strings.Replace(body, `"likes":3`, `"likes":4`, 1),
		"created":    strings.Replace(body, created.UTC().Format(time.RFC3339), "2020-01-01T00:00:00Z", 1),
		"context":    strings.Replace(body, `"@context":[`, `"@context":["https://example.org/extra",`, 1),
		"added":      strings.Replace(body, `"type":"Create"`, `"type":"Create","name":"x"`, 1),
	}
	for name, text := range tampered {
		require.NotEqual(t, body, text, name)
		_, err := VerifyProof(t.Context(), testDecode(t, text), pw.resolver)
		assert.ErrorIs(t, err, ErrBadProof, name)
	}

	noProof := testDecode(t, body)
	noProof.Root().Delete("proof")
	_, err = VerifyProof(t.Context(), noProof, pw.resolver)
	assert.ErrorIs(t, err, ErrNoProof)
	_, err = VerifyProof(t.Context(), pw.create(t), pw.resolver)
	assert.ErrorIs(t, err, ErrNoProof)
}

// Only the object's owner may vouch for it.
func TestVerifyProofWrongController(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	for name, key := range map[string]*ActorKey{"same origin": pw.malloryKey, "other origin": pw.bobKey} {
		body := signedJSON(t, pw.create(t), key)
		_, err := VerifyProof(t.Context(), testDecode(t, body), pw.resolver)
		assert.ErrorIs(t, err, ErrBadProof, name)
		assert.ErrorIs(t, err, ErrActorMismatch, name)
	}

	// A resolver that reports a controller on another origin than the key.
	body := signedJSON(t, pw.create(t), pw.aliceKey)
	r := staticKeys(map[string]*httpsig.Key{pw.aliceKey.ID: {ID: pw.aliceKey.ID, Owner: pw.bob, PublicKey: pw.aliceKey.Signer.Public()}})
	_, err := VerifyProof(t.Context(), testDecode(t, body), r)
	assert.ErrorIs(t, err, ErrOriginMismatch)
	assert.ErrorIs(t, err, ErrBadProof)
	// Or the right controller, but the key of someone else.
	r = staticKeys(map[string]*httpsig.Key{pw.aliceKey.ID: {ID: pw.aliceKey.ID, Owner: pw.alice, PublicKey: pw.aliceKey2.Signer.Public()}})
	_, err = VerifyProof(t.Context(), testDecode(t, body), r)
	assert.ErrorIs(t, err, ErrBadProof)
	assert.NotErrorIs(t, err, ErrActorMismatch)
	// Owners compare with the scheme and host in any case.
	r = staticKeys(map[string]*httpsig.Key{pw.aliceKey.ID: {ID: pw.aliceKey.ID, Owner: strings.Replace(pw.alice, "a.test", "A.TEST", 1), PublicKey: pw.aliceKey.Signer.Public()}})
	_, err = VerifyProof(t.Context(), testDecode(t, body), r)
	assert.NoError(t, err)

	// An activity whose id is on another origin than its actor.
	d := pw.create(t)
	require.NoError(t, d.Root().Set("id", "https://c.test/creates/1"))
	_, err = VerifyProof(t.Context(), testDecode(t, signedJSON(t, d, pw.aliceKey)), pw.resolver)
	assert.ErrorIs(t, err, ErrOriginMismatch)
}

// The owner of what is signed: the actor of an activity, an actor itself,
// the author of an object.
func TestVerifyProofOwners(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	note := New("Note")
	require.NoError(t, note.Root().Set("id", pw.alice+"/notes/2"))
	require.NoError(t, note.Root().Set("attributedTo", []string{pw.mallory, pw.alice}))
	require.NoError(t, note.Root().Set("content", "hi"))
	res, err := VerifyProof(t.Context(), testDecode(t, signedJSON(t, note, pw.aliceKey)), pw.resolver)
	require.NoError(t, err)
	assert.Equal(t, pw.alice, res.Controller)

	actor := New("Person")
	require.NoError(t, actor.Root().Set("id", pw.alice))
	require.NoError(t, PublishKeys(actor.Root(), []*ActorKey{pw.aliceKey}))
	unsigned := string(docJSON(t, actor))
	_, err = VerifyProof(t.Context(), testDecode(t, signedJSON(t, actor, pw.aliceKey)), pw.resolver)
	assert.NoError(t, err)
	_, err = VerifyProof(t.Context(), testDecode(t, signedJSON(t, testDecode(t, unsigned), pw.malloryKey)), pw.resolver)
	assert.ErrorIs(t, err, ErrActorMismatch)

	anonymous := New("Note")
	require.NoError(t, anonymous.Root().Set("content", "by nobody"))
	_, err = VerifyProof(t.Context(), testDecode(t, signedJSON(t, anonymous, pw.aliceKey)), pw.resolver)
	assert.ErrorIs(t, err, ErrBadProof)
	assert.ErrorContains(t, err, "names no owner")
}

// Several proofs: the first that verifies is the answer.
func TestVerifyProofSet(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	d := pw.create(t)
	require.NoError(t, SignObject(d, pw.aliceKey, time.Now()))
	require.NoError(t, SignObject(d, pw.aliceKey2, time.Now()))
	body := string(docJSON(t, d))
	proofs := d.Root().Get("proof").Array()
	require.Len(t, proofs, 2)

	res, err := VerifyProof(t.Context(), testDecode(t, body), pw.resolver)
	require.NoError(t, err)
	assert.Equal(t, pw.aliceKey.ID, res.VerificationMethod)

	// Each proof of the set covers the document alone.
	first, _ := proofs[0].Object()
	second, _ := proofs[1].Object()
	for _, p := range []Object{first, second} {
		one := testDecode(t, body)
		// As JSON: a value of another document would lose its @context.
		require.NoError(t, one.Root().Set("proof", json.RawMessage(mustJSON(t, p))))
		res, err := VerifyProof(t.Context(), one, pw.resolver)
		require.NoError(t, err)
		vm, _ := p.Get("verificationMethod").String()
		assert.Equal(t, vm, res.VerificationMethod)
	}

	// The first one broken, the second one stands.
	pv, _ := first.Get("proofValue").String()
	broken := strings.Replace(body, pv, "z"+base58.Encode(make([]byte, 64)), 1)
	res, err = VerifyProof(t.Context(), testDecode(t, broken), pw.resolver)
	require.NoError(t, err)
	assert.Equal(t, pw.aliceKey2.ID, res.VerificationMethod)

	// Both broken: both reasons.
	pv2, _ := second.Get("proofValue").String()
	broken = strings.Replace(broken, pv2, "z"+base58.Encode(make([]byte, 64)), 1)
	_, err = VerifyProof(t.Context(), testDecode(t, broken), pw.resolver)
	assert.ErrorIs(t, err, ErrBadProof)
	assert.ErrorContains(t, err, "proof 1:")
	assert.ErrorContains(t, err, "proof 2:")

	empty := testDecode(t, body)
	require.NoError(t, empty.Root().Set("proof", []any{}))
	_, err = VerifyProof(t.Context(), empty, pw.resolver)
	assert.ErrorIs(t, err, ErrNoProof)

	many := testDecode(t, body)
	list := make([]any, maxProofs+1)
	for i := range list {
		list[i] = json.RawMessage(mustJSON(t, first))
	}
	require.NoError(t, many.Root().Set("proof", list))
	_, err = VerifyProof(t.Context(), many, pw.resolver)
	assert.ErrorIs(t, err, ErrBadProof)
}

// Proofs of other kinds, or malformed, are refused before any key is
// fetched.
func TestVerifyProofRefusals(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	body := signedJSON(t, pw.create(t), pw.aliceKey)
	d := testDecode(t, body)
	proof, ok := d.Root().Get("proof").Object()
	require.True(t, ok)
	pv, _ := proof.Get("proofValue").String()

	fetched := 0
	counting := httpsig.KeyResolverFunc(func(ctx context.Context, id string) (*httpsig.Key, error) {
		fetched++
		return pw.resolver.ResolveKey(ctx, id)
	})
	tests := map[string]struct {
		name  string
		value any
		why   string
	}{
		"type":               {"type", "Ed25519Signature2020", "type is not"},
		"cryptosuite":        {"cryptosuite", "eddsa-rdfc-2022", "cryptosuite is not"},
		"old cryptosuite":    {"cryptosuite", "jcs-eddsa-2022", "cryptosuite is not"},
		"purpose":            {"proofPurpose", "authentication", "proofPurpose is not"},
		"no method":          {"verificationMethod", nil, "no verificationMethod"},
		"method not a text":  {"verificationMethod", []any{pw.aliceKey.ID}, "no verificationMethod"},
		"no value":           {"proofValue", nil, "no proofValue"},
		"base64 value":       {"proofValue", "u" + pv[1:], "not a base58btc"},
		"short value":        {"proofValue", pv[:40], "not a base58btc"},
		"long value":         {"proofValue", pv + "2", "not a base58btc"},
		"very long value":    {"proofValue", "z" + strings.Repeat("2", 10000), "not a base58btc"},
		"bad digit":          {"proofValue", "z0" + pv[2:], "not a base58btc"},
		"created":            {"created", "yesterday", "created is not"},
		"expired":            {"expires", "2020-01-01T00:00:00Z", "expired"},
		"bad expiry":         {"expires", 12, "expires is not"},
		"chain":              {"previousProof", "urn:uuid:1", "previousProof"},
		"other @context":     {"@context", "https://example.org/other", "@context"},
		"longer @context":    {"@context", []any{"https://www.w3.org/ns/activitystreams", contextDataIntegrityV2, "https://example.org/x"}, "@context"},
		"method elsewhere":   {"verificationMethod", pw.bob + "#ed25519-key", "origin"},
		"method not an http": {"verificationMethod", "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "origin"},
	}
	for name, tt := range tests {
		p := testDecode(t, string(mustJSON(t, proof)))
		if tt.value == nil {
			p.Root().Delete(tt.name)
		} else {
			require.NoError(t, p.Root().Set(tt.name, tt.value))
		}
		c := testDecode(t, body)
		require.NoError(t, c.Root().Set("proof", json.RawMessage(docJSON(t, p))))
		_, err := VerifyProof(t.Context(), c, counting)
		assert.ErrorIs(t, err, ErrBadProof, name)
		assert.ErrorContains(t, err, tt.why, name)
		assert.NotContains(t, err.Error(), pv[1:20], "the proofValue is not in the error")
	}
	assert.Zero(t, fetched)

	for name, v := range map[string]any{"text": "z123", "number": 1, "list of texts": []any{"a"}} {
		c := testDecode(t, body)
		require.NoError(t, c.Root().Set("proof", v))
		_, err := VerifyProof(t.Context(), c, counting)
		assert.ErrorIs(t, err, ErrBadProof, name)
	}

	// A document without a canonical form: a duplicate property.
	dup := strings.Replace(body, `"type":"Create"`, `"type":"Create","type":"Create"`, 1)
	_, err := VerifyProof(t.Context(), testDecode(t, dup), counting)
	assert.ErrorIs(t, err, ErrBadProof)
	assert.ErrorIs(t, err, jcs.ErrDuplicateName)
	assert.Zero(t, fetched)

	// The key fetched, but not an Ed25519 key.
	rsa := staticKeys(map[string]*httpsig.Key{pw.aliceKey.ID: {ID: pw.aliceKey.ID, Owner: pw.alice, PublicKey: pw.aliceRSA.Signer.Public()}})
	_, err = VerifyProof(t.Context(), testDecode(t, body), rsa)
	assert.ErrorIs(t, err, ErrBadProof)
	assert.ErrorContains(t, err, "not an Ed25519 key")
	restricted := staticKeys(map[string]*httpsig.Key{pw.aliceKey.ID: {ID: pw.aliceKey.ID, Owner: pw.alice, PublicKey: pw.aliceKey.Signer.Public(), Algorithm: "rsa-v1_5-sha256"}})
	_, err = VerifyProof(t.Context(), testDecode(t, body), restricted)
	assert.ErrorIs(t, err, ErrBadProof)
}

func mustJSON(t *testing.T, v json.Marshaler) []byte {
	t.Helper()
	b, err := v.MarshalJSON()
	require.NoError(t, err)
	return b
}

// A key that cannot be had is the resolver's error, not a bad proof.
func TestVerifyProofKeyErrors(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	d := pw.create(t)
	key, err := GenerateEd25519Key(pw.alice, pw.alice+"#unlisted")
	require.NoError(t, err)
	body := signedJSON(t, d, key)
	_, err = VerifyProof(t.Context(), testDecode(t, body), pw.resolver)
	assert.ErrorIs(t, err, httpsig.ErrKeyNotFound)
	assert.NotErrorIs(t, err, ErrBadProof)

	boom := errors.New("network down")
	_, err = VerifyProof(t.Context(), testDecode(t, body), httpsig.KeyResolverFunc(func(context.Context, string) (*httpsig.Key, error) {
		return nil, boom
	}))
	assert.ErrorIs(t, err, boom)
	_, err = VerifyProof(t.Context(), testDecode(t, body), httpsig.KeyResolverFunc(func(context.Context, string) (*httpsig.Key, error) {
		return nil, nil
	}))
	assert.ErrorIs(t, err, httpsig.ErrKeyNotFound)

	_, err = VerifyProof(t.Context(), nil, pw.resolver)
	assert.Error(t, err)
	_, err = VerifyProof(t.Context(), d, nil)
	assert.Error(t, err)
}

func TestSignObjectRefusals(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	now := time.Now()
	err := SignObject(pw.create(t), pw.aliceRSA, now)
	assert.ErrorContains(t, err, "needs an Ed25519 key")
	assert.Error(t, SignObject(nil, pw.aliceKey, now))
	assert.Error(t, SignObject(pw.create(t), nil, now))
	assert.Error(t, SignObject(pw.create(t), &ActorKey{ID: pw.aliceKey.ID, Owner: pw.alice}, now))
	assert.Error(t, SignObject(pw.create(t), pw.aliceKey, time.Time{}))

	withLD := pw.create(t)
	require.NoError(t, withLD.Root().Set("signature", map[string]any{"type": "RsaSignature2017"}))
	before := string(docJSON(t, withLD))
	assert.ErrorContains(t, SignObject(withLD, pw.aliceKey, now), "Linked Data signature")
	assert.Equal(t, before, string(docJSON(t, withLD)), "the document is unchanged")

	// A document without a canonical form.
	dup := testDecode(t, `{"@context":"https://www.w3.org/ns/activitystreams","type":"Note","type":"Note"}`)
	assert.Error(t, SignObject(dup, pw.aliceKey, now))
}

// The Data Integrity context is added only where the document does not
// declare the terms already, and not to a document that a proof covers.
func TestSignObjectContext(t *testing.T) {
	t.Parallel()
	pw := newProofWorld(t)
	for _, ctx := range []string{ContextDataIntegrityV1, contextDataIntegrityV2, contextCredentialsV2} {
		d := testDecode(t, `{"@context":["https://www.w3.org/ns/activitystreams","`+ctx+`"],"type":"Note","attributedTo":"`+pw.alice+`"}`)
		require.NoError(t, SignObject(d, pw.aliceKey, time.Now()))
		assert.Equal(t, []string{ContextActivityStreams, ctx}, d.Context().URLs)
	}
	d := testDecode(t, `{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",{"toot":"http://joinmastodon.org/ns#"}],"type":"Note","attributedTo":"`+pw.alice+`"}`)
	require.NoError(t, SignObject(d, pw.aliceKey, time.Now()))
	ctx := d.Root().Get("@context").Raw()
	assert.JSONEq(t, `["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1","https://w3id.org/security/data-integrity/v2",{"toot":"http://joinmastodon.org/ns#"}]`, string(ctx))
	proofCtx := d.Root().Get("proof").Raw()
	assert.Contains(t, string(proofCtx), `"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1","https://w3id.org/security/data-integrity/v2",{"toot":"http://joinmastodon.org/ns#"}]`)
	_, err := VerifyProof(t.Context(), d, pw.resolver)
	assert.NoError(t, err)
}

// The verification method of the vectors is the key httpsig reads from
// the same Multikey.
func TestVectorKeyAsHTTPSigReadsIt(t *testing.T) {
	t.Parallel()
	raw, err := base58.Decode("6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
	require.NoError(t, err)
	pub, err := httpsig.ParseMultikey("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
	require.NoError(t, err)
	assert.Equal(t, []byte{0xed, 0x01}, raw[:2])
	assert.Equal(t, []byte(pub.(ed25519.PublicKey)), raw[2:])
}

func BenchmarkVerifyProof(b *testing.B) {
	doc, err := Decode(func() []byte {
		b, _ := os.ReadFile(filepath.Join("testdata", "proofs", "fep-8b32-signed.json"))
		return b
	}(), nil)
	if err != nil {
		b.Fatal(err)
	}
	actor, err := Decode(func() []byte {
		b, _ := os.ReadFile(filepath.Join("testdata", "proofs", "fep-8b32-actor.json"))
		return b
	}(), nil)
	if err != nil {
		b.Fatal(err)
	}
	mk := AssertionMethods(actor.Root())[0]
	pub, err := mk.Parse()
	if err != nil {
		b.Fatal(err)
	}
	r := staticKeys(map[string]*httpsig.Key{string(mk.ID): {ID: string(mk.ID), Owner: string(mk.Controller), PublicKey: pub}})
	for b.Loop() {
		if _, err := VerifyProof(b.Context(), doc, r); err != nil {
			b.Fatal(err)
		}
	}
}
