package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminDomainAllowsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/admin/domain_allows", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Query().Get("max_id") {
		case "":
			assert.Equal(t, "2", r.URL.Query().Get("limit"))
			w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/domain_allows?limit=2&max_id=1>; rel="next", <http://mastodon.example/api/v1/admin/domain_allows?limit=2&since_id=2>; rel="prev"`)
			serveJSON(w, 200, corpus(t, "docs/method_admin_domain_allows_get_200_01.json"))
		default:
			assert.Equal(t, "1", r.URL.Query().Get("max_id"))
			serveJSON(w, 200, `[]`)
		}
	})
	allows, resp, err := c.Admin.DomainAllows.List(t.Context(), &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, allows, 2)
	assert.Equal(t, "mastodon", allows[0].Domain)
	assert.Equal(t, ID("1"), allows[1].ID)
	assert.Equal(t, time.Date(2022, 9, 14, 21, 23, 2, 755e6, time.UTC), allows[1].CreatedAt)
	assert.Equal(t, "1", resp.NextMaxID)

	var domains []string
	for a, err := range c.Admin.DomainAllows.ListAll(t.Context(), &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		domains = append(domains, a.Domain)
	}
	assert.Equal(t, []string{"mastodon", "mastodon.social"}, domains)
	assert.EqualValues(t, 3, calls.Load())
}

func TestAdminDomainAllowsGetCreateDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/domain_allows/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_domain_allows_delete_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_domain_allows_get-one_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/admin/domain_allows", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"domain":"mastodon.social"}`)
		serveJSON(w, 200, corpus(t, "docs/method_admin_domain_allows_create_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/admin/domain_allows/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "4":
			serveJSON(w, 200, corpus(t, "docs/method_admin_domain_allows_delete_200_01.json"))
		case "5":
			serveJSON(w, 200, `{}`) // current Mastodon
		default:
			serveJSON(w, 404, corpus(t, "docs/method_admin_domain_allows_delete_404_01.json"))
		}
	})
	s := c.Admin.DomainAllows

	a, _, err := s.Get(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, "mastodon.social", a.Domain)
	_, _, err = s.Get(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)

	a, _, err = s.Create(t.Context(), "mastodon.social")
	require.NoError(t, err)
	assert.Equal(t, ID("1"), a.ID)

	a, _, err = s.Delete(t.Context(), "4")
	require.NoError(t, err)
	require.NotNil(t, a)
	assert.Equal(t, "*", a.Domain)
	a, resp, err := s.Delete(t.Context(), "5")
	require.NoError(t, err)
	assert.Nil(t, a, "an empty object is no allow")
	assert.Equal(t, 200, resp.StatusCode)
	_, _, err = s.Delete(t.Context(), "6")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAdminDomainAllowsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var stray atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		stray.Add(1)
		serveJSON(w, 404, `{"error":"Not Found"}`) // Mastodon before 4.0
	})
	mux.HandleFunc("GET /api/v1/admin/domain_allows", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, corpus(t, "docs/method_admin_domain_allows_get_403_01.json"))
	})
	mux.HandleFunc("POST /api/v1/admin/domain_allows", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, corpus(t, "docs/method_admin_domain_allows_create_422_01.json"))
	})
	s := c.Admin.DomainAllows

	_, _, err := s.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = s.Create(t.Context(), "-bad-")
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, _, err = s.Get(t.Context(), "1")
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/admin/domain_allows/:id", ns.Feature)
	assert.EqualValues(t, 1, stray.Load())

	_, _, err = s.Create(t.Context(), "")
	assert.ErrorContains(t, err, "needs a domain")
	_, _, err = s.Get(t.Context(), "..")
	assert.Error(t, err)
	_, _, err = s.Delete(t.Context(), "")
	assert.Error(t, err)
	assert.EqualValues(t, 1, stray.Load())
}
