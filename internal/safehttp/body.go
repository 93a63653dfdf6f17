package safehttp

import (
	"fmt"
	"io"
	"math"
)

// ReadBody reads r to the end and returns what it read, as long as that is
// at most max bytes. If r holds more, ReadBody stops after max+1 bytes and
// returns an error that matches [ErrBodyTooLarge] and names the limit, so
// an endless body costs at most max+1 bytes of memory. A max below zero is
// taken as zero. ReadBody does not close r.
func ReadBody(r io.Reader, max int64) ([]byte, error) {
	if max < 0 {
		max = 0
	}
	n := max
	if n < math.MaxInt64 {
		n++ // one byte more than allowed tells "exactly max" from "more"
	}
	b, err := io.ReadAll(io.LimitReader(r, n))
	if err != nil {
		return nil, fmt.Errorf("fedikit: reading response body: %w", err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w (limit %d bytes)", ErrBodyTooLarge, max)
	}
	return b, nil
}
