package httpsig

import (
	"strings"
	"testing"
)

// The seeds of these targets are in testdata/fuzz/<target>/: the test keys
// in each form, published examples and some refusals.

func FuzzParseMultikey(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		pub, err := ParseMultikey(s)
		if err != nil {
			if pub != nil {
				t.Fatalf("ParseMultikey returned a key and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "httpsig: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		out, err := MarshalMultikey(pub)
		if err != nil {
			t.Fatalf("MarshalMultikey of a parsed %T: %v", pub, err)
		}
		// Every accepted input is in canonical form.
		if out != s {
			t.Fatalf("re-encoding changed the value:\n in: %s\nout: %s", s, out)
		}
		back, err := ParseMultikey(out)
		if err != nil {
			t.Fatalf("ParseMultikey of re-encoded key: %v", err)
		}
		if !sameKey(pub, back) {
			t.Fatal("key changed in round trip")
		}
	})
}

func FuzzParseJWK(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseJWK(data)
		if err != nil {
			if k != nil {
				t.Fatalf("ParseJWK returned a key and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "httpsig: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		_ = k.String()
		_ = k.Public()
		out, err := k.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a parsed %T: %v", k.Key, err)
		}
		back, err := ParseJWK(out)
		if err != nil {
			t.Fatalf("ParseJWK of re-encoded key: %v\n%s", err, out)
		}
		if !sameKey(k.Key, back.Key) {
			t.Fatal("key changed in round trip")
		}
		if back.KeyID != k.KeyID || back.Algorithm != k.Algorithm || back.Use != k.Use {
			t.Fatalf("members changed in round trip: %v became %v", k, back)
		}
	})
}

func FuzzParsePublicKeyPEM(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		pub, err := ParsePublicKeyPEM(data)
		if err != nil {
			if pub != nil {
				t.Fatalf("ParsePublicKeyPEM returned a key and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "httpsig: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		out, err := MarshalPublicKeyPEM(pub)
		if err != nil {
			t.Fatalf("MarshalPublicKeyPEM of a parsed %T: %v", pub, err)
		}
		back, err := ParsePublicKeyPEM(out)
		if err != nil {
			t.Fatalf("ParsePublicKeyPEM of re-encoded key: %v", err)
		}
		if !sameKey(pub, back) {
			t.Fatal("key changed in round trip")
		}
	})
}
