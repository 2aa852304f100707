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
		Stories: []ReportStory{{Story: &news.Story{ID: 1, Title: "A story", ArticleCount: 5}, ArticleIDs: []int64{1, 2, 3, 4, 5}}},
		Articles: []ReportArticle{
			{ID: 1, SourcePath: "a.txt", Published: day},
			{ID: 2, SourcePath: "b.html", Title: "Ferry fares frozen", Outlet: "b.example", Byline: "Lena Brandt"},
			{ID: 3, SourcePath: "c.html", Title: "Fares frozen!", SiteName: "Daily Viral Report"},
			{ID: 4, SourcePath: "-", Title: "From stdin"},
			{ID: 5, SourcePath: "-:7", Title: "A record on stdin"},
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
		"\n  #4 From stdin\n     outlet unknown\n     from standard input\n",
		"\n  #5 A record on stdin\n     outlet unknown\n     from standard input, line 7\n",
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

// TestTextReportSummaryLine: the run's first line counts in plain words,
// "1 input", "1 article", "2 stories", not "1 inputs".
func TestTextReportSummaryLine(t *testing.T) {
	for sum, want := range map[RunSummary]string{
		{Inputs: 1, Articles: 1, Stored: 1, Stories: 1}:                "1 input: 1 article (1 stored, 0 already stored), 0 failed, 1 story\n",
		{Inputs: 2, Articles: 6, Stored: 5, Duplicates: 1, Stories: 2}: "2 inputs: 6 articles (5 stored, 1 already stored), 0 failed, 2 stories\n",
		{Inputs: 1, Failed: 1}:                                         "1 input: 0 articles (0 stored, 0 already stored), 1 failed, 0 stories\n",
	} {
		var b strings.Builder
		writeTextReport(&b, &Report{Summary: sum})
		if !strings.HasPrefix(b.String(), want) {
			t.Errorf("summary %+v:\n%s\nwant %q", sum, b.String(), want)
		}
	}
}

// TestTextReportControlCharacters: untrusted text with terminal escape
// sequences (a byline, a file name, an error naming it, a story title)
// reaches the terminal without its control characters.
func TestTextReportControlCharacters(t *testing.T) {
	esc := "\x1b[2J\x1b]0;pwned\x07\u202eevil"
	r := &Report{
		Stories: []ReportStory{{Story: &news.Story{ID: 1, Title: "Story " + esc, ArticleCount: 1}, ArticleIDs: []int64{1}}},
		Articles: []ReportArticle{{ID: 1, SourcePath: "a" + esc + ".txt", Title: "Title " + esc, Outlet: "o.example", Byline: "By " + esc,
			article: &news.Article{Text: "x"}, analysis: &news.Analysis{},
			Signals: []news.Signal{{Type: news.SignalBylineConflict, Explanation: "credited to " + esc}},
			Quotes:  []news.Quote{{Text: "q", SpeakerName: "Ann " + esc, Direct: true}}}},
		Errors: []InputError{{Input: "b" + esc + ".txt", Error: "empty input"}},
	}
	var b strings.Builder
	writeTextReport(&b, r)
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("control characters reach the terminal:\n%q", out)
	}
	for _, want := range []string{"Story [2J]0;pwnedevil", "by By [2J]0;pwnedevil", "from a[2J]0;pwnedevil.txt", "Ann [2J]0;pwnedevil (direct)", "b[2J]0;pwnedevil.txt: empty input"} {
		if !strings.Contains(out, want) {
			t.Errorf("report:\n%s\nwant %q", out, want)
		}
	}
}

// TestTextReportNotAnalysed: an article without analysis (an interrupted
// run) says how to finish it.
func TestTextReportNotAnalysed(t *testing.T) {
	var b strings.Builder
	writeTextArticle(&b, &ReportArticle{ID: 4, SourcePath: "a.txt", Title: "T"}, 3, "")
	if !strings.Contains(b.String(), "not analysed yet (") || !strings.Contains(b.String(), "again") {
		t.Errorf("report:\n%s", b.String())
	}
}

// TestTextReportCommonNotes: a note that reads the same on every article
// of the run (no outlet lists loaded) is printed once at the top, not
// under each article; notes that differ, carry spans or move the risk
// stay with their article, and show still prints everything.
func TestTextReportCommonNotes(t *testing.T) {
	noLists := news.Signal{Type: news.SignalSourceReputation, Severity: news.SeverityInfo, Explanation: "No outlet lists were loaded."}
	art := func(id int64, more ...news.Signal) ReportArticle {
		return ReportArticle{ID: id, SourcePath: "a.txt", Title: "T", article: &news.Article{Text: "Some text."}, analysis: &news.Analysis{},
			Signals: append([]news.Signal{noLists}, more...)}
	}
	stance := news.Signal{Type: news.SignalStance, Severity: news.SeverityInfo, Explanation: "Agrees."}
	r := &Report{
		Stories:  []ReportStory{{Story: &news.Story{ID: 1, Title: "S", ArticleCount: 3}, ArticleIDs: []int64{1, 2, 3}}},
		Articles: []ReportArticle{art(1, stance), art(2, stance), art(3)},
	}
	var b strings.Builder
	writeTextReport(&b, r)
	out := b.String()
	if strings.Count(out, "No outlet lists were loaded.") != 1 || !strings.Contains(out, "Every article: source_reputation (info): No outlet lists were loaded.\n") {
		t.Errorf("the common note is not printed once at the top:\n%s", out)
	}
	if strings.Count(out, "Agrees.") != 2 {
		t.Errorf("a note of only some articles must stay with them:\n%s", out)
	}
	r.Articles = r.Articles[:1]
	b.Reset()
	writeTextReport(&b, r)
	if strings.Contains(b.String(), "Every article") || !strings.Contains(b.String(), "source_reputation (info, +0.00): No outlet lists were loaded.") {
		t.Errorf("one article: its notes stay under it:\n%s", b.String())
	}
	b.Reset()
	a := art(1)
	writeTextArticle(&b, &a, 0, "")
	if !strings.Contains(b.String(), "No outlet lists were loaded.") {
		t.Errorf("show drops a note:\n%s", b.String())
	}
}
