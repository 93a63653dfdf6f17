package activitypub_test

import (
	"fmt"
	"log"

	"github.com/fedikit/fedikit/activitypub"
	vocab "github.com/go-ap/activitypub"
)

// A note by alice that mentions bob, addressed for each visibility the
// way Mastodon addresses it.
func ExampleAddress() {
	note := &vocab.Object{
		ID:           "https://social.example/users/alice/statuses/1",
		Type:         vocab.NoteType,
		AttributedTo: vocab.IRI("https://social.example/users/alice"),
		Content:      vocab.DefaultNaturalLanguageValue("Hello @bob"),
	}
	if err := activitypub.AddMention(note, "https://other.example/users/bob", "@bob@other.example"); err != nil {
		log.Fatal(err)
	}
	followers := vocab.IRI("https://social.example/users/alice/followers")
	for _, v := range []activitypub.Visibility{
		activitypub.Public,
		activitypub.Unlisted,
		activitypub.FollowersOnly,
		activitypub.Direct,
	} {
		if err := activitypub.Address(note, v, followers); err != nil {
			log.Fatal(err)
		}
		a := activitypub.AudienceOf(note)
		fmt.Printf("%s (%s)\n  to %v\n  cc %v\n", v, activitypub.VisibilityOf(note, followers), a.To, a.CC)
	}
	// Output:
	// public (public)
	//   to [https://www.w3.org/ns/activitystreams#Public]
	//   cc [https://social.example/users/alice/followers https://other.example/users/bob]
	// unlisted (unlisted)
	//   to [https://social.example/users/alice/followers]
	//   cc [https://www.w3.org/ns/activitystreams#Public https://other.example/users/bob]
	// private (private)
	//   to [https://social.example/users/alice/followers]
	//   cc [https://other.example/users/bob]
	// direct (direct)
	//   to [https://other.example/users/bob]
	//   cc []
}

// AddMention adds the Mention tag and addresses the actor; calling it
// again changes nothing.
func ExampleAddMention() {
	note := &vocab.Object{Type: vocab.NoteType}
	for range 2 {
		if err := activitypub.AddMention(note, "https://other.example/users/bob", "@bob@other.example"); err != nil {
			log.Fatal(err)
		}
	}
	data, err := vocab.MarshalJSON(note)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(data))
	// Output:
	// {"type":"Note","tag":[{"type":"Mention","name":"@bob@other.example","href":"https://other.example/users/bob"}],"cc":["https://other.example/users/bob"]}
}

// Classifying posts as received. The followers collection of the author
// is known for the first; for the others, VisibilityOf guesses it from
// its name.
func ExampleVisibilityOf() {
	docs := []string{
		// Public in cc: unlisted.
		`{"type": "Note", "attributedTo": "https://social.example/users/alice",
		  "to": ["https://social.example/users/alice/followers"],
		  "cc": ["https://www.w3.org/ns/activitystreams#Public"]}`,
		// The compact spelling counts too.
		`{"type": "Note", "to": "as:Public"}`,
		// Addressed to bob, who is mentioned: direct.
		`{"type": "Note", "to": ["https://other.example/users/bob"],
		  "tag": [{"type": "Mention", "href": "https://other.example/users/bob"}]}`,
		// Also addressed to carol, who is not: limited.
		`{"type": "Note", "to": ["https://other.example/users/bob", "https://other.example/users/carol"],
		  "tag": [{"type": "Mention", "href": "https://other.example/users/bob"}]}`,
	}
	followers := []vocab.IRI{"https://social.example/users/alice/followers", "", "", ""}
	for i, doc := range docs {
		it, err := vocab.UnmarshalJSON([]byte(doc))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(activitypub.VisibilityOf(it, followers[i]))
	}
	// Output:
	// unlisted
	// public
	// direct
	// limited
}

// The recipients of a Create as GoToSocial delivers it: the public
// collection is left out.
func ExampleRecipients() {
	doc := `{
	  "type": "Create",
	  "actor": "http://gts.test/users/alice",
	  "to": "https://www.w3.org/ns/activitystreams#Public",
	  "cc": ["http://gts.test/users/alice/followers", "http://peer.test/users/carol"],
	  "object": "http://gts.test/users/alice/statuses/01M8A867EB1GJRWYJEEEHV170X"
	}`
	it, err := vocab.UnmarshalJSON([]byte(doc))
	if err != nil {
		log.Fatal(err)
	}
	for _, iri := range activitypub.Recipients(it) {
		fmt.Println(iri)
	}
	// Output:
	// http://gts.test/users/alice/followers
	// http://peer.test/users/carol
}
