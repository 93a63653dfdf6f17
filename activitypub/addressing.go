package activitypub

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	vocab "github.com/go-ap/activitypub"
)

// IsPublic reports whether iri names the special collection that
// addresses everyone. Servers write it three ways, and IsPublic accepts
// each: the full IRI "https://www.w3.org/ns/activitystreams#Public"
// ([vocab.PublicNS]), the compact IRI "as:Public" and the bare term
// "Public". The comparison is exact, as in Mastodon.
func IsPublic(iri vocab.IRI) bool { return isPublicString(string(iri)) }

// isPublicString is [IsPublic] of a string.
func isPublicString(iri string) bool {
	return iri == string(vocab.PublicNS) || iri == "as:Public" || iri == "Public"
}

// Audience is the addressing of an object or activity: the IRIs in each
// of its audience properties, in the order they appear there.
type Audience struct {
	// To is the primary audience.
	To []vocab.IRI
	// CC is the secondary audience.
	CC []vocab.IRI
	// Bto is the private primary audience: it must not be shown to the
	// other recipients.
	Bto []vocab.IRI
	// BCC is the private secondary audience.
	BCC []vocab.IRI
	// Audience is the total population the item is meant for, when the
	// author gives one.
	Audience []vocab.IRI
}

// AudienceOf returns the addressing of it. Recipients that are embedded
// objects rather than IRIs are given by their id; those without an id are
// left out. The Audience is empty when it is not an object.
func AudienceOf(it vocab.Item) Audience {
	var a Audience
	if !isObject(it) {
		return a
	}
	_ = vocab.OnObject(it, func(o *vocab.Object) error {
		a = Audience{
			To:       iris(o.To),
			CC:       iris(o.CC),
			Bto:      iris(o.Bto),
			BCC:      iris(o.BCC),
			Audience: iris(o.Audience),
		}
		return nil
	})
	return a
}

// Recipients returns the IRIs that it is addressed to: those of to, cc,
// bto, bcc and audience, in that order, each once, with the public
// collection left out in all its spellings. They are the usual input to
// delivery, which still has to expand collections (such as the followers
// collection) into actors and actors into inboxes, and to strip bto and
// bcc from what it sends. Recipients reads only it: an activity's
// recipients are its own, not those of its object. It returns nil when
// there are none.
func Recipients(it vocab.Item) []vocab.IRI {
	a := AudienceOf(it)
	var out []vocab.IRI
	seen := make(map[vocab.IRI]bool)
	for _, list := range [][]vocab.IRI{a.To, a.CC, a.Bto, a.BCC, a.Audience} {
		for _, iri := range list {
			if IsPublic(iri) || seen[iri] {
				continue
			}
			seen[iri] = true
			out = append(out, iri)
		}
	}
	return out
}

// AddMention mentions actor in it, as Mastodon does: it adds a Mention tag
// (a [vocab.Link] of type Mention whose href is actor and whose name is
// handle, such as "@alice@social.example") and addresses actor in cc.
// Each half is skipped when already done: when a Mention tag already has
// actor as its href, or when actor is already in to or cc. So AddMention
// may be called again for the same actor without effect.
//
// AddMention does not change the content: the text of the mention, as a
// link to the actor, is the caller's to write. it must be a pointer to an
// object, activity, actor or other type go-ap lays out as an object; an
// IRI, a link, a collection of items or an object given by value is an
// error.
func AddMention(it vocab.Item, actor vocab.IRI, handle string) error {
	if actor == "" {
		return fmt.Errorf("activitypub: mention of an empty actor IRI")
	}
	return editObject(it, func(o *vocab.Object) error {
		if !slices.Contains(mentions(o.Tag), actor) {
			m := &vocab.Link{Type: vocab.MentionType, Href: actor}
			if handle != "" {
				m.Name = vocab.DefaultNaturalLanguageValue(handle)
			}
			o.Tag = append(o.Tag, m)
		}
		if !slices.Contains(iris(o.To), actor) && !slices.Contains(iris(o.CC), actor) {
			o.CC = append(o.CC, actor)
		}
		return nil
	})
}

// Address sets the to and cc of it for visibility v, the way Mastodon
// addresses the posts it sends:
//
//   - [Public]: to the public collection, cc the followers collection;
//   - [Unlisted]: to the followers collection, cc the public collection;
//   - [FollowersOnly]: to the followers collection;
//   - [Direct] and [Limited]: neither.
//
// followers is the IRI of the author's followers collection. It is
// required for Public, Unlisted and FollowersOnly. For Direct and Limited
// it names the collection to remove, and may be empty when there is none.
//
// Address first takes out of to and cc the public collection (in every
// spelling), followers, and the actors that the Mention tags of it name.
// It then puts back the collections above, and the mentioned actors in cc,
// or in to for Direct and Limited, as Mastodon does; a mentioned actor
// that was not addressed yet is addressed now. Every other recipient stays
// where it was, so a Limited item keeps the actors it does not mention.
// Address leaves bto, bcc and audience alone, and reads nothing but it:
// to address a Create and its object alike, call Address on both.
//
// [VisibilityOf] of the result, given the same followers, is v, with two
// exceptions. Direct and Limited differ only in whether every actor
// addressed is mentioned, which Address does not change: a Limited item
// whose recipients are all mentioned reads as Direct, and a Direct one
// with a recipient it does not mention reads as Limited. And when
// followers is empty, an IRI ending in "/followers" left in to reads as
// FollowersOnly.
//
// it must be a pointer to an object, as for [AddMention]. An unknown
// visibility is an error.
func Address(it vocab.Item, v Visibility, followers vocab.IRI) error {
	if err := checkAddress(v, string(followers)); err != nil {
		return err
	}
	return editObject(it, func(o *vocab.Object) error {
		iriOf := func(r vocab.Item) string { return string(r.GetLink()) }
		mk := func(iri string) vocab.Item { return vocab.IRI(iri) }
		to, cc := readdress(v, string(followers), dropNil(o.To), dropNil(o.CC), iriOf, iriStringsOf(mentions(o.Tag)), mk)
		o.To, o.CC = nilIfEmpty(to), nilIfEmpty(cc)
		return nil
	})
}

// checkAddress checks the arguments of Address.
func checkAddress(v Visibility, followers string) error {
	switch v {
	case Public, Unlisted, FollowersOnly:
		if followers == "" {
			return fmt.Errorf("activitypub: %v addressing needs the followers collection", v)
		}
	case Direct, Limited:
	default:
		return fmt.Errorf("activitypub: unknown visibility %d", int(v))
	}
	return nil
}

// readdress holds the rules of [Address], over recipients of any kind
// (go-ap items, values of a document): iriOf gives a recipient's IRI and
// mk makes a recipient of an IRI. It returns the new to and cc.
func readdress[T any](v Visibility, followers string, to, cc []T, iriOf func(T) string, mentioned []string, mk func(string) T) (newTo, newCC []T) {
	keep := func(list []T) []T {
		var out []T
		for _, r := range list {
			iri := iriOf(r)
			if isPublicString(iri) || (followers != "" && iri == followers) || slices.Contains(mentioned, iri) {
				continue
			}
			out = append(out, r)
		}
		return out
	}
	to, cc = keep(to), keep(cc)
	ms := make([]T, 0, len(mentioned))
	for _, iri := range mentioned {
		ms = append(ms, mk(iri))
	}
	public := mk(string(vocab.PublicNS))
	switch v {
	case Public:
		return slices.Concat([]T{public}, to), slices.Concat([]T{mk(followers)}, cc, ms)
	case Unlisted:
		return slices.Concat([]T{mk(followers)}, to), slices.Concat([]T{public}, cc, ms)
	case FollowersOnly:
		return slices.Concat([]T{mk(followers)}, to), slices.Concat(cc, ms)
	}
	return slices.Concat(to, ms), cc
}

// dropNil returns the items of c that are not nil.
func dropNil(c vocab.ItemCollection) []vocab.Item {
	var out []vocab.Item
	for _, r := range c {
		if !vocab.IsNil(r) {
			out = append(out, r)
		}
	}
	return out
}

// editObject calls fn with the object it points to. Changes made through
// a copy would be lost, so it must be a pointer.
func editObject(it vocab.Item, fn vocab.WithObjectFn) error {
	if !isObject(it) || reflect.ValueOf(it).Kind() != reflect.Pointer {
		return fmt.Errorf("activitypub: cannot address %T: need a pointer to an object", it)
	}
	return vocab.OnObject(it, fn)
}

// isObject reports whether it is an object, activity, actor or other type
// go-ap lays out as an object, and not a nil pointer to one.
func isObject(it vocab.Item) bool {
	return vocab.IsObject(it) && !vocab.IsNil(it)
}

// iris returns the IRIs of the items in c, in order, leaving out those
// without one. It returns nil when there are none.
func iris(c vocab.ItemCollection) []vocab.IRI {
	var out []vocab.IRI
	for _, r := range c {
		if vocab.IsNil(r) {
			continue
		}
		if iri := r.GetLink(); iri != "" {
			out = append(out, iri)
		}
	}
	return out
}

// mentions returns the hrefs of the Mention tags in tags, each once, in
// order. Mastodon too reads a mention's href, not its id.
func mentions(tags vocab.ItemCollection) []vocab.IRI {
	var out []vocab.IRI
	for _, t := range tags {
		if vocab.IsNil(t) || t.GetType() != vocab.MentionType {
			continue
		}
		_ = vocab.OnLink(t, func(l *vocab.Link) error {
			if l.Href != "" && !slices.Contains(out, l.Href) {
				out = append(out, l.Href)
			}
			return nil
		})
	}
	return out
}

// isFollowers reports whether iri is the followers collection: followers
// itself, or when that is empty, any IRI that looks like one.
func isFollowers(iri, followers vocab.IRI) bool {
	if followers != "" {
		return iri == followers
	}
	return looksLikeFollowers(iri)
}

// looksLikeFollowers reports whether iri is named the way most servers
// name a followers collection.
func looksLikeFollowers(iri vocab.IRI) bool {
	return strings.HasSuffix(string(iri), "/followers")
}

// iriStringsOf returns iris as strings.
func iriStringsOf(iris []vocab.IRI) []string {
	if iris == nil {
		return nil
	}
	out := make([]string, len(iris))
	for i, iri := range iris {
		out[i] = string(iri)
	}
	return out
}

// nilIfEmpty returns c, or nil when c is empty, so that an emptied
// property is left out of the JSON.
func nilIfEmpty(c []vocab.Item) vocab.ItemCollection {
	if len(c) == 0 {
		return nil
	}
	return c
}

// Recipients returns the IRIs that o is addressed to, by the rules of the
// function [Recipients], reading the document as it was received: every
// spelling of the public collection is left out, whether the property
// holds an array or a single value. Recipients that are embedded objects
// are given by their id. It returns nil when there are none.
func (o Object) Recipients() []string {
	var out []string
	for _, name := range [...]string{"to", "cc", "bto", "bcc", "audience"} {
		for _, iri := range o.addressees(name) {
			if isPublicString(iri) || slices.Contains(out, iri) {
				continue
			}
			out = append(out, iri)
		}
	}
	return out
}

// Address sets the to and cc of o for visibility v, by the rules of the
// function [Address]: the public collection and followers go where
// Mastodon puts them, the actors that o's Mention tags name are
// addressed, and every other recipient stays where it was. Both
// properties are written as arrays, an empty one included, as Mastodon
// writes them. An embedded recipient object is kept as it is.
//
// followers is the IRI of the author's followers collection, required
// for Public, Unlisted and FollowersOnly. An unknown visibility is an
// error, as is an invalid o.
func (o Object) Address(v Visibility, followers string) error {
	if !o.Valid() {
		return fmt.Errorf("activitypub: cannot address an invalid Object")
	}
	if err := checkAddress(v, followers); err != nil {
		return err
	}
	iriOf := func(x any) string {
		if s, ok := x.(string); ok {
			return s
		}
		iri, _ := x.(Value).IRI()
		return iri
	}
	mk := func(iri string) any { return iri }
	to, cc := readdress(v, followers, o.addresseeValues("to"), o.addresseeValues("cc"), iriOf, o.mentionHrefs(), mk)
	if to == nil {
		to = []any{}
	}
	if cc == nil {
		cc = []any{}
	}
	if err := o.Set("to", to); err != nil {
		return err
	}
	return o.Set("cc", cc)
}

// AddMention mentions actor in o, as the function [AddMention] does: it
// adds a Mention tag with href actor and name handle (left out when
// empty), unless a Mention tag already names actor, and adds actor to cc
// unless it is already in to or cc. "tag" and "cc" become arrays if they
// held a single value. The content is left to the caller.
func (o Object) AddMention(actor, handle string) error {
	if !o.Valid() {
		return fmt.Errorf("activitypub: cannot mention in an invalid Object")
	}
	if actor == "" {
		return fmt.Errorf("activitypub: mention of an empty actor IRI")
	}
	if !slices.Contains(o.mentionHrefs(), actor) {
		tags := o.addresseeValues("tag")
		m := map[string]any{"type": "Mention", "href": actor}
		if handle != "" {
			m["name"] = handle
		}
		if err := o.Set("tag", append(tags, m)); err != nil {
			return err
		}
	}
	if slices.Contains(o.addressees("to"), actor) || slices.Contains(o.addressees("cc"), actor) {
		return nil
	}
	return o.Set("cc", append(o.addresseeValues("cc"), actor))
}

// addressees returns the IRIs of the items of the property name of o:
// strings, and the ids of objects. Items without one are left out.
func (o Object) addressees(name string) []string {
	var out []string
	for _, v := range o.Get(name).Array() {
		if iri, ok := v.IRI(); ok && iri != "" {
			out = append(out, iri)
		}
	}
	return out
}

// addresseeValues returns the items of the property name of o, as values
// to be set again, leaving out nulls.
func (o Object) addresseeValues(name string) []any {
	var out []any
	for _, v := range o.Get(name).Array() {
		if !v.IsNull() {
			out = append(out, v)
		}
	}
	return out
}

// mentionHrefs returns the hrefs of the Mention tags of o, each once, in
// order. A tag's type matches in any spelling the document's context
// gives it ("Mention", "as:Mention", the full IRI).
func (o Object) mentionHrefs() []string {
	var out []string
	for _, t := range o.Get("tag").Array() {
		tag, ok := t.Object()
		if !ok || !o.d.hasTypeIRI(tag, NSActivityStreams+"Mention") {
			continue
		}
		if href, ok := tag.Get("href").String(); ok && href != "" && !slices.Contains(out, href) {
			out = append(out, href)
		}
	}
	return out
}

// hasTypeIRI reports whether one of the types of o expands to iri.
func (d *Document) hasTypeIRI(o Object, iri string) bool {
	for _, t := range o.Types() {
		if t == iri || d.ctx.Expand(t) == iri {
			return true
		}
	}
	return false
}
