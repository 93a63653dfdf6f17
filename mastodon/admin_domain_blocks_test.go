package mastodon

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminDomainBlocksList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "limit=2", r.URL.RawQuery)
		w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/domain_blocks?limit=2&max_id=2>; rel="next", <http://mastodon.example/api/v1/admin/domain_blocks?limit=2&since_id=1>; rel="prev"`)
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_domain_blocks_get_200_01.json"))
	})
	blocks, resp, err := c.Admin.DomainBlocks.List(t.Context(), &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, blocks, 1)
	b := blocks[0]
	assert.Equal(t, ID("1"), b.ID)
	assert.Equal(t, "example.com", b.Domain)
	assert.Equal(t, AdminDomainBlockNoop, b.Severity)
	assert.Empty(t, b.PublicComment)
	assert.Equal(t, time.Date(2022, 11, 16, 8, 15, 34, 238e6, time.UTC), b.CreatedAt)
	assert.Equal(t, "2", resp.NextMaxID)
	assert.Equal(t, "1", resp.PrevSinceID)
}

func TestAdminDomainBlocksListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Query().Get("max_id") == "" {
			w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/domain_blocks?max_id=2>; rel="next"`)
			serveJSON(w, 200, `[{"id":"3","domain":"spam.example","severity":"suspend","created_at":"2023-01-01T00:00:00.000Z"}]`)
			return
		}
		assert.Equal(t, "2", r.URL.Query().Get("max_id"))
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_domain_blocks_get_200_01.json"))
	})
	var domains []string
	for b, err := range c.Admin.DomainBlocks.ListAll(t.Context(), nil) {
		require.NoError(t, err)
		domains = append(domains, b.Domain)
	}
	assert.Equal(t, []string{"spam.example", "example.com"}, domains)
	assert.EqualValues(t, 2, calls.Load(), "no next link on the last page")
}

func TestAdminDomainBlocksGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/admin/domain_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_domain_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_domain_blocks_get-one_200_01.json"))
	})
	b, _, err := c.Admin.DomainBlocks.Get(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, "a379a6f6eeafb9a55e378c118034e2751e682fab9f2d30ab13d2125586ce1947", b.Digest)
	_, _, err = c.Admin.DomainBlocks.Get(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
}

func TestAdminDomainBlocksCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			testJSONBody(t, r, `{"domain":"example.com","severity":"noop","reject_media":true,"reject_reports":true,
				"private_comment":"seen in #42","public_comment":"spam","obfuscate":true}`)
		case 2:
			testJSONBody(t, r, `{"domain":"example.com"}`)
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_domain_blocks_create_200_01.json"))
	})
	b, _, err := c.Admin.DomainBlocks.Create(t.Context(), "example.com", &AdminDomainBlockOptions{
		Severity: AdminDomainBlockNoop, RejectMedia: true, RejectReports: true,
		PrivateComment: "seen in #42", PublicComment: "spam", Obfuscate: true,
	})
	require.NoError(t, err)
	assert.Equal(t, ID("1"), b.ID)
	assert.Equal(t, AdminDomainBlockNoop, b.Severity)
	_, _, err = c.Admin.DomainBlocks.Create(t.Context(), "example.com", nil)
	require.NoError(t, err)
}

// The 422 of a domain that a block covers already carries that block,
// which Create reads from the refusal, or, from a server that leaves it
// out, from the server's list of blocks.
func TestAdminDomainBlocksCreateExisting(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	refusal := corpus(t, "docs/error-with-entity/method_admin_domain_blocks_create_422_02.json")
	var lists atomic.Int32
	mux.HandleFunc("POST /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Domain string }
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		if body.Domain == "Example.COM." {
			serveJSON(w, 422, refusal)
			return
		}
		serveJSON(w, 422, `{"error":"You have already imposed stricter limits on this domain."}`)
	})
	mux.HandleFunc("GET /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		lists.Add(1)
		assert.Equal(t, "200", r.URL.Query().Get("limit"))
		if r.URL.Query().Get("max_id") == "" {
			w.Header().Set("Link", `<http://mastodon.example/api/v1/admin/domain_blocks?limit=200&max_id=5>; rel="next"`)
			serveJSON(w, 200, `[
				{"id":"9","domain":"xn--bcher-kva.example","severity":"suspend","created_at":"2023-01-01T00:00:00.000Z"},
				{"id":"8","domain":"ample.com","severity":"suspend","created_at":"2023-01-01T00:00:00.000Z"},
				{"id":"7","domain":"deep.sub.example.com","severity":"suspend","created_at":"2023-01-01T00:00:00.000Z"},
				{"id":"6","domain":"sub.example.com","severity":"silence","created_at":"2023-01-01T00:00:00.000Z"}]`)
			return
		}
		serveJSON(w, 200, corpus(t, "docs/partial/method_admin_domain_blocks_get_200_01.json"))
	})
	s := c.Admin.DomainBlocks

	var want struct {
		Existing AdminDomainBlock `json:"existing_domain_block"`
	}
	require.NoError(t, json.Unmarshal([]byte(refusal), &want))

	_, resp, err := s.Create(t.Context(), "Example.COM.", &AdminDomainBlockOptions{Severity: AdminDomainBlockSilence})
	var exists *DomainBlockExistsError
	require.ErrorAs(t, err, &exists)
	assert.Equal(t, want.Existing, *exists.Existing, "the block of the refusal")
	assert.Equal(t, "Example.COM.", exists.Domain)
	assert.ErrorIs(t, err, ErrUnprocessable)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, "You have already imposed stricter limits on example.com.", er.Message)
	assert.Contains(t, err.Error(), "existing block 1 of example.com, severity noop")
	assert.Equal(t, 422, resp.StatusCode, "the answer of the POST")
	assert.Zero(t, lists.Load(), "the refusal names the block")

	// The nearest block above the domain; an unrelated suffix
	// (ample.com) does not count.
	_, _, err = s.Create(t.Context(), "a.sub.example.com", nil)
	require.ErrorAs(t, err, &exists)
	assert.Equal(t, ID("6"), exists.Existing.ID)
	// A domain in Unicode finds its Punycode block.
	_, _, err = s.Create(t.Context(), "Bücher.example", nil)
	require.ErrorAs(t, err, &exists)
	assert.Equal(t, ID("9"), exists.Existing.ID)
	// No block covers it: the 422 was about something else.
	_, _, err = s.Create(t.Context(), "other.example", nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.False(t, errors.As(err, &exists))
}

func TestAdminDomainBlocksCreateRefused(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 422, corpus(t, "docs/method_admin_domain_blocks_create_422_01.json"))
	})
	// The token may not read the blocks: the refusal is returned as it is.
	mux.HandleFunc("GET /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, corpus(t, "docs/method_admin_domain_blocks_create_403_01.json"))
	})
	_, _, err := c.Admin.DomainBlocks.Create(t.Context(), "example.com", nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "Domain can't be blank")
	assert.NotErrorIs(t, err, ErrForbidden)
	var exists *DomainBlockExistsError
	assert.False(t, errors.As(err, &exists))
}

func TestAdminDomainBlocksUpdateAndDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PUT /api/v1/admin/domain_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "2" {
			serveJSON(w, 422, corpus(t, "docs/method_admin_domain_blocks_update_422_01.json"))
			return
		}
		testJSONBody(t, r, `{"severity":"noop","reject_media":false,"public_comment":""}`)
		serveJSON(w, 200, corpus(t, "docs/method_admin_domain_blocks_update_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/admin/domain_blocks/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "1" {
			serveJSON(w, 404, corpus(t, "docs/method_admin_domain_blocks_get-one_404_01.json"))
			return
		}
		serveJSON(w, 200, corpus(t, "docs/method_admin_domain_blocks_delete_200_01.json"))
	})
	s := c.Admin.DomainBlocks
	b, _, err := s.Update(t.Context(), "1", &AdminDomainBlockUpdateOptions{
		Severity: AdminDomainBlockNoop, RejectMedia: new(false), PublicComment: new(""),
	})
	require.NoError(t, err)
	assert.Equal(t, AdminDomainBlockNoop, b.Severity)
	assert.False(t, b.RejectMedia)
	_, _, err = s.Update(t.Context(), "2", &AdminDomainBlockUpdateOptions{Severity: "harsh"})
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "Severity is not included in the list")

	resp, err := s.Delete(t.Context(), "1")
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	_, err = s.Delete(t.Context(), "2")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAdminDomainBlocksErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var stray atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		stray.Add(1)
		serveJSON(w, 404, `{"error":"Not Found"}`) // Mastodon before 4.0
	})
	mux.HandleFunc("POST /api/v1/admin/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 403, corpus(t, "docs/method_admin_domain_blocks_create_403_01.json"))
	})
	s := c.Admin.DomainBlocks

	_, _, err := s.Create(t.Context(), "example.com", nil)
	assert.ErrorIs(t, err, ErrForbidden)
	_, _, err = s.List(t.Context(), nil)
	var ns *NotSupportedError
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/admin/domain_blocks", ns.Feature)
	_, err = s.Delete(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	assert.EqualValues(t, 2, stray.Load())

	_, _, err = s.Create(t.Context(), " ", nil)
	assert.ErrorContains(t, err, "needs a domain")
	_, _, err = s.Get(t.Context(), "..")
	assert.Error(t, err)
	_, _, err = s.Update(t.Context(), "1", nil)
	assert.ErrorContains(t, err, "needs the changes")
	_, _, err = s.Update(t.Context(), "", &AdminDomainBlockUpdateOptions{})
	assert.Error(t, err)
	_, err = s.Delete(t.Context(), ".")
	assert.Error(t, err)
	assert.EqualValues(t, 2, stray.Load())
}
