package quote_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// dateLine is the optional "date YYYY-MM-DD" header of a seed file.
var dateLine = regexp.MustCompile(`^\s*date (\d{4}-\d{2}-\d{2})\s*`)

// seedArticles reads the seed articles of the shared folder.
func seedArticles(tb testing.TB) []*news.Article {
	tb.Helper()
	dir := shared.Require(tb, "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		tb.Skipf("skipping: no seed articles in %s", dir)
	}
	var out []*news.Article
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		body := string(b)
		a := &news.Article{ID: int64(i + 1), SourcePath: filepath.Base(f)}
		if m := dateLine.FindStringSubmatch(body); m != nil {
			a.Published, _ = time.Parse("2006-01-02", m[1])
			body = body[len(m[0]):]
		}
		a.Text = text.Normalize(body)
		out = append(out, a)
	}
	return out
}

func TestSeeds(t *testing.T) {
	arts := seedArticles(t)
	var docs []*quote.Doc
	for _, a := range arts {
		qs := quote.Extract(a)
		checkSpans(t, a, qs)
		direct, named := 0, 0
		for _, q := range qs {
			if q.Direct {
				direct++
			}
			if q.SpeakerName != "" && q.Speaker.Len() > 0 {
				named++
			}
		}
		if direct == 0 || named < 3 {
			t.Errorf("%s: %d quotes, %d direct, %d with a speaker; want direct quotes and at least 3 speakers", a.SourcePath, len(qs), direct, named)
		}
		docs = append(docs, &quote.Doc{Article: a, StoryID: 1, Quotes: qs})
	}
	if len(docs) < 3 {
		t.Skipf("skipping the linking check: %d seed articles, want 3", len(docs))
	}
	links := quote.Link(docs, nil)
	status := func(d *quote.Doc) map[string]int {
		m := map[string]int{}
		for _, q := range d.Quotes {
			m[q.Status]++
		}
		return m
	}
	for i, d := range docs[:3] {
		st := status(d)
		if st[""] > 0 {
			t.Errorf("%s: %d quotes without a status", d.Article.SourcePath, st[""])
		}
		switch {
		case strings.HasPrefix(d.Article.SourcePath, "002") || i == 2:
			// Another event: nothing in it repeats the remarks of 000/001.
			if st[news.QuoteCorroborated] != 0 {
				for _, q := range d.Quotes {
					if q.Status == news.QuoteCorroborated {
						t.Errorf("%s: %q marked corroborated", d.Article.SourcePath, q.Text)
					}
				}
			}
			if st[news.QuoteUncorroborated] == 0 {
				t.Errorf("%s: no uncorroborated quote", d.Article.SourcePath)
			}
		default:
			if st[news.QuoteCorroborated] == 0 {
				t.Errorf("%s: no corroborated quote (statuses %v)", d.Article.SourcePath, st)
			}
		}
	}
	// The corroborating links join 000 and 001, as direct quotes of one
	// speaker rendered in two translations.
	var between []news.QuoteLink
	for _, l := range links {
		if l.SameStory && (l.From.ArticleID == 1 && l.To.ArticleID == 2 || l.From.ArticleID == 2 && l.To.ArticleID == 1) {
			between = append(between, l)
		}
	}
	if len(between) == 0 {
		t.Fatalf("no link between the first two seeds; links %+v", links)
	}
	// The translation renders most remarks in other words: besides the
	// close variants, the remarks around them are aligned in order
	// (alignRewrites).
	if len(between) < 4 {
		t.Errorf("%d links between the first two seeds, want at least 4 (remarks aligned around the close variants): %+v", len(between), between)
	}
	for _, l := range between {
		if l.Score <= 0 || l.Score > 1 || len(l.Aligned) == 0 {
			t.Errorf("link %+v: score or alignment missing", l)
		}
	}
}
