package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/mastodon"
)

// credentials is what -login saves: the application registered on the
// server and the user's token.
type credentials struct {
	// Server is the server's URL, as the client has it.
	Server string `json:"server"`
	// App holds the client id and secret.
	App *mastodon.Application `json:"app"`
	// Token is the user's access token; nil until the login ends.
	Token *oauth2.Token `json:"token,omitempty"`
}

// loadCredentials reads the credentials file; a missing file gives nil
// and no error.
func loadCredentials(path string) (*credentials, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c credentials
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("reading the credentials file %s: %w", path, err)
	}
	return &c, nil
}

// save writes the credentials file, readable by its owner only.
func (c *credentials) save(path string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'), 0o600)
}

// state is what the state file holds: what was posted from each file.
type state struct {
	// Server is the server the statuses were posted to; their ids mean
	// nothing elsewhere.
	Server string `json:"server"`
	// Files maps a Markdown file's name to what was done with it.
	Files map[string]*fileState `json:"files"`
}

// fileState is what was posted from one Markdown file.
type fileState struct {
	// SHA256 is the hash of the file's content when it was planned.
	SHA256 string `json:"sha256"`
	// Parts are the texts of the statuses, as split when the thread was
	// planned: a resumed thread goes on with the same parts.
	Parts []string `json:"parts"`
	// Progress holds the idempotency key of each part and the ids of the
	// statuses posted so far.
	Progress *mastodon.ThreadProgress `json:"progress"`
	// ScheduledID is the id of the scheduled status, for a scheduled
	// post.
	ScheduledID mastodon.ID `json:"scheduled_id,omitempty"`
	// URL is the web page of the first status.
	URL string `json:"url,omitempty"`
	// Done is set once every part is posted (or the post scheduled).
	Done bool `json:"done"`
	// DoneAt is when that happened.
	DoneAt time.Time `json:"done_at,omitzero"`
}

// check reports a record that cannot be resumed.
func (f *fileState) check() error {
	switch {
	case len(f.Parts) == 0 || f.Progress == nil:
		return errors.New("no parts or no progress")
	case len(f.Progress.Keys) != len(f.Parts):
		return fmt.Errorf("%d idempotency keys for %d parts", len(f.Progress.Keys), len(f.Parts))
	case len(f.Progress.Posted) > len(f.Parts):
		return fmt.Errorf("%d statuses posted for %d parts", len(f.Progress.Posted), len(f.Parts))
	}
	return nil
}

// loadState reads the state file; a missing file is an empty state.
func loadState(path string) (*state, error) {
	s := &state{Files: map[string]*fileState{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("reading the state file %s: %w", path, err)
	}
	if s.Files == nil {
		s.Files = map[string]*fileState{}
	}
	return s, nil
}

// save writes the state file.
func (s *state) save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'), 0o644)
}

// writeFileAtomic replaces the file at path with data: it writes a
// temporary file beside it and renames it, so that the file is never
// half written, even if the program stops in the middle.
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
	// CreateTemp makes the file 0600; Chmod sets what is asked for.
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
