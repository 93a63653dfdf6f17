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
//
// # Extensions
//
// Typed accessors read and write the extensions people use, on any
// [Object]: Mastodon's [Sensitive], [Emojis], [Hashtags], [Mentions],
// [Blurhash], [FocalPointOf], [ProfileFields], [Featured], [Discoverable]
// and the other account flags, [Quote] (with Misskey's and Fedibird's
// spellings), GoToSocial's [InteractionPolicyOf], the security
// vocabulary's [PublicKeys] and FEP-521a's [AssertionMethods], Misskey's
// [MisskeyContent], and PeerTube's videos ([UUID], [Views], [Duration],
// [State], [VideoURLs], [SubtitleLanguages] and more). Getters report
// whether the value was there and of the right type.
//
// # Building
//
// [Note], [Article] and [Question] build posts the way Mastodon writes
// them (content warning, language, mentions, hashtags, emoji, attachments
// with alt text), and [NewCreate], [NewUpdate], [NewDelete], [NewFollow],
// [NewAccept], [NewReject], [NewUndo], [NewLike], [Announce], [NewBlock],
// [NewFlag] and [NewMove] wrap them in activities. [New] starts any other
// document.
//
// # Addressing
//
// [Object.Visibility] classifies a post as Mastodon does (public,
// unlisted, followers-only, direct, limited), reading the three spellings
// of the public collection; [Object.Address] and [Object.AddMention] write
// to, cc and Mention tags; [Object.Recipients] lists whom to deliver to.
// The same functions exist for go-ap items ([VisibilityOf], [Address],
// [AddMention], [Recipients]), but go-ap's decoder loses some addressing
// (a compact "as:Public" inside an array, a tag given as one object), so
// prefer the document's.
//
// # Federation
//
// [GenerateRSAKey] and [GenerateEd25519Key] make actor keys and
// [PublishKeys] puts them on the actor document. A [Fetcher] GETs remote
// objects signed as one of them (authorized fetch), through a transport
// that refuses non-public addresses, and refuses what is not
// ActivityStreams or whose id is not on the origin it came from. A
// [KeyResolver] gives the httpsig verifier the keys of remote actors,
// cached, with the origin checks that stop one server from speaking for
// another. A [Deliverer] sends activities to inboxes through a [Queue]:
// shared inboxes, per-host limits, retries with backoff, Retry-After, a
// circuit breaker, and a report of inboxes that are gone. The in-memory
// queue loses what it holds when the process ends; the nested module
// github.com/fedikit/fedikit/activitypub/pgstore keeps the queue, and the
// seen, key and follower stores, in PostgreSQL, for servers that must not
// lose deliveries or that run on several machines. Its workers call
// [Deliverer.Attempt], and [Deliverer.Jobs] lets a server queue the
// deliveries of a post in the transaction that stores it. An [Inbox]
// receives them: it verifies the signature, requires the signing key's
// owner to be the actor, drops repeated deliveries, takes embedded objects
// of other origins from their own, and hands each activity to the handler
// registered for its type. Activities may also carry an FEP-8b32
// integrity proof: [SignObject] adds one (eddsa-jcs-2022, with an
// Ed25519 key), [VerifyProof] checks it, and an Inbox with
// [InboxOptions].Proofs accepts a forwarded activity on its proof.
// examples/quickstart puts all of it together.
//
// # Serving
//
// An [ObjectHandler] serves actors and objects from the caller's data, with
// content negotiation ([WantsActivityStreams]): ActivityPub clients get
// the document, browsers are redirected to its web page; deleted objects
// answer 410 with a [NewTombstone]. A [CollectionHandler] serves an
// outbox, followers, following or featured collection as an
// OrderedCollection in pages, and [Fetcher.Items] walks a remote one page
// by page, within limits, refusing pages from another origin.
package activitypub
