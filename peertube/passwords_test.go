package peertube

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPasswordsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/passwords", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		testFormValues(t, r, url.Values{"start": {"5"}, "count": {"2"}, "sort": {"-createdAt"}})
		serveJSON(w, 200, corpus(t, "written/passwords-list.json"))
	})
	pws, resp, err := c.Passwords.List(t.Context(), "42", &ListOptions{Start: 5, Count: 2, Sort: "-createdAt"})
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Total)
	require.Len(t, pws, 2)
	assert.Equal(t, &VideoPassword{
		ID: 42, Password: "garden-club", VideoID: 42,
		CreatedAt: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC),
	}, pws[0])
	assert.Equal(t, "seed-swap", pws[1].Password)
	assert.NotContains(t, fmt.Sprint(*pws[0]), "garden-club", "String leaves the password out")
	assert.NotContains(t, fmt.Sprint(pws[0]), "garden-club")
}

func TestPasswordsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var asked []string
	mux.HandleFunc("GET /api/v1/videos/{id}/passwords", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		asked = append(asked, q.Get("start")+"/"+q.Get("count"))
		switch q.Get("start") {
		case "":
			serveJSON(w, 200, `{"total":3,"data":[{"id":1},{"id":2}]}`)
		default:
			serveJSON(w, 200, `{"total":3,"data":[{"id":3}]}`)
		}
	})
	var got []int64
	for p, err := range c.Passwords.ListAll(t.Context(), "42", &ListOptions{Count: 2}) {
		require.NoError(t, err)
		got = append(got, p.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, asked)
}

func TestPasswordsUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PUT /api/v1/videos/{id}/passwords", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "public" {
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Video is not password protected"}`)
			return
		}
		testJSONBody(t, r, `{"passwords":["garden-club","seed-swap"]}`)
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Passwords.Update(t.Context(), "42", []string{"garden-club", "seed-swap"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Passwords.Update(t.Context(), "public", []string{"x1"})
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.ErrorContains(t, err, "Video is not password protected")
}

func TestPasswordsDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/videos/{id}/passwords/{videoPasswordId}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		switch r.PathValue("videoPasswordId") {
		case "43":
			w.WriteHeader(http.StatusNoContent)
		case "44":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot delete the last password of the protected video"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	resp, err := c.Passwords.Delete(t.Context(), "42", 43)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Passwords.Delete(t.Context(), "42", 44)
	assert.ErrorIs(t, err, ErrForbidden)
	_, err = c.Passwords.Delete(t.Context(), "42", 45)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestPasswordsRefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	noRequests(t, mux)
	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Passwords.List(t.Context(), id, nil)
		assert.Error(t, err, id)
		for _, err := range c.Passwords.ListAll(t.Context(), id, nil) {
			assert.Error(t, err, id)
		}
		_, err = c.Passwords.Update(t.Context(), id, []string{"pw"})
		assert.Error(t, err, id)
		_, err = c.Passwords.Delete(t.Context(), id, 1)
		assert.Error(t, err, id)
	}
	_, err := c.Passwords.Update(t.Context(), "42", nil)
	assert.ErrorContains(t, err, "at least one password")
	for _, pid := range []int64{0, -1} {
		_, err := c.Passwords.Delete(t.Context(), "42", pid)
		assert.Error(t, err, pid)
	}
}
