package pgstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testLocalActor = "https://local.example/users/alice"
	testOtherActor = "https://local.example/users/bob"
)

// collectFollowers drains s.Followers(actor).
func collectFollowers(t *testing.T, s *FollowerStore, actor string) []string {
	t.Helper()
	var out []string
	for f, err := range s.Followers(t.Context(), actor) {
		require.NoError(t, err)
		out = append(out, f)
	}
	return out
}

func TestFollowerStore(t *testing.T) {
	t.Parallel()
	s := NewFollowerStore(storePool(t))
	ctx := t.Context()

	assert.Empty(t, collectFollowers(t, s, testLocalActor))
	n, err := s.Count(ctx, testLocalActor)
	require.NoError(t, err)
	assert.Zero(t, n)

	for _, f := range []string{"https://c.example/u/3", "https://a.example/u/1", "https://b.example/u/2"} {
		require.NoError(t, s.AddFollower(ctx, testLocalActor, f))
	}
	require.NoError(t, s.AddFollower(ctx, testLocalActor, "https://a.example/u/1"), "adding twice is not an error")
	require.NoError(t, s.AddFollower(ctx, testOtherActor, "https://z.example/u/9"))

	assert.Equal(t, []string{"https://c.example/u/3", "https://a.example/u/1", "https://b.example/u/2"},
		collectFollowers(t, s, testLocalActor), "in the order added; a repeated add keeps its place")
	assert.Equal(t, []string{"https://z.example/u/9"}, collectFollowers(t, s, testOtherActor))
	n, err = s.Count(ctx, testLocalActor)
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	require.NoError(t, s.RemoveFollower(ctx, testLocalActor, "https://a.example/u/1"))
	require.NoError(t, s.RemoveFollower(ctx, testLocalActor, "https://a.example/u/1"), "removing twice is not an error")
	require.NoError(t, s.RemoveFollower(ctx, "https://local.example/users/nobody", "https://a.example/u/1"))
	assert.Equal(t, []string{"https://c.example/u/3", "https://b.example/u/2"}, collectFollowers(t, s, testLocalActor))

	require.NoError(t, s.AddFollower(ctx, testLocalActor, "https://a.example/u/1"))
	assert.Equal(t, []string{"https://c.example/u/3", "https://b.example/u/2", "https://a.example/u/1"},
		collectFollowers(t, s, testLocalActor), "a follower added again goes to the end")
}

func TestFollowerStorePages(t *testing.T) {
	t.Parallel()
	s := NewFollowerStore(storePool(t))
	s.batch = 7
	ctx := t.Context()

	for _, total := range []int{0, 1, 6, 7, 8, 14, 15, 50} {
		actor := fmt.Sprintf("https://local.example/users/a%d", total)
		var want []string
		for i := range total {
			f := fmt.Sprintf("https://remote.example/users/%03d", total-i) // added in reverse name order
			require.NoError(t, s.AddFollower(ctx, actor, f))
			want = append(want, f)
		}
		assert.Equal(t, want, collectFollowers(t, s, actor), "%d followers", total)
	}
}

// The followers of an actor with many of them are read in batches.
func TestFollowerStoreMany(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	s := NewFollowerStore(pool)
	ctx := t.Context()
	const total = 100_000
	_, err := pool.Exec(ctx, `INSERT INTO fedikit_followers (actor, follower)
SELECT $1, 'https://remote.example/users/' || lpad(i::text, 6, '0') FROM generate_series(1, $2) AS i`,
		testLocalActor, total)
	require.NoError(t, err)

	n, err := s.Count(ctx, testLocalActor)
	require.NoError(t, err)
	assert.Equal(t, total, n)

	counting := &countingDB{DB: pool}
	s = NewFollowerStore(counting)
	i := 0
	for f, err := range s.Followers(ctx, testLocalActor) {
		require.NoError(t, err)
		i++
		require.Equal(t, fmt.Sprintf("https://remote.example/users/%06d", i), f)
	}
	assert.Equal(t, total, i)
	assert.Equal(t, total/followerBatch+1, counting.queries, "one query per batch of %d", followerBatch)
}

func TestFollowerStoreEarlyBreak(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	counting := &countingDB{DB: pool}
	s := NewFollowerStore(counting)
	s.batch = 3
	ctx := t.Context()
	for i := range 10 {
		require.NoError(t, s.AddFollower(ctx, testLocalActor, fmt.Sprintf("https://remote.example/users/%d", i)))
	}

	var got []string
	for f, err := range s.Followers(ctx, testLocalActor) {
		require.NoError(t, err)
		got = append(got, f)
		if len(got) == 4 {
			break
		}
	}
	assert.Len(t, got, 4)
	assert.Equal(t, 2, counting.queries, "no query after the break")
	assert.Equal(t, int32(0), pool.Stat().AcquiredConns(), "no connection left busy")
}

func TestFollowerStoreErrors(t *testing.T) {
	t.Parallel()
	s := NewFollowerStore(rawStorePool(t)) // not migrated
	ctx := t.Context()

	calls := 0
	for f, err := range s.Followers(ctx, testLocalActor) {
		calls++
		assert.Empty(t, f)
		require.ErrorContains(t, err, "pgstore: follower store: ")
	}
	assert.Equal(t, 1, calls, "the error is yielded once")
	require.ErrorContains(t, s.AddFollower(ctx, testLocalActor, "x"), "pgstore: follower store: add: ")
	require.ErrorContains(t, s.RemoveFollower(ctx, testLocalActor, "x"), "pgstore: follower store: remove: ")
	_, err := s.Count(ctx, testLocalActor)
	require.ErrorContains(t, err, "pgstore: follower store: count: ")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, err := range NewFollowerStore(storePool(t)).Followers(cancelled, testLocalActor) {
		require.ErrorIs(t, err, context.Canceled)
	}
	assert.Panics(t, func() { NewFollowerStore(nil) })
}

// A follower recorded in a transaction that rolls back is not recorded.
func TestFollowerStoreInTransaction(t *testing.T) {
	t.Parallel()
	pool := storePool(t)
	ctx := t.Context()

	errAbort := errors.New("abort")
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		s := NewFollowerStore(tx)
		require.NoError(t, s.AddFollower(ctx, testLocalActor, "https://remote.example/users/1"))
		assert.Equal(t, []string{"https://remote.example/users/1"}, collectFollowers(t, s, testLocalActor),
			"visible inside the transaction")
		return errAbort
	})
	require.ErrorIs(t, err, errAbort)
	assert.Empty(t, collectFollowers(t, NewFollowerStore(pool), testLocalActor))

	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return NewFollowerStore(tx).AddFollower(ctx, testLocalActor, "https://remote.example/users/2")
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"https://remote.example/users/2"}, collectFollowers(t, NewFollowerStore(pool), testLocalActor))
}

// countingDB counts the queries run through it.
type countingDB struct {
	DB
	queries int
}

func (c *countingDB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	c.queries++
	return c.DB.Query(ctx, sql, args...)
}

func TestFollowerStorePage(t *testing.T) {
	t.Parallel()
	s := NewFollowerStore(storePool(t))
	ctx := t.Context()
	for i := range 7 {
		require.NoError(t, s.AddFollower(ctx, testLocalActor, fmt.Sprintf("https://r.example/u/%d", i)))
	}
	require.NoError(t, s.AddFollower(ctx, testOtherActor, "https://r.example/u/other"))

	var got []string
	cursor, pages := "", 0
	for {
		page, next, err := s.Page(ctx, testLocalActor, cursor, 3)
		require.NoError(t, err)
		got = append(got, page...)
		pages++
		if next == "" {
			break
		}
		assert.Len(t, page, 3)
		cursor = next
	}
	assert.Equal(t, collectFollowers(t, s, testLocalActor), got)
	assert.Equal(t, 3, pages, "3 + 3 + 1")

	// A full last page says there is no next one.
	page, next, err := s.Page(ctx, testOtherActor, "", 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"https://r.example/u/other"}, page)
	assert.Empty(t, next)

	// Pages do not shift when a follower before the cursor goes.
	first, next, err := s.Page(ctx, testLocalActor, "", 3)
	require.NoError(t, err)
	require.NoError(t, s.RemoveFollower(ctx, testLocalActor, first[0]))
	second, _, err := s.Page(ctx, testLocalActor, next, 3)
	require.NoError(t, err)
	assert.Equal(t, got[3:6], second)

	for _, bad := range []string{"x", "-1", "1e3"} {
		_, _, err := s.Page(ctx, testLocalActor, bad, 3)
		assert.ErrorIs(t, err, ErrInvalidCursor, bad)
	}
	_, _, err = s.Page(ctx, testLocalActor, "", 0)
	assert.Error(t, err)
}
