package activitypub

import (
	"os"
	"testing"
	"time"

	"github.com/fedikit/fedikit/internal/benchcmp"
	vocab "github.com/go-ap/activitypub"
)

// The decode/encode benchmark runs go-ap's own decode and encode of the
// same bytes in the same run, and reports the ratio of the median times
// of the two round trips as "x-goap":
//
//	go test -run '^$' -bench Roundtrip -benchmem ./activitypub
//
// go-ap's round trip loses what go-ap does not model; ours keeps it all.
var benchDocuments = []string{
	"testdata/corpus/gotosocial-outgoing-post-create-note-mention.json",
	"testdata/corpus/gotosocial-note-with-media.json",
	"testdata/corpus/mastodon-note-attachment-blurhash.json",
	"testdata/corpus/mastodon-note-hashtag-video.json",
	"testdata/corpus/misskey-person-syuilo.json",
}

// typicalCreate is the shape of a Mastodon Create(Note) with a mention, a
// hashtag, a custom emoji and an image with alt text and blurhash, built
// with this package's builders.
func typicalCreate(b *testing.B) []byte {
	note, err := Note{
		ID:           "https://social.example/users/alice/statuses/110000000000000001",
		AttributedTo: "https://social.example/users/alice",
		Content:      `<p>Hello <span class="h-card"><a href="https://b.example/@bob" class="u-url mention">@<span>bob</span></a></span> :blobcat: <a href="https://social.example/tags/fediverse" class="mention hashtag" rel="tag">#<span>fediverse</span></a></p>`,
		Language:     "en",
		Summary:      "",
		Published:    time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC),
		URL:          "https://social.example/@alice/110000000000000001",
		Followers:    "https://social.example/users/alice/followers",
		Mentions:     []Mention{{Href: "https://b.example/users/bob", Name: "@bob@b.example"}},
		Hashtags:     []Hashtag{{Name: "#fediverse", Href: "https://social.example/tags/fediverse"}},
		Emojis: []Emoji{{ID: "https://social.example/emojis/1", Name: ":blobcat:", IconURL: "https://social.example/system/custom_emojis/images/000/000/001/original/blobcat.png",
			IconMediaType: "image/png", Updated: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}},
		Attachments: []Attachment{{Type: "Document", MediaType: "image/jpeg",
			URL:  "https://social.example/system/media_attachments/files/110/000/000/000/000/001/original/photo.jpg",
			Name: "A sunset over the harbour", Blurhash: "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
			FocalPoint: &FocalPoint{X: 0, Y: 0.5}, Width: 1200, Height: 800}},
	}.Build()
	if err != nil {
		b.Fatal(err)
	}
	create, err := NewCreate("https://social.example/users/alice/statuses/110000000000000001/activity", "https://social.example/users/alice", note)
	if err != nil {
		b.Fatal(err)
	}
	data, _ := create.MarshalJSON()
	return data
}

func BenchmarkRoundtrip(b *testing.B) {
	for _, name := range append([]string{"typical-create-note"}, benchDocuments...) {
		var data []byte
		if name == "typical-create-note" {
			data = typicalCreate(b)
			name = "testdata/corpus/" + name + ".json"
		} else {
			var err error
			if data, err = os.ReadFile(name); err != nil {
				continue
			}
		}
		goap := func() {
			it, err := vocab.UnmarshalJSON(data)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := vocab.MarshalJSON(it); err != nil {
				b.Fatal(err)
			}
		}
		ours := func() {
			d, err := Decode(data, nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := d.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(name[len("testdata/corpus/"):len(name)-len(".json")], func(b *testing.B) {
			b.Run("goap", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					goap()
				}
			})
			b.Run("fedikit", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					ours()
				}
			})
			b.Run("decode-only", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Decode(data, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ratio", func(b *testing.B) {
				benchcmp.Ratio(b, goap, ours, "x-goap", "goap", "fedikit")
			})
		})
	}
}
