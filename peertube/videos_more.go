package peertube

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// This file holds the operations of the API's Video tag that videos.go
// and uploads.go leave out, and the multipart helpers that the captions,
// imports and studio files share.

// FilePart is a file sent as one part of a multipart form: a caption, a
// torrent, the intro or watermark of a studio task.
type FilePart struct {
	// Name is the file's name. The server checks its extension, and it
	// gives the content type when ContentType is empty.
	Name string
	// Content is the file. Small files (captions, torrents) are read in
	// full before the request is sent, so that a retry can send them
	// again; media files are streamed.
	Content io.Reader
	// ContentType is the file's media type, such as "text/vtt". Default:
	// from Name's extension, else "application/octet-stream".
	ContentType string
}

// partType is the media type of a file name: that of the extensions the
// API takes files of, so that it does not depend on the machine's
// mime.types, then the system's, else application/octet-stream.
func partType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".vtt":
		return "text/vtt"
	case ".srt":
		return "application/x-subrip"
	case ".torrent":
		return "application/x-bittorrent"
	case ".mp4", ".m4v":
		return "video/mp4"
	case ".webm":
		return "video/webm"
	case ".ogv":
		return "video/ogg"
	case ".mkv":
		return "video/x-matroska"
	case ".mov":
		return "video/quicktime"
	case ".avi":
		return "video/x-msvideo"
	case ".flv":
		return "video/x-flv"
	case ".mp3":
		return "audio/mpeg"
	case ".ogg":
		return "audio/ogg"
	case ".flac":
		return "audio/flac"
	case ".wav":
		return "audio/wav"
	case ".m4a":
		return "audio/mp4"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// writeFilePart adds f to the form as the file field.
func writeFilePart(w *multipart.Writer, field string, f *FilePart) error {
	if f == nil || f.Content == nil {
		return fmt.Errorf("%s has no content", field)
	}
	if f.Name == "" {
		return fmt.Errorf("%s has no file name", field)
	}
	ct := f.ContentType
	if ct == "" {
		ct = partType(f.Name)
	}
	return writePart(w, field, f.Name, ct, f.Content)
}

// writePart adds a file field to the form.
func writePart(w *multipart.Writer, field, name, contentType string, content io.Reader) error {
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+escapeQuotes(field)+`"; filename="`+escapeQuotes(name)+`"`)
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, content); err != nil {
		return fmt.Errorf("reading %s: %w", field, err)
	}
	return nil
}

// bufferForm writes a multipart form in memory: for small forms, which
// the client may then send again.
func bufferForm(write func(*multipart.Writer) error) (*bytes.Buffer, string, error) {
	buf := new(bytes.Buffer)
	w := multipart.NewWriter(buf)
	err := write(w)
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, "", fmt.Errorf("peertube: encoding the form: %w", err)
	}
	return buf, w.FormDataContentType(), nil
}

// sendForm sends a multipart form that write streams, for forms that
// carry media files: the files are not held in memory, the request is
// sent once (never retried) and it has no timeout of its own, as the
// upload of a large file may take long; ctx bounds it. The answer is
// decoded into v, as Do does.
func (c *Client) sendForm(ctx context.Context, method, path string, write func(*multipart.Writer) error, v any) (*Response, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, err := c.NewRequest(ctx, method, path, pr)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	done := make(chan error, 1)
	go func() {
		err := write(mw)
		if err == nil {
			err = mw.Close()
		}
		_ = pw.CloseWithError(err)
		done <- err
	}()
	resp, err := c.send(c.noRetry, req, v)
	// The server may answer before it has read the whole form: stop the
	// writer, and wait for it so that it no longer reads the caller's
	// files once this returns.
	_ = pr.CloseWithError(errFormAbandoned)
	werr := <-done
	if werr != nil && !errors.Is(werr, errFormAbandoned) && !errors.Is(werr, io.ErrClosedPipe) {
		// Reading a file failed: that, not the broken request, is the
		// cause.
		return resp, fmt.Errorf("peertube: %s %s: encoding the form: %w", method, req.URL.Path, werr)
	}
	return resp, err
}

// errFormAbandoned stops the writer of a form whose request has ended.
var errFormAbandoned = errors.New("peertube: the request ended before the form was sent")

// writeFields writes the metadata of v as form fields, as the multipart
// routes (legacy upload, import) take them: arrays as name[0], name[1]…,
// objects as name[key]. It follows v's JSON encoding, so that the form
// and the resumable upload's JSON always carry the same fields; the
// filename field, which the resumable upload alone needs, is left out.
func (v *NewVideo) writeFields(w *multipart.Writer) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var fields map[string]any
	if err := dec.Decode(&fields); err != nil {
		return err
	}
	delete(fields, "filename")
	if fields["name"] == "" {
		// An import may leave the name to the source; an empty one would
		// be refused.
		delete(fields, "name")
	}
	return writeFormValue(w, "", fields)
}

// writeFormValue writes a decoded JSON value as fields named after name.
func writeFormValue(w *multipart.Writer, name string, v any) error {
	switch x := v.(type) {
	case nil:
		return nil
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			sub := k
			if name != "" {
				sub = name + "[" + k + "]"
			}
			if err := writeFormValue(w, sub, x[k]); err != nil {
				return err
			}
		}
		return nil
	case []any:
		for i, e := range x {
			if err := writeFormValue(w, fmt.Sprintf("%s[%d]", name, i), e); err != nil {
				return err
			}
		}
		return nil
	case string:
		return w.WriteField(name, x)
	case json.Number:
		return w.WriteField(name, x.String())
	case bool:
		return w.WriteField(name, fmt.Sprint(x))
	}
	return fmt.Errorf("field %s: unexpected %T", name, v)
}

// UploadLegacyOptions are the options of [VideosService.UploadLegacy].
type UploadLegacyOptions struct {
	// ContentType is the file's media type, such as "video/mp4". Empty
	// means the type of the file name's extension, else
	// "application/octet-stream".
	ContentType string
	// Thumbnail and Preview are the video's images; the server makes
	// them from the video when they are nil.
	Thumbnail, Preview *ImageFile
}

// UploadLegacy uploads a small video in a single request: video's
// metadata and the file, streamed as a multipart form. name is the file's
// name, whose extension the server checks; empty means video.Filename.
//
// The request is sent once and has no timeout but ctx, and a connection
// cut midway loses all that was sent: for anything but small files, use
// [VideosService.Upload], which resumes. A file above the server's or its
// proxy's limit, or above the user's quota, is refused with 413
// ([ErrTooLarge]).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Upload/operation/uploadLegacy
//
// POST /api/v1/videos/upload
func (s *VideosService) UploadLegacy(ctx context.Context, video *NewVideo, file io.Reader, name string, opts *UploadLegacyOptions) (*UploadedVideo, *Response, error) {
	if video == nil || video.Name == "" || video.ChannelID == 0 {
		return nil, nil, errors.New("peertube: an upload needs the video's name and channel")
	}
	if file == nil {
		return nil, nil, errors.New("peertube: an upload needs the video's file")
	}
	if name == "" {
		name = video.Filename
	}
	if name == "" {
		return nil, nil, errors.New("peertube: an upload needs the file's name")
	}
	if opts == nil {
		opts = &UploadLegacyOptions{}
	}
	ct := opts.ContentType
	if ct == "" {
		ct = partType(filepath.Base(name))
	}
	write := func(w *multipart.Writer) error {
		if err := video.writeFields(w); err != nil {
			return err
		}
		if err := writeVideoImages(w, opts.Thumbnail, opts.Preview); err != nil {
			return err
		}
		return writePart(w, "videofile", name, ct, file)
	}
	var answer struct {
		Video *UploadedVideo `json:"video"`
	}
	resp, err := s.client.sendForm(ctx, http.MethodPost, "api/v1/videos/upload", write, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.Video == nil {
		return nil, resp, fmt.Errorf("peertube: POST %s: the answer names no video", resp.Request.URL.Path)
	}
	return answer.Video, resp, nil
}

// writeVideoImages adds the thumbnail and preview, those that are set.
func writeVideoImages(w *multipart.Writer, thumbnail, preview *ImageFile) error {
	if thumbnail != nil {
		if err := writeImage(w, "thumbnailfile", thumbnail); err != nil {
			return err
		}
	}
	if preview != nil {
		return writeImage(w, "previewfile", preview)
	}
	return nil
}

// newReplaceUploaderFor is newUploaderFor with the init route of the
// replacement of video id's source.
func (s *VideosService) newReplaceUploaderFor(ctx context.Context, id string, opts *UploadOptions) (*uploader, error) {
	p, err := videoPath(id, "source", "replace-resumable")
	if err != nil {
		return nil, err
	}
	u := s.newUploaderFor(ctx, opts)
	u.initPath = p
	return u, nil
}

// StartReplaceSource announces a new source file of size bytes for a
// video (PeerTube 6.0 and later, when the server allows replacements)
// and returns its upload session, to keep and pass to
// [VideosService.ResumeReplaceSource] with the file, as for
// [VideosService.StartUpload]. filename is the file's name, whose
// extension gives its media type unless opts says it.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Upload/operation/replaceVideoSourceResumableInit
//
// POST /api/v1/videos/{id}/source/replace-resumable
func (s *VideosService) StartReplaceSource(ctx context.Context, id, filename string, size int64, opts *UploadOptions) (*UploadSession, error) {
	if filename == "" {
		return nil, errors.New("peertube: replacing a source needs the file's name")
	}
	ct := ""
	if opts != nil {
		ct = opts.ContentType
	}
	if ct == "" {
		if t := partType(filepath.Base(filename)); t != "application/octet-stream" {
			ct = t
		}
	}
	if ct == "" {
		return nil, fmt.Errorf("peertube: the media type of %q is unknown: set UploadOptions.ContentType", filename)
	}
	u, err := s.newReplaceUploaderFor(ctx, id, opts)
	if err != nil {
		return nil, err
	}
	session, _, err := u.start(ctx, map[string]string{"filename": filename}, size, ct)
	if err != nil {
		return nil, err
	}
	if session == nil {
		return nil, errors.New("peertube: the server gave no session for the replacement")
	}
	return session, nil
}

// ResumeReplaceSource sends the new source file of a session from
// [VideosService.StartReplaceSource], from where the server says it
// stopped, with the resilience of [VideosService.ResumeUpload]. Once the
// server has the whole file it transcodes the video again.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Upload/operation/replaceVideoSourceResumable
//
// PUT /api/v1/videos/{id}/source/replace-resumable
func (s *VideosService) ResumeReplaceSource(ctx context.Context, session *UploadSession, file io.ReaderAt, opts *UploadOptions) error {
	if session == nil {
		return errors.New("peertube: ResumeReplaceSource needs a session")
	}
	_, err := s.newUploaderFor(ctx, opts).send(ctx, session, file)
	return err
}

// ReplaceSource replaces the file a video was made from (PeerTube 6.0
// and later, when the server allows it) with the resumable protocol:
// StartReplaceSource, then ResumeReplaceSource. filename is the new
// file's name. The session is returned whenever there is one, also with
// an error, so that the caller can keep it and resume later.
func (s *VideosService) ReplaceSource(ctx context.Context, id, filename string, file io.ReaderAt, size int64, opts *UploadOptions) (*UploadSession, error) {
	session, err := s.StartReplaceSource(ctx, id, filename, size, opts)
	if err != nil {
		return nil, err
	}
	return session, s.ResumeReplaceSource(ctx, session, file, opts)
}

// CancelReplaceSource ends a replacement's upload session and lets the
// server drop what it received; the video keeps its source.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Upload/operation/replaceVideoSourceResumableCancel
//
// DELETE /api/v1/videos/{id}/source/replace-resumable
func (s *VideosService) CancelReplaceSource(ctx context.Context, session *UploadSession) error {
	if session == nil {
		return errors.New("peertube: CancelReplaceSource needs a session")
	}
	return s.newUploaderFor(ctx, nil).cancel(ctx, session)
}

// DeleteSourceFile deletes the file a video was made from, which the
// server keeps when its configuration says so; the video itself stays.
// It needs the right to manage video files (administrators and
// moderators).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/deleteVideoSourceFile
//
// DELETE /api/v1/videos/{id}/source/file
func (s *VideosService) DeleteSourceFile(ctx context.Context, id string) (*Response, error) {
	p, err := videoPath(id, "source", "file")
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// VideoToken is a short-lived token that opens a video's files to
// whoever holds it: for a private, internal or password-protected video,
// add it to a file's URL as the videoFileToken query parameter.
type VideoToken struct {
	Files VideoFileToken `json:"files"`
}

// VideoFileToken is the token of a video's files and its expiry.
type VideoFileToken struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
}

// Token asks for a token that opens a video's files to a player or a
// download tool that does not have the user's token. A
// password-protected video needs its password in opts.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/requestVideoToken
//
// POST /api/v1/videos/{id}/token
func (s *VideosService) Token(ctx context.Context, id string, opts *VideoAccessOptions) (*VideoToken, *Response, error) {
	p, err := videoPath(id, "token")
	if err != nil {
		return nil, nil, err
	}
	req, err := s.client.NewRequest(ctx, http.MethodPost, p, nil)
	if err != nil {
		return nil, nil, err
	}
	opts.setPassword(req)
	t := new(VideoToken)
	resp, err := s.client.Do(req, t)
	if err != nil {
		return nil, resp, err
	}
	return t, resp, nil
}

// Categories returns the video categories the server knows, by id, with
// their labels (in English: the web client translates them).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getCategories
//
// GET /api/v1/videos/categories
func (s *VideosService) Categories(ctx context.Context) (map[int]string, *Response, error) {
	return getConstants[int](ctx, s.client, "api/v1/videos/categories")
}

// Licences returns the video licences the server knows, by id, with
// their labels.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getLicences
//
// GET /api/v1/videos/licences
func (s *VideosService) Licences(ctx context.Context) (map[int]string, *Response, error) {
	return getConstants[int](ctx, s.client, "api/v1/videos/licences")
}

// Languages returns the video languages the server knows, by code
// ("en", "fr"…), with their names.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getLanguages
//
// GET /api/v1/videos/languages
func (s *VideosService) Languages(ctx context.Context) (map[string]string, *Response, error) {
	return getConstants[string](ctx, s.client, "api/v1/videos/languages")
}

// Privacies returns the privacies of videos the server knows, with their
// labels.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/getVideoPrivacyPolicies
//
// GET /api/v1/videos/privacies
func (s *VideosService) Privacies(ctx context.Context) (map[Privacy]string, *Response, error) {
	return getConstants[Privacy](ctx, s.client, "api/v1/videos/privacies")
}

// getConstants reads one of the server's enumerations. PeerTube answers
// with an object from ids to labels ({"1": "Music", …}), although its
// API reference announces an array of strings.
func getConstants[K comparable](ctx context.Context, c *Client, path string) (map[K]string, *Response, error) {
	m, resp, err := get[map[K]string](ctx, c, path, nil)
	if err != nil {
		return nil, resp, err
	}
	return *m, resp, nil
}

// Storyboard is a sprite of thumbnails of a video, taken at regular
// intervals, that players show above the progress bar (PeerTube 6.0 and
// later).
type Storyboard struct {
	// StoryboardPath is the image's path on the server; FileURL is its
	// absolute URL, on servers that send it.
	StoryboardPath string `json:"storyboardPath"`
	FileURL        string `json:"fileUrl"`
	// TotalWidth and TotalHeight are the size of the image, in pixels.
	TotalWidth  int `json:"totalWidth"`
	TotalHeight int `json:"totalHeight"`
	// SpriteWidth and SpriteHeight are the size of one thumbnail.
	SpriteWidth  int `json:"spriteWidth"`
	SpriteHeight int `json:"spriteHeight"`
	// SpriteDuration is the time between two thumbnails, in seconds.
	SpriteDuration int `json:"spriteDuration"`
}

// Storyboards returns the storyboards of a video: none while the server
// has not made them, or when it does not. A password-protected video
// needs its password in opts.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/operation/listVideoStoryboards
//
// GET /api/v1/videos/{id}/storyboards
func (s *VideosService) Storyboards(ctx context.Context, id string, opts *VideoAccessOptions) ([]*Storyboard, *Response, error) {
	p, err := videoPath(id, "storyboards")
	if err != nil {
		return nil, nil, err
	}
	answer, resp, err := getVideo[struct {
		Storyboards []*Storyboard `json:"storyboards"`
	}](ctx, s.client, p, opts)
	if err != nil {
		return nil, resp, err
	}
	return answer.Storyboards, resp, nil
}

// SetWatching records where the token's user is in a video, in their
// history.
//
// Deprecated: PeerTube deprecated the route; use [VideosService.AddView],
// which also records the position for a logged-in user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video/paths/~1api~1v1~1videos~1%7Bid%7D~1watching/put
//
// PUT /api/v1/videos/{id}/watching
func (s *VideosService) SetWatching(ctx context.Context, id string, view *VideoView) (*Response, error) {
	p, err := videoPath(id, "watching")
	if err != nil {
		return nil, err
	}
	if view == nil {
		view = &VideoView{}
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, p, view)
	return resp, err
}
