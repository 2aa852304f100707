package reuse_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

func TestGenerateAlignCases(t *testing.T) {
	bodies := []string{fixture(t, "flood.txt", 1).Text, fixture(t, "council.txt", 2).Text}
	c1, err := reuse.GenerateAlignCases(bodies, 20, 5)
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := reuse.GenerateAlignCases(bodies, 20, 5)
	c3, _ := reuse.GenerateAlignCases(bodies, 20, 6)
	same, differ := true, false
	for i := range c1 {
		same = same && c1[i].Copy.Text == c2[i].Copy.Text && slices.Equal(c1[i].Truth, c2[i].Truth)
		differ = differ || c1[i].Copy.Text != c3[i].Copy.Text
	}
	if !same || !differ {
		t.Fatalf("same seed same cases: %v; other seed other cases: %v", same, differ)
	}
	var tp, fp, fn float64
	for _, c := range c1 {
		for i, s := range c.Truth {
			if !s.Valid(len(c.Copy.Text)) || (i > 0 && c.Truth[i-1].End >= s.Start) {
				t.Fatalf("truth spans invalid or unmerged: %v", c.Truth)
			}
			// Every true span is made of source sentences, possibly edited.
			if strings.TrimSpace(s.Slice(c.Copy.Text)) == "" {
				t.Fatalf("empty truth span %v", s)
			}
		}
		var spans []news.Span
		for _, p := range reuse.Align(c.Copy, c.Source, reuse.AlignOptions{}) {
			spans = append(spans, p.Span)
		}
		a, b, m := reuse.CharOverlap(c.Copy.Text, spans, c.Truth)
		tp, fp, fn = tp+float64(a), fp+float64(b), fn+float64(m)
	}
	if prf := metrics.FromCounts(tp, fp, fn); prf.Precision < 0.95 || prf.Recall < 0.95 {
		t.Fatalf("char precision %.3f, recall %.3f on fictional cases", prf.Precision, prf.Recall)
	}
	if _, err := reuse.GenerateAlignCases([]string{"Too short."}, 3, 1); err == nil {
		t.Fatal("no error without eligible bodies")
	}
}

func TestCharOverlap(t *testing.T) {
	s := "héllo world" // é is two bytes: 11 characters, 12 bytes
	tests := []struct {
		name        string
		pred, truth []news.Span
		tp, fp, fn  int
	}{
		{"exact", []news.Span{{Start: 0, End: 12}}, []news.Span{{Start: 0, End: 12}}, 11, 0, 0},
		{"none predicted", nil, []news.Span{{Start: 0, End: 6}}, 0, 0, 5},
		{"overlap", []news.Span{{Start: 3, End: 12}}, []news.Span{{Start: 0, End: 6}}, 3, 6, 2},
		{"out of bounds is clamped", []news.Span{{Start: -4, End: 99}}, nil, 0, 11, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, fp, fn := reuse.CharOverlap(s, tt.pred, tt.truth)
			if tp != tt.tp || fp != tt.fp || fn != tt.fn {
				t.Fatalf("got %d/%d/%d, want %d/%d/%d", tp, fp, fn, tt.tp, tt.fp, tt.fn)
			}
		})
	}
}

func TestCompareDocsAndLevels(t *testing.T) {
	src := fixture(t, "flood.txt", 1)
	paras := strings.Split(src.Text, "\n\n")
	cut := art(2, strings.Join(paras[2:6], "\n\n"))
	light := art(3, strings.ReplaceAll(strings.Join(paras[2:6], "\n\n"), " the ", " a "))
	non := fixture(t, "council.txt", 4)

	rc, rl, rn := reuse.CompareDocs(cut, src, reuse.AlignOptions{}), reuse.CompareDocs(light, src, reuse.AlignOptions{}), reuse.CompareDocs(non, src, reuse.AlignOptions{})
	if rc.Containment[4] < 0.99 || rc.Verbatim < 0.95 || rc.LCS < 0.99 {
		t.Errorf("cut: %+v", rc)
	}
	if !(rl.Containment[4] < rc.Containment[4] && rl.MeanRun < rc.MeanRun && rl.Edited > 0.5) {
		t.Errorf("light %+v not between cut and non", rl)
	}
	if rn.Containment[2] > 0.05 || rn.Verbatim+rn.Edited > 0 {
		t.Errorf("non: %+v", rn)
	}
	for _, r := range []reuse.DocReuse{rc, rl, rn} {
		if r.Verbatim+r.Edited+r.Reworded > 1+1e-9 {
			t.Errorf("shares sum above 1: %+v", r)
		}
	}

	items := []reuse.DocReuse{rn, rl, rc, rn, rl, rc}
	labels := []int{0, 1, 2, 0, 1, 2}
	clf, err := reuse.TrainLevels(items, labels, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range items {
		if got := clf.Predict(it); got != labels[i] {
			t.Errorf("item %d predicted %d, want %d", i, got, labels[i])
		}
	}
	if _, err := reuse.TrainLevels(items, labels[:2], 3); err == nil {
		t.Error("mismatched labels: no error")
	}
}
