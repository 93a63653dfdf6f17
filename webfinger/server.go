package webfinger

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
)

// Resolver finds the JRD of a resource for [NewHandler]. It returns an
// error matching [ErrNotFound] for resources it does not know. The
// resource is passed as the client sent it; [ParseAcct] normalizes
// accounts.
type Resolver interface {
	WebFinger(ctx context.Context, resource string) (*JRD, error)
}

// ResolverFunc adapts a function to a [Resolver].
type ResolverFunc func(ctx context.Context, resource string) (*JRD, error)

// WebFinger calls f(ctx, resource).
func (f ResolverFunc) WebFinger(ctx context.Context, resource string) (*JRD, error) {
	return f(ctx, resource)
}

// HandlerOptions configures [NewHandler]. The zero value means the
// defaults.
type HandlerOptions struct {
	// Logger receives a record for every resolver error other than not
	// found. Default: none.
	Logger *slog.Logger
}

// NewHandler returns the handler of /.well-known/webfinger (RFC 7033
// section 4): 400 without a resource parameter, 404 for a resource the
// resolver does not know, the JRD with only the requested relations when
// rel parameters are given, as application/jrd+json, readable from any
// origin (Access-Control-Allow-Origin: *). opts may be nil.
func NewHandler(r Resolver, opts *HandlerOptions) http.Handler {
	var o HandlerOptions
	if opts != nil {
		o = *opts
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		q := req.URL.Query()
		resource := q.Get("resource")
		if resource == "" {
			http.Error(w, "the resource parameter is required", http.StatusBadRequest)
			return
		}
		if len(resource) > maxResource {
			http.Error(w, "resource too long", http.StatusBadRequest)
			return
		}
		jrd, err := r.WebFinger(req.Context(), resource)
		switch {
		case errors.Is(err, ErrNotFound) || (err == nil && jrd == nil):
			http.Error(w, "not found", http.StatusNotFound)
			return
		case err != nil:
			logger.ErrorContext(req.Context(), "webfinger: resolver failed", slog.String("resource", resource), slog.Any("error", err))
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		body, err := json.Marshal(jrd.Filter(q["rel"]...))
		if err != nil {
			logger.ErrorContext(req.Context(), "webfinger: encoding the JRD", slog.Any("error", err))
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", MediaTypeJRD)
		_, _ = w.Write(body)
	})
}
