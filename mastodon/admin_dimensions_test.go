package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminDimensionsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/admin/dimensions", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{
			"keys": ["languages","sources","servers","space_usage","software_versions","instance_languages","instance_accounts","tag_servers","tag_languages"],
			"start_at": "2022-09-01",
			"end_at": "2022-09-14",
			"limit": 2,
			"instance_languages": {"domain": "mastodon.social"},
			"instance_accounts": {"domain": "mastodon.social"},
			"tag_servers": {"id": "802"},
			"tag_languages": {"id": "802"}
		}`)
		serveJSON(w, 200, corpus(t, "docs/method_admin_dimensions_get_200_01.json"))
	})
	// The end's day is the day in its own zone.
	end := time.Date(2022, 9, 14, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600))
	dims, _, err := c.Admin.Dimensions.Get(t.Context(), []AdminDimensionKey{
		AdminDimensionLanguages, AdminDimensionSources, AdminDimensionServers, AdminDimensionSpaceUsage,
		AdminDimensionSoftwareVersions, AdminDimensionInstanceLanguages, AdminDimensionInstanceAccounts,
		AdminDimensionTagServers, AdminDimensionTagLanguages,
	}, &AdminDimensionsOptions{
		StartAt: time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC), EndAt: end, Limit: 2,
		TagID: "802", Domain: "mastodon.social",
	})
	require.NoError(t, err)
	require.Len(t, dims, 9)
	assert.Equal(t, AdminDimensionLanguages, dims[0].Key)
	assert.Equal(t, AdminDimensionData{Key: "en", HumanKey: "English", Value: "10"}, dims[0].Data[0])
	assert.Equal(t, AdminDimensionSpaceUsage, dims[3].Key)
	assert.Equal(t, AdminDimensionData{Key: "postgresql", HumanKey: "PostgreSQL", Value: "49581359907", Unit: "bytes", HumanValue: "46.2 GB"}, dims[3].Data[0])
	assert.Equal(t, AdminDimensionTagLanguages, dims[8].Key)
	assert.Equal(t, "und", dims[8].Data[0].Key)
}

func TestAdminDimensionsGetWithoutRange(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/admin/dimensions", func(w http.ResponseWriter, r *http.Request) {
		// Only what is set is sent; a domain goes to the instance_ keys
		// alone.
		testJSONBody(t, r, `{"keys":["software_versions","instance_accounts"],"instance_accounts":{"domain":"x.example"}}`)
		serveJSON(w, 200, `[{"key":"software_versions","data":[{"key":"mastodon","human_key":"Mastodon","value":"4.3.0","human_value":"4.3.0"}]},{"key":"instance_accounts","data":[]}]`)
	})
	dims, _, err := c.Admin.Dimensions.Get(t.Context(), []AdminDimensionKey{AdminDimensionSoftwareVersions, AdminDimensionInstanceAccounts},
		&AdminDimensionsOptions{Domain: "x.example"})
	require.NoError(t, err)
	require.Len(t, dims, 2)
	assert.Equal(t, "4.3.0", dims[0].Data[0].Value)
	assert.Empty(t, dims[1].Data)
}

func TestAdminDimensionsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/dimensions", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 403, corpus(t, "docs/method_admin_dimensions_get_403_01.json"))
	})
	_, _, err := c.Admin.Dimensions.Get(t.Context(), []AdminDimensionKey{AdminDimensionLanguages}, nil)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.EqualValues(t, 1, n.Load(), "a POST is not retried")

	_, _, err = c.Admin.Dimensions.Get(t.Context(), nil, nil)
	assert.Error(t, err)
	_, _, err = c.Admin.Dimensions.Get(t.Context(), []AdminDimensionKey{AdminDimensionTagServers}, &AdminDimensionsOptions{Domain: "x.example"})
	assert.ErrorContains(t, err, "tag_servers key needs a tag ID")
	_, _, err = c.Admin.Dimensions.Get(t.Context(), []AdminDimensionKey{AdminDimensionInstanceLanguages}, &AdminDimensionsOptions{TagID: "1"})
	assert.ErrorContains(t, err, "instance_languages key needs a domain")
	assert.EqualValues(t, 1, n.Load(), "invalid input sends no request")

	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("POST /api/v1/admin/dimensions", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	var ns *NotSupportedError
	_, _, err = old.Admin.Dimensions.Get(t.Context(), []AdminDimensionKey{AdminDimensionLanguages}, nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/admin/dimensions", ns.Feature)
}
