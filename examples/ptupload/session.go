package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fedikit/fedikit/peertube"
)

// savedUpload is what the session file holds: the upload session and
// what it belongs to, so that a resumed upload sends the same file to the
// same server.
type savedUpload struct {
	// Server is the server's URL, as the client has it.
	Server string `json:"server"`
	// User is the account that started the upload: the session is of use
	// only with its token.
	User string `json:"user"`
	// File is the video file's base name; Size and ModTime are its size
	// and modification time when the upload started.
	File    string    `json:"file"`
	Size    int64     `json:"size"`
	ModTime time.Time `json:"modTime"`
	// Video is the metadata the video was announced with.
	Video *peertube.NewVideo `json:"video"`
	// Session is the upload session on the server.
	Session *peertube.UploadSession `json:"session"`
	// Sent is how many bytes the server last said it holds. Chunks go one
	// after the other, and this is saved before the next one is sent.
	Sent int64 `json:"sent"`
}

// lastChunkSent reports whether the last chunk of the file may have been
// sent: the server acknowledged all the chunks before it.
func (s *savedUpload) lastChunkSent() bool {
	chunk := s.Session.ChunkSize
	if chunk <= 0 {
		return true // unknown: assume the worst
	}
	return s.Sent+chunk >= s.Size
}

// loadSession reads the session file; a missing file gives nil and no
// error.
func loadSession(path string) (*savedUpload, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s savedUpload
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("reading the session file %s: %w", path, err)
	}
	if s.Session == nil || s.Session.Location == "" {
		return nil, fmt.Errorf("the session file %s holds no upload session", path)
	}
	return &s, nil
}

// matches reports, as an error, why the saved upload cannot go on with
// this server, user and file.
func (s *savedUpload) matches(server, user string, fi os.FileInfo) error {
	switch {
	case s.Server != server:
		return fmt.Errorf("the session file is of an upload to %s, not to %s", s.Server, server)
	case s.User != user:
		return fmt.Errorf("the session file is of an upload by %s, not by %s", s.User, user)
	case s.Size != fi.Size() || s.Session.Size != fi.Size() || !s.ModTime.Equal(fi.ModTime()):
		return fmt.Errorf("%s has changed since the upload started (size or modification time)", fi.Name())
	}
	return nil
}

// save writes the session file, readable by its owner only.
func (s *savedUpload) save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'), 0o600)
}

// writeFileAtomic replaces the file at path with data: it writes a
// temporary file beside it, syncs it and renames it, so that the file is
// never half written, even if the program is killed in the middle.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
