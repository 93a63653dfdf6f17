package activitypub

import (
	"errors"
	"fmt"
)

// Sentinel errors of decoding. The concrete error is a [*DecodeError] that
// names the JSON path of the offending value.
var (
	// ErrMalformed means the input is not a JSON object, or not valid JSON.
	ErrMalformed = errors.New("activitypub: malformed document")
	// ErrTooLarge means the document is larger than the size limit.
	ErrTooLarge = errors.New("activitypub: document too large")
	// ErrTooDeep means the document nests deeper than the depth limit.
	ErrTooDeep = errors.New("activitypub: document nested too deeply")
	// ErrTooLong means an array in the document is longer than the limit.
	ErrTooLong = errors.New("activitypub: array too long")
)

// DecodeError reports a document that could not be decoded, or that is
// beyond a limit.
type DecodeError struct {
	// Path is the JSON path of the offending value, such as
	// "$.object.tag[3]"; "$" is the whole document.
	Path string
	// Err is one of the sentinel errors.
	Err error
	// Reason says more, when there is more to say.
	Reason string
}

// Error names the path and the problem.
func (e *DecodeError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("%v at %s", e.Err, e.Path)
	}
	return fmt.Sprintf("%v at %s: %s", e.Err, e.Path, e.Reason)
}

// Unwrap returns the sentinel error.
func (e *DecodeError) Unwrap() error { return e.Err }
