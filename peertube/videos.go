package peertube

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strconv"
	"strings"
	"time"
)

// VideosService lists, reads, changes and deletes videos, and rates and
// watches them.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video
type VideosService service

// Constant is a value of one of the server's enumerations (category,
// licence, language, privacy, state…) with its label in the server's
// language. A video without a category has ID 0 and the label "Unknown".
type Constant[T any] struct {
	ID    T      `json:"id"`
	Label string `json:"label"`
}

// Privacy is who may watch a video.
type Privacy int

// The privacies of a video.
const (
	// PrivacyPublic: everyone, and the video is listed.
	PrivacyPublic Privacy = 1
	// PrivacyUnlisted: whoever has the link.
	PrivacyUnlisted Privacy = 2
	// PrivacyPrivate: only the owner (and the moderators).
	PrivacyPrivate Privacy = 3
	// PrivacyInternal: the users of the instance.
	PrivacyInternal Privacy = 4
	// PrivacyPasswordProtected: whoever has one of its passwords.
	PrivacyPasswordProtected Privacy = 5
)

// VideoState is where a video is in its processing.
type VideoState int

// The states of a video.
const (
	// StatePublished: it can be watched.
	StatePublished VideoState = 1
	// StateToTranscode: it waits for its transcoding.
	StateToTranscode VideoState = 2
	// StateToImport: it waits for its import.
	StateToImport VideoState = 3
	// StateWaitingForLive: a live that has not started.
	StateWaitingForLive VideoState = 4
	// StateLiveEnded: a live that is over.
	StateLiveEnded VideoState = 5
	// StateToMoveToExternalStorage: its files are being moved to object
	// storage.
	StateToMoveToExternalStorage VideoState = 6
	// StateTranscodingFailed: its transcoding failed.
	StateTranscodingFailed VideoState = 7
	// StateToMoveToExternalStorageFailed: moving its files failed.
	StateToMoveToExternalStorageFailed VideoState = 8
	// StateToEdit: it waits for an edit in the studio.
	StateToEdit VideoState = 9
)

// CommentsPolicy says who may comment on a video (PeerTube 6.2 and
// later; earlier servers have commentsEnabled).
type CommentsPolicy int

// The comments policies of a video.
const (
	// CommentsEnabled: anyone may comment.
	CommentsEnabled CommentsPolicy = 1
	// CommentsDisabled: no one may.
	CommentsDisabled CommentsPolicy = 2
	// CommentsRequiresApproval: comments wait for the owner's approval.
	CommentsRequiresApproval CommentsPolicy = 3
)

// Rating is what a user thinks of a video.
type Rating string

// The ratings of a video.
const (
	// RatingLike likes the video.
	RatingLike Rating = "like"
	// RatingDislike dislikes it.
	RatingDislike Rating = "dislike"
	// RatingNone takes the user's rating back.
	RatingNone Rating = "none"
)

// VideoInclude is a set of extra videos and fields a moderator's list
// includes; combine them with |.
type VideoInclude int

// What [VideoListOptions].Include may add.
const (
	// IncludeNotPublishedState adds videos that are not published yet.
	IncludeNotPublishedState VideoInclude = 1
	// IncludeBlacklisted adds videos the moderators hid.
	IncludeBlacklisted VideoInclude = 2
	// IncludeBlockedOwner adds videos of blocked accounts and servers.
	IncludeBlockedOwner VideoInclude = 4
	// IncludeFiles adds the videos' files.
	IncludeFiles VideoInclude = 8
	// IncludeCaptions adds the videos' captions.
	IncludeCaptions VideoInclude = 16
	// IncludeSource adds the videos' source files.
	IncludeSource VideoInclude = 32
)

// AccountSummary is the account a video belongs to, as a video names it.
type AccountSummary struct {
	ID          int64        `json:"id"`
	Name        string       `json:"name"`
	DisplayName string       `json:"displayName"`
	URL         string       `json:"url"`
	Host        string       `json:"host"`
	Avatars     []ActorImage `json:"avatars"`
}

// ChannelSummary is the channel a video is published in, as a video
// names it.
type ChannelSummary struct {
	ID          int64        `json:"id"`
	Name        string       `json:"name"`
	DisplayName string       `json:"displayName"`
	URL         string       `json:"url"`
	Host        string       `json:"host"`
	Avatars     []ActorImage `json:"avatars"`
}

// ScheduledUpdate is a change of privacy planned for a video: to
// publish it at a time.
type ScheduledUpdate struct {
	// UpdateAt is when the change happens.
	UpdateAt time.Time `json:"updateAt"`
	// Privacy is the video's privacy from then on; zero means public.
	Privacy Privacy `json:"privacy,omitempty"`
}

// Video is a video as lists give it. Fields a server leaves out keep
// their zero value.
type Video struct {
	// ID is the video's id on this server.
	ID int64 `json:"id"`
	// UUID is its id across the federation; ShortUUID is a shorter
	// spelling of it. Both work where an id is asked for.
	UUID      string `json:"uuid"`
	ShortUUID string `json:"shortUUID"`
	// URL is its address at its origin.
	URL string `json:"url"`
	// Name is its title.
	Name string `json:"name"`
	// TruncatedDescription is the start of its description (Markdown).
	TruncatedDescription string `json:"truncatedDescription"`

	IsLive  bool `json:"isLive"`
	IsLocal bool `json:"isLocal"`
	NSFW    bool `json:"nsfw"`

	// CreatedAt is when it was made, PublishedAt when it became
	// watchable, UpdatedAt when its data last changed.
	CreatedAt   time.Time `json:"createdAt"`
	PublishedAt time.Time `json:"publishedAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	// OriginallyPublishedAt is when the content was first published
	// elsewhere, if set.
	OriginallyPublishedAt *time.Time `json:"originallyPublishedAt"`

	Category Constant[int]     `json:"category"`
	Licence  Constant[int]     `json:"licence"`
	Language Constant[string]  `json:"language"`
	Privacy  Constant[Privacy] `json:"privacy"`

	// Duration is its length in seconds.
	Duration int `json:"duration"`
	// AspectRatio is its width over its height (PeerTube 6.1 and later).
	AspectRatio float64 `json:"aspectRatio"`

	// ThumbnailPath, PreviewPath and EmbedPath are paths on the server;
	// the URL fields are absolute, on servers that send them.
	ThumbnailPath string `json:"thumbnailPath"`
	ThumbnailURL  string `json:"thumbnailUrl"`
	PreviewPath   string `json:"previewPath"`
	PreviewURL    string `json:"previewUrl"`
	EmbedPath     string `json:"embedPath"`
	EmbedURL      string `json:"embedUrl"`

	Views    int64 `json:"views"`
	Likes    int64 `json:"likes"`
	Dislikes int64 `json:"dislikes"`
	// Viewers is, for a live, how many watch it now.
	Viewers int64 `json:"viewers"`
	// Comments is the number of comments, on servers that count them.
	Comments int64 `json:"comments"`

	// State is where it is in its processing; lists give it to
	// moderators and to its owner.
	State Constant[VideoState] `json:"state"`
	// WaitTranscoding says whether publication waits for the
	// transcoding.
	WaitTranscoding bool `json:"waitTranscoding"`
	// ScheduledUpdate is a planned change of privacy, if any.
	ScheduledUpdate *ScheduledUpdate `json:"scheduledUpdate"`
	// Blacklisted and BlacklistedReason: whether moderators hid it.
	Blacklisted       bool   `json:"blacklisted"`
	BlacklistedReason string `json:"blacklistedReason"`

	Account AccountSummary `json:"account"`
	Channel ChannelSummary `json:"channel"`

	// UserHistory is, for a logged-in user, where they stopped watching.
	UserHistory *struct {
		// CurrentTime is the position in seconds.
		CurrentTime int `json:"currentTime"`
	} `json:"userHistory"`
}

// VideoDetails is a video with all it has: its description, tags,
// settings and files.
type VideoDetails struct {
	Video

	// Description is the full description (Markdown).
	Description string `json:"description"`
	// Support tells the audience how to support the creator (Markdown).
	Support string   `json:"support"`
	Tags    []string `json:"tags"`

	// CommentsPolicy says who may comment (PeerTube 6.2 and later).
	CommentsPolicy Constant[CommentsPolicy] `json:"commentsPolicy"`
	// CommentsEnabled is what servers before 6.2 have instead.
	//
	// Deprecated: use CommentsPolicy.
	CommentsEnabled bool `json:"commentsEnabled"`
	DownloadEnabled bool `json:"downloadEnabled"`

	// InputFileUpdatedAt is when the source file was last replaced; nil
	// when it never was.
	InputFileUpdatedAt *time.Time `json:"inputFileUpdatedAt"`
	// TrackerURLs are the BitTorrent trackers of its files.
	TrackerURLs []string `json:"trackerUrls"`
	// Files are its Web Video files (empty when the server makes HLS
	// only); StreamingPlaylists hold its HLS files.
	Files              []VideoFile         `json:"files"`
	StreamingPlaylists []StreamingPlaylist `json:"streamingPlaylists"`
}

// VideoFile is one file of a video, in one resolution.
type VideoFile struct {
	ID         int64         `json:"id"`
	Resolution Constant[int] `json:"resolution"`
	// Size is in bytes.
	Size int64   `json:"size"`
	FPS  float64 `json:"fps"`
	// Width and Height are in pixels (PeerTube 6.1 and later).
	Width  int `json:"width"`
	Height int `json:"height"`
	// FileURL is where to play it; FileDownloadURL serves it as a
	// download.
	FileURL         string `json:"fileUrl"`
	FileDownloadURL string `json:"fileDownloadUrl"`
	// TorrentURL, TorrentDownloadURL and MagnetURI get it by BitTorrent.
	TorrentURL         string `json:"torrentUrl"`
	TorrentDownloadURL string `json:"torrentDownloadUrl"`
	MagnetURI          string `json:"magnetUri"`
	// MetadataURL gives what ffprobe says of the file.
	MetadataURL string `json:"metadataUrl"`
	// HasAudio and HasVideo say which streams it has (PeerTube 6.2 and
	// later).
	HasAudio bool `json:"hasAudio"`
	HasVideo bool `json:"hasVideo"`
}

// StreamingPlaylist is the HLS playlist of a video and its files.
type StreamingPlaylist struct {
	ID int64 `json:"id"`
	// Type is 1 for HLS.
	Type              int         `json:"type"`
	PlaylistURL       string      `json:"playlistUrl"`
	SegmentsSha256URL string      `json:"segmentsSha256Url"`
	Files             []VideoFile `json:"files"`
	// Redundancies are other servers that mirror the playlist.
	Redundancies []struct {
		BaseURL string `json:"baseUrl"`
	} `json:"redundancies"`
}

// VideoSource describes the file a video was made from.
type VideoSource struct {
	// InputFilename is the name of the uploaded or imported file.
	InputFilename string `json:"inputFilename"`
	// Filename is what servers before 6.1 send instead.
	//
	// Deprecated: use InputFilename.
	Filename string `json:"filename"`
	// FileDownloadURL serves the file itself, where the server keeps it
	// (PeerTube 6.1 and later, for the owner).
	FileDownloadURL string        `json:"fileDownloadUrl"`
	Resolution      Constant[int] `json:"resolution"`
	// Size is in bytes.
	Size      int64     `json:"size"`
	FPS       float64   `json:"fps"`
	Width     int       `json:"width"`
	Height    int       `json:"height"`
	CreatedAt time.Time `json:"createdAt"`
}

// VideoListOptions are the filters of [VideosService.List]. Filters that
// take several values match a video that has one of them. The list sorts
// by ListOptions.Sort: "name", "-duration", "-createdAt",
// "-publishedAt", "-views", "-likes", "-trending", "-hot" or "-best".
type VideoListOptions struct {
	ListOptions

	CategoryOneOf []int     `url:"categoryOneOf,omitempty"`
	LicenceOneOf  []int     `url:"licenceOneOf,omitempty"`
	LanguageOneOf []string  `url:"languageOneOf,omitempty"`
	TagsOneOf     []string  `url:"tagsOneOf,omitempty"`
	TagsAllOf     []string  `url:"tagsAllOf,omitempty"`
	PrivacyOneOf  []Privacy `url:"privacyOneOf,omitempty"`
	// AutoTagOneOf filters on automatic tags (moderators, PeerTube 6.2
	// and later).
	AutoTagOneOf []string `url:"autoTagOneOf,omitempty"`

	IsLive  *bool `url:"isLive,omitempty"`
	IsLocal *bool `url:"isLocal,omitempty"`
	// NSFW is "true" (only sensitive videos), "false" (none) or "both";
	// empty follows the user's or the instance's policy.
	NSFW             string `url:"nsfw,omitempty"`
	HasHLSFiles      *bool  `url:"hasHLSFiles,omitempty"`
	HasWebVideoFiles *bool  `url:"hasWebVideoFiles,omitempty"`
	// ExcludeAlreadyWatched leaves out the videos in the user's history
	// (needs a token).
	ExcludeAlreadyWatched *bool `url:"excludeAlreadyWatched,omitempty"`
	// Include adds videos and fields only moderators may see; others get
	// 401 Unauthorized, as they do for PrivacyOneOf.
	Include VideoInclude `url:"include,omitempty"`
	// SkipCount saves the server counting the matches: Response.Total
	// is then 0.
	SkipCount bool `url:"skipCount,omitempty"`
}

// List lists the videos of the server, and those it knows of other
// servers, that opts selects. Response.Total is the number of matches.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getVideos
//
// GET /api/v1/videos
func (s *VideosService) List(ctx context.Context, opts *VideoListOptions) ([]*Video, *Response, error) {
	return list[*Video](ctx, s.client, "api/v1/videos", opts)
}

// ListAll is the iterator twin of [VideosService.List]: it walks the pages
// from opts.Start until it has read Response.Total videos.
//
// GET /api/v1/videos
func (s *VideosService) ListAll(ctx context.Context, opts *VideoListOptions) iter.Seq2[*Video, error] {
	return allPages(ctx, opts, s.List)
}

// VideoAccessOptions are the options of the methods that read a video.
type VideoAccessOptions struct {
	// Password is a password of a password-protected video, sent in the
	// x-peertube-video-password header. Its owner needs none.
	Password string
}

// setPassword puts the video's password, if any, on req.
func (o *VideoAccessOptions) setPassword(req *http.Request) {
	if o != nil && o.Password != "" {
		req.Header.Set("X-Peertube-Video-Password", o.Password)
	}
}

// getVideo is a GET of a video's path that may need its password.
func getVideo[T any](ctx context.Context, c *Client, path string, opts *VideoAccessOptions) (*T, *Response, error) {
	req, err := c.NewRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, nil, err
	}
	opts.setPassword(req)
	v := new(T)
	resp, err := c.Do(req, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// Get returns a video with its details. id is its id, UUID or short UUID.
// A password-protected video needs its password in opts (403 Forbidden
// otherwise).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getVideo
//
// GET /api/v1/videos/{id}
func (s *VideosService) Get(ctx context.Context, id string, opts *VideoAccessOptions) (*VideoDetails, *Response, error) {
	p, err := videoPath(id)
	if err != nil {
		return nil, nil, err
	}
	return getVideo[VideoDetails](ctx, s.client, p, opts)
}

// ImageFile is an image to upload: a thumbnail or a preview.
type ImageFile struct {
	// Name is the file's name; its extension gives the content type
	// when ContentType is empty.
	Name string
	// Content is the image. It is read in full before the request is
	// sent, so that a retry can send it again.
	Content io.Reader
	// ContentType is the image's media type, such as "image/png".
	// Default: from Name's extension, else "image/jpeg".
	ContentType string
}

// VideoUpdate is a change of a video's data: only the fields that are
// set are changed. A pointer to a zero value, or an empty but non-nil
// slice, clears a field that may be empty (category, licence, language,
// description, support, tags, original publication date, scheduled
// update); for the others the server refuses it.
type VideoUpdate struct {
	// Name is the title: 3 to 120 characters.
	Name *string
	// Description is in Markdown.
	Description *string
	// Support tells the audience how to support the creator.
	Support  *string
	Category *int
	Licence  *int
	// Language is a language code such as "en".
	Language *string
	Privacy  *Privacy
	// Tags are up to 5 tags of 2 to 30 characters.
	Tags            []string
	NSFW            *bool
	CommentsPolicy  *CommentsPolicy
	DownloadEnabled *bool
	WaitTranscoding *bool
	// ChannelID moves the video to another channel of the user.
	ChannelID *int64
	// OriginallyPublishedAt is when the content was first published.
	OriginallyPublishedAt *time.Time
	// ScheduleUpdate plans a change of privacy; a zero UpdateAt cancels
	// the planned one.
	ScheduleUpdate *ScheduledUpdate
	// VideoPasswords replaces the passwords of a password-protected
	// video.
	VideoPasswords []string

	// Thumbnail and Preview replace the video's images.
	Thumbnail, Preview *ImageFile
}

// null is how a multipart form says "no value": PeerTube reads the text
// "null" as null.
const null = "null"

// encode writes the update as a multipart form.
func (u *VideoUpdate) encode() (*bytes.Buffer, string, error) {
	buf := new(bytes.Buffer)
	w := multipart.NewWriter(buf)
	var err error
	field := func(name, value string) {
		if err == nil {
			err = w.WriteField(name, value)
		}
	}
	orNull := func(name, v string, clear bool) {
		if clear {
			v = null
		}
		field(name, v)
	}
	list := func(name string, vs []string) {
		if vs == nil {
			return
		}
		if len(vs) == 0 {
			field(name, null)
		}
		for i, v := range vs {
			field(name+"["+strconv.Itoa(i)+"]", v)
		}
	}
	boolean := func(name string, b *bool) {
		if b != nil {
			field(name, strconv.FormatBool(*b))
		}
	}

	if u.Name != nil {
		field("name", *u.Name)
	}
	if u.Description != nil {
		orNull("description", *u.Description, *u.Description == "")
	}
	if u.Support != nil {
		orNull("support", *u.Support, *u.Support == "")
	}
	if u.Category != nil {
		orNull("category", strconv.Itoa(*u.Category), *u.Category == 0)
	}
	if u.Licence != nil {
		orNull("licence", strconv.Itoa(*u.Licence), *u.Licence == 0)
	}
	if u.Language != nil {
		orNull("language", *u.Language, *u.Language == "")
	}
	if u.Privacy != nil {
		field("privacy", strconv.Itoa(int(*u.Privacy)))
	}
	list("tags", u.Tags)
	boolean("nsfw", u.NSFW)
	if u.CommentsPolicy != nil {
		field("commentsPolicy", strconv.Itoa(int(*u.CommentsPolicy)))
	}
	boolean("downloadEnabled", u.DownloadEnabled)
	boolean("waitTranscoding", u.WaitTranscoding)
	if u.ChannelID != nil {
		field("channelId", strconv.FormatInt(*u.ChannelID, 10))
	}
	if t := u.OriginallyPublishedAt; t != nil {
		orNull("originallyPublishedAt", t.UTC().Format(time.RFC3339Nano), t.IsZero())
	}
	if su := u.ScheduleUpdate; su != nil {
		if su.UpdateAt.IsZero() {
			field("scheduleUpdate", null)
		} else {
			field("scheduleUpdate[updateAt]", su.UpdateAt.UTC().Format(time.RFC3339Nano))
			if su.Privacy != 0 {
				field("scheduleUpdate[privacy]", strconv.Itoa(int(su.Privacy)))
			}
		}
	}
	list("videoPasswords", u.VideoPasswords)
	for _, f := range []struct {
		name string
		img  *ImageFile
	}{{"thumbnailfile", u.Thumbnail}, {"previewfile", u.Preview}} {
		if f.img == nil || err != nil {
			continue
		}
		err = writeImage(w, f.name, f.img)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, "", fmt.Errorf("peertube: encoding the update: %w", err)
	}
	return buf, w.FormDataContentType(), nil
}

// escapeQuotes escapes a file name for a Content-Disposition header.
func escapeQuotes(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "").Replace(s)
}

// writeImage adds an image file to the form.
func writeImage(w *multipart.Writer, field string, img *ImageFile) error {
	if img.Content == nil {
		return fmt.Errorf("%s has no content", field)
	}
	name := img.Name
	if name == "" {
		name = field + ".jpg"
	}
	ct := img.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(path.Ext(name)))
	}
	if ct == "" {
		ct = "image/jpeg"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+escapeQuotes(name)+`"`)
	h.Set("Content-Type", ct)
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, img.Content); err != nil {
		return fmt.Errorf("reading %s: %w", field, err)
	}
	return nil
}

// Update changes a video's data and images: only what upd sets.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/putVideo
//
// PUT /api/v1/videos/{id}
func (s *VideosService) Update(ctx context.Context, id string, upd *VideoUpdate) (*Response, error) {
	p, err := videoPath(id)
	if err != nil {
		return nil, err
	}
	if upd == nil {
		upd = &VideoUpdate{}
	}
	body, contentType, err := upd.encode()
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, http.MethodPut, p, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	return s.client.Do(req, nil)
}

// Delete deletes a video.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/delVideo
//
// DELETE /api/v1/videos/{id}
func (s *VideosService) Delete(ctx context.Context, id string) (*Response, error) {
	p, err := videoPath(id)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// Description returns a video's full description (Markdown); lists give
// only its start. It is "" when the video has none.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getVideoDesc
//
// GET /api/v1/videos/{id}/description
func (s *VideosService) Description(ctx context.Context, id string, opts *VideoAccessOptions) (string, *Response, error) {
	p, err := videoPath(id, "description")
	if err != nil {
		return "", nil, err
	}
	// PeerTube answers {"description": "..."}; its API reference has a
	// bare JSON string. Both are read.
	raw, resp, err := getVideo[json.RawMessage](ctx, s.client, p, opts)
	if err != nil {
		return "", resp, err
	}
	var text string
	if json.Unmarshal(*raw, &text) == nil {
		return text, resp, nil
	}
	var wrapped struct {
		Description *string `json:"description"`
	}
	if err := json.Unmarshal(*raw, &wrapped); err != nil {
		return "", resp, fmt.Errorf("peertube: GET %s: decoding the answer: %w", resp.Request.URL.Path, err)
	}
	if wrapped.Description != nil {
		text = *wrapped.Description
	}
	return text, resp, nil
}

// Source describes the file a video was made from. Only its owner (and
// moderators) may ask.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getVideoSource
//
// GET /api/v1/videos/{id}/source
func (s *VideosService) Source(ctx context.Context, id string) (*VideoSource, *Response, error) {
	p, err := videoPath(id, "source")
	if err != nil {
		return nil, nil, err
	}
	return get[VideoSource](ctx, s.client, p, nil)
}

// VideoView is a report of someone watching a video.
type VideoView struct {
	// CurrentTime is the position in the video, in seconds.
	CurrentTime int `json:"currentTime"`
	// ViewEvent is "seek" when the viewer jumped since the last report.
	ViewEvent string `json:"viewEvent,omitempty"`
	// SessionID identifies the viewer's session, so that a session
	// counts one view (when the server trusts it).
	SessionID string `json:"sessionId,omitempty"`
}

// AddView reports that someone is watching a video: a player calls it
// every few seconds, and the server counts a view after a while (and,
// with a token, keeps the position in the user's history). view nil
// reports the start.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/addView
//
// POST /api/v1/videos/{id}/views
func (s *VideosService) AddView(ctx context.Context, id string, view *VideoView) (*Response, error) {
	p, err := videoPath(id, "views")
	if err != nil {
		return nil, err
	}
	if view == nil {
		view = &VideoView{}
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, p, view)
	return resp, err
}

// Rate likes or dislikes a video for the token's user, or takes the
// rating back with [RatingNone].
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Rates
//
// PUT /api/v1/videos/{id}/rate
func (s *VideosService) Rate(ctx context.Context, id string, rating Rating, opts *VideoAccessOptions) (*Response, error) {
	switch rating {
	case RatingLike, RatingDislike, RatingNone:
	default:
		return nil, fmt.Errorf("peertube: rating %q is not like, dislike or none", rating)
	}
	p, err := videoPath(id, "rate")
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, http.MethodPut, p, map[string]Rating{"rating": rating})
	if err != nil {
		return nil, err
	}
	opts.setPassword(req)
	return s.client.Do(req, nil)
}
