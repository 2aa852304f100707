//go:build unix

package engine_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/gen"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

// BenchmarkAnalyzeStream measures end-to-end analysis as `crosscheck
// analyze --db FILE` runs it, without the report: reading a generated JSON
// Lines stream (`crosscheck gen --n 3000 --seed 1`), storing, clustering and
// analysing every article on a new SQLite file with the default engine
// (outlet reputation from the shared data folder), storing 100 articles at
// a time and flushing every 2000 as the CLI does. One op is the whole stream.
// articles/s is per second of wall time, articles/cpu-s per second of CPU
// (user and system, all threads: the figure to read on a shared machine):
//
//	go test -run '^$' -bench AnalyzeStream -benchtime 1x ./internal/engine
func BenchmarkAnalyzeStream(b *testing.B) {
	const n, addBatch, flushEvery = 3000, 100, 2000
	dir := b.TempDir()
	stream := filepath.Join(dir, "stream.jsonl")
	f, err := os.Create(stream)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	g := gen.New(gen.Options{Seed: 1})
	for range n {
		if err := enc.Encode(g.Next()); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	ctx := context.Background()
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		st, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("run%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		e, err := engine.Default(ctx, st, engine.Config{ReputationDir: shared.Path("data")})
		if err != nil {
			b.Fatal(err)
		}
		added := 0
		add := func(i int, res engine.AddResult, err error) error {
			if err != nil {
				return err
			}
			if added++; added%flushEvery == 0 {
				return e.Flush(ctx, nil)
			}
			return nil
		}
		var batch []*news.Article
		err = ingest.Read(ctx, []string{stream}, ingest.Options{}, func(it ingest.Item) error {
			if it.Err != nil {
				return it.Err
			}
			if batch = append(batch, it.Article); len(batch) == addBatch {
				err := e.AddBatch(ctx, batch, add)
				batch = batch[:0]
				return err
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = e.AddBatch(ctx, batch, add)
		}
		if err == nil {
			err = e.Flush(ctx, nil)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(n*b.N)/(cpuTime(b)-cpu0), "articles/cpu-s")
}

// cpuTime returns the CPU seconds the process has used so far.
func cpuTime(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
