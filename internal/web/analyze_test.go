package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

// countingPipe stores nothing; it numbers the articles it is given.
type countingPipe struct {
	mu sync.Mutex
	n  int64
}

func (p *countingPipe) Add(ctx context.Context, a *news.Article) (engine.AddResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return engine.AddResult{ArticleID: p.n, StoryID: 1, Created: true}, nil
}

func (p *countingPipe) Flush(ctx context.Context, progress func(done, total int)) error { return nil }

// TestSlowURLDoesNotHoldTheEngine: while one submission waits for a slow
// page, another submission is analysed; the slow one finishes once its
// page arrives.
func TestSlowURLDoesNotHoldTheEngine(t *testing.T) {
	release, requested := make(chan struct{}), make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requested <- struct{}{}
		<-release
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("The ferry to Inselby resumed service on Monday after the storm."))
	}))
	defer slow.Close()
	var once sync.Once
	defer once.Do(func() { close(release) })
	an := web.NewAnalyzer(&countingPipe{}, &ingest.Fetcher{AllowPrivate: true})
	ctx := context.Background()

	slowDone := make(chan error, 1)
	go func() {
		res, err := an.Submit(ctx, []web.Input{{URL: slow.URL + "/ferry"}})
		if err == nil && res.Stored != 1 {
			t.Errorf("slow submission stored %d articles, want 1 (errors %v)", res.Stored, res.Errors)
		}
		slowDone <- err
	}()
	// Let the slow submission reach its fetch: it must be waiting on the
	// page, not on the engine, when the second one comes.
	<-requested
	fast := make(chan error, 1)
	go func() {
		res, err := an.Submit(ctx, []web.Input{{Name: "note.txt", Body: []byte("The library bake sale raised 400 euros on Saturday.")}})
		if err == nil && res.Stored != 1 {
			t.Errorf("text submission stored %d articles, want 1", res.Stored)
		}
		fast <- err
	}()
	select {
	case err := <-fast:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second): // a deadlock guard, not a timing check
		t.Fatal("the text submission waited for the slow URL's fetch")
	}
	once.Do(func() { close(release) })
	if err := <-slowDone; err != nil {
		t.Fatal(err)
	}
}
