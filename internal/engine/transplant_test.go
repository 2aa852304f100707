package engine

import (
	"context"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestQuoteStageAcrossSpeakers: with the shipped reference corpus, a
// quote pasted from an earlier interview next to another name is
// transplanted; a stock condolence that two officials said about two
// unrelated events is not, nor is the interview's own quote once the page
// that pasted it later is among the recent articles.
func TestQuoteStageAcrossSpeakers(t *testing.T) {
	ctx := context.Background()
	const (
		interview = "“Two of the cranes were installed in 1998 and had passed every safety test,” she said."
		stock     = "“Our thoughts and prayers are with the victims and their families during this difficult time,” he said."
	)
	bodies := []struct {
		story int64
		text  string
	}{
		{2, "Elena Marsh has run the port of Linden for ten years.\n\n" + interview + "\n\nThe port stays closed."},
		{3, "Governor Ray Ortiz spoke after the crash on the ring road.\n\n" + stock + "\n\nThe road reopened at noon."},
		{4, "Union leader Ann Reyes walked out of the talks on Tuesday.\n\n" + interview + "\n\nThe talks resume next week."},
		{5, "Mayor Tom Whitlock visited the flooded school.\n\n" + stock + "\n\nClasses move to the library."},
	}
	r := &Recent{Cap: 100}
	arts := map[int64]*news.Article{}
	for i, b := range bodies {
		a := &news.Article{Text: b.text}
		if err := ingest.Prepare(a); err != nil {
			t.Fatal(err)
		}
		a.ID, a.StoryID = int64(i+1), b.story // in arrival order, undated
		arts[b.story] = a
		if err := r.Observe(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	status := func(story int64) (news.Quote, []news.QuoteLink) {
		t.Helper()
		a := arts[story]
		w := &StoryWork{Story: &news.Story{ID: story}, Articles: []*news.Article{a}, Analyses: map[int64]*news.Analysis{a.ID: {}}}
		if err := (QuoteStage{Recent: r}).AnalyzeStory(ctx, w); err != nil {
			t.Fatal(err)
		}
		an := w.Analyses[a.ID]
		if len(an.Quotes) != 1 {
			t.Fatalf("story %d: %d quotes, want 1", story, len(an.Quotes))
		}
		return an.Quotes[0], an.QuoteLinks
	}
	q, links := status(4)
	if q.Status != news.QuoteTransplanted || len(links) != 1 || links[0].To.ArticleID != arts[2].ID {
		t.Errorf("pasted interview quote (speaker %q): %s, links %+v; want transplanted, linked to the interview", q.SpeakerName, q.Status, links)
	}
	if q, links := status(5); q.Status != news.QuoteUncorroborated || len(links) != 0 {
		t.Errorf("stock condolence (speaker %q): %s, links %+v; want uncorroborated", q.SpeakerName, q.Status, links)
	}
	if q, links := status(2); q.Status != news.QuoteUncorroborated || len(links) != 0 {
		t.Errorf("the interview's own quote: %s, links %+v; want uncorroborated", q.Status, links)
	}
}
