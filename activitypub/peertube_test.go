package activitypub

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	vocab "github.com/go-ap/activitypub"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPeerTubeVideoRead(t *testing.T) {
	t.Parallel()
	v := testCorpusDoc(t, "peertube-video-object.json").Root()
	uuid, ok := UUID(v)
	assert.True(t, ok)
	assert.Equal(t, "25045c47-88e5-453b-b4e7-cca29c67de62", uuid)
	views, ok := Views(v)
	assert.True(t, ok)
	assert.EqualValues(t, 0, views)
	d, ok := Duration(v)
	assert.True(t, ok)
	assert.Equal(t, 3*time.Second, d)
	state, ok := State(v)
	assert.True(t, ok)
	assert.Equal(t, VideoStatePublished, state)
	b, ok := CommentsEnabled(v)
	assert.True(t, ok)
	assert.True(t, b)
	b, ok = DownloadEnabled(v)
	assert.True(t, ok)
	assert.True(t, b)
	b, ok = WaitTranscoding(v)
	assert.True(t, ok)
	assert.False(t, b)
	b, ok = LiveBroadcast(v)
	assert.True(t, ok)
	assert.False(t, b)
	b, ok = Sensitive(v)
	assert.True(t, ok)
	assert.False(t, b)
	_, ok = Support(v) // null
	assert.False(t, ok)
	for _, get := range []func(Object) (Identifier, bool){Category, Licence, Language} {
		_, ok := get(v) // this video has none
		assert.False(t, ok)
	}
	assert.Equal(t, []Caption{{
		Language: Identifier{ID: "en", Name: "English"},
		URL:      "http://127.0.0.1:9000/lazy-static/video-captions/05b40860-5c52-45d0-8c4c-216f17cebb57-en.vtt",
	}}, SubtitleLanguages(v))
	assert.Equal(t, []Attribution{
		{ID: "http://127.0.0.1:9000/accounts/root", Type: "Person"},
		{ID: "http://127.0.0.1:9000/video-channels/root_channel", Type: "Group"},
	}, AttributedTo(v))

	live := testCorpusDoc(t, "peertube-live-video-object.json").Root()
	state, _ = State(live)
	assert.Equal(t, VideoStateWaitingForLive, state)
	b, ok = LiveBroadcast(live)
	assert.True(t, ok)
	assert.True(t, b)
	d, ok = Duration(live)
	assert.True(t, ok)
	assert.Zero(t, d)
	assert.Empty(t, SubtitleLanguages(live))
	assert.Len(t, VideoURLs(live), 3)
}

func TestVideoURLs(t *testing.T) {
	t.Parallel()
	doc := testCorpusDoc(t, "peertube-video-object.json")
	const (
		hls  = "http://127.0.0.1:9000/static/streaming-playlists/hls/25045c47-88e5-453b-b4e7-cca29c67de62/"
		file = hls + "356b6d9f-10c3-41d4-a2ac-9c37ecc0a94c-240-fragmented.mp4"
	)
	links := VideoURLs(doc.Root())
	require.Len(t, links, 4)
	assert.Equal(t, VideoLink{Type: "Link", MediaType: "text/html", Href: "http://127.0.0.1:9000/videos/watch/25045c47-88e5-453b-b4e7-cca29c67de62"}, links[0])
	assert.Equal(t, VideoLink{Type: "Link", Name: "tracker-http", Rel: []string{"tracker", "http"}, Href: "http://127.0.0.1:9000/tracker/announce"}, links[2])
	assert.Equal(t, VideoLink{Type: "Link", Name: "tracker-websocket", Rel: []string{"tracker", "websocket"}, Href: "ws://127.0.0.1:9000/tracker/socket"}, links[3])

	pl := links[1]
	assert.Equal(t, MediaTypeHLS, pl.MediaType)
	assert.Equal(t, vocab.IRI(hls+"f2c97f8e-1758-4373-b6c6-14626148c7a3-master.m3u8"), pl.Href)
	require.Len(t, pl.Tag, 6)
	assert.Equal(t, VideoLink{Type: "Infohash", Name: "f236ad90fc87c937621f2c0ce3a9caae0252b180"}, pl.Tag[0])
	assert.Equal(t, VideoLink{Type: "Link", Name: "sha256", MediaType: "application/json",
		Href: hls + "909844a3-7b86-4158-86a6-7eef7e6b1058-segments-sha256.json"}, pl.Tag[1])
	assert.Equal(t, VideoLink{Type: "Link", MediaType: "video/mp4", Href: file, Height: 240, Width: 320, Size: 48073, FPS: 25,
		Attachment: []PropertyValue{
			{Name: "ffprobe_codec_type", Value: "audio"},
			{Name: "ffprobe_codec_type", Value: "video"},
			{Name: "peertube_format_flag", Value: "fragmented"},
		}}, pl.Tag[2])
	assert.Equal(t, VideoLink{Type: "Link", Rel: []string{"metadata", "video/mp4"}, MediaType: "application/json",
		Href: "http://127.0.0.1:9000/api/v1/videos/25045c47-88e5-453b-b4e7-cca29c67de62/metadata/8", Height: 240, Width: 320, FPS: 25}, pl.Tag[3])
	assert.Equal(t, VideoLink{Type: "Link", MediaType: MediaTypeTorrent,
		Href: "http://127.0.0.1:9000/lazy-static/torrents/3217426c-36e4-4b48-be00-2b9ea7b87553-240-hls.torrent", Height: 240, Width: 320, FPS: 25}, pl.Tag[4])
	assert.Equal(t, MediaTypeMagnet, pl.Tag[5].MediaType)
	assert.True(t, strings.HasPrefix(string(pl.Tag[5].Href), "magnet:?xs="))

	// Writing back what was read leaves the document as it was.
	before := extEncode(t, doc)
	require.NoError(t, SetVideoURLs(doc.Root(), links))
	assert.Equal(t, jsonTree(t, before), jsonTree(t, extEncode(t, doc)))

	// Change one file link: only the url changes.
	links[1].Tag[2].Size = 50000
	require.NoError(t, SetVideoURLs(doc.Root(), links))
	extChangedOnly(t, before, extEncode(t, doc), "url.1.tag.2.size")
	assert.Equal(t, links, VideoURLs(extReDecode(t, doc).Root()))

	// A bare IRI url, and links without href or name, or of the wrong type.
	d := testDecode(t, `{"type":"Video","url":["https://a.example/v.mp4",{"type":"Link","mediaType":"video/mp4"},7,
		{"type":"Link","href":"https://a.example/w.mp4","height":"240","width":null,"size":-5,"fps":25.5,"rel":"alternate","tag":5}]}`)
	assert.Equal(t, []VideoLink{
		{Href: "https://a.example/v.mp4"},
		{Type: "Link", Href: "https://a.example/w.mp4", Rel: []string{"alternate"}},
	}, VideoURLs(d.Root()))
	assert.Empty(t, VideoURLs(testDecode(t, `{"type":"Video","url":42}`).Root()))
}

func TestVideoURLsWrite(t *testing.T) {
	t.Parallel()
	n := New("Video")
	links := []VideoLink{
		{MediaType: "text/html", Href: "https://v.example/w/1"},
		{MediaType: "audio/mp4", Href: "https://v.example/1-0.mp4", FPS: -1},
		{MediaType: MediaTypeHLS, Href: "https://v.example/1/master.m3u8"},
		{MediaType: MediaTypeHLS, Href: "https://v.example/2/master.m3u8", Tag: []VideoLink{
			{Type: "Infohash", Name: "0123456789abcdef0123456789abcdef01234567"},
			{MediaType: "video/mp4", Href: "https://v.example/2-720.mp4", Height: 720, Width: 1280, Size: 1 << 20, FPS: 30,
				Attachment: []PropertyValue{{Name: "ffprobe_codec_type", Value: "video"}}},
			{MediaType: MediaTypeMagnet, Href: "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"},
		}},
	}
	require.NoError(t, SetVideoURLs(n.Root(), links))
	out := jsonTree(t, extEncode(t, n)).(map[string]any)
	urls := out["url"].([]any)
	// What PeerTube requires is there even when zero.
	assert.Equal(t, map[string]any{"type": "Link", "mediaType": "audio/mp4", "href": "https://v.example/1-0.mp4",
		"height": json.Number("0"), "size": json.Number("0"), "fps": json.Number("-1")}, urls[1])
	assert.Equal(t, map[string]any{"type": "Link", "mediaType": MediaTypeHLS, "href": "https://v.example/1/master.m3u8", "tag": []any{}}, urls[2])
	magnet := urls[3].(map[string]any)["tag"].([]any)[2]
	assert.Equal(t, json.Number("0"), magnet.(map[string]any)["height"])

	peer := extReDecode(t, n)
	got := VideoURLs(peer.Root())
	for i := range links {
		if links[i].Type == "" {
			links[i].Type = "Link"
		}
		for j := range links[i].Tag {
			if links[i].Tag[j].Type == "" {
				links[i].Tag[j].Type = "Link"
			}
		}
	}
	assert.Equal(t, links, got)
	for _, term := range []string{"fps", "size", "Infohash", "PropertyValue", "value"} {
		assert.NotEmpty(t, extDeclared(t, peer)[term], term)
	}

	for _, bad := range [][]VideoLink{
		{{MediaType: "video/mp4"}},
		{{Href: "relative.mp4"}},
		{{Href: "https://v.example/a.mp4", Height: -1}},
		{{Href: "https://v.example/a.mp4", FPS: -2}},
		{{Href: "https://v.example/a.mp4", Tag: []VideoLink{{Size: 1}}}},
		{{Href: "https://v.example/a.mp4", Attachment: []PropertyValue{{Name: "\xff"}}}},
	} {
		assert.Error(t, SetVideoURLs(n.Root(), bad), "%+v", bad)
	}
	require.NoError(t, SetVideoURLs(n.Root(), nil))
	assert.False(t, n.Root().Has("url"))

	// Only the terms used are declared.
	page := New("Video")
	require.NoError(t, SetVideoURLs(page.Root(), []VideoLink{{MediaType: "text/html", Href: "https://v.example/w/1"}}))
	assert.Empty(t, extDeclared(t, page))
}

func TestPeerTubeVideoWrite(t *testing.T) {
	t.Parallel()
	n := New("Video")
	r := n.Root()
	require.NoError(t, SetUUID(r, "6fab6faf-460c-4e1f-83b3-4dabad09e262"))
	require.NoError(t, SetViews(r, 1234))
	require.NoError(t, SetDuration(r, 72*time.Second))
	require.NoError(t, SetState(r, VideoStatePublished))
	require.NoError(t, SetCommentsEnabled(r, true))
	require.NoError(t, SetDownloadEnabled(r, false))
	require.NoError(t, SetWaitTranscoding(r, true))
	require.NoError(t, SetLiveBroadcast(r, false))
	require.NoError(t, SetSupport(r, "[Donate](https://v.example/donate)"))
	require.NoError(t, SetCategory(r, Identifier{ID: "15", Name: "Science & Technology"}))
	require.NoError(t, SetLicence(r, Identifier{ID: "1", Name: "Attribution"}))
	require.NoError(t, SetLanguage(r, Identifier{ID: "fr", Name: "French"}))
	captions := []Caption{
		{Language: Identifier{ID: "en", Name: "English"}, URL: "https://v.example/c/en.vtt"},
		{Language: Identifier{ID: "de", Name: "German"}, AutomaticallyGenerated: true},
	}
	require.NoError(t, SetSubtitleLanguages(r, captions))
	attribution := []Attribution{{ID: "https://v.example/accounts/a", Type: "Person"}, {ID: "https://v.example/video-channels/c", Type: "Group"}}
	require.NoError(t, SetAttributedTo(r, attribution))

	out := extEncode(t, n)
	assert.Contains(t, string(out), `"duration":"PT72S"`)
	peer := extReDecode(t, n)
	p := peer.Root()
	s, ok := UUID(p)
	assert.True(t, ok)
	assert.Equal(t, "6fab6faf-460c-4e1f-83b3-4dabad09e262", s)
	views, _ := Views(p)
	assert.EqualValues(t, 1234, views)
	d, _ := Duration(p)
	assert.Equal(t, 72*time.Second, d)
	state, _ := State(p)
	assert.Equal(t, VideoStatePublished, state)
	for _, tc := range []struct {
		get  func(Object) (bool, bool)
		want bool
	}{{CommentsEnabled, true}, {DownloadEnabled, false}, {WaitTranscoding, true}, {LiveBroadcast, false}} {
		got, ok := tc.get(p)
		assert.True(t, ok)
		assert.Equal(t, tc.want, got)
	}
	s, _ = Support(p)
	assert.Equal(t, "[Donate](https://v.example/donate)", s)
	c, ok := Category(p)
	assert.True(t, ok)
	assert.Equal(t, Identifier{ID: "15", Name: "Science & Technology"}, c)
	l, _ := Licence(p)
	assert.Equal(t, Identifier{ID: "1", Name: "Attribution"}, l)
	l, _ = Language(p)
	assert.Equal(t, Identifier{ID: "fr", Name: "French"}, l)
	assert.Equal(t, captions, SubtitleLanguages(p))
	assert.Equal(t, attribution, AttributedTo(p))

	// Every PeerTube term is declared, as PeerTube declares it.
	for term, iri := range map[string]string{
		"uuid": NSPeerTube + "uuid", "views": NSPeerTube + "views", "state": NSPeerTube + "state",
		"commentsEnabled": NSPeerTube + "commentsEnabled", "downloadEnabled": NSPeerTube + "downloadEnabled",
		"waitTranscoding": NSPeerTube + "waitTranscoding", "support": NSPeerTube + "support",
		"isLiveBroadcast": NSSchema + "isLiveBroadcast", "category": NSSchema + "category",
		"licence": NSSchema + "license", "language": NSSchema + "inLanguage", "identifier": NSSchema + "identifier",
		"subtitleLanguage": NSSchema + "subtitleLanguage", "automaticallyGenerated": NSPeerTube + "automaticallyGenerated",
	} {
		assert.Equal(t, iri, peer.Context().Expand(term), term)
		assert.Contains(t, extDeclared(t, peer), term)
	}

	// Bad input.
	assert.Error(t, SetUUID(r, "not-a-uuid"))
	assert.Error(t, SetViews(r, -1))
	assert.Error(t, SetDuration(r, -time.Second))
	assert.Error(t, SetState(r, 0))
	assert.Error(t, SetCategory(r, Identifier{ID: "\xff"}))
	assert.Error(t, SetSubtitleLanguages(r, []Caption{{URL: "https://v.example/c.vtt"}}))
	assert.Error(t, SetSubtitleLanguages(r, []Caption{{Language: Identifier{ID: "en"}, URL: "c.vtt"}}))
	assert.Error(t, SetAttributedTo(r, []Attribution{{Type: "Group"}}))
	assert.Error(t, SetViews(Object{}, 1))

	// Empty values remove.
	require.NoError(t, SetUUID(r, ""))
	require.NoError(t, SetCategory(r, Identifier{}))
	require.NoError(t, SetSupport(r, ""))
	require.NoError(t, SetAttributedTo(r, nil))
	require.NoError(t, SetSubtitleLanguages(r, nil))
	for _, name := range []string{"uuid", "category", "support", "attributedTo"} {
		assert.False(t, r.Has(name), name)
	}
	assert.Equal(t, `[]`, string(r.Get("subtitleLanguage").Raw()), "PeerTube always sends the list")
}

// Writing onto PeerTube's own video changes nothing else.
func TestPeerTubeVideoWriteOnReal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		set  func(Object) error
	}{
		{"uuid", func(o Object) error { return SetUUID(o, "00000000-0000-4000-8000-000000000000") }},
		{"views", func(o Object) error { return SetViews(o, 99) }},
		{"duration", func(o Object) error { return SetDuration(o, 90*time.Second) }},
		{"state", func(o Object) error { return SetState(o, VideoStateToTranscode) }},
		{"commentsEnabled", func(o Object) error { return SetCommentsEnabled(o, false) }},
		{"downloadEnabled", func(o Object) error { return SetDownloadEnabled(o, false) }},
		{"waitTranscoding", func(o Object) error { return SetWaitTranscoding(o, true) }},
		{"isLiveBroadcast", func(o Object) error { return SetLiveBroadcast(o, true) }},
		{"support", func(o Object) error { return SetSupport(o, "Thanks!") }},
		{"category", func(o Object) error { return SetCategory(o, Identifier{ID: "15", Name: "Science & Technology"}) }},
		{"licence", func(o Object) error { return SetLicence(o, Identifier{ID: "1", Name: "Attribution"}) }},
		{"language", func(o Object) error { return SetLanguage(o, Identifier{ID: "en", Name: "English"}) }},
		{"subtitleLanguage", func(o Object) error {
			return SetSubtitleLanguages(o, []Caption{{Language: Identifier{ID: "fr", Name: "French"}}})
		}},
		{"attributedTo", func(o Object) error {
			return SetAttributedTo(o, []Attribution{{ID: "http://127.0.0.1:9000/video-channels/other", Type: "Group"}})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := testCorpusDoc(t, "peertube-video-object.json")
			before := extEncode(t, doc)
			require.NoError(t, tc.set(doc.Root()))
			after := extEncode(t, doc)
			extChangedOnly(t, before, after, tc.name)
			assert.NotEqual(t, jsonTree(t, before).(map[string]any)[tc.name], jsonTree(t, after).(map[string]any)[tc.name])
			// PeerTube's context declares them all already.
			assert.Equal(t, jsonTree(t, before).(map[string]any)["@context"], jsonTree(t, after).(map[string]any)["@context"])
		})
	}
}

func TestPeerTubeWrongTypes(t *testing.T) {
	t.Parallel()
	d := testDecode(t, `{"type":"Video","uuid":"25045c47-88e5-453b-b4e7","views":"12","duration":5,"state":"1",
		"commentsEnabled":"true","downloadEnabled":1,"waitTranscoding":null,"isLiveBroadcast":"no","support":false,
		"category":"15","licence":{"name":"Attribution"},"language":[7,{"identifier":3}],"subtitleLanguage":["en",{"name":"x"},{"identifier":"fr","url":4,"automaticallyGenerated":"yes"}],
		"attributedTo":[5,{"type":"Group"},"https://a.example/c"],"totalItems":-3,"first":{"type":"CollectionPage"},"playlists":true}`)
	r := d.Root()
	_, ok := UUID(r)
	assert.False(t, ok)
	_, ok = Views(r)
	assert.False(t, ok, "a count sent as a string")
	_, ok = Duration(r)
	assert.False(t, ok)
	_, ok = State(r)
	assert.False(t, ok)
	for _, get := range []func(Object) (bool, bool){CommentsEnabled, DownloadEnabled, WaitTranscoding, LiveBroadcast} {
		_, ok := get(r)
		assert.False(t, ok)
	}
	_, ok = Support(r)
	assert.False(t, ok)
	for _, get := range []func(Object) (Identifier, bool){Category, Licence, Language} {
		_, ok := get(r)
		assert.False(t, ok)
	}
	assert.Equal(t, []Caption{{Language: Identifier{ID: "fr"}}}, SubtitleLanguages(r))
	assert.Equal(t, []Attribution{{ID: "https://a.example/c"}}, AttributedTo(r))
	_, ok = TotalItems(r)
	assert.False(t, ok)
	_, ok = First(r)
	assert.False(t, ok)
	_, ok = Playlists(r)
	assert.False(t, ok)
	_, ok = State(testDecode(t, `{"type":"Video","state":1e12}`).Root())
	assert.False(t, ok)

	// Lemmy sends language as a list: the first is read.
	l, ok := Language(testCorpusDoc(t, "lemmy-group.json").Root())
	assert.True(t, ok)
	assert.Equal(t, Identifier{ID: "fr", Name: "Français"}, l)
	l, ok = Language(testCorpusDoc(t, "lemmy-page.json").Root())
	assert.True(t, ok)
	assert.Equal(t, Identifier{ID: "fr", Name: "Français"}, l)
}

func TestPeerTubeChannelAndPlaylist(t *testing.T) {
	t.Parallel()
	channel := testCorpusDoc(t, "peertube-channel-group-actor.json")
	c := channel.Root()
	assert.Equal(t, "Group", c.Type())
	iri, ok := Playlists(c)
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("http://127.0.0.1:9000/video-channels/root_channel/playlists"), iri)
	_, ok = Support(c)
	assert.False(t, ok, "null")
	assert.Equal(t, []Attribution{{ID: "http://127.0.0.1:9000/accounts/root", Type: "Person"}}, AttributedTo(c))
	iri, _ = Playlists(testCorpusDoc(t, "peertube-account-person-actor.json").Root())
	assert.Equal(t, vocab.IRI("http://127.0.0.1:9000/accounts/root/playlists"), iri)

	before := extEncode(t, channel)
	require.NoError(t, SetSupport(c, "Support me on [Liberapay](https://liberapay.com/x)"))
	require.NoError(t, SetPlaylists(c, "http://127.0.0.1:9000/video-channels/root_channel/playlists?v=2"))
	extChangedOnly(t, before, extEncode(t, channel), "support", "playlists")
	s, ok := Support(extReDecode(t, channel).Root())
	assert.True(t, ok)
	assert.Equal(t, "Support me on [Liberapay](https://liberapay.com/x)", s)

	playlist := testCorpusDoc(t, "peertube-playlist-object.json")
	p := playlist.Root()
	assert.Equal(t, NSPeerTube+"Playlist", playlist.Context().Expand(p.Type()))
	n, ok := TotalItems(p)
	assert.True(t, ok)
	assert.EqualValues(t, 2, n)
	iri, ok = First(p)
	assert.True(t, ok)
	assert.Equal(t, vocab.IRI("http://127.0.0.1:9000/video-playlists/fcbd26c2-2925-4548-a834-3c07fc947734?page=1"), iri)
	assert.Equal(t, []Attribution{{ID: "http://127.0.0.1:9000/video-channels/root_channel"}}, AttributedTo(p))
	uuid, _ := UUID(p)
	assert.Equal(t, "fcbd26c2-2925-4548-a834-3c07fc947734", uuid)

	before = extEncode(t, playlist)
	require.NoError(t, SetTotalItems(p, 3))
	require.NoError(t, SetFirst(p, "http://127.0.0.1:9000/video-playlists/fcbd26c2-2925-4548-a834-3c07fc947734?page=0"))
	require.NoError(t, SetAttributedTo(p, []Attribution{{ID: "http://127.0.0.1:9000/video-channels/other"}}))
	after := extEncode(t, playlist)
	extChangedOnly(t, before, after, "totalItems", "first", "attributedTo")
	assert.Contains(t, string(after), `"attributedTo":["http://127.0.0.1:9000/video-channels/other"]`)
	n, _ = TotalItems(extReDecode(t, playlist).Root())
	assert.EqualValues(t, 3, n)

	// A new playlist and channel.
	np := New("Playlist")
	require.NoError(t, SetTotalItems(np.Root(), 0))
	require.NoError(t, SetFirst(np.Root(), "https://v.example/p/1?page=1"))
	require.NoError(t, SetAttributedTo(np.Root(), []Attribution{{ID: "https://v.example/c/1"}}))
	peer := extReDecode(t, np)
	n, ok = TotalItems(peer.Root())
	assert.True(t, ok)
	assert.Zero(t, n)
	iri, _ = First(peer.Root())
	assert.Equal(t, vocab.IRI("https://v.example/p/1?page=1"), iri)
	assert.Equal(t, []Attribution{{ID: "https://v.example/c/1"}}, AttributedTo(peer.Root()))
	assert.Error(t, SetTotalItems(np.Root(), -1))

	ng := New("Group")
	require.NoError(t, SetPlaylists(ng.Root(), "https://v.example/c/1/playlists"))
	peer = extReDecode(t, ng)
	iri, _ = Playlists(peer.Root())
	assert.Equal(t, vocab.IRI("https://v.example/c/1/playlists"), iri)
	assert.Equal(t, map[string]any{"@id": "pt:playlists", "@type": "@id"}, extDeclared(t, peer)["playlists"])
	assert.Equal(t, NSPeerTube, extDeclared(t, peer)["pt"])
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		"PT3S":                       3 * time.Second,
		"PT0S":                       0,
		"PT72S":                      72 * time.Second,
		"PT1M12S":                    72 * time.Second,
		"PT1H":                       time.Hour,
		"PT1H2M3.5S":                 time.Hour + 2*time.Minute + 3500*time.Millisecond,
		"P1D":                        24 * time.Hour,
		"P1DT1S":                     24*time.Hour + time.Second,
		"P0Y0M2D":                    48 * time.Hour,
		"P0Y0M0DT0H0M1S":             time.Second,
		"PT0.000000001S":             time.Nanosecond,
		"PT1.1234567899S":            time.Second + 123456789*time.Nanosecond,
		"-PT5S":                      -5 * time.Second,
		"PT2562047H47M16.854775807S": math.MaxInt64,
	} {
		got, err := ParseDuration(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "P", "PT", "P1DT", "3S", "PT3", "PTS", "PT1X", "PT1.S", "PT.5S", "PT1.5M", "P1Y", "P2M",
		"P1H", "PT1D", "PT1S1M", "PT1M1M", "P1D1D", "PT2562047H47M16.854775808S", "PT99999999999999999999S", "1:12", "PT-1S", "pt1s",
		"P1DTT1S", " PT1S", "PT1S "} {
		_, err := ParseDuration(in)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), "activitypub: invalid xsd:duration ")
			assert.Contains(t, err.Error(), strings.Trim(quoteShort(in), `"`), "the error names the value")
		}
	}
	_, err := ParseDuration(strings.Repeat("9", 1000))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200, "a long value is cut")

	// Garbage in a document reads as no value.
	for _, bad := range []string{`"PT1X"`, `"1:12"`, `"P1Y"`, `72`, `null`} {
		_, ok := Duration(testDecode(t, `{"type":"Video","duration":`+bad+`}`).Root())
		assert.False(t, ok, bad)
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0:                                     "PT0S",
		3 * time.Second:                       "PT3S",
		72 * time.Second:                      "PT72S",
		time.Hour + 500*time.Millisecond:      "PT3600.5S",
		time.Nanosecond:                       "PT0.000000001S",
		-1500 * time.Millisecond:              "-PT1.5S",
		time.Duration(math.MaxInt64):          "PT9223372036.854775807S",
		time.Duration(math.MinInt64):          "-PT9223372036.854775808S",
		12*time.Second + 120*time.Millisecond: "PT12.12S",
	} {
		assert.Equal(t, want, FormatDuration(d), d)
		if d == math.MinInt64 {
			continue
		}
		back, err := ParseDuration(want)
		assert.NoError(t, err)
		assert.Equal(t, d, back)
	}
}
