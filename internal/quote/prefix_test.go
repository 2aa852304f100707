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
	keys := prefixSet{}
	for _, k := range PrefixKeys("Reforms to the governing coalition") {
		keys.add(k)
	}
	shares := func(s string) bool { return sharesPrefixes(prefixWords(s, 0), s, keys, 2) }
	if !shares("the governor's reform plan") || shares("the governor's plan") {
		t.Error("PrefixKeys and sharesPrefixes disagree")
	}
}
