package mastodon

import (
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminEmailDomainBlocksList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/email_domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"limit": {"2"}, "max_id": {"9"}})
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_email_domain_blocks_get_200_01.json"))
	})
	blocks, _, err := c.Admin.EmailDomainBlocks.List(t.Context(), &ListOptions{Limit: 2, MaxID: "9"})
	require.NoError(t, err)
	require.Len(t, blocks, 1)
	assert.Equal(t, ID("1"), blocks[0].ID)
	assert.Equal(t, "foo", blocks[0].Domain)
	assert.Equal(t, time.Date(2022, 11, 16, 6, 9, 36, 176e6, time.UTC), blocks[0].CreatedAt)
	require.Len(t, blocks[0].History, 7)
	assert.Equal(t, time.Date(2022, 11, 16, 0, 0, 0, 0, time.UTC), blocks[0].History[0].Time())
}

func TestAdminEmailDomainBlocksListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/admin/email_domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "200", r.URL.Query().Get("limit"))
		if r.URL.Query().Get("max_id") == "" {
			w.Header().Set("Link", `<https://x.example/api/v1/admin/email_domain_blocks?limit=200&max_id=1>; rel="next"`)
			serveJSON(w, 200, corpus(t, "docs/partial/method_admin_email_domain_blocks_get_200_01.json"))
			return
		}
		assert.Equal(t, "1", r.URL.Query().Get("max_id"))
		serveJSON(w, 200, `[]`)
	})
	var domains []string
	for b, err := range c.Admin.EmailDomainBlocks.ListAll(t.Context(), &ListOptions{Limit: 200}) {
		require.NoError(t, err)
		domains = append(domains, b.Domain)
	}
	assert.Equal(t, []string{"foo"}, domains)
	assert.EqualValues(t, 2, calls.Load())
}

func TestAdminEmailDomainBlocksGetCreateDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/email_domain_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_email_domain_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_email_domain_blocks_get-one_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/admin/email_domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"domain":"foo"}`)
		serveJSON(w, 200, corpus(t, "docs/method_admin_email_domain_blocks_create_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/admin/email_domain_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		assert.Empty(t, b)
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_email_domain_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_email_domain_blocks_delete_200_01.json"))
	})

	b, _, err := c.Admin.EmailDomainBlocks.Get(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, "foo", b.Domain)
	assert.Len(t, b.History, 7)
	_, _, err = c.Admin.EmailDomainBlocks.Get(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported, "a missing record is not a missing endpoint")

	b, _, err = c.Admin.EmailDomainBlocks.Create(t.Context(), "foo")
	require.NoError(t, err)
	assert.Equal(t, ID("1"), b.ID)

	resp, err := c.Admin.EmailDomainBlocks.Delete(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, err = c.Admin.EmailDomainBlocks.Delete(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAdminEmailDomainBlocksErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/email_domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 422, corpus(t, "docs/method_admin_email_domain_blocks_create_422_02.json"))
	})
	mux.HandleFunc("/api/v1/admin/email_domain_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 500, `{}`)
	})
	_, _, err := c.Admin.EmailDomainBlocks.Create(t.Context(), "b@d")
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "not a valid domain name")
	assert.EqualValues(t, 1, n.Load())

	_, _, err = c.Admin.EmailDomainBlocks.Create(t.Context(), "")
	assert.Error(t, err)
	_, _, err = c.Admin.EmailDomainBlocks.Get(t.Context(), "..")
	assert.Error(t, err)
	_, err = c.Admin.EmailDomainBlocks.Delete(t.Context(), "")
	assert.Error(t, err)
	assert.EqualValues(t, 1, n.Load(), "invalid input sends no request")

	// Mastodon before 4.0, and other servers, lack the routes.
	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("/api/v1/admin/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	var ns *NotSupportedError
	_, _, err = old.Admin.EmailDomainBlocks.List(t.Context(), nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/admin/email_domain_blocks", ns.Feature)
	_, _, err = old.Admin.EmailDomainBlocks.Get(t.Context(), "1")
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/admin/email_domain_blocks/:id", ns.Feature)
	_, _, err = old.Admin.EmailDomainBlocks.Create(t.Context(), "foo")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Admin.EmailDomainBlocks.Delete(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
}
