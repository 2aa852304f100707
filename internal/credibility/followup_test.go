package credibility_test

import (
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestNextMorningFollowUp: a follow-up published the next
// morning (under 24 h after reports of a late-evening fire) that leads on
// a later step and names the fire's day raises no date signal.
func TestNextMorningFollowUp(t *testing.T) {
	mon := time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC) // a Monday
	a1 := art(t, 1, "one.example", "Depot fire", "A fire destroyed six trams at the Selberg tram depot late on Monday, the city transport company said.\n\nNobody was hurt in the blaze.", mon)
	a2 := art(t, 2, "two.example", "Depot fire", "Six trams burned at the Selberg depot on Monday night, firefighters said.\n\nThe depot's roof collapsed.", mon.Add(10*time.Minute))
	x := art(t, 3, "three.example", "Arrest after depot fire", "Police arrested a man on Tuesday over Monday's fire at the Selberg tram depot, which destroyed six trams.\n\nThe man, 34, is being questioned.", mon.Add(10*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: x, Story: []*news.Article{a1, a2}})
	for _, s := range r.Signals {
		if s.Type == news.SignalDateContradiction {
			t.Errorf("next-morning follow-up: %s %s", s.Severity, s.Explanation)
		}
	}
}
