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

// TrainSplice fits the splice model on labelled sentences: deterministic
// gradient-boosted trees, with the threshold that maximises F1 over the
// held-out predictions of spliceFolds folds (rows of one group, one
// article, stay in one fold). Sentences marked in copied (nil: none) are
// flagged whatever the model says, as the engine flags sentences found word
// for word in another story: the threshold is then chosen for what the
// model adds.
func TrainSplice(feats []SpliceFeatures, labels, copied []bool, groups []int) (*SpliceModel, error) {
	xs := make([][]float64, len(feats))
	for i, f := range feats {
		xs[i] = f.Vector()
	}
	held := make([]float64, len(xs))
	for k := 0; k < spliceFolds; k++ {
		var tx [][]float64
		var ty []bool
		for i := range xs {
			if groups[i]%spliceFolds != k {
				tx, ty = append(tx, xs[i]), append(ty, labels[i])
			}
		}
		f, err := trainForest(tx, ty)
		if err != nil {
			return nil, err
		}
		for i := range xs {
			if groups[i]%spliceFolds == k {
				held[i] = f.Probs(xs[i], nil)[1]
			}
		}
	}
	f, err := trainForest(xs, labels)
	if err != nil {
		return nil, err
	}
	var e learn.Encoder
	f.Encode(&e)
	return &SpliceModel{Version: 2, Forest: e.Buf, Threshold: bestThreshold(held, labels, copied), forest: f}, nil
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
