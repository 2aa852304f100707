package reuse

import (
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// TestPairCacheOwnership: the passages a PairCache hands out are the
// caller's own; changing them does not change what the next caller gets.
func TestPairCacheOwnership(t *testing.T) {
	mk := func(body string) *news.Article {
		return &news.Article{Text: body, Sentences: text.Sentences(body)}
	}
	shared := "The harbour authority said the damaged crane would be replaced within three months, at a cost of four million."
	a := mk("A crane collapsed at Meridian on Tuesday. " + shared)
	b := mk(shared + " Unions called for an inspection of the other cranes.")
	pc := NewPairCache(4)
	opts := AlignOptions{}.withDefaults()
	ka, kb := memo.ArticleKey(a), memo.ArticleKey(b)
	first := pc.align(ka, kb, prepare(a), prepare(b), opts)
	if len(first) == 0 {
		t.Fatal("no passage between two articles sharing a sentence")
	}
	want := first[0]
	first[0].Span, first[0].ArticleID = news.Span{}, 99
	if again := pc.align(ka, kb, prepare(a), prepare(b), opts); again[0] != want {
		t.Errorf("second caller got %+v, want %+v: the cached passages were shared", again[0], want)
	}
}

// TestPairCacheJudge: the judge's score of a sentence pair is remembered
// under the two texts, and the same sentences at other places of other
// articles score exactly that.
func TestPairCacheJudge(t *testing.T) {
	j, err := DefaultParaphrase()
	if err != nil {
		t.Fatal(err)
	}
	mk := func(body string) *doc {
		return prepare(&news.Article{Text: body, Sentences: text.Sentences(body)})
	}
	s1 := "The harbour authority said the damaged crane would be replaced within three months."
	s2 := "Officials at the port expect the broken crane to be swapped out in about three months."
	a, b := mk(s1), mk("Unions called for an inspection. "+s2)
	a2, b2 := mk("A crane collapsed at Meridian on Tuesday. "+s1), mk(s2)
	if len(a.sents) != 1 || len(b.sents) != 2 || len(a2.sents) != 2 || len(b2.sents) != 1 {
		t.Fatalf("sentences %d %d %d %d, want 1 2 2 1", len(a.sents), len(b.sents), len(a2.sents), len(b2.sents))
	}
	want := j.scoreFeat(a.feat(0, j), b.feat(1, j))
	if moved := j.scoreFeat(a2.feat(1, j), b2.feat(0, j)); moved != want {
		t.Fatalf("the same sentences elsewhere score %v, not %v: a score is not a function of the two texts", moved, want)
	}
	pc := NewPairCache(4)
	if got := pc.judge(a, 0, b, 1, j); got != want || pc.judged.Len() != 1 {
		t.Fatalf("judge %v (%d cached), want %v (1)", got, pc.judged.Len(), want)
	}
	if got := pc.judge(a2, 1, b2, 0, j); got != want || pc.judged.Len() != 1 {
		t.Fatalf("the same pair elsewhere: judge %v (%d cached), want %v from the cache", got, pc.judged.Len(), want)
	}
	other := j.scoreFeat(a.feat(0, j), b.feat(0, j))
	if got := pc.judge(a, 0, b, 0, j); got != other || pc.judged.Len() != 2 {
		t.Fatalf("another pair: judge %v (%d cached), want %v (2)", got, pc.judged.Len(), other)
	}
}

// TestContainment: containment counts the shared shingles from either side
// and is 0 for an empty set.
func TestContainment(t *testing.T) {
	a := map[uint64]bool{1: true, 2: true, 3: true, 4: true}
	b := map[uint64]bool{3: true, 4: true, 5: true}
	if got := containment(a, b); got != 0.5 {
		t.Errorf("containment(a, b) = %v, want 0.5", got)
	}
	if got := containment(b, a); got != 2.0/3 {
		t.Errorf("containment(b, a) = %v, want 2/3", got)
	}
	if got := containment(map[uint64]bool{}, a); got != 0 {
		t.Errorf("containment of an empty set = %v, want 0", got)
	}
}
