//go:build unix

package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cli"
	"github.com/crosscheck-news/crosscheck/internal/gen"
)

// BenchmarkAnalyzeStream measures end-to-end analysis as `crosscheck
// ingest --db FILE` runs it (`analyze` without the report it prints): the
// command reads a generated JSON Lines stream (`crosscheck gen --n 3000
// --seed 1`) and stores, clusters and analyses every article on a new
// SQLite file with the default engine, outlet reputation from the shared
// data folder. One op is the whole stream. articles/s is per second of wall
// time, articles/cpu-s per second of CPU (user and system, all threads: the
// figure to read on a shared machine). The run's Getenv returns nothing, so
// the batch's own GOGC (batchGCPercent) applies whatever the environment's:
//
//	go test -run '^$' -bench AnalyzeStream -benchtime 1x ./internal/cli
func BenchmarkAnalyzeStream(b *testing.B) {
	const n = 3000
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
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for i := range b.N {
		var out, errb bytes.Buffer
		e := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		db := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
		if code := cli.Main(context.Background(), []string{"ingest", "--db", db, "--format", "json", stream}, e); code != cli.ExitOK {
			b.Fatalf("ingest exited %d: %s", code, errb.String())
		}
		var sum struct{ Stored int }
		if err := json.Unmarshal(out.Bytes(), &sum); err != nil || sum.Stored != n {
			b.Fatalf("ingest stored %d of %d articles (%v): %s", sum.Stored, n, err, out.String())
		}
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
