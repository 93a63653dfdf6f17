package peertube

import (
	"context"
	"iter"
	"time"
)

// Account is a user's account as the federation sees it, on this
// server or another: the actor that owns channels, playlists and
// comments.
type Account struct {
	Actor

	// DisplayName is its name as shown.
	DisplayName string `json:"displayName"`
	// Description is its bio; "" when it has none.
	Description string `json:"description"`
	// UserID is the id of the user of this server it belongs to; nil for
	// a remote account.
	UserID *int64 `json:"userId"`
}

// accountPath returns "api/v1/accounts/{name}" plus more path segments.
func accountPath(name string, more ...string) (string, error) {
	seg, err := segment("account name", name)
	if err != nil {
		return "", err
	}
	p := "api/v1/accounts/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// List lists the accounts this server knows. It sorts by
// ListOptions.Sort, such as "-createdAt".
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Accounts/operation/getAccounts
//
// GET /api/v1/accounts
func (s *AccountsService) List(ctx context.Context, opts *ListOptions) ([]*Account, *Response, error) {
	return list[*Account](ctx, s.client, "api/v1/accounts", opts)
}

// ListAll is the iterator twin of [AccountsService.List].
//
// GET /api/v1/accounts
func (s *AccountsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Account, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns an account. name is its name, for an account of this
// server, or name@host.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Accounts/operation/getAccount
//
// GET /api/v1/accounts/{name}
func (s *AccountsService) Get(ctx context.Context, name string) (*Account, *Response, error) {
	p, err := accountPath(name)
	if err != nil {
		return nil, nil, err
	}
	return get[Account](ctx, s.client, p, nil)
}

// Videos lists the videos of an account, in all its channels, that opts
// selects.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Accounts/operation/getAccountVideos
//
// GET /api/v1/accounts/{name}/videos
func (s *AccountsService) Videos(ctx context.Context, name string, opts *VideoListOptions) ([]*Video, *Response, error) {
	p, err := accountPath(name, "videos")
	if err != nil {
		return nil, nil, err
	}
	return list[*Video](ctx, s.client, p, opts)
}

// VideosAll is the iterator twin of [AccountsService.Videos].
//
// GET /api/v1/accounts/{name}/videos
func (s *AccountsService) VideosAll(ctx context.Context, name string, opts *VideoListOptions) iter.Seq2[*Video, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *VideoListOptions) ([]*Video, *Response, error) {
		return s.Videos(ctx, name, o)
	})
}

// Followers lists the accepted followers of an account of this server
// and of its channels. Only the account's user (and moderators) may ask.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Accounts/operation/getAccountFollowers
//
// GET /api/v1/accounts/{name}/followers
func (s *AccountsService) Followers(ctx context.Context, name string, opts *FollowersOptions) ([]*Follow, *Response, error) {
	p, err := accountPath(name, "followers")
	if err != nil {
		return nil, nil, err
	}
	return list[*Follow](ctx, s.client, p, opts)
}

// FollowersAll is the iterator twin of [AccountsService.Followers].
//
// GET /api/v1/accounts/{name}/followers
func (s *AccountsService) FollowersAll(ctx context.Context, name string, opts *FollowersOptions) iter.Seq2[*Follow, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *FollowersOptions) ([]*Follow, *Response, error) {
		return s.Followers(ctx, name, o)
	})
}

// AccountChannelsOptions are the options of [AccountsService.Channels].
// The list sorts by ListOptions.Sort, such as "-updatedAt".
type AccountChannelsOptions struct {
	ListOptions
	// WithStats adds each channel's views per day over the last 30 days
	// and its total views, for the account's own user.
	WithStats bool `url:"withStats,omitempty"`
}

// Channels lists the channels of an account.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/paths/~1api~1v1~1accounts~1%7Bname%7D~1video-channels/get
//
// GET /api/v1/accounts/{name}/video-channels
func (s *AccountsService) Channels(ctx context.Context, name string, opts *AccountChannelsOptions) ([]*Channel, *Response, error) {
	p, err := accountPath(name, "video-channels")
	if err != nil {
		return nil, nil, err
	}
	return list[*Channel](ctx, s.client, p, opts)
}

// ChannelsAll is the iterator twin of [AccountsService.Channels].
//
// GET /api/v1/accounts/{name}/video-channels
func (s *AccountsService) ChannelsAll(ctx context.Context, name string, opts *AccountChannelsOptions) iter.Seq2[*Channel, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *AccountChannelsOptions) ([]*Channel, *Response, error) {
		return s.Channels(ctx, name, o)
	})
}

// ChannelSyncs lists the synchronizations of the channels of an account
// of this server ([ChannelsService.CreateSync]). Only the account's user
// (and moderators) may ask.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/paths/~1api~1v1~1accounts~1%7Bname%7D~1video-channel-syncs/get
//
// GET /api/v1/accounts/{name}/video-channel-syncs
func (s *AccountsService) ChannelSyncs(ctx context.Context, name string, opts *ListOptions) ([]*ChannelSync, *Response, error) {
	p, err := accountPath(name, "video-channel-syncs")
	if err != nil {
		return nil, nil, err
	}
	return list[*ChannelSync](ctx, s.client, p, opts)
}

// ChannelSyncsAll is the iterator twin of [AccountsService.ChannelSyncs].
//
// GET /api/v1/accounts/{name}/video-channel-syncs
func (s *AccountsService) ChannelSyncsAll(ctx context.Context, name string, opts *ListOptions) iter.Seq2[*ChannelSync, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*ChannelSync, *Response, error) {
		return s.ChannelSyncs(ctx, name, o)
	})
}

// RatedVideo is a video an account liked or disliked.
type RatedVideo struct {
	Video *Video `json:"video"`
	// Rating is RatingLike or RatingDislike.
	Rating    Rating    `json:"rating"`
	CreatedAt time.Time `json:"createdAt"`
}

// RatingsOptions are the options of [AccountsService.Ratings]. The list
// sorts by ListOptions.Sort, such as "-createdAt".
type RatingsOptions struct {
	ListOptions
	// Rating keeps the likes ([RatingLike]) or the dislikes
	// ([RatingDislike]); empty keeps both.
	Rating Rating `url:"rating,omitempty"`
}

// Ratings lists the videos an account of this server rated. Only the
// account's user (and moderators) may ask.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Accounts/paths/~1api~1v1~1accounts~1%7Bname%7D~1ratings/get
//
// GET /api/v1/accounts/{name}/ratings
func (s *AccountsService) Ratings(ctx context.Context, name string, opts *RatingsOptions) ([]*RatedVideo, *Response, error) {
	p, err := accountPath(name, "ratings")
	if err != nil {
		return nil, nil, err
	}
	// PeerTube answers {"total": n, "data": [...]}, as its other lists
	// do; its API reference has a bare array.
	return list[*RatedVideo](ctx, s.client, p, opts)
}

// RatingsAll is the iterator twin of [AccountsService.Ratings].
//
// GET /api/v1/accounts/{name}/ratings
func (s *AccountsService) RatingsAll(ctx context.Context, name string, opts *RatingsOptions) iter.Seq2[*RatedVideo, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *RatingsOptions) ([]*RatedVideo, *Response, error) {
		return s.Ratings(ctx, name, o)
	})
}
