package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/mastodon"
)

// The fake server's settings.
const (
	testToken     = "test-token"
	testAltLimit  = 300
	testMaxChars  = 500
	testClientID  = "client-id"
	testAuthCode  = "the-code"
	testAccountID = "7"
)

// testRules are the fake server's length rules.
func testRules() mastodon.LengthRules {
	return mastodon.LengthRules{MaxCharacters: testMaxChars, CharactersReservedPerURL: 23}
}

// fakePost is a POST /api/v1/statuses the fake server received.
type fakePost struct {
	Status      string   `json:"status"`
	InReplyToID string   `json:"in_reply_to_id"`
	MediaIDs    []string `json:"media_ids"`
	SpoilerText string   `json:"spoiler_text"`
	Visibility  string   `json:"visibility"`
	Language    string   `json:"language"`
	ScheduledAt string   `json:"scheduled_at"`

	Key  string // the Idempotency-Key header
	Code int    // the status of the answer
	ID   string // the status made, if any
}

// fakeUpload is a POST /api/v2/media the fake server received.
type fakeUpload struct {
	Name, Description string
	Size              int
}

// fake is a fake Mastodon server: enough of the API for announcer.
type fake struct {
	t   *testing.T
	srv *httptest.Server

	mu         sync.Mutex
	requests   []string // "METHOD /path" of every request, in order
	posts      []fakePost
	byKey      map[string]string // Idempotency-Key → status id
	uploads    []fakeUpload
	mediaPolls map[string]int
	apps       int
	tokenForm  url.Values
	nextID     int
	// failPost makes the failPost-th POST /api/v1/statuses (counting
	// from 1) fail with 422.
	failPost int
	// noMetadata makes the OAuth metadata missing, as before 4.3.
	noMetadata bool
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{t: t, byKey: map[string]string{}, mediaPolls: map[string]int{}, nextID: 100}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/instance", f.instance)
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", f.metadata)
	mux.HandleFunc("POST /api/v1/apps", f.createApp)
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("GET /api/v1/accounts/verify_credentials", f.authed(f.verifyCredentials))
	mux.HandleFunc("POST /api/v2/media", f.authed(f.upload))
	mux.HandleFunc("GET /api/v1/media/{id}", f.authed(f.getMedia))
	mux.HandleFunc("POST /api/v1/statuses", f.authed(f.postStatus))
	mux.HandleFunc("GET /api/v1/scheduled_statuses", f.authed(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, []any{})
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

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// authed refuses a request without the test token.
func (f *fake) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "The access token is invalid"})
			return
		}
		h(w, r)
	}
}

func (f *fake) instance(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"domain": "social.example", "title": "Fake", "version": "4.5.0",
		"source_url":   "https://github.com/mastodon/mastodon",
		"api_versions": map[string]int{"mastodon": 6},
		"configuration": map[string]any{
			"statuses": map[string]any{
				"max_characters": testMaxChars, "max_media_attachments": 4, "characters_reserved_per_url": 23,
			},
			"media_attachments": map[string]any{
				"supported_mime_types": []string{"image/png"}, "description_limit": testAltLimit,
			},
		},
	})
}

func (f *fake) metadata(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	missing := f.noMetadata
	f.mu.Unlock()
	if missing {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not found"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                           f.srv.URL + "/",
		"authorization_endpoint":           f.srv.URL + "/oauth/authorize",
		"token_endpoint":                   f.srv.URL + "/oauth/token",
		"response_types_supported":         []string{"code"},
		"grant_types_supported":            []string{"authorization_code", "client_credentials"},
		"code_challenge_methods_supported": []string{"S256"},
	})
}

func (f *fake) createApp(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name         string `json:"client_name"`
		RedirectURIs string `json:"redirect_uris"`
		Scopes       string `json:"scopes"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Name == "" ||
		body.RedirectURIs != mastodon.RedirectOOB || body.Scopes != "read write" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": fmt.Sprintf("bad app %+v (%v)", body, err)})
		return
	}
	f.mu.Lock()
	f.apps++
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "3", "name": body.Name, "scopes": []string{"read", "write"}, "redirect_uris": []string{mastodon.RedirectOOB},
		"client_id": testClientID, "client_secret": "client-secret",
	})
}

func (f *fake) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	f.mu.Lock()
	f.tokenForm = r.PostForm
	f.mu.Unlock()
	if r.PostForm.Get("code") != testAuthCode || r.PostForm.Get("client_id") != testClientID {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": testToken, "token_type": "Bearer", "scope": "read write", "created_at": 1735689600,
	})
}

func (f *fake) account() map[string]any {
	return map[string]any{
		"id": testAccountID, "username": "news", "acct": "news", "display_name": "University news",
		"url": f.srv.URL + "/@news", "created_at": "2020-01-01T00:00:00.000Z",
	}
}

func (f *fake) verifyCredentials(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, f.account())
}

func (f *fake) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
		return
	}
	_ = file.Close()
	f.mu.Lock()
	f.uploads = append(f.uploads, fakeUpload{Name: hdr.Filename, Description: r.FormValue("description"), Size: int(hdr.Size)})
	id := "m" + strconv.Itoa(len(f.uploads))
	f.mu.Unlock()
	writeJSON(w, http.StatusAccepted, map[string]any{
		"id": id, "type": "image", "url": nil, "preview_url": f.srv.URL + "/preview/" + id, "description": r.FormValue("description"),
	})
}

// getMedia answers 206 (still processing) the first time, then 200.
func (f *fake) getMedia(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f.mu.Lock()
	f.mediaPolls[id]++
	polls := f.mediaPolls[id]
	f.mu.Unlock()
	a := map[string]any{"id": id, "type": "image", "url": nil, "preview_url": f.srv.URL + "/preview/" + id}
	if polls == 1 {
		writeJSON(w, http.StatusPartialContent, a)
		return
	}
	a["url"] = f.srv.URL + "/media/" + id
	writeJSON(w, http.StatusOK, a)
}

func (f *fake) postStatus(w http.ResponseWriter, r *http.Request) {
	var p fakePost
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": err.Error()})
		return
	}
	p.Key = r.Header.Get("Idempotency-Key")
	f.mu.Lock()
	defer f.mu.Unlock()
	switch id, seen := f.byKey[p.Key]; {
	case len(f.posts)+1 == f.failPost:
		p.Code = http.StatusUnprocessableEntity
	case seen:
		p.Code, p.ID = http.StatusOK, id // as Mastodon: the same status again
	default:
		f.nextID++
		p.Code, p.ID = http.StatusOK, strconv.Itoa(f.nextID)
		if p.Key != "" {
			f.byKey[p.Key] = p.ID
		}
	}
	f.posts = append(f.posts, p)
	if p.Code != http.StatusOK {
		writeJSON(w, p.Code, map[string]string{"error": "Validation failed: the fake refuses this one"})
		return
	}
	var media []map[string]any
	for _, id := range p.MediaIDs {
		media = append(media, map[string]any{"id": id, "type": "image", "url": f.srv.URL + "/media/" + id})
	}
	if p.ScheduledAt != "" {
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "s" + p.ID, "scheduled_at": p.ScheduledAt, "media_attachments": media,
			"params": map[string]any{"text": p.Status, "visibility": p.Visibility, "idempotency": p.Key},
		})
		return
	}
	var reply any
	if p.InReplyToID != "" {
		reply = p.InReplyToID
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": p.ID, "uri": f.srv.URL + "/users/news/statuses/" + p.ID, "url": f.srv.URL + "/@news/" + p.ID,
		"created_at": "2025-06-01T10:00:00.000Z", "in_reply_to_id": reply, "visibility": p.Visibility,
		"spoiler_text": p.SpoilerText, "language": p.Language, "content": "<p>" + p.Status + "</p>",
		"account": f.account(), "media_attachments": media,
	})
}

// posted returns the statuses the server made, in order.
func (f *fake) posted() []fakePost {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakePost
	for _, p := range f.posts {
		if p.Code == http.StatusOK {
			out = append(out, p)
		}
	}
	return out
}

// allPosts returns every POST /api/v1/statuses, refused ones included.
func (f *fake) allPosts() []fakePost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakePost(nil), f.posts...)
}

// writes returns the requests that were not GETs.
func (f *fake) writes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		if !strings.HasPrefix(r, "GET ") {
			out = append(out, r)
		}
	}
	return out
}

func (f *fake) resetRequests() {
	f.mu.Lock()
	f.requests = nil
	f.mu.Unlock()
}

// testEnv lets the client reach the fake server.
func testEnv() env {
	return env{client: mastodon.Options{AllowLoopback: true, AllowHTTP: true}, mediaPoll: time.Millisecond}
}

// bot is a directory of announcements with its credentials and state
// files.
type bot struct {
	dir, creds, state string
}

// newBot makes the directory, and a credentials file for the fake server
// unless f is nil.
func newBot(t *testing.T, f *fake) *bot {
	t.Helper()
	root := t.TempDir()
	b := &bot{dir: filepath.Join(root, "announcements"), creds: filepath.Join(root, "creds.json"), state: filepath.Join(root, "state.json")}
	require.NoError(t, os.Mkdir(b.dir, 0o755))
	if f != nil {
		c := &credentials{
			Server: f.srv.URL + "/",
			App:    &mastodon.Application{Name: appName, ClientID: testClientID, ClientSecret: "client-secret"},
		}
		c.Token = &oauth2.Token{AccessToken: testToken, TokenType: "Bearer"}
		require.NoError(t, c.save(b.creds))
	}
	return b
}

// write writes a file of the announcements directory.
func (b *bot) write(t *testing.T, name, content string) {
	t.Helper()
	p := filepath.Join(b.dir, filepath.FromSlash(name))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
}

// result is what a run gave.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the command against the fake server.
func (f *fake) run(t *testing.T, e env, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), append([]string{"-server", f.srv.URL}, args...), strings.NewReader(stdin), &out, &errb, e)
	return result{code, out.String(), errb.String()}
}

// post runs a posting run of b.
func (f *fake) post(t *testing.T, b *bot, more ...string) result {
	t.Helper()
	return f.run(t, testEnv(), "", append([]string{"-dir", b.dir, "-credentials", b.creds, "-state", b.state}, more...)...)
}

func (b *bot) loadState(t *testing.T) *state {
	t.Helper()
	st, err := loadState(b.state)
	require.NoError(t, err)
	return st
}

// pngBytes is a tiny file that stands for a picture.
const pngBytes = "\x89PNG\r\n\x1a\nnot really a picture"

// longBody returns Markdown paragraphs of about n characters.
func longBody(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Paragraph %d. The library opens its new reading room on the second floor, "+
			"with quiet desks, power sockets and late hours for the exam period. Details at https://uni.example/library/reading-room-%d.\n\n", i, i)
	}
	return b.String()
}

const shortFile = `---
visibility: unlisted
language: en
cw: Campus works
image: img/plan.png | Map of the campus: the north entrance is closed, use the west gate.
---
# North entrance closed

From **1 September** the north entrance is closed.
Details on [our website](https://uni.example/works).
`

// A short file is one status: its image is uploaded with its alt text,
// waited for, and attached.
func TestPostShortWithImage(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	b := newBot(t, f)
	b.write(t, "01-works.md", shortFile)
	b.write(t, "img/plan.png", pngBytes)

	res := f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)

	f.mu.Lock()
	uploads, requests := f.uploads, f.requests
	f.mu.Unlock()
	require.Len(t, uploads, 1)
	assert.Equal(t, fakeUpload{Name: "plan.png", Description: "Map of the campus: the north entrance is closed, use the west gate.", Size: len(pngBytes)}, uploads[0])
	// Upload, then wait (206, then 200), then post.
	var order []string
	for _, r := range requests {
		if strings.Contains(r, "/media") || strings.Contains(r, "/statuses") {
			order = append(order, r)
		}
	}
	assert.Equal(t, []string{"POST /api/v2/media", "GET /api/v1/media/m1", "GET /api/v1/media/m1", "POST /api/v1/statuses"}, order)

	posts := f.posted()
	require.Len(t, posts, 1)
	p := posts[0]
	assert.Equal(t, "North entrance closed\n\nFrom 1 September the north entrance is closed. Details on our website (https://uni.example/works).", p.Status)
	assert.Equal(t, []string{"m1"}, p.MediaIDs)
	assert.Equal(t, "unlisted", p.Visibility)
	assert.Equal(t, "en", p.Language)
	assert.Equal(t, "Campus works", p.SpoilerText)
	assert.Empty(t, p.InReplyToID)
	assert.NotEmpty(t, p.Key)
	assert.Contains(t, res.stdout, "posted 01-works.md: "+f.srv.URL+"/@news/"+p.ID)

	rec := b.loadState(t).Files["01-works.md"]
	require.NotNil(t, rec)
	assert.True(t, rec.Done)
	assert.Equal(t, contentSum([]byte(shortFile)), rec.SHA256)
	assert.Equal(t, []mastodon.ID{mastodon.ID(p.ID)}, rec.Progress.Posted)
	assert.Equal(t, []string{p.Key}, rec.Progress.Keys)
}

// A long file is a thread: each part fits, carries its counter and
// replies to the one before; the image goes on the first.
func TestPostLongThread(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	b := newBot(t, f)
	body := longBody(1400)
	b.write(t, "02-library.md", "---\ncw: Long read\nimage: p.png | The reading room\n---\n"+body)
	b.write(t, "p.png", pngBytes)

	res := f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)

	posts := f.posted()
	require.GreaterOrEqual(t, len(posts), 3)
	n := len(posts)
	var joined []string
	for i, p := range posts {
		count := mastodon.StatusLength(p.Status, p.SpoilerText, testRules())
		assert.LessOrEqual(t, count, testMaxChars, "part %d", i+1)
		assert.Greater(t, count, testMaxChars/2, "part %d is short", i+1)
		assert.True(t, strings.HasSuffix(p.Status, fmt.Sprintf(" %d/%d", i+1, n)), "part %d: %q", i+1, p.Status)
		assert.Equal(t, "Long read", p.SpoilerText)
		if i == 0 {
			assert.Empty(t, p.InReplyToID)
			assert.Equal(t, []string{"m1"}, p.MediaIDs)
		} else {
			assert.Equal(t, posts[i-1].ID, p.InReplyToID, "part %d", i+1)
			assert.Empty(t, p.MediaIDs)
		}
		joined = append(joined, strings.TrimSuffix(p.Status, fmt.Sprintf(" %d/%d", i+1, n)))
	}
	// Nothing lost: the parts make the text, cut at paragraphs.
	assert.Equal(t, markdownToText(body), strings.Join(joined, "\n\n"))
	assert.Contains(t, res.stdout, fmt.Sprintf("posted 02-library.md (%d statuses)", n))
}

// A second run posts nothing, even after the file was touched; a
// changed file is reported and skipped, unless -repost-changed.
func TestRerun(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	b := newBot(t, f)
	b.write(t, "01-works.md", shortFile)
	b.write(t, "img/plan.png", pngBytes)
	b.write(t, "02-short.md", "Just a line.\n")
	require.Equal(t, exitOK, f.post(t, b).code)
	require.Len(t, f.posted(), 2)

	f.resetRequests()
	later := time.Now().Add(time.Hour)
	require.NoError(t, os.Chtimes(filepath.Join(b.dir, "01-works.md"), later, later))
	res := f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, f.writes(), "a re-run must not post or upload")
	assert.Len(t, f.posted(), 2)

	b.write(t, "02-short.md", "Just a line, changed.\n")
	res = f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, f.writes())
	assert.Contains(t, res.stderr, "changed since it was posted")
	assert.Contains(t, res.stderr, "02-short.md")

	res = f.post(t, b, "-repost-changed")
	require.Equal(t, exitOK, res.code, res.stderr)
	posts := f.posted()
	require.Len(t, posts, 3)
	assert.Equal(t, "Just a line, changed.", posts[2].Status)
	assert.Equal(t, contentSum([]byte("Just a line, changed.\n")), b.loadState(t).Files["02-short.md"].SHA256)
}

// A file that failed before any of it was posted may be edited and is
// then planned afresh; a thread partly posted, once edited, is skipped.
func TestChangedBeforePosting(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.failPost = 1
	b := newBot(t, f)
	b.write(t, "01.md", "First try.\n")
	require.Equal(t, exitFailure, f.post(t, b).code)
	require.Empty(t, f.posted())

	b.write(t, "01.md", "Second try.\n")
	res := f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)
	posts := f.posted()
	require.Len(t, posts, 1)
	assert.Equal(t, "Second try.", posts[0].Status)
	assert.Contains(t, res.stderr, "planning it again")

	f.mu.Lock()
	f.failPost = len(f.posts) + 2
	f.mu.Unlock()
	b.write(t, "02.md", longBody(1400))
	require.Equal(t, exitFailure, f.post(t, b).code)
	require.Len(t, f.posted(), 2)
	b.write(t, "02.md", longBody(1400)+"One more line.\n")
	res = f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Len(t, f.posted(), 2)
	assert.Contains(t, res.stderr, "the file changed since 1 of its ")
}

// An image without alt text is refused, and then nothing at all is
// posted, not even the other files.
func TestImageWithoutAltRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ line, want string }{
		{"image: img/plan.png", "no alt text"},
		{"image: img/plan.png |   ", "no alt text"},
		{"image: img/plan.png | " + strings.Repeat("é", testAltLimit+1), fmt.Sprintf("%d characters long, over the server's limit of %d", testAltLimit+1, testAltLimit)},
		{"image: img/missing.png | A plan", "missing.png"},
	} {
		t.Run(tc.line[:min(len(tc.line), 30)], func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			b := newBot(t, f)
			b.write(t, "01-fine.md", "A fine announcement.\n")
			b.write(t, "02-bad.md", "---\n"+tc.line+"\n---\nHello.\n")
			b.write(t, "img/plan.png", pngBytes)

			res := f.post(t, b)
			assert.Equal(t, exitFailure, res.code)
			assert.Contains(t, res.stderr, "02-bad.md")
			assert.Contains(t, res.stderr, tc.want)
			assert.Contains(t, res.stderr, "nothing was posted")
			assert.Empty(t, f.writes())
			_, err := os.Stat(b.state)
			assert.ErrorIs(t, err, os.ErrNotExist)
		})
	}
}

// A thread that failed at part 2 is resumed by the next run from part 2,
// with the same idempotency key, as a reply to part 1, which is not
// posted again; neither is the image uploaded again.
func TestResumeThread(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.failPost = 2
	b := newBot(t, f)
	b.write(t, "03-thread.md", "---\nimage: p.png | The reading room\n---\n"+longBody(1400))
	b.write(t, "p.png", pngBytes)

	res := f.post(t, b)
	require.Equal(t, exitFailure, res.code)
	rec := b.loadState(t).Files["03-thread.md"]
	require.NotNil(t, rec)
	n := len(rec.Parts)
	require.GreaterOrEqual(t, n, 3)
	assert.Contains(t, res.stderr, fmt.Sprintf("posting part 2 of %d", n))
	assert.NotContains(t, res.stderr, "part 2 of 2")
	assert.False(t, rec.Done)
	first := f.posted()
	require.Len(t, first, 1)
	assert.Equal(t, []mastodon.ID{mastodon.ID(first[0].ID)}, rec.Progress.Posted, "the state is saved after each part")
	failed := f.allPosts()[1]
	require.Equal(t, http.StatusUnprocessableEntity, failed.Code)

	res = f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)
	posts := f.posted()
	require.Len(t, posts, n, "each part posted once")
	assert.Equal(t, first[0].Key, posts[0].Key)
	assert.Equal(t, failed.Key, posts[1].Key, "part 2 keeps its idempotency key")
	assert.Equal(t, posts[0].ID, posts[1].InReplyToID)
	for i := 2; i < n; i++ {
		assert.Equal(t, posts[i-1].ID, posts[i].InReplyToID)
	}
	f.mu.Lock()
	assert.Len(t, f.uploads, 1)
	f.mu.Unlock()
	rec = b.loadState(t).Files["03-thread.md"]
	assert.True(t, rec.Done)
	assert.Len(t, rec.Progress.Posted, n)
}

var partLine = regexp.MustCompile(`(?m)^  \[(\d+)/(\d+)\] (\d+)/(\d+) chars$`)

// -dry-run shows each part with its length and the images, needs no
// credentials, and neither posts nor writes the state.
func TestDryRun(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	b := newBot(t, nil) // no credentials
	body := longBody(1400)
	b.write(t, "01-thread.md", "---\ncw: Long read\nimage: p.png | The reading room\n---\n"+body)
	b.write(t, "p.png", pngBytes)
	b.write(t, "02-short.md", "---\nvisibility: public\n---\nJust a line.\n")

	res := f.post(t, b, "-dry-run")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, f.writes())
	_, err := os.Stat(b.state)
	assert.ErrorIs(t, err, os.ErrNotExist)

	parts, err := mastodon.SplitThread(markdownToText(body), mastodon.SplitOptions{Rules: testRules(), Counter: true, Spoiler: "Long read"})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(parts), 3)
	lines := partLine.FindAllStringSubmatch(res.stdout, -1)
	require.Len(t, lines, len(parts)+1, res.stdout)
	for i, p := range parts {
		assert.Equal(t, []string{
			lines[i][0], strconv.Itoa(i + 1), strconv.Itoa(len(parts)),
			strconv.Itoa(mastodon.StatusLength(p, "Long read", testRules())), "500",
		}, lines[i])
		assert.Contains(t, res.stdout, "      "+strings.SplitN(p, "\n", 2)[0]+"\n")
	}
	assert.Equal(t, "  [1/1] 12/500 chars", lines[len(parts)][0])
	assert.Contains(t, res.stdout, fmt.Sprintf("01-thread.md: a thread of %d statuses, the account's default visibility, content warning \"Long read\"\n", len(parts)))
	assert.Contains(t, res.stdout, "image "+filepath.Join(b.dir, "p.png")+`: "The reading room" (16/300 chars)`)
	assert.Contains(t, res.stdout, "02-short.md: 1 status, visibility public\n")
}

// -dry-run against a server that cannot be reached uses the defaults,
// and says so.
func TestDryRunOffline(t *testing.T) {
	t.Parallel()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	b := newBot(t, nil)
	b.write(t, "01.md", "Just a line.\n")
	e := testEnv()
	e.client.MaxRetries = -1
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"-server", down.URL, "-dir", b.dir, "-state", b.state, "-dry-run"}, strings.NewReader(""), &out, &errb, e)
	require.Equal(t, exitOK, code, errb.String())
	assert.Contains(t, out.String(), "Could not read the server's limits (")
	assert.Contains(t, out.String(), "using Mastodon's defaults: 500 characters a status, 23 a link, 1500 for alt text")
	assert.Contains(t, out.String(), "  [1/1] 12/500 chars\n")
}

// A scheduled post is scheduled; a scheduled text too long for one
// status is refused in plain words.
func TestSchedule(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	b := newBot(t, f)
	b.write(t, "01.md", "---\nschedule: 2099-09-01T09:00:00+02:00\nvisibility: public\n---\nOpen day on **Saturday**.\n")
	res := f.post(t, b)
	require.Equal(t, exitOK, res.code, res.stderr)
	posts := f.posted()
	require.Len(t, posts, 1)
	at, err := time.Parse(time.RFC3339, posts[0].ScheduledAt)
	require.NoError(t, err)
	assert.True(t, at.Equal(time.Date(2099, 9, 1, 7, 0, 0, 0, time.UTC)), "%s", at)
	assert.Equal(t, "Open day on Saturday.", posts[0].Status)
	assert.Contains(t, res.stdout, "scheduled 01.md for 2099-09-01T09:00:00+02:00")
	assert.Equal(t, mastodon.ID("s"+posts[0].ID), b.loadState(t).Files["01.md"].ScheduledID)

	b.write(t, "02.md", "---\nschedule: 2099-09-01T09:00:00+02:00\n---\n"+longBody(700))
	res = f.post(t, b)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "02.md: a scheduled post must fit in one status, and this text needs 2")
	assert.Len(t, f.posted(), 1)

	b.write(t, "02.md", "---\nschedule: 2001-09-01T09:00:00Z\n---\nToo late.\n")
	res = f.post(t, b)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "is not in the future")
}

var authURL = regexp.MustCompile(`https?://\S+/oauth/authorize\?\S+`)

// -login registers the application, prints an authorization URL with a
// PKCE challenge, exchanges the pasted code with its verifier and saves
// the credentials, readable by their owner only. A second login reuses
// the application.
func TestLogin(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	creds := filepath.Join(t.TempDir(), "creds.json")
	res := f.run(t, testEnv(), "  "+testAuthCode+"\n", "-login", "-credentials", creds)
	require.Equal(t, exitOK, res.code, res.stderr)

	link := authURL.FindString(res.stdout)
	require.NotEmpty(t, link, res.stdout)
	u, err := url.Parse(link)
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Equal(t, testClientID, q.Get("client_id"))
	assert.Equal(t, mastodon.RedirectOOB, q.Get("redirect_uri"))
	assert.Equal(t, "read write", q.Get("scope"))
	assert.Equal(t, "code", q.Get("response_type"))
	assert.NotEmpty(t, q.Get("state"))
	f.mu.Lock()
	form := f.tokenForm
	f.mu.Unlock()
	sum := sha256.Sum256([]byte(form.Get("code_verifier")))
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(sum[:]), q.Get("code_challenge"), "the verifier matches the challenge")
	assert.Equal(t, "authorization_code", form.Get("grant_type"))
	assert.Equal(t, testAuthCode, form.Get("code"))
	assert.Contains(t, res.stdout, "Logged in as @news@"+u.Host+"; credentials saved in "+creds)

	fi, err := os.Stat(creds)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	}
	c, err := loadCredentials(creds)
	require.NoError(t, err)
	assert.Equal(t, f.srv.URL+"/", c.Server)
	assert.Equal(t, testClientID, c.App.ClientID)
	assert.Equal(t, "client-secret", c.App.ClientSecret)
	assert.Equal(t, testToken, c.Token.AccessToken)
	assert.NotContains(t, res.stderr, "client-secret")
	assert.NotContains(t, res.stderr, testToken)

	res = f.run(t, testEnv(), testAuthCode+"\n", "-login", "-credentials", creds)
	require.Equal(t, exitOK, res.code, res.stderr)
	f.mu.Lock()
	assert.Equal(t, 1, f.apps, "the application is registered once")
	f.mu.Unlock()
	assert.Contains(t, res.stderr, "using the application registered before")
}

// A server without OAuth metadata (before Mastodon 4.3) gets a login
// without PKCE, and the user is told.
func TestLoginWithoutPKCE(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.noMetadata = true
	creds := filepath.Join(t.TempDir(), "creds.json")
	res := f.run(t, testEnv(), testAuthCode+"\n", "-login", "-credentials", creds)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "without PKCE")
	link := authURL.FindString(res.stdout)
	require.NotEmpty(t, link, res.stdout)
	assert.NotContains(t, link, "code_challenge")
	f.mu.Lock()
	assert.False(t, f.tokenForm.Has("code_verifier"))
	f.mu.Unlock()
}

// A wrong code fails the login, and the application stays saved for the
// next try.
func TestLoginBadCode(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	creds := filepath.Join(t.TempDir(), "creds.json")
	res := f.run(t, testEnv(), "wrong\n", "-login", "-credentials", creds)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "invalid_grant")
	c, err := loadCredentials(creds)
	require.NoError(t, err)
	assert.Equal(t, testClientID, c.App.ClientID)
	assert.Nil(t, c.Token)
}

// Posting without credentials, or with credentials of another server,
// fails before anything is sent.
func TestCredentialsNeeded(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	b := newBot(t, nil)
	b.write(t, "01.md", "Hello.\n")
	res := f.post(t, b)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "-login first")

	other := &credentials{Server: "https://elsewhere.example/", Token: &oauth2.Token{AccessToken: testToken}}
	require.NoError(t, other.save(b.creds))
	res = f.post(t, b)
	assert.Equal(t, exitFailure, res.code)
	assert.Contains(t, res.stderr, "https://elsewhere.example/")
	assert.Empty(t, f.writes())
}

func TestUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{},
		{"-dir", "x"},
		{"-server", "https://social.example"},
		{"-server", "https://social.example", "-login", "-dir", "x"},
		{"-server", "https://social.example", "-login", "-dry-run"},
		{"-server", "https://social.example", "-dir", "x", "extra"},
		{"-server", "https://social.example", "-dir", "x", "-state", ""},
		{"-nope"},
	} {
		var out, errb bytes.Buffer
		code := run(t.Context(), args, strings.NewReader(""), &out, &errb, testEnv())
		assert.Equal(t, exitUsage, code, "%q", args)
		assert.NotEmpty(t, errb.String(), "%q", args)
	}
	var out, errb bytes.Buffer
	assert.Equal(t, exitOK, run(t.Context(), []string{"-h"}, strings.NewReader(""), &out, &errb, testEnv()))
	assert.Contains(t, errb.String(), "announcer -server URL -login")
}

func TestMarkdownToText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"# Title\n\nSome **bold** and *em* and _em_ text.", "Title\n\nSome bold and em and em text."},
		{"## Sub heading ##\ntext", "Sub heading\n\ntext"},
		{"line one\nline two\n\n\n\nnext", "line one line two\n\nnext"},
		{"hard  \nbreak\\\nhere", "hard\nbreak\nhere"},
		{"See [the site](https://x.example/a_b_) now.", "See the site (https://x.example/a_b_) now."},
		{"[https://x.example](https://x.example) and <https://y.example/_z_>", "https://x.example and https://y.example/_z_"},
		{"[Foo](https://en.wikipedia.org/wiki/Foo_(bar))", "Foo (https://en.wikipedia.org/wiki/Foo_(bar))"},
		{"[**bold** link](https://x.example)", "bold link (https://x.example)"},
		{"Items:\n- one\n- two\n* three\n+ four\n\nAfter", "Items:\n\n• one\n• two\n• three\n• four\n\nAfter"},
		{"- item\n  continued\n- next", "• item continued\n• next"},
		{"1. first\n2) second", "1. first\n2. second"},
		{"snake_case_name @_bot_ #_tag_ 2 * 3 * 4 a*b", "snake_case_name @_bot_ #_tag_ 2 * 3 * 4 a*b"},
		{`\*not em\* and \_not\_ and \# and \\`, `*not em* and _not_ and # and \`},
		{"`a_b_` and `**x**`", "a_b_ and **x**"},
		{"*see https://x.example/_a_*.", "see https://x.example/_a_."},
		{"**a *b* c** __d__", "a b c d"},
		{"#news #campus", "#news #campus"},
		{"a\n\n---\n\nb\n\n* * *", "a\n\nb"},
		{"Title\n=====\nText", "Title\n\nText"},
		{"  \n\n", ""},
		{"Café — 5 € _déjà vu_ 🎉", "Café — 5 € déjà vu 🎉"},
	} {
		assert.Equal(t, tc.want, markdownToText(tc.in), "%q", tc.in)
	}
}

func TestParseAnnouncement(t *testing.T) {
	t.Parallel()
	a, err := parseAnnouncement("a.md", filepath.Join("dir", "a.md"), []byte("\ufeff---\r\n"+
		"# a comment\r\nvisibility: Private\r\nlanguage: de\r\ncw: \"Spoiler: yes\"\r\n"+
		"schedule: 2099-01-02T03:04:05Z\r\nimage: img/x.png | Alt | with a bar\r\nimage: /abs/y.png|Y\r\n---\r\nHallo *Welt*.\r\n"))
	require.NoError(t, err)
	assert.Equal(t, mastodon.VisibilityPrivate, a.visibility)
	assert.Equal(t, "de", a.language)
	assert.Equal(t, "Spoiler: yes", a.cw)
	assert.True(t, a.schedule.Equal(time.Date(2099, 1, 2, 3, 4, 5, 0, time.UTC)))
	assert.Equal(t, []image{{filepath.Join("dir", "img", "x.png"), "Alt | with a bar"}, {"/abs/y.png", "Y"}}, a.images)
	assert.Equal(t, "Hallo Welt.", a.text)

	a, err = parseAnnouncement("b.md", "b.md", []byte("No front matter.\n"))
	require.NoError(t, err)
	assert.Equal(t, "No front matter.", a.text)
	assert.Empty(t, a.visibility)

	for _, tc := range []struct{ in, want string }{
		{"---\nvisibility: everyone\n---\nx", "c.md: line 2: visibility \"everyone\" is not one of public, unlisted, private, direct"},
		{"---\nschedule: tomorrow\n---\nx", "line 2: schedule \"tomorrow\" is not an RFC 3339 time"},
		{"---\ntitle: x\n---\nx", `unknown key "title"`},
		{"---\njust words\n---\nx", `"just words" is not a "key: value" line`},
		{"---\nvisibility: public\nx", "no closing --- line"},
		{"---\nimage: a.png\n---\nx", "image a.png has no alt text"},
		{"---\nimage: | alt\n---\nx", "an image line needs a path"},
		{"---\n" + strings.Repeat("image: a.png | A\n", 5) + "---\nx", "line 6: more than 4 images"},
		{"---\nlanguage: en\n---\n\n", "there is nothing to post"},
		{"\xff\xfe", "not UTF-8"},
	} {
		_, err := parseAnnouncement("c.md", "c.md", []byte(tc.in))
		if assert.Error(t, err, "%q", tc.in) {
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "c.md: "), err.Error())
		}
	}
}
