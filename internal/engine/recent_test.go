package engine

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
)

func quoted(t *testing.T, id, story int64, q string) *news.Article {
	t.Helper()
	a := &news.Article{ID: id, StoryID: story, Text: fmt.Sprintf("“%s,” Mayor Dana Whitlock said on Monday. Officials gave no details.", q)}
	if err := ingest.Prepare(a); err != nil {
		t.Fatal(err)
	}
	a.ID, a.StoryID = id, story
	return a
}

// TestRecentCandidates: a story is linked against the recent articles of
// other stories that share a rare word with its quotes — not against its
// own articles, not against articles that share only common words, and not
// against articles that left the window.
func TestRecentCandidates(t *testing.T) {
	ctx := context.Background()
	r := &Recent{Cap: 200}
	// 60 articles of other stories share the common words of a stock phrase.
	for i := int64(1); i <= 60; i++ {
		r.Observe(ctx, quoted(t, i, 100+i, fmt.Sprintf("We are working around the clock on case %d", i)))
	}
	r.Observe(ctx, quoted(t, 61, 7, "The Harrowgate reservoir breach was entirely preventable"))     // same story
	r.Observe(ctx, quoted(t, 62, 8, "Nobody expected the Harrowgate reservoir to fail this winter")) // another story
	story := []*quote.Doc{{Article: quoted(t, 70, 7, "We are working around the clock, the Harrowgate breach was preventable")}}
	story[0].Quotes = quote.Extract(story[0].Article)
	if len(story[0].Quotes) == 0 {
		t.Fatal("no quote extracted from the story article")
	}
	got := r.others(7, story)
	if len(got) != 1 || got[0].Article.ID != 62 {
		ids := []int64{}
		for _, d := range got {
			ids = append(ids, d.Article.ID)
		}
		t.Fatalf("candidates = %v, want [62] (the other story sharing a rare word)", ids)
	}
	// Linking against the candidates finds what linking against the whole
	// window finds.
	all := []*quote.Doc{}
	for _, d := range r.docs {
		if d.doc.StoryID != 7 {
			all = append(all, d.doc)
		}
	}
	if a, b := len(quote.Link(story, got)), len(quote.Link(story, all)); a != b {
		t.Errorf("%d links against the candidates, %d against the whole window", a, b)
	}
	// Articles that leave the window are no longer proposed.
	small := &Recent{Cap: 1}
	small.Observe(ctx, quoted(t, 62, 8, "Nobody expected the Harrowgate reservoir to fail this winter"))
	small.Observe(ctx, quoted(t, 63, 9, "A different remark about tram fares"))
	small.Observe(ctx, quoted(t, 64, 9, "Another remark about tram fares"))
	if got := small.others(7, story); len(got) != 0 {
		t.Errorf("an evicted article was proposed: %v", got[0].Article.ID)
	}
	if len(small.docs) != 1 || small.docs[0].doc.Article.ID != 64 {
		t.Errorf("window holds %d articles", len(small.docs))
	}
}

// TestQuoteCache: cached quotes are those quote.Extract finds, carry the
// asking article's ID (a copy of another article's text included), and
// are the caller's own.
func TestQuoteCache(t *testing.T) {
	qc := NewQuoteCache(8)
	a := quoted(t, 1, 1, "We will rebuild the bridge by spring")
	want := quote.Extract(a)
	if len(want) == 0 {
		t.Fatal("the fixture has no quote")
	}
	for pass := range 2 {
		got := qc.Extract(a)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("pass %d: %+v, want %+v", pass, got, want)
		}
		got[0].Status, got[0].Text = news.QuoteTransplanted, "spoilt" // must not reach the cache
	}
	copied := quoted(t, 2, 5, "We will rebuild the bridge by spring")
	for _, q := range qc.Extract(copied) {
		if q.ArticleID != 2 || q.Status != "" || q.Text == "spoilt" {
			t.Errorf("quote of the copy: %+v", q)
		}
	}
	var none *QuoteCache
	if got := none.Extract(a); !reflect.DeepEqual(got, want) {
		t.Errorf("nil cache: %+v, want %+v", got, want)
	}
}
