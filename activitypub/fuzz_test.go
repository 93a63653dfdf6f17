package activitypub

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzDecode checks that decoding never panics, stays within its limits,
// and that what decodes encodes back to a document that decodes to the
// same JSON tree. The corpus documents are seeds, beside testdata/fuzz.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/corpus/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	opts := &DecodeOptions{MaxSize: 64 << 10, MaxDepth: 16, MaxArrayLength: 256}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(data, opts)
		if err != nil {
			return
		}
		r := d.Root()
		for _, k := range r.Keys() {
			v := r.Get(k)
			_, _ = v.String()
			_, _ = v.Int()
			_ = v.Array()
			_, _ = v.IRI()
		}
		_ = d.Item()
		_ = r.Set("sensitive", true)
		out, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		d2, err := Decode(out, &DecodeOptions{MaxSize: 1 << 20, MaxDepth: 17, MaxArrayLength: 257})
		if err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		out2, _ := d2.MarshalJSON()
		if !reflect.DeepEqual(jsonTree(t, out), jsonTree(t, out2)) {
			t.Fatalf("round trip changed %s into %s", out, out2)
		}
	})
}
