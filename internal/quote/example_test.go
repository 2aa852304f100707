package quote_test

import (
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
)

func ExampleExtract() {
	a := &news.Article{ID: 1, Text: "Elena Marsh, the port's director, spoke at dawn.\n\n" +
		"“The berth stays closed until every crane is inspected,” she said. " +
		"The storm had damaged two cranes, according to Tom Reyes."}
	for _, q := range quote.Extract(a) {
		fmt.Printf("direct=%v %q\n  cue %q, speaker %q = %s (%s)\n", q.Direct, q.Text, q.CueText, q.Speaker.Slice(a.Text), q.SpeakerName, q.SpeakerKey)
	}
	// Output:
	// direct=true "The berth stays closed until every crane is inspected,"
	//   cue "said", speaker "she" = Elena Marsh (elena marsh)
	// direct=false "The storm had damaged two cranes"
	//   cue "according to", speaker "Tom Reyes" = Tom Reyes (tom reyes)
}

func ExampleLink() {
	a := &news.Article{ID: 1, Outlet: "harbour-news.example", Text: "“We will not reopen the berth until every crane has been inspected,” said Elena Marsh, the port's director."}
	b := &news.Article{ID: 2, Outlet: "coastwire.example", Text: "“The berth will stay closed until all the cranes are checked,” port director Elena Marsh said."}
	story := []*quote.Doc{
		{Article: a, Quotes: quote.Extract(a)},
		{Article: b, Quotes: quote.Extract(b)},
	}
	for _, l := range quote.Link(story, nil) {
		fmt.Printf("%d/%d ~ %d/%d: %s\n", l.From.ArticleID, l.From.Index, l.To.ArticleID, l.To.Index, l.Kind)
		for _, p := range l.Aligned {
			fmt.Printf("  %q = %q\n", p.From.Slice(a.Text), p.To.Slice(b.Text))
		}
	}
	fmt.Println(story[0].Quotes[0].Status, story[1].Quotes[0].Status)
	// Output:
	// 1/0 ~ 2/0: reworded
	//   "the berth" = "The berth"
	//   "until" = "until"
	//   "crane" = "cranes"
	// corroborated corroborated
}
