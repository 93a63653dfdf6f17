package mastodon

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInstanceGet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, domain, version, streaming string
	}{
		{"docs/method_instance_v2_200_01.json", "mastodon.social", "4.5.0-nightly.2025-07-11", "wss://streaming.mastodon.social"},
		{"gotosocial/mastodon-instance-v2.json", "gts.test", "v0.20.0-rc1-8-g57cb4fe74", "wss://gts.test"},
	} {
		c, mux := setup(t, nil)
		mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
			serveJSON(w, http.StatusOK, corpus(t, tc.file))
		})
		mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
			t.Error("no fallback when v2 answers")
		})
		in, resp, err := c.Instance.Get(t.Context())
		require.NoError(t, err, tc.file)
		assert.Equal(t, tc.domain, in.Domain)
		assert.Equal(t, tc.version, in.Version)
		assert.Equal(t, tc.streaming, in.Configuration.URLs.Streaming)
		assert.True(t, strings.HasSuffix(resp.Request.URL.Path, "/api/v2/instance"))
		u, err := c.Instance.StreamingURL(t.Context())
		require.NoError(t, err)
		assert.Equal(t, tc.streaming, u)
	}
}

// A server without the v2 document: Get converts the v1 one.
func TestInstanceGetFallsBackToV1(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var v1Body atomic.Value
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, v1Body.Load().(string))
	})

	v1Body.Store(corpus(t, "docs/method_instance_v1_200_01.json"))
	in, resp, err := c.Instance.Get(t.Context())
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(resp.Request.URL.Path, "/api/v1/instance"), "the Response is the v1 one")
	assert.Equal(t, "mastodon.social", in.Domain)
	assert.Equal(t, "Mastodon", in.Title)
	assert.Equal(t, "3.5.3", in.Version)
	assert.Equal(t, "The original server operated by the Mastodon gGmbH non-profit", in.Description)
	assert.Equal(t, "staff@mastodon.social", in.Contact.Email)
	require.NotNil(t, in.Contact.Account)
	assert.NotEmpty(t, in.Contact.Account.Username)
	assert.Len(t, in.Rules, 6)
	assert.Equal(t, []string{"en"}, in.Languages)
	assert.Equal(t, "wss://mastodon.social", in.Configuration.URLs.Streaming)
	assert.Equal(t, StatusesConfiguration{MaxCharacters: 500, MaxMediaAttachments: 4, CharactersReservedPerURL: 23}, in.Configuration.Statuses)
	assert.EqualValues(t, 10485760, in.Configuration.MediaAttachments.ImageSizeLimit)
	assert.Equal(t, 4, in.Configuration.Polls.MaxOptions)
	assert.Equal(t, InstanceRegistrations{}, in.Registrations)
	assert.Contains(t, in.Thumbnail.URL, "vlcsnap")
	assert.Empty(t, in.SourceURL, "not in v1")
	assert.Zero(t, in.Usage.Users.ActiveMonth, "not in v1")

	v1Body.Store(corpus(t, "gotosocial/mastodon-instance-v1.json"))
	in, _, err = c.Instance.Get(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "gts.test", in.Domain)
	assert.Equal(t, 10, in.Configuration.Accounts.MaxFeaturedTags)
	assert.Equal(t, 6, in.Configuration.Accounts.MaxProfileFields)
	assert.Equal(t, InstanceRegistrations{Enabled: false, ApprovalRequired: true}, in.Registrations)
	assert.Equal(t, "gtsadmin@gts.test", in.Contact.Email)
	u, err := c.Instance.StreamingURL(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "wss://gts.test", u)

	// Pleroma and Akkoma put a URL in uri, and their extension object
	// beside.
	v1Body.Store(`{"uri":"https://pleroma.example/","title":"P","description":"<p>Long</p>","version":"2.7.2 (compatible; Pleroma 2.6.0)","urls":{},"pleroma":{"metadata":{}},"registrations":true}`)
	in, _, err = c.Instance.Get(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "pleroma.example", in.Domain)
	assert.Equal(t, "<p>Long</p>", in.Description, "the long description when there is no short one")
	assert.True(t, in.Registrations.Enabled)
	assert.JSONEq(t, `{"metadata":{}}`, string(in.Pleroma))
	_, err = c.Instance.StreamingURL(t.Context())
	assert.ErrorContains(t, err, "no streaming URL")

	v1, _, err := c.Instance.GetV1(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "https://pleroma.example/", v1.URI)
}

func TestInstanceGetErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, `{"error":"This API requires an authenticated user"}`)
	})
	_, _, err := c.Instance.Get(t.Context())
	assert.ErrorIs(t, err, ErrUnauthorized, "the v1 error")
	_, err = c.Instance.StreamingURL(t.Context())
	assert.ErrorIs(t, err, ErrUnauthorized)

	c2, mux2 := setup(t, &Options{MaxRetries: -1})
	mux2.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusInternalServerError, `{"error":"boom"}`)
	})
	mux2.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
		t.Error("no fallback after a 500")
	})
	_, _, err = c2.Instance.Get(t.Context())
	assert.ErrorIs(t, err, ErrServer)
}

func TestInstanceLists(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/instance/peers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, `["tilde.zone","mspsocial.net","conf.tube"]`)
	})
	mux.HandleFunc("GET /api/v1/instance/activity", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_instance_activity_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/instance/rules", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_instance_rules_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/instance/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_instance_domain_blocks_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/instance/translation_languages", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_instance_translation_languages_200_01.json"))
	})
	ctx := t.Context()

	peers, _, err := c.Instance.Peers(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"tilde.zone", "mspsocial.net", "conf.tube"}, peers)

	weeks, _, err := c.Instance.Activity(ctx)
	require.NoError(t, err)
	require.Len(t, weeks, 12)
	assert.Equal(t, InstanceActivity{Week: 1574640000, Statuses: 37125, Logins: 14239, Registrations: 542}, *weeks[0])
	assert.Equal(t, time.Date(2019, 11, 25, 0, 0, 0, 0, time.UTC), weeks[0].WeekStart())

	rules, _, err := c.Instance.Rules(ctx)
	require.NoError(t, err)
	require.Len(t, rules, 6)
	assert.Equal(t, ID("1"), rules[0].ID)
	assert.Contains(t, rules[0].Text, "sensitive")

	blocks, _, err := c.Instance.DomainBlocks(ctx)
	require.NoError(t, err)
	require.Len(t, blocks, 2)
	assert.Equal(t, DomainBlock{Domain: "birb.elfenban.de", Digest: "5d2c6e02a0cced8fb05f32626437e3d23096480b47efbba659b6d9e80c85d280",
		Severity: DomainBlockSuspend, Comment: "Third-party bots"}, *blocks[0])

	langs, _, err := c.Instance.TranslationLanguages(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"en": {"de", "es"}, "und": {"en-GB", "de", "es"}}, langs)
}

func TestInstanceGoToSocialLists(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/instance/peers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-instance-peers.json"))
	})
	mux.HandleFunc("GET /api/v1/instance/rules", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "gotosocial/mastodon-instance-rules.json"))
	})
	peers, _, err := c.Instance.Peers(t.Context())
	require.NoError(t, err)
	assert.Empty(t, peers)
	rules, _, err := c.Instance.Rules(t.Context())
	require.NoError(t, err)
	assert.Empty(t, rules)
}

func TestInstanceDocuments(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/instance/extended_description", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_instance_extended_description_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/instance/privacy_policy", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_instance_privacy_policy_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/instance/terms_of_service", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_instance_terms_of_service_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/instance/terms_of_service/{date}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("date") != "2025-04-15" {
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_instance_terms_of_service_date_404_01.json"))
			return
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_instance_terms_of_service_date_200_01.json"))
	})
	ctx := t.Context()

	ed, _, err := c.Instance.ExtendedDescription(ctx)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2022, 11, 3, 4, 9, 7, 0, time.UTC), ed.UpdatedAt)
	assert.Contains(t, ed.Content, "<h2>Funding</h2>")

	pp, _, err := c.Instance.PrivacyPolicy(ctx)
	require.NoError(t, err)
	assert.True(t, pp.UpdatedAt.Equal(time.Date(2022, 10, 7, 0, 0, 0, 0, time.UTC)))
	assert.NotEmpty(t, pp.Content)

	tos, _, err := c.Instance.TermsOfService(ctx)
	require.NoError(t, err)
	assert.True(t, tos.Effective)
	assert.Equal(t, Date{2025, time.April, 15}, tos.EffectiveDate)

	tos, _, err = c.Instance.TermsOfServiceOn(ctx, Date{2025, time.April, 15})
	require.NoError(t, err)
	assert.Equal(t, "<p>Foo bar newer</p>\n", tos.Content)
	assert.True(t, tos.SucceededBy.IsZero())

	_, _, err = c.Instance.TermsOfServiceOn(ctx, Date{2024, time.January, 1})
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Instance.TermsOfServiceOn(ctx, Date{})
	assert.Error(t, err)
}

// Endpoints a server lacks, or keeps to itself, answer 404: reported as
// not supported, except where a 404 names a missing record.
func TestInstanceNotSupported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/instance/{what}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.PathValue("what") {
		case "terms_of_service":
			// None configured.
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_instance_terms_of_service_404_01.json"))
		case "peers":
			// Mastodon's answer when the admins hide the list.
			w.WriteHeader(http.StatusNotFound)
		default:
			serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
		}
	})
	mux.HandleFunc("GET /api/v1/instance/terms_of_service/{date}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	var ns *NotSupportedError

	_, _, err := c.Instance.Peers(ctx)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/instance/peers", ns.Feature)
	_, _, err = c.Instance.Activity(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Instance.Rules(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Instance.DomainBlocks(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Instance.ExtendedDescription(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Instance.PrivacyPolicy(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Instance.TranslationLanguages(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Instance.TermsOfServiceOn(ctx, Date{2025, time.April, 15})
	assert.ErrorIs(t, err, ErrNotSupported)

	_, _, err = c.Instance.TermsOfService(ctx)
	assert.ErrorIs(t, err, ErrNotFound, "none configured")
	assert.NotErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 9, calls.Load())

	// Other errors pass as they are.
	c2, mux2 := setup(t, nil)
	mux2.HandleFunc("GET /api/v1/instance/peers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_instance_peers_401_01.json"))
	})
	_, _, err = c2.Instance.Peers(ctx)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.ErrorContains(t, err, "This API requires an authenticated user")
}
