package pgstore

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"

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
			batch, seqs, err := s.followerPage(ctx, actor, after, s.batch)
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
			after = seqs[len(seqs)-1]
		}
	}
}

// followerPage reads up to limit followers of actor, those after the one
// whose seq is after, and returns them with their seqs.
func (s *FollowerStore) followerPage(ctx context.Context, actor string, after int64, limit int) ([]string, []int64, error) {
	rows, err := s.db.Query(ctx, `SELECT follower, seq FROM fedikit_followers
WHERE actor = $1 AND seq > $2 ORDER BY seq LIMIT $3`, actor, after, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("pgstore: follower store: %w", err)
	}
	defer rows.Close()
	var (
		followers []string
		seqs      []int64
		follower  string
		seq       int64
	)
	for rows.Next() {
		if err := rows.Scan(&follower, &seq); err != nil {
			return nil, nil, fmt.Errorf("pgstore: follower store: %w", err)
		}
		followers = append(followers, follower)
		seqs = append(seqs, seq)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("pgstore: follower store: %w", err)
	}
	return followers, seqs, nil
}

// ErrInvalidCursor is the error of [FollowerStore.Page] for a cursor it
// did not make.
var ErrInvalidCursor = errors.New("pgstore: invalid cursor")

// Page returns up to limit followers of actor, in the order they were
// added, from cursor on: "" for the first page, else the next cursor of
// the page before. next is "" after the last page. A follower added
// between two pages appears on a later one, and a follower removed is
// not skipped over: pages do not shift as the list changes, which makes
// Page the source of an [activitypub.CollectionHandler]'s pages.
func (s *FollowerStore) Page(ctx context.Context, actor, cursor string, limit int) (followers []string, next string, err error) {
	after := int64(0)
	if cursor != "" {
		after, err = strconv.ParseInt(cursor, 10, 64)
		if err != nil || after < 0 {
			return nil, "", fmt.Errorf("%w %q", ErrInvalidCursor, cursor)
		}
	}
	if limit <= 0 {
		return nil, "", fmt.Errorf("pgstore: follower store: page limit %d", limit)
	}
	// One more than asked, to know whether a page follows.
	page, seqs, err := s.followerPage(ctx, actor, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	if len(page) <= limit {
		return page, "", nil
	}
	// The cursor is the seq of the last follower returned.
	return page[:limit], strconv.FormatInt(seqs[limit-1], 10), nil
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
