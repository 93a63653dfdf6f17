package activitypub

import (
	"path/filepath"
	"testing"

	vocab "github.com/go-ap/activitypub"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every document of the corpus, read through the lossless tree. Posts are
// checked with their author's followers collection and with the
// heuristic; documents that are not posts read as addressed to nobody
// (Direct) or, for activities sent to one actor, as Limited.
func TestObjectVisibilityCorpus(t *testing.T) {
	t.Parallel()
	want := map[string]struct {
		followers string
		root      Visibility
		object    Visibility // of the embedded object, if any
	}{
		"gotosocial-note.json":                              {"http://gts.test/users/alice/followers", Public, 0},
		"gotosocial-note-reply.json":                        {"http://gts.test/users/bob/followers", Public, 0},
		"gotosocial-note-with-media.json":                   {"http://gts.test/users/alice/followers", Public, 0},
		"gotosocial-question-poll.json":                     {"http://gts.test/users/alice/followers", Public, 0},
		"gotosocial-outgoing-post-create-note-mention.json": {"http://gts.test/users/alice/followers", Public, Public},
		"gotosocial-outgoing-post-follow.json":              {"http://gts.test/users/alice/followers", Limited, 0},
		"gotosocial-outgoing-post-accept-follow.json":       {"http://gts.test/users/alice/followers", Limited, Limited},
		"gotosocial-docs-announce-approvedby.json":          {"https://somewhere.else.example.org/users/someone/followers", FollowersOnly, 0},
		"gotosocial-docs-reply-approval.json":               {"", Direct, 0},
		"mastodon-note-attachment-blurhash.json":            {"https://floss.social/users/kde/followers", Public, 0},
		"mastodon-note-hashtag-video.json":                  {"https://mastodon.social/users/emelie/followers", Public, 0},
		"mastodon-create-question.json":                     {"https://mastodon.sdf.org/users/rinpatch/followers", Public, Public},
		"misskey-note-quote.json":                           {"https://misskey.io/users/7rkrarq81i/followers", Public, 0},
		"misskey-question.json":                             {"https://skippers-bin.com/users/7v1w1r8ce6/followers", Public, 0},
		"misskey-like-emoji-reaction.json":                  {"", Direct, 0},
		"peertube-video-object.json":                        {"http://127.0.0.1:9000/accounts/root/followers", Public, 0},
		"peertube-live-video-object.json":                   {"http://127.0.0.1:9000/accounts/root/followers", Public, 0},
		"peertube-comment-note.json":                        {"http://127.0.0.1:9000/accounts/root/followers", Public, 0},
		"peertube-playlist-object.json":                     {"http://127.0.0.1:9000/accounts/root/followers", Public, 0},
		"peertube-announce-without-context.json":            {"http://127.0.0.1:9002/video-channels/root_channel/followers", Public, 0},
		"lemmy-announce-create-page.json":                   {"", Public, Public},
		"lemmy-comment-note.json":                           {"", Public, 0},
		"lemmy-page.json":                                   {"", Public, 0},
		"pixelfed-create-note-image.json":                   {"https://pixelfed.social/users/mczachurski/followers", Public, Public},
		"pixelfed-create-note-reply.json":                   {"https://pixelfed.social/users/mczachurski/followers", Public, Public},
		"pleroma-note-emoji.json":                           {"https://patch.cx/users/rin/followers", Public, 0},
		// A chat message to one actor it does not mention.
		"pleroma-chat-message.json": {"", Limited, 0},
		// A reaction addressed to the author's followers.
		"fep-c0e0-emojireact-custom.json": {"https://alice.social/users/alice/followers", FollowersOnly, 0},
	}
	seen := 0
	for _, f := range corpusFiles(t) {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			root := testCorpusDoc(t, name).Root()
			w, ok := want[name]
			if !ok {
				// Actors and collections: no addressing at all.
				assert.Empty(t, root.Recipients())
				assert.Equal(t, Direct, root.Visibility(""))
				return
			}
			assert.Equal(t, w.root, root.Visibility(w.followers))
			assert.Equal(t, w.root, root.Visibility(""), "with the followers heuristic")
			if w.object != 0 {
				obj, ok := root.Get("object").Object()
				require.True(t, ok)
				assert.Equal(t, w.object, obj.Visibility(w.followers))
			}
		})
		if _, ok := want[name]; ok {
			seen++
		}
	}
	assert.Equal(t, len(want), seen, "a file of the table is missing from the corpus")
}

// Object.Visibility agrees with VisibilityOf on go-ap's view wherever
// go-ap keeps the addressing.
func TestObjectVisibilityAgreesWithGoAP(t *testing.T) {
	t.Parallel()
	for _, f := range corpusFiles(t) {
		d := testCorpusDoc(t, filepath.Base(f))
		if it := d.Item(); isObject(it) {
			assert.Equal(t, VisibilityOf(it, ""), d.Root().Visibility(""), f)
		}
	}
}

// The spellings go-ap drops inside an array are read from the tree.
func TestObjectVisibilitySpellings(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]Visibility{
		`{"type":"Note","to":"https://www.w3.org/ns/activitystreams#Public"}`:                                     Public,
		`{"type":"Note","to":["https://www.w3.org/ns/activitystreams#Public"]}`:                                   Public,
		`{"type":"Note","to":"as:Public"}`:                                                                        Public,
		`{"type":"Note","to":["as:Public"]}`:                                                                      Public,
		`{"type":"Note","to":["Public"]}`:                                                                         Public,
		`{"type":"Note","to":[{"id":"as:Public"}]}`:                                                               Public,
		`{"type":"Note","cc":["as:Public"]}`:                                                                      Unlisted,
		`{"type":"Note","cc":["Public"],"to":["https://x.example/u/a/followers"]}`:                                Unlisted,
		`{"type":"Note","to":["https://x.example/u/a/followers"],"cc":[]}`:                                        FollowersOnly,
		`{"type":"Note","to":"https://x.example/u/b","tag":{"type":"Mention","href":"https://x.example/u/b"}}`:    Direct,
		`{"type":"Note","to":"https://x.example/u/b","tag":{"type":"as:Mention","href":"https://x.example/u/b"}}`: Direct,
		`{"type":"Note","to":"https://x.example/u/b","tag":[{"type":"Hashtag","href":"https://x.example/u/b"}]}`:  Limited,
		`{"type":"Note","to":"https://x.example/u/b","cc":null}`:                                                  Limited,
		`{"type":"Note"}`: Direct,
	} {
		assert.Equal(t, want, testDecode(t, doc).Root().Visibility(""), doc)
	}
	for _, doc := range []string{
		`{"type":"Note","to":["as:Public"]}`,
		`{"type":"Note","to":["Public"]}`,
	} {
		d := testDecode(t, doc)
		assert.Equal(t, Public, d.Root().Visibility(""), doc)
		assert.Equal(t, Direct, VisibilityOf(d.Item(), ""), "go-ap now keeps %s", doc)
	}
	assert.Equal(t, Visibility(0), Object{}.Visibility(""))
}

// GoToSocial's reply has a single tag object, which go-ap drops: with the
// public collection taken out, go-ap's view reads as Limited, the tree as
// Direct (alice is mentioned).
func TestObjectVisibilitySingleTag(t *testing.T) {
	t.Parallel()
	d := testCorpusDoc(t, "gotosocial-note-reply.json")
	root := d.Root()
	require.NoError(t, root.Set("to", []string{}))
	require.NoError(t, root.Set("cc", []string{string(addrAlice)}))
	assert.Equal(t, Direct, root.Visibility(string(addrBobFollowers)))
	assert.Equal(t, Limited, VisibilityOf(d.Item(), addrBobFollowers), "go-ap now keeps a single tag")

	require.NoError(t, root.Set("to", []string{string(addrBobFollowers)}))
	assert.Equal(t, FollowersOnly, root.Visibility(string(addrBobFollowers)))
}

func TestObjectRecipients(t *testing.T) {
	t.Parallel()
	d := testDecode(t, `{"type":"Note",
		"to":["as:Public","https://x.example/u/a"],
		"cc":"https://x.example/u/a/followers",
		"bto":[{"type":"Person","id":"https://y.example/u/b"},{"type":"Person"}],
		"bcc":["https://x.example/u/a",null],
		"audience":"https://z.example/g"}`)
	assert.Equal(t, []string{
		"https://x.example/u/a",
		"https://x.example/u/a/followers",
		"https://y.example/u/b",
		"https://z.example/g",
	}, d.Root().Recipients())
	assert.Nil(t, testDecode(t, `{"type":"Note","to":"Public"}`).Root().Recipients())

	// The same as go-ap's where go-ap keeps everything.
	for _, f := range corpusFiles(t) {
		d := testCorpusDoc(t, filepath.Base(f))
		if it := d.Item(); isObject(it) {
			var want []string
			for _, iri := range Recipients(it) {
				want = append(want, string(iri))
			}
			assert.Equal(t, want, d.Root().Recipients(), f)
		}
	}
}

func TestObjectAddress(t *testing.T) {
	t.Parallel()
	const (
		followers = "https://x.example/u/a/followers"
		bob       = "https://y.example/u/bob"
		carol     = "https://z.example/u/carol"
	)
	base := `{"type":"Note","to":["as:Public","` + carol + `"],"cc":"` + followers + `",
		"tag":{"type":"Mention","href":"` + bob + `"}}`
	tests := []struct {
		v      Visibility
		to, cc string
	}{
		{Public, `["https://www.w3.org/ns/activitystreams#Public","` + carol + `"]`, `["` + followers + `","` + bob + `"]`},
		{Unlisted, `["` + followers + `","` + carol + `"]`, `["https://www.w3.org/ns/activitystreams#Public","` + bob + `"]`},
		{FollowersOnly, `["` + followers + `","` + carol + `"]`, `["` + bob + `"]`},
		{Limited, `["` + carol + `","` + bob + `"]`, `[]`},
		{Direct, `["` + carol + `","` + bob + `"]`, `[]`},
	}
	for _, tc := range tests {
		t.Run(tc.v.String(), func(t *testing.T) {
			t.Parallel()
			d := testDecode(t, base)
			root := d.Root()
			require.NoError(t, root.Address(tc.v, followers))
			assert.JSONEq(t, tc.to, string(root.Get("to").Raw()))
			assert.JSONEq(t, tc.cc, string(root.Get("cc").Raw()))
			// Carol is not mentioned: Direct reads as Limited.
			want := tc.v
			if want == Direct {
				want = Limited
			}
			assert.Equal(t, want, root.Visibility(followers))
			// go-ap's view agrees.
			assert.Equal(t, want, VisibilityOf(d.Item(), followers))
		})
	}
}

// Object.Address writes what the go-ap Address writes.
func TestObjectAddressAgreesWithGoAP(t *testing.T) {
	t.Parallel()
	const followers = "http://gts.test/users/alice/followers"
	for _, v := range []Visibility{Public, Unlisted, FollowersOnly, Direct, Limited} {
		d := testCorpusDoc(t, "gotosocial-note.json")
		it := d.Item()
		require.NoError(t, Address(it, v, followers))
		require.NoError(t, d.Root().Address(v, followers))
		a := AudienceOf(it)
		assert.Equal(t, iriStringsOf(a.To), d.Root().addressees("to"), v)
		assert.Equal(t, iriStringsOf(a.CC), d.Root().addressees("cc"), v)
	}
}

func TestObjectAddressErrors(t *testing.T) {
	t.Parallel()
	root := testDecode(t, `{"type":"Note"}`).Root()
	for _, v := range []Visibility{Public, Unlisted, FollowersOnly} {
		assert.ErrorContains(t, root.Address(v, ""), "activitypub: ")
	}
	assert.ErrorContains(t, root.Address(Visibility(42), "https://x.example/f"), "unknown visibility")
	assert.Error(t, Object{}.Address(Public, "https://x.example/f"))
	// Direct with nobody to address: both empty arrays.
	require.NoError(t, root.Address(Direct, ""))
	assert.JSONEq(t, `[]`, string(root.Get("to").Raw()))
	assert.JSONEq(t, `[]`, string(root.Get("cc").Raw()))
}

func TestObjectAddMention(t *testing.T) {
	t.Parallel()
	const bob = "https://y.example/u/bob"
	// A single tag object and a single cc string become arrays.
	d := testDecode(t, `{"@context":"https://www.w3.org/ns/activitystreams","type":"Note",
		"to":"as:Public","cc":"https://x.example/f",
		"tag":{"type":"Hashtag","name":"#go","href":"https://x.example/tags/go"}}`)
	root := d.Root()
	require.NoError(t, root.AddMention(bob, "@bob@y.example"))
	assert.JSONEq(t, `[{"type":"Hashtag","name":"#go","href":"https://x.example/tags/go"},
		{"type":"Mention","href":"`+bob+`","name":"@bob@y.example"}]`, string(root.Get("tag").Raw()))
	assert.JSONEq(t, `["https://x.example/f","`+bob+`"]`, string(root.Get("cc").Raw()))

	// Again: nothing changes.
	before, err := d.MarshalJSON()
	require.NoError(t, err)
	require.NoError(t, root.AddMention(bob, "@bob@y.example"))
	after, err := d.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))

	// go-ap sees the mention.
	require.NoError(t, vocab.OnObject(d.Item(), func(o *vocab.Object) error {
		assert.Equal(t, []vocab.IRI{bob}, mentions(o.Tag))
		return nil
	}))

	// Already in to: only the tag is added, without a name.
	d = testDecode(t, `{"type":"Note","to":["`+bob+`"]}`)
	require.NoError(t, d.Root().AddMention(bob, ""))
	assert.JSONEq(t, `[{"type":"Mention","href":"`+bob+`"}]`, string(d.Root().Get("tag").Raw()))
	assert.False(t, d.Root().Has("cc"))
	assert.Equal(t, Direct, d.Root().Visibility(""))

	assert.ErrorContains(t, d.Root().AddMention("", "x"), "activitypub: ")
	assert.Error(t, Object{}.AddMention(bob, ""))
}
