package peertube

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"
)

// PlaylistPrivacy is who may see a playlist.
type PlaylistPrivacy int

// The privacies of a playlist.
const (
	// PlaylistPublic: everyone, and the playlist is listed. It must be
	// in a channel.
	PlaylistPublic PlaylistPrivacy = 1
	// PlaylistUnlisted: whoever has the link (its UUID). It must be in a
	// channel.
	PlaylistUnlisted PlaylistPrivacy = 2
	// PlaylistPrivate: only its owner (and the moderators).
	PlaylistPrivate PlaylistPrivacy = 3
)

// PlaylistType tells a user's own playlists from the one the server
// keeps for them.
type PlaylistType int

// The types of a playlist.
const (
	// PlaylistRegular is a playlist a user made.
	PlaylistRegular PlaylistType = 1
	// PlaylistWatchLater is the private "Watch later" playlist the
	// server makes for each user; it can be neither changed nor
	// deleted, but its elements can.
	PlaylistWatchLater PlaylistType = 2
)

// Playlist is a video playlist. Fields a server leaves out keep their
// zero value.
type Playlist struct {
	// ID is the playlist's id on this server; UUID and ShortUUID
	// identify it across the federation. An unlisted playlist is only
	// found by its UUID (or short UUID).
	ID        int64  `json:"id"`
	UUID      string `json:"uuid"`
	ShortUUID string `json:"shortUUID"`
	// URL is its address at its origin.
	URL string `json:"url"`

	// DisplayName is its title: 1 to 120 characters.
	DisplayName string `json:"displayName"`
	// Description is in Markdown; "" when it has none.
	Description string                    `json:"description"`
	Privacy     Constant[PlaylistPrivacy] `json:"privacy"`
	Type        Constant[PlaylistType]    `json:"type"`
	IsLocal     bool                      `json:"isLocal"`
	// VideosLength is the number of its elements. (The server sends
	// videosLength; the API reference spells it videoLength. Both are
	// read.)
	VideosLength int `json:"videosLength"`

	// ThumbnailPath and EmbedPath are paths on the server; the URL
	// fields are absolute, on servers that send them.
	ThumbnailPath string `json:"thumbnailPath"`
	ThumbnailURL  string `json:"thumbnailUrl"`
	EmbedPath     string `json:"embedPath"`
	EmbedURL      string `json:"embedUrl"`

	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`

	// OwnerAccount is the account it belongs to.
	OwnerAccount AccountSummary `json:"ownerAccount"`
	// VideoChannel is the channel it is published in; nil when it is in
	// none.
	VideoChannel *ChannelSummary `json:"videoChannel"`
	// VideoChannelPosition is its place among the playlists of its
	// channel, on servers that order them.
	VideoChannelPosition int `json:"videoChannelPosition"`
}

// UnmarshalJSON reads a playlist, and the length of either spelling.
func (p *Playlist) UnmarshalJSON(b []byte) error {
	type plain Playlist
	var v struct {
		plain
		VideoLength *int `json:"videoLength"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Playlist(v.plain)
	if v.VideoLength != nil && p.VideosLength == 0 {
		p.VideosLength = *v.VideoLength
	}
	return nil
}

// PlaylistElementType says whether an element's video can be shown.
type PlaylistElementType int

// The types of a playlist element.
const (
	// ElementRegular: the video is there.
	ElementRegular PlaylistElementType = 0
	// ElementDeleted: the video was deleted.
	ElementDeleted PlaylistElementType = 1
	// ElementPrivate: the video became private.
	ElementPrivate PlaylistElementType = 2
	// ElementUnavailable: the video is hidden (blocked, or sensitive for
	// this user).
	ElementUnavailable PlaylistElementType = 3
)

// PlaylistElement is one video of a playlist, at a position.
type PlaylistElement struct {
	// ID is the element's id, which the element methods take.
	ID int64 `json:"id"`
	// Position is its place in the playlist, from 1.
	Position int `json:"position"`
	// StartTimestamp and StopTimestamp are where to start and stop the
	// video, in seconds; 0 when not set.
	StartTimestamp int `json:"startTimestamp"`
	StopTimestamp  int `json:"stopTimestamp"`
	// Type says whether the video can be shown.
	Type PlaylistElementType `json:"type"`
	// Video is the video; nil when it cannot be shown.
	Video *Video `json:"video"`
}

// PlaylistListOptions are the options of the lists of playlists. They
// sort by ListOptions.Sort: "displayName", "createdAt", "updatedAt"
// (with "-" for descending order).
type PlaylistListOptions struct {
	ListOptions
	// PlaylistType keeps the playlists of this type only.
	PlaylistType PlaylistType `url:"playlistType,omitempty"`
}

// AccountPlaylistListOptions are the options of
// [PlaylistsService.ListByAccount].
type AccountPlaylistListOptions struct {
	PlaylistListOptions
	// Search keeps the playlists whose name contains it.
	Search string `url:"search,omitempty"`
}

// playlistPath returns "api/v1/video-playlists/{id}" plus more path
// segments.
func playlistPath(id string, more ...string) (string, error) {
	seg, err := segment("playlist id", id)
	if err != nil {
		return "", err
	}
	p := "api/v1/video-playlists/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// playlistElementPath returns
// "api/v1/video-playlists/{id}/videos/{elementID}".
func playlistElementPath(id string, elementID int64) (string, error) {
	if elementID <= 0 {
		return "", fmt.Errorf("peertube: playlist element id %d is not valid", elementID)
	}
	return playlistPath(id, "videos", strconv.FormatInt(elementID, 10))
}

// Privacies returns the privacies of playlists the server knows, with
// their labels.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/getPlaylistPrivacyPolicies
//
// GET /api/v1/video-playlists/privacies
func (s *PlaylistsService) Privacies(ctx context.Context) (map[PlaylistPrivacy]string, *Response, error) {
	return getConstants[PlaylistPrivacy](ctx, s.client, "api/v1/video-playlists/privacies")
}

// List lists the public playlists of the server and of the servers it
// follows. Response.Total is the number of matches.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/getPlaylists
//
// GET /api/v1/video-playlists
func (s *PlaylistsService) List(ctx context.Context, opts *PlaylistListOptions) ([]*Playlist, *Response, error) {
	return list[*Playlist](ctx, s.client, "api/v1/video-playlists", opts)
}

// ListAll is the iterator twin of [PlaylistsService.List].
//
// GET /api/v1/video-playlists
func (s *PlaylistsService) ListAll(ctx context.Context, opts *PlaylistListOptions) iter.Seq2[*Playlist, error] {
	return allPages(ctx, opts, s.List)
}

// ListByAccount lists the playlists of an account (its name, or
// name@host for one of another server). Its user sees the private ones
// too, the "Watch later" playlist among them.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/paths/~1api~1v1~1accounts~1%7Bname%7D~1video-playlists/get
//
// GET /api/v1/accounts/{name}/video-playlists
func (s *PlaylistsService) ListByAccount(ctx context.Context, account string, opts *AccountPlaylistListOptions) ([]*Playlist, *Response, error) {
	seg, err := segment("account name", account)
	if err != nil {
		return nil, nil, err
	}
	return list[*Playlist](ctx, s.client, "api/v1/accounts/"+seg+"/video-playlists", opts)
}

// ListByAccountAll is the iterator twin of [PlaylistsService.ListByAccount].
//
// GET /api/v1/accounts/{name}/video-playlists
func (s *PlaylistsService) ListByAccountAll(ctx context.Context, account string, opts *AccountPlaylistListOptions) iter.Seq2[*Playlist, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *AccountPlaylistListOptions) ([]*Playlist, *Response, error) {
		return s.ListByAccount(ctx, account, o)
	})
}

// ListByChannel lists the playlists of a channel (its handle, name or
// name@host).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/paths/~1api~1v1~1video-channels~1%7BchannelHandle%7D~1video-playlists/get
//
// GET /api/v1/video-channels/{channelHandle}/video-playlists
func (s *PlaylistsService) ListByChannel(ctx context.Context, channel string, opts *PlaylistListOptions) ([]*Playlist, *Response, error) {
	seg, err := segment("channel handle", channel)
	if err != nil {
		return nil, nil, err
	}
	return list[*Playlist](ctx, s.client, "api/v1/video-channels/"+seg+"/video-playlists", opts)
}

// ListByChannelAll is the iterator twin of [PlaylistsService.ListByChannel].
//
// GET /api/v1/video-channels/{channelHandle}/video-playlists
func (s *PlaylistsService) ListByChannelAll(ctx context.Context, channel string, opts *PlaylistListOptions) iter.Seq2[*Playlist, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *PlaylistListOptions) ([]*Playlist, *Response, error) {
		return s.ListByChannel(ctx, channel, o)
	})
}

// WatchLater returns the "Watch later" playlist of an account: the one
// of type [PlaylistWatchLater] among its playlists. The API has no route
// of its own for it, and it is private, so only the account's user (or
// a moderator) finds it; for others the error matches [ErrNotFound].
// Add videos to it with [PlaylistsService.AddElement].
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/paths/~1api~1v1~1accounts~1%7Bname%7D~1video-playlists/get
//
// GET /api/v1/accounts/{name}/video-playlists
func (s *PlaylistsService) WatchLater(ctx context.Context, account string) (*Playlist, *Response, error) {
	pls, resp, err := s.ListByAccount(ctx, account, &AccountPlaylistListOptions{
		PlaylistListOptions: PlaylistListOptions{ListOptions: ListOptions{Count: maxCount}, PlaylistType: PlaylistWatchLater},
	})
	if err != nil {
		return nil, resp, err
	}
	for _, p := range pls {
		// An older server may not filter by type.
		if p != nil && p.Type.ID == PlaylistWatchLater {
			return p, resp, nil
		}
	}
	return nil, resp, fmt.Errorf("peertube: no watch-later playlist of %q is visible: %w", account, ErrNotFound)
}

// Get returns a playlist: id is its id, UUID or short UUID (an unlisted
// playlist needs one of the last two). A private one needs its owner's
// token.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/paths/~1api~1v1~1video-playlists~1%7BplaylistId%7D/get
//
// GET /api/v1/video-playlists/{playlistId}
func (s *PlaylistsService) Get(ctx context.Context, id string) (*Playlist, *Response, error) {
	p, err := playlistPath(id)
	if err != nil {
		return nil, nil, err
	}
	return get[Playlist](ctx, s.client, p, nil)
}

// NewPlaylist is a playlist to create. DisplayName is required.
type NewPlaylist struct {
	// DisplayName is the title: 1 to 120 characters.
	DisplayName string
	// Description is in Markdown: 3 to 1000 characters, or "" for none.
	Description string
	// Privacy is who may see it; zero means the server's default
	// (private).
	Privacy PlaylistPrivacy
	// ChannelID is the channel of the user it is published in; public
	// and unlisted playlists need one. Zero for none.
	ChannelID int64
	// Thumbnail is its image, a JPEG or PNG; nil lets the server take
	// that of its first video.
	Thumbnail *ImageFile
}

// CreatedPlaylist identifies the playlist [PlaylistsService.Create]
// made.
type CreatedPlaylist struct {
	ID        int64  `json:"id"`
	UUID      string `json:"uuid"`
	ShortUUID string `json:"shortUUID"`
}

// formParts writes a multipart form, keeping the first error.
type formParts struct {
	buf *bytes.Buffer
	w   *multipart.Writer
	err error
}

// newFormParts starts a multipart form.
func newFormParts() *formParts {
	buf := new(bytes.Buffer)
	return &formParts{buf: buf, w: multipart.NewWriter(buf)}
}

// field adds a text field.
func (f *formParts) field(name, value string) {
	if f.err == nil {
		f.err = f.w.WriteField(name, value)
	}
}

// image adds an image file, if img is not nil.
func (f *formParts) image(name string, img *ImageFile) {
	if f.err == nil && img != nil {
		f.err = writeImage(f.w, name, img)
	}
}

// sendForm closes the form and sends it with method to path; the
// answer, if any, is decoded into a new T (struct{} for none). what names
// the form in errors. The form is in memory, so a retry sends it again.
func sendForm[T any](ctx context.Context, c *Client, method, path string, f *formParts, what string) (*T, *Response, error) {
	if f.err == nil {
		f.err = f.w.Close()
	}
	if f.err != nil {
		return nil, nil, fmt.Errorf("peertube: encoding the %s: %w", what, f.err)
	}
	req, err := c.NewRequest(ctx, method, path, f.buf)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", f.w.FormDataContentType())
	v := new(T)
	var out any = v
	if _, ok := out.(*struct{}); ok {
		out = nil
	}
	resp, err := c.Do(req, out)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// Create creates a playlist for the token's user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/addPlaylist
//
// POST /api/v1/video-playlists
func (s *PlaylistsService) Create(ctx context.Context, pl *NewPlaylist) (*CreatedPlaylist, *Response, error) {
	if pl == nil {
		return nil, nil, errors.New("peertube: a new playlist needs its data")
	}
	f := newFormParts()
	f.field("displayName", pl.DisplayName)
	if pl.Description != "" {
		f.field("description", pl.Description)
	}
	if pl.Privacy != 0 {
		f.field("privacy", strconv.Itoa(int(pl.Privacy)))
	}
	if pl.ChannelID != 0 {
		f.field("videoChannelId", strconv.FormatInt(pl.ChannelID, 10))
	}
	f.image("thumbnailfile", pl.Thumbnail)
	v, resp, err := sendForm[struct {
		VideoPlaylist *CreatedPlaylist `json:"videoPlaylist"`
	}](ctx, s.client, http.MethodPost, "api/v1/video-playlists", f, "playlist")
	if err != nil {
		return nil, resp, err
	}
	if v.VideoPlaylist == nil {
		return nil, resp, fmt.Errorf("peertube: POST %s: the answer has no videoPlaylist", resp.Request.URL.Path)
	}
	return v.VideoPlaylist, resp, nil
}

// PlaylistUpdate is a change of a playlist: only the fields that are set
// are changed.
type PlaylistUpdate struct {
	// DisplayName is the title: 1 to 120 characters.
	DisplayName *string
	// Description is in Markdown; a pointer to "" clears it.
	Description *string
	Privacy     *PlaylistPrivacy
	// ChannelID moves the playlist to another channel of the user; a
	// pointer to 0 takes it out of its channel (a public playlist must
	// stay in one).
	ChannelID *int64
	// Thumbnail replaces its image.
	Thumbnail *ImageFile
}

// Update changes a playlist: only what upd sets. The "Watch later"
// playlist cannot be changed.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/paths/~1api~1v1~1video-playlists~1%7BplaylistId%7D/put
//
// PUT /api/v1/video-playlists/{playlistId}
func (s *PlaylistsService) Update(ctx context.Context, id string, upd *PlaylistUpdate) (*Response, error) {
	p, err := playlistPath(id)
	if err != nil {
		return nil, err
	}
	if upd == nil {
		upd = &PlaylistUpdate{}
	}
	f := newFormParts()
	if upd.DisplayName != nil {
		f.field("displayName", *upd.DisplayName)
	}
	if upd.Description != nil {
		v := *upd.Description
		if v == "" {
			v = null
		}
		f.field("description", v)
	}
	if upd.Privacy != nil {
		f.field("privacy", strconv.Itoa(int(*upd.Privacy)))
	}
	if upd.ChannelID != nil {
		v := null
		if *upd.ChannelID != 0 {
			v = strconv.FormatInt(*upd.ChannelID, 10)
		}
		f.field("videoChannelId", v)
	}
	f.image("thumbnailfile", upd.Thumbnail)
	_, resp, err := sendForm[struct{}](ctx, s.client, http.MethodPut, p, f, "playlist update")
	return resp, err
}

// Delete deletes a playlist. The "Watch later" playlist cannot be
// deleted.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/paths/~1api~1v1~1video-playlists~1%7BplaylistId%7D/delete
//
// DELETE /api/v1/video-playlists/{playlistId}
func (s *PlaylistsService) Delete(ctx context.Context, id string) (*Response, error) {
	p, err := playlistPath(id)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// ListElements lists the elements of a playlist, in their order, with
// their videos. Its pages are set by opts' Start and Count; the list
// has no sort.
//
// PeerTube answers with playlist elements, although its API reference
// announces videos.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/getVideoPlaylistVideos
//
// GET /api/v1/video-playlists/{playlistId}/videos
func (s *PlaylistsService) ListElements(ctx context.Context, id string, opts *ListOptions) ([]*PlaylistElement, *Response, error) {
	p, err := playlistPath(id, "videos")
	if err != nil {
		return nil, nil, err
	}
	return list[*PlaylistElement](ctx, s.client, p, opts)
}

// ListElementsAll is the iterator twin of [PlaylistsService.ListElements].
//
// GET /api/v1/video-playlists/{playlistId}/videos
func (s *PlaylistsService) ListElementsAll(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*PlaylistElement, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*PlaylistElement, *Response, error) {
		return s.ListElements(ctx, id, o)
	})
}

// ElementTimestamps are where a playlist's element starts and stops
// playing its video, in seconds. Nil fields are left as they are.
type ElementTimestamps struct {
	StartTimestamp *int `json:"startTimestamp,omitempty"`
	StopTimestamp  *int `json:"stopTimestamp,omitempty"`
}

// AddElement adds a video (its id, UUID or short UUID) at the end of a
// playlist, and returns the new element's id. ts, if not nil, sets where
// the video starts and stops.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/addVideoPlaylistVideo
//
// POST /api/v1/video-playlists/{playlistId}/videos
func (s *PlaylistsService) AddElement(ctx context.Context, id, videoID string, ts *ElementTimestamps) (int64, *Response, error) {
	p, err := playlistPath(id, "videos")
	if err != nil {
		return 0, nil, err
	}
	if videoID == "" {
		return 0, nil, errors.New(`peertube: video id "" is not valid`)
	}
	body := struct {
		VideoID any `json:"videoId"`
		ElementTimestamps
	}{VideoID: videoID}
	// The spec takes a number or a UUID: send an id as a number.
	if n, err := strconv.ParseInt(videoID, 10, 64); err == nil {
		body.VideoID = n
	}
	if ts != nil {
		body.ElementTimestamps = *ts
	}
	v, resp, err := send[struct {
		VideoPlaylistElement *struct {
			ID int64 `json:"id"`
		} `json:"videoPlaylistElement"`
	}](ctx, s.client, http.MethodPost, p, body)
	if err != nil {
		return 0, resp, err
	}
	if v.VideoPlaylistElement == nil {
		return 0, resp, fmt.Errorf("peertube: POST %s: the answer has no videoPlaylistElement", resp.Request.URL.Path)
	}
	return v.VideoPlaylistElement.ID, resp, nil
}

// PlaylistReorder moves a block of elements of a playlist.
type PlaylistReorder struct {
	// StartPosition is the position of the block's first element, from
	// 1.
	StartPosition int `json:"startPosition"`
	// InsertAfterPosition is the position the block goes after; 0 puts
	// it first.
	InsertAfterPosition int `json:"insertAfterPosition"`
	// ReorderLength is the number of elements of the block; zero means
	// 1.
	ReorderLength int `json:"reorderLength,omitempty"`
}

// ReorderElements moves a block of elements of a playlist to another
// position.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/reorderVideoPlaylist
//
// POST /api/v1/video-playlists/{playlistId}/videos/reorder
func (s *PlaylistsService) ReorderElements(ctx context.Context, id string, move *PlaylistReorder) (*Response, error) {
	p, err := playlistPath(id, "videos", "reorder")
	if err != nil {
		return nil, err
	}
	if move == nil {
		return nil, errors.New("peertube: a reorder needs its positions")
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, p, move)
	return resp, err
}

// UpdateElement changes where an element of a playlist starts and stops
// its video.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/putVideoPlaylistVideo
//
// PUT /api/v1/video-playlists/{playlistId}/videos/{playlistElementId}
func (s *PlaylistsService) UpdateElement(ctx context.Context, id string, elementID int64, ts *ElementTimestamps) (*Response, error) {
	p, err := playlistElementPath(id, elementID)
	if err != nil {
		return nil, err
	}
	if ts == nil {
		ts = &ElementTimestamps{}
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, p, ts)
	return resp, err
}

// RemoveElement removes an element from a playlist; the elements after
// it move up.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/operation/delVideoPlaylistVideo
//
// DELETE /api/v1/video-playlists/{playlistId}/videos/{playlistElementId}
func (s *PlaylistsService) RemoveElement(ctx context.Context, id string, elementID int64) (*Response, error) {
	p, err := playlistElementPath(id, elementID)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// VideoInPlaylist is an element of one of the user's playlists that
// holds a video.
type VideoInPlaylist struct {
	PlaylistID        int64 `json:"playlistId"`
	PlaylistElementID int64 `json:"playlistElementId"`
	// StartTimestamp and StopTimestamp are in seconds; 0 when not set.
	StartTimestamp int `json:"startTimestamp"`
	StopTimestamp  int `json:"stopTimestamp"`
}

// VideosExist tells, for each of the videos (by id), the elements of
// the token user's playlists that hold it. A video in none has an empty
// entry or none.
//
// PeerTube answers with an object keyed by video id; its API reference
// shows a single "videoId" key.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Playlists/paths/~1api~1v1~1users~1me~1video-playlists~1videos-exist/get
//
// GET /api/v1/users/me/video-playlists/videos-exist
func (s *PlaylistsService) VideosExist(ctx context.Context, videoIDs []int64) (map[int64][]VideoInPlaylist, *Response, error) {
	if len(videoIDs) == 0 {
		return nil, nil, errors.New("peertube: no video ids to look for")
	}
	q := struct {
		VideoIDs []int64 `url:"videoIds"`
	}{videoIDs}
	m, resp, err := get[map[int64][]VideoInPlaylist](ctx, s.client, "api/v1/users/me/video-playlists/videos-exist", &q)
	if err != nil {
		return nil, resp, err
	}
	return *m, resp, nil
}
