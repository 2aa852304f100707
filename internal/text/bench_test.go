package text_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// corpus returns the plain text of the examples and the seeds (when
// ../shared is present), concatenated as separate articles.
func corpus(b *testing.B) []string {
	b.Helper()
	var files []string
	ex, _ := filepath.Glob("../../examples/*.txt")
	files = append(files, ex...)
	if d := shared.Path("seeds"); d != "" {
		s, _ := filepath.Glob(filepath.Join(d, "*.txt"))
		files = append(files, s...)
	}
	var out []string
	for _, f := range files {
		buf, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(buf))
	}
	if len(out) == 0 {
		b.Skip("skipping: no example or seed articles found")
	}
	return out
}

// BenchmarkTextLayer measures normalization, sentence segmentation and
// tokenization together, the work every ingested article goes through.
func BenchmarkTextLayer(b *testing.B) {
	docs := corpus(b)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.SetBytes(n)
	var toks []text.Token
	for b.Loop() {
		for _, d := range docs {
			s := text.Normalize(d)
			for _, se := range text.Sentences(s) {
				toks = text.AppendTokens(toks[:0], s[se.Span.Start:se.Span.End], se.Span.Start)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkNormalize(b *testing.B) {
	d := strings.Join(corpus(b), "\n\n")
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		text.Normalize(d)
	}
}

func BenchmarkSentences(b *testing.B) {
	d := text.Normalize(strings.Join(corpus(b), "\n\n"))
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		text.Sentences(d)
	}
}

func BenchmarkTokenize(b *testing.B) {
	d := text.Normalize(strings.Join(corpus(b), "\n\n"))
	b.SetBytes(int64(len(d)))
	var toks []text.Token
	for b.Loop() {
		toks = text.AppendTokens(toks[:0], d, 0)
	}
}
