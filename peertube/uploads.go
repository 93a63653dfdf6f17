package peertube

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/fedikit/fedikit/internal/apiclient"
)

// NewVideo is the metadata of a video to upload. Name, ChannelID and
// Filename are required.
type NewVideo struct {
	// Name is the title: 3 to 120 characters.
	Name string `json:"name"`
	// ChannelID is the channel the video is published in.
	ChannelID int64 `json:"channelId"`
	// Filename is the file's name, with its extension, as the server
	// keeps it.
	Filename string `json:"filename"`
	// Privacy is who may watch it; zero means the server's default
	// (public).
	Privacy Privacy `json:"privacy,omitempty"`
	// Category and Licence are ids of the server's lists (Config.About,
	// GET /api/v1/videos/categories and /licences).
	Category int `json:"category,omitempty"`
	Licence  int `json:"licence,omitempty"`
	// Language is a language code such as "fr".
	Language string `json:"language,omitempty"`
	// Description is in Markdown.
	Description string `json:"description,omitempty"`
	// Tags are up to 5 tags of 2 to 30 characters.
	Tags []string `json:"tags,omitempty"`
	// Support tells the audience how to support the creator.
	Support string `json:"support,omitempty"`
	// NSFW marks the video as sensitive.
	NSFW bool `json:"nsfw,omitempty"`
	// CommentsPolicy says whether comments are open, closed or moderated.
	CommentsPolicy CommentsPolicy `json:"commentsPolicy,omitempty"`
	// DownloadEnabled allows downloads; nil means the server's default.
	DownloadEnabled *bool `json:"downloadEnabled,omitempty"`
	// WaitTranscoding publishes the video only once it is transcoded.
	WaitTranscoding bool `json:"waitTranscoding,omitempty"`
	// ScheduleUpdate publishes the video at a later time.
	ScheduleUpdate *ScheduledUpdate `json:"scheduleUpdate,omitempty"`
	// OriginallyPublishedAt is when the content was first published.
	OriginallyPublishedAt *time.Time `json:"originallyPublishedAt,omitempty"`
	// VideoPasswords protect a video of privacy PrivacyPasswordProtected.
	VideoPasswords []string `json:"videoPasswords,omitempty"`
}

// UploadedVideo is the video an upload made.
type UploadedVideo struct {
	ID        int64
	UUID      string
	ShortUUID string
}

// UploadOptions are the options of a resumable upload.
type UploadOptions struct {
	// ContentType is the file's media type, such as "video/mp4". Empty
	// means the type of the file name's extension (the common video and
	// audio ones are known whatever the machine's mime.types).
	ContentType string
	// ChunkSize is the size of the chunks sent, in bytes. Zero means 8
	// MiB. It is capped by the server's maximum
	// (client.videos.resumableUpload.maxChunkSize of its config), which
	// proxies in front of it often impose.
	ChunkSize int64
	// Progress, when set, is called after each chunk the server
	// acknowledges, with the bytes it holds and the file's size.
	Progress func(sent, total int64)
}

// newUploaderFor sets up the upload engine for this client and options.
func (s *VideosService) newUploaderFor(ctx context.Context, opts *UploadOptions) *uploader {
	c := s.client
	u := newUploader(c.noRetry, c.baseURL)
	u.errorFor = func(resp *http.Response) error {
		return newErrorResponse(resp, apiclient.ReadErrorBody(resp.Body))
	}
	if opts != nil {
		u.chunk, u.progress = opts.ChunkSize, opts.Progress
	}
	if u.chunk <= 0 {
		u.chunk = uploadDefaultChunk
	}
	if cfg, _, err := c.Config.Get(ctx); err == nil {
		if limit := cfg.Client.Videos.ResumableUpload.MaxChunkSize; limit > 0 && limit < u.chunk {
			u.chunk = limit
		}
	}
	return u
}

// StartUpload announces a video of size bytes and returns its upload
// session, to keep (it marshals to JSON) and pass to
// [VideosService.ResumeUpload] with the file. Keeping it before sending
// any byte lets an upload go on after the process that started it dies.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Upload/operation/uploadResumableInit
//
// POST /api/v1/videos/upload-resumable
func (s *VideosService) StartUpload(ctx context.Context, video *NewVideo, size int64, opts *UploadOptions) (*UploadSession, error) {
	if video == nil || video.Name == "" || video.ChannelID == 0 || video.Filename == "" {
		return nil, errors.New("peertube: an upload needs the video's name, channel and file name")
	}
	ct := ""
	if opts != nil {
		ct = opts.ContentType
	}
	if ct == "" {
		if t := partType(video.Filename); t != "application/octet-stream" {
			ct = t
		}
	}
	if ct == "" {
		return nil, fmt.Errorf("peertube: the media type of %q is unknown: set UploadOptions.ContentType", video.Filename)
	}
	u := s.newUploaderFor(ctx, opts)
	session, done, err := u.start(ctx, video, size, ct)
	if err != nil {
		return nil, err
	}
	if session == nil && done != nil {
		return nil, fmt.Errorf("peertube: the server already has this file as video %s", done.UUID)
	}
	return session, nil
}

// ResumeUpload sends the file of an upload session from where the server
// says it stopped, in chunks read from file with ReadAt (the file is
// never loaded whole), and returns the video made. A cut connection, a
// 5xx or a 409 makes it ask the server where it is and go on from there:
// at most one chunk is sent again per failure. A 503 while the server
// processes the last chunk is waited out as its Retry-After says.
//
// A session that expired (an hour without a chunk) or is unknown is an
// [*UploadSessionError] matching [ErrUploadSessionExpired]. When the
// whole file had been sent (PeerTube 6.2 and later delete the session
// once the video is made, so its answer can be lost), ResumeUpload looks
// for the video among the user's latest ones, by the source file's name
// and size, and returns it; only when it is not there is the error
// returned, with AllSent set.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Upload/operation/uploadResumable
//
// PUT /api/v1/videos/upload-resumable
func (s *VideosService) ResumeUpload(ctx context.Context, session *UploadSession, file io.ReaderAt, opts *UploadOptions) (*UploadedVideo, error) {
	if session == nil {
		return nil, errors.New("peertube: ResumeUpload needs a session")
	}
	u := s.newUploaderFor(ctx, opts)
	res, err := u.send(ctx, session, file)
	var gone *UploadSessionError
	if errors.As(err, &gone) && gone.AllSent && session.Filename != "" {
		// The whole file was sent and the session is gone: the video was
		// made and its answer lost. Find it rather than upload again.
		if v := s.findUploaded(ctx, session); v != nil {
			return v, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return &UploadedVideo{ID: res.ID, UUID: res.UUID, ShortUUID: res.ShortUUID}, nil
}

// findUploaded looks for the video an upload session made among the
// user's latest videos: the one whose source file has the session's name
// and size. It returns nil when there is none, or the lookup fails.
func (s *VideosService) findUploaded(ctx context.Context, session *UploadSession) *UploadedVideo {
	latest, _, err := s.client.Me.Videos(ctx, &MyVideosOptions{ListOptions: ListOptions{Count: 10, Sort: "-createdAt"}})
	if err != nil {
		return nil
	}
	for _, v := range latest {
		src, _, err := s.Source(ctx, strconv.FormatInt(v.ID, 10))
		if err != nil {
			continue
		}
		name := src.InputFilename
		if name == "" {
			name = src.Filename // servers before 6.1
		}
		if name == session.Filename && (src.Size == 0 || src.Size == session.Size) {
			return &UploadedVideo{ID: v.ID, UUID: v.UUID, ShortUUID: v.ShortUUID}
		}
	}
	return nil
}

// Upload uploads a video with the resumable protocol: StartUpload, then
// ResumeUpload. The session is returned whenever there is one, also with
// an error, so that the caller can keep it and resume later.
func (s *VideosService) Upload(ctx context.Context, video *NewVideo, file io.ReaderAt, size int64, opts *UploadOptions) (*UploadedVideo, *UploadSession, error) {
	session, err := s.StartUpload(ctx, video, size, opts)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.ResumeUpload(ctx, session, file, opts)
	return v, session, err
}

// CancelUpload ends an upload session and lets the server drop what it
// received.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Upload/operation/uploadResumableCancel
//
// DELETE /api/v1/videos/upload-resumable
func (s *VideosService) CancelUpload(ctx context.Context, session *UploadSession) error {
	if session == nil {
		return errors.New("peertube: CancelUpload needs a session")
	}
	return s.newUploaderFor(ctx, nil).cancel(ctx, session)
}
