package credibility_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// spliceBenchText builds a synthetic article of n sentences drawn from a
// small vocabulary, so that sentences share words as a story's do.
func spliceBenchText(n, seed int) string {
	words := []string{"harbour", "crane", "council", "workers", "repair", "budget", "minister", "storm", "port", "contract",
		"engineers", "inspection", "cargo", "vessel", "union", "strike", "safety", "report", "mayor", "funding"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "The %s said the %s and the %s would meet the %s over the %s on Tuesday. ",
			words[(i*7+seed)%20], words[(i*3+seed+1)%20], words[(i*11+seed+2)%20], words[(i*5+seed+3)%20], words[(i*13+seed+4)%20])
	}
	return b.String()
}

// BenchmarkSpliceScores scores and flags (SpliceFlags, as the engine does)
// a 30-sentence article against a story of
// three others, the articles analysed afresh each time (each iteration's
// texts differ, so the content-keyed sentence cache never hits).
func BenchmarkSpliceScores(b *testing.B) {
	benchSpliceScores(b, func(i int) string { return fmt.Sprintf("Edition %d. ", i) })
}

// BenchmarkSpliceScoresCached scores the same story again and again, as a
// worker does when a story grows: the articles' sentences come from the
// cache and only the scoring runs.
func BenchmarkSpliceScoresCached(b *testing.B) {
	benchSpliceScores(b, func(int) string { return "" })
}

func benchSpliceScores(b *testing.B, prefix func(i int) string) {
	m := credibility.DefaultSpliceModel()
	for i := 0; i < b.N; i++ {
		a := &news.Article{Title: "Crane repairs", Text: prefix(i) + spliceBenchText(30, 0)}
		var story []*news.Article
		for s := 1; s <= 3; s++ {
			story = append(story, &news.Article{Title: "Harbour crane", Text: prefix(i) + spliceBenchText(30, s)})
		}
		m.SpliceFlags(a, story, nil, m.Threshold, nil, nil)
	}
}
