package mastodon

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPollsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/polls/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "34830":
			serveJSON(w, 200, corpus(t, "docs/method_polls_get_200_01.json"))
		case "01M8A835YBYA87AFET09ERGNZ8":
			serveJSON(w, 200, corpus(t, "gotosocial/mastodon-poll.json"))
		default:
			serveJSON(w, 404, corpus(t, "docs/method_accounts_endorsements_404_01.json"))
		}
	})
	p, _, err := c.Polls.Get(t.Context(), "34830")
	require.NoError(t, err)
	assert.True(t, p.Expired)
	assert.Equal(t, 10, p.VotesCount)
	require.NotEmpty(t, p.Options)

	p, _, err = c.Polls.Get(t.Context(), "01M8A835YBYA87AFET09ERGNZ8")
	require.NoError(t, err)
	require.Len(t, p.Options, 2)
	assert.Equal(t, "ActivityPub", p.Options[0].Title)
	assert.Nil(t, p.VotersCount)

	_, _, err = c.Polls.Get(t.Context(), "1")
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Polls.Get(t.Context(), "..")
	assert.Error(t, err)
}

func TestPollsVote(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("POST /api/v1/polls/{id}/votes", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch r.PathValue("id") {
		case "34873":
			testJSONBody(t, r, `{"choices":[0,2,4,9,6]}`)
			serveJSON(w, 200, corpus(t, "docs/method_polls_vote_200_01.json"))
		case "ended":
			serveJSON(w, 422, corpus(t, "docs/method_polls_vote_422_01.json"))
		default:
			serveJSON(w, 422, corpus(t, "docs/method_polls_vote_422_02.json"))
		}
	})
	p, _, err := c.Polls.Vote(t.Context(), "34873", 0, 2, 4, 9, 6)
	require.NoError(t, err)
	assert.True(t, p.Voted)
	assert.Equal(t, []int{0, 2, 4, 9, 6}, p.OwnVotes)

	_, _, err = c.Polls.Vote(t.Context(), "ended", 1)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.ErrorContains(t, err, "already ended")
	_, _, err = c.Polls.Vote(t.Context(), "voted", 1)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.EqualValues(t, 3, n.Load())

	_, _, err = c.Polls.Vote(t.Context(), "34873")
	assert.Error(t, err, "no choice")
	_, _, err = c.Polls.Vote(t.Context(), "34873", -1)
	assert.Error(t, err)
	_, _, err = c.Polls.Vote(t.Context(), "", 0)
	assert.Error(t, err)
	assert.EqualValues(t, 3, n.Load(), "no request for a vote that cannot be made")
}
