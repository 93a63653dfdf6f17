package httpsig

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package that has one of
// these causes matches it with [errors.Is]; errors that carry more detail
// are the types below ([*MalformedError], [*MissingComponentError]).
var (
	// ErrNoSignature means the message carries no signature this package
	// understands (no Signature-Input/Signature pair and no cavage
	// Signature or Authorization: Signature header).
	ErrNoSignature = errors.New("httpsig: no signature")

	// ErrMalformed means a header could not be parsed. The concrete error is
	// a [*MalformedError] that names the header and the position.
	ErrMalformed = errors.New("httpsig: malformed header")

	// ErrUnsupportedAlgorithm means the signature names an algorithm this
	// package does not implement, or one that does not fit the key.
	ErrUnsupportedAlgorithm = errors.New("httpsig: unsupported algorithm")

	// ErrUnsupportedComponent means a signature covers a component, or a
	// component parameter, that this package cannot compute (an unknown
	// derived component, or sf on a field whose structured type is unknown).
	ErrUnsupportedComponent = errors.New("httpsig: unsupported component")

	// ErrUnsupportedKey means a key has a type or size this package cannot
	// use.
	ErrUnsupportedKey = errors.New("httpsig: unsupported key")

	// ErrInvalidKey means key data (PEM, JWK or Multikey) could not be
	// parsed or does not hold a valid key. Keys that parse but that this
	// package cannot use give [ErrUnsupportedKey] instead.
	ErrInvalidKey = errors.New("httpsig: invalid key")

	// ErrMissingComponent means the signature does not cover a component
	// that the verifier requires, or the message lacks a covered component.
	// The concrete error is a [*MissingComponentError].
	ErrMissingComponent = errors.New("httpsig: missing required component")

	// ErrExpired means the signature is past its expiry time, or older than
	// the verifier accepts.
	ErrExpired = errors.New("httpsig: signature expired")

	// ErrNotYetValid means the signature was created further in the future
	// than the verifier's clock skew allows.
	ErrNotYetValid = errors.New("httpsig: signature created in the future")

	// ErrDigestMismatch means the Digest or Content-Digest header does not
	// match the body.
	ErrDigestMismatch = errors.New("httpsig: body digest mismatch")

	// ErrKeyNotFound means the key resolver has no key for the keyId. A
	// [KeyResolver] returns it (wrapped or not) for unknown keys.
	ErrKeyNotFound = errors.New("httpsig: key not found")

	// ErrBadSignature means the signature does not verify with the key.
	ErrBadSignature = errors.New("httpsig: bad signature")

	// ErrBodyTooLarge means a body exceeded the configured size limit while
	// it was being read for a digest.
	ErrBodyTooLarge = errors.New("httpsig: body too large")
)

// MalformedError reports a header that could not be parsed.
type MalformedError struct {
	// Header is the canonical name of the header, such as "Signature-Input".
	Header string
	// Offset is the byte offset in the header value where parsing failed,
	// or -1 when the failure is not tied to a position.
	Offset int
	// Reason says what was wrong.
	Reason string
}

// Error says which header is malformed, where, and why.
func (e *MalformedError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("httpsig: malformed %s header: %s", e.Header, e.Reason)
	}
	return fmt.Sprintf("httpsig: malformed %s header at offset %d: %s", e.Header, e.Offset, e.Reason)
}

// Is reports whether target is [ErrMalformed].
func (e *MalformedError) Is(target error) bool { return target == ErrMalformed }

// MissingComponentError reports a component (a header name such as "digest",
// or a derived component such as "@target-uri" or "(request-target)") that a
// signature must cover but does not, or that a signature covers but the
// message lacks.
type MissingComponentError struct {
	// Component is the component identifier, as written in the signature.
	Component string
	// InMessage is true when the signature covers the component but the
	// message does not carry it; false when the verifier requires the
	// component and the signature does not cover it.
	InMessage bool
}

// Error names the component and whether the signature or the message
// lacks it.
func (e *MissingComponentError) Error() string {
	if e.InMessage {
		return fmt.Sprintf("httpsig: covered component %q is absent from the message", e.Component)
	}
	return fmt.Sprintf("httpsig: signature does not cover required component %q", e.Component)
}

// Is reports whether target is [ErrMissingComponent].
func (e *MissingComponentError) Is(target error) bool { return target == ErrMissingComponent }

// invalidKeyError marks a key parsing error as [ErrInvalidKey], keeping its
// message.
type invalidKeyError struct{ err error }

func (e invalidKeyError) Error() string        { return e.err.Error() }
func (e invalidKeyError) Unwrap() error        { return e.err }
func (e invalidKeyError) Is(target error) bool { return target == ErrInvalidKey }

// invalidKey wraps err as an [ErrInvalidKey], unless it is nil or already
// says the key is unsupported.
func invalidKey(err error) error {
	if err == nil || errors.Is(err, ErrUnsupportedKey) || errors.Is(err, ErrInvalidKey) {
		return err
	}
	return invalidKeyError{err}
}
