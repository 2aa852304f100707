package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

// BenchmarkLateArticles clusters articles one batch each after a stream
// of 4,000 articles (about 120 days) in the store: current articles only
// (in-order), or current ones alternating with articles two months old
// (alternating), the late ones running through the days, twenty of each
// day. It reports clustered articles per second, and the story lookups
// of the late articles with the time each took.
func BenchmarkLateArticles(b *testing.B) {
	for _, alternate := range []bool{false, true} {
		name := "in-order"
		if alternate {
			name = "alternating"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			st, err := sqlite.Open(ctx, ":memory:")
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			cs := &countingStore{Store: st}
			e, err := engine.Default(ctx, cs, engine.Config{ReputationDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			const n, perDay = 4000, 33
			at := func(i int) time.Time { return day(1 + i/perDay).Add(time.Duration(i%perDay) * 40 * time.Minute) }
			var batch []*news.Article
			for i := range n {
				batch = append(batch, eventArticle(i%400, 0, at(i)))
				if len(batch) == 100 || i == n-1 {
					if err := e.AddBatch(ctx, batch, func(int, engine.AddResult, error) error { return nil }); err != nil {
						b.Fatal(err)
					}
					batch = nil
				}
			}
			add := func(a *news.Article) {
				if err := e.AddBatch(ctx, []*news.Article{a}, func(_ int, _ engine.AddResult, err error) error { return err }); err != nil {
					b.Fatal(err)
				}
			}
			added := 0
			cs.finds, cs.spent = 0, 0
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				add(eventArticle((n+i)%400, 1, at(n+i)))
				added++
				if alternate {
					late := (i/20)*perDay + i%20 + 60*perDay // two months before the current ones
					add(eventArticle(late%400, 2, at(late).Add(time.Minute)))
					added++
				}
			}
			b.ReportMetric(float64(added)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(cs.finds), "lookups")
			if cs.finds > 0 {
				b.ReportMetric(cs.spent.Seconds()*1000/float64(cs.finds), "ms/lookup")
			}
		})
	}
}
