package activitypub_test

import (
	"fmt"
	"log"

	"github.com/fedikit/fedikit/activitypub"
	vocab "github.com/go-ap/activitypub"
)

// Decode an incoming activity and read its extensions.
func ExampleDecode() {
	body := []byte(`{
		"@context": ["https://www.w3.org/ns/activitystreams", {
			"toot": "http://joinmastodon.org/ns#", "sensitive": "as:sensitive",
			"blurhash": "toot:blurhash", "Emoji": "toot:Emoji", "Hashtag": "as:Hashtag"}],
		"id": "https://eu.example/users/comm/statuses/1/activity",
		"type": "Create",
		"actor": "https://eu.example/users/comm",
		"object": {
			"id": "https://eu.example/users/comm/statuses/1",
			"type": "Note",
			"content": "<p>Open data day :data:</p>",
			"sensitive": false,
			"tag": [
				{"type": "Hashtag", "name": "#opendata", "href": "https://eu.example/tags/opendata"},
				{"type": "Emoji", "name": ":data:", "icon": {"type": "Image", "url": "https://eu.example/emoji/data.png"}}
			],
			"attachment": [{"type": "Document", "mediaType": "image/png", "url": "https://eu.example/m/1.png",
				"name": "A chart of datasets published per year", "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH"}]
		}
	}`)
	doc, err := activitypub.Decode(body, nil)
	if err != nil {
		log.Fatal(err)
	}
	// go-ap's typed view of the activity.
	act := doc.Item().(*vocab.Activity)
	fmt.Println(act.Type, act.Actor.GetLink())

	// Everything else, through the document.
	note, _ := doc.Root().Get("object").Object()
	sensitive, _ := note.Get("sensitive").Bool()
	fmt.Println("sensitive:", sensitive)
	for _, t := range note.Get("tag").Array() {
		tag, _ := t.Object()
		name, _ := tag.Get("name").String()
		fmt.Println("tag:", tag.Type(), name)
	}
	for _, a := range note.Get("attachment").Array() {
		att, _ := a.Object()
		alt, _ := att.Get("name").String()
		hash, _ := att.Get("toot:blurhash").String()
		fmt.Println("alt:", alt, "blurhash:", hash[:8])
	}
	// Output:
	// Create https://eu.example/users/comm
	// sensitive: false
	// tag: Hashtag #opendata
	// tag: Emoji :data:
	// alt: A chart of datasets published per year blurhash: UBL_:rOp
}

// Build a document with extension properties: the @context declares them.
func ExampleNew() {
	doc := activitypub.New("Note")
	note := doc.Root()
	_ = note.Set("id", "https://eu.example/users/comm/statuses/2")
	_ = note.Set("content", "<p>Spoiler ahead</p>")
	_ = note.Set("sensitive", true)
	out, _ := doc.MarshalJSON()
	fmt.Println(string(out))
	// Output:
	// {"@context":["https://www.w3.org/ns/activitystreams",{"sensitive":"as:sensitive"}],"type":"Note","id":"https://eu.example/users/comm/statuses/2","content":"<p>Spoiler ahead</p>","sensitive":true}
}
