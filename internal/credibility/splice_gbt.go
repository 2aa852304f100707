package credibility

import (
	"math"
	"sort"

	"github.com/crosscheck-news/crosscheck/internal/learn"
)

// spliceGBT are the boosted trees' settings for the splice model.
var spliceGBT = learn.GBTParams{Rounds: 150, Depth: 4, Rate: 0.1, Lambda: 1, MinHess: 1, Bins: 64, RowSample: 1, ColSample: 1, Seed: 1}

// spliceFolds is the number of cross-validation folds the threshold is
// chosen over.
const spliceFolds = 5

// SpliceCase is one training article: its sentences, which of them were
// pasted in, which the engine would find copied word for word in another
// story (nil: none) and which of them train the model. Cases of one Group
// (non-negative) stay in one fold: give the cases built on one host
// article, or on one story, the same group, or the held-out scores will
// have seen the host.
type SpliceCase struct {
	Art                 *SpliceArticle
	Labels, Copied, Use []bool
	Group               int
}

// TrainSplice fits the two stages of the splice model on labelled
// articles: deterministic gradient-boosted trees. The first stage learns
// from every used sentence, the second from the judged ones (the only ones
// it scores), on first-stage scores cross-fitted over spliceFolds folds of
// groups (an article is scored by a first stage that never saw its
// group). The threshold maximises F1 over the second stage's held-out
// scores over the same folds, unjudged sentences counting as not flagged.
// Sentences marked copied are flagged whatever the model says, as the
// engine flags sentences found word for word in another story: the
// threshold is then chosen for what the model adds.
func TrainSplice(cases []SpliceCase) (*SpliceModel, error) {
	vec := func(c, i int) []float64 { return cases[c].Art.Feats[i].Vector() }
	used := func(c, i int) bool { return cases[c].Use[i] }
	judged := func(c, i int) bool { return cases[c].Use[i] && cases[c].Art.Judged[i] }
	held1, f1, err := crossFit(cases, vec, used)
	if err != nil {
		return nil, err
	}
	second := make([][][]float64, len(cases))
	for c, cs := range cases {
		// Unjudged training sentences keep their score here; the
		// article's context counts judged sentences only.
		first := make([]float64, len(cs.Art.Feats))
		for i := range first {
			first[i] = held1.Probs(cs.Group, vec(c, i))
		}
		second[c] = stackVectors(cs.Art, first)
	}
	held2, f2, err := crossFit(cases, func(c, i int) []float64 { return second[c][i] }, judged)
	if err != nil {
		return nil, err
	}
	var scores []float64
	var labels, copied []bool
	for c, cs := range cases {
		for i, use := range cs.Use {
			if use {
				p := 0.0
				if cs.Art.Judged[i] {
					p = held2.Probs(cs.Group, second[c][i])
				}
				scores = append(scores, p)
				labels, copied = append(labels, cs.Labels[i]), append(copied, cs.Copied != nil && cs.Copied[i])
			}
		}
	}
	var e1, e2 learn.Encoder
	f1.Encode(&e1)
	f2.Encode(&e2)
	return &SpliceModel{Version: spliceVersion, Forest: e1.Buf, Stack: e2.Buf, Threshold: bestThreshold(scores, labels, copied), forest: f1, stack: f2}, nil
}

// folds holds one forest for each fold of groups, each trained without
// that fold.
type folds []*learn.Forest

// Probs scores x of a case of group g with the forest that did not see it.
func (fs folds) Probs(g int, x []float64) float64 {
	var p [2]float64
	return fs[g%len(fs)].Probs(x, p[:])[1]
}

// crossFit trains a forest on the sentences of every fold's complement (a
// case falls in fold Group mod spliceFolds) and one on all of them; vec
// gives sentence i of case c and use whether it trains the forests.
func crossFit(cases []SpliceCase, vec func(c, i int) []float64, use func(c, i int) bool) (folds, *learn.Forest, error) {
	train := func(k int) (*learn.Forest, error) {
		var xs [][]float64
		var ys []bool
		for c, cs := range cases {
			if cs.Group%spliceFolds == k {
				continue
			}
			for i := range cs.Use {
				if use(c, i) {
					xs, ys = append(xs, vec(c, i)), append(ys, cs.Labels[i])
				}
			}
		}
		return trainForest(xs, ys)
	}
	fs := make(folds, spliceFolds)
	for k := range fs {
		f, err := train(k)
		if err != nil {
			return nil, nil, err
		}
		fs[k] = f
	}
	all, err := train(-1)
	return fs, all, err
}

func trainForest(xs [][]float64, labels []bool) (*learn.Forest, error) {
	y := make([]int, len(labels))
	for i, l := range labels {
		if l {
			y[i] = 1
		}
	}
	return learn.TrainGBT(xs, y, nil, 2, spliceGBT)
}

// bestThreshold returns the F1-optimal threshold on scores, on a grid of
// 0.005 (sentences marked in copied count as flagged; ties go to the
// higher threshold).
func bestThreshold(scores []float64, labels, copied []bool) float64 {
	type row struct {
		s    float64
		y, c bool
	}
	rows := make([]row, len(scores))
	var pos float64
	for i, s := range scores {
		rows[i] = row{s, labels[i], copied != nil && copied[i]}
		if labels[i] {
			pos++
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].s > rows[j].s })
	best, th := -1.0, 0.5
	for k := 199; k >= 10; k-- {
		t := float64(k) / 200
		var tp, fp float64
		for _, r := range rows {
			if r.s < t && !r.c {
				continue
			}
			if r.y {
				tp++
			} else {
				fp++
			}
		}
		if f1 := 2 * tp / (tp + fp + pos); f1 > best {
			best, th = f1, math.Round(t*1000)/1000
		}
	}
	return th
}
