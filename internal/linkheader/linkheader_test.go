package linkheader

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		values  []string
		want    []Link
		wantErr string // a part of the error message; "" means no error
	}{
		// What servers send.
		{
			name: "mastodon followers",
			values: []string{`<https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164>; rel="next", ` +
				`<https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165>; rel="prev"`},
			want: []Link{
				{URL: "https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164", Rel: []string{"next"}},
				{URL: "https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165", Rel: []string{"prev"}},
			},
		},
		{
			name: "mastodon notifications, min_id",
			values: []string{`<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel="next", ` +
				`<https://mastodon.example/api/v1/notifications?min_id=34975861>; rel="prev"`},
			want: []Link{
				{URL: "https://mastodon.example/api/v1/notifications?max_id=34975535", Rel: []string{"next"}},
				{URL: "https://mastodon.example/api/v1/notifications?min_id=34975861", Rel: []string{"prev"}},
			},
		},
		{
			name:   "mastodon last page has only prev",
			values: []string{`<https://mastodon.example/api/v1/timelines/home?min_id=113456789012345678>; rel="prev"`},
			want:   []Link{{URL: "https://mastodon.example/api/v1/timelines/home?min_id=113456789012345678", Rel: []string{"prev"}}},
		},
		{
			name: "gotosocial ULIDs",
			values: []string{`<https://gts.example/api/v1/accounts/01J0ZK3V7YAQ8E2R5N4W6X9B1C/statuses?limit=20&max_id=01J10A2B3C4D5E6F7G8H9JKMNP>; rel="next", ` +
				`<https://gts.example/api/v1/accounts/01J0ZK3V7YAQ8E2R5N4W6X9B1C/statuses?limit=20&min_id=01J10Q0R1S2T3V4W5X6Y7Z8A9B>; rel="prev"`},
			want: []Link{
				{URL: "https://gts.example/api/v1/accounts/01J0ZK3V7YAQ8E2R5N4W6X9B1C/statuses?limit=20&max_id=01J10A2B3C4D5E6F7G8H9JKMNP", Rel: []string{"next"}},
				{URL: "https://gts.example/api/v1/accounts/01J0ZK3V7YAQ8E2R5N4W6X9B1C/statuses?limit=20&min_id=01J10Q0R1S2T3V4W5X6Y7Z8A9B", Rel: []string{"prev"}},
			},
		},
		{
			name: "mastodon discovery links on a profile",
			values: []string{`<https://mastodon.example/.well-known/webfinger?resource=acct%3Aalice%40mastodon.example>; rel="lrdd"; type="application/jrd+json", ` +
				`<https://mastodon.example/users/alice>; rel="alternate"; type="application/activity+json"`},
			want: []Link{
				{URL: "https://mastodon.example/.well-known/webfinger?resource=acct%3Aalice%40mastodon.example", Rel: []string{"lrdd"}, Params: map[string]string{"type": "application/jrd+json"}},
				{URL: "https://mastodon.example/users/alice", Rel: []string{"alternate"}, Params: map[string]string{"type": "application/activity+json"}},
			},
		},
		{
			name: "peertube style alternates with a title",
			values: []string{`<https://peertube.example/services/oembed?url=https%3A%2F%2Fpeertube.example%2Fw%2FkkGMgK9ZtnKfYAgnEtQxbv>; rel="alternate"; type="application/json+oembed"; title="Bugs, features; and \"quotes\""`,
				`<https://peertube.example/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d>; rel="alternate"; type="application/activity+json"`},
			want: []Link{
				{URL: "https://peertube.example/services/oembed?url=https%3A%2F%2Fpeertube.example%2Fw%2FkkGMgK9ZtnKfYAgnEtQxbv", Rel: []string{"alternate"},
					Params: map[string]string{"type": "application/json+oembed", "title": `Bugs, features; and "quotes"`}},
				{URL: "https://peertube.example/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d", Rel: []string{"alternate"}, Params: map[string]string{"type": "application/activity+json"}},
			},
		},
		{
			name:   "one field per link",
			values: []string{`<https://a.example/?max_id=1>; rel="next"`, `<https://a.example/?min_id=9>; rel="prev"`},
			want: []Link{
				{URL: "https://a.example/?max_id=1", Rel: []string{"next"}},
				{URL: "https://a.example/?min_id=9", Rel: []string{"prev"}},
			},
		},

		// The grammar.
		{name: "nil", values: nil, want: nil},
		{name: "empty field", values: []string{""}, want: nil},
		{name: "only separators", values: []string{" , ,\t,"}, want: nil},
		{name: "unquoted rel", values: []string{"<https://a.example/2>; rel=next"}, want: []Link{{URL: "https://a.example/2", Rel: []string{"next"}}}},
		{
			name:   "several relation types, mixed case",
			values: []string{`<https://a.example/9>; rel="NEXT  Last"`},
			want:   []Link{{URL: "https://a.example/9", Rel: []string{"next", "last"}}},
		},
		{
			name:   "repeated rel: the first wins",
			values: []string{`<https://a.example/2>; rel="next"; rel="prev"`},
			want:   []Link{{URL: "https://a.example/2", Rel: []string{"next"}}},
		},
		{
			name:   "repeated rel: the first wins even when empty",
			values: []string{`<https://a.example/2>; rel=""; rel="prev"`},
			want:   []Link{{URL: "https://a.example/2"}},
		},
		{
			name:   "commas and semicolons inside the URL",
			values: []string{`<https://a.example/a,b;c?ids=1,2,3>; rel="next", <https://a.example/x>; rel=prev`},
			want: []Link{
				{URL: "https://a.example/a,b;c?ids=1,2,3", Rel: []string{"next"}},
				{URL: "https://a.example/x", Rel: []string{"prev"}},
			},
		},
		{
			name:   "escapes in a quoted string",
			values: []string{`<https://a.example/>; title="say \"hi\", \\ then \x"`},
			want:   []Link{{URL: "https://a.example/", Params: map[string]string{"title": `say "hi", \ then x`}}},
		},
		{
			name:   "whitespace everywhere",
			values: []string{" \t< https://a.example/2 >\t;  rel = \"next\" \t;\ttype =text/html ,\t<https://a.example/0>;rel=prev  "},
			want: []Link{
				{URL: "https://a.example/2", Rel: []string{"next"}, Params: map[string]string{"type": "text/html"}},
				{URL: "https://a.example/0", Rel: []string{"prev"}},
			},
		},
		{
			name:   "empty elements and parameters",
			values: []string{`, ,<https://a.example/2>;; rel=next;,, ,<https://a.example/0>; ;rel=prev,`},
			want: []Link{
				{URL: "https://a.example/2", Rel: []string{"next"}},
				{URL: "https://a.example/0", Rel: []string{"prev"}},
			},
		},
		{
			name:   "parameters without a value",
			values: []string{`<https://a.example/s.css>; rel=preload; crossorigin; as=style; nopush`},
			want: []Link{{URL: "https://a.example/s.css", Rel: []string{"preload"},
				Params: map[string]string{"crossorigin": "", "as": "style", "nopush": ""}}},
		},
		{
			name:   "rel without a value",
			values: []string{`<https://a.example/>; rel; type=text/html`},
			want:   []Link{{URL: "https://a.example/", Params: map[string]string{"type": "text/html"}}},
		},
		{
			name:   "empty unquoted value",
			values: []string{`<https://a.example/>; title=; rel=next`},
			want:   []Link{{URL: "https://a.example/", Rel: []string{"next"}, Params: map[string]string{"title": ""}}},
		},
		{
			name:   "parameter names are case-insensitive, repeats keep the first",
			values: []string{`<https://a.example/>; REL=Next; Type="text/html"; TYPE="text/plain"`},
			want:   []Link{{URL: "https://a.example/", Rel: []string{"next"}, Params: map[string]string{"type": "text/html"}}},
		},
		{
			name:   "extended value kept undecoded",
			values: []string{`<https://a.example/>; rel=next; title*=UTF-8'de'n%c3%a4chstes`},
			want:   []Link{{URL: "https://a.example/", Rel: []string{"next"}, Params: map[string]string{"title*": "UTF-8'de'n%c3%a4chstes"}}},
		},
		{
			name:   "no parameters",
			values: []string{`<https://a.example/>`},
			want:   []Link{{URL: "https://a.example/"}},
		},
		{
			name:   "relative reference",
			values: []string{`</api/v1/blocks?max_id=5>; rel="next"`},
			want:   []Link{{URL: "/api/v1/blocks?max_id=5", Rel: []string{"next"}}},
		},
		{
			name:   "exactly the size limit",
			values: []string{"<https://a.example/" + strings.Repeat("a", maxInput-len("<https://a.example/>")) + ">"},
			want:   []Link{{URL: "https://a.example/" + strings.Repeat("a", maxInput-len("<https://a.example/>"))}},
		},

		// Malformed input: the bad link is skipped, the others are kept.
		{name: "no angle brackets", values: []string{`https://a.example/2; rel=next`}, wantErr: "value 0, byte 0: expected '<'"},
		{name: "bare word", values: []string{`next`}, wantErr: "expected '<'"},
		{
			name:    "unterminated URL before another link",
			values:  []string{`<https://a.example/2; rel=next, <https://a.example/0>; rel=prev`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "byte 0: '<' without '>'",
		},
		{name: "unterminated URL at the end", values: []string{`<https://a.example/0>; rel=prev, <https://a.example/2; rel=next`},
			want: []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}}, wantErr: "byte 33: '<' without '>'"},
		{
			name:    "space inside the URL",
			values:  []string{`<https://a.example/2; rel=next, https://a.example/0>; rel=prev`},
			wantErr: "whitespace or control character in URL",
		},
		{
			name:    "empty URL",
			values:  []string{`<>; rel=next, < >; rel=last, <https://a.example/0>; rel=prev`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "byte 0: empty URL (2 links skipped)",
		},
		{
			name:    "control character in URL",
			values:  []string{"<https://a.example/\x00>; rel=next, <https://a.example/0>; rel=prev"},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "byte 0: whitespace or control character in URL",
		},
		{
			name:    "unterminated quoted string swallows the rest",
			values:  []string{`<https://a.example/2>; rel="next, <https://a.example/0>; rel=prev`},
			wantErr: "byte 27: unterminated quoted string",
		},
		{
			name:    "backslash at the end",
			values:  []string{`<https://a.example/2>; title="abc\`},
			wantErr: "unterminated quoted string",
		},
		{
			name:    "junk after a value",
			values:  []string{`<https://a.example/2>; rel="next" junk, <https://a.example/0>; rel=prev`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "byte 34: expected ';' or ','",
		},
		{
			name:    "junk with a quoted comma",
			values:  []string{`<https://a.example/2>; rel=next "a,b" <c,d>, <https://a.example/0>; rel=prev`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "expected ';' or ','",
		},
		{
			name:    "junk with an escaped quote",
			values:  []string{`<https://a.example/2>; rel=next x"a\",b", <https://a.example/0>; rel=prev`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "byte 32: expected ';' or ','",
		},
		{
			name:    "junk with an unclosed '<'",
			values:  []string{`<https://a.example/0>; rel=prev`, `<https://a.example/2>; rel=next x <y, z`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "value 1, byte 32: expected ';' or ','",
		},
		{
			name:    "missing semicolon",
			values:  []string{`<https://a.example/2> rel=next, <https://a.example/0>; rel=prev`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "expected ';' or ','",
		},
		{
			name:    "missing parameter name",
			values:  []string{`<https://a.example/2>; =next, <https://a.example/0>; rel=prev`},
			want:    []Link{{URL: "https://a.example/0", Rel: []string{"prev"}}},
			wantErr: "expected a parameter name",
		},
		{
			name:    "bad link in the second field",
			values:  []string{`<https://a.example/2>; rel=next`, `rel=prev`},
			want:    []Link{{URL: "https://a.example/2", Rel: []string{"next"}}},
			wantErr: "value 1, byte 0: expected '<'",
		},
		{
			name:    "over the size limit",
			values:  []string{`<https://a.example/2>; rel=next`, strings.Repeat(" ", maxInput)},
			wantErr: "more than the limit of 65536",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.values)
			if tt.wantErr == "" {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrMalformed)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.True(t, strings.HasPrefix(err.Error(), "linkheader: "), err.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseErrorDoesNotQuoteInput(t *testing.T) {
	t.Parallel()
	_, err := Parse([]string{`<https://a.example/?access_token=s3cr3t> rel=next`})
	require.ErrorIs(t, err, ErrMalformed)
	assert.NotContains(t, err.Error(), "s3cr3t")
}

func TestFind(t *testing.T) {
	t.Parallel()
	links := []Link{
		{URL: "https://a.example/none"},
		{URL: "https://a.example/2", Rel: []string{"next"}},
		{URL: "https://a.example/9", Rel: []string{"next", "last"}},
		{URL: "https://a.example/Up", Rel: []string{"UP"}}, // built by hand, not by Parse
	}
	tests := []struct{ rel, want string }{
		{"next", "https://a.example/2"},
		{"NEXT", "https://a.example/2"},
		{"last", "https://a.example/9"},
		{"up", "https://a.example/Up"},
		{"prev", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Find(links, tt.rel), "Find(%q)", tt.rel)
	}
	assert.Empty(t, Find(nil, "next"))
}

func TestCursor(t *testing.T) {
	t.Parallel()
	tests := []struct{ url, param, want string }{
		{"https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164", "max_id", "7628164"},
		{"https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165", "since_id", "7628165"},
		{"https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165", "max_id", ""},
		{"/api/v1/blocks?max_id=5", "max_id", "5"},
		{"https://a.example/?max_id=a%2Bb&max_id=2", "max_id", "a+b"},
		{"https://a.example/?bad=%zz&max_id=3", "max_id", "3"},
		{"https://a.example/?max_id=", "max_id", ""},
		{"https://a.example/", "max_id", ""},
		{"", "max_id", ""},
		{"https://[::1/?max_id=3", "max_id", ""},
		{"http://a.example/\x7f?max_id=3", "max_id", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Cursor(tt.url, tt.param), "Cursor(%q, %q)", tt.url, tt.param)
	}
}

// The links of one Mastodon response, from header to cursor.
func TestParseFindCursor(t *testing.T) {
	t.Parallel()
	links, err := Parse([]string{`<https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164>; rel="next", ` +
		`<https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165>; rel="prev"`})
	require.NoError(t, err)
	assert.Equal(t, "7628164", Cursor(Find(links, "next"), "max_id"))
	assert.Equal(t, "7628165", Cursor(Find(links, "prev"), "since_id"))
	assert.Empty(t, Cursor(Find(links, "last"), "max_id"))
}

func TestErrMalformedIsSentinel(t *testing.T) {
	t.Parallel()
	_, err := Parse([]string{"x", "y"})
	assert.True(t, errors.Is(err, ErrMalformed))
	assert.Contains(t, err.Error(), "(2 links skipped)")
}
