package credibility

import (
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestIsBait checks isBait against reBait, which it stands in for.
func TestIsBait(t *testing.T) {
	lines := []string{"", "You won't believe what happened next", "YOU WILL NEVER BELIEVE IT", "Here's why", "heres WHY it matters",
		"This Is Why", "The reason will shock you", "It goes viral", "JAW-DROPPING footage", "Mind-blowing", "why",
		"The minister said the plan was sound.", "We believe", "you'll never believe", "you wo not believe",
		"Thiſ is why", "thi\u017f is why", "\u212aeep", "what happened\nnext", "what happened  next", strings.Repeat("x", 300) + " this is why",
		"Caf\u00e9: here's why", "no bait here at all", "shock your friends"}
	for _, l := range lines {
		if got, want := isBait(l), reBait.MatchString(l); got != want {
			t.Errorf("isBait(%q) = %v, want %v", l, got, want)
		}
	}
}

// TestSameSource: an agency tag names its agency's copy under its long
// name or its site too.
func TestSameSource(t *testing.T) {
	for _, tt := range []struct {
		tag, src string
		want     bool
	}{
		{"Reuters", "Reuters", true},
		{"Reuters", "www.reuters.com", true},
		{"AP", "Associated Press", true},
		{"AP", "apnews.com", true},
		{"AFP", "Agence France-Presse", true},
		{"AP", "AFP", false},
		{"Reuters", "daily.example", false},
		{"", "", false},
		{"Reuters", "www.reuters", true},
		{"Reuters", ".", false},
		{"The Associated Press", "apnews.com", true},
		{"the associated press", "AP", true},
		{"The Guardian", "theguardian.com", true},
		{"The Guardian", "guardian.example", true},
		{"The Times", "nytimes.com", false},
		{"Other", "theother.example", false},
	} {
		if got := sameSource(tt.tag, tt.src); got != tt.want {
			t.Errorf("sameSource(%q, %q) = %v, want %v", tt.tag, tt.src, got, tt.want)
		}
	}
}

// TestStorySubheadingsAreNoPromos: a story's own subheadings with an
// arrow ("Analysis ► …") and its sentences that open with a label of other
// words than rePromo's and end in a full stop are no promotions.
func TestStorySubheadingsAreNoPromos(t *testing.T) {
	for _, line := range []string{
		"Analysis ► What it means for Kellby",
		"Timeline » How the crisis unfolded",
		"Background → Why the dam was built",
		"What happens next ▶ The council votes in May",
		"Key dates » March 2024 to June 2025",
	} {
		if promoLine(line) {
			t.Errorf("promoLine(%q) = true: a subheading", line)
		}
	}
	for _, para := range []string{
		"The inquiry heard from 40 witnesses. Further reading: The report runs to 300 pages and names six officials.",
		"The minister was blunt. Our verdict: The plan fails on every count, the committee found.",
		"Prices rose again. In short: Households will pay more for energy next winter.",
		"The court sat for six hours. Next steps ► The judge will rule on Friday after hearing the defence.",
	} {
		if got := promoSentences(para); len(got) > 0 {
			t.Errorf("promoSentences(%q) = %q: a sentence of the story", para, para[got[0][0]:got[0][1]])
		}
	}
	a := &news.Article{Text: "The dam was opened on Monday.\n\nAnalysis ► What it means for Kellby\n\nThe release raised the river by two metres, officials said."}
	if s := (&Assessor{}).clickbaitInsert(Input{Article: a}); s != nil {
		t.Errorf("clickbaitInsert: %s: %s", s.Severity, s.Explanation)
	}
}
