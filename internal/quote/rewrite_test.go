package quote_test

import (
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
)

// TestLinkRewriteLostSpeaker: a translation of a whole article renders the
// court's ruling without the court as its speaker. In a rewrite (variants
// of most of its quotes) the two rulings are aligned at their place; in
// two articles that share one remark only, they are not.
func TestLinkRewriteLostSpeaker(t *testing.T) {
	const (
		ruling = "The regional court ruled on Thursday that the council broke the procurement law when it approved the water deal in 2019.\n\n"
		render = "The tribunal ruled on Thursday that the municipal council violated the law of public markets when it approved the water agreement in 2019.\n\n"
		shared = "“We will not reopen the berth until every crane has been inspected,” Elena Marsh said.\n\n" +
			"“Our crews worked through the night to secure the whole site,” Marsh added.\n\n"
		more = "“The ferry tariffs will not change this year,” Marsh said.\n\n" +
			"“Nobody should lose a single hour of water because of the council,” Tom Reyes said.\n\n" +
			"“The budget vote is postponed to May,” Reyes said."
		others = "“Tourists are asked to avoid the old harbour,” the mayor said.\n\n" +
			"“Schools reopen on Monday,” Ann Holt said.\n\n" +
			"“The festival goes ahead as planned,” Holt said."
	)
	for _, c := range []struct {
		name   string
		a, b   string
		linked bool
	}{
		{"rewrite", ruling + shared, render + shared, true},
		{"two articles with a remark in common", ruling + shared + more, render + shared + others, false},
	} {
		a := doc(1, "wire.example", day0, c.a)
		b := doc(2, "translated.example", day0.Add(time.Hour), c.b)
		if len(a.Quotes) == 0 || len(b.Quotes) == 0 || !strings.Contains(a.Quotes[0].Text, "procurement") || !strings.Contains(b.Quotes[0].Text, "public markets") {
			t.Fatalf("%s: the fixture's first quotes are %+v and %+v", c.name, a.Quotes, b.Quotes)
		}
		links := quote.Link([]*quote.Doc{a, b}, nil)
		if _, ok := findLink(links, 1, 0, 2, 0); ok != c.linked {
			t.Errorf("%s: rulings linked %v, want %v (speakers %q, %q)", c.name, ok, c.linked, a.Quotes[0].SpeakerName, b.Quotes[0].SpeakerName)
		}
	}
}

// TestHeadlineIsNoSpeaker: a word in capitals after a name in title case is
// shouted, not a cue, and a headline's capitalised words are no subject a
// later "she said" means; a headline written all in capitals keeps its cue.
func TestHeadlineIsNoSpeaker(t *testing.T) {
	a := &news.Article{ID: 1, Text: "Carrow Brake RECALL: Is YOUR Car On The Deadly List?\n\n" +
		"The recall covers 2021 to 2023 models.\n\n“Nobody has been hurt,” she said."}
	hurt := false
	for _, q := range quote.Extract(a) {
		if strings.Contains(q.SpeakerName, "RECALL") || strings.Contains(q.SpeakerName, "Carrow") || strings.Contains(q.Text, "Deadly List") {
			t.Errorf("quote %q attributed to %q", q.Text, q.SpeakerName)
		}
		hurt = hurt || strings.Contains(q.Text, "Nobody has been hurt")
	}
	if !hurt {
		t.Errorf("the quote under the headline was lost: %+v", quote.Extract(a))
	}
	caps := &news.Article{ID: 2, Text: "MAYOR SAYS BRIDGE WILL REOPEN IN MAY\n\nThe bridge has been shut since the flood."}
	found := false
	for _, q := range quote.Extract(caps) {
		found = found || strings.Contains(q.Text, "BRIDGE WILL REOPEN")
	}
	if !found {
		t.Errorf("the all-capitals headline lost its quote: %+v", quote.Extract(caps))
	}
}

// TestRoleOfNameAppositive: "said the spokeswoman of Carrow, Linda Park" is
// Linda Park's, not the company's.
func TestRoleOfNameAppositive(t *testing.T) {
	a := &news.Article{ID: 1, Text: "Carrow Motors is recalling 210,000 cars.\n\n" +
		"“We will replace every hose concerned for free,” said the spokeswoman of Carrow, Linda Park, in a statement."}
	qs := quote.Extract(a)
	if len(qs) == 0 || qs[len(qs)-1].SpeakerName != "Linda Park" {
		t.Fatalf("quotes %+v, want the last one Linda Park's", qs)
	}
}
