package peertube

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refuseAll fails the test on any request the mux has no other handler
// for: a method given an invalid argument must not send one.
func refuseAll(t *testing.T, mux *http.ServeMux) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request expected: %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	})
}

// imagePart checks that the request is a multipart form holding only
// the image field, and returns its file name, content type and content.
func imagePart(t *testing.T, r *http.Request, field string) (name, contentType, content string) {
	t.Helper()
	assert.True(t, strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data; boundary="))
	require.NoError(t, r.ParseMultipartForm(1<<20))
	assert.Empty(t, r.MultipartForm.Value)
	require.Len(t, r.MultipartForm.File, 1)
	files := r.MultipartForm.File[field]
	require.Len(t, files, 1)
	f, err := files[0].Open()
	require.NoError(t, err)
	defer f.Close()
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return files[0].Filename, files[0].Header.Get("Content-Type"), string(b)
}

// pagedList serves total entries {"id": n}, from 1, by start and count,
// at pattern, and records the start/count of each request.
func pagedList(t *testing.T, mux *http.ServeMux, pattern string, total int) *[]string {
	var asked []string
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		asked = append(asked, q.Get("start")+"/"+q.Get("count"))
		start, _ := strconv.Atoi(q.Get("start"))
		count, _ := strconv.Atoi(q.Get("count"))
		var items []string
		for id := start + 1; id <= min(start+count, total); id++ {
			items = append(items, `{"id":`+strconv.Itoa(id)+`}`)
		}
		serveJSON(w, 200, `{"total":`+strconv.Itoa(total)+`,"data":[`+strings.Join(items, ",")+`]}`)
	})
	return &asked
}

// collectIDs walks an iterator and returns the ids of its entries.
func collectIDs[T any](t *testing.T, seq func(func(T, error) bool), id func(T) int64) []int64 {
	t.Helper()
	var out []int64
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, id(v))
	}
	return out
}

func TestChannelsList(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels", func(w http.ResponseWriter, r *http.Request) {
		testFormValues(t, r, url.Values{"start": {"5"}, "count": {"10"}, "sort": {"-createdAt"}})
		serveJSON(w, 200, corpus(t, "openapi/channel-list.json"))
	})
	channels, resp, err := c.Channels.List(t.Context(), &ListOptions{Start: 5, Count: 10, Sort: "-createdAt"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, channels, 1)
	ch := channels[0]
	assert.EqualValues(t, 42, ch.ID)
	assert.Equal(t, "Videos of Framasoft", ch.DisplayName)
	assert.Equal(t, "Videos made with <3 by Framasoft", ch.Description)
	assert.Equal(t, "Please support our work on https://soutenir.framasoft.org/en/ <3", ch.Support)
	require.NotNil(t, ch.OwnerAccount)
	assert.Equal(t, "chocobozzz", ch.OwnerAccount.Name)
	require.NotNil(t, ch.OwnerAccount.UserID)
	assert.EqualValues(t, 42, *ch.OwnerAccount.UserID)
}

func TestChannelsListAll(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/video-channels", 3)
	got := collectIDs(t, c.Channels.ListAll(t.Context(), &ListOptions{Count: 2}), func(ch *Channel) int64 { return ch.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestChannelsGet(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels/{handle}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("handle") {
		case "framasoft_videos@framatube.org":
			serveJSON(w, 200, corpus(t, "openapi/channel.json"))
		case "garden_videos":
			serveJSON(w, 200, corpus(t, "written/channel.json"))
		default:
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"Video channel nobody not found"}`)
		}
	})
	ch, _, err := c.Channels.Get(t.Context(), "framasoft_videos@framatube.org")
	require.NoError(t, err)
	assert.EqualValues(t, 42, ch.ID)
	assert.Equal(t, "Videos of Framasoft", ch.DisplayName)
	assert.Len(t, ch.Banners, 1)

	ch, _, err = c.Channels.Get(t.Context(), "garden_videos")
	require.NoError(t, err)
	assert.Equal(t, "garden_videos@videos.example", ch.Handle())
	assert.Equal(t, "https://videos.example/video-channels/garden_videos", ch.URL)
	assert.Equal(t, 12, ch.FollowersCount)
	assert.True(t, ch.IsLocal)
	assert.Empty(t, ch.Support, "null")
	require.Len(t, ch.Avatars, 2)
	assert.Equal(t, 120, ch.Avatars[1].Width)
	assert.Equal(t, time.Date(2026, 11, 24, 17, 30, 0, 0, time.UTC), ch.UpdatedAt)
	require.Len(t, ch.Banners, 1)
	assert.Equal(t, 1920, ch.Banners[0].Width)
	require.NotNil(t, ch.OwnerAccount)
	assert.Equal(t, "The Gardener", ch.OwnerAccount.DisplayName)
	assert.Empty(t, ch.OwnerAccount.Description)
	assert.Equal(t, "gardener@videos.example", ch.OwnerAccount.Handle())

	_, _, err = c.Channels.Get(t.Context(), "nobody")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.ErrorContains(t, err, "Video channel nobody not found")
}

func TestActorHandle(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "local", Actor{Name: "local"}.Handle())
	assert.Equal(t, "a@b.example", Actor{Name: "a", Host: "b.example"}.Handle())
}

func TestChannelsCreate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/video-channels", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		switch {
		case strings.Contains(string(b), `"name":"taken"`):
			serveJSON(w, 409, `{"type":"about:blank","title":"Conflict","status":409,"detail":"Another actor (account/channel) with this name on this instance already exists or has already existed."}`)
		case strings.Contains(string(b), `"name":"x y"`):
			serveJSON(w, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Incorrect request parameters: name","invalid-params":{"name":{"type":"field","value":"x y","msg":"Invalid value","path":"name","location":"body"}}}`)
		default:
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.JSONEq(t, `{"name":"garden_videos","displayName":"Garden videos","description":"Growing things"}`, string(b))
			serveJSON(w, 200, corpus(t, "openapi/channel-created.json"))
		}
	})
	created, _, err := c.Channels.Create(t.Context(), &NewChannel{Name: "garden_videos", DisplayName: "Garden videos", Description: "Growing things"})
	require.NoError(t, err)
	assert.EqualValues(t, 42, created.ID)

	_, _, err = c.Channels.Create(t.Context(), &NewChannel{Name: "taken", DisplayName: "T"})
	assert.ErrorIs(t, err, ErrConflict)

	_, _, err = c.Channels.Create(t.Context(), &NewChannel{Name: "x y", DisplayName: "T"})
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, "body", er.InvalidParams["name"].Location)
	assert.Empty(t, er.InvalidParams["name"].Value, "body values are not kept")

	c, mux = setup(t, nil)
	refuseAll(t, mux)
	for _, ch := range []*NewChannel{nil, {Name: "a"}, {DisplayName: "A"}} {
		_, _, err = c.Channels.Create(t.Context(), ch)
		assert.Error(t, err)
	}
}

func TestChannelsUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var bodies []string
	mux.HandleFunc("PUT /api/v1/video-channels/{handle}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "garden_videos", r.PathValue("handle"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Channels.Update(t.Context(), "garden_videos", &ChannelUpdate{
		DisplayName: Ptr("Garden"), Description: Ptr(""), Support: Ptr("Thanks!"), BulkVideosSupportUpdate: true,
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Channels.Update(t.Context(), "garden_videos", &ChannelUpdate{Support: Ptr("")})
	require.NoError(t, err)
	_, err = c.Channels.Update(t.Context(), "garden_videos", nil)
	require.NoError(t, err)
	require.Len(t, bodies, 3)
	assert.JSONEq(t, `{"displayName":"Garden","description":null,"support":"Thanks!","bulkVideosSupportUpdate":true}`, bodies[0])
	assert.JSONEq(t, `{"support":null}`, bodies[1])
	assert.JSONEq(t, `{}`, bodies[2])
}

func TestChannelsDelete(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("DELETE /api/v1/video-channels/{handle}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("handle") == "last" {
			serveJSON(w, 409, `{"type":"about:blank","title":"Conflict","status":409,"detail":"Cannot remove the last channel of this user"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNoContent)
	})
	resp, err := c.Channels.Delete(t.Context(), "garden_videos")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	_, err = c.Channels.Delete(t.Context(), "last")
	assert.ErrorIs(t, err, ErrConflict)
}

func TestChannelsVideos(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels/{handle}/videos", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "garden_videos@videos.example", r.PathValue("handle"))
		testFormValues(t, r, url.Values{"count": {"5"}, "sort": {"-publishedAt"}, "isLive": {"false"}, "tagsOneOf": {"seeds", "soil"}, "skipCount": {"true"}})
		serveJSON(w, 200, corpus(t, "openapi/video-list.json"))
	})
	videos, resp, err := c.Channels.Videos(t.Context(), "garden_videos@videos.example", &VideoListOptions{
		ListOptions: ListOptions{Count: 5, Sort: "-publishedAt"}, IsLive: Ptr(false), TagsOneOf: []string{"seeds", "soil"}, SkipCount: true,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, videos, 1)
	assert.Equal(t, "What is PeerTube?", videos[0].Name)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/video-channels/{handle}/videos", 3)
	got := collectIDs(t, c.Channels.VideosAll(t.Context(), "garden_videos", &VideoListOptions{ListOptions: ListOptions{Count: 2}}), func(v *Video) int64 { return v.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

func TestChannelsFollowers(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels/{handle}/followers", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("handle") == "someone_else" {
			serveJSON(w, 403, `{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cannot manage video channel someone_else"}`)
			return
		}
		testFormValues(t, r, url.Values{"sort": {"-createdAt"}, "search": {"example.org"}})
		serveJSON(w, 200, corpus(t, "openapi/follow-list.json"))
	})
	follows, resp, err := c.Channels.Followers(t.Context(), "garden_videos", &FollowersOptions{ListOptions: ListOptions{Sort: "-createdAt"}, Search: "example.org"})
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Total)
	require.Len(t, follows, 1)
	assert.EqualValues(t, 42, follows[0].ID)
	assert.Equal(t, "chocobozzz", follows[0].Follower.Name)
	assert.Equal(t, "chocobozzz", follows[0].Following.Name)

	_, _, err = c.Channels.Followers(t.Context(), "someone_else", nil)
	assert.ErrorIs(t, err, ErrForbidden)

	c, mux = setup(t, nil)
	asked := pagedList(t, mux, "GET /api/v1/video-channels/{handle}/followers", 3)
	got := collectIDs(t, c.Channels.FollowersAll(t.Context(), "garden_videos", &FollowersOptions{ListOptions: ListOptions{Count: 2}}), func(f *Follow) int64 { return f.ID })
	assert.Equal(t, []int64{1, 2, 3}, got)
	assert.Equal(t, []string{"/2", "2/2"}, *asked)
}

// A follow as PeerTube formats it, with what the spec leaves out.
func TestFollowDecoding(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels/{handle}/followers", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"total":1,"data":[{"id":9,"follower":{"id":4,"url":"https://other.example/accounts/fan","name":"fan","host":"other.example","hostRedundancyAllowed":true,"followingCount":3,"followersCount":0,"createdAt":"2026-11-01T10:00:00.000Z","updatedAt":"2026-11-02T10:00:00.000Z","avatars":[]},"following":{"id":8,"name":"garden_videos","host":"videos.example"},"score":1000,"state":"accepted","createdAt":"2026-11-03T10:00:00.000Z","updatedAt":"2026-11-03T10:00:00.000Z"}]}`)
	})
	follows, _, err := c.Channels.Followers(t.Context(), "garden_videos", nil)
	require.NoError(t, err)
	require.Len(t, follows, 1)
	f := follows[0]
	assert.Equal(t, "fan@other.example", f.Follower.Handle())
	assert.True(t, f.Follower.HostRedundancyAllowed)
	assert.Equal(t, 3, f.Follower.FollowingCount)
	assert.Equal(t, "garden_videos@videos.example", f.Following.Handle())
	assert.InDelta(t, 1000, f.Score, 0)
	assert.Equal(t, string(FollowAccepted), f.State)
	assert.Equal(t, 2026, f.CreatedAt.Year())
}

func TestChannelsAvatarAndBanner(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/video-channels/{handle}/avatar/pick", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "garden_videos", r.PathValue("handle"))
		name, ct, content := imagePart(t, r, "avatarfile")
		assert.Equal(t, "face.png", name)
		assert.Equal(t, "image/png", ct)
		assert.Equal(t, "PNG", content)
		serveJSON(w, 200, `{"avatars":[{"width":48,"path":"/lazy-static/avatars/a.webp","createdAt":"2026-11-25T10:00:00.000Z","updatedAt":"2026-11-25T10:00:00.000Z"},{"width":120,"path":"/lazy-static/avatars/b.webp"}]}`)
	})
	mux.HandleFunc("POST /api/v1/video-channels/{handle}/banner/pick", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("handle") == "big" {
			w.Header().Set("X-File-Maximum-Size", "4M")
			serveJSON(w, 413, `{"type":"about:blank","title":"Payload Too Large","status":413,"detail":"File too large"}`)
			return
		}
		name, ct, content := imagePart(t, r, "bannerfile")
		assert.Equal(t, "bannerfile.jpg", name)
		assert.Equal(t, "image/jpeg", ct)
		assert.Equal(t, "JPG", content)
		serveJSON(w, 200, `{"banners":[{"width":1920,"path":"/lazy-static/banners/c.jpg"}]}`)
	})
	var deleted []string
	for _, what := range []string{"avatar", "banner"} {
		mux.HandleFunc("DELETE /api/v1/video-channels/{handle}/"+what, func(w http.ResponseWriter, r *http.Request) {
			deleted = append(deleted, r.PathValue("handle")+"/"+what)
			w.WriteHeader(http.StatusNoContent)
		})
	}

	avatars, _, err := c.Channels.UploadAvatar(t.Context(), "garden_videos", &ImageFile{Name: "face.png", Content: strings.NewReader("PNG")})
	require.NoError(t, err)
	require.Len(t, avatars, 2)
	assert.Equal(t, "/lazy-static/avatars/a.webp", avatars[0].Path)
	assert.Equal(t, 120, avatars[1].Width)

	banners, _, err := c.Channels.UploadBanner(t.Context(), "garden_videos", &ImageFile{Content: strings.NewReader("JPG")})
	require.NoError(t, err)
	require.Len(t, banners, 1)
	assert.Equal(t, 1920, banners[0].Width)

	_, resp, err := c.Channels.UploadBanner(t.Context(), "big", &ImageFile{Content: strings.NewReader("JPG")})
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, "4M", resp.Header.Get("X-File-Maximum-Size"))

	_, err = c.Channels.DeleteAvatar(t.Context(), "garden_videos")
	require.NoError(t, err)
	_, err = c.Channels.DeleteBanner(t.Context(), "garden_videos")
	require.NoError(t, err)
	assert.Equal(t, []string{"garden_videos/avatar", "garden_videos/banner"}, deleted)

	_, _, err = c.Channels.UploadAvatar(t.Context(), "garden_videos", nil)
	assert.ErrorContains(t, err, "no avatarfile to upload")
	_, _, err = c.Channels.UploadBanner(t.Context(), "garden_videos", &ImageFile{Name: "b.jpg"})
	assert.ErrorContains(t, err, "bannerfile has no content")
	_, _, err = c.Channels.UploadAvatar(t.Context(), "garden_videos", &ImageFile{Content: iotestErrReader{}})
	assert.ErrorContains(t, err, "reading avatarfile")
}

func TestChannelsImportVideos(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var bodies []string
	mux.HandleFunc("POST /api/v1/video-channels/{handle}/import-videos", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "garden_videos", r.PathValue("handle"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := c.Channels.ImportVideos(t.Context(), "garden_videos", "https://youtube.com/c/UC_myfancychannel", nil)
	require.NoError(t, err)
	_, err = c.Channels.ImportVideos(t.Context(), "garden_videos", "https://youtube.com/c/UC_myfancychannel", &ImportVideosOptions{ChannelSyncID: 3})
	require.NoError(t, err)
	_, err = c.Channels.ImportVideos(t.Context(), "garden_videos", "", nil)
	assert.Error(t, err)
	require.Len(t, bodies, 2, "no request without a URL")
	assert.JSONEq(t, `{"externalChannelUrl":"https://youtube.com/c/UC_myfancychannel"}`, bodies[0])
	assert.JSONEq(t, `{"externalChannelUrl":"https://youtube.com/c/UC_myfancychannel","videoChannelSyncId":3}`, bodies[1])
}

func TestChannelsSyncs(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("POST /api/v1/video-channel-syncs", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"externalChannelUrl":"https://youtube.com/c/UC_myfancychannel","videoChannelId":7}`)
		serveJSON(w, 200, corpus(t, "openapi/channel-sync-created.json"))
	})
	var calls []string
	mux.HandleFunc("DELETE /api/v1/video-channel-syncs/{id}", func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, "delete "+r.PathValue("id"))
		if r.PathValue("id") == "404" {
			serveJSON(w, 404, `{"type":"about:blank","title":"Not Found","status":404,"detail":"Video channel sync not found"}`)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v1/video-channel-syncs/{id}/sync", func(w http.ResponseWriter, r *http.Request) {
		calls = append(calls, "sync "+r.PathValue("id"))
		w.WriteHeader(http.StatusNoContent)
	})

	sync, _, err := c.Channels.CreateSync(t.Context(), &NewChannelSync{ExternalChannelURL: "https://youtube.com/c/UC_myfancychannel", ChannelID: 7})
	require.NoError(t, err)
	assert.EqualValues(t, 42, sync.ID)
	assert.Equal(t, Constant[ChannelSyncState]{ID: SyncProcessing, Label: "PROCESSING"}, sync.State)
	assert.Equal(t, "https://youtube.com/c/UC_myfancychannel", sync.ExternalChannelURL)
	assert.Equal(t, "Videos of Framasoft", sync.Channel.DisplayName)
	assert.Nil(t, sync.LastSyncAt)

	_, err = c.Channels.TriggerSync(t.Context(), 42)
	require.NoError(t, err)
	_, err = c.Channels.DeleteSync(t.Context(), 42)
	require.NoError(t, err)
	_, err = c.Channels.DeleteSync(t.Context(), 404)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, []string{"sync 42", "delete 42", "delete 404"}, calls)

	for _, id := range []int64{0, -1} {
		_, err = c.Channels.TriggerSync(t.Context(), id)
		assert.Error(t, err)
		_, err = c.Channels.DeleteSync(t.Context(), id)
		assert.Error(t, err)
	}
	for _, s := range []*NewChannelSync{nil, {ChannelID: 7}, {ExternalChannelURL: "https://youtube.com/c/x"}} {
		_, _, err = c.Channels.CreateSync(t.Context(), s)
		assert.Error(t, err)
	}
	assert.Len(t, calls, 3, "no request for an invalid sync")
}

// Errors as a PeerTube server answered them (testdata/http-errors): a
// refused parameter (400) and an unknown entity (404).
func TestChannelsErrors(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels/{handle}/videos", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("handle") == "bad handle" {
			serveCapture(t, w, "400-validation.json")
			return
		}
		serveCapture(t, w, "404-video-not-found.json")
	})
	_, _, err := c.Channels.Videos(t.Context(), "bad handle", nil)
	var er *ErrorResponse
	require.ErrorAs(t, err, &er)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Equal(t, "params", er.InvalidParams["id"].Location)
	assert.Equal(t, basePath+"/api/v1/video-channels/bad handle/videos", er.Path)

	var errs []error
	for v, err := range c.Channels.VideosAll(t.Context(), "gone", nil) {
		assert.Nil(t, v)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrNotFound)
}

func TestChannelsInvalidHandles(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	refuseAll(t, mux)
	img := func() *ImageFile { return &ImageFile{Content: strings.NewReader("x")} }
	for _, h := range []string{"", ".", ".."} {
		_, _, err := c.Channels.Get(t.Context(), h)
		assert.Error(t, err, h)
		_, err = c.Channels.Update(t.Context(), h, &ChannelUpdate{})
		assert.Error(t, err, h)
		_, err = c.Channels.Delete(t.Context(), h)
		assert.Error(t, err, h)
		_, _, err = c.Channels.Videos(t.Context(), h, nil)
		assert.Error(t, err, h)
		_, _, err = c.Channels.Followers(t.Context(), h, nil)
		assert.Error(t, err, h)
		_, _, err = c.Channels.UploadAvatar(t.Context(), h, img())
		assert.Error(t, err, h)
		_, err = c.Channels.DeleteAvatar(t.Context(), h)
		assert.Error(t, err, h)
		_, _, err = c.Channels.UploadBanner(t.Context(), h, img())
		assert.Error(t, err, h)
		_, err = c.Channels.DeleteBanner(t.Context(), h)
		assert.Error(t, err, h)
		_, err = c.Channels.ImportVideos(t.Context(), h, "https://youtube.com/c/x", nil)
		assert.Error(t, err, h)
		for _, err := range c.Channels.VideosAll(t.Context(), h, nil) {
			assert.Error(t, err, h)
		}
		for _, err := range c.Channels.FollowersAll(t.Context(), h, nil) {
			assert.Error(t, err, h)
		}
	}

	// A handle is one escaped path segment.
	c, mux = setup(t, nil)
	mux.HandleFunc("GET /api/v1/video-channels/{handle}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/video-channels/a%2Fb%3F@host.example", r.URL.EscapedPath())
		serveJSON(w, 200, `{"id":1}`)
	})
	_, _, err := c.Channels.Get(t.Context(), "a/b?@host.example")
	require.NoError(t, err)
}
