// Package cli implements crosscheck's subcommands. Each command has its own
// flag set (flag.ContinueOnError) and a run function; Main dispatches on the
// first argument and maps errors to exit codes.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit codes, documented in the README.
const (
	ExitOK      = 0 // everything worked
	ExitFailure = 1 // the command failed
	ExitUsage   = 2 // the command line was wrong
	ExitPartial = 3 // the command finished, but some inputs failed
	// ExitInterrupted is the shell's code for a command stopped by
	// SIGINT (128 + 2): what was stored stays stored, and running the
	// command again finishes the work.
	ExitInterrupted = 130
)

// Env is what a command may touch of the outside world, so that tests can
// run commands with buffers and a fake environment.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// StderrIsTerminal turns progress bars on.
	StderrIsTerminal bool
}

// StdEnv returns the process's real environment.
func StdEnv() *Env {
	fi, err := os.Stderr.Stat()
	term := err == nil && fi.Mode()&os.ModeCharDevice != 0
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, StderrIsTerminal: term}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *Env, args []string) error
}

// commands is the one table of subcommands.
func commands() map[string]command {
	return map[string]command{
		"analyze":   {"ingest inputs, analyse them and print the report", runAnalyze},
		"ingest":    {"ingest inputs into the store without printing a report", runIngest},
		"show":      {"print one stored article with its analysis", runShow},
		"stories":   {"list stories with their articles, outlets and time span", runStories},
		"recluster": {"re-assign every stored article to stories from scratch", runRecluster},
		"eval":      {"evaluate an analysis on a labelled data set", runEval},
		"train":     {"train a model file from a labelled data set", runTrain},
		"serve":     {"serve the HTTP JSON API and the web UI", runServe},
		"worker":    {"claim and analyse queued articles on PostgreSQL", runWorker},
		"feeds":     {"add, list, remove and poll RSS/Atom/JSON feeds", runFeeds},
		"gen":       {"write a synthetic, reproducible article stream as JSON Lines (load tests)", runGen},
		"version":   {"print the version", runVersion},
	}
}

// errUsage marks command-line mistakes; Main exits with ExitUsage.
var errUsage = errors.New("usage")

// errPartial marks a run in which some inputs failed; Main exits with
// ExitPartial. The failures themselves were already reported on stderr.
var errPartial = errors.New("some inputs failed")

// Main runs the command named by args[0] and returns the exit code.
func Main(ctx context.Context, args []string, e *Env) int {
	if len(args) == 2 && args[0] == "help" {
		if _, ok := commands()[args[1]]; ok {
			// "crosscheck help analyze" is "crosscheck analyze --help".
			args = []string{args[1], "--help"}
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(e.Stderr, "crosscheck: unknown command %q (run 'crosscheck help')\n", args[0])
		return ExitUsage
	}
	err := cmd.run(ctx, e, args[1:])
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.Stderr, "crosscheck %s: %v\n", args[0], err)
		return ExitUsage
	case errors.Is(err, errPartial):
		fmt.Fprintf(e.Stderr, "crosscheck %s: %v\n", args[0], err)
		return ExitPartial
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(e.Stderr, "crosscheck %s: interrupted\n", args[0])
		return ExitInterrupted
	}
	fmt.Fprintf(e.Stderr, "crosscheck %s: %v\n", args[0], err)
	return ExitFailure
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "crosscheck: news corroboration engine")
	fmt.Fprintln(w, "\nUsage: crosscheck COMMAND [flags] [args]")
	fmt.Fprintln(w, "\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'crosscheck COMMAND -h' for a command's flags.")
}

// newFlagSet returns a flag set that writes its usage to e.Stderr.
func newFlagSet(e *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "Usage: crosscheck %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and turns flag errors into usage errors.
//
// Flags may follow the inputs (`analyze a.txt --format json`), as Unix
// users expect: flags are moved ahead of the other arguments before the
// standard parser, which stops at the first non-flag, sees them. "--"
// ends the flags; "-" alone is an argument (standard input).
func parse(fs *flag.FlagSet, args []string) error {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			rest = append(rest, arg)
			continue
		}
		flags = append(flags, arg)
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		f := fs.Lookup(name)
		if hasValue || f == nil || isBoolFlag(f) {
			continue // an unknown flag is reported by Parse
		}
		if i+1 < len(args) { // the flag's value, even if it starts with "-"
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(append(append(flags, "--"), rest...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// checkFormat validates a --format value.
func checkFormat(format string) error {
	switch format {
	case "text", "json":
		return nil
	}
	return fmt.Errorf("%w: --format must be text or json, not %q", errUsage, format)
}

// subcommand dispatches "crosscheck NAME SUB ..." over a table.
func subcommand(ctx context.Context, e *Env, name string, args []string, table map[string]command) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		names := make([]string, 0, len(table))
		for n := range table {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(e.Stderr, "Usage: crosscheck %s {%s} [flags]\n\n", name, strings.Join(names, "|"))
		for _, n := range names {
			fmt.Fprintf(e.Stderr, "  %-12s %s\n", n, table[n].summary)
		}
		if len(args) == 0 {
			return fmt.Errorf("%w: %s needs a subcommand", errUsage, name)
		}
		return flag.ErrHelp
	}
	sub, ok := table[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown %s subcommand %q", errUsage, name, args[0])
	}
	return sub.run(ctx, e, args[1:])
}
