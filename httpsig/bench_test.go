package httpsig

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fedikit/fedikit/internal/benchcmp"
)

// The benchmarks measure each operation of this package beside the raw
// cryptographic operation it is built on, in the same run, and report
// their ratio:
//
//	go test -run '^$' -bench . -benchmem ./httpsig
//
// Each case has three sub-benchmarks: raw (the crypto alone), fedikit (the
// whole operation, with allocations), and ratio, which times the two
// interleaved, iteration by iteration, so that both see the same machine
// state, and reports the ratio of their median times, fedikit/raw, as
// "x-raw".

// benchCase is one key and format.
type benchCase struct {
	name   string
	key    crypto.Signer
	format Format
}

func benchCases() []benchCase {
	keys := testKeys()
	return []benchCase{
		{"rsa2048/cavage", keys["rsa"], Cavage},
		{"rsa2048/rfc9421", keys["rsa"], RFC9421},
		{"ed25519/cavage", keys["ed25519"], Cavage},
		{"ed25519/rfc9421", keys["ed25519"], RFC9421},
	}
}

// benchRequest is an inbox delivery: a POST with a small activity.
func benchRequest() *http.Request {
	r, _ := http.NewRequest(http.MethodPost, "https://b.example/inbox", strings.NewReader(testBody))
	r.Header.Set("Content-Type", "application/activity+json")
	return r
}

// rawVerify returns the bare verification the verifier performs for key,
// over a message the size of a signing string.
func rawVerify(b *testing.B, key crypto.Signer, msg []byte) func() {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		d := sha256.Sum256(msg)
		sig, err := rsa.SignPKCS1v15(nil, k, crypto.SHA256, d[:])
		if err != nil {
			b.Fatal(err)
		}
		return func() {
			d := sha256.Sum256(msg)
			if rsa.VerifyPKCS1v15(&k.PublicKey, crypto.SHA256, d[:], sig) != nil {
				b.Fatal("raw verify failed")
			}
		}
	case ed25519.PrivateKey:
		sig := ed25519.Sign(k, msg)
		pub := k.Public().(ed25519.PublicKey)
		return func() {
			if !ed25519.Verify(pub, msg, sig) {
				b.Fatal("raw verify failed")
			}
		}
	}
	b.Fatalf("no raw verify for %T", key)
	return nil
}

func rawSign(b *testing.B, key crypto.Signer, msg []byte) func() {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return func() {
			d := sha256.Sum256(msg)
			if _, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, d[:]); err != nil {
				b.Fatal(err)
			}
		}
	case ed25519.PrivateKey:
		return func() { ed25519.Sign(k, msg) }
	}
	b.Fatalf("no raw sign for %T", key)
	return nil
}

// compare runs raw and ours as three sub-benchmarks.
func compare(b *testing.B, raw, ours func()) {
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			raw()
		}
	})
	b.Run("fedikit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ours()
		}
	})
	b.Run("ratio", func(b *testing.B) {
		benchcmp.Ratio(b, raw, ours, "x-raw", "raw", "fedikit")
	})
}

// BenchmarkVerify verifies a signed inbox POST: header parsing, digest of
// the body, signature base, key lookup (in memory) and the signature check.
func BenchmarkVerify(b *testing.B) {
	for _, bc := range benchCases() {
		b.Run(bc.name, func(b *testing.B) {
			s, err := NewSigner(testKeyID, bc.key, &SignerOptions{Format: bc.format, Now: clockAt(testNow)})
			if err != nil {
				b.Fatal(err)
			}
			r := benchRequest()
			if err := s.SignRequest(r); err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewRequest(r.Method, r.URL.RequestURI(), strings.NewReader(testBody))
			srv.Host = r.URL.Host
			for k, v := range r.Header {
				srv.Header[k] = v
			}
			v := NewVerifier(keyFor(bc.key.Public()), &VerifierOptions{Now: clockAt(testNow), Scheme: "https"})
			if _, err := v.VerifyRequest(srv); err != nil {
				b.Fatal(err)
			}
			// The raw baseline signs a message as long as the signing
			// string the verifier builds.
			msg := []byte(strings.Repeat("x", 200))
			compare(b, rawVerify(b, bc.key, msg), func() {
				if _, err := v.VerifyRequest(srv); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkSign signs an inbox POST: body read, digest, Date, signature
// base, signature and headers.
func BenchmarkSign(b *testing.B) {
	for _, bc := range benchCases() {
		b.Run(bc.name, func(b *testing.B) {
			s, err := NewSigner(testKeyID, bc.key, &SignerOptions{Format: bc.format})
			if err != nil {
				b.Fatal(err)
			}
			msg := []byte(strings.Repeat("x", 200))
			r := benchRequest()
			compare(b, rawSign(b, bc.key, msg), func() {
				r.Body = bodyReader([]byte(testBody))
				r.Header = http.Header{"Content-Type": {"application/activity+json"}}
				if err := s.SignRequest(r); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
