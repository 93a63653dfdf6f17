package peertube

import (
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"time"
)

// VideoCaption is a caption (subtitles) of a video, in one language.
type VideoCaption struct {
	// Language is the caption's language: its code ("en") and name.
	Language Constant[string] `json:"language"`
	// CaptionPath is the path of the caption's file on the server.
	CaptionPath string `json:"captionPath"`
	// FileURL is the absolute URL of the file, on servers that send it.
	FileURL string `json:"fileUrl"`
	// AutomaticallyGenerated is true for a caption the server
	// transcribed itself (PeerTube 6.2 and later).
	AutomaticallyGenerated bool `json:"automaticallyGenerated"`
	// UpdatedAt is when the caption last changed, on servers that send
	// it.
	UpdatedAt time.Time `json:"updatedAt"`
}

// List returns the captions of a video, one per language. A
// password-protected video needs its password in opts. The list is not
// paginated: it has every caption, and Response.Total counts them.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Captions/operation/getVideoCaptions
//
// GET /api/v1/videos/{id}/captions
func (s *CaptionsService) List(ctx context.Context, id string, opts *VideoAccessOptions) ([]*VideoCaption, *Response, error) {
	p, err := videoPath(id, "captions")
	if err != nil {
		return nil, nil, err
	}
	pg, resp, err := getVideo[page[*VideoCaption]](ctx, s.client, p, opts)
	if err != nil {
		return nil, resp, err
	}
	if pg.Total != nil {
		resp.Total, resp.hasTotal = *pg.Total, true
	}
	return pg.Data, resp, nil
}

// captionPath returns "api/v1/videos/{id}/captions/{captionLanguage}".
func captionPath(id, language string) (string, error) {
	lang, err := segment("caption language", language)
	if err != nil {
		return "", err
	}
	return videoPath(id, "captions", lang)
}

// Add adds a caption to a video in language (a code of
// [VideosService.Languages], such as "en"), or replaces the caption of
// that language. The file is WebVTT (.vtt) or SubRip (.srt); the
// server checks its extension and media type, and converts SubRip to
// WebVTT. The file is read in full before the request is sent.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Captions/operation/addVideoCaption
//
// PUT /api/v1/videos/{id}/captions/{captionLanguage}
func (s *CaptionsService) Add(ctx context.Context, id, language string, file *FilePart) (*Response, error) {
	p, err := captionPath(id, language)
	if err != nil {
		return nil, err
	}
	if file == nil {
		return nil, errors.New("peertube: a caption needs its file")
	}
	body, contentType, err := bufferForm(func(w *multipart.Writer) error {
		return writeFilePart(w, "captionfile", file)
	})
	if err != nil {
		return nil, err
	}
	req, err := s.client.NewRequest(ctx, http.MethodPut, p, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	return s.client.Do(req, nil)
}

// Delete deletes the caption of a video in language.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Captions/operation/delVideoCaption
//
// DELETE /api/v1/videos/{id}/captions/{captionLanguage}
func (s *CaptionsService) Delete(ctx context.Context, id, language string) (*Response, error) {
	p, err := captionPath(id, language)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// CaptionGenerateOptions are the options of [CaptionsService.Generate].
type CaptionGenerateOptions struct {
	// ForceTranscription transcribes the video again although it has a
	// caption in its language, which the new one replaces.
	ForceTranscription bool `json:"forceTranscription,omitempty"`
}

// Generate asks the server to transcribe a video's speech into a
// caption (PeerTube 6.2 and later, when the administrator enabled
// transcription). The server does it in a job: the caption appears in
// [CaptionsService.List] when it is done.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Captions/operation/generateVideoCaption
//
// POST /api/v1/videos/{id}/captions/generate
func (s *CaptionsService) Generate(ctx context.Context, id string, opts *CaptionGenerateOptions) (*Response, error) {
	p, err := videoPath(id, "captions", "generate")
	if err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &CaptionGenerateOptions{}
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, p, opts)
	return resp, err
}
