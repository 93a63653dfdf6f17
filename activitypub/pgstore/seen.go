package pgstore

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fedikit/fedikit/activitypub"
)

// Compile-time checks that SeenStore fills the roles the inbox asks of it.
var (
	_ activitypub.SeenStore     = (*SeenStore)(nil)
	_ activitypub.SeenForgetter = (*SeenStore)(nil)
)

// SeenStore is an [activitypub.SeenStore] in the table fedikit_seen, so that
// every process of a server sees the activities the others have accepted.
// It also implements [activitypub.SeenForgetter].
//
// Times are the database server's clock, so that processes whose clocks
// differ agree. Rows stay until [SeenStore.Prune] deletes them; call it
// from time to time (daily, say) with the longest ttl the inbox uses.
//
// A SeenStore is safe for concurrent use, by any number of processes.
type SeenStore struct {
	db DB
}

// NewSeenStore returns a [SeenStore] that runs its statements on db. The
// database must have been migrated with [Migrate].
func NewSeenStore(db DB) *SeenStore {
	if db == nil {
		panic("pgstore: NewSeenStore called with a nil DB")
	}
	return &SeenStore{db: db}
}

// seenUpsert records an id unless it was recorded less than $4
// microseconds ago, and returns a row only when it did record it. A
// conflicting insert waits for the other transaction, then re-checks the
// condition on the committed row, so of two concurrent calls for one id
// exactly one records it.
const seenUpsert = `INSERT INTO fedikit_seen AS s (id_hash, id, seen_at)
VALUES ($1, $2, statement_timestamp())
ON CONFLICT (id_hash) DO UPDATE SET seen_at = EXCLUDED.seen_at
WHERE $3 OR s.seen_at <= EXCLUDED.seen_at - $4::bigint * interval '1 microsecond'
RETURNING true`

// Seen reports whether id was recorded within ttl, and records it now
// when it was not. It implements [activitypub.SeenStore] in one
// statement, so concurrent calls for one new id, in one process or
// several, report false exactly once.
func (s *SeenStore) Seen(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	h := sha256.Sum256([]byte(id))
	var recorded bool
	err := s.db.QueryRow(ctx, seenUpsert, h[:], id, ttl <= 0, ttl.Microseconds()).Scan(&recorded)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("pgstore: seen store: %w", err)
	}
	return false, nil
}

// Forget removes id, as if it had never been recorded. It implements
// [activitypub.SeenForgetter].
func (s *SeenStore) Forget(ctx context.Context, id string) error {
	h := sha256.Sum256([]byte(id))
	if _, err := s.db.Exec(ctx, "DELETE FROM fedikit_seen WHERE id_hash = $1", h[:]); err != nil {
		return fmt.Errorf("pgstore: seen store: forget: %w", err)
	}
	return nil
}

// Prune deletes the ids recorded more than olderThan ago and returns how
// many it deleted. olderThan should be at least the ttl the inbox passes
// to Seen, or activities could be handled twice.
func (s *SeenStore) Prune(ctx context.Context, olderThan time.Duration) (int64, error) {
	tag, err := s.db.Exec(ctx,
		"DELETE FROM fedikit_seen WHERE seen_at < statement_timestamp() - $1::bigint * interval '1 microsecond'",
		olderThan.Microseconds())
	if err != nil {
		return 0, fmt.Errorf("pgstore: seen store: prune: %w", err)
	}
	return tag.RowsAffected(), nil
}
