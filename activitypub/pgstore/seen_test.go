package pgstore

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeenStore(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	s := NewSeenStore(pool)
	ctx := t.Context()
	const id = "https://remote.example/activities/1"

	seen, err := s.Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	assert.False(t, seen, "a new id")
	seen, err = s.Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	assert.True(t, seen, "recorded within the ttl")

	seen, err = s.Seen(ctx, "https://remote.example/activities/2", time.Hour)
	require.NoError(t, err)
	assert.False(t, seen)

	// Once the ttl has passed, the id counts as new and is recorded again.
	_, err = pool.Exec(ctx, "UPDATE fedikit_seen SET seen_at = seen_at - interval '2 hours' WHERE id = $1", id)
	require.NoError(t, err)
	seen, err = s.Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	assert.False(t, seen, "recorded longer ago than the ttl")
	seen, err = s.Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	assert.True(t, seen, "recorded again")

	// A ttl of zero never reports an id as seen.
	seen, err = s.Seen(ctx, id, 0)
	require.NoError(t, err)
	assert.False(t, seen)
}

func TestSeenStoreForget(t *testing.T) {
	t.Parallel()
	s := NewSeenStore(storePool(t))
	ctx := t.Context()
	const id = "https://remote.example/activities/1"

	_, err := s.Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	require.NoError(t, s.Forget(ctx, id))
	seen, err := s.Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	assert.False(t, seen, "a forgotten id is new again")

	require.NoError(t, s.Forget(ctx, "https://remote.example/never-seen"))
}

func TestSeenStoreLongIDs(t *testing.T) {
	t.Parallel()
	s := NewSeenStore(storePool(t))
	ctx := t.Context()
	long := "https://remote.example/" + strings.Repeat("x", 100_000)

	seen, err := s.Seen(ctx, long, time.Hour)
	require.NoError(t, err)
	assert.False(t, seen)
	seen, err = s.Seen(ctx, long, time.Hour)
	require.NoError(t, err)
	assert.True(t, seen)
	seen, err = s.Seen(ctx, long+"y", time.Hour)
	require.NoError(t, err)
	assert.False(t, seen)
}

// Concurrent calls for one id, new or expired, report it unseen exactly once.
func TestSeenStoreConcurrent(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	cfg := pool.Config().Copy()
	cfg.MaxConns = 50 // as many connections as goroutines
	wide, err := pgxpool.NewWithConfig(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(wide.Close)
	s := NewSeenStore(wide)
	ctx := t.Context()

	for round := range 10 {
		id := "https://remote.example/activities/" + string(rune('a'+round))
		if round%2 == 1 {
			// An old record of the id, past the ttl: it is new again.
			_, err := s.Seen(ctx, id, time.Hour)
			require.NoError(t, err)
			_, err = pool.Exec(ctx, "UPDATE fedikit_seen SET seen_at = seen_at - interval '2 hours' WHERE id = $1", id)
			require.NoError(t, err)
		}
		const n = 50
		var unseen atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range n {
			wg.Go(func() {
				<-start
				seen, err := s.Seen(ctx, id, time.Hour)
				if assert.NoError(t, err) && !seen {
					unseen.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		assert.Equal(t, int32(1), unseen.Load(), "round %d", round)
	}
}

func TestSeenStorePrune(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	s := NewSeenStore(pool)
	ctx := t.Context()

	for _, id := range []string{"a", "b", "c"} {
		_, err := s.Seen(ctx, id, time.Hour)
		require.NoError(t, err)
	}
	_, err := pool.Exec(ctx, "UPDATE fedikit_seen SET seen_at = seen_at - interval '3 days' WHERE id IN ('a', 'b')")
	require.NoError(t, err)

	n, err := s.Prune(ctx, 48*time.Hour)
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	rows, err := pool.Query(ctx, "SELECT id FROM fedikit_seen")
	require.NoError(t, err)
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, left)

	n, err = s.Prune(ctx, 48*time.Hour)
	require.NoError(t, err)
	assert.Zero(t, n)
}

// A SeenStore over a transaction records only if the transaction commits.
func TestSeenStoreInTransaction(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	ctx := t.Context()
	const id = "https://remote.example/activities/1"

	tx, err := pool.Begin(ctx)
	require.NoError(t, err)
	seen, err := NewSeenStore(tx).Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	assert.False(t, seen)
	require.NoError(t, tx.Rollback(ctx))

	seen, err = NewSeenStore(pool).Seen(ctx, id, time.Hour)
	require.NoError(t, err)
	assert.False(t, seen, "the rolled back record is gone")
}

func TestSeenStoreErrors(t *testing.T) {
	t.Parallel()
	s := NewSeenStore(rawStorePool(t)) // not migrated
	_, err := s.Seen(t.Context(), "x", time.Hour)
	require.ErrorContains(t, err, "pgstore: seen store: ")
	require.ErrorContains(t, s.Forget(t.Context(), "x"), "pgstore: seen store: forget: ")
	_, err = s.Prune(t.Context(), time.Hour)
	require.ErrorContains(t, err, "pgstore: seen store: prune: ")
	assert.Panics(t, func() { NewSeenStore(nil) })
}
