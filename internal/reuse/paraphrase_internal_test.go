package reuse

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/learn"
)

// TestLoadParaphraseContent checks that loading refuses files whose framing
// is intact but whose content is impossible.
func TestLoadParaphraseContent(t *testing.T) {
	def, err := DefaultParaphrase()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		alter func(p *Paraphrase)
		want  string
	}{
		{"threshold", func(p *Paraphrase) { p.threshold = 1.5 }, "threshold"},
		{"short idf table", func(p *Paraphrase) { p.idf = p.idf[:100] }, "idf table"},
		{"lexical index", func(p *Paraphrase) {
			p.lex = append(slices.Clone(p.lex), 0, 0.5)
		}, "weight index out of range"},
		{"child out of range", func(p *Paraphrase) {
			f := *p.forest
			f.Trees = slices.Clone(f.Trees)
			f.Trees[0].Left = slices.Clone(f.Trees[0].Left)
			f.Trees[0].Left[0] = 999
			p.forest = &f
		}, "out of range"},
		{"multi-class forest", func(p *Paraphrase) {
			f := *p.forest
			f.Classes, f.Base = 3, []float64{0, 0, 0}
			f.Trees = f.Trees[:3]
			p.forest = &f
		}, "3 classes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := *def
			tt.alter(&p)
			b, err := p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			_, err = LoadParaphrase(b)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, learn.ErrCorrupt) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
