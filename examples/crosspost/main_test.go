package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/mastodon"
	"github.com/fedikit/fedikit/peertube"
)

const (
	testChannel = "music"
	testToken   = "mastodon-token"
	// The videos of the fake channel.
	uuidSpring    = "1f9e1a57-6c1c-4a3e-9f0e-2b7d3c1a9e01"
	uuidRehearsal = "7a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d"
	// Their Idempotency-Keys: the first 32 hex digits of
	// SHA-256("crosspost:" + uuid), computed with sha256sum.
	keySpring    = "d7fc9f83fdda5f59f7f833f993472e1c"
	keyRehearsal = "8780490b53f86ac31e94f5af083894a0"
)

// fakeVideo is a video of the fake PeerTube channel.
type fakeVideo struct {
	uuid, short, name    string
	privacy, state       int
	description          string
	tags                 []string
	thumbnail            string // file name below /lazy-static/thumbnails/
	thumbnailBytes       []byte
	publishedAt          time.Time
	truncatedDescription string
	gone                 bool // listed, but its details answer 404
}

// testVideos are the fake channel's videos, newest first as PeerTube
// lists them with sort=-publishedAt.
func testVideos() []*fakeVideo {
	return []*fakeVideo{
		{
			uuid: uuidRehearsal, short: "pQ4sW8e2Xk1vTn7bYc3RmA", name: "Rehearsal, part 2",
			privacy: 1, state: 1,
			description: "# Rehearsal\n\nWhere we practise the *hard* bits! More next week.",
			tags:        []string{"behind the scenes", "2025", "Vivaldi-Gloria", "Music", "MUSIC"},
			thumbnail:   "rehearsal.jpg", thumbnailBytes: []byte("\xff\xd8\xff\xe0 rehearsal"),
			publishedAt: time.Date(2025, 5, 2, 18, 0, 0, 0, time.UTC),
		},
		{
			uuid: uuidSpring, short: "4x5VnRbz2yz2Gp3oq6Uw5P", name: "Spring concert",
			privacy: 1, state: 1,
			description: "The choir sings **Vivaldi** and [Pärt](https://en.wikipedia.org/wiki/Arvo_P%C3%A4rt) in the old town hall. Recorded live.\n\nThanks to all who came.",
			tags:        []string{"music", "classical music", "choir"},
			thumbnail:   "spring.jpg", thumbnailBytes: []byte("\xff\xd8\xff\xe0 spring"),
			publishedAt: time.Date(2025, 5, 1, 18, 0, 0, 0, time.UTC),
		},
	}
}

// fakeTube is a fake PeerTube: a channel's videos, their details and
// thumbnails.
type fakeTube struct {
	srv *httptest.Server

	mu       sync.Mutex
	videos   []*fakeVideo
	requests []string
}

func newFakeTube(t *testing.T, videos []*fakeVideo) *fakeTube {
	t.Helper()
	f := &fakeTube{videos: videos}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/video-channels/{handle}/videos", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("handle") != testChannel {
			writeJSON(w, http.StatusNotFound, map[string]any{"status": 404, "detail": "Video channel not found"})
			return
		}
		assert.Equal(t, "-publishedAt", r.URL.Query().Get("sort"))
		assert.Equal(t, "100", r.URL.Query().Get("count"))
		f.mu.Lock()
		defer f.mu.Unlock()
		data := []any{}
		for _, v := range f.videos {
			data = append(data, f.summary(v))
		}
		writeJSON(w, http.StatusOK, map[string]any{"total": len(data), "data": data})
	})
	mux.HandleFunc("GET /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, v := range f.videos {
			if v.uuid == r.PathValue("id") && !v.gone {
				d := f.summary(v)
				d["description"] = v.description
				d["tags"] = v.tags
				d["state"] = map[string]any{"id": v.state, "label": "some state"}
				writeJSON(w, http.StatusOK, d)
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]any{"status": 404, "detail": "Video not found"})
	})
	mux.HandleFunc("GET /lazy-static/thumbnails/{name}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, v := range f.videos {
			if v.thumbnail == r.PathValue("name") && v.thumbnailBytes != nil {
				w.Header().Set("Content-Type", "image/jpeg")
				_, _ = w.Write(v.thumbnailBytes)
				return
			}
		}
		http.NotFound(w, r)
	})
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path)
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// summary is a video as lists give it (no description, no tags).
func (f *fakeTube) summary(v *fakeVideo) map[string]any {
	return map[string]any{
		"id": 1, "uuid": v.uuid, "shortUUID": v.short, "name": v.name,
		"url":                  f.srv.URL + "/videos/watch/" + v.uuid,
		"truncatedDescription": v.truncatedDescription,
		"privacy":              map[string]any{"id": v.privacy, "label": "some privacy"},
		"publishedAt":          v.publishedAt,
		"thumbnailPath":        "/lazy-static/thumbnails/" + v.thumbnail,
		"isLocal":              true,
	}
}

func (f *fakeTube) count(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

// fakeStatus is a POST /api/v1/statuses the fake Mastodon received.
type fakeStatus struct {
	Status   string   `json:"status"`
	MediaIDs []string `json:"media_ids"`
	Key      string   `json:"-"` // the Idempotency-Key
	ID       string   `json:"-"` // the status answered with
}

// fakeMedia is a POST /api/v2/media the fake Mastodon received.
type fakeMedia struct {
	ID, Name, Description string
	Content               []byte
}

// fakeSocial is a fake Mastodon 4.5: its instance, media uploads and
// statuses, which it makes once per Idempotency-Key as Mastodon does.
type fakeSocial struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []string
	posts    []fakeStatus      // every POST /api/v1/statuses
	byKey    map[string]string // Idempotency-Key → status id
	media    []fakeMedia
}

func newFakeSocial(t *testing.T) *fakeSocial {
	t.Helper()
	f := &fakeSocial{byKey: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"domain": "social.example", "version": "4.5.0",
			"source_url":   "https://github.com/mastodon/mastodon",
			"api_versions": map[string]int{"mastodon": 7},
			"configuration": map[string]any{
				"statuses":          map[string]any{"max_characters": 500, "characters_reserved_per_url": 23},
				"media_attachments": map[string]any{"description_limit": 1500},
			},
		})
	})
	mux.HandleFunc("POST /api/v2/media", f.authed(func(w http.ResponseWriter, r *http.Request) {
		file, hdr, err := r.FormFile("file")
		if !assert.NoError(t, err) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "no file"})
			return
		}
		content, _ := io.ReadAll(file)
		f.mu.Lock()
		m := fakeMedia{ID: fmt.Sprintf("m%d", len(f.media)+1), Name: hdr.Filename, Description: r.FormValue("description"), Content: content}
		f.media = append(f.media, m)
		f.mu.Unlock()
		assert.Equal(t, "image/jpeg", hdr.Header.Get("Content-Type"))
		writeJSON(w, http.StatusOK, map[string]any{
			"id": m.ID, "type": "image", "url": "https://social.example/media/" + m.ID + ".jpg", "description": m.Description,
		})
	}))
	mux.HandleFunc("POST /api/v1/statuses", f.authed(func(w http.ResponseWriter, r *http.Request) {
		var p fakeStatus
		if !assert.NoError(t, json.NewDecoder(r.Body).Decode(&p)) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "bad JSON"})
			return
		}
		p.Key = r.Header.Get("Idempotency-Key")
		f.mu.Lock()
		id, seen := f.byKey[p.Key]
		if !seen {
			id = fmt.Sprintf("11%04d", len(f.byKey)+1)
			f.byKey[p.Key] = id
		}
		p.ID = id
		f.posts = append(f.posts, p)
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{
			"id": id, "url": "https://social.example/@music/" + id, "content": "<p>…</p>",
			"visibility": "public", "created_at": "2025-05-02T18:05:00.000Z",
		})
	}))
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path)
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// authed refuses a request without the token.
func (f *fakeSocial) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "The access token is invalid"})
			return
		}
		h(w, r)
	}
}

// snapshot returns copies of what the fake received.
func (f *fakeSocial) snapshot() (posts []fakeStatus, media []fakeMedia, requests []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeStatus(nil), f.posts...), append([]fakeMedia(nil), f.media...), append([]string(nil), f.requests...)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// setup is a test's two fake servers, token file and state file.
type setup struct {
	tube      *fakeTube
	social    *fakeSocial
	tokenFile string
	stateFile string
}

func newSetup(t *testing.T, videos []*fakeVideo) *setup {
	t.Helper()
	dir := t.TempDir()
	s := &setup{
		tube:      newFakeTube(t, videos),
		social:    newFakeSocial(t),
		tokenFile: filepath.Join(dir, "token"),
		stateFile: filepath.Join(dir, "state.json"),
	}
	require.NoError(t, os.WriteFile(s.tokenFile, []byte(testToken+"\n"), 0o600))
	return s
}

func (s *setup) args(more ...string) []string {
	return append([]string{
		"-peertube", s.tube.srv.URL, "-channel", testChannel,
		"-mastodon", s.social.srv.URL, "-mastodon-token-file", s.tokenFile,
		"-state", s.stateFile,
	}, more...)
}

func testEnv() env {
	return env{
		peertube: peertube.Options{AllowLoopback: true, AllowHTTP: true, MaxRetries: -1},
		mastodon: mastodon.Options{AllowLoopback: true, AllowHTTP: true, MaxRetries: -1},
	}
}

// result is what a run gave.
type result struct {
	code           int
	stdout, stderr string
}

func runCmd(ctx context.Context, args ...string) result {
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, &stdout, &stderr, testEnv())
	return result{code, stdout.String(), stderr.String()}
}

// wantText is the status of the fake video with uuid.
func (s *setup) wantText(uuid string) string {
	switch uuid {
	case uuidSpring:
		return "Spring concert\n\nThe choir sings Vivaldi and Pärt in the old town hall.\n\n" +
			s.tube.srv.URL + "/w/4x5VnRbz2yz2Gp3oq6Uw5P\n\n#music #ClassicalMusic #choir"
	case uuidRehearsal:
		return "Rehearsal, part 2\n\nWhere we practise the hard bits!\n\n" +
			s.tube.srv.URL + "/w/pQ4sW8e2Xk1vTn7bYc3RmA\n\n#BehindTheScenes #VivaldiGloria #Music"
	}
	panic(uuid)
}

// Both videos are announced, oldest first: text, hashtags, thumbnail
// with alt text, derived Idempotency-Keys; the state records them, and a
// second run posts nothing.
func TestAnnounce(t *testing.T) {
	t.Parallel()
	s := newSetup(t, testVideos())

	res := runCmd(t.Context(), s.args("-once")...)
	require.Equal(t, exitOK, res.code, res.stderr)

	posts, media, _ := s.social.snapshot()
	require.Len(t, posts, 2)
	assert.Equal(t, s.wantText(uuidSpring), posts[0].Status)
	assert.Equal(t, s.wantText(uuidRehearsal), posts[1].Status)
	assert.Equal(t, keySpring, posts[0].Key)
	assert.Equal(t, keyRehearsal, posts[1].Key)
	assert.Equal(t, []string{"m1"}, posts[0].MediaIDs)
	assert.Equal(t, []string{"m2"}, posts[1].MediaIDs)
	require.Len(t, media, 2)
	assert.Equal(t, fakeMedia{ID: "m1", Name: "spring.jpg", Description: "Thumbnail of Spring concert", Content: []byte("\xff\xd8\xff\xe0 spring")}, media[0])
	assert.Equal(t, fakeMedia{ID: "m2", Name: "rehearsal.jpg", Description: "Thumbnail of Rehearsal, part 2", Content: []byte("\xff\xd8\xff\xe0 rehearsal")}, media[1])

	assert.Equal(t, "announced \"Spring concert\": https://social.example/@music/110001\n"+
		"announced \"Rehearsal, part 2\": https://social.example/@music/110002\n", res.stdout)

	st, err := loadState(s.stateFile)
	require.NoError(t, err)
	assert.Equal(t, s.tube.srv.URL+"/", st.PeerTube)
	assert.Equal(t, testChannel, st.Channel)
	assert.Equal(t, s.social.srv.URL+"/", st.Mastodon)
	require.Len(t, st.Announced, 2)
	assert.Equal(t, mastodon.ID("110001"), st.Announced[uuidSpring].StatusID)
	assert.Equal(t, "https://social.example/@music/110002", st.Announced[uuidRehearsal].StatusURL)

	// Again: nothing new, nothing posted, no video read.
	details := s.tube.count("GET /api/v1/videos/")
	res = runCmd(t.Context(), s.args("-once")...)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, res.stdout)
	posts, media, _ = s.social.snapshot()
	assert.Len(t, posts, 2)
	assert.Len(t, media, 2)
	assert.Equal(t, details, s.tube.count("GET /api/v1/videos/"))
}

// A crash after a post and before the state is saved: the next run posts
// that video again with the same Idempotency-Key, and the server, which
// keeps the keys, answers with the status it made; there is one status
// per video.
func TestCrashBetweenPostAndSave(t *testing.T) {
	t.Parallel()
	s := newSetup(t, testVideos())
	res := runCmd(t.Context(), s.args("-once")...)
	require.Equal(t, exitOK, res.code, res.stderr)

	// As if the process had died after posting the second video, before
	// saving the state: the state knows only the first.
	st, err := loadState(s.stateFile)
	require.NoError(t, err)
	delete(st.Announced, uuidRehearsal)
	require.NoError(t, st.save(s.stateFile))

	res = runCmd(t.Context(), s.args("-once")...)
	require.Equal(t, exitOK, res.code, res.stderr)
	posts, _, _ := s.social.snapshot()
	require.Len(t, posts, 3)
	assert.Equal(t, keyRehearsal, posts[2].Key, "the same key as the first attempt")
	assert.Equal(t, s.wantText(uuidRehearsal), posts[2].Status)
	assert.Equal(t, posts[1].ID, posts[2].ID, "the server made no second status")
	ids := map[string]bool{}
	for _, p := range posts {
		ids[p.ID] = true
	}
	assert.Len(t, ids, 2)

	st, err = loadState(s.stateFile)
	require.NoError(t, err)
	assert.Equal(t, mastodon.ID(posts[1].ID), st.Announced[uuidRehearsal].StatusID)
}

// -dry-run prints the statuses, posts nothing, saves nothing and needs no
// token.
func TestDryRun(t *testing.T) {
	t.Parallel()
	s := newSetup(t, testVideos())
	args := []string{"-peertube", s.tube.srv.URL, "-channel", testChannel, "-mastodon", s.social.srv.URL, "-state", s.stateFile, "-dry-run", "-once"}

	res := runCmd(t.Context(), args...)
	require.Equal(t, exitOK, res.code, res.stderr)
	for _, uuid := range []string{uuidSpring, uuidRehearsal} {
		want := strings.ReplaceAll("    "+s.wantText(uuid), "\n", "\n    ")
		assert.Contains(t, res.stdout, strings.ReplaceAll(want, "\n    \n", "\n\n"))
	}
	assert.Contains(t, res.stdout, "would announce "+uuidSpring+` ("Spring concert"), Idempotency-Key `+keySpring)
	assert.Contains(t, res.stdout, "  picture "+s.tube.srv.URL+`/lazy-static/thumbnails/spring.jpg, alt text "Thumbnail of Spring concert"`)
	assert.Less(t, strings.Index(res.stdout, uuidSpring), strings.Index(res.stdout, uuidRehearsal), "oldest first")

	posts, media, requests := s.social.snapshot()
	assert.Empty(t, posts)
	assert.Empty(t, media)
	for _, r := range requests {
		assert.True(t, strings.HasPrefix(r, "GET "), r)
	}
	assert.NoFileExists(t, s.stateFile)
	assert.Zero(t, s.tube.count("GET /lazy-static/"), "no thumbnail downloaded")
}

// Videos that are not public, or not published yet, are not announced,
// and not recorded: one published later is announced then.
func TestOnlyPublishedPublicVideos(t *testing.T) {
	t.Parallel()
	videos := testVideos()
	videos[0].state = 2 // to transcode
	videos[1].privacy = 2
	private := &fakeVideo{uuid: "00000000-0000-4000-8000-000000000003", short: "p", name: "Private", privacy: 3, state: 1, thumbnail: "p.jpg"}
	s := newSetup(t, append(videos, private))

	res := runCmd(t.Context(), s.args("-once", "-v")...)
	require.Equal(t, exitOK, res.code, res.stderr)
	posts, _, _ := s.social.snapshot()
	assert.Empty(t, posts)
	assert.Equal(t, 1, s.tube.count("GET /api/v1/videos/"), "only the listed public video is read")
	assert.Contains(t, res.stderr, "not public or not published")

	s.tube.mu.Lock()
	videos[0].state = 1
	s.tube.mu.Unlock()
	res = runCmd(t.Context(), s.args("-once")...)
	require.Equal(t, exitOK, res.code, res.stderr)
	posts, _, _ = s.social.snapshot()
	require.Len(t, posts, 1)
	assert.Equal(t, keyRehearsal, posts[0].Key)
}

// Without -once, it polls until the context ends (Ctrl-C), then exits
// with 0.
func TestPollUntilInterrupted(t *testing.T) {
	t.Parallel()
	s := newSetup(t, testVideos())
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan result, 1)
	go func() { done <- runCmd(ctx, s.args("-interval", "1h")...) }()

	require.Eventually(t, func() bool {
		posts, _, _ := s.social.snapshot()
		return len(posts) == 2
	}, 10*time.Second, 5*time.Millisecond)
	cancel()
	res := <-done
	assert.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "msg=stopped")
}

// A video that cannot be read fails the poll, but not the others.
func TestFailureOfOneVideo(t *testing.T) {
	t.Parallel()
	videos := testVideos()
	videos[0].gone = true
	s := newSetup(t, videos)

	res := runCmd(t.Context(), s.args("-once")...)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "reading video "+videos[0].uuid)
	posts, _, _ := s.social.snapshot()
	require.Len(t, posts, 1)
	assert.Equal(t, keySpring, posts[0].Key)
}

// A thumbnail the server does not have: the status goes without it.
func TestMissingThumbnail(t *testing.T) {
	t.Parallel()
	videos := testVideos()[1:]
	videos[0].thumbnailBytes = nil
	s := newSetup(t, videos)
	res := runCmd(t.Context(), s.args("-once")...)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "the thumbnail is missing")
	posts, media, _ := s.social.snapshot()
	require.Len(t, posts, 1)
	assert.Empty(t, posts[0].MediaIDs)
	assert.Empty(t, media)
	assert.Equal(t, s.wantText(uuidSpring), posts[0].Status)
}

// A state file of another channel is refused.
func TestStateOfAnotherChannel(t *testing.T) {
	t.Parallel()
	s := newSetup(t, testVideos())
	other := &state{PeerTube: "https://elsewhere.example/", Channel: "films", Mastodon: s.social.srv.URL + "/", Announced: map[string]*announcement{}}
	require.NoError(t, other.save(s.stateFile))
	res := runCmd(t.Context(), s.args("-once")...)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "the state is of channel films")
	posts, _, _ := s.social.snapshot()
	assert.Empty(t, posts)
}

// Wrong command lines exit with 2 and say why.
func TestUsage(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	empty := filepath.Join(t.TempDir(), "empty")
	require.NoError(t, os.WriteFile(empty, []byte("\n"), 0o600))
	without := func(flag string) []string {
		args := s.args()
		for i := 0; i < len(args); i += 2 {
			if args[i] == flag {
				return append(args[:i:i], args[i+2:]...)
			}
		}
		panic(flag)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"argument", s.args("extra"), `unexpected argument "extra"`},
		{"no peertube", without("-peertube"), "-peertube is required"},
		{"no channel", without("-channel"), "-channel is required"},
		{"no mastodon", without("-mastodon"), "-mastodon is required"},
		{"no token", without("-mastodon-token-file"), "-mastodon-token-file is required"},
		{"bad peertube", s.args("-peertube", "videos.example"), "-peertube: peertube: server URL"},
		{"bad mastodon", s.args("-mastodon", "ftp://social.example"), "-mastodon: mastodon: "},
		{"bad handle", s.args("-channel", "../admin"), "is not a channel handle"},
		{"short interval", s.args("-interval", "10ms"), "-interval must be at least a second"},
		{"bad interval", s.args("-interval", "often"), "invalid value"},
		{"missing token file", s.args("-mastodon-token-file", filepath.Join(t.TempDir(), "none")), "reading -mastodon-token-file"},
		{"empty token file", s.args("-mastodon-token-file", empty), "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runCmd(t.Context(), tt.args...)
			assert.Equal(t, exitUsage, res.code)
			assert.Contains(t, res.stderr, tt.want)
			assert.Empty(t, res.stdout)
		})
	}

	res := runCmd(t.Context(), "-h")
	assert.Equal(t, exitOK, res.code)
	assert.Contains(t, res.stderr, "Usage:\n  crosspost -peertube URL")
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	assert.Equal(t, keySpring, idempotencyKey(uuidSpring))
	assert.Equal(t, keyRehearsal, idempotencyKey(uuidRehearsal))
	assert.Len(t, idempotencyKey(""), 32)
}

func TestHashtag(t *testing.T) {
	t.Parallel()
	for tag, want := range map[string]string{
		"music":              "#music",
		"Music":              "#Music",
		"open source":        "#OpenSource",
		"peer-tube":          "#PeerTube",
		"behind the scenes":  "#BehindTheScenes",
		"3d printing":        "#3dPrinting",
		"snake_case":         "#snake_case",
		"café":               "#café",
		"musique classique":  "#MusiqueClassique",
		"日本語":                "#日本語",
		"c++":                "#c",
		"2025":               "",
		"#":                  "",
		"  ":                 "",
		"__":                 "",
		"rock'n'roll":        "#RockNRoll",
		"#already":           "#already",
		"año nuevo 2025":     "#AñoNuevo2025",
		"e\u0301te\u0301 ok": "#E\u0301te\u0301Ok",
	} {
		assert.Equal(t, want, hashtag(tag), tag)
	}
	assert.Equal(t, []string{"#music", "#OpenSource"}, hashtags([]string{"music", "2024", "MUSIC", "open source", "open-source"}))
}

func TestFirstSentence(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"One. Two.", "One."},
		{"No end mark", "No end mark"},
		{"Version 2.5 is out! Get it now.", "Version 2.5 is out!"},
		{"See example.com for more. Thanks", "See example.com for more."},
		{"# Title\n\nFirst *line*\nsecond line. More.", "First line second line."},
		{"He said \"stop.\" Then left.", "He said \"stop.\""},
		{"A [link](https://x.example) and ![img](y.png)an image… next", "A link and an image…"},
		{"- item one. item two", "item one."},
		{"> quoted? yes", "quoted?"},
		{"__Bold__ start. x", "Bold start."},
		{"Visit <https://x.example/a.b> now. Later.", "Visit https://x.example/a.b now."},
		{"日本語の文です。次の文。", "日本語の文です。"},
		{"\r\n\r\nfirst\r\nparagraph.\r\n\r\nsecond.", "first paragraph."},
		{"```\ncode\n```", "code"},
		{"snake_case_name stays. yes", "snake_case_name stays."},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, firstSentence(tt.in, 280), tt.in)
	}
	long := strings.Repeat("word ", 100) + "end."
	got := firstSentence(long, 40)
	assert.Equal(t, strings.Repeat("word ", 7)+"word…", got)
}

// A status longer than the server allows loses the end of its sentence,
// then hashtags; the link and title stay.
func TestStatusTextFits(t *testing.T) {
	t.Parallel()
	v := &peertube.VideoDetails{
		Video:       peertube.Video{Name: "A  title\nwith spaces", ShortUUID: "abc"},
		Description: strings.Repeat("lorem ipsum ", 40) + "end.",
		Tags:        []string{"one", "two", "three"},
	}
	link := "https://videos.example.org/w/abc" // counts for 23 characters; videos.example would count in full: .example is no TLD
	rules := mastodon.LengthRules{MaxCharacters: 500, CharactersReservedPerURL: 23}
	text := statusText(v, link, rules)
	sentence, _, _ := strings.Cut(strings.TrimPrefix(text, "A title with spaces\n\n"), "\n")
	assert.True(t, strings.HasPrefix(sentence, "lorem ipsum"), text)
	assert.LessOrEqual(t, len([]rune(sentence)), maxSentence)
	assert.Contains(t, text, "…\n\n"+link+"\n\n#one #two #three")

	rules.MaxCharacters = 100
	text = statusText(v, link, rules)
	assert.LessOrEqual(t, mastodon.StatusLength(text, "", rules), 100)
	assert.Contains(t, text, "…\n\n"+link+"\n\n#one #two #three")

	rules.MaxCharacters = 52
	text = statusText(v, link, rules)
	assert.Equal(t, "A title with spaces\n\n"+link+"\n\n#one", text)

	v.Description = ""
	v.TruncatedDescription = "From the list. More."
	assert.Equal(t, "A title with spaces\n\nFrom the list.\n\n"+link, statusText(&peertube.VideoDetails{Video: v.Video}, link, mastodon.LengthRules{}))
}
