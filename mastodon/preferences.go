package mastodon

import "context"

// Get returns the preferences of the token's user that apps should
// follow: default visibility, sensitivity, language and quote policy of
// new statuses, and whether media and content warnings are opened
// (Mastodon 2.8). A server without the endpoint gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/preferences/#get
//
// GET /api/v1/preferences
func (s *PreferencesService) Get(ctx context.Context) (*Preferences, *Response, error) {
	prefs, resp, err := get[Preferences](ctx, s.client, "api/v1/preferences", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/preferences", true)
	}
	return prefs, resp, nil
}
