package apiclient

import (
	"io"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRequest(t *testing.T) {
	t.Parallel()
	base, err := url.Parse("https://api.example/prefix/")
	require.NoError(t, err)

	req, err := NewRequest(t.Context(), "x", base, "ua/1", "POST", "api/v1/things?a=1", map[string]int{"n": 1})
	require.NoError(t, err)
	assert.Equal(t, "https://api.example/prefix/api/v1/things?a=1", req.URL.String())
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", req.Header.Get("Accept"))
	assert.Equal(t, "ua/1", req.Header.Get("User-Agent"))
	b, _ := io.ReadAll(req.Body)
	assert.JSONEq(t, `{"n":1}`, string(b))

	req, err = NewRequest(t.Context(), "x", base, "ua/1", "POST", "form", url.Values{"k": {"v"}})
	require.NoError(t, err)
	assert.Equal(t, "application/x-www-form-urlencoded", req.Header.Get("Content-Type"))

	_, err = NewRequest(t.Context(), "x", base, "ua/1", "GET", "/absolute", nil)
	assert.ErrorContains(t, err, "x: path")
	_, err = NewRequest(t.Context(), "x", base, "ua/1", "POST", "p", func() {})
	assert.ErrorContains(t, err, "x: encoding")
}
