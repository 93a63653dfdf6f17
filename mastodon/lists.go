package mastodon

import (
	"context"
	"errors"
	"iter"
)

// listPath returns "api/v1/lists/{id}" and the further segments.
func listPath(id ID, more ...string) (string, error) {
	seg, err := segment("list id", string(id))
	if err != nil {
		return "", err
	}
	p := "api/v1/lists/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// List returns every list the token's user owns, at once (the API does
// not page them).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#get
//
// GET /api/v1/lists
func (s *ListsService) List(ctx context.Context) ([]*List, *Response, error) {
	return list[*List](ctx, s.client, "api/v1/lists", nil)
}

// Get returns one list of the token's user. A list that does not exist
// or belongs to someone else gives an error matching [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#get-one
//
// GET /api/v1/lists/:id
func (s *ListsService) Get(ctx context.Context, id ID) (*List, *Response, error) {
	path, err := listPath(id)
	if err != nil {
		return nil, nil, err
	}
	return get[List](ctx, s.client, path, nil)
}

// ListCreateOptions are the options of [ListsService.Create].
type ListCreateOptions struct {
	// RepliesPolicy says which replies the list's timeline shows. Empty
	// means the server's default, ListRepliesList on Mastodon (Mastodon
	// 3.3).
	RepliesPolicy ListRepliesPolicy `json:"replies_policy,omitempty"`
	// Exclusive keeps the statuses of the list's members out of the home
	// timeline (Mastodon 4.2; older servers ignore it).
	Exclusive bool `json:"exclusive,omitempty"`
}

// Create makes a new list with a title. A missing title, or a replies
// policy the server does not know, gives an error matching
// [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#create
//
// POST /api/v1/lists
func (s *ListsService) Create(ctx context.Context, title string, opts *ListCreateOptions) (*List, *Response, error) {
	if title == "" {
		return nil, nil, errors.New("mastodon: Lists.Create needs a title")
	}
	body := struct {
		Title string `json:"title"`
		*ListCreateOptions
	}{title, opts}
	return send[List](ctx, s.client, "POST", "api/v1/lists", &body)
}

// ListUpdateOptions are the changes [ListsService.Update] makes. A zero
// field leaves that property as it is.
type ListUpdateOptions struct {
	// Title renames the list.
	Title string `json:"title,omitempty"`
	// RepliesPolicy changes which replies the list's timeline shows
	// (Mastodon 3.3).
	RepliesPolicy ListRepliesPolicy `json:"replies_policy,omitempty"`
	// Exclusive, when set, says whether the statuses of the list's
	// members stay out of the home timeline (Mastodon 4.2).
	Exclusive *bool `json:"exclusive,omitempty"`
}

// Update changes the title, replies policy or exclusivity of a list and
// returns the list as it now is. Like every PUT, it is retried after a
// failure that may pass.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#update
//
// PUT /api/v1/lists/:id
func (s *ListsService) Update(ctx context.Context, id ID, opts *ListUpdateOptions) (*List, *Response, error) {
	path, err := listPath(id)
	if err != nil {
		return nil, nil, err
	}
	if opts == nil {
		opts = &ListUpdateOptions{}
	}
	return send[List](ctx, s.client, "PUT", path, opts)
}

// Delete deletes a list of the token's user; its members are not
// affected.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#delete
//
// DELETE /api/v1/lists/:id
func (s *ListsService) Delete(ctx context.Context, id ID) (*Response, error) {
	path, err := listPath(id)
	if err != nil {
		return nil, err
	}
	return sendIgnoringAnswer(ctx, s.client, "DELETE", path, nil)
}

// Accounts lists the members of a list, a page at a time (Mastodon's
// default is 40, its maximum 80). Use [ListsService.AccountsAll] for all
// of them.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#accounts
//
// GET /api/v1/lists/:id/accounts
func (s *ListsService) Accounts(ctx context.Context, id ID, opts *ListOptions) ([]*Account, *Response, error) {
	path, err := listPath(id, "accounts")
	if err != nil {
		return nil, nil, err
	}
	return list[*Account](ctx, s.client, path, opts)
}

// AccountsAll is the iterator twin of [ListsService.Accounts].
func (s *ListsService) AccountsAll(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Account, *Response, error) {
		return s.Accounts(ctx, id, o)
	})
}

// accountIDsBody is the body of the list membership changes.
type accountIDsBody struct {
	AccountIDs []ID `json:"account_ids"`
}

// AddAccounts adds accounts to a list. The token's user must follow
// each of them: Mastodon answers 404 ([ErrNotFound]) otherwise, and 422
// ([ErrUnprocessable]) for an account that is already a member.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#accounts-add
//
// POST /api/v1/lists/:id/accounts
func (s *ListsService) AddAccounts(ctx context.Context, id ID, accountIDs ...ID) (*Response, error) {
	return s.members(ctx, "POST", "AddAccounts", id, accountIDs)
}

// RemoveAccounts removes accounts from a list. Removing an account that
// is not a member is not an error.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/lists/#accounts-remove
//
// DELETE /api/v1/lists/:id/accounts
func (s *ListsService) RemoveAccounts(ctx context.Context, id ID, accountIDs ...ID) (*Response, error) {
	return s.members(ctx, "DELETE", "RemoveAccounts", id, accountIDs)
}

// members adds (POST) or removes (DELETE) the members of a list.
func (s *ListsService) members(ctx context.Context, method, name string, id ID, accountIDs []ID) (*Response, error) {
	if len(accountIDs) == 0 {
		return nil, errors.New("mastodon: Lists." + name + " needs at least one account id")
	}
	for _, a := range accountIDs {
		if a == "" {
			return nil, errors.New("mastodon: Lists." + name + " needs account ids that are not empty")
		}
	}
	path, err := listPath(id, "accounts")
	if err != nil {
		return nil, err
	}
	return sendIgnoringAnswer(ctx, s.client, method, path, &accountIDsBody{accountIDs})
}

// sendIgnoringAnswer is a request whose answer is empty: an empty
// object, or no body at all, which is why the body is not decoded.
func sendIgnoringAnswer(ctx context.Context, c *Client, method, path string, body any) (*Response, error) {
	req, err := c.NewRequest(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	return c.Do(req, nil)
}
