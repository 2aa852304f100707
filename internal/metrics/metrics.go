// Package metrics computes the evaluation measures crosscheck's eval
// commands report: precision, recall and F1, accuracy, macro-F1, ROC AUC,
// clustering scores (BCubed, pairwise F1, adjusted Rand index) and
// deterministic k-fold splits. It is pure and imports only the standard
// library.
package metrics

import (
	"math/rand/v2"
	"sort"
)

// PRF holds precision, recall and F1.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// FromCounts returns precision, recall and F1 from true positives, false
// positives and false negatives. An empty denominator gives 0.
func FromCounts(tp, fp, fn float64) PRF {
	var p, r PRF
	if tp+fp > 0 {
		p.Precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r.Recall = tp / (tp + fn)
	}
	return PRF{Precision: p.Precision, Recall: r.Recall, F1: HarmonicMean(p.Precision, r.Recall)}
}

// HarmonicMean returns 2pr/(p+r), or 0 when both are 0.
func HarmonicMean(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Confusion is a confusion matrix over labels 0..n-1: Confusion[gold][pred].
type Confusion [][]int

// NewConfusion returns an n×n zero matrix.
func NewConfusion(n int) Confusion {
	c := make(Confusion, n)
	for i := range c {
		c[i] = make([]int, n)
	}
	return c
}

// Add counts one (gold, predicted) pair.
func (c Confusion) Add(gold, pred int) { c[gold][pred]++ }

// Accuracy returns the share of the diagonal.
func (c Confusion) Accuracy() float64 {
	var ok, all int
	for g := range c {
		for p, n := range c[g] {
			all += n
			if g == p {
				ok += n
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(ok) / float64(all)
}

// Class returns precision, recall and F1 of one label.
func (c Confusion) Class(k int) PRF {
	var tp, fp, fn float64
	for g := range c {
		for p, n := range c[g] {
			switch {
			case g == k && p == k:
				tp += float64(n)
			case p == k:
				fp += float64(n)
			case g == k:
				fn += float64(n)
			}
		}
	}
	return FromCounts(tp, fp, fn)
}

// MacroF1 returns the unweighted mean of the per-label F1 scores.
func (c Confusion) MacroF1() float64 {
	if len(c) == 0 {
		return 0
	}
	var s float64
	for k := range c {
		s += c.Class(k).F1
	}
	return s / float64(len(c))
}

// ROCAUC returns the area under the ROC curve of scores against binary
// labels (true = positive), with ties counted half (the Mann–Whitney U
// statistic). It returns 0.5 when one class is missing.
func ROCAUC(scores []float64, labels []bool) float64 {
	type pt struct {
		s   float64
		pos bool
	}
	pts := make([]pt, len(scores))
	var npos, nneg float64
	for i, s := range scores {
		pts[i] = pt{s, labels[i]}
		if labels[i] {
			npos++
		} else {
			nneg++
		}
	}
	if npos == 0 || nneg == 0 {
		return 0.5
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].s < pts[j].s })
	// Sum of the ranks of the positives, with average ranks for ties.
	var rankSum float64
	for i := 0; i < len(pts); {
		j := i
		for j < len(pts) && pts[j].s == pts[i].s {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks are 1-based: (i+1 + j) / 2
		for k := i; k < j; k++ {
			if pts[k].pos {
				rankSum += avg
			}
		}
		i = j
	}
	return (rankSum - npos*(npos+1)/2) / (npos * nneg)
}

// Folds returns k folds of the indices 0..n-1, shuffled with the given seed,
// so that cross-validation is the same on every run.
func Folds(n, k int, seed uint64) [][]int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	folds := make([][]int, k)
	for i, v := range idx {
		folds[i%k] = append(folds[i%k], v)
	}
	return folds
}

// Rest returns the indices 0..n-1 not in fold, in order: the training rows
// of a cross-validation fold.
func Rest(n int, fold []int) []int {
	held := make([]bool, n)
	for _, i := range fold {
		held[i] = true
	}
	out := make([]int, 0, n-len(fold))
	for i, h := range held {
		if !h {
			out = append(out, i)
		}
	}
	return out
}
