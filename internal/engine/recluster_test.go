package engine_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// recordOrder puts every article in one story and records the order in
// which it was asked to.
type recordOrder struct {
	oneStory
	ids []int64
}

func (c *recordOrder) Assign(ctx context.Context, a *news.Article) (int64, error) {
	c.ids = append(c.ids, a.ID)
	return c.oneStory.Assign(ctx, a)
}

// TestReclusterInArrivalOrder: Recluster shows the clusterer the articles
// in the order they arrived, as they were first clustered, not by
// publication time: an undated page stored right after its story's
// reports must meet that story before a later story's article has moved
// the clusterer's clock past it (it then left the story).
func TestReclusterInArrivalOrder(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &engine.Engine{Store: st, Clusterer: &oneStory{st: st}}
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	var want []int64
	for _, a := range []struct {
		body string
		pub  time.Time
	}{
		{"A court voided the Eastvale water contract on Thursday.", day.AddDate(0, 0, 1)},
		{"Eastvale must take back its water network, the court ruled.", day},
		{"Judge tears up the Eastvale water deal.", time.Time{}},
		{"A court upheld the Harwick bus concession.", day.AddDate(0, 2, 0)},
	} {
		res, err := e.Add(ctx, &news.Article{Text: a.body, ContentHash: a.body, Sentences: text.Sentences(a.body), Published: a.pub})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res.ArticleID)
	}
	if err := e.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	c := &recordOrder{oneStory: oneStory{st: st}}
	if err := e.Recluster(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.ids, want) {
		t.Errorf("Recluster assigned articles %v, want the arrival order %v", c.ids, want)
	}
}
