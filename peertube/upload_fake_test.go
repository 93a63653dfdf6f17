package peertube

// An in-process PeerTube, as far as resumable uploads go. It follows what
// PeerTube does on top of node-uploadx (server/core/lib/uploadx.ts, the
// upload controller and its validators; node-uploadx's handlers/uploadx.ts
// and storages/disk-storage.ts):
//
//   - a session's upload_id comes from the user, the metadata's name, the
//     size and the metadata's lastModified; without lastModified it is new
//     each time. Announcing the same file again gives the same session:
//     201 while the server holds no byte of it, 200 ("resume it") with a
//     Range once it holds some.
//   - Location is protocol-relative (//host/path?upload_id=…), as
//     node-uploadx builds it from the request.
//   - a chunk answers 308 with Range: bytes=0-N; with no byte held there
//     is no Range (zeroRange changes that: node-uploadx itself says
//     "bytes=0--1").
//   - "bytes */size" with no body asks where the session is.
//   - a malformed Content-Range or a Content-Length that does not match it
//     is refused 400; a chunk that does not start where the session is, or
//     that goes past the size, 409 ("chunk doesn't match range" in the API
//     reference). node-uploadx itself refuses only a chunk past the size
//     and writes any other where its Content-Range says: refusing one that
//     does not follow on is stricter, so that a client that does not go on
//     from the server's Range fails here.
//   - the bytes of a cut request stay (node-uploadx keeps a partial write
//     when no checksum is sent); dropPartial forgets them instead.
//   - the request that completes the file makes the video and answers 200
//     {"video": {id, uuid, shortUUID}}. Requests that arrive while the
//     video is being made (busy) get 503 with Retry-After: 300. Later ones
//     get the video again (PeerTube up to 6.1, which kept the answer 15
//     minutes) or, with forgetCompleted, 404 (6.2 and later, which delete
//     the session).
//   - DELETE forgets a session (204); unknown or expired sessions are 404.
//
// Faults: cut drops the connection after the server has read some bytes
// of a chunk, hold stalls it there (no more reading, no answer),
// onComplete replaces the answer to the completing request
// (0 drops the connection: the answer is lost), expire ends a session.
// Every request is logged with the bytes the server read of it.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	fakeUploadToken  = "fake-upload-token"
	fakeUploadPrefix = "/tube" // the server is mounted below a path, so a wrong absolute URL fails
)

// fakeUploadServer is the fake. Set its knobs before the upload starts.
type fakeUploadServer struct {
	srv *httptest.Server

	// Knobs.
	zeroRange       string                            // Range of a 308 when no byte is held; "" sends none
	dropPartial     bool                              // forget the bytes of a cut request
	forgetCompleted bool                              // delete a session once its video is made (PeerTube ≥ 6.2)
	busy            int                               // 503s to requests that come while the video is being made
	retryAfter      string                            // Retry-After of those 503s
	onComplete      int                               // answer to the completing request: 0 means 200; -1 drops the connection
	discard         bool                              // keep no byte, only counts (for the benchmark)
	acceptAtMost    int64                             // keep at most this many bytes of each chunk (0: all, <0: none)
	cut             func(start, n int64) (keep int64) // bytes to read of a chunk before dropping the connection; -1: none
	hold            func(start, n int64) (keep int64) // bytes to read of a chunk before the connection stalls; -1: none
	release         chan struct{}                     // closed when the test ends: stalled requests end

	mu       sync.Mutex
	sessions map[string]*fakeUploadSession
	videos   []uploadResult // the videos made, in order
	reqs     []fakeUploadRequest
	counter  int
}

// fakeUploadSession is an upload in progress.
type fakeUploadSession struct {
	mu sync.Mutex // one request at a time, as a request may still be reading when the next comes

	id          string
	user        string
	name        string
	filename    string
	size        int64
	contentType string
	written     int64
	data        []byte // the bytes held, unless discard
	video       *uploadResult
	busy        int
	expired     bool
}

// fakeUploadRequest is one request as the server saw it.
type fakeUploadRequest struct {
	Method       string
	ContentRange string
	Length       int64 // the Content-Length announced (-1 for a DELETE without one)
	Read         int64 // the bytes the server read of the body
	Status       int   // 0 when the connection was dropped
}

// newFakeUploadServer starts a fake that t closes.
func newFakeUploadServer(t testing.TB) *fakeUploadServer {
	f := &fakeUploadServer{sessions: map[string]*fakeUploadSession{}, retryAfter: "300", release: make(chan struct{})}
	mux := http.NewServeMux()
	path := fakeUploadPrefix + "/api/v1/videos/upload-resumable"
	mux.HandleFunc("POST "+path, f.init)
	mux.HandleFunc("PUT "+path, f.put)
	mux.HandleFunc("DELETE "+path, f.delete)
	f.srv = httptest.NewServer(f.auth(mux))
	t.Cleanup(f.srv.Close)
	t.Cleanup(func() { close(f.release) }) // runs first
	return f
}

// url is the server's URL, with its path prefix.
func (f *fakeUploadServer) url() string { return f.srv.URL + fakeUploadPrefix + "/" }

// auth refuses requests without the bearer token, as PeerTube does.
func (f *fakeUploadServer) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+fakeUploadToken {
			f.problem(w, http.StatusUnauthorized, "invalid_token", "Token is invalid")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (f *fakeUploadServer) init(w http.ResponseWriter, r *http.Request) {
	entry := fakeUploadRequest{Method: r.Method, Length: r.ContentLength}
	defer f.log(&entry)
	size, err := strconv.ParseInt(r.Header.Get("X-Upload-Content-Length"), 10, 64)
	if err != nil || size <= 0 {
		entry.Status = f.problem(w, http.StatusBadRequest, "", "Should specify the file length")
		return
	}
	ctype := r.Header.Get("X-Upload-Content-Type")
	if !strings.HasPrefix(ctype, "video/") && !strings.HasPrefix(ctype, "audio/") {
		entry.Status = f.problem(w, http.StatusUnsupportedMediaType, "", "This file is not supported")
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		entry.Status = f.problem(w, http.StatusBadRequest, "", "Should be JSON")
		return
	}
	var meta struct {
		Name         string          `json:"name"`
		ChannelID    int64           `json:"channelId"`
		Filename     string          `json:"filename"`
		LastModified json.RawMessage `json:"lastModified"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 10<<20)).Decode(&meta); err != nil {
		entry.Status = f.problem(w, http.StatusBadRequest, "", "Invalid JSON")
		return
	}
	if len(meta.Name) < 3 || meta.ChannelID < 1 || meta.Filename == "" {
		entry.Status = f.problem(w, http.StatusBadRequest, "", "Incorrect request parameters: name, channelId, filename")
		return
	}

	f.mu.Lock()
	user := "root" // one account: the token's
	f.counter++
	stamp := string(meta.LastModified)
	if stamp == "" {
		stamp = "now-" + strconv.Itoa(f.counter) // node-uploadx takes Date.now()
	}
	sum := sha256.Sum256([]byte(user + "\x00" + meta.Name + "\x00" + strconv.FormatInt(size, 10) + "\x00" + stamp))
	id := hex.EncodeToString(sum[:16])
	s := f.sessions[id]
	if s == nil {
		s = &fakeUploadSession{id: id, user: user, name: meta.Name, filename: meta.Filename, size: size, contentType: ctype}
		if !f.discard {
			s.data = make([]byte, 0, size)
		}
		f.sessions[id] = s
	}
	f.mu.Unlock()

	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Location", "//"+r.Host+r.URL.Path+"?upload_id="+id)
	if s.written == 0 {
		entry.Status = f.answer(w, http.StatusCreated)
		return
	}
	// "File already exists, send a resume request instead."
	w.Header().Set("Range", fmt.Sprintf("bytes=0-%d", s.written-1))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(map[string]any{"name": s.name, "size": s.size, "bytesWritten": s.written})
	entry.Status = http.StatusOK
}

func (f *fakeUploadServer) put(w http.ResponseWriter, r *http.Request) {
	entry := fakeUploadRequest{Method: r.Method, ContentRange: r.Header.Get("Content-Range"), Length: r.ContentLength}
	logged := sync.OnceFunc(func() { f.log(&entry) })
	defer logged()
	// hangUp logs the request before the client can see it end.
	hangUp := func() {
		logged()
		f.hangUp(w)
	}
	// A refused chunk is read to its end before the answer goes, as Node
	// does; Go's server would otherwise linger 500 ms before closing.
	defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
	reply := func(code int) { entry.Status = code }

	s := f.session(r)
	if s == nil {
		reply(f.problem(w, http.StatusNotFound, "", "Not found"))
		return
	}
	s.mu.Lock()
	locked := true
	defer func() {
		if locked {
			s.mu.Unlock()
		}
	}()
	if s.expired {
		reply(f.problem(w, http.StatusNotFound, "", "Not found"))
		return
	}

	start, end, total, status, ok := fakeParseContentRange(entry.ContentRange)
	if !ok || total != s.size {
		reply(f.problem(w, http.StatusBadRequest, "", "Invalid or missing content-range header"))
		return
	}
	if status {
		if r.ContentLength > 0 {
			reply(f.problem(w, http.StatusBadRequest, "", "A status request has no body"))
			return
		}
		if s.video != nil {
			reply(f.completed(w, s))
			return
		}
		reply(f.resume(w, s))
		return
	}

	n := end - start + 1
	if r.ContentLength != n {
		reply(f.problem(w, http.StatusBadRequest, "", "Content-Length does not match Content-Range"))
		return
	}
	if s.video != nil {
		// node-uploadx does not write to a complete file.
		reply(f.completed(w, s))
		return
	}
	if start != s.written || end >= s.size {
		reply(f.problem(w, http.StatusConflict, "", "File conflict"))
		return
	}

	if f.hold != nil {
		if keep := f.hold(start, n); keep >= 0 && keep < n {
			// Read keep bytes, then neither read nor answer (a stalled
			// connection) until the test ends. Other requests go on.
			entry.Read = f.take(s, r.Body, keep, keep)
			logged()
			s.mu.Unlock()
			locked = false
			select {
			case <-f.release:
			case <-time.After(10 * time.Second):
			}
			hangUp()
			return
		}
	}
	keep := int64(-1)
	if f.cut != nil {
		keep = f.cut(start, n)
	}
	if keep >= 0 && keep < n {
		read := f.take(s, r.Body, keep, keep)
		entry.Read = read
		if f.dropPartial {
			s.truncate(start)
		}
		hangUp()
		return
	}
	limit := n
	if f.acceptAtMost != 0 {
		limit = min(n, max(f.acceptAtMost, 0))
	}
	read := f.take(s, r.Body, n, limit)
	entry.Read = read
	if read < n {
		// The client went away in the middle: keep (or drop) what came.
		if f.dropPartial {
			s.truncate(start)
		}
		hangUp()
		return
	}
	if s.written < s.size {
		reply(f.resume(w, s))
		return
	}

	// The file is complete: make the video.
	f.mu.Lock()
	v := uploadResult{ID: int64(len(f.videos) + 1)}
	v.UUID = fmt.Sprintf("9c9de5e8-0a1e-484a-b099-e80766180%03d", v.ID)
	v.ShortUUID = "kkGMgK9ZtnKfYAgnEtQ" + strconv.FormatInt(v.ID, 10)
	f.videos = append(f.videos, v)
	f.mu.Unlock()
	s.video = &v
	s.busy = f.busy

	switch f.onComplete {
	case 0:
		reply(f.finish(w, s))
	case -1:
		hangUp() // the answer is lost
		if s.busy == 0 && f.forgetCompleted {
			f.forget(s)
		}
	default:
		if f.onComplete == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		reply(f.problem(w, f.onComplete, "", http.StatusText(f.onComplete)))
		if s.busy == 0 && f.forgetCompleted {
			f.forget(s)
		}
	}
}

// completed answers a request to a session whose file is complete: 503
// while the video is being made, then the video again or, with
// forgetCompleted, 404.
func (f *fakeUploadServer) completed(w http.ResponseWriter, s *fakeUploadSession) int {
	if s.busy > 0 {
		s.busy--
		if s.busy == 0 && f.forgetCompleted {
			f.forget(s)
		}
		w.Header().Set("Retry-After", f.retryAfter)
		return f.problem(w, http.StatusServiceUnavailable, "", "The upload is already being processed")
	}
	if f.forgetCompleted {
		f.forget(s)
		return f.problem(w, http.StatusNotFound, "", "Not found")
	}
	return f.finish(w, s)
}

// finish answers with the video.
func (f *fakeUploadServer) finish(w http.ResponseWriter, s *fakeUploadSession) int {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(map[string]any{"video": s.video})
	if f.forgetCompleted && s.busy == 0 {
		f.forget(s)
	}
	return http.StatusOK
}

// resume answers 308 with where the session is.
func (f *fakeUploadServer) resume(w http.ResponseWriter, s *fakeUploadSession) int {
	if s.written > 0 {
		w.Header().Set("Range", fmt.Sprintf("bytes=0-%d", s.written-1))
	} else if f.zeroRange != "" {
		w.Header().Set("Range", f.zeroRange)
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusPermanentRedirect)
	return http.StatusPermanentRedirect
}

func (f *fakeUploadServer) delete(w http.ResponseWriter, r *http.Request) {
	entry := fakeUploadRequest{Method: r.Method, Length: r.ContentLength}
	if r.Header.Get("Content-Length") == "" {
		entry.Length = -1 // the API reference asks for Content-Length: 0
	}
	defer f.log(&entry)
	s := f.session(r)
	if s == nil {
		entry.Status = f.problem(w, http.StatusNotFound, "", "Not found")
		return
	}
	f.forget(s)
	entry.Status = f.answer(w, http.StatusNoContent)
}

// take reads n bytes of body and keeps the first limit of them, reading
// them straight into the session's buffer. It returns how many it read.
func (f *fakeUploadServer) take(s *fakeUploadSession, body io.Reader, n, limit int64) int64 {
	var read int64
	var scratch []byte
	for read < n {
		var dst []byte
		keep := read < limit
		if keep && !f.discard {
			at := len(s.data)
			dst = s.data[at : at+int(min(limit-read, 1<<20))]
		} else {
			if scratch == nil {
				scratch = make([]byte, 64<<10)
			}
			dst = scratch[:min(int64(len(scratch)), n-read)]
		}
		m, err := body.Read(dst)
		if keep {
			kept := min(int64(m), limit-read)
			if !f.discard {
				s.data = s.data[:len(s.data)+int(kept)]
			}
			s.written += kept
		}
		read += int64(m)
		if err != nil {
			break
		}
	}
	return read
}

// truncate forgets the bytes from at on.
func (s *fakeUploadSession) truncate(at int64) {
	s.written = at
	if s.data != nil {
		s.data = s.data[:at]
	}
}

// hangUp drops the connection without an answer.
func (f *fakeUploadServer) hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

// session is the session a request names, or nil.
func (f *fakeUploadServer) session(r *http.Request) *fakeUploadSession {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sessions[r.URL.Query().Get("upload_id")]
}

// forget deletes a session.
func (f *fakeUploadServer) forget(s *fakeUploadSession) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.sessions, s.id)
}

// expire ends the session of the upload_id in loc, as PeerTube does after
// an hour without a chunk.
func (f *fakeUploadServer) expire(id string) {
	f.mu.Lock()
	s := f.sessions[id]
	delete(f.sessions, id)
	f.mu.Unlock()
	if s != nil {
		s.mu.Lock()
		s.expired = true
		s.mu.Unlock()
	}
}

// sole returns the only session.
func (f *fakeUploadServer) sole(t testing.TB) *fakeUploadSession {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(f.sessions))
	}
	for _, s := range f.sessions {
		return s
	}
	return nil
}

// held is what the server holds of the session id: its bytes and count.
func (f *fakeUploadServer) held(id string) ([]byte, int64) {
	f.mu.Lock()
	s := f.sessions[id]
	f.mu.Unlock()
	if s == nil {
		return nil, -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data, s.written
}

// videoCount is how many videos the server made.
func (f *fakeUploadServer) videoCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.videos)
}

// waitFor waits until the requests seen satisfy ok: a request whose
// client went away is logged when the server is done with it.
func (f *fakeUploadServer) waitFor(t testing.TB, ok func([]fakeUploadRequest) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok(f.requests()) {
		if time.Now().After(deadline) {
			t.Fatal("the fake did not see the expected requests")
		}
		time.Sleep(time.Millisecond)
	}
}

// requests returns the requests seen so far.
func (f *fakeUploadServer) requests() []fakeUploadRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeUploadRequest(nil), f.reqs...)
}

// log records a request.
func (f *fakeUploadServer) log(entry *fakeUploadRequest) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, *entry)
}

// answer writes an empty answer.
func (f *fakeUploadServer) answer(w http.ResponseWriter, code int) int {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(code)
	return code
}

// problem writes an RFC 7807 error as PeerTube does.
func (f *fakeUploadServer) problem(w http.ResponseWriter, code int, errCode, detail string) int {
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(code)
	body := map[string]any{
		"type":   "about:blank",
		"title":  http.StatusText(code),
		"detail": detail,
		"status": code,
		"error":  detail,
	}
	if errCode != "" {
		body["code"] = errCode
	}
	_ = json.NewEncoder(w).Encode(body)
	return code
}

// fakeParseContentRange reads "bytes a-b/size" or "bytes */size".
func fakeParseContentRange(v string) (start, end, total int64, status, ok bool) {
	spec, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, 0, false, false
	}
	rng, size, found := strings.Cut(spec, "/")
	if !found {
		return 0, 0, 0, false, false
	}
	total, err := strconv.ParseInt(size, 10, 64)
	if err != nil || total <= 0 {
		return 0, 0, 0, false, false
	}
	if rng == "*" {
		return 0, 0, total, true, true
	}
	a, b, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, 0, false, false
	}
	start, err1 := strconv.ParseInt(a, 10, 64)
	end, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || start < 0 || end < start {
		return 0, 0, 0, false, false
	}
	return start, end, total, false, true
}
