package peertube

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/internal/paginate"
)

func TestVideosList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{
			"start": {"10"}, "count": {"5"}, "sort": {"-publishedAt"},
			"categoryOneOf": {"15", "2"}, "licenceOneOf": {"1"}, "languageOneOf": {"en", "fr"},
			"tagsOneOf": {"a", "b"}, "tagsAllOf": {"c"}, "privacyOneOf": {"1", "3"}, "autoTagOneOf": {"spam"},
			"isLive": {"false"}, "isLocal": {"true"}, "nsfw": {"both"}, "hasHLSFiles": {"true"},
			"hasWebVideoFiles": {"false"}, "excludeAlreadyWatched": {"true"}, "include": {"9"}, "skipCount": {"true"},
		})
		serveJSON(w, 200, corpus(t, "openapi/video-list.json"))
	})
	videos, resp, err := c.Videos.List(t.Context(), &VideoListOptions{
		ListOptions:   ListOptions{Start: 10, Count: 5, Sort: "-publishedAt"},
		CategoryOneOf: []int{15, 2}, LicenceOneOf: []int{1}, LanguageOneOf: []string{"en", "fr"},
		TagsOneOf: []string{"a", "b"}, TagsAllOf: []string{"c"}, PrivacyOneOf: []Privacy{PrivacyPublic, PrivacyPrivate},
		AutoTagOneOf: []string{"spam"},
		IsLive:       Ptr(false), IsLocal: Ptr(true), NSFW: "both", HasHLSFiles: Ptr(true), HasWebVideoFiles: Ptr(false),
		ExcludeAlreadyWatched: Ptr(true), Include: IncludeNotPublishedState | IncludeFiles, SkipCount: true,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, videos, 1)
	v := videos[0]
	assert.EqualValues(t, 42, v.ID)
	assert.Equal(t, "9c9de5e8-0a1e-484a-b099-e80766180a6d", v.UUID)
	assert.Equal(t, "What is PeerTube?", v.Name)
	assert.Equal(t, Constant[int]{ID: 15, Label: "Science & Technology"}, v.Category)
	assert.Equal(t, 1419, v.Duration)
}

// The whole answer of the spec's examples decodes, the details too.
func TestVideosGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", r.PathValue("id"))
		assert.Equal(t, "s3cret", r.Header.Get("x-peertube-video-password"))
		serveJSON(w, 200, corpus(t, "openapi/video-details.json"))
	})
	v, _, err := c.Videos.Get(t.Context(), "2y84q2MQUMWPbiEcxNXMgC", &VideoAccessOptions{Password: "s3cret"})
	require.NoError(t, err)
	assert.EqualValues(t, 42, v.ID)
	assert.Equal(t, "2y84q2MQUMWPbiEcxNXMgC", v.ShortUUID)
	assert.Equal(t, time.Date(2017, 10, 1, 10, 52, 46, 396000000, time.UTC), v.CreatedAt)
	assert.Equal(t, time.Date(2018, 10, 1, 10, 52, 46, 396000000, time.UTC), v.PublishedAt)
	require.NotNil(t, v.OriginallyPublishedAt)
	assert.Equal(t, 2010, v.OriginallyPublishedAt.Year())
	assert.Equal(t, Constant[int]{ID: 2, Label: "Attribution - Share Alike"}, v.Licence)
	assert.Equal(t, Constant[string]{ID: "en", Label: "English"}, v.Language)
	assert.Equal(t, PrivacyPublic, v.Privacy.ID)
	assert.Equal(t, StatePublished, v.State.ID)
	assert.InDelta(t, 1.778, v.AspectRatio, 1e-9)
	assert.Equal(t, "/videos/embed/a65bc12f-9383-462e-81ae-8207e8b434ee", v.EmbedPath)
	assert.EqualValues(t, 1337, v.Views)
	assert.EqualValues(t, 42, v.Likes)
	assert.EqualValues(t, 7, v.Dislikes)
	require.NotNil(t, v.ScheduledUpdate)
	assert.Equal(t, PrivacyPublic, v.ScheduledUpdate.Privacy)
	assert.Equal(t, "chocobozzz", v.Account.Name)
	assert.Equal(t, "Videos of Framasoft", v.Channel.DisplayName)
	assert.Equal(t, []string{"flowers", "gardening"}, v.Tags)
	assert.Equal(t, CommentsEnabled, v.CommentsPolicy.ID)
	assert.Equal(t, "Please support our work on https://soutenir.framasoft.org/en/ <3", v.Support)
	assert.Contains(t, v.Description, "Take back the control of your videos!")
	assert.Len(t, v.TrackerURLs, 2)
	require.Len(t, v.Files, 1)
	assert.Equal(t, Constant[int]{ID: 240, Label: "240p"}, v.Files[0].Resolution)
	require.Len(t, v.StreamingPlaylists, 1)
	assert.Equal(t, 1, v.StreamingPlaylists[0].Type)
	assert.Len(t, v.StreamingPlaylists[0].Files, 1)
}

// A video of the spec's Video schema, and one with almost nothing.
func TestVideoDecoding(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"total":3,"data":[`+corpus(t, "openapi/video.json")+`,{"id":7},{"id":8,"category":{"id":null,"label":"Unknown"},"originallyPublishedAt":null,"scheduledUpdate":null,"language":{"id":null,"label":"Unknown"}}]}`)
	})
	videos, _, err := c.Videos.List(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, videos, 3)
	assert.Equal(t, "What is PeerTube?", videos[0].Name)
	assert.EqualValues(t, 7, videos[1].ID)
	assert.Nil(t, videos[1].OriginallyPublishedAt)
	assert.Zero(t, videos[2].Category.ID)
	assert.Equal(t, "Unknown", videos[2].Category.Label)
	assert.Nil(t, videos[2].ScheduledUpdate)
}

func TestVideosListErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos", func(w http.ResponseWriter, r *http.Request) {
		// As PeerTube answers a user who is not a moderator.
		serveJSON(w, 401, `{"type":"about:blank","title":"Unauthorized","status":401,"detail":"You are not allowed to see all videos, specify a custom include, auto tags or state filter"}`)
	})
	_, resp, err := c.Videos.List(t.Context(), &VideoListOptions{Include: IncludeBlacklisted})
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, 401, resp.StatusCode)

	var errs []error
	for v, err := range c.Videos.ListAll(t.Context(), nil) {
		assert.Nil(t, v)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUnauthorized)
}

// pagedVideos serves total videos, with ids from 1, by start and count;
// it leaves the total out when skipCount is set.
func pagedVideos(t *testing.T, mux *http.ServeMux, total int) *[]string {
	var asked []string
	mux.HandleFunc("GET /api/v1/videos", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		asked = append(asked, q.Get("start")+"/"+q.Get("count"))
		start, _ := strconv.Atoi(q.Get("start"))
		count, _ := strconv.Atoi(q.Get("count"))
		var items []string
		for id := start + 1; id <= min(start+count, total); id++ {
			items = append(items, `{"id":`+strconv.Itoa(id)+`}`)
		}
		body := `"data":[` + strings.Join(items, ",") + `]`
		if q.Get("skipCount") != "true" {
			body = `"total":` + strconv.Itoa(total) + `,` + body
		}
		serveJSON(w, 200, "{"+body+"}")
	})
	return &asked
}

func ids(t *testing.T, seq func(func(*Video, error) bool)) []int64 {
	t.Helper()
	var out []int64
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v.ID)
	}
	return out
}

func TestVideosListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	asked := pagedVideos(t, mux, 5)
	opts := &VideoListOptions{ListOptions: ListOptions{Count: 2}}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids(t, c.Videos.ListAll(t.Context(), opts)))
	assert.Equal(t, []string{"/2", "2/2", "4/2"}, *asked, "stops at the total, without asking for an empty page")
	assert.Zero(t, opts.Start, "the caller's options are not changed")

	*asked = nil
	assert.Equal(t, []int64{4, 5}, ids(t, c.Videos.ListAll(t.Context(), &VideoListOptions{ListOptions: ListOptions{Start: 3}})))
	assert.Equal(t, []string{"3/100"}, *asked, "100 a page when Count is zero")

	*asked = nil
	opts = &VideoListOptions{ListOptions: ListOptions{Count: 2}, SkipCount: true}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids(t, c.Videos.ListAll(t.Context(), opts)))
	assert.Equal(t, []string{"/2", "2/2", "4/2", "5/2"}, *asked, "without a total, until an empty page")

	*asked = nil
	for v, err := range c.Videos.ListAll(t.Context(), &VideoListOptions{ListOptions: ListOptions{Count: 2}}) {
		require.NoError(t, err)
		if v.ID == 1 {
			break
		}
	}
	assert.Equal(t, []string{"/2"}, *asked, "a break stops the walk")
}

func TestVideosListAllError(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, &Options{MaxRetries: -1})
	var n atomic.Int32
	mux.HandleFunc("GET /api/v1/videos", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 {
			serveJSON(w, 500, `{"status":500}`)
			return
		}
		serveJSON(w, 200, `{"total":10,"data":[{"id":1},{"id":2}]}`)
	})
	var got []int64
	var errs []error
	for v, err := range c.Videos.ListAll(t.Context(), &VideoListOptions{ListOptions: ListOptions{Count: 2}}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v.ID)
	}
	assert.Equal(t, []int64{1, 2}, got)
	require.Len(t, errs, 1, "an error is yielded once")
	assert.ErrorIs(t, errs[0], ErrServer)
}

func TestVideosListAllStopsAtMaxPages(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	// A server that always announces more.
	mux.HandleFunc("GET /api/v1/videos", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"total":1000000,"data":[{"id":1}]}`)
	})
	var err error
	n := 0
	for _, e := range c.Videos.ListAll(t.Context(), &VideoListOptions{ListOptions: ListOptions{Count: 1}}) {
		if e != nil {
			err = e
			break
		}
		n++
	}
	assert.ErrorIs(t, err, paginate.ErrTooManyPages)
	assert.Equal(t, maxListPages, n)
}

func TestVideoIDs(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request for a refused id: %s %s", r.Method, r.URL)
	})
	mux.HandleFunc("GET /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/videos/a%2Fb%3F", r.URL.EscapedPath())
		serveJSON(w, 200, `{"id":1}`)
	})
	_, _, err := c.Videos.Get(t.Context(), "a/b?", nil)
	require.NoError(t, err, "the id is one escaped path segment")

	for _, id := range []string{"", ".", ".."} {
		_, _, err := c.Videos.Get(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, err = c.Videos.Update(t.Context(), id, &VideoUpdate{})
		assert.Error(t, err, id)
		_, err = c.Videos.Delete(t.Context(), id)
		assert.Error(t, err, id)
		_, _, err = c.Videos.Description(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, _, err = c.Videos.Source(t.Context(), id)
		assert.Error(t, err, id)
		_, err = c.Videos.AddView(t.Context(), id, nil)
		assert.Error(t, err, id)
		_, err = c.Videos.Rate(t.Context(), id, RatingLike, nil)
		assert.Error(t, err, id)
	}
}

func TestVideosGetErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "not-a-valid-id":
			serveCapture(t, w, "400-validation.json")
		case "protected":
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Please provide a password to access this password protected video","code":"video_requires_password"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	_, _, err := c.Videos.Get(t.Context(), "not-a-valid-id", nil)
	assert.ErrorIs(t, err, ErrBadRequest)
	_, _, err = c.Videos.Get(t.Context(), "9c9de5e8-0a1e-484a-b099-e80766180a6d", nil)
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.Videos.Get(t.Context(), "protected", nil)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, "video_requires_password", er.Code)
}

func TestVideosUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	when := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	mux.HandleFunc("PUT /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.PathValue("id"))
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		require.NoError(t, r.ParseMultipartForm(1<<20))
		assert.Equal(t, url.Values{
			"name":                     {"New name"},
			"description":              {"null"},
			"support":                  {"Thanks"},
			"category":                 {"15"},
			"licence":                  {"null"},
			"language":                 {"fr"},
			"privacy":                  {"2"},
			"tags[0]":                  {"gardening"},
			"tags[1]":                  {"flowers"},
			"nsfw":                     {"false"},
			"commentsPolicy":           {"3"},
			"downloadEnabled":          {"true"},
			"waitTranscoding":          {"true"},
			"channelId":                {"7"},
			"originallyPublishedAt":    {"2010-10-01T10:52:46Z"},
			"scheduleUpdate[updateAt]": {"2026-12-01T08:00:00Z"},
			"scheduleUpdate[privacy]":  {"1"},
			"videoPasswords[0]":        {"one"},
			"videoPasswords[1]":        {"two"},
		}, url.Values(r.MultipartForm.Value))
		thumb := r.MultipartForm.File["thumbnailfile"]
		require.Len(t, thumb, 1)
		assert.Equal(t, `thumb "1".png`, thumb[0].Filename)
		assert.Equal(t, "image/png", thumb[0].Header.Get("Content-Type"))
		f, err := thumb[0].Open()
		require.NoError(t, err)
		b, _ := io.ReadAll(f)
		assert.Equal(t, "PNG", string(b))
		preview := r.MultipartForm.File["previewfile"]
		require.Len(t, preview, 1)
		assert.Equal(t, "previewfile.jpg", preview[0].Filename)
		assert.Equal(t, "image/jpeg", preview[0].Header.Get("Content-Type"))
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Videos.Update(t.Context(), "42", &VideoUpdate{
		Name: Ptr("New name"), Description: Ptr(""), Support: Ptr("Thanks"),
		Category: Ptr(15), Licence: Ptr(0), Language: Ptr("fr"), Privacy: Ptr(PrivacyUnlisted),
		Tags: []string{"gardening", "flowers"}, NSFW: Ptr(false), CommentsPolicy: Ptr(CommentsRequiresApproval),
		DownloadEnabled: Ptr(true), WaitTranscoding: Ptr(true), ChannelID: Ptr[int64](7),
		OriginallyPublishedAt: Ptr(time.Date(2010, 10, 1, 10, 52, 46, 0, time.UTC)),
		ScheduleUpdate:        &ScheduledUpdate{UpdateAt: when, Privacy: PrivacyPublic},
		VideoPasswords:        []string{"one", "two"},
		Thumbnail:             &ImageFile{Name: `thumb "1".png`, Content: strings.NewReader("PNG")},
		Preview:               &ImageFile{Content: strings.NewReader("JPG")},
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

func TestVideosUpdateClears(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("PUT /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseMultipartForm(1<<20))
		if n.Add(1) == 1 {
			assert.Equal(t, url.Values{
				"tags": {"null"}, "language": {"null"}, "category": {"null"}, "support": {"null"},
				"originallyPublishedAt": {"null"}, "scheduleUpdate": {"null"},
			}, url.Values(r.MultipartForm.Value))
		} else {
			assert.Empty(t, r.MultipartForm.Value, "nothing set, nothing sent")
		}
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Videos.Update(t.Context(), "42", &VideoUpdate{
		Tags: []string{}, Language: Ptr(""), Category: Ptr(0), Support: Ptr(""),
		OriginallyPublishedAt: &time.Time{}, ScheduleUpdate: &ScheduledUpdate{},
	})
	require.NoError(t, err)
	_, err = c.Videos.Update(t.Context(), "42", nil)
	require.NoError(t, err)
}

func TestVideosUpdateErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	mux.HandleFunc("PUT /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			// A retry sends the whole form again.
			serveJSON(w, 502, `{}`)
			return
		}
		require.NoError(t, r.ParseMultipartForm(1<<20))
		assert.Equal(t, []string{"x"}, r.MultipartForm.Value["name"])
		serveJSON(w, 400, `{"status":400,"detail":"Incorrect request parameters: name","invalid-params":{"name":{"location":"body","msg":"Should have a valid name","path":"name","value":"x","type":"field"}}}`)
	})
	resp, err := c.Videos.Update(t.Context(), "42", &VideoUpdate{Name: Ptr("x")})
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, 2, resp.Attempts, "a PUT is retried")
	assert.Contains(t, err.Error(), "name: Should have a valid name")

	_, err = c.Videos.Update(t.Context(), "42", &VideoUpdate{Thumbnail: &ImageFile{Name: "t.jpg"}})
	assert.ErrorContains(t, err, "thumbnailfile has no content")
	_, err = c.Videos.Update(t.Context(), "42", &VideoUpdate{Preview: &ImageFile{Content: iotestErrReader{}}})
	assert.ErrorContains(t, err, "reading previewfile")
	assert.EqualValues(t, 2, n.Load(), "no request for an update that cannot be encoded")
}

// iotestErrReader fails every read.
type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestVideosDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/videos/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "gone" {
			serveCapture(t, w, "404-video-not-found.json")
			return
		}
		assert.Equal(t, "42", r.PathValue("id"))
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Videos.Delete(t.Context(), "42")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Videos.Delete(t.Context(), "gone")
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosDescription(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/description", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "object":
			assert.Equal(t, "pw", r.Header.Get("x-peertube-video-password"))
			serveJSON(w, 200, `{"description":"**Full** text"}`)
		case "string":
			serveJSON(w, 200, `"**Full** text"`)
		case "null":
			serveJSON(w, 200, `{"description":null}`)
		case "bare-null":
			serveJSON(w, 200, `null`)
		case "bad":
			serveJSON(w, 200, `[1]`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
		}
	})
	d, _, err := c.Videos.Description(t.Context(), "object", &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	assert.Equal(t, "**Full** text", d)
	d, _, err = c.Videos.Description(t.Context(), "string", nil)
	require.NoError(t, err)
	assert.Equal(t, "**Full** text", d)
	for _, id := range []string{"null", "bare-null"} {
		d, _, err = c.Videos.Description(t.Context(), id, nil)
		require.NoError(t, err, id)
		assert.Empty(t, d, id)
	}
	_, _, err = c.Videos.Description(t.Context(), "bad", nil)
	assert.ErrorContains(t, err, "decoding the answer")
	_, _, err = c.Videos.Description(t.Context(), "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosSource(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/videos/{id}/source", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "other" {
			serveJSON(w, 403, `{"status":403,"title":"Forbidden","detail":"Cannot get this video source"}`)
			return
		}
		serveJSON(w, 200, `{"inputFilename":"garden.mp4","fileDownloadUrl":"https://videos.example/download/original-video-files/x.mp4","size":123456,"fps":25,"width":1280,"height":720,"createdAt":"2026-11-25T10:00:00.000Z",`+
			strings.TrimPrefix(corpus(t, "openapi/video-source.json"), "{"))
	})
	src, _, err := c.Videos.Source(t.Context(), "42")
	require.NoError(t, err)
	assert.Equal(t, "garden.mp4", src.InputFilename)
	assert.Equal(t, Constant[int]{ID: 240, Label: "240p"}, src.Resolution)
	assert.EqualValues(t, 123456, src.Size)
	assert.Equal(t, 720, src.Height)
	_, _, err = c.Videos.Source(t.Context(), "other")
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestVideosAddView(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/videos/{id}/views", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "start":
			testJSONBody(t, r, `{"currentTime":0}`)
		case "seek":
			testJSONBody(t, r, `{"currentTime":95,"viewEvent":"seek","sessionId":"s-1"}`)
		default:
			serveCapture(t, w, "404-video-not-found.json")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Videos.AddView(t.Context(), "start", nil)
	require.NoError(t, err)
	_, err = c.Videos.AddView(t.Context(), "seek", &VideoView{CurrentTime: 95, ViewEvent: "seek", SessionID: "s-1"})
	require.NoError(t, err)
	_, err = c.Videos.AddView(t.Context(), "missing", nil)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestVideosRate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var got []string
	mux.HandleFunc("PUT /api/v1/videos/{id}/rate", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "missing" {
			serveCapture(t, w, "404-video-not-found.json")
			return
		}
		assert.Equal(t, "42", r.PathValue("id"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		var body struct{ Rating string }
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		got = append(got, body.Rating+"/"+r.Header.Get("x-peertube-video-password"))
		w.WriteHeader(http.StatusNoContent)
	})
	for _, rating := range []Rating{RatingLike, RatingDislike, RatingNone} {
		resp, err := c.Videos.Rate(t.Context(), "42", rating, nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	}
	_, err := c.Videos.Rate(t.Context(), "42", RatingLike, &VideoAccessOptions{Password: "pw"})
	require.NoError(t, err)
	assert.Equal(t, []string{"like/", "dislike/", "none/", "like/pw"}, got)

	_, err = c.Videos.Rate(t.Context(), "missing", RatingLike, nil)
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.Videos.Rate(t.Context(), "42", "love", nil)
	assert.ErrorContains(t, err, `rating "love"`)
	assert.Len(t, got, 4, "no request for an unknown rating")
}
