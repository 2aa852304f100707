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
