package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/cli"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

// run runs a crosscheck command and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := cli.Main(context.Background(), args, e)
	return code, out.String(), errb.String()
}

type report struct {
	Summary struct {
		Inputs, Articles, Stored, Duplicates, Failed, Stories int
	}
	Stories []struct {
		ID         int64   `json:"id"`
		ArticleIDs []int64 `json:"article_ids"`
	}
	Articles []struct {
		ID         int64  `json:"id"`
		Input      string `json:"input"`
		SourcePath string `json:"source_path"`
		StoryID    int64  `json:"story_id"`
		New        bool   `json:"new"`
	}
	Errors []struct{ Input, Error string }
}

func analyze(t *testing.T, db string, inputs ...string) (int, report, string) {
	t.Helper()
	code, out, errs := run(t, append([]string{"analyze", "--db", db, "--format", "json", "--reputation-data", t.TempDir()}, inputs...)...)
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("analyze printed no JSON report (exit %d): %v\nstdout: %s\nstderr: %s", code, err, out, errs)
	}
	return code, r, errs
}

func TestAnalyzeExamples(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, r, _ := analyze(t, db, "../../examples")
	if code != cli.ExitOK {
		t.Fatalf("exit %d", code)
	}
	if r.Summary.Articles != 6 || r.Summary.Stored != 6 || r.Summary.Stories != 2 || len(r.Errors) != 0 {
		t.Fatalf("summary %+v errors %v", r.Summary, r.Errors)
	}
	story := map[string]int64{}
	for _, a := range r.Articles {
		if a.ID == 0 || a.Input == "" || a.StoryID == 0 || !a.New {
			t.Errorf("article %+v lacks id, input, story or new", a)
		}
		story[filepath.Base(a.SourcePath)] = a.StoryID
	}
	port := story["01-wire-report.txt"]
	for _, f := range []string{"02-translated-rewrite.html", "03-content-farm.txt", "04-copy-other-byline.txt", "05-local-paper.jsonl:1"} {
		if story[f] != port {
			t.Errorf("%s in story %d, want the port story %d", f, story[f], port)
		}
	}
	if story["06-city-feed.xml#1"] == port {
		t.Error("the unrelated city-hall story joined the port story")
	}

	// A second run stores nothing new and says so.
	code, r2, _ := analyze(t, db, "../../examples")
	if code != cli.ExitOK || r2.Summary.Stored != 0 || r2.Summary.Duplicates != 6 {
		t.Fatalf("second run: exit %d summary %+v", code, r2.Summary)
	}
	for i, a := range r2.Articles {
		if a.New || a.ID != r.Articles[i].ID {
			t.Errorf("second run article %+v, first run id %d", a, r.Articles[i].ID)
		}
	}
}

func TestAnalyzePartialFailure(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("A container crane collapsed at the port of Meridian on Tuesday, officials said."), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("Caf\x81 au lait"), 0o644)
	code, r, errs := analyze(t, db, good, bad, filepath.Join(dir, "missing.txt"))
	if code != cli.ExitPartial {
		t.Fatalf("exit %d, want %d", code, cli.ExitPartial)
	}
	if r.Summary.Stored != 1 || r.Summary.Failed != 2 || len(r.Errors) != 2 {
		t.Fatalf("summary %+v errors %v", r.Summary, r.Errors)
	}
	if !strings.Contains(errs, "bad.txt: line 1: invalid UTF-8") || !strings.Contains(errs, "missing.txt") {
		t.Errorf("stderr does not name the failed inputs:\n%s", errs)
	}
	// What was stored survives and is found again.
	code, out, _ := run(t, "show", "--db", db, "--format", "json", "1")
	if code != cli.ExitOK || !strings.Contains(out, "container crane collapsed") {
		t.Fatalf("show 1: exit %d\n%s", code, out)
	}
	code, r2, _ := analyze(t, db, good)
	if code != cli.ExitOK || r2.Summary.Duplicates != 1 {
		t.Fatalf("rerun: exit %d %+v", code, r2.Summary)
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{
		{"analyze", "--db", db},
		{"analyze", "--db", db, "--format", "yaml", "x"},
		{"show", "--db", db, "abc"},
		{"nonsense"},
		{"eval", "nonsense"},
		{"analyze", "--db", db, "--max-bytes", "-5", "x"},
		{"analyze", "--db", db, "x", "--no-such-flag"},
		{"worker", "--db", "postgres://localhost/x", "--lease", "-1s"},
		{"worker", "--db", "postgres://localhost/x", "--batch", "0"},
		{"worker", "--db", "postgres://localhost/x", "--poll", "-2s"},
		{"stories", "--db", db, "extra"},
		{"stories", "--db", db, "--min-risk", "5"},
	} {
		if code, _, _ := run(t, args...); code != cli.ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, cli.ExitUsage)
		}
	}
	// The commands that only read refuse a database that does not exist
	// rather than leave an empty one behind.
	for _, args := range [][]string{{"show", "--db", db, "42"}, {"stories", "--db", db}} {
		if code, _, errs := run(t, args...); code != cli.ExitFailure || !strings.Contains(errs, db+": no such database") {
			t.Errorf("%v on a missing database: exit %d, stderr %q", args, code, errs)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a read-only command created %s: %v", db, err)
	}
	note := filepath.Join(t.TempDir(), "note.txt")
	if err := os.WriteFile(note, []byte("The ferry timetable changes on Monday, the operator said."), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "ingest", "--db", db, note); code != cli.ExitOK {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, "show", "--db", db, "42"); code != cli.ExitFailure || !strings.Contains(errs, "article 42 not found") {
		t.Errorf("show 42: exit %d, stderr %q", code, errs)
	}
}

// TestFlagsAfterInputs: flags may follow the inputs; "--" ends the flags.
func TestFlagsAfterInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(in, []byte("The library bake sale raised 400 euros on Saturday, the organisers said."), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "analyze", in, "--db", filepath.Join(dir, "a.db"), "--format", "json")
	var rep report
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Summary.Stored != 1 {
		t.Fatalf("analyze FILE --db DB --format json: exit %d, stderr %q, stdout %.200q", code, errs, out)
	}
	// After "--" a name that looks like a flag is an input. It is the
	// only one and fails: nothing at all was read, a failure (1), not
	// the partial success some failed inputs among read ones are (3).
	code, _, errs = run(t, "analyze", "--db", filepath.Join(dir, "b.db"), "--", "--format")
	if code != cli.ExitFailure || !strings.Contains(errs, "--format: no such file") || !strings.Contains(errs, "every input failed") {
		t.Errorf("analyze -- --format: exit %d, stderr %q; want the input --format reported missing, exit 1", code, errs)
	}
}

func TestStories(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	analyze(t, db, "../../examples")
	code, out, _ := run(t, "stories", "--db", db)
	if code != cli.ExitOK || !strings.Contains(out, "Crane collapse at Port of Meridian") || !strings.Contains(out, "5 articles") {
		t.Fatalf("stories: exit %d\n%s", code, out)
	}
}

func TestRecluster(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	_, before, _ := analyze(t, db, "../../examples")
	code, out, errs := run(t, "recluster", "--db", db, "--reputation-data", t.TempDir())
	if code != cli.ExitOK || !strings.Contains(out, "into 2 stories") {
		t.Fatalf("recluster: exit %d\n%s%s", code, out, errs)
	}
	_, after, _ := analyze(t, db, "../../examples")
	// The same grouping under new story IDs.
	pair := map[int64]int64{}
	for i, a := range after.Articles {
		_ = i
		for _, b := range before.Articles {
			if a.ID == b.ID {
				if old, ok := pair[b.StoryID]; ok && old != a.StoryID {
					t.Errorf("article %d: grouping changed", a.ID)
				}
				pair[b.StoryID] = a.StoryID
			}
		}
	}
	if len(pair) != 2 {
		t.Errorf("stories after recluster: %v", pair)
	}
}

// TestSeeds runs the main command on the three real articles of one event:
// one story; the content farm riskiest with each of its problems found with
// evidence; the rewrite's promotional insert found; the mainstream report
// the least risky.
func TestSeeds(t *testing.T) {
	dir := shared.Require(t, "seeds")
	arts := analyzeUnseen(t, dir)
	if len(arts) != 3 {
		t.Fatalf("%d articles, want 3", len(arts))
	}
	for _, b := range checkTriple(arts, filepath.Base(dir)) {
		t.Error(b)
	}
}

// TestJSONEverywhere: the commands that print a summary print JSON with
// --format json; ingest lists its failed inputs.
func TestJSONEverywhere(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	good := filepath.Join(dir, "good.txt")
	if err := os.WriteFile(good, []byte("The library bake sale raised 400 euros on Saturday, the organisers said."), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "ingest", "--db", db, "--format", "json", good, filepath.Join(dir, "missing.txt"))
	var ing struct {
		Stored int `json:"stored"`
		Errors []struct{ Input, Error string }
	}
	if code != cli.ExitPartial || json.Unmarshal([]byte(out), &ing) != nil || ing.Stored != 1 || len(ing.Errors) != 1 || !strings.Contains(ing.Errors[0].Error, "missing.txt") {
		t.Errorf("ingest --format json: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = run(t, "recluster", "--db", db, "--format", "json")
	var rec struct{ Stories int }
	if code != 0 || json.Unmarshal([]byte(out), &rec) != nil || rec.Stories != 1 {
		t.Errorf("recluster --format json: exit %d, stdout %q", code, out)
	}
	code, out, _ = run(t, "version", "--format", "json")
	var ver struct{ Version, Go string }
	if code != 0 || json.Unmarshal([]byte(out), &ver) != nil || ver.Version == "" || ver.Go == "" {
		t.Errorf("version --format json: exit %d, stdout %q", code, out)
	}
}

// TestHelpCommand: "crosscheck help CMD" prints that command's flags, as
// "crosscheck CMD --help" does, and exits 0.
func TestHelpCommand(t *testing.T) {
	code, out, errs := run(t, "help", "analyze")
	if code != cli.ExitOK || !strings.Contains(out+errs, "Usage: crosscheck analyze") || !strings.Contains(out+errs, "-format") {
		t.Errorf("help analyze: exit %d, output %q", code, out+errs)
	}
	if code, out, _ := run(t, "help", "nonsense"); code != cli.ExitOK || !strings.Contains(out, "analyze") {
		t.Errorf("help nonsense: exit %d, want the general help", code)
	}
}
