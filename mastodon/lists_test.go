package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListsCRUD(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/lists", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{})
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_lists_get_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/lists/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "12249", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_lists_get-one_200_01.json"))
	})
	var creates atomic.Int32
	mux.HandleFunc("POST /api/v1/lists", func(w http.ResponseWriter, r *http.Request) {
		if creates.Add(1) == 1 {
			testJSONBody(t, r, `{"title":"test","replies_policy":"list","exclusive":true}`)
		} else {
			testJSONBody(t, r, `{"title":"test"}`)
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_lists_create_200_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/lists/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "13585", r.PathValue("id"))
		testJSONBody(t, r, `{"title":"testing","replies_policy":"none","exclusive":false}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_lists_update_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/lists/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "13585", r.PathValue("id"))
		assert.Zero(t, r.ContentLength)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_lists_delete_200_01.json"))
	})
	ctx := t.Context()

	lists, _, err := c.Lists.List(ctx)
	require.NoError(t, err)
	require.Len(t, lists, 2)
	assert.Equal(t, List{ID: "12249", Title: "Friends", RepliesPolicy: ListRepliesFollowed}, *lists[0])
	assert.Equal(t, List{ID: "13585", Title: "test", RepliesPolicy: ListRepliesList, Exclusive: true}, *lists[1])

	l, _, err := c.Lists.Get(ctx, "12249")
	require.NoError(t, err)
	assert.Equal(t, "Friends", l.Title)

	l, _, err = c.Lists.Create(ctx, "test", &ListCreateOptions{RepliesPolicy: ListRepliesList, Exclusive: true})
	require.NoError(t, err)
	assert.Equal(t, ID("13585"), l.ID)
	_, _, err = c.Lists.Create(ctx, "test", nil)
	require.NoError(t, err)

	exclusive := false
	l, _, err = c.Lists.Update(ctx, "13585", &ListUpdateOptions{Title: "testing", RepliesPolicy: ListRepliesNone, Exclusive: &exclusive})
	require.NoError(t, err)
	assert.Equal(t, ListRepliesList, l.RepliesPolicy)

	_, err = c.Lists.Delete(ctx, "13585")
	require.NoError(t, err)
}

func TestListsAccounts(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var pages atomic.Int32
	mux.HandleFunc("GET /api/v1/lists/{id}/accounts", func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		assert.Equal(t, "12249", r.PathValue("id"))
		switch r.URL.Query().Get("max_id") {
		case "":
			testFormValues(t, r, url.Values{"limit": {"5"}})
			w.Header().Set("Link", `<https://mastodon.example/api/v1/lists/12249/accounts?max_id=106931203247163945>; rel="next", <https://mastodon.example/api/v1/lists/12249/accounts?since_id=108632085572655915>; rel="prev"`)
			serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_lists_accounts_200_01.json"))
		case "106931203247163945":
			testFormValues(t, r, url.Values{"limit": {"5"}, "max_id": {"106931203247163945"}})
			serveJSON(w, http.StatusOK, `[{"id":"1","username":"last","acct":"last@example.org"}]`)
		default:
			t.Errorf("unexpected page %s", r.URL)
		}
	})
	mux.HandleFunc("POST /api/v1/lists/{id}/accounts", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "12249", r.PathValue("id"))
		testJSONBody(t, r, `{"account_ids":["952529","917388"]}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_lists_request_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/lists/{id}/accounts", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "12249", r.PathValue("id"))
		testJSONBody(t, r, `{"account_ids":["482403"]}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_lists_accounts-remove_200_01.json"))
	})
	ctx := t.Context()

	accounts, resp, err := c.Lists.Accounts(ctx, "12249", &ListOptions{Limit: 5})
	require.NoError(t, err)
	require.Len(t, accounts, 5)
	assert.Equal(t, "alayna@desvox.es", accounts[0].Acct)
	assert.Equal(t, "106931203247163945", resp.NextMaxID)
	assert.Equal(t, "108632085572655915", resp.PrevSinceID)

	var accts []string
	for a, err := range c.Lists.AccountsAll(ctx, "12249", &ListOptions{Limit: 5}) {
		require.NoError(t, err)
		accts = append(accts, a.Acct)
	}
	assert.Len(t, accts, 6)
	assert.Equal(t, "last@example.org", accts[5])
	assert.EqualValues(t, 3, pages.Load(), "one page, then the two pages of the walk; the last has no next link")

	_, err = c.Lists.AddAccounts(ctx, "12249", "952529", "917388")
	require.NoError(t, err)
	_, err = c.Lists.RemoveAccounts(ctx, "12249", "482403")
	require.NoError(t, err)
}

func TestListsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	mux.HandleFunc("GET /api/v1/lists/{id}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_lists_get-one_404_01.json"))
	})
	mux.HandleFunc("POST /api/v1/lists", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_lists_create_422_01.json"))
	})
	mux.HandleFunc("POST /api/v1/lists/{id}/accounts", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_lists_request_422_01.json"))
	})
	ctx := t.Context()

	_, _, err := c.Lists.Get(ctx, "404")
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Lists.Create(ctx, " ", nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.Equal(t, "Validation failed: Title can't be blank", er.Message)
	_, err = c.Lists.AddAccounts(ctx, "1", "2")
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.EqualValues(t, 3, calls.Load())

	_, _, err = c.Lists.Get(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Lists.Update(ctx, "..", nil)
	assert.Error(t, err)
	_, err = c.Lists.Delete(ctx, ".")
	assert.Error(t, err)
	_, _, err = c.Lists.Accounts(ctx, "", nil)
	assert.Error(t, err)
	_, _, err = c.Lists.Create(ctx, "", nil)
	assert.Error(t, err)
	_, err = c.Lists.AddAccounts(ctx, "1")
	assert.Error(t, err, "no account")
	_, err = c.Lists.RemoveAccounts(ctx, "1", "")
	assert.Error(t, err, "an empty account id")
	_, err = c.Lists.RemoveAccounts(ctx, "..", "2")
	assert.Error(t, err)
	for _, err := range c.Lists.AccountsAll(ctx, "", nil) {
		assert.Error(t, err)
	}
	assert.EqualValues(t, 3, calls.Load(), "no request for invalid input")
}
