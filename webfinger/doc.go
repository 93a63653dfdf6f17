// Package webfinger discovers fediverse accounts with WebFinger (RFC 7033),
// as a client and as a server.
//
// A handle such as @eu_commission@ec.social-network.europa.eu names an
// account (an acct: URI, RFC 7565); WebFinger turns it into the
// account's ActivityPub actor URL and other links.
//
// # Client
//
// [Client.Lookup] asks an account's server about it and returns the
// [JRD]. It accepts acct: URIs, user@host, @user@host and profile URLs,
// normalizes them (host lower-cased and converted to its IDNA ASCII form),
// and when the server has no WebFinger endpoint it tries once through
// host-meta (RFC 6415), as Mastodon servers whose web domain differs from
// their account domain need. [Client.ResolveActor] goes on to the actor:
// it follows at most one change of subject and checks that the actor
// document really is the one the self link names.
//
// Lookups fetch URLs that strangers choose, so the client refuses to
// connect to anything but public addresses: loopback, private networks,
// link-local addresses (such as a cloud's metadata service) and the like
// are refused when dialled, on every redirect, whatever a name resolves
// to. [ClientOptions] has the opt-ins for tests and private deployments.
// Responses are size-capped and requests time out.
//
// # Server
//
// [NewHandler] serves /.well-known/webfinger from a [Resolver] you write,
// and [NewHostMetaHandler] serves /.well-known/host-meta.
package webfinger
