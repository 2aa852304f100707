package metrics_test

import (
	"math"
	"slices"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/metrics"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestROCAUC(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		labels []bool
		want   float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []bool{false, false, true, true}, 1},
		{"inverted", []float64{0.9, 0.8, 0.2, 0.1}, []bool{false, false, true, true}, 0},
		{"ties count half", []float64{0.5, 0.5}, []bool{false, true}, 0.5},
		{"one of four pairs wrong", []float64{0.1, 0.6, 0.5, 0.9}, []bool{false, false, true, true}, 0.75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := metrics.ROCAUC(tt.scores, tt.labels); !near(got, tt.want) {
				t.Fatalf("ROCAUC=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfusion(t *testing.T) {
	c := metrics.NewConfusion(2)
	for _, p := range [][2]int{{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 0}, {1, 1}} {
		c.Add(p[0], p[1])
	}
	if got, want := c.Accuracy(), 4.0/6; !near(got, want) {
		t.Fatalf("Accuracy=%v, want %v", got, want)
	}
	if got, want := c.Class(1), (metrics.PRF{Precision: 2.0 / 3, Recall: 2.0 / 3, F1: 2.0 / 3}); !near(got.F1, want.F1) || !near(got.Precision, want.Precision) {
		t.Fatalf("Class(1)=%+v, want %+v", got, want)
	}
}

func TestClusterScores(t *testing.T) {
	gold := []string{"a", "a", "a", "b", "b"}
	// One b item wrongly joins the a cluster.
	pred := []int{1, 1, 1, 1, 2}
	s := metrics.Cluster(gold, pred)
	// BCubed precision: a items 3/4 each (x3), b item in cluster 1: 1/4, b in 2: 1.
	if got, want := s.BCubedPrecision, (3*0.75+0.25+1)/5; !near(got, want) {
		t.Fatalf("BCubedPrecision=%v, want %v", got, want)
	}
	// BCubed recall: a items 1 each, b items 1/2 each.
	if got, want := s.BCubedRecall, (3+0.5+0.5)/5; !near(got, want) {
		t.Fatalf("BCubedRecall=%v, want %v", got, want)
	}
	// Pairs: predicted same-cluster pairs 6, of which 3 are gold pairs; gold pairs 4.
	if got, want := s.PairwisePrecision, 0.5; !near(got, want) {
		t.Fatalf("PairwisePrecision=%v, want %v", got, want)
	}
	if got, want := s.PairwiseRecall, 0.75; !near(got, want) {
		t.Fatalf("PairwiseRecall=%v, want %v", got, want)
	}
	if s := metrics.Cluster(gold, gold); !near(s.ARI, 1) || !near(s.BCubedF1, 1) {
		t.Fatalf("identical partitions: ARI=%v BCubedF1=%v, want 1", s.ARI, s.BCubedF1)
	}
}

func TestFoldsDeterministic(t *testing.T) {
	a, b := metrics.Folds(10, 3, 7), metrics.Folds(10, 3, 7)
	seen := map[int]bool{}
	for i := range a {
		for j, v := range a[i] {
			if b[i][j] != v {
				t.Fatalf("folds differ between runs with one seed")
			}
			seen[v] = true
		}
	}
	if len(seen) != 10 {
		t.Fatalf("folds cover %d items, want 10", len(seen))
	}
}

func TestRest(t *testing.T) {
	if got := metrics.Rest(6, []int{4, 1}); !slices.Equal(got, []int{0, 2, 3, 5}) {
		t.Errorf("Rest(6, [4 1]) = %v", got)
	}
	for _, fold := range metrics.Folds(10, 3, 1) {
		if got := metrics.Rest(10, fold); len(got)+len(fold) != 10 {
			t.Errorf("fold %v and its rest %v do not cover 10 rows", fold, got)
		}
	}
}
