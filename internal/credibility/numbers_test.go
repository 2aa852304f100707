package credibility

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// figs describes the figures of a one-sentence text as "as written=value
// key" items.
func figs(body string) string {
	var out []string
	for _, f := range countedOf(&news.Article{Text: body}).figs {
		v := fmt.Sprintf("%g", f.value())
		switch {
		case math.IsInf(f.hi, 1):
			v = fmt.Sprintf(">=%g", f.lo)
		case f.lo == 0:
			v = fmt.Sprintf("<=%g", f.hi)
		case f.lo != f.hi:
			v = fmt.Sprintf("%g-%g", f.lo, f.hi)
		}
		out = append(out, fmt.Sprintf("%s=%s %s", f.span.Slice(body), v, f.key))
	}
	return strings.Join(out, "; ")
}

// TestFigures: digits with separators and decimal commas, multipliers,
// currencies, percentages, number words, bounds and ranges are read with
// what they count; years, dates, times, ordinals, ages and durations are
// no figures.
func TestFigures(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"The coastguard says fourteen people are now confirmed dead and three are still missing.", "fourteen=14 dead; three=3 missing"},
		{"At least 40 people drowned when the ferry rolled over.", "40=>=40 dead"},
		{"Ninety-five passengers and crew were pulled from the sea.", "Ninety-five=95 passeng"},
		{"The Commission fined Zentra 2.4 billion euros on Wednesday.", "2.4 billion euros=2.4e+09 eur"},
		{"Brussels imposed a fine of 2,4 billions of euros on Zentra.", "2,4 billions of euros=2.4e+09 eur"},
		{"Brussels slapped it with a €24bn fine.", "€24bn=2.4e+10 eur"},
		{"The club paid $5m for the striker and £2.3 million for a keeper.", "$5m=5e+06 usd; £2.3 million=2.3e+06 gbp"},
		{"Turnout was 40 per cent, up from 35%.", "40 per cent=40 percent; 35%=35 percent"},
		{"The fire destroyed 1,250 homes and two dozen shops.", "1,250=1250 home; two dozen=24 shop"},
		{"A hundred workers walked out.", "A hundred=100 worker"},
		{"Up to 300 passengers use the ferry.", "300=<=300 passeng"},
		{"No more than 300 passengers may board.", "300=<=300 passeng"},
		{"Between 10 and 20 soldiers were wounded.", "10 and 20=10-20 injured"},
		{"Fighting killed 12 people and injured 30.", "12=12 dead; 30=30 injured"},
		{"The death toll rose to 40 on Friday.", "40=40 dead"},
		{"Subscriptions cost $15 a month.", "$15=15 usd/month"},
		{"A hundred and forty people died.", "A hundred and forty=140 dead"},
		{"One hundred and twenty passengers were rescued.", "One hundred and twenty=120 rescued"},
		{"Half a million people were evacuated.", "Half a million=500000 evacuated"},
		{"Between a hundred and two hundred people were evacuated.", "a hundred and two hundred=100-200 evacuated"},
		// Conversions and parts of a count are no figures of their own.
		{"Brussels fined Zentra €2.4bn ($2.6bn) on Wednesday.", "€2.4bn=2.4e+09 eur"},
		{"It paid £5m, or $6.3m, in damages.", "£5m=5e+06 gbp"},
		{"Two of those killed were children.", ""},
		{"Over 5,000 people were evacuated, 1,000 of them children.", "5,000=>=5000 evacuated"},
		// No amount is above a thousand trillion.
		{"It costs 999,999,999,999,999,999 euros.", ""},
		{"It cost 1 trillion trillion euros.", ""},
		// No figures: years, dates, times, ordinals, ages, durations.
		{"In 2019, on June 18 at 10:47, a 14-year-old came 3rd after 12 years.", ""},
		{"Flight 370 vanished with its passengers.", ""},
		{"The priest was dead for 48 minutes before medics restarted his heart.", ""},
	} {
		if got := figs(tt.body); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.body, got, tt.want)
		}
	}
}

// TestFiguresOdd: odd and outsized numbers are read without a panic.
func TestFiguresOdd(t *testing.T) {
	for _, body := range []string{
		"It costs 1e308 euros.", "About ½ of 40 people died.", "It cost " + strings.Repeat("9", 5000) + " euros.",
		"It cost 1 " + strings.Repeat("trillion ", 40) + "euros.", "It cost $ 5 and € and £.", "€", "5%", "$1",
		"Half a", "A hundred and", "one hundred and ninety-nine",
	} {
		for _, f := range countedOf(&news.Article{Text: body}).figs {
			if !(f.value() <= maxValue) {
				t.Errorf("%q: figure %v", body, f.value())
			}
		}
	}
}

// TestFigureAgreement: rounding, approximations and bounds are tolerated;
// small exact counts must be equal; powers of ten are told.
func TestFigureAgreement(t *testing.T) {
	one := func(s string) figure {
		c := countedOf(&news.Article{Text: s})
		if len(c.figs) != 1 {
			t.Fatalf("%q: %d figures", s, len(c.figs))
		}
		return c.figs[0]
	}
	for _, tt := range []struct {
		a, b           string
		agree, tenfold bool
	}{
		{"About 40 people died.", "41 people died.", true, false},
		{"40 people died.", "41 people died.", true, false},
		{"Nearly 2,000 people were evacuated.", "1,950 people were evacuated.", true, false},
		{"Fourteen people died.", "Fifteen people died.", false, false},
		{"At least 14 people died.", "40 people died.", true, false},
		{"At least 40 people died.", "Fourteen people died.", false, false},
		{"Between 10 and 20 people died.", "15 people died.", true, false},
		{"Boko Haram kidnapped more than 200 schoolgirls.", "Boko Haram kidnapped more than 600 schoolgirls.", false, false},
		{"Boko Haram kidnapped more than 200 schoolgirls.", "Boko Haram kidnapped over 210 schoolgirls.", true, false},
		{"It was fined 2.4 billion euros.", "It was fined 2,4 billions of euros.", true, false},
		{"It was fined 2.4 billion euros.", "It was fined €24bn.", false, true},
		{"It was fined 2.4 billion euros.", "It was fined €2.3bn.", false, false},
		{"About 3,000 people died.", "30 people died.", false, false}, // approximate: no slip told
		{"It paid $800 million.", "It paid $800.", false, false},      // a million: no slip of a digit
	} {
		f, g := one(tt.a), one(tt.b)
		if f.agrees(g) != tt.agree || g.agrees(f) != tt.agree {
			t.Errorf("%q vs %q: agree %v, want %v", tt.a, tt.b, f.agrees(g), tt.agree)
		}
		if f.tenfold(g) != tt.tenfold {
			t.Errorf("%q vs %q: tenfold %v, want %v", tt.a, tt.b, f.tenfold(g), tt.tenfold)
		}
	}
}

var (
	oct15 = time.Date(2025, 10, 15, 8, 0, 0, 0, time.UTC)
	oct16 = time.Date(2025, 10, 16, 8, 0, 0, 0, time.UTC)
)

const (
	ferryA = "Divers are back in the water off Kellby, where the ferry Saltholm Star capsized with 112 people on board.\n\nThe coastguard says fourteen people are now confirmed dead and three are still missing."
	ferryB = "The ferry Saltholm Star capsized in the evening off the island of Kellby with 112 persons on board.\n\nAccording to the coast guard, fourteen persons lost their lives and three are still missing."
)

// TestNumberSignal: a figure two outlets outvote is flagged medium; one
// against one only a power of ten apart, low; supported figures, other
// counts and later tolls are not flagged.
func TestNumberSignal(t *testing.T) {
	for _, tt := range []struct {
		name    string
		article string
		pub     time.Time
		others  []string
		opub    time.Time
		sev     string // "" for no signal
		span    string
	}{
		{"outvoted toll", "At least 40 people drowned when the Saltholm Star rolled over off Kellby.", oct16,
			[]string{ferryA, ferryB}, oct15, news.SeverityMedium, "40"},
		{"supported toll", "Fourteen people died when the Saltholm Star capsized off Kellby.", oct16,
			[]string{ferryA, ferryB}, oct15, "", ""},
		{"one against one", "At least 40 people drowned when the Saltholm Star rolled over off Kellby.", oct16,
			[]string{ferryA}, oct15, "", ""},
		{"a power of ten, later", "The European Commission fined chipmaker Zentra 24 billion euros on Wednesday over its supply contracts.", oct16,
			[]string{"The European Commission fined chipmaker Zentra 2.4 billion euros on Wednesday over its supply contracts."}, oct15, news.SeverityLow, "24 billion euros"},
		{"a power of ten, earlier", "The European Commission fined chipmaker Zentra 24 billion euros on Wednesday over its supply contracts.", oct15,
			[]string{"The European Commission fined chipmaker Zentra 2.4 billion euros on Wednesday over its supply contracts."}, oct16, "", ""},
		{"a power of ten, undated", "The European Commission fined chipmaker Zentra 24 billion euros on Wednesday over its supply contracts.", time.Time{},
			[]string{"The European Commission fined chipmaker Zentra 2.4 billion euros on Wednesday over its supply contracts."}, time.Time{}, "", ""},
		{"an earlier toll, updated later", "Nine people died when the Saltholm Star capsized off Kellby.", oct15,
			[]string{ferryA, ferryB}, oct16, "", ""},
		{"two counts told", "The 28 schoolgirls were on a trip to Sarajevo when seven returned pregnant.", oct15,
			[]string{"It was discovered that the seven schoolgirls fell pregnant on the trip to Sarajevo.", "Seven schoolgirls fell pregnant on a school trip to Sarajevo, officials said."}, oct15, "", ""},
		{"other dead", "Islamic State has already killed two British hostages in Syria, the video says.", oct15,
			[]string{"An American hostage was freed in Syria in an operation that killed 10 Islamist militants, the video says.", "The raid in Syria killed 10 Islamist militants and freed a hostage, the video says."}, oct15, "", ""},
	} {
		in := Input{Article: &news.Article{ID: 10, Outlet: "farm.example", Text: tt.article, Published: tt.pub}}
		for i, o := range tt.others {
			in.Story = append(in.Story, &news.Article{ID: int64(i + 1), Outlet: fmt.Sprintf("outlet%d.example", i), Text: o, Published: tt.opub})
		}
		s := numberSignal(in)
		switch {
		case tt.sev == "" && s != nil:
			t.Errorf("%s: %s signal: %s", tt.name, s.Severity, s.Explanation)
		case tt.sev != "" && s == nil:
			t.Errorf("%s: no signal, want %s", tt.name, tt.sev)
		case s != nil:
			if s.Severity != tt.sev || len(s.Spans) != 1 || s.Spans[0].Slice(tt.article) != tt.span || len(s.Against) != len(tt.others) {
				t.Errorf("%s: %s spans %v against %v, want %s %q", tt.name, s.Severity, s.Spans, s.Against, tt.sev, tt.span)
			}
			if !strings.Contains(s.Explanation, "“") || !strings.Contains(s.Explanation, "for the same count") {
				t.Errorf("%s: explanation %q quotes neither side", tt.name, s.Explanation)
			}
		}
	}
}

// TestAssessNumbers: Assess reports the signal after the date
// contradiction, weighted.
func TestAssessNumbers(t *testing.T) {
	in := Input{Article: &news.Article{ID: 10, Outlet: "farm.example", Published: oct16,
		Text: "At least 40 people drowned when the Saltholm Star rolled over off Kellby."}}
	for i, o := range []string{ferryA, ferryB} {
		in.Story = append(in.Story, &news.Article{ID: int64(i + 1), Outlet: fmt.Sprintf("outlet%d.example", i), Text: o, Published: oct15})
	}
	r := (&Assessor{}).Assess(in)
	for _, s := range r.Signals {
		if s.Type == news.SignalNumberContradiction {
			if s.Contribution != round3(Weights[news.SignalNumberContradiction]*s.Value) || s.Contribution == 0 {
				t.Errorf("contribution %v of value %v", s.Contribution, s.Value)
			}
			if !strings.Contains(s.Explanation, "2 other outlets of the story give fourteen") {
				t.Errorf("explanation %q", s.Explanation)
			}
			return
		}
	}
	t.Errorf("no %s signal: %+v", news.SignalNumberContradiction, r.Signals)
}

// storySignal is the number signal of article (ID 10) in a story of others.
func storySignal(article string, pub time.Time, others []string, opub []time.Time) *news.Signal {
	in := Input{Article: &news.Article{ID: 10, Outlet: "a.example", Text: article, Published: pub}}
	for i, o := range others {
		in.Story = append(in.Story, &news.Article{ID: int64(i + 1), Outlet: fmt.Sprintf("o%d.example", i), Text: o, Published: opub[i]})
	}
	return numberSignal(in)
}

var (
	morning = time.Date(2025, 10, 15, 8, 0, 0, 0, time.UTC)
	evening = time.Date(2025, 10, 15, 16, 0, 0, 0, time.UTC)
)

// TestNumberSignalOrdinaryNews: ordinary news gets no number
// contradiction: tolls that grew by a later report, parts of a count,
// conversions, several parties' amounts, several metrics' percentages,
// crowds, number words.
func TestNumberSignalOrdinaryNews(t *testing.T) {
	for _, tt := range []struct {
		name    string
		article string
		pub     time.Time
		others  []string
		opub    time.Time
	}{
		{"later report, higher toll", "Twenty people died when a bus plunged into a ravine near Kellby on Wednesday, police said.", evening,
			[]string{"Twelve people died when a bus plunged into a ravine near Kellby on Wednesday, police said.",
				"Twelve people died after a bus plunged into a ravine near Kellby on Wednesday, police said."}, morning},
		{"earlier report, lower toll, 8h", "Twelve people died when a bus plunged into a ravine near Kellby on Wednesday, police said.", morning,
			[]string{"Twenty people died when a bus plunged into a ravine near Kellby on Wednesday, police said.",
				"Twenty people died after a bus plunged into a ravine near Kellby on Wednesday, police said."}, evening},
		{"two of the victims", "Two of those killed in the blast in Kellby were children, police said on Wednesday.", morning,
			[]string{"The blast in Kellby killed 14 people, police said on Wednesday.", "Police said on Wednesday the blast in Kellby killed 14 people."}, morning},
		{"conversion at another rate", "The European Commission fined chipmaker Zentra €2.4bn ($2.6bn) on Wednesday over its supply contracts.", morning,
			[]string{"The European Commission fined chipmaker Zentra €2.4bn ($2.8bn) on Wednesday over its supply contracts.",
				"The European Commission on Wednesday fined chipmaker Zentra €2.4bn ($2.8bn) over its supply contracts."}, morning},
		{"several fines", "The regulator fined Alpha Bank €2m and Beta Bank €5m on Tuesday for money-laundering failures.", morning,
			[]string{"The regulator fined Gamma Bank €12m on Tuesday for money-laundering failures.",
				"Gamma Bank was fined €12m by the regulator on Tuesday for money-laundering failures."}, morning},
		{"percentages of different things", "Unemployment fell to 5.1% in March, the statistics office said on Thursday.", morning,
			[]string{"Inflation eased to 3.2% in March, the statistics office said on Thursday.",
				"Inflation eased to 3.2% in March, the national statistics office said on Thursday."}, morning},
		{"percentages of different things, tenfold", "Unemployment fell to 4% in March, the statistics office said on Thursday.", morning,
			[]string{"Inflation rose to 40% in March, the statistics office said on Thursday.",
				"Inflation rose to 40% in March, the national statistics office said on Thursday."}, morning},
		{"one in five", "One in five adults in Kellby now works from home, the survey of 2,000 people found.", morning,
			[]string{"The survey of 1,500 adults in Kellby found one in five now works from home.", "The survey of 1,500 adults in Kellby found that one in five works from home."}, morning},
		{"crowd", "Kellby beat Saltholm 3-1 on Saturday in front of 20,000 fans.", morning,
			[]string{"Kellby beat Saltholm 3-1 on Saturday in front of 25,000 fans.", "In front of 25,000 fans, Kellby beat Saltholm 3-1 on Saturday."}, morning},
		{"a hundred and forty", "A hundred and forty people died when the ferry Saltholm Star capsized off Kellby on Wednesday, the coastguard said.", morning,
			[]string{"140 people died when the ferry Saltholm Star capsized off Kellby on Wednesday, the coastguard said."}, morning},
		{"half a million", "Half a million people were evacuated from the coast of Kellby on Wednesday ahead of the cyclone, officials said.", morning,
			[]string{"500,000 people were evacuated from the coast of Kellby on Wednesday ahead of the cyclone, officials said."}, morning},
		{"one hundred and twenty", "One hundred and twenty passengers were rescued off Kellby on Wednesday after the ferry capsized, the coastguard said.", morning,
			[]string{"About 120 passengers were rescued off Kellby on Wednesday after the ferry capsized, the coastguard said."}, morning},
	} {
		others := tt.others
		if len(others) == 1 {
			others = append(others, others[0])
		}
		if s := storySignal(tt.article, tt.pub, others, []time.Time{tt.opub, tt.opub}); s != nil {
			t.Errorf("%s: %s signal: %s", tt.name, s.Severity, s.Explanation)
		}
	}
}

// TestNumberSignalCaught: a later report whose toll is a teen read as its
// ten (forty for fourteen) is flagged, however it writes it.
func TestNumberSignalCaught(t *testing.T) {
	for _, article := range []string{
		"The death toll rose to 40 after the Saltholm Star capsized off Kellby, the coastguard said.",
		"The capsizing of the Saltholm Star off Kellby killed 40 people, the coastguard said.",
		"Forty people lost their lives when the ferry Saltholm Star capsized off Kellby.",
	} {
		if s := storySignal(article, oct16, []string{ferryA, ferryB}, []time.Time{oct15, oct15}); s == nil {
			t.Errorf("%q (%s): no signal against two outlets giving fourteen dead", article, figs(article))
		}
	}
}

// TestNumberSignalNoMajority: a power-of-ten difference is flagged low
// only one against one; against outlets that split two and two (forty,
// 400) the article's "four" has no majority to be judged by.
func TestNumberSignalNoMajority(t *testing.T) {
	a := "Four people died when a bus plunged into a ravine near Kellby on Wednesday, police said."
	o := []string{
		"Forty people died when a bus plunged into a ravine near Kellby on Wednesday, police said.",
		"Police said forty people died when a bus plunged into a ravine near Kellby on Wednesday.",
		"Four hundred people died when a bus plunged into a ravine near Kellby on Wednesday, police said.",
		"Police said 400 people died when a bus plunged into a ravine near Kellby on Wednesday.",
	}
	if s := storySignal(a, evening, o, []time.Time{morning, morning, morning, morning}); s != nil {
		t.Errorf("flagged without a majority: %s %v: %s", s.Severity, s.Value, s.Explanation)
	}
}
