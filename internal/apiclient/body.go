package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// MaxErrorBody caps the body of an error answer: 1 MiB.
const MaxErrorBody = 1 << 20

// ReadErrorBody reads at most [MaxErrorBody] bytes of an error answer's
// body; a read error leaves what was read.
func ReadErrorBody(r io.Reader) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, MaxErrorBody))
	return b
}

// Decode reads a successful answer's body r into v: nothing (the body is
// drained, up to 64 KiB, so that the connection can be reused) when v is
// nil, the body as it is when v is an io.Writer, else its JSON. A body
// over max bytes fails with [safehttp.ErrBodyTooLarge].
func Decode(r io.Reader, v any, max int64) error {
	switch w := v.(type) {
	case nil:
		_, _ = io.Copy(io.Discard, io.LimitReader(r, 64<<10))
	case io.Writer:
		n, err := io.Copy(w, io.LimitReader(r, max+1))
		if err != nil {
			return fmt.Errorf("reading the answer: %w", err)
		}
		if n > max {
			return safehttp.ErrBodyTooLarge
		}
	default:
		body, err := safehttp.ReadBody(r, max)
		if err != nil {
			return fmt.Errorf("reading the answer: %w", err)
		}
		if err := json.Unmarshal(body, v); err != nil {
			return fmt.Errorf("decoding the answer: %w", err)
		}
	}
	return nil
}

// Cause returns the error of a failed [http.Client.Do] without its
// *url.Error wrapper, which would print the URL and its query (where a
// token may be), and with ctx's error added when ctx is done but err does
// not say so.
func Cause(ctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w (%w)", ctxErr, err)
	}
	return err
}
