package peertube

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// VideoPassword is one of the passwords of a password-protected video
// (PeerTube 6.0 and later).
type VideoPassword struct {
	ID int64 `json:"id"`
	// Password is the password itself, which only the video's owner
	// sees.
	Password string `json:"password"`
	// VideoID is the id of the video.
	VideoID   int64     `json:"videoId"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// String leaves the password out.
func (p VideoPassword) String() string {
	return fmt.Sprintf("peertube.VideoPassword{ID: %d, VideoID: %d}", p.ID, p.VideoID)
}

// List returns the passwords of a password-protected video; a video of
// another privacy is refused with 400 Bad Request. Only its owner (and
// moderators) may ask. opts pages and sorts the list ("createdAt",
// "-createdAt").
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Passwords/paths/~1api~1v1~1videos~1%7Bid%7D~1passwords/get
//
// GET /api/v1/videos/{id}/passwords
func (s *PasswordsService) List(ctx context.Context, id string, opts *ListOptions) ([]*VideoPassword, *Response, error) {
	p, err := videoPath(id, "passwords")
	if err != nil {
		return nil, nil, err
	}
	return list[*VideoPassword](ctx, s.client, p, opts)
}

// ListAll is the iterator twin of [PasswordsService.List]: it walks the
// pages from opts.Start until it has read Response.Total passwords.
//
// GET /api/v1/videos/{id}/passwords
func (s *PasswordsService) ListAll(ctx context.Context, id string, opts *ListOptions) iter.Seq2[*VideoPassword, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ListOptions) ([]*VideoPassword, *Response, error) {
		return s.List(ctx, id, o)
	})
}

// Update replaces all the passwords of a password-protected video with
// passwords: at least one, each of at least 2 characters, no two the
// same. To protect a video of another privacy, change its privacy and
// passwords together with [VideosService.Update].
//
// The API has no route that adds a single password: list them, and
// update them with the new one added.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Passwords/paths/~1api~1v1~1videos~1%7Bid%7D~1passwords/put
//
// PUT /api/v1/videos/{id}/passwords
func (s *PasswordsService) Update(ctx context.Context, id string, passwords []string) (*Response, error) {
	p, err := videoPath(id, "passwords")
	if err != nil {
		return nil, err
	}
	if len(passwords) == 0 {
		return nil, fmt.Errorf("peertube: a password-protected video needs at least one password")
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, p, map[string][]string{"passwords": passwords})
	return resp, err
}

// Delete deletes one password of a password-protected video, by its id.
// The server refuses to delete the last one (403 Forbidden).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Passwords/paths/~1api~1v1~1videos~1%7Bid%7D~1passwords~1%7BvideoPasswordId%7D/delete
//
// DELETE /api/v1/videos/{id}/passwords/{videoPasswordId}
func (s *PasswordsService) Delete(ctx context.Context, id string, passwordID int64) (*Response, error) {
	if passwordID <= 0 {
		return nil, fmt.Errorf("peertube: video password id %d is not valid", passwordID)
	}
	p, err := videoPath(id, "passwords", strconv.FormatInt(passwordID, 10))
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}
