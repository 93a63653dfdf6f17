// Package httpsig will sign and verify HTTP messages as the fediverse does
// (draft-cavage-http-signatures-12 and RFC 9421). This first part holds
// what signatures are built on: body digests (Digest, RFC 3230, and
// Content-Digest, RFC 9530), keys as PEM, JSON Web Keys (RFC 7517) and
// FEP-521a Multikeys, and a caching [KeyResolver].
package httpsig
