package nodeinfo_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub/nodeinfo"
)

// FuzzDecode checks that decoding never panics, fails only with a syntax
// error or a *DecodeError, and that a decoded document survives encoding
// and decoding again unchanged. Seeds are in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var n nodeinfo.NodeInfo
		if err := json.Unmarshal(data, &n); err != nil {
			var se *json.SyntaxError
			if !errors.As(err, &se) && !errors.Is(err, nodeinfo.ErrInvalidDocument) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			return
		}
		if n.Version == "" {
			return // a JSON null leaves the value as it is
		}
		out, err := json.Marshal(n)
		require.NoError(t, err)
		var back nodeinfo.NodeInfo
		require.NoError(t, json.Unmarshal(out, &back), "re-decoding %s", out)

		want := n
		if want.Version == "2.0" || strings.HasPrefix(want.Version, "1.") {
			// These schemas have no repository or homepage.
			want.Software.Repository, want.Software.Homepage = "", ""
		}
		assert.Equal(t, jsonValue(t, want.Metadata), jsonValue(t, back.Metadata), "metadata")
		want.Metadata, back.Metadata = nil, nil
		assert.Equal(t, want, back)
	})
}

// jsonValue decodes raw JSON into a comparable value.
func jsonValue(t *testing.T, raw json.RawMessage) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}
