package text_test

import (
	"strings"
	"testing"

	"github.com/neurosnap/sentences/english"

	"github.com/crosscheck-news/crosscheck/internal/text"
)

// BenchmarkSentencesPunkt runs the Punkt sentence tokenizer of
// neurosnap/sentences (English data in the module) over the text that
// BenchmarkSentences splits, the comparison behind the choice of our own
// splitter (README, "Dependencies, and why").
func BenchmarkSentencesPunkt(b *testing.B) {
	d := text.Normalize(strings.Join(corpus(b), "\n\n"))
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		tok.Tokenize(d)
	}
}

// TestSplitterAgainstPunkt holds the cases behind the choice of our own
// splitter (README, "Dependencies, and why"), on invented sentences: ours
// must split or keep each as a reader would; what Punkt does with each
// is logged (`go test -run SplitterAgainstPunkt -v ./internal/text`).
func TestSplitterAgainstPunkt(t *testing.T) {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		want int // sentences a reader counts
	}{
		{"Source: The Harbour Gazette\n\nThe ferry sank on Monday.", 2},
		{"The ferry left at 11 a.m. ET on Monday, the port said.", 1},
		{"Divers searched the river in Ferguson, Mo. police said on Monday.", 1},
		{"The service was led by Rev. James Hale on Monday.", 1},
		{"The ferry sank on Monday.The crew was saved.", 2},
	} {
		ours := len(text.Sentences(text.Normalize(c.text)))
		punkt := len(tok.Tokenize(c.text))
		t.Logf("%q: ours %d, Punkt %d, a reader %d", c.text, ours, punkt, c.want)
		if ours != c.want {
			t.Errorf("%q: %d sentences, want %d", c.text, ours, c.want)
		}
	}
}
