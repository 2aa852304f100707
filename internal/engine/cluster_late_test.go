package engine_test

import (
	"context"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

// TestLateArticleFindsDormantStory: an article read after one dated weeks
// later (a directory or a feed not in publication order) still joins the
// story of its own days, which went dormant meanwhile, in the same batch
// and in a later one.
func TestLateArticleFindsDormantStory(t *testing.T) {
	ctx := context.Background()
	arts := batchArticles() // crane, crane report, copy, library a month later
	crane, report, library := arts[0], arts[1], arts[3]
	for _, batches := range [][][]*news.Article{
		{{crane, library, report}},
		{{crane, library}, {report}},
	} {
		st, err := sqlite.Open(ctx, ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		e, err := engine.Default(ctx, st, engine.Config{ReputationDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		story := map[string]int64{}
		for _, b := range batches {
			var batch []*news.Article
			for _, a := range b {
				c := *a
				c.ID, c.StoryID = 0, 0
				batch = append(batch, &c)
			}
			if err := e.AddBatch(ctx, batch, func(i int, res engine.AddResult, err error) error {
				if err != nil {
					t.Fatal(err)
				}
				story[batch[i].Title] = res.StoryID
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		if story[crane.Title] != story[report.Title] || story[crane.Title] == story[library.Title] {
			t.Errorf("%d batches: stories %v, want the two crane reports together and the library apart", len(batches), story)
		}
		st.Close()
	}
}
