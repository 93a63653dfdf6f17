package mastodon

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMutes(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	calls := serveTwoPages(t, mux, "/api/v1/mutes", corpus(t, "docs/partial/method_mutes_get_200_01.json"),
		`<https://mastodon.example/api/v1/mutes?limit=2&max_id=317646>; rel="next", <https://mastodon.example/api/v1/mutes?limit=2&since_id=317647>; rel="prev"`,
		"317646", `[{"id":"5","username":"timed","acct":"timed","mute_expires_at":"2026-12-01T10:00:00.000Z"}]`)
	ctx := t.Context()

	accounts, resp, err := c.Mutes.List(ctx, &ListOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, "Simia91", accounts[0].Acct)
	assert.Nil(t, accounts[0].MuteExpiresAt)
	assert.Equal(t, "317646", resp.NextMaxID)

	var all []*Account
	for a, err := range c.Mutes.ListAll(ctx, &ListOptions{Limit: 2}) {
		require.NoError(t, err)
		all = append(all, a)
	}
	require.Len(t, all, 3)
	assert.Equal(t, "hakogamae", all[1].Acct)
	require.NotNil(t, all[2].MuteExpiresAt)
	assert.Equal(t, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), all[2].MuteExpiresAt.UTC())
	assert.EqualValues(t, 3, calls.Load())
}

func TestMutesError(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/mutes", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_mutes_get_401_01.json"))
	})
	_, _, err := c.Mutes.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrUnauthorized)
}
