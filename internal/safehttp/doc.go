// Package safehttp is the guarded HTTP client that fedikit uses for every
// request to a URL that someone else chose: WebFinger lookups, NodeInfo
// discovery, actor and object fetches, deliveries.
//
// Such a URL can point anywhere: at the server's own loopback interface,
// at a database on the private network, at a cloud provider's metadata
// service on 169.254.169.254. Fetching it on a stranger's behalf is
// server-side request forgery (SSRF). This package refuses those
// connections by default, and lets a caller open exactly the ranges it
// needs.
//
// # What is refused
//
// [CheckAddr] allows public unicast addresses and refuses, following the
// IANA IPv4 and IPv6 special-purpose address registries: "this network"
// and the unspecified address, loopback, private (RFC 1918), carrier-grade NAT
// (RFC 6598), link-local, unique local (RFC 4193), deprecated site-local,
// multicast, broadcast, the documentation, benchmarking and IETF protocol
// blocks, the discard-only prefix, 240.0.0.0/4, and IPv6 outside
// 2000::/3. IPv6 addresses that carry an IPv4 address (IPv4-mapped,
// NAT64, 6to4, Teredo) are judged by the IPv4 address inside.
//
// Options opens ranges: [Options].AllowLoopback for tests and local
// development, [Options].AllowPrivate for private deployments, and
// [Options].AllowedNetworks for any prefix at all. Plain http needs
// [Options].AllowHTTP.
//
// # Where the check happens
//
// The transport from [NewTransport] resolves each host itself and checks
// the addresses when it connects, then dials the allowed address, never
// the name again. A DNS answer that changes between a check and a
// connection (DNS rebinding) therefore cannot slip through, and every
// redirect hop is checked like the first request, since each one
// connects on its own. The scheme is checked on every hop too. No proxy
// is ever used.
//
// # Using it
//
// [NewClient] builds an [http.Client] around the guarded transport, with
// timeouts, a redirect limit and fedikit's User-Agent:
//
//	client := safehttp.NewClient(safehttp.Options{})
//	resp, err := client.Get("https://example.social/.well-known/nodeinfo")
//	if errors.Is(err, safehttp.ErrForbiddenAddress) {
//		// the host resolved to an address that is not public
//	}
//
// Layers such as request signing go in [Options].Wrap, so that they sit
// above the guard and see every redirect. Read bodies with [ReadBody],
// which stops at a size limit.
//
// Tests point a client at a [net/http/httptest] server on 127.0.0.1 with
// AllowLoopback and AllowHTTP, and use a fake [Resolver] to map host names
// to the addresses they need.
package safehttp
