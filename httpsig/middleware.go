package httpsig

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
)

// MiddlewareOptions configures [Middleware]. The zero value of every field
// means its default.
type MiddlewareOptions struct {
	// AllowUnsigned lets requests that carry no signature at all through to
	// the next handler, with no [Result] in their context. Requests with a
	// signature that fails are refused all the same.
	AllowUnsigned bool

	// OnError writes the response for a refused request. Default: 401
	// Unauthorized with a WWW-Authenticate challenge for cavage and an
	// Accept-Signature field for RFC 9421 (see [WriteUnauthorized]).
	OnError func(w http.ResponseWriter, r *http.Request, err error)

	// Logger receives a debug record for every refusal. Default: none.
	Logger *slog.Logger
}

type resultKey struct{}

// ContextWithResult returns a context carrying a verification result, as
// [Middleware] does for the handlers after it.
func ContextWithResult(ctx context.Context, res *Result) context.Context {
	return context.WithValue(ctx, resultKey{}, res)
}

// ResultFromContext returns the verified signature that [Middleware] put in
// the request's context.
func ResultFromContext(ctx context.Context) (*Result, bool) {
	res, ok := ctx.Value(resultKey{}).(*Result)
	return res, ok && res != nil
}

// Middleware returns a handler wrapper that verifies each request with v
// before passing it on. A verified request reaches the next handler with
// its [Result] in the context ([ResultFromContext]) and its body readable
// again. opts may be nil.
func Middleware(v *Verifier, opts *MiddlewareOptions) func(http.Handler) http.Handler {
	var o MiddlewareOptions
	if opts != nil {
		o = *opts
	}
	if o.OnError == nil {
		o.OnError = WriteUnauthorized
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			res, err := v.VerifyRequest(r)
			if err != nil {
				if o.AllowUnsigned && errors.Is(err, ErrNoSignature) {
					next.ServeHTTP(w, r)
					return
				}
				if o.Logger != nil {
					o.Logger.DebugContext(r.Context(), "httpsig: refused request",
						slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
				}
				o.OnError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(ContextWithResult(r.Context(), res)))
		})
	}
}

// WriteUnauthorized answers a request whose signature was refused: 413 when
// the body was too large, otherwise 401 Unauthorized with hints of what
// this package accepts: a WWW-Authenticate challenge naming the cavage
// headers to sign and an Accept-Signature field (RFC 9421 section 5.1) with
// the components to cover. The body names the kind of failure (one of
// this package's sentinel errors) and nothing more: err's full message can
// tell what the server saw when it fetched the sender's keyId, such as an
// address the name resolved to or a closed port, which a stranger must not
// learn. Log err instead.
func WriteUnauthorized(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, ErrBodyTooLarge) {
		http.Error(w, ErrBodyTooLarge.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	withBody := r.ContentLength != 0 || hasBody(r.Method, nil)
	headers := "(request-target) host date"
	accept := `sig1=("@method" "@target-uri");created;keyid`
	if withBody {
		headers += " digest"
		accept = `sig1=("@method" "@target-uri" "content-digest");created;keyid`
	}
	w.Header().Set("WWW-Authenticate", `Signature realm="fedikit",headers="`+headers+`"`)
	w.Header().Set("Accept-Signature", accept)
	http.Error(w, publicReason(err), http.StatusUnauthorized)
}

// publicReason is what a refused sender is told: the sentinel err
// matches, or a generic message.
func publicReason(err error) string {
	for _, known := range []error{
		ErrNoSignature, ErrMalformed, ErrUnsupportedAlgorithm, ErrUnsupportedComponent,
		ErrUnsupportedKey, ErrInvalidKey, ErrMissingComponent, ErrExpired, ErrNotYetValid,
		ErrDigestMismatch, ErrKeyNotFound, ErrBadSignature,
	} {
		if errors.Is(err, known) {
			return known.Error()
		}
	}
	return "httpsig: signature not verified"
}
