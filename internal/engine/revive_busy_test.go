package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// TestLateArticleBusyWeek: a late article's story is restored though
// more than maxRevive (500) other stories were active in the fortnight
// its lookup spans. revive asks the store for the stories whose latest
// activity is in [day-7d, day+8d), at most 500, most recently active
// first, so on a busy week the stories active on the late article's own
// day (the oldest activity in the window) are the ones left out, and the
// late article starts a new story. With 100 other stories it joins.
func TestLateArticleBusyWeek(t *testing.T) {
	for _, c := range []struct {
		others int
	}{{100}, {700}} {
		st := memStore(t)
		e := defaultEngine(t, st)
		sc := e.Clusterer.(*engine.StoryClusterer)
		x := addBatch(t, e, eventArticle(7, 0, day(2)), eventArticle(7, 1, day(2).Add(3*time.Hour)))
		if x[0] != x[1] {
			t.Fatalf("the two reports of one event are in stories %v", x)
		}
		// Other events over the next week, one report each.
		var week []*news.Article
		for k := range c.others {
			week = append(week, busyArticle(k, day(3).Add(time.Duration(k)*time.Duration(7*24*time.Hour)/time.Duration(c.others))))
		}
		addBatch(t, e, week...)
		// The clock moves on a month: every story above goes dormant.
		addBatch(t, e, eventArticle(3, 0, day(25)), eventArticle(4, 0, day(40)))
		if sc.C.Live(x[0]) {
			t.Fatal("the story is still in memory: the test needs it dormant")
		}
		got := addBatch(t, e, eventArticle(7, 2, day(2).Add(6*time.Hour)))
		if got[0] != x[0] {
			t.Errorf("%d other stories that week: the late article went to story %d, want its event's story %d", c.others, got[0], x[0])
		}
	}
}

// busyWord is an invented word, a different one for each n below 24^3.
func busyWord(n int) string {
	syl := []string{"qua", "zem", "vor", "pil", "nax", "tuk", "ombr", "isk", "dry", "fel", "gav", "hul",
		"jor", "kest", "lum", "mer", "nop", "osk", "prun", "rav", "sul", "tev", "ulm", "wex"}
	s := syl[n%24] + syl[(n/24)%24] + syl[(n/576)%24]
	return strings.ToUpper(s[:1]) + s[1:]
}

// busyArticle is the one report of invented event k (below 1000), with
// words of its own.
func busyArticle(k int, at time.Time) *news.Article {
	w := func(i int) string { return busyWord(13*k + 5*i + 1) }
	title := fmt.Sprintf("%s %s closes %s after %s dispute", w(0), w(1), w(2), w(3))
	body := fmt.Sprintf("The %s %s in %s closed the %s on %s after a dispute over %s, %s said. %s %s will review the %s within %d days.",
		w(0), w(1), w(4), w(2), w(5), w(3), w(6), w(7), w(8), w(9), k%9+2)
	return &news.Article{Title: title, Text: body, ContentHash: title, Sentences: text.Sentences(body), Published: at}
}
