package peertube

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each captured error of a real server decodes into an ErrorResponse
// that matches its sentinel.
func TestCapturedErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /e/{name}", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, r.PathValue("name")+".json")
	})
	get := func(name string) (*ErrorResponse, *Response) {
		req, err := c.NewRequest(t.Context(), "GET", "e/"+name+"?token=secret", nil)
		require.NoError(t, err)
		resp, err := c.Do(req, nil)
		var er *ErrorResponse
		require.ErrorAs(t, err, &er, name)
		assert.NotContains(t, err.Error(), "secret", "the query may carry a token")
		assert.Equal(t, "GET", er.Method)
		assert.Equal(t, basePath+"/e/"+name, er.Path)
		require.NotNil(t, resp)
		assert.False(t, resp.Rate.IsZero(), "the captures carry rate-limit headers")
		return er, resp
	}

	er, _ := get("404-video-not-found")
	assert.ErrorIs(t, er, ErrNotFound)
	assert.Equal(t, 404, er.StatusCode)
	assert.Equal(t, 404, er.Status)
	assert.Equal(t, "about:blank", er.Type)
	assert.Equal(t, "Not Found", er.Title)
	assert.Equal(t, "Video not found", er.Detail)
	assert.Equal(t, "Video not found", er.Message)
	assert.Equal(t, "https://docs.joinpeertube.org/api-rest-reference.html#operation/getVideo", er.Docs)
	assert.Equal(t, "peertube: GET /prefix/e/404-video-not-found: 404 Video not found", er.Error())

	er, resp := get("400-validation")
	assert.ErrorIs(t, er, ErrBadRequest)
	assert.Equal(t, "/api/v1/videos/not-a-valid-id", er.Instance)
	require.Contains(t, er.InvalidParams, "id")
	p := er.InvalidParams["id"]
	assert.Equal(t, "id", p.Param, "read from path")
	assert.Equal(t, "params", p.Location)
	assert.Equal(t, "field", p.Type)
	assert.Equal(t, "Should have a valid video id (id, short UUID or UUID)", p.Msg)
	assert.JSONEq(t, `"not-a-valid-id"`, string(p.Value))
	assert.Equal(t, "peertube: GET /prefix/e/400-validation: 400 Incorrect request parameters: id: id: Should have a valid video id (id, short UUID or UUID)", er.Error())
	assert.Equal(t, Rate{Limit: 50, Remaining: 48, Reset: resp.Rate.Reset}, resp.Rate)
	assert.EqualValues(t, 1795640049, resp.Rate.Reset.Unix())

	er, _ = get("400-invalid-grant")
	assert.ErrorIs(t, er, ErrBadRequest)
	assert.Equal(t, CodeInvalidGrant, er.Code)
	assert.Contains(t, er.Error(), "400 Invalid grant: user credentials are invalid (invalid_grant)")

	er, _ = get("400-invalid-client")
	assert.Equal(t, CodeInvalidClient, er.Code)
	assert.Equal(t, "https://docs.joinpeertube.org/api-rest-reference.html#section/Errors/invalid_client", er.Type)

	er, _ = get("401-invalid-token")
	assert.ErrorIs(t, er, ErrUnauthorized)
	assert.NotErrorIs(t, er, ErrTwoFactorRequired)
	assert.Equal(t, CodeInvalidToken, er.Code)

	er, _ = get("403-oauth-client-host-mismatch")
	assert.ErrorIs(t, er, ErrForbidden)
	assert.Equal(t, "Getting client tokens for host localhost:9000 is forbidden", er.Detail)
}

func TestErrorSentinels(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrBadRequest, ErrUnauthorized, ErrTwoFactorRequired, ErrForbidden, ErrNotFound, ErrConflict, ErrTooLarge, ErrRateLimited, ErrServer}
	for _, tc := range []struct {
		status int
		code   string
		want   []error
	}{
		{400, "", []error{ErrBadRequest}},
		{401, "", []error{ErrUnauthorized}},
		{401, CodeMissingTwoFactor, []error{ErrUnauthorized, ErrTwoFactorRequired}},
		{400, CodeInvalidTwoFactor, []error{ErrBadRequest}},
		{403, "", []error{ErrForbidden}},
		{404, "", []error{ErrNotFound}},
		{409, "", []error{ErrConflict}},
		{413, "", []error{ErrTooLarge}},
		{429, "", []error{ErrRateLimited}},
		{500, "", []error{ErrServer}},
		{503, "", []error{ErrServer}},
		{418, "", nil},
	} {
		e := &ErrorResponse{StatusCode: tc.status, Code: tc.code}
		for _, s := range sentinels {
			want := false
			for _, w := range tc.want {
				want = want || w == s
			}
			assert.Equal(t, want, errors.Is(e, s), "%d %s %v", tc.status, tc.code, s)
		}
	}
}

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	resp := func(code int) *http.Response {
		req, _ := http.NewRequest("POST", "https://videos.example/api/v1/users/token?x=1", nil)
		return &http.Response{StatusCode: code, Request: req}
	}

	// The older body: {"error": "..."} only.
	e := newErrorResponse(resp(400), []byte(`{"error":"Invalid client: client is invalid"}`))
	assert.Equal(t, "Invalid client: client is invalid", e.Message)
	assert.Equal(t, "peertube: POST /api/v1/users/token: 400 Invalid client: client is invalid", e.Error())

	// The spelling of the API reference: "param"; a body parameter's
	// value is not kept.
	e = newErrorResponse(resp(400), []byte(`{"status":400,"title":"Bad Request","detail":"Incorrect request parameters: password, id",
		"invalid-params":{"password":{"location":"body","msg":"Invalid value","param":"password","value":"hunter2"},
		"id":{"location":"params","msg":"Invalid value","param":"id","value":"9c9de5e8"}}}`))
	assert.Equal(t, "password", e.InvalidParams["password"].Param)
	assert.Nil(t, e.InvalidParams["password"].Value)
	assert.JSONEq(t, `"9c9de5e8"`, string(e.InvalidParams["id"].Value))
	assert.NotContains(t, e.Error(), "hunter2")
	assert.Contains(t, e.Error(), ": id: Invalid value; password: Invalid value", "sorted by name")

	// A message that is not a string.
	e = newErrorResponse(resp(400), []byte(`{"invalid-params":{"x":{"path":"x","msg":{"k":1}}}}`))
	assert.Equal(t, `{"k":1}`, e.InvalidParams["x"].Msg)

	// Only the title, or nothing at all.
	assert.Equal(t, "peertube: POST /api/v1/users/token: 409 Conflict", newErrorResponse(resp(409), []byte(`{"title":"Conflict"}`)).Error())
	assert.Equal(t, "peertube: POST /api/v1/users/token: 502 Bad Gateway", newErrorResponse(resp(502), []byte("<html>bad gateway</html>")).Error())
	assert.Equal(t, "peertube: POST /api/v1/users/token: 500 Internal Server Error", newErrorResponse(resp(500), []byte(`{"detail":`)).Error())

	// A field of another type is skipped, the others are read.
	e = newErrorResponse(resp(400), []byte(`{"status":"400","detail":"kept","code":"c"}`))
	assert.Equal(t, "kept", e.Detail)
	assert.Equal(t, "c", e.Code)
	assert.Equal(t, 400, e.StatusCode)

	// Long messages are cut.
	long := strings.Repeat("é", 400)
	e = newErrorResponse(resp(400), []byte(`{"detail":"`+long+`"}`))
	assert.LessOrEqual(t, len(e.Detail), maxMessage+len("…"))
	assert.True(t, strings.HasSuffix(e.Detail, "…"))
	assert.True(t, json.Valid([]byte(`"`+e.Detail+`"`)), "cut on a rune boundary")

	// No request (a RoundTripper that sets none).
	e = newErrorResponse(&http.Response{StatusCode: 404}, nil)
	assert.Equal(t, "peertube: 404 Not Found", e.Error())
}

func TestErrorResponseViaDo(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html>bad gateway</html>")
	})
	req, _ := c.NewRequest(t.Context(), "GET", "html", nil)
	resp, err := c.Do(req, nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.NotContains(t, err.Error(), "<html>")
	assert.Equal(t, 5, resp.Attempts, "a GET is retried on 5xx")
}
