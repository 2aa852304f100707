package credibility

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
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

// TestScoreRow checks that the row judgeStyle scores (terms hashed
// unnamed, the text tokenized once) gives what NewStyleRow's does.
func TestScoreRow(t *testing.T) {
	m := DefaultStyleModel()
	if m == nil {
		t.Skip("no shipped style model")
	}
	body := strings.Repeat("The MINISTER said on Monday that the plan, worth 3.5 billion, was “the best ever”. ", 3) +
		"Officials didn't confirm it; the plan's critics called it a hoax. Click here to share! Ça va, Zoë? The plan the plan 2026 the plan.\n\n" +
		"You won't believe what the minister said next: the best plan, the best."
	for _, a := range []*news.Article{
		{Title: "Minister's plan: the BEST ever?", Text: body},
		{Title: "", Text: body},
		{Title: "Plan plan plan", Text: "plan"},
	} {
		want, got := NewStyleRow(a, true), scoreRow(a, true)
		if len(got.terms) != len(want.Terms) || !slices.Equal(got.TermSpans, want.TermSpans) {
			t.Fatalf("%d terms (spans %v), want %d (%v)", len(got.terms), got.TermSpans, len(want.Terms), want.TermSpans)
		}
		for i := range want.Terms {
			if got.termName(i) != want.Terms[i] {
				t.Errorf("term %d = %q, want %q", i, got.termName(i), want.Terms[i])
			}
		}
		xw, _ := m.sparse(want, nil, false)
		xg, _ := m.sparse(got, nil, false)
		if !slices.Equal(xw, xg) {
			t.Errorf("sparse rows differ")
		}
		pw, ew := m.Explain(want, 4)
		pg, eg := m.Explain(got, 4)
		if pw != pg || !reflect.DeepEqual(ew, eg) {
			t.Errorf("Explain = %v %+v, want %v %+v", pg, eg, pw, ew)
		}
	}
}

func TestFieldsAtLeast(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a b ", "a\u00a0b\u0085c\u2003d", "\xff \xfe\xfd x", "tab\tnew\nline\r\v\f end", "é à", "x  y"} {
		n := len(strings.Fields(s))
		for k := 0; k <= n+1; k++ {
			if got := fieldsAtLeast(s, k); got != (n >= k) {
				t.Errorf("fieldsAtLeast(%q, %d) = %v, want %v", s, k, got, n >= k)
			}
		}
	}
}
