package activitypub

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// testCorpusDoc decodes testdata/corpus/name.
func testCorpusDoc(t *testing.T, name string) *Document {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	require.NoError(t, err)
	d, err := Decode(b, nil)
	require.NoError(t, err)
	return d
}

// testDecode decodes a document given as a string.
func testDecode(t *testing.T, doc string) *Document {
	t.Helper()
	d, err := Decode([]byte(doc), nil)
	require.NoError(t, err, doc)
	return d
}
