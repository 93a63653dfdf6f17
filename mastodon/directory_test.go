package mastodon

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDirectoryList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/directory", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"offset": {"10"}, "limit": {"2"}, "order": {"new"}, "local": {"true"}})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_directory_get_200_01.json"))
	})
	accounts, _, err := c.Directory.List(t.Context(), &DirectoryOptions{Offset: 10, Limit: 2, Order: DirectoryNew, Local: true})
	require.NoError(t, err)
	require.Len(t, accounts, 2)
	assert.Equal(t, ID("796927"), accounts[0].ID)
	assert.Equal(t, "ariel@best-friends.chat", accounts[1].Acct)
}

// accountPage serves the accounts from offset on, at most limit of them,
// of a directory of n accounts with ids 1 to n.
func accountPage(w http.ResponseWriter, r *http.Request, n int) {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	var items []string
	for id := offset + 1; id <= n && len(items) < limit; id++ {
		items = append(items, fmt.Sprintf(`{"id":"%d","username":"u%d","acct":"u%d"}`, id, id, id))
	}
	serveJSON(w, http.StatusOK, "["+strings.Join(items, ",")+"]")
}

func TestDirectoryListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/v1/directory", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		assert.Equal(t, "active", r.URL.Query().Get("order"), "the options are kept")
		accountPage(w, r, 5)
	})
	opts := &DirectoryOptions{Offset: 1, Limit: 2, Order: DirectoryActive}
	var ids []ID
	for a, err := range c.Directory.ListAll(t.Context(), opts) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []ID{"2", "3", "4", "5"}, ids)
	assert.EqualValues(t, 3, requests.Load(), "offsets 1, 3, 5 (empty)")
	assert.Equal(t, 1, opts.Offset, "the caller's options are not changed")

	requests.Store(0)
	for a, err := range c.Directory.ListAll(t.Context(), &DirectoryOptions{Limit: 2, Order: DirectoryActive}) {
		require.NoError(t, err)
		if a.ID == "3" {
			break
		}
	}
	assert.EqualValues(t, 2, requests.Load(), "no request after a break")
}

func TestDirectoryListAllIgnoredOffset(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var requests atomic.Int32
	mux.HandleFunc("GET /api/v1/directory", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_directory_get_200_01.json"))
	})
	var n int
	for _, err := range c.Directory.ListAll(t.Context(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n, "the same page again ends the walk")
	assert.EqualValues(t, 2, requests.Load())
}

func TestDirectoryErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/directory", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("local") == "true" {
			serveJSON(w, http.StatusUnprocessableEntity, `{"error":"Validation failed"}`)
			return
		}
		// GoToSocial, or Mastodon with the directory turned off.
		serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
	})
	_, _, err := c.Directory.List(t.Context(), &DirectoryOptions{Local: true})
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, _, err = c.Directory.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	var n int
	for _, err := range c.Directory.ListAll(t.Context(), nil) {
		n++
		assert.ErrorIs(t, err, ErrNotSupported)
	}
	assert.Equal(t, 1, n)
}
