package httpsig

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/fedikit/fedikit/httpsig/internal/sfv"
)

// FuzzParseCavage feeds arbitrary Signature header values to the cavage
// parser and, when they parse, to the signing-string builder.
func FuzzParseCavage(f *testing.F) {
	f.Add(`keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date",signature="qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0="`)
	f.Add(`keyId="k",algorithm="hs2019",created=1402170695, expires=1402170699,headers="(request-target) (created) (expires) host",signature="AAAA"`)
	f.Add(`keyId="a\"b",signature="AA=="`)
	f.Add(`keyId=k,signature=AAAA,headers="x-a x-b"`)
	f.Fuzz(func(t *testing.T, v string) {
		sig, err := parseCavage("Signature", v)
		if err != nil {
			return
		}
		if sig.keyID == "" || len(sig.signature) == 0 || len(sig.headers) == 0 {
			t.Fatalf("parsed without keyId, signature or headers: %q", v)
		}
		r := httptest.NewRequest(http.MethodPost, "/inbox?x=1", nil)
		r.Header.Set("Date", "Wed, 25 Nov 2026 21:00:00 GMT")
		m := newRequestMessage(r, "")
		_, _ = cavageSigningString(m, sig, true, false)
		_, _ = cavageSigningString(m, sig, false, true)
	})
}

// FuzzParseSignatureInput feeds arbitrary Signature-Input and Signature
// values to the RFC 9421 parser and the signature base builder, and the
// whole verifier.
func FuzzParseSignatureInput(f *testing.F) {
	f.Add(`sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example"`, `sig-b22=:AAAA:`)
	f.Add(`sig1=("@method" "@target-uri" "content-digest");created=1618884473;keyid="k"`, `sig1=:AAAA:`)
	f.Add(`a=("x-dict";key="a" "x-dict";sf "x-dict";bs "@status" "@request-target" "@scheme" "@path" "@query");alg="ed25519";expires=1`, `a=:AAAA:, b=:AAAA:`)
	f.Add(`sig1=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd"`, `sig1=:d2pm:`)
	f.Fuzz(func(t *testing.T, input, signature string) {
		// The fast path for canonical values agrees with the general
		// parser.
		if fast, ok := parseCanonicalInput(input); ok {
			d, err := sfv.ParseDictionary(input)
			if err != nil || len(d) != 1 || d[0].Key != fast.label {
				t.Fatalf("fast path accepted %q, general parser: %v %v", input, d, err)
			}
			slow, err := parseSignatureInput(d[0].Key, d[0].Value)
			if err != nil {
				t.Fatalf("fast path accepted %q, general parser: %v", input, err)
			}
			ser, err := sfv.MarshalInnerList(slow.input)
			if err != nil || ser != fast.serialized {
				t.Fatalf("serialized %q, fast path kept %q (%v)", ser, fast.serialized, err)
			}
			if !reflect.DeepEqual(slow.components, fast.components) || slow.keyID != fast.keyID || slow.alg != fast.alg ||
				slow.nonce != fast.nonce || slow.tag != fast.tag || slow.created != fast.created || slow.expires != fast.expires ||
				slow.hasCreated != fast.hasCreated || slow.hasExpires != fast.hasExpires {
				t.Fatalf("fast %+v != general %+v", fast, slow)
			}
		}
		if label, b, ok := quickSignature(signature); ok {
			d, err := sfv.ParseDictionary(signature)
			if err != nil || len(d) != 1 || d[0].Key != label {
				t.Fatalf("quickSignature accepted %q, general parser: %v %v", signature, d, err)
			}
			if it, _ := d[0].Value.(sfv.Item); !reflect.DeepEqual(it, sfv.Item{Value: b}) {
				t.Fatalf("quickSignature %x, general parser %v", b, it)
			}
		}
		r := httptest.NewRequest(http.MethodPost, "/foo?param=Value&Pet=dog", nil)
		r.Header.Set("Signature-Input", input)
		r.Header.Set("Signature", signature)
		r.Header.Set("X-Dict", "a=1, b=(x y);z")
		sigs, err := parseRFC9421(r.Header)
		if err == nil {
			m := newRequestMessage(r, "https")
			for _, s := range sigs {
				_, _, _ = signatureBase(m, s.input, s.serialized)
			}
		}
		v := NewVerifier(nil, &VerifierOptions{Now: func() time.Time { return time.Unix(1618884473, 0) }, InsecureSkipCoverageCheck: true})
		_, _ = v.VerifyRequest(r)
	})
}
