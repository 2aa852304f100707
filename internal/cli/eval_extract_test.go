package cli

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/shared"
)

// TestExtractScorerReproducesPublished scores the benchmark's own reference
// outputs and compares with the figures its README publishes.
func TestExtractScorerReproducesPublished(t *testing.T) {
	dir := shared.Require(t, "data", "article_extraction_benchmark")
	goldPages, err := readBenchBodies(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string]string{}
	for id, p := range goldPages {
		gold[id] = p.ArticleBody
	}
	for _, tt := range []struct {
		name                string
		f1, prec, rec, accu float64
	}{
		{"go_trafilatura", 0.960, 0.940, 0.980, 0.287},
		{"go_readability_fork", 0.947, 0.914, 0.982, 0.166},
		{"AutoExtract", 0.970, 0.984, 0.956, 0.470},
	} {
		out, err := readBenchBodies(filepath.Join(dir, "reference_outputs", tt.name+".json.gz"))
		if err != nil {
			t.Fatal(err)
		}
		pred := map[string]string{}
		for id, p := range out {
			pred[id] = p.ArticleBody
		}
		s := scoreExtraction(gold, pred)
		for _, c := range []struct {
			what      string
			got, want float64
		}{{"f1", s.F1, tt.f1}, {"precision", s.Precision, tt.prec}, {"recall", s.Recall, tt.rec}, {"accuracy", s.Accuracy, tt.accu}} {
			if math.Abs(c.got-c.want) > 0.0015 {
				t.Errorf("%s %s = %.4f, published %.3f", tt.name, c.what, c.got, c.want)
			}
		}
	}
}

func TestShingles(t *testing.T) {
	for _, tt := range []struct {
		toks []string
		want int
	}{{nil, 0}, {[]string{"a"}, 1}, {[]string{"a", "b", "c"}, 1}, {[]string{"a", "b", "c", "d", "e"}, 2}} {
		if got := len(shingles(tt.toks)); got != tt.want {
			t.Errorf("shingles(%v) has %d, want %d", tt.toks, got, tt.want)
		}
	}
}
