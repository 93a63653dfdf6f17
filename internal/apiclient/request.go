package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// NewRequest builds a request of an API whose base URL (ending in a
// slash) is base: path is relative to it, without a leading slash, so
// that a server behind a prefix keeps it. body, when not nil, is sent as
// a form (url.Values), as it is (an io.Reader, with the Content-Type left
// to the caller) or as JSON (anything else). The request asks for JSON
// and carries userAgent. Errors start with name, the package's.
func NewRequest(ctx context.Context, name string, base *url.URL, userAgent, method, path string, body any) (*http.Request, error) {
	if strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("%s: path %q must be relative", name, path)
	}
	rel, err := url.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("%s: path %q: %w", name, path, err)
	}
	var r io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		r, contentType = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case io.Reader:
		r = b
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("%s: encoding the request: %w", name, err)
		}
		r, contentType = bytes.NewReader(buf), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, base.ResolveReference(rel).String(), r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	return req, nil
}
