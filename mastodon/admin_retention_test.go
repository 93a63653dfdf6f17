package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminRetentionGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/retention", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			testJSONBody(t, r, `{"start_at":"2022-09-01","end_at":"2022-09-30","frequency":"month"}`)
			serveJSON(w, 200, corpus(t, "docs/method_admin_retention_create_200_01.json"))
			return
		}
		testJSONBody(t, r, `{"start_at":"2022-09-08","end_at":"2022-09-14","frequency":"day"}`)
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_retention_create_200_02.json"))
	})
	sept := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
	cohorts, _, err := c.Admin.Retention.Get(t.Context(), sept, sept.AddDate(0, 1, -1), AdminCohortMonth)
	require.NoError(t, err)
	require.Len(t, cohorts, 1)
	assert.True(t, cohorts[0].Period.Equal(sept))
	assert.Equal(t, AdminCohortMonth, cohorts[0].Frequency)
	require.Len(t, cohorts[0].Data, 1)
	assert.InDelta(t, 1.0, cohorts[0].Data[0].Rate, 0)
	assert.EqualValues(t, 2, cohorts[0].Data[0].Value)

	start := time.Date(2022, 9, 8, 0, 0, 0, 0, time.UTC)
	cohorts, _, err = c.Admin.Retention.Get(t.Context(), start, start.AddDate(0, 0, 6), AdminCohortDay)
	require.NoError(t, err)
	require.NotEmpty(t, cohorts)
	assert.Equal(t, AdminCohortDay, cohorts[0].Frequency)
	assert.InDelta(t, 0.5, cohorts[0].Data[2].Rate, 0)
	assert.EqualValues(t, 1, cohorts[0].Data[2].Value)
}

func TestAdminRetentionErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/retention", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 403, corpus(t, "docs/method_admin_retention_create_403_01.json"))
	})
	day := time.Date(2022, 9, 8, 0, 0, 0, 0, time.UTC)
	_, _, err := c.Admin.Retention.Get(t.Context(), day, day, AdminCohortDay)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.EqualValues(t, 1, n.Load())

	_, _, err = c.Admin.Retention.Get(t.Context(), time.Time{}, day, AdminCohortDay)
	assert.Error(t, err)
	_, _, err = c.Admin.Retention.Get(t.Context(), day, time.Time{}, AdminCohortDay)
	assert.Error(t, err)
	_, _, err = c.Admin.Retention.Get(t.Context(), day, day, "")
	assert.Error(t, err)
	assert.EqualValues(t, 1, n.Load(), "invalid input sends no request")

	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("POST /api/v1/admin/retention", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	var ns *NotSupportedError
	_, _, err = old.Admin.Retention.Get(t.Context(), day, day, AdminCohortDay)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/admin/retention", ns.Feature)
}
