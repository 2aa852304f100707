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
