package httpsig

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// Default body size limits. A signer reads a request body to compute its
// digest; a verifier reads it to check the digest. Both keep the bytes and
// put back a body that reads them again.
const (
	DefaultSignMaxBodySize   = 10 << 20
	DefaultVerifyMaxBodySize = 1 << 20
)

// readBody reads all of body, up to max bytes, and closes it. size is the
// announced length, or -1 or 0 when unknown. A nil body or http.NoBody
// gives nil.
func readBody(body io.ReadCloser, size, max int64) ([]byte, error) {
	if body == nil || body == http.NoBody {
		return nil, nil
	}
	defer body.Close()
	if size > max {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrBodyTooLarge, size, max)
	}
	if size > 0 {
		// The length is announced: read exactly that, and check that
		// nothing follows.
		b := make([]byte, size)
		if _, err := io.ReadFull(body, b); err != nil {
			return nil, fmt.Errorf("httpsig: reading the body: %w", err)
		}
		var one [1]byte
		if n, _ := body.Read(one[:]); n > 0 {
			return nil, fmt.Errorf("httpsig: the body is longer than its Content-Length")
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(body, max+1))
	if err != nil {
		return nil, fmt.Errorf("httpsig: reading the body: %w", err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, max)
	}
	return b, nil
}

// setRequestBody makes r's body read b, from the start, as often as needed.
func setRequestBody(r *http.Request, b []byte) {
	r.ContentLength = int64(len(b))
	if len(b) == 0 {
		r.Body = http.NoBody
		r.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		return
	}
	body := bodyReader(b)
	r.Body = body
	r.GetBody = body.again
}

// replayBody is a request or response body held in memory.
type replayBody struct {
	bytes.Reader
	b []byte
}

func bodyReader(b []byte) *replayBody {
	rb := &replayBody{b: b}
	rb.Reset(b)
	return rb
}

// Close does nothing: the bytes stay readable.
func (*replayBody) Close() error { return nil }

// again returns a new body that reads the same bytes from the start.
func (rb *replayBody) again() (io.ReadCloser, error) { return bodyReader(rb.b), nil }

// hasBody reports whether a request carries, or by its method is expected
// to carry, content that a signature must protect with a digest.
func hasBody(method string, body []byte) bool {
	if len(body) > 0 {
		return true
	}
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return true
	}
	return false
}
