// Package apiclient builds the HTTP stack that fedikit's REST API clients
// (mastodon, peertube) send their requests through, and holds the
// helpers they share: the retry policy, rate-limit headers, body caps.
//
// # The stack
//
// [New] returns a [Stack] of three [http.Client]s over one base transport:
//
//   - API: retries (go-retryablehttp, outermost) → bearer token
//     ([oauth2.Transport]) → base. Each attempt asks the token source
//     again, so a retry after a refresh carries the new token.
//   - Plain: base only, for token exchanges and health checks: no token,
//     no retries.
//   - NoRetry: token → base, without retries or timeout, for streams and
//     for uploads that resume on their own; bound it with a context.
//
// The base transport is the caller's (Options.HTTPClient) or a guarded
// [safehttp] transport that refuses loopback, private addresses and plain
// http unless told otherwise. Above it, a layer keeps net/http from
// sending a POST again on its own: only the retry layer decides that.
// Redirects are followed within the host only, so that no token goes to
// another host.
//
// # Retries
//
// A request is retried after a network error, a 5xx answer (but 501 and
// 505) or a 429, waiting an exponential time with jitter, or what
// Retry-After or X-RateLimit-Reset says. Only requests that may be sent
// twice are retried: GET, HEAD, PUT, DELETE and OPTIONS, and other
// methods when their context says so ([WithRetrySafe]), such as a POST
// with an idempotency key the server honours. A request that never left
// (the connection failed) and one refused with 429 may be sent again
// whatever its method. [CountAttempts] tells how many attempts were made.
//
// # Rate limits
//
// [ParseRate] reads the X-RateLimit-Limit, -Remaining and -Reset headers
// that Mastodon and PeerTube send, and [RetryAfter] when a refused request
// may be made again.
package apiclient
