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
	if len(tally.stories) != 3 {
		t.Errorf("bitmap of story IDs up to 130 has %d words, want 3", len(tally.stories))
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
