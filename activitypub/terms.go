package activitypub

import "strings"

// Namespaces of the vocabularies this package knows.
const (
	NSActivityStreams = "https://www.w3.org/ns/activitystreams#"
	NSSecurity        = "https://w3id.org/security#"
	NSMastodon        = "http://joinmastodon.org/ns#"
	NSSchema          = "http://schema.org/"
	NSPeerTube        = "https://joinpeertube.org/ns#"
	NSMisskey         = "https://misskey-hub.net/ns#"
	NSFedibird        = "http://fedibird.com/ns#"
	NSGoToSocial      = "https://gotosocial.org/ns#"
	NSOStatus         = "http://ostatus.org#"
	NSLitePub         = "http://litepub.social/ns#"
	NSFEP044f         = "https://w3id.org/fep/044f#"
)

// Context documents that are named by URL and that this package knows by
// heart: it never fetches a context.
const (
	ContextActivityStreams = "https://www.w3.org/ns/activitystreams"
	ContextSecurityV1      = "https://w3id.org/security/v1"
	ContextMultikeyV1      = "https://w3id.org/security/multikey/v1"
	ContextDataIntegrityV1 = "https://w3id.org/security/data-integrity/v1"
	ContextGoToSocial      = "https://gotosocial.org/ns"
)

// term is a property or type name this package knows: its full IRI, the
// context that declares it, and how to declare it inline when that context
// is not used.
type term struct {
	iri string
	// context is the context URL whose use declares the term ("" when it
	// must be declared inline).
	context string
	// prefix and prefixIRI name the prefix the inline definition uses.
	prefix, prefixIRI string
	// def is the inline definition, as JSON: a compact IRI string or an
	// expanded term definition.
	def string
}

// asTerms are the ActivityStreams terms used as bare names.
var asTerms = strings.Fields(`
	Accept Activity Add Announce Application Arrive Article Audio Block Collection CollectionPage
	Create Delete Dislike Document Event Flag Follow Group Ignore Image IntransitiveActivity Invite
	Join Leave Like Link Listen Mention Move Note Object Offer OrderedCollection OrderedCollectionPage
	Organization Page Person Place Profile Question Read Reject Relationship Remove Service
	TentativeAccept TentativeReject Tombstone Travel Undo Update Video View
	accuracy actor altitude anyOf attachment attributedTo audience bcc bto cc closed content
	contentMap context current deleted describes duration endTime first formerType generator height
	href hreflang icon id image inReplyTo instrument items last latitude location longitude
	mediaType name nameMap next object oneOf orderedItems origin partOf prev preview published
	radius rel relationship replies result startIndex startTime subject summary summaryMap tag
	target to totalItems type units updated url width
	inbox outbox following followers liked likes shares streams preferredUsername endpoints
	proxyUrl oauthAuthorizationEndpoint oauthTokenEndpoint provideClientKey signClientKey
	sharedInbox source mediaType
`)

// extTerms are the extension terms this package knows, by bare name.
var extTerms = map[string]term{
	// ActivityStreams extensions declared by Mastodon and others.
	"sensitive":                 {iri: NSActivityStreams + "sensitive", prefix: "as", prefixIRI: NSActivityStreams, def: `"as:sensitive"`},
	"Hashtag":                   {iri: NSActivityStreams + "Hashtag", prefix: "as", prefixIRI: NSActivityStreams, def: `"as:Hashtag"`},
	"manuallyApprovesFollowers": {iri: NSActivityStreams + "manuallyApprovesFollowers", prefix: "as", prefixIRI: NSActivityStreams, def: `"as:manuallyApprovesFollowers"`},
	"movedTo":                   {iri: NSActivityStreams + "movedTo", prefix: "as", prefixIRI: NSActivityStreams, def: `{"@id":"as:movedTo","@type":"@id"}`},
	"alsoKnownAs":               {iri: NSActivityStreams + "alsoKnownAs", prefix: "as", prefixIRI: NSActivityStreams, def: `{"@id":"as:alsoKnownAs","@type":"@id"}`},
	"quoteUrl":                  {iri: NSActivityStreams + "quoteUrl", prefix: "as", prefixIRI: NSActivityStreams, def: `"as:quoteUrl"`},

	// Mastodon (toot:).
	"Emoji":              {iri: NSMastodon + "Emoji", prefix: "toot", prefixIRI: NSMastodon, def: `"toot:Emoji"`},
	"blurhash":           {iri: NSMastodon + "blurhash", prefix: "toot", prefixIRI: NSMastodon, def: `"toot:blurhash"`},
	"focalPoint":         {iri: NSMastodon + "focalPoint", prefix: "toot", prefixIRI: NSMastodon, def: `{"@container":"@list","@id":"toot:focalPoint"}`},
	"featured":           {iri: NSMastodon + "featured", prefix: "toot", prefixIRI: NSMastodon, def: `{"@id":"toot:featured","@type":"@id"}`},
	"featuredTags":       {iri: NSMastodon + "featuredTags", prefix: "toot", prefixIRI: NSMastodon, def: `{"@id":"toot:featuredTags","@type":"@id"}`},
	"discoverable":       {iri: NSMastodon + "discoverable", prefix: "toot", prefixIRI: NSMastodon, def: `"toot:discoverable"`},
	"indexable":          {iri: NSMastodon + "indexable", prefix: "toot", prefixIRI: NSMastodon, def: `"toot:indexable"`},
	"memorial":           {iri: NSMastodon + "memorial", prefix: "toot", prefixIRI: NSMastodon, def: `"toot:memorial"`},
	"suspended":          {iri: NSMastodon + "suspended", prefix: "toot", prefixIRI: NSMastodon, def: `"toot:suspended"`},
	"votersCount":        {iri: NSMastodon + "votersCount", prefix: "toot", prefixIRI: NSMastodon, def: `"toot:votersCount"`},
	"attributionDomains": {iri: NSMastodon + "attributionDomains", prefix: "toot", prefixIRI: NSMastodon, def: `{"@id":"toot:attributionDomains","@type":"@id"}`},

	// schema.org profile fields.
	"PropertyValue": {iri: NSSchema + "PropertyValue", prefix: "schema", prefixIRI: "http://schema.org#", def: `"schema:PropertyValue"`},
	"value":         {iri: NSSchema + "value", prefix: "schema", prefixIRI: "http://schema.org#", def: `"schema:value"`},

	// Security vocabulary (declared by the security/v1 context).
	"publicKey":    {iri: NSSecurity + "publicKey", context: ContextSecurityV1},
	"publicKeyPem": {iri: NSSecurity + "publicKeyPem", context: ContextSecurityV1},
	"owner":        {iri: NSSecurity + "owner", context: ContextSecurityV1},

	// FEP-521a / Controlled Identifiers (declared by multikey/v1).
	"assertionMethod":    {iri: NSSecurity + "assertionMethod", context: ContextMultikeyV1},
	"Multikey":           {iri: NSSecurity + "Multikey", context: ContextMultikeyV1},
	"controller":         {iri: NSSecurity + "controller", context: ContextMultikeyV1},
	"publicKeyMultibase": {iri: NSSecurity + "publicKeyMultibase", context: ContextMultikeyV1},

	// Quotes: FEP-044f (Mastodon 4.5), Fedibird, Misskey.
	"quote":            {iri: NSFEP044f + "quote", prefix: "", def: `{"@id":"https://w3id.org/fep/044f#quote","@type":"@id"}`},
	"quoteUri":         {iri: NSFedibird + "quoteUri", prefix: "fedibird", prefixIRI: NSFedibird, def: `"fedibird:quoteUri"`},
	"_misskey_quote":   {iri: NSMisskey + "_misskey_quote", prefix: "misskey", prefixIRI: NSMisskey, def: `"misskey:_misskey_quote"`},
	"_misskey_content": {iri: NSMisskey + "_misskey_content", prefix: "misskey", prefixIRI: NSMisskey, def: `"misskey:_misskey_content"`},

	// GoToSocial interaction policies (declared by gotosocial.org/ns).
	"interactionPolicy": {iri: NSGoToSocial + "interactionPolicy", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:interactionPolicy","@type":"@id"}`},
	"canLike":           {iri: NSGoToSocial + "canLike", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:canLike","@type":"@id"}`},
	"canReply":          {iri: NSGoToSocial + "canReply", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:canReply","@type":"@id"}`},
	"canAnnounce":       {iri: NSGoToSocial + "canAnnounce", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:canAnnounce","@type":"@id"}`},
	"canQuote":          {iri: NSGoToSocial + "canQuote", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:canQuote","@type":"@id"}`},
	"automaticApproval": {iri: NSGoToSocial + "automaticApproval", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:automaticApproval","@type":"@id"}`},
	"manualApproval":    {iri: NSGoToSocial + "manualApproval", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:manualApproval","@type":"@id"}`},
	"always":            {iri: NSGoToSocial + "always", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:always","@type":"@id"}`},
	"approvalRequired":  {iri: NSGoToSocial + "approvalRequired", context: ContextGoToSocial, prefix: "gts", prefixIRI: NSGoToSocial, def: `{"@id":"gts:approvalRequired","@type":"@id"}`},

	// PeerTube.
	"uuid":             {iri: NSPeerTube + "uuid", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:identifier","@id":"pt:uuid"}`},
	"views":            {iri: NSPeerTube + "views", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Number","@id":"pt:views"}`},
	"state":            {iri: NSPeerTube + "state", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Number","@id":"pt:state"}`},
	"commentsEnabled":  {iri: NSPeerTube + "commentsEnabled", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Boolean","@id":"pt:commentsEnabled"}`},
	"downloadEnabled":  {iri: NSPeerTube + "downloadEnabled", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Boolean","@id":"pt:downloadEnabled"}`},
	"waitTranscoding":  {iri: NSPeerTube + "waitTranscoding", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Boolean","@id":"pt:waitTranscoding"}`},
	"support":          {iri: NSPeerTube + "support", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Text","@id":"pt:support"}`},
	"fps":              {iri: NSPeerTube + "fps", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Number","@id":"pt:fps"}`},
	"size":             {iri: NSPeerTube + "size", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@type":"sc:Number","@id":"pt:size"}`},
	"category":         {iri: NSSchema + "category", prefix: "sc", prefixIRI: NSSchema, def: `"sc:category"`},
	"licence":          {iri: NSSchema + "license", prefix: "sc", prefixIRI: NSSchema, def: `"sc:license"`},
	"language":         {iri: NSSchema + "inLanguage", prefix: "sc", prefixIRI: NSSchema, def: `"sc:inLanguage"`},
	"identifier":       {iri: NSSchema + "identifier", prefix: "sc", prefixIRI: NSSchema, def: `"sc:identifier"`},
	"subtitleLanguage": {iri: NSSchema + "subtitleLanguage", prefix: "sc", prefixIRI: NSSchema, def: `"sc:subtitleLanguage"`},
	"isLiveBroadcast":  {iri: NSSchema + "isLiveBroadcast", prefix: "sc", prefixIRI: NSSchema, def: `"sc:isLiveBroadcast"`},

	// PeerTube channels, playlists, HLS playlists and captions.
	"playlists":              {iri: NSPeerTube + "playlists", prefix: "pt", prefixIRI: NSPeerTube, def: `{"@id":"pt:playlists","@type":"@id"}`},
	"Playlist":               {iri: NSPeerTube + "Playlist", prefix: "pt", prefixIRI: NSPeerTube, def: `"pt:Playlist"`},
	"Infohash":               {iri: NSPeerTube + "Infohash", prefix: "pt", prefixIRI: NSPeerTube, def: `"pt:Infohash"`},
	"automaticallyGenerated": {iri: NSPeerTube + "automaticallyGenerated", prefix: "pt", prefixIRI: NSPeerTube, def: `"pt:automaticallyGenerated"`},

	// OStatus leftovers Mastodon still sends.
	"atomUri":          {iri: NSOStatus + "atomUri", prefix: "ostatus", prefixIRI: NSOStatus, def: `"ostatus:atomUri"`},
	"inReplyToAtomUri": {iri: NSOStatus + "inReplyToAtomUri", prefix: "ostatus", prefixIRI: NSOStatus, def: `"ostatus:inReplyToAtomUri"`},
	"conversation":     {iri: NSOStatus + "conversation", prefix: "ostatus", prefixIRI: NSOStatus, def: `"ostatus:conversation"`},
}

// builtinIRI returns the full IRI of a bare term this package knows, or "".
func builtinIRI(name string) string {
	if t, ok := extTerms[name]; ok {
		return t.iri
	}
	if isASTerm(name) {
		return NSActivityStreams + name
	}
	return ""
}

var asTermSet = func() map[string]struct{} {
	m := make(map[string]struct{}, len(asTerms))
	for _, t := range asTerms {
		m[t] = struct{}{}
	}
	return m
}()

func isASTerm(name string) bool {
	_, ok := asTermSet[name]
	return ok
}

// canonicalIRI folds the spellings of a namespace that servers use
// interchangeably (schema.org with "#" or "/", http or https; the
// ActivityStreams namespace over http), so that terms compare equal.
func canonicalIRI(iri string) string {
	for _, p := range [...]struct{ from, to string }{
		{"http://schema.org#", NSSchema},
		{"https://schema.org#", NSSchema},
		{"https://schema.org/", NSSchema},
		{"http://www.w3.org/ns/activitystreams#", NSActivityStreams},
		{"https://w3id.org/security/v1#", NSSecurity},
		{"https://misskey.io/ns#", NSMisskey},
	} {
		if strings.HasPrefix(iri, p.from) {
			return p.to + iri[len(p.from):]
		}
	}
	return iri
}
