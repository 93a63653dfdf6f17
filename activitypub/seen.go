package activitypub

import (
	"context"
	"sync"
	"time"
)

// SeenStore remembers the ids of activities an inbox has accepted, so
// that a delivery repeated by a retrying sender is handled once.
type SeenStore interface {
	// Seen reports whether id was recorded within ttl, and records it.
	Seen(ctx context.Context, id string, ttl time.Duration) (bool, error)
}

// NewMemorySeenStore returns a SeenStore in memory that holds at most max
// ids (10,000 when max is not positive), forgetting the oldest first. It
// is safe for concurrent use.
func NewMemorySeenStore(max int) SeenStore {
	if max <= 0 {
		max = 10000
	}
	return &memorySeen{max: max, at: make(map[string]time.Time), now: time.Now}
}

type memorySeen struct {
	mu    sync.Mutex
	max   int
	at    map[string]time.Time
	order []string // ids in the order they were recorded
	now   func() time.Time
}

func (m *memorySeen) Seen(_ context.Context, id string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if t, ok := m.at[id]; ok && now.Sub(t) < ttl {
		return true, nil
	}
	if _, ok := m.at[id]; !ok {
		m.order = append(m.order, id)
	}
	m.at[id] = now
	for len(m.at) > m.max && len(m.order) > 0 {
		delete(m.at, m.order[0])
		m.order = m.order[1:]
	}
	return false, nil
}
