package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/cli"
)

// TestStoriesSaysNoMatch: a filter matching nothing says so, a negative
// --limit is a usage error and --limit 0 lists every story.
func TestStoriesSaysNoMatch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if code, _, _ := analyze(t, db, "../../examples"); code != cli.ExitOK {
		t.Fatalf("analyze exit %d", code)
	}
	if code, out, errs := run(t, "stories", "--db", db, "--outlet", "nope.example"); code != cli.ExitOK || !strings.Contains(out, "No stories match") {
		t.Errorf("stories --outlet nope.example: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if code, out, errs := run(t, "stories", "--db", db, "--min-risk", "1"); code != cli.ExitOK || !strings.Contains(out, "No stories match") {
		t.Errorf("stories --min-risk 1: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if code, out, errs := run(t, "stories", "--db", db, "--limit", "-3"); code != cli.ExitUsage || !strings.Contains(errs, "--limit") {
		t.Errorf("stories --limit -3: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if code, out, _ := run(t, "stories", "--db", db, "--limit", "0"); code != cli.ExitOK || strings.Count(out, "Story ") != 2 {
		t.Errorf("stories --limit 0: exit %d\n%s", code, out)
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	run(t, "feeds", "list", "--db", empty) // creates the store
	if code, out, errs := run(t, "stories", "--db", empty); code != cli.ExitOK || !strings.HasPrefix(out, "No stories yet") {
		t.Errorf("stories of an empty store: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if _, out, _ := run(t, "stories", "--help"); !strings.Contains(out, "0 lists every story") {
		t.Errorf("stories --help does not say what --limit 0 does:\n%s", out)
	}
}

// TestReadOnlyCommandsFlags: the commands that analyse nothing do not
// offer --reputation-data.
func TestReadOnlyCommandsFlags(t *testing.T) {
	for _, cmd := range [][]string{{"show"}, {"stories"}, {"feeds", "add"}, {"feeds", "list"}, {"feeds", "remove"}} {
		if _, out, _ := run(t, append(cmd, "--help")...); strings.Contains(out, "reputation-data") || !strings.Contains(out, "-db") {
			t.Errorf("%s --help:\n%s", cmd, out)
		}
	}
}

// TestIngestSummarySingular: one article in one story is said so.
func TestIngestSummarySingular(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, out, errs := run(t, "ingest", "--db", db, "--reputation-data", t.TempDir(), "../../examples/01-wire-report.txt")
	if code != cli.ExitOK || !strings.HasPrefix(out, "1 article: ") || !strings.HasSuffix(out, "in 1 story\n") {
		t.Errorf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
}

// TestDBIsADirectory: --db naming a directory or a file in a missing
// directory says which, not SQLite's "unable to open database file".
func TestDBIsADirectory(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ db, want string }{
		{dir, dir + " is a directory, not a database file"},
		{filepath.Join(dir, "no", "x.db"), "directory " + filepath.Join(dir, "no") + " does not exist"},
	} {
		code, out, errs := run(t, "analyze", "--db", c.db, "--reputation-data", dir, "../../examples/01-wire-report.txt")
		if code != cli.ExitFailure || !strings.Contains(errs, c.want) || strings.Contains(errs, "unable to open") {
			t.Errorf("--db %s: exit %d\nstdout %q\nstderr %q", c.db, code, out, errs)
		}
	}
}

// TestStdinHint: reading - from a terminal says it waits for typed input;
// from a pipe it says nothing.
func TestStdinHint(t *testing.T) {
	for _, term := range []bool{true, false} {
		var out, errb bytes.Buffer
		e := &cli.Env{Stdin: strings.NewReader("A short article about the harbour.\n"), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, StdinIsTerminal: term}
		cli.Main(context.Background(), []string{"analyze", "--db", ":memory:", "--reputation-data", t.TempDir(), "-"}, e)
		if got := strings.Contains(errb.String(), "Ctrl-D"); got != term {
			t.Errorf("stdin terminal %v: stderr %q", term, errb.String())
		}
	}
}
