package mastodon

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProfileGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/profile", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_profile_get-current-user-profile_200_01.json"))
	})
	p, _, err := c.Profile.Get(t.Context())
	require.NoError(t, err)
	assert.Equal(t, ID("116222600881276277"), p.ID)
	assert.Equal(t, "I'm only here as an example for documentation", p.Note, "the bio as typed")
	require.Len(t, p.Fields, 1)
	assert.Equal(t, "it/its", p.Fields[0].Value)
	assert.Empty(t, p.Avatar)
	assert.Nil(t, p.HideCollections)
	require.NotNil(t, p.Discoverable)
	assert.True(t, *p.Discoverable)
	assert.True(t, p.ShowFeatured)
	assert.Equal(t, []string{"articles.example.com"}, p.AttributionDomains)
	require.Len(t, p.FeaturedTags, 1)
	assert.Equal(t, "foo", p.FeaturedTags[0].Name)
}

func TestProfileUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PATCH /api/v1/profile", func(w http.ResponseWriter, r *http.Request) {
		mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		require.NoError(t, err)
		assert.Equal(t, "multipart/form-data", mediaType)
		require.NoError(t, r.ParseMultipartForm(1<<20))
		if r.MultipartForm.Value["note"] != nil && r.MultipartForm.Value["note"][0] == "too long" {
			serveJSON(w, http.StatusUnprocessableEntity, corpus(t, "docs/method_profile_update-current-user-profile_422_01.json"))
			return
		}
		assert.Equal(t, url.Values{
			"display_name":                {"Documentation user"},
			"avatar_description":          {"a cat"},
			"header_description":          {""},
			"bot":                         {"true"},
			"discoverable":                {"false"},
			"show_media":                  {"true"},
			"show_media_replies":          {"false"},
			"show_featured":               {"true"},
			"attribution_domains[]":       {"articles.example.com", "blog.example"},
			"fields_attributes[0][name]":  {"pronouns"},
			"fields_attributes[0][value]": {"it/its"},
		}, url.Values(r.MultipartForm.Value))
		require.Len(t, r.MultipartForm.File["avatar"], 1)
		fh := r.MultipartForm.File["avatar"][0]
		assert.Equal(t, "cat.png", fh.Filename)
		assert.Equal(t, "image/png", fh.Header.Get("Content-Type"))
		f, err := fh.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(f)
		require.NoError(t, err)
		assert.Equal(t, "png bytes", string(b))
		assert.Empty(t, r.MultipartForm.File["header"])
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_profile_get-current-user-profile_200_01.json"))
	})
	yes, no := true, false
	name, alt, empty := "Documentation user", "a cat", ""
	p, _, err := c.Profile.Update(t.Context(), &ProfileUpdate{
		DisplayName:        &name,
		Avatar:             &ProfileImage{Content: strings.NewReader("png bytes"), Filename: "cat.png"},
		AvatarDescription:  &alt,
		HeaderDescription:  &empty,
		Bot:                &yes,
		Discoverable:       &no,
		ShowMedia:          &yes,
		ShowMediaReplies:   &no,
		ShowFeatured:       &yes,
		AttributionDomains: []string{"articles.example.com", "blog.example"},
		FieldsAttributes:   []FieldAttribute{{"pronouns", "it/its"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "Documentation user", p.DisplayName)

	tooLong := "too long"
	_, _, err = c.Profile.Update(t.Context(), &ProfileUpdate{Note: &tooLong})
	assert.ErrorIs(t, err, ErrUnprocessable)
	assert.NotErrorIs(t, err, ErrNotSupported)

	_, _, err = c.Profile.Update(t.Context(), nil)
	assert.Error(t, err, "nothing to change")
	_, _, err = c.Profile.Update(t.Context(), &ProfileUpdate{Header: &ProfileImage{}})
	assert.Error(t, err, "an image without content")
}

// Empty, non-nil lists clear the fields and the attribution domains;
// nil fields are not sent.
func TestProfileUpdateClears(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("PATCH /api/v1/profile", func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		assert.Equal(t, url.Values{
			"attribution_domains[]":       {""},
			"fields_attributes[0][name]":  {""},
			"fields_attributes[0][value]": {""},
		}, url.Values(r.MultipartForm.Value))
		assert.Empty(t, r.MultipartForm.File)
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_profile_get-current-user-profile_200_01.json"))
	})
	_, _, err := c.Profile.Update(t.Context(), &ProfileUpdate{AttributionDomains: []string{}, FieldsAttributes: []FieldAttribute{}})
	require.NoError(t, err)
}

func TestProfileDeletePictures(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/profile/avatar", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_profile_delete-profile-avatar_200_01.json"))
	})
	mux.HandleFunc("DELETE /api/v1/profile/header", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusOK, corpus(t, "docs/method_profile_delete-profile-header_200_01.json"))
	})
	a, _, err := c.Profile.DeleteAvatar(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "http://localhost:3000/avatars/original/missing.png", a.Avatar)
	require.NotNil(t, a.Source, "the account comes with its source")
	a, _, err = c.Profile.DeleteHeader(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "http://localhost:3000/headers/original/missing.png", a.Header)
}

// Servers before Mastodon 4.6 lack GET and PATCH /api/v1/profile (and
// those before 4.2 the deletions).
func TestProfileNotSupported(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusNotFound, `{"error":"Not Found"}`)
	})
	ctx := t.Context()
	var ns *NotSupportedError
	_, _, err := c.Profile.Get(ctx)
	require.ErrorAs(t, err, &ns)
	assert.Equal(t, "GET /api/v1/profile", ns.Feature)
	bot := true
	_, _, err = c.Profile.Update(ctx, &ProfileUpdate{Bot: &bot})
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Profile.DeleteAvatar(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)
	_, _, err = c.Profile.DeleteHeader(ctx)
	assert.ErrorIs(t, err, ErrNotSupported)

	// Other failures stay as they are.
	c2, mux2 := setup(t, nil)
	mux2.HandleFunc("GET /api/v1/profile", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, http.StatusUnauthorized, corpus(t, "docs/method_profile_401-unauthorized_01.json"))
	})
	_, _, err = c2.Profile.Get(ctx)
	assert.ErrorIs(t, err, ErrUnauthorized)
}
