package activitypub

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	vocab "github.com/go-ap/activitypub"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	bAlice          = "https://social.example/users/alice"
	bAliceFollowers = "https://social.example/users/alice/followers"
	bBob            = "https://other.example/users/bob"
	bNoteID         = "https://social.example/users/alice/statuses/1"
)

var bTime = time.Date(2026, 3, 4, 5, 6, 7, 890, time.FixedZone("CET", 3600))

// fullNote is a Note with every field set.
func fullNote() Note {
	return Note{
		ID:           bNoteID,
		AttributedTo: bAlice,
		Content:      `<p>Hi <a href="https://other.example/@bob">@bob</a> :blob: #go</p>`,
		Language:     "en",
		Summary:      "cw",
		InReplyTo:    "https://other.example/users/bob/statuses/9",
		Published:    bTime,
		URL:          "https://social.example/@alice/1",
		Followers:    bAliceFollowers,
		Mentions:     []Mention{{Href: bBob, Name: "@bob@other.example"}},
		Hashtags:     []Hashtag{{Name: "go", Href: "https://social.example/tags/go"}},
		Emojis:       []Emoji{{ID: "https://social.example/emojis/1", Name: ":blob:", IconURL: "https://social.example/blob.png", IconMediaType: "image/png", Updated: bTime}},
		Attachments: []Attachment{
			{Type: "Image", MediaType: "image/jpeg", URL: "https://social.example/m/1.jpg", Name: "a cat", Blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj", FocalPoint: &FocalPoint{X: 0.5, Y: -0.25}, Width: 640, Height: 480},
			{MediaType: "video/mp4", URL: "https://social.example/m/2.mp4"},
		},
	}
}

// reencode encodes d and decodes it again, with this package and with
// go-ap.
func reencode(t *testing.T, d *Document) (*Document, vocab.Item) {
	t.Helper()
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	back, err := Decode(b, nil)
	require.NoError(t, err, string(b))
	it, err := vocab.UnmarshalJSON(b)
	require.NoError(t, err)
	require.NotNil(t, it)
	return back, it
}

// checkMastodonRules checks what Mastodon requires of a document it
// receives (app/lib/activitypub/activity/create.rb and the like): an id on
// the actor's server, a type, an actor or attributedTo, to and cc on
// posts and on the activities that carry them, a published time that
// parses, and an @context that declares every term used, at any depth.
func checkMastodonRules(t *testing.T, d *Document) {
	t.Helper()
	root := d.Root()
	require.NotEmpty(t, root.ID(), "id")
	require.NotEmpty(t, root.Type(), "type")
	author, _ := root.Get("actor").IRI()
	if author == "" {
		author, _ = root.Get("attributedTo").IRI()
	}
	require.NotEmpty(t, author, "actor or attributedTo")
	assert.True(t, sameOrigin(root.ID(), author), "id %s not on the server of %s", root.ID(), author)
	if obj, ok := root.Get("object").Object(); ok && (root.Type() == "Create" || root.Type() == "Update") {
		assert.True(t, sameOrigin(obj.ID(), author), "object id")
		checkPost(t, obj)
		assert.True(t, root.Has("to") && root.Has("cc"), "to and cc of %s", root.Type())
	}
	if slices.Contains([]string{"Note", "Article", "Question"}, root.Type()) {
		checkPost(t, root)
	}
	if p, ok := root.Get("published").String(); ok {
		_, err := time.Parse(time.RFC3339, p)
		assert.NoError(t, err, "published")
		assert.True(t, strings.HasSuffix(p, "Z"), "published in UTC: %s", p)
	}
	checkDeclared(t, d, root)
}

// checkPost checks the properties Mastodon reads of a post.
func checkPost(t *testing.T, o Object) {
	t.Helper()
	assert.True(t, o.Has("to") && o.Has("cc"), "to and cc of the post")
	_, ok := o.Get("attributedTo").IRI()
	assert.True(t, ok, "attributedTo")
	for _, a := range o.Get("attachment").Array() {
		ao, _ := a.Object()
		u, _ := ao.Get("url").String()
		assert.NotEmpty(t, u, "attachment url")
	}
	for _, tag := range o.Get("tag").Array() {
		to, _ := tag.Object()
		switch to.Type() {
		case "Mention":
			assert.True(t, to.Has("href"), "Mention href")
		case "Hashtag":
			assert.True(t, to.Has("name"), "Hashtag name")
		case "Emoji":
			icon, _ := to.Get("icon").Object()
			assert.True(t, to.Has("name") && icon.Has("url"), "Emoji name and icon.url")
		}
	}
}

// checkDeclared fails on a key, or a type, that the document's @context
// does not declare: one that does not expand, or an extension term that
// the context neither defines nor names a context URL for.
func checkDeclared(t *testing.T, d *Document, o Object) {
	t.Helper()
	ctx := d.Context()
	declared := func(name string) bool {
		iri := ctx.Expand(name)
		if iri == "" {
			return false
		}
		if isASTerm(name) || strings.Contains(name, ":") {
			return true
		}
		return ctx.declares(name)
	}
	for _, k := range o.Keys() {
		if strings.HasPrefix(k, "@") {
			continue
		}
		assert.True(t, declared(k), "key %q is not declared", k)
		v := o.Get(k)
		if k == "type" {
			for _, ty := range v.Array() {
				s, _ := ty.String()
				assert.True(t, declared(s), "type %q is not declared", s)
			}
			continue
		}
		if strings.HasSuffix(k, "Map") {
			continue // a language map: its keys are language tags
		}
		for _, e := range v.Array() {
			if eo, ok := e.Object(); ok {
				checkDeclared(t, d, eo)
			}
		}
	}
}

func TestBuildNote(t *testing.T) {
	t.Parallel()
	d, err := fullNote().Build()
	require.NoError(t, err)
	checkMastodonRules(t, d)
	back, it := reencode(t, d)
	checkMastodonRules(t, back)
	root := back.Root()

	assert.Equal(t, "Note", root.Type())
	assert.Equal(t, bNoteID, root.ID())
	for name, want := range map[string]string{
		"attributedTo": bAlice,
		"summary":      "cw",
		"inReplyTo":    "https://other.example/users/bob/statuses/9",
		"published":    "2026-03-04T04:06:07Z",
		"url":          "https://social.example/@alice/1",
	} {
		got, _ := root.Get(name).String()
		assert.Equal(t, want, got, name)
	}
	sensitive, _ := root.Get("sensitive").Bool()
	assert.True(t, sensitive, "a content warning marks the post sensitive")
	assert.JSONEq(t, `{"en":"<p>Hi <a href=\"https://other.example/@bob\">@bob</a> :blob: #go</p>"}`, string(root.Get("contentMap").Raw()))
	assert.Equal(t, Public, root.Visibility(bAliceFollowers))
	assert.JSONEq(t, `["https://www.w3.org/ns/activitystreams#Public"]`, string(root.Get("to").Raw()))
	assert.JSONEq(t, `["`+bAliceFollowers+`","`+bBob+`"]`, string(root.Get("cc").Raw()))
	assert.JSONEq(t, `[
		{"type":"Mention","href":"`+bBob+`","name":"@bob@other.example"},
		{"type":"Hashtag","href":"https://social.example/tags/go","name":"#go"},
		{"type":"Emoji","id":"https://social.example/emojis/1","name":":blob:","updated":"2026-03-04T04:06:07Z",
		 "icon":{"type":"Image","mediaType":"image/png","url":"https://social.example/blob.png"}}]`, string(root.Get("tag").Raw()))
	assert.JSONEq(t, `[
		{"type":"Image","mediaType":"image/jpeg","url":"https://social.example/m/1.jpg","name":"a cat",
		 "blurhash":"LEHV6nWB2yk8pyo0adR*.7kCMdnj","focalPoint":[0.5,-0.25],"width":640,"height":480},
		{"type":"Document","mediaType":"video/mp4","url":"https://social.example/m/2.mp4","name":null}]`, string(root.Get("attachment").Raw()))

	// The extension terms read back by full IRI.
	att, _ := root.Get("attachment").Array()[0].Object()
	bh, _ := att.Get(NSMastodon + "blurhash").String()
	assert.Equal(t, "LEHV6nWB2yk8pyo0adR*.7kCMdnj", bh)
	s, _ := root.Get(NSActivityStreams + "sensitive").Bool()
	assert.True(t, s)

	// go-ap's view.
	require.NoError(t, vocab.OnObject(it, func(o *vocab.Object) error {
		assert.Equal(t, vocab.NoteType, o.Type)
		assert.Equal(t, vocab.IRI(bNoteID), o.ID)
		assert.Equal(t, vocab.IRI(bAlice), o.AttributedTo.GetLink())
		assert.Equal(t, vocab.IRI("https://other.example/users/bob/statuses/9"), o.InReplyTo.GetLink())
		assert.True(t, o.Published.Equal(bTime.Truncate(time.Second)))
		assert.Equal(t, "cw", o.Summary.First().Value.String())
		// go-ap keeps the Mention (it drops the Hashtag and Emoji tags).
		assert.Equal(t, []vocab.IRI{bBob}, mentions(o.Tag))
		assert.Len(t, o.Attachment.(vocab.ItemCollection), 2)
		assert.Equal(t, []vocab.IRI{vocab.PublicNS}, iris(o.To))
		return nil
	}))
	assert.Equal(t, Public, VisibilityOf(it, bAliceFollowers))
}

// The smallest Note: Mastodon's absent values.
func TestBuildNoteMinimal(t *testing.T) {
	t.Parallel()
	d, err := Note{ID: bNoteID, AttributedTo: bAlice, Content: "<p>x</p>", Followers: bAliceFollowers}.Build()
	require.NoError(t, err)
	checkMastodonRules(t, d)
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"@context":["https://www.w3.org/ns/activitystreams",{"sensitive":"as:sensitive"}],
		"type":"Note","id":"`+bNoteID+`","summary":null,"inReplyTo":null,"attributedTo":"`+bAlice+`",
		"to":["https://www.w3.org/ns/activitystreams#Public"],"cc":["`+bAliceFollowers+`"],
		"sensitive":false,"content":"<p>x</p>","attachment":[],"tag":[]}`, string(b))
}

func TestBuildNoteVisibility(t *testing.T) {
	t.Parallel()
	for _, v := range []Visibility{Public, Unlisted, FollowersOnly, Direct} {
		n := fullNote()
		n.Visibility = v
		d, err := n.Build()
		require.NoError(t, err, v)
		checkMastodonRules(t, d)
		back, it := reencode(t, d)
		assert.Equal(t, v, back.Root().Visibility(bAliceFollowers), v)
		assert.Equal(t, v, VisibilityOf(it, bAliceFollowers), v)
		assert.Contains(t, back.Root().Recipients(), bBob, "the mentioned actor is addressed")
	}
	// A circle: Limited, with an actor that is not mentioned.
	n := fullNote()
	n.Visibility = Limited
	n.To = []string{"https://third.example/users/carol"}
	d, err := n.Build()
	require.NoError(t, err)
	assert.Equal(t, Limited, d.Root().Visibility(bAliceFollowers))
	assert.Equal(t, []string{"https://third.example/users/carol", bBob}, d.Root().Recipients())
}

func TestBuildNoteErrors(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]func(*Note){
		"no id":              func(n *Note) { n.ID = "" },
		"relative id":        func(n *Note) { n.ID = "/statuses/1" },
		"ftp id":             func(n *Note) { n.ID = "ftp://social.example/1" },
		"no author":          func(n *Note) { n.AttributedTo = "" },
		"id on another host": func(n *Note) { n.ID = "https://elsewhere.example/1" },
		"no followers":       func(n *Note) { n.Followers = "" },
		"bad visibility":     func(n *Note) { n.Visibility = 9 },
		"bad reply":          func(n *Note) { n.InReplyTo = "nope" },
		"bad recipient":      func(n *Note) { n.CC = []string{"nope"} },
		"bad mention":        func(n *Note) { n.Mentions = []Mention{{Name: "@x"}} },
		"empty hashtag":      func(n *Note) { n.Hashtags = []Hashtag{{Name: "#"}} },
		"emoji no icon":      func(n *Note) { n.Emojis = []Emoji{{Name: ":x:"}} },
		"emoji no name":      func(n *Note) { n.Emojis = []Emoji{{Name: "::", IconURL: "https://a.example/x.png"}} },
		"attachment no url":  func(n *Note) { n.Attachments = []Attachment{{Name: "x"}} },
		"attachment type":    func(n *Note) { n.Attachments[0].Type = "Page" },
		"focal point":        func(n *Note) { n.Attachments[0].FocalPoint = &FocalPoint{X: 2} },
		"negative size":      func(n *Note) { n.Attachments[0].Width = -1 },
	} {
		n := fullNote()
		edit(&n)
		_, err := n.Build()
		if assert.Error(t, err, name) {
			assert.True(t, strings.HasPrefix(err.Error(), "activitypub: "), "%s: %v", name, err)
		}
	}
	// Direct needs no followers collection.
	n := fullNote()
	n.Visibility, n.Followers = Direct, ""
	_, err := n.Build()
	assert.NoError(t, err)
}

func TestBuildArticle(t *testing.T) {
	t.Parallel()
	d, err := Article{Note: fullNote(), Name: "A title"}.Build()
	require.NoError(t, err)
	checkMastodonRules(t, d)
	back, it := reencode(t, d)
	assert.Equal(t, "Article", back.Root().Type())
	name, _ := back.Root().Get("name").String()
	assert.Equal(t, "A title", name)
	assert.Equal(t, vocab.ArticleType, it.GetType())
	_, err = Article{Name: "x"}.Build()
	assert.Error(t, err)
}

func TestBuildQuestion(t *testing.T) {
	t.Parallel()
	n := fullNote()
	n.Attachments, n.Summary = nil, ""
	q := Question{
		Note:        n,
		OneOf:       []PollOption{{Name: "yes", Votes: 3}, {Name: "no"}},
		EndTime:     bTime.Add(24 * time.Hour),
		Closed:      bTime.Add(24 * time.Hour),
		VotersCount: 3,
	}
	d, err := q.Build()
	require.NoError(t, err)
	checkMastodonRules(t, d)
	back, it := reencode(t, d)
	root := back.Root()
	assert.JSONEq(t, `[{"type":"Note","name":"yes","replies":{"type":"Collection","totalItems":3}},
		{"type":"Note","name":"no","replies":{"type":"Collection","totalItems":0}}]`, string(root.Get("oneOf").Raw()))
	end, _ := root.Get("endTime").String()
	assert.Equal(t, "2026-03-05T04:06:07Z", end)
	closed, _ := root.Get("closed").String()
	assert.Equal(t, end, closed)
	voters, _ := root.Get(NSMastodon + "votersCount").Int()
	assert.Equal(t, int64(3), voters)
	assert.False(t, root.Has("anyOf"))
	require.NoError(t, vocab.OnQuestion(it, func(q *vocab.Question) error {
		assert.Len(t, q.OneOf.(vocab.ItemCollection), 2)
		return nil
	}))

	q.AnyOf, q.OneOf, q.Closed = q.OneOf, nil, time.Time{}
	d, err = q.Build()
	require.NoError(t, err)
	assert.True(t, d.Root().Has("anyOf"))
	assert.False(t, d.Root().Has("closed"))

	// Shape of Mastodon's own Question.
	m := testCorpusDoc(t, "mastodon-create-question.json")
	mq, _ := m.Root().Get("object").Object()
	assertSameShape(t, mq, d.Root(), "anyOf", "votersCount", "closed", "contentMap", "tag", "attachment")

	for name, bad := range map[string]Question{
		"no choices":    {Note: n},
		"both":          {Note: n, OneOf: q.AnyOf, AnyOf: q.AnyOf},
		"unnamed":       {Note: n, OneOf: []PollOption{{}}},
		"negative":      {Note: n, OneOf: []PollOption{{Name: "a", Votes: -1}}},
		"voters":        {Note: n, OneOf: q.AnyOf, VotersCount: -1},
		"note is wrong": {Note: Note{}, OneOf: q.AnyOf},
	} {
		_, err := bad.Build()
		assert.ErrorContains(t, err, "activitypub: ", name)
	}
}

// kind is the JSON kind of a value, with a single value and an array of
// such values alike (ActivityStreams allows either).
func kind(v Value) string {
	switch {
	case !v.Exists():
		return "missing"
	case v.IsNull():
		return "null"
	}
	items := v.Array()
	if len(items) == 0 {
		return "list"
	}
	e := items[0]
	if _, ok := e.String(); ok {
		return "list of string"
	}
	if _, ok := e.Object(); ok {
		return "list of object"
	}
	if _, ok := e.Bool(); ok {
		return "list of bool"
	}
	if _, ok := e.Float(); ok {
		return "list of number"
	}
	return "list"
}

// assertSameShape checks that built has the keys of the server's ref, and
// the same kinds of values: an empty list, a null or a missing value
// matches any kind (an absent value). extra are keys built may have that
// ref lacks.
func assertSameShape(t *testing.T, ref, built Object, extra ...string) {
	t.Helper()
	absent := func(k string) bool { return k == "missing" || k == "null" || k == "list" }
	for _, k := range ref.Keys() {
		if k == "@context" {
			continue
		}
		rk, bk := kind(ref.Get(k)), kind(built.Get(k))
		if bk == "missing" && absent(rk) {
			continue
		}
		assert.True(t, rk == bk || absent(rk) || absent(bk), "%s: server %s, built %s", k, rk, bk)
	}
	for _, k := range built.Keys() {
		if k == "@context" || slices.Contains(extra, k) {
			continue
		}
		assert.True(t, ref.Has(k), "built has %q, the server does not", k)
	}
}

// A built Create{Note} has the shape of what GoToSocial and Mastodon
// send, but for the properties of theirs that a builder does not write
// (replies, likes, shares, atomUri, conversation, interactionPolicy).
func TestBuildShapeMatchesServers(t *testing.T) {
	t.Parallel()
	skip := []string{"replies", "likes", "shares", "atomUri", "inReplyToAtomUri", "conversation", "interactionPolicy"}
	trim := func(o Object) Object {
		for _, k := range skip {
			o.Delete(k)
		}
		return o
	}
	n := fullNote()
	n.Mentions = n.Mentions[:1]
	note, err := n.Build()
	require.NoError(t, err)
	create, err := NewCreate(bNoteID+"/activity", bAlice, note)
	require.NoError(t, err)
	checkMastodonRules(t, create)
	built, _ := reencode(t, create)
	bObj, _ := built.Root().Get("object").Object()

	gts := testCorpusDoc(t, "gotosocial-outgoing-post-create-note-mention.json")
	assertSameShape(t, gts.Root(), built.Root())
	gObj, _ := gts.Root().Get("object").Object()
	assertSameShape(t, trim(gObj), bObj, "inReplyTo")

	for _, f := range []string{"mastodon-note-attachment-blurhash.json", "mastodon-note-hashtag-video.json"} {
		m := testCorpusDoc(t, f)
		assertSameShape(t, trim(m.Root()), bObj)
	}
	// The GoToSocial capture passes the same checks as what we build.
	checkMastodonRules(t, gts)
}

func TestNewCreate(t *testing.T) {
	t.Parallel()
	note, err := fullNote().Build()
	require.NoError(t, err)
	d, err := NewCreate(bNoteID+"/activity", bAlice, note)
	require.NoError(t, err)
	checkMastodonRules(t, d)
	back, it := reencode(t, d)
	root := back.Root()
	obj, ok := root.Get("object").Object()
	require.True(t, ok)
	assert.False(t, obj.Has("@context"), "the embedded object has no @context of its own")
	assert.Equal(t, string(note.Root().Get("to").Raw()), string(root.Get("to").Raw()))
	assert.Equal(t, string(note.Root().Get("cc").Raw()), string(root.Get("cc").Raw()))
	p, _ := root.Get("published").String()
	assert.Equal(t, "2026-03-04T04:06:07Z", p)
	assert.Equal(t, Public, obj.Visibility(bAliceFollowers))
	require.NoError(t, vocab.OnActivity(it, func(a *vocab.Activity) error {
		assert.Equal(t, vocab.CreateType, a.Type)
		assert.Equal(t, vocab.IRI(bAlice), a.Actor.GetLink())
		assert.Equal(t, vocab.IRI(bNoteID), a.Object.GetLink())
		assert.Equal(t, vocab.NoteType, a.Object.GetType())
		return nil
	}))

	// Errors.
	_, err = NewCreate(bNoteID+"/activity", bAlice, nil)
	assert.ErrorContains(t, err, "activitypub: ")
	_, err = NewCreate("https://elsewhere.example/a", bAlice, note)
	assert.ErrorContains(t, err, "activitypub: ")
	_, err = NewCreate("https://other.example/a", bBob, note)
	assert.ErrorContains(t, err, "not on the server")
	_, err = NewCreate(bNoteID+"/activity", "https://social.example/users/mallory", note)
	assert.ErrorContains(t, err, "attributed to")
}

// A decoded object with a term of its own keeps it declared when it is
// embedded.
func TestNewCreateMergesContext(t *testing.T) {
	t.Parallel()
	obj := testDecode(t, `{"@context":["https://www.w3.org/ns/activitystreams","https://gotosocial.org/ns",
		{"ex":"https://ex.example/ns#","mood":"ex:mood","toot":"http://joinmastodon.org/ns#","blurhash":"toot:blurhash"}],
		"type":"Note","id":"`+bNoteID+`","attributedTo":"`+bAlice+`","to":[],"cc":[],"mood":"happy",
		"attachment":{"type":"Image","url":"https://social.example/x.png","blurhash":"x"}}`)
	d, err := NewCreate(bNoteID+"/activity", bAlice, obj)
	require.NoError(t, err)
	checkMastodonRules(t, d)
	back, _ := reencode(t, d)
	o, _ := back.Root().Get("object").Object()
	mood, _ := o.Get("https://ex.example/ns#mood").String()
	assert.Equal(t, "happy", mood)
	assert.Contains(t, back.Context().URLs, ContextGoToSocial)
}

func TestNewUpdate(t *testing.T) {
	t.Parallel()
	note, err := fullNote().Build()
	require.NoError(t, err)
	require.NoError(t, note.Root().Set("updated", "2026-03-05T00:00:00Z"))
	d, err := NewUpdate(bNoteID+"#updates/1", bAlice, note)
	require.NoError(t, err)
	checkMastodonRules(t, d)
	_, it := reencode(t, d)
	assert.Equal(t, vocab.UpdateType, it.GetType())
	p, _ := d.Root().Get("published").String()
	assert.Equal(t, "2026-03-05T00:00:00Z", p)
}

func TestNewDelete(t *testing.T) {
	t.Parallel()
	d, err := NewDelete(bNoteID+"#delete", bAlice, bNoteID, "Note")
	require.NoError(t, err)
	checkMastodonRules(t, d)
	assert.JSONEq(t, `{"id":"`+bNoteID+`","type":"Tombstone","formerType":"Note"}`, string(d.Root().Get("object").Raw()))
	assert.JSONEq(t, `["https://www.w3.org/ns/activitystreams#Public"]`, string(d.Root().Get("to").Raw()))
	_, it := reencode(t, d)
	require.NoError(t, vocab.OnActivity(it, func(a *vocab.Activity) error {
		assert.Equal(t, vocab.TombstoneType, a.Object.GetType())
		return nil
	}))

	// The account itself.
	d, err = NewDelete(bAlice+"#delete", bAlice, bAlice, "")
	require.NoError(t, err)
	obj, _ := d.Root().Get("object").String()
	assert.Equal(t, bAlice, obj)

	_, err = NewDelete(bAlice+"#delete", bAlice, bBob, "")
	assert.ErrorContains(t, err, "activitypub: ")
}

func TestFollowAcceptRejectUndo(t *testing.T) {
	t.Parallel()
	follow, err := NewFollow("https://other.example/follows/1", bBob, bAlice)
	require.NoError(t, err)
	checkMastodonRules(t, follow)
	assert.Equal(t, []string{bAlice}, follow.Root().Recipients())
	_, it := reencode(t, follow)
	assert.Equal(t, vocab.FollowType, it.GetType())

	for _, build := range []func(string, string, *Document) (*Document, error){NewAccept, NewReject} {
		d, err := build("https://social.example/users/alice#accepts/1", bAlice, follow)
		require.NoError(t, err)
		checkMastodonRules(t, d)
		assert.Equal(t, []string{bBob}, d.Root().Recipients())
		back, it := reencode(t, d)
		obj, ok := back.Root().Get("object").Object()
		require.True(t, ok)
		assert.Equal(t, "Follow", obj.Type())
		require.NoError(t, vocab.OnActivity(it, func(a *vocab.Activity) error {
			assert.Equal(t, vocab.IRI("https://other.example/follows/1"), a.Object.GetLink())
			return nil
		}))
		// Not a Follow of the one who answers.
		_, err = build("https://other.example/x", bBob, follow)
		assert.ErrorContains(t, err, "activitypub: ")
		like, err := NewLike("https://other.example/likes/1", bBob, bNoteID)
		require.NoError(t, err)
		_, err = build("https://social.example/x", bAlice, like)
		assert.ErrorContains(t, err, "not a Follow")
	}
	for _, build := range []func(string, string, string, string) (*Document, error){NewAcceptID, NewRejectID} {
		d, err := build("https://social.example/users/alice#accepts/1", bAlice, "https://other.example/follows/1", bBob)
		require.NoError(t, err)
		checkMastodonRules(t, d)
		obj, _ := d.Root().Get("object").String()
		assert.Equal(t, "https://other.example/follows/1", obj)
		assert.Equal(t, []string{bBob}, d.Root().Recipients())
		_, err = build("https://social.example/x", bAlice, "", bBob)
		assert.Error(t, err)
	}

	undo, err := NewUndo("https://other.example/follows/1/undo", bBob, follow)
	require.NoError(t, err)
	checkMastodonRules(t, undo)
	assert.Equal(t, []string{bAlice}, undo.Root().Recipients())
	_, it = reencode(t, undo)
	assert.Equal(t, vocab.UndoType, it.GetType())
	_, err = NewUndo("https://social.example/x", bAlice, follow)
	assert.ErrorContains(t, err, "cannot undo")
	_, err = NewUndo("https://social.example/x", bAlice, nil)
	assert.Error(t, err)
}

func TestLikeBlockFlagMove(t *testing.T) {
	t.Parallel()
	like, err := NewLike("https://other.example/likes/1", bBob, bNoteID)
	require.NoError(t, err)
	checkMastodonRules(t, like)
	assert.False(t, like.Root().Has("to"))

	block, err := NewBlock("https://other.example/blocks/1", bBob, bAlice)
	require.NoError(t, err)
	checkMastodonRules(t, block)

	flag, err := NewFlag("https://other.example/flags/1", "https://other.example/actor", []string{bAlice, bNoteID}, "spam")
	require.NoError(t, err)
	checkMastodonRules(t, flag)
	assert.JSONEq(t, `["`+bAlice+`","`+bNoteID+`"]`, string(flag.Root().Get("object").Raw()))
	_, err = NewFlag("https://other.example/flags/1", bBob, nil, "")
	assert.Error(t, err)

	move, err := NewMove("https://social.example/users/alice#moves/1", bAlice, "https://new.example/users/alice")
	require.NoError(t, err)
	checkMastodonRules(t, move)
	obj, _ := move.Root().Get("object").String()
	target, _ := move.Root().Get("target").String()
	assert.Equal(t, bAlice, obj)
	assert.Equal(t, "https://new.example/users/alice", target)
	_, err = NewMove("https://social.example/m", bAlice, bAlice)
	assert.Error(t, err)

	for _, d := range []*Document{like, block, flag, move} {
		_, it := reencode(t, d)
		assert.NotNil(t, it)
	}
	_, err = NewLike("https://other.example/likes/1", bBob, "not a url")
	assert.Error(t, err)
}

func TestBuildAnnounce(t *testing.T) {
	t.Parallel()
	for _, v := range []Visibility{Public, Unlisted} {
		d, err := Announce{
			ID: bAlice + "/statuses/2/activity", Actor: bAlice, Object: "https://other.example/users/bob/statuses/9",
			Author: bBob, Visibility: v, Followers: bAliceFollowers, Published: bTime,
		}.Build()
		require.NoError(t, err)
		checkMastodonRules(t, d)
		assert.Equal(t, v, d.Root().Visibility(bAliceFollowers))
		assert.Contains(t, d.Root().Recipients(), bBob)
		_, it := reencode(t, d)
		assert.Equal(t, vocab.AnnounceType, it.GetType())
	}
	d, err := Announce{ID: bAlice + "/a", Actor: bAlice, Object: bNoteID, Followers: bAliceFollowers}.Build()
	require.NoError(t, err)
	assert.JSONEq(t, `["https://www.w3.org/ns/activitystreams#Public"]`, string(d.Root().Get("to").Raw()))
	assert.JSONEq(t, `["`+bAliceFollowers+`"]`, string(d.Root().Get("cc").Raw()))
	_, err = Announce{ID: bAlice + "/a", Actor: bAlice, Object: bNoteID}.Build()
	assert.ErrorContains(t, err, "followers")
}

// Building the same input gives the same bytes.
func TestBuildDeterministic(t *testing.T) {
	t.Parallel()
	var out []string
	for range 3 {
		d, err := fullNote().Build()
		require.NoError(t, err)
		b, err := json.Marshal(d)
		require.NoError(t, err)
		out = append(out, string(b))
	}
	assert.Equal(t, out[0], out[1])
	assert.Equal(t, out[0], out[2])
}
