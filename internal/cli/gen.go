package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/crosscheck-news/crosscheck/internal/gen"
)

// runGen writes n generated articles as JSON Lines (docs/input.md), for
// load tests: `crosscheck gen --n 100000 | crosscheck ingest --db ... -`.
func runGen(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "gen", "gen [--n N] [--seed S] [--max-per-event K]")
	n := fs.Int("n", 1000, "number of articles")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same stream")
	per := fs.Int("max-per-event", 12, "largest number of articles an event gets")
	goldPath := fs.String("gold", "", "also write each article's generated event to this CSV file (id,event)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: gen takes no arguments", errUsage)
	}
	if *n < 0 || *per < 1 {
		return fmt.Errorf("%w: --n must be ≥ 0 and --max-per-event ≥ 1", errUsage)
	}
	var gold *bufio.Writer
	if *goldPath != "" {
		f, err := os.Create(*goldPath)
		if err != nil {
			return err
		}
		defer f.Close()
		gold = bufio.NewWriter(f)
		fmt.Fprintln(gold, "id,event")
	}
	w := bufio.NewWriterSize(e.Stdout, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	g := gen.New(gen.Options{Seed: *seed, MaxPerEvent: *per})
	for i := 0; i < *n; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			// Interrupted: what is buffered is whole records; write
			// them, so that the stream ends at the end of a line.
			if gold != nil {
				gold.Flush()
			}
			w.Flush()
			return ctx.Err()
		}
		r := g.Next()
		if err := enc.Encode(r); err != nil {
			return err
		}
		if gold != nil {
			fmt.Fprintf(gold, "%s,%d\n", r.ID, r.Event)
		}
	}
	if gold != nil {
		if err := gold.Flush(); err != nil {
			return fmt.Errorf("%s: %w", *goldPath, err)
		}
	}
	return w.Flush()
}
