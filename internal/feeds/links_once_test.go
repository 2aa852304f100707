package feeds_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/feeds"
)

// TestFeedLinksRetriesEndOnce: as TestFeedLinksRetriesEnd, but
// each poll is a new Poller, as `crosscheck feeds poll --once` run by
// cron makes: the teaser of a host that never answers must be stored
// after a few polls, as it was before 44ab4a5.
func TestFeedLinksRetriesEndOnce(t *testing.T) {
	p0, st, clock, got := setup(t)
	srv := newFeedServer(t)
	srv.handle("/news/bridge", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	for i := range 6 {
		clock.Set(t0.Add(time.Duration(2*i) * time.Hour))
		p := &feeds.Poller{Feeds: p0.Feeds, Articles: p0.Articles, Client: p0.Client, Now: p0.Now, Sleep: p0.Sleep, OnNew: p0.OnNew, FetchLinks: true, OneShot: true}
		pollDue(t, p)
	}
	if len(*got) != 1 {
		t.Errorf("after 6 one-shot polls: %d articles stored, want the teaser", len(*got))
	}
}
