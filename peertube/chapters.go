package peertube

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

// Chapter is a chapter of a video: a title from a time on (PeerTube 6.0
// and later).
type Chapter struct {
	// Timecode is where the chapter starts, in seconds from the start of
	// the video.
	Timecode int `json:"timecode"`
	// Title is the chapter's title.
	Title string `json:"title"`
}

// chapterList is the answer of GET /api/v1/videos/{id}/chapters:
// {"chapters": [...]}. The API reference gives chapters a single object;
// one is read as a list of one.
type chapterList struct {
	Chapters []*Chapter `json:"chapters"`
}

// UnmarshalJSON reads chapters as an array, or as the single object of
// the API reference.
func (l *chapterList) UnmarshalJSON(b []byte) error {
	var raw struct {
		Chapters json.RawMessage `json:"chapters"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	l.Chapters = nil
	c := bytes.TrimSpace(raw.Chapters)
	switch {
	case len(c) == 0 || bytes.Equal(c, []byte("null")):
		return nil
	case c[0] == '{':
		one := new(Chapter)
		if err := json.Unmarshal(c, one); err != nil {
			return err
		}
		l.Chapters = []*Chapter{one}
		return nil
	}
	return json.Unmarshal(c, &l.Chapters)
}

// Get returns the chapters of a video, in the order of their timecodes;
// none when it has none. A password-protected video needs its password
// in opts.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Chapters/operation/getVideoChapters
//
// GET /api/v1/videos/{id}/chapters
func (s *ChaptersService) Get(ctx context.Context, id string, opts *VideoAccessOptions) ([]*Chapter, *Response, error) {
	p, err := videoPath(id, "chapters")
	if err != nil {
		return nil, nil, err
	}
	l, resp, err := getVideo[chapterList](ctx, s.client, p, opts)
	if err != nil {
		return nil, resp, err
	}
	return l.Chapters, resp, nil
}

// Replace replaces all the chapters of a video with chapters; none
// deletes them. The server refuses two chapters with the same
// timecode.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Chapters/operation/replaceVideoChapters
//
// PUT /api/v1/videos/{id}/chapters
func (s *ChaptersService) Replace(ctx context.Context, id string, chapters []Chapter) (*Response, error) {
	p, err := videoPath(id, "chapters")
	if err != nil {
		return nil, err
	}
	if chapters == nil {
		chapters = []Chapter{} // [], not null
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, p, map[string][]Chapter{"chapters": chapters})
	return resp, err
}
