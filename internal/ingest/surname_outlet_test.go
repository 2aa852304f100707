package ingest_test

import (
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestSurnameIsOutletWord: a person whose surname is one of the new
// outlet words ("Post", "Mirror", "Express") is still a person; the
// byline and the reporting credit must not vanish.
func TestSurnameIsOutletWord(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		kinds      []string
		names      []string
	}{
		{"byline of a Post", "By Anna Post\n\nBody text here.", []string{news.CreditByline}, []string{"Anna Post"}},
		{"reporting credit of a Post", "Body text here.\n\n(Reporting by Robert Post; Editing by Mara Quist)", []string{news.CreditReporting}, []string{"Robert Post"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ingest.Credits(tt.text)
			if len(got) != len(tt.kinds) {
				t.Fatalf("Credits = %+v, want %d credits", got, len(tt.kinds))
			}
			for i, c := range got {
				if c.Kind != tt.kinds[i] || c.Name != tt.names[i] {
					t.Errorf("credit %d = %s %q, want %s %q", i, c.Kind, c.Name, tt.kinds[i], tt.names[i])
				}
			}
		})
	}
}
