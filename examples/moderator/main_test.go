package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"mime"
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
)

// testToken is the token the fake server accepts. No output may hold it.
const testToken = "s3cret-T0ken-of-the-tests"

// testNow is the clock of the tests: two days after the documentation's
// example reports were filed.
var testNow = time.Date(2022, 9, 11, 22, 0, 0, 0, time.UTC)

// fake is a fake Mastodon server: the admin endpoints moderator uses,
// answering with the documentation's examples in testdata/.
type fake struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	requests []string            // "METHOD /path?query" of every request, in order
	created  []map[string]string // the bodies of POST /api/v1/admin/domain_blocks
	// forbidden makes every answer the documentation's 403.
	forbidden bool
	// noReports makes the lists of reports empty.
	noReports bool
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{t: t}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/admin/reports", f.listReports)
	mux.HandleFunc("GET /api/v1/admin/reports/{id}", f.getReport)
	mux.HandleFunc("POST /api/v1/admin/reports/{id}/assign_to_self", f.assignReport)
	mux.HandleFunc("POST /api/v1/admin/reports/{id}/resolve", f.resolveReport)
	mux.HandleFunc("GET /api/v1/admin/domain_blocks", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, f.load("partial/method_admin_domain_blocks_get_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/admin/domain_blocks", f.createBlock)
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		line := r.Method + " " + r.URL.Path
		if r.URL.RawQuery != "" {
			line += "?" + r.URL.RawQuery
		}
		f.requests = append(f.requests, line)
		forbidden := f.forbidden
		f.mu.Unlock()
		switch {
		case r.Header.Get("Authorization") != "Bearer "+testToken:
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "The access token is invalid"})
		case forbidden && strings.HasPrefix(r.URL.Path, "/api/v1/admin/domain_blocks"):
			writeJSON(w, http.StatusForbidden, f.load("method_admin_domain_blocks_create_403_01.json"))
		case forbidden:
			writeJSON(w, http.StatusForbidden, f.load("method_admin_reports_get_403_01.json"))
		default:
			mux.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// load decodes a file of testdata/.
func (f *fake) load(name string) any {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.t.Error(err)
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		f.t.Errorf("%s: %v", name, err)
	}
	return v
}

// loadObject decodes a file of testdata/ that holds an object.
func (f *fake) loadObject(name string) map[string]any {
	m, _ := f.load(name).(map[string]any)
	if m == nil {
		f.t.Errorf("%s holds no object", name)
		return map[string]any{}
	}
	return m
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// adminAccount is an Admin::Account shaped like the documentation's.
func adminAccount(id, username, domain string) map[string]any {
	acct := username
	if domain != "" {
		acct += "@" + domain
	}
	var dom any
	if domain != "" {
		dom = domain
	}
	return map[string]any{
		"id": id, "username": username, "domain": dom, "created_at": "2022-09-08T22:48:07.985Z",
		"email":   username + "@mastodon.local",
		"account": map[string]any{"id": id, "username": username, "acct": acct},
	}
}

// longComment is a comment longer than the 200 characters the list shows;
// it holds an escape sequence that must not reach the terminal.
var longComment = "Spam\x1b[31m in every reply.\n" + strings.Repeat("é", 250)

// listReports serves two pages of open reports, linked by a Link header,
// and one page of resolved reports for resolved=true.
func (f *fake) listReports(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	none := f.noReports
	f.mu.Unlock()
	switch {
	case none:
		writeJSON(w, http.StatusOK, []any{})
	case q.Get("resolved") == "true":
		resolved := f.loadObject("partial/method_admin_reports_get-one_200_01.json")
		writeJSON(w, http.StatusOK, []any{resolved})
	case q.Get("resolved") != "":
		http.Error(w, "unexpected resolved="+q.Get("resolved"), http.StatusBadRequest)
	case q.Get("max_id") == "":
		// The documentation's page, with the next page's link.
		w.Header().Set("Link", `<`+f.srv.URL+`/api/v1/admin/reports?max_id=3>; rel="next", <`+f.srv.URL+`/api/v1/admin/reports?min_id=3>; rel="prev"`)
		writeJSON(w, http.StatusOK, f.load("partial/method_admin_reports_get_200_01.json"))
	case q.Get("max_id") == "3":
		// The documentation's report, changed into an older one with
		// more in it; no next link: the last page.
		page := f.load("partial/method_admin_reports_get_200_01.json").([]any)
		old := page[0].(map[string]any)
		old["id"] = "1"
		old["category"] = "violation"
		old["created_at"] = "2022-09-11T18:19:23.085Z"
		old["comment"] = longComment
		old["rules"] = []any{map[string]any{"id": "1", "text": "No spam"}, map[string]any{"id": "4", "text": "Be kind"}}
		old["statuses"] = []any{testStatus("110", "<p>one</p>"), testStatus("111", "<p>two</p>")}
		old["assigned_account"] = adminAccount("42", "mod", "")
		old["target_account"] = adminAccount("77", "spammer", "bad.example")
		writeJSON(w, http.StatusOK, []any{old})
	default:
		http.Error(w, "unexpected max_id", http.StatusBadRequest)
	}
}

// testStatus is a status attached to a report.
func testStatus(id, content string) map[string]any {
	return map[string]any{
		"id": id, "created_at": "2022-09-09T20:00:00.000Z", "content": content,
		"url":     "https://bad.example/@spammer/" + id,
		"account": map[string]any{"id": "77", "username": "spammer", "acct": "spammer@bad.example"},
	}
}

// getReport serves report 2 (the documentation's, resolved, with a
// status added), report 3 (the listed one, open) and report 4 (the same,
// assigned to @bob).
func (f *fake) getReport(w http.ResponseWriter, r *http.Request) {
	switch r.PathValue("id") {
	case "2":
		rep := f.loadObject("partial/method_admin_reports_get-one_200_01.json")
		rep["comment"] = "Look at\tthis\x1b]0;pwned\x07"
		rep["rules"] = []any{map[string]any{"id": "3", "text": "No advertising"}}
		rep["statuses"] = []any{
			testStatus("120", `<p>Buy <strong>pills</strong> &amp; more<br>at <a href="https://bad.example/shop"><span class="invisible">https://</span><span class="">bad.example/shop</span></a></p><p>Second paragraph</p>`),
		}
		writeJSON(w, http.StatusOK, rep)
	case "3":
		page := f.load("partial/method_admin_reports_get_200_01.json").([]any)
		writeJSON(w, http.StatusOK, page[0])
	case "4":
		page := f.load("partial/method_admin_reports_get_200_01.json").([]any)
		rep := page[0].(map[string]any)
		rep["id"] = "4"
		rep["assigned_account"] = adminAccount("43", "bob", "")
		writeJSON(w, http.StatusOK, rep)
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Record not found"})
	}
}

func (f *fake) assignReport(w http.ResponseWriter, r *http.Request) {
	rep := f.loadObject("partial/method_admin_reports_assign_to_self_200_01.json")
	rep["id"] = r.PathValue("id")
	writeJSON(w, http.StatusOK, rep)
}

func (f *fake) resolveReport(w http.ResponseWriter, r *http.Request) {
	rep := f.loadObject("partial/method_admin_reports_resolve_200_01.json")
	rep["id"] = r.PathValue("id")
	writeJSON(w, http.StatusOK, rep)
}

// createBlock records the body (JSON or form) and answers the
// documentation's block, or its 422 for example.com, which it blocks
// already, and its subdomains.
func (f *fake) createBlock(w http.ResponseWriter, r *http.Request) {
	body := map[string]string{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var raw map[string]any
		if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for k, v := range raw {
			b, _ := json.Marshal(v)
			body[k] = strings.Trim(string(b), `"`)
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for k := range r.PostForm {
			body[k] = r.PostForm.Get(k)
		}
	default:
		http.Error(w, "unexpected content type "+ct, http.StatusUnsupportedMediaType)
		return
	}
	f.mu.Lock()
	f.created = append(f.created, body)
	f.mu.Unlock()
	if d := body["domain"]; d == "example.com" || strings.HasSuffix(d, ".example.com") {
		writeJSON(w, http.StatusUnprocessableEntity, f.load("method_admin_domain_blocks_create_422_02.json"))
		return
	}
	block := f.loadObject("method_admin_domain_blocks_create_200_01.json")
	block["id"] = "12"
	block["domain"] = body["domain"]
	block["severity"] = body["severity"]
	block["reject_media"] = body["reject_media"] == "true"
	block["reject_reports"] = body["reject_reports"] == "true"
	writeJSON(w, http.StatusOK, block)
}

// createdBodies returns the bodies of the domain blocks created so far.
func (f *fake) createdBodies() []map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]string(nil), f.created...)
}

// requestLog returns the requests received so far.
func (f *fake) requestLog() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// env is the environment of run for this server: the token in
// MASTODON_TOKEN, loopback allowed, no retries.
func (f *fake) env() env {
	return env{
		getenv: func(k string) string {
			if k == tokenEnv {
				return testToken
			}
			return ""
		},
		client: mastodon.Options{AllowLoopback: true, AllowHTTP: true, MaxRetries: -1},
		now:    func() time.Time { return testNow },
	}
}

// run runs moderator against the fake server with -server set and
// checks that the token is in neither output.
func (f *fake) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runEnv(t, f.env(), append([]string{"-server", f.srv.URL}, args...)...)
}

func runEnv(t *testing.T, e env, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(t.Context(), args, e, &out, &errb)
	assert.NotContains(t, out.String(), testToken, "stdout holds the token")
	assert.NotContains(t, errb.String(), testToken, "stderr holds the token")
	return code, out.String(), errb.String()
}

func TestReportsTwoPages(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "reports")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, []string{"GET /api/v1/admin/reports", "GET /api/v1/admin/reports?max_id=3"}, f.requestLog())

	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3, out)
	assert.Regexp(t, `^ID +AGE +REPORTER +TARGET +CATEGORY +RULES +STATUSES +ASSIGNED +COMMENT$`, lines[0])
	assert.Regexp(t, `^3 +2d +@admin +@goody +spam +- +0 +- +-$`, lines[1])
	assert.Regexp(t, `^1 +3h +@admin +@spammer@bad\.example +violation +1,4 +2 +@mod +Spam\[31m in every reply\. é+…$`, lines[2])
	// The comment: the escape character and the line break gone, 200
	// characters and an ellipsis.
	comment := lines[2][strings.Index(lines[2], "Spam"):]
	const start = "Spam[31m in every reply. "
	assert.Equal(t, start+strings.Repeat("é", 200-len(start))+"…", comment)
	assert.NotContains(t, out, "\x1b")
}

func TestReportsAll(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "reports", "-all")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, []string{
		"GET /api/v1/admin/reports", "GET /api/v1/admin/reports?max_id=3", "GET /api/v1/admin/reports?resolved=true",
	}, f.requestLog())
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 4, out)
	assert.Regexp(t, `^ID +STATE +AGE +REPORTER`, lines[0])
	assert.Regexp(t, `^3 +open +2d +@admin +@goody +spam `, lines[1])
	assert.Regexp(t, `^1 +open +3h `, lines[2])
	assert.Regexp(t, `^2 +resolved +2d +@admin +@goody +spam +- +0 +- +-$`, lines[3])
}

func TestReportsNone(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.mu.Lock()
	f.noReports = true
	f.mu.Unlock()
	code, out, errs := f.run(t, "reports")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, "no open reports\n", out)
	code, out, errs = f.run(t, "reports", "-all")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, "no reports\n", out)
}

func TestReportShow(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "report", "2")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, []string{"GET /api/v1/admin/reports/2"}, f.requestLog())
	for _, want := range []string{
		"Report 2 (resolved 2022-09-09 21:38 UTC by @admin)\n",
		"  filed:     2022-09-09 21:19 UTC (2d ago)\n",
		"  reporter:  @admin (local, account 108965218747268792)\n",
		"  target:    @goody (local, account 108965430868193066)\n",
		"  category:  spam\n",
		"  rules:\n    3: No advertising\n",
		"  forwarded: no\n",
		"  assigned:  -\n",
		"  comment:\n    Look at this]0;pwned\n", // the tab a space, the control characters dropped
		"  statuses:  1\n",
		"\n  [1] status 120 by @spammer@bad.example, 2022-09-09 20:00 UTC\n" +
			"      https://bad.example/@spammer/120\n" +
			"      Buy pills & more\n" +
			"      at https://bad.example/shop\n" +
			"\n" +
			"      Second paragraph\n",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\x07")
	assert.NotContains(t, out, "<")
}

func TestReportNotFound(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "report", "99")
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "there is no report 99")
}

func TestResolve(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "resolve", "3")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, []string{
		"GET /api/v1/admin/reports/3",
		"POST /api/v1/admin/reports/3/assign_to_self",
		"POST /api/v1/admin/reports/3/resolve",
	}, f.requestLog())
	assert.Equal(t, "resolved report 3 (spam, @admin against @goody), assigned to @admin, at 2022-09-11 14:46 UTC\n", out)
}

func TestResolveTakesOver(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "resolve", "4")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, "resolved report 4 (spam, @admin against @goody), assigned to @admin, taken over from @bob, at 2022-09-11 14:46 UTC\n", out)
	assert.Equal(t, []string{
		"GET /api/v1/admin/reports/4",
		"POST /api/v1/admin/reports/4/assign_to_self",
		"POST /api/v1/admin/reports/4/resolve",
	}, f.requestLog())
}

func TestResolveDryRun(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	// -dry-run after the command works as well as before it.
	for _, args := range [][]string{{"-dry-run", "resolve", "3"}, {"resolve", "3", "-dry-run"}} {
		code, out, errs := f.run(t, args...)
		require.Equal(t, exitOK, code, errs)
		assert.Equal(t, "dry run: would assign report 3 to yourself and resolve it (spam, @admin against @goody; assigned now to nobody)\n", out)
	}
	assert.Equal(t, []string{"GET /api/v1/admin/reports/3", "GET /api/v1/admin/reports/3"}, f.requestLog(), "no POST")
}

func TestResolveAlreadyResolved(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "resolve", "2")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, "report 2 is already resolved by @admin; nothing to do\n", out)
	assert.Equal(t, []string{"GET /api/v1/admin/reports/2"}, f.requestLog())
}

func TestBlockDomain(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "block-domain", "Spam.Example.", "-severity", "suspend", "-reject-media",
		"-public-comment", "Spam and harassment", "-private-comment", "see report 41")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, []string{"POST /api/v1/admin/domain_blocks"}, f.requestLog())
	created := f.createdBodies()
	require.Len(t, created, 1)
	body := created[0]
	assert.Equal(t, "spam.example", body["domain"])
	assert.Equal(t, "suspend", body["severity"])
	assert.Equal(t, "true", body["reject_media"])
	assert.Contains(t, []string{"", "false"}, body["reject_reports"])
	assert.Equal(t, "Spam and harassment", body["public_comment"])
	assert.Equal(t, "see report 41", body["private_comment"])
	assert.Equal(t, "blocked spam.example: severity suspend, media rejected (block 12)\n", out)
}

func TestBlockDomainMinimal(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "block-domain", "-severity", "noop", "-reject-reports", "media.example")
	require.Equal(t, exitOK, code, errs)
	created := f.createdBodies()
	require.Len(t, created, 1)
	body := created[0]
	assert.Equal(t, "media.example", body["domain"])
	assert.Equal(t, "noop", body["severity"])
	assert.Equal(t, "true", body["reject_reports"])
	assert.Empty(t, body["public_comment"])
	assert.Empty(t, body["private_comment"])
	assert.Equal(t, "blocked media.example: severity noop, reports rejected (block 12)\n", out)
}

func TestBlockDomainAlreadyBlocked(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "block-domain", "example.com", "-severity", "suspend")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, "example.com is already blocked: severity noop, since 2022-11-16 08:15 UTC (block 1)\n", out)
	assert.Empty(t, errs)
	// The existing block comes from the 422's body: no other request.
	assert.Equal(t, []string{"POST /api/v1/admin/domain_blocks"}, f.requestLog())

	code, out, errs = f.run(t, "block-domain", "sub.example.com", "-severity", "noop")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, "sub.example.com is already covered by the block of example.com: severity noop, since 2022-11-16 08:15 UTC (block 1)\n", out)
}

func TestBlockDomainDryRun(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	code, out, errs := f.run(t, "-dry-run", "block-domain", "example.com", "-severity", "silence", "-public-comment", "Spam")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, "dry run: would block example.com: severity silence\n"+
		"  public comment: Spam\n"+
		"  example.com is already blocked (severity noop, since 2022-11-16 08:15 UTC): the server would refuse another block\n", out)

	code, out, errs = f.run(t, "-dry-run", "block-domain", "sub.example.com", "-severity", "suspend")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "sub.example.com is covered by the block of example.com (severity noop)")

	for _, r := range f.requestLog() {
		assert.True(t, strings.HasPrefix(r, "GET "), "a dry run sent %s", r)
	}
	assert.Empty(t, f.createdBodies())
}

func TestForbidden(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.mu.Lock()
	f.forbidden = true
	f.mu.Unlock()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"reports"}, "Manage Reports"},
		{[]string{"report", "2"}, "Manage Reports"},
		{[]string{"resolve", "3"}, "Manage Reports"},
		{[]string{"block-domain", "spam.example", "-severity", "silence"}, "Manage Federation"},
	} {
		code, out, errs := f.run(t, tc.args...)
		assert.Equal(t, exitFailure, code, "%q", tc.args)
		assert.Empty(t, out)
		assert.Contains(t, errs, "403 This action is not allowed")
		assert.Contains(t, errs, "The server refused the token: it needs the admin:read and admin:write scopes")
		assert.Contains(t, errs, tc.want)
	}
}

func TestWrongToken(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	e := f.env()
	e.getenv = func(string) string { return "not-" + testToken }
	code, out, errs := runEnv(t, e, "-server", f.srv.URL, "reports")
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, out)
	assert.Contains(t, errs, "The token is not valid")
	assert.NotContains(t, errs, "not-"+testToken)
}

func TestTokenFile(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(file, []byte(testToken+"\nsecond line is ignored\n"), 0o600))
	e := f.env()
	e.getenv = func(string) string { return "the-environment-is-not-used" }
	code, _, errs := runEnv(t, e, "-server", f.srv.URL, "-token-file", file, "report", "3")
	assert.Equal(t, exitOK, code, errs)

	// Failures to read the file name the file, never the token.
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("\n"+testToken), 0o600))
	spaced := filepath.Join(dir, "spaced")
	require.NoError(t, os.WriteFile(spaced, []byte(testToken+" "+testToken+"\n"), 0o600))
	for _, name := range []string{empty, spaced, filepath.Join(dir, "missing")} {
		code, out, errs := runEnv(t, e, "-server", f.srv.URL, "-token-file", name, "reports")
		assert.Equal(t, exitFailure, code, name)
		assert.Empty(t, out)
		assert.Contains(t, errs, name)
	}
	assert.Len(t, f.requestLog(), 1)
}

func TestUsage(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	for _, args := range [][]string{
		{},
		{"-nope", "reports"},
		{"frobnicate"},
		{"reports", "extra"},
		{"reports", "-nope"},
		{"report"},
		{"report", ""},
		{"report", "2", "3"},
		{"resolve"},
		{"resolve", "3", "-note", "spam, handled"},
		{"resolve", "-note=", "3"},
		{"block-domain", "-severity", "suspend"},
		{"block-domain", "spam.example"},
		{"block-domain", "spam.example", "-severity", "ban"},
		{"block-domain", "https://spam.example/", "-severity", "suspend"},
		{"block-domain", "user@spam.example", "-severity", "suspend"},
		{"block-domain", "spam.example", "other.example", "-severity", "suspend"},
		{"-server", "ftp://social.example", "reports"},
	} {
		code, out, errs := f.run(t, args...)
		assert.Equal(t, exitUsage, code, "%q", args)
		assert.Empty(t, out, "%q", args)
		assert.Contains(t, errs, "moderator -h", "%q", args)
	}
	// No -server; no token.
	code, _, errs := runEnv(t, f.env(), "reports")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "-server is required")
	noToken := f.env()
	noToken.getenv = nil
	code, _, errs = runEnv(t, noToken, "-server", f.srv.URL, "reports")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "no token")
	assert.Contains(t, errs, tokenEnv)

	assert.Empty(t, f.requestLog(), "a usage error sends nothing")

	// -h, before or after the command.
	for _, args := range [][]string{{"-h"}, {"resolve", "-h"}} {
		code, out, errs := f.run(t, args...)
		assert.Equal(t, exitOK, code)
		assert.Empty(t, out)
		assert.Contains(t, errs, "moderator [flags] block-domain DOMAIN -severity suspend|silence|noop")
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		pos  []string
		note string
	}{
		{[]string{"a", "-note", "x", "b"}, []string{"a", "b"}, "x"},
		{[]string{"-note", "x", "--", "-b"}, []string{"-b"}, "x"},
		{[]string{"-note", "--", "a"}, []string{"a"}, "--"},
		{[]string{"a", "--", "-note"}, []string{"a", "-note"}, ""},
	} {
		var g globals
		var note string
		fs := newTestFlagSet(&g, &note)
		pos, err := parseInterspersed(fs, tc.args)
		require.NoError(t, err, "%q", tc.args)
		assert.Equal(t, tc.pos, pos, "%q", tc.args)
		assert.Equal(t, tc.note, note, "%q", tc.args)
	}
}

// newTestFlagSet is a command's flag set with the global flags and -note.
func newTestFlagSet(g *globals, note *string) *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.register(fs)
	fs.StringVar(note, "note", "", "")
	return fs
}

func TestHTMLToText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"<p>Hello <span class=\"h-card\"><a href=\"x\">@<span>ann</span></a></span>!</p>", "Hello @ann!"},
		{"<p>a<br>b<br/>c</p><p>d</p>", "a\nb\nc\n\nd"},
		{"<p>1 &lt; 2 &amp;&amp; 3 &gt; 2</p>", "1 < 2 && 3 > 2"},
		{"<ul><li>one</li><li>two</li></ul><p>after</p>", "• one\n• two\n\nafter"},
		{"plain", "plain"},
		{"<p>bell\x07 and \x1b[2J clear</p>", "bell and [2J clear"},
		{"<p>rtl \u202eevil</p>", "rtl evil"},
		{"", ""},
	} {
		assert.Equal(t, tc.want, htmlToText(tc.in), "%q", tc.in)
	}
}

func TestNormalizeDomain(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Spam.Example":    "spam.example",
		" spam.example. ": "spam.example",
		"Bücher.example":  "xn--bcher-kva.example",
	} {
		got, err := normalizeDomain(in)
		require.NoError(t, err, "%q", in)
		assert.Equal(t, want, got, "%q", in)
	}
	for _, in := range []string{"", ".", "a..b", ".spam.example", "spam.example/x", "spam.example:443", "a b.example", "[::1]"} {
		_, err := normalizeDomain(in)
		assert.Error(t, err, "%q", in)
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "a b c", oneLine("a\n b\t\tc ", 10))
	assert.Equal(t, "abc…", oneLine("abcdef", 3))
	assert.Equal(t, "ééé…", oneLine("éééé", 3))
	assert.Equal(t, "abc", oneLine("abc", 3))
	assert.Equal(t, "ab", oneLine("a\xffb", 3))
}

func TestAge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{-time.Minute, "0s"}, {30 * time.Second, "30s"}, {90 * time.Second, "1m"},
		{5 * time.Hour, "5h"}, {49 * time.Hour, "2d"},
	} {
		assert.Equal(t, tc.want, age(testNow.Add(-tc.d), testNow), "%v", tc.d)
	}
	assert.Equal(t, "?", age(time.Time{}, testNow))
}
