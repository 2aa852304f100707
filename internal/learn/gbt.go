package learn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// GBTParams are the hyperparameters of gradient-boosted trees.
type GBTParams struct {
	Rounds    int     // boosting rounds; each adds one tree an output
	Depth     int     // maximum tree depth
	Rate      float64 // shrinkage applied to every leaf value
	Lambda    float64 // L2 regularization of leaf values
	MinHess   float64 // minimum hessian sum in a leaf
	Bins      int     // histogram bins a feature, at most 256
	RowSample float64 // share of rows each tree sees (0 or 1: all)
	ColSample float64 // share of features each tree may split on (0 or 1: all)
	Seed      uint64  // seed of the row and column sampling
}

// DefaultGBT is a conservative setting that works on a few thousand to a
// few hundred thousand rows of a few dozen features.
var DefaultGBT = GBTParams{Rounds: 200, Depth: 4, Rate: 0.1, Lambda: 1, MinHess: 1, Bins: 64, RowSample: 1, ColSample: 1, Seed: 1}

// Tree is one regression tree in flat arrays. Node i is a leaf when Left[i]
// is negative, with value Value[i]; otherwise x[Feature[i]] <= Thresh[i]
// goes to Left[i] and the rest to Right[i]. Children always come after
// their parent.
type Tree struct {
	Feature []int32
	Thresh  []float32
	Left    []int32
	Right   []int32
	Value   []float32
}

// Eval returns the leaf value x falls in.
func (t *Tree) Eval(x []float64) float64 {
	i := int32(0)
	for t.Left[i] >= 0 {
		if x[t.Feature[i]] <= float64(t.Thresh[i]) {
			i = t.Left[i]
		} else {
			i = t.Right[i]
		}
	}
	return float64(t.Value[i])
}

// Forest is a boosted ensemble for classification into Classes labels
// 0..Classes-1. With two classes it holds one logistic output (the margin
// of class 1); with more, one softmax output a class. Trees are stored
// round by round: tree r*Outputs()+k adds to output k.
type Forest struct {
	Classes  int
	Features int
	Base     []float64
	Trees    []Tree
	// Gain is the total split gain of each feature during training, a
	// measure of how much the model uses it. It is not saved.
	Gain []float64
}

// Outputs returns the number of margins the forest computes.
func (f *Forest) Outputs() int {
	if f.Classes == 2 {
		return 1
	}
	return f.Classes
}

// Probs writes the class probabilities of x into out (len Classes) and
// returns it; out is allocated when nil.
func (f *Forest) Probs(x []float64, out []float64) []float64 {
	if out == nil {
		out = make([]float64, f.Classes)
	}
	k := f.Outputs()
	var m [16]float64
	margins := m[:0]
	if k > len(m) {
		margins = make([]float64, 0, k)
	}
	margins = append(margins, f.Base...)
	for i := range f.Trees {
		margins[i%k] += f.Trees[i].Eval(x)
	}
	if k == 1 {
		p := sigmoid(margins[0])
		out[0], out[1] = 1-p, p
		return out
	}
	softmax(margins, out)
	return out
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func softmax(m, out []float64) {
	mx := math.Inf(-1)
	for _, v := range m {
		mx = math.Max(mx, v)
	}
	var s float64
	for i, v := range m {
		out[i] = math.Exp(v - mx)
		s += out[i]
	}
	for i := range out {
		out[i] /= s
	}
}

// TrainGBT fits boosted trees to labels y in 0..classes-1 with the logistic
// (two classes) or softmax loss. w holds per-row weights (nil: all 1).
// Training is deterministic for a given p.Seed: sampling uses its own
// generator, and ties between splits go to the lower feature and bin.
func TrainGBT(X [][]float64, y []int, w []float64, classes int, p GBTParams) (*Forest, error) {
	n := len(X)
	if n == 0 {
		return nil, fmt.Errorf("train gbt: no rows")
	}
	if classes < 2 {
		return nil, fmt.Errorf("train gbt: need at least 2 classes, got %d", classes)
	}
	if len(y) != n || (w != nil && len(w) != n) {
		return nil, fmt.Errorf("train gbt: %d rows but %d labels and %d weights", n, len(y), len(w))
	}
	if p.Bins < 2 || p.Bins > 256 {
		p.Bins = 64
	}
	nf := len(X[0])
	for i, row := range X {
		if len(row) != nf {
			return nil, fmt.Errorf("train gbt: row %d has %d features, want %d", i, len(row), nf)
		}
		if y[i] < 0 || y[i] >= classes {
			return nil, fmt.Errorf("train gbt: row %d has label %d outside 0..%d", i, y[i], classes-1)
		}
	}
	if w == nil {
		w = make([]float64, n)
		for i := range w {
			w[i] = 1
		}
	}
	bins, edges := binColumns(X, p.Bins)
	f := &Forest{Classes: classes, Features: nf, Gain: make([]float64, nf)}
	k := f.Outputs()
	// Base margins from the weighted class priors.
	prior := make([]float64, classes)
	var wsum float64
	for i, c := range y {
		prior[c] += w[i]
		wsum += w[i]
	}
	for c := range prior {
		prior[c] = math.Min(math.Max(prior[c]/wsum, 1e-6), 1-1e-6)
	}
	if k == 1 {
		f.Base = []float64{math.Log(prior[1] / prior[0])}
	} else {
		f.Base = make([]float64, k)
		for c := range prior {
			f.Base[c] = math.Log(prior[c])
		}
	}
	F := make([]float64, n*k)
	for i := 0; i < n; i++ {
		copy(F[i*k:], f.Base)
	}
	g := make([][]float64, k)
	h := make([][]float64, k)
	for c := range g {
		g[c] = make([]float64, n)
		h[c] = make([]float64, n)
	}
	gr := newGrower(bins, edges, p, f.Gain)
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x5851f42d4c957f2d))
	prob := make([]float64, k)
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	for r := 0; r < p.Rounds; r++ {
		for i := 0; i < n; i++ {
			m := F[i*k : i*k+k]
			if k == 1 {
				pr := sigmoid(m[0])
				yi := 0.0
				if y[i] == 1 {
					yi = 1
				}
				g[0][i] = (pr - yi) * w[i]
				h[0][i] = math.Max(pr*(1-pr), 1e-9) * w[i]
				continue
			}
			softmax(m, prob)
			for c := 0; c < k; c++ {
				yi := 0.0
				if y[i] == c {
					yi = 1
				}
				g[c][i] = (prob[c] - yi) * w[i]
				h[c][i] = math.Max(prob[c]*(1-prob[c]), 1e-9) * w[i]
			}
		}
		rows := all
		if p.RowSample > 0 && p.RowSample < 1 {
			rows = rows[:0:0]
			for _, i := range all {
				if rng.Float64() < p.RowSample {
					rows = append(rows, i)
				}
			}
		}
		gr.pickFeatures(rng)
		for c := 0; c < k; c++ {
			t := gr.grow(slices.Clone(rows), g[c], h[c])
			for i := 0; i < n; i++ {
				F[i*k+c] += t.Eval(X[i])
			}
			f.Trees = append(f.Trees, t)
		}
	}
	return f, nil
}

// binColumns quantizes every feature into at most nbins histogram bins:
// bins[f][i] is the bin of row i, and v <= edges[f][b] exactly when v's bin
// is at most b. Edges are float32 so that the saved thresholds compare the
// same way as in training.
func binColumns(X [][]float64, nbins int) ([][]uint8, [][]float32) {
	n, nf := len(X), len(X[0])
	bins := make([][]uint8, nf)
	edges := make([][]float32, nf)
	col := make([]float64, n)
	for f := 0; f < nf; f++ {
		for i := range X {
			col[i] = X[i][f]
		}
		s := slices.Clone(col)
		slices.Sort(s)
		d := slices.Compact(slices.Clone(s))
		var e []float32
		add := func(v float32) {
			if len(e) == 0 || v > e[len(e)-1] {
				e = append(e, v)
			}
		}
		if len(d) <= nbins {
			for i := 0; i+1 < len(d); i++ {
				add(float32((d[i] + d[i+1]) / 2))
			}
		} else {
			for b := 1; b < nbins; b++ {
				v := s[b*n/nbins]
				// The edge sits between v and the next distinct value, so
				// that rows equal to v fall on one side.
				j := sort.SearchFloat64s(d, v)
				if j+1 < len(d) {
					add(float32((d[j] + d[j+1]) / 2))
				}
			}
		}
		edges[f] = e
		bf := make([]uint8, n)
		for i, v := range col {
			bf[i] = uint8(sort.Search(len(e), func(k int) bool { return v <= float64(e[k]) }))
		}
		bins[f] = bf
	}
	return bins, edges
}

// grower grows one tree with gradient histograms, building the smaller
// child's histogram by a scan and the larger one by subtraction.
type grower struct {
	bins  [][]uint8
	edges [][]float32
	p     GBTParams
	gain  []float64
	off   []int // histogram offset of each feature (2 floats a bin)
	size  int
	feats []int // features this tree may split on
	bufs  [][2][]float64
	g, h  []float64
	t     *Tree
}

func newGrower(bins [][]uint8, edges [][]float32, p GBTParams, gain []float64) *grower {
	gr := &grower{bins: bins, edges: edges, p: p, gain: gain}
	for f := range bins {
		gr.off = append(gr.off, gr.size)
		gr.size += 2 * (len(edges[f]) + 1)
	}
	gr.bufs = make([][2][]float64, p.Depth+2)
	for d := range gr.bufs {
		gr.bufs[d] = [2][]float64{make([]float64, gr.size), make([]float64, gr.size)}
	}
	return gr
}

func (gr *grower) pickFeatures(rng *rand.Rand) {
	gr.feats = gr.feats[:0]
	for f := range gr.bins {
		if gr.p.ColSample <= 0 || gr.p.ColSample >= 1 || rng.Float64() < gr.p.ColSample {
			gr.feats = append(gr.feats, f)
		}
	}
	if len(gr.feats) == 0 {
		gr.feats = append(gr.feats, rng.IntN(len(gr.bins)))
	}
}

func (gr *grower) grow(rows []int32, g, h []float64) Tree {
	gr.g, gr.h = g, h
	gr.t = &Tree{}
	root := gr.bufs[0][0]
	gr.histogram(rows, root)
	var G, H float64
	for _, i := range rows {
		G += g[i]
		H += h[i]
	}
	gr.node(rows, 0, root, G, H)
	return *gr.t
}

func (gr *grower) histogram(rows []int32, hist []float64) {
	clear(hist)
	for _, f := range gr.feats {
		bf, o := gr.bins[f], gr.off[f]
		for _, i := range rows {
			b := o + 2*int(bf[i])
			hist[b] += gr.g[i]
			hist[b+1] += gr.h[i]
		}
	}
}

func (gr *grower) node(rows []int32, depth int, hist []float64, G, H float64) int32 {
	t, p := gr.t, gr.p
	id := int32(len(t.Left))
	t.Feature = append(t.Feature, 0)
	t.Thresh = append(t.Thresh, 0)
	t.Left = append(t.Left, -1)
	t.Right = append(t.Right, -1)
	t.Value = append(t.Value, float32(-G/(H+p.Lambda)*p.Rate))
	if depth >= p.Depth || len(rows) < 2 || H < 2*p.MinHess {
		return id
	}
	parent := G * G / (H + p.Lambda)
	bestGain, bestF, bestB := 1e-9, -1, -1
	var bestGL, bestHL float64
	for _, f := range gr.feats {
		nb := len(gr.edges[f]) + 1
		hf := hist[gr.off[f] : gr.off[f]+2*nb]
		var gl, hl float64
		for b := 0; b+1 < nb; b++ {
			gl += hf[2*b]
			hl += hf[2*b+1]
			grr, hr := G-gl, H-hl
			if hl < p.MinHess || hr < p.MinHess {
				continue
			}
			gain := gl*gl/(hl+p.Lambda) + grr*grr/(hr+p.Lambda) - parent
			if gain > bestGain {
				bestGain, bestF, bestB, bestGL, bestHL = gain, f, b, gl, hl
			}
		}
	}
	if bestF < 0 {
		return id
	}
	gr.gain[bestF] += bestGain
	// Partition rows in place: left first.
	bf := gr.bins[bestF]
	j := 0
	for i, r := range rows {
		if int(bf[r]) <= bestB {
			rows[i], rows[j] = rows[j], rows[i]
			j++
		}
	}
	left, right := rows[:j], rows[j:]
	lh, rh := gr.bufs[depth+1][0], gr.bufs[depth+1][1]
	small, big := lh, rh
	if len(left) > len(right) {
		small, big = rh, lh
		gr.histogram(right, small)
	} else {
		gr.histogram(left, small)
	}
	for i := range big {
		big[i] = hist[i] - small[i]
	}
	t.Feature[id] = int32(bestF)
	t.Thresh[id] = gr.edges[bestF][bestB]
	l := gr.node(left, depth+1, lh, bestGL, bestHL)
	r := gr.node(right, depth+1, rh, G-bestGL, H-bestHL)
	t.Left[id], t.Right[id] = l, r
	return id
}

// Encode appends the forest to e.
func (f *Forest) Encode(e *Encoder) {
	e.Uint(uint64(f.Classes))
	e.Uint(uint64(f.Features))
	for _, b := range f.Base {
		e.Float64(b)
	}
	e.Uint(uint64(len(f.Trees)))
	for i := range f.Trees {
		t := &f.Trees[i]
		e.Uint(uint64(len(t.Left)))
		for j := range t.Left {
			if t.Left[j] < 0 {
				e.Uint(0)
				e.Float32(float64(t.Value[j]))
				continue
			}
			// Children are stored as offsets from the parent, which keeps
			// them small and positive.
			e.Uint(uint64(t.Feature[j]) + 1)
			e.Float32(float64(t.Thresh[j]))
			e.Uint(uint64(t.Left[j] - int32(j)))
			e.Uint(uint64(t.Right[j] - int32(j)))
		}
	}
}

// DecodeForest reads a forest written by Encode and checks that every tree
// is well formed for the given number of features.
func DecodeForest(d *Decoder) (*Forest, error) {
	f := &Forest{Classes: int(d.Uint()), Features: int(d.Uint())}
	if d.Err() != nil {
		return nil, d.Err()
	}
	if f.Classes < 2 || f.Classes > 64 || f.Features < 1 || f.Features > 1<<16 {
		return nil, fmt.Errorf("%w: forest with %d classes and %d features", ErrCorrupt, f.Classes, f.Features)
	}
	for range f.Outputs() {
		f.Base = append(f.Base, d.Float64())
	}
	nt := d.Count(2)
	f.Trees = make([]Tree, 0, nt)
	for range nt {
		n := d.Count(2)
		if n == 0 && d.Err() == nil {
			return nil, fmt.Errorf("%w: empty tree", ErrCorrupt)
		}
		t := Tree{
			Feature: make([]int32, n), Thresh: make([]float32, n),
			Left: make([]int32, n), Right: make([]int32, n), Value: make([]float32, n),
		}
		for j := 0; j < n && d.Err() == nil; j++ {
			feat := d.Uint()
			v := d.Float32()
			if feat == 0 {
				t.Left[j], t.Right[j], t.Value[j] = -1, -1, float32(v)
				continue
			}
			l, r := d.Uint(), d.Uint()
			if feat > uint64(f.Features) || l == 0 || r == 0 || uint64(j)+l >= uint64(n) || uint64(j)+r >= uint64(n) {
				return nil, fmt.Errorf("%w: tree node %d out of range", ErrCorrupt, j)
			}
			t.Feature[j], t.Thresh[j] = int32(feat-1), float32(v)
			t.Left[j], t.Right[j] = int32(j)+int32(l), int32(j)+int32(r)
		}
		f.Trees = append(f.Trees, t)
	}
	if d.Err() != nil {
		return nil, d.Err()
	}
	if len(f.Trees)%f.Outputs() != 0 {
		return nil, fmt.Errorf("%w: %d trees for %d outputs", ErrCorrupt, len(f.Trees), f.Outputs())
	}
	return f, nil
}
