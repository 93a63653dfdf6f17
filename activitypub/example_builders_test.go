package activitypub_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/fedikit/fedikit/activitypub"
)

// A bot posts a picture with alt text and mentions someone: the Note
// carries the Mention tag and the Image attachment, and the Create that
// delivers it copies its addressing.
func ExampleNote_Build() {
	note, err := activitypub.Note{
		ID:           "https://bots.example/users/cats/statuses/1",
		AttributedTo: "https://bots.example/users/cats",
		Content:      `<p>Hi <a href="https://social.example/@alice">@alice</a>, a cat for you.</p>`,
		Language:     "en",
		Published:    time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC),
		Followers:    "https://bots.example/users/cats/followers",
		Mentions: []activitypub.Mention{
			{Href: "https://social.example/users/alice", Name: "@alice@social.example"},
		},
		Attachments: []activitypub.Attachment{{
			Type:      "Image",
			MediaType: "image/jpeg",
			URL:       "https://bots.example/media/cat.jpg",
			Name:      "A grey cat asleep on a keyboard",
			Width:     800,
			Height:    600,
		}},
	}.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	create, err := activitypub.NewCreate("https://bots.example/users/cats/statuses/1/activity", "https://bots.example/users/cats", note)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := create.MarshalJSON()
	if err != nil {
		fmt.Println(err)
		return
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.String())
	// Output:
	// {
	//   "@context": [
	//     "https://www.w3.org/ns/activitystreams",
	//     {
	//       "sensitive": "as:sensitive"
	//     }
	//   ],
	//   "type": "Create",
	//   "id": "https://bots.example/users/cats/statuses/1/activity",
	//   "actor": "https://bots.example/users/cats",
	//   "published": "2026-05-01T12:00:00Z",
	//   "to": [
	//     "https://www.w3.org/ns/activitystreams#Public"
	//   ],
	//   "cc": [
	//     "https://bots.example/users/cats/followers",
	//     "https://social.example/users/alice"
	//   ],
	//   "object": {
	//     "type": "Note",
	//     "id": "https://bots.example/users/cats/statuses/1",
	//     "summary": null,
	//     "inReplyTo": null,
	//     "published": "2026-05-01T12:00:00Z",
	//     "attributedTo": "https://bots.example/users/cats",
	//     "to": [
	//       "https://www.w3.org/ns/activitystreams#Public"
	//     ],
	//     "cc": [
	//       "https://bots.example/users/cats/followers",
	//       "https://social.example/users/alice"
	//     ],
	//     "sensitive": false,
	//     "content": "<p>Hi <a href=\"https://social.example/@alice\">@alice</a>, a cat for you.</p>",
	//     "contentMap": {
	//       "en": "<p>Hi <a href=\"https://social.example/@alice\">@alice</a>, a cat for you.</p>"
	//     },
	//     "attachment": [
	//       {
	//         "height": 600,
	//         "mediaType": "image/jpeg",
	//         "name": "A grey cat asleep on a keyboard",
	//         "type": "Image",
	//         "url": "https://bots.example/media/cat.jpg",
	//         "width": 800
	//       }
	//     ],
	//     "tag": [
	//       {
	//         "href": "https://social.example/users/alice",
	//         "name": "@alice@social.example",
	//         "type": "Mention"
	//       }
	//     ]
	//   }
	// }
}
