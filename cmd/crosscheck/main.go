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
	// The first signal cancels the command, which stops at a consistent
	// point; a second one ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := cli.Main(ctx, os.Args[1:], cli.StdEnv())
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}
