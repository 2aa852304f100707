package credibility

import (
	"bytes"
	"testing"
)

// TestTrainSpliceRoundTrip trains on separable sentences and checks that
// the threshold separates them and that a saved model scores the same.
func TestTrainSpliceRoundTrip(t *testing.T) {
	var feats []SpliceFeatures
	var labels []bool
	var groups []int
	for i := 0; i < 200; i++ {
		pasted := i%4 == 0
		f := SpliceFeatures{CovSelf: 0.8 + float64(i%7)/50, CovCore: 0.7, Length: 2}
		if pasted {
			f.CovSelf, f.CovCore = 0.1+float64(i%5)/50, 0.05
		}
		feats, labels, groups = append(feats, f), append(labels, pasted), append(groups, i/4)
	}
	m, err := TrainSplice(feats, labels, nil, groups)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range feats {
		if got := m.Prob(f) >= m.Threshold; got != labels[i] {
			t.Fatalf("sentence %d: flagged %v, pasted %v (p %.3f, threshold %.3f)", i, got, labels[i], m.Prob(f), m.Threshold)
		}
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := LoadSpliceModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feats[:8] {
		if back.Prob(f) != m.Prob(f) {
			t.Fatalf("loaded model scores %.6f, trained %.6f", back.Prob(f), m.Prob(f))
		}
	}
}
