package peertube

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. An [*ErrorResponse] matches the ones of its status and
// code with [errors.Is]: errors.Is(err, peertube.ErrNotFound).
var (
	// ErrBadRequest means the server refused the parameters (400); the
	// error's InvalidParams says which.
	ErrBadRequest = errors.New("peertube: bad request")
	// ErrUnauthorized means the token is missing, invalid or expired, or
	// a login was refused (401).
	ErrUnauthorized = errors.New("peertube: unauthorized")
	// ErrTwoFactorRequired means a login needs the one-time code of the
	// account's second factor (401 with code missing_two_factor): ask the
	// user for it and log in again with it ([PasswordOptions].OTP). It
	// also matches [ErrUnauthorized].
	ErrTwoFactorRequired = errors.New("peertube: two-factor code required")
	// ErrForbidden means the account may not do this, or may not see the
	// video (403).
	ErrForbidden = errors.New("peertube: forbidden")
	// ErrNotFound means there is no such entity, or it is not visible to
	// this token (404).
	ErrNotFound = errors.New("peertube: not found")
	// ErrConflict means the request clashes with the server's state
	// (409), such as a name already taken.
	ErrConflict = errors.New("peertube: conflict")
	// ErrTooLarge means a file or the request is too large, or the user's
	// video quota would be exceeded (413).
	ErrTooLarge = errors.New("peertube: too large")
	// ErrRateLimited means the rate limit was exceeded (429). The error
	// is then a [*RateLimitError].
	ErrRateLimited = errors.New("peertube: rate limited")
	// ErrServer means the server failed (5xx).
	ErrServer = errors.New("peertube: server error")
)

// Codes of [ErrorResponse].Code that PeerTube sends, among others.
const (
	// CodeMissingTwoFactor: a login needs the one-time code.
	CodeMissingTwoFactor = "missing_two_factor"
	// CodeInvalidTwoFactor: the one-time code of a login is wrong.
	CodeInvalidTwoFactor = "invalid_two_factor"
	// CodeInvalidGrant: the user's credentials, or the refresh token,
	// are wrong.
	CodeInvalidGrant = "invalid_grant"
	// CodeInvalidClient: the OAuth client id or secret is wrong.
	CodeInvalidClient = "invalid_client"
	// CodeInvalidToken: the access token is invalid or expired.
	CodeInvalidToken = "invalid_token"
)

// ErrorResponse is an error answer of the API: its status and the
// problem document PeerTube sends (RFC 7807, application/problem+json).
// Older servers send only {"error": "..."}, which fills Message.
type ErrorResponse struct {
	// StatusCode is the HTTP status.
	StatusCode int `json:"-"`
	// Method and Path say which request failed. The query is left out,
	// as it may carry a token.
	Method, Path string `json:"-"`

	// Type is a URI naming the kind of problem; "about:blank" when the
	// status says it all.
	Type string `json:"type"`
	// Title is a short summary of the kind of problem, such as "Not
	// Found".
	Title string `json:"title"`
	// Status is the HTTP status as the body gives it.
	Status int `json:"status"`
	// Detail explains this occurrence: "Video not found".
	Detail string `json:"detail"`
	// Instance is the path of the request the problem occurred on.
	Instance string `json:"instance"`
	// Code is PeerTube's own name of the error, when it gives one:
	// [CodeInvalidGrant], [CodeMissingTwoFactor]…
	Code string `json:"code"`
	// Docs links to the API reference of the operation.
	Docs string `json:"docs"`
	// InvalidParams lists, for a validation failure (400), the refused
	// parameters by name.
	InvalidParams map[string]InvalidParam `json:"invalid-params"`
	// Message is the deprecated "error" field, which repeats Detail on
	// current servers and is all that older ones send.
	Message string `json:"error"`
}

// InvalidParam is a parameter that failed validation.
type InvalidParam struct {
	// Param is the parameter's name, as PeerTube's validator reports it
	// ("path" on current servers, "param" on older ones).
	Param string
	// Location is where the parameter was: "params" (the path), "query",
	// "body", "headers" or "cookies".
	Location string
	// Msg says what is wrong.
	Msg string
	// Value is the refused value as it came, kept only for parameters of
	// the path and the query: one of the body or the headers may be a
	// password.
	Value json.RawMessage
	// Type is the validator's kind of item, usually "field".
	Type string
}

// UnmarshalJSON reads both spellings of the parameter's name.
func (p *InvalidParam) UnmarshalJSON(b []byte) error {
	var raw struct {
		Param    string          `json:"param"`
		Path     string          `json:"path"`
		Location string          `json:"location"`
		Msg      json.RawMessage `json:"msg"`
		Value    json.RawMessage `json:"value"`
		Type     string          `json:"type"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*p = InvalidParam{Param: raw.Path, Location: raw.Location, Type: raw.Type}
	if p.Param == "" {
		p.Param = raw.Param
	}
	// A validator's message is usually a string, but may be anything.
	if json.Unmarshal(raw.Msg, &p.Msg) != nil && len(raw.Msg) > 0 {
		p.Msg = string(raw.Msg)
	}
	if p.Location == "params" || p.Location == "query" {
		p.Value = raw.Value
	}
	return nil
}

// Error describes the failure: method, path, status, message and, for a
// validation failure, what is wrong with each parameter.
func (e *ErrorResponse) Error() string {
	var b strings.Builder
	b.WriteString("peertube: ")
	if e.Method != "" || e.Path != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, e.message())
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	names := make([]string, 0, len(e.InvalidParams))
	for name := range e.InvalidParams {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%s: %s", sep, name, e.InvalidParams[name].Msg)
	}
	return b.String()
}

// message is the best description the body gives.
func (e *ErrorResponse) message() string {
	switch {
	case e.Detail != "":
		return e.Detail
	case e.Message != "":
		return e.Message
	case e.Title != "":
		return e.Title
	}
	return http.StatusText(e.StatusCode)
}

// Is matches the sentinel error of the status, and
// [ErrTwoFactorRequired] by the code.
func (e *ErrorResponse) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrTwoFactorRequired:
		return e.Code == CodeMissingTwoFactor
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrTooLarge:
		return e.StatusCode == http.StatusRequestEntityTooLarge
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// RateLimitError is the error of a request refused with 429 Too Many
// Requests that was not retried: the wait was longer than
// [Options].MaxRateLimitWait, or the retries were spent. It matches
// [ErrRateLimited].
type RateLimitError struct {
	// Rate is the budget the server announced.
	Rate Rate
	// RetryAfter is when the request may be made again: the answer's
	// Retry-After, else the budget's reset; zero when the answer said
	// neither.
	RetryAfter time.Time
	// Err is the server's answer.
	Err *ErrorResponse
}

// Error says when the budget is renewed.
func (e *RateLimitError) Error() string {
	when := "later"
	if !e.RetryAfter.IsZero() {
		when = "at " + e.RetryAfter.UTC().Format(time.RFC3339)
	}
	if e.Err != nil {
		return fmt.Sprintf("peertube: %s %s: rate limited, retry %s", e.Err.Method, e.Err.Path, when)
	}
	return "peertube: rate limited, retry " + when
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

// maxMessage caps the messages kept from an error body.
const maxMessage = 500

// newErrorResponse builds the error of a failed response from its body
// (already read, at most 1 MiB). A body that is not a JSON object (an
// HTML page of a proxy) is left out: it says nothing useful and may be
// long.
func newErrorResponse(resp *http.Response, body []byte) *ErrorResponse {
	e := &ErrorResponse{StatusCode: resp.StatusCode}
	if resp.Request != nil {
		e.Method = resp.Request.Method
		if resp.Request.URL != nil {
			e.Path = resp.Request.URL.Path
		}
	}
	if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '{' {
		var parsed ErrorResponse
		err := json.Unmarshal(b, &parsed)
		// A field of an unexpected type is skipped; the others are read.
		var typeErr *json.UnmarshalTypeError
		if err == nil || errors.As(err, &typeErr) {
			parsed.StatusCode, parsed.Method, parsed.Path = e.StatusCode, e.Method, e.Path
			e = &parsed
		}
	}
	e.Detail, e.Message, e.Title = truncate(e.Detail), truncate(e.Message), truncate(e.Title)
	return e
}

// truncate cuts s to maxMessage bytes, on a rune boundary.
func truncate(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
