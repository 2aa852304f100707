package credibility_test

import (
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestLeadDayOfAPlan: a lead weekday that dates a plan ("planned for
// Monday", "originally due on Monday") moves no event, though the lead
// names no other day; a lead that moves the event itself still does
// (TestLeadAloneMovesTheDay).
func TestLeadDayOfAPlan(t *testing.T) {
	fri := time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC) // a Friday
	other := art(t, 2, "brentonpost.example", "Bus strike off after pay deal",
		"Brenton bus drivers on Wednesday called off their strike after accepting a new pay offer.\n\n"+
			"The deal came after six hours of talks, the union said.", fri.Add(time.Hour))
	for _, lead := range []string{
		"A strike by Brenton bus drivers planned for Monday has been called off after the union accepted a new pay offer.",
		"A strike by Brenton bus drivers originally due on Monday has been called off after the union accepted a new pay offer.",
	} {
		a := art(t, 1, "harbourwire.example", "Brenton strike called off", lead+"\n\n"+
			"The union called off the strike on Wednesday after accepting the pay offer, a spokesman said.\n\n"+
			"Buses will run as normal next week.", fri)
		s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{other}}), news.SignalDateContradiction)
		if s != nil && s.Severity == news.SeverityMedium {
			t.Errorf("%q: medium date_contradiction: %s", lead, s.Explanation)
		}
	}
}

// TestDeskBylineOutletCredits: under a desk byline, a sign-off naming an
// agency or an outlet opening on "The" gives the text to another outlet;
// a name of another outlet word does so after a comma.
func TestDeskBylineOutletCredits(t *testing.T) {
	body := "The board froze ferry fares for a year on Monday, its chair said.\n\n"
	for _, credit := range []string{
		"— Omar Vik, Reuters",
		"— Omar Vik, The Harbour Review",
		"— Omar Vik, Harbour Evening Mail",
		"Reporting by Omar Vik / Harbour Radio",
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
