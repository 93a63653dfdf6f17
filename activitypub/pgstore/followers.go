package pgstore

import (
	"context"
	"fmt"
	"iter"

	"github.com/fedikit/fedikit/activitypub"
)

// Compile-time check that FollowerStore is an activitypub.FollowerStore.
var _ activitypub.FollowerStore = (*FollowerStore)(nil)

// followerBatch is how many followers one query of
// [FollowerStore.Followers] reads.
const followerBatch = 1000

// FollowerStore is an [activitypub.FollowerStore] in the table
// fedikit_followers.
//
// Followers are yielded in the order they were added; a follower removed
// and added again moves to the end. They are read in batches of 1000
// (keyset pagination: each batch is one short query that starts after
// the last follower of the previous one), so iterating the followers of
// an actor with 100,000 of them neither holds memory for all of them nor
// keeps a connection busy while the caller works on a batch.
//
// A FollowerStore is safe for concurrent use.
type FollowerStore struct {
	db    DB
	batch int // followers per query; tests make it small
}

// NewFollowerStore returns a [FollowerStore] that runs its statements on
// db. The database must have been migrated with [Migrate].
func NewFollowerStore(db DB) *FollowerStore {
	if db == nil {
		panic("pgstore: NewFollowerStore called with a nil DB")
	}
	return &FollowerStore{db: db, batch: followerBatch}
}

// Followers yields the IRIs of the actors that follow actor, in the order
// they were added. An error is yielded once, and ends the sequence. A
// follower added while the sequence runs is yielded, at the end; one
// removed is not yielded if the sequence has not reached it. It implements
// [activitypub.FollowerStore].
func (s *FollowerStore) Followers(ctx context.Context, actor string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		after := int64(0)
		for {
			batch, last, err := s.followerPage(ctx, actor, after)
			if err != nil {
				yield("", err)
				return
			}
			for _, f := range batch {
				if !yield(f, nil) {
					return
				}
			}
			if len(batch) < s.batch {
				return
			}
			after = last
		}
	}
}

// followerPage reads the next batch of the followers of actor, those
// after the one whose seq is after, and returns them with the seq of the
// last one.
func (s *FollowerStore) followerPage(ctx context.Context, actor string, after int64) ([]string, int64, error) {
	rows, err := s.db.Query(ctx, `SELECT follower, seq FROM fedikit_followers
WHERE actor = $1 AND seq > $2 ORDER BY seq LIMIT $3`, actor, after, s.batch)
	if err != nil {
		return nil, 0, fmt.Errorf("pgstore: follower store: %w", err)
	}
	defer rows.Close()
	var (
		batch    []string
		follower string
		last     int64
	)
	for rows.Next() {
		if err := rows.Scan(&follower, &last); err != nil {
			return nil, 0, fmt.Errorf("pgstore: follower store: %w", err)
		}
		batch = append(batch, follower)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("pgstore: follower store: %w", err)
	}
	return batch, last, nil
}

// AddFollower records that follower follows actor. Adding a follower
// twice is not an error, and keeps its place. It implements
// [activitypub.FollowerStore].
func (s *FollowerStore) AddFollower(ctx context.Context, actor, follower string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO fedikit_followers (actor, follower) VALUES ($1, $2)
ON CONFLICT (actor, follower) DO NOTHING`, actor, follower)
	if err != nil {
		return fmt.Errorf("pgstore: follower store: add: %w", err)
	}
	return nil
}

// RemoveFollower records that follower no longer follows actor. Removing
// a follower that is not there is not an error. It implements
// [activitypub.FollowerStore].
func (s *FollowerStore) RemoveFollower(ctx context.Context, actor, follower string) error {
	_, err := s.db.Exec(ctx, "DELETE FROM fedikit_followers WHERE actor = $1 AND follower = $2", actor, follower)
	if err != nil {
		return fmt.Errorf("pgstore: follower store: remove: %w", err)
	}
	return nil
}

// Count returns how many actors follow actor.
func (s *FollowerStore) Count(ctx context.Context, actor string) (int, error) {
	var n int
	if err := s.db.QueryRow(ctx, "SELECT count(*) FROM fedikit_followers WHERE actor = $1", actor).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgstore: follower store: count: %w", err)
	}
	return n, nil
}
