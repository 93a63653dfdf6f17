package activitypub

import (
	"context"
	"iter"
	"slices"
	"sync"
)

// FollowerStore keeps who follows each local actor. A [Deliverer] reads it
// to expand an actor's followers collection into the followers' inboxes.
// The in-memory [NewMemoryFollowerStore] is the default; a server keeps its
// followers in its own database and implements FollowerStore over it.
// Implementations must be safe for concurrent use.
type FollowerStore interface {
	// Followers yields the IRIs of the actors that follow actor. An error
	// is yielded once, and ends the sequence.
	Followers(ctx context.Context, actor string) iter.Seq2[string, error]
	// AddFollower records that follower follows actor. Adding a follower
	// twice is not an error.
	AddFollower(ctx context.Context, actor, follower string) error
	// RemoveFollower records that follower no longer follows actor.
	// Removing a follower that is not there is not an error.
	RemoveFollower(ctx context.Context, actor, follower string) error
}

// NewMemoryFollowerStore returns a [FollowerStore] kept in memory, which
// yields followers in the order they were added. It is safe for
// concurrent use.
func NewMemoryFollowerStore() FollowerStore {
	return &memoryFollowers{byActor: make(map[string]*followerList)}
}

// memoryFollowers is the FollowerStore of NewMemoryFollowerStore.
type memoryFollowers struct {
	mu      sync.RWMutex
	byActor map[string]*followerList
}

// followerList is the followers of one actor, in the order they were
// added, with a set for membership.
type followerList struct {
	order []string
	set   map[string]struct{}
}

// Followers implements [FollowerStore].
func (s *memoryFollowers) Followers(ctx context.Context, actor string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if err := ctx.Err(); err != nil {
			yield("", err)
			return
		}
		var list []string
		s.mu.RLock()
		if l := s.byActor[actor]; l != nil {
			list = slices.Clone(l.order)
		}
		s.mu.RUnlock()
		for _, f := range list {
			if !yield(f, nil) {
				return
			}
		}
	}
}

// AddFollower implements [FollowerStore].
func (s *memoryFollowers) AddFollower(ctx context.Context, actor, follower string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.byActor[actor]
	if l == nil {
		l = &followerList{set: make(map[string]struct{})}
		s.byActor[actor] = l
	}
	if _, ok := l.set[follower]; !ok {
		l.set[follower] = struct{}{}
		l.order = append(l.order, follower)
	}
	return nil
}

// RemoveFollower implements [FollowerStore].
func (s *memoryFollowers) RemoveFollower(ctx context.Context, actor, follower string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.byActor[actor]
	if l == nil {
		return nil
	}
	if _, ok := l.set[follower]; !ok {
		return nil
	}
	delete(l.set, follower)
	l.order = slices.DeleteFunc(l.order, func(f string) bool { return f == follower })
	if len(l.order) == 0 {
		delete(s.byActor, actor)
	}
	return nil
}
