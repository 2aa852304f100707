package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

// BenchmarkStoryPageLoad serves the examples plus 10,000 generated
// articles (in 2,000 stories, each with an analysis) from a SQLite file and
// fetches the port story's page with 200 concurrent clients; it reports the
// p50 and p99 latency and the request rate.
//
//	go test -run '^$' -bench StoryPageLoad -benchtime 1x ./internal/web
func BenchmarkStoryPageLoad(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "load.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	eng, err := engine.Default(ctx, st, engine.Config{ReputationDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	ingest.Read(ctx, []string{"../../examples"}, ingest.Options{}, func(it ingest.Item) error {
		if it.Err == nil {
			eng.Add(ctx, it.Article)
		}
		return nil
	})
	if err := eng.Flush(ctx, nil); err != nil {
		b.Fatal(err)
	}
	var story *news.Story
	for i := 0; i < 10000; i++ {
		if i%5 == 0 {
			story = &news.Story{Title: fmt.Sprintf("Generated story %d", i/5)}
			if err := st.CreateStory(ctx, story); err != nil {
				b.Fatal(err)
			}
		}
		a := &news.Article{Title: fmt.Sprintf("Generated article %d", i), Outlet: fmt.Sprintf("outlet%d.example", i%40),
			Text:      fmt.Sprintf("Generated article number %d reports event %d in town %d. Officials said the matter was under review.", i, i/5, i%97),
			Published: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)}
		if err := ingest.Prepare(a); err != nil {
			b.Fatal(err)
		}
		if _, err := st.CreateArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		st.SetArticleStory(ctx, a.ID, story.ID)
		st.SaveAnalysis(ctx, &news.Analysis{ArticleID: a.ID, StoryID: story.ID, Report: news.Report{Risk: float64(i%10) / 10}})
	}
	s, err := web.New(st, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 200}
	client := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	const clients, perClient = 200, 25
	for b.Loop() {
		lat := make([]time.Duration, 0, clients*perClient)
		var mu sync.Mutex
		var wg sync.WaitGroup
		errs := 0
		start := time.Now()
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := 0; r < perClient; r++ {
					t0 := time.Now()
					resp, err := client.Get(ts.URL + "/stories/1")
					d := time.Since(t0)
					mu.Lock()
					if err != nil || resp.StatusCode != 200 {
						errs++
					}
					lat = append(lat, d)
					mu.Unlock()
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}
			}()
		}
		wg.Wait()
		el := time.Since(start)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
		b.ReportMetric(float64(len(lat))/el.Seconds(), "req/s")
		b.ReportMetric(float64(errs), "errors")
	}
}
