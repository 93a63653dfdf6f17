package safehttp

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		max     int64
		want    string
		tooLong bool
	}{
		{"empty", "", 10, "", false},
		{"under", "hello", 10, "hello", false},
		{"exact", "hello", 5, "hello", false},
		{"one over", "hello!", 5, "", true},
		{"far over", strings.Repeat("x", 1<<16), 100, "", true},
		{"zero limit, empty", "", 0, "", false},
		{"zero limit, one byte", "x", 0, "", true},
		{"negative limit", "x", -1, "", true},
		{"huge limit", "hello", math.MaxInt64, "hello", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ReadBody(strings.NewReader(tt.body), tt.max)
			if tt.tooLong {
				require.ErrorIs(t, err, ErrBodyTooLarge)
				assert.Nil(t, got)
				assert.Regexp(t, `^fedikit: response body too large \(limit -?\d+ bytes\)$`, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestReadBodyLimitInMessage(t *testing.T) {
	t.Parallel()
	_, err := ReadBody(strings.NewReader("0123456789"), 4)
	require.ErrorIs(t, err, ErrBodyTooLarge)
	assert.Contains(t, err.Error(), "4 bytes")
}

// endless is a reader that never ends, counting what it hands out.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadBodyStopsEarly(t *testing.T) {
	t.Parallel()
	r := &endless{}
	_, err := ReadBody(r, 1000)
	require.ErrorIs(t, err, ErrBodyTooLarge)
	// The reader may be asked for a buffer's worth, not for everything.
	assert.Less(t, r.n, int64(1<<16))
}

// failing is a reader that fails after some bytes.
type failing struct{ data io.Reader }

var errBroken = errors.New("broken pipe")

func (f failing) Read(p []byte) (int, error) {
	n, err := f.data.Read(p)
	if err == io.EOF {
		return n, errBroken
	}
	return n, err
}

func TestReadBodyReadError(t *testing.T) {
	t.Parallel()
	_, err := ReadBody(failing{strings.NewReader("abc")}, 10)
	require.ErrorIs(t, err, errBroken)
	assert.NotErrorIs(t, err, ErrBodyTooLarge)
	assert.Regexp(t, "^fedikit: ", err.Error())
}

// closeRecorder records whether Close was called.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error {
	c.closed = true
	return nil
}

func TestReadBodyDoesNotClose(t *testing.T) {
	t.Parallel()
	rc := &closeRecorder{Reader: strings.NewReader("abc")}
	got, err := ReadBody(rc, 10)
	require.NoError(t, err)
	assert.Equal(t, "abc", string(got))
	assert.False(t, rc.closed)
}
