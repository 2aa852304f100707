// Package worker runs crosscheck on PostgreSQL with many processes: each
// worker claims article jobs (FOR UPDATE SKIP LOCKED, with a lease), assigns
// them to stories while holding a cluster-wide advisory lock — so story
// assignment happens one batch at a time, in article order, on a clusterer
// refreshed from the stories other workers changed — then analyses the
// touched stories outside the lock, in parallel with the other workers, and
// marks the jobs done. A worker killed mid-batch loses nothing: its jobs'
// leases run out and another worker takes them; re-clustering an article is
// a no-op and analyses are replaced whole, so nothing is stored twice.
package worker

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
)

// Worker processes jobs. It is not safe for concurrent use; run one per
// process (or several with their own engines).
type Worker struct {
	Store     *postgres.Store
	Engine    *engine.Engine
	Clusterer *engine.StoryClusterer
	Name      string
	Batch     int           // jobs per claim; default 200
	Lease     time.Duration // default 60 s
	Logger    *slog.Logger

	synced time.Time
}

// RunOnce claims one batch and processes it. It returns the number of jobs
// done; 0 means the queue was empty.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	if w.Batch == 0 {
		w.Batch = 200
	}
	if w.Lease == 0 {
		w.Lease = time.Minute
	}
	jobs, err := w.Store.Claim(ctx, w.Name, w.Batch, w.Lease)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
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
	err = w.Store.WithAssignerLock(ctx, func() error {
		states, last, err := w.Store.StoriesUpdatedSince(ctx, w.synced)
		if err != nil {
			return err
		}
		for id, st := range states {
			if err := w.Clusterer.C.Restore(id, st); err != nil {
				return fmt.Errorf("story %d: %w", id, err)
			}
		}
		w.synced = last
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
				w.Store.Fail(ctx, j.ID, err.Error(), 3)
				continue
			}
			w.Engine.Touch(res.StoryID)
			done = append(done, j.ID)
		}
		// Assignments made under the lock are visible to the next holder.
		_, last, err = w.Store.StoriesUpdatedSince(ctx, w.synced)
		if err == nil {
			w.synced = last
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	if err := w.Engine.Flush(ctx, nil); err != nil {
		return 0, err
	}
	if err := w.Store.Complete(ctx, w.Name, done...); err != nil {
		return 0, err
	}
	return len(done), nil
}

// Run processes jobs until ctx is done, polling every idle interval when
// the queue is empty. With once set it returns when the queue is empty.
func (w *Worker) Run(ctx context.Context, idle time.Duration, once bool) (int, error) {
	total := 0
	for {
		n, err := w.RunOnce(ctx)
		total += n
		if err != nil {
			if ctx.Err() != nil {
				return total, nil
			}
			return total, err
		}
		if n > 0 {
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
