package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestTextReportStoryLine: a story's line counts its articles and outlets
// in plain words, and says so when no article names its outlet (files
// without a URL) rather than printing "0 outlets".
func TestTextReportStoryLine(t *testing.T) {
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		story news.Story
		want  string
	}{
		{news.Story{ArticleCount: 3, Langs: []string{"en"}, FirstSeen: day, LastSeen: day}, "  3 articles, outlets unknown, language en, 2026-03-10\n"},
		{news.Story{ArticleCount: 1, Langs: []string{"en"}, FirstSeen: day, LastSeen: day.Add(3 * time.Hour)}, "  1 article, outlet unknown, language en, 2026-03-10\n"},
		{news.Story{ArticleCount: 2, Langs: []string{"en"}, FirstSeen: day, LastSeen: day.AddDate(0, 0, 1), Undated: true}, "  2 articles, outlets unknown, language en, undated (stored 2026-03-10 to 2026-03-11)\n"},
		{news.Story{ArticleCount: 1, Outlets: []string{"a.example"}, Langs: []string{"en"}, FirstSeen: day, LastSeen: day}, "  1 article, 1 outlet, language en, 2026-03-10\n"},
		{news.Story{ArticleCount: 4, Outlets: []string{"a.example", "b.example"}, Langs: []string{"de", "en"}, FirstSeen: day, LastSeen: day.AddDate(0, 0, 1)}, "  4 articles, 2 outlets, languages de en, 2026-03-10 to 2026-03-11\n"},
	} {
		var b strings.Builder
		st := c.story
		st.ID, st.Title = 1, "A story"
		writeTextReport(&b, &Report{Stories: []ReportStory{{Story: &st}}})
		if !strings.Contains(b.String(), "\nStory 1: A story\n"+c.want) {
			t.Errorf("report:\n%s\nwant the line %q", b.String(), c.want)
		}
	}
}

// TestTextReportArticleLines: an article's lines name a missing title and
// outlet in words, as the web pages do, and a failed input is named once
// when its error already names it.
func TestTextReportArticleLines(t *testing.T) {
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	r := &Report{
		Stories: []ReportStory{{Story: &news.Story{ID: 1, Title: "A story", ArticleCount: 3}, ArticleIDs: []int64{1, 2, 3}}},
		Articles: []ReportArticle{
			{ID: 1, SourcePath: "a.txt", Published: day},
			{ID: 2, SourcePath: "b.html", Title: "Ferry fares frozen", Outlet: "b.example", Byline: "Lena Brandt"},
			{ID: 3, SourcePath: "c.html", Title: "Fares frozen!", SiteName: "Daily Viral Report"},
		},
		Errors: []InputError{{Input: "empty.txt", Error: "empty.txt: empty input"}, {Input: "https://x.example/a", Error: "status 404"}},
	}
	var b strings.Builder
	writeTextReport(&b, r)
	for _, want := range []string{
		"\n  #1 (untitled)\n     outlet unknown, 2026-03-10\n     from a.txt\n",
		"\n  #2 Ferry fares frozen\n     b.example, by Lena Brandt\n     from b.html\n",
		"\n  #3 Fares frozen!\n     Daily Viral Report\n     from c.html\n",
		"\n  empty.txt: empty input\n",
		"\n  https://x.example/a: status 404\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report:\n%s\nwant %q", b.String(), want)
		}
	}
}

// TestTextReportSpans: the run's report shows three evidence spans a
// signal and says how to see the rest; show prints them all.
func TestTextReportSpans(t *testing.T) {
	text := "One. Two. Three. Four. Five."
	var spans []news.Span
	for i := 0; i < 5; i++ {
		spans = append(spans, news.Span{Start: 5 * i, End: 5*i + 4})
	}
	a := ReportArticle{ID: 7, SourcePath: "a.txt", article: &news.Article{Text: text}, analysis: &news.Analysis{}}
	a.Signals = []news.Signal{{Type: news.SignalSplicedPassage, Severity: news.SeverityHigh, Contribution: 0.3, Spans: spans, Explanation: "Pasted."}}
	var b strings.Builder
	writeTextArticle(&b, &a, 3, showCommand("runs/x.db", "crosscheck.db"))
	if got := strings.Count(b.String(), "         ["); got != 3 || !strings.Contains(b.String(), "… and 2 more (crosscheck show --db runs/x.db 7 lists them all)") {
		t.Errorf("report with 3 spans a signal:\n%s", b.String())
	}
	b.Reset()
	writeTextArticle(&b, &a, 3, showCommand(":memory:", "crosscheck.db"))
	if !strings.Contains(b.String(), "… and 2 more\n") {
		t.Errorf("a store in memory has no show command:\n%s", b.String())
	}
	for db, want := range map[string]string{"crosscheck.db": "crosscheck show", "my runs/x.db": "crosscheck show --db 'my runs/x.db'", "postgres://h/db?sslmode=disable": "crosscheck show --db 'postgres://h/db?sslmode=disable'"} {
		if got := showCommand(db, "crosscheck.db"); got != want {
			t.Errorf("showCommand(%q) = %q, want %q", db, got, want)
		}
	}
	b.Reset()
	writeTextArticle(&b, &a, 0, "")
	if got := strings.Count(b.String(), "         ["); got != 5 || strings.Contains(b.String(), "more") {
		t.Errorf("show, every span:\n%s", b.String())
	}
}
