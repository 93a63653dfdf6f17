package mastodon

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFiltersV2(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/filters", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{})
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_filters_get_200_01.json"))
	})
	mux.HandleFunc("GET /api/v2/filters/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "20060", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_get-one_200_01.json"))
	})
	var creates atomic.Int32
	mux.HandleFunc("POST /api/v2/filters", func(w http.ResponseWriter, r *http.Request) {
		if creates.Add(1) == 1 {
			testJSONBody(t, r, `{"title":"test","context":["public"],"keywords_attributes":[
				{"keyword":"foo","whole_word":false},{"keyword":"bar","whole_word":true}]}`)
		} else {
			testJSONBody(t, r, `{"title":"test","context":["home","thread"],"filter_action":"blur","expires_in":86400}`)
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_create_200_01.json"))
	})
	var updates atomic.Int32
	mux.HandleFunc("PUT /api/v2/filters/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "25933", r.PathValue("id"))
		switch updates.Add(1) {
		case 1:
			testJSONBody(t, r, `{"keywords_attributes":[
				{"id":"34978","whole_word":false,"_destroy":true},
				{"id":"34979","keyword":"baz","whole_word":true}]}`)
		case 2:
			testJSONBody(t, r, `{"title":"renamed","context":["home"],"filter_action":"hide","expires_in":null}`)
		default:
			testJSONBody(t, r, `{"expires_in":1800}`)
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_update_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v2/filters/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "25933", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_delete_200_01.json"))
	})
	ctx := t.Context()

	filters, _, err := c.Filters.List(ctx)
	require.NoError(t, err)
	require.Len(t, filters, 1)
	assert.Equal(t, FilterHide, filters[0].FilterAction)
	assert.Equal(t, []FilterContext{FilterPublic}, filters[0].Context)
	require.Len(t, filters[0].Keywords, 3)
	assert.Equal(t, FilterKeyword{ID: "1311", Keyword: "from birdsite", WholeWord: true}, filters[0].Keywords[0])
	assert.Nil(t, filters[0].ExpiresAt)

	f, _, err := c.Filters.Get(ctx, "20060")
	require.NoError(t, err)
	assert.Equal(t, "Remove Twitter crossposts from public timeline", f.Title)
	assert.Empty(t, f.Statuses)

	f, _, err = c.Filters.Create(ctx, "test", []FilterContext{FilterPublic}, &FilterCreateOptions{
		Keywords: []FilterKeywordChange{{Keyword: "foo"}, {Keyword: "bar", WholeWord: true}},
	})
	require.NoError(t, err)
	assert.Equal(t, ID("25933"), f.ID)
	assert.Equal(t, FilterWarn, f.FilterAction)
	require.Len(t, f.Keywords, 2)
	assert.True(t, f.Keywords[1].WholeWord)
	_, _, err = c.Filters.Create(ctx, "test", []FilterContext{FilterHome, FilterThread}, &FilterCreateOptions{FilterAction: FilterBlur, ExpiresIn: 24 * time.Hour})
	require.NoError(t, err)

	f, _, err = c.Filters.Update(ctx, "25933", &FilterUpdateOptions{Keywords: []FilterKeywordChange{
		{ID: "34978", Delete: true},
		{ID: "34979", Keyword: "baz", WholeWord: true},
	}})
	require.NoError(t, err)
	require.Len(t, f.Keywords, 1)
	assert.Equal(t, "baz", f.Keywords[0].Keyword)
	_, _, err = c.Filters.Update(ctx, "25933", &FilterUpdateOptions{Title: "renamed", Context: []FilterContext{FilterHome}, FilterAction: FilterHide, RemoveExpiry: true})
	require.NoError(t, err)
	_, _, err = c.Filters.Update(ctx, "25933", &FilterUpdateOptions{ExpiresIn: 30 * time.Minute})
	require.NoError(t, err)

	_, err = c.Filters.Delete(ctx, "25933")
	require.NoError(t, err)
	assert.EqualValues(t, 2, creates.Load())
	assert.EqualValues(t, 3, updates.Load())
}

func TestFiltersKeywordsAndStatuses(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	// The filter id is literal: {id}/keywords and keywords/{id} would
	// overlap in the mux.
	mux.HandleFunc("GET /api/v2/filters/25933/keywords", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_filters_keywords-get_200_01.json"))
	})
	var adds atomic.Int32
	mux.HandleFunc("POST /api/v2/filters/25933/keywords", func(w http.ResponseWriter, r *http.Request) {
		if adds.Add(1) == 1 {
			testJSONBody(t, r, `{"keyword":"some"}`)
		} else {
			testJSONBody(t, r, `{"keyword":"some","whole_word":false}`)
		}
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_keywords-create_200_01.json"))
	})
	mux.HandleFunc("GET /api/v2/filters/keywords/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "34979", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_keywords-get-one_200_01.json"))
	})
	mux.HandleFunc("PUT /api/v2/filters/keywords/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "35583", r.PathValue("id"))
		testJSONBody(t, r, `{"keyword":"other","whole_word":true}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_keywords-update_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v2/filters/keywords/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "35583", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_keywords-delete_200_01.json"))
	})
	mux.HandleFunc("GET /api/v2/filters/25933/statuses", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_filters_statuses-get_200_01.json"))
	})
	mux.HandleFunc("POST /api/v2/filters/25933/statuses", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"status_id":"109416512469928632"}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_statuses-add_200_01.json"))
	})
	mux.HandleFunc("GET /api/v2/filters/statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "897", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_statuses-get-one_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v2/filters/statuses/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "897", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_statuses-remove_200_01.json"))
	})
	ctx := t.Context()

	kws, _, err := c.Filters.Keywords(ctx, "25933")
	require.NoError(t, err)
	require.Len(t, kws, 1)
	assert.Equal(t, FilterKeyword{ID: "34979", Keyword: "baz", WholeWord: true}, *kws[0])

	kw, _, err := c.Filters.AddKeyword(ctx, "25933", "some", nil)
	require.NoError(t, err)
	assert.Equal(t, FilterKeyword{ID: "35583", Keyword: "some"}, *kw)
	_, _, err = c.Filters.AddKeyword(ctx, "25933", "some", &FilterKeywordOptions{})
	require.NoError(t, err)

	kw, _, err = c.Filters.GetKeyword(ctx, "34979")
	require.NoError(t, err)
	assert.Equal(t, "baz", kw.Keyword)

	kw, _, err = c.Filters.UpdateKeyword(ctx, "35583", "other", &FilterKeywordOptions{WholeWord: true})
	require.NoError(t, err)
	assert.Equal(t, "other", kw.Keyword)

	_, err = c.Filters.DeleteKeyword(ctx, "35583")
	require.NoError(t, err)

	fss, _, err := c.Filters.Statuses(ctx, "25933")
	require.NoError(t, err)
	require.Len(t, fss, 1)
	assert.Equal(t, FilterStatus{ID: "897", StatusID: "109416512469928632"}, *fss[0])

	fs, _, err := c.Filters.AddStatus(ctx, "25933", "109416512469928632")
	require.NoError(t, err)
	assert.Equal(t, ID("897"), fs.ID)

	fs, _, err = c.Filters.GetStatus(ctx, "897")
	require.NoError(t, err)
	assert.Equal(t, ID("109416512469928632"), fs.StatusID)

	_, err = c.Filters.RemoveStatus(ctx, "897")
	require.NoError(t, err)
}

func TestFiltersV1(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/filters", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/partial/method_filters_get-v1_200_01.json"))
	})
	mux.HandleFunc("GET /api/v1/filters/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "8449", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_get-one-v1_200_01.json"))
	})
	mux.HandleFunc("POST /api/v1/filters", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"phrase":"test","context":["home","notifications","public","thread"],
			"irreversible":true,"whole_word":false,"expires_in":3600}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_create-v1_200_01.json"))
	})
	mux.HandleFunc("PUT /api/v1/filters/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "8449", r.PathValue("id"))
		testJSONBody(t, r, `{"phrase":"test","context":["home","notifications","public","thread"],
			"irreversible":true,"whole_word":false,"expires_in":null}`)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_update-v1_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/filters/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "8449", r.PathValue("id"))
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_filters_delete-v1_200_01.json"))
	})
	ctx := t.Context()
	all := []FilterContext{FilterHome, FilterNotifications, FilterPublic, FilterThread}

	filters, _, err := c.Filters.ListV1(ctx)
	require.NoError(t, err)
	require.Len(t, filters, 2)
	assert.Equal(t, ":eurovision2019:", filters[0].Phrase)
	require.NotNil(t, filters[0].ExpiresAt)
	assert.Equal(t, time.Date(2019, 5, 21, 13, 47, 31, 333e6, time.UTC), filters[0].ExpiresAt.UTC())
	assert.True(t, filters[1].Irreversible)

	f, _, err := c.Filters.GetV1(ctx, "8449")
	require.NoError(t, err)
	assert.Equal(t, all, f.Context)

	f, _, err = c.Filters.CreateV1(ctx, "test", all, &FilterV1Options{Irreversible: true, ExpiresIn: time.Hour})
	require.NoError(t, err)
	assert.Equal(t, ID("8449"), f.ID)

	f, _, err = c.Filters.UpdateV1(ctx, "8449", "test", all, &FilterV1Options{Irreversible: true})
	require.NoError(t, err)
	assert.Nil(t, f.ExpiresAt)

	_, err = c.Filters.DeleteV1(ctx, "8449")
	require.NoError(t, err)
}

func TestFiltersErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var calls atomic.Int32
	notFound := func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_filters_get-one_404_01.json"))
	}
	mux.HandleFunc("GET /api/v2/filters/{id}", notFound)
	mux.HandleFunc("GET /api/v2/filters/keywords/{id}", notFound)
	mux.HandleFunc("DELETE /api/v2/filters/statuses/{id}", notFound)
	mux.HandleFunc("GET /api/v1/filters/{id}", notFound)
	var creates atomic.Int32
	mux.HandleFunc("POST /api/v2/filters", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if creates.Add(1) == 1 {
			serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_filters_create_422_01.json"))
			return
		}
		// A keyword ID on Create.
		serveJSON(w, http.StatusNotFound, corpus(t, "docs/method_filters_create_404_01.json"))
	})
	mux.HandleFunc("POST /api/v2/filters/{id}/keywords", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_filters_keywords-create_422_01.json"))
	})
	mux.HandleFunc("POST /api/v1/filters", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_filters_create-v1_422_02.json"))
	})
	ctx := t.Context()

	_, _, err := c.Filters.Get(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported, "Record not found is about the filter, not the endpoint")
	_, _, err = c.Filters.GetKeyword(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.Filters.RemoveStatus(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Filters.GetV1(ctx, "1")
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Filters.Create(ctx, "t", []FilterContext{"nowhere"}, nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, _, err = c.Filters.Create(ctx, "t", []FilterContext{FilterHome}, &FilterCreateOptions{Keywords: []FilterKeywordChange{{ID: "1", Keyword: "x"}}})
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Filters.AddKeyword(ctx, "1", " ", nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	_, _, err = c.Filters.CreateV1(ctx, "x", []FilterContext{"nowhere"}, nil)
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.EqualValues(t, 8, calls.Load())

	// Invalid input: no request.
	_, _, err = c.Filters.Get(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Filters.Update(ctx, "..", nil)
	assert.Error(t, err)
	_, _, err = c.Filters.Update(ctx, "1", &FilterUpdateOptions{ExpiresIn: time.Hour, RemoveExpiry: true})
	assert.Error(t, err)
	_, err = c.Filters.Delete(ctx, ".")
	assert.Error(t, err)
	_, _, err = c.Filters.Create(ctx, "", []FilterContext{FilterHome}, nil)
	assert.Error(t, err)
	_, _, err = c.Filters.Create(ctx, "t", nil, nil)
	assert.Error(t, err)
	_, _, err = c.Filters.Keywords(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Filters.AddKeyword(ctx, "1", "", nil)
	assert.Error(t, err)
	_, _, err = c.Filters.AddKeyword(ctx, "..", "x", nil)
	assert.Error(t, err)
	_, _, err = c.Filters.UpdateKeyword(ctx, "", "x", nil)
	assert.Error(t, err)
	_, _, err = c.Filters.UpdateKeyword(ctx, "1", "", nil)
	assert.Error(t, err)
	_, err = c.Filters.DeleteKeyword(ctx, "..")
	assert.Error(t, err)
	_, _, err = c.Filters.Statuses(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Filters.AddStatus(ctx, "1", "")
	assert.Error(t, err)
	_, _, err = c.Filters.GetStatus(ctx, "")
	assert.Error(t, err)
	_, err = c.Filters.RemoveStatus(ctx, "")
	assert.Error(t, err)
	_, _, err = c.Filters.CreateV1(ctx, "", []FilterContext{FilterHome}, nil)
	assert.Error(t, err)
	_, _, err = c.Filters.UpdateV1(ctx, "1", "x", nil, nil)
	assert.Error(t, err)
	_, _, err = c.Filters.UpdateV1(ctx, "", "x", []FilterContext{FilterHome}, nil)
	assert.Error(t, err)
	_, err = c.Filters.DeleteV1(ctx, "")
	assert.Error(t, err)
	assert.EqualValues(t, 8, calls.Load(), "no request for invalid input")
}

// TestFiltersNotSupported: a server without the v2 API (Mastodon before
// 4.0, Pleroma) answers 404 for the route itself.
func TestFiltersNotSupported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("/api/v2/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	mux.HandleFunc("GET /api/v1/filters", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, `[]`)
	})
	ctx := t.Context()

	_, _, err := c.Filters.List(ctx)
	var nse *NotSupportedError
	require.ErrorAs(t, err, &nse)
	assert.Equal(t, "GET /api/v2/filters", nse.Feature)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Filters.Get(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Filters.Create(ctx, "t", []FilterContext{FilterHome}, nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Filters.Update(ctx, "1", nil)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.Filters.Delete(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Filters.Keywords(ctx, "1")
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Filters.AddStatus(ctx, "1", "2")
	assert.ErrorIs(t, err, ErrNotSupported)

	filters, _, err := c.Filters.ListV1(ctx)
	require.NoError(t, err, "the v1 API is there")
	assert.Empty(t, filters)
}
