package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fedikit/fedikit/mastodon"
)

// state is what the state file holds: the videos announced, and where.
//
//	{
//	  "peertube": "https://videos.example/",
//	  "channel": "music",
//	  "mastodon": "https://social.example/",
//	  "announced": {
//	    "9c9de5e8-0a1e-484a-b099-e80766180a6d": {
//	      "name": "Spring concert",
//	      "status_id": "113…",
//	      "status_url": "https://social.example/@music/113…",
//	      "at": "2025-05-01T18:02:11Z"
//	    }
//	  }
//	}
//
// Deleting a video's entry makes the next poll announce it again (with
// the same Idempotency-Key: within an hour, Mastodon answers with the
// status it made before).
type state struct {
	// PeerTube and Channel say whose videos these are; Mastodon where
	// they were announced.
	PeerTube string `json:"peertube"`
	Channel  string `json:"channel"`
	Mastodon string `json:"mastodon"`
	// Announced maps the UUID of each video announced to its status.
	Announced map[string]*announcement `json:"announced"`
}

// announcement is the status that announced a video.
type announcement struct {
	// Name is the video's title when it was announced.
	Name string `json:"name"`
	// StatusID and StatusURL name the status.
	StatusID  mastodon.ID `json:"status_id"`
	StatusURL string      `json:"status_url,omitempty"`
	// At is when it was posted.
	At time.Time `json:"at"`
}

// loadState reads the state file; a missing file is an empty state.
func loadState(path string) (*state, error) {
	s := &state{Announced: map[string]*announcement{}}
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
	if s.Announced == nil {
		s.Announced = map[string]*announcement{}
	}
	return s, nil
}

// check binds a new state to the servers and channel, and refuses one
// that belongs to others.
func (s *state) check(peertube, channel, mastodon string) error {
	if s.PeerTube == "" && s.Channel == "" && s.Mastodon == "" {
		s.PeerTube, s.Channel, s.Mastodon = peertube, channel, mastodon
		return nil
	}
	if s.PeerTube != peertube || s.Channel != channel || s.Mastodon != mastodon {
		return fmt.Errorf("the state is of channel %s of %s announced on %s, not of channel %s of %s announced on %s",
			s.Channel, s.PeerTube, s.Mastodon, channel, peertube, mastodon)
	}
	return nil
}

// announced reports whether the video with this UUID was announced.
func (s *state) announced(uuid string) bool { return s.Announced[uuid] != nil }

// add records the announcement of the video with this UUID.
func (s *state) add(uuid string, a *announcement) { s.Announced[uuid] = a }

// save writes the state file.
func (s *state) save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'), 0o644)
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
