package activitypub

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/benchcmp"
)

// BenchmarkInbox delivers a signed Create to the inbox in process (RSA-2048,
// key cached), beside raw rsa.VerifyPKCS1v15 in the same run. It reports
// the inbox's rate as a share of the raw verification rate, "of-raw"
// (raw time / inbox time, from the medians):
//
//	go test -run '^$' -bench Inbox -benchmem ./activitypub
func BenchmarkInbox(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	const keyID = "https://a.example/users/alice#main-key"
	resolver := httpsig.KeyResolverFunc(func(context.Context, string) (*httpsig.Key, error) {
		return &httpsig.Key{ID: keyID, Owner: "https://a.example/users/alice", PublicKey: &key.PublicKey}, nil
	})
	in, err := NewInbox(&InboxOptions{Verifier: httpsig.NewVerifier(resolver, nil)})
	if err != nil {
		b.Fatal(err)
	}
	in.HandleFallback(func(context.Context, *Activity) error { return nil })
	signer, err := httpsig.NewSigner(keyID, key, nil)
	if err != nil {
		b.Fatal(err)
	}
	body := `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/statuses/1/activity","type":"Create","actor":"https://a.example/users/alice","to":["https://www.w3.org/ns/activitystreams#Public"],"object":{"id":"https://a.example/statuses/1","type":"Note","attributedTo":"https://a.example/users/alice","content":"<p>Hello</p>","to":["https://www.w3.org/ns/activitystreams#Public"]}}`
	signed := httptest.NewRequest(http.MethodPost, "https://b.example/inbox", strings.NewReader(body))
	signed.Header.Set("Content-Type", "application/activity+json")
	if err := signer.SignRequest(signed); err != nil {
		b.Fatal(err)
	}
	deliver := func() {
		r := httptest.NewRequest(http.MethodPost, "https://b.example/inbox", strings.NewReader(body))
		r.Header = signed.Header.Clone()
		w := httptest.NewRecorder()
		in.ServeHTTP(w, r)
		if w.Code != http.StatusAccepted {
			b.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
	}
	msg := []byte(strings.Repeat("x", 200))
	d := sha256.Sum256(msg)
	sig, _ := rsa.SignPKCS1v15(nil, key, crypto.SHA256, d[:])
	raw := func() {
		d := sha256.Sum256(msg)
		if rsa.VerifyPKCS1v15(&key.PublicKey, crypto.SHA256, d[:], sig) != nil {
			b.Fatal("raw verify failed")
		}
	}
	b.Run("inbox", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			deliver()
		}
	})
	b.Run("raw-verify", func(b *testing.B) {
		for b.Loop() {
			raw()
		}
	})
	b.Run("ratio", func(b *testing.B) {
		mr, mi := benchcmp.Medians(b, raw, deliver)
		b.ReportMetric(float64(mr)/float64(mi), "of-raw")
		b.ReportMetric(1e9/float64(mi), "inbox/s")
		b.ReportMetric(1e9/float64(mr), "raw/s")
	})
}
