package engine

import (
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestClusterTextDropsCredits: the clusterer does not see an article's
// credit lines (a byline, a reporting credit, an author box), whatever
// their order; an overlapping or stale span neither panics nor drops
// other text.
func TestClusterTextDropsCredits(t *testing.T) {
	text := "BY KYLE DOBBS | TRENDING DESK\n\nTrain drivers walked out on Monday.\n\nThis article was written by Tony Marchetti"
	byline := news.Span{Start: 0, End: 29}
	credit := news.Span{Start: 68, End: len(text)}
	if got := byline.Slice(text); got != "BY KYLE DOBBS | TRENDING DESK" {
		t.Fatalf("byline span %q", got)
	}
	if got := credit.Slice(text); got != "This article was written by Tony Marchetti" {
		t.Fatalf("credit span %q", got)
	}
	a := &news.Article{Text: text, Credits: []news.Credit{
		{Kind: news.CreditReporting, Name: "Tony Marchetti", Span: credit},
		{Kind: news.CreditByline, Name: "KYLE DOBBS", Span: byline},
		{Kind: news.CreditByline, Name: "KYLE DOBBS", Span: news.Span{Start: 3, End: 13}},        // inside the first
		{Kind: news.CreditAgency, Name: "stale", Span: news.Span{Start: 60, End: len(text) + 5}}, // past the text: ignored
	}}
	want := " \n\nTrain drivers walked out on Monday.\n\n "
	if got := clusterText(a); got != want {
		t.Errorf("clusterText = %q, want %q", got, want)
	}
	if got := doc(a).Text; got != want {
		t.Errorf("doc text = %q, want %q", got, want)
	}
	plain := &news.Article{Text: "No credits here."}
	if got := clusterText(plain); got != plain.Text {
		t.Errorf("clusterText without credits = %q", got)
	}
}
