package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// addGenerated stores n generated articles, five to a story, each with an
// analysis, straight into the store (the engine's speed is not what this
// measures).
func addGenerated(b *testing.B, st news.Store, n int) {
	ctx := context.Background()
	var story *news.Story
	for i := range n {
		if i%5 == 0 {
			story = &news.Story{Title: fmt.Sprintf("Generated story %d", i/5)}
			if err := st.CreateStory(ctx, story); err != nil {
				b.Fatal(err)
			}
		}
		a := &news.Article{
			Title:  fmt.Sprintf("Generated article %d on event %d", i, i/5),
			Outlet: fmt.Sprintf("outlet%d.example", i%40),
			Text: fmt.Sprintf("Generated article number %d reports event %d in town %d. Officials said the matter was under review.\n\n"+
				"A spokesperson for the council of town %d said on Monday that a decision was expected within weeks.", i, i/5, i%97, i%97),
			Published: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		}
		if err := ingest.Prepare(a); err != nil {
			b.Fatal(err)
		}
		if _, err := st.CreateArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		if err := st.SetArticleStory(ctx, a.ID, story.ID); err != nil {
			b.Fatal(err)
		}
		an := &news.Analysis{ArticleID: a.ID, StoryID: story.ID, Report: news.Report{Risk: float64(i%10) / 10}}
		if err := st.SaveAnalyses(ctx, []*news.Analysis{an}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStoryPageLoad serves the examples plus 10,000 generated
// articles (2,000 stories, each article analysed) from a SQLite file over
// loopback TCP, and fetches the port story's page with 200 concurrent
// clients, 50 requests each. It reports the p50 and p99 latency, the
// request rate and the number of failed requests, with the page cache on
// (as served) and off (every request renders).
//
//	go test -run '^$' -bench StoryPageLoad -benchtime 1x ./internal/web
func BenchmarkStoryPageLoad(b *testing.B) {
	ts := newServer(b)
	addGenerated(b, ts.Store, 10000)
	path := ts.URL + "/stories/" + itoa(storyIDByTitle(b, ts.Store, "Crane collapse"))
	for _, bc := range []struct {
		name string
		ttl  time.Duration
	}{{"cached", time.Second}, {"uncached", -1}} {
		b.Run(bc.name, func(b *testing.B) {
			ts.Web.CacheTTL = bc.ttl
			tr := &http.Transport{MaxIdleConns: 400, MaxIdleConnsPerHost: 400}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
			const clients, perClient = 200, 50
			for b.Loop() {
				lat := make([]time.Duration, 0, clients*perClient)
				var mu sync.Mutex
				var wg sync.WaitGroup
				errs := 0
				start := time.Now()
				for range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for range perClient {
							t0 := time.Now()
							resp, err := client.Get(path)
							ok := err == nil && resp.StatusCode == http.StatusOK
							if err == nil {
								_, err = io.Copy(io.Discard, resp.Body)
								resp.Body.Close()
								ok = ok && err == nil
							}
							d := time.Since(t0)
							mu.Lock()
							lat = append(lat, d)
							if !ok {
								errs++
							}
							mu.Unlock()
						}
					}()
				}
				wg.Wait()
				elapsed := time.Since(start)
				sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
				b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
				b.ReportMetric(float64(errs), "errors")
				if errs > 0 {
					b.Errorf("%d of %d requests failed", errs, len(lat))
				}
			}
		})
	}
}
