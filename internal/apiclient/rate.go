package apiclient

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Rate is a rate-limit budget, as the X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset headers give it.
type Rate struct {
	// Limit is the number of requests allowed in the period.
	Limit int
	// Remaining is the number of requests left until Reset.
	Remaining int
	// Reset is when the budget is renewed; zero when not given.
	Reset time.Time
}

// IsZero reports whether the headers carried no budget.
func (r Rate) IsZero() bool { return r == Rate{} }

// ParseRate reads the rate-limit headers: a zero Rate when there are none
// or they do not parse. X-RateLimit-Reset may be an RFC 3339 time
// (Mastodon) or a Unix time in seconds (PeerTube).
func ParseRate(h http.Header) Rate {
	limit, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit")))
	remaining, err2 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	if err1 != nil || err2 != nil || limit < 0 || remaining < 0 {
		return Rate{}
	}
	r := Rate{Limit: limit, Remaining: remaining}
	if s := strings.TrimSpace(h.Get("X-RateLimit-Reset")); s != "" {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			r.Reset = t
		} else if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			r.Reset = time.Unix(n, 0)
		}
	}
	return r
}

// RetryAfter returns when a 429 or 503 answer says to try again: its
// Retry-After header (seconds or an HTTP date), else the rate limit's
// reset, else the zero time.
func RetryAfter(h http.Header, now time.Time) time.Time {
	if s := strings.TrimSpace(h.Get("Retry-After")); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			return now.Add(time.Duration(n) * time.Second)
		}
		if t, err := http.ParseTime(s); err == nil {
			return t
		}
	}
	return ParseRate(h).Reset
}
