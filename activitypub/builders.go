package activitypub

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// This file builds the documents a bot or a server sends: posts (Note,
// Article, Question) and the activities that carry them or act on actors.
// They take the shapes Mastodon sends and accepts. Every builder returns a
// new [Document] whose @context declares each extension term it uses.

// Attachment is a media file attached to a post.
type Attachment struct {
	// Type is "Image", "Document", "Video" or "Audio". Empty means
	// "Document", which Mastodon sends for every kind of media and reads
	// by MediaType.
	Type string
	// MediaType is the file's MIME type, such as "image/png". Mastodon
	// stores media of types it does not know as links only.
	MediaType string
	// URL is the file's absolute http(s) URL. Required.
	URL string
	// Name is the alt text, a description of the media for those who
	// cannot see or hear it. Empty is written as null, as Mastodon does.
	Name string
	// Blurhash is a BlurHash of the image, shown while it loads.
	Blurhash string
	// FocalPoint is the point of the image to keep in view when it is
	// cropped; nil for none.
	FocalPoint *FocalPoint
	// Width and Height are the size in pixels; zero leaves them out.
	Width, Height int
}

// Note is a short post, the kind Mastodon calls a status. The zero value
// of each optional field leaves the property out, or writes it as Mastodon
// writes an absent value (summary and inReplyTo as null, sensitive as
// false, attachment and tag as empty arrays).
type Note struct {
	// ID is the post's IRI: an absolute http(s) URL on the author's
	// server (Mastodon drops a post whose id is on another host).
	// Required.
	ID string
	// AttributedTo is the author's actor IRI. Required.
	AttributedTo string
	// Content is the text, as HTML. Links to mentioned actors and to
	// hashtags are the caller's to write: Mastodon renders the HTML it is
	// given, and reads the tags for notifications and search.
	Content string
	// Language is the language of Content, such as "en". When set, the
	// content is also written as contentMap {Language: Content}, as
	// Mastodon does.
	Language string
	// Summary is the content warning, shown in place of the content until
	// the reader opens it. A post with a summary is marked sensitive.
	Summary string
	// Sensitive marks the media (and, with Summary, the text) as
	// sensitive.
	Sensitive bool
	// InReplyTo is the IRI of the post this one answers.
	InReplyTo string
	// Published is when the post was made. It is written in UTC to the
	// second, as Mastodon writes it. Zero leaves it out; Mastodon then
	// takes the time it receives the post.
	Published time.Time
	// URL is the post's page for people, if it has one.
	URL string
	// Visibility sets to and cc, as [Address] does: the public
	// collection, the followers collection and the mentioned actors.
	// Zero means [Public].
	Visibility Visibility
	// Followers is the IRI of the author's followers collection. Required
	// for Public, Unlisted and FollowersOnly.
	Followers string
	// To and CC are more recipients, such as the members of a Limited
	// post's circle. The mentioned actors need not be listed.
	To, CC []string
	// Mentions are the actors the post mentions: each becomes a Mention
	// tag and a recipient.
	Mentions []Mention
	// Hashtags are the topics of the post. A Name without its leading
	// "#" gets one.
	Hashtags []Hashtag
	// Emojis are the custom emoji whose shortcodes the text uses.
	Emojis []Emoji
	// Attachments are the media of the post. Mastodon shows the first
	// four.
	Attachments []Attachment
}

// Build returns the Note as a document.
func (n Note) Build() (*Document, error) {
	d, err := n.build("Note", "")
	if err != nil {
		return nil, err
	}
	return d, n.finish(d)
}

// Article is a long post with a title. Mastodon shows the title and a
// link to the post's URL in place of its content, so URL should be set.
type Article struct {
	// Note holds the post's properties.
	Note
	// Name is the title.
	Name string
}

// Build returns the Article as a document.
func (a Article) Build() (*Document, error) {
	d, err := a.build("Article", a.Name)
	if err != nil {
		return nil, err
	}
	return d, a.finish(d)
}

// PollOption is a choice of a [Question].
type PollOption struct {
	// Name is the text of the choice. Required.
	Name string
	// Votes is the number of votes for it so far.
	Votes int
}

// Question is a poll. Its Content is the question; exactly one of OneOf
// (one choice per voter) and AnyOf (several) holds the choices.
type Question struct {
	// Note holds the post's properties.
	Note
	// OneOf are the choices of a poll where each voter picks one.
	OneOf []PollOption
	// AnyOf are the choices of a poll where a voter may pick several.
	AnyOf []PollOption
	// EndTime is when voting ends. Zero leaves it out.
	EndTime time.Time
	// Closed is when the poll was closed; zero for a poll still open.
	Closed time.Time
	// VotersCount is the number of people who voted, which for AnyOf
	// differs from the sum of the votes.
	VotersCount int
}

// Build returns the Question as a document.
func (q Question) Build() (*Document, error) {
	if (len(q.OneOf) == 0) == (len(q.AnyOf) == 0) {
		return nil, fmt.Errorf("activitypub: a Question needs choices in exactly one of OneOf and AnyOf")
	}
	d, err := q.build("Question", "")
	if err != nil {
		return nil, err
	}
	if err := q.finish(d); err != nil {
		return nil, err
	}
	root := d.Root()
	if !q.EndTime.IsZero() {
		if err := root.Set("endTime", formatTime(q.EndTime)); err != nil {
			return nil, err
		}
	}
	if !q.Closed.IsZero() {
		if err := root.Set("closed", formatTime(q.Closed)); err != nil {
			return nil, err
		}
	}
	name, opts := "oneOf", q.OneOf
	if len(q.AnyOf) > 0 {
		name, opts = "anyOf", q.AnyOf
	}
	var choices []any
	for i, o := range opts {
		if o.Name == "" {
			return nil, fmt.Errorf("activitypub: choice %d of the Question has no name", i)
		}
		if o.Votes < 0 {
			return nil, fmt.Errorf("activitypub: choice %q has %d votes", o.Name, o.Votes)
		}
		choices = append(choices, map[string]any{
			"type":    "Note",
			"name":    o.Name,
			"replies": map[string]any{"type": "Collection", "totalItems": o.Votes},
		})
	}
	if err := root.Set(name, choices); err != nil {
		return nil, err
	}
	if q.VotersCount < 0 {
		return nil, fmt.Errorf("activitypub: VotersCount is %d", q.VotersCount)
	}
	if err := root.Set("votersCount", q.VotersCount); err != nil {
		return nil, err
	}
	return d, nil
}

// build checks n and writes its properties, in the order Mastodon writes
// them, up to the content; finish writes the rest.
func (n Note) build(typ, name string) (*Document, error) {
	if err := checkURL("id", n.ID); err != nil {
		return nil, err
	}
	if err := checkURL("attributedTo", n.AttributedTo); err != nil {
		return nil, err
	}
	if !sameOrigin(n.ID, n.AttributedTo) {
		return nil, fmt.Errorf("activitypub: id %q is not on the server of its author %q", n.ID, n.AttributedTo)
	}
	for what, u := range map[string]string{"inReplyTo": n.InReplyTo, "url": n.URL, "followers": n.Followers} {
		if u != "" {
			if err := checkURL(what, u); err != nil {
				return nil, err
			}
		}
	}
	v := n.Visibility
	if v == 0 {
		v = Public
	}
	if err := checkAddress(v, n.Followers); err != nil {
		return nil, err
	}
	d := New(typ)
	root := d.Root()
	props := []struct {
		name string
		v    any
	}{
		{"id", n.ID},
		{"name", name},
		{"summary", orNull(n.Summary)},
		{"inReplyTo", orNull(n.InReplyTo)},
		{"published", ""},
		{"url", n.URL},
		{"attributedTo", n.AttributedTo},
		{"to", slices.Clone(n.To)},
		{"cc", slices.Clone(n.CC)},
		{"sensitive", n.Sensitive || n.Summary != ""},
		{"content", n.Content},
	}
	if !n.Published.IsZero() {
		props[4].v = formatTime(n.Published)
	}
	for _, p := range props {
		if s, ok := p.v.(string); ok && s == "" && p.name != "content" {
			continue
		}
		if l, ok := p.v.([]string); ok && l == nil {
			p.v = []string{}
		}
		if err := root.Set(p.name, p.v); err != nil {
			return nil, err
		}
	}
	for _, u := range slices.Concat(n.To, n.CC) {
		if err := checkURL("recipient", u); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// finish writes contentMap, attachment and tag, addresses the post and
// declares the extension terms it uses.
func (n Note) finish(d *Document) error {
	root := d.Root()
	if n.Language != "" {
		if err := root.Set("contentMap", map[string]any{n.Language: n.Content}); err != nil {
			return err
		}
	}
	attachments := []any{}
	for i, a := range n.Attachments {
		m, err := a.toMap()
		if err != nil {
			return fmt.Errorf("activitypub: attachment %d: %w", i, err)
		}
		attachments = append(attachments, m)
	}
	if err := root.Set("attachment", attachments); err != nil {
		return err
	}
	tags := []any{}
	for _, m := range n.Mentions {
		if err := checkURL("mention", string(m.Href)); err != nil {
			return err
		}
		tag := map[string]any{"type": "Mention", "href": string(m.Href)}
		if m.Name != "" {
			tag["name"] = m.Name
		}
		tags = append(tags, tag)
	}
	for _, h := range n.Hashtags {
		name := h.Name
		if strings.TrimPrefix(name, "#") == "" {
			return fmt.Errorf("activitypub: hashtag without a name")
		}
		if !strings.HasPrefix(name, "#") {
			name = "#" + name
		}
		tag := map[string]any{"type": "Hashtag", "name": name}
		if h.Href != "" {
			if err := checkURL("hashtag href", string(h.Href)); err != nil {
				return err
			}
			tag["href"] = string(h.Href)
		}
		tags = append(tags, tag)
	}
	for _, e := range n.Emojis {
		tag, err := emojiTag(e)
		if err != nil {
			return err
		}
		tags = append(tags, tag)
	}
	if err := root.Set("tag", tags); err != nil {
		return err
	}
	v := n.Visibility
	if v == 0 {
		v = Public
	}
	if err := root.Address(v, n.Followers); err != nil {
		return err
	}
	return d.declareUsed(d.root)
}

// toMap checks a and returns it as JSON.
func (a Attachment) toMap() (map[string]any, error) {
	typ := a.Type
	switch typ {
	case "":
		typ = "Document"
	case "Image", "Document", "Video", "Audio":
	default:
		return nil, fmt.Errorf("type %q is not Image, Document, Video or Audio", a.Type)
	}
	if err := checkURL("url", a.URL); err != nil {
		return nil, err
	}
	m := map[string]any{"type": typ, "url": a.URL, "name": orNull(a.Name)}
	if a.MediaType != "" {
		m["mediaType"] = a.MediaType
	}
	if a.Blurhash != "" {
		m["blurhash"] = a.Blurhash
	}
	if p := a.FocalPoint; p != nil {
		if !(p.X >= -1 && p.X <= 1 && p.Y >= -1 && p.Y <= 1) {
			return nil, fmt.Errorf("focal point (%v, %v) is outside [-1, 1]", p.X, p.Y)
		}
		m["focalPoint"] = []any{p.X, p.Y}
	}
	if a.Width < 0 || a.Height < 0 {
		return nil, fmt.Errorf("size %dx%d", a.Width, a.Height)
	}
	if a.Width > 0 {
		m["width"] = a.Width
	}
	if a.Height > 0 {
		m["height"] = a.Height
	}
	return m, nil
}

// emojiTag returns the tag of a custom emoji, in the shape Mastodon
// requires: a name and an icon with a url.
func emojiTag(e Emoji) (map[string]any, error) {
	if strings.Trim(e.Name, ":") == "" {
		return nil, fmt.Errorf("activitypub: emoji without a shortcode")
	}
	if err := checkURL("emoji icon", string(e.IconURL)); err != nil {
		return nil, err
	}
	icon := map[string]any{"type": "Image", "url": string(e.IconURL)}
	if e.IconMediaType != "" {
		icon["mediaType"] = e.IconMediaType
	}
	tag := map[string]any{"type": "Emoji", "name": e.Name, "icon": icon}
	if e.ID != "" {
		if err := checkURL("emoji id", string(e.ID)); err != nil {
			return nil, err
		}
		tag["id"] = string(e.ID)
	}
	if !e.Updated.IsZero() {
		tag["updated"] = formatTime(e.Updated)
	}
	return tag, nil
}

// NewCreate returns a Create of object by actor, as Mastodon sends a new
// post: the object embedded, and the activity's to, cc and published
// copied from it. The object's id must be on the actor's server and its
// attributedTo, when it has one, must be the actor.
func NewCreate(id, actor string, object *Document) (*Document, error) {
	return wrapPost("Create", id, actor, object, "published")
}

// NewUpdate returns an Update of object by actor, as Mastodon sends an
// edited post or a poll's new counts: the object embedded, to and cc
// copied from it, and published set to its updated time when it has one.
// The rules of [NewCreate] apply.
func NewUpdate(id, actor string, object *Document) (*Document, error) {
	return wrapPost("Update", id, actor, object, "updated")
}

// wrapPost builds a Create or an Update.
func wrapPost(typ, id, actor string, object *Document, published string) (*Document, error) {
	d, err := newActivity(typ, id, actor)
	if err != nil {
		return nil, err
	}
	if object == nil {
		return nil, fmt.Errorf("activitypub: %s without an object", typ)
	}
	o := object.Root()
	if err := checkURL("object id", o.ID()); err != nil {
		return nil, err
	}
	if !sameOrigin(o.ID(), actor) {
		return nil, fmt.Errorf("activitypub: object %q is not on the server of actor %q", o.ID(), actor)
	}
	if a, ok := o.Get("attributedTo").IRI(); ok && a != actor {
		return nil, fmt.Errorf("activitypub: object is attributed to %q, not to actor %q", a, actor)
	}
	root := d.Root()
	if t, ok := o.Get(published).String(); ok {
		if err := root.Set("published", t); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"to", "cc"} {
		if err := root.Set(name, addressList(o, name)); err != nil {
			return nil, err
		}
	}
	return d, d.embed("object", object)
}

// addressList returns the items of o's property name, as an array to
// set, empty when there are none.
func addressList(o Object, name string) []any {
	out := []any{}
	for _, v := range o.Get(name).Array() {
		if !v.IsNull() {
			out = append(out, v)
		}
	}
	return out
}

// NewDelete returns a Delete by actor of the object with IRI object,
// addressed to the public collection as Mastodon sends it. The object is
// written as a Tombstone with its id and, when formerType is not empty,
// its former type ("Note"). When object is actor itself, the Delete is of
// the account, and the object is the actor's IRI, as Mastodon sends it.
// object must be on the actor's server.
func NewDelete(id, actor, object, formerType string) (*Document, error) {
	d, err := newActivity("Delete", id, actor)
	if err != nil {
		return nil, err
	}
	if err := checkURL("object", object); err != nil {
		return nil, err
	}
	if !sameOrigin(object, actor) {
		return nil, fmt.Errorf("activitypub: object %q is not on the server of actor %q", object, actor)
	}
	root := d.Root()
	if err := root.Set("to", []string{publicCollection}); err != nil {
		return nil, err
	}
	if object == actor {
		return d, root.Set("object", object)
	}
	tomb := map[string]any{"id": object, "type": "Tombstone"}
	if formerType != "" {
		tomb["formerType"] = formerType
	}
	return d, root.Set("object", tomb)
}

// NewFollow returns a Follow of the actor object by actor, addressed to
// object.
func NewFollow(id, actor, object string) (*Document, error) {
	return actOn("Follow", id, actor, object, true)
}

// NewAccept returns an Accept by actor of follow, a Follow of actor,
// embedded and addressed to the follower (its actor). Mastodon finds the
// follow request by the embedded Follow's actor when it does not know the
// Follow's id.
func NewAccept(id, actor string, follow *Document) (*Document, error) {
	return answer("Accept", id, actor, follow)
}

// NewAcceptID returns an Accept by actor of the Follow with IRI follow
// sent by follower, the Follow given by its id only and the Accept
// addressed to follower.
func NewAcceptID(id, actor, follow, follower string) (*Document, error) {
	return answerID("Accept", id, actor, follow, follower)
}

// NewReject returns a Reject by actor of follow, as [NewAccept] does.
func NewReject(id, actor string, follow *Document) (*Document, error) {
	return answer("Reject", id, actor, follow)
}

// NewRejectID returns a Reject by actor of the Follow with IRI follow, as
// [NewAcceptID] does.
func NewRejectID(id, actor, follow, follower string) (*Document, error) {
	return answerID("Reject", id, actor, follow, follower)
}

// answer builds an Accept or a Reject of an embedded Follow.
func answer(typ, id, actor string, follow *Document) (*Document, error) {
	d, err := newActivity(typ, id, actor)
	if err != nil {
		return nil, err
	}
	if follow == nil {
		return nil, fmt.Errorf("activitypub: %s without a Follow", typ)
	}
	f := follow.Root()
	if f.Type() != "Follow" {
		return nil, fmt.Errorf("activitypub: %s of a %q, not a Follow", typ, f.Type())
	}
	follower, _ := f.Get("actor").IRI()
	if err := checkURL("follower", follower); err != nil {
		return nil, err
	}
	if target, _ := f.Get("object").IRI(); target != actor {
		return nil, fmt.Errorf("activitypub: the Follow is of %q, not of actor %q", target, actor)
	}
	if err := d.Root().Set("to", []string{follower}); err != nil {
		return nil, err
	}
	return d, d.embed("object", follow)
}

// answerID builds an Accept or a Reject of a Follow given by id.
func answerID(typ, id, actor, follow, follower string) (*Document, error) {
	d, err := newActivity(typ, id, actor)
	if err != nil {
		return nil, err
	}
	if err := checkURL("follow", follow); err != nil {
		return nil, err
	}
	if err := checkURL("follower", follower); err != nil {
		return nil, err
	}
	root := d.Root()
	if err := root.Set("to", []string{follower}); err != nil {
		return nil, err
	}
	return d, root.Set("object", follow)
}

// NewUndo returns an Undo by actor of object (a Follow, Like, Announce or
// Block of actor's), embedded, with to and cc copied from it so that it
// reaches those the object reached. The object's actor must be actor.
func NewUndo(id, actor string, object *Document) (*Document, error) {
	d, err := newActivity("Undo", id, actor)
	if err != nil {
		return nil, err
	}
	if object == nil {
		return nil, fmt.Errorf("activitypub: Undo without an object")
	}
	o := object.Root()
	if a, _ := o.Get("actor").IRI(); a != actor {
		return nil, fmt.Errorf("activitypub: cannot undo an activity of %q as %q", a, actor)
	}
	root := d.Root()
	for _, name := range []string{"to", "cc"} {
		if o.Has(name) {
			if err := root.Set(name, addressList(o, name)); err != nil {
				return nil, err
			}
		}
	}
	return d, d.embed("object", object)
}

// NewLike returns a Like of the post object by actor. Like Mastodon's, it
// has no to or cc: it is delivered to the post's author.
func NewLike(id, actor, object string) (*Document, error) {
	return actOn("Like", id, actor, object, false)
}

// NewBlock returns a Block of the actor object by actor. Like Mastodon's,
// it has no to or cc: it is delivered to the blocked actor only.
func NewBlock(id, actor, object string) (*Document, error) {
	return actOn("Block", id, actor, object, false)
}

// actOn builds an activity whose object is an IRI, addressed to it when
// to is set.
func actOn(typ, id, actor, object string, to bool) (*Document, error) {
	d, err := newActivity(typ, id, actor)
	if err != nil {
		return nil, err
	}
	if err := checkURL("object", object); err != nil {
		return nil, err
	}
	root := d.Root()
	if to {
		if err := root.Set("to", []string{object}); err != nil {
			return nil, err
		}
	}
	return d, root.Set("object", object)
}

// Announce is a boost: actor shares the post Object with its followers.
type Announce struct {
	// ID is the activity's IRI, on the actor's server. Required.
	ID string
	// Actor is who shares the post. Required.
	Actor string
	// Object is the IRI of the shared post. Required.
	Object string
	// Author is the actor of the shared post, added to cc so that they
	// are notified, as Mastodon does. Optional.
	Author string
	// Visibility sets to and cc as for a [Note]. Zero means [Public].
	Visibility Visibility
	// Followers is the IRI of Actor's followers collection. Required for
	// Public, Unlisted and FollowersOnly.
	Followers string
	// Published is when the post was shared. Zero leaves it out.
	Published time.Time
}

// Build returns the Announce as a document.
func (a Announce) Build() (*Document, error) {
	d, err := newActivity("Announce", a.ID, a.Actor)
	if err != nil {
		return nil, err
	}
	if err := checkURL("object", a.Object); err != nil {
		return nil, err
	}
	v := a.Visibility
	if v == 0 {
		v = Public
	}
	if err := checkAddress(v, a.Followers); err != nil {
		return nil, err
	}
	root := d.Root()
	if !a.Published.IsZero() {
		if err := root.Set("published", formatTime(a.Published)); err != nil {
			return nil, err
		}
	}
	cc := []string{}
	if a.Author != "" {
		if err := checkURL("author", a.Author); err != nil {
			return nil, err
		}
		cc = append(cc, a.Author)
	}
	if err := root.Set("to", []string{}); err != nil {
		return nil, err
	}
	if err := root.Set("cc", cc); err != nil {
		return nil, err
	}
	if err := root.Address(v, a.Followers); err != nil {
		return nil, err
	}
	return d, root.Set("object", a.Object)
}

// NewFlag returns a Flag (a report to moderators) by actor of objects:
// the reported actor first, then the reported posts, as Mastodon sends
// them. content is the reporter's comment and may be empty. Mastodon
// sends reports as its instance actor, so that the reporter stays
// anonymous.
func NewFlag(id, actor string, objects []string, content string) (*Document, error) {
	d, err := newActivity("Flag", id, actor)
	if err != nil {
		return nil, err
	}
	if len(objects) == 0 {
		return nil, fmt.Errorf("activitypub: Flag of nothing")
	}
	for _, o := range objects {
		if err := checkURL("object", o); err != nil {
			return nil, err
		}
	}
	root := d.Root()
	if content != "" {
		if err := root.Set("content", content); err != nil {
			return nil, err
		}
	}
	return d, root.Set("object", slices.Clone(objects))
}

// NewMove returns a Move of the account actor to the account target. The
// object is actor itself. Mastodon moves followers only when target lists
// actor in its alsoKnownAs.
func NewMove(id, actor, target string) (*Document, error) {
	d, err := newActivity("Move", id, actor)
	if err != nil {
		return nil, err
	}
	if err := checkURL("target", target); err != nil {
		return nil, err
	}
	if target == actor {
		return nil, fmt.Errorf("activitypub: Move of %q to itself", actor)
	}
	root := d.Root()
	if err := root.Set("object", actor); err != nil {
		return nil, err
	}
	return d, root.Set("target", target)
}

// newActivity starts an activity: checks id and actor and writes them.
func newActivity(typ, id, actor string) (*Document, error) {
	if err := checkURL("id", id); err != nil {
		return nil, err
	}
	if err := checkURL("actor", actor); err != nil {
		return nil, err
	}
	if !sameOrigin(id, actor) {
		return nil, fmt.Errorf("activitypub: id %q is not on the server of actor %q", id, actor)
	}
	d := New(typ)
	root := d.Root()
	if err := root.Set("id", id); err != nil {
		return nil, err
	}
	return d, root.Set("actor", actor)
}

// embed sets the property name of d to a copy of the document obj,
// without obj's @context: what it declares goes into d's.
func (d *Document) embed(name string, obj *Document) error {
	return d.Root().Set(name, obj)
}

// publicCollection is the IRI of the public collection, as Mastodon
// writes it.
const publicCollection = "https://www.w3.org/ns/activitystreams#Public"

// checkURL checks that s is an absolute http or https URL with a host.
func checkURL(what, s string) error {
	if s == "" {
		return fmt.Errorf("activitypub: %s is missing", what)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("activitypub: %s %q is not an absolute http(s) URL", what, s)
	}
	return nil
}

// sameOrigin reports whether a and b are on the same host, compared as
// Mastodon compares them: by host name, without case or port.
func sameOrigin(a, b string) bool {
	ua, err := url.Parse(a)
	if err != nil {
		return false
	}
	ub, err := url.Parse(b)
	if err != nil {
		return false
	}
	return ua.Hostname() != "" && strings.EqualFold(ua.Hostname(), ub.Hostname())
}

// formatTime writes t as Mastodon does: RFC 3339, UTC, to the second.
func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// orNull returns s, or nil (JSON null) when s is empty.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
