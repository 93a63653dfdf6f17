package nodeinfo

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// Sentinel errors. Every error this package returns for one of these causes
// matches it with [errors.Is]; the types below carry more detail.
var (
	// ErrNotFound means the host does not offer NodeInfo: the discovery
	// document or the linked document answered 404 or 410 (the error is a
	// [*ResponseError]), or the discovery document has no NodeInfo link.
	ErrNotFound = errors.New("nodeinfo: not found")

	// ErrUnsupportedVersion means a document, or every NodeInfo link of a
	// discovery document, is of a schema version this package cannot read
	// (it reads 1.x and 2.x).
	ErrUnsupportedVersion = errors.New("nodeinfo: unsupported schema version")

	// ErrCrossHost means every usable link of a discovery document points
	// to another host than the one asked for and the one that answered,
	// and [ClientOptions].AllowCrossHost is not set.
	ErrCrossHost = errors.New("nodeinfo: link points to another host")

	// ErrInvalidDocument means a discovery or NodeInfo document could not
	// be decoded. The concrete error is a [*DecodeError].
	ErrInvalidDocument = errors.New("nodeinfo: invalid document")

	// ErrForbiddenAddress means a connection was refused because the host
	// resolved to a loopback, private or otherwise non-public address and
	// [ClientOptions] does not allow it. The concrete error is an
	// [*AddressError].
	ErrForbiddenAddress = safehttp.ErrForbiddenAddress

	// ErrTooManyRedirects means a request was redirected too many times.
	ErrTooManyRedirects = safehttp.ErrTooManyRedirects

	// ErrInsecureScheme means a URL, or a redirect, was plain http without
	// [ClientOptions].AllowHTTP, or neither http nor https.
	ErrInsecureScheme = safehttp.ErrInsecureScheme

	// ErrBodyTooLarge means a response body was larger than
	// [ClientOptions].MaxBodySize.
	ErrBodyTooLarge = safehttp.ErrBodyTooLarge
)

// AddressError reports a connection refused because of the address it
// would have gone to: the address, the special-purpose range it falls in
// and the host name that resolved to it. It matches [ErrForbiddenAddress].
type AddressError = safehttp.AddressError

// ResponseError reports a response whose status code is not 2xx. A 404 or
// 410 matches [ErrNotFound].
type ResponseError struct {
	// StatusCode is the HTTP status code of the response.
	StatusCode int

	// URL is the URL that answered (after redirects), without any user
	// information.
	URL string
}

// Error names the URL and the status.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("nodeinfo: %s answered %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
}

// Is reports whether target is [ErrNotFound] and the status is 404 or 410.
func (e *ResponseError) Is(target error) bool {
	return target == ErrNotFound && (e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusGone)
}

// DecodeError reports a document that could not be decoded. It matches
// [ErrInvalidDocument].
type DecodeError struct {
	// Field is the member that was wrong, as a dotted path such as
	// "usage.users.total" or "protocols[2]", or the empty string when the
	// document as a whole could not be read.
	Field string

	// Err is the cause.
	Err error
}

// Error names the member and says what was wrong with it.
func (e *DecodeError) Error() string {
	if e.Field == "" {
		return "nodeinfo: invalid document: " + e.Err.Error()
	}
	return "nodeinfo: invalid document: " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidDocument].
func (e *DecodeError) Is(target error) bool { return target == ErrInvalidDocument }
