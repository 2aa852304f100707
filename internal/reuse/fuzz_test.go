package reuse_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

// FuzzAlign checks that, for any two texts, passages stay in bounds, are
// ordered by their span in a and overlap on neither side.
func FuzzAlign(f *testing.F) {
	f.Add(source, "Heavy rain. "+source+" Residents were angry.")
	f.Add(source, "Boats from the rescue crews took 62 people off the roofs of houses in Millbrook.")
	f.Add("a a a a a a a a a a a a a a a a. a a a a a a a a.", "a a a a a a a a a a a a a a a a a a a a a a a a a a")
	f.Add("", source)
	f.Add("“Quote.” He said. \n\nNew paragraph…", "\xff\xfe broken \x00 bytes. Quote. He said.")
	for _, name := range []string{"flood.txt", "council.txt"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(b), string(b[len(b)/3:]))
		}
	}
	f.Fuzz(func(t *testing.T, sa, sb string) {
		if len(sa) > 4000 || len(sb) > 4000 {
			t.Skip()
		}
		a := &news.Article{ID: 2, Text: sa}
		b := &news.Article{ID: 1, Text: sb}
		ps := reuse.Align(a, b, reuse.AlignOptions{})
		for i, p := range ps {
			if !p.Span.Valid(len(sa)) || !p.SourceSpan.Valid(len(sb)) {
				t.Fatalf("passage %d spans %v / %v out of bounds (%d / %d bytes)", i, p.Span, p.SourceSpan, len(sa), len(sb))
			}
			if p.Span.Len() == 0 || p.SourceSpan.Len() == 0 {
				t.Fatalf("passage %d empty: %+v", i, p)
			}
			if i > 0 && ps[i-1].Span.End > p.Span.Start {
				t.Fatalf("passages %d, %d unordered or overlapping on a: %v %v", i-1, i, ps[i-1].Span, p.Span)
			}
		}
		bs := slices.Clone(ps)
		slices.SortFunc(bs, func(x, y news.Passage) int { return x.SourceSpan.Start - y.SourceSpan.Start })
		for i := 1; i < len(bs); i++ {
			if bs[i-1].SourceSpan.End > bs[i].SourceSpan.Start {
				t.Fatalf("passages overlap on b: %v %v", bs[i-1].SourceSpan, bs[i].SourceSpan)
			}
		}
		for _, s := range reuse.Unmatched(a, []*news.Article{b}, reuse.AlignOptions{}) {
			if !s.Valid(len(sa)) {
				t.Fatalf("unmatched span %v out of bounds", s)
			}
		}
	})
}
