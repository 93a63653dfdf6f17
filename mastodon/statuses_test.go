package mastodon

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveInstance makes the test server a Mastodon ("docs") or GoToSocial
// ("gotosocial") server by its instance document.
func serveInstance(t *testing.T, mux *http.ServeMux, dialect string) {
	t.Helper()
	file := map[string]string{
		"mastodon":   "docs/method_instance_v2_200_01.json",
		"gotosocial": "gotosocial/mastodon-instance-v2.json",
	}[dialect]
	body := corpus(t, file)
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) { serveJSON(w, 200, body) })
}

// fakeTimeline is the statuses of the token's account on a fake server:
// what a POST made, what the lookups after an unknown outcome see.
type fakeTimeline struct {
	mu       sync.Mutex
	statuses []map[string]any
	keys     map[string]map[string]any // by Idempotency-Key, when honoured
	posts    atomic.Int32
	lookups  atomic.Int32
	// fail answers the n-th POST (from 1) with a status code and whether
	// the status was made first; 0 means success.
	fail func(n int) (code int, made bool)
	// withText puts the source text in the statuses, as GoToSocial does.
	withText bool
	honour   bool
}

func (f *fakeTimeline) serve(t *testing.T, mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		n := int(f.posts.Add(1))
		key := r.Header.Get("Idempotency-Key")
		assert.Len(t, key, 32, "every post carries a key")
		var body map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		f.mu.Lock()
		if prev, ok := f.keys[key]; ok && f.honour {
			f.mu.Unlock()
			b, _ := json.Marshal(prev)
			serveJSON(w, 200, string(b))
			return
		}
		code, made := 0, true
		if f.fail != nil {
			code, made = f.fail(n)
		}
		var st map[string]any
		if made {
			text, _ := body["status"].(string)
			st = map[string]any{
				"id": fmt.Sprint(100 + len(f.statuses)), "created_at": time.Now().UTC().Format(time.RFC3339Nano),
				"content": "<p>" + text + "</p>", "visibility": orDefault(body["visibility"], "public"),
				"spoiler_text": orDefault(body["spoiler_text"], ""), "in_reply_to_id": body["in_reply_to_id"],
				"media_attachments": []any{}, "account": map[string]any{"id": "1", "acct": "bot"},
			}
			if f.withText {
				st["text"] = text
			}
			f.statuses = append([]map[string]any{st}, f.statuses...)
			if f.keys == nil {
				f.keys = map[string]map[string]any{}
			}
			f.keys[key] = st
		}
		f.mu.Unlock()
		if code != 0 {
			serveJSON(w, code, `{"error":"upstream failure"}`)
			return
		}
		b, _ := json.Marshal(st)
		serveJSON(w, 200, string(b))
	})
	mux.HandleFunc("GET /api/v1/accounts/verify_credentials", func(w http.ResponseWriter, r *http.Request) {
		f.lookups.Add(1)
		serveJSON(w, 200, `{"id":"1","username":"bot","acct":"bot"}`)
	})
	mux.HandleFunc("GET /api/v1/accounts/1/statuses", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "20", r.URL.Query().Get("limit"))
		f.mu.Lock()
		b, _ := json.Marshal(f.statuses)
		f.mu.Unlock()
		serveJSON(w, 200, string(b))
	})
	mux.HandleFunc("GET /api/v1/statuses/{id}/source", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, st := range f.statuses {
			if st["id"] == r.PathValue("id") {
				text := strings.TrimSuffix(strings.TrimPrefix(st["content"].(string), "<p>"), "</p>")
				serveJSON(w, 200, fmt.Sprintf(`{"id":%q,"text":%q,"spoiler_text":""}`, st["id"], text))
				return
			}
		}
		serveJSON(w, 404, `{"error":"Record not found"}`)
	})
}

func orDefault(v any, d string) any {
	if v == nil {
		return d
	}
	return v
}

func TestStatusesCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "my-key", r.Header.Get("Idempotency-Key"))
		testJSONBody(t, r, `{"status":"Hello","media_ids":["1","2"],"sensitive":true,"spoiler_text":"cw","visibility":"unlisted","language":"en",
			"in_reply_to_id":"9","poll":{"options":["a","b"],"expires_in":300,"multiple":true}}`)
		serveJSON(w, 200, corpus(t, "docs/method_statuses_create_200_02.json"))
	})
	st, _, err := c.Statuses.Create(t.Context(), &NewStatus{
		Status: "Hello", MediaIDs: []ID{"1", "2"}, Sensitive: true, SpoilerText: "cw", Visibility: VisibilityUnlisted,
		Language: "en", InReplyToID: "9", Poll: &NewPoll{Options: []string{"a", "b"}, ExpiresIn: 5 * time.Minute, Multiple: true},
		IdempotencyKey: "my-key",
	})
	require.NoError(t, err)
	assert.NotEmpty(t, st.ID)

	_, _, err = c.Statuses.Create(t.Context(), &NewStatus{})
	assert.Error(t, err, "nothing to post")
}

// Mastodon honours the key: a failed post is sent again with the same
// key, and the server makes it once.
func TestStatusesCreateRetriesWithTheSameKey(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	f := &fakeTimeline{honour: true, fail: func(n int) (int, bool) {
		if n == 1 {
			return 503, true // made, but the answer is lost
		}
		return 0, true
	}}
	f.serve(t, mux)
	st, resp, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "once"})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.EqualValues(t, 2, f.posts.Load())
	assert.Len(t, f.statuses, 1, "made once")
	assert.Equal(t, ID("100"), st.ID)
	assert.Zero(t, f.lookups.Load(), "no need to look")
}

func TestStatusesCreateUncertain(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: 2})
	serveInstance(t, mux, "mastodon")
	failing := atomic.Bool{}
	failing.Store(true)
	f := &fakeTimeline{honour: true, fail: func(int) (int, bool) {
		if failing.Load() {
			return 502, false // the proxy in front of the server fails
		}
		return 0, true
	}}
	f.serve(t, mux)
	_, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "maybe"})
	var ue *UncertainPostError
	require.ErrorAs(t, err, &ue)
	assert.ErrorIs(t, err, ErrMaybePosted)
	assert.ErrorIs(t, err, ErrServer)
	assert.Len(t, ue.IdempotencyKey, 32)
	assert.Contains(t, err.Error(), ue.IdempotencyKey)
	assert.EqualValues(t, 3, f.posts.Load())

	// Trying again with the key is safe.
	failing.Store(false)
	st, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "maybe", IdempotencyKey: ue.IdempotencyKey})
	require.NoError(t, err)
	assert.Equal(t, ID("100"), st.ID)
	assert.Len(t, f.statuses, 1)
	again, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "maybe", IdempotencyKey: ue.IdempotencyKey})
	require.NoError(t, err)
	assert.Equal(t, st.ID, again.ID, "the server made it once")
	assert.Len(t, f.statuses, 1)
}

// GoToSocial ignores the key: after an unknown outcome the client looks
// for the status before it posts again.
func TestStatusesCreateFindsThePostOnGoToSocial(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "gotosocial")
	f := &fakeTimeline{withText: true, fail: func(n int) (int, bool) {
		if n == 1 {
			return 502, true
		}
		return 0, true
	}}
	f.serve(t, mux)
	st, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "hello gts", Visibility: VisibilityPublic})
	require.NoError(t, err)
	assert.Equal(t, ID("100"), st.ID)
	assert.EqualValues(t, 1, f.posts.Load(), "never sent twice")
	assert.Len(t, f.statuses, 1)
	assert.EqualValues(t, 1, f.lookups.Load())
}

func TestStatusesCreatePostsAgainWhenNotMade(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "gotosocial")
	f := &fakeTimeline{withText: true, fail: func(n int) (int, bool) {
		if n == 1 {
			return 500, false
		}
		return 0, true
	}}
	f.serve(t, mux)
	// An older post with the same text is not taken for this one.
	f.statuses = []map[string]any{{"id": "7", "created_at": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), "text": "again",
		"content": "<p>again</p>", "visibility": "public", "spoiler_text": "", "media_attachments": []any{}}}
	st, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "again"})
	require.NoError(t, err)
	assert.EqualValues(t, 2, f.posts.Load())
	assert.Equal(t, ID("101"), st.ID)
}

// A server of unknown kind, without the source in statuses: the lookup
// reads each candidate's source.
func TestStatusesCreateLooksAtSources(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"domain":"odd.example","version":"0.3.1","source_url":"https://example.org/odd"}`)
	})
	f := &fakeTimeline{fail: func(n int) (int, bool) { return 504, true }}
	f.serve(t, mux)
	st, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "found by source"})
	require.NoError(t, err)
	assert.Equal(t, ID("100"), st.ID)
	assert.EqualValues(t, 1, f.posts.Load())
}

func TestStatusesCreateGivesUpAfterTwoUnknownOutcomes(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "gotosocial")
	f := &fakeTimeline{withText: true, fail: func(int) (int, bool) { return 502, false }}
	f.serve(t, mux)
	_, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "x"})
	assert.ErrorIs(t, err, ErrMaybePosted)
	assert.EqualValues(t, 2, f.posts.Load())
}

func TestStatusesCreateClientErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "gotosocial")
	var posts atomic.Int32
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		serveJSON(w, 400, corpus(t, "gotosocial/mastodon-error-400-empty-status.json"))
	})
	_, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: " "})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, 400, er.StatusCode)
	assert.NotErrorIs(t, err, ErrMaybePosted)
	assert.EqualValues(t, 1, posts.Load())
}

func TestStatusesSchedule(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "gotosocial")
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var posts atomic.Int32
	var key atomic.Value
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		key.Store(r.Header.Get("Idempotency-Key"))
		var body map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, "2026-12-01T09:00:00Z", body["scheduled_at"])
		serveJSON(w, 502, `{}`)
	})
	mux.HandleFunc("GET /api/v1/scheduled_statuses", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, fmt.Sprintf(`[{"id":"5","scheduled_at":"2026-12-01T09:00:00.000Z","params":{"text":"later","idempotency":%q},"media_attachments":[]}]`, key.Load()))
	})
	sc, _, err := c.Statuses.Schedule(t.Context(), at, &NewStatus{Status: "later"})
	require.NoError(t, err)
	assert.Equal(t, ID("5"), sc.ID)
	assert.EqualValues(t, 1, posts.Load())
}

func TestStatusesReads(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "109", r.PathValue("id"))
		serveJSON(w, 200, corpus(t, "docs/method_statuses_get_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, []string{"1", "2"}, r.URL.Query()["id[]"])
		serveJSON(w, 200, corpus(t, "docs/method_statuses_index_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/statuses/{id}/context", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "gotosocial/mastodon-status-context.json"))
	})
	mux.HandleFunc("GET /api/v1/statuses/{id}/source", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/method_statuses_source_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/statuses/{id}/translate", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"lang":"de"}`)
		serveJSON(w, 200, corpus(t, "docs/method_statuses_translate_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/statuses/{id}/history", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `[{"content":"<p>v1</p>","spoiler_text":"","sensitive":false,"created_at":"2026-01-01T00:00:00.000Z","account":{"id":"1"},"media_attachments":[],"emojis":[]}]`)
	})

	st, _, err := c.Statuses.Get(t.Context(), "109")
	require.NoError(t, err)
	assert.NotEmpty(t, st.Content)
	many, _, err := c.Statuses.GetMany(t.Context(), "1", "2")
	require.NoError(t, err)
	assert.NotEmpty(t, many)
	ctx, _, err := c.Statuses.Context(t.Context(), "1")
	require.NoError(t, err)
	assert.NotEmpty(t, append(ctx.Ancestors, ctx.Descendants...))
	src, _, err := c.Statuses.Source(t.Context(), "1")
	require.NoError(t, err)
	assert.NotEmpty(t, src.Text)
	tr, _, err := c.Statuses.Translate(t.Context(), "1", &TranslateOptions{Lang: "de"})
	require.NoError(t, err)
	assert.NotEmpty(t, tr.Content)
	hist, _, err := c.Statuses.History(t.Context(), "1")
	require.NoError(t, err)
	require.Len(t, hist, 1)

	_, _, err = c.Statuses.Get(t.Context(), "..")
	assert.Error(t, err)
	_, _, err = c.Statuses.Get(t.Context(), "")
	assert.Error(t, err)
}

func TestStatusesWrites(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var mu sync.Mutex
	var seen []string
	mux.HandleFunc("/api/v1/statuses/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.PathValue("action"))
		mu.Unlock()
		if r.PathValue("action") == "reblog" {
			testJSONBody(t, r, `{"visibility":"private"}`)
		}
		serveJSON(w, 200, corpus(t, "docs/method_statuses_get_200_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"status":"new text","spoiler_text":"","sensitive":false,"media_ids":null}`)
		serveJSON(w, 200, corpus(t, "docs/method_statuses_get_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"delete_media": {"true"}})
		serveJSON(w, 200, corpus(t, "docs/method_statuses_get_200_01.json"))
	})
	ctx := t.Context()
	for _, f := range []func() (*Status, *Response, error){
		func() (*Status, *Response, error) { return c.Statuses.Favourite(ctx, "1") },
		func() (*Status, *Response, error) { return c.Statuses.Unfavourite(ctx, "1") },
		func() (*Status, *Response, error) {
			return c.Statuses.Reblog(ctx, "1", &ReblogOptions{Visibility: VisibilityPrivate})
		},
		func() (*Status, *Response, error) { return c.Statuses.Unreblog(ctx, "1") },
		func() (*Status, *Response, error) { return c.Statuses.Bookmark(ctx, "1") },
		func() (*Status, *Response, error) { return c.Statuses.Unbookmark(ctx, "1") },
		func() (*Status, *Response, error) { return c.Statuses.Mute(ctx, "1") },
		func() (*Status, *Response, error) { return c.Statuses.Unmute(ctx, "1") },
		func() (*Status, *Response, error) { return c.Statuses.Pin(ctx, "1") },
		func() (*Status, *Response, error) { return c.Statuses.Unpin(ctx, "1") },
		func() (*Status, *Response, error) {
			return c.Statuses.Edit(ctx, "1", &StatusEditOptions{Status: "new text"})
		},
		func() (*Status, *Response, error) {
			return c.Statuses.Delete(ctx, "1", &DeleteOptions{DeleteMedia: true})
		},
	} {
		_, _, err := f()
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"POST favourite", "POST unfavourite", "POST reblog", "POST unreblog", "POST bookmark",
		"POST unbookmark", "POST mute", "POST unmute", "POST pin", "POST unpin"}, seen)
}

func TestStatusesPinRefused(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/statuses/{id}/pin", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, corpus(t, "docs/method_statuses_pin_422_01.json"))
	})
	_, _, err := c.Statuses.Pin(t.Context(), "1")
	assert.ErrorIs(t, err, ErrUnprocessable)
}

func TestStatusesRebloggedByAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/statuses/{id}/reblogged_by", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "2", r.URL.Query().Get("limit"), "the caller's options are kept")
		switch r.URL.Query().Get("max_id") {
		case "":
			w.Header().Set("Link", `<https://x.example/api/v1/statuses/1/reblogged_by?limit=2&max_id=50>; rel="next"`)
			serveJSON(w, 200, `[{"id":"a"},{"id":"b"}]`)
		case "50":
			w.Header().Set("Link", `<https://x.example/api/v1/statuses/1/reblogged_by?limit=2&max_id=20>; rel="next"`)
			serveJSON(w, 200, `[{"id":"c"}]`)
		default:
			serveJSON(w, 200, `[]`)
		}
	})
	opts := &ListOptions{Limit: 2}
	var got []ID
	for a, err := range c.Statuses.RebloggedByAll(t.Context(), "1", opts) {
		require.NoError(t, err)
		got = append(got, a.ID)
	}
	assert.Equal(t, []ID{"a", "b", "c"}, got)
	assert.EqualValues(t, 3, calls.Load())
	assert.Empty(t, opts.MaxID, "the caller's options are not changed")

	// Break stops at once.
	calls.Store(0)
	for range c.Statuses.FavouritedByAll(t.Context(), "1", nil) {
		break
	}
	assert.Zero(t, calls.Load(), "another path")
}

// Errors come once from an iterator, and end it.
func TestIteratorYieldsErrorOnce(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v1/statuses/{id}/favourited_by", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("max_id") == "" {
			w.Header().Set("Link", `<https://x.example/?max_id=9>; rel="next"`)
			serveJSON(w, 200, `[{"id":"a"}]`)
			return
		}
		serveJSON(w, 500, `{"error":"boom"}`)
	})
	var ids []ID
	var errs []error
	for a, err := range c.Statuses.FavouritedByAll(t.Context(), "1", nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"a"}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrServer)
}

// The fault sequence of the issue: 502, then a connection cut before an
// answer, then 429 with Retry-After, then 200. Mastodon makes the status
// once, and every attempt carried the same key.
func TestStatusesCreateThroughFaults(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "mastodon")
	var mu sync.Mutex
	var keys []string
	made := map[string]string{} // key → status id
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		mu.Lock()
		keys = append(keys, key)
		mu.Unlock()
		switch n.Add(1) {
		case 1:
			serveJSON(w, 502, `{"error":"Bad gateway"}`)
		case 2:
			cutConnection(t, w)
		case 3:
			w.Header().Set("Retry-After", "0")
			serveJSON(w, 429, `{"error":"Too many requests"}`)
		default:
			mu.Lock()
			if _, ok := made[key]; !ok {
				made[key] = fmt.Sprint(len(made) + 1)
			}
			id := made[key]
			mu.Unlock()
			serveJSON(w, 200, `{"id":"`+id+`","content":"<p>through faults</p>","visibility":"public","created_at":"2026-11-26T00:00:00.000Z"}`)
		}
	})
	st, resp, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "through faults"})
	require.NoError(t, err)
	assert.Equal(t, ID("1"), st.ID)
	assert.Equal(t, 4, resp.Attempts)
	assert.Len(t, made, 1, "one status")
	require.Len(t, keys, 4)
	for _, k := range keys {
		assert.Equal(t, keys[0], k, "the same key on every attempt")
	}
}

// A server that ignores the key makes the status, then the connection is
// cut before the answer: the client finds the status, and there is still
// exactly one.
func TestStatusesCreateConnectionCutAfterProcessing(t *testing.T) {
	t.Parallel()
	f := &fakeTimeline{withText: true}
	// The fake's POST makes the status; the first answer is cut.
	inner := http.NewServeMux()
	f.serve(t, inner)
	var first atomic.Bool
	first.Store(true)
	cutting := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if first.Swap(false) {
			inner.ServeHTTP(httptest.NewRecorder(), r) // processed; the answer is lost
			cutConnection(t, w)
			return
		}
		inner.ServeHTTP(w, r)
	})
	c, mux := setup(t, nil)
	serveInstance(t, mux, "gotosocial")
	mux.Handle("POST /api/v1/statuses", cutting)
	mux.Handle("GET /api/v1/accounts/verify_credentials", inner)
	mux.Handle("GET /api/v1/accounts/1/statuses", inner)
	st, _, err := c.Statuses.Create(t.Context(), &NewStatus{Status: "cut"})
	require.NoError(t, err)
	assert.Equal(t, ID("100"), st.ID)
	assert.Len(t, f.statuses, 1, "exactly one status")
	assert.EqualValues(t, 1, f.posts.Load())
}

// cutConnection closes the connection without an answer.
func cutConnection(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	hj, ok := w.(http.Hijacker)
	require.True(t, ok)
	conn, _, err := hj.Hijack()
	require.NoError(t, err)
	_ = conn.Close()
}

// With MinID, an iterator walks towards newer entries, oldest first.
func TestIteratorWalksNewer(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var asked []string
	mux.HandleFunc("GET /api/v1/statuses/{id}/reblogged_by", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		asked = append(asked, q.Encode())
		switch q.Get("min_id") {
		case "10":
			w.Header().Set("Link", `<https://x.example/?max_id=11>; rel="next", <https://x.example/?min_id=12>; rel="prev"`)
			serveJSON(w, 200, `[{"id":"12"},{"id":"11"}]`)
		case "12":
			w.Header().Set("Link", `<https://x.example/?max_id=13>; rel="next", <https://x.example/?min_id=14>; rel="prev"`)
			serveJSON(w, 200, `[{"id":"14"},{"id":"13"}]`)
		default:
			serveJSON(w, 200, `[]`)
		}
	})
	var got []ID
	for a, err := range c.Statuses.RebloggedByAll(t.Context(), "1", &ListOptions{MinID: "10", Limit: 2}) {
		require.NoError(t, err)
		got = append(got, a.ID)
	}
	assert.Equal(t, []ID{"11", "12", "13", "14"}, got)
	assert.Equal(t, []string{"limit=2&min_id=10", "limit=2&min_id=12", "limit=2&min_id=14"}, asked)
}
