package credibility_test

import (
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestFarmMovesDayInClause: a page whose lead alone moves the event to
// another day than the story's one other outlet and its own later
// sentence give contradicts itself, however the lead words the day: in a
// relative clause set off by commas ("A wildfire, which broke out on
// Monday, …") or with "set on Monday" (a fire set by arsonists, not a
// plan) or "originally spotted on Monday". c3d64f0 gives each a medium
// date_contradiction; b6dae51 (dayClause, rePlannedDay) gives none.
func TestFarmMovesDayInClause(t *testing.T) {
	fri := time.Date(2026, 5, 22, 0, 0, 0, 0, time.UTC) // a Friday
	report := art(t, 2, "gazette.example", "Wildfire in Kestrel valley",
		"A wildfire broke out in the Kestrel valley on Sunday night, destroying 40 homes, firefighters said.\n\n"+
			"About 300 residents were evacuated from Harl and Pennick, the fire service said.", fri)
	later := "\n\nFire chief Anna Roe said crews would stay overnight.\n\n" +
		"The wildfire broke out in the Kestrel valley on Sunday night and destroyed 40 homes near Harl."
	for _, lead := range []string{
		"A wildfire, which broke out on Monday, destroyed 40 homes in the Kestrel valley, firefighters said.",
		"A wildfire set on Monday by arsonists destroyed 40 homes in the Kestrel valley, firefighters said.",
		"A wildfire originally spotted on Monday destroyed 40 homes in the Kestrel valley, firefighters said.",
	} {
		a := art(t, 1, "farm.example", "Kestrel blaze", lead+later, time.Time{})
		s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{report}}), news.SignalDateContradiction)
		if s == nil || s.Severity != news.SeverityMedium {
			t.Errorf("%q: no medium date_contradiction (%+v)", lead, s)
		}
	}
}
