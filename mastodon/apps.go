package mastodon

import (
	"context"
	"errors"
	"strings"
)

// AppsService registers client applications.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/apps/
type AppsService service

// AppOptions describes an application to register.
type AppOptions struct {
	// ClientName is the application's name, shown to users on the
	// authorization page and under their posts. Required.
	ClientName string `json:"client_name"`
	// RedirectURIs are where users are sent back after authorizing the
	// application; [RedirectOOB] shows the code to copy instead, for
	// command-line tools. Required.
	RedirectURIs []string `json:"-"`
	// Scopes are the scopes the application may ask for, such as
	// "read", "write:statuses", "profile". Empty means "read".
	Scopes []string `json:"-"`
	// Website is the application's home page.
	Website string `json:"website,omitempty"`
}

// RedirectOOB is the redirect URI that shows the authorization code to the
// user instead of redirecting: for command-line setup.
const RedirectOOB = "urn:ietf:wg:oauth:2.0:oob"

// Create registers an application and returns it with its client id and
// secret, which the caller keeps.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/apps/#create
//
// POST /api/v1/apps
func (s *AppsService) Create(ctx context.Context, opts *AppOptions) (*Application, *Response, error) {
	if opts == nil || opts.ClientName == "" || len(opts.RedirectURIs) == 0 {
		return nil, nil, errors.New("mastodon: an application needs a name and a redirect URI")
	}
	body := struct {
		*AppOptions
		// Newline-separated, which every version reads (Mastodon 4.3
		// also takes an array).
		RedirectURIs string `json:"redirect_uris"`
		Scopes       string `json:"scopes,omitempty"`
	}{opts, strings.Join(opts.RedirectURIs, "\n"), strings.Join(opts.Scopes, " ")}
	req, err := s.client.NewRequest(ctx, "POST", "api/v1/apps", &body)
	if err != nil {
		return nil, nil, err
	}
	app := new(Application)
	resp, err := s.client.Do(req, app)
	if err != nil {
		return nil, resp, err
	}
	return app, resp, nil
}

// VerifyCredentials returns the application of the client's token.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/apps/#verify_credentials
//
// GET /api/v1/apps/verify_credentials
func (s *AppsService) VerifyCredentials(ctx context.Context) (*Application, *Response, error) {
	req, err := s.client.NewRequest(ctx, "GET", "api/v1/apps/verify_credentials", nil)
	if err != nil {
		return nil, nil, err
	}
	app := new(Application)
	resp, err := s.client.Do(req, app)
	if err != nil {
		return nil, resp, err
	}
	return app, resp, nil
}
