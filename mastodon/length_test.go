package mastodon

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected counts follow Mastodon's StatusLengthValidator: grapheme
// clusters of the content warning followed by the text in which every
// link is replaced by 23 "x" and every mention by its "@username".
func TestStatusLength(t *testing.T) {
	t.Parallel()
	long := "https://example.com/" + strings.Repeat("very-long-path/", 20)
	tests := []struct {
		name, text, spoiler string
		rules               LengthRules
		want                int
	}{
		// Plain text: one per grapheme cluster.
		{name: "empty", text: "", want: 0},
		{name: "ascii", text: "Hello, world!", want: 13},
		{name: "500 letters", text: strings.Repeat("a", 500), want: 500},
		// Mastodon skips a blank text: only ASCII white space (and NUL)
		// counts for nothing.
		{name: "blank text", text: "  \n\t ", want: 0},
		{name: "blank text with spoiler", text: "   ", spoiler: "CW", want: 2},
		{name: "NUL is blank", text: "\x00", want: 0},
		// U+3000 is white space, but not ASCII: the text is not blank.
		{name: "ideographic space is not blank", text: "\u3000", want: 1},
		// CR LF is one cluster.
		{name: "CRLF", text: "a\r\nb", want: 3},

		// Emoji: one cluster each.
		{name: "ZWJ family", text: "👨‍👩‍👧‍👦", want: 1},             // 7 code points joined by ZWJ
		{name: "ZWJ profession", text: "👩‍💻", want: 1},             // woman + ZWJ + laptop
		{name: "two flags", text: "🇫🇷🇩🇪", want: 2},                 // regional indicators pair up
		{name: "skin tone", text: "👍🏽", want: 1},                   // modifier extends the base
		{name: "keycap", text: "1️⃣", want: 1},                     // digit + VS16 + combining keycap
		{name: "heart with VS16", text: "❤️", want: 1},             // variation selector extends
		{name: "emoji in text", text: "I ❤️ Mastodon 🐘", want: 14}, // "I " + 1 + " Mastodon " + 1
		// Combining marks stay with their letter.
		{name: "combining acute", text: "e\u0301", want: 1},
		{name: "stacked marks", text: "Z\u0324\u0308o\u0301", want: 2},
		{name: "precomposed and decomposed", text: "café cafe\u0301", want: 9},

		// Scripts.
		{name: "CJK", text: "日本語のテキスト", want: 8},               // one per character
		{name: "Hebrew RTL", text: "שלום עולם", want: 9},       // 4 + space + 4
		{name: "Arabic RTL", text: "مرحبا بالعالم", want: 13},  // 5 + space + 7
		{name: "Thai vowels combine", text: "สวัสดี", want: 4}, // ส วั ส ดี
		{name: "Hangul", text: "안녕하세요", want: 5},

		// Links count 23 whatever their length.
		{name: "link", text: "https://example.com", want: 23},
		{name: "long link", text: long, want: 23},
		{name: "short link counts more", text: "http://a.co", want: 23},
		{name: "text and link", text: "Read this: https://example.com/article", want: 11 + 23},
		{name: "two links", text: "https://a.example.com https://b.example.org/x", want: 23 + 1 + 23},
		// Sentence punctuation and an unbalanced ")" stay out of the link.
		{name: "link then dot", text: "Visit https://example.com/page.", want: 6 + 23 + 1},
		{name: "link in parentheses", text: "(see https://example.com/path)", want: 5 + 23 + 1},
		{name: "link then comma and question", text: "https://example.com/a, https://example.com/b?", want: 23 + 2 + 23 + 1},
		{name: "query ending with a dot", text: "https://example.com/?q=1.", want: 23 + 1},
		// Balanced parentheses belong to the link.
		{name: "wikipedia parens", text: "https://en.wikipedia.org/wiki/Mastodon_(software)", want: 23},
		{name: "port path query", text: "https://example.com:8080/search?q=mastodon&lang=en#top", want: 23},
		{name: "scheme in capitals", text: "HTTPS://EXAMPLE.COM", want: 23},
		// Internationalized domains.
		{name: "IDN latin", text: "https://bücher.de/katalog", want: 23},
		{name: "IDN cyrillic", text: "https://пример.рф", want: 23},
		{name: "IDN japanese", text: "https://例え.jp/パス", want: 23},
		// Mastodon adds schemes to twitter-text's http and https.
		{name: "gemini", text: "gemini://example.org/x", want: 23},
		// ftp is not one of them; "example.com" after "//" has no scheme.
		{name: "ftp", text: "ftp://example.com", want: 17},
		// No scheme, no link.
		{name: "bare domain", text: "example.com", want: 11},
		{name: "www", text: "www.example.com/x", want: 17},
		// A letter before the scheme: no link.
		{name: "letter before scheme", text: "xhttps://example.com", want: 20},
		// Unknown top-level domains are no links.
		{name: "unknown TLD", text: "https://example.invalid/x", want: 25},
		{name: "localhost", text: "http://localhost:3000", want: 21},
		// A known TLD followed by a letter is no TLD.
		{name: "TLD followed by a letter", text: "https://example.comx", want: 20},
		// IDNA 2003 refuses a label over 63 characters...
		{name: "label too long", text: "https://" + strings.Repeat("a", 64) + ".com", want: 8 + 64 + 4},
		{name: "label of 63", text: "https://" + strings.Repeat("a", 63) + ".com", want: 23},
		// ... and characters unassigned in Unicode 3.2, such as most emoji,
		{name: "emoji domain", text: "https://🍕.ws", want: 8 + 1 + 3},
		// but not older symbols.
		{name: "dingbat domain", text: "https://i❤.ws", want: 23},
		// t.co links end after their slug.
		{name: "t.co", text: "https://t.co/abc-def", want: 23 + 4},
		// A combining mark after a link joins the last character of its
		// stand-in.
		{name: "mark after link", text: "https://example.com\u0301", want: 23},

		// Mentions count for their username only.
		{name: "local mention", text: "@alice", want: 6},
		{name: "remote mention", text: "@alice@example.com", want: 6},
		{name: "remote mention in text", text: "Hi @alice@mastodon.social!", want: 3 + 6 + 1},
		{name: "mention with dots", text: "@first.last@sub.example.co.uk", want: 11},
		{name: "mention with IDN domain", text: "@bob@例え.jp", want: 4},
		{name: "mention then dot", text: "@alice@example.com.", want: 7},
		{name: "mention in parentheses", text: "(@alice@example.com)", want: 8},
		// An email address is no mention: a word character precedes "@".
		{name: "email", text: "alice@example.com", want: 17},
		{name: "email and mention", text: "mail me: alice@example.com or @alice@example.com", want: 9 + 17 + 4 + 6},
		// "=" and "/" before "@" make no mention either.
		{name: "after equals", text: "=@alice@example.com", want: 19},
		// A Latin accented letter after the username makes no mention.
		{name: "accented username", text: "@josé@example.com", want: 17},
		// A mention's domain may have up to 253 characters.
		{name: "long mention domain", text: "@a@" + strings.Repeat("d", 253), want: 2},
		{name: "too long mention domain", text: "@a@" + strings.Repeat("d", 254), want: 3 + 254},
		// A mention in a link's path is part of the link.
		{name: "mention in link", text: "https://mastodon.social/@alice@example.com", want: 23},
		// Hashtags count as they are.
		{name: "hashtag", text: "#mastodon", want: 9},

		// The content warning counts as it is written.
		{name: "text and spoiler", text: "Hello", spoiler: "Spoilers ahead", want: 5 + 14},
		{name: "link in spoiler counts in full", text: "x", spoiler: "https://example.com", want: 1 + 19},
		{name: "mention in spoiler counts in full", text: "x", spoiler: "@alice@example.com", want: 1 + 18},
		// The two are joined before counting: a flag split between them
		// is one.
		{name: "flag across spoiler and text", text: "🇷 x", spoiler: "🇫", want: 3},

		// Other rules.
		{name: "reserved 25", text: "https://x.co", rules: LengthRules{CharactersReservedPerURL: 25}, want: 25},
		{name: "reserved 0 is the default", text: "https://x.co", rules: LengthRules{}, want: 23},
		// Invalid UTF-8: one replacement character per byte.
		{name: "invalid UTF-8", text: "a\xff\xfeb", want: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, StatusLength(tt.text, tt.spoiler, tt.rules))
		})
	}
}

func TestTextEntities(t *testing.T) {
	t.Parallel()
	text := "@alice@example.com see https://example.com/a_(b). and (https://t.co/x) or @bob"
	var got []string
	for _, e := range textEntities(text) {
		got = append(got, text[e.start:e.end]+"|"+e.user)
	}
	assert.Equal(t, []string{"@alice@example.com|@alice", "https://example.com/a_(b)|", "https://t.co/x|", "@bob|@bob"}, got)
}

func TestLengthRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		v2, v1 string // bodies; "" answers 404
		want   LengthRules
	}{
		{name: "mastodon v2", v2: "docs/method_instance_v2_200_01.json", want: LengthRules{500, 23}},
		{name: "gotosocial v2", v2: "gotosocial/mastodon-instance-v2.json", want: LengthRules{5000, 25}},
		{name: "mastodon v1", v1: "docs/method_instance_v1_200_01.json", want: LengthRules{500, 23}},
		{name: "gotosocial v1", v1: "gotosocial/mastodon-instance-v1.json", want: LengthRules{5000, 25}},
		{name: "pleroma v1", v1: `{"uri":"pleroma.example","max_toot_chars":5000}`, want: LengthRules{5000, 23}},
		{name: "max_toot_chars as a string", v1: `{"max_toot_chars":"1000"}`, want: LengthRules{1000, 23}},
		{name: "nothing said", v2: `{"domain":"x.example","configuration":{}}`, want: LengthRules{500, 23}},
		{name: "garbage values", v2: `{"configuration":{"statuses":{"max_characters":{},"characters_reserved_per_url":-5}}}`, want: LengthRules{500, 23}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t, nil)
			serve := func(body string) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					assert.Empty(t, r.URL.RawQuery)
					switch {
					case body == "":
						serveJSON(w, 404, `{"error":"Not Found"}`)
					case strings.HasPrefix(body, "{"):
						serveJSON(w, 200, body)
					default:
						serveJSON(w, 200, corpus(t, body))
					}
				}
			}
			mux.HandleFunc("GET /api/v2/instance", serve(tt.v2))
			mux.HandleFunc("GET /api/v1/instance", serve(tt.v1))
			got, err := c.LengthRules(t.Context())
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLengthRulesErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	_, err := c.LengthRules(t.Context())
	assert.ErrorIs(t, err, ErrNotFound)

	c, mux = setup(t, &Options{MaxRetries: -1})
	var v1 bool
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 503, `{"error":"down"}`)
	})
	mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) { v1 = true })
	_, err = c.LengthRules(t.Context())
	assert.ErrorIs(t, err, ErrServer)
	assert.False(t, v1, "only a 404 falls back to v1")
}

func TestLooseInt(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]looseInt{`5000`: 5000, `"42"`: 42, `" 7 "`: 7, `null`: 0, `"x"`: 0, `1.5`: 0, `[]`: 0, `-1`: 0, `99999999999`: 0} {
		var n looseInt
		require.NoError(t, n.UnmarshalJSON([]byte(in)), in)
		assert.Equal(t, want, n, in)
	}
}
