package mastodon

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlocks(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	calls := serveTwoPages(t, mux, "/api/v1/blocks", corpus(t, "docs/partial/method_blocks_get_200_01.json"),
		`<https://mastodon.example/api/v1/blocks?limit=2&max_id=441449>; rel="next", <https://mastodon.example/api/v1/blocks?limit=2&since_id=444808>; rel="prev"`,
		"441449", `[{"id":"3","username":"third","acct":"third@example.org"}]`)
	ctx := t.Context()

	accounts, resp, err := c.Blocks.List(ctx, &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, "admin@happylittle.cloudns.cc", accounts[0].Acct)
	assert.Equal(t, ID("650568"), accounts[1].ID)
	assert.Equal(t, "441449", resp.NextMaxID)
	assert.Equal(t, "444808", resp.PrevSinceID)

	var accts []string
	for a, err := range c.Blocks.ListAll(ctx, &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		accts = append(accts, a.Acct)
	}
	assert.Equal(t, []string{"admin@happylittle.cloudns.cc", "Nikolai_Kingsley@dobbs.town", "third@example.org"}, accts)
	assert.EqualValues(t, 3, calls.Load())
}

func TestBlocksError(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/blocks", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_blocks_get_401_01.json"))
	})
	_, _, err := c.Blocks.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
}
