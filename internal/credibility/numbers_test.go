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
