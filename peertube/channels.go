package peertube

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"
)

// Actor is what accounts and channels have in common: an ActivityPub
// actor of this server or of another one.
type Actor struct {
	// ID is the actor's id on this server.
	ID int64 `json:"id"`
	// URL is its ActivityPub id, at its origin.
	URL string `json:"url"`
	// Name is its immutable name, used to find or mention it; Host is
	// the server it lives on. [Actor.Handle] joins them.
	Name string `json:"name"`
	Host string `json:"host"`
	// HostRedundancyAllowed says whether its server lets others mirror
	// its videos.
	HostRedundancyAllowed bool `json:"hostRedundancyAllowed"`
	// FollowingCount and FollowersCount are how many actors it follows
	// and how many follow it, as this server knows.
	FollowingCount int `json:"followingCount"`
	FollowersCount int `json:"followersCount"`
	// Avatars are its avatar in several sizes.
	Avatars []ActorImage `json:"avatars"`
	// CreatedAt and UpdatedAt are when this server first saw it and when
	// it last changed.
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Handle returns the actor's handle, name@host: what the methods taking
// an account, a channel or a subscription accept. (A local actor may be
// named by its name alone.)
func (a Actor) Handle() string {
	if a.Host == "" {
		return a.Name
	}
	return a.Name + "@" + a.Host
}

// Channel is a video channel: the actor videos are published under. A
// user has one or more.
type Channel struct {
	Actor

	// DisplayName is its name as shown: 1 to 120 characters.
	DisplayName string `json:"displayName"`
	// Description is in Markdown; "" when it has none.
	Description string `json:"description"`
	// Support tells the audience how to support it (Markdown); new
	// videos of the channel take it by default.
	Support string `json:"support"`
	// IsLocal says whether it lives on this server.
	IsLocal bool `json:"isLocal"`
	// Banners are its banner in several sizes.
	Banners []ActorImage `json:"banners"`
	// OwnerAccount is the account it belongs to; lists of an account's
	// channels leave it out.
	OwnerAccount *Account `json:"ownerAccount"`

	// VideosCount, ViewsPerDay and TotalViews are statistics only some
	// answers carry: [AccountsService.Channels] with WithStats gives them
	// to the account's user.
	VideosCount int            `json:"videosCount"`
	ViewsPerDay []ChannelViews `json:"viewsPerDay"`
	TotalViews  int64          `json:"totalViews"`
}

// ChannelViews is the number of views of a channel's videos on one day.
type ChannelViews struct {
	Date  time.Time `json:"date"`
	Views int64     `json:"views"`
}

// Follow is an actor following another: a follower of an account or of
// a channel.
type Follow struct {
	ID        int64 `json:"id"`
	Follower  Actor `json:"follower"`
	Following Actor `json:"following"`
	// Score reflects how reachable the follower's server is: 1000 at
	// first, in steps of 10.
	Score float64 `json:"score"`
	// State is "pending" or "accepted" ([FollowPending],
	// [FollowAccepted]), or "rejected"; the followers lists of channels
	// and accounts give accepted follows only.
	State     string    `json:"state"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// FollowersOptions are the options of the followers lists. They sort by
// ListOptions.Sort: "createdAt" or "-createdAt".
type FollowersOptions struct {
	ListOptions
	// Search keeps the followers whose name or host contain it.
	Search string `url:"search,omitempty"`
}

// ChannelSyncState is where a channel synchronization is.
type ChannelSyncState int

// The states of a channel synchronization.
const (
	// SyncWaitingFirstRun: it has not run yet.
	SyncWaitingFirstRun ChannelSyncState = 1
	// SyncProcessing: it is importing videos.
	SyncProcessing ChannelSyncState = 2
	// SyncSynced: its last run is over.
	SyncSynced ChannelSyncState = 3
	// SyncFailed: its last run failed.
	SyncFailed ChannelSyncState = 4
)

// ChannelSync keeps a channel in step with a channel on another
// platform (a YouTube channel, say): the server imports its new videos
// regularly.
type ChannelSync struct {
	ID int64 `json:"id"`
	// ExternalChannelURL is the channel whose videos are imported.
	ExternalChannelURL string                     `json:"externalChannelUrl"`
	State              Constant[ChannelSyncState] `json:"state"`
	CreatedAt          time.Time                  `json:"createdAt"`
	// LastSyncAt is when it last ran; nil if it never did.
	LastSyncAt *time.Time `json:"lastSyncAt"`
	// Channel is the channel the videos are imported into.
	Channel Channel `json:"channel"`
}

// channelPath returns "api/v1/video-channels/{handle}" plus more path
// segments.
func channelPath(handle string, more ...string) (string, error) {
	seg, err := segment("channel handle", handle)
	if err != nil {
		return "", err
	}
	p := "api/v1/video-channels/" + seg
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// syncPath returns "api/v1/video-channel-syncs/{id}" plus more path
// segments.
func syncPath(id int64, more ...string) (string, error) {
	if id <= 0 {
		return "", fmt.Errorf("peertube: channel sync id %d is not valid", id)
	}
	p := "api/v1/video-channel-syncs/" + strconv.FormatInt(id, 10)
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// List lists the channels this server knows: its own and those of the
// servers it follows. Response.Total is their number. It sorts by
// ListOptions.Sort, such as "-createdAt".
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/operation/getVideoChannels
//
// GET /api/v1/video-channels
func (s *ChannelsService) List(ctx context.Context, opts *ListOptions) ([]*Channel, *Response, error) {
	return list[*Channel](ctx, s.client, "api/v1/video-channels", opts)
}

// ListAll is the iterator twin of [ChannelsService.List].
//
// GET /api/v1/video-channels
func (s *ChannelsService) ListAll(ctx context.Context, opts *ListOptions) iter.Seq2[*Channel, error] {
	return allPages(ctx, opts, s.List)
}

// Get returns a channel. handle is its name, for a channel of this
// server, or name@host.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/operation/getVideoChannel
//
// GET /api/v1/video-channels/{channelHandle}
func (s *ChannelsService) Get(ctx context.Context, handle string) (*Channel, *Response, error) {
	p, err := channelPath(handle)
	if err != nil {
		return nil, nil, err
	}
	return get[Channel](ctx, s.client, p, nil)
}

// NewChannel is a channel to create. Name and DisplayName are required.
type NewChannel struct {
	// Name is the channel's immutable name: 1 to 50 letters, digits and
	// "-_.:". It must differ from every account's and channel's name on
	// the server.
	Name string `json:"name"`
	// DisplayName is its name as shown: 1 to 120 characters.
	DisplayName string `json:"displayName"`
	// Description is in Markdown: 3 to 1000 characters.
	Description string `json:"description,omitempty"`
	// Support tells the audience how to support it: 3 to 1000
	// characters.
	Support string `json:"support,omitempty"`
}

// CreatedChannel is the channel [ChannelsService.Create] made.
type CreatedChannel struct {
	ID int64 `json:"id"`
}

// Create creates a channel of the token's user. The server answers
// with its id only; [ChannelsService.Get] with ch.Name reads it.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/operation/addVideoChannel
//
// POST /api/v1/video-channels
func (s *ChannelsService) Create(ctx context.Context, ch *NewChannel) (*CreatedChannel, *Response, error) {
	if ch == nil || ch.Name == "" || ch.DisplayName == "" {
		return nil, nil, fmt.Errorf("peertube: a new channel needs a name and a display name")
	}
	answer, resp, err := send[struct {
		VideoChannel CreatedChannel `json:"videoChannel"`
	}](ctx, s.client, http.MethodPost, "api/v1/video-channels", ch)
	if err != nil {
		return nil, resp, err
	}
	return &answer.VideoChannel, resp, nil
}

// ChannelUpdate is a change of a channel: only the fields that are set
// are changed. A pointer to "" clears Description or Support.
type ChannelUpdate struct {
	// DisplayName is the name as shown: 1 to 120 characters.
	DisplayName *string
	// Description is in Markdown: 3 to 1000 characters.
	Description *string
	// Support tells the audience how to support the channel: 3 to 1000
	// characters.
	Support *string
	// BulkVideosSupportUpdate, with Support, sets the new support text on
	// all the channel's videos too.
	BulkVideosSupportUpdate bool
}

// body is the update as the JSON body PeerTube reads: a cleared field
// is null.
func (u *ChannelUpdate) body() map[string]any {
	b := make(map[string]any)
	orNull := func(name string, v *string) {
		switch {
		case v == nil:
		case *v == "":
			b[name] = nil
		default:
			b[name] = *v
		}
	}
	if u.DisplayName != nil {
		b["displayName"] = *u.DisplayName
	}
	orNull("description", u.Description)
	orNull("support", u.Support)
	if u.BulkVideosSupportUpdate {
		b["bulkVideosSupportUpdate"] = true
	}
	return b
}

// Update changes a channel of the token's user: only what upd sets.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/operation/putVideoChannel
//
// PUT /api/v1/video-channels/{channelHandle}
func (s *ChannelsService) Update(ctx context.Context, handle string, upd *ChannelUpdate) (*Response, error) {
	p, err := channelPath(handle)
	if err != nil {
		return nil, err
	}
	if upd == nil {
		upd = &ChannelUpdate{}
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, p, upd.body())
	return resp, err
}

// Delete deletes a channel of the token's user, with its videos. The
// user's last channel cannot be deleted.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/operation/delVideoChannel
//
// DELETE /api/v1/video-channels/{channelHandle}
func (s *ChannelsService) Delete(ctx context.Context, handle string) (*Response, error) {
	p, err := channelPath(handle)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// Videos lists the videos of a channel that opts selects. Response.Total
// is the number of matches.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getVideoChannelVideos
//
// GET /api/v1/video-channels/{channelHandle}/videos
func (s *ChannelsService) Videos(ctx context.Context, handle string, opts *VideoListOptions) ([]*Video, *Response, error) {
	p, err := channelPath(handle, "videos")
	if err != nil {
		return nil, nil, err
	}
	return list[*Video](ctx, s.client, p, opts)
}

// VideosAll is the iterator twin of [ChannelsService.Videos].
//
// GET /api/v1/video-channels/{channelHandle}/videos
func (s *ChannelsService) VideosAll(ctx context.Context, handle string, opts *VideoListOptions) iter.Seq2[*Video, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *VideoListOptions) ([]*Video, *Response, error) {
		return s.Videos(ctx, handle, o)
	})
}

// Followers lists the accepted followers of a channel of the token's
// user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/operation/getVideoChannelFollowers
//
// GET /api/v1/video-channels/{channelHandle}/followers
func (s *ChannelsService) Followers(ctx context.Context, handle string, opts *FollowersOptions) ([]*Follow, *Response, error) {
	p, err := channelPath(handle, "followers")
	if err != nil {
		return nil, nil, err
	}
	return list[*Follow](ctx, s.client, p, opts)
}

// FollowersAll is the iterator twin of [ChannelsService.Followers].
//
// GET /api/v1/video-channels/{channelHandle}/followers
func (s *ChannelsService) FollowersAll(ctx context.Context, handle string, opts *FollowersOptions) iter.Seq2[*Follow, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *FollowersOptions) ([]*Follow, *Response, error) {
		return s.Followers(ctx, handle, o)
	})
}

// pickActorImage posts img as the multipart field of path (an avatar or
// a banner) and returns the sizes the server made of it, which its
// answer lists under key.
func pickActorImage(ctx context.Context, c *Client, path, field, key string, img *ImageFile) ([]ActorImage, *Response, error) {
	if img == nil {
		return nil, nil, fmt.Errorf("peertube: no %s to upload", field)
	}
	buf := new(bytes.Buffer)
	w := multipart.NewWriter(buf)
	err := writeImage(w, field, img)
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("peertube: encoding the image: %w", err)
	}
	req, err := c.NewRequest(ctx, http.MethodPost, path, buf)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	var answer map[string][]ActorImage
	resp, err := c.Do(req, &answer)
	if err != nil {
		return nil, resp, err
	}
	return answer[key], resp, nil
}

// UploadAvatar replaces the avatar of a channel of the token's user
// with img: PNG or JPEG (recent servers take GIF and WebP too), within
// the server's size limit (413 otherwise). It returns the sizes the
// server made of it.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/paths/~1api~1v1~1video-channels~1%7BchannelHandle%7D~1avatar~1pick/post
//
// POST /api/v1/video-channels/{channelHandle}/avatar/pick
func (s *ChannelsService) UploadAvatar(ctx context.Context, handle string, img *ImageFile) ([]ActorImage, *Response, error) {
	p, err := channelPath(handle, "avatar", "pick")
	if err != nil {
		return nil, nil, err
	}
	return pickActorImage(ctx, s.client, p, "avatarfile", "avatars", img)
}

// DeleteAvatar removes the avatar of a channel of the token's user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/paths/~1api~1v1~1video-channels~1%7BchannelHandle%7D~1avatar/delete
//
// DELETE /api/v1/video-channels/{channelHandle}/avatar
func (s *ChannelsService) DeleteAvatar(ctx context.Context, handle string) (*Response, error) {
	p, err := channelPath(handle, "avatar")
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// UploadBanner replaces the banner of a channel of the token's user
// with img, as [ChannelsService.UploadAvatar] does the avatar.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/paths/~1api~1v1~1video-channels~1%7BchannelHandle%7D~1banner~1pick/post
//
// POST /api/v1/video-channels/{channelHandle}/banner/pick
func (s *ChannelsService) UploadBanner(ctx context.Context, handle string, img *ImageFile) ([]ActorImage, *Response, error) {
	p, err := channelPath(handle, "banner", "pick")
	if err != nil {
		return nil, nil, err
	}
	return pickActorImage(ctx, s.client, p, "bannerfile", "banners", img)
}

// DeleteBanner removes the banner of a channel of the token's user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/paths/~1api~1v1~1video-channels~1%7BchannelHandle%7D~1banner/delete
//
// DELETE /api/v1/video-channels/{channelHandle}/banner
func (s *ChannelsService) DeleteBanner(ctx context.Context, handle string) (*Response, error) {
	p, err := channelPath(handle, "banner")
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// ImportVideosOptions are the options of [ChannelsService.ImportVideos].
type ImportVideosOptions struct {
	// ChannelSyncID files the imports under this synchronization of the
	// channel.
	ChannelSyncID int64
}

// ImportVideos imports all the videos of a channel or playlist of
// another platform (externalURL, such as a YouTube channel) into a
// channel of the token's user, once. The server does it in the
// background; the imports appear among the user's imports. The server's
// imports must be enabled (channel synchronization too), and the user
// must have room in their quota.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Channels/paths/~1api~1v1~1video-channels~1%7BchannelHandle%7D~1import-videos/post
//
// POST /api/v1/video-channels/{channelHandle}/import-videos
func (s *ChannelsService) ImportVideos(ctx context.Context, handle, externalURL string, opts *ImportVideosOptions) (*Response, error) {
	p, err := channelPath(handle, "import-videos")
	if err != nil {
		return nil, err
	}
	if externalURL == "" {
		return nil, fmt.Errorf("peertube: no channel URL to import from")
	}
	body := struct {
		ExternalChannelURL string `json:"externalChannelUrl"`
		ChannelSyncID      int64  `json:"videoChannelSyncId,omitempty"`
	}{ExternalChannelURL: externalURL}
	if opts != nil {
		body.ChannelSyncID = opts.ChannelSyncID
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, p, body)
	return resp, err
}

// NewChannelSync is a synchronization to create.
type NewChannelSync struct {
	// ExternalChannelURL is the channel of another platform whose
	// videos are imported.
	ExternalChannelURL string `json:"externalChannelUrl"`
	// ChannelID is the channel of the token's user they go into.
	ChannelID int64 `json:"videoChannelId"`
}

// CreateSync creates a synchronization: from now on the server imports
// the new videos of sync.ExternalChannelURL into a channel of the
// token's user. The server's channel synchronization must be enabled.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Channels-Sync/operation/addVideoChannelSync
//
// POST /api/v1/video-channel-syncs
func (s *ChannelsService) CreateSync(ctx context.Context, sync *NewChannelSync) (*ChannelSync, *Response, error) {
	if sync == nil || sync.ExternalChannelURL == "" || sync.ChannelID <= 0 {
		return nil, nil, fmt.Errorf("peertube: a channel sync needs an external channel URL and a channel id")
	}
	answer, resp, err := send[struct {
		VideoChannelSync ChannelSync `json:"videoChannelSync"`
	}](ctx, s.client, http.MethodPost, "api/v1/video-channel-syncs", sync)
	if err != nil {
		return nil, resp, err
	}
	return &answer.VideoChannelSync, resp, nil
}

// DeleteSync deletes a synchronization; the videos it imported stay.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Channels-Sync/operation/delVideoChannelSync
//
// DELETE /api/v1/video-channel-syncs/{channelSyncId}
func (s *ChannelsService) DeleteSync(ctx context.Context, id int64) (*Response, error) {
	p, err := syncPath(id)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// TriggerSync runs a synchronization now, importing all the videos of
// the external channel that are not imported yet.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Channels-Sync/operation/triggerVideoChannelSync
//
// POST /api/v1/video-channel-syncs/{channelSyncId}/sync
func (s *ChannelsService) TriggerSync(ctx context.Context, id int64) (*Response, error) {
	p, err := syncPath(id, "sync")
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, p, nil)
	return resp, err
}
