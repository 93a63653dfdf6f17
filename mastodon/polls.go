package mastodon

import (
	"context"
	"errors"
	"fmt"
)

// pollPath returns "api/v1/polls/{id}" plus more path segments.
func pollPath(id ID, more ...string) (string, error) {
	seg, err := segment("poll id", string(id))
	if err != nil {
		return "", err
	}
	p := "api/v1/polls/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// Get returns a poll, with the counts as they are now. The poll's id is
// in the Poll of its status.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/polls/#get
//
// GET /api/v1/polls/:id
func (s *PollsService) Get(ctx context.Context, id ID) (*Poll, *Response, error) {
	path, err := pollPath(id)
	if err != nil {
		return nil, nil, err
	}
	return get[Poll](ctx, s.client, path, nil)
}

// Vote votes in a poll for the options at the given indexes of
// Poll.Options, counted from 0: one of them, or several if the poll
// allows it. It returns the poll with the vote counted. The server
// refuses a vote in a closed poll or a second vote.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/polls/#vote
//
// POST /api/v1/polls/:id/votes
func (s *PollsService) Vote(ctx context.Context, id ID, choices ...int) (*Poll, *Response, error) {
	if len(choices) == 0 {
		return nil, nil, errors.New("mastodon: Vote needs a choice")
	}
	for _, c := range choices {
		if c < 0 {
			return nil, nil, fmt.Errorf("mastodon: Vote: choice %d is not an index", c)
		}
	}
	path, err := pollPath(id, "votes")
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		Choices []int `json:"choices"`
	}{choices}
	return send[Poll](ctx, s.client, "POST", path, &body)
}
