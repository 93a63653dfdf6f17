package main

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/fedikit/fedikit/httpsig"
)

// post is a Note the account published.
type post struct {
	ID        int       `json:"id"`
	Content   string    `json:"content"`
	Published time.Time `json:"published"`
}

// pending is a follow request held for approval.
type pending struct {
	Actor  string `json:"actor"`
	Follow string `json:"follow"` // the Follow's id
}

// stateFile is what the data file holds.
type stateFile struct {
	PrivateKey string    `json:"private_key"` // PKCS#8 PEM
	Followers  []string  `json:"followers"`
	Pending    []pending `json:"pending"`
	Posts      []post    `json:"posts"`
}

// state is the server's data, kept in memory and written to a file after
// every change. It implements activitypub.FollowerStore for its one
// account. It is safe for concurrent use.
type state struct {
	path string // "" keeps everything in memory
	key  crypto.Signer

	mu   sync.Mutex
	data stateFile
}

// loadState reads the data file at path, or starts a new one with a new
// key made by newKey when there is none.
func loadState(path string, newKey func() (crypto.Signer, error)) (*state, error) {
	s := &state{path: path}
	if path != "" {
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			if err := json.Unmarshal(b, &s.data); err != nil {
				return nil, fmt.Errorf("reading %s: %w", path, err)
			}
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	if s.data.PrivateKey != "" {
		k, err := httpsig.ParsePrivateKeyPEM([]byte(s.data.PrivateKey))
		if err != nil {
			return nil, fmt.Errorf("the key in %s: %w", path, err)
		}
		s.key = k
		return s, nil
	}
	k, err := newKey()
	if err != nil {
		return nil, err
	}
	pemKey, err := httpsig.MarshalPrivateKeyPEM(k)
	if err != nil {
		return nil, err
	}
	s.key, s.data.PrivateKey = k, string(pemKey)
	return s, s.save()
}

// save writes the data file (the caller holds mu, or owns s alone). The
// file is replaced in one rename, so that a crash leaves the old or the
// new one, and is readable by its owner only: it holds the private key.
func (s *state) save() error {
	if s.path == "" {
		return nil
	}
	b, err := json.MarshalIndent(&s.data, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".fedserver-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}

// Followers yields the followers of the account; actor is ignored, as
// there is one account.
func (s *state) Followers(_ context.Context, _ string) iter.Seq2[string, error] {
	s.mu.Lock()
	list := slices.Clone(s.data.Followers)
	s.mu.Unlock()
	return func(yield func(string, error) bool) {
		for _, f := range list {
			if !yield(f, nil) {
				return
			}
		}
	}
}

// AddFollower records a follower.
func (s *state) AddFollower(_ context.Context, _, follower string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Pending = slices.DeleteFunc(s.data.Pending, func(p pending) bool { return p.Actor == follower })
	if !slices.Contains(s.data.Followers, follower) {
		s.data.Followers = append(s.data.Followers, follower)
	}
	return s.save()
}

// RemoveFollower forgets a follower, and a pending request of theirs.
func (s *state) RemoveFollower(_ context.Context, _, follower string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Followers = slices.DeleteFunc(s.data.Followers, func(f string) bool { return f == follower })
	s.data.Pending = slices.DeleteFunc(s.data.Pending, func(p pending) bool { return p.Actor == follower })
	return s.save()
}

// followerCount returns the number of followers.
func (s *state) followerCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.data.Followers)
}

// hold records a follow request for approval.
func (s *state) hold(p pending) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Pending = slices.DeleteFunc(s.data.Pending, func(q pending) bool { return q.Actor == p.Actor })
	s.data.Pending = append(s.data.Pending, p)
	return s.save()
}

// takePending removes and returns the pending request of actor.
func (s *state) takePending(actor string) (pending, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.data.Pending, func(p pending) bool { return p.Actor == actor })
	if i < 0 {
		return pending{}, false
	}
	p := s.data.Pending[i]
	s.data.Pending = slices.Delete(s.data.Pending, i, i+1)
	return p, true
}

// pendingList returns the pending follow requests.
func (s *state) pendingList() []pending {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.Pending)
}

// addPost records a new post and returns it.
func (s *state) addPost(content string, now time.Time) (post, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := post{ID: len(s.data.Posts) + 1, Content: content, Published: now.UTC().Truncate(time.Second)}
	s.data.Posts = append(s.data.Posts, p)
	return p, s.save()
}

// postByID returns post id.
func (s *state) postByID(id int) (post, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 1 || id > len(s.data.Posts) {
		return post{}, false
	}
	return s.data.Posts[id-1], true
}

// postsBefore returns up to limit posts, newest first, older than id
// (all, when id is 0), and the total.
func (s *state) postsBefore(id, limit int) ([]post, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.data.Posts)
	end := n
	if id > 0 && id-1 < n {
		end = id - 1
	}
	var out []post
	for i := end - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, s.data.Posts[i])
	}
	return out, n
}

// followersPage returns up to limit followers from offset.
func (s *state) followersPage(offset, limit int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if offset >= len(s.data.Followers) {
		return nil
	}
	return slices.Clone(s.data.Followers[offset:min(offset+limit, len(s.data.Followers))])
}
