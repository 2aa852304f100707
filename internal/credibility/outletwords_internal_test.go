package credibility

import (
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
)

// TestOutletNameWordsAgreeWithCredits: every word outletLike takes for
// the end of an outlet's name is one the credit reader takes for an
// outlet after a credited name and a comma, so that a credit ingest
// reads as "Jane Roe" of an outlet is the one elsewhereCredit weighs.
func TestOutletNameWordsAgreeWithCredits(t *testing.T) {
	for w := range outletNameWords {
		outlet := "Harwick " + strings.ToUpper(w[:1]) + w[1:]
		cs := ingest.Credits("Body text here.\n\nStory by Jane Roe, " + outlet)
		if len(cs) != 1 || cs[0].Name != "Jane Roe" {
			t.Errorf("%q: credits %+v, want Jane Roe alone", outlet, cs)
		}
		if !outletLike(outlet) {
			t.Errorf("outletLike(%q) = false", outlet)
		}
	}
}
