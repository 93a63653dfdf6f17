package base58

import (
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVectors(t *testing.T) {
	t.Parallel()
	// Values from the base58 draft (draft-msporny-base58) and Bitcoin's
	// test vectors.
	for in, want := range map[string]string{
		"":             "",
		"Hello World!": "2NEpo7TZRRrLZSi2U",
		"The quick brown fox jumps over the lazy dog.": "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
		"\x00\x00\x28\x7f\xb4\xcd":                     "11233QC4",
		"\x00":                                         "1",
		"\x00\x00\x00":                                 "111",
		"\x39":                                         "z",
		"\x3a":                                         "21",
		"hello world":                                  "StV1DL6CwTryKyV",
		"\xff\xff\xff\xff\xff\xff\xff\xff":             "jpXCZedGfVQ",
	} {
		assert.Equal(t, want, Encode([]byte(in)), "%x", in)
		got, err := Decode(want)
		require.NoError(t, err)
		assert.Equal(t, []byte(in), append([]byte{}, got...), want)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for n := range 100 {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		if n%3 == 0 && n > 0 {
			b[0] = 0
		}
		got, err := Decode(Encode(b))
		require.NoError(t, err)
		assert.Equal(t, b, got)
	}
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"0", "O", "I", "l", "abc+", "z z", "é", "\x00"} {
		_, err := Decode(bad)
		assert.ErrorIs(t, err, ErrInvalid, "%q", bad)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("2NEpo7TZRRrLZSi2U")
	f.Add("11233QC4")
	f.Add("0OIl")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 512 {
			return
		}
		b, err := Decode(s)
		if err != nil {
			return
		}
		if got := Encode(b); got != s {
			t.Fatalf("Encode(Decode(%q)) = %q", s, got)
		}
	})
}
