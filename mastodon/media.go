package mastodon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strconv"
	"strings"
	"time"
)

// MediaFile is a file to upload: an attachment or its thumbnail.
type MediaFile struct {
	// Reader gives the file's content. It is read to its end before the
	// request is sent, and not closed.
	Reader io.Reader
	// Name is the file name sent with the content, such as "cat.jpg".
	// Empty means "upload" with the extension of ContentType.
	Name string
	// ContentType is the file's MIME type, such as "image/jpeg". Empty
	// means the type of Name's extension, or failing that the type
	// [http.DetectContentType] finds in the first 512 bytes.
	ContentType string
}

// MediaUploadOptions are the optional parts of an upload with
// [MediaService.Upload].
type MediaUploadOptions struct {
	// Thumbnail is a picture to show instead of the generated preview,
	// for audio and video files.
	Thumbnail *MediaFile
	// Description is the alternative text: what the media shows, for
	// those who cannot see or hear it. The instance's
	// configuration.media_attachments.description_limit caps its length.
	Description string
	// Focus is the focal point to crop previews around; nil leaves the
	// server's default, the centre.
	Focus *Focus
}

// Upload uploads a file to attach to a status (pass its ID in
// [NewStatus].MediaIDs). Pictures are usually processed at once: the
// answer is 200 OK with the attachment complete. Larger files, video and
// audio, are processed in the background: the answer is 202 Accepted,
// the attachment's URL is still empty (its preview may be there), and
// [MediaService.WaitProcessed] waits for the end of processing. A status
// may take an attachment only once it is processed.
//
// The file is read into memory before the request is sent. A server
// without this endpoint (before Mastodon 3.1.3) gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/media/#v2
//
// POST /api/v2/media
func (s *MediaService) Upload(ctx context.Context, file *MediaFile, opts *MediaUploadOptions) (*MediaAttachment, *Response, error) {
	if file == nil || file.Reader == nil {
		return nil, nil, errors.New("mastodon: Upload needs a file")
	}
	if opts == nil {
		opts = &MediaUploadOptions{}
	}
	body, contentType, err := mediaForm(file, opts.Thumbnail, opts.Description, false, opts.Focus)
	if err != nil {
		return nil, nil, err
	}
	req, err := s.client.NewRequest(ctx, "POST", "api/v2/media", body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	a := new(MediaAttachment)
	resp, err := s.client.Do(req, a)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "POST /api/v2/media", true)
	}
	return a, resp, nil
}

// mediaPath returns "api/v1/media/{id}".
func mediaPath(id ID) (string, error) {
	seg, err := segment("media id", string(id))
	if err != nil {
		return "", err
	}
	return "api/v1/media/" + seg, nil
}

// Get returns an attachment that is not yet attached to a status. While
// the server still processes the file it answers 206 Partial Content:
// resp.StatusCode is then [http.StatusPartialContent] and the
// attachment's URL is empty. Both answers are a success; 200 means the
// processing is done. A failed processing is an error (422, matching
// [ErrUnprocessable]).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/media/#get
//
// GET /api/v1/media/:id
func (s *MediaService) Get(ctx context.Context, id ID) (*MediaAttachment, *Response, error) {
	a, resp, _, err := s.fetch(ctx, id)
	return a, resp, err
}

// fetch is Get, and says whether the processing is done.
func (s *MediaService) fetch(ctx context.Context, id ID) (*MediaAttachment, *Response, bool, error) {
	p, err := mediaPath(id)
	if err != nil {
		return nil, nil, false, err
	}
	req, err := s.client.NewRequest(ctx, "GET", p, nil)
	if err != nil {
		return nil, nil, false, err
	}
	var buf bytes.Buffer
	resp, err := s.client.Do(req, &buf)
	if err != nil {
		return nil, resp, false, err
	}
	done := resp.StatusCode != http.StatusPartialContent
	a := &MediaAttachment{ID: id}
	// A 206 may come without a body.
	if len(bytes.TrimSpace(buf.Bytes())) > 0 || done {
		if err := json.Unmarshal(buf.Bytes(), a); err != nil {
			return nil, resp, false, fmt.Errorf("mastodon: GET %s: decoding the answer: %w", req.URL.Path, err)
		}
	}
	return a, resp, done, nil
}

// Defaults of [MediaWaitOptions].
const (
	// DefaultMediaPollInterval is the first wait between two polls of
	// [MediaService.WaitProcessed].
	DefaultMediaPollInterval = time.Second
	// DefaultMaxMediaPollInterval is the longest wait between two polls:
	// the wait doubles after each poll up to it.
	DefaultMaxMediaPollInterval = 5 * time.Second
)

// MediaWaitOptions are the options of [MediaService.WaitProcessed]. A
// nil *MediaWaitOptions, and the zero value of each field, mean the
// defaults.
type MediaWaitOptions struct {
	// PollInterval is the wait after the first poll. Default
	// [DefaultMediaPollInterval].
	PollInterval time.Duration
	// MaxPollInterval caps the wait, which doubles after each poll.
	// Default [DefaultMaxMediaPollInterval], or PollInterval if that is
	// longer.
	MaxPollInterval time.Duration
	// Timeout limits the whole wait. Zero means no limit but the
	// context's.
	Timeout time.Duration
}

// MediaTimeoutError reports an attachment that was still being processed
// when [MediaService.WaitProcessed] stopped waiting, at its Timeout or at
// the context's deadline. It matches [context.DeadlineExceeded].
type MediaTimeoutError struct {
	// ID is the attachment's ID.
	ID ID
	// Polls is how many answers said that the attachment was still
	// being processed.
	Polls int
	// Waited is how long the wait lasted.
	Waited time.Duration
	// Last is the latest answer, still without a URL, or nil.
	Last *MediaAttachment
	// Err is the context's error, [context.DeadlineExceeded].
	Err error
}

// Error says which attachment was not ready, after how long.
func (e *MediaTimeoutError) Error() string {
	return fmt.Sprintf("mastodon: media %s was still processing after %d polls and %s: %v",
		e.ID, e.Polls, e.Waited.Round(time.Millisecond), e.Err)
}

// Unwrap returns the context's error.
func (e *MediaTimeoutError) Unwrap() error { return e.Err }

// WaitProcessed polls an attachment with [MediaService.Get] until the
// server has processed it (a 200 answer), and returns it then. It asks at
// once, then after PollInterval, then after waits that double up to
// MaxPollInterval. If the Timeout or the context's deadline passes first,
// the error is a [*MediaTimeoutError]; if the context is cancelled, the
// error matches [context.Canceled]. A failed processing ends the wait
// with the server's error (422, matching [ErrUnprocessable]).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/media/#get
func (s *MediaService) WaitProcessed(ctx context.Context, id ID, opts *MediaWaitOptions) (*MediaAttachment, *Response, error) {
	if _, err := mediaPath(id); err != nil {
		return nil, nil, err
	}
	var o MediaWaitOptions
	if opts != nil {
		o = *opts
	}
	wait := o.PollInterval
	if wait <= 0 {
		wait = DefaultMediaPollInterval
	}
	maxWait := o.MaxPollInterval
	if maxWait <= 0 {
		maxWait = DefaultMaxMediaPollInterval
	}
	maxWait = max(maxWait, wait)
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	start := time.Now()
	var last *MediaAttachment
	var lastResp *Response
	stopped := func(polls int) error {
		err := ctx.Err()
		if errors.Is(err, context.DeadlineExceeded) {
			return &MediaTimeoutError{ID: id, Polls: polls, Waited: time.Since(start), Last: last, Err: err}
		}
		return fmt.Errorf("mastodon: waiting for media %s: %w", id, err)
	}
	for polls := 1; ; polls++ {
		a, resp, done, err := s.fetch(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				// The request was cut short by the end of the wait.
				return nil, resp, stopped(polls - 1)
			}
			return nil, resp, err
		}
		if done {
			return a, resp, nil
		}
		last, lastResp = a, resp
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, lastResp, stopped(polls)
		case <-t.C:
		}
		wait = min(wait*2, maxWait)
	}
}

// Delete deletes an attachment that no status carries (Mastodon 4.4).
// Older servers give a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/media/#delete
//
// DELETE /api/v1/media/:id
func (s *MediaService) Delete(ctx context.Context, id ID) (*Response, error) {
	p, err := mediaPath(id)
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, "DELETE", p, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Do(req, nil)
	return resp, unsupportedEndpoint(err, "DELETE /api/v1/media/:id", false)
}

// MediaUpdateOptions are the changes [MediaService.Update] makes; nil
// fields are left as they are.
type MediaUpdateOptions struct {
	// Description replaces the alternative text; a pointer to "" removes
	// it.
	Description *string
	// Focus moves the focal point.
	Focus *Focus
	// Thumbnail replaces the preview picture of an audio or video file.
	Thumbnail *MediaFile
}

// Update changes the description, focal point or thumbnail of an
// attachment that is not yet attached to a status (use
// [StatusesService.Edit] with MediaAttributes for one that is). The
// request is JSON, or multipart/form-data when it carries a thumbnail.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/media/#update
//
// PUT /api/v1/media/:id
func (s *MediaService) Update(ctx context.Context, id ID, opts *MediaUpdateOptions) (*MediaAttachment, *Response, error) {
	if opts == nil || (opts.Description == nil && opts.Focus == nil && opts.Thumbnail == nil) {
		return nil, nil, errors.New("mastodon: Update needs a description, a focus or a thumbnail")
	}
	p, err := mediaPath(id)
	if err != nil {
		return nil, nil, err
	}
	if opts.Thumbnail == nil {
		var body struct {
			Description *string `json:"description,omitempty"`
			Focus       string  `json:"focus,omitempty"`
		}
		body.Description = opts.Description
		if opts.Focus != nil {
			if body.Focus, err = focusValue(opts.Focus); err != nil {
				return nil, nil, err
			}
		}
		return send[MediaAttachment](ctx, s.client, "PUT", p, &body)
	}
	if opts.Thumbnail.Reader == nil {
		return nil, nil, errors.New("mastodon: the thumbnail has no Reader")
	}
	desc := ""
	if opts.Description != nil {
		desc = *opts.Description
	}
	body, contentType, err := mediaForm(nil, opts.Thumbnail, desc, opts.Description != nil, opts.Focus)
	if err != nil {
		return nil, nil, err
	}
	req, err := s.client.NewRequest(ctx, "PUT", p, body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	a := new(MediaAttachment)
	resp, err := s.client.Do(req, a)
	if err != nil {
		return nil, resp, err
	}
	return a, resp, nil
}

// mediaForm writes a multipart/form-data body of the file (if not nil),
// thumbnail (if not nil), description (if not empty, or if keepEmpty)
// and focus (if not nil), and returns it with its Content-Type.
func mediaForm(file, thumbnail *MediaFile, description string, keepEmpty bool, focus *Focus) (*bytes.Reader, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if file != nil {
		if err := writeMediaPart(mw, "file", file); err != nil {
			return nil, "", err
		}
	}
	if thumbnail != nil {
		if thumbnail.Reader == nil {
			return nil, "", errors.New("mastodon: the thumbnail has no Reader")
		}
		if err := writeMediaPart(mw, "thumbnail", thumbnail); err != nil {
			return nil, "", err
		}
	}
	if description != "" || keepEmpty {
		if err := mw.WriteField("description", description); err != nil {
			return nil, "", fmt.Errorf("mastodon: writing the form: %w", err)
		}
	}
	if focus != nil {
		v, err := focusValue(focus)
		if err != nil {
			return nil, "", err
		}
		if err := mw.WriteField("focus", v); err != nil {
			return nil, "", fmt.Errorf("mastodon: writing the form: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", fmt.Errorf("mastodon: writing the form: %w", err)
	}
	return bytes.NewReader(buf.Bytes()), mw.FormDataContentType(), nil
}

// writeMediaPart writes a file part named field, with its file name and
// MIME type.
func writeMediaPart(mw *multipart.Writer, field string, f *MediaFile) error {
	br := bufio.NewReaderSize(f.Reader, 512)
	ct := f.ContentType
	if ct == "" && f.Name != "" {
		ct = mime.TypeByExtension(path.Ext(f.Name))
	}
	if ct == "" {
		head, err := br.Peek(512)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return fmt.Errorf("mastodon: reading the %s: %w", field, err)
		}
		ct = http.DetectContentType(head)
	}
	name := f.Name
	if name == "" {
		name = "upload"
		if exts, _ := mime.ExtensionsByType(ct); len(exts) > 0 {
			name += exts[0]
		}
	}
	// The file name is escaped as mime/multipart does.
	escape := strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename="%s"`, field, escape.Replace(name)))
	h.Set("Content-Type", ct)
	w, err := mw.CreatePart(h)
	if err != nil {
		return fmt.Errorf("mastodon: writing the form: %w", err)
	}
	if _, err := io.Copy(w, br); err != nil {
		return fmt.Errorf("mastodon: reading the %s: %w", field, err)
	}
	return nil
}

// focusValue writes a focal point as the API takes it: "x,y".
func focusValue(f *Focus) (string, error) {
	for _, v := range []float64{f.X, f.Y} {
		if math.IsNaN(v) || v < -1 || v > 1 {
			return "", fmt.Errorf("mastodon: a focal point runs from -1 to 1, not (%g, %g)", f.X, f.Y)
		}
	}
	return strconv.FormatFloat(f.X, 'f', -1, 64) + "," + strconv.FormatFloat(f.Y, 'f', -1, 64), nil
}
