package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/engine"
)

func TestRunTallyCountsDistinctStories(t *testing.T) {
	tally := &runTally{inputs: 2}
	for i, r := range []engine.AddResult{
		{ArticleID: 1, StoryID: 3, Created: true},
		{ArticleID: 2, StoryID: 64, Created: true},
		{ArticleID: 3, StoryID: 3, Created: true},
		{ArticleID: 1, StoryID: 3}, // the same article again
		{ArticleID: 4, StoryID: 130, Created: true},
		{ArticleID: 5, StoryID: 63, Created: true},
	} {
		tally.add(r)
		if tally.articles != i+1 {
			t.Fatalf("after %d adds articles = %d", i+1, tally.articles)
		}
	}
	got := tally.summary()
	want := RunSummary{Inputs: 2, Articles: 6, Stored: 5, Duplicates: 1, Stories: 4}
	if got != want {
		t.Errorf("summary = %+v, want %+v", got, want)
	}
	if len(tally.stories) != 2 || len(tally.older) != 0 {
		t.Errorf("bitmap of story IDs 3 to 130 has %d words and %d IDs aside, want 2 and 0", len(tally.stories), len(tally.older))
	}
}

// TestRunTallyLargeIDs: a run on a store with a hundred million stories
// keeps a bitmap of the IDs it saw from the first, not from zero; an older
// story it revives is counted once.
func TestRunTallyLargeIDs(t *testing.T) {
	tally := &runTally{}
	for _, id := range []int64{100_000_000, 100_000_001, 99_000_000, 100_000_000, 99_000_000, 100_000_200} {
		tally.add(engine.AddResult{StoryID: id, Created: true})
	}
	if got := tally.summary().Stories; got != 4 {
		t.Errorf("%d stories, want 4", got)
	}
	if len(tally.stories) > 4 {
		t.Errorf("bitmap of %d words for IDs within 200 of each other", len(tally.stories))
	}
}

func TestRunTallyListsAtMostMaxErrors(t *testing.T) {
	tally := &runTally{}
	for i := range maxListedErrors + 5 {
		tally.fail(fmt.Sprintf("in%d", i), errors.New("bad"))
	}
	if tally.failed != maxListedErrors+5 || len(tally.errors) != maxListedErrors {
		t.Errorf("failed %d, listed %d; want %d and %d", tally.failed, len(tally.errors), maxListedErrors+5, maxListedErrors)
	}
	if got := tally.summary().Failed; got != maxListedErrors+5 {
		t.Errorf("summary counts %d failures", got)
	}
}
