package feeds_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/feeds"
)

// TestFeedLinksRetriedAfterServerError: a link that fails with a 503 at
// one poll leaves its teaser unstored, and the next poll, which rereads
// the whole feed, reads the page once it answers: the story is not
// analysed on the teaser for good.
func TestFeedLinksRetriedAfterServerError(t *testing.T) {
	p, st, clock, got := setup(t)
	p.FetchLinks = true
	srv := newFeedServer(t)
	var up atomic.Bool
	srv.handle("/news/bridge", func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articlePage("Harrow Street bridge reopens"))
	})
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	if res := pollDue(t, p); len(res) != 1 || res[0].LinkErrors != 1 || res[0].Deferred != 1 || len(*got) != 0 {
		t.Fatalf("first poll: %+v, %d articles", res, len(*got))
	}
	up.Store(true)
	clock.Set(t0.Add(2 * time.Hour))
	// The feed did not change, but its validators were not kept.
	if res := pollDue(t, p); len(res) != 1 || res[0].NotModified || res[0].Linked != 1 || res[0].Deferred != 0 {
		t.Fatalf("second poll: %+v", res)
	}
	if len(*got) != 1 || !strings.Contains((*got)[0].Text, "Paragraph 6") {
		t.Errorf("after the page came back: %d articles stored, want the page's", countArticles(t, st))
	}
}

// TestFeedLinksRetriesEnd: a host that never answers leaves the teaser
// unstored for maxLinkTries (3) polls; the next stores it.
func TestFeedLinksRetriesEnd(t *testing.T) {
	p, st, clock, got := setup(t)
	p.FetchLinks = true
	srv := newFeedServer(t)
	srv.handle("/news/bridge", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	for i := range 4 {
		clock.Set(t0.Add(time.Duration(2*i) * time.Hour))
		res := pollDue(t, p)
		if deferred := i < 3; len(res) != 1 || res[0].LinkErrors != 1 || (res[0].Deferred == 1) != deferred {
			t.Fatalf("poll %d: %+v", i+1, res)
		}
	}
	if len(*got) != 1 || (*got)[0].Text != bridge.text {
		t.Errorf("after 4 polls: %d articles, want the teaser", len(*got))
	}
}

// TestFeedLinksWithinLease: the links of a claimed batch are read within
// half the lease; past it the teasers are left for the next poll, not
// fetched.
func TestFeedLinksWithinLease(t *testing.T) {
	p, st, _, got := setup(t)
	p.FetchLinks, p.Lease = true, time.Nanosecond // half of it is no time at all
	srv := newFeedServer(t)
	srv.handle("/news/bridge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articlePage("Harrow Street bridge reopens"))
	})
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	if res := pollDue(t, p); len(res) != 1 || res[0].Err != nil || res[0].Deferred != 1 || len(*got) != 0 {
		t.Fatalf("poll: %+v, %d articles", res, len(*got))
	}
	if r := srv.lastRequest(); r.URL.Path != "/feed" {
		t.Errorf("requested %s past the lease", r.URL.Path)
	}
}

// TestFeedLinksRetriesEndOnce: as TestFeedLinksRetriesEnd, but
// each poll is a new Poller, as `crosscheck feeds poll --once` run by
// cron makes: the teaser of a host that never answers must be stored
// after a few polls (a one-shot poll keeps no memory to retry it with).
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
