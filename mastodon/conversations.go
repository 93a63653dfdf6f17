package mastodon

import (
	"context"
	"iter"
)

// conversationPath returns "api/v1/conversations/{id}" and the further
// segments.
func conversationPath(id ID, more ...string) (string, error) {
	seg, err := segment("conversation id", string(id))
	if err != nil {
		return "", err
	}
	p := "api/v1/conversations/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// List lists the user's direct conversations, the most recently active
// first (Mastodon's default page is 20, its maximum 40). The pages go by
// ids of the server's own, which only the Link header gives: use the
// cursors of the Response, or [ConversationsService.ListAll]. A server
// without the endpoint (GoToSocial before 0.17) gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/conversations/#get
//
// GET /api/v1/conversations
func (s *ConversationsService) List(ctx context.Context, opts *ListOptions) ([]*Conversation, *Response, error) {
	cs, resp, err := list[*Conversation](ctx, s.client, "api/v1/conversations", opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/conversations", true)
	}
	return cs, resp, nil
}

// ListAll is the iterator twin of [ConversationsService.List].
func (s *ConversationsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Conversation, error] {
	return allPages(ctx, opts, s.List)
}

// Delete removes a conversation from the user's list of conversations;
// its statuses stay.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/conversations/#delete
//
// DELETE /api/v1/conversations/:id
func (s *ConversationsService) Delete(ctx context.Context, id ID) (*Response, error) {
	path, err := conversationPath(id)
	if err != nil {
		return nil, err
	}
	resp, err := sendIgnoringAnswer(ctx, s.client, "DELETE", path, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/conversations/:id", false)
}

// Read marks a conversation as read and returns it.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/conversations/#read
//
// POST /api/v1/conversations/:id/read
func (s *ConversationsService) Read(ctx context.Context, id ID) (*Conversation, *Response, error) {
	path, err := conversationPath(id, "read")
	if err != nil {
		return nil, nil, err
	}
	c, resp, err := send[Conversation](ctx, s.client, "POST", path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/conversations/:id/read", false)
	}
	return c, resp, nil
}
