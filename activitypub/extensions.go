package activitypub

import (
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fedikit/fedikit/httpsig"
	vocab "github.com/go-ap/activitypub"
)

// Typed access to extension properties: those of Mastodon, GoToSocial,
// Misskey, the security vocabulary and FEP-521a here, PeerTube's in
// peertube.go. The same rules hold for every function:
//
//   - A getter is named after its property (Blurhash, AlsoKnownAs), with
//     "Of" when a type has that name (FocalPointOf). It returns the value
//     and whether the property was there with the expected type; a list
//     getter returns the items that have the expected shape and skips the
//     others. Counts are strict JSON numbers, never negative.
//   - A setter replaces the property under the spelling the document
//     uses, declaring the term in the @context when it is new. It checks
//     its input and returns an error rather than write a value other
//     servers would refuse. An empty string, IRI or list removes the
//     property, unless the setter says otherwise.
//   - A setter of tags or attachments of one type (SetEmojis,
//     SetProfileFields) replaces the items of that type, where the first of
//     them was, and keeps the others in order.

// Sensitive reports whether o is marked sensitive (as:sensitive): its
// media are hidden by default and, when it has a summary, its content
// collapsed behind it as a content warning. ok is false when the property
// is missing or not a boolean (Pleroma sends null).
func Sensitive(o Object) (sensitive, ok bool) { return o.Get("sensitive").Bool() }

// SetSensitive sets as:sensitive.
func SetSensitive(o Object, sensitive bool) error { return o.Set("sensitive", sensitive) }

// ManuallyApprovesFollowers reports whether the actor o reviews follow
// requests (as:manuallyApprovesFollowers): a locked account, in
// Mastodon's words.
func ManuallyApprovesFollowers(o Object) (locked, ok bool) {
	return o.Get("manuallyApprovesFollowers").Bool()
}

// SetManuallyApprovesFollowers sets as:manuallyApprovesFollowers.
func SetManuallyApprovesFollowers(o Object, locked bool) error {
	return o.Set("manuallyApprovesFollowers", locked)
}

// Discoverable reports whether the actor o agrees to be listed in
// directories and other discovery features (toot:discoverable).
func Discoverable(o Object) (discoverable, ok bool) { return o.Get("discoverable").Bool() }

// SetDiscoverable sets toot:discoverable.
func SetDiscoverable(o Object, discoverable bool) error { return o.Set("discoverable", discoverable) }

// Indexable reports whether the actor o agrees to have its public posts
// indexed for full-text search (toot:indexable).
func Indexable(o Object) (indexable, ok bool) { return o.Get("indexable").Bool() }

// SetIndexable sets toot:indexable.
func SetIndexable(o Object, indexable bool) error { return o.Set("indexable", indexable) }

// Memorial reports whether the actor o is a memorial account
// (toot:memorial).
func Memorial(o Object) (memorial, ok bool) { return o.Get("memorial").Bool() }

// SetMemorial sets toot:memorial.
func SetMemorial(o Object, memorial bool) error { return o.Set("memorial", memorial) }

// Suspended reports whether the actor o is suspended by its own server
// (toot:suspended). Mastodon serves a suspended actor with its profile
// emptied.
func Suspended(o Object) (suspended, ok bool) { return o.Get("suspended").Bool() }

// SetSuspended sets toot:suspended.
func SetSuspended(o Object, suspended bool) error { return o.Set("suspended", suspended) }

// Featured returns the IRI of the collection of the actor's pinned posts
// (toot:featured).
func Featured(o Object) (vocab.IRI, bool) { return firstIRI(o.Get("featured")) }

// SetFeatured sets toot:featured; an empty iri removes it.
func SetFeatured(o Object, iri vocab.IRI) error { return setIRI(o, "SetFeatured", "featured", iri) }

// FeaturedTags returns the IRI of the collection of the hashtags the actor
// features on its profile (toot:featuredTags).
func FeaturedTags(o Object) (vocab.IRI, bool) { return firstIRI(o.Get("featuredTags")) }

// SetFeaturedTags sets toot:featuredTags; an empty iri removes it.
func SetFeaturedTags(o Object, iri vocab.IRI) error {
	return setIRI(o, "SetFeaturedTags", "featuredTags", iri)
}

// MovedTo returns the IRI of the actor that the account o moved to
// (as:movedTo).
func MovedTo(o Object) (vocab.IRI, bool) { return firstIRI(o.Get("movedTo")) }

// SetMovedTo sets as:movedTo; an empty iri removes it.
func SetMovedTo(o Object, iri vocab.IRI) error { return setIRI(o, "SetMovedTo", "movedTo", iri) }

// AlsoKnownAs returns the other actors that the account o says are its
// own (as:alsoKnownAs). A Move to an account is accepted only when that
// account lists the old one here.
func AlsoKnownAs(o Object) []vocab.IRI { return iriList(o.Get("alsoKnownAs")) }

// SetAlsoKnownAs sets as:alsoKnownAs; an empty list removes it.
func SetAlsoKnownAs(o Object, iris []vocab.IRI) error {
	return setIRIList(o, "SetAlsoKnownAs", "alsoKnownAs", iris)
}

// AttributionDomains returns the domains whose pages may credit the actor
// o as their author with a fediverse:creator meta tag
// (toot:attributionDomains).
func AttributionDomains(o Object) []string { return stringList(o.Get("attributionDomains")) }

// SetAttributionDomains sets toot:attributionDomains; an empty list
// removes it. A domain is a host name, without scheme, port or path.
func SetAttributionDomains(o Object, domains []string) error {
	const fn = "SetAttributionDomains"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if len(domains) == 0 {
		o.Delete("attributionDomains")
		return nil
	}
	for _, d := range domains {
		if d == "" || !utf8.ValidString(d) || strings.ContainsAny(d, "/:@?# \t\r\n") {
			return errorf(fn, "%s is not a domain name", quoteShort(d))
		}
	}
	return o.Set("attributionDomains", domains)
}

// Blurhash returns the BlurHash of the media attachment or image o
// (toot:blurhash): a short string from which a blurred preview is drawn
// before the image loads. ok is false unless the string is a well-formed
// BlurHash.
func Blurhash(o Object) (string, bool) {
	s, ok := o.Get("blurhash").String()
	if !ok || !validBlurhash(s) {
		return "", false
	}
	return s, true
}

// SetBlurhash sets toot:blurhash; an empty hash removes it. A string that
// is not a well-formed BlurHash is an error.
func SetBlurhash(o Object, hash string) error {
	const fn = "SetBlurhash"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if hash == "" {
		o.Delete("blurhash")
		return nil
	}
	if !validBlurhash(hash) {
		return errorf(fn, "%s is not a BlurHash", quoteShort(hash))
	}
	return o.Set("blurhash", hash)
}

// blurhashDigits are the digits of the base 83 encoding of BlurHash.
const blurhashDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

// validBlurhash checks the alphabet and that the length matches the
// number of components the first digit announces.
func validBlurhash(s string) bool {
	if len(s) < 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(blurhashDigits, s[i]) < 0 {
			return false
		}
	}
	size := strings.IndexByte(blurhashDigits, s[0])
	nx, ny := size%9+1, size/9+1
	return len(s) == 4+2*nx*ny
}

// FocalPoint is the point of an image that must stay in view when the
// image is cropped (toot:focalPoint). X runs from -1 (left edge) to 1
// (right edge), Y from -1 (bottom edge) to 1 (top edge); (0, 0) is the
// centre.
type FocalPoint struct {
	// X is the horizontal coordinate.
	X float64
	// Y is the vertical coordinate.
	Y float64
}

func (p FocalPoint) valid() bool {
	return p.X >= -1 && p.X <= 1 && p.Y >= -1 && p.Y <= 1 // false for NaN
}

// FocalPointOf returns the focal point of the image o. ok is false unless
// the property is a list of two numbers in [-1, 1].
func FocalPointOf(o Object) (FocalPoint, bool) {
	v := o.Get("focalPoint")
	items := v.Array()
	if len(items) != 2 {
		return FocalPoint{}, false
	}
	x, okx := items[0].Float()
	y, oky := items[1].Float()
	p := FocalPoint{X: x, Y: y}
	if !okx || !oky || !p.valid() {
		return FocalPoint{}, false
	}
	return p, true
}

// SetFocalPoint sets toot:focalPoint. Coordinates outside [-1, 1] are an
// error.
func SetFocalPoint(o Object, p FocalPoint) error {
	const fn = "SetFocalPoint"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if !p.valid() {
		return errorf(fn, "(%v, %v) is outside [-1, 1]", p.X, p.Y)
	}
	return o.Set("focalPoint", []any{p.X, p.Y})
}

// VotersCount returns how many actors voted in the poll (a Question) o
// (toot:votersCount). In a poll with several choices it is not the number
// of votes.
func VotersCount(o Object) (int64, bool) { return count(o.Get("votersCount")) }

// SetVotersCount sets toot:votersCount. A negative count is an error.
func SetVotersCount(o Object, n int64) error { return setCount(o, "SetVotersCount", "votersCount", n) }

// Quote returns the IRI of the post that the post o quotes. It reads, as
// Mastodon 4.5 does, the first of quote (FEP-044f), _misskey_quote
// (Misskey), quoteUrl and quoteUri (Fedibird) that holds an IRI, or an
// object with an id.
//
// A quote is only what its author claims: FEP-044f has the quoted author
// approve it with a QuoteAuthorization, which the quoteAuthorization
// property names and which must be checked before the quote is shown as
// approved.
func Quote(o Object) (vocab.IRI, bool) {
	for _, name := range [...]string{"quote", "_misskey_quote", "quoteUrl", "quoteUri"} {
		if iri, ok := firstIRI(o.Get(name)); ok {
			return iri, true
		}
	}
	return "", false
}

// SetQuote makes o a quote of the post iri. It sets quote, _misskey_quote
// and quoteUri, as Mastodon 4.5 does, so that servers that read only one
// of them find it, and replaces a quoteUrl already there. An empty iri
// removes all four.
func SetQuote(o Object, iri vocab.IRI) error {
	const fn = "SetQuote"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if iri == "" {
		for _, name := range [...]string{"quote", "_misskey_quote", "quoteUrl", "quoteUri"} {
			o.Delete(name)
		}
		return nil
	}
	if err := checkIRI(iri); err != nil {
		return errorf(fn, "%v", err)
	}
	names := []string{"quote", "_misskey_quote", "quoteUri"}
	if o.Has("quoteUrl") {
		names = append(names, "quoteUrl")
	}
	for _, name := range names {
		if err := o.Set(name, string(iri)); err != nil {
			return err
		}
	}
	return nil
}

// MisskeyContent returns the source text of the Misskey post o, in MFM
// (Misskey Flavored Markdown), from _misskey_content. The content
// property holds the HTML rendering that other servers show.
func MisskeyContent(o Object) (string, bool) { return o.Get("_misskey_content").String() }

// SetMisskeyContent sets _misskey_content; an empty text removes it.
func SetMisskeyContent(o Object, mfm string) error {
	return setString(o, "SetMisskeyContent", "_misskey_content", mfm)
}

// Emoji is a custom emoji: a tag of type Emoji (toot:Emoji) whose Name, a
// shortcode such as ":blobcat:", stands in the name, summary and content
// of the object for the image at IconURL.
type Emoji struct {
	// ID is the emoji's own IRI, if it has one.
	ID vocab.IRI
	// Name is the shortcode, colons included.
	Name string
	// IconURL is the URL of the image (icon.url).
	IconURL vocab.IRI
	// IconMediaType is the image's media type (icon.mediaType), if given.
	IconMediaType string
	// Updated is when the image last changed, if given; servers compare
	// it to know when to fetch the image again.
	Updated time.Time
}

// Emojis returns the custom emoji tags of o. Those without a name or an
// image URL are left out, as Mastodon leaves them out.
func Emojis(o Object) []Emoji {
	var out []Emoji
	for _, t := range o.Get("tag").Array() {
		tag, ok := t.Object()
		if !ok || !hasType(tag, NSMastodon+"Emoji") {
			continue
		}
		e := Emoji{ID: vocab.IRI(tag.ID())}
		e.Name, _ = tag.Get("name").String()
		if icon, ok := firstObject(tag.Get("icon")); ok {
			e.IconURL, _ = firstIRI(icon.Get("url"))
			e.IconMediaType, _ = icon.Get("mediaType").String()
		} else {
			// An icon given as a bare link.
			e.IconURL, _ = firstIRI(tag.Get("icon"))
		}
		if e.Name == "" || e.IconURL == "" {
			continue
		}
		if s, ok := tag.Get("updated").String(); ok {
			e.Updated, _ = time.Parse(time.RFC3339, s)
		}
		out = append(out, e)
	}
	return out
}

type imageJSON struct {
	Type      string `json:"type"`
	MediaType string `json:"mediaType,omitempty"`
	URL       string `json:"url"`
}

type emojiJSON struct {
	ID      string    `json:"id,omitempty"`
	Type    string    `json:"type"`
	Name    string    `json:"name"`
	Updated string    `json:"updated,omitempty"`
	Icon    imageJSON `json:"icon"`
}

// SetEmojis replaces the custom emoji tags of o with emojis, keeping its
// other tags. Each emoji needs a name and an image URL.
func SetEmojis(o Object, emojis []Emoji) error {
	const fn = "SetEmojis"
	if err := needObject(o, fn); err != nil {
		return err
	}
	items := make([]any, 0, len(emojis))
	for _, e := range emojis {
		if e.Name == "" {
			return errorf(fn, "an emoji without a name")
		}
		if err := checkText(e.Name, e.IconMediaType); err != nil {
			return errorf(fn, "%v", err)
		}
		if err := checkIRI(e.IconURL); err != nil {
			return errorf(fn, "emoji %s: icon: %v", quoteShort(e.Name), err)
		}
		if e.ID != "" {
			if err := checkIRI(e.ID); err != nil {
				return errorf(fn, "emoji %s: id: %v", quoteShort(e.Name), err)
			}
		}
		j := emojiJSON{ID: string(e.ID), Type: "Emoji", Name: e.Name,
			Icon: imageJSON{Type: "Image", MediaType: e.IconMediaType, URL: string(e.IconURL)}}
		if !e.Updated.IsZero() {
			j.Updated = e.Updated.UTC().Format(time.RFC3339Nano)
		}
		raw, err := rawJSON(j)
		if err != nil {
			return errorf(fn, "%v", err)
		}
		items = append(items, raw)
	}
	return replaceItems(o, "tag", NSMastodon+"Emoji", items, "Emoji")
}

// Hashtag is a tag of type Hashtag (as:Hashtag): a topic the object is
// about.
type Hashtag struct {
	// Name is the hashtag as written in the text, "#" included.
	Name string
	// Href is the URL of the tag's page on the author's server, if given.
	Href vocab.IRI
}

// Hashtags returns the Hashtag tags of o that have a name.
func Hashtags(o Object) []Hashtag {
	var out []Hashtag
	for _, t := range o.Get("tag").Array() {
		tag, ok := t.Object()
		if !ok || !hasType(tag, NSActivityStreams+"Hashtag") {
			continue
		}
		h := Hashtag{}
		h.Name, _ = tag.Get("name").String()
		h.Href, _ = firstIRI(tag.Get("href"))
		if h.Name != "" {
			out = append(out, h)
		}
	}
	return out
}

type tagJSON struct {
	Type string `json:"type"`
	Href string `json:"href,omitempty"`
	Name string `json:"name,omitempty"`
}

// SetHashtags replaces the Hashtag tags of o with tags, keeping its other
// tags. Each hashtag needs a name.
func SetHashtags(o Object, tags []Hashtag) error {
	const fn = "SetHashtags"
	if err := needObject(o, fn); err != nil {
		return err
	}
	items := make([]any, 0, len(tags))
	for _, h := range tags {
		if h.Name == "" {
			return errorf(fn, "a hashtag without a name")
		}
		if err := checkText(h.Name); err != nil {
			return errorf(fn, "%v", err)
		}
		if h.Href != "" {
			if err := checkIRI(h.Href); err != nil {
				return errorf(fn, "hashtag %s: %v", quoteShort(h.Name), err)
			}
		}
		raw, err := rawJSON(tagJSON{Type: "Hashtag", Href: string(h.Href), Name: h.Name})
		if err != nil {
			return errorf(fn, "%v", err)
		}
		items = append(items, raw)
	}
	return replaceItems(o, "tag", NSActivityStreams+"Hashtag", items, "Hashtag")
}

// Mention is a tag of type Mention: an actor the object mentions, and
// notifies.
type Mention struct {
	// Href is the IRI of the actor.
	Href vocab.IRI
	// Name is the mention as written in the text, such as
	// "@alice@social.example", if given.
	Name string
}

// Mentions returns the Mention tags of o that name an actor.
func Mentions(o Object) []Mention {
	var out []Mention
	for _, t := range o.Get("tag").Array() {
		tag, ok := t.Object()
		if !ok || !hasType(tag, NSActivityStreams+"Mention") {
			continue
		}
		m := Mention{}
		m.Href, _ = firstIRI(tag.Get("href"))
		m.Name, _ = tag.Get("name").String()
		if m.Href != "" {
			out = append(out, m)
		}
	}
	return out
}

// SetMentions replaces the Mention tags of o with mentions, keeping its
// other tags. It does not address the mentioned actors: see
// [AddMention] and [Address].
func SetMentions(o Object, mentions []Mention) error {
	const fn = "SetMentions"
	if err := needObject(o, fn); err != nil {
		return err
	}
	items := make([]any, 0, len(mentions))
	for _, m := range mentions {
		if err := checkIRI(m.Href); err != nil {
			return errorf(fn, "mention %s: %v", quoteShort(m.Name), err)
		}
		if err := checkText(m.Name); err != nil {
			return errorf(fn, "%v", err)
		}
		raw, err := rawJSON(tagJSON{Type: "Mention", Href: string(m.Href), Name: m.Name})
		if err != nil {
			return errorf(fn, "%v", err)
		}
		items = append(items, raw)
	}
	return replaceItems(o, "tag", NSActivityStreams+"Mention", items)
}

// PropertyValue is a name and a value (schema:PropertyValue). As an
// attachment of an actor it is a profile field, whose Value is HTML that
// may hold links; PeerTube also attaches them to its video file links.
type PropertyValue struct {
	// Name is the field's label (name).
	Name string
	// Value is the field's content (schema:value).
	Value string
}

// ProfileFields returns the profile fields of the actor o: its
// attachments of type PropertyValue with a string name and value. Value
// is HTML as the server sent it, which must be sanitized before it is
// shown.
func ProfileFields(o Object) []PropertyValue { return propertyValues(o.Get("attachment")) }

func propertyValues(v Value) []PropertyValue {
	var out []PropertyValue
	for _, a := range v.Array() {
		att, ok := a.Object()
		if !ok || !hasType(att, NSSchema+"PropertyValue") {
			continue
		}
		name, okn := att.Get("name").String()
		value, okv := att.Get("value").String()
		if okn && okv {
			out = append(out, PropertyValue{Name: name, Value: value})
		}
	}
	return out
}

type propertyValueJSON struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

func propertyValueItems(fields []PropertyValue) ([]any, error) {
	items := make([]any, 0, len(fields))
	for _, f := range fields {
		if err := checkText(f.Name, f.Value); err != nil {
			return nil, err
		}
		raw, err := rawJSON(propertyValueJSON{Type: "PropertyValue", Name: f.Name, Value: f.Value})
		if err != nil {
			return nil, err
		}
		items = append(items, raw)
	}
	return items, nil
}

// SetProfileFields replaces the profile fields of the actor o with
// fields, keeping its other attachments.
func SetProfileFields(o Object, fields []PropertyValue) error {
	const fn = "SetProfileFields"
	if err := needObject(o, fn); err != nil {
		return err
	}
	items, err := propertyValueItems(fields)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	return replaceItems(o, "attachment", NSSchema+"PropertyValue", items, "PropertyValue", "value")
}

// InteractionPolicy says who may interact with a post, and how: the
// interactionPolicy property of GoToSocial, which Mastodon 4.5 also uses
// for quotes (FEP-044f). A nil rule is a sub-policy the post does not
// state. For likes, replies and announces GoToSocial then lets anyone who
// sees the post do it; for quotes Mastodon lets nobody but the author. A
// server that states a sub-policy says that it enforces it.
//
// The policy is advisory: a server enforces it by the approvals it gives
// (GoToSocial's approvedBy, FEP-044f's QuoteAuthorization), not by this
// property.
type InteractionPolicy struct {
	// CanLike is who may Like the post.
	CanLike *InteractionRule
	// CanReply is who may reply to the post.
	CanReply *InteractionRule
	// CanAnnounce is who may Announce (boost) the post.
	CanAnnounce *InteractionRule
	// CanQuote is who may quote the post (FEP-044f).
	CanQuote *InteractionRule
}

// InteractionRule is a sub-policy of an [InteractionPolicy]: the actors,
// or collections of actors (the public collection, the author's followers
// or following), whose interactions are approved automatically, and those
// whose interactions the author reviews. Anybody else's are refused. To
// allow nobody but the author, list only the author in AutomaticApproval:
// a rule that lists nobody is read as not stated.
type InteractionRule struct {
	// AutomaticApproval is gts:automaticApproval (formerly gts:always).
	AutomaticApproval []vocab.IRI
	// ManualApproval is gts:manualApproval (formerly gts:approvalRequired).
	ManualApproval []vocab.IRI
}

// InteractionPolicyOf returns the interaction policy of the post o. ok is
// false when o has none, or when it is not an object.
//
// Each sub-policy is read as GoToSocial reads it: from automaticApproval
// and manualApproval when either lists an IRI, from the deprecated always
// and approvalRequired otherwise (GoToSocial before v0.20 sends only
// those). A sub-policy that lists nobody, or is null or {}, is nil, as
// GoToSocial takes it as not stated. The IRIs are given as written: the
// public collection may be spelled "as:Public" (see [IsPublic]).
func InteractionPolicyOf(o Object) (InteractionPolicy, bool) {
	p, ok := firstObject(o.Get("interactionPolicy"))
	if !ok {
		return InteractionPolicy{}, false
	}
	return InteractionPolicy{
		CanLike:     ruleOf(p.Get("canLike")),
		CanReply:    ruleOf(p.Get("canReply")),
		CanAnnounce: ruleOf(p.Get("canAnnounce")),
		CanQuote:    ruleOf(p.Get("canQuote")),
	}, true
}

func ruleOf(v Value) *InteractionRule {
	r, ok := firstObject(v)
	if !ok {
		return nil
	}
	auto, manual := iriList(r.Get("automaticApproval")), iriList(r.Get("manualApproval"))
	if len(auto) == 0 && len(manual) == 0 {
		auto, manual = iriList(r.Get("always")), iriList(r.Get("approvalRequired"))
	}
	if len(auto) == 0 && len(manual) == 0 {
		return nil
	}
	return &InteractionRule{AutomaticApproval: auto, ManualApproval: manual}
}

type ruleJSON struct {
	AutomaticApproval []string  `json:"automaticApproval"`
	ManualApproval    []string  `json:"manualApproval"`
	Always            *[]string `json:"always,omitempty"`
	ApprovalRequired  *[]string `json:"approvalRequired,omitempty"`
}

type policyJSON struct {
	CanLike     *ruleJSON `json:"canLike,omitempty"`
	CanReply    *ruleJSON `json:"canReply,omitempty"`
	CanAnnounce *ruleJSON `json:"canAnnounce,omitempty"`
	CanQuote    *ruleJSON `json:"canQuote,omitempty"`
}

// SetInteractionPolicy sets the interaction policy of the post o. Each
// sub-policy that is not nil is written with automaticApproval and
// manualApproval, one of which may be empty; canLike, canReply and
// canAnnounce are also written with the deprecated always and
// approvalRequired, as GoToSocial v0.20 writes them, for older
// GoToSocial servers. A rule that lists nobody is an error: it would read
// as not stated.
func SetInteractionPolicy(o Object, p InteractionPolicy) error {
	const fn = "SetInteractionPolicy"
	if err := needObject(o, fn); err != nil {
		return err
	}
	var (
		j     policyJSON
		err   error
		terms []string
	)
	rule := func(r *InteractionRule, name string, legacy bool) *ruleJSON {
		if r == nil || err != nil {
			return nil
		}
		terms = append(terms, name, "automaticApproval", "manualApproval")
		auto, e1 := iriStrings(r.AutomaticApproval)
		manual, e2 := iriStrings(r.ManualApproval)
		if err = errors.Join(e1, e2); err == nil && len(auto)+len(manual) == 0 {
			err = errors.New("a rule that lists nobody; list the author to allow nobody else")
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", name, err)
			return nil
		}
		rj := &ruleJSON{AutomaticApproval: auto, ManualApproval: manual}
		if legacy {
			rj.Always, rj.ApprovalRequired = &auto, &manual
			terms = append(terms, "always", "approvalRequired")
		}
		return rj
	}
	j.CanLike = rule(p.CanLike, "canLike", true)
	j.CanReply = rule(p.CanReply, "canReply", true)
	j.CanAnnounce = rule(p.CanAnnounce, "canAnnounce", true)
	j.CanQuote = rule(p.CanQuote, "canQuote", false)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	raw, err := rawJSON(j)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	if err := o.Set("interactionPolicy", raw); err != nil {
		return err
	}
	return declare(o, terms...)
}

// PublicKey is a key of an actor in the security vocabulary (sec:publicKey),
// with which it signs HTTP requests (see package httpsig).
type PublicKey struct {
	// ID is the key's IRI: the keyId of the signatures it verifies,
	// commonly the actor's IRI with "#main-key".
	ID vocab.IRI
	// Owner is the actor the key belongs to. A key must be used for no
	// other actor.
	Owner vocab.IRI
	// PEM is the key, PEM-encoded (sec:publicKeyPem).
	PEM string
}

// NewPublicKey returns the PublicKey of pub, PEM-encoded.
func NewPublicKey(id, owner vocab.IRI, pub crypto.PublicKey) (PublicKey, error) {
	pem, err := httpsig.MarshalPublicKeyPEM(pub)
	if err != nil {
		return PublicKey{}, fmt.Errorf("activitypub: NewPublicKey: %w", err)
	}
	return PublicKey{ID: id, Owner: owner, PEM: string(pem)}, nil
}

// Parse decodes the key with [httpsig.ParsePublicKeyPEM].
func (k PublicKey) Parse() (crypto.PublicKey, error) {
	return httpsig.ParsePublicKeyPEM([]byte(k.PEM))
}

// PublicKeys returns the keys of the actor o: the publicKey property, an
// object or a list of them. Keys given only by their IRI, or without an
// id or a PEM string, are left out.
//
// A verifier must still check that the key it uses has the signature's
// keyId as its ID and the actor as its Owner.
func PublicKeys(o Object) []PublicKey {
	var out []PublicKey
	for _, v := range o.Get("publicKey").Array() {
		k, ok := v.Object()
		if !ok {
			continue
		}
		pem, okp := k.Get("publicKeyPem").String()
		id := k.ID()
		if !okp || id == "" {
			continue
		}
		owner, _ := firstIRI(k.Get("owner"))
		out = append(out, PublicKey{ID: vocab.IRI(id), Owner: owner, PEM: pem})
	}
	return out
}

type publicKeyJSON struct {
	ID           string `json:"id"`
	Owner        string `json:"owner"`
	PublicKeyPem string `json:"publicKeyPem"`
}

// SetPublicKeys sets the keys of the actor o: one key is written as an
// object, as every server does, several as a list. An empty list removes
// the property. Each key needs an id, an owner and a PEM that parses.
func SetPublicKeys(o Object, keys []PublicKey) error {
	const fn = "SetPublicKeys"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if len(keys) == 0 {
		o.Delete("publicKey")
		return nil
	}
	items := make([]any, 0, len(keys))
	for _, k := range keys {
		if err := errors.Join(checkIRI(k.ID), checkIRI(k.Owner)); err != nil {
			return errorf(fn, "key %s: %v", quoteShort(string(k.ID)), err)
		}
		if _, err := k.Parse(); err != nil {
			return errorf(fn, "key %s: %v", quoteShort(string(k.ID)), err)
		}
		raw, err := rawJSON(publicKeyJSON{ID: string(k.ID), Owner: string(k.Owner), PublicKeyPem: k.PEM})
		if err != nil {
			return errorf(fn, "%v", err)
		}
		items = append(items, raw)
	}
	var err error
	if len(items) == 1 {
		err = o.Set("publicKey", items[0])
	} else {
		err = o.Set("publicKey", items)
	}
	if err != nil {
		return err
	}
	return declare(o, "owner", "publicKeyPem")
}

// Multikey is a verification method of type Multikey, as FEP-521a lists
// them in an actor's assertionMethod: a key with which the actor signs
// objects (FEP-8b32 integrity proofs).
type Multikey struct {
	// ID is the key's IRI, which proofs name as their verificationMethod.
	ID vocab.IRI
	// Controller is the actor the key belongs to.
	Controller vocab.IRI
	// PublicKeyMultibase is the key in Multikey encoding, such as
	// "z6Mk…" for an Ed25519 key.
	PublicKeyMultibase string
}

// NewMultikey returns the Multikey of pub.
func NewMultikey(id, controller vocab.IRI, pub crypto.PublicKey) (Multikey, error) {
	mb, err := httpsig.MarshalMultikey(pub)
	if err != nil {
		return Multikey{}, fmt.Errorf("activitypub: NewMultikey: %w", err)
	}
	return Multikey{ID: id, Controller: controller, PublicKeyMultibase: mb}, nil
}

// Parse decodes the key with [httpsig.ParseMultikey].
func (k Multikey) Parse() (crypto.PublicKey, error) {
	return httpsig.ParseMultikey(k.PublicKeyMultibase)
}

// AssertionMethods returns the Multikey keys in the assertionMethod of
// the actor o. Methods given only by their IRI, of another type, or
// without an id or a publicKeyMultibase string, are left out.
func AssertionMethods(o Object) []Multikey {
	var out []Multikey
	for _, v := range o.Get("assertionMethod").Array() {
		k, ok := v.Object()
		if !ok || !hasType(k, NSSecurity+"Multikey") {
			continue
		}
		mb, okm := k.Get("publicKeyMultibase").String()
		id := k.ID()
		if !okm || id == "" {
			continue
		}
		ctl, _ := firstIRI(k.Get("controller"))
		out = append(out, Multikey{ID: vocab.IRI(id), Controller: ctl, PublicKeyMultibase: mb})
	}
	return out
}

type multikeyJSON struct {
	ID                 string `json:"id"`
	Type               string `json:"type"`
	Controller         string `json:"controller"`
	PublicKeyMultibase string `json:"publicKeyMultibase"`
}

// SetAssertionMethods sets the assertionMethod of the actor o to keys, as
// a list; an empty list removes it. Each key needs an id, a controller and
// a key that parses.
func SetAssertionMethods(o Object, keys []Multikey) error {
	const fn = "SetAssertionMethods"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if len(keys) == 0 {
		o.Delete("assertionMethod")
		return nil
	}
	items := make([]any, 0, len(keys))
	for _, k := range keys {
		if err := errors.Join(checkIRI(k.ID), checkIRI(k.Controller)); err != nil {
			return errorf(fn, "key %s: %v", quoteShort(string(k.ID)), err)
		}
		if _, err := k.Parse(); err != nil {
			return errorf(fn, "key %s: %v", quoteShort(string(k.ID)), err)
		}
		raw, err := rawJSON(multikeyJSON{ID: string(k.ID), Type: "Multikey",
			Controller: string(k.Controller), PublicKeyMultibase: k.PublicKeyMultibase})
		if err != nil {
			return errorf(fn, "%v", err)
		}
		items = append(items, raw)
	}
	if err := o.Set("assertionMethod", items); err != nil {
		return err
	}
	return declare(o, "Multikey", "controller", "publicKeyMultibase")
}

// Helpers shared with peertube.go.

func errorf(fn, format string, args ...any) error {
	return fmt.Errorf("activitypub: "+fn+": "+format, args...)
}

func needObject(o Object, fn string) error {
	if !o.Valid() {
		return errorf(fn, "not an object")
	}
	return nil
}

// declare declares terms that a setter wrote inside the values it set,
// where Object.Set does not see them: type names and nested properties.
func declare(o Object, names ...string) error {
	for _, n := range names {
		if err := o.d.declare(n); err != nil {
			return err
		}
	}
	return nil
}

// quoteShort quotes s for an error message, cut to a readable length.
func quoteShort(s string) string {
	const max = 64
	if len(s) <= max {
		return strconv.Quote(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}

func checkText(texts ...string) error {
	for _, s := range texts {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%s is not valid UTF-8", quoteShort(s))
		}
	}
	return nil
}

// checkIRI accepts an absolute IRI: one with a scheme, such as https:,
// magnet: or the as: of "as:Public".
func checkIRI(iri vocab.IRI) error {
	s := string(iri)
	if s == "" {
		return errors.New("empty IRI")
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", quoteShort(s))
	}
	if u, err := url.Parse(s); err != nil || u.Scheme == "" {
		return fmt.Errorf("%s is not an absolute IRI", quoteShort(s))
	}
	return nil
}

func iriStrings(iris []vocab.IRI) ([]string, error) {
	out := make([]string, len(iris))
	for i, iri := range iris {
		if err := checkIRI(iri); err != nil {
			return nil, err
		}
		out[i] = string(iri)
	}
	return out, nil
}

func rawJSON(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	return json.RawMessage(b), err
}

// firstIRI returns the IRI of a value, or of the first item of a list.
func firstIRI(v Value) (vocab.IRI, bool) {
	items := v.Array()
	if len(items) == 0 {
		return "", false
	}
	s, ok := items[0].IRI()
	if !ok || s == "" {
		return "", false
	}
	return vocab.IRI(s), true
}

// iriList returns the IRIs of a value or list, skipping items that are
// neither IRIs nor objects with one.
func iriList(v Value) []vocab.IRI {
	var out []vocab.IRI
	for _, it := range v.Array() {
		if s, ok := it.IRI(); ok && s != "" {
			out = append(out, vocab.IRI(s))
		}
	}
	return out
}

func stringList(v Value) []string {
	var out []string
	for _, it := range v.Array() {
		if s, ok := it.String(); ok {
			out = append(out, s)
		}
	}
	return out
}

// firstObject returns a value that is an object, or the first object of a
// list.
func firstObject(v Value) (Object, bool) {
	for _, it := range v.Array() {
		if o, ok := it.Object(); ok {
			return o, true
		}
	}
	return Object{}, false
}

// hasType reports whether one of the types of o is iri, in any spelling
// the document's context allows.
func hasType(o Object, iri string) bool {
	for _, t := range o.Types() {
		if o.d.ctx.Expand(t) == iri {
			return true
		}
	}
	return false
}

// count reads a count: a JSON number that is a whole number, not
// negative. Unlike [Value.Int], a number written as a string is refused.
func count(v Value) (int64, bool) {
	n, ok := integer(v)
	if !ok || n < 0 {
		return 0, false
	}
	return n, true
}

// integer reads a JSON number that is a whole number.
func integer(v Value) (int64, bool) {
	if _, ok := v.Float(); !ok {
		return 0, false
	}
	return v.Int()
}

func setCount(o Object, fn, name string, n int64) error {
	if err := needObject(o, fn); err != nil {
		return err
	}
	if n < 0 {
		return errorf(fn, "negative count %d", n)
	}
	return o.Set(name, n)
}

func setString(o Object, fn, name, s string) error {
	if err := needObject(o, fn); err != nil {
		return err
	}
	if s == "" {
		o.Delete(name)
		return nil
	}
	return o.Set(name, s)
}

func setIRI(o Object, fn, name string, iri vocab.IRI) error {
	if err := needObject(o, fn); err != nil {
		return err
	}
	if iri == "" {
		o.Delete(name)
		return nil
	}
	if err := checkIRI(iri); err != nil {
		return errorf(fn, "%v", err)
	}
	return o.Set(name, string(iri))
}

func setIRIList(o Object, fn, name string, iris []vocab.IRI) error {
	if err := needObject(o, fn); err != nil {
		return err
	}
	if len(iris) == 0 {
		o.Delete(name)
		return nil
	}
	list, err := iriStrings(iris)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	return o.Set(name, list)
}

// replaceItems replaces the items of type typ of the list property name
// with items, where the first of them was (at the end when there was
// none), and declares the terms the new items use. A property that was
// missing stays missing when there is nothing to add.
func replaceItems(o Object, name, typ string, items []any, terms ...string) error {
	old := o.Get(name)
	if !old.Exists() && len(items) == 0 {
		return nil
	}
	out := make([]any, 0, len(items)+len(old.Array()))
	inserted := false
	for _, v := range old.Array() {
		if it, ok := v.Object(); ok && hasType(it, typ) {
			if !inserted {
				out = append(out, items...)
				inserted = true
			}
			continue
		}
		out = append(out, v)
	}
	if !inserted {
		out = append(out, items...)
	}
	if err := o.Set(name, out); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	return declare(o, terms...)
}
