package mastodon

import (
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHealth(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			// What Mastodon sends.
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = io.WriteString(w, "OK")
			return
		}
		// The documentation's example.
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_health_get_200_01.json"))
	})
	require.NoError(t, c.Health(t.Context()))
	require.NoError(t, c.Health(t.Context()))
}

func TestHealthErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	var n atomic.Int32
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "Service Unavailable")
			return
		}
		// A server without the endpoint (GoToSocial has /livez and /readyz).
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	err := c.Health(t.Context())
	assert.ErrorIs(t, err, ErrServer)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, http.StatusServiceUnavailable, er.StatusCode)
	assert.ErrorIs(t, c.Health(t.Context()), ErrNotSupported)
}
