package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDomainBlocks(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	calls := serveTwoPages(t, mux, "/api/v1/domain_blocks", corpus(t, "docs/method_domain_blocks_get_200_01.json"),
		`<https://mastodon.example/api/v1/domain_blocks?limit=2&max_id=16194>; rel="next", <https://mastodon.example/api/v1/domain_blocks?limit=2&since_id=16337>; rel="prev"`,
		"16194", `["spam.example"]`)
	mux.HandleFunc("POST /api/v1/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"domain":"nsfw.social"}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_domain_blocks_block_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"domain":"nsfw.social"}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_domain_blocks_unblock_200_01.json"))
	})
	ctx := t.Context()

	domains, resp, err := c.DomainBlocks.List(ctx, &ListOptions{Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, []string{"nsfw.social", "artalley.social"}, domains)
	assert.Equal(t, "16194", resp.NextMaxID)
	assert.Equal(t, "16337", resp.PrevSinceID)

	var all []string
	for d, err := range c.DomainBlocks.ListAll(ctx, &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		all = append(all, d)
	}
	assert.Equal(t, []string{"nsfw.social", "artalley.social", "spam.example"}, all)
	assert.EqualValues(t, 3, calls.Load())

	_, err = c.DomainBlocks.Block(ctx, "nsfw.social")
	require.NoError(t, err)
	_, err = c.DomainBlocks.Unblock(ctx, "nsfw.social")
	require.NoError(t, err)
}

func TestDomainBlocksErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("POST /api/v1/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_domain_blocks_block_422_02.json"))
	})
	mux.HandleFunc("GET /api/v1/domain_blocks", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		// A server without user domain blocks.
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()

	_, err := c.DomainBlocks.Block(ctx, "not a domain")
	assert.ErrorIs(t, err, ErrUnprocessable)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, "Validation failed: Domain is not a valid domain name", er.Message)

	_, _, err = c.DomainBlocks.List(ctx, nil)
	var nse *NotSupportedError
	require.ErrorAs(t, err, &nse)
	assert.Equal(t, "GET /api/v1/domain_blocks", nse.Feature)
	assert.EqualValues(t, 2, calls.Load())

	_, err = c.DomainBlocks.Block(ctx, "")
	assert.Error(t, err)
	_, err = c.DomainBlocks.Unblock(ctx, "")
	assert.Error(t, err)
	assert.EqualValues(t, 2, calls.Load(), "no request for invalid input")
}
