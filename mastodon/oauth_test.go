package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestAppsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/apps", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"client_name":"Test Application","redirect_uris":"urn:ietf:wg:oauth:2.0:oob\nhttps://app.example/cb","scopes":"read write push","website":"https://app.example"}`)
		serveJSON(w, 200, corpus(t, "docs/method_apps_create_200_01.json"))
	})
	app, _, err := c.Apps.Create(t.Context(), &AppOptions{
		ClientName:   "Test Application",
		RedirectURIs: []string{RedirectOOB, "https://app.example/cb"},
		Scopes:       []string{"read", "write", "push"},
		Website:      "https://app.example",
	})
	require.NoError(t, err)
	assert.Equal(t, "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM", app.ClientID)
	assert.Equal(t, "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw", app.ClientSecret)

	_, _, err = c.Apps.Create(t.Context(), &AppOptions{ClientName: "no redirect"})
	assert.Error(t, err)
	_, _, err = c.Apps.Create(t.Context(), nil)
	assert.Error(t, err)
}

func TestAppsCreateValidationError(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/apps", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, `{"error":"Validation failed: Redirect URI must be an absolute URI."}`)
	})
	_, _, err := c.Apps.Create(t.Context(), &AppOptions{ClientName: "x", RedirectURIs: []string{"nope"}})
	assert.ErrorIs(t, err, ErrUnprocessable)
}

// oauthServer serves /oauth/token: the authorization-code grant with a
// PKCE verifier, client credentials and (when offered) the password grant.
func oauthServer(t *testing.T, mux *http.ServeMux, verifier string, password bool) *atomic.Int32 {
	var calls atomic.Int32
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		require.NoError(t, r.ParseForm())
		assert.Empty(t, r.Header.Get("Authorization"), "no token on a token request")
		assert.Equal(t, "cid", r.PostForm.Get("client_id"))
		assert.Equal(t, "csecret", r.PostForm.Get("client_secret"))
		switch r.PostForm.Get("grant_type") {
		case "authorization_code":
			if r.PostForm.Get("code") != "good" || r.PostForm.Get("code_verifier") != verifier {
				serveJSON(w, 400, corpus(t, "gotosocial/oauth-token-error.json"))
				return
			}
			assert.Equal(t, RedirectOOB, r.PostForm.Get("redirect_uri"))
			serveJSON(w, 200, corpus(t, "gotosocial/oauth-token-authorization-code.json"))
		case "client_credentials":
			assert.Equal(t, "read", r.PostForm.Get("scope"))
			serveJSON(w, 200, corpus(t, "gotosocial/oauth-token-client-credentials.json"))
		case "password":
			assert.Equal(t, "alice", r.PostForm.Get("username"))
			serveJSON(w, 200, `{"access_token":"pw-token","token_type":"Bearer","scope":"read","created_at":1}`)
		default:
			serveJSON(w, 400, `{"error":"unsupported_grant_type"}`)
		}
	})
	grants := `["authorization_code","client_credentials"]`
	if password {
		grants = `["authorization_code","password","client_credentials"]`
	}
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"issuer":"https://social.example/","grant_types_supported":`+grants+`,"code_challenge_methods_supported":["S256"]}`)
	})
	return &calls
}

func TestOAuthAuthorizationCodeWithPKCE(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	verifier := oauth2.GenerateVerifier()
	oauthServer(t, mux, verifier, false)
	app := &Application{ClientID: "cid", ClientSecret: "csecret"}
	cfg := c.OAuth.Config(app, RedirectOOB, "read", "write")

	link, err := url.Parse(cfg.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier)))
	require.NoError(t, err)
	assert.Equal(t, basePath+"/oauth/authorize", link.Path)
	q := link.Query()
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Equal(t, oauth2.S256ChallengeFromVerifier(verifier), q.Get("code_challenge"))
	assert.Equal(t, "read write", q.Get("scope"))
	assert.Equal(t, "code", q.Get("response_type"))

	tok, err := c.OAuth.Exchange(t.Context(), cfg, "good", verifier)
	require.NoError(t, err)
	assert.Equal(t, "REDACTED", tok.AccessToken)

	_, err = c.OAuth.Exchange(t.Context(), cfg, "bad", verifier)
	require.Error(t, err)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, 400, er.StatusCode)
	assert.Equal(t, "sql: no rows in result set", er.Message)
	assert.NotContains(t, err.Error(), "csecret")
	assert.NotContains(t, err.Error(), verifier)

	md, _, err := c.OAuth.ServerMetadata(t.Context())
	require.NoError(t, err)
	assert.True(t, md.SupportsPKCE())
	_, err = c.OAuth.Password(t.Context(), cfg, "alice", "pw")
	assert.ErrorIs(t, err, ErrNotSupported, "Mastodon 4.4 removed the password grant")
}

func TestOAuthPasswordWhereOffered(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	oauthServer(t, mux, "", true)
	cfg := c.OAuth.Config(&Application{ClientID: "cid", ClientSecret: "csecret"}, RedirectOOB, "read")
	tok, err := c.OAuth.Password(t.Context(), cfg, "alice", "pw")
	require.NoError(t, err)
	assert.Equal(t, "pw-token", tok.AccessToken)
}

func TestOAuthClientCredentials(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	calls := oauthServer(t, mux, "", false)
	ts := c.OAuth.ClientCredentials(t.Context(), &Application{ClientID: "cid", ClientSecret: "csecret"}, "read")
	tok, err := ts.Token()
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)

	// The token source drives a client.
	mux.HandleFunc("GET /api/v1/apps/verify_credentials", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer "+tok.AccessToken, r.Header.Get("Authorization"))
		serveJSON(w, 200, `{"name":"app"}`)
	})
	app, err := NewClient(c.BaseURL().String(), &Options{TokenSource: ts, AllowLoopback: true, AllowHTTP: true})
	require.NoError(t, err)
	_, _, err = app.Apps.VerifyCredentials(t.Context())
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load(), "the token is reused")
}

func TestOAuthServerMetadataMissing(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not found"}`)
	})
	_, _, err := c.OAuth.ServerMetadata(t.Context())
	assert.ErrorIs(t, err, ErrNotSupported)
}

func TestOAuthServerMetadataDocsExample(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/method_oauth_authorization-server-metadata_200_01.json"))
	})
	md, _, err := c.OAuth.ServerMetadata(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "https://social.example/oauth/token", md.TokenEndpoint)
	assert.Contains(t, md.ScopesSupported, "profile")
	assert.True(t, md.SupportsPKCE())
}

func TestOAuthRevokeAndUserInfo(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /oauth/revoke", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"client_id": {"cid"}, "client_secret": {"csecret"}, "token": {"tok"}})
		serveJSON(w, 200, `{}`)
	})
	mux.HandleFunc("GET /oauth/userinfo", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/method_oauth_userinfo_200_01.json"))
	})
	_, err := c.OAuth.Revoke(t.Context(), &Application{ClientID: "cid", ClientSecret: "csecret"}, "tok")
	require.NoError(t, err)
	info, _, err := c.OAuth.UserInfo(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, info.Subject)
}

func TestServerDetection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file      string
		software  string
		version   string
		idempKeys bool
	}{
		{"docs/method_instance_v2_200_01.json", SoftwareMastodon, "4.5.0", true},
		{"gotosocial/mastodon-instance-v2.json", SoftwareGoToSocial, "0.20.0", false},
	}
	for _, tt := range tests {
		c, mux := setup(t, nil)
		mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
			serveJSON(w, 200, corpus(t, tt.file))
		})
		si, err := c.Server(t.Context())
		require.NoError(t, err)
		assert.Equal(t, tt.software, si.Software, tt.file)
		assert.Equal(t, tt.version, si.Version, tt.file)
		assert.Equal(t, tt.idempKeys, si.HonoursIdempotencyKey(), tt.file)
		again, err := c.Server(t.Context())
		require.NoError(t, err)
		assert.Same(t, si, again)
	}

	// Before Mastodon 4.0 there is only v1.
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) { serveJSON(w, 404, `{"error":"Not found"}`) })
	mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/method_instance_v1_200_01.json"))
	})
	si, err := c.Server(t.Context())
	require.NoError(t, err)
	assert.Equal(t, SoftwareMastodon, si.Software)
	assert.Equal(t, 3, si.Major)
}

func TestParseServerInfo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw, source string
		software    string
		version     string
		api         string
	}{
		{"4.3.0", "https://github.com/mastodon/mastodon", SoftwareMastodon, "4.3.0", "4.3.0"},
		{"4.2.10+hometown-1.1.1", "https://github.com/hometown-fork/hometown", SoftwareMastodon, "4.2.10", "4.2.10"},
		{"4.3.0+glitch", "https://github.com/glitch-soc/mastodon", SoftwareMastodon, "4.3.0", "4.3.0"},
		{"4.5.0-nightly.2025-07-11", "", SoftwareMastodon, "4.5.0", "4.5.0"},
		{"0.17.3+git-5fa8f4a", "https://github.com/superseriousbusiness/gotosocial", SoftwareGoToSocial, "0.17.3", ""},
		{"2.7.2 (compatible; Pleroma 2.6.3)", "", SoftwarePleroma, "2.6.3", "2.7.2"},
		{"2.7.2 (compatible; Akkoma 3.13.2)", "", SoftwareAkkoma, "3.13.2", "2.7.2"},
		{"0.1.0", "", SoftwareUnknown, "0.1.0", ""},
		{"", "", SoftwareUnknown, "", ""},
	}
	for _, tt := range tests {
		si := parseServerInfo(tt.raw, tt.source, nil)
		assert.Equal(t, tt.software, si.Software, tt.raw)
		assert.Equal(t, tt.version, si.Version, tt.raw)
		assert.Equal(t, tt.api, si.MastodonAPI, tt.raw)
	}
	si := parseServerInfo("4.3.1", "", nil)
	assert.True(t, si.AtLeast(4, 3, 0))
	assert.True(t, si.AtLeast(4, 3, 1))
	assert.False(t, si.AtLeast(4, 4, 0))
	assert.False(t, si.AtLeast(5, 0, 0))
	assert.True(t, si.AtLeast(3, 9, 9))
}
