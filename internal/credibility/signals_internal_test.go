package credibility

import (
	"strings"
	"testing"
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
