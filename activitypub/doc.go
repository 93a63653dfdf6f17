// Package activitypub reads and writes ActivityStreams 2.0 documents the
// way fediverse servers send them, losing nothing, and gives go-ap's typed
// view of them.
//
// go-ap/activitypub (imported as vocab) models the ActivityStreams core:
// [vocab.Object], [vocab.Activity], [vocab.Actor], [vocab.IRI] and the rest.
// On its own it drops what it does not model: the @context, Mastodon's
// sensitive, blurhash and focalPoint, Hashtag and Emoji tags, PeerTube's
// video properties, GoToSocial's interaction policies. A relay, a bridge
// or a moderation tool built on it alone corrupts what it forwards. This
// package keeps go-ap's nouns and adds what they lack.
//
// # Documents
//
// [Decode] reads a document into a [Document], which keeps the JSON as it
// came (every property, the @context) and encodes back to the same JSON
// tree. [Document.Item] is go-ap's view; [Document.Root] reads and writes
// any property, extensions included:
//
//	doc, err := activitypub.Decode(body, nil)
//	note := doc.Root()
//	sensitive, _ := note.Get("sensitive").Bool()
//	for _, tag := range note.Get("tag").Array() { … }
//
// A property is found whatever spelling the document uses: a bare term
// ("blurhash"), a compact IRI ("toot:blurhash") or the full IRI, as the
// document's @context defines them. Contexts named by URL are never
// fetched: the terms of the well-known ones (ActivityStreams, the security
// vocabularies, GoToSocial's) and of Mastodon, PeerTube, Misskey and
// Fedibird extensions are built in. Setting a known extension term declares
// it in the document's @context, as Mastodon does, so that other servers
// read it.
//
// Decoding is bounded ([DecodeOptions]: size, depth, array length) and
// fails with a [*DecodeError] naming the JSON path of the offending value;
// values of the wrong type are kept as they are, never a panic.
package activitypub
