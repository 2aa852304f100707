package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/cli"
)

// unseenArticle is the part of an analyzed article the checks read.
type unseenArticle struct {
	Story   int64
	Risk    float64
	Signals map[string]int // type → number of evidence spans
	Status  map[string]int // quote status → count
	// DirectStatus counts the statuses of its direct quotes alone: a page
	// that copies a report's reported speech word for word is rightly
	// corroborated by it; what it invents are direct quotes.
	DirectStatus map[string]int
}

// analyzeUnseen analyzes dirs in a fresh database and returns the articles
// by "<dir>/<first three letters of the file name>".
func analyzeUnseen(t *testing.T, dirs ...string) map[string]unseenArticle {
	t.Helper()
	db := filepath.Join(t.TempDir(), "u.db")
	args := append([]string{"analyze", "--db", db, "--format", "json", "--reputation-data", t.TempDir()}, dirs...)
	code, out, errs := run(t, args...)
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Articles []struct {
			SourcePath string `json:"source_path"`
			StoryID    int64  `json:"story_id"`
			Risk       float64
			Signals    []struct {
				Type  string
				Spans []struct{ Start, End int }
			}
			Quotes []struct {
				Status string
				Direct bool
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	arts := map[string]unseenArticle{}
	for _, a := range r.Articles {
		path := a.SourcePath
		if i := strings.LastIndexByte(path, ':'); i > strings.LastIndexByte(path, '/') {
			path = path[:i] // a JSON Lines input: "file.jsonl:1"
		}
		item := "" // the item of a feed or array ("001_feed.rss#2"), after its first
		if i := strings.LastIndexAny(path, "#["); i > strings.LastIndexByte(path, '/') {
			item, path = "#"+strings.Trim(path[i+1:], "]"), path[:i]
		}
		name := filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)[:3] + item
		u := unseenArticle{Story: a.StoryID, Risk: a.Risk, Signals: map[string]int{}, Status: map[string]int{}, DirectStatus: map[string]int{}}
		for _, s := range a.Signals {
			u.Signals[s.Type] = len(s.Spans)
		}
		for _, q := range a.Quotes {
			u.Status[q.Status]++
			if q.Direct {
				u.DirectStatus[q.Status]++
			}
		}
		arts[name] = u
	}
	return arts
}

// checkTriple returns what the triple under dir gets wrong: the seeds'
// checks (000 a mainstream report, 001 a translated rewrite with a
// promotional insert, 002 a content farm), and, when there is one, that
// its look-alike (a file named lookalike*) about another event of the same
// kind stays apart.
func checkTriple(arts map[string]unseenArticle, dir string) []string {
	var bad []string
	// A role's input may be a feed or an array of several items; its
	// article is the item in 000's story (the others are other news the
	// feed carries), else its first.
	var story int64
	get := func(n string) unseenArticle {
		if a, ok := arts[dir+"/"+n]; ok {
			return a
		}
		var items []string
		for k := range arts {
			if strings.HasPrefix(k, dir+"/"+n+"#") {
				items = append(items, k)
			}
		}
		sort.Strings(items)
		for _, k := range items {
			if arts[k].Story == story {
				return arts[k]
			}
		}
		if len(items) > 0 {
			return arts[items[0]]
		}
		bad = append(bad, "no article "+n)
		return unseenArticle{}
	}
	a0 := get("000")
	story = a0.Story
	a1, a2 := get("001"), get("002")
	if len(bad) > 0 {
		return bad
	}
	if a0.Story != a1.Story || a0.Story != a2.Story {
		bad = append(bad, fmt.Sprintf("not one story: 000→%d 001→%d 002→%d", a0.Story, a1.Story, a2.Story))
	}
	if look, ok := arts[dir+"/loo"]; ok && (look.Story == a0.Story || look.Story == a1.Story || look.Story == a2.Story) {
		bad = append(bad, fmt.Sprintf("the look-alike joined story %d", look.Story))
	}
	for _, typ := range []string{"spliced_passage", "uncorroborated_quote", "date_contradiction", "byline_conflict"} {
		if a2.Signals[typ] == 0 {
			bad = append(bad, fmt.Sprintf("002: no %s signal with evidence spans (signals %v)", typ, a2.Signals))
		}
	}
	if a0.Status["corroborated"] == 0 || a1.Status["corroborated"] == 0 {
		bad = append(bad, fmt.Sprintf("the remarks 000 and 001 share are not linked: 000 %v, 001 %v", a0.Status, a1.Status))
	}
	if a2.DirectStatus["corroborated"] != 0 || a2.DirectStatus["uncorroborated"] == 0 {
		bad = append(bad, fmt.Sprintf("002's direct quotes: statuses %v, want all uncorroborated", a2.DirectStatus))
	}
	if a1.Signals["clickbait_insert"] == 0 {
		bad = append(bad, fmt.Sprintf("001: no clickbait_insert (signals %v)", a1.Signals))
	}
	if a0.Signals["byline_conflict"] != 0 {
		bad = append(bad, "000: a byline conflict in the mainstream report")
	}
	if !(a2.Risk > a1.Risk && a2.Risk > a0.Risk && a0.Risk < a1.Risk) {
		bad = append(bad, fmt.Sprintf("risks 000 %.3f, 001 %.3f, 002 %.3f: want 002 highest and 000 lowest", a0.Risk, a1.Risk, a2.Risk))
	}
	return bad
}

// knownMisses are the checks a triple is known to fail (the start of the
// check's message), each with its reason; TestUnseen fails when one of
// them passes, so the list stays true.
var knownMisses = map[string]string{
	// The farm's two pasted sentences (copper prices, a footbridge that
	// collapsed) share ordinary words with the pension story ("price",
	// "demand", "factories"; "nobody"): the model scores them 0.02 and
	// 0.10 against a threshold of 0.43, and a tenth or more of their
	// words' weight is the story's, above the bound of the rule for
	// sentences that share nothing. Measured in docs/BENCHMARKS.md.
	"pension_vote": "002: no spliced_passage signal",
}

// TestUnseen runs the checks of TestSeeds on invented triples of other
// kinds of events (testdata/unseen/<event>/: 000 a mainstream report, 001 a
// machine-translated rewrite with a promotional insert, 002 a content-farm
// page, and a look-alike about another event of the same kind), each
// analysed alone, then all together in one database.
func TestUnseen(t *testing.T) {
	root := filepath.Join("testdata", "unseen")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	sort.Strings(dirs)
	if len(dirs) < 4 {
		t.Fatalf("%d triples under %s, want at least 4", len(dirs), root)
	}
	report := func(t *testing.T, dir string, bad []string) {
		known, missed := knownMisses[dir], false
		for _, b := range bad {
			if known != "" && strings.HasPrefix(b, known) {
				t.Logf("known miss: %s", b)
				missed = true
				continue
			}
			t.Error(b)
		}
		if known != "" && !missed {
			t.Errorf("%s no longer misses %q: remove it from knownMisses", dir, known)
		}
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			report(t, dir, checkTriple(analyzeUnseen(t, filepath.Join(root, dir)), dir))
		})
	}
	t.Run("together", func(t *testing.T) {
		var paths []string
		for _, dir := range dirs {
			paths = append(paths, filepath.Join(root, dir))
		}
		arts := analyzeUnseen(t, paths...)
		for _, dir := range dirs {
			t.Run(dir, func(t *testing.T) { report(t, dir, checkTriple(arts, dir)) })
		}
	})
}
