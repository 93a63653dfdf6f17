package mastodon

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/fedikit/fedikit/internal/apiclient"
)

// Rate is a rate-limit budget, as the X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset headers give it. Mastodon
// counts requests per account (or per address when unauthenticated):
// 300 in 5 minutes in general, 30 in 30 minutes for media uploads and
// for deleting posts.
type Rate struct {
	// Limit is the number of requests allowed in the period.
	Limit int
	// Remaining is the number of requests left until Reset.
	Remaining int
	// Reset is when the budget is renewed.
	Reset time.Time
}

// IsZero reports whether the response carried no rate-limit headers.
func (r Rate) IsZero() bool { return r == Rate{} }

// parseRate reads the rate-limit headers; a zero Rate when there are
// none or they do not parse.
func parseRate(h http.Header) Rate { return Rate(apiclient.ParseRate(h)) }

// retryAfter returns when a 429 or 503 answer says to try again: its
// Retry-After header (seconds or an HTTP date), else the rate limit's
// reset, else the zero time.
func retryAfter(h http.Header, now time.Time) time.Time { return apiclient.RetryAfter(h, now) }

// RateLimitMode says what the client does about rate limits.
type RateLimitMode int

const (
	// RateLimitWait, the default, retries a request refused with 429
	// once the budget is renewed (Retry-After, else X-RateLimit-Reset),
	// waiting at most [Options].MaxRateLimitWait; a longer wait fails
	// with a [*RateLimitError].
	RateLimitWait RateLimitMode = iota
	// RateLimitFail returns a [*RateLimitError] at once, without
	// retrying; a request is not even sent when the last answer of its
	// budget said none is left.
	RateLimitFail
	// RateLimitPace spreads the remaining budget over the time until it
	// is renewed: once less than half of it is left, each request waits
	// (reset - now) / remaining before it is sent. A bot that posts in
	// bursts never hits the limit. A 429 is handled as with
	// RateLimitWait.
	RateLimitPace
)

// bucket names the rate-limit budget a request counts against, as
// Mastodon keeps them: media uploads and deletions of posts have their
// own, smaller, budgets.
func bucket(method, path string) string {
	switch {
	case method == http.MethodPost && (path == "/api/v1/media" || path == "/api/v2/media"):
		return "media"
	case method == http.MethodDelete && strings.HasPrefix(path, "/api/v1/statuses/"),
		method == http.MethodPost && strings.HasPrefix(path, "/api/v1/statuses/") && strings.HasSuffix(path, "/unreblog"):
		return "delete"
	}
	return "api"
}

// rateState remembers the last budget of each bucket. It is safe for
// concurrent use.
type rateState struct {
	mu    sync.Mutex
	rates map[string]Rate
}

func (s *rateState) update(b string, r Rate) {
	if r.IsZero() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rates == nil {
		s.rates = make(map[string]Rate)
	}
	s.rates[b] = r
}

func (s *rateState) get(b string) Rate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rates[b]
}

// beforeSend applies the mode before a request of bucket b is sent: a
// wait under RateLimitPace, a refusal under RateLimitFail when nothing is
// left.
func (s *rateState) beforeSend(ctx context.Context, mode RateLimitMode, b string, now time.Time) error {
	r := s.get(b)
	if r.IsZero() || r.Reset.IsZero() || !now.Before(r.Reset) {
		return nil
	}
	switch mode {
	case RateLimitFail:
		if r.Remaining == 0 {
			return &RateLimitError{Rate: r, RetryAfter: r.Reset}
		}
	case RateLimitPace:
		if r.Limit > 0 && r.Remaining*2 < r.Limit {
			wait := r.Reset.Sub(now) / time.Duration(r.Remaining+1)
			t := time.NewTimer(wait)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		}
	}
	return nil
}
