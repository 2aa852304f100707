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
	// StdinIsTerminal makes a run reading "-" say that it waits for
	// typed input.
	StdinIsTerminal bool
}

// StdEnv returns the process's real environment.
func StdEnv() *Env {
	term := func(f *os.File) bool {
		fi, err := f.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, StderrIsTerminal: term(os.Stderr), StdinIsTerminal: term(os.Stdin)}
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
		} else {
			fmt.Fprintf(e.Stderr, "crosscheck: no command %q%s\n", args[1], didYouMean(args[1]))
		}
	}
	if len(args) == 0 {
		// A mistake: the help goes where errors go, not into a pipe.
		usage(e.Stderr)
		return ExitUsage
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.Stdout)
		return ExitOK
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(e.Stderr, "crosscheck: unknown command %q%s (run 'crosscheck help')\n", args[0], didYouMean(args[0]))
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

// didYouMean names the command closest to a mistyped one ("analyse",
// "stroies"), as `; did you mean "analyze"?`, or returns "".
func didYouMean(name string) string {
	best, bestD := "", 3 // at most two edits away
	for n := range commands() {
		if d := editDistance(strings.ToLower(name), n); d < bestD || d == bestD && n < best {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
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
	fmt.Fprint(w, `
Inputs are files, directories (read recursively), http(s) URLs and - for
standard input; text, HTML, RSS, Atom, JSON Feed and JSON Lines are
recognised automatically. The store is --db: a SQLite file (default
crosscheck.db, or $CROSSCHECK_DB) or a postgres:// URL.

--format json prints the result as one JSON object on standard output (feeds
poll: one a round); messages, errors and progress bars (on a terminal only)
go to standard error.

`+exitCodeHelp+`
Examples:
  crosscheck analyze examples/
  crosscheck analyze --format json article.html https://example.com/news/1
  crosscheck gen --n 3000 | crosscheck ingest -
  crosscheck serve --db crosscheck.db

Run 'crosscheck help COMMAND' for a command's flags and examples.
`)
}

// examples are the example command lines each command's help ends with,
// by flag set name.
var examples = map[string][]string{
	"analyze": {
		"crosscheck analyze examples/",
		"crosscheck analyze --format json --text page.html > report.json",
		"crosscheck analyze --allow-private-urls http://127.0.0.1:8000/news.xml",
		"curl -s https://example.com/story | crosscheck analyze -",
	},
	"ingest": {
		"crosscheck ingest --db news.db feeds/ archive.jsonl",
		"crosscheck gen --n 3000 | crosscheck ingest --format json -",
		"crosscheck ingest --queue --db postgres://user@host/news -   # for crosscheck worker",
	},
	"show":      {"crosscheck show 3", "crosscheck show --format json 3"},
	"stories":   {"crosscheck stories --min-risk 0.5", "crosscheck stories --outlet example.com --format json"},
	"recluster": {"crosscheck recluster --db news.db"},
	"serve": {
		"crosscheck serve --db crosscheck.db              # http://127.0.0.1:8080",
		"CROSSCHECK_TOKEN=secret crosscheck serve --addr :8080",
	},
	"worker":  {"crosscheck worker --db postgres://user@host/news", "crosscheck worker --db postgres://user@host/news --once --format json"},
	"gen":     {"crosscheck gen --n 3000 --seed 2 > stream.jsonl", "crosscheck gen --n 100000 | crosscheck ingest --db load.db -"},
	"version": {"crosscheck version --format json"},
	"feeds add": {
		"crosscheck feeds add https://example.com/rss.xml https://example.org/atom.xml",
		"crosscheck feeds add --no-check --interval 1h https://example.net/feed.json   # not fetched now",
	},
	"feeds list":   {"crosscheck feeds list --format json"},
	"feeds remove": {"crosscheck feeds remove 3"},
	"feeds poll":   {"crosscheck feeds poll --once", "crosscheck feeds poll --every 5m"},
}

// exitCodeHelp documents the exit codes in the general help and ends the
// help of the commands that read inputs.
const exitCodeHelp = `Exit codes:
  0    success
  1    failure (also when every input failed and no article was read)
  2    usage error
  3    finished, but some inputs failed while others were read (each is
       named on standard error and listed in the JSON report's "errors")
  130  interrupted (Ctrl-C or SIGTERM): what was stored stays stored, and
       running the command again finishes the work
`

// flagOutput is a flag set's output: standard output while it prints the
// help the user asked for (so that "crosscheck analyze --help | less"
// works), standard error otherwise (flag mistakes and the usage after them).
type flagOutput struct {
	stdout, stderr io.Writer
	help           bool
}

func (o *flagOutput) Write(p []byte) (int, error) {
	if o.help {
		return o.stdout.Write(p)
	}
	return o.stderr.Write(p)
}

// newFlagSet returns a flag set whose usage ends with the command's
// examples; it goes to e.Stdout when asked for (-h), else to e.Stderr.
func newFlagSet(e *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(&flagOutput{stdout: e.Stdout, stderr: e.Stderr})
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: crosscheck %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
		if ex := examples[name]; len(ex) > 0 {
			fmt.Fprintf(w, "\nExamples:\n")
			for _, x := range ex {
				fmt.Fprintf(w, "  %s\n", x)
			}
		}
		switch name {
		case "analyze", "ingest", "feeds add", "feeds poll":
			fmt.Fprintf(w, "\n%s", exitCodeHelp)
		}
	}
	return fs
}

// isHelpFlag reports whether arg asks for help: -h, -help, --h or --help,
// which the flag package answers with the usage and flag.ErrHelp.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// parse parses args and turns flag errors into usage errors.
//
// Flags may follow the inputs (`analyze a.txt --format json`), as Unix
// users expect: flags are moved ahead of the other arguments before the
// standard parser, which stops at the first non-flag, sees them. "--"
// ends the flags; "-" alone is an argument (standard input).
func parse(fs *flag.FlagSet, args []string) error {
	var flags, rest []string
	unknown := false // an unknown flag came first: Parse reports it, on stderr
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
		if o, ok := fs.Output().(*flagOutput); ok && f == nil && isHelpFlag(arg) && !unknown {
			o.help = true // the help asked for goes to stdout
		}
		unknown = unknown || f == nil
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
		w := e.Stdout // the help asked for
		if len(args) == 0 {
			w = e.Stderr // a mistake
		}
		fmt.Fprintf(w, "Usage: crosscheck %s {%s} [flags]\n\n", name, strings.Join(names, "|"))
		for _, n := range names {
			fmt.Fprintf(w, "  %-12s %s\n", n, table[n].summary)
		}
		fmt.Fprintf(w, "\nRun 'crosscheck %s SUBCOMMAND -h' for its flags.\n", name)
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
