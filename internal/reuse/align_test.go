package reuse_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// art builds an article from raw text the way ingest does: normalized text
// and its sentences.
func art(id int64, s string) *news.Article {
	t := text.Normalize(s)
	return &news.Article{ID: id, Text: t, Sentences: text.Sentences(t)}
}

// fixture reads a fictional article from testdata.
func fixture(tb testing.TB, name string, id int64) *news.Article {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return art(id, string(b))
}

const source = `The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said. Rescue crews in inflatable boats pulled 62 people from the roofs of houses in the Millbrook district.

"We have never seen the river climb this fast," said Harriet Quell, the head of the emergency service.`

// checkPassages asserts the invariants every Align result keeps.
func checkPassages(t *testing.T, a, b *news.Article, ps []news.Passage) {
	t.Helper()
	for i, p := range ps {
		if !p.Span.Valid(len(a.Text)) || !p.SourceSpan.Valid(len(b.Text)) || p.Span.Len() == 0 || p.SourceSpan.Len() == 0 {
			t.Fatalf("passage %d spans %v / %v out of bounds or empty", i, p.Span, p.SourceSpan)
		}
		if p.ArticleID != a.ID || p.SourceID != b.ID {
			t.Fatalf("passage %d IDs %d/%d, want %d/%d", i, p.ArticleID, p.SourceID, a.ID, b.ID)
		}
		if i > 0 && ps[i-1].Span.End > p.Span.Start {
			t.Fatalf("passages %d and %d overlap or are unordered on a: %v %v", i-1, i, ps[i-1].Span, p.Span)
		}
		switch p.Kind {
		case news.PassageVerbatim, news.PassageEdited, news.PassageReworded:
		default:
			t.Fatalf("passage %d kind %q", i, p.Kind)
		}
		if p.Score <= 0 || p.Score > 1 {
			t.Fatalf("passage %d score %v outside (0, 1]", i, p.Score)
		}
	}
	bs := slices.Clone(ps)
	slices.SortFunc(bs, func(x, y news.Passage) int { return x.SourceSpan.Start - y.SourceSpan.Start })
	for i := 1; i < len(bs); i++ {
		if bs[i-1].SourceSpan.End > bs[i].SourceSpan.Start {
			t.Fatalf("passages overlap on b: %v %v", bs[i-1].SourceSpan, bs[i].SourceSpan)
		}
	}
}

func TestAlign(t *testing.T) {
	b := art(1, source)
	tests := []struct {
		name string
		text string
		// want lists, for each passage in order, its kind, the text it
		// covers in a and the text of b it comes from.
		want [][3]string
	}{
		{
			name: "verbatim copy",
			text: `Heavy rain hit the valley again on Saturday. The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said. Residents were angry.`,
			want: [][3]string{{news.PassageVerbatim,
				"The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said.",
				"The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said."}},
		},
		{
			name: "verbatim across sentences, case and punctuation aside",
			text: `THE WATER rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon - officials said; rescue crews in inflatable boats pulled 62 people from the roofs of houses in the Millbrook district!`,
			want: [][3]string{{news.PassageVerbatim,
				"THE WATER rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon - officials said; rescue crews in inflatable boats pulled 62 people from the roofs of houses in the Millbrook district!",
				"The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said. Rescue crews in inflatable boats pulled 62 people from the roofs of houses in the Millbrook district."}},
		},
		{
			name: "light edit",
			text: `The water rose by 1.8 metres in under six hours and reached the steps of the old town hall shortly before noon, officials said.`,
			want: [][3]string{{news.PassageEdited,
				"The water rose by 1.8 metres in under six hours and reached the steps of the old town hall shortly before noon, officials said.",
				"The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said."}},
		},
		{
			name: "edited first word",
			text: `Floodwater rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said.`,
			want: [][3]string{{news.PassageEdited,
				"Floodwater rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said.",
				"The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said."}},
		},
		{
			name: "reworded sentence",
			text: `Boats from the rescue crews took 62 people off the roofs of houses in Millbrook.`,
			want: [][3]string{{news.PassageReworded,
				"Boats from the rescue crews took 62 people off the roofs of houses in Millbrook.",
				"Rescue crews in inflatable boats pulled 62 people from the roofs of houses in the Millbrook district."}},
		},
		{
			name: "unrelated",
			text: `The city council of Harlow voted on Thursday to turn the disused tram depot on Quarry Road into a public library. "This building has stood empty for far too long," said the council leader.`,
		},
		{
			name: "common phrase only",
			text: `Shortly before noon, officials said, the mayor left the town hall.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := art(2, tt.text)
			ps := reuse.Align(a, b, reuse.AlignOptions{})
			checkPassages(t, a, b, ps)
			var got [][3]string
			for _, p := range ps {
				got = append(got, [3]string{p.Kind, p.Span.Slice(a.Text), p.SourceSpan.Slice(b.Text)})
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("passages:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAlignStory(t *testing.T) {
	b := fixture(t, "flood.txt", 1)
	other := fixture(t, "council.txt", 9)
	// A copy that drops, inserts, edits and moves sentences.
	sents := sentenceTexts(b)
	ins := sentenceTexts(other)
	var parts []string
	var reused []string
	for i, s := range sents {
		switch {
		case i%7 == 3: // dropped
			continue
		case i%5 == 2:
			s = strings.Replace(s, " the ", " a ", 1)
		}
		parts = append(parts, s)
		reused = append(reused, s)
		if i%6 == 1 {
			parts = append(parts, ins[i%len(ins)])
		}
	}
	parts[0], parts[len(parts)-1] = parts[len(parts)-1], parts[0]
	a := art(2, strings.Join(parts, " "))
	ps := reuse.Align(a, b, reuse.AlignOptions{})
	checkPassages(t, a, b, ps)
	covered := map[string]bool{}
	for _, s := range sentenceTexts(a) {
		sp := news.Span{Start: strings.Index(a.Text, s)}
		sp.End = sp.Start + len(s)
		for _, p := range ps {
			if p.Span.Contains(sp) {
				covered[s] = true
			}
		}
	}
	for _, s := range reused {
		if !covered[s] {
			t.Errorf("reused sentence not covered: %q", s)
		}
	}
	for _, s := range ins {
		if covered[s] {
			t.Errorf("inserted sentence covered: %q", s)
		}
	}
}

func sentenceTexts(a *news.Article) []string {
	var out []string
	for _, s := range a.Sentences {
		out = append(out, s.Span.Slice(a.Text))
	}
	return out
}

func TestAlignUsesOrComputesSentences(t *testing.T) {
	b := art(1, source)
	a := art(2, "Heavy rain again. The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said.")
	want := reuse.Align(a, b, reuse.AlignOptions{})
	a.Sentences, b.Sentences = nil, nil
	if got := reuse.Align(a, b, reuse.AlignOptions{}); !slices.Equal(got, want) {
		t.Fatalf("without sentences:\n got %v\nwant %v", got, want)
	}
	// Stale sentence spans are ignored rather than trusted.
	a.Sentences = []news.Sentence{{Span: news.Span{Start: 5, End: 1 << 20}}}
	if got := reuse.Align(a, b, reuse.AlignOptions{}); !slices.Equal(got, want) {
		t.Fatalf("with invalid sentences:\n got %v\nwant %v", got, want)
	}
}

func TestAlignSameStory(t *testing.T) {
	b := art(1, source)
	a := art(2, source)
	a.StoryID, b.StoryID = 7, 8
	ps := reuse.Align(a, b, reuse.AlignOptions{})
	if len(ps) == 0 {
		t.Fatal("no passages for an identical text")
	}
	for _, p := range ps {
		if p.SameStory {
			t.Fatalf("passage between stories 7 and 8 marked same story: %+v", p)
		}
	}
	b.StoryID = 7
	for _, p := range reuse.Align(a, b, reuse.AlignOptions{}) {
		if !p.SameStory {
			t.Fatalf("passage within story 7 not marked same story: %+v", p)
		}
	}
}

func TestAlignRewordedOff(t *testing.T) {
	b := art(1, source)
	a := art(2, `Boats from the rescue crews took 62 people off the roofs of houses in Millbrook.`)
	if ps := reuse.Align(a, b, reuse.AlignOptions{Reworded: -1}); len(ps) != 0 {
		t.Fatalf("reworded detection off, got %v", ps)
	}
}

// TestAlignSkipsCreditLines: two credit lines share a name and reporting
// words without one rewriting the other; the judge is not asked about
// them, while the report's sentences still align.
func TestAlignSkipsCreditLines(t *testing.T) {
	withCredit := func(id int64, body, credit string) *news.Article {
		a := art(id, body+"\n\n"+credit)
		i := strings.Index(a.Text, credit)
		a.Credits = []news.Credit{{Kind: "byline", Name: "Hana Okafor", Span: news.Span{Start: i, End: i + len(credit)}}}
		return a
	}
	b := withCredit(1, source, "Reporting by Hana Okafor; editing by Liam Burke")
	a := withCredit(2, `Boats from the rescue crews took 62 people off the roofs of houses in Millbrook.`, "Hana Okafor reported from Meridian.")
	ps := reuse.Align(a, b, reuse.AlignOptions{})
	checkPassages(t, a, b, ps)
	for _, p := range ps {
		if strings.Contains(p.Span.Slice(a.Text), "Okafor") {
			t.Errorf("credit line aligned: %q with %q (%s)", p.Span.Slice(a.Text), p.SourceSpan.Slice(b.Text), p.Kind)
		}
	}
	if len(ps) == 0 {
		t.Fatal("the rewritten sentence did not align")
	}
}

var dateLine = regexp.MustCompile(`^date \d{4}-\d{2}-\d{2}\s*`)

// seed reads a seed article as ingest would, dropping its leading date line.
func seed(t *testing.T, dir, prefix string, id int64) *news.Article {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, prefix+"_*.txt"))
	if err != nil || len(m) != 1 {
		t.Fatalf("seed %s: %v (%d matches)", prefix, err, len(m))
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	s := dateLine.ReplaceAllString(text.Normalize(string(b)), "")
	return &news.Article{ID: id, Text: s, Sentences: text.Sentences(s)}
}

// TestSeeds checks alignment on the real seed articles: 001 is a machine
// translated rewrite of the report 000 also covers, so its sentences align
// as reworded, not verbatim; 002 mostly covers other events.
func TestSeeds(t *testing.T) {
	dir := shared.Require(t, "seeds")
	a0 := seed(t, dir, "000", 1)
	a1 := seed(t, dir, "001", 2)
	a2 := seed(t, dir, "002", 3)

	ps := reuse.Align(a1, a0, reuse.AlignOptions{})
	checkPassages(t, a1, a0, ps)
	reworded := 0
	for _, p := range ps {
		if p.Kind != news.PassageReworded {
			t.Errorf("001→000 passage of kind %s: %q", p.Kind, p.Span.Slice(a1.Text))
			continue
		}
		reworded++
	}
	if reworded < 2 {
		t.Fatalf("001→000: %d reworded passages, want at least 2", reworded)
	}
	for _, want := range []string{
		"“All this was invented by people who are in opposition to Trump",
		"Russian President Vladimir Putin ruled Thursday",
	} {
		if !coveredBy(a1.Text, want, ps) {
			t.Errorf("001 sentence %q not aligned to 000", want)
		}
	}

	un := reuse.Unmatched(a2, []*news.Article{a0, a1}, reuse.AlignOptions{})
	for _, want := range []string{
		"Russian President Vladimir Putin has claimed a deadly chemical attack in Syria",
		"In an oblique reference to Pakistan, Modi said",
		"Russia, under the Paris climate deal",
		"Kushner met with the ambassador",
		"U.S. and European Union sanctions against Russian Federation",
	} {
		found := false
		for _, s := range un {
			if strings.HasPrefix(s.Slice(a2.Text), want) {
				found = true
			}
		}
		if !found {
			t.Errorf("002 sentence %q has a counterpart in 000/001, want none", want)
		}
	}
	// The 001 sentences aligned above are not unmatched against 000.
	un1 := reuse.Unmatched(a1, []*news.Article{a0}, reuse.AlignOptions{})
	for _, s := range un1 {
		if strings.HasPrefix(s.Slice(a1.Text), "“All this was invented") {
			t.Errorf("001's aligned sentence reported unmatched")
		}
	}
	if len(un1) == 0 || len(un1) == len(a1.Sentences) {
		t.Errorf("001 against 000: %d of %d sentences unmatched, want some but not all", len(un1), len(a1.Sentences))
	}
}

// coveredBy reports whether the text starting with prefix lies in a passage.
func coveredBy(s, prefix string, ps []news.Passage) bool {
	i := strings.Index(s, prefix)
	if i < 0 {
		return false
	}
	for _, p := range ps {
		if p.Span.Start <= i && i < p.Span.End {
			return true
		}
	}
	return false
}
