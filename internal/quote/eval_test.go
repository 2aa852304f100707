package quote_test

import (
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
)

// evalText is a fictional article annotated in brat standoff below; its
// offsets count characters, and "Ż", "“", "’" and "”" take several bytes.
const evalText = "Port chief Żaneta Kos said: “We’re closing the berth.”\n\nThe cranes were old, Tom Reyes said."

const evalAnn = "T1\tSource 0 21\tPort chief Żaneta Kos\n" +
	"T2\tCue 22 26\tsaid\n" +
	"T3\tContent 28 54\t“We’re closing the berth.”\n" +
	"T4\tAttribution 22 26\tsaid\n" +
	"E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n" +
	"T5\tContent 56 66;67 75\tThe cranes were old\n" +
	"T6\tSource 77 86\tTom Reyes\n" +
	"T7\tCue 87 91\tsaid\n" +
	"T8\tAttribution 87 91\tsaid\n" +
	"E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6\n" +
	"T9\tContent 0 4\ta span text that\nruns over two lines\n" +
	"#1\tAnnotatorNotes T1\ta note\n"

func TestParseBrat(t *testing.T) {
	got, err := quote.ParseBrat(strings.NewReader(evalAnn), evalText)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d attributions, want 2", len(got))
	}
	slice := func(s []news.Span) []string {
		var out []string
		for _, x := range s {
			out = append(out, x.Slice(evalText))
		}
		return out
	}
	if got, want := strings.Join(slice(got[0].Source), "|"), "Port chief Żaneta Kos"; got != want {
		t.Errorf("source %q, want %q", got, want)
	}
	if got, want := strings.Join(slice(got[0].Content), "|"), "“We’re closing the berth.”"; got != want {
		t.Errorf("content %q, want %q", got, want)
	}
	if got, want := strings.Join(slice(got[1].Content), "|"), "The cranes|were old"; got != want {
		t.Errorf("fragments %q, want %q", got, want)
	}
	if _, err := quote.ParseBrat(strings.NewReader("T1\tContent 0 500\tx\n"), evalText); err == nil {
		t.Errorf("offsets past the text: no error")
	}
}

func TestScorer(t *testing.T) {
	gold, err := quote.ParseBrat(strings.NewReader(evalAnn), evalText)
	if err != nil {
		t.Fatal(err)
	}
	var perfect quote.Scorer
	perfect.Add(evalText, gold, quote.Extract(&news.Article{Text: evalText}))
	r := perfect.Result()
	for name, p := range map[string]float64{
		"direct content overlap": r.DirectContentOverlap.F1,
		"direct content exact":   r.DirectContentExact.F1,
		"direct source":          r.DirectSource.F1,
		"direct source exact":    r.DirectSourceExact.F1,
		"all content overlap":    r.AllContentOverlap.F1,
		"all content exact":      r.AllContentExact.F1,
		"cue":                    r.Cue.F1,
	} {
		if p != 1 {
			t.Errorf("%s F1 = %v, want 1 (result %+v)", name, p, r)
		}
	}
	if perfect.Gold != 2 || perfect.GoldDirect != 1 || perfect.Pred != 2 || perfect.PredDirect != 1 {
		t.Errorf("counts gold %d/%d pred %d/%d", perfect.Gold, perfect.GoldDirect, perfect.Pred, perfect.PredDirect)
	}

	// A prediction that finds only part of the direct quote, with the
	// wrong speaker, and misses the reported speech.
	start := strings.Index(evalText, "closing")
	tom := strings.Index(evalText, "Tom")
	bad := []news.Quote{{
		Span:    news.Span{Start: start, End: start + len("closing")},
		Direct:  true,
		Speaker: news.Span{Start: tom, End: tom + 3},
	}}
	var s quote.Scorer
	s.Add(evalText, gold, bad)
	r = s.Result()
	if r.DirectContentOverlap.F1 != 1 || r.DirectContentExact.F1 != 0 {
		t.Errorf("overlap F1 %v exact F1 %v, want 1 and 0", r.DirectContentOverlap.F1, r.DirectContentExact.F1)
	}
	if r.DirectSource.Precision != 0 || r.DirectSource.Recall != 0 {
		t.Errorf("wrong speaker scored %+v", r.DirectSource)
	}
	if r.AllContentOverlap.Recall != 0.5 || r.AllContentOverlap.Precision != 1 {
		t.Errorf("all content %+v, want precision 1 recall 0.5", r.AllContentOverlap)
	}
}

func TestQuotedShare(t *testing.T) {
	s := `he said “all of this is quoted” here`
	full := news.Span{Start: 0, End: len(s)}
	if got := quote.QuotedShare(s, full); got < 0.5 || got > 0.7 {
		t.Errorf("share %v, want about 0.6", got)
	}
	if got := quote.QuotedShare("no marks at all", news.Span{Start: 0, End: 15}); got != 0 {
		t.Errorf("share %v, want 0", got)
	}
}

// TestScorerWords checks the word-level exact match: a gold content split
// by an attribution ("“A,” he said, “B.”") or at a sentence end is matched
// by the quotes that cover the same words.
func TestScorerWords(t *testing.T) {
	text := "“Hopefully,” the director said, “the cranes will be back. They are safe.”"
	at := func(s string) news.Span {
		i := strings.Index(text, s)
		return news.Span{Start: i, End: i + len(s)}
	}
	gold := []quote.Attribution{{
		Content: []news.Span{at("“Hopefully,”"), at("“the cranes will be back."), at("They are safe.”")},
		Cue:     []news.Span{at("said")},
	}}
	pred := []news.Quote{
		{Span: at("Hopefully,"), Direct: true},
		{Span: at("the cranes will be back. They are safe."), Direct: true},
	}
	var s quote.Scorer
	s.Add(text, gold, pred)
	r := s.Result()
	if r.DirectContentWords.F1 != 1 {
		t.Errorf("words F1 %+v, want 1", r.DirectContentWords)
	}
	if r.DirectContentExact.F1 == 1 {
		t.Errorf("fragment exact F1 %+v, want below 1", r.DirectContentExact)
	}
	// A prediction that misses a fragment is no word match.
	var s2 quote.Scorer
	s2.Add(text, gold, pred[1:])
	if r := s2.Result(); r.DirectContentWords.F1 != 0 {
		t.Errorf("words F1 %+v with a fragment missed, want 0", r.DirectContentWords)
	}
}
