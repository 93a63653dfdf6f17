package sfv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fuzz targets check that the parsers never panic and that whatever
// parses serializes, and re-parses to an equal value whose serialization is
// the same string (the canonical form is a fixed point). Seeds are in
// testdata/fuzz/<target>/.

func FuzzParseDictionary(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDictionary(in)
		if err != nil {
			requireParseError(t, err, in)
			return
		}
		out, err := MarshalDictionary(d)
		require.NoError(t, err, "marshal of parsed %q", in)
		d2, err := ParseDictionary(out)
		require.NoError(t, err, "re-parse of %q (from %q)", out, in)
		assert.Equal(t, d, d2, "from %q via %q", in, out)
		out2, err := MarshalDictionary(d2)
		require.NoError(t, err)
		assert.Equal(t, out, out2)
	})
}

func FuzzParseList(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ParseList(in)
		if err != nil {
			requireParseError(t, err, in)
			return
		}
		out, err := MarshalList(l)
		require.NoError(t, err, "marshal of parsed %q", in)
		l2, err := ParseList(out)
		require.NoError(t, err, "re-parse of %q (from %q)", out, in)
		assert.Equal(t, l, l2, "from %q via %q", in, out)
		out2, err := MarshalList(l2)
		require.NoError(t, err)
		assert.Equal(t, out, out2)
	})
}

func FuzzParseItem(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		it, err := ParseItem(in)
		if err != nil {
			requireParseError(t, err, in)
			return
		}
		out, err := MarshalItem(it)
		require.NoError(t, err, "marshal of parsed %q", in)
		it2, err := ParseItem(out)
		require.NoError(t, err, "re-parse of %q (from %q)", out, in)
		assert.Equal(t, it, it2, "from %q via %q", in, out)
		out2, err := MarshalItem(it2)
		require.NoError(t, err)
		assert.Equal(t, out, out2)
	})
}

// requireParseError checks that a parse error is an *Error whose offset
// lies within the input (or at its end).
func requireParseError(t *testing.T, err error, in string) {
	t.Helper()
	se, ok := err.(*Error)
	require.True(t, ok, "error %T is not *Error", err)
	require.GreaterOrEqual(t, se.Offset, 0, "offset of %v for %q", err, in)
	require.LessOrEqual(t, se.Offset, len(in), "offset of %v for %q", err, in)
}
