package mastodon

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/fedikit/fedikit/internal/paginate"
)

// Collections are Mastodon 4.6. Servers without them (older Mastodon,
// GoToSocial) answer 404, which these methods turn into a
// [*NotSupportedError]; a collection or account that is not there still
// gives an error matching [ErrNotFound].

// collectionPath returns "api/v1/collections/{id}" plus more path
// segments, escaped already.
func collectionPath(id ID, more ...string) (string, error) {
	seg, err := segment("collection id", string(id))
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{"api/v1/collections", seg}, more...), "/"), nil
}

// NewCollection is a collection to make with [CollectionsService.Create].
// Name is required.
type NewCollection struct {
	// Name is the title, at most 40 characters, taken as plain text.
	Name string `json:"name"`
	// Description says what the collection is about, at most 100
	// characters, taken as plain text.
	Description string `json:"description,omitempty"`
	// Language is the collection's language, an ISO 639-1 code.
	Language string `json:"language,omitempty"`
	// TagName is one hashtag that describes the collection, such as
	// "#cats".
	TagName string `json:"tag_name,omitempty"`
	// Sensitive marks the collection as sensitive.
	Sensitive bool `json:"sensitive,omitempty"`
	// Discoverable lets the collection show on the user's profile, in
	// search and in recommendations; nil leaves it to the server.
	Discoverable *bool `json:"discoverable,omitempty"`
	// AccountIDs are the accounts to feature.
	AccountIDs []ID `json:"account_ids,omitempty"`
}

// collectionBody is the answer of create and update.
type collectionBody struct {
	Collection *Collection `json:"collection"`
}

// unwrapCollection returns the collection of an answer of route.
func unwrapCollection(b *collectionBody, resp *Response, err error, route string) (*Collection, *Response, error) {
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, route, route == "POST /api/v1/collections")
	}
	if b.Collection == nil {
		return nil, resp, fmt.Errorf("mastodon: %s: the answer has no collection", route)
	}
	return b.Collection, resp, nil
}

// Create makes a collection of the user and returns it.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#create
//
// POST /api/v1/collections
func (s *CollectionsService) Create(ctx context.Context, c *NewCollection) (*Collection, *Response, error) {
	if c == nil || c.Name == "" {
		return nil, nil, errors.New("mastodon: Create needs a collection with a name")
	}
	b, resp, err := send[collectionBody](ctx, s.client, "POST", "api/v1/collections", c)
	return unwrapCollection(b, resp, err, "POST /api/v1/collections")
}

// Get returns a collection with the accounts of its owner and its items.
// With a user token, the items leave out accounts the user blocks, and
// include pending ones if the collection is the user's; otherwise only
// accepted items are listed.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#get_collection
//
// GET /api/v1/collections/:id
func (s *CollectionsService) Get(ctx context.Context, id ID) (*CollectionWithAccounts, *Response, error) {
	p, err := collectionPath(id)
	if err != nil {
		return nil, nil, err
	}
	c, resp, err := get[CollectionWithAccounts](ctx, s.client, p, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/collections/:id", false)
	}
	return c, resp, nil
}

// CollectionListOptions are the options of [CollectionsService.List] and
// [CollectionsService.Featuring]. These lists page by offset.
type CollectionListOptions struct {
	// Limit is the number of collections per page: Mastodon's default is
	// 40, its maximum 80.
	Limit int `url:"limit,omitempty"`
	// Offset skips the first collections.
	Offset int `url:"offset,omitempty"`
}

// accountCollectionsPath returns "api/v1/accounts/{id}/{what}".
func accountCollectionsPath(accountID ID, what string) (string, error) {
	seg, err := segment("account id", string(accountID))
	if err != nil {
		return "", err
	}
	return "api/v1/accounts/" + seg + "/" + what, nil
}

// listCollections gets a page of an account's collections list.
func (s *CollectionsService) listCollections(ctx context.Context, accountID ID, what, route string, opts *CollectionListOptions) ([]*Collection, *Response, error) {
	p, err := accountCollectionsPath(accountID, what)
	if err != nil {
		return nil, nil, err
	}
	b, resp, err := get[struct {
		Collections []*Collection `json:"collections"`
	}](ctx, s.client, p, opts)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, route, false)
	}
	return b.Collections, resp, nil
}

// maxCollectionsLimit is the most collections Mastodon sends a page.
const maxCollectionsLimit = 80

// collectionsCursor is where a walk of a collections list stands: the
// offset of the next page and the first ID of the last one.
type collectionsCursor struct {
	offset int
	first  ID
}

// collectionsAll walks a collections list by offset, from opts.Offset,
// until a page is empty, shorter than the one asked for, or the same as
// the last one (a server that ignores offset).
func collectionsAll(ctx context.Context, opts *CollectionListOptions, fetch func(context.Context, *CollectionListOptions) ([]*Collection, *Response, error)) iter.Seq2[*Collection, error] {
	var base CollectionListOptions
	if opts != nil {
		base = *opts
	}
	start := collectionsCursor{offset: base.Offset}
	return paginate.Seq2(ctx, start, maxListPages, func(ctx context.Context, c collectionsCursor) ([]*Collection, collectionsCursor, bool, error) {
		o := base
		o.Offset = c.offset
		page, _, err := fetch(ctx, &o)
		if err != nil {
			return nil, collectionsCursor{}, false, err
		}
		if len(page) == 0 {
			return nil, collectionsCursor{}, false, nil
		}
		var first ID
		if page[0] != nil {
			first = page[0].ID
		}
		if first != "" && first == c.first {
			return nil, collectionsCursor{}, false, nil
		}
		short := o.Limit > 0 && len(page) < min(o.Limit, maxCollectionsLimit)
		return page, collectionsCursor{offset: c.offset + len(page), first: first}, !short, nil
	})
}

// List lists the collections of an account, newest first: the
// discoverable ones, or all of them if the account is the user's. Where
// a user token tailors the items, it does as in [CollectionsService.Get].
//
// The documentation writes this route without "accounts/"; Mastodon
// serves it at /api/v1/accounts/:account_id/collections, which is the
// path requested.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#get_collections
//
// GET /api/v1/:account_id/collections
func (s *CollectionsService) List(ctx context.Context, accountID ID, opts *CollectionListOptions) ([]*Collection, *Response, error) {
	return s.listCollections(ctx, accountID, "collections", "GET /api/v1/accounts/:account_id/collections", opts)
}

// ListAll is the iterator twin of [CollectionsService.List]: it walks
// the collections by Offset.
func (s *CollectionsService) ListAll(ctx context.Context, accountID ID, opts *CollectionListOptions) iter.Seq2[*Collection, error] {
	return collectionsAll(ctx, opts, func(ctx context.Context, o *CollectionListOptions) ([]*Collection, *Response, error) {
		return s.List(ctx, accountID, o)
	})
}

// Featuring lists the collections that feature the user: accountID is
// the user's own account ID, and the answer needs a user token.
//
// The documentation writes this route without "accounts/"; Mastodon
// serves it at /api/v1/accounts/:account_id/in_collections, which is the
// path requested.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#in_collections
//
// GET /api/v1/:account_id/in_collections
func (s *CollectionsService) Featuring(ctx context.Context, accountID ID, opts *CollectionListOptions) ([]*Collection, *Response, error) {
	return s.listCollections(ctx, accountID, "in_collections", "GET /api/v1/accounts/:account_id/in_collections", opts)
}

// FeaturingAll is the iterator twin of [CollectionsService.Featuring]:
// it walks the collections by Offset.
func (s *CollectionsService) FeaturingAll(ctx context.Context, accountID ID, opts *CollectionListOptions) iter.Seq2[*Collection, error] {
	return collectionsAll(ctx, opts, func(ctx context.Context, o *CollectionListOptions) ([]*Collection, *Response, error) {
		return s.Featuring(ctx, accountID, o)
	})
}

// CollectionUpdate is the change [CollectionsService.Update] makes to a
// collection. A nil field keeps its setting. The featured accounts
// change with [CollectionsService.AddAccount] and
// [CollectionsService.RemoveItem].
type CollectionUpdate struct {
	// Name is the title, at most 40 characters.
	Name *string `json:"name,omitempty"`
	// Description says what the collection is about, at most 100
	// characters.
	Description *string `json:"description,omitempty"`
	// Language is the collection's language, an ISO 639-1 code.
	Language *string `json:"language,omitempty"`
	// TagName is one hashtag that describes the collection.
	TagName *string `json:"tag_name,omitempty"`
	// Sensitive marks the collection as sensitive.
	Sensitive *bool `json:"sensitive,omitempty"`
	// Discoverable lets the collection show in search and other
	// discovery features.
	Discoverable *bool `json:"discoverable,omitempty"`
}

// Update changes a collection of the user and returns it. Another
// user's collection gives an error matching [ErrForbidden].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#update_collection
//
// PATCH /api/v1/collections/:id
func (s *CollectionsService) Update(ctx context.Context, id ID, update *CollectionUpdate) (*Collection, *Response, error) {
	if update == nil {
		return nil, nil, errors.New("mastodon: Update needs the changes to make")
	}
	p, err := collectionPath(id)
	if err != nil {
		return nil, nil, err
	}
	b, resp, err := send[collectionBody](ctx, s.client, "PATCH", p, update)
	return unwrapCollection(b, resp, err, "PATCH /api/v1/collections/:id")
}

// collectionAction sends a request without a body whose answer is
// empty.
func (s *CollectionsService) collectionAction(ctx context.Context, method, path, route string) (*Response, error) {
	req, err := s.client.NewRequest(ctx, method, path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, route, false)
}

// Delete deletes a collection of the user.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#delete_collection
//
// DELETE /api/v1/collections/:id
func (s *CollectionsService) Delete(ctx context.Context, id ID) (*Response, error) {
	p, err := collectionPath(id)
	if err != nil {
		return nil, err
	}
	return s.collectionAction(ctx, "DELETE", p, "DELETE /api/v1/collections/:id")
}

// AddAccount features an account in a collection of the user and
// returns the new item. Its State says whether the account has agreed
// yet. An account that cannot be added gives an error matching
// [ErrUnprocessable].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#add_account
//
// POST /api/v1/collections/:collection_id/items
func (s *CollectionsService) AddAccount(ctx context.Context, collectionID, accountID ID) (*CollectionItem, *Response, error) {
	if accountID == "" {
		return nil, nil, errors.New("mastodon: AddAccount needs an account id")
	}
	p, err := collectionPath(collectionID, "items")
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		AccountID ID `json:"account_id"`
	}{accountID}
	b, resp, err := send[struct {
		Item *CollectionItem `json:"collection_item"`
	}](ctx, s.client, "POST", p, &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/collections/:collection_id/items", false)
	}
	if b.Item == nil {
		return nil, resp, errors.New("mastodon: POST /api/v1/collections/:collection_id/items: the answer has no collection_item")
	}
	return b.Item, resp, nil
}

// collectionItemPath returns
// "api/v1/collections/{collectionID}/items/{itemID}" plus more path
// segments.
func collectionItemPath(collectionID, itemID ID, more ...string) (string, error) {
	item, err := segment("collection item id", string(itemID))
	if err != nil {
		return "", err
	}
	return collectionPath(collectionID, append([]string{"items", item}, more...)...)
}

// RemoveItem takes an item (an account, by the item's ID, not the
// account's) out of a collection of the user.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#remove_account
//
// DELETE /api/v1/collections/:collection_id/items/:id
func (s *CollectionsService) RemoveItem(ctx context.Context, collectionID, itemID ID) (*Response, error) {
	p, err := collectionItemPath(collectionID, itemID)
	if err != nil {
		return nil, err
	}
	return s.collectionAction(ctx, "DELETE", p, "DELETE /api/v1/collections/:collection_id/items/:id")
}

// RevokeItem takes the user out of another user's collection that
// features them, by the item's ID.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/collections/#revoke_item
//
// POST /api/v1/collections/:collection_id/items/:id/revoke
func (s *CollectionsService) RevokeItem(ctx context.Context, collectionID, itemID ID) (*Response, error) {
	p, err := collectionItemPath(collectionID, itemID, "revoke")
	if err != nil {
		return nil, err
	}
	return s.collectionAction(ctx, "POST", p, "POST /api/v1/collections/:collection_id/items/:id/revoke")
}
