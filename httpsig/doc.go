// Package httpsig signs and verifies HTTP messages the way the fediverse
// does, in both formats in use:
//
//   - draft-cavage-http-signatures-12 ("cavage"): the Signature header that
//     Mastodon, GoToSocial, Misskey, PeerTube and nearly every other
//     ActivityPub server send and verify today, with the rsa-sha256 and
//     hs2019 algorithm names;
//   - RFC 9421, HTTP Message Signatures: the Signature-Input and Signature
//     fields, which Mastodon accepts since 4.5 and the rest of the
//     fediverse is moving to.
//
// It also computes and checks body digests: Digest (RFC 3230) for cavage
// and Content-Digest (RFC 9530) for RFC 9421, and reads and writes keys as
// PEM (PKCS#1, PKCS#8, SPKI), JSON Web Keys (RFC 7517) and FEP-521a
// Multikeys.
//
// # Which format to use
//
// To talk to today's fediverse, sign with [Cavage]: every server verifies
// it. Sign with [RFC9421] when you know the peer accepts it (Mastodon 4.5
// and later), or let a [Transport] with DoubleKnock find out: it tries RFC
// 9421 first, falls back to cavage when the peer answers 401 or 403, and
// remembers per host what worked. On the receiving side, a [Verifier]
// accepts both and picks by the headers present.
//
// # Signing
//
// A [Signer] holds one key (any [crypto.Signer], so keys in an HSM or a KMS
// work) and its keyId. [Signer.SignRequest] sets a fresh Date, the digest of
// the exact body, and the signature; the body stays readable. The defaults
// cover what Mastodon requires: for cavage, (request-target) host date,
// plus digest and content-type on a POST or accept on a GET; for RFC 9421,
// @method and @target-uri, plus content-digest on a POST, with created and
// keyid parameters.
//
// [NewTransport] wraps an http.RoundTripper so that every request sent
// through it is signed, again on every retry.
//
// # Verifying
//
// A [Verifier] finds public keys through a [KeyResolver] (the activitypub
// package provides one that fetches actors; [KeyCache] adds caching,
// negative caching and a refetch when a key may have been rotated). It
// applies Mastodon's rules by default: the signature must cover the date or
// a created time, the request target, host on GET, and the digest of any
// body, which must match the raw bytes; it must not be created more than an
// hour in the future nor be past its expiry (or an hour old without one).
// The algorithm comes from the resolved key, never from the header alone,
// and HMAC is only used with a secret configured in [VerifierOptions].
//
// [Middleware] puts a Verifier in front of an http.Handler: refused
// requests get 401 with a WWW-Authenticate and an Accept-Signature hint,
// and handlers find the verified keyId and owner with [ResultFromContext].
//
// Every failure is a typed error: [ErrNoSignature], [*MalformedError] (with
// the header and position), [ErrUnsupportedAlgorithm],
// [*MissingComponentError], [ErrExpired], [ErrNotYetValid],
// [ErrDigestMismatch], [ErrKeyNotFound], [ErrBadSignature].
package httpsig
