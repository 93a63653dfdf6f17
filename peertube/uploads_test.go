package peertube

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uploadClient is a client of the fake upload server.
func uploadClient(t *testing.T, f *fakeUploadServer) *Client {
	t.Helper()
	c, err := NewClient(strings.TrimSuffix(f.url(), "/"), &Options{AccessToken: fakeUploadToken, AllowLoopback: true, AllowHTTP: true, MaxRetries: -1})
	require.NoError(t, err)
	return c
}

func TestVideosUpload(t *testing.T) {
	t.Parallel()
	const size = 3_000_000
	f := newFakeUploadServer(t)
	c := uploadClient(t, f)
	var last int64
	v, session, err := c.Videos.Upload(t.Context(), &NewVideo{Name: "Plenary session", ChannelID: 3, Filename: "plenary.mp4", Privacy: PrivacyPublic},
		&uploadGen{size: size, seed: 1}, size, &UploadOptions{ChunkSize: 1 << 20, Progress: func(sent, total int64) { last = sent }})
	require.NoError(t, err)
	assert.Equal(t, int64(1), v.ID)
	assert.Equal(t, int64(size), last)
	require.NotNil(t, session)
	assert.Equal(t, "video/mp4", session.ContentType, "from the file name")
	id := session.Location[strings.Index(session.Location, "upload_id=")+len("upload_id="):]
	data, written := f.held(id)
	require.Equal(t, int64(size), written)
	assert.Equal(t, uploadSum(size, 1), sha256.Sum256(data))
}

// A session kept as JSON by a process that died is resumed by another.
func TestVideosStartAndResumeUpload(t *testing.T) {
	t.Parallel()
	const size = 2_500_000
	f := newFakeUploadServer(t)
	c := uploadClient(t, f)
	s, err := c.Videos.StartUpload(t.Context(), &NewVideo{Name: "Press briefing", ChannelID: 3, Filename: "briefing.webm"}, size, &UploadOptions{ChunkSize: 1 << 20})
	require.NoError(t, err)
	saved, err := json.Marshal(s)
	require.NoError(t, err)

	var again UploadSession
	require.NoError(t, json.Unmarshal(saved, &again))
	v, err := uploadClient(t, f).Videos.ResumeUpload(t.Context(), &again, &uploadGen{size: size, seed: 2}, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, f.videoCount())
	assert.NotEmpty(t, v.UUID)
}

func TestVideosCancelUpload(t *testing.T) {
	t.Parallel()
	f := newFakeUploadServer(t)
	c := uploadClient(t, f)
	s, err := c.Videos.StartUpload(t.Context(), &NewVideo{Name: "Draft", ChannelID: 3, Filename: "draft.mp4"}, 10, nil)
	require.NoError(t, err)
	require.NoError(t, c.Videos.CancelUpload(t.Context(), s))
	var deletes int
	for _, r := range f.requests() {
		if r.Method == http.MethodDelete {
			deletes++
		}
	}
	assert.Equal(t, 1, deletes)
}

func TestVideosUploadRefusals(t *testing.T) {
	t.Parallel()
	f := newFakeUploadServer(t)
	c := uploadClient(t, f)
	_, err := c.Videos.StartUpload(t.Context(), &NewVideo{Name: "x"}, 10, nil)
	assert.Error(t, err)
	_, err = c.Videos.StartUpload(t.Context(), &NewVideo{Name: "x", ChannelID: 1, Filename: "noextension"}, 10, nil)
	assert.ErrorContains(t, err, "media type")
	_, err = c.Videos.ResumeUpload(t.Context(), nil, nil, nil)
	assert.Error(t, err)
	assert.Empty(t, f.requests(), "nothing was sent")
}

// PeerTube 6.2 and later delete the session once the video is made: when
// the answer to the last chunk is lost, ResumeUpload finds the video
// among the user's latest ones by its source file, and makes no second.
func TestVideosResumeUploadFindsLostVideo(t *testing.T) {
	t.Parallel()
	const size = 2_200_000
	f := newFakeUploadServer(t)
	f.onComplete = -1
	f.forgetCompleted = true
	mux := http.NewServeMux()
	mux.Handle("/", f.srv.Config.Handler)
	mux.HandleFunc("GET "+fakeUploadPrefix+"/api/v1/users/me/videos", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "-createdAt", r.URL.Query().Get("sort"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"total":2,"data":[{"id":1,"uuid":"9c9de5e8-0a1e-484a-b099-e80766180001","shortUUID":"kkGMgK9ZtnKfYAgnEtQ1","name":"Plenary"},{"id":7,"uuid":"u7","shortUUID":"s7","name":"Older"}]}`))
	})
	mux.HandleFunc("GET "+fakeUploadPrefix+"/api/v1/videos/{id}/source", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.PathValue("id") == "1" {
			_, _ = w.Write([]byte(`{"inputFilename":"plenary.mp4","size":2200000}`))
			return
		}
		_, _ = w.Write([]byte(`{"inputFilename":"older.mp4","size":10}`))
	})
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	c, err := NewClient(front.URL+fakeUploadPrefix, &Options{AccessToken: fakeUploadToken, AllowLoopback: true, AllowHTTP: true, MaxRetries: -1})
	require.NoError(t, err)

	v, _, err := c.Videos.Upload(t.Context(), &NewVideo{Name: "Plenary", ChannelID: 3, Filename: "plenary.mp4"},
		&uploadGen{size: size, seed: 4}, size, &UploadOptions{ChunkSize: 1 << 20})
	require.NoError(t, err)
	assert.Equal(t, "kkGMgK9ZtnKfYAgnEtQ1", v.ShortUUID)
	assert.Equal(t, 1, f.videoCount(), "one video")
}
