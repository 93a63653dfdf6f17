package mastodon

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkParts checks what SplitThread promises of parts of text: each
// fits, counter and content warning included; counters are right; and
// nothing but white space at the ends of parts is lost.
func checkParts(t *testing.T, text string, parts []string, opts SplitOptions) {
	t.Helper()
	rules := opts.Rules.withDefaults()
	require.NotEmpty(t, parts)
	var bodies []string
	for i, p := range parts {
		assert.LessOrEqual(t, StatusLength(p, opts.Spoiler, rules), rules.MaxCharacters, "part %d: %q", i+1, p)
		if opts.Counter && len(parts) > 1 {
			suffix := fmt.Sprintf(" %d/%d", i+1, len(parts))
			require.True(t, strings.HasSuffix(p, suffix), "part %d %q ends with %q", i+1, p, suffix)
			p = strings.TrimSuffix(p, suffix)
		}
		if len(parts) > 1 {
			assert.NotEmpty(t, strings.TrimSpace(p), "part %d is empty", i+1)
		}
		bodies = append(bodies, p)
	}
	noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	assert.Equal(t, noSpace(validUTF8(text)), noSpace(strings.Join(bodies, "")), "the parts hold the whole text")
}

// words returns n words of varied length.
func words(n int) string {
	w := []string{"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dogs", "while", "mastodons", "trumpet"}
	out := make([]string, n)
	for i := range out {
		out[i] = w[(i*7)%len(w)]
	}
	return strings.Join(out, " ")
}

func TestSplitThreadFits(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"", "Hello", strings.Repeat("a", 500), "  padded  ", strings.Repeat("x", 470) + " https://example.com/" + strings.Repeat("p", 300)} {
		parts, err := SplitThread(text, SplitOptions{Counter: true})
		require.NoError(t, err)
		assert.Equal(t, []string{text}, parts, "a text that fits is one part, as it is, without counter")
	}
	parts, err := SplitThread(strings.Repeat("a", 501), SplitOptions{})
	require.NoError(t, err)
	assert.Len(t, parts, 2)
}

func TestSplitThreadParagraphs(t *testing.T) {
	t.Parallel()
	p1, p2, p3 := words(35), words(30)+".", words(38)
	require.Less(t, len(p1+"\n\n"+p2), 500)
	require.Greater(t, len(p1+"\n\n"+p2+"\n\n"+p3), 500)
	text := p1 + "\n\n" + p2 + "\n\n" + p3
	parts, err := SplitThread(text, SplitOptions{})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{})
	assert.Equal(t, []string{p1 + "\n\n" + p2, p3}, parts, "paragraphs are kept whole, as many as fit")

	// A paragraph break is preferred to a longer part.
	short := "Short intro."
	text = short + "\n\n" + words(150)
	parts, err = SplitThread(text, SplitOptions{})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{})
	assert.Equal(t, short, parts[0])
}

func TestSplitThreadSentences(t *testing.T) {
	t.Parallel()
	var sentences []string
	for i := range 30 {
		sentences = append(sentences, fmt.Sprintf("Sentence number %d says something about %s.", i, words(i%5+3)))
	}
	text := strings.Join(sentences, " ")
	parts, err := SplitThread(text, SplitOptions{Rules: LengthRules{MaxCharacters: 200}})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{Rules: LengthRules{MaxCharacters: 200}})
	require.Greater(t, len(parts), 3)
	for _, p := range parts {
		assert.True(t, strings.HasPrefix(p, "Sentence") && strings.HasSuffix(p, "."), "parts are whole sentences: %q", p)
	}
}

func TestSplitThreadLines(t *testing.T) {
	t.Parallel()
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf("- item %d: %s. More", i, words(3)))
	}
	text := strings.Join(lines, "\n")
	opts := SplitOptions{Rules: LengthRules{MaxCharacters: 150}}
	parts, err := SplitThread(text, opts)
	require.NoError(t, err)
	checkParts(t, text, parts, opts)
	for _, p := range parts {
		assert.True(t, strings.HasPrefix(p, "- item") && strings.HasSuffix(p, "More"), "a line break beats a sentence end: %q", p)
	}
}

func TestSplitThreadWords(t *testing.T) {
	t.Parallel()
	text := words(400)
	parts, err := SplitThread(text, SplitOptions{})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{})
	assert.Equal(t, strings.Fields(text), strings.Fields(strings.Join(parts, " ")), "no word is cut")
	for _, p := range parts[:len(parts)-1] {
		assert.Greater(t, len(p), 450, "parts are filled")
	}
}

func TestSplitThreadKeepsEntitiesWhole(t *testing.T) {
	t.Parallel()
	atoms := []string{
		"https://example.com/" + strings.Repeat("long-path/", 40) + "end",
		"@someone@social.example.org",
		"#HashtagsAreKeptWhole",
		"https://例え.jp/パス/とても長い道",
		"@alice",
		"#日本語のハッシュタグ",
	}
	var b strings.Builder
	for i := range 60 {
		b.WriteString(words(i%4 + 1))
		b.WriteString(" ")
		b.WriteString(atoms[i%len(atoms)])
		b.WriteString(" ")
	}
	text := b.String()
	for _, max := range []int{60, 100, 140, 500} {
		opts := SplitOptions{Rules: LengthRules{MaxCharacters: max}, Counter: true}
		parts, err := SplitThread(text, opts)
		require.NoError(t, err, max)
		checkParts(t, text, parts, opts)
		joined := strings.Join(parts, "\n")
		for _, a := range atoms {
			assert.Equal(t, strings.Count(text, a), strings.Count(joined, a), "%q is never cut (limit %d)", a, max)
		}
	}
}

func TestSplitThreadLongWords(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("a", 1200)
	parts, err := SplitThread(text, SplitOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{strings.Repeat("a", 500), strings.Repeat("a", 500), strings.Repeat("a", 200)}, parts)

	// Cut between grapheme clusters: a family emoji is never split.
	family := "👨‍👩‍👧‍👦"
	text = "start " + strings.Repeat(family, 30)
	opts := SplitOptions{Rules: LengthRules{MaxCharacters: 12}}
	parts, err = SplitThread(text, opts)
	require.NoError(t, err)
	checkParts(t, text, parts, opts)
	assert.Equal(t, "start", parts[0], "the word boundary first")
	require.Len(t, parts, 4)
	for i, p := range parts[1:] {
		assert.Equal(t, "", strings.ReplaceAll(p, family, ""), "whole clusters only: %q", p)
		assert.Equal(t, []int{12, 12, 6}[i], StatusLength(p, "", opts.Rules), "filled")
	}
}

func TestSplitThreadCJK(t *testing.T) {
	t.Parallel()
	sentence := "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
	text := strings.Repeat(sentence, 30)
	parts, err := SplitThread(text, SplitOptions{})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{})
	assert.Greater(t, len(parts), 1)
	for _, p := range parts {
		assert.True(t, strings.HasSuffix(p, "。"), "CJK parts end with a full stop: %q", p[len(p)-12:])
	}

	// Without punctuation, between characters.
	text = strings.Repeat("漢字仮名交じり文", 100)
	parts, err = SplitThread(text, SplitOptions{Counter: true})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{Counter: true})
	assert.Len(t, parts, 2)
	assert.Equal(t, 500, StatusLength(parts[0], "", LengthRules{}))
}

func TestSplitThreadCounter(t *testing.T) {
	t.Parallel()
	text := words(300)
	opts := SplitOptions{Rules: LengthRules{MaxCharacters: 100}, Counter: true}
	parts, err := SplitThread(text, opts)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(parts), 10, "two-digit counters")
	checkParts(t, text, parts, opts)
	assert.True(t, strings.HasSuffix(parts[0], " 1/"+fmt.Sprint(len(parts))))
	assert.Regexp(t, regexp.MustCompile(` 1/\d\d$`), parts[0])

	// The counter counts: without it, parts hold more.
	plain, err := SplitThread(text, SplitOptions{Rules: LengthRules{MaxCharacters: 100}})
	require.NoError(t, err)
	assert.Less(t, len(plain), len(parts))
}

func TestSplitThreadSpoiler(t *testing.T) {
	t.Parallel()
	text := words(200)
	opts := SplitOptions{Rules: LengthRules{MaxCharacters: 300}, Spoiler: "Long thread about foxes", Counter: true}
	parts, err := SplitThread(text, opts)
	require.NoError(t, err)
	checkParts(t, text, parts, opts)
	for _, p := range parts {
		assert.LessOrEqual(t, len(p), 300-len(opts.Spoiler))
	}
}

func TestSplitThreadLinksCountReserved(t *testing.T) {
	t.Parallel()
	// Twenty long links fit in parts by their reserved length.
	var links []string
	for i := range 20 {
		links = append(links, fmt.Sprintf("https://example.com/%d/%s", i, strings.Repeat("x", 200)))
	}
	text := strings.Join(links, " ")
	parts, err := SplitThread(text, SplitOptions{})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{})
	assert.Len(t, parts, 1, "20 links of 23 and 19 spaces fit in 500")

	parts, err = SplitThread(text, SplitOptions{Rules: LengthRules{MaxCharacters: 100}})
	require.NoError(t, err)
	assert.Len(t, parts, 5, "four links a part: 4×23+3 = 95")
}

func TestSplitThreadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		opts       SplitOptions
	}{
		{"mention longer than a part", "hi @" + strings.Repeat("a", 600) + "@example.com there", SplitOptions{}},
		{"link longer than a part", "see https://example.com/x now", SplitOptions{Rules: LengthRules{MaxCharacters: 20}}},
		{"hashtag longer than a part", "#" + strings.Repeat("t", 30) + " and more words", SplitOptions{Rules: LengthRules{MaxCharacters: 20}}},
		{"spoiler leaves no room", words(100), SplitOptions{Rules: LengthRules{MaxCharacters: 50}, Spoiler: strings.Repeat("c", 50)}},
		{"counter leaves no room", words(100), SplitOptions{Rules: LengthRules{MaxCharacters: 4}, Counter: true}},
		{"spoiler alone too long", "", SplitOptions{Rules: LengthRules{MaxCharacters: 10}, Spoiler: "00000000000"}},
		{"only white space, too much", strings.Repeat("\u3000", 600), SplitOptions{}},
	}
	for _, tt := range tests {
		_, err := SplitThread(tt.text, tt.opts)
		assert.ErrorIs(t, err, ErrUnsplittable, tt.name)
	}
}

func TestSplitThreadInvalidUTF8(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("ab\xff ", 200)
	parts, err := SplitThread(text, SplitOptions{})
	require.NoError(t, err)
	checkParts(t, text, parts, SplitOptions{})
	assert.Contains(t, parts[0], "ab\uFFFD")
}

// fakeThread is a server that records posts, honours idempotency keys
// and fails the posts of some keys while down.
type fakeThread struct {
	mu     sync.Mutex
	posts  []threadPost              // every POST received
	byKey  map[string]map[string]any // statuses made, by key
	index  map[string]int            // order in which each was made, from 1
	failAt int                       // while down, statuses made from this one on…
	down   bool                      // …are made, but their answer is lost
}

type threadPost struct {
	Key  string
	Body map[string]any
}

func (f *fakeThread) serve(t *testing.T, mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/method_instance_v2_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		var body map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		f.mu.Lock()
		defer f.mu.Unlock()
		f.posts = append(f.posts, threadPost{key, body})
		st, ok := f.byKey[key]
		if !ok {
			if f.byKey == nil {
				f.byKey, f.index = map[string]map[string]any{}, map[string]int{}
			}
			f.index[key] = len(f.byKey) + 1
			st = map[string]any{
				"id": fmt.Sprint(100 + f.index[key]), "content": "<p>" + body["status"].(string) + "</p>",
				"in_reply_to_id": body["in_reply_to_id"], "visibility": body["visibility"],
				"spoiler_text": body["spoiler_text"], "language": body["language"],
				"created_at": "2026-01-01T00:00:00Z", "account": map[string]any{"id": "1"},
			}
			f.byKey[key] = st
		}
		if f.down && f.failAt > 0 && f.index[key] >= f.failAt {
			serveJSON(w, 503, `{"error":"the answer was lost"}`)
			return
		}
		b, _ := json.Marshal(st)
		serveJSON(w, 200, string(b))
	})
}

func (f *fakeThread) snapshot() []threadPost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]threadPost(nil), f.posts...)
}

func TestPostThread(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	f := &fakeThread{}
	f.serve(t, mux)
	parts := []string{"one 1/3", "two 2/3", "three 3/3"}
	first := &NewStatus{Status: "ignored", MediaIDs: []ID{"m1"}, Visibility: VisibilityUnlisted, Language: "de",
		SpoilerText: "cw", Sensitive: true, InReplyToID: "42", QuoteApprovalPolicy: "nobody"}
	posted, err := c.Statuses.PostThread(t.Context(), parts, first, nil)
	require.NoError(t, err)
	require.Len(t, posted, 3)
	assert.Equal(t, []ID{"101", "102", "103"}, []ID{posted[0].ID, posted[1].ID, posted[2].ID})

	posts := f.snapshot()
	require.Len(t, posts, 3)
	assert.Equal(t, map[string]any{"status": "one 1/3", "media_ids": []any{"m1"}, "visibility": "unlisted", "language": "de",
		"spoiler_text": "cw", "sensitive": true, "in_reply_to_id": "42", "quote_approval_policy": "nobody"}, posts[0].Body)
	for i, p := range posts[1:] {
		assert.Equal(t, map[string]any{"status": parts[i+1], "in_reply_to_id": fmt.Sprint(101 + i), "visibility": "unlisted",
			"language": "de", "spoiler_text": "cw", "quote_approval_policy": "nobody"}, p.Body, "part %d replies to the one before, without media", i+2)
	}
	keys := map[string]bool{}
	for _, p := range posts {
		assert.Len(t, p.Key, 32)
		keys[p.Key] = true
	}
	assert.Len(t, keys, 3, "a key of its own for each part")
	assert.Equal(t, "first-key", func() string {
		pr := &ThreadProgress{}
		_, err := c.Statuses.PostThread(t.Context(), []string{"a"}, &NewStatus{IdempotencyKey: "first-key"}, pr)
		require.NoError(t, err)
		return pr.Keys[0]
	}(), "first.IdempotencyKey is the first part's")
}

// A failure at part 3 leaves the progress at 2; resuming posts parts 3
// to 5 only, part 3 with the key of the failed attempt, and the server
// that had made it returns it rather than making it again.
func TestPostThreadResume(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	f := &fakeThread{failAt: 3, down: true}
	f.serve(t, mux)
	parts := []string{"p1", "p2", "p3", "p4", "p5"}
	progress := NewThreadProgress(len(parts))
	planned := append([]string(nil), progress.Keys...)

	posted, err := c.Statuses.PostThread(t.Context(), parts, &NewStatus{Visibility: VisibilityPublic}, progress)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrMaybePosted)
	assert.Contains(t, err.Error(), "part 3 of 5")
	require.Len(t, posted, 2)
	assert.Equal(t, []ID{"101", "102"}, progress.Posted)
	assert.Equal(t, planned, progress.Keys, "the keys stay as planned")
	before := f.snapshot()
	failedKey := before[len(before)-1].Key
	assert.Equal(t, planned[2], failedKey)
	for _, p := range before[2:] {
		assert.Equal(t, "p3", p.Body["status"], "only part 3 was tried again")
	}

	// The progress survives a restart.
	saved, err := json.Marshal(progress)
	require.NoError(t, err)
	var resumed ThreadProgress
	require.NoError(t, json.Unmarshal(saved, &resumed))

	f.mu.Lock()
	f.down = false
	f.mu.Unlock()
	posted, err = c.Statuses.PostThread(t.Context(), parts, &NewStatus{Visibility: VisibilityPublic}, &resumed)
	require.NoError(t, err)
	require.Len(t, posted, 3, "parts 3 to 5")
	assert.Equal(t, []ID{"103", "104", "105"}, []ID{posted[0].ID, posted[1].ID, posted[2].ID})
	assert.Equal(t, []ID{"101", "102", "103", "104", "105"}, resumed.Posted)

	after := f.snapshot()[len(before):]
	require.Len(t, after, 3)
	assert.Equal(t, failedKey, after[0].Key, "part 3 is posted again with the same key")
	assert.Equal(t, "p3", after[0].Body["status"])
	assert.Equal(t, "102", after[0].Body["in_reply_to_id"])
	assert.Equal(t, "103", after[1].Body["in_reply_to_id"])
	assert.Equal(t, "104", after[2].Body["in_reply_to_id"])
	f.mu.Lock()
	assert.Len(t, f.byKey, 5, "no status was made twice")
	f.mu.Unlock()

	// Done: nothing left to post.
	posted, err = c.Statuses.PostThread(t.Context(), parts, nil, &resumed)
	require.NoError(t, err)
	assert.Empty(t, posted)
	assert.Len(t, f.snapshot(), len(before)+3)
}

func TestPostThreadErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("unexpected request %s %s", r.Method, r.URL) })
	for name, call := range map[string]func() error{
		"no parts": func() error { _, err := c.Statuses.PostThread(t.Context(), nil, nil, nil); return err },
		"empty later part": func() error {
			_, err := c.Statuses.PostThread(t.Context(), []string{"a", " "}, nil, nil)
			return err
		},
		"more posted than parts": func() error {
			_, err := c.Statuses.PostThread(t.Context(), []string{"a"}, nil, &ThreadProgress{Posted: []ID{"1", "2"}})
			return err
		},
		"keys of another thread": func() error {
			_, err := c.Statuses.PostThread(t.Context(), []string{"a", "b"}, nil, &ThreadProgress{Keys: []string{"k"}})
			return err
		},
	} {
		assert.Error(t, call(), name)
	}

	// A refused part stops the thread, with what was posted.
	c, mux = setup(t, nil)
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/method_instance_v2_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/statuses", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		if body["status"] == "bad" {
			serveJSON(w, 422, `{"error":"Validation failed: Text character limit of 500 exceeded"}`)
			return
		}
		serveJSON(w, 200, `{"id":"7","created_at":"2026-01-01T00:00:00Z","account":{"id":"1"}}`)
	})
	progress := &ThreadProgress{}
	posted, err := c.Statuses.PostThread(t.Context(), []string{"good", "bad", "never"}, nil, progress)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.Contains(t, err.Error(), "part 2 of 3")
	require.Len(t, posted, 1)
	assert.Equal(t, []ID{"7"}, progress.Posted)
	assert.Len(t, progress.Keys, 3)
}

// OnPosted sees each part as it is posted, to save the progress; its
// error stops the thread.
func TestPostThreadOnPosted(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	f := &fakeThread{}
	f.serve(t, mux)
	var saved [][]ID
	pr := NewThreadProgress(3)
	pr.OnPosted = func(i int, st *Status, p *ThreadProgress) error {
		assert.Equal(t, p.Posted[i], st.ID)
		saved = append(saved, append([]ID(nil), p.Posted...))
		if i == 1 {
			return errors.New("disk full")
		}
		return nil
	}
	posted, err := c.Statuses.PostThread(t.Context(), []string{"a", "b", "c"}, &NewStatus{}, pr)
	assert.ErrorContains(t, err, "disk full")
	assert.Len(t, posted, 2)
	assert.Equal(t, [][]ID{{"101"}, {"101", "102"}}, saved)
	b, err := json.Marshal(pr)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "OnPosted")
}
