package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

// TestNearElsewhereBounded: one boilerplate text (a paywall
// stub, a cookie wall) stored under many stories must not give every
// article an analysis that lists all of them.
func TestNearElsewhereBounded(t *testing.T) {
	const stub = "Subscribe to continue reading. This article is available to subscribers only. Already a subscriber? Log in to read the full story and all our journalism."
	n := &NearIndex{Cap: 50000}
	for i := range 3000 {
		n.Observe(context.Background(), &news.Article{ID: int64(i + 1), StoryID: int64(i + 1), Text: stub})
	}
	if got := len(n.Elsewhere(1, 1)); got != maxElsewhere {
		t.Errorf("Elsewhere lists %d of the 2,999 near-duplicates of one article, want the first %d", got, maxElsewhere)
	}
}

// TestNearSignatureServesProvenance: NearIndex hands the signatures it
// holds to ReuseStage's provenance, which compares them instead of signing
// the texts again; an article it does not hold (evicted, or after Reset)
// is signed from its text.
func TestNearSignatureServesProvenance(t *testing.T) {
	ctx := context.Background()
	const shared = "The ferry to the outer islands was cancelled on Friday because of a storm warning, the harbour office said, and would sail again on Sunday morning if the wind eased."
	n := &NearIndex{Cap: 2}
	for id := int64(1); id <= 3; id++ {
		n.Observe(ctx, &news.Article{ID: id, StoryID: 1, Text: shared})
	}
	if n.Signature(1) != nil || !slices.Equal(n.Signature(3), reuse.Sign(shared, reuse.IndexOptions{})) {
		t.Fatalf("Signature: %v for the evicted article, %v for a held one", n.Signature(1), n.Signature(3))
	}
	// The story's texts are unrelated, but the index observed articles 2
	// and 3 with one text: their signatures are what provenance compares.
	w := &StoryWork{Story: &news.Story{ID: 1}, Analyses: map[int64]*news.Analysis{}}
	for i, s := range []string{
		"A lorry overturned on the coast road on Tuesday night and blocked both lanes until dawn.",
		"The town council approved a new budget for the harbour on Wednesday after a long debate.",
		"Schools in the valley will open an hour later next week while the heating is repaired.",
	} {
		id := int64(i + 1)
		w.Articles = append(w.Articles, &news.Article{ID: id, StoryID: 1, Text: s})
		w.Analyses[id] = &news.Analysis{ArticleID: id}
	}
	if err := (ReuseStage{Near: n}).AnalyzeStory(ctx, w); err != nil {
		t.Fatal(err)
	}
	near := func(id int64) []news.NearDuplicate { return w.Analyses[id].Provenance.NearDuplicates }
	if nd := near(2); len(nd) != 1 || nd[0].ArticleID != 3 || nd[0].Jaccard != 1 {
		t.Errorf("article 2's near-duplicates %+v; want article 3 by the index's signatures", nd)
	}
	if nd := near(1); len(nd) != 0 {
		t.Errorf("article 1 (not held, signed from its text) has near-duplicates %+v", nd)
	}
	n.Reset()
	if n.Signature(3) != nil {
		t.Error("Signature after Reset")
	}
}
