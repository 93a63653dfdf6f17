package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/fedikit/fedikit/activitypub"
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

// errBadCursor is the error of followersPage for a cursor it did not
// make.
var errBadCursor = errors.New("fedserver: invalid cursor")

// state is what the server keeps: the account's key, its followers, the
// follow requests held for approval and its posts, and where the
// federation layer keeps its own state. The server has one account; the
// actor arguments of the FollowerStore methods are always its actor.
//
// fileState keeps it in memory and in the data file (this file);
// pgState in PostgreSQL (pgstate.go). Both are safe for concurrent use.
type state interface {
	// key returns the account's signing key.
	key() *activitypub.ActorKey

	// FollowerStore is for the Deliverer, which expands the followers
	// collection through it, and for the inbox handlers. Adding or
	// removing a follower also drops a pending request of theirs.
	activitypub.FollowerStore
	// followerCount and followersPage serve the followers collection.
	followerCount(ctx context.Context) (int, error)
	// The cursor of followersPage is "" for the first page, else the
	// next cursor of the page before; a cursor it did not make is
	// errBadCursor. next is "" after the last page.
	followersPage(ctx context.Context, cursor string, limit int) (page []string, next string, err error)

	// hold records a follow request for approval, takePending removes
	// and returns that of actor, pendingList lists them.
	hold(ctx context.Context, p pending) error
	takePending(ctx context.Context, actor string) (pending, bool, error)
	pendingList(ctx context.Context) ([]pending, error)

	// publish records a new post of content, published at now, and
	// queues through d the deliveries of its Create activity, which
	// create builds. It returns the activity and d's report.
	publish(ctx context.Context, d *activitypub.Deliverer, content string, now time.Time,
		create func(post) (*activitypub.Document, error)) (*activitypub.Document, *activitypub.Report, error)
	// postByID returns post id. postsBefore returns up to limit posts,
	// newest first, older than post id (all, when id is 0), and how many
	// posts there are.
	postByID(ctx context.Context, id int) (post, bool, error)
	postsBefore(ctx context.Context, id, limit int) ([]post, int, error)

	// queue, seen and keyCache are the stores the federation layer
	// uses: the Deliverer's queue, the inbox's record of the activities
	// seen, the cache of remote keys. Nil means the library's in-memory
	// ones.
	queue() activitypub.Enqueuer
	seen() activitypub.SeenStore
	keyCache() httpsig.KeyCacheStore
	// work sends the queued deliveries through d, and does whatever
	// else the state needs done in the background, until ctx is done;
	// it returns once that work has stopped.
	work(ctx context.Context, d *activitypub.Deliverer) error
}

// stateFile is what the data file holds.
type stateFile struct {
	PrivateKey string    `json:"private_key"` // PKCS#8 PEM
	Followers  []string  `json:"followers"`
	Pending    []pending `json:"pending"`
	Posts      []post    `json:"posts"`
}

// fileState is a state kept in memory and written to a file after every
// change. The federation layer's own state stays in memory.
type fileState struct {
	path string // "" keeps everything in memory
	ak   *activitypub.ActorKey

	mu   sync.Mutex
	data stateFile
}

// loadState reads the data file at path, or starts a new one with a new
// key for actor when there is none.
func loadState(path, actor string) (*fileState, error) {
	s := &fileState{path: path}
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
		s.ak = &activitypub.ActorKey{ID: mainKeyID(actor), Owner: actor, Signer: k}
		return s, nil
	}
	k, err := activitypub.GenerateRSAKey(actor, mainKeyID(actor))
	if err != nil {
		return nil, err
	}
	pemKey, err := httpsig.MarshalPrivateKeyPEM(k.Signer)
	if err != nil {
		return nil, err
	}
	s.ak, s.data.PrivateKey = k, string(pemKey)
	return s, s.save()
}

// mainKeyID is the id of the key of actor, as Mastodon names it.
func mainKeyID(actor string) string { return actor + "#main-key" }

// save writes the data file (the caller holds mu, or owns s alone). The
// file is replaced in one rename, so that a crash leaves the old or the
// new one, and is readable by its owner only: it holds the private key.
func (s *fileState) save() error {
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

func (s *fileState) key() *activitypub.ActorKey { return s.ak }

// Followers yields the followers of the account.
func (s *fileState) Followers(_ context.Context, _ string) iter.Seq2[string, error] {
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
func (s *fileState) AddFollower(_ context.Context, _, follower string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Pending = slices.DeleteFunc(s.data.Pending, func(p pending) bool { return p.Actor == follower })
	if !slices.Contains(s.data.Followers, follower) {
		s.data.Followers = append(s.data.Followers, follower)
	}
	return s.save()
}

// RemoveFollower forgets a follower, and a pending request of theirs.
func (s *fileState) RemoveFollower(_ context.Context, _, follower string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Followers = slices.DeleteFunc(s.data.Followers, func(f string) bool { return f == follower })
	s.data.Pending = slices.DeleteFunc(s.data.Pending, func(p pending) bool { return p.Actor == follower })
	return s.save()
}

func (s *fileState) followerCount(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.data.Followers), nil
}

// followersPage pages the followers by offset: the cursor is the index
// of the first follower of the page.
func (s *fileState) followersPage(_ context.Context, cursor string, limit int) ([]string, string, error) {
	offset := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 0 {
			return nil, "", errBadCursor
		}
		offset = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if offset >= len(s.data.Followers) {
		return nil, "", nil
	}
	end := min(offset+limit, len(s.data.Followers))
	next := ""
	if end < len(s.data.Followers) {
		next = strconv.Itoa(end)
	}
	return slices.Clone(s.data.Followers[offset:end]), next, nil
}

func (s *fileState) hold(_ context.Context, p pending) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.Pending = slices.DeleteFunc(s.data.Pending, func(q pending) bool { return q.Actor == p.Actor })
	s.data.Pending = append(s.data.Pending, p)
	return s.save()
}

func (s *fileState) takePending(_ context.Context, actor string) (pending, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.data.Pending, func(p pending) bool { return p.Actor == actor })
	if i < 0 {
		return pending{}, false, nil
	}
	p := s.data.Pending[i]
	s.data.Pending = slices.Delete(s.data.Pending, i, i+1)
	return p, true, s.save()
}

func (s *fileState) pendingList(context.Context) ([]pending, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.Pending), nil
}

// publish records the post, then has d queue its deliveries in memory.
func (s *fileState) publish(ctx context.Context, d *activitypub.Deliverer, content string, now time.Time,
	create func(post) (*activitypub.Document, error)) (*activitypub.Document, *activitypub.Report, error) {
	p, err := s.addPost(content, now)
	if err != nil {
		return nil, nil, err
	}
	activity, err := create(p)
	if err != nil {
		return nil, nil, err
	}
	rep, err := d.Deliver(ctx, activity)
	return activity, rep, err
}

// addPost records a new post and returns it.
func (s *fileState) addPost(content string, now time.Time) (post, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := post{ID: len(s.data.Posts) + 1, Content: content, Published: now.UTC().Truncate(time.Second)}
	s.data.Posts = append(s.data.Posts, p)
	return p, s.save()
}

func (s *fileState) postByID(_ context.Context, id int) (post, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 1 || id > len(s.data.Posts) {
		return post{}, false, nil
	}
	return s.data.Posts[id-1], true, nil
}

func (s *fileState) postsBefore(_ context.Context, id, limit int) ([]post, int, error) {
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
	return out, n, nil
}

func (s *fileState) queue() activitypub.Enqueuer     { return nil }
func (s *fileState) seen() activitypub.SeenStore     { return nil }
func (s *fileState) keyCache() httpsig.KeyCacheStore { return nil }

// work runs the Deliverer on its in-memory queue.
func (s *fileState) work(ctx context.Context, d *activitypub.Deliverer) error { return d.Run(ctx) }
