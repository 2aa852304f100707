package cli

import (
	"context"
	"fmt"
	"runtime"

	"github.com/crosscheck-news/crosscheck/internal/version"
)

func runVersion(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "version", "version [--format text|json]")
	format := fs.String("format", "text", "output format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: version takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	c := version.Commit
	if c == "" {
		c = "unknown"
	}
	if *format == "json" {
		return writeJSON(e.Stdout, map[string]string{"version": version.Version, "commit": c, "go": runtime.Version()})
	}
	_, err := fmt.Fprintf(e.Stdout, "crosscheck %s (commit %s, %s)\n", version.Version, c, runtime.Version())
	return err
}
