package cluster_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
)

// synthetic returns n documents about n/5 events, each event with its own
// names and numbers, published in time order.
func synthetic(n int) []cluster.Doc {
	words := []string{"port", "crane", "council", "election", "storm", "court", "factory", "airport", "school", "bridge", "river", "union", "budget", "police", "hospital", "market"}
	docs := make([]cluster.Doc, n)
	for i := range docs {
		ev := i / 5
		w1, w2, w3 := words[ev%len(words)], words[(ev/3)%len(words)], words[(ev/7)%len(words)]
		docs[i] = cluster.Doc{
			ID:        int64(i + 1),
			Title:     fmt.Sprintf("%s %s in Town%d after %s vote", w1, w2, ev, w3),
			Text:      fmt.Sprintf("Officials in Town%d said the %s and the %s were affected on day %d. Mayor Name%d said %d people were involved. The %s board met Person%d to discuss the %s. Residents of Town%d expect a decision within %d weeks.", ev, w1, w2, ev%7, ev, ev*3+i%5, w3, ev, w1, ev, ev%9+1),
			Published: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		}
	}
	return docs
}

// BenchmarkAdd measures clustering throughput on short synthetic articles.
func BenchmarkAdd(b *testing.B) {
	docs := synthetic(20000)
	c := cluster.New(nil, cluster.Options{})
	next := int64(0)
	newID := func() (int64, error) { next++; return next, nil }
	i := 0
	for b.Loop() {
		d := docs[i%len(docs)]
		d.Published = d.Published.Add(time.Duration(i/len(docs)) * 30 * 24 * time.Hour)
		c.Add(d, newID)
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkStreamMemory replays a time-shifted stream and reports the live
// heap after 100,000 and after 400,000 articles: it must stay flat.
func BenchmarkStreamMemory(b *testing.B) {
	for b.Loop() {
		docs := synthetic(10000)
		c := cluster.New(nil, cluster.Options{Dormancy: 24 * time.Hour})
		next := int64(0)
		newID := func() (int64, error) { next++; return next, nil }
		heap := func() float64 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			return float64(ms.HeapAlloc) / (1 << 20)
		}
		var at100k float64
		for i := 0; i < 400000; i++ {
			d := docs[i%len(docs)]
			d.ID = int64(i + 1)
			d.Published = d.Published.Add(time.Duration(i/len(docs)) * 30 * 24 * time.Hour)
			c.Add(d, newID)
			if i+1 == 100000 {
				at100k = heap()
			}
		}
		b.ReportMetric(at100k, "MB@100k")
		b.ReportMetric(heap(), "MB@400k")
	}
}
