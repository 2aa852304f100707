package reuse

import (
	"fmt"
	"math"
	"slices"
)

// gbtParams are the hyperparameters of gradient-boosted trees with the
// logistic loss.
type gbtParams struct {
	Trees   int     // boosting rounds
	Depth   int     // maximum tree depth
	Rate    float64 // shrinkage
	Lambda  float64 // L2 regularization of leaf values
	MinLeaf float64 // minimum hessian sum in a leaf
	Bins    int     // maximum histogram bins a feature
}

var defaultGBT = gbtParams{Trees: 300, Depth: 3, Rate: 0.05, Lambda: 1, MinLeaf: 3, Bins: 64}

// tree is a regression tree in flat arrays: node i is a leaf when Left[i]
// is negative, with value Value[i]; else x[Feature[i]] <= Thresh[i] goes to
// Left[i], the rest to Right[i].
type tree struct {
	Feature []int32   `json:"f"`
	Thresh  []float64 `json:"t"`
	Left    []int32   `json:"l"`
	Right   []int32   `json:"r"`
	Value   []float64 `json:"v"`
}

func (t *tree) eval(x []float64) float64 {
	i := int32(0)
	for t.Left[i] >= 0 {
		if x[t.Feature[i]] <= t.Thresh[i] {
			i = t.Left[i]
		} else {
			i = t.Right[i]
		}
	}
	return t.Value[i]
}

// check reports a malformed tree: indices out of range or cycles.
func (t *tree) check(nfeat int) error {
	n := len(t.Left)
	if n == 0 || len(t.Right) != n || len(t.Feature) != n || len(t.Thresh) != n || len(t.Value) != n {
		return fmt.Errorf("tree arrays of unequal or zero length")
	}
	for i := 0; i < n; i++ {
		if t.Left[i] < 0 {
			if math.IsNaN(t.Value[i]) || math.IsInf(t.Value[i], 0) {
				return fmt.Errorf("leaf %d has value %v", i, t.Value[i])
			}
			continue
		}
		// Children come after their parent, which rules out cycles.
		if int(t.Left[i]) <= i || int(t.Left[i]) >= n || int(t.Right[i]) <= i || int(t.Right[i]) >= n {
			return fmt.Errorf("node %d has children out of range", i)
		}
		if t.Feature[i] < 0 || int(t.Feature[i]) >= nfeat {
			return fmt.Errorf("node %d splits on feature %d of %d", i, t.Feature[i], nfeat)
		}
	}
	return nil
}

// ensemble is a boosted sum of trees: score = Base + Σ tree(x).
type ensemble struct {
	Base  float64 `json:"base"`
	Trees []tree  `json:"trees"`
}

func (e *ensemble) margin(x []float64) float64 {
	s := e.Base
	for i := range e.Trees {
		s += e.Trees[i].eval(x)
	}
	return s
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// trainGBT fits boosted trees to binary labels y (0 or 1) with the logistic
// loss. Training is deterministic: no sampling, and ties between splits go
// to the lower feature and bin.
func trainGBT(X [][]float64, y []float64, p gbtParams) *ensemble {
	n := len(X)
	if n == 0 {
		return &ensemble{}
	}
	nf := len(X[0])
	// Histogram bins: up to p.Bins quantile edges a feature.
	edges := make([][]float64, nf)
	bins := make([][]uint8, nf)
	col := make([]float64, n)
	for f := 0; f < nf; f++ {
		for i := range X {
			col[i] = X[i][f]
		}
		s := slices.Clone(col)
		slices.Sort(s)
		s = slices.Compact(s)
		var e []float64
		if len(s) <= p.Bins {
			for i := 0; i+1 < len(s); i++ {
				e = append(e, (s[i]+s[i+1])/2)
			}
		} else {
			for b := 1; b < p.Bins; b++ {
				v := s[b*len(s)/p.Bins]
				if len(e) == 0 || v > e[len(e)-1] {
					e = append(e, v)
				}
			}
		}
		edges[f] = e
		bins[f] = make([]uint8, n)
		for i, v := range col {
			k, _ := slices.BinarySearch(e, v) // v <= e[k] goes to bin k
			bins[f][i] = uint8(k)
		}
	}
	pos := 0.0
	for _, v := range y {
		pos += v
	}
	prior := math.Min(math.Max(pos/float64(n), 1e-6), 1-1e-6)
	ens := &ensemble{Base: math.Log(prior / (1 - prior))}
	F := make([]float64, n)
	for i := range F {
		F[i] = ens.Base
	}
	g := make([]float64, n)
	h := make([]float64, n)
	idx := make([]int32, n)
	for t := 0; t < p.Trees; t++ {
		for i := range F {
			pr := sigmoid(F[i])
			g[i] = pr - y[i]
			h[i] = math.Max(pr*(1-pr), 1e-9)
			idx[i] = int32(i)
		}
		tr := &tree{}
		growNode(tr, idx, 0, g, h, bins, edges, p)
		for i := range F {
			F[i] += tr.eval(X[i])
		}
		ens.Trees = append(ens.Trees, *tr)
	}
	return ens
}

// growNode appends a node for the samples idx and grows it; it returns the
// node's index.
func growNode(tr *tree, idx []int32, depth int, g, h []float64, bins [][]uint8, edges [][]float64, p gbtParams) int32 {
	node := int32(len(tr.Left))
	tr.Feature = append(tr.Feature, 0)
	tr.Thresh = append(tr.Thresh, 0)
	tr.Left = append(tr.Left, -1)
	tr.Right = append(tr.Right, -1)
	var G, H float64
	for _, i := range idx {
		G += g[i]
		H += h[i]
	}
	tr.Value = append(tr.Value, -G/(H+p.Lambda)*p.Rate)
	if depth >= p.Depth || len(idx) < 2 {
		return node
	}
	parent := G * G / (H + p.Lambda)
	bestGain, bestF, bestB := 1e-9, -1, -1
	hg := make([]float64, 256)
	hh := make([]float64, 256)
	for f := range bins {
		nb := len(edges[f]) + 1
		if nb < 2 {
			continue
		}
		clear(hg[:nb])
		clear(hh[:nb])
		bf := bins[f]
		for _, i := range idx {
			hg[bf[i]] += g[i]
			hh[bf[i]] += h[i]
		}
		var gl, hl float64
		for b := 0; b+1 < nb; b++ {
			gl += hg[b]
			hl += hh[b]
			gr, hr := G-gl, H-hl
			if hl < p.MinLeaf || hr < p.MinLeaf {
				continue
			}
			gain := gl*gl/(hl+p.Lambda) + gr*gr/(hr+p.Lambda) - parent
			if gain > bestGain {
				bestGain, bestF, bestB = gain, f, b
			}
		}
	}
	if bestF < 0 {
		return node
	}
	var left, right []int32
	for _, i := range idx {
		if int(bins[bestF][i]) <= bestB {
			left = append(left, i)
		} else {
			right = append(right, i)
		}
	}
	tr.Feature[node] = int32(bestF)
	tr.Thresh[node] = edges[bestF][bestB]
	l := growNode(tr, left, depth+1, g, h, bins, edges, p)
	r := growNode(tr, right, depth+1, g, h, bins, edges, p)
	tr.Left[node], tr.Right[node] = l, r
	return node
}
