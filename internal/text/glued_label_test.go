package text

import "testing"

// TestGluedLetterAfterLabel: a capital "A" or "I" glued to a capitalised
// word is a label's letter ("Plan.A", "Option.A", "Class.A" shares), not
// a new sentence, though a lower-case word follows it. b6dae51 splits
// each ("The plan is Plan." | "A and Plan.B for now."); c3d64f0 did not.
// A lower-case word before the stop ("terrified.A supermarket") still
// splits.
func TestGluedLetterAfterLabel(t *testing.T) {
	for _, s := range []string{
		"The plan is Plan.A and Plan.B for now.",
		"She answered that Option.A is best.",
		"The firm's Class.A shares rose.",
	} {
		if got := Sentences(s); len(got) != 1 {
			var parts []string
			for _, x := range got {
				parts = append(parts, x.Span.Slice(s))
			}
			t.Errorf("%q: %d sentences %q, want 1", s, len(got), parts)
		}
	}
	if got := Sentences("Shoppers were terrified.A supermarket chain said it would close."); len(got) != 2 {
		t.Errorf("the glued sentence after a lower-case word: %d sentences, want 2", len(got))
	}
}
