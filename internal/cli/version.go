package cli

import (
	"context"
	"fmt"
	"runtime"

	"github.com/crosscheck-news/crosscheck/internal/version"
)

func runVersion(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "version", "version")
	if err := parse(fs, args); err != nil {
		return err
	}
	c := version.Commit
	if c == "" {
		c = "unknown"
	}
	_, err := fmt.Fprintf(e.Stdout, "crosscheck %s (commit %s, %s)\n", version.Version, c, runtime.Version())
	return err
}
