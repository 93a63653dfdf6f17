package activitypub

import (
	"slices"
	"strconv"

	vocab "github.com/go-ap/activitypub"
)

// Visibility says who may see a post, in the terms Mastodon uses.
// ActivityPub has no such property: a post's visibility is a reading of
// its addressing (to and cc), which [VisibilityOf] makes and [Address]
// writes.
//
// The zero Visibility is no visibility at all: [VisibilityOf] returns it
// for an item that is not an object.
type Visibility int

// The visibilities, in Mastodon's order.
const (
	// Public: the public collection is in to. Anyone may see the post and
	// it is shown on public timelines.
	Public Visibility = iota + 1
	// Unlisted: the public collection is in cc but not in to. Anyone may
	// see the post, but it is kept off public timelines.
	Unlisted
	// FollowersOnly: the author's followers collection is in to, and the
	// public collection is in neither to nor cc. Only followers and the
	// actors the post mentions may see it. Mastodon calls it "private".
	FollowersOnly
	// Direct: the post is addressed to no public or followers collection,
	// and every actor it is addressed to is mentioned in it.
	Direct
	// Limited: like Direct, but the post is also addressed to at least one
	// actor it does not mention, as when it goes to a chosen circle of
	// followers. Mastodon gives this visibility to posts it receives; its
	// REST API reports it as "private".
	Limited
)

// String returns the name Mastodon gives v: "public", "unlisted",
// "private" (for [FollowersOnly]), "direct" and "limited". The first four
// are the values of the visibility attribute of Mastodon's REST API;
// "limited" is Mastodon's internal name, which its REST API shows as
// "private". Any other value gives "Visibility(n)".
func (v Visibility) String() string {
	switch v {
	case Public:
		return "public"
	case Unlisted:
		return "unlisted"
	case FollowersOnly:
		return "private"
	case Direct:
		return "direct"
	case Limited:
		return "limited"
	}
	return "Visibility(" + strconv.Itoa(int(v)) + ")"
}

// VisibilityOf classifies an object or activity the way Mastodon
// classifies a post it receives. The rules apply in this order:
//
//  1. [Public] if to holds the public collection, in any of its spellings
//     (see [IsPublic]);
//  2. [Unlisted] if cc holds it;
//  3. [FollowersOnly] if to holds the author's followers collection. Like
//     Mastodon, VisibilityOf looks for it in to only: a post with the
//     followers collection in cc alone is not followers-only;
//  4. [Limited] if to or cc holds an actor that no Mention tag of the item
//     names (by its href);
//  5. [Direct] otherwise, an item addressed to nobody included.
//
// followers is the IRI of the author's followers collection; Mastodon
// compares it with the followers URL it knows for the author. When
// followers is empty, any IRI that ends in "/followers" counts as the
// author's followers collection. That is how Mastodon, GoToSocial,
// Pleroma, Misskey and PeerTube name the collection, but the heuristic
// also matches other actors' followers collections: pass the author's
// when it is known.
//
// For rule 4, Mastodon asks its database which IRIs are known accounts;
// VisibilityOf cannot, and takes every IRI to be an actor except the
// public collection and followers collections (followers, or any IRI
// ending in "/followers"). IRIs are compared as exact strings: a mention
// whose href is the actor's profile page, not its id, does not match.
//
// VisibilityOf reads only the item it is given. For an activity it reads
// the activity's own to, cc and tag, not those of the object it carries,
// which may differ: to learn the visibility of the post in a Create, pass
// the Create's object. (Mastodon reads the object's to and cc, and takes
// the activity's for either one the object lacks.)
//
// Two of Mastodon's inputs are out of reach. Mastodon also makes a post
// limited when it was delivered to the inbox of an actor it does not
// mention; and recent versions make a post limited when its
// "directMessage" property is false, a property go-ap does not decode.
func VisibilityOf(it vocab.Item, followers vocab.IRI) Visibility {
	if !isObject(it) {
		return 0
	}
	var v Visibility
	_ = vocab.OnObject(it, func(o *vocab.Object) error {
		v = classify(o, followers)
		return nil
	})
	return v
}

// classify applies the rules of VisibilityOf to o.
func classify(o *vocab.Object, followers vocab.IRI) Visibility {
	return visibilityFrom(iriStringsOf(iris(o.To)), iriStringsOf(iris(o.CC)), iriStringsOf(mentions(o.Tag)), string(followers))
}

// Visibility classifies o the way Mastodon classifies a post it receives,
// by the rules of [VisibilityOf], reading the document as it was received:
// the public collection in any spelling, in an array or alone, and tags
// whether "tag" is an array or a single object. Recipients that are
// embedded objects count by their id. It returns 0 when o is not an
// object.
//
// Like [VisibilityOf], it reads only o: for the post carried by a Create,
// call it on the Create's object.
func (o Object) Visibility(followers string) Visibility {
	if !o.Valid() {
		return 0
	}
	return visibilityFrom(o.addressees("to"), o.addressees("cc"), o.mentionHrefs(), followers)
}

// visibilityFrom holds the rules of [VisibilityOf], over plain IRIs: to
// and cc, the hrefs of the Mention tags, and the author's followers
// collection ("" for the "/followers" heuristic).
func visibilityFrom(to, cc, mentioned []string, followers string) Visibility {
	if slices.ContainsFunc(to, isPublicString) {
		return Public
	}
	if slices.ContainsFunc(cc, isPublicString) {
		return Unlisted
	}
	for _, iri := range to {
		if isFollowers(vocab.IRI(iri), vocab.IRI(followers)) {
			return FollowersOnly
		}
	}
	for _, list := range [][]string{to, cc} {
		for _, iri := range list {
			if iri == followers || looksLikeFollowers(vocab.IRI(iri)) {
				continue
			}
			if !slices.Contains(mentioned, iri) {
				return Limited
			}
		}
	}
	return Direct
}
