package mastodon

import "context"

// ConfirmationOptions are the options of
// [EmailsService.ResendConfirmation].
type ConfirmationOptions struct {
	// Email, if set, replaces the address of the unconfirmed user before
	// the e-mail is sent to it.
	Email string `json:"email,omitempty"`
}

// ResendConfirmation sends the confirmation e-mail of a user who has not
// confirmed their address yet again (Mastodon 3.4). The token must be
// the user's, issued to the application that registered them
// ([AccountsService.Create]); otherwise, or once the address is
// confirmed, the server answers [ErrForbidden]. A server without the
// endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/emails/#confirmation
//
// POST /api/v1/emails/confirmations
func (s *EmailsService) ResendConfirmation(ctx context.Context, opts *ConfirmationOptions) (*Response, error) {
	var body ConfirmationOptions
	if opts != nil {
		body = *opts
	}
	_, resp, err := send[struct{}](ctx, s.client, "POST", "api/v1/emails/confirmations", &body)
	return resp, unsupportedEndpoint(err, "POST /api/v1/emails/confirmations", true)
}
