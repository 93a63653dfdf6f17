package webfinger

import (
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// maxResource bounds the length of a resource this package parses.
const maxResource = 2048

// Acct is an acct: URI (RFC 7565): an account at a host.
type Acct struct {
	// User is the user part, decoded (no percent-encoding).
	User string
	// Host is the host, lower case, with internationalized names in their
	// ASCII (A-label) form. It may carry a port, which RFC 7565 does not
	// allow but development servers need.
	Host string
}

// String returns the normalized URI, such as "acct:alice@social.example",
// with the user part percent-encoded where RFC 7565 requires it.
func (a Acct) String() string {
	return "acct:" + escapeUser(a.User) + "@" + a.Host
}

// Handle returns the account as a fediverse handle, "@alice@social.example".
func (a Acct) Handle() string { return "@" + a.User + "@" + a.Host }

// ParseAcct parses an account as "acct:user@host", "user@host" or
// "@user@host", and normalizes it: the host is lower-cased and converted to
// its IDNA ASCII form, the user part is percent-decoded.
func ParseAcct(s string) (Acct, error) {
	bad := func(reason string) (Acct, error) {
		return Acct{}, &MalformedError{What: "resource", Reason: reason}
	}
	if len(s) > maxResource {
		return bad("too long")
	}
	rest := s
	if len(rest) >= 5 && strings.EqualFold(rest[:5], "acct:") {
		rest = rest[5:]
	} else {
		rest = strings.TrimPrefix(rest, "@")
	}
	at := strings.LastIndexByte(rest, '@')
	if at <= 0 || at == len(rest)-1 {
		return bad("an account needs a user and a host, as in user@host")
	}
	user, err := url.PathUnescape(rest[:at])
	if err != nil {
		return bad("invalid percent-encoding in the user part")
	}
	if !utf8.ValidString(user) || strings.ContainsFunc(user, func(r rune) bool { return r < 0x21 || r == 0x7f || strings.ContainsRune("/?#", r) }) {
		return bad("invalid character in the user part")
	}
	host, err := normalizeHost(rest[at+1:])
	if err != nil {
		return Acct{}, err
	}
	a := Acct{User: user, Host: host}
	if len(a.String()) > maxResource {
		return bad("too long")
	}
	return a, nil
}

// normalizeHost lower-cases a host[:port] and turns an internationalized
// name into its ASCII form.
func normalizeHost(h string) (string, error) {
	bad := &MalformedError{What: "resource", Reason: "invalid host " + quoteShort(h)}
	if h == "" || strings.ContainsAny(h, "/?#@\\ \t\r\n\x00") {
		return "", bad
	}
	name, port := h, ""
	if strings.HasPrefix(h, "[") {
		// An IPv6 literal.
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", bad
		}
		if ip := net.ParseIP(h[1:end]); ip == nil || ip.To4() != nil {
			return "", bad
		}
		name, port = strings.ToLower(h[:end+1]), h[end+1:]
		if port != "" && (port[0] != ':' || !digits(port[1:])) {
			return "", bad
		}
		return name + port, nil
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		name, port = h[:i], h[i:]
		if !digits(port[1:]) {
			return "", bad
		}
	}
	if !utf8.ValidString(name) {
		return "", bad
	}
	ascii, err := idna.Lookup.ToASCII(name)
	if err != nil || ascii == "" {
		return "", bad
	}
	if again, err := idna.Lookup.ToASCII(ascii); err != nil || again != ascii {
		// Only names whose ASCII form is stable are accepted.
		return "", bad
	}
	return strings.ToLower(ascii) + port, nil
}

func digits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func quoteShort(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return "\"" + strings.ToValidUTF8(s, "?") + "\""
}

// escapeUser percent-encodes what RFC 7565 does not allow as is in the user
// part: everything but unreserved characters and sub-delims.
func escapeUser(u string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// parseResource reads what Lookup accepts: an account in any of its forms,
// or an http(s) URL. It returns the normalized resource URI and the host to
// ask.
func parseResource(s string) (resource, host string, acct *Acct, err error) {
	s = strings.TrimSpace(s)
	if len(s) >= 8 && (strings.EqualFold(s[:8], "https://") || strings.EqualFold(s[:7], "http://")) {
		if len(s) > maxResource {
			return "", "", nil, &MalformedError{What: "resource", Reason: "too long"}
		}
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || u.User != nil {
			return "", "", nil, &MalformedError{What: "resource", Reason: "not a usable URL"}
		}
		h, err := normalizeHost(u.Host)
		if err != nil {
			return "", "", nil, err
		}
		u.Scheme = strings.ToLower(u.Scheme)
		u.Host = h
		u.Fragment = ""
		return u.String(), h, nil, nil
	}
	a, err := ParseAcct(s)
	if err != nil {
		return "", "", nil, err
	}
	return a.String(), a.Host, &a, nil
}
