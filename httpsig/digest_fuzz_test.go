package httpsig

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fuzz targets check that the digest verifiers never panic, fail only
// with the documented errors, and always accept what Digest and
// ContentDigest produce for the fuzzed body. Seeds are in
// testdata/fuzz/<target>/.

func FuzzVerifyDigest(f *testing.F) {
	f.Fuzz(func(t *testing.T, value string, body []byte) {
		requireDigestError(t, VerifyDigest(value, body), "Digest")
		for _, alg := range []DigestAlgorithm{DigestSHA256, DigestSHA512} {
			d, err := Digest(alg, body)
			require.NoError(t, err)
			assert.NoError(t, VerifyDigest(d, body), d)
		}
	})
}

func FuzzVerifyContentDigest(f *testing.F) {
	f.Fuzz(func(t *testing.T, value string, body []byte) {
		requireDigestError(t, VerifyContentDigest(value, body), "Content-Digest")
		// The shortcut for the usual value agrees with the general parser.
		if ok, match := quickContentDigest(value, body); ok {
			err := verifyContentDigest(value, body)
			require.Equal(t, match, err == nil, "%q: %v", value, err)
		}
		for _, algs := range [][]DigestAlgorithm{nil, {DigestSHA512}, {DigestSHA512, DigestSHA256}} {
			d, err := ContentDigest(body, algs...)
			require.NoError(t, err)
			assert.NoError(t, VerifyContentDigest(d, body), d)
		}
	})
}

// requireDigestError checks that err is nil or one of the errors the
// verifiers document.
func requireDigestError(t *testing.T, err error, header string) {
	t.Helper()
	if err == nil {
		return
	}
	var me *MalformedError
	switch {
	case errors.As(err, &me):
		require.Equal(t, header, me.Header)
		require.GreaterOrEqual(t, me.Offset, -1)
	case errors.Is(err, ErrDigestMismatch), errors.Is(err, ErrUnsupportedAlgorithm):
	default:
		t.Fatalf("unexpected error %T: %v", err, err)
	}
}
