package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testCanonicalHash = "b344e55d11b3fc25d0d53194e0475838bf17e9be67ce3e6469956222d9a34f9c"

func TestAdminCanonicalEmailBlocksList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/admin/canonical_email_blocks", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Query().Get("max_id") == "" {
			testFormValues(t, r, url.Values{"limit": {"1"}})
			w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/canonical_email_blocks?limit=1&max_id=1>; rel="next", <http://mastodon.example/api/v1/admin/canonical_email_blocks?limit=1&min_id=1>; rel="prev"`)
			serveJSON(w, 200, corpus(t, "docs/partial/method_admin_canonical_email_blocks_get_200_01.json"))
			return
		}
		testFormValues(t, r, url.Values{"limit": {"1"}, "max_id": {"1"}})
		serveJSON(w, 200, `[]`)
	})
	blocks, resp, err := c.Admin.CanonicalEmailBlocks.List(t.Context(), &ListOptions{Limit: 1})
	require.NoError(t, err)
	require.Len(t, blocks, 1)
	assert.Equal(t, ID("1"), blocks[0].ID)
	assert.Equal(t, testCanonicalHash, blocks[0].CanonicalEmailHash)
	assert.Equal(t, "1", resp.NextMaxID)

	var ids []ID
	for b, err := range c.Admin.CanonicalEmailBlocks.ListAll(t.Context(), &ListOptions{Limit: 1}) {
		require.NoError(t, err)
		ids = append(ids, b.ID)
	}
	assert.Equal(t, []ID{"1"}, ids)
	assert.EqualValues(t, 3, calls.Load())
}

func TestAdminCanonicalEmailBlocksGetTestCreateDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/canonical_email_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_canonical_email_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_canonical_email_blocks_get-one_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/admin/canonical_email_blocks/test", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"email":"Some.One+x@mail.example"}`)
		serveJSON(w, 200, corpus(t, "docs/method_admin_canonical_email_blocks_test_200_01.json"))
	})
	var creates atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/canonical_email_blocks", func(w http.ResponseWriter, r *http.Request) {
		if creates.Add(1) == 1 {
			// With an address, the hash is not sent: Mastodon would let it
			// replace the address's hash.
			testJSONBody(t, r, `{"email":"someone@mail.example"}`)
		} else {
			testJSONBody(t, r, `{"canonical_email_hash":"`+testCanonicalHash+`"}`)
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_canonical_email_blocks_create_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/admin/canonical_email_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_canonical_email_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_canonical_email_blocks_delete_200_01.json"))
	})

	b, _, err := c.Admin.CanonicalEmailBlocks.Get(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, testCanonicalHash, b.CanonicalEmailHash)
	_, _, err = c.Admin.CanonicalEmailBlocks.Get(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)

	matches, _, err := c.Admin.CanonicalEmailBlocks.Test(t.Context(), "Some.One+x@mail.example")
	require.NoError(t, err)
	require.Len(t, matches, 1)
	assert.Equal(t, ID("1"), matches[0].ID)

	b, _, err = c.Admin.CanonicalEmailBlocks.Create(t.Context(), &NewAdminCanonicalEmailBlock{Email: "someone@mail.example", CanonicalEmailHash: "ignored"})
	require.NoError(t, err)
	assert.Equal(t, testCanonicalHash, b.CanonicalEmailHash)
	_, _, err = c.Admin.CanonicalEmailBlocks.Create(t.Context(), &NewAdminCanonicalEmailBlock{CanonicalEmailHash: testCanonicalHash})
	require.NoError(t, err)

	resp, err := c.Admin.CanonicalEmailBlocks.Delete(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, err = c.Admin.CanonicalEmailBlocks.Delete(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAdminCanonicalEmailBlocksErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/canonical_email_blocks", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 422, corpus(t, "docs/method_admin_canonical_email_blocks_create_422_01.json"))
	})
	mux.HandleFunc("POST /api/v1/admin/canonical_email_blocks/test", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		serveJSON(w, 403, corpus(t, "docs/method_admin_canonical_email_blocks_test_403_01.json"))
	})
	_, _, err := c.Admin.CanonicalEmailBlocks.Create(t.Context(), &NewAdminCanonicalEmailBlock{Email: "a@b.example"})
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "already been taken")
	_, _, err = c.Admin.CanonicalEmailBlocks.Test(t.Context(), "a@b.example")
	assert.ErrorIs(t, err, ErrForbidden)
	assert.EqualValues(t, 2, n.Load())

	_, _, err = c.Admin.CanonicalEmailBlocks.Create(t.Context(), nil)
	assert.Error(t, err)
	_, _, err = c.Admin.CanonicalEmailBlocks.Create(t.Context(), &NewAdminCanonicalEmailBlock{})
	assert.Error(t, err)
	_, _, err = c.Admin.CanonicalEmailBlocks.Test(t.Context(), "")
	assert.Error(t, err, "Mastodon answers 500 without an address")
	_, _, err = c.Admin.CanonicalEmailBlocks.Get(t.Context(), ".")
	assert.Error(t, err)
	_, err = c.Admin.CanonicalEmailBlocks.Delete(t.Context(), "..")
	assert.Error(t, err)
	assert.EqualValues(t, 2, n.Load(), "invalid input sends no request")

	old, oldMux := setup(t, nil)
	oldMux.HandleFunc("/api/v1/admin/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 404, `{"error":"Not Found"}`)
	})
	var ns *NotSupportedError
	_, _, err = old.Admin.CanonicalEmailBlocks.Test(t.Context(), "a@b.example")
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/admin/canonical_email_blocks/test", ns.Feature)
	_, _, err = old.Admin.CanonicalEmailBlocks.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Admin.CanonicalEmailBlocks.Get(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Admin.CanonicalEmailBlocks.Create(t.Context(), &NewAdminCanonicalEmailBlock{Email: "a@b.example"})
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Admin.CanonicalEmailBlocks.Delete(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
}
