package peertube

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// The OAuth client of openapi/oauth-client.json.
var testOAuthClient = OAuthClient{ClientID: "v1ikx5hnfop4mdpnci8nsqh93c45rldf", ClientSecret: "AjWiOapPltI6EnsWQwlFarRtLh4u8tDt"}

func TestLocalClient(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/oauth-clients/local", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "openapi/oauth-client.json"))
	})
	oc, _, err := c.OAuth.LocalClient(t.Context())
	require.NoError(t, err)
	assert.Equal(t, testOAuthClient, *oc)
	assert.NotContains(t, oc.String(), oc.ClientSecret)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", oc, oc, oc, oc), oc.ClientSecret)
	assert.Contains(t, oc.String(), oc.ClientID)
}

func TestLocalClientHostMismatch(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/oauth-clients/local", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "403-oauth-client-host-mismatch.json")
	})
	_, resp, err := c.OAuth.LocalClient(t.Context())
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, 403, resp.StatusCode)
}

// tokenServer answers the token endpoint: check sees each request, and
// its answer (nil for the spec's example token) is sent.
func tokenServer(t *testing.T, mux *http.ServeMux, check func(w http.ResponseWriter, r *http.Request) bool) *atomic.Int32 {
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/users/token", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		assert.Empty(t, r.Header.Get("Authorization"), "token requests carry no token")
		assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
		if check != nil && !check(w, r) {
			return
		}
		serveJSON(w, 200, corpus(t, "openapi/token.json"))
	})
	return &n
}

func TestPassword(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	tokenServer(t, mux, func(w http.ResponseWriter, r *http.Request) bool {
		testFormValues(t, r, url.Values{
			"client_id": {testOAuthClient.ClientID}, "client_secret": {testOAuthClient.ClientSecret},
			"grant_type": {"password"}, "username": {"alice"}, "password": {"hunter2 &="},
		})
		assert.Equal(t, "123456", r.Header.Get("x-peertube-otp"))
		return true
	})
	before := time.Now()
	tok, resp, err := c.OAuth.Password(t.Context(), &testOAuthClient, "alice", "hunter2 &=", &PasswordOptions{OTP: "123456"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Attempts)
	assert.Equal(t, "90286a0bdf0f7315d9d3fe8dabf9e1d2be9c97d0", tok.AccessToken)
	assert.Equal(t, "2e0d675df9fc96d2e4ec8a3ebbbf45eca9137bb7", tok.RefreshToken)
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.EqualValues(t, 14399, tok.ExpiresIn)
	assert.WithinDuration(t, before.Add(14399*time.Second), tok.Expiry, 2*time.Second)
	assert.EqualValues(t, 1209600, tok.Extra("refresh_token_expires_in"))
	assert.True(t, tok.Valid())
}

func TestPasswordErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	n := tokenServer(t, mux, func(w http.ResponseWriter, r *http.Request) bool {
		require.NoError(t, r.ParseForm())
		switch r.Form.Get("username") {
		case "wrong":
			serveCapture(t, w, "400-invalid-grant.json")
		case "otp":
			if r.Header.Get("x-peertube-otp") == "" {
				serveJSON(w, 401, `{"type":"https://docs.joinpeertube.org/api-rest-reference.html#section/Errors/missing_two_factor","detail":"Missing two factor header","status":401,"code":"missing_two_factor"}`)
				return false
			}
			return true
		case "down":
			serveJSON(w, 503, `{"status":503}`)
		case "empty":
			serveJSON(w, 200, `{"token_type":"Bearer"}`)
		}
		return false
	})

	_, _, err := c.OAuth.Password(t.Context(), &testOAuthClient, "wrong", "hunter2", nil)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, CodeInvalidGrant, er.Code)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.NotContains(t, err.Error(), "hunter2")
	assert.NotContains(t, err.Error(), testOAuthClient.ClientSecret)

	_, _, err = c.OAuth.Password(t.Context(), &testOAuthClient, "otp", "hunter2", nil)
	assert.ErrorIs(t, err, ErrTwoFactorRequired)
	assert.ErrorIs(t, err, ErrUnauthorized)
	tok, _, err := c.OAuth.Password(t.Context(), &testOAuthClient, "otp", "hunter2", &PasswordOptions{OTP: "000000"})
	require.NoError(t, err, "the caller tries again with the code")
	assert.NotEmpty(t, tok.AccessToken)

	n.Store(0)
	_, _, err = c.OAuth.Password(t.Context(), &testOAuthClient, "down", "hunter2", nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.EqualValues(t, 1, n.Load(), "a token request is never sent twice")

	_, _, err = c.OAuth.Password(t.Context(), &testOAuthClient, "empty", "hunter2", nil)
	assert.ErrorContains(t, err, "no access token")

	// Refused before any request.
	n.Store(0)
	for _, tc := range []struct {
		oc       *OAuthClient
		user, pw string
	}{{nil, "a", "b"}, {&OAuthClient{ClientID: "x"}, "a", "b"}, {&testOAuthClient, "", "b"}, {&testOAuthClient, "a", ""}} {
		_, _, err := c.OAuth.Password(t.Context(), tc.oc, tc.user, tc.pw, nil)
		assert.Error(t, err)
	}
	assert.Zero(t, n.Load())
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	tokenServer(t, mux, func(w http.ResponseWriter, r *http.Request) bool {
		testFormValues(t, r, url.Values{
			"client_id": {testOAuthClient.ClientID}, "client_secret": {testOAuthClient.ClientSecret},
			"grant_type": {"refresh_token"}, "refresh_token": {"r-1"},
		})
		return true
	})
	tok, _, err := c.OAuth.Refresh(t.Context(), &testOAuthClient, "r-1")
	require.NoError(t, err)
	assert.Equal(t, "90286a0bdf0f7315d9d3fe8dabf9e1d2be9c97d0", tok.AccessToken)

	_, _, err = c.OAuth.Refresh(t.Context(), &testOAuthClient, "")
	assert.Error(t, err)
}

func TestTokenSourceGivesValidTokenWithoutRequest(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	n := tokenServer(t, mux, nil)
	tok := &oauth2.Token{AccessToken: "a-1", RefreshToken: "r-1", Expiry: time.Now().Add(time.Hour)}
	ts := c.OAuth.TokenSource(t.Context(), &testOAuthClient, tok, nil)
	got, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "a-1", got.AccessToken)
	got.AccessToken = "changed"
	again, _ := ts.Token()
	assert.Equal(t, "a-1", again.AccessToken, "Token returns a copy")
	tok.AccessToken = "changed"
	again, _ = ts.Token()
	assert.Equal(t, "a-1", again.AccessToken, "the source keeps its own copy")
	assert.Zero(t, n.Load())
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", ts, ts, ts, ts), "a-1")
}

func TestTokenSourceSharesOneRefresh(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	n := tokenServer(t, mux, func(w http.ResponseWriter, r *http.Request) bool {
		time.Sleep(5 * time.Millisecond) // let the other callers pile up
		return true
	})
	var refreshed []*oauth2.Token
	ts := c.OAuth.TokenSource(t.Context(), &testOAuthClient,
		&oauth2.Token{AccessToken: "old", RefreshToken: "r-1", Expiry: time.Now().Add(-time.Minute)},
		&TokenSourceOptions{OnRefresh: func(tok *oauth2.Token) { refreshed = append(refreshed, tok) }})

	var wg sync.WaitGroup
	got := make([]string, 10)
	for i := range got {
		wg.Go(func() {
			tok, err := ts.Token()
			assert.NoError(t, err)
			if tok != nil {
				got[i] = tok.AccessToken
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 1, n.Load(), "concurrent callers share one refresh")
	for _, a := range got {
		assert.Equal(t, "90286a0bdf0f7315d9d3fe8dabf9e1d2be9c97d0", a)
	}
	require.Len(t, refreshed, 1)
	assert.Equal(t, "2e0d675df9fc96d2e4ec8a3ebbbf45eca9137bb7", refreshed[0].RefreshToken)
}

func TestTokenSourceRefusedRefreshIsFinal(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	n := tokenServer(t, mux, func(w http.ResponseWriter, r *http.Request) bool {
		serveJSON(w, 400, `{"status":400,"code":"invalid_grant","detail":"Invalid grant: refresh token is invalid"}`)
		return false
	})
	ts := c.OAuth.TokenSource(t.Context(), &testOAuthClient, &oauth2.Token{AccessToken: "old", RefreshToken: "r-1", Expiry: time.Now().Add(-time.Minute)}, nil)
	_, err := ts.Token()
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.ErrorContains(t, err, "peertube: refreshing the token")
	_, err = ts.Token()
	assert.Error(t, err)
	assert.EqualValues(t, 1, n.Load(), "a refused refresh is not asked again")

	// A client using the source fails at once, without retries.
	api, amux := setup(t, &Options{TokenSource: ts})
	amux.HandleFunc("GET /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		t.Error("no request without a token")
	})
	start := time.Now()
	_, _, err = api.Videos.Get(t.Context(), "1", nil)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Less(t, time.Since(start), time.Second)

	// Without a refresh token there is nothing to do.
	ts = c.OAuth.TokenSource(t.Context(), &testOAuthClient, &oauth2.Token{AccessToken: "old", Expiry: time.Now().Add(-time.Minute)}, nil)
	_, err = ts.Token()
	assert.ErrorContains(t, err, "log in again")
	ts = c.OAuth.TokenSource(t.Context(), nil, nil, nil)
	_, err = ts.Token()
	assert.Error(t, err)
}

func TestTokenSourceFailedRefreshIsTriedAgain(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	n := tokenServer(t, mux, func(w http.ResponseWriter, r *http.Request) bool {
		serveJSON(w, 503, `{"status":503}`)
		return false
	})
	ts := c.OAuth.TokenSource(t.Context(), &testOAuthClient, &oauth2.Token{AccessToken: "old", RefreshToken: "r-1", Expiry: time.Now().Add(-time.Minute)}, nil)
	_, err := ts.Token()
	assert.ErrorIs(t, err, ErrServer)
	_, err = ts.Token()
	assert.ErrorIs(t, err, ErrServer)
	assert.EqualValues(t, 2, n.Load(), "a server failure is tried again at the next call")
}

func TestTokenSourceAuthenticatesClient(t *testing.T) {
	t.Parallel()
	anon, mux := setup(t, nil)
	tokenServer(t, mux, nil)
	ts := anon.OAuth.TokenSource(t.Context(), &testOAuthClient, &oauth2.Token{AccessToken: "old", RefreshToken: "r-1", Expiry: time.Now().Add(-time.Minute)}, nil)

	api, amux := setup(t, &Options{TokenSource: ts})
	amux.HandleFunc("GET /api/v1/videos/{id}/source", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer 90286a0bdf0f7315d9d3fe8dabf9e1d2be9c97d0", r.Header.Get("Authorization"))
		serveJSON(w, 200, `{}`)
	})
	_, _, err := api.Videos.Source(t.Context(), "1")
	require.NoError(t, err)
}

func TestLogin(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/oauth-clients/local", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "openapi/oauth-client.json"))
	})
	tokenServer(t, mux, func(w http.ResponseWriter, r *http.Request) bool {
		require.NoError(t, r.ParseForm())
		assert.Equal(t, testOAuthClient.ClientID, r.Form.Get("client_id"))
		if r.Header.Get("x-peertube-otp") != "424242" {
			serveJSON(w, 401, `{"status":401,"code":"missing_two_factor","detail":"Missing two factor header"}`)
			return false
		}
		return true
	})
	_, err := c.OAuth.Login(t.Context(), "alice", "hunter2", nil)
	require.ErrorIs(t, err, ErrTwoFactorRequired)
	assert.NotContains(t, err.Error(), "hunter2")

	ts, err := c.OAuth.Login(t.Context(), "alice", "hunter2", &PasswordOptions{OTP: "424242"})
	require.NoError(t, err)
	tok, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "90286a0bdf0f7315d9d3fe8dabf9e1d2be9c97d0", tok.AccessToken)
}

func TestLoginWithoutLocalClient(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/oauth-clients/local", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "403-oauth-client-host-mismatch.json")
	})
	_, err := c.OAuth.Login(t.Context(), "alice", "hunter2", nil)
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/users/revoke-token", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		w.WriteHeader(200)
	})
	resp, err := c.OAuth.Revoke(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)

	c, mux = setup(t, nil)
	mux.HandleFunc("POST /api/v1/users/revoke-token", func(w http.ResponseWriter, r *http.Request) {
		serveCapture(t, w, "401-invalid-token.json")
	})
	_, err = c.OAuth.Revoke(t.Context())
	assert.ErrorIs(t, err, ErrUnauthorized)
}
