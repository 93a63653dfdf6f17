package activitypub

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	vocab "github.com/go-ap/activitypub"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reDecode encodes d and decodes the result, as a peer would.
func extReDecode(t *testing.T, d *Document) *Document {
	t.Helper()
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	out, err := Decode(b, nil)
	require.NoError(t, err, "%s", b)
	return out
}

func extEncode(t *testing.T, d *Document) []byte {
	t.Helper()
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	return b
}

// at returns the object at path, where a number is an index into the
// list property before it: "attachment.0", "object.tag.1".
func extAt(t *testing.T, d *Document, path string) Object {
	t.Helper()
	o := d.Root()
	parts := strings.Split(path, ".")
	for i := 0; i < len(parts); i++ {
		v := o.Get(parts[i])
		if i+1 < len(parts) {
			if n, err := strconv.Atoi(parts[i+1]); err == nil {
				items := v.Array()
				require.Less(t, n, len(items), path)
				v = items[n]
				i++
			}
		}
		next, ok := v.Object()
		require.True(t, ok, "no object at %s", path)
		o = next
	}
	return o
}

// deletePath removes the value at a dotted path from a JSON tree.
func extDeletePath(tree any, path string) {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		last := i == len(parts)-1
		switch node := tree.(type) {
		case map[string]any:
			if last {
				delete(node, p)
				return
			}
			tree = node[p]
		case []any:
			n, err := strconv.Atoi(p)
			if err != nil || n >= len(node) {
				return
			}
			if last {
				node[n] = nil
				return
			}
			tree = node[n]
		default:
			return
		}
	}
}

// contextOf flattens an @context into its URLs and its term definitions.
func extContextOf(v any) (urls []any, defs map[string]any) {
	defs = map[string]any{}
	var walk func(v any)
	walk = func(v any) {
		switch c := v.(type) {
		case string:
			urls = append(urls, c)
		case []any:
			for _, e := range c {
				walk(e)
			}
		case map[string]any:
			for k, d := range c {
				defs[k] = d
			}
		}
	}
	walk(v)
	return urls, defs
}

// assertChangedOnly checks that after is before but for the values at the
// given paths, and for terms the @context gained: every context URL and
// term definition of before is still there, unchanged.
func extChangedOnly(t *testing.T, before, after []byte, paths ...string) {
	t.Helper()
	b := jsonTree(t, before).(map[string]any)
	a := jsonTree(t, after).(map[string]any)
	bu, bd := extContextOf(b["@context"])
	au, ad := extContextOf(a["@context"])
	assert.Subset(t, au, bu, "context URLs kept")
	for k, v := range bd {
		assert.Equal(t, v, ad[k], "context term %q kept", k)
	}
	delete(a, "@context")
	delete(b, "@context")
	for _, p := range paths {
		extDeletePath(a, p)
		extDeletePath(b, p)
	}
	assert.Equal(t, b, a)
}

// declaredTerms returns the term definitions of a document's @context.
func extDeclared(t *testing.T, d *Document) map[string]any {
	t.Helper()
	_, defs := extContextOf(jsonTree(t, extEncode(t, d)).(map[string]any)["@context"])
	return defs
}

func TestFlagsRead(t *testing.T) {
	t.Parallel()
	type getter func(Object) (bool, bool)
	for _, tc := range []struct {
		file, name string
		get        getter
		want, ok   bool
	}{
		{"gotosocial-note.json", "sensitive", Sensitive, false, true},
		{"mastodon-note-attachment-blurhash.json", "sensitive", Sensitive, false, true},
		{"pleroma-note-emoji.json", "sensitive", Sensitive, false, false}, // null
		{"gotosocial-actor-locked-bob.json", "manuallyApprovesFollowers", ManuallyApprovesFollowers, true, true},
		{"mastodon-person-gargron.json", "manuallyApprovesFollowers", ManuallyApprovesFollowers, false, true},
		{"streams-person-fep521a.json", "manuallyApprovesFollowers", ManuallyApprovesFollowers, true, true},
		{"mastodon-person-gargron.json", "discoverable", Discoverable, true, true},
		{"gotosocial-actor.json", "discoverable", Discoverable, true, true},
		{"mastodon-person-gargron.json", "indexable", Indexable, true, true},
		{"streams-person-fep521a.json", "indexable", Indexable, false, true},
		{"pixelfed-person-dansup.json", "indexable", Indexable, true, true},
		{"gotosocial-actor.json", "indexable", Indexable, false, false}, // absent
		{"mastodon-person-gargron.json", "memorial", Memorial, false, true},
		{"mastodon-person-gargron.json", "suspended", Suspended, false, false}, // declared, absent
	} {
		t.Run(tc.file+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := tc.get(testCorpusDoc(t, tc.file).Root())
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
	// Under the object of an activity.
	s, ok := Sensitive(extAt(t, testCorpusDoc(t, "mastodon-create-question.json"), "object"))
	assert.True(t, ok)
	assert.False(t, s)
}

func TestFlagsWrite(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		get  func(Object) (bool, bool)
		set  func(Object, bool) error
		iri  string
	}{
		{"sensitive", Sensitive, SetSensitive, NSActivityStreams + "sensitive"},
		{"manuallyApprovesFollowers", ManuallyApprovesFollowers, SetManuallyApprovesFollowers, NSActivityStreams + "manuallyApprovesFollowers"},
		{"discoverable", Discoverable, SetDiscoverable, NSMastodon + "discoverable"},
		{"indexable", Indexable, SetIndexable, NSMastodon + "indexable"},
		{"memorial", Memorial, SetMemorial, NSMastodon + "memorial"},
		{"suspended", Suspended, SetSuspended, NSMastodon + "suspended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// On a new document: declared, and read back by a peer.
			d := New("Person")
			require.NoError(t, tc.set(d.Root(), true))
			peer := extReDecode(t, d)
			got, ok := tc.get(peer.Root())
			assert.True(t, ok)
			assert.True(t, got)
			assert.Equal(t, tc.iri, peer.Context().Expand(tc.name))

			// On a real document: only that property changes.
			real := testCorpusDoc(t, "mastodon-person-gargron.json")
			before := extEncode(t, real)
			require.NoError(t, tc.set(real.Root(), true))
			extChangedOnly(t, before, extEncode(t, real), tc.name)
			got, ok = tc.get(extReDecode(t, real).Root())
			assert.True(t, ok)
			assert.True(t, got)

			// The wrong type reads as no value.
			bad := testDecode(t, `{"type":"Person","`+tc.name+`":"true"}`)
			got, ok = tc.get(bad.Root())
			assert.False(t, ok)
			assert.False(t, got)
			assert.Error(t, tc.set(Object{}, true))
		})
	}
}

// The compact and full IRI spellings are read and kept.
func TestAnySpelling(t *testing.T) {
	t.Parallel()
	d := testDecode(t, `{
		"@context": ["https://www.w3.org/ns/activitystreams", {"toot": "http://joinmastodon.org/ns#", "bh": "toot:blurhash"}],
		"type": "Document",
		"bh": "LsGu,V2@wxozqSWEjte=gJfjfQfj",
		"toot:focalPoint": [0.5, -0.25],
		"http://joinmastodon.org/ns#discoverable": true,
		"tag": [{"type": "toot:Emoji", "name": ":x:", "icon": {"url": "https://a.example/x.png"}},
			{"type": "https://www.w3.org/ns/activitystreams#Hashtag", "name": "#y"}]
	}`)
	r := d.Root()
	h, ok := Blurhash(r)
	assert.True(t, ok)
	assert.Equal(t, "LsGu,V2@wxozqSWEjte=gJfjfQfj", h)
	fp, ok := FocalPointOf(r)
	assert.True(t, ok)
	assert.Equal(t, FocalPoint{X: 0.5, Y: -0.25}, fp)
	disc, ok := Discoverable(r)
	assert.True(t, ok)
	assert.True(t, disc)
	assert.Equal(t, []Emoji{{Name: ":x:", IconURL: "https://a.example/x.png"}}, Emojis(r))
	assert.Equal(t, []Hashtag{{Name: "#y"}}, Hashtags(r))

	before := extEncode(t, d)
	require.NoError(t, SetFocalPoint(r, FocalPoint{X: 1, Y: 1}))
	require.NoError(t, SetBlurhash(r, "USQv:h-W-qI-^,W;RPs=^-R%NZxbo#sDobSc"))
	after := extEncode(t, d)
	extChangedOnly(t, before, after, "toot:focalPoint", "bh")
	assert.Contains(t, string(after), `"toot:focalPoint":[1,1]`)
	assert.Contains(t, string(after), `"bh":"USQv:h-W-qI-^,W;RPs=^-R%NZxbo#sDobSc"`)
	assert.NotContains(t, string(after), `"blurhash"`)
	assert.NotContains(t, string(after), `"focalPoint"`)
}

func TestIRIProperties(t *testing.T) {
	t.Parallel()
	gargron := testCorpusDoc(t, "mastodon-person-gargron.json").Root()
	iri, ok := Featured(gargron)
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("https://mastodon.social/users/Gargron/collections/featured"), iri)
	iri, ok = FeaturedTags(gargron)
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("https://mastodon.social/users/Gargron/collections/tags"), iri)
	_, ok = MovedTo(gargron)
	assert.False(t, ok)
	assert.Equal(t, []vocab.IRI{"https://tooting.ai/users/Gargron"}, AlsoKnownAs(gargron))
	assert.Nil(t, AttributionDomains(gargron))

	iri, ok = Featured(testCorpusDoc(t, "gotosocial-actor.json").Root())
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("http://gts.test/users/alice/collections/featured"), iri)
	// Misskey declares featured without "@type": "@id"; the value is the
	// same string.
	iri, ok = Featured(testCorpusDoc(t, "misskey-person-syuilo.json").Root())
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("https://misskey.io/users/7rkrarq81i/collections/featured"), iri)
	// Pleroma sends an empty list.
	assert.Empty(t, AlsoKnownAs(testCorpusDoc(t, "pleroma-person-karolat.json").Root()))

	// Embedded objects give their id; wrong types give nothing.
	d := testDecode(t, `{"type":"Person",
		"featured":{"id":"https://a.example/f","type":"OrderedCollection"},
		"movedTo":42, "featuredTags":"", "alsoKnownAs":["https://b.example/u", 7, {"id":"https://c.example/u"}, {"type":"Person"}],
		"attributionDomains":"news.example"}`)
	iri, ok = Featured(d.Root())
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("https://a.example/f"), iri)
	_, ok = MovedTo(d.Root())
	assert.False(t, ok)
	_, ok = FeaturedTags(d.Root())
	assert.False(t, ok)
	assert.Equal(t, []vocab.IRI{"https://b.example/u", "https://c.example/u"}, AlsoKnownAs(d.Root()))
	assert.Equal(t, []string{"news.example"}, AttributionDomains(d.Root()))

	// Write on a new document and read back.
	n := New("Person")
	r := n.Root()
	require.NoError(t, SetFeatured(r, "https://a.example/users/a/collections/featured"))
	require.NoError(t, SetFeaturedTags(r, "https://a.example/users/a/collections/tags"))
	require.NoError(t, SetMovedTo(r, "https://b.example/users/a"))
	require.NoError(t, SetAlsoKnownAs(r, []vocab.IRI{"https://b.example/users/a", "https://c.example/@a"}))
	require.NoError(t, SetAttributionDomains(r, []string{"news.example", "blog.example"}))
	peer := extReDecode(t, n)
	p := peer.Root()
	iri, _ = Featured(p)
	assert.Equal(t, vocab.IRI("https://a.example/users/a/collections/featured"), iri)
	iri, _ = FeaturedTags(p)
	assert.Equal(t, vocab.IRI("https://a.example/users/a/collections/tags"), iri)
	iri, _ = MovedTo(p)
	assert.Equal(t, vocab.IRI("https://b.example/users/a"), iri)
	assert.Equal(t, []vocab.IRI{"https://b.example/users/a", "https://c.example/@a"}, AlsoKnownAs(p))
	assert.Equal(t, []string{"news.example", "blog.example"}, AttributionDomains(p))
	defs := extDeclared(t, peer)
	assert.Equal(t, map[string]any{"@id": "toot:featured", "@type": "@id"}, defs["featured"])
	assert.Equal(t, map[string]any{"@id": "as:movedTo", "@type": "@id"}, defs["movedTo"])
	assert.Equal(t, map[string]any{"@id": "toot:attributionDomains", "@type": "@id"}, defs["attributionDomains"])

	// On a real document, only the property changes; empty removes.
	real := testCorpusDoc(t, "mastodon-person-gargron.json")
	before := extEncode(t, real)
	require.NoError(t, SetMovedTo(real.Root(), "https://b.example/users/Gargron"))
	require.NoError(t, SetAlsoKnownAs(real.Root(), []vocab.IRI{"https://b.example/users/Gargron"}))
	extChangedOnly(t, before, extEncode(t, real), "movedTo", "alsoKnownAs")
	require.NoError(t, SetFeatured(real.Root(), ""))
	require.NoError(t, SetAlsoKnownAs(real.Root(), nil))
	assert.False(t, real.Root().Has("featured"))
	assert.False(t, real.Root().Has("alsoKnownAs"))

	// Bad input.
	assert.Error(t, SetMovedTo(r, "not an iri"))
	assert.Error(t, SetMovedTo(r, "/relative"))
	assert.Error(t, SetAlsoKnownAs(r, []vocab.IRI{"https://ok.example/", ""}))
	assert.Error(t, SetFeatured(r, "https://a.example/\xff"))
	assert.Error(t, SetAttributionDomains(r, []string{"https://news.example/"}))
	assert.Error(t, SetAttributionDomains(r, []string{""}))
	assert.Error(t, SetFeatured(Object{}, "https://a.example/"))
}

func TestBlurhash(t *testing.T) {
	t.Parallel()
	for file, path := range map[string]string{
		"gotosocial-note-with-media.json":        "attachment.0",
		"mastodon-note-attachment-blurhash.json": "attachment.0",
		"pixelfed-create-note-image.json":        "object.attachment.0",
	} {
		att := extAt(t, testCorpusDoc(t, file), path)
		h, ok := Blurhash(att)
		assert.True(t, ok, file)
		want, _ := att.Get("blurhash").String()
		assert.Equal(t, want, h, file)
	}
	h, _ := Blurhash(extAt(t, testCorpusDoc(t, "gotosocial-note-with-media.json"), "attachment.0"))
	assert.Equal(t, "LsGu,V2@wxozqSWEjte=gJfjfQfj", h)

	for _, bad := range []string{`42`, `"short"`, `"LsGu,V2@wxozqSWEjte=gJfjfQf"`, `"LsGu,V2@wxozqSWEjte=gJfjfQfjj"`, `"LsGu V2@wxozqSWEjte=gJfjfQfj"`, `null`, `["LsGu,V2@wxozqSWEjte=gJfjfQfj"]`} {
		d := testDecode(t, `{"type":"Image","blurhash":`+bad+`}`)
		_, ok := Blurhash(d.Root())
		assert.False(t, ok, bad)
	}

	n := New("Image")
	require.NoError(t, SetBlurhash(n.Root(), "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH"))
	h, ok := Blurhash(extReDecode(t, n).Root())
	assert.True(t, ok)
	assert.Equal(t, "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH", h)
	assert.Error(t, SetBlurhash(n.Root(), "not a blurhash"))
	require.NoError(t, SetBlurhash(n.Root(), ""))
	assert.False(t, n.Root().Has("blurhash"))

	real := testCorpusDoc(t, "gotosocial-note-with-media.json")
	before := extEncode(t, real)
	require.NoError(t, SetBlurhash(extAt(t, real, "attachment.0"), "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH"))
	extChangedOnly(t, before, extEncode(t, real), "attachment.0.blurhash")
}

func TestFocalPoint(t *testing.T) {
	t.Parallel()
	real := testCorpusDoc(t, "mastodon-note-attachment-blurhash.json")
	att := extAt(t, real, "attachment.0")
	fp, ok := FocalPointOf(att)
	assert.True(t, ok)
	assert.Equal(t, FocalPoint{X: 0, Y: 0}, fp)

	before := extEncode(t, real)
	require.NoError(t, SetFocalPoint(att, FocalPoint{X: -0.55, Y: 0.43}))
	after := extEncode(t, real)
	extChangedOnly(t, before, after, "attachment.0.focalPoint")
	assert.Contains(t, string(after), `"focalPoint":[-0.55,0.43]`)
	fp, ok = FocalPointOf(extAt(t, extReDecode(t, real), "attachment.0"))
	assert.True(t, ok)
	assert.Equal(t, FocalPoint{X: -0.55, Y: 0.43}, fp)

	n := New("Image")
	require.NoError(t, SetFocalPoint(n.Root(), FocalPoint{X: 1, Y: -1}))
	peer := extReDecode(t, n)
	fp, ok = FocalPointOf(peer.Root())
	assert.True(t, ok)
	assert.Equal(t, FocalPoint{X: 1, Y: -1}, fp)
	assert.Equal(t, map[string]any{"@container": "@list", "@id": "toot:focalPoint"}, extDeclared(t, peer)["focalPoint"])

	for _, bad := range []string{`"0,0"`, `0.5`, `[0.5]`, `[0.5, 0.5, 0.5]`, `[1.5, 0]`, `[0, -1.01]`, `["0", "0"]`, `null`, `{"x":0,"y":0}`} {
		d := testDecode(t, `{"type":"Image","focalPoint":`+bad+`}`)
		_, ok := FocalPointOf(d.Root())
		assert.False(t, ok, bad)
	}
	for _, bad := range []FocalPoint{{X: 1.01}, {Y: -2}, {X: math.NaN()}, {Y: math.Inf(1)}} {
		assert.Error(t, SetFocalPoint(n.Root(), bad), "%v", bad)
	}
}

func TestVotersCount(t *testing.T) {
	t.Parallel()
	real := testCorpusDoc(t, "gotosocial-question-poll.json")
	n, ok := VotersCount(real.Root())
	assert.True(t, ok)
	assert.EqualValues(t, 0, n)

	before := extEncode(t, real)
	require.NoError(t, SetVotersCount(real.Root(), 17))
	extChangedOnly(t, before, extEncode(t, real), "votersCount")
	n, _ = VotersCount(extReDecode(t, real).Root())
	assert.EqualValues(t, 17, n)

	q := New("Question")
	require.NoError(t, SetVotersCount(q.Root(), 3))
	n, ok = VotersCount(extReDecode(t, q).Root())
	assert.True(t, ok)
	assert.EqualValues(t, 3, n)
	assert.Error(t, SetVotersCount(q.Root(), -1))

	for _, bad := range []string{`"12"`, `-1`, `1.5`, `true`, `null`, `[3]`} {
		_, ok := VotersCount(testDecode(t, `{"type":"Question","votersCount":`+bad+`}`).Root())
		assert.False(t, ok, bad)
	}
	n, ok = VotersCount(testDecode(t, `{"type":"Question","votersCount":3.0}`).Root())
	assert.True(t, ok)
	assert.EqualValues(t, 3, n)
}

func TestQuote(t *testing.T) {
	t.Parallel()
	real := testCorpusDoc(t, "misskey-note-quote.json")
	q, ok := Quote(real.Root())
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("https://misskey.io/notes/8vs6wxufd0"), q)

	// Mastodon's order: quote, _misskey_quote, quoteUrl, quoteUri.
	all := `"quote":"https://a.example/1","_misskey_quote":"https://a.example/2","quoteUrl":"https://a.example/3","quoteUri":"https://a.example/4"`
	for _, tc := range []struct{ props, want string }{
		{all, "https://a.example/1"},
		{`"quoteUri":"https://a.example/4","quoteUrl":"https://a.example/3"`, "https://a.example/3"},
		{`"quoteUri":"https://a.example/4"`, "https://a.example/4"},
		{`"quote":{"type":"Note","id":"https://a.example/5"},"quoteUri":"https://a.example/4"`, "https://a.example/5"},
		{`"quote":["https://a.example/6","https://a.example/7"]`, "https://a.example/6"},
		// A deleted quote, a Tombstone without id, falls back.
		{`"quote":{"type":"Tombstone"},"_misskey_quote":"https://a.example/2"`, "https://a.example/2"},
		{`"quote":null,"quoteUrl":42,"quoteUri":"https://a.example/4"`, "https://a.example/4"},
		{`"https://w3id.org/fep/044f#quote":"https://a.example/8"`, "https://a.example/8"},
	} {
		q, ok := Quote(testDecode(t, `{"type":"Note",`+tc.props+`}`).Root())
		assert.True(t, ok, tc.props)
		assert.Equal(t, vocab.IRI(tc.want), q, tc.props)
	}
	_, ok = Quote(testDecode(t, `{"type":"Note","quote":42,"quoteUrl":""}`).Root())
	assert.False(t, ok)

	// A new quote post carries the three properties Mastodon 4.5 writes.
	n := New("Note")
	require.NoError(t, SetQuote(n.Root(), "https://b.example/notes/1"))
	peer := extReDecode(t, n)
	for _, name := range []string{"quote", "_misskey_quote", "quoteUri"} {
		s, ok := peer.Root().Get(name).String()
		assert.True(t, ok, name)
		assert.Equal(t, "https://b.example/notes/1", s, name)
	}
	assert.False(t, peer.Root().Has("quoteUrl"))
	assert.Equal(t, NSFEP044f+"quote", peer.Context().Expand("quote"))
	assert.Equal(t, NSFedibird+"quoteUri", peer.Context().Expand("quoteUri"))
	assert.Equal(t, NSMisskey+"_misskey_quote", peer.Context().Expand("_misskey_quote"))

	// On Misskey's note: the quoteUrl it had follows.
	before := extEncode(t, real)
	require.NoError(t, SetQuote(real.Root(), "https://b.example/notes/2"))
	extChangedOnly(t, before, extEncode(t, real), "quote", "_misskey_quote", "quoteUrl", "quoteUri")
	for _, name := range []string{"quote", "_misskey_quote", "quoteUrl", "quoteUri"} {
		s, _ := real.Root().Get(name).String()
		assert.Equal(t, "https://b.example/notes/2", s, name)
	}
	require.NoError(t, SetQuote(real.Root(), ""))
	_, ok = Quote(real.Root())
	assert.False(t, ok)
	extChangedOnly(t, before, extEncode(t, real), "quote", "_misskey_quote", "quoteUrl", "quoteUri")
	assert.Error(t, SetQuote(real.Root(), "nope"))
}

func TestMisskeyContent(t *testing.T) {
	t.Parallel()
	real := testCorpusDoc(t, "misskey-note-quote.json")
	s, ok := MisskeyContent(real.Root())
	assert.True(t, ok)
	assert.Equal(t, "投稿者の設定によるね\nFanboxについても投稿者によっては過去の投稿は高額なプランに移動してることがある", s)
	poll := testCorpusDoc(t, "misskey-question.json")
	s, ok = MisskeyContent(poll.Root())
	assert.True(t, ok)
	want, _ := poll.Root().Get("_misskey_content").String()
	assert.Equal(t, want, s)
	assert.NotEmpty(t, s)
	_, ok = MisskeyContent(testCorpusDoc(t, "gotosocial-note.json").Root())
	assert.False(t, ok)
	_, ok = MisskeyContent(testDecode(t, `{"type":"Note","_misskey_content":["a"]}`).Root())
	assert.False(t, ok)

	before := extEncode(t, real)
	require.NoError(t, SetMisskeyContent(real.Root(), "**bold** $[x2 big]"))
	extChangedOnly(t, before, extEncode(t, real), "_misskey_content")
	s, _ = MisskeyContent(extReDecode(t, real).Root())
	assert.Equal(t, "**bold** $[x2 big]", s)

	n := New("Note")
	require.NoError(t, SetMisskeyContent(n.Root(), "hello :blobcat:"))
	peer := extReDecode(t, n)
	s, ok = MisskeyContent(peer.Root())
	assert.True(t, ok)
	assert.Equal(t, "hello :blobcat:", s)
	assert.Equal(t, NSMisskey+"_misskey_content", peer.Context().Expand("_misskey_content"))
	assert.Error(t, SetMisskeyContent(n.Root(), "\xff"))
}

func TestEmojis(t *testing.T) {
	t.Parallel()
	person := testCorpusDoc(t, "misskey-person-syuilo.json")
	assert.Equal(t, []Emoji{{
		ID:            "https://misskey.io/emojis/peroro_sama",
		Name:          ":peroro_sama:",
		IconURL:       "https://media.misskeyusercontent.com/misskey/761a28c4-6702-4844-a63b-c6b4a345e981.gif",
		IconMediaType: "image/gif",
		Updated:       time.Date(2023, 7, 31, 11, 34, 35, 167e6, time.UTC),
	}}, Emojis(person.Root()))

	pleroma := Emojis(testCorpusDoc(t, "pleroma-note-emoji.json").Root())
	require.Len(t, pleroma, 2)
	assert.Equal(t, Emoji{
		ID:      "https://patch.cx/emoji/custom/joker_disapprove.png",
		Name:    ":joker_disapprove:",
		IconURL: "https://patch.cx/emoji/custom/joker_disapprove.png",
		Updated: time.Unix(0, 0).UTC(),
	}, pleroma[0])
	assert.Equal(t, ":joker_smile:", pleroma[1].Name)

	react := Emojis(testCorpusDoc(t, "fep-c0e0-emojireact-custom.json").Root())
	require.Len(t, react, 1)
	assert.Equal(t, ":blobwtfnotlikethis:", react[0].Name)
	assert.Equal(t, "image/png", react[0].IconMediaType)
	like := Emojis(testCorpusDoc(t, "misskey-like-emoji-reaction.json").Root())
	require.Len(t, like, 1)
	assert.Equal(t, vocab.IRI("https://misskey.local.live/files/webpublic-8f8a9768-7264-4171-88d6-2356aabeadcd"), like[0].IconURL)
	assert.Empty(t, Emojis(testCorpusDoc(t, "gotosocial-note.json").Root()))

	// Malformed emoji are left out; a bare icon link and a Link url work.
	d := testDecode(t, `{"type":"Note","tag":[
		{"type":"Emoji","name":":a:"},
		{"type":"Emoji","icon":{"url":"https://x.example/b.png"}},
		{"type":"Emoji","name":42,"icon":{"url":"https://x.example/c.png"}},
		{"type":"Emoji","name":":d:","icon":"https://x.example/d.png","updated":"yesterday"},
		{"type":"Emoji","name":":e:","icon":[{"url":{"type":"Link","href":"https://x.example/e.png"}}]},
		"https://x.example/tag", 7, null]}`)
	assert.Equal(t, []Emoji{
		{Name: ":d:", IconURL: "https://x.example/d.png"},
		{Name: ":e:", IconURL: "https://x.example/e.png"},
	}, Emojis(d.Root()))

	// Replace the emoji of syuilo's profile: the hashtags stay, in order.
	before := extEncode(t, person)
	hashtags := Hashtags(person.Root())
	require.Len(t, hashtags, 4)
	blob := Emoji{Name: ":blobcat:", IconURL: "https://misskey.io/files/blobcat.png", IconMediaType: "image/png",
		Updated: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	require.NoError(t, SetEmojis(person.Root(), []Emoji{blob}))
	extChangedOnly(t, before, extEncode(t, person), "tag.0")
	peer := extReDecode(t, person)
	assert.Equal(t, []Emoji{blob}, Emojis(peer.Root()))
	assert.Equal(t, hashtags, Hashtags(peer.Root()))
	require.NoError(t, SetEmojis(person.Root(), nil))
	assert.Empty(t, Emojis(person.Root()))
	assert.Equal(t, hashtags, Hashtags(person.Root()))

	// On a new note: the tag list and the Emoji type are declared.
	n := New("Note")
	require.NoError(t, SetEmojis(n.Root(), nil))
	assert.False(t, n.Root().Has("tag"), "nothing to add, nothing added")
	require.NoError(t, SetEmojis(n.Root(), []Emoji{blob, {ID: "https://x.example/e/2", Name: ":two:", IconURL: "https://x.example/2.png"}}))
	peer = extReDecode(t, n)
	assert.Equal(t, []Emoji{blob, {ID: "https://x.example/e/2", Name: ":two:", IconURL: "https://x.example/2.png"}}, Emojis(peer.Root()))
	assert.Equal(t, NSMastodon+"Emoji", peer.Context().Expand("Emoji"))
	assert.Contains(t, string(extEncode(t, n)), `{"type":"Emoji","name":":blobcat:","updated":"2024-01-02T03:04:05Z","icon":{"type":"Image","mediaType":"image/png","url":"https://misskey.io/files/blobcat.png"}}`)

	assert.Error(t, SetEmojis(n.Root(), []Emoji{{IconURL: "https://x.example/a.png"}}))
	assert.Error(t, SetEmojis(n.Root(), []Emoji{{Name: ":a:"}}))
	assert.Error(t, SetEmojis(n.Root(), []Emoji{{Name: ":a:", IconURL: "https://x.example/a.png", ID: "x"}}))
	assert.Error(t, SetEmojis(n.Root(), []Emoji{{Name: ":\xff:", IconURL: "https://x.example/a.png"}}))
}

func TestHashtagsAndMentions(t *testing.T) {
	t.Parallel()
	note := testCorpusDoc(t, "gotosocial-note.json")
	assert.Equal(t, []Hashtag{{Name: "#interop", Href: "http://gts.test/tags/interop"}}, Hashtags(note.Root()))
	assert.Equal(t, []Mention{{Href: "http://gts.test/users/bob", Name: "@bob@gts.test"}}, Mentions(note.Root()))

	assert.Equal(t, []Hashtag{{Name: "#mastocats", Href: "https://mastodon.social/tags/mastocats"}},
		Hashtags(testCorpusDoc(t, "mastodon-note-hashtag-video.json").Root()))
	tags := Hashtags(testCorpusDoc(t, "misskey-person-syuilo.json").Root())
	require.Len(t, tags, 4)
	assert.Equal(t, Hashtag{Name: "#misskey", Href: "https://misskey.io/tags/misskey"}, tags[0])
	assert.Equal(t, "#藍ちゃファンクラブ", tags[1].Name)
	// A tag that is one object, not a list.
	reply := testCorpusDoc(t, "pixelfed-create-note-reply.json")
	assert.Equal(t, []Mention{{Href: "https://gram.social/users/Alice", Name: "@Alice@gram.social"}}, Mentions(extAt(t, reply, "object")))
	// Lemmy mentions a community beside its own tag type.
	assert.Equal(t, []Mention{{Href: "https://enterprise.lemmy.ml/c/tenforward", Name: "@tenforward@enterprise.lemmy.ml"}},
		Mentions(testCorpusDoc(t, "lemmy-page.json").Root()))

	d := testDecode(t, `{"type":"Note","tag":[{"type":"Hashtag"},{"type":"Hashtag","name":"#ok","href":5},{"type":"Mention","name":"@nobody"},{"type":"Mention","href":"https://a.example/u"}]}`)
	assert.Equal(t, []Hashtag{{Name: "#ok"}}, Hashtags(d.Root()))
	assert.Equal(t, []Mention{{Href: "https://a.example/u"}}, Mentions(d.Root()))

	// Replace the hashtags of the note: the mention stays first.
	before := extEncode(t, note)
	require.NoError(t, SetHashtags(note.Root(), []Hashtag{{Name: "#go", Href: "http://gts.test/tags/go"}, {Name: "#fediverse"}}))
	extChangedOnly(t, before, extEncode(t, note), "tag")
	peer := extReDecode(t, note)
	assert.Equal(t, []Hashtag{{Name: "#go", Href: "http://gts.test/tags/go"}, {Name: "#fediverse"}}, Hashtags(peer.Root()))
	assert.Equal(t, []Mention{{Href: "http://gts.test/users/bob", Name: "@bob@gts.test"}}, Mentions(peer.Root()))
	assert.Equal(t, "Mention", extAt(t, peer, "tag.0").Type())

	// Replace the mention, in its place.
	require.NoError(t, SetMentions(note.Root(), []Mention{{Href: "http://gts.test/users/carol", Name: "@carol@gts.test"}}))
	peer = extReDecode(t, note)
	assert.Equal(t, []Mention{{Href: "http://gts.test/users/carol", Name: "@carol@gts.test"}}, Mentions(peer.Root()))
	assert.Equal(t, "Mention", extAt(t, peer, "tag.0").Type())
	assert.Len(t, Hashtags(peer.Root()), 2)

	// The single tag object of Pixelfed becomes a list.
	obj := extAt(t, reply, "object")
	require.NoError(t, SetHashtags(obj, []Hashtag{{Name: "#cats"}}))
	assert.Len(t, obj.Get("tag").Array(), 2)
	assert.Len(t, Mentions(obj), 1)

	n := New("Note")
	require.NoError(t, SetHashtags(n.Root(), []Hashtag{{Name: "#a", Href: "https://x.example/tags/a"}}))
	require.NoError(t, SetMentions(n.Root(), []Mention{{Href: "https://y.example/users/b"}}))
	peer = extReDecode(t, n)
	assert.Equal(t, []Hashtag{{Name: "#a", Href: "https://x.example/tags/a"}}, Hashtags(peer.Root()))
	assert.Equal(t, []Mention{{Href: "https://y.example/users/b"}}, Mentions(peer.Root()))
	assert.Equal(t, NSActivityStreams+"Hashtag", peer.Context().Expand("Hashtag"))
	assert.Equal(t, "as:Hashtag", extDeclared(t, peer)["Hashtag"])

	assert.Error(t, SetHashtags(n.Root(), []Hashtag{{Href: "https://x.example/tags/a"}}))
	assert.Error(t, SetHashtags(n.Root(), []Hashtag{{Name: "#a", Href: "tags/a"}}))
	assert.Error(t, SetMentions(n.Root(), []Mention{{Name: "@b"}}))
	assert.Error(t, SetMentions(Object{}, nil))
}

func TestProfileFields(t *testing.T) {
	t.Parallel()
	gts := testCorpusDoc(t, "gotosocial-actor.json")
	assert.Equal(t, []PropertyValue{
		{Name: "Website", Value: `<a href="http://localhost/" rel="nofollow noreferrer noopener" target="_blank">http://localhost/</a>`},
		{Name: "Pronouns", Value: "she/her"},
	}, ProfileFields(gts.Root()))
	gargron := ProfileFields(testCorpusDoc(t, "mastodon-person-gargron.json").Root())
	require.Len(t, gargron, 2)
	assert.Equal(t, "Patreon", gargron[0].Name)
	assert.Equal(t, "GitHub", gargron[1].Name)
	assert.Contains(t, gargron[1].Value, `href="https://github.com/Gargron"`)
	misskey := ProfileFields(testCorpusDoc(t, "misskey-person-syuilo.json").Root())
	require.Len(t, misskey, 1)
	assert.Equal(t, "写真集", misskey[0].Name)
	// Streams attaches Notes, not PropertyValues.
	streams := testCorpusDoc(t, "streams-person-fep521a.json")
	assert.Empty(t, ProfileFields(streams.Root()))

	d := testDecode(t, `{"type":"Person","attachment":[{"type":"PropertyValue","name":"a"},{"type":"PropertyValue","name":"b","value":3},{"type":"PropertyValue","name":"c","value":"d"}]}`)
	assert.Equal(t, []PropertyValue{{Name: "c", Value: "d"}}, ProfileFields(d.Root()))

	before := extEncode(t, gts)
	fields := []PropertyValue{{Name: "Matrix", Value: "@alice:matrix.example"}}
	require.NoError(t, SetProfileFields(gts.Root(), fields))
	extChangedOnly(t, before, extEncode(t, gts), "attachment")
	assert.Equal(t, fields, ProfileFields(extReDecode(t, gts).Root()))

	// Other attachments stay, the fields go after them when there were none.
	require.NoError(t, SetProfileFields(streams.Root(), fields))
	peer := extReDecode(t, streams)
	assert.Equal(t, fields, ProfileFields(peer.Root()))
	assert.Equal(t, "Note", extAt(t, peer, "attachment.0").Type())
	assert.Equal(t, "PropertyValue", extAt(t, peer, "attachment.1").Type())
	// Streams does not declare PropertyValue: it is declared now.
	assert.Equal(t, NSSchema+"PropertyValue", peer.Context().Expand("PropertyValue"))
	assert.Equal(t, NSSchema+"value", peer.Context().Expand("value"))

	n := New("Person")
	require.NoError(t, SetProfileFields(n.Root(), []PropertyValue{{Name: "Web", Value: `<a href="https://x.example">x.example</a>`}, {Name: "Empty", Value: ""}}))
	peer = extReDecode(t, n)
	assert.Equal(t, []PropertyValue{{Name: "Web", Value: `<a href="https://x.example">x.example</a>`}, {Name: "Empty", Value: ""}}, ProfileFields(peer.Root()))
	defs := extDeclared(t, peer)
	assert.Equal(t, "schema:PropertyValue", defs["PropertyValue"])
	assert.Equal(t, "schema:value", defs["value"])
	assert.Equal(t, "http://schema.org#", defs["schema"])
	assert.Error(t, SetProfileFields(n.Root(), []PropertyValue{{Name: "\xff"}}))
}

func TestInteractionPolicy(t *testing.T) {
	t.Parallel()
	public := []vocab.IRI{vocab.PublicNS}
	note := testCorpusDoc(t, "gotosocial-note.json")
	p, ok := InteractionPolicyOf(note.Root())
	require.True(t, ok)
	everyone := &InteractionRule{AutomaticApproval: public}
	assert.Equal(t, InteractionPolicy{CanLike: everyone, CanReply: everyone, CanAnnounce: everyone}, p)

	_, ok = InteractionPolicyOf(testCorpusDoc(t, "mastodon-note-attachment-blurhash.json").Root())
	assert.False(t, ok)

	// GoToSocial before v0.20: only always and approvalRequired.
	old := testDecode(t, `{"@context":["https://www.w3.org/ns/activitystreams","https://gotosocial.org/ns"],"type":"Note",
		"interactionPolicy":{"canReply":{"always":["https://a.example/users/x","https://a.example/users/x/followers"],"approvalRequired":"https://www.w3.org/ns/activitystreams#Public"},
		"canLike":{"always":"https://www.w3.org/ns/activitystreams#Public","automaticApproval":[],"manualApproval":[]}}}`)
	p, ok = InteractionPolicyOf(old.Root())
	require.True(t, ok)
	assert.Equal(t, &InteractionRule{
		AutomaticApproval: []vocab.IRI{"https://a.example/users/x", "https://a.example/users/x/followers"},
		ManualApproval:    public,
	}, p.CanReply)
	assert.Equal(t, everyone, p.CanLike)
	assert.Nil(t, p.CanAnnounce)

	// FEP-044f's example: single IRIs, canQuote, declared inline.
	fep := testDecode(t, `{"@context":["https://www.w3.org/ns/activitystreams",{"gts":"https://gotosocial.org/ns#",
		"interactionPolicy":{"@id":"gts:interactionPolicy","@type":"@id"},"canQuote":{"@id":"gts:canQuote","@type":"@id"},
		"automaticApproval":{"@id":"gts:automaticApproval","@type":"@id"}}],
		"interactionPolicy":{"canQuote":{"automaticApproval":"https://example.com/users/alice/followers"}},"type":"Note"}`)
	p, ok = InteractionPolicyOf(fep.Root())
	require.True(t, ok)
	assert.Equal(t, InteractionPolicy{CanQuote: &InteractionRule{AutomaticApproval: []vocab.IRI{"https://example.com/users/alice/followers"}}}, p)

	// Wrong types.
	for _, bad := range []string{`"everyone"`, `42`, `null`, `[]`} {
		_, ok := InteractionPolicyOf(testDecode(t, `{"type":"Note","interactionPolicy":`+bad+`}`).Root())
		assert.False(t, ok, bad)
	}
	p, ok = InteractionPolicyOf(testDecode(t, `{"type":"Note","interactionPolicy":{"canLike":"x","canReply":{"automaticApproval":[1,true,"https://a.example/u"]},
		"canAnnounce":{},"canQuote":{"automaticApproval":[],"always":null}}}`).Root())
	assert.True(t, ok)
	assert.Nil(t, p.CanLike)
	assert.Nil(t, p.CanAnnounce, "{} is not stated")
	assert.Nil(t, p.CanQuote, "a rule listing nobody is not stated")
	assert.Equal(t, &InteractionRule{AutomaticApproval: []vocab.IRI{"https://a.example/u"}}, p.CanReply)

	// Write on a new note: the terms are declared, the deprecated forms
	// written beside the new ones, except for canQuote.
	author := vocab.IRI("https://a.example/users/alice")
	policy := InteractionPolicy{
		CanLike:  &InteractionRule{AutomaticApproval: public},
		CanReply: &InteractionRule{AutomaticApproval: []vocab.IRI{author + "/followers"}, ManualApproval: public},
		CanQuote: &InteractionRule{AutomaticApproval: []vocab.IRI{author}},
	}
	n := New("Note")
	require.NoError(t, SetInteractionPolicy(n.Root(), policy))
	peer := extReDecode(t, n)
	p, ok = InteractionPolicyOf(peer.Root())
	require.True(t, ok)
	assert.Equal(t, InteractionPolicy{
		CanLike:  &InteractionRule{AutomaticApproval: public, ManualApproval: []vocab.IRI{}},
		CanReply: policy.CanReply,
		CanQuote: &InteractionRule{AutomaticApproval: []vocab.IRI{author}, ManualApproval: []vocab.IRI{}},
	}, extNormalizeEmpty(p))
	tree := jsonTree(t, extEncode(t, peer)).(map[string]any)["interactionPolicy"].(map[string]any)
	assert.Equal(t, map[string]any{
		"automaticApproval": []any{string(author) + "/followers"}, "manualApproval": []any{vocab.PublicNS.String()},
		"always": []any{string(author) + "/followers"}, "approvalRequired": []any{vocab.PublicNS.String()},
	}, tree["canReply"])
	assert.Equal(t, map[string]any{"automaticApproval": []any{string(author)}, "manualApproval": []any{}}, tree["canQuote"])
	assert.NotContains(t, tree, "canAnnounce")
	for _, term := range []string{"interactionPolicy", "canLike", "canReply", "canQuote", "automaticApproval", "manualApproval", "always", "approvalRequired"} {
		assert.Equal(t, NSGoToSocial+term, peer.Context().Expand(term), term)
	}
	assert.NotContains(t, extDeclared(t, peer), "canAnnounce")

	// Write on GoToSocial's note: only the policy changes, and the
	// gotosocial.org/ns context already declares the terms.
	before := extEncode(t, note)
	require.NoError(t, SetInteractionPolicy(note.Root(), policy))
	after := extEncode(t, note)
	extChangedOnly(t, before, after, "interactionPolicy")
	assert.Equal(t, jsonTree(t, before).(map[string]any)["@context"], jsonTree(t, after).(map[string]any)["@context"])
	p, _ = InteractionPolicyOf(extReDecode(t, note).Root())
	assert.Equal(t, policy.CanReply, p.CanReply)

	assert.Error(t, SetInteractionPolicy(n.Root(), InteractionPolicy{CanLike: &InteractionRule{AutomaticApproval: []vocab.IRI{""}}}))
	assert.Error(t, SetInteractionPolicy(n.Root(), InteractionPolicy{CanQuote: &InteractionRule{ManualApproval: []vocab.IRI{"followers"}}}))
	assert.Error(t, SetInteractionPolicy(n.Root(), InteractionPolicy{CanQuote: &InteractionRule{}}))
	assert.Error(t, SetInteractionPolicy(Object{}, InteractionPolicy{}))
	require.NoError(t, SetInteractionPolicy(n.Root(), InteractionPolicy{}))
	assert.Equal(t, `{}`, string(n.Root().Get("interactionPolicy").Raw()))
}

// normalizeEmpty makes nil lists of a policy empty, for comparison.
func extNormalizeEmpty(p InteractionPolicy) InteractionPolicy {
	for _, r := range []*InteractionRule{p.CanLike, p.CanReply, p.CanAnnounce, p.CanQuote} {
		if r == nil {
			continue
		}
		if r.AutomaticApproval == nil {
			r.AutomaticApproval = []vocab.IRI{}
		}
		if r.ManualApproval == nil {
			r.ManualApproval = []vocab.IRI{}
		}
	}
	return p
}

func TestPublicKeys(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ file, id, owner string }{
		{"gotosocial-actor.json", "http://gts.test/users/alice/main-key", "http://gts.test/users/alice"},
		{"gotosocial-main-key-unsigned.json", "http://gts.test/users/alice/main-key", "http://gts.test/users/alice"},
		{"mastodon-person-gargron.json", "https://mastodon.social/users/Gargron#main-key", "https://mastodon.social/users/Gargron"},
		{"misskey-person-syuilo.json", "https://misskey.io/users/7rkrarq81i#main-key", "https://misskey.io/users/7rkrarq81i"},
		{"streams-person-fep521a.json", "https://macgirvin.com/channel/mike?operation=rsakey", "https://macgirvin.com/channel/mike"},
		{"peertube-channel-group-actor.json", "http://127.0.0.1:9000/video-channels/root_channel#main-key", "http://127.0.0.1:9000/video-channels/root_channel"},
		{"lemmy-group.json", "https://enterprise.lemmy.ml/c/tenforward#main-key", "https://enterprise.lemmy.ml/c/tenforward"},
	} {
		d := testCorpusDoc(t, tc.file)
		keys := PublicKeys(d.Root())
		require.Len(t, keys, 1, tc.file)
		assert.Equal(t, vocab.IRI(tc.id), keys[0].ID, tc.file)
		assert.Equal(t, vocab.IRI(tc.owner), keys[0].Owner, tc.file)
		want, _ := extAt(t, d, "publicKey").Get("publicKeyPem").String()
		assert.Equal(t, want, keys[0].PEM, tc.file)
		pub, err := keys[0].Parse()
		require.NoError(t, err, tc.file)
		assert.IsType(t, &rsa.PublicKey{}, pub, tc.file)
	}
	assert.Empty(t, PublicKeys(testCorpusDoc(t, "fep-521a-actor-multikey.json").Root()))

	d := testDecode(t, `{"type":"Person","publicKey":["https://a.example/key",{"id":"https://a.example/k1"},{"publicKeyPem":"x"},{"id":"https://a.example/k2","publicKeyPem":"pem","owner":{"id":"https://a.example/u"}},{"id":"https://a.example/k3","publicKeyPem":5}]}`)
	assert.Equal(t, []PublicKey{{ID: "https://a.example/k2", Owner: "https://a.example/u", PEM: "pem"}}, PublicKeys(d.Root()))
	_, err := PublicKeys(d.Root())[0].Parse()
	assert.Error(t, err)

	// Write keys made from crypto keys.
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	k1, err := NewPublicKey("https://a.example/users/a#main-key", "https://a.example/users/a", edPub)
	require.NoError(t, err)
	k2, err := NewPublicKey("https://a.example/users/a#ec-key", "https://a.example/users/a", &ecKey.PublicKey)
	require.NoError(t, err)
	_, err = NewPublicKey("https://a.example/users/a#k", "https://a.example/users/a", "not a key")
	assert.Error(t, err)

	n := New("Person")
	require.NoError(t, SetPublicKeys(n.Root(), []PublicKey{k1}))
	assert.True(t, extAt(t, n, "publicKey").Valid(), "one key is an object")
	peer := extReDecode(t, n)
	assert.Equal(t, []PublicKey{k1}, PublicKeys(peer.Root()))
	assert.Contains(t, peer.Context().URLs, ContextSecurityV1)
	pub, err := PublicKeys(peer.Root())[0].Parse()
	require.NoError(t, err)
	assert.True(t, edPub.Equal(pub))

	require.NoError(t, SetPublicKeys(n.Root(), []PublicKey{k1, k2}))
	assert.Equal(t, []PublicKey{k1, k2}, PublicKeys(extReDecode(t, n).Root()))

	real := testCorpusDoc(t, "gotosocial-actor.json")
	before := extEncode(t, real)
	require.NoError(t, SetPublicKeys(real.Root(), []PublicKey{k1}))
	extChangedOnly(t, before, extEncode(t, real), "publicKey")

	assert.Error(t, SetPublicKeys(n.Root(), []PublicKey{{ID: k1.ID, Owner: k1.Owner, PEM: "garbage"}}))
	assert.Error(t, SetPublicKeys(n.Root(), []PublicKey{{ID: k1.ID, PEM: k1.PEM}}))
	require.NoError(t, SetPublicKeys(n.Root(), nil))
	assert.False(t, n.Root().Has("publicKey"))
}

func TestAssertionMethods(t *testing.T) {
	t.Parallel()
	fep := AssertionMethods(testCorpusDoc(t, "fep-521a-actor-multikey.json").Root())
	assert.Equal(t, []Multikey{{
		ID:                 "https://server.example/users/alice#ed25519-key",
		Controller:         "https://server.example/users/alice",
		PublicKeyMultibase: "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
	}}, fep)
	pub, err := fep[0].Parse()
	require.NoError(t, err)
	assert.IsType(t, ed25519.PublicKey{}, pub)

	streams := AssertionMethods(testCorpusDoc(t, "streams-person-fep521a.json").Root())
	require.Len(t, streams, 1)
	assert.Equal(t, vocab.IRI("https://macgirvin.com/channel/mike#z6MkoeUtTDPBt4Rwxe65DJPnB62vfaH8R58hjFrNGGXgRHkV"), streams[0].ID)
	assert.Equal(t, "z6MkoeUtTDPBt4Rwxe65DJPnB62vfaH8R58hjFrNGGXgRHkV", streams[0].PublicKeyMultibase)
	_, err = streams[0].Parse()
	assert.NoError(t, err)
	assert.Empty(t, AssertionMethods(testCorpusDoc(t, "gotosocial-actor.json").Root()))

	d := testDecode(t, `{"type":"Person","assertionMethod":["https://a.example/k",{"id":"https://a.example/k1","type":"JsonWebKey","publicKeyMultibase":"z6Mk"},{"id":"https://a.example/k2","type":"Multikey"},{"id":"https://a.example/k3","type":"Multikey","publicKeyMultibase":"zBad"}]}`)
	keys := AssertionMethods(d.Root())
	require.Len(t, keys, 1)
	_, err = keys[0].Parse()
	assert.Error(t, err)

	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	mk, err := NewMultikey("https://a.example/users/a#ed25519", "https://a.example/users/a", edPub)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(mk.PublicKeyMultibase, "z6Mk"))
	_, err = NewMultikey("https://a.example/users/a#k", "https://a.example/users/a", 42)
	assert.Error(t, err)

	n := New("Person")
	require.NoError(t, SetAssertionMethods(n.Root(), []Multikey{mk}))
	peer := extReDecode(t, n)
	assert.Equal(t, []Multikey{mk}, AssertionMethods(peer.Root()))
	assert.Contains(t, peer.Context().URLs, ContextMultikeyV1)
	got, err := AssertionMethods(peer.Root())[0].Parse()
	require.NoError(t, err)
	assert.True(t, edPub.Equal(got))

	real := testCorpusDoc(t, "streams-person-fep521a.json")
	before := extEncode(t, real)
	require.NoError(t, SetAssertionMethods(real.Root(), []Multikey{mk, streams[0]}))
	extChangedOnly(t, before, extEncode(t, real), "assertionMethod")
	assert.Equal(t, []Multikey{mk, streams[0]}, AssertionMethods(extReDecode(t, real).Root()))

	assert.Error(t, SetAssertionMethods(n.Root(), []Multikey{{ID: mk.ID, Controller: mk.Controller, PublicKeyMultibase: "zBad"}}))
	assert.Error(t, SetAssertionMethods(n.Root(), []Multikey{{ID: "", Controller: mk.Controller, PublicKeyMultibase: mk.PublicKeyMultibase}}))
	require.NoError(t, SetAssertionMethods(n.Root(), nil))
	assert.False(t, n.Root().Has("assertionMethod"))
}

// Every getter survives every document of the corpus, and every value of
// every type, without a panic.
func TestGettersNeverPanic(t *testing.T) {
	t.Parallel()
	values := []string{`null`, `true`, `0`, `-1`, `1.5`, `1e400`, `""`, `"x"`, `[]`, `[null]`, `[1,"a",{}]`, `{}`, `{"id":5,"type":7,"href":[],"url":{}}`}
	props := []string{"sensitive", "blurhash", "focalPoint", "votersCount", "quote", "_misskey_quote", "tag", "attachment",
		"interactionPolicy", "publicKey", "assertionMethod", "uuid", "views", "duration", "state", "category", "licence",
		"language", "subtitleLanguage", "url", "attributedTo", "totalItems", "first", "playlists", "featured", "alsoKnownAs", "attributionDomains"}
	var docs []*Document
	for _, v := range values {
		var b strings.Builder
		b.WriteString(`{"type":"Note"`)
		for _, p := range props {
			b.WriteString(`,"` + p + `":` + v)
		}
		b.WriteString(`,"tag":[` + v + `,{"type":"Emoji","icon":` + v + `,"name":` + v + `}],"url":[{"type":"Link","tag":[` + v + `]}]}`)
		docs = append(docs, testDecode(t, b.String()))
	}
	for _, f := range corpusFiles(t) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		d, err := Decode(b, nil)
		require.NoError(t, err)
		docs = append(docs, d)
	}
	for _, d := range docs {
		objects := []Object{d.Root(), {}}
		for _, k := range d.Root().Keys() {
			for _, v := range d.Root().Get(k).Array() {
				if o, ok := v.Object(); ok {
					objects = append(objects, o)
				}
			}
		}
		for _, o := range objects {
			assert.NotPanics(t, func() { extReadAll(o) })
		}
	}
}

func extReadAll(o Object) {
	Sensitive(o)
	ManuallyApprovesFollowers(o)
	Discoverable(o)
	Indexable(o)
	Memorial(o)
	Suspended(o)
	Featured(o)
	FeaturedTags(o)
	MovedTo(o)
	AlsoKnownAs(o)
	AttributionDomains(o)
	Blurhash(o)
	FocalPointOf(o)
	VotersCount(o)
	Quote(o)
	MisskeyContent(o)
	Emojis(o)
	Hashtags(o)
	Mentions(o)
	ProfileFields(o)
	InteractionPolicyOf(o)
	PublicKeys(o)
	AssertionMethods(o)
	UUID(o)
	Views(o)
	Duration(o)
	State(o)
	CommentsEnabled(o)
	DownloadEnabled(o)
	WaitTranscoding(o)
	LiveBroadcast(o)
	Support(o)
	Category(o)
	Licence(o)
	Language(o)
	SubtitleLanguages(o)
	VideoURLs(o)
	Playlists(o)
	AttributedTo(o)
	TotalItems(o)
	First(o)
}
