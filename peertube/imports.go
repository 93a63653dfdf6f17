package peertube

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"
)

// ImportState is where a video import is.
type ImportState int

// The states of a video import.
const (
	// ImportPending: waiting for its job.
	ImportPending ImportState = 1
	// ImportSuccess: the video was imported.
	ImportSuccess ImportState = 2
	// ImportFailed: the import failed; VideoImport.Error says why.
	ImportFailed ImportState = 3
	// ImportRejected: a plugin or the server's rules refused the video.
	ImportRejected ImportState = 4
	// ImportCancelled: the user cancelled it.
	ImportCancelled ImportState = 5
	// ImportProcessing: the server is downloading the video.
	ImportProcessing ImportState = 6
)

// VideoImport is an import of a video from a URL, a magnet URI or a
// torrent file.
type VideoImport struct {
	ID int64 `json:"id"`
	// TargetURL, MagnetURI and TorrentName say where the video comes
	// from: the one of the three that was given.
	TargetURL   string `json:"targetUrl"`
	MagnetURI   string `json:"magnetUri"`
	TorrentName string `json:"torrentName"`
	// State is where the import is; Error, for a failed one, why.
	State Constant[ImportState] `json:"state"`
	Error string                `json:"error"`
	// Attempts is how many times the server tried, on servers that
	// count them.
	Attempts  int       `json:"attempts"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// Video is the video the import makes; nil once it was deleted.
	Video *Video `json:"video"`
	// VideoChannelSync is the synchronisation of a channel that made
	// the import, if one did.
	VideoChannelSync *struct {
		ID                 int64  `json:"id"`
		ExternalChannelURL string `json:"externalChannelUrl"`
	} `json:"videoChannelSync"`
}

// NewImport is a video to import: its source, one of TargetURL,
// MagnetURI and Torrent, and its metadata.
type NewImport struct {
	// Video is the video's metadata. ChannelID is required; Name may be
	// left empty for the source's title; Filename is not used.
	Video NewVideo

	// TargetURL is the address of a page of a video site, or of a video
	// file, that the server's downloader (yt-dlp) reads, when the
	// server allows imports by URL.
	TargetURL string
	// MagnetURI is a magnet link of a torrent of the video, when the
	// server allows imports by torrent.
	MagnetURI string
	// Torrent is a torrent file of the video (.torrent), when the server
	// allows imports by torrent. It is read in full before the request
	// is sent.
	Torrent *FilePart

	// Thumbnail and Preview are the video's images; the server takes
	// them from the source, or makes them, when they are nil.
	Thumbnail, Preview *ImageFile
}

// Create imports a video: the server creates it at once, in
// [StateToImport], and downloads it in a job; the answer says where the
// import is, and [ImportsService.List] follows it. A server that does
// not allow this kind of import refuses with 409 Conflict.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Imports/operation/importVideo
//
// POST /api/v1/videos/imports
func (s *ImportsService) Create(ctx context.Context, imp *NewImport) (*VideoImport, *Response, error) {
	if imp == nil || imp.Video.ChannelID == 0 {
		return nil, nil, errors.New("peertube: an import needs the video's channel")
	}
	sources := 0
	for _, set := range []bool{imp.TargetURL != "", imp.MagnetURI != "", imp.Torrent != nil} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		return nil, nil, errors.New("peertube: an import needs one source: a target URL, a magnet URI or a torrent file")
	}
	body, contentType, err := bufferForm(func(w *multipart.Writer) error {
		if err := imp.Video.writeFields(w); err != nil {
			return err
		}
		switch {
		case imp.TargetURL != "":
			if err := w.WriteField("targetUrl", imp.TargetURL); err != nil {
				return err
			}
		case imp.MagnetURI != "":
			if err := w.WriteField("magnetUri", imp.MagnetURI); err != nil {
				return err
			}
		default:
			if err := writeFilePart(w, "torrentfile", imp.Torrent); err != nil {
				return err
			}
		}
		return writeVideoImages(w, imp.Thumbnail, imp.Preview)
	})
	if err != nil {
		return nil, nil, err
	}
	req, err := s.client.NewRequest(ctx, http.MethodPost, "api/v1/videos/imports", body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	v := new(VideoImport)
	resp, err := s.client.Do(req, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// ImportListOptions are the filters of [ImportsService.List]. The list
// sorts by ListOptions.Sort: "createdAt" or "-createdAt".
type ImportListOptions struct {
	ListOptions

	// TargetURL keeps the imports of this URL.
	TargetURL string `url:"targetUrl,omitempty"`
	// VideoChannelSyncID keeps the imports a channel's synchronisation
	// made.
	VideoChannelSyncID int64 `url:"videoChannelSyncId,omitempty"`
	// Search keeps the imports whose video's name has these words.
	Search string `url:"search,omitempty"`
}

// List returns the video imports of the token's user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/paths/~1api~1v1~1users~1me~1videos~1imports/get
//
// GET /api/v1/users/me/videos/imports
func (s *ImportsService) List(ctx context.Context, opts *ImportListOptions) ([]*VideoImport, *Response, error) {
	return list[*VideoImport](ctx, s.client, "api/v1/users/me/videos/imports", opts)
}

// ListAll is the iterator twin of [ImportsService.List]: it walks the
// pages from opts.Start until it has read Response.Total imports.
//
// GET /api/v1/users/me/videos/imports
func (s *ImportsService) ListAll(ctx context.Context, opts *ImportListOptions) iter.Seq2[*VideoImport, error] {
	return allPages(ctx, opts, s.List)
}

// importPath returns "api/v1/videos/imports/{id}" plus more path
// segments.
func importPath(id int64, more ...string) (string, error) {
	if id <= 0 {
		return "", fmt.Errorf("peertube: video import id %d is not valid", id)
	}
	p := "api/v1/videos/imports/" + strconv.FormatInt(id, 10)
	for _, m := range more {
		p += "/" + m
	}
	return p, nil
}

// Cancel cancels a video import that is pending; one that has started
// or ended is refused with 409 Conflict.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Imports/paths/~1api~1v1~1videos~1imports~1%7Bid%7D~1cancel/post
//
// POST /api/v1/videos/imports/{id}/cancel
func (s *ImportsService) Cancel(ctx context.Context, id int64) (*Response, error) {
	p, err := importPath(id, "cancel")
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, p, nil)
	return resp, err
}

// Delete deletes a video import from the user's list. A pending import
// is refused with 409 Conflict: cancel it first.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Imports/paths/~1api~1v1~1videos~1imports~1%7Bid%7D/delete
//
// DELETE /api/v1/videos/imports/{id}
func (s *ImportsService) Delete(ctx context.Context, id int64) (*Response, error) {
	p, err := importPath(id)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}
