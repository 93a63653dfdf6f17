package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"strconv"
)

// The profile endpoints read and change the user's own profile in its
// raw form (Mastodon 4.6), and remove its pictures (Mastodon 4.2).
// Servers without them answer 404, which these methods turn into a
// [*NotSupportedError]. [AccountsService.UpdateCredentials] changes the
// profile on older servers.

// Get returns the user's profile as they edit it: the bio and fields as
// typed, not rendered to HTML.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/profile/#get-current-user-profile
//
// GET /api/v1/profile
func (s *ProfileService) Get(ctx context.Context) (*Profile, *Response, error) {
	p, resp, err := get[Profile](ctx, s.client, "api/v1/profile", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/profile", true)
	}
	return p, resp, nil
}

// ProfileUpdate is the change [ProfileService.Update] makes to the
// user's profile. A nil field keeps its setting.
type ProfileUpdate struct {
	// DisplayName is the name shown on the profile.
	DisplayName *string
	// Note is the bio, in plain text.
	Note *string
	// Avatar and Header are new profile and banner pictures.
	Avatar, Header *ProfileImage
	// AvatarDescription and HeaderDescription are the pictures'
	// alternative texts.
	AvatarDescription, HeaderDescription *string
	// Locked makes the account approve each follower by hand.
	Locked *bool
	// Bot marks the account as automated.
	Bot *bool
	// Discoverable lists the account in the profile directory and lets
	// other discovery features, collections among them, include it.
	Discoverable *bool
	// HideCollections hides whom the account follows and who follows it
	// (it has nothing to do with the collections of [CollectionsService]).
	HideCollections *bool
	// Indexable lets anyone search the account's public posts.
	Indexable *bool
	// ShowMedia shows a media tab on the profile; ShowMediaReplies
	// includes the media of replies in it.
	ShowMedia, ShowMediaReplies *bool
	// ShowFeatured shows a featured tab on the profile.
	ShowFeatured *bool
	// AttributionDomains replaces the websites allowed to credit the
	// account as an author (at most 10). Nil keeps them; an empty,
	// non-nil slice removes them all.
	AttributionDomains []string
	// FieldsAttributes replaces the profile's name-value pairs, in order
	// (Mastodon allows four unless the instance says otherwise). Nil
	// keeps them; an empty, non-nil slice removes them all.
	FieldsAttributes []FieldAttribute
}

// Update changes the user's profile and returns it as it now is. The
// request is a multipart form, as it may carry pictures.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/profile/#update-current-user-profile
//
// PATCH /api/v1/profile
func (s *ProfileService) Update(ctx context.Context, update *ProfileUpdate) (*Profile, *Response, error) {
	if update == nil {
		return nil, nil, errors.New("mastodon: Update needs the changes to make")
	}
	body, contentType, err := update.multipart()
	if err != nil {
		return nil, nil, err
	}
	req, err := s.client.NewRequest(ctx, "PATCH", "api/v1/profile", body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	p := new(Profile)
	resp, err := s.client.Do(req, p)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "PATCH /api/v1/profile", true)
	}
	return p, resp, nil
}

// multipart writes the changes as a multipart/form-data body and returns
// it with its content type.
func (u *ProfileUpdate) multipart() (*bytes.Buffer, string, error) {
	buf := new(bytes.Buffer)
	w := multipart.NewWriter(buf)
	var err error
	field := func(name string, v *string) {
		if v != nil && err == nil {
			err = w.WriteField(name, *v)
		}
	}
	flag := func(name string, v *bool) {
		if v != nil {
			s := strconv.FormatBool(*v)
			field(name, &s)
		}
	}
	field("display_name", u.DisplayName)
	field("note", u.Note)
	field("avatar_description", u.AvatarDescription)
	field("header_description", u.HeaderDescription)
	flag("locked", u.Locked)
	flag("bot", u.Bot)
	flag("discoverable", u.Discoverable)
	flag("hide_collections", u.HideCollections)
	flag("indexable", u.Indexable)
	flag("show_media", u.ShowMedia)
	flag("show_media_replies", u.ShowMediaReplies)
	flag("show_featured", u.ShowFeatured)
	if u.AttributionDomains != nil {
		domains := u.AttributionDomains
		if len(domains) == 0 {
			// Blank domains are dropped: one replaces the list with none.
			domains = []string{""}
		}
		for _, d := range domains {
			field("attribution_domains[]", &d)
		}
	}
	if u.FieldsAttributes != nil {
		fields := u.FieldsAttributes
		if len(fields) == 0 {
			// The server skips a pair with neither name nor value: one
			// such pair replaces the fields with none.
			fields = []FieldAttribute{{}}
		}
		for i, f := range fields {
			field(fmt.Sprintf("fields_attributes[%d][name]", i), &f.Name)
			field(fmt.Sprintf("fields_attributes[%d][value]", i), &f.Value)
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("mastodon: writing the form: %w", err)
	}
	for _, img := range []struct {
		name string
		img  *ProfileImage
	}{{"avatar", u.Avatar}, {"header", u.Header}} {
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

// DeleteAvatar removes the user's profile picture and returns their
// account, with its Source (Mastodon 4.2). Without a picture, it
// succeeds all the same.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/profile/#delete-profile-avatar
//
// DELETE /api/v1/profile/avatar
func (s *ProfileService) DeleteAvatar(ctx context.Context) (*Account, *Response, error) {
	a, resp, err := send[Account](ctx, s.client, "DELETE", "api/v1/profile/avatar", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "DELETE /api/v1/profile/avatar", true)
	}
	return a, resp, nil
}

// DeleteHeader removes the user's banner picture and returns their
// account, with its Source (Mastodon 4.2). Without a picture, it
// succeeds all the same.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/profile/#delete-profile-header
//
// DELETE /api/v1/profile/header
func (s *ProfileService) DeleteHeader(ctx context.Context) (*Account, *Response, error) {
	a, resp, err := send[Account](ctx, s.client, "DELETE", "api/v1/profile/header", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "DELETE /api/v1/profile/header", true)
	}
	return a, resp, nil
}
