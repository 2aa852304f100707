package credibility_test

import (
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestDeskBylineShortOutletCredits: under a desk byline, a credit that
// gives the text to a reporter of another outlet named in one word after
// "the" ("for the Post", "for the Guardian", "for the Times"), or by a
// name ending in no outlet word ("Mail on Sunday", "Post-Gazette"), gives
// it to another outlet as "— X, Washington Post" does. c3d64f0 reports a
// byline conflict for each; b6dae51 (outletLike) for none.
func TestDeskBylineShortOutletCredits(t *testing.T) {
	body := "The board froze ferry fares for a year on Monday, its chair said.\n\n"
	for _, credit := range []string{
		"Reporting by Omar Vik for the Post",
		"Written by Omar Vik for the Guardian",
		"Written by Omar Vik for the Times",
		"— Omar Vik, Mail on Sunday",
		"— Omar Vik, Post-Gazette",
	} {
		a := &news.Article{ID: 1, Title: "Ferry fares frozen", Text: "By Staff Reporter\n\n" + body + credit, Published: tue, SourcePath: "test", SiteName: "The Vessa Courier"}
		if err := ingest.Prepare(a); err != nil {
			t.Fatal(err)
		}
		if s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a}), news.SignalBylineConflict); s == nil {
			t.Errorf("%q: no byline conflict (credits %+v)", credit, a.Credits)
		}
	}
}
