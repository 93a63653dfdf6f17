package mastodon

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// collectionsList is the documentation's example of a collections list.
// It spells the key "collections:"; Mastodon's serializer, and the
// entity page, say "collections", which the test puts back.
func collectionsList(t *testing.T, name string) string {
	t.Helper()
	body := corpus(t, name)
	require.Contains(t, body, `"collections:"`)
	return strings.Replace(body, `"collections:"`, `"collections"`, 1)
}

func TestCollectionsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/collections", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"name":"Nice accounts","description":"These accounts are very nice","language":"en",
			"tag_name":"#accounts","discoverable":true,"account_ids":["112658193342215767","117628196343117789"]}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_collections_create_200_01.json"))
	})
	yes := true
	col, _, err := c.Collections.Create(t.Context(), &NewCollection{
		Name: "Nice accounts", Description: "These accounts are very nice", Language: "en", TagName: "#accounts",
		Discoverable: &yes, AccountIDs: []ID{"112658193342215767", "117628196343117789"},
	})
	require.NoError(t, err)
	assert.Equal(t, ID("116131056935959117"), col.ID)
	assert.Equal(t, ID("113668893442515793"), col.AccountID)
	assert.Equal(t, "Nice accounts", col.Name)
	require.NotNil(t, col.Tag)
	assert.Equal(t, "accounts", col.Tag.Name)
	assert.Equal(t, 2, col.ItemCount)
	assert.True(t, col.Discoverable)

	_, _, err = c.Collections.Create(t.Context(), &NewCollection{})
	assert.Error(t, err, "no name")
	_, _, err = c.Collections.Create(t.Context(), nil)
	assert.Error(t, err)
}

func TestCollectionsGetAndLists(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/collections/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "116131056935959117", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_collections_get_collection_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/accounts/{id}/collections", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "113668893442515793", r.PathValue("id"))
		testFormValues(t, r, url.Values{"limit": {"5"}, "offset": {"10"}})
		serveJSON(w, http.StatusOK, collectionsList(t, "docs/partial/method_collections_get_collections_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/accounts/{id}/in_collections", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{})
		serveJSON(w, http.StatusOK, collectionsList(t, "docs/partial/method_collections_in_collections_200_01.json"))
	})
	ctx := t.Context()

	got, _, err := c.Collections.Get(ctx, "116131056935959117")
	require.NoError(t, err)
	require.NotNil(t, got.Collection)
	assert.Equal(t, "These accounts are very nice", got.Collection.Description)
	assert.Equal(t, "https://example.com/collections/116131056935959117", got.Collection.URL)

	list, _, err := c.Collections.List(ctx, "113668893442515793", &CollectionListOptions{Limit: 5, Offset: 10})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, ID("116131056935959117"), list[0].ID)

	featuring, _, err := c.Collections.Featuring(ctx, "112658193342215767", nil)
	require.NoError(t, err)
	require.Len(t, featuring, 1)
	assert.True(t, featuring[0].Local)

	_, _, err = c.Collections.Get(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Collections.List(ctx, "..", nil)
	assert.Error(t, err)
	_, _, err = c.Collections.Featuring(ctx, ".", nil)
	assert.Error(t, err)
}

func TestCollectionsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var mu sync.Mutex
	var offsets []string
	// Six collections, 5 to 0, newest first.
	mux.HandleFunc("GET /api/v1/accounts/{id}/collections", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		offsets = append(offsets, q.Get("offset"))
		mu.Unlock()
		assert.Equal(t, "3", q.Get("limit"), "the caller's options are kept")
		offset, _ := strconv.Atoi(q.Get("offset"))
		var items []string
		for i := offset; i < 6 && i < offset+3; i++ {
			items = append(items, fmt.Sprintf(`{"id":"%d"}`, 5-i))
		}
		serveJSON(w, http.StatusOK, `{"collections":[`+strings.Join(items, ",")+`]}`)
	})
	mux.HandleFunc("GET /api/v1/accounts/{id}/in_collections", func(w http.ResponseWriter, r *http.Request) {
		// A server that ignores offset sends the same page again.
		serveJSON(w, http.StatusOK, `{"collections":[{"id":"1"},{"id":"2"}]}`)
	})
	opts := &CollectionListOptions{Limit: 3, Offset: 1}
	var ids []ID
	for col, err := range c.Collections.ListAll(t.Context(), "1", opts) {
		require.NoError(t, err)
		ids = append(ids, col.ID)
	}
	assert.Equal(t, []ID{"4", "3", "2", "1", "0"}, ids)
	assert.Equal(t, []string{"1", "4"}, offsets, "a short page is the last")
	assert.Equal(t, 1, opts.Offset, "the caller's options are not changed")

	ids = nil
	for col, err := range c.Collections.FeaturingAll(t.Context(), "1", nil) {
		require.NoError(t, err)
		ids = append(ids, col.ID)
	}
	assert.Equal(t, []ID{"1", "2"}, ids, "a repeated page ends the walk")
}

func TestCollectionsWrites(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var mu sync.Mutex
	var seen []string
	record := func(r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
	}
	mux.HandleFunc("PATCH /api/v1/collections/{id}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		if r.PathValue("id") == "other" {
			serveJSON(w, http.StatusForbidden, corpus(t, "docs/method_collections_update_collection_403_01.json"))
			return
		}
		testJSONBody(t, r, `{"name":"Nice accounts","description":"","sensitive":false}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_collections_update_collection_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/collections/{id}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("POST /api/v1/collections/{id}/items", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		testJSONBody(t, r, `{"account_id":"112658193342215767"}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_collections_add_account_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/collections/{id}/items/{item}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("POST /api/v1/collections/{id}/items/{item}/revoke", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		w.WriteHeader(http.StatusOK)
	})
	ctx := t.Context()
	name, empty, no := "Nice accounts", "", false

	col, _, err := c.Collections.Update(ctx, "116131056935959117", &CollectionUpdate{Name: &name, Description: &empty, Sensitive: &no})
	require.NoError(t, err)
	assert.Equal(t, "en", col.Language)
	_, _, err = c.Collections.Update(ctx, "other", &CollectionUpdate{Name: &name})
	assert.ErrorIs(t, err, ErrForbidden)
	assert.NotErrorIs(t, err, ErrNotSupported)

	_, err = c.Collections.Delete(ctx, "116131056935959117")
	require.NoError(t, err)

	item, _, err := c.Collections.AddAccount(ctx, "116131056935959117", "112658193342215767")
	require.NoError(t, err)
	assert.Equal(t, ID("116151066915353115"), item.ID)
	assert.Equal(t, CollectionItemAccepted, item.State)

	_, err = c.Collections.RemoveItem(ctx, "116131056935959117", "116151066915353115")
	require.NoError(t, err)
	_, err = c.Collections.RevokeItem(ctx, "116131056935959117", "116151066915353115")
	require.NoError(t, err)

	assert.Equal(t, []string{
		"PATCH /api/v1/collections/116131056935959117",
		"PATCH /api/v1/collections/other",
		"DELETE /api/v1/collections/116131056935959117",
		"POST /api/v1/collections/116131056935959117/items",
		"DELETE /api/v1/collections/116131056935959117/items/116151066915353115",
		"POST /api/v1/collections/116131056935959117/items/116151066915353115/revoke",
	}, seen)

	// Refused without a request.
	_, _, err = c.Collections.Update(ctx, "1", nil)
	assert.Error(t, err)
	_, _, err = c.Collections.Update(ctx, "..", &CollectionUpdate{})
	assert.Error(t, err)
	_, err = c.Collections.Delete(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Collections.AddAccount(ctx, "1", "")
	assert.Error(t, err)
	_, _, err = c.Collections.AddAccount(ctx, "..", "2")
	assert.Error(t, err)
	_, err = c.Collections.RemoveItem(ctx, "1", "..")
	assert.Error(t, err)
	_, err = c.Collections.RevokeItem(ctx, "", "2")
	assert.Error(t, err)
	assert.Len(t, seen, 6)
}

func TestCollectionsUnprocessable(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/collections", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_collections_create_422_01.json"))
	})
	mux.HandleFunc("POST /api/v1/collections/{id}/items", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_collections_add_account_422_01.json"))
	})
	_, _, err := c.Collections.Create(t.Context(), &NewCollection{Name: strings.Repeat("x", 41)})
	assert.ErrorIs(t, err, ErrUnprocessable)
	// Mastodon nests the validation error of collections one level down.
	assert.Contains(t, err.Error(), "Name is too long")
	_, _, err = c.Collections.AddAccount(t.Context(), "1", "2")
	assert.ErrorIs(t, err, ErrUnprocessable)
}

// Servers before Mastodon 4.6 (and GoToSocial) have no collections; a
// 4.6 server answers "Record not found" for a collection that is not
// there.
func TestCollectionsNotSupported(t *testing.T) {
	t.Parallel()
	old, oldMux := setup(t, &Options{MaxRetries: -1})
	oldMux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	name := "x"
	var ns *NotSupportedError
	_, _, err := old.Collections.Create(ctx, &NewCollection{Name: "x"})
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "POST /api/v1/collections", ns.Feature)
	_, _, err = old.Collections.Get(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Collections.List(ctx, "1", nil)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/accounts/:account_id/collections", ns.Feature)
	for col, err := range old.Collections.ListAll(ctx, "1", nil) {
		assert.Nil(t, col)
		assert.ErrorIs(t, err, ErrNotSupported)
	}
	_, _, err = old.Collections.Featuring(ctx, "1", nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Collections.Update(ctx, "1", &CollectionUpdate{Name: &name})
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Collections.Delete(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = old.Collections.AddAccount(ctx, "1", "2")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Collections.RemoveItem(ctx, "1", "2")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = old.Collections.RevokeItem(ctx, "1", "2")
	assert.ErrorIs(t, err, ErrNotSupported)

	c, mux := setup(t, nil)
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Record not found"}`)
	})
	_, _, err = c.Collections.Get(ctx, "gone")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Collections.List(ctx, "gone", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, err = c.Collections.RemoveItem(ctx, "1", "gone")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
}
