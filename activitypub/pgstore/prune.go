package pgstore

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// PruneKind is the River job kind of the periodic pruning of the stores.
const PruneKind = "fedikit_prune"

// Defaults of the pruning options of [QueueOptions].
const (
	DefaultPruneInterval = time.Hour
	DefaultSeenRetention = 48 * time.Hour
)

// pruneArgs is the payload of a pruning job: none.
type pruneArgs struct{}

// Kind implements river.JobArgs.
func (pruneArgs) Kind() string { return PruneKind }

// pruneWorker deletes what the stores no longer need: the seen activity
// ids older than the retention, and the expired entries of the key
// cache.
type pruneWorker struct {
	river.WorkerDefaults[pruneArgs]
	q *Queue
}

// Work prunes the seen store and the key cache once.
func (w *pruneWorker) Work(ctx context.Context, job *river.Job[pruneArgs]) error {
	q := w.q
	seen, err := NewSeenStore(q.pool).Prune(ctx, q.opts.SeenRetention)
	if err != nil {
		return err
	}
	keys, err := NewKeyCacheStore(q.pool).Prune(ctx)
	if err != nil {
		return err
	}
	q.log.DebugContext(ctx, "pgstore: pruned the stores",
		slog.Int64("seen_ids", seen), slog.Int64("key_cache_entries", keys))
	return nil
}

// prunePeriodicJob returns the periodic job that prunes the stores every
// interval, once for all the processes (River's leader inserts it), and
// once when the leader starts.
func prunePeriodicJob(queue string, interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval), func() (river.JobArgs, *river.InsertOpts) {
		return pruneArgs{}, &river.InsertOpts{
			Queue:       queue,
			MaxAttempts: 3,
			UniqueOpts:  river.UniqueOpts{ByPeriod: interval},
		}
	}, &river.PeriodicJobOpts{ID: PruneKind, RunOnStart: true})
}

// checkPruneOptions fills in the pruning defaults of o.
func checkPruneOptions(o *QueueOptions) error {
	if o.PruneInterval == 0 {
		o.PruneInterval = DefaultPruneInterval
	}
	if o.SeenRetention == 0 {
		o.SeenRetention = DefaultSeenRetention
	}
	if o.SeenRetention < 0 {
		return fmt.Errorf("pgstore: negative SeenRetention %s", o.SeenRetention)
	}
	return nil
}
