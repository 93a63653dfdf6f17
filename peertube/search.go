package peertube

import (
	"context"
	"iter"
	"net/url"
	"time"
)

// SearchTarget is where a search looks.
type SearchTarget string

// The targets of a search.
const (
	// SearchLocal searches what this server knows.
	SearchLocal SearchTarget = "local"
	// SearchIndex asks the search index the administrator set up, a
	// third-party service; its results may be unknown to this server
	// until searched for by URL.
	SearchIndex SearchTarget = "search-index"
)

// VideoSearchOptions are the filters of [SearchService.Videos]: those of
// [VideosService.List] and more. They sort by ListOptions.Sort: "name",
// "-duration", "-createdAt", "-publishedAt", "-views", "-likes" or
// "-match" (the best matches first).
type VideoSearchOptions struct {
	VideoListOptions

	// UUIDs keeps the videos with these UUIDs.
	UUIDs []string `url:"uuids,omitempty"`
	// Host keeps the videos of this server.
	Host string `url:"host,omitempty"`
	// SearchTarget is where to search; empty means the server's default.
	SearchTarget SearchTarget `url:"searchTarget,omitempty"`

	// StartDate and EndDate keep the videos published between them;
	// OriginallyPublishedStartDate and OriginallyPublishedEndDate filter
	// on the date of first publication.
	StartDate                    time.Time `url:"startDate,omitempty"`
	EndDate                      time.Time `url:"endDate,omitempty"`
	OriginallyPublishedStartDate time.Time `url:"originallyPublishedStartDate,omitempty"`
	OriginallyPublishedEndDate   time.Time `url:"originallyPublishedEndDate,omitempty"`
	// DurationMin and DurationMax bound the videos' length, in seconds.
	DurationMin int `url:"durationMin,omitempty"`
	DurationMax int `url:"durationMax,omitempty"`
}

// ChannelSearchOptions are the filters of [SearchService.Channels].
type ChannelSearchOptions struct {
	ListOptions
	// Host keeps the channels of this server.
	Host string `url:"host,omitempty"`
	// Handles keeps the channels with these handles (name@host).
	Handles []string `url:"handles,omitempty"`
	// SearchTarget is where to search; empty means the server's default.
	SearchTarget SearchTarget `url:"searchTarget,omitempty"`
}

// PlaylistSearchOptions are the filters of [SearchService.Playlists].
type PlaylistSearchOptions struct {
	ListOptions
	// Host keeps the playlists of this server.
	Host string `url:"host,omitempty"`
	// UUIDs keeps the playlists with these UUIDs.
	UUIDs []string `url:"uuids,omitempty"`
	// SearchTarget is where to search; empty means the server's default.
	SearchTarget SearchTarget `url:"searchTarget,omitempty"`
}

// searchList lists path with search and opts as its query.
func searchList[T any](ctx context.Context, c *Client, path, search string, opts any) ([]T, *Response, error) {
	if search != "" {
		path += "?" + url.Values{"search": {search}}.Encode()
	}
	return list[T](ctx, c, path, opts)
}

// Videos searches videos by words, by tags, or by URL: given the URL of
// a video of another server, a user allowed to (see the server's
// config) makes the server fetch it, and finds it here. search is
// required by the API reference; current servers accept an empty one
// when opts filter by UUIDs.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Search/operation/searchVideos
//
// GET /api/v1/search/videos
func (s *SearchService) Videos(ctx context.Context, search string, opts *VideoSearchOptions) ([]*Video, *Response, error) {
	return searchList[*Video](ctx, s.client, "api/v1/search/videos", search, opts)
}

// VideosAll is the iterator twin of [SearchService.Videos]: it walks the
// pages by offset from opts.Start.
//
// GET /api/v1/search/videos
func (s *SearchService) VideosAll(ctx context.Context, search string, opts *VideoSearchOptions) iter.Seq2[*Video, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *VideoSearchOptions) ([]*Video, *Response, error) {
		return s.Videos(ctx, search, o)
	})
}

// Channels searches channels by name, or by handle or URL, which makes
// the server fetch a channel of another server (for users allowed to).
// search is required by the API reference; current servers accept an
// empty one when opts filter by handles.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Search/operation/searchChannels
//
// GET /api/v1/search/video-channels
func (s *SearchService) Channels(ctx context.Context, search string, opts *ChannelSearchOptions) ([]*Channel, *Response, error) {
	return searchList[*Channel](ctx, s.client, "api/v1/search/video-channels", search, opts)
}

// ChannelsAll is the iterator twin of [SearchService.Channels]: it walks
// the pages by offset from opts.Start.
//
// GET /api/v1/search/video-channels
func (s *SearchService) ChannelsAll(ctx context.Context, search string, opts *ChannelSearchOptions) iter.Seq2[*Channel, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ChannelSearchOptions) ([]*Channel, *Response, error) {
		return s.Channels(ctx, search, o)
	})
}

// Playlists searches playlists by name, or by URL, which makes the
// server fetch a playlist of another server (for users allowed to).
// search is required by the API reference; current servers accept an
// empty one when opts filter by UUIDs.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Search/operation/searchPlaylists
//
// GET /api/v1/search/video-playlists
func (s *SearchService) Playlists(ctx context.Context, search string, opts *PlaylistSearchOptions) ([]*Playlist, *Response, error) {
	return searchList[*Playlist](ctx, s.client, "api/v1/search/video-playlists", search, opts)
}

// PlaylistsAll is the iterator twin of [SearchService.Playlists]: it
// walks the pages by offset from opts.Start.
//
// GET /api/v1/search/video-playlists
func (s *SearchService) PlaylistsAll(ctx context.Context, search string, opts *PlaylistSearchOptions) iter.Seq2[*Playlist, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *PlaylistSearchOptions) ([]*Playlist, *Response, error) {
		return s.Playlists(ctx, search, o)
	})
}
