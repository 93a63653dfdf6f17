// Package linkheader parses HTTP Link header fields (RFC 8288, Web
// Linking) the way fediverse servers use them: Mastodon, GoToSocial and
// the other servers that speak the Mastodon API put the URLs of the next
// and previous pages of a list in a Link header.
//
//	Link: <https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164>; rel="next",
//	      <https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165>; rel="prev"
//
// # Parsing
//
// [Parse] takes every Link field of a response (header.Values("Link"))
// and returns its links in order, each a [Link] with its target URL, its
// relation types and its other target attributes. It follows the grammar
// of RFC 8288 section 3: commas inside a <URL> or a quoted string do not
// split links, quoted strings may hold backslash escapes, parameter names
// are case-insensitive, rel may name several relation types separated by
// spaces, and a rel after the first one in a link is ignored (section
// 3.3). It is lenient where servers are sloppy: empty list elements,
// parameters without a value and unquoted values that are not strict
// tokens (such as type=application/json) are accepted.
//
// Parse never panics and does not give up at the first bad link: a
// malformed link (no <URL>, whitespace inside the URL, an unterminated
// quoted string, stray text between parameters) is skipped, the links around it are still returned, and
// the error, which matches [ErrMalformed], says what was wrong with the
// first one. Input longer than 64 KiB in total is refused outright.
//
// # Following pages
//
// [Find] picks the URL of a relation type out of the parsed links, and
// [Cursor] reads a query parameter such as max_id out of that URL:
//
//	links, _ := linkheader.Parse(resp.Header.Values("Link"))
//	next := linkheader.Find(links, "next")
//	maxID := linkheader.Cursor(next, "max_id")
//
// The URL is returned as the server wrote it; resolving a relative
// reference against the request URL is the caller's business.
package linkheader
