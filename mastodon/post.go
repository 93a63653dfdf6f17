package mastodon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// NewAttachment is a file to attach to a new status by
// [StatusesService.Post], with its description.
type NewAttachment struct {
	// File is the picture, video or audio file.
	File *MediaFile
	// Description is the alternative text: what the media shows, for
	// those who cannot see or hear it. Required.
	Description string
	// Focus is the focal point previews are cropped around; nil is the
	// centre.
	Focus *Focus
	// Thumbnail is a picture to show for a video or audio file.
	Thumbnail *MediaFile
}

// ErrNoDescription means an attachment has no alternative text.
var ErrNoDescription = errors.New("mastodon: an attachment needs a description (alt text)")

// DefaultProcessingTimeout is how long [StatusesService.Post] waits for
// the server to process an attachment.
const DefaultProcessingTimeout = 5 * time.Minute

// Post publishes a status with attachments in one call: it uploads each
// file with its description, waits until the server has processed every
// one (as wait says; nil, or a zero Timeout, waits at most
// [DefaultProcessingTimeout] for each), and creates the status
// with them, exactly once (see [StatusesService.Create]). An attachment
// without a description is refused ([ErrNoDescription]) before anything
// is sent. When an upload or the wait fails, nothing is posted; the
// attachments already uploaded are left to the server, which deletes
// unused ones after a day.
func (s *StatusesService) Post(ctx context.Context, post *NewStatus, attachments []NewAttachment, wait *MediaWaitOptions) (*Status, *Response, error) {
	if post == nil {
		return nil, nil, errors.New("mastodon: Post needs a status")
	}
	for i, a := range attachments {
		if a.File == nil || a.File.Reader == nil {
			return nil, nil, fmt.Errorf("mastodon: attachment %d has no file", i+1)
		}
		if strings.TrimSpace(a.Description) == "" {
			return nil, nil, fmt.Errorf("%w: attachment %d (%s)", ErrNoDescription, i+1, a.File.Name)
		}
	}
	w := MediaWaitOptions{Timeout: DefaultProcessingTimeout}
	if wait != nil {
		w = *wait
		if w.Timeout <= 0 {
			w.Timeout = DefaultProcessingTimeout
		}
	}
	p := *post
	p.MediaIDs = append([]ID(nil), post.MediaIDs...)
	media := s.client.Media
	for i, a := range attachments {
		m, resp, err := media.Upload(ctx, a.File, &MediaUploadOptions{Description: a.Description, Focus: a.Focus, Thumbnail: a.Thumbnail})
		if err != nil {
			return nil, resp, fmt.Errorf("mastodon: uploading attachment %d: %w", i+1, err)
		}
		if resp.StatusCode == 202 || m.URL == "" {
			m, resp, err = media.WaitProcessed(ctx, m.ID, &w)
			if err != nil {
				return nil, resp, fmt.Errorf("mastodon: processing attachment %d: %w", i+1, err)
			}
		}
		p.MediaIDs = append(p.MediaIDs, m.ID)
	}
	return s.Create(ctx, &p)
}
