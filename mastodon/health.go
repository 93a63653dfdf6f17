package mastodon

import "context"

// Health checks that the server's web process answers and reaches its
// database and cache (Mastodon 3.0): it returns nil when the server
// answers GET /health with success, whatever the body ("OK" on
// Mastodon). Any other answer is an error: a 503 an [*ErrorResponse]
// matching [ErrServer], after the client's retries (bound the wait with
// ctx, or set [Options].MaxRetries). A server without the endpoint
// (GoToSocial, Pleroma) gives a [*NotSupportedError].
//
// The path is taken from the client's base URL, like the API's.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/health/#get
//
// GET /health
func (c *Client) Health(ctx context.Context) error {
	req, err := c.NewRequest(ctx, "GET", "health", nil)
	if err != nil {
		return err
	}
	_, err = c.Do(req, nil)
	return unsupportedEndpoint(err, "GET /health", true)
}
