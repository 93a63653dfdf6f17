package webfinger

import (
	"errors"
	"fmt"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// Sentinel errors. Errors returned by this package match them with
// [errors.Is]; the error types below carry the details.
var (
	// ErrNotFound means the server has no such resource: it answered 404
	// or 410, and so did the host-meta fallback.
	ErrNotFound = errors.New("webfinger: not found")

	// ErrMalformed means a document or a resource could not be parsed. The
	// concrete error is a [*MalformedError].
	ErrMalformed = errors.New("webfinger: malformed")

	// ErrNoActor means the JRD has no ActivityPub actor link: no "self"
	// link of type application/activity+json or of type application/ld+json
	// with the ActivityStreams profile.
	ErrNoActor = errors.New("webfinger: no ActivityPub actor link")

	// ErrActorMismatch means the account did not check out: the actor
	// document's id is not the self link, the document came from another
	// origin, or the subject changed more than once.
	ErrActorMismatch = errors.New("webfinger: actor does not match the account")

	// ErrForbiddenAddress means a lookup would have connected to an address
	// that is not publicly routable (loopback, private, link-local and the
	// like); see [ClientOptions] for the opt-ins.
	ErrForbiddenAddress = safehttp.ErrForbiddenAddress

	// ErrTooManyRedirects means a lookup was redirected too often.
	ErrTooManyRedirects = safehttp.ErrTooManyRedirects

	// ErrInsecureScheme means a lookup would have used plain http (or
	// another scheme) without [ClientOptions].AllowHTTP.
	ErrInsecureScheme = safehttp.ErrInsecureScheme

	// ErrBodyTooLarge means a response exceeded
	// [ClientOptions].MaxBodySize.
	ErrBodyTooLarge = safehttp.ErrBodyTooLarge
)

// MalformedError reports a document or resource that could not be parsed.
type MalformedError struct {
	// What is what was being parsed: "JRD", "XRD", "resource" or "actor".
	What string
	// Reason says what was wrong.
	Reason string
}

// Error says what was malformed and why.
func (e *MalformedError) Error() string {
	return fmt.Sprintf("webfinger: malformed %s: %s", e.What, e.Reason)
}

// Is reports whether target is [ErrMalformed].
func (e *MalformedError) Is(target error) bool { return target == ErrMalformed }

// ResponseError reports an HTTP response with an unexpected status.
type ResponseError struct {
	// StatusCode is the response's status code.
	StatusCode int
	// URL is the URL that was requested, without its query.
	URL string
}

// Error gives the status and the URL.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("webfinger: %s answered %d", e.URL, e.StatusCode)
}

// Is reports whether target is [ErrNotFound], for 404 and 410.
func (e *ResponseError) Is(target error) bool {
	return target == ErrNotFound && (e.StatusCode == 404 || e.StatusCode == 410)
}
