package cli_test

import (
	"path/filepath"
	"testing"
)

// TestDonors: when the store also holds the articles a content farm
// lifted its material from — the interview its quotes come from, months
// earlier, and a report of another event it took a sentence of — the
// farm's quotes are transplanted and that sentence spliced, while the
// donors, the sources, are flagged for neither; the triple still passes
// every check.
func TestDonors(t *testing.T) {
	dir := filepath.Join("testdata", "unseen", "state_visit")
	arts := analyzeUnseen(t, dir, filepath.Join("testdata", "donors", "state_visit"))
	for _, p := range checkTriple(arts, "state_visit") {
		t.Error(p)
	}
	farm := arts["state_visit/002"]
	if farm.Signals["transplanted_quote"] == 0 || farm.Status["transplanted"] == 0 {
		t.Errorf("the farm's quotes from the earlier interview are not transplanted: %+v", farm)
	}
	if farm.Signals["spliced_passage"] == 0 {
		t.Errorf("the farm has no spliced passage: %+v", farm)
	}
	for _, name := range []string{"state_visit/003", "state_visit/004"} {
		d, ok := arts[name]
		if !ok {
			t.Fatalf("no article %s", name)
		}
		if d.Signals["transplanted_quote"] > 0 || d.Status["transplanted"] > 0 || d.Signals["spliced_passage"] > 0 {
			t.Errorf("donor %s is flagged for what the farm took from it: %+v", name, d)
		}
		if d.Story == farm.Story {
			t.Errorf("donor %s joined the farm's story", name)
		}
	}
}
