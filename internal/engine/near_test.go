package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// TestNearDuplicateInAnotherStory: a page republished months later, with a
// line changed, starts a story of its own (the first one has long left
// memory), yet its analysis names the earlier article as a near-duplicate
// in another story, found through the corpus-wide LSH index.
func TestNearDuplicateInAnotherStory(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	e := defaultEngine(t, st)
	body := "A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers. " +
		"The harbour authority said the crane, installed in 1998, had passed its last inspection in March. " +
		"Unions called for an independent inquiry and a halt to night shifts until every crane is checked. " +
		"Container traffic was diverted to the northern terminal while engineers examined the site."
	mk := func(title, body string, at time.Time) *news.Article {
		return &news.Article{Title: title, Text: body, ContentHash: body, Sentences: text.Sentences(body), Published: at}
	}
	jan := time.Date(2026, 1, 13, 9, 0, 0, 0, time.UTC)
	first := mk("Crane collapses at Meridian port", body, jan)
	other := mk("Council approves tram extension", "The city council voted on Monday to extend the tram line to the airport, with construction due to start next spring.", jan.AddDate(0, 4, 0))
	again := mk("Crane collapses at Meridian port", body+" The port reopened on Wednesday.", jan.AddDate(0, 4, 2))
	var res []int64
	for _, a := range []*news.Article{first, other, again} {
		r, err := e.Add(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, r.StoryID)
	}
	if err := e.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if res[0] == res[2] {
		t.Fatalf("the republished page joined the first story %d: the test needs two stories", res[0])
	}
	an, err := st.FindAnalysis(ctx, again.ID)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, d := range an.Provenance.NearDuplicates {
		if d.ArticleID == first.ID && d.StoryID == res[0] && d.Jaccard >= 0.5 {
			found = true
		}
		if d.StoryID == res[2] {
			t.Errorf("a near-duplicate of its own story is labelled as another story's: %+v", d)
		}
	}
	if !found {
		t.Fatalf("near-duplicates %+v: want article %d of story %d", an.Provenance.NearDuplicates, first.ID, res[0])
	}
}
