package mastodon

import (
	"fmt"
	"time"
)

// Application is a client registered with a server.
//
// Registering (POST /api/v1/apps) returns the client credentials too:
// ClientID, ClientSecret and ClientSecretExpiresAt, which the
// documentation calls a CredentialApplication. They are empty elsewhere,
// as in [Status.Application], which carries only Name and Website.
//
// The String and GoString methods leave the client secret out, so that
// printing or logging an Application does not leak it.
//
// https://docs.joinmastodon.org/entities/Application/
type Application struct {
	// ID is the application's identifier.
	ID ID `json:"id,omitempty"`
	// Name is the application's name.
	Name string `json:"name"`
	// Website is the application's home page, or "".
	Website string `json:"website,omitempty"`
	// Scopes are the scopes the application registered (4.3).
	Scopes []string `json:"scopes,omitempty"`
	// RedirectURIs are the registered redirect URIs, possibly
	// "urn:ietf:wg:oauth:2.0:oob" (4.3).
	RedirectURIs []string `json:"redirect_uris,omitempty"`
	// RedirectURI holds the registered redirect URIs in one string,
	// separated by whitespace.
	//
	// Deprecated: use RedirectURIs (Mastodon 4.3).
	RedirectURI string `json:"redirect_uri,omitempty"`
	// VapidKey is the server's Web Push key.
	//
	// Deprecated: use [InstanceVAPID.PublicKey] (Mastodon 4.3).
	VapidKey string `json:"vapid_key,omitempty"`

	// ClientID and ClientSecret are the OAuth client credentials.
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
	// ClientSecretExpiresAt is when the secret expires, as a UNIX time;
	// 0, what Mastodon always sends, means never (4.4).
	ClientSecretExpiresAt int64 `json:"client_secret_expires_at,omitempty"`
}

// String describes a without its client secret.
func (a Application) String() string {
	secret := ""
	if a.ClientSecret != "" {
		secret = " client_secret=REDACTED"
	}
	return fmt.Sprintf("mastodon.Application{id=%q name=%q client_id=%q%s}", a.ID, a.Name, a.ClientID, secret)
}

// GoString is String, for the %#v verb.
func (a Application) GoString() string { return a.String() }

// Token is an OAuth access token, as POST /oauth/token returns it.
//
// The String and GoString methods leave the tokens out, so that printing
// or logging a Token does not leak them.
//
// https://docs.joinmastodon.org/entities/Token/
type Token struct {
	// AccessToken is the token to send in the Authorization header.
	AccessToken string `json:"access_token"`
	// TokenType is the kind of token; Mastodon issues "Bearer" tokens.
	TokenType string `json:"token_type"`
	// Scope lists the granted scopes, separated by spaces.
	Scope string `json:"scope"`
	// CreatedAt is when the token was made, as a UNIX time; see
	// [Token.Created].
	CreatedAt int64 `json:"created_at"`
	// ExpiresIn is the token's lifetime in seconds, if it has one.
	// Mastodon's tokens do not expire; GoToSocial's client-credentials
	// tokens do.
	ExpiresIn int64 `json:"expires_in,omitempty"`
	// RefreshToken is a token for getting a new access token, for
	// servers that issue one.
	RefreshToken string `json:"refresh_token,omitempty"`
}

// Created returns t.CreatedAt as a time, or the zero time if it is 0.
func (t Token) Created() time.Time {
	if t.CreatedAt == 0 {
		return time.Time{}
	}
	return time.Unix(t.CreatedAt, 0)
}

// String describes t without its tokens.
func (t Token) String() string {
	return fmt.Sprintf("mastodon.Token{type=%q scope=%q created_at=%d access_token=REDACTED}", t.TokenType, t.Scope, t.CreatedAt)
}

// GoString is String, for the %#v verb.
func (t Token) GoString() string { return t.String() }

// Error is the body of an error response. The HTTP status code says
// more than the body; the body may be missing or not be JSON at all.
//
// https://docs.joinmastodon.org/entities/Error/
type Error struct {
	// Message is the error message: a sentence for most API errors, an
	// OAuth error code such as "invalid_grant" for the OAuth endpoints.
	Message string `json:"error"`
	// Description explains Message; the OAuth endpoints send it.
	Description string `json:"error_description,omitempty"`
	// Details maps the name of each rejected parameter to what was wrong
	// with it, for validation failures such as a refused sign-up.
	Details map[string][]ErrorDetail `json:"details,omitempty"`
}

// ErrorDetail is one problem with a parameter, in [Error.Details].
//
// https://docs.joinmastodon.org/methods/accounts/#create
type ErrorDetail struct {
	// Code identifies the problem, such as "ERR_BLANK" or "ERR_TAKEN".
	Code string `json:"error"`
	// Description says it in words.
	Description string `json:"description"`
}

// OAuthServerMetadata is a server's OAuth 2.0 authorization server
// metadata (RFC 8414), served at /.well-known/oauth-authorization-server
// by Mastodon 4.3 and later.
//
// https://docs.joinmastodon.org/methods/oauth/#authorization-server-metadata
type OAuthServerMetadata struct {
	// Issuer is the server's issuer identifier, a URL.
	Issuer string `json:"issuer"`
	// ServiceDocumentation links the API documentation.
	ServiceDocumentation string `json:"service_documentation,omitempty"`
	// AuthorizationEndpoint, TokenEndpoint, RevocationEndpoint and
	// UserinfoEndpoint are the URLs of the OAuth and OpenID Connect
	// endpoints (UserinfoEndpoint since 4.4).
	AuthorizationEndpoint string `json:"authorization_endpoint"`
	TokenEndpoint         string `json:"token_endpoint"`
	RevocationEndpoint    string `json:"revocation_endpoint,omitempty"`
	UserinfoEndpoint      string `json:"userinfo_endpoint,omitempty"`
	// AppRegistrationEndpoint is where to register a client: Mastodon's
	// own POST /api/v1/apps, not RFC 7591 registration. It is not part
	// of RFC 8414.
	AppRegistrationEndpoint string `json:"app_registration_endpoint,omitempty"`
	// ScopesSupported lists the scopes the server knows; a client can
	// check it for scopes that older servers lack, such as "profile".
	ScopesSupported []string `json:"scopes_supported,omitempty"`
	// ResponseTypesSupported, ResponseModesSupported,
	// GrantTypesSupported, CodeChallengeMethodsSupported and
	// TokenEndpointAuthMethodsSupported list what the server accepts for
	// each (RFC 8414, section 2).
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported,omitempty"`
	GrantTypesSupported               []string `json:"grant_types_supported,omitempty"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported,omitempty"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported,omitempty"`
}

// UserInfo holds the OpenID Connect claims about the authenticated user,
// from GET /oauth/userinfo (Mastodon 4.4, with the profile scope).
//
// https://docs.joinmastodon.org/methods/oauth/#userinfo
type UserInfo struct {
	// Issuer is the server's issuer, as in [OAuthServerMetadata.Issuer].
	Issuer string `json:"iss"`
	// Subject is the user's ActivityPub actor ID, which, unlike an
	// account ID, is unique across servers.
	Subject string `json:"sub"`
	// Name is the display name; it may hold :shortcode: emoji.
	Name string `json:"name"`
	// PreferredUsername is the username, without a domain.
	PreferredUsername string `json:"preferred_username"`
	// Profile is the user's profile page.
	Profile string `json:"profile"`
	// Picture is the user's avatar, which may be the default one.
	Picture string `json:"picture"`
}
