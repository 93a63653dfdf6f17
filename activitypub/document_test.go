package activitypub

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	vocab "github.com/go-ap/activitypub"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonTree decodes JSON into a tree for comparison, numbers kept as
// written.
func jsonTree(t testing.TB, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

func corpusFiles(t testing.TB) []string {
	files, err := filepath.Glob("testdata/corpus/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// Every document of the corpus decodes, gives go-ap's view for the types
// go-ap knows, and encodes back to the same JSON tree.
func TestCorpusRoundTrip(t *testing.T) {
	t.Parallel()
	for _, f := range corpusFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			d, err := Decode(b, nil)
			require.NoError(t, err)
			out, err := d.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, jsonTree(t, b), jsonTree(t, out))

			typ := d.Root().Type()
			require.NotEmpty(t, typ)
			if vocab.Types.Contains(vocab.ActivityVocabularyType(typ)) {
				assert.NotNil(t, d.Item(), "go-ap view of a %s", typ)
			}
		})
	}
}

// go-ap alone drops what it does not model; the document keeps it.
func TestKeepsWhatGoAPDrops(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/corpus/gotosocial-note.json")
	require.NoError(t, err)
	it, err := vocab.UnmarshalJSON(b)
	require.NoError(t, err)
	goap, err := vocab.MarshalJSON(it)
	require.NoError(t, err)
	assert.NotContains(t, string(goap), "interactionPolicy", "go-ap drops it (if this fails, go-ap improved)")

	d, err := Decode(b, nil)
	require.NoError(t, err)
	out, _ := d.MarshalJSON()
	assert.Contains(t, string(out), "interactionPolicy")
	assert.Contains(t, string(out), `"sensitive"`)
	assert.Contains(t, string(out), "@context")
}

func TestGetAnySpelling(t *testing.T) {
	t.Parallel()
	doc := `{
		"@context": ["https://www.w3.org/ns/activitystreams", {"toot": "http://joinmastodon.org/ns#", "pt": "https://joinpeertube.org/ns#", "bh": "toot:blurhash"}],
		"type": "Image",
		"toot:focalPoint": [0.5, -0.25],
		"http://joinmastodon.org/ns#discoverable": true,
		"bh": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
		"https://www.w3.org/ns/activitystreams#sensitive": false,
		"pt:views": "42"
	}`
	d, err := Decode([]byte(doc), nil)
	require.NoError(t, err)
	r := d.Root()
	for _, name := range []string{"blurhash", "toot:blurhash", "http://joinmastodon.org/ns#blurhash", "bh"} {
		s, ok := r.Get(name).String()
		assert.True(t, ok, name)
		assert.Equal(t, "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH", s, name)
	}
	fp := r.Get("focalPoint").Array()
	require.Len(t, fp, 2)
	f, ok := fp[1].Float()
	assert.True(t, ok)
	assert.Equal(t, -0.25, f)
	disc, ok := r.Get("discoverable").Bool()
	assert.True(t, ok)
	assert.True(t, disc)
	sens, ok := r.Get("as:sensitive").Bool()
	assert.True(t, ok)
	assert.False(t, sens)
	views, ok := r.Get("views").Int()
	assert.True(t, ok, "a count sent as a string")
	assert.EqualValues(t, 42, views)
	assert.False(t, r.Has("memorial"))
	assert.False(t, r.Get("memorial").Exists())
	assert.Nil(t, r.Get("memorial").Array())

	assert.Equal(t, NSMastodon+"blurhash", d.Context().Expand("bh"))
	assert.Equal(t, NSActivityStreams+"Note", d.Context().Expand("Note"))
	assert.Equal(t, "", d.Context().Expand("unknown:thing"))
}

func TestSetDeclaresTerms(t *testing.T) {
	t.Parallel()
	d := New("Note")
	r := d.Root()
	require.NoError(t, r.Set("id", "https://social.example/notes/1"))
	require.NoError(t, r.Set("content", "<p>Hello</p>"))
	require.NoError(t, r.Set("sensitive", true))
	require.NoError(t, r.Set("votersCount", 3))
	require.NoError(t, r.Set("publicKey", map[string]any{"id": "https://social.example/actor#main-key"}))
	out, err := d.MarshalJSON()
	require.NoError(t, err)
	tree := jsonTree(t, out).(map[string]any)
	assert.Equal(t, []any{
		ContextActivityStreams,
		ContextSecurityV1,
		map[string]any{"sensitive": "as:sensitive", "toot": NSMastodon, "votersCount": "toot:votersCount"},
	}, tree["@context"])
	assert.Equal(t, true, tree["sensitive"])
	assert.Equal(t, json.Number("3"), tree["votersCount"])

	// go-ap's view follows the changes.
	o, ok := d.Item().(*vocab.Object)
	require.True(t, ok)
	assert.Equal(t, vocab.IRI("https://social.example/notes/1"), o.ID)
	assert.Equal(t, "<p>Hello</p>", o.Content.String())

	// Setting an existing property keeps the document's spelling.
	d2, err := Decode([]byte(`{"@context":["https://www.w3.org/ns/activitystreams",{"toot":"http://joinmastodon.org/ns#"}],"type":"Image","toot:blurhash":"a"}`), nil)
	require.NoError(t, err)
	require.NoError(t, d2.Root().Set("blurhash", "b"))
	out, _ = d2.MarshalJSON()
	assert.Contains(t, string(out), `"toot:blurhash":"b"`)
	assert.NotContains(t, string(out), `"blurhash":"b"`)
	assert.True(t, d2.Root().Delete("http://joinmastodon.org/ns#blurhash"))
	assert.False(t, d2.Root().Has("blurhash"))
	assert.False(t, d2.Root().Delete("blurhash"))

	// Values of all kinds, and objects from other documents.
	tag := New("Hashtag")
	require.NoError(t, tag.Root().Set("name", "#fediverse"))
	require.NoError(t, r.Set("tag", []any{tag.Root(), json.RawMessage(`{"type":"Mention","href":"https://b.example/u/bob"}`)}))
	tags := r.Get("tag").Array()
	require.Len(t, tags, 2)
	t0, ok := tags[0].Object()
	require.True(t, ok)
	assert.Equal(t, "Hashtag", t0.Type())
	iri, ok := tags[1].IRI()
	assert.True(t, ok)
	assert.Equal(t, "https://b.example/u/bob", iri)
	assert.Error(t, r.Set("x", make(chan int)))
	assert.Error(t, r.Set("x", json.RawMessage(`{`)))
	assert.Error(t, Object{}.Set("x", 1))
}

func TestDecodeLimits(t *testing.T) {
	t.Parallel()
	_, err := Decode([]byte(`{"type":"Note","content":"`+strings.Repeat("x", 100)+`"}`), &DecodeOptions{MaxSize: 64})
	assert.ErrorIs(t, err, ErrTooLarge)

	deep := `{"type":"Note","object":` + strings.Repeat(`{"object":`, 10) + `"x"` + strings.Repeat(`}`, 10) + `}`
	_, err = Decode([]byte(deep), &DecodeOptions{MaxDepth: 5})
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrTooDeep)
	assert.Equal(t, "$.object.object.object.object.object", de.Path)

	_, err = Decode([]byte(`{"type":"Note","tag":[1,2,{"a":[1,2,3,4,5]}]}`), &DecodeOptions{MaxArrayLength: 4})
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrTooLong)
	assert.Equal(t, "$.tag[2].a", de.Path)

	for _, bad := range []string{``, `[]`, `"x"`, `{`, `{"a":}`, `null`, `{"a":.}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":[1,.5]}`, `{"a":1e}`} {
		_, err := Decode([]byte(bad), nil)
		assert.ErrorIs(t, err, ErrMalformed, bad)
	}
	// Wrong types in known properties are kept, not fatal.
	d, err := Decode([]byte(`{"type":"Note","id":42,"to":{"x":1},"published":"yesterday","content":["a"]}`), nil)
	require.NoError(t, err)
	out, _ := d.MarshalJSON()
	assert.Contains(t, string(out), `"published":"yesterday"`)
}

// Reading a decoded document from many goroutines is safe (run with
// -race).
func TestConcurrentReads(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/corpus/mastodon-person-gargron.json")
	require.NoError(t, err)
	d, err := Decode(b, nil)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			r := d.Root()
			for _, k := range r.Keys() {
				_ = r.Get(k).Array()
				_, _ = r.Get(k).String()
			}
			_, _ = r.Get("toot:featured").IRI()
			_ = d.Item()
			_, _ = d.MarshalJSON()
		})
	}
	wg.Wait()
}

// The core's answers to three cases found while writing the extensions.
func TestTermEdgeCases(t *testing.T) {
	t.Parallel()
	// A document that gives a known word another meaning: the built-in
	// meaning is what a bare name asks for.
	d, err := Decode([]byte(`{"@context":["https://www.w3.org/ns/activitystreams",{"bh":"http://joinmastodon.org/ns#blurhash","blurhash":"http://other.example/ns#blurhash"}],"type":"Image","bh":"A","blurhash":"B"}`), nil)
	require.NoError(t, err)
	s, _ := d.Root().Get("blurhash").String()
	assert.Equal(t, "A", s)
	s, _ = d.Root().Get("http://other.example/ns#blurhash").String()
	assert.Equal(t, "B", s)

	// Misskey's older namespace is the same vocabulary.
	d, err = Decode([]byte(`{"@context":["https://www.w3.org/ns/activitystreams",{"misskey":"https://misskey.io/ns#","_misskey_quote":"misskey:_misskey_quote"}],"type":"Note","_misskey_quote":"https://m.example/notes/1"}`), nil)
	require.NoError(t, err)
	assert.True(t, d.Root().Has(NSMisskey+"_misskey_quote"))

	// A definition that uses another prefix declares it too.
	n := New("Video")
	require.NoError(t, n.Root().Set("views", 1))
	out, _ := n.MarshalJSON()
	assert.Contains(t, string(out), `"sc":"http://schema.org/"`)
	assert.Contains(t, string(out), `"pt":"https://joinpeertube.org/ns#"`)
}

// Set declares the extension terms used inside a value, merges the
// context of a value from another document, and re-reads a replaced
// @context.
func TestSetNestedTerms(t *testing.T) {
	t.Parallel()
	d := New("Note")
	require.NoError(t, d.Root().Set("tag", []any{map[string]any{"type": "Emoji", "name": ":x:"}}))
	require.NoError(t, d.Root().Set("attachment", map[string]any{"type": "Image", "blurhash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj"}))
	assert.True(t, d.Context().declares("Emoji"))
	assert.True(t, d.Context().declares("blurhash"))

	obj := New("Note")
	require.NoError(t, obj.Root().Set("sensitive", true))
	act := New("Create")
	require.NoError(t, act.Root().Set("object", obj))
	out, _ := act.MarshalJSON()
	assert.Equal(t, 1, strings.Count(string(out), "@context"), string(out))
	assert.Contains(t, string(out), `"sensitive":"as:sensitive"`)

	n := New("Note")
	require.NoError(t, n.Root().Set("@context", []any{ContextActivityStreams, map[string]any{"ex": "https://ex.example/ns#"}}))
	require.NoError(t, n.Root().Set("ex:mood", "happy"))
	assert.Equal(t, "https://ex.example/ns#mood", n.Context().Expand("ex:mood"))
	assert.True(t, n.Root().Has("https://ex.example/ns#mood"))
}
