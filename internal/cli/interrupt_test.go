package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/cli"
)

// TestInterruptedExitCode: a command whose context is cancelled (the
// first Ctrl-C) says so and exits 130, the shell's code for SIGINT.
func TestInterruptedExitCode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	e := &cli.Env{Stdin: strings.NewReader("The library bake sale raised 400 euros on Saturday."), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := cli.Main(ctx, []string{"analyze", "--db", filepath.Join(t.TempDir(), "x.db"), "-"}, e)
	if code != cli.ExitInterrupted || !strings.Contains(errb.String(), "interrupted") {
		t.Fatalf("exit %d, stderr %q; want %d and 'interrupted'", code, errb.String(), cli.ExitInterrupted)
	}
}
