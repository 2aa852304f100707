package credibility

import (
	"regexp"
	"slices"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestQuoteMarks checks quoteMarks against the expression it replaces, on
// valid and broken UTF-8.
func TestQuoteMarks(t *testing.T) {
	re := regexp.MustCompile(`["“”]`)
	for _, s := range []string{`He said "no" and “yes”.`, "“", "\xe2\x80", "\xe2\x80\x9c\x9d", "\xf0“x", "\xe2“", `""`, "none", ""} {
		var want []news.Span
		for _, m := range re.FindAllStringIndex(s, -1) {
			want = append(want, news.Span{Start: m[0], End: m[1]})
		}
		if got := quoteMarks(s, nil); !slices.Equal(got, want) {
			t.Errorf("quoteMarks(%q) = %v, want %v", s, got, want)
		}
	}
}
