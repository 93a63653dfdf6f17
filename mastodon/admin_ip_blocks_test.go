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

func TestAdminIPBlocksList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/admin/ip_blocks", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Query().Get("max_id") {
		case "":
			testFormValues(t, r, url.Values{"limit": {"1"}})
			w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/ip_blocks?limit=1&max_id=2>; rel="next", <http://mastodon.example/api/v1/admin/ip_blocks?limit=1&min_id=2>; rel="prev"`)
			serveJSON(w, 200, `[{"id":"2","ip":"2001:db8::/32","severity":"sign_up_block","comment":"spam","created_at":"2022-11-17T07:22:00.501Z","expires_at":"2022-11-18T07:22:00.501Z"}]`)
		case "2":
			serveJSON(w, 200, corpus(t, "docs/partial/method_admin_ip_blocks_get_200_01.json"))
		default:
			t.Errorf("unexpected page %s", r.URL.RawQuery)
		}
	})
	blocks, _, err := c.Admin.IPBlocks.List(t.Context(), &ListOptions{Limit: 1, MaxID: "2"})
	require.NoError(t, err)
	require.Len(t, blocks, 1)
	b := blocks[0]
	assert.Equal(t, ID("1"), b.ID)
	assert.Equal(t, "8.8.8.8/32", b.IP)
	assert.Equal(t, AdminIPBlockNoAccess, b.Severity)
	assert.Empty(t, b.Comment)
	assert.Nil(t, b.ExpiresAt)

	var got []*AdminIPBlock
	for b, err := range c.Admin.IPBlocks.ListAll(t.Context(), &ListOptions{Limit: 1}) {
		require.NoError(t, err)
		got = append(got, b)
	}
	require.Len(t, got, 2)
	assert.Equal(t, AdminIPBlockSignUpBlock, got[0].Severity)
	require.NotNil(t, got[0].ExpiresAt)
	assert.Equal(t, time.Date(2022, 11, 18, 7, 22, 0, 501e6, time.UTC), *got[0].ExpiresAt)
	assert.Equal(t, ID("1"), got[1].ID)
	assert.EqualValues(t, 3, calls.Load(), "the page without a next link ends the walk")
}

func TestAdminIPBlocksGetCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/ip_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_ip_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_ip_blocks_get-one_200_01.json"))
	})
	var creates atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/ip_blocks", func(w http.ResponseWriter, r *http.Request) {
		if creates.Add(1) == 1 {
			testJSONBody(t, r, `{"ip":"8.8.8.8/32","severity":"no_access"}`)
		} else {
			testJSONBody(t, r, `{"ip":"192.0.2.0/24","severity":"sign_up_requires_approval","comment":"a proxy","expires_in":86400}`)
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_ip_blocks_create_200_01.json"))
	})
	var updates atomic.Int32
	mux.HandleFunc("PUT /api/v1/admin/ip_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "1", r.PathValue("id"))
		switch updates.Add(1) {
		case 1:
			testJSONBody(t, r, `{"ip":"8.8.4.4/32","severity":"sign_up_block","comment":"","expires_in":3600}`)
		case 2:
			testJSONBody(t, r, `{"expires_in":null}`)
		case 3:
			testJSONBody(t, r, `{}`)
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_ip_blocks_update_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/admin/ip_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_ip_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_ip_blocks_delete_200_01.json"))
	})

	b, _, err := c.Admin.IPBlocks.Get(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, "8.8.8.8/32", b.IP)
	assert.Equal(t, time.Date(2022, 11, 16, 7, 22, 0, 501e6, time.UTC), b.CreatedAt)
	_, _, err = c.Admin.IPBlocks.Get(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)

	b, _, err = c.Admin.IPBlocks.Create(t.Context(), "8.8.8.8/32", AdminIPBlockNoAccess, nil)
	require.NoError(t, err)
	assert.Equal(t, AdminIPBlockNoAccess, b.Severity)
	_, _, err = c.Admin.IPBlocks.Create(t.Context(), "192.0.2.0/24", AdminIPBlockSignUpRequiresApproval,
		&AdminIPBlockCreateOptions{Comment: "a proxy", ExpiresIn: 24 * time.Hour})
	require.NoError(t, err)

	none := ""
	b, _, err = c.Admin.IPBlocks.Update(t.Context(), "1", &AdminIPBlockUpdateOptions{
		IP: "8.8.4.4/32", Severity: AdminIPBlockSignUpBlock, Comment: &none, ExpiresIn: time.Hour})
	require.NoError(t, err)
	assert.Equal(t, "8.8.4.4/32", b.IP)
	_, _, err = c.Admin.IPBlocks.Update(t.Context(), "1", &AdminIPBlockUpdateOptions{NoExpiry: true})
	require.NoError(t, err)
	_, _, err = c.Admin.IPBlocks.Update(t.Context(), "1", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 3, updates.Load())

	resp, err := c.Admin.IPBlocks.Delete(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, err = c.Admin.IPBlocks.Delete(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAdminIPBlocksErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/ip_blocks", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 422, corpus(t, "docs/method_admin_ip_blocks_create_422_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/admin/ip_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 403, corpus(t, "docs/method_admin_ip_blocks_update_403_01.json"))
	})
	_, _, err := c.Admin.IPBlocks.Create(t.Context(), "8.8.8.8/32", AdminIPBlockNoAccess, nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "Ip has already been taken")
	_, _, err = c.Admin.IPBlocks.Update(t.Context(), "1", &AdminIPBlockUpdateOptions{Severity: AdminIPBlockNoAccess})
	assert.ErrorIs(t, err, ErrForbidden)
	assert.EqualValues(t, 2, n.Load(), "neither a 422 nor a 403 is retried")

	for name, call := range map[string]func() error{
		"no ip": func() error {
			_, _, err := c.Admin.IPBlocks.Create(t.Context(), "", AdminIPBlockNoAccess, nil)
			return err
		},
		"no severity": func() error { _, _, err := c.Admin.IPBlocks.Create(t.Context(), "8.8.8.8", "", nil); return err },
		"sub-second": func() error {
			_, _, err := c.Admin.IPBlocks.Create(t.Context(), "8.8.8.8", AdminIPBlockNoAccess, &AdminIPBlockCreateOptions{ExpiresIn: time.Millisecond})
			return err
		},
		"negative": func() error {
			_, _, err := c.Admin.IPBlocks.Update(t.Context(), "1", &AdminIPBlockUpdateOptions{ExpiresIn: -time.Hour})
			return err
		},
		"both expiries": func() error {
			_, _, err := c.Admin.IPBlocks.Update(t.Context(), "1", &AdminIPBlockUpdateOptions{ExpiresIn: time.Hour, NoExpiry: true})
			return err
		},
		"bad id get": func() error { _, _, err := c.Admin.IPBlocks.Get(t.Context(), ".."); return err },
		"bad id put": func() error { _, _, err := c.Admin.IPBlocks.Update(t.Context(), "", nil); return err },
		"bad id del": func() error { _, err := c.Admin.IPBlocks.Delete(t.Context(), "."); return err },
	} {
		assert.Error(t, call(), name)
	}
	assert.EqualValues(t, 2, n.Load(), "invalid input sends no request")

	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("/api/v1/admin/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	var ns *NotSupportedError
	_, _, err = old.Admin.IPBlocks.Update(t.Context(), "1", nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "PUT /api/v1/admin/ip_blocks/:id", ns.Feature)
	_, _, err = old.Admin.IPBlocks.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Admin.IPBlocks.Get(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Admin.IPBlocks.Create(t.Context(), "8.8.8.8", AdminIPBlockNoAccess, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Admin.IPBlocks.Delete(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
}
