package peertube

import (
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
)

// StudioTask is an edit of a video in the studio: a [StudioCut],
// [StudioIntro], [StudioOutro] or [StudioWatermark]. The server applies
// the tasks of a request in their order.
type StudioTask interface {
	// check says what is wrong with the task, before anything is sent.
	check() error
	// write adds the task to the form, its fields named after prefix
	// ("tasks[0]").
	write(w *multipart.Writer, prefix string) error
}

// StudioCut keeps the part of the video between Start and End, in
// seconds from its start. A zero Start keeps the beginning, a zero End
// keeps the rest to the end; one of them must be set.
type StudioCut struct {
	Start, End int
}

func (t StudioCut) check() error {
	switch {
	case t.Start < 0 || t.End < 0:
		return fmt.Errorf("cut from %d to %d: negative time", t.Start, t.End)
	case t.Start == 0 && t.End == 0:
		return errors.New("cut: set Start, End or both")
	case t.End != 0 && t.End <= t.Start:
		return fmt.Errorf("cut from %d to %d: the end is not after the start", t.Start, t.End)
	}
	return nil
}

func (t StudioCut) write(w *multipart.Writer, prefix string) error {
	if err := w.WriteField(prefix+"[name]", "cut"); err != nil {
		return err
	}
	if t.Start != 0 {
		if err := w.WriteField(prefix+"[options][start]", strconv.Itoa(t.Start)); err != nil {
			return err
		}
	}
	if t.End != 0 {
		return w.WriteField(prefix+"[options][end]", strconv.Itoa(t.End))
	}
	return nil
}

// StudioIntro puts a video (File) before the video.
type StudioIntro struct {
	File *FilePart
}

// StudioOutro puts a video (File) after the video.
type StudioOutro struct {
	File *FilePart
}

// StudioWatermark puts an image (File: PNG or JPEG) over the video, in a
// corner.
type StudioWatermark struct {
	File *FilePart
}

func (t StudioIntro) check() error     { return checkStudioFile("add-intro", t.File) }
func (t StudioOutro) check() error     { return checkStudioFile("add-outro", t.File) }
func (t StudioWatermark) check() error { return checkStudioFile("add-watermark", t.File) }

func (t StudioIntro) write(w *multipart.Writer, prefix string) error {
	return writeStudioFile(w, prefix, "add-intro", t.File)
}

func (t StudioOutro) write(w *multipart.Writer, prefix string) error {
	return writeStudioFile(w, prefix, "add-outro", t.File)
}

func (t StudioWatermark) write(w *multipart.Writer, prefix string) error {
	return writeStudioFile(w, prefix, "add-watermark", t.File)
}

// checkStudioFile checks the file of a task.
func checkStudioFile(name string, f *FilePart) error {
	switch {
	case f == nil || f.Content == nil:
		return fmt.Errorf("%s: no file", name)
	case f.Name == "":
		return fmt.Errorf("%s: the file has no name", name)
	}
	return nil
}

// writeStudioFile adds a task with a file to the form.
func writeStudioFile(w *multipart.Writer, prefix, name string, f *FilePart) error {
	if err := w.WriteField(prefix+"[name]", name); err != nil {
		return err
	}
	return writeFilePart(w, prefix+"[options][file]", f)
}

// Create sends editing tasks for a video to the studio, which applies
// them in their order in a job and replaces the video's files with the
// result; the video's state is [StateToEdit] meanwhile. The server must
// have the studio enabled, and the video must be a local video that is
// not a live. The files of the tasks are streamed, so the request is
// sent once and has no timeout but ctx.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Transcoding/paths/~1api~1v1~1videos~1%7Bid%7D~1studio~1edit/post
//
// POST /api/v1/videos/{id}/studio/edit
func (s *StudioService) Create(ctx context.Context, id string, tasks []StudioTask) (*Response, error) {
	p, err := videoPath(id, "studio", "edit")
	if err != nil {
		return nil, err
	}
	if len(tasks) == 0 {
		return nil, errors.New("peertube: the studio needs at least one task")
	}
	for i, t := range tasks {
		if t == nil {
			return nil, fmt.Errorf("peertube: studio task %d is nil", i)
		}
		if err := t.check(); err != nil {
			return nil, fmt.Errorf("peertube: studio task %d: %w", i, err)
		}
	}
	write := func(w *multipart.Writer) error {
		for i, t := range tasks {
			if err := t.write(w, "tasks["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		return nil
	}
	return s.client.sendForm(ctx, http.MethodPost, p, write, nil)
}
