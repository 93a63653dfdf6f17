package activitypub_test

import (
	"fmt"
	"log"

	"github.com/fedikit/fedikit/activitypub"
	vocab "github.com/go-ap/activitypub"
)

// Read the Mastodon extensions of a post: custom emoji, hashtags, the
// focal point and BlurHash of its image, and who may quote it.
func ExampleEmojis() {
	doc, err := activitypub.Decode([]byte(`{
		"@context": ["https://www.w3.org/ns/activitystreams", {
			"toot": "http://joinmastodon.org/ns#", "Emoji": "toot:Emoji", "Hashtag": "as:Hashtag",
			"blurhash": "toot:blurhash", "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
			"gts": "https://gotosocial.org/ns#", "interactionPolicy": {"@id": "gts:interactionPolicy", "@type": "@id"},
			"canQuote": {"@id": "gts:canQuote", "@type": "@id"},
			"automaticApproval": {"@id": "gts:automaticApproval", "@type": "@id"}}],
		"id": "https://eu.example/users/comm/statuses/3",
		"type": "Note",
		"content": "<p>Open data day :data: <a href=\"https://eu.example/tags/opendata\">#opendata</a></p>",
		"tag": [
			{"type": "Emoji", "name": ":data:", "updated": "2025-03-01T09:00:00Z",
				"icon": {"type": "Image", "mediaType": "image/png", "url": "https://eu.example/emoji/data.png"}},
			{"type": "Hashtag", "name": "#opendata", "href": "https://eu.example/tags/opendata"}
		],
		"attachment": [{"type": "Document", "mediaType": "image/jpeg", "url": "https://eu.example/m/3.jpg",
			"blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH", "focalPoint": [-0.55, 0.43]}],
		"interactionPolicy": {"canQuote": {"automaticApproval": "https://eu.example/users/comm/followers"}}
	}`), nil)
	if err != nil {
		log.Fatal(err)
	}
	note := doc.Root()
	for _, e := range activitypub.Emojis(note) {
		fmt.Println("emoji:", e.Name, e.IconURL, e.Updated.Format("2006-01-02"))
	}
	for _, h := range activitypub.Hashtags(note) {
		fmt.Println("hashtag:", h.Name, h.Href)
	}
	image, _ := note.Get("attachment").Array()[0].Object()
	fp, _ := activitypub.FocalPointOf(image)
	hash, _ := activitypub.Blurhash(image)
	fmt.Printf("focal point: (%v, %v), blurhash %s…\n", fp.X, fp.Y, hash[:6])
	if p, ok := activitypub.InteractionPolicyOf(note); ok && p.CanQuote != nil {
		fmt.Println("quotes approved for:", p.CanQuote.AutomaticApproval)
	}
	// Output:
	// emoji: :data: https://eu.example/emoji/data.png 2025-03-01
	// hashtag: #opendata https://eu.example/tags/opendata
	// focal point: (-0.55, 0.43), blurhash UBL_:r…
	// quotes approved for: [https://eu.example/users/comm/followers]
}

// Write a post that quotes another and lets only the author's followers
// quote it in turn. The @context declares every term that is used.
func ExampleSetInteractionPolicy() {
	doc := activitypub.New("Note")
	note := doc.Root()
	_ = note.Set("id", "https://eu.example/users/comm/statuses/4")
	if err := activitypub.SetQuote(note, "https://other.example/notes/1"); err != nil {
		log.Fatal(err)
	}
	err := activitypub.SetInteractionPolicy(note, activitypub.InteractionPolicy{
		CanQuote: &activitypub.InteractionRule{
			AutomaticApproval: []vocab.IRI{"https://eu.example/users/comm/followers"},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	out, _ := doc.MarshalJSON()
	fmt.Println(string(out))
	// Output:
	// {"@context":["https://www.w3.org/ns/activitystreams",{"quote":{"@id":"https://w3id.org/fep/044f#quote","@type":"@id"},"misskey":"https://misskey-hub.net/ns#","_misskey_quote":"misskey:_misskey_quote","fedibird":"http://fedibird.com/ns#","quoteUri":"fedibird:quoteUri","gts":"https://gotosocial.org/ns#","interactionPolicy":{"@id":"gts:interactionPolicy","@type":"@id"},"canQuote":{"@id":"gts:canQuote","@type":"@id"},"automaticApproval":{"@id":"gts:automaticApproval","@type":"@id"},"manualApproval":{"@id":"gts:manualApproval","@type":"@id"}}],"type":"Note","id":"https://eu.example/users/comm/statuses/4","quote":"https://other.example/notes/1","_misskey_quote":"https://other.example/notes/1","quoteUri":"https://other.example/notes/1","interactionPolicy":{"canQuote":{"automaticApproval":["https://eu.example/users/comm/followers"],"manualApproval":[]}}}
}

// Read a PeerTube video: its duration, its channel, and the files of its
// HLS playlist.
func ExampleVideoURLs() {
	doc, err := activitypub.Decode([]byte(`{
		"@context": ["https://www.w3.org/ns/activitystreams", {"pt": "https://joinpeertube.org/ns#",
			"uuid": {"@type": "sc:identifier", "@id": "pt:uuid"}, "views": {"@type": "sc:Number", "@id": "pt:views"},
			"size": {"@type": "sc:Number", "@id": "pt:size"}, "fps": {"@type": "sc:Number", "@id": "pt:fps"},
			"Infohash": "pt:Infohash", "sc": "http://schema.org/"}],
		"type": "Video",
		"id": "https://video.example/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d",
		"name": "Plenary session",
		"uuid": "9c9de5e8-0a1e-484a-b099-e80766180a6d",
		"duration": "PT5025S",
		"views": 1312,
		"attributedTo": [{"type": "Person", "id": "https://video.example/accounts/comm"},
			{"type": "Group", "id": "https://video.example/video-channels/plenary"}],
		"url": [
			{"type": "Link", "mediaType": "text/html", "href": "https://video.example/w/9c9de5e8"},
			{"type": "Link", "mediaType": "application/x-mpegURL", "href": "https://video.example/hls/master.m3u8", "tag": [
				{"type": "Infohash", "name": "f236ad90fc87c937621f2c0ce3a9caae0252b180"},
				{"type": "Link", "mediaType": "video/mp4", "href": "https://video.example/hls/720.mp4",
					"height": 720, "width": 1280, "size": 734003200, "fps": 25},
				{"type": "Link", "mediaType": "video/mp4", "href": "https://video.example/hls/360.mp4",
					"height": 360, "width": 640, "size": 209715200, "fps": 25}]}
		]
	}`), nil)
	if err != nil {
		log.Fatal(err)
	}
	video := doc.Root()
	d, _ := activitypub.Duration(video)
	views, _ := activitypub.Views(video)
	fmt.Println(d, views, "views")
	for _, a := range activitypub.AttributedTo(video) {
		if a.Type == "Group" {
			fmt.Println("channel:", a.ID)
		}
	}
	for _, u := range activitypub.VideoURLs(video) {
		if u.MediaType != activitypub.MediaTypeHLS {
			continue
		}
		for _, f := range u.Tag {
			if f.MediaType == "video/mp4" {
				fmt.Printf("%dp %d MiB %s\n", f.Height, f.Size>>20, f.Href)
			}
		}
	}
	// Output:
	// 1h23m45s 1312 views
	// channel: https://video.example/video-channels/plenary
	// 720p 700 MiB https://video.example/hls/720.mp4
	// 360p 200 MiB https://video.example/hls/360.mp4
}
