package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// OAuthService gets, checks and revokes OAuth tokens, and reads the
// server's OAuth metadata.
//
// The flows themselves are golang.org/x/oauth2's: [OAuthService.Config]
// gives the [oauth2.Config] of an application on this server, and
// [OAuthService.Exchange] and [OAuthService.ClientCredentials] run the
// exchanges through the client's guarded transport.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/oauth/
type OAuthService service

// Config returns the OAuth configuration of app on this server, to
// send a user to AuthCodeURL and exchange the code they bring back.
// scopes empty means "read". Use PKCE (oauth2.GenerateVerifier,
// oauth2.S256ChallengeOption and oauth2.VerifierOption), which Mastodon
// supports from 4.3:
//
//	verifier := oauth2.GenerateVerifier()
//	link := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
//	// … the user authorizes and brings back code …
//	tok, err := client.OAuth.Exchange(ctx, cfg, code, verifier)
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/oauth/#authorize
//
// GET /oauth/authorize
func (s *OAuthService) Config(app *Application, redirectURI string, scopes ...string) *oauth2.Config {
	base := s.client.baseURL
	cfg := &oauth2.Config{
		RedirectURL: redirectURI,
		Scopes:      scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:  base.JoinPath("oauth/authorize").String(),
			TokenURL: base.JoinPath("oauth/token").String(),
			// Mastodon reads the client credentials from the form.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
	if app != nil {
		cfg.ClientID, cfg.ClientSecret = app.ClientID, app.ClientSecret
	}
	return cfg
}

// httpContext puts the client's plain (unauthenticated, guarded) HTTP
// client in ctx for golang.org/x/oauth2.
func (s *OAuthService) httpContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, s.client.plain)
}

// Exchange trades an authorization code for a token, with the PKCE
// verifier the code was asked with ("" when PKCE was not used).
//
// POST /oauth/token
func (s *OAuthService) Exchange(ctx context.Context, cfg *oauth2.Config, code, verifier string) (*oauth2.Token, error) {
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	tok, err := cfg.Exchange(s.httpContext(ctx), code, opts...)
	if err != nil {
		return nil, scrubOAuthError("exchanging the authorization code", err)
	}
	return tok, nil
}

// TokenSource returns a token source that refreshes tok through cfg when
// it expires (Mastodon's tokens do not, unless the server says so), for
// [Options].TokenSource. Refreshes use the client's guarded transport.
func (s *OAuthService) TokenSource(ctx context.Context, cfg *oauth2.Config, tok *oauth2.Token) oauth2.TokenSource {
	return cfg.TokenSource(s.httpContext(ctx), tok)
}

// ClientCredentials returns a token source for the application itself
// (the client-credentials grant), for the endpoints that need an
// application but no user, such as registering an account.
//
// POST /oauth/token
func (s *OAuthService) ClientCredentials(ctx context.Context, app *Application, scopes ...string) oauth2.TokenSource {
	cfg := &clientcredentials.Config{
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		TokenURL:     s.client.baseURL.JoinPath("oauth/token").String(),
		Scopes:       scopes,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	return oauth2.ReuseTokenSource(nil, cfg.TokenSource(s.httpContext(ctx)))
}

// Password gets a token with the resource-owner password grant, which
// Mastodon removed in 4.4. It is tried only where the server's OAuth
// metadata still lists the grant; elsewhere it fails with a
// [*NotSupportedError].
//
// POST /oauth/token
func (s *OAuthService) Password(ctx context.Context, cfg *oauth2.Config, username, password string) (*oauth2.Token, error) {
	md, _, err := s.ServerMetadata(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(md.GrantTypesSupported, "password") {
		return nil, &NotSupportedError{Feature: "the password grant"}
	}
	tok, err := cfg.PasswordCredentialsToken(s.httpContext(ctx), username, password)
	if err != nil {
		return nil, scrubOAuthError("password grant", err)
	}
	return tok, nil
}

// scrubOAuthError keeps the OAuth error code and description of a failed
// exchange, and drops the response body, which golang.org/x/oauth2 puts
// in its error and which could echo what was sent.
func scrubOAuthError(what string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		e := &ErrorResponse{Method: "POST", Path: "/oauth/token", Message: re.ErrorCode, Description: re.ErrorDescription}
		if re.Response != nil {
			e.StatusCode = re.Response.StatusCode
			e.RequestID = re.Response.Header.Get("X-Request-Id")
		}
		return fmt.Errorf("mastodon: %s: %w", what, e)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("mastodon: %s: %w", what, err)
}

// Revoke revokes a token of app.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/oauth/#revoke
//
// POST /oauth/revoke
func (s *OAuthService) Revoke(ctx context.Context, app *Application, token string) (*Response, error) {
	form := url.Values{"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}, "token": {token}}
	req, err := s.client.NewRequest(ctx, "POST", "oauth/revoke", form)
	if err != nil {
		return nil, err
	}
	return s.client.Do(req, nil)
}

// UserInfo returns the OpenID Connect claims of the token's user
// (Mastodon 4.4 and later; needs the "profile" scope).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/oauth/#userinfo
//
// GET /oauth/userinfo
func (s *OAuthService) UserInfo(ctx context.Context) (*UserInfo, *Response, error) {
	req, err := s.client.NewRequest(ctx, "GET", "oauth/userinfo", nil)
	if err != nil {
		return nil, nil, err
	}
	info := new(UserInfo)
	resp, err := s.client.Do(req, info)
	if errors.Is(err, ErrNotFound) {
		return nil, resp, &NotSupportedError{Feature: "GET /oauth/userinfo"}
	}
	if err != nil {
		return nil, resp, err
	}
	return info, resp, nil
}

// ServerMetadata returns the server's OAuth authorization server
// metadata (RFC 8414): its endpoints, scopes, grant types and PKCE
// methods. Servers older than Mastodon 4.3 have none, which is reported
// as a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/oauth/#authorization-server-metadata
//
// GET /.well-known/oauth-authorization-server
func (s *OAuthService) ServerMetadata(ctx context.Context) (*OAuthServerMetadata, *Response, error) {
	req, err := s.client.NewRequest(ctx, "GET", ".well-known/oauth-authorization-server", nil)
	if err != nil {
		return nil, nil, err
	}
	md := new(OAuthServerMetadata)
	resp, err := s.client.Do(req, md)
	if errors.Is(err, ErrNotFound) {
		return nil, resp, &NotSupportedError{Feature: "OAuth server metadata (Mastodon 4.3)"}
	}
	if err != nil {
		return nil, resp, err
	}
	return md, resp, nil
}

// SupportsPKCE reports whether the metadata lists the S256 PKCE method.
func (md *OAuthServerMetadata) SupportsPKCE() bool {
	return slices.ContainsFunc(md.CodeChallengeMethodsSupported, func(m string) bool { return strings.EqualFold(m, "S256") })
}
