package mastodon

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The client's methods against what a live GoToSocial answered
// (testdata/gotosocial, captured from v0.20): each capture is served at
// its route and read through the method that asks for it.
func TestGoToSocialThroughTheClient(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	tests := []struct {
		file, route string
		call        func(c *Client) (any, error)
	}{
		{"mastodon-verify-credentials.json", "GET /api/v1/accounts/verify_credentials", func(c *Client) (any, error) {
			a, _, err := c.Accounts.VerifyCredentials(ctx)
			return a, err
		}},
		{"mastodon-account.json", "GET /api/v1/accounts/{id}", func(c *Client) (any, error) {
			a, _, err := c.Accounts.Get(ctx, "01F8MH1H7YV1Z7D2C8K2730QBF")
			return a, err
		}},
		{"mastodon-account-lookup.json", "GET /api/v1/accounts/lookup", func(c *Client) (any, error) {
			a, _, err := c.Accounts.Lookup(ctx, "alice")
			return a, err
		}},
		{"mastodon-account-statuses.json", "GET /api/v1/accounts/{id}/statuses", func(c *Client) (any, error) {
			s, _, err := c.Accounts.Statuses(ctx, "1", nil)
			return s, err
		}},
		{"mastodon-account-followers.json", "GET /api/v1/accounts/{id}/followers", func(c *Client) (any, error) {
			s, _, err := c.Accounts.Followers(ctx, "1", nil)
			return s, err
		}},
		{"mastodon-relationships.json", "GET /api/v1/accounts/relationships", func(c *Client) (any, error) {
			s, _, err := c.Accounts.Relationships(ctx, []ID{"1"}, nil)
			return s, err
		}},
		{"mastodon-relationship-follow.json", "POST /api/v1/accounts/{id}/follow", func(c *Client) (any, error) {
			r, _, err := c.Accounts.Follow(ctx, "1", nil)
			return r, err
		}},
		{"mastodon-follow-requests.json", "GET /api/v1/follow_requests", func(c *Client) (any, error) {
			s, _, err := c.FollowRequests.List(ctx, nil)
			return s, err
		}},
		{"mastodon-status.json", "GET /api/v1/statuses/{id}", func(c *Client) (any, error) {
			s, _, err := c.Statuses.Get(ctx, "1")
			return s, err
		}},
		{"mastodon-status-context.json", "GET /api/v1/statuses/{id}/context", func(c *Client) (any, error) {
			s, _, err := c.Statuses.Context(ctx, "1")
			return s, err
		}},
		{"mastodon-poll.json", "GET /api/v1/polls/{id}", func(c *Client) (any, error) {
			p, _, err := c.Polls.Get(ctx, "1")
			return p, err
		}},
		{"mastodon-media-attachment.json", "GET /api/v1/media/{id}", func(c *Client) (any, error) {
			m, _, err := c.Media.Get(ctx, "1")
			return m, err
		}},
		{"mastodon-timeline-home.json", "GET /api/v1/timelines/home", func(c *Client) (any, error) {
			s, _, err := c.Timelines.Home(ctx, nil)
			return s, err
		}},
		{"mastodon-timeline-public.json", "GET /api/v1/timelines/public", func(c *Client) (any, error) {
			s, _, err := c.Timelines.Public(ctx, nil)
			return s, err
		}},
		{"mastodon-notifications.json", "GET /api/v1/notifications", func(c *Client) (any, error) {
			s, _, err := c.Notifications.List(ctx, nil)
			return s, err
		}},
		{"mastodon-search-v2.json", "GET /api/v2/search", func(c *Client) (any, error) {
			s, _, err := c.Search.Query(ctx, "alice", nil)
			return s, err
		}},
		{"mastodon-instance-v2.json", "GET /api/v2/instance", func(c *Client) (any, error) {
			i, _, err := c.Instance.Get(ctx)
			return i, err
		}},
		{"mastodon-instance-v1.json", "GET /api/v1/instance", func(c *Client) (any, error) {
			i, _, err := c.Instance.GetV1(ctx)
			return i, err
		}},
		{"mastodon-instance-rules.json", "GET /api/v1/instance/rules", func(c *Client) (any, error) {
			r, _, err := c.Instance.Rules(ctx)
			return r, err
		}},
		{"mastodon-instance-peers.json", "GET /api/v1/instance/peers", func(c *Client) (any, error) {
			p, _, err := c.Instance.Peers(ctx)
			return p, err
		}},
		{"mastodon-admin-accounts-v2.json", "GET /api/v2/admin/accounts", func(c *Client) (any, error) {
			a, _, err := c.Admin.Accounts.List(ctx, nil)
			return a, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t, nil)
			body := corpus(t, "gotosocial/"+tt.file)
			mux.HandleFunc(tt.route, func(w http.ResponseWriter, r *http.Request) { serveJSON(w, 200, body) })
			got, err := tt.call(c)
			require.NoError(t, err)
			// What the client read is what the server sent: every value
			// the capture has that the entity models comes back the same.
			b, err := json.Marshal(got)
			require.NoError(t, err)
			assert.NotEqual(t, "null", string(b))
			assertSubset(t, body, b)
		})
	}
}

// assertSubset checks that the values of got (the client's entity,
// encoded again) are those of want (the server's JSON) wherever got has
// them, so that nothing was misread.
func assertSubset(t *testing.T, want string, got []byte) {
	t.Helper()
	var w, g any
	require.NoError(t, json.Unmarshal([]byte(want), &w))
	require.NoError(t, json.Unmarshal(got, &g))
	var walk func(path string, w, g any)
	walk = func(path string, w, g any) {
		switch gv := g.(type) {
		case map[string]any:
			wm, ok := w.(map[string]any)
			if !ok {
				return
			}
			for k, v := range gv {
				if wv, ok := wm[k]; ok {
					walk(path+"."+k, wv, v)
				}
			}
		case []any:
			wl, ok := w.([]any)
			if !ok || len(wl) != len(gv) {
				assert.Fail(t, "list length differs", path)
				return
			}
			for i := range gv {
				walk(path, wl[i], gv[i])
			}
		case string:
			if ws, ok := w.(string); ok && ws != gv && !sameTime(ws, gv) {
				assert.Equal(t, ws, gv, path)
			}
		case float64, bool:
			if w != nil {
				assert.Equal(t, w, g, path)
			}
		}
	}
	walk("$", w, g)
}

// sameTime reports whether two strings are the same instant written in
// two layouts (the server's milliseconds, Go's RFC 3339).
func sameTime(a, b string) bool {
	return len(a) >= 19 && len(b) >= 19 && a[:19] == b[:19] && strings.Contains(a, "T")
}

// Pleroma and Akkoma speak the API with their own accent: a version
// string that names them, numeric-looking string IDs, extension objects,
// the status limit outside configuration, no v2 filters. These documents
// are shaped after what those servers send (their API documentation).
func TestPleromaAndAkkoma(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, version, software string }{
		{"pleroma", "2.7.2 (compatible; Pleroma 2.6.3)", SoftwarePleroma},
		{"akkoma", "2.7.2 (compatible; Akkoma 3.13.2)", SoftwareAkkoma},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t, nil)
			mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
				serveJSON(w, 404, `{"error":"Not found"}`)
			})
			mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
				serveJSON(w, 200, `{"uri":"social.example","title":"Social","version":"`+tc.version+`","max_toot_chars":5000,
					"urls":{"streaming_api":"wss://social.example"},"stats":{"user_count":3,"status_count":10,"domain_count":2},
					"pleroma":{"metadata":{"features":["mastodon_api","polls"],"fields_limits":{"max_fields":10}}}}`)
			})
			mux.HandleFunc("GET /api/v1/statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
				serveJSON(w, 200, `{"id":"AbC123xyz","created_at":"2026-11-20T10:00:00.000Z","content":"<p>hi</p>","visibility":"public",
					"account":{"id":"9xYz","username":"alice","acct":"alice","pleroma":{"is_admin":false,"relationship":{}}},
					"media_attachments":[],"mentions":[],"tags":[],"emojis":[],
					"pleroma":{"local":true,"conversation_id":42,"content":{"text/plain":"hi"},"emoji_reactions":[]}}`)
			})
			mux.HandleFunc("GET /api/v2/filters", func(w http.ResponseWriter, r *http.Request) {
				serveJSON(w, 404, `{"error":"Not found"}`)
			})
			mux.HandleFunc("GET /api/v1/filters", func(w http.ResponseWriter, r *http.Request) {
				serveJSON(w, 200, `[{"id":"1","phrase":"spoiler","context":["home"],"whole_word":true,"expires_at":null,"irreversible":false}]`)
			})

			si, err := c.Server(t.Context())
			require.NoError(t, err)
			assert.Equal(t, tc.software, si.Software)
			assert.Equal(t, "2.7.2", si.MastodonAPI)
			assert.True(t, si.HonoursIdempotencyKey())

			rules, err := c.LengthRules(t.Context())
			require.NoError(t, err)
			assert.Equal(t, 5000, rules.MaxCharacters)

			inst, _, err := c.Instance.Get(t.Context())
			require.NoError(t, err, "v1 converted")
			assert.Equal(t, "social.example", inst.Domain)

			st, _, err := c.Statuses.Get(t.Context(), "AbC123xyz")
			require.NoError(t, err)
			assert.Equal(t, ID("AbC123xyz"), st.ID)
			assert.JSONEq(t, `{"local":true,"conversation_id":42,"content":{"text/plain":"hi"},"emoji_reactions":[]}`, string(st.Pleroma))
			assert.Contains(t, string(st.Account.Pleroma), "is_admin")

			_, _, err = c.Filters.List(t.Context())
			assert.True(t, errors.Is(err, ErrNotSupported), "no v2 filters: %v", err)
			v1, _, err := c.Filters.ListV1(t.Context())
			require.NoError(t, err)
			require.Len(t, v1, 1)
		})
	}
}
