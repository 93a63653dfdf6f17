package httpsig

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// message is the view of an HTTP message that signature bases are built
// from: a request, or a response together with the request that caused it.
type message struct {
	header  http.Header
	trailer http.Header
	// status is the response status code; 0 for a request.
	status int
	// req is the request itself, or for a response the request it answers
	// (nil when unknown).
	req *http.Request
	// scheme is the scheme of req's target URI.
	scheme string
}

func newRequestMessage(r *http.Request, scheme string) *message {
	return &message{header: r.Header, trailer: r.Trailer, req: r, scheme: requestScheme(r, scheme)}
}

func newResponseMessage(resp *http.Response, scheme string) *message {
	m := &message{header: resp.Header, trailer: resp.Trailer, status: resp.StatusCode, req: resp.Request}
	if resp.Request != nil {
		m.scheme = requestScheme(resp.Request, scheme)
	}
	return m
}

// requestScheme returns the scheme of r's target URI: from an absolute
// URL (client side), else the configured scheme, else from the TLS state.
func requestScheme(r *http.Request, configured string) string {
	if r.URL != nil && r.URL.Scheme != "" {
		return strings.ToLower(r.URL.Scheme)
	}
	if configured != "" {
		return strings.ToLower(configured)
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// requestHost returns the host[:port] the request is for.
func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if r.URL != nil {
		return r.URL.Host
	}
	return ""
}

// requestPathQuery returns the request target's path (before any decoding)
// and its query, and whether a query was present at all. A server-side
// request is read from the raw request line so that the path is the one the
// sender signed.
func requestPathQuery(r *http.Request) (path, query string, hasQuery bool) {
	if uri := r.RequestURI; uri != "" && uri[0] == '/' {
		path, query, hasQuery = strings.Cut(uri, "?")
		return path, query, hasQuery
	}
	if r.URL == nil {
		return "/", "", false
	}
	if r.URL.Opaque != "" {
		path = r.URL.Opaque
	} else {
		path = r.URL.EscapedPath()
	}
	if path == "" {
		path = "/"
	}
	return path, r.URL.RawQuery, r.URL.RawQuery != "" || r.URL.ForceQuery
}

// normalizedAuthority lower-cases the host and drops the scheme's default
// port (RFC 9110 section 4.2.3).
func normalizedAuthority(host, scheme string) string {
	if !strings.Contains(host, ":") {
		return lower(host)
	}
	host = strings.ToLower(host)
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// lower is strings.ToLower without the allocation when s is lower case
// already.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// canonicalKey returns the canonical form of a lower-case header name,
// without allocating for the headers signatures usually cover.
func canonicalKey(name string) string {
	switch name {
	case "host":
		return "Host"
	case "date":
		return "Date"
	case "digest":
		return "Digest"
	case "content-digest":
		return "Content-Digest"
	case "content-type":
		return "Content-Type"
	case "content-length":
		return "Content-Length"
	case "accept":
		return "Accept"
	case "signature":
		return "Signature"
	case "signature-input":
		return "Signature-Input"
	}
	return http.CanonicalHeaderKey(name)
}

// fieldLines returns the values of a header (or trailer) field, one per
// field line, with surrounding whitespace removed. Host and Content-Length,
// which Go keeps outside the header map, are taken from the request.
func (m *message) fieldLines(name string, trailer bool, fromRequest bool) ([]string, bool) {
	h := m.header
	if trailer {
		h = m.trailer
	}
	var r *http.Request
	if fromRequest {
		r = m.req
		if r == nil {
			return nil, false
		}
		h = r.Header
		if trailer {
			h = r.Trailer
		}
	} else if m.status == 0 {
		r = m.req
	}
	vals := h[canonicalKey(name)]
	if len(vals) == 0 && !trailer && r != nil {
		switch name {
		case "host":
			if host := requestHost(r); host != "" {
				return []string{host}, true
			}
		case "content-length":
			if r.ContentLength > 0 || (r.ContentLength == 0 && r.Body != nil && r.Body != http.NoBody) {
				return []string{strconv.FormatInt(r.ContentLength, 10)}, true
			}
		}
	}
	if len(vals) == 0 {
		return nil, false
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = strings.Trim(v, " \t")
	}
	return out, true
}

// fieldValue is the combined value of a field: its lines joined by ", ".
func (m *message) fieldValue(name string, trailer, fromRequest bool) (string, bool) {
	if !trailer && !fromRequest {
		// The common case, without the slice of lines.
		if vals := m.header[canonicalKey(name)]; len(vals) == 1 {
			return strings.Trim(vals[0], " \t"), true
		}
	}
	lines, ok := m.fieldLines(name, trailer, fromRequest)
	if !ok {
		return "", false
	}
	if len(lines) == 1 {
		return lines[0], true
	}
	return strings.Join(lines, ", "), true
}

// hasLineBreak reports whether s holds a CR or LF, which no signed value
// may contain.
func hasLineBreak(s string) bool {
	return strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
}

// parseHTTPDate parses an HTTP date. The IMF-fixdate form every current
// sender uses ("Wed, 25 Nov 2026 21:00:00 GMT") is read directly; the
// obsolete forms go through http.ParseTime.
func parseHTTPDate(s string) (time.Time, error) {
	if len(s) != len("Mon, 02 Jan 2006 15:04:05 GMT") || s[3] != ',' || s[4] != ' ' || s[7] != ' ' ||
		s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25:] != " GMT" {
		return http.ParseTime(s)
	}
	num := func(t string) int {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return -1
			}
			n = n*10 + int(t[i]-'0')
		}
		return n
	}
	month := strings.Index("JanFebMarAprMayJunJulAugSepOctNovDec", s[8:11])
	day, year, hour, minute, sec := num(s[5:7]), num(s[12:16]), num(s[17:19]), num(s[20:22]), num(s[23:25])
	if month < 0 || month%3 != 0 || day < 1 || day > 31 || year < 0 || hour > 23 || minute > 59 || sec > 60 || hour < 0 || minute < 0 || sec < 0 {
		return http.ParseTime(s)
	}
	t := time.Date(year, time.Month(month/3+1), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day {
		// 31 April and the like.
		return http.ParseTime(s)
	}
	return t, nil
}
