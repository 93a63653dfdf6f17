package peertube

// This file is the engine of resumable uploads, which the client's upload
// methods drive. PeerTube speaks the protocol of node-uploadx
// (https://github.com/kukhariev/node-uploadx/blob/master/proto.md), as its
// API reference says of uploadResumableInit, uploadResumable and
// uploadResumableCancel:
//
//	POST   /api/v1/videos/upload-resumable   X-Upload-Content-Length, X-Upload-Content-Type, JSON metadata
//	       → 201 Created, Location: the session (often protocol-relative: //host/…?upload_id=…)
//	       → 200 OK when the same file was announced before: resume it
//	PUT    <Location>   Content-Range: bytes a-b/size, Content-Length, the bytes
//	       → 308 Resume Incomplete, Range: bytes=0-N (the server holds N+1 bytes)
//	       → 200 OK {"video": {"id", "uuid", "shortUUID"}} once it holds them all
//	       → 503 Service Unavailable, Retry-After, while the complete file is being processed
//	PUT    <Location>   Content-Range: bytes */size, no body → 308 with where the server is
//	DELETE <Location>   → 204
//
// The engine always goes on from the offset the server gives, never from
// its own count, and reads the file through an io.ReaderAt, one section
// per request, so that its memory does not grow with the file.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// uploadDefaultChunk is the chunk size when neither the caller nor the
	// server's limit (client.videos.resumableUpload.maxChunkSize in the
	// server config) says otherwise: 8 MiB. PeerTube's web client starts at
	// 1 MiB and grows its chunks while the connection holds; the API
	// reference says larger chunks are more efficient. 8 MiB keeps what a
	// cut connection costs small (at most one chunk is sent again) while
	// needing 128 requests per GiB.
	uploadDefaultChunk = 8 << 20

	// uploadDefaultRetries is how many failures in a row (cut connections,
	// 5xx, 503 while processing) an upload survives when no byte more
	// reaches the server between them.
	uploadDefaultRetries = 8

	// uploadMaxBody caps the bodies the engine reads: the final answer and
	// error bodies.
	uploadMaxBody = 1 << 20

	// uploadMaxRetryAfter caps how long a Retry-After makes the engine
	// wait. PeerTube asks for 300 s while it processes a complete file.
	uploadMaxRetryAfter = 15 * time.Minute

	// uploadVideosPath is the init route of a video upload, below the
	// server URL.
	uploadVideosPath = "api/v1/videos/upload-resumable"

	// uploadStall is how long a request may go without writing a byte of
	// its chunk, or wait for the answer to a chunk that is not the last or
	// to a status query, before it is abandoned (and the server asked
	// where it is).
	uploadStall = 2 * time.Minute

	// uploadFinalWait is how long the answer to the last chunk may take:
	// PeerTube makes the video (probes the file, moves it, writes the
	// database) before it answers.
	uploadFinalWait = 10 * time.Minute
)

// errUploadStalled ends a request that stalled.
var errUploadStalled = errors.New("the request stalled")

// ErrUploadSessionExpired matches, with [errors.Is], the error of an
// upload whose session the server no longer knows (an
// [*UploadSessionError]). PeerTube drops a session after an hour without
// a chunk, when it is cancelled, and (since 6.2) as soon as the complete
// file has become a video. Start a new upload, unless
// [UploadSessionError].AllSent says the video may already exist.
var ErrUploadSessionExpired = errors.New("peertube: upload session expired or unknown")

// UploadSessionError is the error of an upload whose session the server
// answers 404 Not Found or 410 Gone to. It matches
// [ErrUploadSessionExpired].
type UploadSessionError struct {
	// Location is the session's URL.
	Location string
	// StatusCode is the server's answer: 404 or 410.
	StatusCode int
	// AllSent is true when the server had received the whole file before
	// the session vanished: the answer to the last chunk was lost, or the
	// server said it was processing the file. Since 6.2 PeerTube deletes
	// the session once the video is made (earlier versions gave the video
	// again for 15 minutes), so the video most likely exists: look for it
	// before uploading the file again.
	AllSent bool
}

// Error says that the session is gone, and whether the file had been
// sent in full.
func (e *UploadSessionError) Error() string {
	if e.AllSent {
		return fmt.Sprintf("peertube: upload session %s is gone (%d) after the whole file was sent: the video may have been created", e.Location, e.StatusCode)
	}
	return fmt.Sprintf("peertube: upload session %s expired or unknown (%d)", e.Location, e.StatusCode)
}

// Is matches [ErrUploadSessionExpired].
func (e *UploadSessionError) Is(target error) bool { return target == ErrUploadSessionExpired }

// UploadSession is what an upload needs to go on after the process that
// started it has died: keep it (it marshals to JSON) and give it back
// with the same file. It holds no secret: the session's URL is of use
// only with the token of the account that started it.
type UploadSession struct {
	// Location is the session's URL on the server, with its upload_id.
	Location string `json:"location"`
	// Size is the size of the file in bytes.
	Size int64 `json:"size"`
	// ContentType is the media type the file was announced with.
	ContentType string `json:"contentType"`
	// ChunkSize is the size of the chunks the upload sends, in bytes.
	ChunkSize int64 `json:"chunkSize"`
	// Filename is the file's name as announced to the server, if any.
	Filename string `json:"filename,omitempty"`

	// fresh is true when the server answered the init with 201 Created:
	// it holds no byte yet, so the first chunk goes without asking it
	// where it is. A session read back from JSON is never fresh.
	fresh bool
}

// uploadResult is the server's answer to the last chunk: the new video.
// It is empty for the routes that answer 204 No Content (the replacement
// of a video's source).
type uploadResult struct {
	ID        int64  `json:"id"`
	UUID      string `json:"uuid"`
	ShortUUID string `json:"shortUUID"`
}

// uploader runs resumable uploads against one server. It is safe for
// concurrent use once set up: it keeps no state between calls.
type uploader struct {
	// hc sends the requests: it authenticates them and does not retry
	// them. It is a copy of the caller's client that does not follow
	// redirects, as 308 is the protocol's "go on" and not a redirect.
	hc *http.Client
	// base is the server's URL; the init route is resolved below it, and
	// a session's Location must be on the same origin (the token goes
	// with every request).
	base *url.URL
	// initPath is the init route below base; empty means a video upload.
	initPath string
	// chunk is the chunk size of new sessions, already capped by the
	// server's limit; zero means uploadDefaultChunk.
	chunk int64
	// progress, when set, is called after each chunk the server
	// acknowledges with the bytes it holds and the size of the file. The
	// values only grow and the last one is the file's size.
	progress func(sent, total int64)
	// maxRetries is how many failures in a row without progress an upload
	// survives; zero means uploadDefaultRetries, negative means none.
	maxRetries int
	// backoff is the wait before the n-th retry in a row (n ≥ 1); nil
	// means uploadBackoff.
	backoff func(n int) time.Duration
	// stall and finalWait bound each request (see uploadStall and
	// uploadFinalWait, their defaults when zero), as the client may have
	// no timeout: a whole upload can take hours.
	stall, finalWait time.Duration
	// now and sleep are the clock, for tests; nil means the real one.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	// errorFor makes the error of an answer the engine does not handle
	// (a 4xx, or a 5xx once the retries are spent); it may read the body.
	// Nil means an *uploadStatusError.
	errorFor func(resp *http.Response) error
}

// newUploader returns an uploader that sends its requests with a copy of
// hc (never modified) that leaves redirects to the engine.
func newUploader(hc *http.Client, base *url.URL) *uploader {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &uploader{hc: &c, base: base}
}

// start announces a file of size bytes and contentType with meta as its
// JSON metadata (name, channelId, filename, privacy…). It returns the
// session to send the file to and, when the server answers that this
// file is already a video, that video.
func (u *uploader) start(ctx context.Context, meta any, size int64, contentType string) (*UploadSession, *uploadResult, error) {
	if size <= 0 {
		return nil, nil, fmt.Errorf("peertube: upload of %d bytes: the file must not be empty", size)
	}
	if contentType == "" {
		return nil, nil, errors.New("peertube: upload needs the file's content type")
	}
	body, err := json.Marshal(meta)
	if err != nil {
		return nil, nil, fmt.Errorf("peertube: upload metadata: %w", err)
	}
	var named struct {
		Filename string `json:"filename"`
	}
	_ = json.Unmarshal(body, &named) // metadata that is not an object has no filename

	path := u.initPath
	if path == "" {
		path = uploadVideosPath
	}
	endpoint := u.base.JoinPath(path)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint.String(), bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("peertube: upload init: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Upload-Content-Length", strconv.FormatInt(size, 10))
	req.Header.Set("X-Upload-Content-Type", contentType)
	resp, err := u.hc.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("peertube: upload init: %w", err)
	}
	defer uploadDiscard(resp)

	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return nil, nil, u.fail(resp)
	}
	var done *uploadResult
	if resp.StatusCode == http.StatusOK {
		// "File already exists": the same file was announced before, so
		// this is its session. Some servers say which video it became.
		done, _ = uploadDecodeVideo(resp.Body)
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		if done != nil {
			return nil, done, nil
		}
		return nil, nil, fmt.Errorf("peertube: upload init answered %d without a Location", resp.StatusCode)
	}
	where, err := u.sessionURL(resp.Request.URL, loc)
	if err != nil {
		return nil, nil, err
	}
	s := &UploadSession{
		Location:    where.String(),
		Size:        size,
		ContentType: contentType,
		ChunkSize:   u.chunkSize(),
		Filename:    named.Filename,
		fresh:       resp.StatusCode == http.StatusCreated,
	}
	return s, done, nil
}

// send sends the file r (s.Size bytes) to the session s, from where the
// server is, and returns the video it became.
//
// A session from start sends its first chunk at once; any other (read
// back after a crash, or re-announced) first asks the server where it is.
// When a chunk fails (the connection is cut, a 5xx, a 409 because the
// server holds other bytes than expected) the engine waits, asks the
// server where it is and goes on from there: at most one chunk is sent
// again per failure. A 503 or 429 waits for its Retry-After. When the
// answer to the last chunk is lost, the engine asks the server, which
// answers with the video: the file is not sent twice. A session the
// server no longer knows ends with an [*UploadSessionError]. When ctx
// ends, the session is left as it is, to be resumed.
func (u *uploader) send(ctx context.Context, s *UploadSession, r io.ReaderAt) (*uploadResult, error) {
	if s == nil || r == nil {
		return nil, errors.New("peertube: upload needs a session and a file")
	}
	if s.Size <= 0 {
		return nil, fmt.Errorf("peertube: upload session of %d bytes", s.Size)
	}
	loc, err := u.sessionURL(u.base, s.Location)
	if err != nil {
		return nil, err
	}
	chunk := s.ChunkSize
	if chunk <= 0 {
		chunk = u.chunkSize()
	}

	off := int64(-1) // where the server is; -1 when it must be asked
	if s.fresh {
		off = 0
	}
	var (
		acked    int64 // what the progress callback was last told
		failures int   // failures in a row without progress
		allSent  bool  // the server may have the whole file: an answer to the last chunk was lost, or it said it was processing it
	)
	for {
		var a uploadAnswer
		final := false
		if off < 0 {
			a = u.put(ctx, loc, s.Size, r, -1, 0)
		} else {
			n := min(chunk, s.Size-off)
			final = off+n == s.Size
			a = u.put(ctx, loc, s.Size, r, off, n)
		}

		switch a.kind {
		case uploadDone:
			u.report(&acked, s.Size, s.Size)
			return a.video, nil

		case uploadAt:
			if a.offset > s.Size {
				return nil, fmt.Errorf("peertube: upload: the server holds %d bytes of a %d-byte file", a.offset, s.Size)
			}
			if a.offset > acked {
				failures = 0
			}
			u.report(&acked, a.offset, s.Size)
			allSent = false
			var stuck error
			switch {
			case a.offset == s.Size:
				stuck = errors.New("the server holds the whole file but does not complete the upload")
			case off >= 0 && a.offset <= off:
				stuck = fmt.Errorf("the server took none of the chunk at %d", off)
			}
			if stuck != nil {
				// Ask again after a while, within the retries.
				if err := u.again(ctx, &failures, stuck, 0); err != nil {
					return nil, err
				}
				off = -1
				continue
			}
			off = a.offset

		case uploadWait:
			allSent = allSent || a.processing
			if err := u.again(ctx, &failures, a.err, a.wait); err != nil {
				return nil, err
			}
			off = -1

		case uploadRetry:
			if ctx.Err() != nil {
				return nil, fmt.Errorf("peertube: upload: %w", ctx.Err())
			}
			allSent = allSent || (final && a.lost)
			if err := u.again(ctx, &failures, a.err, 0); err != nil {
				return nil, err
			}
			off = -1

		case uploadGone:
			return nil, &UploadSessionError{Location: s.Location, StatusCode: a.status, AllSent: allSent || acked == s.Size}

		default: // uploadFail
			return nil, a.err
		}
	}
}

// again counts a failure and waits before the next try: wait when the
// server said how long, the backoff otherwise. It returns the error to
// give up with once the retries are spent, or the context's.
func (u *uploader) again(ctx context.Context, failures *int, cause error, wait time.Duration) error {
	*failures++
	limit := u.maxRetries
	if limit == 0 {
		limit = uploadDefaultRetries
	}
	if *failures > limit {
		return fmt.Errorf("peertube: upload failed %d times in a row: %w", *failures, cause)
	}
	if wait <= 0 {
		backoff := u.backoff
		if backoff == nil {
			backoff = uploadBackoff
		}
		wait = backoff(*failures)
	}
	if err := u.wait(ctx, wait); err != nil {
		return fmt.Errorf("peertube: upload: %w", err)
	}
	return nil
}

// cancel deletes the session and what the server holds of the file. A
// session the server no longer knows counts as cancelled.
func (u *uploader) cancel(ctx context.Context, s *UploadSession) error {
	if s == nil {
		return errors.New("peertube: cancel needs an upload session")
	}
	loc, err := u.sessionURL(u.base, s.Location)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, loc.String(), http.NoBody)
	if err != nil {
		return fmt.Errorf("peertube: upload cancel: %w", err)
	}
	// The API reference asks for "Content-Length: 0", which net/http
	// writes on a DELETE only for an empty body in the identity encoding.
	req.TransferEncoding = []string{"identity"}
	resp, err := u.hc.Do(req)
	if err != nil {
		return fmt.Errorf("peertube: upload cancel: %w", err)
	}
	defer uploadDiscard(resp)
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK, http.StatusNotFound, http.StatusGone:
		return nil
	}
	return u.fail(resp)
}

// uploadAnswerKind sorts the answers to a PUT.
type uploadAnswerKind int

const (
	uploadFail  uploadAnswerKind = iota // give up with err
	uploadDone                          // the file is a video
	uploadAt                            // the server holds offset bytes
	uploadWait                          // wait (Retry-After), then ask where the server is
	uploadRetry                         // back off, then ask where the server is
	uploadGone                          // the session is unknown
)

// uploadAnswer is what a PUT came to.
type uploadAnswer struct {
	kind       uploadAnswerKind
	offset     int64
	video      *uploadResult
	wait       time.Duration
	status     int
	err        error
	lost       bool // no answer came back (or it broke off): the server may have taken the whole body
	processing bool // 503: the server holds the complete file and is making the video
}

// put sends the n bytes of r at off to the session at loc, or, with off
// < 0, asks the session where it is.
func (u *uploader) put(ctx context.Context, loc *url.URL, size int64, r io.ReaderAt, off, n int64) uploadAnswer {
	// The request ends when it stalls: no byte of the chunk written for
	// u.stall, or no answer in time after the last.
	stall := cmp.Or(u.stall, uploadStall)
	answer := stall
	if off >= 0 && off+n == size {
		answer = cmp.Or(u.finalWait, uploadFinalWait)
	}
	reqCtx, abandon := context.WithCancelCause(ctx)
	defer abandon(nil)
	watch := newUploadWatch(abandon, stall, answer, off >= 0)
	defer watch.stop()

	req, err := http.NewRequestWithContext(reqCtx, http.MethodPut, loc.String(), nil)
	if err != nil {
		return uploadAnswer{kind: uploadFail, err: fmt.Errorf("peertube: upload: %w", err)}
	}
	var file *uploadFileErr
	if off < 0 {
		req.Header.Set("Content-Range", "bytes */"+strconv.FormatInt(size, 10))
	} else {
		file = &uploadFileErr{}
		body := func() (io.ReadCloser, error) {
			return io.NopCloser(&uploadSection{sr: io.NewSectionReader(r, off, n), n: n, fail: file, watch: watch}), nil
		}
		req.Body, _ = body()
		req.GetBody = body
		req.ContentLength = n
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", off, off+n-1, size))
	}

	resp, err := u.hc.Do(req)
	if err != nil {
		if ferr := file.get(); ferr != nil {
			return uploadAnswer{kind: uploadFail, err: ferr}
		}
		if ctx.Err() == nil && errors.Is(context.Cause(reqCtx), errUploadStalled) {
			err = fmt.Errorf("%w: %w", errUploadStalled, err)
		}
		return uploadAnswer{kind: uploadRetry, err: err, lost: true}
	}
	defer uploadDiscard(resp)

	switch code := resp.StatusCode; code {
	case http.StatusPermanentRedirect: // "Resume Incomplete"
		at, err := uploadParseRange(resp.Header.Get("Range"))
		if err != nil {
			return uploadAnswer{kind: uploadFail, err: err}
		}
		return uploadAnswer{kind: uploadAt, offset: at}

	case http.StatusOK, http.StatusCreated:
		video, err := uploadDecodeVideo(resp.Body)
		if err != nil {
			var broken uploadBrokenBody
			if errors.As(err, &broken) {
				// The answer broke off: ask again.
				return uploadAnswer{kind: uploadRetry, err: err, lost: true}
			}
			return uploadAnswer{kind: uploadFail, err: err}
		}
		if video == nil {
			return uploadAnswer{kind: uploadFail, err: fmt.Errorf("peertube: upload complete, but the answer (%d) names no video", code)}
		}
		return uploadAnswer{kind: uploadDone, video: video}

	case http.StatusNoContent:
		return uploadAnswer{kind: uploadDone, video: &uploadResult{}}

	case http.StatusNotFound, http.StatusGone:
		return uploadAnswer{kind: uploadGone, status: code}

	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		wait, _ := u.retryAfter(resp.Header)
		return uploadAnswer{kind: uploadWait, wait: wait, err: u.fail(resp), processing: code == http.StatusServiceUnavailable}

	case http.StatusConflict, http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		// 409: the server holds other bytes than the chunk follows on;
		// 5xx: it or a proxy failed. Either way, ask it where it is. A
		// gateway timeout may hide a complete upload being processed.
		return uploadAnswer{kind: uploadRetry, err: u.fail(resp), lost: code == http.StatusGatewayTimeout}
	}
	return uploadAnswer{kind: uploadFail, err: u.fail(resp)}
}

// report tells the progress callback that the server holds sent bytes,
// if that is more than it was told before.
func (u *uploader) report(acked *int64, sent, total int64) {
	if sent <= *acked {
		return
	}
	*acked = sent
	if u.progress != nil {
		u.progress(sent, total)
	}
}

// chunkSize is the chunk size of new sessions.
func (u *uploader) chunkSize() int64 {
	if u.chunk > 0 {
		return u.chunk
	}
	return uploadDefaultChunk
}

// sessionURL resolves a session's Location against the URL it came from
// (it may be protocol-relative) and refuses one on another origin than the
// server's, as every request to it carries the account's token.
func (u *uploader) sessionURL(from *url.URL, location string) (*url.URL, error) {
	ref, err := url.Parse(location)
	if err != nil {
		return nil, fmt.Errorf("peertube: upload session URL: %w", err)
	}
	loc := from.ResolveReference(ref)
	loc.Fragment = ""
	if !uploadSameOrigin(loc, u.base) {
		return nil, fmt.Errorf("peertube: upload session %s is not on %s://%s: refused, as it would receive the token", loc.Redacted(), u.base.Scheme, u.base.Host)
	}
	return loc, nil
}

// uploadSameOrigin says whether a and b have the same scheme, host and
// port.
func uploadSameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if strings.EqualFold(u.Scheme, "https") {
			return "443"
		}
		return "80"
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped
// at uploadMaxRetryAfter.
func (u *uploader) retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		d = time.Duration(min(secs, int64(uploadMaxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		now := time.Now
		if u.now != nil {
			now = u.now
		}
		d = max(t.Sub(now()), 0)
	} else {
		return 0, false
	}
	return min(d, uploadMaxRetryAfter), true
}

// wait sleeps for d, or until ctx ends.
func (u *uploader) wait(ctx context.Context, d time.Duration) error {
	if u.sleep != nil {
		return u.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fail makes the error of an answer the engine does not handle.
func (u *uploader) fail(resp *http.Response) error {
	if u.errorFor != nil {
		return u.errorFor(resp)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, uploadMaxBody))
	return &uploadStatusError{method: resp.Request.Method, status: resp.StatusCode, body: body}
}

// uploadStatusError is an answer the engine does not handle, when no
// errorFor is set.
type uploadStatusError struct {
	method string
	status int
	body   []byte
}

func (e *uploadStatusError) Error() string {
	msg := http.StatusText(e.status)
	var problem struct {
		Detail string `json:"detail"`
		Error  string `json:"error"`
	}
	if json.Unmarshal(e.body, &problem) == nil {
		if problem.Detail != "" {
			msg = problem.Detail
		} else if problem.Error != "" {
			msg = problem.Error
		}
	}
	return fmt.Sprintf("peertube: upload %s: %d %s", e.method, e.status, msg)
}

// uploadBackoff waits 1 s before the first retry, doubling up to 32 s,
// each wait drawn between half and all of that.
func uploadBackoff(n int) time.Duration {
	d := time.Second << min(max(n-1, 0), 5)
	return d/2 + rand.N(d/2+1)
}

// uploadParseRange reads the Range of a 308 ("bytes=0-N") as the number
// of bytes the server holds. No Range means none; node-uploadx says
// "bytes=0--1" for none.
func uploadParseRange(v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	unit, spec, ok := strings.Cut(v, "=")
	first, last, ok2 := strings.Cut(spec, "-")
	if !ok || !ok2 || !strings.EqualFold(strings.TrimSpace(unit), "bytes") || strings.TrimSpace(first) != "0" {
		return 0, fmt.Errorf("peertube: upload: unexpected Range %q", v)
	}
	last = strings.TrimSpace(last)
	if last == "-1" {
		return 0, nil
	}
	n, err := strconv.ParseInt(last, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("peertube: upload: unexpected Range %q", v)
	}
	return n + 1, nil
}

// uploadBrokenBody is a final answer that broke off while being read.
type uploadBrokenBody struct{ err error }

func (e uploadBrokenBody) Error() string {
	return "the answer to the last chunk broke off: " + e.err.Error()
}
func (e uploadBrokenBody) Unwrap() error { return e.err }

// uploadDecodeVideo reads {"video": {…}} from a final answer. It returns
// nil when the body names no video.
func uploadDecodeVideo(body io.Reader) (*uploadResult, error) {
	data, err := io.ReadAll(io.LimitReader(body, uploadMaxBody))
	if err != nil {
		return nil, uploadBrokenBody{err}
	}
	var answer struct {
		Video *uploadResult `json:"video"`
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(data, &answer); err != nil {
		return nil, fmt.Errorf("peertube: upload: the final answer is not JSON: %w", err)
	}
	if v := answer.Video; v != nil && (v.ID != 0 || v.UUID != "") {
		return v, nil
	}
	return nil, nil
}

// uploadDiscard reads what is left of a small body, so the connection
// can be used again, and closes it.
func uploadDiscard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// uploadWatch abandons a request that stalls: it fires after stall
// without a byte of the body read, or after answer once the body is all
// read (or from the start, for a request without a body).
type uploadWatch struct {
	t             *time.Timer
	stall, answer time.Duration
}

func newUploadWatch(abandon context.CancelCauseFunc, stall, answer time.Duration, body bool) *uploadWatch {
	first := answer
	if body {
		first = stall
	}
	return &uploadWatch{
		t:      time.AfterFunc(first, func() { abandon(errUploadStalled) }),
		stall:  stall,
		answer: answer,
	}
}

// sent notes that bytes of the body went out; done when they all did.
func (w *uploadWatch) sent(done bool) {
	if done {
		w.t.Reset(w.answer)
	} else {
		w.t.Reset(w.stall)
	}
}

func (w *uploadWatch) stop() { w.t.Stop() }

// uploadSection is a chunk's body: a section of the file. It tells a
// failure to read the file (or a file shorter than announced) from a
// failure of the network, which the transport reports alike, and keeps
// the request's watch informed.
type uploadSection struct {
	sr    *io.SectionReader
	n     int64
	read  int64
	fail  *uploadFileErr
	watch *uploadWatch
}

func (s *uploadSection) Read(p []byte) (int, error) {
	n, err := s.sr.Read(p)
	s.read += int64(n)
	s.watch.sent(s.read == s.n)
	if err == io.EOF && s.read < s.n {
		err = fmt.Errorf("peertube: upload: the file is shorter than announced: %w", io.ErrUnexpectedEOF)
	}
	if err != nil && err != io.EOF {
		s.fail.set(fmt.Errorf("peertube: upload: reading the file: %w", err))
	}
	return n, err
}

// uploadFileErr holds the first error reading the file for one request;
// the transport reads the body on its own goroutine.
type uploadFileErr struct {
	mu  sync.Mutex
	err error
}

func (f *uploadFileErr) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

func (f *uploadFileErr) get() error {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}
