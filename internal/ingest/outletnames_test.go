package ingest_test

import (
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
)

// TestOutletWordSurnames: a word that ends outlets' names and people's
// ("Post", "Mail", "Mirror") makes an outlet after another name and a
// comma or after an outlet's modifier ("Sunday Express"), and a person
// elsewhere.
func TestOutletWordSurnames(t *testing.T) {
	for _, tt := range []struct {
		text  string
		names []string
	}{
		{"By Jane Roe and Robert Post\n\nBody text here.", []string{"Jane Roe", "Robert Post"}},
		{"By Dana Mirror\n\nBody text here.", []string{"Dana Mirror"}},
		{"Body text here.\n\nStory by Jane Roe, Harwick Mail", []string{"Jane Roe"}},
		{"Body text here.\n\n(Reporting by Jane Roe and Tom Guardian; Editing by Mara Quist)", []string{"Jane Roe", "Tom Guardian"}},
		{"Body text here.\n\nReporting by Sunday Express", nil},
	} {
		var got []string
		for _, c := range ingest.Credits(tt.text) {
			got = append(got, c.Name)
		}
		if len(got) != len(tt.names) {
			t.Errorf("%q: credits %q, want %q", tt.text, got, tt.names)
			continue
		}
		for i := range got {
			if got[i] != tt.names[i] {
				t.Errorf("%q: credits %q, want %q", tt.text, got, tt.names)
				break
			}
		}
	}
}
