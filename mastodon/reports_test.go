package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReportsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/reports", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			testJSONBody(t, r, `{"account_id":"108366849347798387","status_ids":["108882889550545820"],
				"comment":"Spam account","forward":true,"forward_to_domains":["mastodon.social","other.example"],
				"category":"spam","rule_ids":["1","3"]}`)
		} else {
			testJSONBody(t, r, `{"account_id":"108366849347798387"}`)
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_reports_post_200_01.json"))
	})
	ctx := t.Context()
	rep, _, err := c.Reports.Create(ctx, "108366849347798387", &ReportOptions{
		StatusIDs:        []ID{"108882889550545820"},
		Comment:          "Spam account",
		Forward:          true,
		ForwardToDomains: []string{"mastodon.social", "other.example"},
		Category:         ReportSpam,
		RuleIDs:          []ID{"1", "3"},
	})
	require.NoError(t, err)
	assert.Equal(t, ID("48914"), rep.ID)
	assert.Equal(t, ReportSpam, rep.Category)
	assert.False(t, rep.ActionTaken)
	assert.Nil(t, rep.ActionTakenAt)
	assert.Equal(t, []ID{"108882889550545820"}, rep.StatusIDs)
	assert.Nil(t, rep.RuleIDs)
	assert.Equal(t, time.Date(2022, time.August, 25, 9, 56, 16, 763e6, time.UTC), rep.CreatedAt)
	require.NotNil(t, rep.TargetAccount)
	assert.Equal(t, "Baluke", rep.TargetAccount.Username)

	_, _, err = c.Reports.Create(ctx, "108366849347798387", nil)
	require.NoError(t, err)
}

func TestReportsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("POST /api/v1/reports", func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_reports_post_404_01.json"))
			return
		}
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_reports_post_422_02.json"))
	})
	ctx := t.Context()
	_, _, err := c.Reports.Create(ctx, "404", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Reports.Create(ctx, "1", &ReportOptions{Category: ReportViolation, RuleIDs: []ID{"999"}})
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "Rule ids")
	assert.EqualValues(t, 2, requests.Load())

	_, _, err = c.Reports.Create(ctx, "", &ReportOptions{Comment: "x"})
	assert.Error(t, err)
	assert.EqualValues(t, 2, requests.Load(), "no request for invalid input")
}
