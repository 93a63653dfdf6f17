package mastodon

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wrappedAnnualReports is a WrappedAnnualReports body around the
// documentation's report example: the documentation's own examples of
// the body hold comments in place of the accounts and statuses.
func wrappedAnnualReports(t *testing.T) string {
	t.Helper()
	return `{"annual_reports":[` + corpus(t, "docs/entity_AnnualReport_01.json") + `],
		"accounts":[{"id":"55911","username":"Foobar","acct":"Foobar"}],
		"statuses":[{"id":"114348347829110933"}]}`
}

func TestAnnualReports(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/annual_reports", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, wrappedAnnualReports(t))
	})
	mux.HandleFunc("GET /api/v1/annual_reports/{year}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("year") != "2025" {
			serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
			return
		}
		serveJSON(w, http.StatusOK, wrappedAnnualReports(t))
	})
	mux.HandleFunc("GET /api/v1/annual_reports/{year}/state", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("year") {
		case "2025":
			serveJSON(w, http.StatusOK, corpus(t, "docs/method_annual_reports_get-state_200_01.json"))
		default:
			w.Header().Set("Mastodon-Async-Refresh", `id="wrapstodon-1", retry=2`)
			serveJSON(w, http.StatusOK, `"generating"`)
		}
	})
	mux.HandleFunc("POST /api/v1/annual_reports/{year}/read", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "2025", r.PathValue("year"))
		serveJSON(w, http.StatusOK, `{}`)
	})
	mux.HandleFunc("POST /api/v1/annual_reports/{year}/generate", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "2026", r.PathValue("year"))
		w.Header().Set("Mastodon-Async-Refresh", `id="wrapstodon-2", retry=2`)
		serveJSON(w, http.StatusAccepted, `{}`)
	})
	ctx := t.Context()

	all, _, err := c.AnnualReports.List(ctx)
	require.NoError(t, err)
	require.Len(t, all.AnnualReports, 1)
	r := all.AnnualReports[0]
	assert.Equal(t, 2025, r.Year)
	assert.Equal(t, 2, r.SchemaVersion)
	assert.Equal(t, ID("55911"), r.AccountID)
	var data struct {
		Archetype string `json:"archetype"`
	}
	require.NoError(t, json.Unmarshal(r.Data, &data))
	assert.Equal(t, "oracle", data.Archetype)
	require.Len(t, all.Accounts, 1)

	one, _, err := c.AnnualReports.Get(ctx, 2025)
	require.NoError(t, err)
	assert.Equal(t, "https://example.com/@Foobar/wrapstodon/2025/7fa0231c0f206390", one.AnnualReports[0].ShareURL)
	_, _, err = c.AnnualReports.Get(ctx, 2019)
	assert.ErrorIs(t, err, ErrNotFound, "no report that year")
	assert.NotErrorIs(t, err, ErrNotSupported)

	state, _, err := c.AnnualReports.State(ctx, 2025)
	require.NoError(t, err)
	assert.Equal(t, AnnualReportAvailable, state)
	state, resp, err := c.AnnualReports.State(ctx, 2026)
	require.NoError(t, err)
	assert.Equal(t, AnnualReportGenerating, state, "a bare string is taken too")
	hint, ok := resp.AsyncRefresh()
	require.True(t, ok)
	assert.Equal(t, ID("wrapstodon-1"), hint.ID)

	_, err = c.AnnualReports.MarkRead(ctx, 2025)
	require.NoError(t, err)
	resp, err = c.AnnualReports.Generate(ctx, 2026)
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.StatusCode)
	hint, ok = resp.AsyncRefresh()
	require.True(t, ok)
	assert.Equal(t, ID("wrapstodon-2"), hint.ID)

	for _, year := range []int{0, -1} {
		_, _, err = c.AnnualReports.Get(ctx, year)
		assert.Error(t, err)
		_, _, err = c.AnnualReports.State(ctx, year)
		assert.Error(t, err)
		_, err = c.AnnualReports.MarkRead(ctx, year)
		assert.Error(t, err)
		_, err = c.AnnualReports.Generate(ctx, year)
		assert.Error(t, err)
	}
}

func TestAnnualReportsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/annual_reports", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_annual_reports_index_401_01.json"))
	})
	mux.HandleFunc("GET /api/v1/annual_reports/{year}/state", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, `{"state":`)
	})
	ctx := t.Context()
	_, _, err := c.AnnualReports.List(ctx)
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, _, err = c.AnnualReports.State(ctx, 2025)
	assert.Error(t, err, "a broken answer")
}

// Servers before Mastodon 4.3 (and GoToSocial) have no annual reports;
// 4.3 has no report by year, 4.5 no state and no generate.
func TestAnnualReportsNotSupported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	var ns *NotSupportedError
	_, _, err := c.AnnualReports.List(ctx)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/annual_reports", ns.Feature)
	_, _, err = c.AnnualReports.Get(ctx, 2025)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.AnnualReports.State(ctx, 2025)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.AnnualReports.MarkRead(ctx, 2025)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.AnnualReports.Generate(ctx, 2025)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/annual_reports/:year/generate", ns.Feature)
}
