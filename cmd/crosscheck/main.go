// Command crosscheck is a news corroboration engine: it groups articles into
// stories, finds who copied whom, links quote variants across outlets and
// explains each article's credibility signals. Run "crosscheck help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/crosscheck-news/crosscheck/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.StdEnv())
	stop()
	os.Exit(code)
}
