// Package worker runs crosscheck on PostgreSQL with many processes: each
// worker claims article jobs (FOR UPDATE SKIP LOCKED, with a lease), assigns
// them to stories while holding a cluster-wide advisory lock — so story
// assignment happens one batch at a time, in article order, on a clusterer
// refreshed from the stories other workers changed — then analyses the
// touched stories outside the lock, in parallel with the other workers, and
// marks the jobs done. While it works on a batch it renews the batch's
// leases, so a batch slower than the lease stays its own. A worker killed
// mid-batch loses nothing: its jobs' leases run out and another worker
// takes them; re-clustering an article is a no-op and analyses are
// replaced whole, so nothing is stored twice.
package worker

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/retry"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
)

// Worker processes jobs. It is not safe for concurrent use; run one per
// process (or several with their own engines).
type Worker struct {
	Store     *postgres.Store
	Engine    *engine.Engine
	Clusterer *engine.StoryClusterer
	Name      string
	Batch     int           // jobs per claim; default (or not positive) 200
	Lease     time.Duration // claimed jobs' lease, renewed every third of it; default (or not positive) 60 s
	Logger    *slog.Logger
	Retry     *retry.Backoff // waits after failed batches in Run; nil: retry.Default()
}

// RunOnce claims one batch and processes it. It returns the number of jobs
// it completed: the jobs of the batch it still held at the end (all of them
// unless its lease ran out while it was stalled beyond renewal); 0 with a
// nil error means the queue was empty or the batch was lost.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	_, n, err := w.runOnce(ctx)
	return n, err
}

// runOnce is RunOnce, also returning the number of jobs claimed.
func (w *Worker) runOnce(ctx context.Context) (claimed, completed int, err error) {
	if w.Batch <= 0 {
		w.Batch = 200
	}
	if w.Lease <= 0 {
		w.Lease = time.Minute
	}
	jobs, err := w.Store.Claim(ctx, w.Name, w.Batch, w.Lease)
	if err != nil || len(jobs) == 0 {
		return 0, 0, err
	}
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	stop := w.renew(ctx, ids)
	n, err := w.process(ctx, jobs)
	stop()
	if err != nil && ctx.Err() == nil && retry.Transient(err) {
		// The way to the store failed (a restart, a dropped connection):
		// hand the batch back at once, without counting the attempt,
		// rather than letting its leases run out. Any other failure
		// counts, so that a batch that always fails ends failed after
		// MaxAttempts. If the store is still away the leases run out as
		// before.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if _, rerr := w.Store.Release(rctx, w.Name, ids...); rerr != nil {
			w.logger().Warn("release jobs", slog.String("worker", w.Name), slog.String("error", rerr.Error()))
		}
		cancel()
	}
	return len(jobs), n, err
}

// renew extends the leases of the claimed jobs every third of the lease
// until the returned stop is called (runOnce defers it), so that clustering
// and analysing a batch may take longer than the lease. A renewal that
// fails is logged and tried again at the next tick; should the lease run
// out meanwhile, Complete leaves the jobs to the worker that took them.
func (w *Worker) renew(ctx context.Context, ids []int64) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(max(w.Lease/3, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			n, err := w.Store.Renew(ctx, w.Name, w.Lease, ids...)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				w.logger().Warn("renew job leases", slog.String("worker", w.Name), slog.String("error", err.Error()))
			case n < len(ids):
				// Completed or failed jobs drop out; so do jobs lost to
				// another worker after a lease ran out.
				w.logger().Debug("job leases renewed", slog.String("worker", w.Name), slog.Int("jobs", n), slog.Int("claimed", len(ids)))
			}
		}
	}()
	return func() {
		cancel()
		wg.Wait()
	}
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// process clusters and analyses a claimed batch and completes its jobs,
// returning how many Complete marked done.
func (w *Worker) process(ctx context.Context, jobs []postgres.Job) (int, error) {
	// Articles do not change once stored: read them before taking the
	// assigner lock, so that the lock is held for clustering only.
	var done []int64
	arts := make([]*news.Article, len(jobs))
	for i, j := range jobs {
		a, err := w.Store.FindArticleByID(ctx, j.ArticleID)
		switch {
		case news.ErrorCode(err) == news.ENOTFOUND:
			done = append(done, j.ID) // deleted since it was queued
		case err != nil:
			return 0, err
		}
		arts[i] = a
	}
	for _, j := range jobs {
		if j.Attempts > 1 { // its worker stopped: it may have left a story empty
			w.Clusterer.PruneOnSync()
			break
		}
	}
	err := w.Store.WithAssignerLock(ctx, func() error {
		// The stories other workers changed, by the store's change
		// numbers (not by clocks, which may differ between machines).
		if err := w.Clusterer.Sync(ctx); err != nil {
			return err
		}
		// A job run again after its worker died, or whose lease ran out
		// while its worker was slow: the article may be clustered already
		// (read here, under the lock), but its story still needs analysing.
		ids := make([]int64, 0, len(arts))
		for _, a := range arts {
			if a != nil {
				ids = append(ids, a.ID)
			}
		}
		clustered, err := w.Store.StoryOf(ctx, ids)
		if err != nil {
			return err
		}
		for i, j := range jobs {
			a := arts[i]
			if a == nil {
				continue
			}
			if story, ok := clustered[a.ID]; ok {
				w.Engine.Touch(story)
				done = append(done, j.ID)
				continue
			}
			a.StoryID = 0
			res, err := w.Engine.AddStored(ctx, a)
			if err != nil {
				if err := w.Store.Fail(ctx, w.Name, j.ID, err.Error(), postgres.MaxAttempts); err != nil {
					return err
				}
				continue
			}
			w.Engine.Touch(res.StoryID)
			done = append(done, j.ID)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := w.Engine.Flush(ctx, nil); err != nil {
		return 0, err
	}
	return w.Store.Complete(ctx, w.Name, done...)
}

// Run processes jobs until ctx is done, polling every idle interval when
// the queue is empty. With once set it returns when the queue is empty, or
// at the first error. Otherwise a failure that trying again may cure (the
// database restarted, a connection dropped) is logged and the batch tried
// again after a back-off (Retry; default 1 s doubling up to a minute): its
// jobs are claimed again when their lease runs out.
func (w *Worker) Run(ctx context.Context, idle time.Duration, once bool) (int, error) {
	total := 0
	backoff := w.Retry
	if backoff == nil {
		backoff = retry.Default()
	}
	for {
		claimed, n, err := w.runOnce(ctx)
		total += n
		if err != nil {
			if ctx.Err() != nil {
				return total, nil
			}
			if once || retry.Permanent(err) {
				return total, err
			}
			w.logger().Warn("worker: batch failed, trying again", slog.String("error", err.Error()))
			if backoff.Wait(ctx) != nil {
				return total, nil
			}
			continue
		}
		backoff.Reset()
		if claimed > 0 {
			continue
		}
		if once {
			return total, nil
		}
		select {
		case <-ctx.Done():
			return total, nil
		case <-time.After(idle):
		}
	}
}
