package mastodon

import "context"

// List lists the server's own custom emoji: Mastodon lists the enabled
// ones that its picker offers. The list is not paged. GoToSocial wants a
// token for it.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/custom_emojis/#get
//
// GET /api/v1/custom_emojis
func (s *CustomEmojisService) List(ctx context.Context) ([]*CustomEmoji, *Response, error) {
	return list[*CustomEmoji](ctx, s.client, "api/v1/custom_emojis", nil)
}
