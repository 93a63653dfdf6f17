package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminMeasuresGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/admin/measures", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{
			"keys": ["active_users","new_users","interactions","opened_reports","resolved_reports",
				"tag_accounts","tag_uses","tag_servers",
				"instance_accounts","instance_media_attachments","instance_reports","instance_statuses","instance_follows","instance_followers"],
			"start_at": "2022-09-14",
			"end_at": "2022-09-20",
			"tag_accounts": {"id": "802"},
			"tag_uses": {"id": "802"},
			"tag_servers": {"id": "802"},
			"instance_accounts": {"domain": "mastodon.social"},
			"instance_media_attachments": {"domain": "mastodon.social"},
			"instance_reports": {"domain": "mastodon.social"},
			"instance_statuses": {"domain": "mastodon.social"},
			"instance_follows": {"domain": "mastodon.social"},
			"instance_followers": {"domain": "mastodon.social"}
		}`)
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_measures_get_200_01.json"))
	})
	keys := []AdminMeasureKey{
		AdminMeasureActiveUsers, AdminMeasureNewUsers, AdminMeasureInteractions, AdminMeasureOpenedReports, AdminMeasureResolvedReports,
		AdminMeasureTagAccounts, AdminMeasureTagUses, AdminMeasureTagServers,
		AdminMeasureInstanceAccounts, AdminMeasureInstanceMediaAttachments, AdminMeasureInstanceReports,
		AdminMeasureInstanceStatuses, AdminMeasureInstanceFollows, AdminMeasureInstanceFollowers,
	}
	measures, _, err := c.Admin.Measures.Get(t.Context(), keys,
		time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC), time.Date(2022, 9, 20, 12, 0, 0, 0, time.UTC),
		&AdminMeasuresOptions{TagID: "802", Domain: "mastodon.social"})
	require.NoError(t, err)
	require.Len(t, measures, len(keys))
	for i, m := range measures {
		assert.Equal(t, keys[i], m.Key)
	}
	active := measures[0]
	assert.Empty(t, active.Unit)
	assert.EqualValues(t, 2, active.Total)
	assert.EqualValues(t, 0, active.PreviousTotal)
	require.Len(t, active.Data, 1)
	assert.Equal(t, Date{2022, time.September, 14}, active.Data[0].Date)
	assert.Equal(t, Date{2022, time.September, 14}, measures[1].Data[0].Date, "a timestamp with an offset")
	media := measures[9]
	assert.Equal(t, "bytes", media.Unit)
	assert.Equal(t, "0 Bytes", media.HumanValue)
	assert.EqualValues(t, 0, media.Data[0].Value)
}

func TestAdminMeasuresErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/measures", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 403, corpus(t, "docs/method_admin_measures_get_403_01.json"))
	})
	day := time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC)
	_, _, err := c.Admin.Measures.Get(t.Context(), []AdminMeasureKey{AdminMeasureActiveUsers}, day, day, nil)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.EqualValues(t, 1, n.Load())

	_, _, err = c.Admin.Measures.Get(t.Context(), nil, day, day, nil)
	assert.Error(t, err)
	_, _, err = c.Admin.Measures.Get(t.Context(), []AdminMeasureKey{AdminMeasureActiveUsers}, time.Time{}, day, nil)
	assert.Error(t, err)
	_, _, err = c.Admin.Measures.Get(t.Context(), []AdminMeasureKey{AdminMeasureActiveUsers}, day, time.Time{}, nil)
	assert.Error(t, err)
	_, _, err = c.Admin.Measures.Get(t.Context(), []AdminMeasureKey{AdminMeasureTagUses}, day, day, nil)
	assert.ErrorContains(t, err, "tag_uses key needs a tag ID")
	_, _, err = c.Admin.Measures.Get(t.Context(), []AdminMeasureKey{AdminMeasureInstanceFollowers}, day, day, &AdminMeasuresOptions{TagID: "1"})
	assert.ErrorContains(t, err, "instance_followers key needs a domain")
	assert.EqualValues(t, 1, n.Load(), "invalid input sends no request")

	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("POST /api/v1/admin/measures", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	var ns *NotSupportedError
	_, _, err = old.Admin.Measures.Get(t.Context(), []AdminMeasureKey{AdminMeasureActiveUsers}, day, day, nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/admin/measures", ns.Feature)
}

func TestAdminMeasuresUnknownKeys(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/admin/measures", func(w http.ResponseWriter, r *http.Request) {
		// A key this package does not know is sent as it is, with the
		// parameter of its family when one is set, and nothing is
		// required of it.
		testJSONBody(t, r, `{"keys":["tag_quotes","instance_blocks"],"start_at":"2022-09-14","end_at":"2022-09-14","tag_quotes":{"id":"7"}}`)
		serveJSON(w, 200, `[]`)
	})
	day := time.Date(2022, 9, 14, 0, 0, 0, 0, time.UTC)
	measures, _, err := c.Admin.Measures.Get(t.Context(), []AdminMeasureKey{"tag_quotes", "instance_blocks"}, day, day, &AdminMeasuresOptions{TagID: "7"})
	require.NoError(t, err)
	assert.Empty(t, measures)
}
