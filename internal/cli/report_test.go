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
		{news.Story{ArticleCount: 3, Langs: []string{"en"}, FirstSeen: day, LastSeen: day}, "  3 articles, outlet unknown, language en, 2026-03-10\n"},
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
