package cli

import (
	"slices"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
)

// TestExplainClusters: --errors clusters exactly as the plain run does and
// classes every document once.
func TestExplainClusters(t *testing.T) {
	docs := []cluster.Doc{
		{ID: 1, Title: "Crane collapses on Meridian bridge site", Text: "A crane collapsed at the Meridian bridge site on Tuesday, injuring two workers."},
		{ID: 2, Title: "Two workers hurt as crane falls at Meridian bridge", Text: "Two workers were injured when a crane fell at the Meridian bridge site."},
		{ID: 3, Title: "City council approves new library budget", Text: "The council voted to fund the new library on Elm Street."},
		{ID: 4, Title: "Meridian bridge crane accident: inquiry opens", Text: "An inquiry into the crane collapse at the Meridian bridge site opened."},
	}
	gold := []string{"crane", "crane", "library", "crane"}
	m := cluster.DefaultModel()
	pred, counts, notes := explainClusters(m, docs, gold)
	if want := runClusters(m, docs); !slices.Equal(pred, want) {
		t.Fatalf("explained run %v, plain run %v", pred, want)
	}
	n := 0
	for _, k := range counts {
		n += k
	}
	if n != len(docs) || len(notes) < len(counts) {
		t.Errorf("classes %v (notes %q) do not cover the %d documents", counts, notes, len(docs))
	}
	if counts["first, started a story"] < 2 {
		t.Errorf("classes %v: want the first crane and library articles to start stories", counts)
	}
}
