package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/gen"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// genArticles returns n prepared articles of the generated stream (about
// 1 KB of text each), with unique texts and URLs.
func genArticles(tb testing.TB, n int, seed uint64) []*news.Article {
	tb.Helper()
	g := gen.New(gen.Options{Seed: seed})
	arts := make([]*news.Article, n)
	for i := range arts {
		r := g.Next()
		p, _ := time.Parse(time.RFC3339, r.Published)
		a := &news.Article{URL: r.URL, CanonicalURL: r.URL, Outlet: r.Source, Title: r.Title, Byline: r.Byline,
			Published: p, Lang: r.Lang, Text: fmt.Sprintf("%s\n\n(%d)", r.Text, i)}
		if err := ingest.Prepare(a); err != nil {
			tb.Fatal(err)
		}
		arts[i] = a
	}
	return arts
}

// BenchmarkCreate measures storing generated articles into an empty
// schema, one by one (one INSERT and transaction per article) and in
// batches (news.ArticleBatchCreator), and reports articles/s. The rate covers
// the database work only; preparing the articles is done beforehand.
func BenchmarkCreate(b *testing.B) {
	const n = 5000
	for _, mode := range []string{"row", "batch"} {
		b.Run(mode, func(b *testing.B) {
			arts := genArticles(b, n, 1)
			var total time.Duration
			for b.Loop() {
				b.StopTimer()
				s := open(b)
				for _, a := range arts {
					a.ID = 0
				}
				ctx := context.Background()
				b.StartTimer()
				start := time.Now()
				if mode == "row" {
					for _, a := range arts {
						if _, err := s.CreateArticle(ctx, a); err != nil {
							b.Fatal(err)
						}
					}
				} else if _, err := s.CreateArticles(ctx, arts); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "articles/s")
		})
	}
}
