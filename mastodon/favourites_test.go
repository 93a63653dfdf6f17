package mastodon

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFavourites(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	calls := serveTwoPages(t, mux, "/api/v1/favourites", corpus(t, "docs/partial/method_favourites_get_200_01.json"),
		`<https://mastodon.example/api/v1/favourites?limit=2&max_id=23716836>; rel="next", <https://mastodon.example/api/v1/favourites?limit=2&min_id=23716978>; rel="prev"`,
		"23716836", `[]`)
	ctx := t.Context()

	sts, resp, err := c.Favourites.List(ctx, &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, sts, 2)
	assert.Equal(t, ID("103186075217296344"), sts[0].ID)
	require.NotNil(t, sts[1].Account)
	assert.Equal(t, "haskal@cybre.space", sts[1].Account.Acct)
	assert.Equal(t, "23716836", resp.NextMaxID)
	assert.Equal(t, "23716978", resp.PrevMinID)

	var ids []ID
	for st, err := range c.Favourites.ListAll(ctx, &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, st.ID)
	}
	assert.Equal(t, []ID{"103186075217296344", "103186044372624124"}, ids)
	assert.EqualValues(t, 3, calls.Load())
}

func TestFavouritesError(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/favourites", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_favourites_get_401_01.json"))
	})
	_, _, err := c.Favourites.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
}
