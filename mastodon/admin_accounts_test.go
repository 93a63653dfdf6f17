package mastodon

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminAccountsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/admin/accounts", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{
			"origin": {"local"}, "status": {"pending"}, "permissions": {"staff"},
			"role_ids[]": {"1", "3"}, "invited_by": {"42"}, "username": {"ad"},
			"display_name": {"Ad"}, "by_domain": {"social.example"}, "email": {"admin@"},
			"ip": {"192.168.42.0/24"}, "limit": {"200"}, "max_id": {"9"},
		})
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_accounts_v2_200_01.json"))
	})
	accounts, _, err := c.Admin.Accounts.List(t.Context(), &AdminAccountsListOptions{
		ListOptions: ListOptions{MaxID: "9", Limit: 200},
		Origin:      AdminAccountLocal, Status: AdminAccountPending, Permissions: "staff",
		RoleIDs: []ID{"1", "3"}, InvitedBy: "42", Username: "ad", DisplayName: "Ad",
		ByDomain: "social.example", Email: "admin@", IP: "192.168.42.0/24",
	})
	require.NoError(t, err)
	require.Len(t, accounts, 1)
	a := accounts[0]
	assert.Equal(t, ID("108267695853695427"), a.ID)
	assert.Equal(t, "admin@mastodon.local", a.Email)
	assert.Equal(t, IPAddress("192.168.42.1"), a.IP)
	require.NotNil(t, a.Role)
	assert.Equal(t, "Owner", a.Role.Name)
	assert.True(t, a.Role.Has(PermissionAdministrator))
	assert.True(t, a.Approved)
	require.NotNil(t, a.Account)
	assert.Equal(t, "admin", a.Account.Acct)
}

func TestAdminAccountsListGoToSocial(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/admin/accounts", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery)
		serveJSON(w, 200, corpus(t, "gotosocial/mastodon-admin-accounts-v2.json"))
	})
	accounts, _, err := c.Admin.Accounts.List(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, accounts, 4)
	assert.Equal(t, "alice", accounts[0].Username)
	assert.Equal(t, "alice@gts.test", accounts[0].Email)
	assert.Empty(t, accounts[0].IP)
	assert.Equal(t, ID("01M8A7Z0GQVN1Y795HSGRVP5H7"), accounts[0].CreatedByApplicationID)
	assert.Equal(t, "gtsadmin", accounts[3].Username)
	require.NotNil(t, accounts[3].Role)
	assert.True(t, accounts[3].Role.Has(PermissionManageReports))
}

func TestAdminAccountsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v2/admin/accounts", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		assert.Equal(t, "pending", q.Get("status"), "the filters are kept on every page")
		if q.Get("max_id") == "" {
			w.Header().Set("Link", `<https://social.example/api/v2/admin/accounts?status=pending&max_id=108267695853695427>; rel="next"`)
			serveJSON(w, 200, corpus(t, "docs/partial/method_admin_accounts_v2_200_01.json"))
			return
		}
		assert.Equal(t, "108267695853695427", q.Get("max_id"))
		serveJSON(w, 200, `[{"id":"7","username":"older","created_at":"2022-05-01T00:00:00.000Z","account":{"id":"7","username":"older","acct":"older"}}]`)
	})
	var ids []ID
	for a, err := range c.Admin.Accounts.ListAll(t.Context(), &AdminAccountsListOptions{Status: AdminAccountPending}) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"108267695853695427", "7"}, ids)
	assert.EqualValues(t, 2, calls.Load())
}

func TestAdminAccountsListV1(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/accounts", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"local": {"true"}, "pending": {"true"}, "staff": {"true"}, "username": {"trwnh"}, "limit": {"2"}})
		// Before Mastodon 4.0 the role was a bare string, which Role does
		// not read; the example is checked without it.
		body := corpus(t, "docs/partial/method_admin_accounts_v1_200_01.json")
		body = strings.NewReplacer(`"role": "user",`, "", `"role": "admin",`, "").Replace(body)
		w.Header().Set("Link", `<https://social.example/api/v1/admin/accounts?limit=2&max_id=108267695853695427>; rel="next"`)
		serveJSON(w, 200, body)
	})
	accounts, resp, err := c.Admin.Accounts.ListV1(t.Context(), &AdminAccountsListV1Options{
		ListOptions: ListOptions{Limit: 2}, Local: true, Pending: true, Staff: true, Username: "trwnh",
	})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, "trwnh", accounts[0].Username)
	assert.Equal(t, "en", accounts[0].Locale)
	assert.False(t, accounts[0].Confirmed)
	assert.Equal(t, IPAddress("192.168.42.1"), accounts[1].IP)
	assert.Equal(t, "108267695853695427", resp.NextMaxID)
}

func TestAdminAccountsListV1All(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/accounts", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "true", r.URL.Query().Get("suspended"))
		serveJSON(w, 200, `[{"id":"5","username":"gone","suspended":true,"created_at":"2022-05-01T00:00:00.000Z"}]`)
	})
	n := 0
	for a, err := range c.Admin.Accounts.ListV1All(t.Context(), &AdminAccountsListV1Options{Suspended: true}) {
		require.NoError(t, err)
		assert.True(t, a.Suspended)
		n++
	}
	assert.Equal(t, 1, n, "no next link: one page")
}

func TestAdminAccountsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "108267695853695427" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_accounts_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_accounts_get-one_200_01.json"))
	})
	a, _, err := c.Admin.Accounts.Get(t.Context(), "108267695853695427")
	require.NoError(t, err)
	assert.Equal(t, "admin", a.Username)
	assert.Equal(t, time.Date(2022, 5, 8, 18, 18, 53, 221e6, time.UTC), a.CreatedAt)
	require.Len(t, a.IPs, 1)
	assert.Equal(t, "192.168.42.1", a.IPs[0].IP)

	_, _, err = c.Admin.Accounts.Get(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported, "a missing account is not a missing endpoint")
}

func TestAdminAccountsActions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	files := map[string]string{
		"approve":     "docs/partial/method_admin_accounts_approve_200_01.json",
		"enable":      "docs/partial/method_admin_accounts_enable_200_01.json",
		"unsilence":   "docs/partial/method_admin_accounts_unsilence_200_01.json",
		"unsuspend":   "docs/partial/method_admin_accounts_unsuspend_200_01.json",
		"unsensitive": "docs/partial/method_admin_accounts_unsensitive_200_01.json",
	}
	mux.HandleFunc("POST /api/v1/admin/accounts/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "108965430868193066", r.PathValue("id"))
		assert.Empty(t, r.Header.Get("Content-Type"), "no body")
		serveJSON(w, 200, corpus(t, files[r.PathValue("action")]))
	})
	s := c.Admin.Accounts
	for name, call := range map[string]func() (*AdminAccount, *Response, error){
		"approve":     func() (*AdminAccount, *Response, error) { return s.Approve(t.Context(), "108965430868193066") },
		"enable":      func() (*AdminAccount, *Response, error) { return s.Enable(t.Context(), "108965430868193066") },
		"unsilence":   func() (*AdminAccount, *Response, error) { return s.Unsilence(t.Context(), "108965430868193066") },
		"unsuspend":   func() (*AdminAccount, *Response, error) { return s.Unsuspend(t.Context(), "108965430868193066") },
		"unsensitive": func() (*AdminAccount, *Response, error) { return s.Unsensitive(t.Context(), "108965430868193066") },
	} {
		a, resp, err := call()
		require.NoError(t, err, name)
		assert.Equal(t, "goody", a.Username, name)
		assert.True(t, strings.HasSuffix(resp.Request.URL.Path, "/"+name), name)
	}
	a, _, err := s.Approve(t.Context(), "108965430868193066")
	require.NoError(t, err)
	assert.True(t, a.Approved)
}

func TestAdminAccountsRejectAndDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/admin/accounts/{id}/reject", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "empty" {
			serveJSON(w, 200, `{}`) // current Mastodon
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_accounts_reject_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/admin/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "empty":
			serveJSON(w, 200, `{}`)
		case "108965430868193066":
			serveJSON(w, 200, corpus(t, "docs/method_admin_accounts_delete_200_01.json"))
		default:
			serveJSON(w, 403, corpus(t, "docs/method_admin_accounts_v2_403_01.json"))
		}
	})
	s := c.Admin.Accounts
	a, _, err := s.Reject(t.Context(), "108965436418975594")
	require.NoError(t, err)
	require.NotNil(t, a)
	assert.Equal(t, "i am going to commit crimes", a.InviteRequest)
	assert.False(t, a.Approved)

	a, resp, err := s.Reject(t.Context(), "empty")
	require.NoError(t, err)
	assert.Nil(t, a, "an empty object is no account")
	assert.Equal(t, 200, resp.StatusCode)

	a, _, err = s.Delete(t.Context(), "108965430868193066")
	require.NoError(t, err)
	require.NotNil(t, a)
	assert.True(t, a.Suspended)
	a, _, err = s.Delete(t.Context(), "empty")
	require.NoError(t, err)
	assert.Nil(t, a)
	_, _, err = s.Delete(t.Context(), "2")
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestAdminAccountsAction(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/admin/accounts/{id}/action", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "1":
			testJSONBody(t, r, `{"type":"suspend","report_id":"7","warning_preset_id":"2","text":"Spam","send_email_notification":false}`)
		case "2":
			testJSONBody(t, r, `{"type":"none"}`)
		default:
			serveJSON(w, 422, corpus(t, "docs/method_admin_accounts_action_422_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_accounts_action_200_01.json"))
	})
	s := c.Admin.Accounts
	resp, err := s.Action(t.Context(), "1", AccountActionSuspend, &AccountActionOptions{
		ReportID: "7", WarningPresetID: "2", Text: "Spam", SendEmailNotification: new(false),
	})
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, err = s.Action(t.Context(), "2", AccountActionNone, nil)
	require.NoError(t, err)

	_, err = s.Action(t.Context(), "3", "bogus", nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "Record invalid")
}

func TestAdminAccountsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var stray atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		stray.Add(1)
		serveJSON(w, 404, `{"error":"Not Found"}`) // an unknown route
	})
	mux.HandleFunc("GET /api/v2/admin/accounts", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, corpus(t, "docs/method_admin_accounts_v2_403_01.json"))
	})
	mux.HandleFunc("POST /api/v1/admin/accounts/{id}/approve", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, corpus(t, "docs/method_admin_accounts_get-one_404_01.json"))
	})
	s := c.Admin.Accounts

	_, _, err := s.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.ErrorContains(t, err, "This action is not allowed")

	_, _, err = s.Approve(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)

	// Routes the server lacks: Mastodon before 3.3 has no unsensitive,
	// GoToSocial no enable; Pleroma none of them.
	_, _, err = s.Unsensitive(t.Context(), "1")
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/admin/accounts/:id/unsensitive", ns.Feature)
	_, _, err = s.ListV1(t.Context(), nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/admin/accounts", ns.Feature)
	_, err = s.Action(t.Context(), "1", AccountActionSilence, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 3, stray.Load())

	// Invalid input: no request.
	_, _, err = s.Get(t.Context(), "..")
	assert.Error(t, err)
	_, _, err = s.Reject(t.Context(), "")
	assert.Error(t, err)
	_, _, err = s.Delete(t.Context(), ".")
	assert.Error(t, err)
	_, err = s.Action(t.Context(), "1", "", nil)
	assert.ErrorContains(t, err, "needs an action type")
	_, err = s.Action(t.Context(), "", AccountActionSuspend, nil)
	assert.Error(t, err)
	assert.EqualValues(t, 3, stray.Load())
}
