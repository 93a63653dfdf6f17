package activitypub

import (
	"testing"

	vocab "github.com/go-ap/activitypub"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVisibilityString(t *testing.T) {
	t.Parallel()
	for v, want := range map[Visibility]string{
		Public:        "public",
		Unlisted:      "unlisted",
		FollowersOnly: "private",
		Direct:        "direct",
		Limited:       "limited",
		0:             "Visibility(0)",
		Limited + 1:   "Visibility(6)",
	} {
		assert.Equal(t, want, v.String())
	}
}

func TestVisibilityOf(t *testing.T) {
	t.Parallel()
	type iris = vocab.ItemCollection
	tests := []struct {
		name      string
		to, cc    iris
		tag       vocab.ItemCollection
		followers vocab.IRI
		want      Visibility
	}{
		{name: "public, full IRI", to: iris{vocab.PublicNS}, cc: iris{addrAliceFollowers}, want: Public},
		{name: "public, as:Public", to: iris{vocab.IRI("as:Public")}, cc: iris{addrAliceFollowers}, want: Public},
		{name: "public, Public", to: iris{vocab.IRI("Public")}, cc: iris{addrAliceFollowers}, want: Public},
		{name: "public in to and cc", to: iris{addrBob, vocab.PublicNS}, cc: iris{vocab.IRI("Public")}, want: Public},
		{name: "public without followers", to: iris{vocab.PublicNS}, want: Public},
		{name: "unlisted, full IRI", to: iris{addrAliceFollowers}, cc: iris{vocab.PublicNS}, want: Unlisted},
		{name: "unlisted, as:Public", to: iris{addrAliceFollowers}, cc: iris{vocab.IRI("as:Public")}, want: Unlisted},
		{name: "unlisted, Public", to: iris{addrAliceFollowers}, cc: iris{vocab.IRI("Public")}, want: Unlisted},
		{name: "unlisted, no followers", cc: iris{addrBob, vocab.PublicNS}, want: Unlisted},
		{
			name: "followers only", to: iris{addrAliceFollowers}, cc: iris{addrBob},
			tag: vocab.ItemCollection{addrMention(addrBob)}, followers: addrAliceFollowers, want: FollowersOnly,
		},
		{
			name: "followers only, heuristic", to: iris{addrAliceFollowers}, cc: iris{addrBob},
			tag: vocab.ItemCollection{addrMention(addrBob)}, want: FollowersOnly,
		},
		{
			// PeerTube names its collections like this too.
			name: "followers only, heuristic, other server", to: iris{vocab.IRI("http://127.0.0.1:9000/accounts/root/followers")},
			want: FollowersOnly,
		},
		{
			// The collection given wins over the heuristic: bob's followers
			// are not alice's, and a collection is not an actor, so
			// nothing makes this limited.
			name: "someone else's followers", to: iris{addrBobFollowers},
			followers: addrAliceFollowers, want: Direct,
		},
		{
			// Mastodon looks for the followers collection in to only.
			name: "followers in cc only", to: iris{addrBob}, cc: iris{addrAliceFollowers},
			tag: vocab.ItemCollection{addrMention(addrBob)}, followers: addrAliceFollowers, want: Direct,
		},
		{
			name: "direct", to: iris{addrBob},
			tag: vocab.ItemCollection{addrMention(addrBob)}, followers: addrAliceFollowers, want: Direct,
		},
		{
			name: "direct, mentions in cc", to: iris{addrBob}, cc: iris{addrCarol},
			tag: vocab.ItemCollection{addrMention(addrCarol), addrMention(addrBob)}, want: Direct,
		},
		{
			name: "direct, embedded recipient", to: iris{&vocab.Actor{ID: addrBob, Type: vocab.PersonType}},
			tag: vocab.ItemCollection{addrMention(addrBob)}, want: Direct,
		},
		{name: "addressed to nobody", want: Direct},
		{
			name: "limited", to: iris{addrBob, addrCarol},
			tag: vocab.ItemCollection{addrMention(addrBob)}, followers: addrAliceFollowers, want: Limited,
		},
		{name: "limited, no mentions", cc: iris{addrCarol}, want: Limited},
		{
			// IRIs are compared exactly: a mention of bob's profile page
			// does not mention the actor bob.
			name: "mention of a profile page", to: iris{addrBob},
			tag: vocab.ItemCollection{addrMention("http://gts.test/@bob")}, want: Limited,
		},
		{
			// Only Mention tags count.
			name: "hashtag is no mention", to: iris{addrBob},
			tag: vocab.ItemCollection{&vocab.Link{Type: vocab.LinkType, Href: addrBob}}, want: Limited,
		},
		{
			// Mastodon accepts exactly three spellings; this one is an
			// unknown recipient.
			name: "public with http scheme", to: iris{vocab.IRI("http://www.w3.org/ns/activitystreams#Public")},
			want: Limited,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := &vocab.Object{Type: vocab.NoteType, To: tc.to, CC: tc.cc, Tag: tc.tag}
			assert.Equal(t, tc.want, VisibilityOf(o, tc.followers))
		})
	}
}

func TestVisibilityOfAnyObjectType(t *testing.T) {
	t.Parallel()
	q := &vocab.Question{Type: vocab.QuestionType, To: vocab.ItemCollection{addrAliceFollowers}}
	assert.Equal(t, FollowersOnly, VisibilityOf(q, addrAliceFollowers))
	a := &vocab.Actor{Type: vocab.PersonType, To: vocab.ItemCollection{vocab.PublicNS}}
	assert.Equal(t, Public, VisibilityOf(a, ""))
	// Given by value, it is read all the same.
	assert.Equal(t, Public, VisibilityOf(*a, ""))
}

func TestVisibilityOfNotAnObject(t *testing.T) {
	t.Parallel()
	var nilObject *vocab.Object
	for name, it := range map[string]vocab.Item{
		"nil":        nil,
		"nil object": nilObject,
		"IRI":        vocab.PublicNS,
		"link":       &vocab.Link{Type: vocab.LinkType, Href: vocab.PublicNS},
		"items":      vocab.ItemCollection{&vocab.Object{To: vocab.ItemCollection{vocab.PublicNS}}},
	} {
		assert.Equal(t, Visibility(0), VisibilityOf(it, addrAliceFollowers), name)
	}
}

// VisibilityOf classifies the item it is given: an activity by its own
// addressing, which may differ from that of its object.
func TestVisibilityOfActivity(t *testing.T) {
	t.Parallel()
	note := &vocab.Object{
		ID:   "http://gts.test/users/alice/statuses/1",
		Type: vocab.NoteType,
		To:   vocab.ItemCollection{vocab.PublicNS},
		CC:   vocab.ItemCollection{addrAliceFollowers},
	}
	create := &vocab.Activity{
		Type:   vocab.CreateType,
		Actor:  addrAlice,
		Object: note,
		To:     vocab.ItemCollection{addrAliceFollowers},
	}
	assert.Equal(t, FollowersOnly, VisibilityOf(create, addrAliceFollowers))
	assert.Equal(t, Public, VisibilityOf(create.Object, addrAliceFollowers))

	// A Create with no addressing of its own is addressed to nobody.
	create.To = nil
	assert.Equal(t, Direct, VisibilityOf(create, addrAliceFollowers))
}

// What Mastodon would make of documents real servers send.
func TestVisibilityOfCorpus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file      string
		followers vocab.IRI
		want      Visibility
		object    Visibility // of the embedded object, if any
	}{
		{file: "gotosocial-note.json", followers: addrAliceFollowers, want: Public},
		{file: "gotosocial-question-poll.json", followers: addrAliceFollowers, want: Public},
		{file: "gotosocial-note-reply.json", followers: addrBobFollowers, want: Public},
		{file: "gotosocial-outgoing-post-create-note-mention.json", followers: addrAliceFollowers, want: Public, object: Public},
		// Not posts, but their addressing reads as a post to one actor
		// who is not mentioned.
		{file: "gotosocial-outgoing-post-follow.json", followers: addrAliceFollowers, want: Limited},
		{file: "gotosocial-outgoing-post-accept-follow.json", followers: addrAliceFollowers, want: Limited},
		{file: "peertube-video-object.json", followers: "http://127.0.0.1:9000/accounts/root/followers", want: Public},
		{file: "peertube-comment-note.json", followers: "http://127.0.0.1:9000/accounts/root/followers", want: Public},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			it := readAddressingItem(t, tc.file)
			assert.Equal(t, tc.want, VisibilityOf(it, tc.followers))
			assert.Equal(t, tc.want, VisibilityOf(it, ""), "with the followers heuristic")
			if tc.object != 0 {
				require.NoError(t, vocab.OnActivity(it, func(a *vocab.Activity) error {
					assert.Equal(t, tc.object, VisibilityOf(a.Object, tc.followers))
					return nil
				}))
			}
		})
	}
}

// The Mention tags of decoded documents are read: GoToSocial's note
// mentions bob, whom it addresses in cc. Made followers-only, it stays
// followers-only; with the followers collection gone it is direct.
func TestVisibilityOfCorpusMentions(t *testing.T) {
	t.Parallel()
	it := readAddressingItem(t, "gotosocial-note.json")
	require.NoError(t, vocab.OnObject(it, func(o *vocab.Object) error {
		o.To = vocab.ItemCollection{addrAliceFollowers}
		return nil
	}))
	assert.Equal(t, FollowersOnly, VisibilityOf(it, addrAliceFollowers))
	require.NoError(t, vocab.OnObject(it, func(o *vocab.Object) error {
		o.To = nil
		return nil
	}))
	assert.Equal(t, Direct, VisibilityOf(it, addrAliceFollowers))
}

// go-ap keeps the compact spellings of Public when the property holds a
// single string, and drops them inside an array, where they are not
// absolute IRIs: VisibilityOf cannot see what go-ap dropped. The same
// holds for a "tag" that is a single object (GoToSocial's reply has one).
func TestVisibilityOfDecodedSpellings(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]Visibility{
		`{"type":"Note","to":"https://www.w3.org/ns/activitystreams#Public"}`:   Public,
		`{"type":"Note","to":["https://www.w3.org/ns/activitystreams#Public"]}`: Public,
		`{"type":"Note","to":"as:Public"}`:                                      Public,
		`{"type":"Note","to":"Public"}`:                                         Public,
		`{"type":"Note","cc":"as:Public"}`:                                      Unlisted,
		`{"type":"Note","cc":"Public"}`:                                         Unlisted,
	} {
		it, err := vocab.UnmarshalJSON([]byte(doc))
		require.NoError(t, err, doc)
		assert.Equal(t, want, VisibilityOf(it, ""), doc)
	}
	for _, doc := range []string{
		`{"type":"Note","to":["as:Public"]}`,
		`{"type":"Note","to":["Public"]}`,
	} {
		it, err := vocab.UnmarshalJSON([]byte(doc))
		require.NoError(t, err, doc)
		assert.Empty(t, AudienceOf(it).To, "go-ap now keeps %s: VisibilityOf should see Public", doc)
	}
	reply := readAddressingItem(t, "gotosocial-note-reply.json")
	require.NoError(t, vocab.OnObject(reply, func(o *vocab.Object) error {
		assert.Empty(t, o.Tag, "go-ap now keeps a single tag object")
		return nil
	}))
}
