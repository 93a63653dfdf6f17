package peertube

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/internal/apiclient"
)

// OAuthService logs users in and out. PeerTube's API takes OAuth 2 bearer
// tokens, which it gives for a user's name and password (the password
// grant) to the server's own OAuth client, and which it renews with their
// refresh token.
//
// An access token lasts a day and its refresh token two weeks (the
// defaults of a server). A refresh revokes the previous tokens at once,
// so a credential must be refreshed by one [*TokenSource] only, shared by
// everything that uses it.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Session
type OAuthService service

// OAuthClient is the OAuth client of a PeerTube server's web interface,
// which API clients log in with too. Its secret is not much of one (the
// server hands it to anyone who asks from its own host), but it is kept
// out of String all the same.
type OAuthClient struct {
	// ClientID identifies the client.
	ClientID string `json:"client_id"`
	// ClientSecret goes with the id in token requests.
	ClientSecret string `json:"client_secret"`
}

// String shows the client id, not the secret.
func (oc OAuthClient) String() string {
	return "peertube.OAuthClient{ClientID: " + oc.ClientID + ", ClientSecret: [redacted]}"
}

// GoString is String, for %#v.
func (oc OAuthClient) GoString() string { return oc.String() }

// LocalClient returns the server's OAuth client, to log in with.
// PeerTube answers only when the request's host is the server's own
// (403 Forbidden otherwise, as behind a proxy that changes the Host).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Session/operation/getOAuthClient
//
// GET /api/v1/oauth-clients/local
func (s *OAuthService) LocalClient(ctx context.Context) (*OAuthClient, *Response, error) {
	return get[OAuthClient](ctx, s.client, "api/v1/oauth-clients/local", nil)
}

// PasswordOptions are the options of [OAuthService.Password] and
// [OAuthService.Login].
type PasswordOptions struct {
	// OTP is the current one-time code of the account's second factor,
	// sent in the x-peertube-otp header. A login without it to an
	// account that has one fails with [ErrTwoFactorRequired].
	OTP string
}

// tokenAnswer is the body of a token grant.
type tokenAnswer struct {
	TokenType             string `json:"token_type"`
	AccessToken           string `json:"access_token"`
	RefreshToken          string `json:"refresh_token"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
}

// Password logs a user in with their name (or e-mail address) and
// password, and returns their token: an access token with its expiry and
// a refresh token. The token's extra value "refresh_token_expires_in"
// holds the refresh token's lifetime in seconds. An account with a
// second factor needs its one-time code in opts; without it the error
// matches [ErrTwoFactorRequired]. Wrong credentials give a 400 with code
// [CodeInvalidGrant].
//
// The request is sent once, without retries; neither the password nor
// the client secret appears in errors. The login budget of a server is
// small (15 in 5 minutes by default).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Session/operation/getOAuthToken
//
// POST /api/v1/users/token
func (s *OAuthService) Password(ctx context.Context, oc *OAuthClient, username, password string, opts *PasswordOptions) (*oauth2.Token, *Response, error) {
	if username == "" || password == "" {
		return nil, nil, errors.New("peertube: a login needs a username and a password")
	}
	form := url.Values{"grant_type": {"password"}, "username": {username}, "password": {password}}
	var header http.Header
	if opts != nil && opts.OTP != "" {
		header = http.Header{"X-Peertube-Otp": {opts.OTP}}
	}
	return s.grant(ctx, oc, form, header)
}

// Refresh trades a refresh token for a new token. The server revokes
// the previous access and refresh tokens at once: use a [*TokenSource],
// which refreshes when needed and shares the result, rather than calling
// Refresh from several places.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Session/operation/getOAuthToken
//
// POST /api/v1/users/token
func (s *OAuthService) Refresh(ctx context.Context, oc *OAuthClient, refreshToken string) (*oauth2.Token, *Response, error) {
	if refreshToken == "" {
		return nil, nil, errors.New("peertube: a refresh needs a refresh token")
	}
	return s.grant(ctx, oc, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}, nil)
}

// grant posts form, with the client's credentials, to the token
// endpoint, through the plain transport: no token, no retry.
func (s *OAuthService) grant(ctx context.Context, oc *OAuthClient, form url.Values, header http.Header) (*oauth2.Token, *Response, error) {
	if oc == nil || oc.ClientID == "" || oc.ClientSecret == "" {
		return nil, nil, errors.New("peertube: a login needs the server's OAuth client (OAuthService.LocalClient)")
	}
	form.Set("client_id", oc.ClientID)
	form.Set("client_secret", oc.ClientSecret)
	c := s.client
	req, err := c.NewRequest(ctx, http.MethodPost, "api/v1/users/token", form)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	var ans tokenAnswer
	resp, err := c.send(c.plain, req, &ans)
	if err != nil {
		return nil, resp, err
	}
	if ans.AccessToken == "" {
		return nil, resp, errors.New("peertube: POST /api/v1/users/token: the answer has no access token")
	}
	tok := &oauth2.Token{
		AccessToken:  ans.AccessToken,
		TokenType:    ans.TokenType,
		RefreshToken: ans.RefreshToken,
		ExpiresIn:    ans.ExpiresIn,
	}
	if tok.TokenType == "" {
		tok.TokenType = "Bearer"
	}
	if ans.ExpiresIn > 0 {
		tok.Expiry = c.now().Add(time.Duration(ans.ExpiresIn) * time.Second)
	}
	if ans.RefreshTokenExpiresIn > 0 {
		tok = tok.WithExtra(map[string]any{"refresh_token_expires_in": ans.RefreshTokenExpiresIn})
	}
	return tok, resp, nil
}

// TokenSourceOptions are the options of [OAuthService.TokenSource].
type TokenSourceOptions struct {
	// OnRefresh, if set, is called with each new token, to store it: the
	// refresh revoked the one stored before. It runs while the source is
	// locked, so it must not call the source's Token.
	OnRefresh func(*oauth2.Token)
}

// TokenSource returns a token source that gives tok while it is valid and
// refreshes it through this client when it expires, for
// [Options].TokenSource. tok is a token from [OAuthService.Password], or
// one stored from an earlier run.
//
// Refreshes use ctx's values, not its end: they happen long after this
// call, each bounded by the client's timeout.
func (s *OAuthService) TokenSource(ctx context.Context, oc *OAuthClient, tok *oauth2.Token, opts *TokenSourceOptions) *TokenSource {
	ts := &TokenSource{ctx: context.WithoutCancel(ctx), oauth: s}
	if oc != nil {
		ts.oc = *oc
	}
	if tok != nil {
		t := *tok
		ts.tok = &t
	}
	if opts != nil {
		ts.onRefresh = opts.OnRefresh
	}
	return ts
}

// Login gets the server's OAuth client, logs the user in with the password
// grant and returns a token source that refreshes the token when it
// expires, for [Options].TokenSource:
//
//	ts, err := anonymous.OAuth.Login(ctx, "alice", password, nil)
//	if errors.Is(err, peertube.ErrTwoFactorRequired) {
//		// ask for the code, then Login again with &peertube.PasswordOptions{OTP: code}
//	}
//	client, err := peertube.NewClient(server, &peertube.Options{TokenSource: ts})
func (s *OAuthService) Login(ctx context.Context, username, password string, opts *PasswordOptions) (*TokenSource, error) {
	oc, _, err := s.LocalClient(ctx)
	if err != nil {
		return nil, err
	}
	tok, _, err := s.Password(ctx, oc, username, password, opts)
	if err != nil {
		return nil, err
	}
	return s.TokenSource(ctx, oc, tok, nil), nil
}

// Revoke revokes the client's token and its refresh token: it logs out.
// The client (and its token source) cannot make authenticated requests
// afterwards.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Session/operation/revokeOAuthToken
//
// POST /api/v1/users/revoke-token
func (s *OAuthService) Revoke(ctx context.Context) (*Response, error) {
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, "api/v1/users/revoke-token", nil)
	return resp, err
}

// TokenSource gives a user's token and refreshes it when it expires. It
// implements [oauth2.TokenSource] and is safe for concurrent use: callers
// that find the token expired at the same time share one refresh. Use
// one TokenSource per credential, as a refresh revokes the previous
// tokens.
//
// A refresh the server refuses (the refresh token expired or was
// revoked) is final: Token returns that error from then on, without
// asking the server again; log in again. A refresh that fails on the
// network is tried again at the next call. If the server made new tokens
// but its answer was lost, the refresh token is spent and the next
// refresh is refused.
type TokenSource struct {
	ctx       context.Context
	oauth     *OAuthService
	oc        OAuthClient
	onRefresh func(*oauth2.Token)

	mu  sync.Mutex
	tok *oauth2.Token
	err error // a refused refresh: final
}

// Token returns a valid token, refreshing it first if it has expired (or
// expires within 10 seconds).
func (ts *TokenSource) Token() (*oauth2.Token, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.err != nil {
		return nil, ts.err
	}
	if ts.tok.Valid() {
		t := *ts.tok
		return &t, nil
	}
	if ts.tok == nil || ts.tok.RefreshToken == "" {
		ts.err = apiclient.Permanent(errors.New("peertube: the token has expired and there is no refresh token: log in again"))
		return nil, ts.err
	}
	tok, _, err := ts.oauth.Refresh(ts.ctx, &ts.oc, ts.tok.RefreshToken)
	if err != nil {
		err = fmt.Errorf("peertube: refreshing the token: %w", err)
		var er *ErrorResponse
		if errors.As(err, &er) && er.StatusCode < 500 && er.StatusCode != http.StatusTooManyRequests {
			ts.err = apiclient.Permanent(err)
			return nil, ts.err
		}
		return nil, err
	}
	ts.tok = tok
	if ts.onRefresh != nil {
		t := *tok
		ts.onRefresh(&t)
	}
	t := *tok
	return &t, nil
}

// String names the type; the tokens are not shown.
func (ts *TokenSource) String() string { return "peertube.TokenSource{…}" }

// GoString is String, for %#v.
func (ts *TokenSource) GoString() string { return ts.String() }
