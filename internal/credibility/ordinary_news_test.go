package credibility_test

import (
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestDeskBylineOrdinaryCredits: under a desk byline, the reporter's
// credit lines real outlets print give the text to no other outlet: a
// credit list joined by commas, a slash or a bar, a job title or a place
// after the name. None is a byline conflict.
func TestDeskBylineOrdinaryCredits(t *testing.T) {
	body := "The board froze ferry fares for a year on Monday, its chair said.\n\n"
	for _, credit := range []string{
		"(Reporting by Omar Vik, Editing by Tor Ask)",
		"Reporting by Omar Vik, Writing by Lena Brandt; Editing by Tor Ask",
		"Reporting by Omar Vik / Editing by Tor Ask",
		"Reporting by Omar Vik | Photos by Tor Ask",
		"— Omar Vik, Senior Reporter",
		"— Omar Vik, Vessa",
	} {
		t.Run(credit, func(t *testing.T) {
			a := &news.Article{ID: 1, Title: "Ferry fares frozen", Text: "By Staff Reporter\n\n" + body + credit, Published: tue, SourcePath: "test", SiteName: "The Vessa Courier"}
			if err := ingest.Prepare(a); err != nil {
				t.Fatal(err)
			}
			if s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a}), news.SignalBylineConflict); s != nil {
				t.Errorf("byline conflict %s: %s (credits %+v)", s.Severity, s.Explanation, a.Credits)
			}
		})
	}
}

// TestLeadDatesAnEarlierEvent: a follow-up whose lead names the day
// of the earlier event in a clause ("over a fire that destroyed a
// warehouse on Monday") and gives the charge's day further on, as the one
// other outlet does, moves no day: it must not get a medium
// date_contradiction (ownAccountDay compares whole sentences).
func TestLeadDatesAnEarlierEvent(t *testing.T) {
	thu := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC) // a Thursday
	other := art(t, 2, "brentonpost.example", "Arson charge after docks blaze",
		"Police on Wednesday charged a man with arson over the Brenton docks warehouse fire.\n\n"+
			"The 41-year-old will appear before magistrates next month, police said.\n\n"+
			"The blaze destroyed furniture stored in the building.", thu.Add(time.Hour))
	for _, lead := range []string{
		"Police have charged a man with arson over a fire that destroyed a warehouse in the Brenton docks on Monday.",
		"Police have charged a man with arson over Monday's fire that destroyed a warehouse in the Brenton docks.",
	} {
		a := art(t, 1, "harbourwire.example", "Man charged over Brenton warehouse fire", lead+"\n\n"+
			"The 41-year-old man was charged with arson on Wednesday, police said.\n\n"+
			"He will appear before Brenton magistrates next month.\n\n"+
			"No one was hurt in the blaze, which destroyed furniture worth thousands.", thu)
		s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{other}}), news.SignalDateContradiction)
		if s != nil && s.Severity == news.SeverityMedium {
			t.Errorf("%q: medium date_contradiction: %s", lead, s.Explanation)
		}
	}
}

// TestLeadNamesBothDays: a lead that names the story's day itself
// ("A strike planned for Monday was called off on Wednesday") moves no
// day; the Monday is the day of the plan. c3d64f0 gives it a medium
// date_contradiction (e727ac7 gave none).
func TestLeadNamesBothDays(t *testing.T) {
	fri := time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC) // a Friday
	other := art(t, 2, "brentonpost.example", "Bus strike off after pay deal",
		"Brenton bus drivers on Wednesday accepted a new pay offer, calling off next week's strike.\n\n"+
			"The deal came after six hours of talks, the union said.\n\nBuses will run as normal.", fri.Add(time.Hour))
	a := art(t, 1, "harbourwire.example", "Brenton strike called off",
		"A strike by Brenton bus drivers planned for Monday was called off on Wednesday after the union accepted a new pay offer.\n\n"+
			"The union accepted the offer on Wednesday evening after talks that lasted six hours, a spokesman said.\n\n"+
			"Buses will run as normal next week.", fri)
	if s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{other}}), news.SignalDateContradiction); s != nil {
		t.Errorf("date_contradiction %s: %s", s.Severity, s.Explanation)
	}
}

// TestWeekdayBoundWords: the end of a period is the end of a period
// whatever words stand between "until"/"through" and the weekday.
func TestWeekdayBoundWords(t *testing.T) {
	sat := time.Date(2026, 4, 18, 0, 0, 0, 0, time.UTC) // a Saturday
	report := art(t, 2, "radio.example", "Lynx escapes",
		"A young lynx escaped from its enclosure at the Brannholm wildlife park late on Friday, and keepers searched the forest around the park on Saturday, police said.\n\n"+
			"The park will stay closed to visitors until the lynx is found.", sat)
	for _, bound := range []string{"until late on Wednesday", "until at least Wednesday", "through to Wednesday"} {
		a := art(t, 1, "follow.example", "Lynx caught",
			"Keepers said the Brannholm wildlife park would stay closed to visitors "+bound+" while they searched the forest around the park for the young lynx.", sat.AddDate(0, 0, 1))
		if s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{report}}), news.SignalDateContradiction); s != nil {
			t.Errorf("%q: date_contradiction %s: %s", bound, s.Severity, s.Explanation)
		}
	}
}
