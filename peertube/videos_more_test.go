package peertube

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVideosUploadLegacy(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	video := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	mux.HandleFunc("POST /api/v1/videos/upload", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		assert.EqualValues(t, -1, r.ContentLength, "the form is streamed")
		require.NoError(t, r.ParseMultipartForm(4<<20))
		form := url.Values(r.MultipartForm.Value)
		switch form.Get("name") {
		case "Plenary session":
			assert.Equal(t, url.Values{
				"name": {"Plenary session"}, "channelId": {"3"}, "privacy": {"2"}, "licence": {"7"},
				"tags[0]": {"council"}, "support": {"Thanks"}, "downloadEnabled": {"true"},
			}, form)
			name, ct, content := formFile(t, r, "videofile")
			assert.Equal(t, "plenary.mp4", name)
			assert.Equal(t, "video/mp4", ct)
			assert.Equal(t, video, content)
			name, ct, content = formFile(t, r, "thumbnailfile")
			assert.Equal(t, []string{"t.jpg", "image/jpeg", "JPG"}, []string{name, ct, content})
			name, _, _ = formFile(t, r, "previewfile")
			assert.Equal(t, "p.png", name)
		case "Named by Filename":
			name, ct, _ := formFile(t, r, "videofile")
			assert.Equal(t, "from-metadata.webm", name)
			assert.Equal(t, "video/webm", ct)
		case "Typed":
			name, ct, _ := formFile(t, r, "videofile")
			assert.Equal(t, "clip.unknownext", name)
			assert.Equal(t, "application/octet-stream", ct)
		case "Explicit":
			_, ct, _ := formFile(t, r, "videofile")
			assert.Equal(t, "video/quicktime", ct)
		}
		serveJSON(w, 200, `{"video":{"id":42,"uuid":"9c9de5e8-0a1e-484a-b099-e80766180a6d","shortUUID":"2y84q2MQUMWPbiEcxNXMgC"}}`)
	})
	v, resp, err := c.Videos.UploadLegacy(t.Context(), &NewVideo{
		Name: "Plenary session", ChannelID: 3, Filename: "ignored.mp4", Privacy: PrivacyUnlisted, Licence: 7,
		Tags: []string{"council"}, Support: "Thanks", DownloadEnabled: Ptr(true),
	}, strings.NewReader(video), "plenary.mp4", &UploadLegacyOptions{
		Thumbnail: &ImageFile{Name: "t.jpg", Content: strings.NewReader("JPG")},
		Preview:   &ImageFile{Name: "p.png", Content: strings.NewReader("PNG")},
	})
	require.NoError(t, err)
	assert.Equal(t, &UploadedVideo{ID: 42, UUID: "9c9de5e8-0a1e-484a-b099-e80766180a6d", ShortUUID: "2y84q2MQUMWPbiEcxNXMgC"}, v)
	assert.Equal(t, 200, resp.StatusCode)

	_, _, err = c.Videos.UploadLegacy(t.Context(), &NewVideo{Name: "Named by Filename", ChannelID: 3, Filename: "from-metadata.webm"}, strings.NewReader("x"), "", nil)
	require.NoError(t, err)
	_, _, err = c.Videos.UploadLegacy(t.Context(), &NewVideo{Name: "Typed", ChannelID: 3}, strings.NewReader("x"), "clip.unknownext", nil)
	require.NoError(t, err)
	_, _, err = c.Videos.UploadLegacy(t.Context(), &NewVideo{Name: "Explicit", ChannelID: 3}, strings.NewReader("x"), "clip.mov", &UploadLegacyOptions{ContentType: "video/quicktime"})
	require.NoError(t, err)
}

func TestVideosUploadLegacyErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var posts int
	mux.HandleFunc("POST /api/v1/videos/upload", func(w http.ResponseWriter, r *http.Request) {
		posts++
		_, _ = io.Copy(io.Discard, r.Body)
		switch posts {
		case 1:
			serveJSON(w, 413, `{"type":"about:blank","title":"Payload Too Large","status":413,"detail":"The user video quota is exceeded with this video.","code":"quota_reached"}`)
		case 2:
			serveJSON(w, 502, `{}`)
		case 3:
			serveJSON(w, 200, `{}`)
		default:
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Video not accepted"}`)
		}
	})
	nv := &NewVideo{Name: "Plenary session", ChannelID: 3}
	_, _, err := c.Videos.UploadLegacy(t.Context(), nv, strings.NewReader("x"), "a.mp4", nil)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, "quota_reached", er.Code)
	_, resp, err := c.Videos.UploadLegacy(t.Context(), nv, strings.NewReader("x"), "a.mp4", nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, resp.Attempts, "not retried")
	_, _, err = c.Videos.UploadLegacy(t.Context(), nv, strings.NewReader("x"), "a.mp4", nil)
	assert.ErrorContains(t, err, "names no video")
	_, _, err = c.Videos.UploadLegacy(t.Context(), nv, strings.NewReader("x"), "a.mp4", nil)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, 4, posts)

	// A file that cannot be read ends the request with its error.
	_, _, err = c.Videos.UploadLegacy(t.Context(), nv, iotestErrReader{}, "a.mp4", nil)
	assert.ErrorContains(t, err, "disk on fire")
}

func TestVideosUploadLegacyRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	for name, args := range map[string]struct {
		v    *NewVideo
		f    io.Reader
		name string
	}{
		"nil video":       {nil, strings.NewReader("x"), "a.mp4"},
		"no name":         {&NewVideo{ChannelID: 3}, strings.NewReader("x"), "a.mp4"},
		"no channel":      {&NewVideo{Name: "abc"}, strings.NewReader("x"), "a.mp4"},
		"no file":         {&NewVideo{Name: "abc", ChannelID: 3}, nil, "a.mp4"},
		"no name of file": {&NewVideo{Name: "abc", ChannelID: 3}, strings.NewReader("x"), ""},
	} {
		_, _, err := c.Videos.UploadLegacy(t.Context(), args.v, args.f, args.name, nil)
		assert.Error(t, err, name)
	}
}

// replaceServer is the replacement route of video 42 as PeerTube serves
// it: the resumable protocol, its last chunk answered 204.
type replaceServer struct {
	mu       sync.Mutex
	data     []byte
	ranges   []string
	inits    []string // the JSON bodies of the inits
	deletes  int
	maxChunk int64
}

func newReplaceServer(t *testing.T, mux *http.ServeMux) *replaceServer {
	s := &replaceServer{}
	const route = "/api/v1/videos/{id}/source/replace-resumable"
	mux.HandleFunc("GET /api/v1/config", func(w http.ResponseWriter, r *http.Request) {
		if s.maxChunk == 0 {
			serveJSON(w, 200, `{}`)
			return
		}
		serveJSON(w, 200, `{"client":{"videos":{"resumableUpload":{"maxChunkSize":`+strconv.FormatInt(s.maxChunk, 10)+`}}}}`)
	})
	mux.HandleFunc("POST "+route, func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
		case "disabled":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Video source replacement is disabled"}`)
			return
		default:
			serveCapture(t, w, "404-video-not-found.json")
			return
		}
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.inits = append(s.inits, string(b)+" "+r.Header.Get("X-Upload-Content-Length")+" "+r.Header.Get("X-Upload-Content-Type"))
		s.mu.Unlock()
		w.Header().Set("Location", basePath+"/api/v1/videos/42/source/replace-resumable?upload_id=r1")
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("PUT "+route, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "r1", r.URL.Query().Get("upload_id"))
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		defer s.mu.Unlock()
		cr := r.Header.Get("Content-Range")
		s.ranges = append(s.ranges, cr)
		first, size, ok := parseContentRange(cr)
		if ok && first == int64(len(s.data)) {
			s.data = append(s.data, b...)
		}
		if int64(len(s.data)) == size && size > 0 {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if len(s.data) > 0 {
			w.Header().Set("Range", "bytes=0-"+strconv.Itoa(len(s.data)-1))
		}
		w.WriteHeader(http.StatusPermanentRedirect)
	})
	mux.HandleFunc("DELETE "+route, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "r1", r.URL.Query().Get("upload_id"))
		s.mu.Lock()
		s.deletes++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	return s
}

// parseContentRange reads the first byte and the size of a chunk's
// Content-Range, "bytes first-last/size"; ok is false for a status
// query ("bytes */size").
func parseContentRange(cr string) (first, size int64, ok bool) {
	rest, ok1 := strings.CutPrefix(cr, "bytes ")
	a, rest, ok2 := strings.Cut(rest, "-")
	_, n, ok3 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || !ok3 {
		return 0, 0, false
	}
	first, err1 := strconv.ParseInt(a, 10, 64)
	size, err2 := strconv.ParseInt(n, 10, 64)
	return first, size, err1 == nil && err2 == nil
}

func TestVideosReplaceSource(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	srv := newReplaceServer(t, mux)
	srv.maxChunk = 1000                          // the server's cap applies
	file := bytes.Repeat([]byte("garden!"), 357) // 2499 bytes
	var sent []int64
	session, err := c.Videos.ReplaceSource(t.Context(), "42", "new garden.mp4", bytes.NewReader(file), int64(len(file)),
		&UploadOptions{Progress: func(n, total int64) { sent = append(sent, n) }})
	require.NoError(t, err)
	require.NotNil(t, session)
	assert.Equal(t, "video/mp4", session.ContentType)
	assert.EqualValues(t, 1000, session.ChunkSize)
	assert.Equal(t, []string{`{"filename":"new garden.mp4"} 2499 video/mp4`}, srv.inits)
	assert.Equal(t, []string{"bytes 0-999/2499", "bytes 1000-1999/2499", "bytes 2000-2498/2499"}, srv.ranges)
	assert.Equal(t, file, srv.data)
	assert.Equal(t, []int64{1000, 2000, 2499}, sent)
}

// A session kept as JSON is resumed by another client, then a second
// one is cancelled.
func TestVideosStartResumeCancelReplaceSource(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	srv := newReplaceServer(t, mux)
	file := []byte(strings.Repeat("x", 1500))
	s, err := c.Videos.StartReplaceSource(t.Context(), "42", "clip.webm", int64(len(file)), &UploadOptions{ChunkSize: 1000, ContentType: "video/x-custom"})
	require.NoError(t, err)
	assert.Equal(t, []string{`{"filename":"clip.webm"} 1500 video/x-custom`}, srv.inits)
	saved, err := json.Marshal(s)
	require.NoError(t, err)
	var again UploadSession
	require.NoError(t, json.Unmarshal(saved, &again))

	require.NoError(t, c.Videos.ResumeReplaceSource(t.Context(), &again, bytes.NewReader(file), nil))
	// Read back from JSON, the session first asks where the server is.
	assert.Equal(t, []string{"bytes */1500", "bytes 0-999/1500", "bytes 1000-1499/1500"}, srv.ranges)
	assert.Equal(t, file, srv.data)

	require.NoError(t, c.Videos.CancelReplaceSource(t.Context(), s))
	assert.Equal(t, 1, srv.deletes)
}

func TestVideosReplaceSourceErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	newReplaceServer(t, mux)
	_, err := c.Videos.ReplaceSource(t.Context(), "disabled", "a.mp4", strings.NewReader("x"), 1, nil)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, "Video source replacement is disabled", er.Detail)
	_, err = c.Videos.ReplaceSource(t.Context(), "missing", "a.mp4", strings.NewReader("x"), 1, nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosReplaceSourceRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	for _, id := range []string{"", ".", ".."} {
		_, err := c.Videos.ReplaceSource(t.Context(), id, "a.mp4", strings.NewReader("x"), 1, nil)
		assert.Error(t, err, id)
		_, err = c.Videos.StartReplaceSource(t.Context(), id, "a.mp4", 1, nil)
		assert.Error(t, err, id)
	}
	_, err := c.Videos.StartReplaceSource(t.Context(), "42", "", 1, nil)
	assert.ErrorContains(t, err, "file's name")
	_, err = c.Videos.StartReplaceSource(t.Context(), "42", "noextension", 1, nil)
	assert.ErrorContains(t, err, "media type")
	assert.Error(t, c.Videos.ResumeReplaceSource(t.Context(), nil, strings.NewReader("x"), nil))
	assert.Error(t, c.Videos.CancelReplaceSource(t.Context(), nil))
}

func TestVideosToken(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/videos/{id}/token", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
			serveJSON(w, 200, corpus(t, "written/video-token.json"))
		case "protected":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Please provide a password to access this password protected video","code":"video_requires_password"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	tok, _, err := c.Videos.Token(t.Context(), "42", &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	assert.Equal(t, "2c1b0d53-5a4e-4c16-a4c3-1b8e0e0a9f77", tok.Files.Token)
	assert.Equal(t, time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC), tok.Files.Expires)
	_, _, err = c.Videos.Token(t.Context(), "protected", nil)
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = c.Videos.Token(t.Context(), "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosConstants(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	for _, name := range []string{"categories", "licences", "languages", "privacies"} {
		mux.HandleFunc("GET /api/v1/videos/"+name, func(w http.ResponseWriter, r *http.Request) {
			assert.Empty(t, r.URL.RawQuery)
			serveJSON(w, 200, corpus(t, "written/video-"+name+".json"))
		})
	}
	cats, _, err := c.Videos.Categories(t.Context())
	require.NoError(t, err)
	assert.Equal(t, map[int]string{1: "Music", 2: "Films", 15: "Science & Technology", 18: "Food"}, cats)
	lics, _, err := c.Videos.Licences(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "Public Domain Dedication", lics[7])
	langs, _, err := c.Videos.Languages(t.Context())
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"en": "English", "fr": "French", "zh-Hant": "Traditional Chinese"}, langs)
	privs, _, err := c.Videos.Privacies(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "Password protected", privs[PrivacyPasswordProtected])
	assert.Len(t, privs, 5)
}

// The API reference announces arrays of strings; an answer of that shape
// is reported, not guessed at.
func TestVideosConstantsArray(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/categories", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `["Music","Films"]`)
	})
	_, _, err := c.Videos.Categories(t.Context())
	assert.ErrorContains(t, err, "decoding the answer")
}

func TestVideosStoryboards(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/storyboards", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
			serveJSON(w, 200, corpus(t, "written/storyboards.json"))
		case "none":
			serveJSON(w, 200, `{"storyboards":[]}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	sbs, _, err := c.Videos.Storyboards(t.Context(), "42", &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	require.Len(t, sbs, 1)
	assert.Equal(t, &Storyboard{
		StoryboardPath: "/lazy-static/storyboards/1f4b2e77-3c4f-4c2b-9f41-2a7d5b0c8e11.jpg",
		FileURL:        "https://videos.example/lazy-static/storyboards/1f4b2e77-3c4f-4c2b-9f41-2a7d5b0c8e11.jpg",
		TotalHeight:    1080, TotalWidth: 1920, SpriteHeight: 108, SpriteWidth: 192, SpriteDuration: 6,
	}, sbs[0])
	sbs, _, err = c.Videos.Storyboards(t.Context(), "none", nil)
	require.NoError(t, err)
	assert.Empty(t, sbs)
	_, _, err = c.Videos.Storyboards(t.Context(), "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosSetWatching(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PUT /api/v1/videos/{id}/watching", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "start":
			testJSONBody(t, r, `{"currentTime":0}`)
		case "42":
			testJSONBody(t, r, `{"currentTime":95,"viewEvent":"seek"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Videos.SetWatching(t.Context(), "start", nil)
	require.NoError(t, err)
	_, err = c.Videos.SetWatching(t.Context(), "42", &VideoView{CurrentTime: 95, ViewEvent: "seek"})
	require.NoError(t, err)
	_, err = c.Videos.SetWatching(t.Context(), "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosDeleteSourceFile(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/videos/{id}/source/file", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "42":
			w.WriteHeader(http.StatusNoContent)
		case "user":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"User does not have the right to manage video files"}`)
		default:
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"Video source not found"}`)
		}
	})
	resp, err := c.Videos.DeleteSourceFile(t.Context(), "42")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Videos.DeleteSourceFile(t.Context(), "user")
	assert.ErrorIs(t, err, ErrForbidden)
	_, err = c.Videos.DeleteSourceFile(t.Context(), "nosource")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosMoreIDs(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Videos.Token(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Videos.Storyboards(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, err = c.Videos.SetWatching(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, err = c.Videos.DeleteSourceFile(t.Context(), id)
		assert.Error(t, err, id)
	}
}

func TestPartType(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"a.vtt": "text/vtt", "A.SRT": "application/x-subrip", "x.torrent": "application/x-bittorrent",
		"v.mp4": "video/mp4", "v.m4v": "video/mp4", "v.webm": "video/webm", "v.ogv": "video/ogg",
		"v.mkv": "video/x-matroska", "v.mov": "video/quicktime", "v.avi": "video/x-msvideo", "v.flv": "video/x-flv",
		"a.mp3": "audio/mpeg", "a.ogg": "audio/ogg", "a.flac": "audio/flac", "a.wav": "audio/wav", "a.m4a": "audio/mp4",
		"i.png": "image/png", "i.jpg": "image/jpeg", "i.jpeg": "image/jpeg", "i.gif": "image/gif", "i.webp": "image/webp",
		"noext": "application/octet-stream", "x.unknownext": "application/octet-stream",
	} {
		assert.Equal(t, want, partType(name), name)
	}
}
