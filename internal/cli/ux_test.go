package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cli"
)

// TestHelpGoesToStdout: the help a user asks for goes to standard output
// (so that "crosscheck analyze --help | less" shows it) with examples;
// the usage after a mistake goes to standard error, as does the command
// list when no command is given.
func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{{"analyze", "--help"}, {"analyze", "-h"}, {"help", "analyze"}, {"serve", "--help"}, {"gen", "-help"}, {"feeds", "poll", "--help"}} {
		code, out, errs := run(t, args...)
		if code != cli.ExitOK || !strings.Contains(out, "Usage: crosscheck") || !strings.Contains(out, "Examples:\n  crosscheck ") || errs != "" {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", args, code, out, errs)
		}
	}
	for _, args := range [][]string{{"eval", "--help"}, {"feeds", "-h"}} {
		if code, out, errs := run(t, args...); code != cli.ExitOK || !strings.Contains(out, "Usage: crosscheck") || errs != "" {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", args, code, out, errs)
		}
	}
	db := filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{{}, {"analyze", "--db", db, "--no-such-flag", "x"}, {"analyze", "--db", db}, {"eval"}, {"analyze", "--bogus", "--help"}} {
		if code, out, errs := run(t, args...); code != cli.ExitUsage || out != "" || !strings.Contains(errs, "Usage: crosscheck") {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", args, code, out, errs)
		}
	}
	// The general help documents the exit codes and the inputs.
	_, out, _ := run(t, "help")
	for _, want := range []string{"Exit codes:", "  3    finished, but some inputs failed", "  130  interrupted", "- for\nstandard input", "--format json"} {
		if !strings.Contains(out, want) {
			t.Errorf("crosscheck help lacks %q:\n%s", want, out)
		}
	}
	// A command that reads inputs ends its help with the same exit codes.
	if _, cmd, _ := run(t, "analyze", "--help"); !strings.HasSuffix(cmd, "\n\n"+out[strings.Index(out, "Exit codes:"):strings.Index(out, "\nExamples:")]) {
		t.Errorf("analyze --help lacks the exit codes of the general help:\n%s", cmd)
	}
	// serve prints no result: no --format flag to mislead.
	if _, out, _ := run(t, "serve", "--help"); strings.Contains(out, "-format") {
		t.Errorf("serve --help offers --format:\n%s", out)
	}
}

// TestNoStrayDatabase: commands that fail on their arguments leave no
// empty SQLite file behind, and version refuses arguments.
func TestNoStrayDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "new.db")
	if code, _, errs := run(t, "worker", "--db", db, "--once"); code != cli.ExitUsage || !strings.Contains(errs, "postgres://") {
		t.Errorf("worker on SQLite: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("worker left %s behind", db)
	}
	if code, _, _ := run(t, "serve", "--db", db, "--addr", "127.0.0.1:99999"); code != cli.ExitFailure {
		t.Errorf("serve on a bad address: exit %d, want %d", code, cli.ExitFailure)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("serve on a bad address left %s behind", db)
	}
	// A busy address is named with the way out, before any store is opened.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if code, _, errs := run(t, "serve", "--db", db, "--addr", ln.Addr().String()); code != cli.ExitFailure || !strings.Contains(errs, "is in use") || !strings.Contains(errs, "--addr") {
		t.Errorf("serve on a busy address: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("serve on a busy address left %s behind", db)
	}
	if code, out, _ := run(t, "version", "extra"); code != cli.ExitUsage || out != "" {
		t.Errorf("version extra: exit %d, stdout %q", code, out)
	}
}

// cancelWriter cancels its context on its first write.
type cancelWriter struct {
	bytes.Buffer
	cancel context.CancelFunc
}

func (c *cancelWriter) Write(p []byte) (int, error) {
	c.cancel()
	return c.Buffer.Write(p)
}

// TestGenInterruptedEndsOnALine: gen stopped by Ctrl-C leaves a stream
// of whole JSON lines, which ingest then reads without a broken record.
func TestGenInterruptedEndsOnALine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelWriter{cancel: cancel}
	var errb bytes.Buffer
	e := &cli.Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := cli.Main(ctx, []string{"gen", "--n", "5000"}, e); code != cli.ExitInterrupted {
		t.Fatalf("exit %d, want %d", code, cli.ExitInterrupted)
	}
	s := out.String()
	if s == "" || !strings.HasSuffix(s, "\n") {
		t.Fatalf("the stream ends inside a record: …%q", s[max(0, len(s)-80):])
	}
	for i, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if !json.Valid([]byte(line)) {
			t.Fatalf("line %d is not JSON: %.80q", i+1, line)
		}
	}
}

// TestDidYouMean: a mistyped command (the British "analyse" the docs'
// prose uses) is answered with the command it is closest to.
func TestDidYouMean(t *testing.T) {
	for typed, want := range map[string]string{"analyse": `"analyze"`, "stroies": `"stories"`, "Serve": `"serve"`} {
		code, _, errs := run(t, typed)
		if code != cli.ExitUsage || !strings.Contains(errs, "did you mean "+want) {
			t.Errorf("%s: exit %d, stderr %q; want a hint at %s", typed, code, errs, want)
		}
	}
	if _, _, errs := run(t, "xyzzy"); strings.Contains(errs, "did you mean") {
		t.Errorf("xyzzy: %q", errs)
	}
	if code, out, errs := run(t, "help", "analyse"); code != cli.ExitOK || !strings.Contains(out, "Commands:") || !strings.Contains(errs, `no command "analyse"; did you mean "analyze"?`) {
		t.Errorf("help analyse: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestServeSaysNewStore: serve on a SQLite file that does not exist says
// that it starts an empty store (a mistyped --db), and is quiet on one
// that exists.
func TestServeSaysNewStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "typo.db")
	if errs := serveUntilUp(t, "--db", db, "--addr", "127.0.0.1:0"); !strings.Contains(errs, "new empty store") {
		t.Errorf("serve on a new file says nothing of it:\n%s", errs)
	}
	if errs := serveUntilUp(t, "--db", db, "--addr", "127.0.0.1:0"); strings.Contains(errs, "new empty store") {
		t.Errorf("serve on an existing file calls it new:\n%s", errs)
	}
}

// TestServeWarnsOpenWrites: serve on every interface without a token says
// that anyone can submit; on loopback, or with a token, it does not.
func TestServeWarnsOpenWrites(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	if errs := serveUntilUp(t, "--db", db, "--addr", ":0"); !strings.Contains(errs, "without --token") {
		t.Errorf("serve --addr :0 without a token says nothing:\n%s", errs)
	}
	for _, args := range [][]string{{"--addr", "127.0.0.1:0"}, {"--addr", "localhost:0"}, {"--addr", ":0", "--token", "s"}} {
		if errs := serveUntilUp(t, append([]string{"--db", db}, args...)...); strings.Contains(errs, "without --token") {
			t.Errorf("serve %v warns:\n%s", args, errs)
		}
	}
}

// upWriter collects serve's log and stops it once it serves.
type upWriter struct {
	mu     sync.Mutex
	b      strings.Builder
	cancel context.CancelFunc
}

func (u *upWriter) Write(p []byte) (int, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.b.Write(p)
	if strings.Contains(u.b.String(), "msg=serving") {
		u.cancel()
	}
	return len(p), nil
}

// serveUntilUp runs serve with args until it serves (at most 30 s) and
// returns what it logged.
func serveUntilUp(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	log := &upWriter{cancel: cancel}
	e := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: log, Getenv: func(string) string { return "" }}
	code := cli.Main(ctx, append([]string{"serve", "--reputation-data", t.TempDir()}, args...), e)
	log.mu.Lock()
	defer log.mu.Unlock()
	if code != cli.ExitOK || !strings.Contains(log.b.String(), "msg=serving") {
		t.Fatalf("serve %v: exit %d\n%s", args, code, log.b.String())
	}
	return log.b.String()
}

// TestShowAndStoriesClean: show and stories print a stored title and text
// without the bidirectional overrides and control characters that could
// reorder or restyle the reader's terminal.
func TestShowAndStoriesClean(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	in := filepath.Join(dir, "a.txt")
	body := "Harbour crane \u202eenaled falls\n\nA container crane fell at the harbour on Tuesday \u202eevil\u202c, the port authority said.\n"
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := analyze(t, db, in); code != cli.ExitOK {
		t.Fatalf("analyze: exit %d", code)
	}
	for _, args := range [][]string{{"show", "--db", db, "1"}, {"stories", "--db", db}} {
		code, out, errs := run(t, args...)
		if code != cli.ExitOK || !strings.Contains(out, "crane") {
			t.Fatalf("%v: exit %d, %s\n%s", args, code, errs, out)
		}
		if strings.ContainsAny(out, "\u202e\u202c") {
			t.Errorf("%v prints bidirectional overrides:\n%q", args, out)
		}
	}
}
