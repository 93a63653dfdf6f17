package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// The v2 filters API came with Mastodon 4.0; GoToSocial has it too.
// Servers without it (older Mastodon, Pleroma, Akkoma) answer 404, which
// the methods turn into a [*NotSupportedError]; the v1 methods (ListV1…)
// are for them.

// filterPath returns "api/{version}/filters/{id}" and the further
// segments; what names the id in errors.
func filterPath(version, what string, id ID, more ...string) (string, error) {
	seg, err := segment(what, string(id))
	if err != nil {
		return "", err
	}
	p := "api/" + version + "/filters/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// filterKeywordPath returns "api/v2/filters/keywords/{id}".
func filterKeywordPath(id ID) (string, error) {
	seg, err := segment("filter keyword id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v2/filters/keywords/" + seg, nil
}

// filterStatusPath returns "api/v2/filters/statuses/{id}".
func filterStatusPath(id ID) (string, error) {
	seg, err := segment("filter status id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v2/filters/statuses/" + seg, nil
}

// expiresIn is the expires_in of a filter body: a number of seconds,
// or null to remove an expiry, or left out.
func expiresIn(d time.Duration, remove bool) json.RawMessage {
	switch {
	case remove:
		return json.RawMessage("null")
	case d > 0:
		b, _ := json.Marshal(int64(d / time.Second))
		return b
	}
	return nil
}

// List returns every filter of the token's user, with its keywords and
// statuses (Mastodon 4.0). A server without the v2 filters API gives a
// [*NotSupportedError]: use [FiltersService.ListV1] there.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#get
//
// GET /api/v2/filters
func (s *FiltersService) List(ctx context.Context) ([]*Filter, *Response, error) {
	filters, resp, err := list[*Filter](ctx, s.client, "api/v2/filters", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/filters", true)
	}
	return filters, resp, nil
}

// Get returns one filter of the token's user, with its keywords and
// statuses (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#get-one
//
// GET /api/v2/filters/:id
func (s *FiltersService) Get(ctx context.Context, id ID) (*Filter, *Response, error) {
	path, err := filterPath("v2", "filter id", id)
	if err != nil {
		return nil, nil, err
	}
	f, resp, err := get[Filter](ctx, s.client, path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/filters/:id", false)
	}
	return f, resp, nil
}

// FilterKeywordChange is a keyword of [FilterCreateOptions] and
// [FilterUpdateOptions]: a keyword to add, or, with an ID (Update only),
// a change to an existing keyword or its removal.
type FilterKeywordChange struct {
	// ID names an existing keyword of the filter. Empty adds Keyword as
	// a new keyword. Mastodon answers 404 to an ID on Create.
	ID ID `json:"id,omitempty"`
	// Keyword is the phrase to match; with an ID, the keyword's new
	// phrase (empty keeps it).
	Keyword string `json:"keyword,omitempty"`
	// WholeWord makes the keyword match whole words only. It is always
	// sent, so a change resets it unless it is set again.
	WholeWord bool `json:"whole_word"`
	// Delete removes the keyword named by ID.
	Delete bool `json:"_destroy,omitempty"`
}

// FilterCreateOptions are the options of [FiltersService.Create].
type FilterCreateOptions struct {
	// FilterAction is what happens to a matching status. Empty means the
	// server's default, FilterWarn. FilterBlur needs Mastodon 4.4.
	FilterAction FilterAction
	// ExpiresIn makes the filter stop applying after this long (whole
	// seconds). Zero means never.
	ExpiresIn time.Duration
	// Keywords are the filter's phrases; the filter can also be given
	// keywords and statuses later.
	Keywords []FilterKeywordChange
}

// Create makes a filter with a title, applying in the given contexts
// (Mastodon 4.0), and returns it. Both are required. A context or action
// the server does not know gives an error matching [ErrUnprocessable]; a
// server without the v2 filters API a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#create
//
// POST /api/v2/filters
func (s *FiltersService) Create(ctx context.Context, title string, contexts []FilterContext, opts *FilterCreateOptions) (*Filter, *Response, error) {
	if title == "" || len(contexts) == 0 {
		return nil, nil, errors.New("mastodon: Filters.Create needs a title and at least one context")
	}
	if opts == nil {
		opts = &FilterCreateOptions{}
	}
	body := struct {
		Title        string                `json:"title"`
		Context      []FilterContext       `json:"context"`
		FilterAction FilterAction          `json:"filter_action,omitempty"`
		ExpiresIn    json.RawMessage       `json:"expires_in,omitempty"`
		Keywords     []FilterKeywordChange `json:"keywords_attributes,omitempty"`
	}{title, contexts, opts.FilterAction, expiresIn(opts.ExpiresIn, false), opts.Keywords}
	f, resp, err := send[Filter](ctx, s.client, "POST", "api/v2/filters", &body)
	if err != nil {
		// A 404 with "Record not found" answers a keyword ID.
		return nil, resp, unsupportedEndpoint(err, "POST /api/v2/filters", false)
	}
	return f, resp, nil
}

// FilterUpdateOptions are the changes [FiltersService.Update] makes. A
// zero field leaves that property as it is.
type FilterUpdateOptions struct {
	// Title renames the filter.
	Title string `json:"title,omitempty"`
	// Context replaces the contexts where the filter applies.
	Context []FilterContext `json:"context,omitempty"`
	// FilterAction changes what happens to a matching status.
	FilterAction FilterAction `json:"filter_action,omitempty"`
	// ExpiresIn makes the filter stop applying this long from now (whole
	// seconds).
	ExpiresIn time.Duration `json:"-"`
	// RemoveExpiry makes the filter apply for good; it cannot go with
	// ExpiresIn.
	RemoveExpiry bool `json:"-"`
	// Keywords adds, changes and removes keywords; the keywords it does
	// not name are kept.
	Keywords []FilterKeywordChange `json:"keywords_attributes,omitempty"`
}

// Update changes a filter and returns it as it now is (Mastodon 4.0). A
// keyword ID the filter does not have gives an error matching
// [ErrNotFound]. Like every PUT, it is retried after a failure that may
// pass.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#update
//
// PUT /api/v2/filters/:id
func (s *FiltersService) Update(ctx context.Context, id ID, opts *FilterUpdateOptions) (*Filter, *Response, error) {
	path, err := filterPath("v2", "filter id", id)
	if err != nil {
		return nil, nil, err
	}
	if opts == nil {
		opts = &FilterUpdateOptions{}
	}
	if opts.RemoveExpiry && opts.ExpiresIn != 0 {
		return nil, nil, errors.New("mastodon: Filters.Update needs either ExpiresIn or RemoveExpiry, not both")
	}
	body := struct {
		*FilterUpdateOptions
		ExpiresIn json.RawMessage `json:"expires_in,omitempty"`
	}{opts, expiresIn(opts.ExpiresIn, opts.RemoveExpiry)}
	f, resp, err := send[Filter](ctx, s.client, "PUT", path, &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "PUT /api/v2/filters/:id", false)
	}
	return f, resp, nil
}

// Delete deletes a filter with its keywords and statuses (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#delete
//
// DELETE /api/v2/filters/:id
func (s *FiltersService) Delete(ctx context.Context, id ID) (*Response, error) {
	path, err := filterPath("v2", "filter id", id)
	if err != nil {
		return nil, err
	}
	resp, err := sendIgnoringAnswer(ctx, s.client, "DELETE", path, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v2/filters/:id", false)
}

// Keywords returns the keywords of a filter (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#keywords-get
//
// GET /api/v2/filters/:filter_id/keywords
func (s *FiltersService) Keywords(ctx context.Context, filterID ID) ([]*FilterKeyword, *Response, error) {
	path, err := filterPath("v2", "filter id", filterID, "keywords")
	if err != nil {
		return nil, nil, err
	}
	kws, resp, err := list[*FilterKeyword](ctx, s.client, path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/filters/:filter_id/keywords", false)
	}
	return kws, resp, nil
}

// FilterKeywordOptions are the options of [FiltersService.AddKeyword]
// and [FiltersService.UpdateKeyword]. Nil options leave whole_word out:
// the server's default (false) for a new keyword, the current setting
// for a change.
type FilterKeywordOptions struct {
	// WholeWord makes the keyword match whole words only.
	WholeWord bool `json:"whole_word"`
}

// filterKeywordBody is the body of AddKeyword and UpdateKeyword.
type filterKeywordBody struct {
	Keyword string `json:"keyword"`
	*FilterKeywordOptions
}

// AddKeyword adds a keyword to a filter and returns it (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#keywords-create
//
// POST /api/v2/filters/:filter_id/keywords
func (s *FiltersService) AddKeyword(ctx context.Context, filterID ID, keyword string, opts *FilterKeywordOptions) (*FilterKeyword, *Response, error) {
	if keyword == "" {
		return nil, nil, errors.New("mastodon: Filters.AddKeyword needs a keyword")
	}
	path, err := filterPath("v2", "filter id", filterID, "keywords")
	if err != nil {
		return nil, nil, err
	}
	kw, resp, err := send[FilterKeyword](ctx, s.client, "POST", path, &filterKeywordBody{keyword, opts})
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v2/filters/:filter_id/keywords", false)
	}
	return kw, resp, nil
}

// GetKeyword returns one keyword of a filter (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#keywords-get-one
//
// GET /api/v2/filters/keywords/:id
func (s *FiltersService) GetKeyword(ctx context.Context, id ID) (*FilterKeyword, *Response, error) {
	path, err := filterKeywordPath(id)
	if err != nil {
		return nil, nil, err
	}
	kw, resp, err := get[FilterKeyword](ctx, s.client, path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/filters/keywords/:id", false)
	}
	return kw, resp, nil
}

// UpdateKeyword changes the phrase of a filter keyword, and its
// whole-word setting when opts is given, and returns the keyword as it
// now is (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#keywords-update
//
// PUT /api/v2/filters/keywords/:id
func (s *FiltersService) UpdateKeyword(ctx context.Context, id ID, keyword string, opts *FilterKeywordOptions) (*FilterKeyword, *Response, error) {
	if keyword == "" {
		return nil, nil, errors.New("mastodon: Filters.UpdateKeyword needs a keyword")
	}
	path, err := filterKeywordPath(id)
	if err != nil {
		return nil, nil, err
	}
	kw, resp, err := send[FilterKeyword](ctx, s.client, "PUT", path, &filterKeywordBody{keyword, opts})
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "PUT /api/v2/filters/keywords/:id", false)
	}
	return kw, resp, nil
}

// DeleteKeyword removes a keyword from its filter (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#keywords-delete
//
// DELETE /api/v2/filters/keywords/:id
func (s *FiltersService) DeleteKeyword(ctx context.Context, id ID) (*Response, error) {
	path, err := filterKeywordPath(id)
	if err != nil {
		return nil, err
	}
	resp, err := sendIgnoringAnswer(ctx, s.client, "DELETE", path, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v2/filters/keywords/:id", false)
}

// Statuses returns the statuses a filter matches one by one (Mastodon
// 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#statuses-get
//
// GET /api/v2/filters/:filter_id/statuses
func (s *FiltersService) Statuses(ctx context.Context, filterID ID) ([]*FilterStatus, *Response, error) {
	path, err := filterPath("v2", "filter id", filterID, "statuses")
	if err != nil {
		return nil, nil, err
	}
	fs, resp, err := list[*FilterStatus](ctx, s.client, path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/filters/:filter_id/statuses", false)
	}
	return fs, resp, nil
}

// AddStatus makes a filter match a status, and returns the new entry
// (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#statuses-add
//
// POST /api/v2/filters/:filter_id/statuses
func (s *FiltersService) AddStatus(ctx context.Context, filterID, statusID ID) (*FilterStatus, *Response, error) {
	if statusID == "" {
		return nil, nil, errors.New("mastodon: Filters.AddStatus needs a status id")
	}
	path, err := filterPath("v2", "filter id", filterID, "statuses")
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		StatusID ID `json:"status_id"`
	}{statusID}
	fs, resp, err := send[FilterStatus](ctx, s.client, "POST", path, &body)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v2/filters/:filter_id/statuses", false)
	}
	return fs, resp, nil
}

// GetStatus returns one status entry of a filter, by the entry's ID, not
// the status's (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#statuses-get-one
//
// GET /api/v2/filters/statuses/:id
func (s *FiltersService) GetStatus(ctx context.Context, id ID) (*FilterStatus, *Response, error) {
	path, err := filterStatusPath(id)
	if err != nil {
		return nil, nil, err
	}
	fs, resp, err := get[FilterStatus](ctx, s.client, path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v2/filters/statuses/:id", false)
	}
	return fs, resp, nil
}

// RemoveStatus removes a status entry from its filter, by the entry's
// ID (Mastodon 4.0). The documentation says the answer is the entry;
// Mastodon sends an empty object, so nothing is decoded.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#statuses-remove
//
// DELETE /api/v2/filters/statuses/:id
func (s *FiltersService) RemoveStatus(ctx context.Context, id ID) (*Response, error) {
	path, err := filterStatusPath(id)
	if err != nil {
		return nil, err
	}
	resp, err := sendIgnoringAnswer(ctx, s.client, "DELETE", path, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v2/filters/statuses/:id", false)
}

// ListV1 returns the user's filters in the v1 form, one phrase each: only
// for servers without v2 (Mastodon before 4.0, Pleroma, Akkoma); use
// [FiltersService.List] elsewhere. Mastodon 4.0 and later answer with
// one v1 filter per keyword of its filters, the keyword as the phrase.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#get-v1
//
// GET /api/v1/filters
func (s *FiltersService) ListV1(ctx context.Context) ([]*FilterV1, *Response, error) {
	filters, resp, err := list[*FilterV1](ctx, s.client, "api/v1/filters", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/filters", true)
	}
	return filters, resp, nil
}

// GetV1 returns one v1 filter: only for servers without v2; use
// [FiltersService.Get] elsewhere. On Mastodon 4.0 and later the ID is
// that of a filter keyword.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#get-one-v1
//
// GET /api/v1/filters/:id
func (s *FiltersService) GetV1(ctx context.Context, id ID) (*FilterV1, *Response, error) {
	path, err := filterPath("v1", "filter id", id)
	if err != nil {
		return nil, nil, err
	}
	f, resp, err := get[FilterV1](ctx, s.client, path, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/filters/:id", false)
	}
	return f, resp, nil
}

// FilterV1Options are the options of [FiltersService.CreateV1] and
// [FiltersService.UpdateV1].
type FilterV1Options struct {
	// Irreversible makes the server drop matching statuses from the home
	// timeline and notifications, rather than leave them to the app to
	// hide.
	Irreversible bool
	// WholeWord makes the phrase match whole words only.
	WholeWord bool
	// ExpiresIn makes the filter stop applying this long from now (whole
	// seconds). Zero means never; on UpdateV1 it removes an expiry.
	ExpiresIn time.Duration
}

// filterV1Body is the body of CreateV1 and UpdateV1; update sends a zero
// ExpiresIn as null, which removes an expiry.
func filterV1Body(phrase string, contexts []FilterContext, opts *FilterV1Options, update bool) any {
	if opts == nil {
		opts = &FilterV1Options{}
	}
	return &struct {
		Phrase       string          `json:"phrase"`
		Context      []FilterContext `json:"context"`
		Irreversible bool            `json:"irreversible"`
		WholeWord    bool            `json:"whole_word"`
		ExpiresIn    json.RawMessage `json:"expires_in,omitempty"`
	}{phrase, contexts, opts.Irreversible, opts.WholeWord, expiresIn(opts.ExpiresIn, update && opts.ExpiresIn == 0)}
}

// CreateV1 makes a v1 filter of one phrase, applying in the given
// contexts: only for servers without v2; use [FiltersService.Create]
// elsewhere. Mastodon 4.0 and later make a filter titled with the phrase,
// holding it as its one keyword.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#create-v1
//
// POST /api/v1/filters
func (s *FiltersService) CreateV1(ctx context.Context, phrase string, contexts []FilterContext, opts *FilterV1Options) (*FilterV1, *Response, error) {
	if phrase == "" || len(contexts) == 0 {
		return nil, nil, errors.New("mastodon: Filters.CreateV1 needs a phrase and at least one context")
	}
	f, resp, err := send[FilterV1](ctx, s.client, "POST", "api/v1/filters", filterV1Body(phrase, contexts, opts, false))
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v1/filters", true)
	}
	return f, resp, nil
}

// UpdateV1 replaces the phrase, contexts and options of a v1 filter:
// only for servers without v2; use [FiltersService.Update] elsewhere. On
// Mastodon 4.0 and later, changing the contexts, expiry or
// irreversibility of a filter that has several keywords gives an error
// matching [ErrUnprocessable]; the phrase and WholeWord can always be
// changed.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#update-v1
//
// PUT /api/v1/filters/:id
func (s *FiltersService) UpdateV1(ctx context.Context, id ID, phrase string, contexts []FilterContext, opts *FilterV1Options) (*FilterV1, *Response, error) {
	if phrase == "" || len(contexts) == 0 {
		return nil, nil, errors.New("mastodon: Filters.UpdateV1 needs a phrase and at least one context")
	}
	path, err := filterPath("v1", "filter id", id)
	if err != nil {
		return nil, nil, err
	}
	f, resp, err := send[FilterV1](ctx, s.client, "PUT", path, filterV1Body(phrase, contexts, opts, true))
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "PUT /api/v1/filters/:id", false)
	}
	return f, resp, nil
}

// DeleteV1 deletes a v1 filter: only for servers without v2; use
// [FiltersService.Delete] elsewhere. On Mastodon 4.0 and later it removes
// only the keyword the ID names, and keeps its filter.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/filters/#delete-v1
//
// DELETE /api/v1/filters/:id
func (s *FiltersService) DeleteV1(ctx context.Context, id ID) (*Response, error) {
	path, err := filterPath("v1", "filter id", id)
	if err != nil {
		return nil, err
	}
	resp, err := sendIgnoringAnswer(ctx, s.client, "DELETE", path, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/filters/:id", false)
}
