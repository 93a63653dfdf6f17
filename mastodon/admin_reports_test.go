package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminReportsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/reports", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"resolved": {"true"}, "account_id": {"108965218747268792"}, "target_account_id": {"108965430868193066"}, "limit": {"2"}})
		w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/reports?limit=2&max_id=2>; rel="next", <http://mastodon.example/api/v1/admin/reports?limit=2&min_id=3>; rel="prev"`)
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_reports_get_200_01.json"))
	})
	reports, resp, err := c.Admin.Reports.List(t.Context(), &AdminReportsListOptions{
		ListOptions: ListOptions{Limit: 2}, Resolved: true,
		AccountID: "108965218747268792", TargetAccountID: "108965430868193066",
	})
	require.NoError(t, err)
	require.Len(t, reports, 1)
	r := reports[0]
	assert.Equal(t, ID("3"), r.ID)
	assert.Equal(t, ReportSpam, r.Category)
	assert.Nil(t, r.ActionTakenAt)
	require.NotNil(t, r.Account)
	assert.Equal(t, "admin@mastodon.local", r.Account.Email)
	require.NotNil(t, r.TargetAccount)
	assert.Equal(t, "goody", r.TargetAccount.Account.Acct)
	assert.Nil(t, r.AssignedAccount)
	assert.Equal(t, "2", resp.NextMaxID)
	assert.Equal(t, "3", resp.PrevMinID)
}

func TestAdminReportsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/admin/reports", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		assert.Empty(t, q.Get("resolved"), "open reports: resolved=false is not sent")
		if q.Get("max_id") == "" {
			w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/reports?max_id=3>; rel="next"`)
			serveJSON(w, 200, corpus(t, "docs/partial/method_admin_reports_get_200_01.json"))
			return
		}
		assert.Equal(t, "3", q.Get("max_id"))
		serveJSON(w, 200, `[]`)
	})
	var ids []ID
	for r, err := range c.Admin.Reports.ListAll(t.Context(), &AdminReportsListOptions{Resolved: false}) {
		require.NoError(t, err)
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []ID{"3"}, ids)
	assert.EqualValues(t, 2, calls.Load())
}

func TestAdminReportsGetAndUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/reports/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "2", r.PathValue("id"))
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_reports_get-one_200_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/admin/reports/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "3", r.PathValue("id"))
		testJSONBody(t, r, `{"category":"violation","rule_ids":["1","4"]}`)
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_reports_update_200_01.json"))
	})
	r, _, err := c.Admin.Reports.Get(t.Context(), "2")
	require.NoError(t, err)
	assert.True(t, r.ActionTaken)
	require.NotNil(t, r.ActionTakenAt)
	assert.Equal(t, time.Date(2022, 9, 9, 21, 38, 54, 679e6, time.UTC), *r.ActionTakenAt)
	require.NotNil(t, r.ActionTakenByAccount)
	assert.Equal(t, "admin", r.ActionTakenByAccount.Username)

	r, _, err = c.Admin.Reports.Update(t.Context(), "3", &AdminReportUpdateOptions{Category: ReportViolation, RuleIDs: []ID{"1", "4"}})
	require.NoError(t, err)
	assert.Equal(t, ID("3"), r.ID)
	assert.Equal(t, ReportOther, r.Category, "what the example answers")
}

func TestAdminReportsActions(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	files := map[string]string{
		"assign_to_self": "docs/partial/method_admin_reports_assign_to_self_200_01.json",
		"unassign":       "docs/partial/method_admin_reports_unassign_200_01.json",
		"resolve":        "docs/partial/method_admin_reports_resolve_200_01.json",
		"reopen":         "docs/partial/method_admin_reports_reopen_200_01.json",
	}
	mux.HandleFunc("POST /api/v1/admin/reports/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("Content-Type"), "no body")
		serveJSON(w, 200, corpus(t, files[r.PathValue("action")]))
	})
	s := c.Admin.Reports

	r, _, err := s.AssignToSelf(t.Context(), "3")
	require.NoError(t, err)
	require.NotNil(t, r.AssignedAccount)
	assert.Equal(t, "admin", r.AssignedAccount.Username)

	r, _, err = s.Unassign(t.Context(), "3")
	require.NoError(t, err)
	assert.Nil(t, r.AssignedAccount)

	r, resp, err := s.Resolve(t.Context(), "2")
	require.NoError(t, err)
	assert.True(t, r.ActionTaken)
	assert.Equal(t, basePath+"/api/v1/admin/reports/2/resolve", resp.Request.URL.Path)

	r, _, err = s.Reopen(t.Context(), "2")
	require.NoError(t, err)
	assert.False(t, r.ActionTaken)
	assert.Nil(t, r.ActionTakenAt)
}

func TestAdminReportsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var stray atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		stray.Add(1)
		serveJSON(w, 404, `{"error":"Not Found"}`) // an unknown route
	})
	mux.HandleFunc("GET /api/v1/admin/reports", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, corpus(t, "docs/method_admin_reports_get_403_01.json"))
	})
	mux.HandleFunc("GET /api/v1/admin/reports/{id}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Record not found"}`)
	})
	mux.HandleFunc("PUT /api/v1/admin/reports/{id}", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, `{"error":"Validation failed: Rule ids is invalid"}`)
	})
	s := c.Admin.Reports

	_, _, err := s.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = s.Get(t.Context(), "9")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = s.Update(t.Context(), "9", &AdminReportUpdateOptions{RuleIDs: []ID{"99"}})
	assert.ErrorIs(t, err, ErrUnprocessable)

	// GoToSocial has no reopen.
	_, _, err = s.Reopen(t.Context(), "9")
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/admin/reports/:id/reopen", ns.Feature)
	assert.EqualValues(t, 1, stray.Load())

	_, _, err = s.Get(t.Context(), "")
	assert.Error(t, err)
	_, _, err = s.Resolve(t.Context(), "..")
	assert.Error(t, err)
	_, _, err = s.Update(t.Context(), "9", nil)
	assert.ErrorContains(t, err, "needs the changes")
	assert.EqualValues(t, 1, stray.Load())
}
