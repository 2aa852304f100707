package reuse_test

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/reuse"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// exactJaccard is the Jaccard similarity of the 5-word shingle sets.
func exactJaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		w := text.Words(s)
		m := map[string]bool{}
		for i := 0; i+5 <= len(w); i++ {
			m[strings.Join(w[i:i+5], " ")] = true
		}
		return m
	}
	x, y := set(a), set(b)
	in := 0
	for k := range x {
		if y[k] {
			in++
		}
	}
	return float64(in) / float64(len(x)+len(y)-in)
}

func TestIndex(t *testing.T) {
	flood := fixture(t, "flood.txt", 1).Text
	council := fixture(t, "council.txt", 2).Text
	paras := strings.Split(flood, "\n\n")
	// Near copy: the article minus its last two paragraphs, lightly edited.
	near := strings.Replace(strings.Join(paras[:len(paras)-2], "\n\n"), "Saturday", "Sunday", 2)
	half := strings.Join(paras[:len(paras)/2], "\n\n")

	ix := reuse.NewIndex(reuse.IndexOptions{})
	ix.Add(1, flood)
	ix.Add(2, council)
	ix.Add(3, "")
	if got, want := ix.Len(), 2; got != want {
		t.Fatalf("Len=%d, want %d (an empty text is not indexed)", got, want)
	}

	tests := []struct {
		name    string
		query   string
		min     float64
		wantIDs []int64
	}{
		{"identical", flood, 0.9, []int64{1}},
		{"near copy", near, 0.5, []int64{1}},
		{"half the article", half, 0.3, []int64{1}},
		{"half, above its similarity", half, 0.8, nil},
		{"unrelated", "A short note about the weather in the mountains, where it snowed all week long.", 0.1, nil},
		{"empty", "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Query(tt.query, tt.min)
			var ids []int64
			for _, d := range got {
				ids = append(ids, d.ArticleID)
				if want := exactJaccard(tt.query, flood); d.ArticleID == 1 && math.Abs(d.Jaccard-want) > 0.12 {
					t.Errorf("Jaccard estimate %.3f, exact %.3f", d.Jaccard, want)
				}
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.wantIDs) {
				t.Fatalf("IDs %v, want %v (results %+v)", ids, tt.wantIDs, got)
			}
		})
	}

	ix.Add(4, near)
	if got := ix.Near(4, 0.5); len(got) != 1 || got[0].ArticleID != 1 {
		t.Fatalf("Near(4)=%+v, want article 1 only", got)
	}
	ix.Remove(1)
	ix.Remove(99) // unknown: no-op
	if got := ix.Query(flood, 0.5); len(got) != 1 || got[0].ArticleID != 4 {
		t.Fatalf("after Remove(1): %+v, want article 4 only", got)
	}
	// Re-adding an ID replaces its text.
	ix.Add(4, council)
	if got := ix.Query(flood, 0.5); len(got) != 0 {
		t.Fatalf("after replacing 4: %+v, want none", got)
	}
	if got := ix.Query(council, 0.9); len(got) != 2 {
		t.Fatalf("council query: %+v, want articles 2 and 4", got)
	}
}

func TestIndexRemoveAll(t *testing.T) {
	ix := reuse.NewIndex(reuse.IndexOptions{Hashes: 64, Bands: 16})
	s := fixture(t, "flood.txt", 1).Text
	for id := int64(0); id < 20; id++ {
		ix.Add(id, s) // all share every bucket
	}
	if got := len(ix.Query(s, 1)); got != 20 {
		t.Fatalf("%d identical texts found, want 20", got)
	}
	for id := int64(0); id < 20; id += 2 {
		ix.Remove(id)
	}
	got := ix.Query(s, 1)
	if len(got) != 10 {
		t.Fatalf("%d left after removing half, want 10", len(got))
	}
	for _, d := range got {
		if d.ArticleID%2 == 0 {
			t.Fatalf("removed article %d still found", d.ArticleID)
		}
	}
	for id := int64(1); id < 20; id += 2 {
		ix.Remove(id)
	}
	if ix.Len() != 0 || len(ix.Query(s, 0)) != 0 {
		t.Fatalf("index not empty after removing everything")
	}
}

func TestIndexConcurrent(t *testing.T) {
	base := strings.Fields(fixture(t, "flood.txt", 1).Text)
	ix := reuse.NewIndex(reuse.IndexOptions{})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				id := int64(g*100 + i)
				doc := strings.Join(base[i:], " ")
				ix.Add(id, doc)
				if len(ix.Query(doc, 0.9)) == 0 {
					t.Errorf("article %d not found right after Add", id)
				}
				if i%5 == 0 {
					ix.Remove(id)
				}
			}
		}()
	}
	wg.Wait()
	if got, want := ix.Len(), 4*20; got != want {
		t.Fatalf("Len=%d, want %d", got, want)
	}
}

func TestSignatureJaccard(t *testing.T) {
	a := fixture(t, "flood.txt", 1).Text
	s := reuse.Sign(a, reuse.IndexOptions{})
	if got := s.Jaccard(s); got != 1 {
		t.Fatalf("self Jaccard %v, want 1", got)
	}
	if got := s.Jaccard(reuse.Sign(a, reuse.IndexOptions{Hashes: 64})); got != 0 {
		t.Fatalf("Jaccard of different lengths %v, want 0", got)
	}
	if reuse.Sign("", reuse.IndexOptions{}) != nil {
		t.Fatal("empty text has a signature")
	}
	// Short texts still have a signature (one shingle of all their words).
	if got := reuse.Sign("Two words", reuse.IndexOptions{}).Jaccard(reuse.Sign("two WORDS!", reuse.IndexOptions{})); got != 1 {
		t.Fatalf("short texts differing in case only: Jaccard %v, want 1", got)
	}
}
