package credibility

import (
	"testing"
	"time"
)

// TestNumberFalseAlarms: ordinary follow-ups and second parties
// must raise no number_contradiction.
func TestNumberFalseAlarms(t *testing.T) {
	later := morning.Add(10 * time.Hour)
	for _, tt := range []struct {
		name, article string
		pub           time.Time
		others        []string
		opub          time.Time
	}{
		{"two more dead, same day", "Two more people died in hospital on Wednesday after the building collapse in Kellby, bringing the toll to 14, officials said.", later,
			[]string{"The building collapse in Kellby killed 12 people on Wednesday, officials said.", "Officials said the building collapse in Kellby on Wednesday killed 12 people."}, morning},
		{"two more bodies, lead only", "Rescuers recovered two more bodies from the rubble in Kellby on Wednesday evening.", later,
			[]string{"The building collapse in Kellby killed 12 people on Wednesday, officials said.", "Officials said the building collapse in Kellby on Wednesday killed 12 people."}, morning},
		{"three more arrests", "Police in Kellby arrested three more people on Thursday over the riots.", later,
			[]string{"Police in Kellby arrested 12 people on Wednesday over the riots.", "Police in Kellby said they arrested 12 people over the riots on Wednesday."}, morning},
		{"second fine, tenfold", "The regulator fined Delta Bank €2m on Tuesday for money-laundering failures.", morning,
			[]string{"The regulator fined Gamma Bank €20m on Tuesday for money-laundering failures.",
				"Gamma Bank was fined €20m by the regulator on Tuesday for money-laundering failures."}, morning},
		{"monthly and annual", "Food prices in Kellby rose 2% in March, the statistics office said on Thursday.", morning,
			[]string{"Food prices in Kellby rose 20% in March from a year earlier, the statistics office said on Thursday.",
				"Food prices in Kellby rose 20% in March from a year earlier, the national statistics office said on Thursday."}, morning},
		{"at least 12 then 12", "At least 12 people died when a bus plunged into a ravine near Kellby on Wednesday, police said.", morning,
			[]string{"Twelve people died when a bus plunged into a ravine near Kellby on Wednesday, police said.",
				"12 people died after a bus plunged into a ravine near Kellby on Wednesday, police said."}, later},
		{"12 then at least 12", "Twelve people died when a bus plunged into a ravine near Kellby on Wednesday, police said.", later,
			[]string{"At least 12 people died when a bus plunged into a ravine near Kellby on Wednesday, police said.",
				"At least 12 people died after a bus plunged into a ravine near Kellby on Wednesday, police said."}, morning},
		{"undated follow-up", "Twenty people died when a bus plunged into a ravine near Kellby on Wednesday, police said.", time.Time{},
			[]string{"Twelve people died when a bus plunged into a ravine near Kellby on Wednesday, police said.",
				"Twelve people died after a bus plunged into a ravine near Kellby on Wednesday, police said."}, time.Time{}},
	} {
		if s := storySignal(tt.article, tt.pub, tt.others, []time.Time{tt.opub, tt.opub}); s != nil {
			t.Errorf("%s: %s signal: %s", tt.name, s.Severity, s.Explanation)
		}
	}
}
