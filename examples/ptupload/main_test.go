package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/peertube"
)

// The fake server's settings.
const (
	testUser      = "alice"
	testPassword  = "correct horse"
	testToken     = "access-token"
	testChunk     = 1024 // the server's largest chunk
	testSize      = 3*testChunk - 72
	testShortUUID = "kkGMgK9ZtnKfYAgnEtQxbv"
)

// fakeTube is a fake PeerTube: its OAuth client, the password grant and
// the resumable upload protocol, as far as ptupload uses them.
type fakeTube struct {
	t   *testing.T
	srv *httptest.Server
	// otp, when set, is the one-time code the login needs.
	otp string

	mu       sync.Mutex
	logins   int                     // token requests
	inits    []map[string]any        // the metadata of each upload announced
	sessions map[string]*fakeSession // by upload_id
	received int64                   // bytes of chunks taken, over all sessions
	chunks   int                     // chunks taken
}

// fakeSession is an upload in progress on the fake.
type fakeSession struct {
	size int64
	data []byte
}

func newFakeTube(t *testing.T) *fakeTube {
	t.Helper()
	f := &fakeTube{t: t, sessions: map[string]*fakeSession{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/config", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"client": map[string]any{"videos": map[string]any{"resumableUpload": map[string]any{"maxChunkSize": testChunk}}},
		})
	})
	mux.HandleFunc("GET /api/v1/oauth-clients/local", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"client_id": "the-client", "client_secret": "the-secret"})
	})
	mux.HandleFunc("POST /api/v1/users/token", f.token)
	mux.HandleFunc("POST /api/v1/videos/upload-resumable", f.authed(f.initUpload))
	mux.HandleFunc("PUT /api/v1/videos/upload-resumable", f.authed(f.putChunk))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func problem(w http.ResponseWriter, code int, detail, errCode string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": code, "detail": detail, "code": errCode})
}

// authed refuses a request without the token.
func (f *fakeTube) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			problem(w, http.StatusUnauthorized, "Token is invalid", "invalid_token")
			return
		}
		h(w, r)
	}
}

func (f *fakeTube) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.logins++
	f.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		problem(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	form := r.PostForm
	if form.Get("grant_type") != "password" || form.Get("client_id") != "the-client" || form.Get("client_secret") != "the-secret" {
		problem(w, http.StatusBadRequest, "Invalid client", "invalid_client")
		return
	}
	if form.Get("username") != testUser || form.Get("password") != testPassword {
		problem(w, http.StatusBadRequest, "Invalid grant: user credentials are invalid", "invalid_grant")
		return
	}
	f.mu.Lock()
	otp := f.otp
	f.mu.Unlock()
	if otp != "" && r.Header.Get("X-Peertube-Otp") != otp {
		problem(w, http.StatusUnauthorized, "Missing two factor header", "missing_two_factor")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type": "Bearer", "access_token": testToken, "refresh_token": "refresh-token",
		"expires_in": 86400, "refresh_token_expires_in": 1209600,
	})
}

// initUpload announces an upload: 201 with a protocol-relative Location,
// as PeerTube sends it.
func (f *fakeTube) initUpload(w http.ResponseWriter, r *http.Request) {
	var meta map[string]any
	if err := json.NewDecoder(r.Body).Decode(&meta); err != nil {
		problem(w, http.StatusBadRequest, err.Error(), "")
		return
	}
	size, err := strconv.ParseInt(r.Header.Get("X-Upload-Content-Length"), 10, 64)
	if err != nil || size <= 0 || r.Header.Get("X-Upload-Content-Type") != "video/mp4" {
		problem(w, http.StatusBadRequest, "bad upload headers", "")
		return
	}
	f.mu.Lock()
	f.inits = append(f.inits, meta)
	id := fmt.Sprintf("upload-%d", len(f.inits))
	f.sessions[id] = &fakeSession{size: size}
	f.mu.Unlock()
	w.Header().Set("Location", "//"+r.Host+"/api/v1/videos/upload-resumable?upload_id="+id)
	w.WriteHeader(http.StatusCreated)
}

// putChunk takes a chunk, or says where the session is.
func (f *fakeTube) putChunk(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.sessions[r.URL.Query().Get("upload_id")]
	if s == nil {
		problem(w, http.StatusNotFound, "Upload not found", "")
		return
	}
	cr := r.Header.Get("Content-Range")
	if cr == fmt.Sprintf("bytes */%d", s.size) {
		f.answer(w, s)
		return
	}
	var first, last, size int64
	if _, err := fmt.Sscanf(cr, "bytes %d-%d/%d", &first, &last, &size); err != nil || size != s.size || last < first || last >= size {
		problem(w, http.StatusBadRequest, "bad Content-Range "+cr, "")
		return
	}
	if first != int64(len(s.data)) {
		problem(w, http.StatusConflict, "chunk doesn't match range", "")
		return
	}
	b, err := io.ReadAll(r.Body)
	if err != nil || int64(len(b)) != last-first+1 {
		problem(w, http.StatusBadRequest, "short chunk", "")
		return
	}
	s.data = append(s.data, b...)
	f.received += int64(len(b))
	f.chunks++
	f.answer(w, s)
}

// answer says where s is: 308 with the bytes held, or the video.
func (f *fakeTube) answer(w http.ResponseWriter, s *fakeSession) {
	if int64(len(s.data)) == s.size {
		writeJSON(w, http.StatusOK, map[string]any{"video": map[string]any{
			"id": 42, "uuid": "9c9de5e8-0a1e-484a-b099-e80766180a6d", "shortUUID": testShortUUID,
		}})
		return
	}
	if len(s.data) > 0 {
		w.Header().Set("Range", fmt.Sprintf("bytes=0-%d", len(s.data)-1))
	}
	w.WriteHeader(http.StatusPermanentRedirect)
}

// data returns what the fake holds of the upload id.
func (f *fakeTube) data(id string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.sessions[id]; s != nil {
		return bytes.Clone(s.data)
	}
	return nil
}

// stats is what the fake has seen.
type stats struct {
	logins, chunks int
	received       int64
	inits          []map[string]any
}

func (f *fakeTube) stats() stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return stats{logins: f.logins, chunks: f.chunks, received: f.received, inits: f.inits}
}

// env is what run gets to reach the fake.
func (f *fakeTube) env() env {
	return env{
		client: peertube.Options{AllowLoopback: true, AllowHTTP: true, MaxRetries: -1},
		getenv: func(k string) string {
			if k == passwordEnv {
				return testPassword
			}
			return ""
		},
	}
}

// videoFile writes a video of testSize random bytes in a new directory.
func videoFile(t *testing.T) (path string, content []byte) {
	t.Helper()
	content = make([]byte, testSize)
	_, _ = rand.Read(content)
	path = filepath.Join(t.TempDir(), "concert.mp4")
	require.NoError(t, os.WriteFile(path, content, 0o644))
	return path, content
}

// result is what a run gave.
type result struct {
	code           int
	stdout, stderr string
}

func runCmd(ctx context.Context, e env, stdin string, args ...string) result {
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, strings.NewReader(stdin), &stdout, &stderr, e)
	return result{code, stdout.String(), stderr.String()}
}

// uploadArgs are the arguments of an upload of file to the fake.
func (f *fakeTube) uploadArgs(file string, more ...string) []string {
	args := []string{"-server", f.srv.URL, "-user", testUser, "-channel", "3", "-name", "Spring concert", "-privacy", "unlisted"}
	return append(append(args, more...), file)
}

// A whole upload: logged in, announced with the metadata, sent in chunks
// of the server's size, the session file gone and the watch page printed.
func TestUpload(t *testing.T) {
	t.Parallel()
	f := newFakeTube(t)
	file, content := videoFile(t)

	res := runCmd(t.Context(), f.env(), "", f.uploadArgs(file)...)
	require.Equal(t, exitOK, res.code, res.stderr)

	assert.Equal(t, f.srv.URL+"/w/"+testShortUUID+"\n", res.stdout)
	assert.NoFileExists(t, file+".upload.json")
	assert.Equal(t, content, f.data("upload-1"))
	st := f.stats()
	assert.EqualValues(t, testSize, st.received)
	assert.Equal(t, 3, st.chunks)
	require.Len(t, st.inits, 1)
	assert.Equal(t, map[string]any{
		"name": "Spring concert", "channelId": 3.0, "filename": "concert.mp4", "privacy": 2.0,
	}, st.inits[0])
	assert.Contains(t, res.stderr, `msg="logged in"`)
	assert.NotContains(t, res.stderr, testPassword)
	assert.NotContains(t, res.stderr, testToken)
}

// A run killed after its first chunk keeps the session file; the next
// run resumes from where the server is, without announcing the video
// again, and the server gets the file's bytes exactly once.
func TestResumeAfterInterruption(t *testing.T) {
	t.Parallel()
	f := newFakeTube(t)
	file, content := videoFile(t)
	sessionFile := filepath.Join(t.TempDir(), "upload.json")
	args := f.uploadArgs(file, "-session", sessionFile)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	e := f.env()
	e.onProgress = func(sent, _ int64) {
		if sent > 0 {
			cancel() // as Ctrl-C would, once the first chunk is acknowledged
		}
	}
	res := runCmd(ctx, e, "", args...)
	require.Equal(t, exitFailure, res.code, res.stderr)
	assert.Empty(t, res.stdout)
	assert.Contains(t, res.stderr, "run the same command again")
	assert.Equal(t, content[:testChunk], f.data("upload-1"))

	saved, err := loadSession(sessionFile)
	require.NoError(t, err)
	require.NotNil(t, saved)
	assert.Equal(t, f.srv.URL+"/api/v1/videos/upload-resumable?upload_id=upload-1", saved.Session.Location)
	assert.EqualValues(t, testSize, saved.Session.Size)
	assert.Equal(t, testUser, saved.User)
	assert.Equal(t, "Spring concert", saved.Video.Name)
	assert.EqualValues(t, testChunk, saved.Sent)

	var progress []int64
	e = f.env()
	e.onProgress = func(sent, _ int64) { progress = append(progress, sent) }
	res = runCmd(t.Context(), e, "", args...)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, f.srv.URL+"/w/"+testShortUUID+"\n", res.stdout)
	assert.Contains(t, res.stderr, "resuming the upload")
	assert.NoFileExists(t, sessionFile)

	st := f.stats()
	assert.Len(t, st.inits, 1, "the video must not be announced again")
	assert.Equal(t, content, f.data("upload-1"))
	assert.EqualValues(t, testSize, st.received, "every byte is sent once")
	assert.Equal(t, []int64{testChunk, 2 * testChunk, testSize}, progress)
}

// A session the server has forgotten is replaced: the upload starts over.
func TestResumeForgottenSession(t *testing.T) {
	t.Parallel()
	f := newFakeTube(t)
	file, content := videoFile(t)
	fi, err := os.Stat(file)
	require.NoError(t, err)
	stale := &savedUpload{
		Server: f.srv.URL + "/", User: testUser, File: "concert.mp4", Size: testSize, ModTime: fi.ModTime(),
		Session: &peertube.UploadSession{
			Location: f.srv.URL + "/api/v1/videos/upload-resumable?upload_id=expired",
			Size:     testSize, ContentType: "video/mp4", ChunkSize: testChunk,
		},
	}
	require.NoError(t, stale.save(file+".upload.json"))

	res := runCmd(t.Context(), f.env(), "", f.uploadArgs(file)...)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "starting the upload again")
	assert.Equal(t, content, f.data("upload-1"))
	assert.NoFileExists(t, file+".upload.json")
}

// A forgotten session whose last chunk may have been sent is not started
// again: PeerTube forgets a session once its video is made.
func TestForgottenSessionAfterLastChunk(t *testing.T) {
	t.Parallel()
	f := newFakeTube(t)
	file, _ := videoFile(t)
	fi, err := os.Stat(file)
	require.NoError(t, err)
	stale := &savedUpload{
		Server: f.srv.URL + "/", User: testUser, File: "concert.mp4", Size: testSize, ModTime: fi.ModTime(),
		Session: &peertube.UploadSession{
			Location: f.srv.URL + "/api/v1/videos/upload-resumable?upload_id=made",
			Size:     testSize, ContentType: "video/mp4", ChunkSize: testChunk,
		},
		Sent: 2 * testChunk,
	}
	require.NoError(t, stale.save(file+".upload.json"))

	res := runCmd(t.Context(), f.env(), "", f.uploadArgs(file)...)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "the video was most likely made")
	assert.Empty(t, f.stats().inits)
	assert.FileExists(t, file+".upload.json")
}

func TestVideoType(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"a.mp4": "video/mp4", "B.MKV": "video/x-matroska", "c.webm": "video/webm", "d.mov": "video/quicktime",
		"e.ts": "video/mp2t", "f.mp3": "audio/mpeg", "notes.txt": "", "noext": "", "g.png": "",
	} {
		assert.Equal(t, want, videoType(name), name)
	}

	// A file of unknown type fails before logging in.
	f := newFakeTube(t)
	file := filepath.Join(t.TempDir(), "notes.txt")
	require.NoError(t, os.WriteFile(file, []byte("not a video"), 0o644))
	res := runCmd(t.Context(), f.env(), "", f.uploadArgs(file)...)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "the media type of")
	assert.Zero(t, f.stats().logins)
}

// A session file of another version of the file is not resumed.
func TestResumeChangedFile(t *testing.T) {
	t.Parallel()
	f := newFakeTube(t)
	file, _ := videoFile(t)
	stale := &savedUpload{
		Server: f.srv.URL + "/", User: testUser, File: "concert.mp4", Size: testSize + 1,
		Session: &peertube.UploadSession{Location: f.srv.URL + "/api/v1/videos/upload-resumable?upload_id=x", Size: testSize + 1},
	}
	require.NoError(t, stale.save(file+".upload.json"))

	res := runCmd(t.Context(), f.env(), "", f.uploadArgs(file)...)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "has changed since the upload started")
	assert.Empty(t, f.stats().inits)
	assert.Zero(t, f.stats().logins, "checked before logging in")
	assert.FileExists(t, file+".upload.json")
}

// An account with a second factor is asked for its code, and the login
// is made again with it. The password comes from a file here.
func TestTwoFactorLogin(t *testing.T) {
	t.Parallel()
	f := newFakeTube(t)
	f.otp = "123456"
	file, content := videoFile(t)
	pwFile := filepath.Join(t.TempDir(), "password")
	require.NoError(t, os.WriteFile(pwFile, []byte(testPassword+"\n"), 0o600))
	e := f.env()
	e.getenv = nil

	res := runCmd(t.Context(), e, "123456\n", f.uploadArgs(file, "-password-file", pwFile)...)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "Two-factor authentication code: ")
	assert.Equal(t, 2, f.stats().logins)
	assert.Equal(t, content, f.data("upload-1"))

	// A wrong code fails the login.
	f.mu.Lock()
	f.otp = "654321"
	f.mu.Unlock()
	res = runCmd(t.Context(), e, "123456\n", f.uploadArgs(file, "-password-file", pwFile)...)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "logging in as alice")
}

// Wrong command lines exit with 2 and say why, before any request.
func TestUsage(t *testing.T) {
	t.Parallel()
	f := newFakeTube(t)
	file, _ := videoFile(t)
	base := func(skip string) []string {
		var args []string
		for _, kv := range [][2]string{{"-server", f.srv.URL}, {"-user", testUser}, {"-channel", "3"}, {"-name", "Spring concert"}} {
			if kv[0] != skip {
				args = append(args, kv[0], kv[1])
			}
		}
		return args
	}
	noEnv := f.env()
	noEnv.getenv = nil
	tests := []struct {
		name string
		args []string
		e    env
		want string
	}{
		{"no file", base(""), f.env(), "the video file to upload is missing"},
		{"two files", append(base(""), file, file), f.env(), "one video at a time"},
		{"no server", append(base("-server"), file), f.env(), "-server is required"},
		{"no user", append(base("-user"), file), f.env(), "-user is required"},
		{"no channel", append(base("-channel"), file), f.env(), "-channel is required"},
		{"no name", append(base("-name"), file), f.env(), "-name is required"},
		{"bad server", append(base("-server"), "-server", "videos.example", file), f.env(), "-server: peertube: server URL"},
		{"channel name", append(base("-channel"), "-channel", "music", file), f.env(), "numeric id"},
		{"short name", append(base("-name"), "-name", "Hi", file), f.env(), "3 to 120 characters"},
		{"privacy", append(base(""), "-privacy", "internal", file), f.env(), "-privacy is public, unlisted or private"},
		{"no password", append(base(""), file), noEnv, "no password"},
		{"password file", append(base(""), "-password-file", filepath.Join(t.TempDir(), "none"), file), f.env(), "reading -password-file"},
		{"unknown flag", append(base(""), "-chunk", "5", file), f.env(), "flag provided but not defined"},
	}
	// After the parallel subtests: none of them logged in.
	t.Cleanup(func() { assert.Zero(t, f.stats().logins) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runCmd(t.Context(), tt.e, "", tt.args...)
			assert.Equal(t, exitUsage, res.code)
			assert.Contains(t, res.stderr, tt.want)
			assert.Empty(t, res.stdout)
		})
	}

	res := runCmd(t.Context(), f.env(), "", "-h")
	assert.Equal(t, exitOK, res.code)
	assert.Contains(t, res.stderr, "Usage:\n  ptupload -server URL")
}
