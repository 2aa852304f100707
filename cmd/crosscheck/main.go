// Command crosscheck is a news corroboration engine: it groups articles into
// stories, finds who copied whom, links quote variants across outlets and
// explains each article's credibility signals. Run "crosscheck help".
//
// Setting CROSSCHECK_CPUPROFILE=FILE writes a CPU profile of the run to
// FILE, for `go tool pprof`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/crosscheck-news/crosscheck/internal/cli"
)

func main() {
	if p := os.Getenv("CROSSCHECK_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "crosscheck: CROSSCHECK_CPUPROFILE: %v\n", err)
			os.Exit(cli.ExitUsage)
		}
		defer f.Close()
	}
	ctx, stop := interruptible(context.Background(), os.Stderr)
	code := cli.Main(ctx, os.Args[1:], cli.StdEnv())
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}

// interruptible returns a context that the first SIGINT or SIGTERM
// cancels: the command then stops at a consistent point, which can take a
// while (the stories read so far are analysed), so it says so on w at
// once. A second signal ends the process at once, as signals do by
// default. stop releases the signals.
func interruptible(parent context.Context, w io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs) // the next signal takes its default course
			fmt.Fprintf(w, "\ncrosscheck: %v: stopping at a consistent point (what is stored stays stored); interrupt again (Ctrl-C) to quit at once\n", s)
			cancel()
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
