package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
	"github.com/crosscheck-news/crosscheck/internal/worker"
)

func runWorker(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "worker", "worker --db postgres://... [--batch N] [--lease D] [--once]")
	c := addCommon(fs, e)
	batch := fs.Int("batch", 200, "jobs claimed at a time: larger batches analyse a growing story fewer times, smaller ones give fresher analyses")
	lease := fs.Duration("lease", time.Minute, "lease of claimed jobs: the worker renews it every third of it while it works, so another worker takes them only once this one has died or stalled that long")
	idle := fs.Duration("poll", 2*time.Second, "wait between polls of an empty queue")
	once := fs.Bool("once", false, "stop when the queue is empty")
	name := fs.String("name", "", "worker name (default host:pid)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*c.format); err != nil {
		return err
	}
	if *batch <= 0 || *lease <= 0 || *idle <= 0 {
		return fmt.Errorf("%w: --batch, --lease and --poll must be positive", errUsage)
	}
	// Checked before the store is opened, which would leave an empty
	// SQLite file behind.
	if !store.IsPostgres(*c.db) {
		return fmt.Errorf("%w: worker needs a postgres:// --db, not %q", errUsage, *c.db)
	}
	a, err := openApp(ctx, e, c)
	if err != nil {
		return err
	}
	defer a.Close()
	pg, ok := a.Store.(*postgres.Store)
	if !ok {
		return fmt.Errorf("%w: worker needs a postgres:// --db", errUsage)
	}
	sc, ok := a.Engine.Clusterer.(*engine.StoryClusterer)
	if !ok {
		return news.Errorf(news.EINTERNAL, "unexpected clusterer %T", a.Engine.Clusterer)
	}
	if *name == "" {
		host, _ := os.Hostname()
		*name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	w := &worker.Worker{Store: pg, Engine: a.Engine, Clusterer: sc, Name: *name, Batch: *batch, Lease: *lease,
		Logger: slog.New(slog.NewTextHandler(e.Stderr, nil))}
	start := time.Now()
	n, err := w.Run(ctx, *idle, *once)
	secs := time.Since(start).Seconds()
	if *c.format == "json" {
		if jerr := writeJSON(e.Stdout, map[string]any{"worker": *name, "articles": n, "seconds": secs}); jerr != nil && err == nil {
			err = jerr
		}
		return err
	}
	fmt.Fprintf(e.Stdout, "worker %s: %d articles in %.1fs\n", *name, n, secs)
	return err
}
