package mastodon

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveMastodonVersion makes the test server a Mastodon of the given version by
// its instance document.
func serveMastodonVersion(mux *http.ServeMux, version string) {
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"domain":"m.example","version":"`+version+`","source_url":"https://github.com/mastodon/mastodon"}`)
	})
}

func TestAccountsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/accounts", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"username":"bot","email":"bot@example.org","password":"s3cret-pw","agreement":true,
			"locale":"de","reason":"announcements","date_of_birth":"1990-05-17"}`)
		serveJSON(w, 200, corpus(t, "docs/entity_Token_01.json"))
	})
	acct := &NewAccount{Username: "bot", Email: "bot@example.org", Password: "s3cret-pw", Agreement: true,
		Locale: "de", Reason: "announcements", DateOfBirth: Date{1990, time.May, 17}}
	tok, _, err := c.Accounts.Create(t.Context(), acct)
	require.NoError(t, err)
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.NotEmpty(t, tok.AccessToken)

	for _, s := range []string{fmt.Sprint(acct), fmt.Sprintf("%+v", acct), fmt.Sprintf("%#v", *acct)} {
		assert.NotContains(t, s, "s3cret-pw")
		assert.Contains(t, s, "bot@example.org")
	}

	_, _, err = c.Accounts.Create(t.Context(), &NewAccount{Username: "bot", Email: "bot@example.org", Locale: "de"})
	assert.ErrorContains(t, err, "password", "no request without a password")
	_, _, err = c.Accounts.Create(t.Context(), nil)
	assert.Error(t, err)
}

func TestAccountsCreateRefused(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/accounts", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"username":"a b","email":"x@example.org","password":"p","agreement":false,"locale":"en"}`)
		serveJSON(w, 422, corpus(t, "docs/method_accounts_create_422_01.json"))
	})
	_, _, err := c.Accounts.Create(t.Context(), &NewAccount{Username: "a b", Email: "x@example.org", Password: "p", Locale: "en"})
	require.ErrorIs(t, err, ErrUnprocessable)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, "ERR_ACCEPTED", er.Details["agreement"][0].Code)
	assert.NotContains(t, err.Error(), `"p"`)
}

func TestAccountsVerifyCredentials(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, id, privacy, role string
	}{
		{"docs/method_accounts_verify_credentials_200_01.json", "14715", "public", "-99"},
		{"gotosocial/mastodon-verify-credentials.json", "01N1S4YJN8T6BF6F7DX3DZWHSC", "unlisted", "user"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t, nil)
			mux.HandleFunc("GET /api/v1/accounts/verify_credentials", func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
				assert.Empty(t, r.URL.RawQuery)
				serveJSON(w, 200, corpus(t, tc.file))
			})
			me, _, err := c.Accounts.VerifyCredentials(t.Context())
			require.NoError(t, err)
			assert.Equal(t, ID(tc.id), me.ID)
			require.NotNil(t, me.Source)
			assert.Equal(t, Visibility(tc.privacy), me.Source.Privacy)
			assert.NotEmpty(t, me.Source.Fields)
			require.NotNil(t, me.Role)
			assert.Equal(t, ID(tc.role), me.Role.ID)
		})
	}
}

func TestAccountsVerifyCredentialsForbidden(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/verify_credentials", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, corpus(t, "docs/method_accounts_verify_credentials_403_03.json"))
	})
	_, _, err := c.Accounts.VerifyCredentials(t.Context())
	assert.ErrorIs(t, err, ErrForbidden)
	assert.ErrorContains(t, err, "pending approval")
}

// credentialsPart is one part of a multipart form as the test server read it.
type credentialsPart struct {
	filename, contentType string
	content               []byte
}

// readCredentialsForm reads a multipart/form-data request: its values, in the
// order they came, and its file parts.
func readCredentialsForm(t *testing.T, r *http.Request) (names []string, values url.Values, files map[string]credentialsPart) {
	t.Helper()
	mr, err := r.MultipartReader()
	require.NoError(t, err, "a multipart/form-data body")
	values, files = url.Values{}, map[string]credentialsPart{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		if p.FileName() != "" {
			files[p.FormName()] = credentialsPart{p.FileName(), p.Header.Get("Content-Type"), b}
			continue
		}
		names = append(names, p.FormName())
		values.Add(p.FormName(), string(b))
	}
	return names, values, files
}

func TestAccountsUpdateCredentials(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 600)...)
	mux.HandleFunc("PATCH /api/v1/accounts/update_credentials", func(w http.ResponseWriter, r *http.Request) {
		names, values, files := readCredentialsForm(t, r)
		assert.Equal(t, url.Values{
			"display_name":                {"infinite love ⴳ"},
			"note":                        {"line one\nline two"},
			"locked":                      {"false"},
			"bot":                         {"true"},
			"discoverable":                {"false"},
			"hide_collections":            {"true"},
			"indexable":                   {"false"},
			"source[privacy]":             {"unlisted"},
			"source[sensitive]":           {"false"},
			"source[language]":            {"de"},
			"source[quote_policy]":        {"followers"},
			"fields_attributes[0][name]":  {"Website"},
			"fields_attributes[0][value]": {"https://trwnh.com"},
			"fields_attributes[1][name]":  {"Pronouns"},
			"fields_attributes[1][value]": {""},
			"attribution_domains[]":       {"trwnh.com", "blog.example"},
		}, values)
		assert.Less(t, slices.Index(names, "fields_attributes[0][value]"), slices.Index(names, "fields_attributes[1][name]"), "fields in order")

		require.Contains(t, files, "avatar")
		assert.Equal(t, credentialsPart{"me.jpg", "image/jpeg", []byte("jpeg bytes")}, files["avatar"])
		require.Contains(t, files, "header")
		assert.Equal(t, "image/png", files["header"].contentType, "sniffed from the content")
		assert.Equal(t, "header.png", files["header"].filename)
		assert.Equal(t, png, files["header"].content, "all of it, the sniffed bytes included")
		serveJSON(w, 200, corpus(t, "docs/method_accounts_update_credentials_200_03.json"))
	})
	yes, no := true, false
	name, note := "infinite love ⴳ", "line one\nline two"
	me, _, err := c.Accounts.UpdateCredentials(t.Context(), &UpdateCredentialsOptions{
		DisplayName:        &name,
		Note:               &note,
		Avatar:             &ProfileImage{Content: strings.NewReader("jpeg bytes"), Filename: "me.jpg"},
		Header:             &ProfileImage{Content: bytes.NewReader(png)},
		Locked:             &no,
		Bot:                &yes,
		Discoverable:       &no,
		HideCollections:    &yes,
		Indexable:          &no,
		FieldsAttributes:   []FieldAttribute{{"Website", "https://trwnh.com"}, {Name: "Pronouns"}},
		Source:             &SourceUpdate{Privacy: VisibilityUnlisted, Sensitive: &no, Language: "de", QuotePolicy: QuotePolicyFollowers},
		AttributionDomains: []string{"trwnh.com", "blog.example"},
	})
	require.NoError(t, err)
	assert.Equal(t, "infinite love ⴳ", me.DisplayName)
	require.NotNil(t, me.Source)
	assert.Len(t, me.Source.Fields, 4)
}

// Nil fields are not sent; empty, non-nil lists clear the fields and
// attribution domains; an explicit content type is kept.
func TestAccountsUpdateCredentialsClears(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PATCH /api/v1/accounts/update_credentials", func(w http.ResponseWriter, r *http.Request) {
		_, values, files := readCredentialsForm(t, r)
		assert.Equal(t, url.Values{
			"display_name":                {""},
			"fields_attributes[0][name]":  {""},
			"fields_attributes[0][value]": {""},
			"attribution_domains[]":       {""},
		}, values)
		assert.Equal(t, map[string]credentialsPart{"avatar": {"avatar.gif", "image/gif", []byte("GIF89a")}}, files)
		serveJSON(w, 200, corpus(t, "gotosocial/mastodon-verify-credentials.json"))
	})
	empty := ""
	_, _, err := c.Accounts.UpdateCredentials(t.Context(), &UpdateCredentialsOptions{
		DisplayName:        &empty,
		Avatar:             &ProfileImage{Content: strings.NewReader("GIF89a"), ContentType: "image/gif"},
		FieldsAttributes:   []FieldAttribute{},
		AttributionDomains: []string{},
		Source:             &SourceUpdate{},
	})
	require.NoError(t, err)
}

func TestAccountsUpdateCredentialsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("PATCH /api/v1/accounts/update_credentials", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 422, corpus(t, "docs/method_media_get_422_01.json"))
	})
	_, _, err := c.Accounts.UpdateCredentials(t.Context(), nil)
	assert.Error(t, err)
	_, _, err = c.Accounts.UpdateCredentials(t.Context(), &UpdateCredentialsOptions{Header: &ProfileImage{Filename: "x.png"}})
	assert.ErrorContains(t, err, "header")
	assert.Zero(t, n.Load(), "no request for a call that cannot be made")

	_, _, err = c.Accounts.UpdateCredentials(t.Context(), &UpdateCredentialsOptions{Avatar: &ProfileImage{Content: strings.NewReader("text"), Filename: "a.txt"}})
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.EqualValues(t, 1, n.Load(), "a refusal is not retried")
}

func TestAccountsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	files := map[string]string{
		"1":                          "docs/method_accounts_get_200_01.json",
		"2":                          "docs/method_accounts_get_200_02.json",
		"3":                          "docs/method_accounts_get_200_03.json",
		"01N1S4YJN8T6BF6F7DX3DZWHSC": "gotosocial/mastodon-account.json",
		"01M8A85XZB36MGH3MM4TVYWTY0": "gotosocial/mastodon-account-remote.json",
	}
	mux.HandleFunc("GET /api/v1/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.PathValue("id")]
		if !ok {
			serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, f))
	})
	for id := range files {
		a, _, err := c.Accounts.Get(t.Context(), ID(id))
		require.NoError(t, err, id)
		assert.NotEmpty(t, a.Acct, id)
		assert.Nil(t, a.Source, "only the token's own account has a source")
	}
	suspended, _, err := c.Accounts.Get(t.Context(), "3")
	require.NoError(t, err)
	assert.True(t, suspended.Suspended)
	remote, _, err := c.Accounts.Get(t.Context(), "01M8A85XZB36MGH3MM4TVYWTY0")
	require.NoError(t, err)
	assert.Equal(t, "carol@peer.test", remote.Acct)

	_, _, err = c.Accounts.Get(t.Context(), "404")
	assert.ErrorIs(t, err, ErrNotFound)
	for _, bad := range []ID{"", ".", ".."} {
		_, _, err = c.Accounts.Get(t.Context(), bad)
		assert.Error(t, err, "no request for %q", bad)
	}
}

func TestAccountsGetMany(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"id[]": {"1", "2"}})
		serveJSON(w, 200, corpus(t, "docs/method_accounts_index_200_01.json"))
	})
	accounts, _, err := c.Accounts.GetMany(t.Context(), "1", "2")
	require.NoError(t, err)
	require.Len(t, accounts, 1, "the missing one is left out")
	assert.Equal(t, "Gargron", accounts[0].Acct)

	// A server before 4.3.
	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("GET /api/v1/accounts", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Record not found"}`)
	})
	_, _, err = old.Accounts.GetMany(t.Context(), "1")
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/accounts", ns.Feature)
}

func TestAccountsStatuses(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{id}/statuses", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "1":
			testFormValues(t, r, url.Values{"max_id": {"9"}, "limit": {"5"}, "only_media": {"true"}, "exclude_replies": {"true"},
				"exclude_reblogs": {"true"}, "pinned": {"true"}, "tagged": {"golang"}})
			serveJSON(w, 200, corpus(t, "docs/partial/method_accounts_statuses_200_01.json"))
		default:
			testFormValues(t, r, url.Values{})
			serveJSON(w, 200, corpus(t, "gotosocial/mastodon-account-statuses.json"))
		}
	})
	sts, _, err := c.Accounts.Statuses(t.Context(), "1", &AccountStatusesOptions{
		ListOptions: ListOptions{MaxID: "9", Limit: 5},
		OnlyMedia:   true, ExcludeReplies: true, ExcludeReblogs: true, Pinned: true, Tagged: "golang",
	})
	require.NoError(t, err)
	require.Len(t, sts, 1)
	assert.Equal(t, ID("108880211901672326"), sts[0].ID)

	sts, _, err = c.Accounts.Statuses(t.Context(), "01N1S4YJN8T6BF6F7DX3DZWHSC", nil)
	require.NoError(t, err)
	assert.Len(t, sts, 4)

	_, _, err = c.Accounts.Statuses(t.Context(), "..", nil)
	assert.Error(t, err)
}

func TestAccountsStatusesAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/accounts/{id}/statuses", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		assert.Equal(t, "true", q.Get("exclude_replies"), "the caller's options are kept")
		assert.Empty(t, q.Get("min_id"), "min_id is dropped after the first page")
		switch q.Get("max_id") {
		case "":
			w.Header().Set("Link", `<https://x.example/api/v1/accounts/1/statuses?max_id=b>; rel="next"`)
			serveJSON(w, 200, `[{"id":"c"},{"id":"b"}]`)
		case "b":
			w.Header().Set("Link", `<https://x.example/api/v1/accounts/1/statuses?max_id=a>; rel="next"`)
			serveJSON(w, 200, `[{"id":"a"}]`)
		default:
			serveJSON(w, 200, `[]`)
		}
	})
	opts := &AccountStatusesOptions{ExcludeReplies: true}
	var ids []ID
	for st, err := range c.Accounts.StatusesAll(t.Context(), "1", opts) {
		require.NoError(t, err)
		ids = append(ids, st.ID)
	}
	assert.Equal(t, []ID{"c", "b", "a"}, ids)
	assert.EqualValues(t, 3, calls.Load())
	assert.Empty(t, opts.MaxID, "the caller's options are not changed")
}

func TestAccountsFollowersAndFollowing(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{id}/{which}", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		assert.Equal(t, "2", q.Get("limit"))
		switch which := r.PathValue("which"); {
		case which == "followers" && q.Get("max_id") == "":
			w.Header().Set("Link", `<https://mastodon.example/api/v1/accounts/14715/followers?limit=2&max_id=7486869>; rel="next", <https://mastodon.example/api/v1/accounts/14715/followers?limit=2&since_id=7489740>; rel="prev"`)
			serveJSON(w, 200, corpus(t, "docs/partial/method_accounts_followers_200_01.json"))
		case which == "followers" && q.Get("max_id") == "7486869":
			serveJSON(w, 200, corpus(t, "gotosocial/mastodon-account-followers.json"))
		case which == "following":
			serveJSON(w, 200, corpus(t, "docs/partial/method_accounts_following_200_01.json"))
		default:
			t.Errorf("unexpected %s", r.URL)
		}
	})
	followers, resp, err := c.Accounts.Followers(t.Context(), "14715", &ListOptions{Limit: 2})
	require.NoError(t, err)
	assert.Len(t, followers, 2)
	assert.Equal(t, "7486869", resp.NextMaxID, "the follow ids come from the Link header")

	var accts []string
	for a, err := range c.Accounts.FollowersAll(t.Context(), "14715", &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		accts = append(accts, a.Acct)
	}
	require.Len(t, accts, 4)
	assert.Equal(t, []string{"carol@peer.test", "bob"}, accts[2:])

	following, _, err := c.Accounts.Following(t.Context(), "14715", &ListOptions{Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, "gautambhatia", following[0].Acct)
	n := 0
	for _, err := range c.Accounts.FollowingAll(t.Context(), "14715", &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n, "no next link, one page")
}

func TestAccountsFollowersNotFound(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{id}/followers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
	})
	var errs []error
	for _, err := range c.Accounts.FollowersAll(t.Context(), "9", nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrNotFound)
}

func TestAccountsFeaturedTagsAndLists(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{id}/featured_tags", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "14715", r.PathValue("id"))
		serveJSON(w, 200, corpus(t, "docs/method_accounts_featured_tags_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/accounts/{id}/lists", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, corpus(t, "docs/method_accounts_lists_200_01.json"))
	})
	tags, _, err := c.Accounts.FeaturedTags(t.Context(), "14715")
	require.NoError(t, err)
	require.Len(t, tags, 1)
	assert.Equal(t, "nowplaying", tags[0].Name)
	assert.EqualValues(t, 36, tags[0].StatusesCount)

	lists, _, err := c.Accounts.Lists(t.Context(), "14715")
	require.NoError(t, err)
	require.Len(t, lists, 1)
	assert.Equal(t, "dev", lists[0].Title)

	_, _, err = c.Accounts.FeaturedTags(t.Context(), "")
	assert.Error(t, err)
	_, _, err = c.Accounts.Lists(t.Context(), "..")
	assert.Error(t, err)
}

func TestAccountsRelationshipActions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var mu sync.Mutex
	var seen []string
	mux.HandleFunc("POST /api/v1/accounts/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		action := r.PathValue("action")
		mu.Lock()
		seen = append(seen, action)
		mu.Unlock()
		assert.Equal(t, "3", r.PathValue("id"))
		switch action {
		case "follow":
			testJSONBody(t, r, `{"reblogs":false,"notify":true,"languages":["de","en"]}`)
		case "mute":
			testJSONBody(t, r, `{"notifications":false,"duration":3600}`)
		case "note":
			testJSONBody(t, r, `{"comment":"met at FOSDEM"}`)
		default:
			b, _ := io.ReadAll(r.Body)
			assert.Empty(t, b, action)
		}
		file := "docs/method_accounts_" + action + "_200_01.json"
		if action == "follow" {
			file = "gotosocial/mastodon-relationship-follow.json"
		}
		serveJSON(w, 200, corpus(t, file))
	})
	ctx := t.Context()
	no, yes := false, true
	for _, tc := range []struct {
		call  func() (*Relationship, *Response, error)
		check func(*Relationship) bool
	}{
		{func() (*Relationship, *Response, error) {
			return c.Accounts.Follow(ctx, "3", &FollowOptions{Reblogs: &no, Notify: &yes, Languages: []string{"de", "en"}})
		}, func(r *Relationship) bool { return r.Following }},
		{func() (*Relationship, *Response, error) { return c.Accounts.Unfollow(ctx, "3") }, func(r *Relationship) bool { return !r.Following }},
		{func() (*Relationship, *Response, error) { return c.Accounts.RemoveFromFollowers(ctx, "3") }, func(r *Relationship) bool { return !r.FollowedBy }},
		{func() (*Relationship, *Response, error) { return c.Accounts.Block(ctx, "3") }, func(r *Relationship) bool { return r.Blocking }},
		{func() (*Relationship, *Response, error) { return c.Accounts.Unblock(ctx, "3") }, func(r *Relationship) bool { return !r.Blocking }},
		{func() (*Relationship, *Response, error) {
			return c.Accounts.Mute(ctx, "3", &MuteOptions{Notifications: &no, Duration: time.Hour})
		}, func(r *Relationship) bool { return r.Muting }},
		{func() (*Relationship, *Response, error) { return c.Accounts.Unmute(ctx, "3") }, func(r *Relationship) bool { return !r.Muting }},
		{func() (*Relationship, *Response, error) { return c.Accounts.Endorse(ctx, "3") }, func(r *Relationship) bool { return r.Endorsed }},
		{func() (*Relationship, *Response, error) { return c.Accounts.Unendorse(ctx, "3") }, func(r *Relationship) bool { return !r.Endorsed }},
		{func() (*Relationship, *Response, error) { return c.Accounts.Note(ctx, "3", "met at FOSDEM") }, func(r *Relationship) bool { return r.Note != "" }},
	} {
		rel, _, err := tc.call()
		require.NoError(t, err)
		assert.True(t, tc.check(rel), "%+v", rel)
	}
	assert.Equal(t, []string{"follow", "unfollow", "remove_from_followers", "block", "unblock", "mute", "unmute",
		"endorse", "unendorse", "note"}, seen)

	for _, call := range []func() (*Relationship, *Response, error){
		func() (*Relationship, *Response, error) { return c.Accounts.Follow(ctx, "", nil) },
		func() (*Relationship, *Response, error) { return c.Accounts.Mute(ctx, "..", nil) },
		func() (*Relationship, *Response, error) { return c.Accounts.Endorse(ctx, ".") },
		func() (*Relationship, *Response, error) { return c.Accounts.Note(ctx, "", "x") },
	} {
		_, _, err := call()
		assert.Error(t, err)
	}
	assert.Len(t, seen, 10, "no request with an invalid id")
}

// Options left out are not sent, so that the server keeps its defaults.
func TestAccountsFollowAndMuteDefaults(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/accounts/{id}/follow", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.Empty(t, b)
		serveJSON(w, 200, corpus(t, "docs/method_accounts_follow_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/accounts/{id}/mute", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{}`)
		serveJSON(w, 200, corpus(t, "docs/method_accounts_mute_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/accounts/{id}/note", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"comment":""}`)
		serveJSON(w, 200, corpus(t, "docs/method_accounts_note_200_02.json"))
	})
	_, _, err := c.Accounts.Follow(t.Context(), "3", nil)
	require.NoError(t, err)
	_, _, err = c.Accounts.Mute(t.Context(), "3", &MuteOptions{})
	require.NoError(t, err)
	rel, _, err := c.Accounts.Note(t.Context(), "1", "")
	require.NoError(t, err)
	assert.Empty(t, rel.Note, "an empty comment removes the note")
}

func TestAccountsFollowRefused(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/accounts/{id}/follow", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 403, corpus(t, "docs/method_accounts_follow_403_01.json"))
	})
	mux.HandleFunc("POST /api/v1/accounts/{id}/block", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, corpus(t, "docs/method_accounts_block_422_01.json"))
	})
	_, _, err := c.Accounts.Follow(t.Context(), "3", nil)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.EqualValues(t, 1, n.Load())
	_, _, err = c.Accounts.Block(t.Context(), "3")
	assert.ErrorIs(t, err, ErrUnprocessable)
}

// Mastodon before 4.4 has pin and unpin where later versions have
// endorse and unendorse.
func TestAccountsEndorseOnOlderMastodon(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveMastodonVersion(mux, "4.3.8")
	var mu sync.Mutex
	var seen []string
	mux.HandleFunc("POST /api/v1/accounts/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		action := r.PathValue("action")
		mu.Lock()
		seen = append(seen, action)
		mu.Unlock()
		switch action {
		case "pin", "unpin":
			serveJSON(w, 200, corpus(t, "docs/method_accounts_"+action+"_200_01.json"))
		default:
			serveJSON(w, 404, `{"error":"Record not found"}`)
		}
	})
	rel, _, err := c.Accounts.Endorse(t.Context(), "3")
	require.NoError(t, err)
	assert.True(t, rel.Endorsed)
	rel, _, err = c.Accounts.Unendorse(t.Context(), "3")
	require.NoError(t, err)
	assert.False(t, rel.Endorsed)
	assert.Equal(t, []string{"endorse", "pin", "unendorse", "unpin"}, seen)

	// The endorsements of an account are 4.4's only.
	mux.HandleFunc("GET /api/v1/accounts/{id}/endorsements", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Record not found"}`)
	})
	_, _, err = c.Accounts.Endorsements(t.Context(), "3", nil)
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/accounts/:id/endorsements", ns.Feature)
	assert.Equal(t, "mastodon 4.3.8", ns.Server)
}

// GoToSocial has neither endorsements nor remove_from_followers.
func TestAccountsNotSupportedOnGoToSocial(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveInstance(t, mux, "gotosocial")
	mux.HandleFunc("/api/v1/accounts/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	_, _, err := c.Accounts.Endorse(t.Context(), "3")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Accounts.Unendorse(t.Context(), "3")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Accounts.RemoveFromFollowers(t.Context(), "3")
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.ErrorContains(t, err, "gotosocial")
	_, _, err = c.Accounts.Endorsements(t.Context(), "3", nil)
	assert.ErrorIs(t, err, ErrNotSupported)
}

// On a server that has the endpoint, a 404 means that the account was
// not found.
func TestAccountsEndorsementsNotFound(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	serveMastodonVersion(mux, "4.5.0")
	mux.HandleFunc("GET /api/v1/accounts/{id}/endorsements", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
	})
	mux.HandleFunc("POST /api/v1/accounts/{id}/endorse", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
	})
	_, _, err := c.Accounts.Endorsements(t.Context(), "3", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Accounts.Endorse(t.Context(), "3")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
}

func TestAccountsEndorsements(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/{id}/endorsements", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "1", r.PathValue("id"))
		if r.URL.Query().Get("max_id") == "" {
			testFormValues(t, r, url.Values{"limit": {"2"}})
			w.Header().Set("Link", `<https://mastodon.example/api/v1/accounts/1/endorsements?limit=2&max_id=832844>; rel="next", <https://mastodon.example/api/v1/accounts/1/endorsements?limit=2&since_id=952529>; rel="prev"`)
			serveJSON(w, 200, corpus(t, "docs/method_accounts_endorsements_200_01.json"))
			return
		}
		testFormValues(t, r, url.Values{"limit": {"2"}, "max_id": {"832844"}})
		serveJSON(w, 200, `[]`)
	})
	accounts, resp, err := c.Accounts.Endorsements(t.Context(), "1", &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, "alayna@desvox.es", accounts[0].Acct)
	assert.Equal(t, "832844", resp.NextMaxID)

	var n int
	for _, err := range c.Accounts.EndorsementsAll(t.Context(), "1", &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
}

func TestAccountsRelationships(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/relationships", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("with_suspended") != "" {
			testFormValues(t, r, url.Values{"id[]": {"1", "2"}, "with_suspended": {"true"}})
			serveJSON(w, 200, corpus(t, "docs/method_accounts_relationships_200_01.json"))
			return
		}
		testFormValues(t, r, url.Values{"id[]": {"01E5NMVN550WG2Z6QMZEZ77G2Q"}})
		serveJSON(w, 200, corpus(t, "gotosocial/mastodon-relationships.json"))
	})
	rels, _, err := c.Accounts.Relationships(t.Context(), []ID{"1", "2"}, &RelationshipsOptions{WithSuspended: true})
	require.NoError(t, err)
	require.Len(t, rels, 2)
	assert.True(t, rels[0].Following)
	require.NotNil(t, rels[1].MutingExpiresAt)
	assert.Equal(t, time.Date(2026, 2, 12, 13, 45, 25, 0, time.UTC), rels[1].MutingExpiresAt.UTC())

	rels, _, err = c.Accounts.Relationships(t.Context(), []ID{"01E5NMVN550WG2Z6QMZEZ77G2Q"}, nil)
	require.NoError(t, err)
	require.Len(t, rels, 1)
	assert.True(t, rels[0].FollowedBy)
}

func TestAccountsRelationshipsWithoutUser(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/relationships", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, corpus(t, "docs/method_accounts_block_422_01.json"))
	})
	_, _, err := c.Accounts.Relationships(t.Context(), []ID{"1"}, nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "authenticated user")
}

func TestAccountsFamiliarFollowers(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/familiar_followers", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"id[]": {"1", "2"}})
		serveJSON(w, 200, corpus(t, "docs/partial/method_accounts_familiar_followers_200_01.json"))
	})
	ff, _, err := c.Accounts.FamiliarFollowers(t.Context(), "1", "2")
	require.NoError(t, err)
	require.Len(t, ff, 2)
	assert.Equal(t, ID("1"), ff[0].ID)
	require.Len(t, ff[0].Accounts, 2)
	assert.Equal(t, "moss@goblin.camp", ff[0].Accounts[0].Acct)
	assert.Empty(t, ff[1].Accounts)

	gts, gtsMux := setup(t, nil)
	gtsMux.HandleFunc("GET /api/v1/accounts/familiar_followers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	_, _, err = gts.Accounts.FamiliarFollowers(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
}

func TestAccountsSearch(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("GET /api/v1/accounts/search", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("q") == "trwnh@unreachable.example" {
			serveJSON(w, 503, corpus(t, "docs/method_accounts_search_503_01.json"))
			return
		}
		testFormValues(t, r, url.Values{"q": {"trwnh"}, "limit": {"3"}, "offset": {"6"}, "resolve": {"true"}, "following": {"true"}})
		serveJSON(w, 200, corpus(t, "docs/partial/method_accounts_search_200_01.json"))
	})
	accounts, _, err := c.Accounts.Search(t.Context(), "trwnh", &AccountSearchOptions{Limit: 3, Offset: 6, Resolve: true, Following: true})
	require.NoError(t, err)
	require.Len(t, accounts, 3)
	assert.Equal(t, "trwnh@pixelfed.social", accounts[1].Acct)

	_, _, err = c.Accounts.Search(t.Context(), "trwnh@unreachable.example", nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.ErrorContains(t, err, "Remote data could not be fetched")
	_, _, err = c.Accounts.Search(t.Context(), "", nil)
	assert.Error(t, err)
}

func TestAccountsSearchAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/accounts/search", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		assert.Equal(t, "a", q.Get("q"))
		assert.Equal(t, "2", q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		all := []string{"1", "2", "3", "4", "5"}
		var page []string
		for i := offset; i < len(all) && len(page) < 2; i++ {
			page = append(page, `{"id":"`+all[i]+`"}`)
		}
		serveJSON(w, 200, "["+strings.Join(page, ",")+"]")
	})
	var ids []ID
	for a, err := range c.Accounts.SearchAll(t.Context(), "a", &AccountSearchOptions{Limit: 2, Offset: 1}) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"2", "3", "4", "5"}, ids)
	assert.EqualValues(t, 3, calls.Load(), "until an empty page")

	calls.Store(0)
	for range c.Accounts.SearchAll(t.Context(), "a", &AccountSearchOptions{Limit: 2}) {
		break
	}
	assert.EqualValues(t, 1, calls.Load(), "break stops at once")
}

// A server that ignores the offset gives the same page again: the walk
// ends there instead of going round.
func TestAccountsSearchAllOffsetIgnored(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/accounts/search", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, 200, `[{"id":"1"},{"id":"2"}]`)
	})
	var ids []ID
	for a, err := range c.Accounts.SearchAll(t.Context(), "a", nil) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"1", "2"}, ids)
	assert.EqualValues(t, 2, calls.Load())
}

func TestAccountsLookup(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/accounts/lookup", func(w http.ResponseWriter, r *http.Request) {
		switch acct := r.URL.Query().Get("acct"); acct {
		case "trwnh":
			serveJSON(w, 200, corpus(t, "docs/partial/method_accounts_lookup_200_01.json"))
		case "trwnh@pixelfed.social":
			serveJSON(w, 200, corpus(t, "docs/partial/method_accounts_lookup_200_02.json"))
		case "bob":
			serveJSON(w, 200, corpus(t, "gotosocial/mastodon-account-lookup.json"))
		default:
			serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
		}
	})
	for acct, want := range map[string]string{"trwnh": "trwnh", "trwnh@pixelfed.social": "trwnh@pixelfed.social", "bob": "bob"} {
		a, _, err := c.Accounts.Lookup(t.Context(), acct)
		require.NoError(t, err, acct)
		assert.Equal(t, want, a.Acct)
	}
	_, _, err := c.Accounts.Lookup(t.Context(), "nobody")
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Accounts.Lookup(t.Context(), "")
	assert.Error(t, err)
}
