package engine

import (
	"context"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestNearElsewhereBounded: one boilerplate text (a paywall
// stub, a cookie wall) stored under many stories must not give every
// article an analysis that lists all of them.
func TestNearElsewhereBounded(t *testing.T) {
	const stub = "Subscribe to continue reading. This article is available to subscribers only. Already a subscriber? Log in to read the full story and all our journalism."
	n := &NearIndex{Cap: 50000}
	for i := range 3000 {
		n.Observe(context.Background(), &news.Article{ID: int64(i + 1), StoryID: int64(i + 1), Text: stub})
	}
	if got := len(n.Elsewhere(1, 1)); got > 100 {
		t.Errorf("Elsewhere lists %d near-duplicates of one article", got)
	}
}
