package quote

import (
	"slices"
	"testing"
)

func TestPrefixKeys(t *testing.T) {
	got := PrefixKeys("The Governor said governments of Élan and 2026 reforms were “unprecedented”, she said.")
	want := []string{"gover", "said", "2026", "refor", "were", "unpre"}
	if !slices.Equal(got, want) {
		t.Errorf("PrefixKeys = %q, want %q", got, want)
	}
	// The keys are those the prefilter matches: a text shares two keys of
	// another exactly when sharesPrefixes says so.
	keys := map[string]bool{}
	for _, k := range PrefixKeys("Reforms to the governing coalition") {
		keys[k] = true
	}
	if !sharesPrefixes("the governor's reform plan", keys, 2) || sharesPrefixes("the governor's plan", keys, 2) {
		t.Error("PrefixKeys and sharesPrefixes disagree")
	}
}
