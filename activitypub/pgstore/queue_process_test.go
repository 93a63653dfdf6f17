package pgstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/activitypub/pgstore/pgtest"
)

// The tests here run deliveries in worker processes: the test binary run
// again as TestWorkerProcess, which the parent kills or stops.

const (
	envWorkerDB      = "PGSTORE_TEST_WORKER_DB"
	envWorkerWorkers = "PGSTORE_TEST_WORKER_WORKERS"
	// envFullScale makes the crash test run at the size the issue names
	// even under the race detector or -short.
	envFullScale = "PGSTORE_TEST_FULL_SCALE"
)

// TestWorkerProcess is the body of a worker process: it works the queue
// of the database named by $PGSTORE_TEST_WORKER_DB until SIGTERM, then
// stops gracefully. It is skipped in a normal test run.
func TestWorkerProcess(t *testing.T) {
	dsn := os.Getenv(envWorkerDB)
	if dsn == "" {
		t.Skip("the body of the worker processes of the process tests")
	}
	workers, _ := strconv.Atoi(os.Getenv(envWorkerWorkers))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	cfg, err := pgxpool.ParseConfig(dsn)
	require.NoError(t, err)
	cfg.MaxConns = 30
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	defer pool.Close()
	d := newTestDeliverer(t, func(o *activitypub.DelivererOptions) {
		o.MaxConcurrency = 1000
	})
	q, err := NewQueue(pool, &QueueOptions{
		Workers:           workers,
		JobTimeout:        4 * time.Second,
		RescueAfter:       5 * time.Second,
		FetchPollInterval: 100 * time.Millisecond,
	})
	require.NoError(t, err)
	require.NoError(t, q.Start(context.Background(), d))
	fmt.Println("worker ready")
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(t, q.Stop(sctx))
	s, err := q.Stats(context.Background())
	require.NoError(t, err)
	fmt.Printf("worker stopped: %d attempts, %d delivered, %d retries\n", s.Attempts, s.Delivered, s.Retries)
}

// workerProc is a running worker process.
type workerProc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
}

// startWorker starts a worker process on the database dsn, with workers
// concurrent deliveries, and waits until it works.
func startWorker(t *testing.T, dsn string, workers int) *workerProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerProcess$", "-test.count=1", "-test.timeout=0")
	cmd.Env = append(os.Environ(),
		envWorkerDB+"="+dsn,
		envWorkerWorkers+"="+strconv.Itoa(workers),
		"FEDIKIT_TEST_POSTGRES_URL="+pgtest.URL(),
	)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	w := &workerProc{cmd: cmd, done: make(chan error, 1)}
	cmd.Stderr = &lockedWriter{w: w}
	require.NoError(t, cmd.Start())
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		once := sync.Once{}
		for sc.Scan() {
			line := sc.Text()
			w.mu.Lock()
			w.out.WriteString(line + "\n")
			w.mu.Unlock()
			if line == "worker ready" {
				once.Do(func() { close(ready) })
			}
		}
		w.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("worker %d output:\n%s", cmd.Process.Pid, w.output())
		}
	})
	select {
	case <-ready:
	case err := <-w.done:
		t.Fatalf("worker process ended before it was ready: %v\n%s", err, w.output())
	case <-time.After(60 * time.Second):
		t.Fatalf("worker process not ready:\n%s", w.output())
	}
	return w
}

func (w *workerProc) output() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.String()
}

// kill ends the process with SIGKILL: no clean-up of any kind.
func (w *workerProc) kill(t *testing.T) {
	t.Helper()
	require.NoError(t, w.cmd.Process.Signal(syscall.SIGKILL))
	<-w.done
}

// stop asks the process to stop gracefully and waits for it.
func (w *workerProc) stop(t *testing.T) {
	t.Helper()
	require.NoError(t, w.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-w.done:
		require.NoError(t, err, "worker output:\n%s", w.output())
	case <-time.After(60 * time.Second):
		t.Fatalf("worker did not stop:\n%s", w.output())
	}
}

// lockedWriter appends to a worker's output.
type lockedWriter struct{ w *workerProc }

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.w.mu.Lock()
	defer l.w.mu.Unlock()
	return l.w.out.Write(p)
}

// unfinished counts the jobs not yet completed or dead.
func unfinished(t testing.TB, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job
		WHERE kind = $1 AND state NOT IN ('completed', 'cancelled', 'discarded')`, DeliveryKind).Scan(&n))
	return n
}

// enqueueAll queues activities deliveries to every inbox, one Enqueue per
// activity, and returns the time it took.
func enqueueAll(t testing.TB, q *Queue, activities int, inboxes []string) time.Duration {
	t.Helper()
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for n := range next {
				if err := q.Enqueue(context.Background(), testJobs(n, inboxes)...); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for n := range activities {
		next <- n
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	return time.Since(start)
}

// TestCrashLosesNothing queues the deliveries of 2,000 activities to 200
// inboxes, kills the worker process with SIGKILL part way, and starts
// another: every inbox gets every activity, and the inboxes' dedupe
// means none is processed twice. Under the race detector, or with -short,
// it runs at a tenth of the size unless $PGSTORE_TEST_FULL_SCALE is set;
// CI runs it at full size without the race detector.
func TestCrashLosesNothing(t *testing.T) {
	activities, inboxCount := 2000, 200
	if (raceEnabled || testing.Short()) && os.Getenv(envFullScale) == "" {
		activities, inboxCount = 200, 20
	}
	total := int64(activities * inboxCount)
	pool, dsn := newTestDB(t)
	farm := newInboxFarm(t, inboxCount, true)
	q, err := NewQueue(pool, nil)
	require.NoError(t, err)

	took := enqueueAll(t, q, activities, farm.URLs)
	t.Logf("queued %d deliveries in %v (%.0f/s)", total, took.Round(time.Millisecond), float64(total)/took.Seconds())
	require.EqualValues(t, total, unfinished(t, pool))

	start := time.Now()
	w1 := startWorker(t, dsn, 100)
	waitFor(t, "40% of the deliveries", 10*time.Minute, func() bool { return farm.processed.Load() >= total*2/5 })
	w1.kill(t)
	atKill := farm.processed.Load()
	states := jobStates(t, pool)
	t.Logf("killed the worker after %v with %d of %d delivered; jobs by state: %v", time.Since(start).Round(time.Millisecond), atKill, total, states)
	require.Less(t, atKill, total, "the worker was killed before it finished")

	w2 := startWorker(t, dsn, 100)
	waitFor(t, "every delivery", 10*time.Minute, func() bool {
		return farm.processed.Load() == total && unfinished(t, pool) == 0
	})
	elapsed := time.Since(start)
	w2.stop(t)

	pairs, repeats := farm.tally()
	assert.EqualValues(t, total, pairs, "every inbox received every activity; missing: %v", farm.missing(activities, 10))
	assert.EqualValues(t, total, farm.processed.Load(), "each processed once")
	assert.Zero(t, farm.badSig.Load(), "every delivery was signed")
	states = jobStates(t, pool)
	assert.Equal(t, map[string]int{"completed": int(total)}, states, "no dead letters")
	t.Logf("all %d deliveries done in %v (%.0f/s) with %d repeated receptions dropped by dedupe", total,
		elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), repeats)
}

// TestTwoWorkerProcesses works one queue with one worker process, then
// another queue with two: each delivery happens once, and two processes
// deliver faster than one when the inboxes are slow to answer.
func TestTwoWorkerProcesses(t *testing.T) {
	const activities, inboxCount, workers = 100, 40, 16
	delay := 20 * time.Millisecond
	if raceEnabled {
		delay = 60 * time.Millisecond
	}
	total := int64(activities * inboxCount)
	run := func(procs int) time.Duration {
		pool, dsn := newTestDB(t)
		farm := newInboxFarm(t, inboxCount, false)
		farm.Delay = delay
		q, err := NewQueue(pool, nil)
		require.NoError(t, err)
		enqueueAll(t, q, activities, farm.URLs)
		var ws []*workerProc
		for range procs {
			ws = append(ws, startWorker(t, dsn, workers))
		}
		start := time.Now()
		waitFor(t, "every delivery", 5*time.Minute, func() bool {
			return farm.processed.Load() == total && unfinished(t, pool) == 0
		})
		elapsed := time.Since(start)
		for _, w := range ws {
			w.stop(t)
		}
		pairs, repeats := farm.tally()
		assert.EqualValues(t, total, pairs)
		assert.Zero(t, repeats, "with %d processes, each delivery happens once", procs)
		assert.Equal(t, map[string]int{"completed": int(total)}, jobStates(t, pool))
		t.Logf("%d process(es): %d deliveries in %v (%.0f/s)", procs, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds())
		return elapsed
	}
	one := run(1)
	two := run(2)
	t.Logf("two processes took %.2f× the time of one", two.Seconds()/one.Seconds())
	if raceEnabled {
		t.Log("speed not compared under the race detector")
		return
	}
	assert.Less(t, two, one, "two worker processes are faster than one")
}
