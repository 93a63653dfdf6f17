package activitypub

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// SeenStore remembers the activities an [Inbox] has accepted, so that a
// delivery repeated by a retrying sender is handled once. The inbox keys
// an activity by its id or, for an id on another origin than its actor,
// by the actor's origin, a space and the id, so that one server cannot
// mark another's activities as seen.
//
// A SeenStore that also implements [SeenForgetter] has an id forgotten
// again when its activity could not be handled, so that the sender's
// retry is. An implementation must be safe for concurrent use.
type SeenStore interface {
	// Seen reports whether id was recorded within ttl, and records it
	// (again) with the current time.
	Seen(ctx context.Context, id string, ttl time.Duration) (bool, error)
}

// SeenForgetter is implemented by a [SeenStore] that can forget an id.
type SeenForgetter interface {
	// Forget removes id, as if it had never been recorded.
	Forget(ctx context.Context, id string) error
}

// NewMemorySeenStore returns a SeenStore in memory that holds at most max
// ids (10,000 when max is not positive), forgetting the least recently
// recorded first. It implements [SeenForgetter] and is safe for
// concurrent use. Its ids do not survive a restart.
func NewMemorySeenStore(max int) SeenStore {
	if max <= 0 {
		max = 10000
	}
	return &memorySeen{max: max, byID: make(map[string]*list.Element), order: list.New(), now: time.Now}
}

// memorySeen is an LRU of ids with the time each was last recorded.
type memorySeen struct {
	max int
	now func() time.Time

	mu    sync.Mutex
	byID  map[string]*list.Element
	order *list.List // of *seenEntry, most recently recorded first
}

type seenEntry struct {
	id string
	at time.Time
}

func (m *memorySeen) Seen(_ context.Context, id string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if el, ok := m.byID[id]; ok {
		e := el.Value.(*seenEntry)
		if now.Sub(e.at) < ttl {
			return true, nil
		}
		e.at = now
		m.order.MoveToFront(el)
		return false, nil
	}
	m.byID[id] = m.order.PushFront(&seenEntry{id: id, at: now})
	for m.order.Len() > m.max {
		oldest := m.order.Back()
		m.order.Remove(oldest)
		delete(m.byID, oldest.Value.(*seenEntry).id)
	}
	return false, nil
}

func (m *memorySeen) Forget(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.byID[id]; ok {
		m.order.Remove(el)
		delete(m.byID, id)
	}
	return nil
}
