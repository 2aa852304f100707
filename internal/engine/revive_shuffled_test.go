package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestShuffledWeekLookups: a week of articles read in shuffled order (a
// backfill, a re-ingest, a feed dump) queries the store a few times per
// day of the week, not once for most late articles. revive caches four
// days and drops the oldest first, so with late articles spread over six
// or seven days the cache misses on almost every day change, and each
// miss sweeps memory and runs a FindStories that groups the whole store.
// On `crosscheck gen --n 20000 --seed 3` shuffled this is 4,827 lookups
// (simulated from the cache rules) and ingest takes 482 s at b6dae51
// against 159 s at c3d64f0, with the same stories.
func TestShuffledWeekLookups(t *testing.T) {
	st := memStore(t)
	cs := &countingStore{Store: st}
	e := defaultEngine(t, cs)
	var stream []*news.Article
	for k := range 280 {
		stream = append(stream, busyArticle(k, day(1).Add(time.Duration(k)*36*time.Minute))) // 7 days
	}
	r := rand.New(rand.NewPCG(3, 3))
	r.Shuffle(len(stream), func(i, j int) { stream[i], stream[j] = stream[j], stream[i] })
	for i := 0; i < len(stream); i += 10 {
		addBatch(t, e, stream[i:i+10]...)
	}
	t.Logf("%d story lookups for %d shuffled articles over 7 days", cs.finds, len(stream))
	if cs.finds > 2*7 {
		t.Errorf("%d story lookups for a shuffled week, want at most %d (two per day)", cs.finds, 2*7)
	}
}
