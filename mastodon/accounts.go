package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fedikit/fedikit/internal/paginate"
)

// accountPath returns "api/v1/accounts/{id}" plus more path segments.
func accountPath(id ID, more ...string) (string, error) {
	seg, err := segment("account id", string(id))
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{"api/v1/accounts", seg}, more...), "/"), nil
}

// NewAccount is a user to register with [AccountsService.Create].
// Printing it leaves the password out.
type NewAccount struct {
	// Username is the local part of the new handle. Required.
	Username string `json:"username"`
	// Email is the address the user logs in with and where the
	// confirmation link is sent. Required.
	Email string `json:"email"`
	// Password is the user's password. Required.
	Password string `json:"password"`
	// Agreement says that the user accepted the server's rules and
	// terms, which the application must have shown them. The server
	// refuses a registration without it.
	Agreement bool `json:"agreement"`
	// Locale is the language of the confirmation e-mail, such as "en".
	// Required.
	Locale string `json:"locale"`
	// Reason is the text the moderators read when registrations need
	// their approval.
	Reason string `json:"reason,omitempty"`
	// DateOfBirth is the user's birthday, for servers that set a minimum
	// age (Mastodon 4.4). The zero Date leaves it out.
	DateOfBirth Date `json:"date_of_birth,omitzero"`
}

// String describes a without its password.
func (a NewAccount) String() string {
	return fmt.Sprintf("mastodon.NewAccount{username=%q email=%q locale=%q agreement=%t password=REDACTED}",
		a.Username, a.Email, a.Locale, a.Agreement)
}

// GoString is String, for the %#v verb.
func (a NewAccount) GoString() string { return a.String() }

// Create registers a new user and returns an access token for them,
// which the application keeps: the user can use it once they have
// confirmed their e-mail address (and, where registrations need it, once
// a moderator approved them). The client must send the application's
// own token, with the write:accounts scope: give it the token source of
// [OAuthService.ClientCredentials] in [Options].TokenSource.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#create
//
// POST /api/v1/accounts
func (s *AccountsService) Create(ctx context.Context, account *NewAccount) (*Token, *Response, error) {
	if account == nil || account.Username == "" || account.Email == "" || account.Password == "" || account.Locale == "" {
		return nil, nil, errors.New("mastodon: Create needs a username, an e-mail address, a password and a locale")
	}
	return send[Token](ctx, s.client, "POST", "api/v1/accounts", account)
}

// VerifyCredentials returns the account of the client's token, with its
// Source (the raw profile and posting defaults) and Role. It is also
// the way to check that a token works.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#verify_credentials
//
// GET /api/v1/accounts/verify_credentials
func (s *AccountsService) VerifyCredentials(ctx context.Context) (*Account, *Response, error) {
	return get[Account](ctx, s.client, "api/v1/accounts/verify_credentials", nil)
}

// UpdateCredentialsOptions are the changes [AccountsService.UpdateCredentials]
// makes to the profile and preferences of the token's user. A nil field
// leaves its setting as it is.
type UpdateCredentialsOptions struct {
	// DisplayName is the name shown on the profile; "" removes it, and
	// the username is shown instead.
	DisplayName *string
	// Note is the biography, in plain text; the server makes the HTML.
	Note *string
	// Avatar and Header are new profile and banner pictures.
	Avatar, Header *ProfileImage
	// Locked makes the account approve each follower by hand.
	Locked *bool
	// Bot marks the account as automated.
	Bot *bool
	// Discoverable lists the account in the profile directory and other
	// discovery features.
	Discoverable *bool
	// HideCollections hides whom the account follows and who follows it
	// (Mastodon 4.1).
	HideCollections *bool
	// Indexable lets anyone search the account's public posts (Mastodon
	// 4.2).
	Indexable *bool
	// FieldsAttributes replaces the profile's name-value pairs, in order
	// (Mastodon allows four unless the instance says otherwise). Nil
	// keeps them; an empty, non-nil slice removes them all.
	FieldsAttributes []FieldAttribute
	// Source changes the posting defaults.
	Source *SourceUpdate
	// AttributionDomains replaces the websites allowed to credit the
	// account as an author (Mastodon 4.4, at most 10). Nil keeps them;
	// an empty, non-nil slice removes them all.
	AttributionDomains []string
}

// FieldAttribute is one name-value pair of a profile, in plain text, as
// [UpdateCredentialsOptions] sets it.
type FieldAttribute struct {
	Name  string
	Value string
}

// SourceUpdate changes the posting defaults in
// [UpdateCredentialsOptions]. An empty or nil field leaves its setting
// as it is.
type SourceUpdate struct {
	// Privacy is the default visibility of new statuses: public,
	// unlisted or private.
	Privacy Visibility
	// Sensitive marks new statuses' media as sensitive by default.
	Sensitive *bool
	// Language is the default language of new statuses, an ISO 639-1
	// code.
	Language string
	// QuotePolicy is who may quote new statuses by default (Mastodon
	// 4.5).
	QuotePolicy QuotePolicy
}

// ProfileImage is a picture to upload as an avatar or a header.
type ProfileImage struct {
	// Content is the image. It is read once, when the request is made.
	Content io.Reader
	// Filename is the file name sent with the image, such as
	// "avatar.png". Empty means the field's name with the extension of
	// the content type.
	Filename string
	// ContentType is the image's media type, such as "image/png". Empty
	// means the type the extension of Filename stands for, or else the
	// type the first bytes of Content show.
	ContentType string
}

// UpdateCredentials changes the profile and preferences of the token's
// user and returns the account as it now is, with its Source. The
// request is a multipart form, as it may carry pictures.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#update_credentials
//
// PATCH /api/v1/accounts/update_credentials
func (s *AccountsService) UpdateCredentials(ctx context.Context, opts *UpdateCredentialsOptions) (*Account, *Response, error) {
	if opts == nil {
		return nil, nil, errors.New("mastodon: UpdateCredentials needs the changes to make")
	}
	body, contentType, err := opts.multipart()
	if err != nil {
		return nil, nil, err
	}
	req, err := s.client.NewRequest(ctx, "PATCH", "api/v1/accounts/update_credentials", body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	account := new(Account)
	resp, err := s.client.Do(req, account)
	if err != nil {
		return nil, resp, err
	}
	return account, resp, nil
}

// multipart writes the changes as a multipart/form-data body and returns
// it with its content type.
func (o *UpdateCredentialsOptions) multipart() (*bytes.Buffer, string, error) {
	buf := new(bytes.Buffer)
	w := multipart.NewWriter(buf)
	var err error
	field := func(name, value string) {
		if err == nil {
			err = w.WriteField(name, value)
		}
	}
	flag := func(name string, v *bool) {
		if v != nil {
			field(name, strconv.FormatBool(*v))
		}
	}
	if o.DisplayName != nil {
		field("display_name", *o.DisplayName)
	}
	if o.Note != nil {
		field("note", *o.Note)
	}
	flag("locked", o.Locked)
	flag("bot", o.Bot)
	flag("discoverable", o.Discoverable)
	flag("hide_collections", o.HideCollections)
	flag("indexable", o.Indexable)
	if src := o.Source; src != nil {
		if src.Privacy != "" {
			field("source[privacy]", string(src.Privacy))
		}
		flag("source[sensitive]", src.Sensitive)
		if src.Language != "" {
			field("source[language]", src.Language)
		}
		if src.QuotePolicy != "" {
			field("source[quote_policy]", string(src.QuotePolicy))
		}
	}
	if o.FieldsAttributes != nil {
		fields := o.FieldsAttributes
		if len(fields) == 0 {
			// The server skips a pair with neither name nor value: one
			// such pair replaces the fields with none.
			fields = []FieldAttribute{{}}
		}
		for i, f := range fields {
			field(fmt.Sprintf("fields_attributes[%d][name]", i), f.Name)
			field(fmt.Sprintf("fields_attributes[%d][value]", i), f.Value)
		}
	}
	if o.AttributionDomains != nil {
		domains := o.AttributionDomains
		if len(domains) == 0 {
			// Blank domains are dropped: one replaces the list with none.
			domains = []string{""}
		}
		for _, d := range domains {
			field("attribution_domains[]", d)
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("mastodon: writing the form: %w", err)
	}
	for _, img := range []struct {
		name string
		img  *ProfileImage
	}{{"avatar", o.Avatar}, {"header", o.Header}} {
		if img.img == nil {
			continue
		}
		if err := img.img.writeTo(w, img.name); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("mastodon: writing the form: %w", err)
	}
	return buf, w.FormDataContentType(), nil
}

// imageExtension returns the file name extension of an image type that
// profiles take, for an image sent without a file name, or "". (The
// system's MIME tables may list several, such as .jfif before .jpg.)
func imageExtension(mediaType string) string {
	switch mediaType {
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/avif":
		return ".avif"
	case "image/heic":
		return ".heic"
	}
	return ""
}

// writeTo writes the image as the file part name of w.
func (p *ProfileImage) writeTo(w *multipart.Writer, name string) error {
	if p.Content == nil {
		return fmt.Errorf("mastodon: the %s image has no content", name)
	}
	content, contentType := p.Content, p.ContentType
	if contentType == "" && p.Filename != "" {
		contentType = mime.TypeByExtension(filepath.Ext(p.Filename))
	}
	if contentType == "" {
		head := make([]byte, 512)
		n, err := io.ReadFull(content, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return fmt.Errorf("mastodon: reading the %s image: %w", name, err)
		}
		head = head[:n]
		contentType = http.DetectContentType(head)
		content = io.MultiReader(bytes.NewReader(head), content)
	}
	filename := p.Filename
	if filename == "" {
		mediaType, _, _ := mime.ParseMediaType(contentType)
		filename = name + imageExtension(mediaType)
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", multipart.FileContentDisposition(name, filename))
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return fmt.Errorf("mastodon: writing the form: %w", err)
	}
	if _, err := io.Copy(part, content); err != nil {
		return fmt.Errorf("mastodon: reading the %s image: %w", name, err)
	}
	return nil
}

// Get returns an account. A suspended account comes with Suspended set
// and its profile emptied.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#get
//
// GET /api/v1/accounts/:id
func (s *AccountsService) Get(ctx context.Context, id ID) (*Account, *Response, error) {
	path, err := accountPath(id)
	if err != nil {
		return nil, nil, err
	}
	return get[Account](ctx, s.client, path, nil)
}

// GetMany returns several accounts at once (Mastodon 4.3), leaving out
// those that do not exist or are not confirmed. A server without the
// endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#index
//
// GET /api/v1/accounts
func (s *AccountsService) GetMany(ctx context.Context, ids ...ID) ([]*Account, *Response, error) {
	opts := struct {
		IDs []ID `url:"id[]"`
	}{ids}
	accounts, resp, err := list[*Account](ctx, s.client, "api/v1/accounts", &opts)
	if errors.Is(err, ErrNotFound) {
		// No id in the path: a 404 is the route's.
		err = &NotSupportedError{Feature: "GET /api/v1/accounts"}
	}
	return accounts, resp, err
}

// AccountStatusesOptions are the options of [AccountsService.Statuses].
type AccountStatusesOptions struct {
	ListOptions
	// OnlyMedia keeps the statuses with media attachments only.
	OnlyMedia bool `url:"only_media,omitempty"`
	// ExcludeReplies leaves out replies to other accounts.
	ExcludeReplies bool `url:"exclude_replies,omitempty"`
	// ExcludeReblogs leaves out boosts.
	ExcludeReblogs bool `url:"exclude_reblogs,omitempty"`
	// Pinned keeps the statuses pinned to the profile only.
	Pinned bool `url:"pinned,omitempty"`
	// Tagged keeps the statuses with this hashtag only (without the #).
	Tagged string `url:"tagged,omitempty"`
}

// Statuses lists the statuses of an account that the token may see,
// newest first.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#statuses
//
// GET /api/v1/accounts/:id/statuses
func (s *AccountsService) Statuses(ctx context.Context, id ID, opts *AccountStatusesOptions) ([]*Status, *Response, error) {
	path, err := accountPath(id, "statuses")
	if err != nil {
		return nil, nil, err
	}
	return list[*Status](ctx, s.client, path, opts)
}

// StatusesAll is the iterator twin of [AccountsService.Statuses].
func (s *AccountsService) StatusesAll(ctx context.Context, id ID, opts *AccountStatusesOptions) iter.Seq2[*Status, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *AccountStatusesOptions) ([]*Status, *Response, error) {
		return s.Statuses(ctx, id, o)
	})
}

// Followers lists the accounts that follow an account, unless it hides
// them. The list pages by ids of its own: take the cursors from the
// [Response].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#followers
//
// GET /api/v1/accounts/:id/followers
func (s *AccountsService) Followers(ctx context.Context, id ID, opts *ListOptions) ([]*Account, *Response, error) {
	path, err := accountPath(id, "followers")
	if err != nil {
		return nil, nil, err
	}
	return list[*Account](ctx, s.client, path, opts)
}

// FollowersAll is the iterator twin of [AccountsService.Followers].
func (s *AccountsService) FollowersAll(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Account, *Response, error) {
		return s.Followers(ctx, id, o)
	})
}

// Following lists the accounts an account follows, unless it hides
// them. The list pages by ids of its own: take the cursors from the
// [Response].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#following
//
// GET /api/v1/accounts/:id/following
func (s *AccountsService) Following(ctx context.Context, id ID, opts *ListOptions) ([]*Account, *Response, error) {
	path, err := accountPath(id, "following")
	if err != nil {
		return nil, nil, err
	}
	return list[*Account](ctx, s.client, path, opts)
}

// FollowingAll is the iterator twin of [AccountsService.Following].
func (s *AccountsService) FollowingAll(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Account, *Response, error) {
		return s.Following(ctx, id, o)
	})
}

// FeaturedTags lists the hashtags an account features on its profile.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#featured_tags
//
// GET /api/v1/accounts/:id/featured_tags
func (s *AccountsService) FeaturedTags(ctx context.Context, id ID) ([]*FeaturedTag, *Response, error) {
	path, err := accountPath(id, "featured_tags")
	if err != nil {
		return nil, nil, err
	}
	return list[*FeaturedTag](ctx, s.client, path, nil)
}

// Lists returns the lists of the token's user that hold an account.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#lists
//
// GET /api/v1/accounts/:id/lists
func (s *AccountsService) Lists(ctx context.Context, id ID) ([]*List, *Response, error) {
	path, err := accountPath(id, "lists")
	if err != nil {
		return nil, nil, err
	}
	return list[*List](ctx, s.client, path, nil)
}

// relationshipAction runs a POST on an account that answers with the
// relationship.
func (s *AccountsService) relationshipAction(ctx context.Context, id ID, action string, body any) (*Relationship, *Response, error) {
	path, err := accountPath(id, action)
	if err != nil {
		return nil, nil, err
	}
	return send[Relationship](ctx, s.client, "POST", path, body)
}

// FollowOptions are the options of [AccountsService.Follow]. Nil fields
// keep the server's default, or the current setting of a follow that
// exists.
type FollowOptions struct {
	// Reblogs shows the account's boosts in the home timeline (the
	// default).
	Reblogs *bool `json:"reblogs,omitempty"`
	// Notify notifies the user of each of the account's new statuses
	// (off by default).
	Notify *bool `json:"notify,omitempty"`
	// Languages keeps only statuses in these languages (ISO 639-1 codes)
	// in the home timeline; empty means all.
	Languages []string `json:"languages,omitempty"`
}

// Follow follows an account, or sends it a follow request if it is
// locked or remote. Following an account already followed changes the
// options and is not an error.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#follow
//
// POST /api/v1/accounts/:id/follow
func (s *AccountsService) Follow(ctx context.Context, id ID, opts *FollowOptions) (*Relationship, *Response, error) {
	var body any
	if opts != nil {
		body = opts
	}
	return s.relationshipAction(ctx, id, "follow", body)
}

// Unfollow stops following an account, or withdraws a follow request.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#unfollow
//
// POST /api/v1/accounts/:id/unfollow
func (s *AccountsService) Unfollow(ctx context.Context, id ID) (*Relationship, *Response, error) {
	return s.relationshipAction(ctx, id, "unfollow", nil)
}

// RemoveFromFollowers makes an account stop following the token's user
// (Mastodon 3.5). A server known to lack the endpoint gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#remove_from_followers
//
// POST /api/v1/accounts/:id/remove_from_followers
func (s *AccountsService) RemoveFromFollowers(ctx context.Context, id ID) (*Relationship, *Response, error) {
	rel, resp, err := s.relationshipAction(ctx, id, "remove_from_followers", nil)
	if err != nil {
		err = s.missing(ctx, err, "POST /api/v1/accounts/:id/remove_from_followers", 3, 5)
	}
	return rel, resp, err
}

// Block blocks an account. The server may answer before the block is
// applied to every timeline.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#block
//
// POST /api/v1/accounts/:id/block
func (s *AccountsService) Block(ctx context.Context, id ID) (*Relationship, *Response, error) {
	return s.relationshipAction(ctx, id, "block", nil)
}

// Unblock unblocks an account.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#unblock
//
// POST /api/v1/accounts/:id/unblock
func (s *AccountsService) Unblock(ctx context.Context, id ID) (*Relationship, *Response, error) {
	return s.relationshipAction(ctx, id, "unblock", nil)
}

// MuteOptions are the options of [AccountsService.Mute].
type MuteOptions struct {
	// Notifications mutes the account's notifications too; nil means
	// the server's default, which is to mute them.
	Notifications *bool
	// Duration ends the mute after this long, in whole seconds; zero
	// mutes for good.
	Duration time.Duration
}

// Mute mutes an account: its statuses, and by default its
// notifications. Muting it again changes the options.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#mute
//
// POST /api/v1/accounts/:id/mute
func (s *AccountsService) Mute(ctx context.Context, id ID, opts *MuteOptions) (*Relationship, *Response, error) {
	var body any
	if opts != nil {
		body = struct {
			Notifications *bool `json:"notifications,omitempty"`
			Duration      int64 `json:"duration,omitempty"`
		}{opts.Notifications, int64(opts.Duration / time.Second)}
	}
	return s.relationshipAction(ctx, id, "mute", body)
}

// Unmute unmutes an account.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#unmute
//
// POST /api/v1/accounts/:id/unmute
func (s *AccountsService) Unmute(ctx context.Context, id ID) (*Relationship, *Response, error) {
	return s.relationshipAction(ctx, id, "unmute", nil)
}

// Endorsements lists the accounts an account features on its profile
// (Mastodon 4.4). A server known to lack the endpoint gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#endorsements
//
// GET /api/v1/accounts/:id/endorsements
func (s *AccountsService) Endorsements(ctx context.Context, id ID, opts *ListOptions) ([]*Account, *Response, error) {
	path, err := accountPath(id, "endorsements")
	if err != nil {
		return nil, nil, err
	}
	accounts, resp, err := list[*Account](ctx, s.client, path, opts)
	if err != nil {
		err = s.missing(ctx, err, "GET /api/v1/accounts/:id/endorsements", 4, 4)
	}
	return accounts, resp, err
}

// EndorsementsAll is the iterator twin of [AccountsService.Endorsements].
func (s *AccountsService) EndorsementsAll(ctx context.Context, id ID, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*Account, *Response, error) {
		return s.Endorsements(ctx, id, o)
	})
}

// Endorse features an account, which the token's user follows, on
// their profile. Mastodon from 2.5 to 4.3 names the endpoint pin: when
// such a server answers 404, the request is sent again under that name.
// A server known to lack both gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#endorse
//
// POST /api/v1/accounts/:id/endorse
func (s *AccountsService) Endorse(ctx context.Context, id ID) (*Relationship, *Response, error) {
	return s.endorsement(ctx, id, "endorse", "pin")
}

// Unendorse stops featuring an account on the profile. Like
// [AccountsService.Endorse], it falls back to the older name, unpin, on
// Mastodon before 4.4.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#unendorse
//
// POST /api/v1/accounts/:id/unendorse
func (s *AccountsService) Unendorse(ctx context.Context, id ID) (*Relationship, *Response, error) {
	return s.endorsement(ctx, id, "unendorse", "unpin")
}

// endorsement runs Endorse or Unendorse: action, or older on a Mastodon
// that predates it.
func (s *AccountsService) endorsement(ctx context.Context, id ID, action, older string) (*Relationship, *Response, error) {
	rel, resp, err := s.relationshipAction(ctx, id, action, nil)
	if !errors.Is(err, ErrNotFound) {
		return rel, resp, err
	}
	si, serr := s.client.Server(ctx)
	if serr == nil && si.Software == SoftwareMastodon && !si.AtLeast(4, 4, 0) && si.AtLeast(2, 5, 0) {
		return s.relationshipAction(ctx, id, older, nil)
	}
	return rel, resp, s.missing(ctx, err, "POST /api/v1/accounts/:id/"+action, 2, 5)
}

// missing turns the 404 of an endpoint that has an account id in its
// path into a [*NotSupportedError] when the server is known to lack the
// endpoint: Mastodon before major.minor, or GoToSocial. Elsewhere a 404
// means that the account was not found, and err is returned as it is.
func (s *AccountsService) missing(ctx context.Context, err error, feature string, major, minor int) error {
	if !errors.Is(err, ErrNotFound) {
		return err
	}
	si, serr := s.client.Server(ctx)
	if serr != nil {
		return err
	}
	if (si.Software == SoftwareMastodon && !si.AtLeast(major, minor, 0)) || si.Software == SoftwareGoToSocial {
		return &NotSupportedError{Feature: feature, Server: si.String()}
	}
	return err
}

// Note sets the private note of the token's user on an account; an
// empty comment removes it.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#note
//
// POST /api/v1/accounts/:id/note
func (s *AccountsService) Note(ctx context.Context, id ID, comment string) (*Relationship, *Response, error) {
	body := struct {
		Comment string `json:"comment"`
	}{comment}
	return s.relationshipAction(ctx, id, "note", &body)
}

// RelationshipsOptions are the options of [AccountsService.Relationships].
type RelationshipsOptions struct {
	// WithSuspended includes suspended accounts (Mastodon 4.3); they are
	// left out by default.
	WithSuspended bool `url:"with_suspended,omitempty"`
}

// Relationships returns how the token's user and each of the accounts
// stand towards each other.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#relationships
//
// GET /api/v1/accounts/relationships
func (s *AccountsService) Relationships(ctx context.Context, ids []ID, opts *RelationshipsOptions) ([]*Relationship, *Response, error) {
	q := struct {
		IDs []ID `url:"id[]"`
		*RelationshipsOptions
	}{ids, opts}
	return list[*Relationship](ctx, s.client, "api/v1/accounts/relationships", &q)
}

// FamiliarFollowers returns, for each account, the accounts the token's
// user follows that follow it (Mastodon 3.5). A server without the
// endpoint gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#familiar_followers
//
// GET /api/v1/accounts/familiar_followers
func (s *AccountsService) FamiliarFollowers(ctx context.Context, ids ...ID) ([]*FamiliarFollowers, *Response, error) {
	q := struct {
		IDs []ID `url:"id[]"`
	}{ids}
	ff, resp, err := list[*FamiliarFollowers](ctx, s.client, "api/v1/accounts/familiar_followers", &q)
	if errors.Is(err, ErrNotFound) {
		// No id in the path: a 404 is the route's.
		err = &NotSupportedError{Feature: "GET /api/v1/accounts/familiar_followers"}
	}
	return ff, resp, err
}

// AccountSearchOptions are the options of [AccountsService.Search].
type AccountSearchOptions struct {
	// Limit is the number of accounts per page: 40 by default, at most
	// 80 on Mastodon.
	Limit int `url:"limit,omitempty"`
	// Offset skips that many results.
	Offset int `url:"offset,omitempty"`
	// Resolve looks the query up by WebFinger when it is a full address
	// (user@domain) the server does not know yet.
	Resolve bool `url:"resolve,omitempty"`
	// Following keeps the accounts the token's user follows only.
	Following bool `url:"following,omitempty"`
}

// Search finds accounts by username or display name.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#search
//
// GET /api/v1/accounts/search
func (s *AccountsService) Search(ctx context.Context, q string, opts *AccountSearchOptions) ([]*Account, *Response, error) {
	if q == "" {
		return nil, nil, errors.New("mastodon: Search needs a query")
	}
	params := struct {
		Q string `url:"q"`
		*AccountSearchOptions
	}{q, opts}
	return list[*Account](ctx, s.client, "api/v1/accounts/search", &params)
}

// SearchAll is the iterator twin of [AccountsService.Search]: it pages
// by offset, from opts.Offset, until a page is empty. A page that starts
// with the account the page before started with ends the walk too: the
// server ignored the offset.
func (s *AccountsService) SearchAll(ctx context.Context, q string, opts *AccountSearchOptions) iter.Seq2[*Account, error] {
	var base AccountSearchOptions
	if opts != nil {
		base = *opts
	}
	type cursor struct {
		offset int
		first  ID // first account of the page before
	}
	return paginate.Seq2(ctx, cursor{offset: base.Offset}, maxListPages, func(ctx context.Context, c cursor) ([]*Account, cursor, bool, error) {
		o := base
		o.Offset = c.offset
		accounts, _, err := s.Search(ctx, q, &o)
		if err != nil {
			return nil, cursor{}, false, err
		}
		if len(accounts) == 0 || accounts[0] == nil {
			return accounts, cursor{}, false, nil
		}
		if c.offset != base.Offset && accounts[0].ID == c.first {
			return nil, cursor{}, false, nil
		}
		return accounts, cursor{offset: c.offset + len(accounts), first: accounts[0].ID}, true, nil
	})
}

// Lookup returns the account of a handle, username for a local account
// or username@domain for a remote one, among those the server knows,
// without a WebFinger request (Mastodon 3.4).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/accounts/#lookup
//
// GET /api/v1/accounts/lookup
func (s *AccountsService) Lookup(ctx context.Context, acct string) (*Account, *Response, error) {
	if acct == "" {
		return nil, nil, errors.New("mastodon: Lookup needs a handle")
	}
	q := struct {
		Acct string `url:"acct"`
	}{acct}
	return get[Account](ctx, s.client, "api/v1/accounts/lookup", &q)
}
