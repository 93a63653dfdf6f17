package mastodon

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"
)

// StatusesService publishes, reads and acts on statuses (posts).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/
type StatusesService service

// NewStatus is a status to publish with [StatusesService.Create] or
// [StatusesService.Schedule]. Status or MediaIDs (or Poll) is required.
type NewStatus struct {
	// Status is the text. Mentions (@user@server), hashtags and links in
	// it are recognised by the server. Mastodon allows 500 characters
	// unless the instance says otherwise (configuration.statuses).
	Status string `json:"status,omitempty"`
	// MediaIDs are the media to attach, uploaded before with
	// [MediaService.Upload]: at most four, or as the instance allows.
	MediaIDs []ID `json:"media_ids,omitempty"`
	// Poll attaches a poll; it cannot go with media.
	Poll *NewPoll `json:"poll,omitempty"`
	// InReplyToID is the status this one answers.
	InReplyToID ID `json:"in_reply_to_id,omitempty"`
	// Sensitive marks the media as sensitive.
	Sensitive bool `json:"sensitive,omitempty"`
	// SpoilerText is a content warning shown instead of the text until
	// the reader opens it.
	SpoilerText string `json:"spoiler_text,omitempty"`
	// Visibility is who may see the status. Empty means the account's
	// default.
	Visibility Visibility `json:"visibility,omitempty"`
	// Language is the ISO 639-1 code of the text's language, such as
	// "de".
	Language string `json:"language,omitempty"`
	// QuotedStatusID is a status to quote (Mastodon 4.5).
	QuotedStatusID ID `json:"quoted_status_id,omitempty"`
	// QuoteApprovalPolicy says who may quote this status (Mastodon 4.5).
	QuoteApprovalPolicy QuotePolicy `json:"quote_approval_policy,omitempty"`

	// IdempotencyKey identifies this post across attempts, so that it is
	// published once however often it is sent. Empty means a new random
	// key. Pass the key of an [*UncertainPostError] to try the same post
	// again safely.
	IdempotencyKey string `json:"-"`
}

// NewPoll is a poll to attach to a [NewStatus].
type NewPoll struct {
	// Options are the choices (Mastodon allows 2 to 4, of at most 50
	// characters, unless the instance says otherwise).
	Options []string `json:"options"`
	// ExpiresIn is how long the poll stays open: whole seconds, at least
	// five minutes.
	ExpiresIn time.Duration `json:"-"`
	// Multiple lets voters pick several choices.
	Multiple bool `json:"multiple,omitempty"`
	// HideTotals hides the counts until the poll closes.
	HideTotals bool `json:"hide_totals,omitempty"`
}

// MarshalJSON writes ExpiresIn in seconds, as the API takes it.
func (p NewPoll) MarshalJSON() ([]byte, error) {
	type plain NewPoll
	return json.Marshal(struct {
		plain
		ExpiresIn int64 `json:"expires_in"`
	}{plain(p), int64(p.ExpiresIn / time.Second)})
}

// ErrMaybePosted is matched by an [*UncertainPostError].
var ErrMaybePosted = errors.New("mastodon: the status may have been posted")

// UncertainPostError reports a post whose outcome is unknown: the request
// was sent, and the server failed or the connection broke before it
// answered. The status may exist. Calling [StatusesService.Create] again
// with the same IdempotencyKey is safe on servers that honour the key
// (Mastodon, Pleroma, Akkoma): it returns the status if it was made,
// and makes it once otherwise.
type UncertainPostError struct {
	// IdempotencyKey is the key the post was sent with.
	IdempotencyKey string
	// Err is the last failure.
	Err error
}

// Error says that the post may have been made, and why it is not known.
func (e *UncertainPostError) Error() string {
	return fmt.Sprintf("mastodon: the status may have been posted (Idempotency-Key %s): %v", e.IdempotencyKey, e.Err)
}

// Unwrap returns the last failure.
func (e *UncertainPostError) Unwrap() error { return e.Err }

// Is matches [ErrMaybePosted].
func (e *UncertainPostError) Is(target error) bool { return target == ErrMaybePosted }

// newIdempotencyKey returns a random key.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Create publishes a status, exactly once.
//
// Every post carries an Idempotency-Key (NewStatus.IdempotencyKey, or a
// random one). On a server known to honour it (see
// [ServerInfo.HonoursIdempotencyKey]) a post that fails in a way that
// may pass (5xx, a broken connection) is sent again with the same key,
// so the server makes it at most once; if every attempt fails, the error
// is an [*UncertainPostError] with the key.
//
// On other servers (GoToSocial takes the header and ignores it), a post
// is never sent twice blindly: after an answer that leaves the outcome
// unknown, Create looks for the status among the account's latest ones
// (same text, visibility, reply target and content warning, made since
// shortly before the attempt) and returns it if it is there; only if it
// is not is the post sent once more. This needs the read:accounts and
// read:statuses scopes, besides write:statuses.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#create
//
// POST /api/v1/statuses
func (s *StatusesService) Create(ctx context.Context, post *NewStatus) (*Status, *Response, error) {
	if err := checkNewStatus(post); err != nil {
		return nil, nil, err
	}
	return postStatus(ctx, s.client, post, nil, func(ctx context.Context, _ string, since time.Time) (*Status, *Response, error) {
		return s.findPosted(ctx, post, since)
	})
}

// Schedule schedules a status to be published at at (at least five
// minutes ahead, Mastodon says), with the same once-only care as
// [StatusesService.Create], except that the scheduled statuses are what
// is searched after an unknown outcome.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#create
//
// POST /api/v1/statuses
func (s *StatusesService) Schedule(ctx context.Context, at time.Time, post *NewStatus) (*ScheduledStatus, *Response, error) {
	if err := checkNewStatus(post); err != nil {
		return nil, nil, err
	}
	if at.IsZero() {
		return nil, nil, errors.New("mastodon: Schedule needs a time")
	}
	return postStatus(ctx, s.client, post, &at, func(ctx context.Context, key string, _ time.Time) (*ScheduledStatus, *Response, error) {
		return s.findScheduled(ctx, key, post, at)
	})
}

func checkNewStatus(post *NewStatus) error {
	if post == nil || (post.Status == "" && len(post.MediaIDs) == 0 && post.Poll == nil) {
		return errors.New("mastodon: a status needs text, media or a poll")
	}
	return nil
}

// postStatus sends a new status (scheduled when at is not nil) and
// decodes the answer into a T; find looks for the status after an
// unknown outcome on a server that ignores Idempotency-Key.
func postStatus[T any](ctx context.Context, c *Client, post *NewStatus, at *time.Time, find func(context.Context, string, time.Time) (*T, *Response, error)) (*T, *Response, error) {
	key := post.IdempotencyKey
	if key == "" {
		key = newIdempotencyKey()
	}
	body := struct {
		*NewStatus
		ScheduledAt *time.Time `json:"scheduled_at,omitempty"`
	}{post, at}
	si, serr := c.Server(ctx)
	honours := serr == nil && si.HonoursIdempotencyKey()

	attempt := func() (*T, *Response, error) {
		req, err := c.NewRequest(ctx, "POST", "api/v1/statuses", &body)
		if err != nil {
			return nil, nil, err
		}
		req.Header.Set("Idempotency-Key", key)
		out := new(T)
		resp, err := c.do(req, out, honours)
		if err != nil {
			return nil, resp, err
		}
		return out, resp, nil
	}

	if honours {
		out, resp, err := attempt()
		if err != nil && isAmbiguous(err) {
			return nil, resp, &UncertainPostError{IdempotencyKey: key, Err: err}
		}
		return out, resp, err
	}
	for try := 0; ; try++ {
		since := c.now()
		out, resp, err := attempt()
		if err == nil || !isAmbiguous(err) {
			return out, resp, err
		}
		if ctx.Err() != nil {
			return nil, resp, &UncertainPostError{IdempotencyKey: key, Err: err}
		}
		c.log.DebugContext(ctx, "mastodon: unknown outcome of a post; looking for it", "error", err)
		found, fresp, ferr := find(ctx, key, since)
		if ferr != nil {
			return nil, resp, &UncertainPostError{IdempotencyKey: key,
				Err: fmt.Errorf("%w (looking for the status failed too: %v)", err, ferr)}
		}
		if found != nil {
			return found, fresp, nil
		}
		if try > 0 {
			return nil, resp, &UncertainPostError{IdempotencyKey: key, Err: err}
		}
		c.log.DebugContext(ctx, "mastodon: the post was not made; sending it again")
	}
}

// postedSkew is how much earlier than the attempt, by the server's clock,
// a status found after an unknown outcome may have been made: the two
// clocks differ.
const postedSkew = 2 * time.Minute

// findPosted looks for post among the latest statuses of the token's
// account, made since shortly before since.
func (s *StatusesService) findPosted(ctx context.Context, post *NewStatus, since time.Time) (*Status, *Response, error) {
	c := s.client
	me, _, err := get[Account](ctx, c, "api/v1/accounts/verify_credentials", nil)
	if err != nil {
		return nil, nil, err
	}
	id, err := segment("account id", string(me.ID))
	if err != nil {
		return nil, nil, err
	}
	latest, resp, err := list[*Status](ctx, c, "api/v1/accounts/"+id+"/statuses", &ListOptions{Limit: 20})
	if err != nil {
		return nil, resp, err
	}
	for _, st := range latest {
		if st == nil || st.Reblog != nil || st.CreatedAt.Before(since.Add(-postedSkew)) ||
			st.InReplyToID != post.InReplyToID || st.SpoilerText != post.SpoilerText ||
			(post.Visibility != "" && st.Visibility != post.Visibility) ||
			!sameMedia(st.MediaAttachments, post.MediaIDs) {
			continue
		}
		text := st.Text
		if text == "" {
			// Mastodon keeps the source to itself but on request.
			sid, err := segment("status id", string(st.ID))
			if err != nil {
				continue
			}
			src, _, err := get[StatusSource](ctx, c, "api/v1/statuses/"+sid+"/source", nil)
			if err != nil {
				return nil, resp, err
			}
			text = src.Text
		}
		if strings.TrimSpace(text) == strings.TrimSpace(post.Status) {
			return st, resp, nil
		}
	}
	return nil, resp, nil
}

// sameMedia reports whether a status carries exactly the media ids.
func sameMedia(got []MediaAttachment, want []ID) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].ID != want[i] {
			return false
		}
	}
	return true
}

// findScheduled looks for post among the scheduled statuses: by its
// idempotency key, which the server keeps with them, or by text and
// time.
func (s *StatusesService) findScheduled(ctx context.Context, key string, post *NewStatus, at time.Time) (*ScheduledStatus, *Response, error) {
	all, resp, err := list[*ScheduledStatus](ctx, s.client, "api/v1/scheduled_statuses", &ListOptions{Limit: 40})
	if err != nil {
		return nil, resp, err
	}
	for _, sc := range all {
		if sc == nil {
			continue
		}
		if sc.Params.Idempotency != "" {
			if sc.Params.Idempotency == key {
				return sc, resp, nil
			}
			continue
		}
		if sc.ScheduledAt.Truncate(time.Second).Equal(at.Truncate(time.Second)) && strings.TrimSpace(sc.Params.Text) == strings.TrimSpace(post.Status) {
			return sc, resp, nil
		}
	}
	return nil, resp, nil
}

// isAmbiguous reports whether a failed POST may have been acted on: the
// request may have reached the server, and no answer says it was not.
func isAmbiguous(err error) bool {
	var er *ErrorResponse
	if errors.As(err, &er) {
		return er.StatusCode >= 500
	}
	if errors.Is(err, ErrRateLimited) || errors.Is(err, context.Canceled) || dialFailed(err) || !retryableError(err) {
		return false
	}
	return true
}

// statusPath returns "api/v1/statuses/{id}" plus more path segments.
func statusPath(id ID, more ...string) (string, error) {
	seg, err := segment("status id", string(id))
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{"api/v1/statuses", seg}, more...), "/"), nil
}

// statusAction runs a POST on a status that answers with the status.
func (s *StatusesService) statusAction(ctx context.Context, id ID, action string, body any) (*Status, *Response, error) {
	path, err := statusPath(id, action)
	if err != nil {
		return nil, nil, err
	}
	return send[Status](ctx, s.client, "POST", path, body)
}

// Get returns a status.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#get
//
// GET /api/v1/statuses/:id
func (s *StatusesService) Get(ctx context.Context, id ID) (*Status, *Response, error) {
	path, err := statusPath(id)
	if err != nil {
		return nil, nil, err
	}
	return get[Status](ctx, s.client, path, nil)
}

// GetMany returns several statuses at once (Mastodon 4.3), skipping
// those that are not found.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#index
//
// GET /api/v1/statuses
func (s *StatusesService) GetMany(ctx context.Context, ids ...ID) ([]*Status, *Response, error) {
	opts := struct {
		IDs []ID `url:"id[]"`
	}{ids}
	return list[*Status](ctx, s.client, "api/v1/statuses", &opts)
}

// DeleteOptions are the options of [StatusesService.Delete].
type DeleteOptions struct {
	// DeleteMedia deletes the media at once rather than keeping them for
	// a redraft (Mastodon 4.4).
	DeleteMedia bool `url:"delete_media,omitempty"`
}

// Delete deletes a status of the token's user and returns it with its
// source text, for a redraft.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#delete
//
// DELETE /api/v1/statuses/:id
func (s *StatusesService) Delete(ctx context.Context, id ID, opts *DeleteOptions) (*Status, *Response, error) {
	path, err := statusPath(id)
	if err != nil {
		return nil, nil, err
	}
	if path, err = withQuery(path, opts); err != nil {
		return nil, nil, err
	}
	return send[Status](ctx, s.client, "DELETE", path, nil)
}

// StatusEditOptions is a new version of a status, for
// [StatusesService.Edit]. What is left empty is removed from the status:
// give the whole new version.
type StatusEditOptions struct {
	Status          string            `json:"status,omitempty"`
	SpoilerText     string            `json:"spoiler_text"`
	Sensitive       bool              `json:"sensitive"`
	Language        string            `json:"language,omitempty"`
	MediaIDs        []ID              `json:"media_ids"`
	Poll            *NewPoll          `json:"poll,omitempty"`
	MediaAttributes []MediaAttributes `json:"media_attributes,omitempty"`
	// QuoteApprovalPolicy changes who may quote the status (Mastodon
	// 4.5).
	QuoteApprovalPolicy QuotePolicy `json:"quote_approval_policy,omitempty"`
}

// MediaAttributes changes an attachment while its status is edited.
type MediaAttributes struct {
	ID          ID     `json:"id"`
	Description string `json:"description,omitempty"`
	// Focus is "x,y", both from -1.0 to 1.0.
	Focus     string `json:"focus,omitempty"`
	Thumbnail string `json:"thumbnail,omitempty"`
}

// Edit replaces a status of the token's user with a new version. An edit
// is idempotent: it is retried like a GET.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#edit
//
// PUT /api/v1/statuses/:id
func (s *StatusesService) Edit(ctx context.Context, id ID, edit *StatusEditOptions) (*Status, *Response, error) {
	if edit == nil {
		return nil, nil, errors.New("mastodon: Edit needs the new version")
	}
	path, err := statusPath(id)
	if err != nil {
		return nil, nil, err
	}
	return send[Status](ctx, s.client, "PUT", path, edit)
}

// Context returns the thread around a status: its ancestors and
// descendants.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#context
//
// GET /api/v1/statuses/:id/context
func (s *StatusesService) Context(ctx context.Context, id ID) (*Context, *Response, error) {
	path, err := statusPath(id, "context")
	if err != nil {
		return nil, nil, err
	}
	return get[Context](ctx, s.client, path, nil)
}

// TranslateOptions are the options of [StatusesService.Translate].
type TranslateOptions struct {
	// Lang is the ISO 639 code of the language to translate to. Empty
	// means the user's interface language.
	Lang string `json:"lang,omitempty"`
}

// Translate translates a status with the server's translation service,
// when it has one.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#translate
//
// POST /api/v1/statuses/:id/translate
func (s *StatusesService) Translate(ctx context.Context, id ID, opts *TranslateOptions) (*Translation, *Response, error) {
	path, err := statusPath(id, "translate")
	if err != nil {
		return nil, nil, err
	}
	if opts == nil {
		opts = &TranslateOptions{}
	}
	return send[Translation](ctx, s.client, "POST", path, opts)
}

// RebloggedBy lists the accounts that boosted a status.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#reblogged_by
//
// GET /api/v1/statuses/:id/reblogged_by
func (s *StatusesService) RebloggedBy(ctx context.Context, id ID, opts *ListOptions) ([]*Account, *Response, error) {
	path, err := statusPath(id, "reblogged_by")
	if err != nil {
		return nil, nil, err
	}
	return list[*Account](ctx, s.client, path, opts)
}

// RebloggedByAll is the iterator twin of [StatusesService.RebloggedBy].
func (s *StatusesService) RebloggedByAll(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Account, *Response, error) {
		return s.RebloggedBy(ctx, id, o)
	})
}

// FavouritedBy lists the accounts that favourited a status.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#favourited_by
//
// GET /api/v1/statuses/:id/favourited_by
func (s *StatusesService) FavouritedBy(ctx context.Context, id ID, opts *ListOptions) ([]*Account, *Response, error) {
	path, err := statusPath(id, "favourited_by")
	if err != nil {
		return nil, nil, err
	}
	return list[*Account](ctx, s.client, path, opts)
}

// FavouritedByAll is the iterator twin of [StatusesService.FavouritedBy].
func (s *StatusesService) FavouritedByAll(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Account, *Response, error) {
		return s.FavouritedBy(ctx, id, o)
	})
}

// Favourite favourites a status.
//
// POST /api/v1/statuses/:id/favourite
func (s *StatusesService) Favourite(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "favourite", nil)
}

// Unfavourite takes a favourite back.
//
// POST /api/v1/statuses/:id/unfavourite
func (s *StatusesService) Unfavourite(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "unfavourite", nil)
}

// ReblogOptions are the options of [StatusesService.Reblog].
type ReblogOptions struct {
	// Visibility of the boost: public, unlisted or private.
	Visibility Visibility `json:"visibility,omitempty"`
}

// Reblog boosts a status. The answer is the boost, a status whose Reblog
// is the boosted one.
//
// POST /api/v1/statuses/:id/reblog
func (s *StatusesService) Reblog(ctx context.Context, id ID, opts *ReblogOptions) (*Status, *Response, error) {
	var body any
	if opts != nil {
		body = opts
	}
	return s.statusAction(ctx, id, "reblog", body)
}

// Unreblog takes a boost back.
//
// POST /api/v1/statuses/:id/unreblog
func (s *StatusesService) Unreblog(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "unreblog", nil)
}

// Bookmark bookmarks a status.
//
// POST /api/v1/statuses/:id/bookmark
func (s *StatusesService) Bookmark(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "bookmark", nil)
}

// Unbookmark removes a bookmark.
//
// POST /api/v1/statuses/:id/unbookmark
func (s *StatusesService) Unbookmark(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "unbookmark", nil)
}

// Mute mutes the notifications of a conversation the user takes part in.
//
// POST /api/v1/statuses/:id/mute
func (s *StatusesService) Mute(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "mute", nil)
}

// Unmute unmutes a conversation.
//
// POST /api/v1/statuses/:id/unmute
func (s *StatusesService) Unmute(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "unmute", nil)
}

// Pin pins a status of the user to their profile.
//
// POST /api/v1/statuses/:id/pin
func (s *StatusesService) Pin(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "pin", nil)
}

// Unpin unpins a status.
//
// POST /api/v1/statuses/:id/unpin
func (s *StatusesService) Unpin(ctx context.Context, id ID) (*Status, *Response, error) {
	return s.statusAction(ctx, id, "unpin", nil)
}

// History lists the revisions of a status, oldest first.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#history
//
// GET /api/v1/statuses/:id/history
func (s *StatusesService) History(ctx context.Context, id ID) ([]*StatusEdit, *Response, error) {
	path, err := statusPath(id, "history")
	if err != nil {
		return nil, nil, err
	}
	return list[*StatusEdit](ctx, s.client, path, nil)
}

// Source returns the text of a status of the user as written, for
// editing.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/statuses/#source
//
// GET /api/v1/statuses/:id/source
func (s *StatusesService) Source(ctx context.Context, id ID) (*StatusSource, *Response, error) {
	path, err := statusPath(id, "source")
	if err != nil {
		return nil, nil, err
	}
	return get[StatusSource](ctx, s.client, path, nil)
}
