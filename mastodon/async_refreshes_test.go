package mastodon

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAsyncRefreshesGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	const id = "ImNvbnRleHQ6MTEzNjQwNTczMzAzNzg1MTc4OnJlZnJlc2gi--c526259eb4a1f3ef0d4b91cf8c99bf501330a815"
	mux.HandleFunc("GET /api/v1_alpha/async_refreshes/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case id:
			serveJSON(w, http.StatusOK, corpus(t, "docs/method_async_refreshes_response_200_01.json"))
		case "empty":
			serveJSON(w, http.StatusOK, `{}`)
		default:
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_async_refreshes_response_404_01.json"))
		}
	})
	ctx := t.Context()

	ar, _, err := c.AsyncRefreshes.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, ID(id), ar.ID)
	assert.Equal(t, AsyncRefreshRunning, ar.Status)
	require.NotNil(t, ar.ResultCount)
	assert.Equal(t, 2, *ar.ResultCount)

	_, _, err = c.AsyncRefreshes.Get(ctx, "expired")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported, "Mastodon answers an unknown ID as a missing route")
	_, _, err = c.AsyncRefreshes.Get(ctx, "empty")
	assert.Error(t, err, "an answer without the refresh")
	_, _, err = c.AsyncRefreshes.Get(ctx, "..")
	assert.Error(t, err)
}

func TestParseAsyncRefresh(t *testing.T) {
	t.Parallel()
	two := 2
	for _, tc := range []struct {
		header string
		want   *AsyncRefreshHint
	}{
		{`id="abc--123", retry=3`, &AsyncRefreshHint{ID: "abc--123", Retry: 3 * time.Second}},
		{`id="abc", retry=5, result_count=2`, &AsyncRefreshHint{ID: "abc", Retry: 5 * time.Second, ResultCount: &two}},
		{`retry=1,id="a\"b"`, &AsyncRefreshHint{ID: `a"b`, Retry: time.Second}},
		{` ID = "x" ; junk , retry=soon`, &AsyncRefreshHint{ID: "x"}},
		{`id=plain`, &AsyncRefreshHint{ID: "plain"}},
		{`retry=3`, nil},
		{`id=""`, nil},
		{`id="unterminated`, &AsyncRefreshHint{ID: "unterminated"}},
		{``, nil},
		{`garbage`, nil},
	} {
		got, ok := parseAsyncRefresh(tc.header)
		assert.Equal(t, tc.want != nil, ok, tc.header)
		assert.Equal(t, tc.want, got, tc.header)
	}

	var resp *Response
	_, ok := resp.AsyncRefresh()
	assert.False(t, ok, "a nil Response")
	_, ok = (&Response{Response: &http.Response{Header: http.Header{}}}).AsyncRefresh()
	assert.False(t, ok, "no header")
}
