package activitypub

import (
	"os"
	"path/filepath"
	"testing"

	vocab "github.com/go-ap/activitypub"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Actors and collections of the GoToSocial captures in
// testdata/addressing.
const (
	addrAlice          vocab.IRI = "http://gts.test/users/alice"
	addrAliceFollowers vocab.IRI = "http://gts.test/users/alice/followers"
	addrBob            vocab.IRI = "http://gts.test/users/bob"
	addrBobFollowers   vocab.IRI = "http://gts.test/users/bob/followers"
	addrCarol          vocab.IRI = "http://peer.test/users/carol"
)

// readAddressingItem decodes testdata/addressing/name with go-ap.
func readAddressingItem(t *testing.T, name string) vocab.Item {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "addressing", name))
	require.NoError(t, err)
	it, err := vocab.UnmarshalJSON(data)
	require.NoError(t, err)
	require.NotNil(t, it)
	return it
}

// addrMention is a Mention tag of actor, as servers write it.
func addrMention(actor vocab.IRI) *vocab.Link {
	return &vocab.Link{Type: vocab.MentionType, Href: actor}
}

func TestIsPublic(t *testing.T) {
	t.Parallel()
	for iri, want := range map[vocab.IRI]bool{
		"https://www.w3.org/ns/activitystreams#Public": true,
		"as:Public": true,
		"Public":    true,
		"http://www.w3.org/ns/activitystreams#Public":  false,
		"https://www.w3.org/ns/activitystreams#public": false,
		"https://www.w3.org/ns/activitystreams":        false,
		"public":                                       false,
		"":                                             false,
		addrAliceFollowers:                             false,
	} {
		assert.Equal(t, want, IsPublic(iri), "%q", iri)
	}
}

func TestAudienceOf(t *testing.T) {
	t.Parallel()
	o := &vocab.Object{
		Type:     vocab.NoteType,
		To:       vocab.ItemCollection{vocab.PublicNS, &vocab.Actor{ID: addrBob, Type: vocab.PersonType}},
		CC:       vocab.ItemCollection{addrAliceFollowers, &vocab.Link{Type: vocab.MentionType, Href: addrCarol}},
		Bto:      vocab.ItemCollection{addrCarol},
		BCC:      vocab.ItemCollection{addrBob},
		Audience: vocab.ItemCollection{addrBobFollowers},
	}
	assert.Equal(t, Audience{
		To:       []vocab.IRI{vocab.PublicNS, addrBob},
		CC:       []vocab.IRI{addrAliceFollowers}, // the link has no id
		Bto:      []vocab.IRI{addrCarol},
		BCC:      []vocab.IRI{addrBob},
		Audience: []vocab.IRI{addrBobFollowers},
	}, AudienceOf(o))
	assert.Equal(t, Audience{}, AudienceOf(addrBob))
	assert.Equal(t, Audience{}, AudienceOf(nil))
}

func TestRecipients(t *testing.T) {
	t.Parallel()
	o := &vocab.Object{
		Type:     vocab.NoteType,
		To:       vocab.ItemCollection{vocab.PublicNS, addrBob},
		CC:       vocab.ItemCollection{addrAliceFollowers, vocab.IRI("as:Public"), addrBob},
		Bto:      vocab.ItemCollection{addrCarol, vocab.IRI("Public")},
		BCC:      vocab.ItemCollection{addrAliceFollowers, addrBobFollowers},
		Audience: vocab.ItemCollection{addrCarol, addrAlice},
	}
	assert.Equal(t, []vocab.IRI{addrBob, addrAliceFollowers, addrCarol, addrBobFollowers, addrAlice}, Recipients(o))

	assert.Nil(t, Recipients(&vocab.Object{To: vocab.ItemCollection{vocab.PublicNS}}))
	assert.Nil(t, Recipients(nil))
	assert.Nil(t, Recipients(addrBob))
}

func TestRecipientsCorpus(t *testing.T) {
	t.Parallel()
	tests := map[string][]vocab.IRI{
		"gotosocial-note.json":                              {addrAliceFollowers, addrBob},
		"gotosocial-note-reply.json":                        {addrBobFollowers, addrAlice},
		"gotosocial-question-poll.json":                     {addrAliceFollowers},
		"gotosocial-outgoing-post-create-note-mention.json": {addrAliceFollowers, addrCarol},
		"gotosocial-outgoing-post-follow.json":              {addrCarol},
		"gotosocial-outgoing-post-accept-follow.json":       {addrCarol},
		"peertube-video-object.json":                        {"http://127.0.0.1:9000/accounts/root/followers"},
		"peertube-comment-note.json":                        {"http://127.0.0.1:9000/accounts/root/followers"},
	}
	for file, want := range tests {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, want, Recipients(readAddressingItem(t, file)))
		})
	}
}

// Recipients reads the activity, not its object: the Accept is addressed
// to carol, the Follow it carries to alice.
func TestRecipientsActivity(t *testing.T) {
	t.Parallel()
	it := readAddressingItem(t, "gotosocial-outgoing-post-accept-follow.json")
	assert.Equal(t, []vocab.IRI{addrCarol}, Recipients(it))
	require.NoError(t, vocab.OnActivity(it, func(a *vocab.Activity) error {
		assert.Equal(t, []vocab.IRI{addrAlice}, Recipients(a.Object))
		return nil
	}))
}

func TestAddMention(t *testing.T) {
	t.Parallel()
	o := &vocab.Object{
		Type: vocab.NoteType,
		To:   vocab.ItemCollection{vocab.PublicNS},
		CC:   vocab.ItemCollection{addrAliceFollowers},
	}
	require.NoError(t, AddMention(o, addrBob, "@bob@gts.test"))
	require.NoError(t, AddMention(o, addrCarol, "@carol@peer.test"))
	want := vocab.ItemCollection{addrAliceFollowers, addrBob, addrCarol}
	assert.Equal(t, want, o.CC)
	assert.Equal(t, vocab.ItemCollection{vocab.PublicNS}, o.To)
	require.Len(t, o.Tag, 2)
	m, err := vocab.ToLink(o.Tag[0])
	require.NoError(t, err)
	assert.Equal(t, vocab.MentionType, m.Type)
	assert.Equal(t, addrBob, m.Href)
	assert.Equal(t, "@bob@gts.test", m.Name.String())

	// Again: nothing changes.
	require.NoError(t, AddMention(o, addrBob, "@bob@gts.test"))
	require.NoError(t, AddMention(o, addrBob, "@bob"))
	assert.Equal(t, want, o.CC)
	assert.Len(t, o.Tag, 2)
}

func TestAddMentionAlreadyAddressed(t *testing.T) {
	t.Parallel()
	o := &vocab.Object{Type: vocab.NoteType, To: vocab.ItemCollection{addrBob}}
	require.NoError(t, AddMention(o, addrBob, ""))
	assert.Equal(t, vocab.ItemCollection{addrBob}, o.To)
	assert.Nil(t, o.CC)
	require.Len(t, o.Tag, 1)
	m, err := vocab.ToLink(o.Tag[0])
	require.NoError(t, err)
	assert.Empty(t, m.Name, "no handle, no name")
	assert.Equal(t, Direct, VisibilityOf(o, addrAliceFollowers))
}

// A decoded document already mentions bob: AddMention leaves it alone.
func TestAddMentionCorpus(t *testing.T) {
	t.Parallel()
	it := readAddressingItem(t, "gotosocial-note.json")
	before, err := vocab.MarshalJSON(it)
	require.NoError(t, err)
	require.NoError(t, AddMention(it, addrBob, "@bob@gts.test"))
	after, err := vocab.MarshalJSON(it)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after))
}

func TestAddMentionJSON(t *testing.T) {
	t.Parallel()
	o := &vocab.Object{Type: vocab.NoteType}
	require.NoError(t, AddMention(o, addrBob, "@bob@gts.test"))
	data, err := vocab.MarshalJSON(o)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"type": "Note",
		"cc": ["http://gts.test/users/bob"],
		"tag": [{"type": "Mention", "href": "http://gts.test/users/bob", "name": "@bob@gts.test"}]
	}`, string(data))
}

func TestAddMentionErrors(t *testing.T) {
	t.Parallel()
	var nilObject *vocab.Object
	for name, it := range map[string]vocab.Item{
		"nil":        nil,
		"nil object": nilObject,
		"IRI":        addrAlice,
		"link":       &vocab.Link{Type: vocab.LinkType, Href: addrAlice},
		"value":      vocab.Object{Type: vocab.NoteType},
		"items":      vocab.ItemCollection{&vocab.Object{Type: vocab.NoteType}},
	} {
		assert.Error(t, AddMention(it, addrBob, "@bob@gts.test"), name)
		assert.Error(t, Address(it, Public, addrAliceFollowers), name)
	}
	assert.Error(t, AddMention(&vocab.Object{}, "", "@bob@gts.test"))
}

func TestAddress(t *testing.T) {
	t.Parallel()
	type iris = vocab.ItemCollection
	tests := []struct {
		v      Visibility
		to, cc iris
	}{
		{v: Public, to: iris{vocab.PublicNS}, cc: iris{addrAliceFollowers, addrBob}},
		{v: Unlisted, to: iris{addrAliceFollowers}, cc: iris{vocab.PublicNS, addrBob}},
		{v: FollowersOnly, to: iris{addrAliceFollowers}, cc: iris{addrBob}},
		{v: Direct, to: iris{addrBob}},
	}
	for _, tc := range tests {
		t.Run(tc.v.String(), func(t *testing.T) {
			t.Parallel()
			o := &vocab.Object{Type: vocab.NoteType}
			require.NoError(t, AddMention(o, addrBob, "@bob@gts.test"))
			require.NoError(t, Address(o, tc.v, addrAliceFollowers))
			assert.Equal(t, tc.to, o.To)
			assert.Equal(t, tc.cc, o.CC)
			assert.Equal(t, tc.v, VisibilityOf(o, addrAliceFollowers))
			assert.Equal(t, tc.v, VisibilityOf(o, ""))
		})
	}
}

// Address from every visibility to every other: VisibilityOf gives the
// visibility asked for. The one exception is documented: carol, who is
// addressed but not mentioned, stays, so what was limited stays limited
// when made direct.
func TestAddressRoundTrip(t *testing.T) {
	t.Parallel()
	all := []Visibility{Public, Unlisted, FollowersOnly, Direct, Limited}
	for _, from := range all {
		for _, to := range all {
			t.Run(from.String()+"-"+to.String(), func(t *testing.T) {
				t.Parallel()
				o := &vocab.Object{Type: vocab.NoteType}
				require.NoError(t, AddMention(o, addrBob, "@bob@gts.test"))
				if from == Limited {
					o.CC = append(o.CC, addrCarol)
				}
				require.NoError(t, Address(o, from, addrAliceFollowers))
				require.Equal(t, from, VisibilityOf(o, addrAliceFollowers))
				if to == Limited && from != Limited {
					o.CC = append(o.CC, addrCarol)
				}
				require.NoError(t, Address(o, to, addrAliceFollowers))
				want := to
				if from == Limited && to == Direct {
					want = Limited
				}
				assert.Equal(t, want, VisibilityOf(o, addrAliceFollowers))
				assert.Equal(t, want, VisibilityOf(o, ""))
				assert.Contains(t, Recipients(o), addrBob)
				if from == Limited || to == Limited {
					assert.Contains(t, o.CC, vocab.Item(addrCarol))
				}
			})
		}
	}
}

// Addressing a decoded document: the public GoToSocial note made direct
// keeps only bob, whom it mentions, and made unlisted again matches what
// Mastodon would send.
func TestAddressCorpus(t *testing.T) {
	t.Parallel()
	it := readAddressingItem(t, "gotosocial-note.json")
	require.NoError(t, Address(it, Direct, addrAliceFollowers))
	assert.Equal(t, Direct, VisibilityOf(it, addrAliceFollowers))
	assert.Equal(t, Audience{To: []vocab.IRI{addrBob}}, AudienceOf(it))

	require.NoError(t, Address(it, Unlisted, addrAliceFollowers))
	assert.Equal(t, Unlisted, VisibilityOf(it, addrAliceFollowers))
	a := AudienceOf(it)
	assert.Equal(t, []vocab.IRI{addrAliceFollowers}, a.To)
	assert.Equal(t, []vocab.IRI{vocab.PublicNS, addrBob}, a.CC)
}

// Address keeps recipients it does not manage where they were, and
// replaces every spelling of Public.
func TestAddressKeepsOthers(t *testing.T) {
	t.Parallel()
	const list vocab.IRI = "http://gts.test/users/alice/lists/1"
	o := &vocab.Object{
		Type:     vocab.NoteType,
		To:       vocab.ItemCollection{vocab.IRI("as:Public"), list},
		CC:       vocab.ItemCollection{vocab.IRI("Public"), addrCarol, addrAliceFollowers},
		Bto:      vocab.ItemCollection{vocab.PublicNS},
		Audience: vocab.ItemCollection{addrBobFollowers},
	}
	require.NoError(t, Address(o, FollowersOnly, addrAliceFollowers))
	assert.Equal(t, vocab.ItemCollection{addrAliceFollowers, list}, o.To)
	assert.Equal(t, vocab.ItemCollection{addrCarol}, o.CC)
	assert.Equal(t, vocab.ItemCollection{vocab.PublicNS}, o.Bto, "bto is left alone")
	assert.Equal(t, vocab.ItemCollection{addrBobFollowers}, o.Audience, "audience is left alone")

	require.NoError(t, Address(o, Direct, ""))
	assert.Equal(t, vocab.ItemCollection{addrAliceFollowers, list}, o.To, "no followers given, none removed")
	require.NoError(t, Address(o, Limited, addrAliceFollowers))
	assert.Equal(t, vocab.ItemCollection{list}, o.To)
	assert.Equal(t, vocab.ItemCollection{addrCarol}, o.CC)
	assert.Equal(t, Limited, VisibilityOf(o, addrAliceFollowers))
}

// Address changes the item it is given: an activity, not its object.
func TestAddressActivity(t *testing.T) {
	t.Parallel()
	it := readAddressingItem(t, "gotosocial-outgoing-post-create-note-mention.json")
	require.NoError(t, Address(it, FollowersOnly, addrAliceFollowers))
	assert.Equal(t, FollowersOnly, VisibilityOf(it, addrAliceFollowers))
	require.NoError(t, vocab.OnActivity(it, func(a *vocab.Activity) error {
		assert.Equal(t, Public, VisibilityOf(a.Object, addrAliceFollowers))
		require.NoError(t, Address(a.Object, FollowersOnly, addrAliceFollowers))
		// The note mentions carol, and the Create has no tags: carol
		// stays where she was in the Create and moves to cc in the note.
		assert.Equal(t, []vocab.IRI{addrAliceFollowers, addrCarol}, Recipients(a))
		assert.Equal(t, Audience{To: []vocab.IRI{addrAliceFollowers}, CC: []vocab.IRI{addrCarol}}, AudienceOf(a.Object))
		return nil
	}))
}

func TestAddressErrors(t *testing.T) {
	t.Parallel()
	o := &vocab.Object{Type: vocab.NoteType, To: vocab.ItemCollection{addrBob}}
	for _, v := range []Visibility{0, Limited + 1, -1} {
		assert.Error(t, Address(o, v, addrAliceFollowers), v.String())
	}
	for _, v := range []Visibility{Public, Unlisted, FollowersOnly} {
		assert.Error(t, Address(o, v, ""), v.String())
	}
	assert.Equal(t, vocab.ItemCollection{addrBob}, o.To, "unchanged on error")
	assert.NoError(t, Address(o, Direct, ""))
}

// Empty entries, which a hand-built item may hold, are skipped, and
// dropped by Address.
func TestAddressingNilEntries(t *testing.T) {
	t.Parallel()
	var nilActor *vocab.Actor
	o := &vocab.Object{
		Type: vocab.NoteType,
		To:   vocab.ItemCollection{nil, nilActor, addrBob},
		CC:   vocab.ItemCollection{vocab.IRI(""), nil},
		Tag:  vocab.ItemCollection{nil, addrMention(addrBob)},
	}
	assert.Equal(t, Direct, VisibilityOf(o, ""))
	assert.Equal(t, []vocab.IRI{addrBob}, Recipients(o))
	require.NoError(t, AddMention(o, addrBob, "@bob@gts.test"))
	require.NoError(t, Address(o, Public, addrAliceFollowers))
	assert.Equal(t, vocab.ItemCollection{vocab.PublicNS}, o.To)
	assert.Equal(t, vocab.ItemCollection{addrAliceFollowers, addrBob}, o.CC)
}
