package apiclient

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/fedikit/fedikit/internal/safehttp"
)

type (
	retrySafeKey struct{}
	attemptsKey  struct{}
	stateKey     struct{}
)

// WithRetrySafe returns a copy of ctx that marks the requests made with it
// as safe to send again although their method is not idempotent: a POST
// whose idempotency key the server honours, say.
func WithRetrySafe(ctx context.Context) context.Context {
	return context.WithValue(ctx, retrySafeKey{}, true)
}

// Attempts counts the attempts of the requests made with a context from
// [CountAttempts]. It is safe for concurrent use.
type Attempts struct{ n atomic.Int64 }

// Count returns how many times the request was sent (for several
// requests, the count of the latest one's retries).
func (a *Attempts) Count() int { return int(a.n.Load()) }

// CountAttempts returns a copy of ctx under which the API client counts
// the attempts of a request, and the counter.
func CountAttempts(ctx context.Context) (context.Context, *Attempts) {
	a := new(Attempts)
	return context.WithValue(ctx, attemptsKey{}, a), a
}

// state is what the retry policy knows about a request, kept in its
// context by the tracker.
type state struct {
	method    string
	retrySafe bool
	attempts  *Attempts // nil when not counted
}

// policy is the retry policy of a stack.
type policy struct{ o Options }

// countAttempt counts the attempts of a request (a retryablehttp hook).
func (p *policy) countAttempt(_ retryablehttp.Logger, req *http.Request, n int) {
	if st, ok := req.Context().Value(stateKey{}).(*state); ok && st.attempts != nil {
		st.attempts.n.Store(int64(n + 1))
	}
	if n > 0 {
		p.o.Logger.DebugContext(req.Context(), p.o.Name+": retrying", "method", req.Method, "path", req.URL.Path, "attempt", n+1)
	}
}

// checkRetry decides whether a failed attempt is tried again.
func (p *policy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	st, _ := ctx.Value(stateKey{}).(*state)
	safe := st != nil && (st.retrySafe || Idempotent(st.method))
	if err != nil {
		// A connection that was never made sent nothing: any method may
		// try again.
		return Retryable(err) && (safe || IsDialError(err)), nil
	}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests:
		// A 429 was not acted on: any method may be sent again.
		if p.o.RateLimitFail {
			return false, nil
		}
		now := p.o.Now()
		until := RetryAfter(resp.Header, now)
		return until.IsZero() || until.Sub(now) <= p.o.MaxRateLimitWait, nil
	case code >= 500 && code != http.StatusNotImplemented && code != http.StatusHTTPVersionNotSupported:
		return safe, nil
	}
	return false, nil
}

// backoff is the wait before a retry: what a 429 or 503 answer says, else
// an exponential wait with jitter.
func (p *policy) backoff(lo, hi time.Duration, n int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		now := p.o.Now()
		if until := RetryAfter(resp.Header, now); !until.IsZero() {
			wait := until.Sub(now)
			if resp.StatusCode == http.StatusTooManyRequests {
				// A moment after the reset, so as not to be early.
				wait += 500 * time.Millisecond
			}
			return min(max(wait, 0), p.o.MaxRateLimitWait)
		}
	}
	d := lo << min(n, 20)
	if d <= 0 || d > hi {
		d = hi
	}
	// Full jitter above half: between d/2 and d.
	return d/2 + rand.N(d/2+1)
}

// Idempotent reports whether a request of method may be sent twice.
func Idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// Retryable reports whether a transport error may pass on a retry: it
// is not a refused address or scheme, a bad certificate, a canceled
// context or an error marked [Permanent].
func Retryable(err error) bool {
	var cert *tls.CertificateVerificationError
	var perm *permanent
	switch {
	case errors.Is(err, safehttp.ErrForbiddenAddress), errors.Is(err, safehttp.ErrInsecureScheme),
		errors.As(err, &cert), errors.Is(err, context.Canceled), errors.As(err, &perm):
		return false
	}
	return true
}

// IsDialError reports whether a transport error happened before a
// connection was made (a failed dial or name lookup), so that the request
// was not sent.
func IsDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// Permanent marks err as one that no retry mends, such as a token refresh
// the server refused: a request of the API client whose transport (its
// token source, say) fails with it is not retried. The error reads and
// unwraps as err. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanent{err}
}

type permanent struct{ err error }

// Error is the marked error's.
func (p *permanent) Error() string { return p.err.Error() }

// Unwrap returns the marked error.
func (p *permanent) Unwrap() error { return p.err }
