package mastodon

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors. An [*ErrorResponse] matches the one of its status with
// [errors.Is]: errors.Is(err, mastodon.ErrNotFound).
var (
	// ErrUnauthorized means the token is missing, invalid or revoked (401).
	ErrUnauthorized = errors.New("mastodon: unauthorized")
	// ErrForbidden means the token lacks a scope, or the account may not
	// do this (403).
	ErrForbidden = errors.New("mastodon: forbidden")
	// ErrNotFound means there is no such entity, or it is not visible to
	// this token (404).
	ErrNotFound = errors.New("mastodon: not found")
	// ErrGone means the entity was deleted (410).
	ErrGone = errors.New("mastodon: gone")
	// ErrUnprocessable means the server refused the parameters (422).
	ErrUnprocessable = errors.New("mastodon: unprocessable")
	// ErrRateLimited means the rate limit was exceeded (429). The error is
	// then a [*RateLimitError].
	ErrRateLimited = errors.New("mastodon: rate limited")
	// ErrServer means the server failed (5xx).
	ErrServer = errors.New("mastodon: server error")
	// ErrNotSupported means the server does not offer what was asked: an
	// endpoint of a later Mastodon version, or one that GoToSocial,
	// Pleroma or Akkoma lack. The error is then a [*NotSupportedError].
	ErrNotSupported = errors.New("mastodon: not supported by this server")
)

// ErrorResponse is an error answer of the API: its status and the error
// body Mastodon sends ({"error": …, "error_description": …}).
type ErrorResponse struct {
	// StatusCode is the HTTP status.
	StatusCode int `json:"-"`
	// Method and Path say which request failed. The query is left out, as
	// it may carry a token.
	Method, Path string `json:"-"`
	// RequestID is the X-Request-Id the server gave the request, for its
	// administrators' logs.
	RequestID string `json:"-"`
	// Message is the error, such as "Record not found" or "Validation
	// failed: Text can't be blank".
	Message string `json:"error"`
	// Description is the OAuth error description, when there is one.
	Description string `json:"error_description,omitempty"`
	// Details holds, for a 422 validation failure, the failures of each
	// field.
	Details map[string][]ErrorDetail `json:"details,omitempty"`

	// body is the error body as it came (at most 1 MiB), for the methods
	// that read more from it, such as an existing domain block.
	body []byte
}

// Error describes the failure: method, path, status and message.
func (e *ErrorResponse) Error() string {
	msg := e.Message
	if e.Description != "" && e.Description != msg {
		if msg != "" {
			msg += ": "
		}
		msg += e.Description
	}
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	return fmt.Sprintf("mastodon: %s %s: %d %s", e.Method, e.Path, e.StatusCode, msg)
}

// Is matches the sentinel error of the status.
func (e *ErrorResponse) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrGone:
		return e.StatusCode == http.StatusGone
	case ErrUnprocessable:
		return e.StatusCode == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// RateLimitError is the error of a request refused with 429 Too Many
// Requests (or, with [RateLimitFail], not sent because the budget is
// spent). It matches [ErrRateLimited].
type RateLimitError struct {
	// Rate is the budget the server announced.
	Rate Rate
	// RetryAfter is when the request may be made again.
	RetryAfter time.Time
	// Err is the server's answer, when there was one.
	Err *ErrorResponse
}

// Error says when the budget is renewed.
func (e *RateLimitError) Error() string {
	when := "later"
	if !e.RetryAfter.IsZero() {
		when = "at " + e.RetryAfter.UTC().Format(time.RFC3339)
	}
	if e.Err != nil {
		return fmt.Sprintf("mastodon: %s %s: rate limited, retry %s", e.Err.Method, e.Err.Path, when)
	}
	return "mastodon: rate limited, retry " + when
}

// Is matches [ErrRateLimited].
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Unwrap returns the server's answer.
func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// NotSupportedError reports a feature the server lacks. It matches
// [ErrNotSupported].
type NotSupportedError struct {
	// Feature names what was asked, such as "GET /api/v2/instance".
	Feature string
	// Server is the server's software and version, as far as known.
	Server string
}

// Error names the feature and the server.
func (e *NotSupportedError) Error() string {
	if e.Server == "" {
		return "mastodon: " + e.Feature + " is not supported by this server"
	}
	return "mastodon: " + e.Feature + " is not supported by " + e.Server
}

// Is matches [ErrNotSupported].
func (e *NotSupportedError) Is(target error) bool { return target == ErrNotSupported }

// newErrorResponse builds the error of a failed response from its body
// (already read, at most 1 MiB).
func newErrorResponse(resp *http.Response, body []byte) *ErrorResponse {
	e := &ErrorResponse{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id")}
	if resp.Request != nil {
		e.Method = resp.Request.Method
		if resp.Request.URL != nil {
			e.Path = resp.Request.URL.Path
		}
	}
	// A body that is not the error JSON (an HTML page of a proxy) is
	// left out: it says nothing useful and may be long.
	var parsed struct {
		Error       json.RawMessage          `json:"error"`
		Description string                   `json:"error_description"`
		Details     map[string][]ErrorDetail `json:"details"`
	}
	if json.Unmarshal(body, &parsed) == nil {
		// GoToSocial and Mastodon send a string; Mastodon's collections
		// nest the whole error body in "error"; some servers send a list
		// of messages.
		var s string
		switch {
		case json.Unmarshal(parsed.Error, &s) == nil:
			e.Message = s
		case json.Unmarshal(parsed.Error, &parsed) == nil && len(parsed.Error) > 0 && parsed.Error[0] == '"':
			_ = json.Unmarshal(parsed.Error, &e.Message)
		case len(parsed.Error) > 0:
			e.Message = string(parsed.Error)
		}
		e.Description, e.Details = parsed.Description, parsed.Details
	}
	e.body = body
	const maxMessage = 500
	if len(e.Message) > maxMessage {
		e.Message = e.Message[:maxMessage] + "…"
	}
	return e
}
