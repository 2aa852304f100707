package learn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/zeebo/xxh3"
)

// Feature is one non-zero entry of a sparse feature vector.
type Feature struct {
	Index uint32
	Value float32
}

// Sparse is a sparse feature vector. Indices may repeat; their values add.
type Sparse []Feature

// Hash returns the index of a named feature in a space of 2^bits slots.
func Hash(name string, bits uint8) uint32 {
	return uint32(xxh3.HashString(name) & (1<<bits - 1))
}

// LinearParams are the hyperparameters of sparse logistic regression.
type LinearParams struct {
	Epochs int     // passes over the data
	Rate   float64 // AdaGrad base learning rate
	L2     float64 // L2 penalty a row (applied lazily to the touched weights)
	Seed   uint64  // seed of the shuffling
}

// DefaultLinear suits tens of thousands of short texts.
var DefaultLinear = LinearParams{Epochs: 8, Rate: 0.2, L2: 1e-6, Seed: 1}

// Linear is a binary logistic regression over hashed sparse features.
type Linear struct {
	Bits uint8
	W    []float32
	Bias float64
}

// Margin returns the log-odds of the positive class.
func (l *Linear) Margin(x Sparse) float64 {
	s := l.Bias
	for _, f := range x {
		s += float64(l.W[f.Index]) * float64(f.Value)
	}
	return s
}

// Prob returns the probability of the positive class.
func (l *Linear) Prob(x Sparse) float64 { return sigmoid(l.Margin(x)) }

// TrainLinear fits a logistic regression with AdaGrad. Rows are visited in
// an order shuffled by p.Seed, so training is deterministic.
func TrainLinear(xs []Sparse, y []bool, bits uint8, p LinearParams) (*Linear, error) {
	if len(xs) == 0 || len(xs) != len(y) {
		return nil, fmt.Errorf("train linear: %d rows and %d labels", len(xs), len(y))
	}
	if bits < 4 || bits > 26 {
		return nil, fmt.Errorf("train linear: %d hash bits outside 4..26", bits)
	}
	dim := 1 << bits
	for i, x := range xs {
		for _, f := range x {
			if int(f.Index) >= dim {
				return nil, fmt.Errorf("train linear: row %d has index %d beyond 2^%d", i, f.Index, bits)
			}
		}
	}
	w := make([]float64, dim)
	g2 := make([]float64, dim)
	var b, b2 float64
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(p.Seed, p.Seed^0x2545f4914f6cdd1d))
	for range p.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x := xs[i]
			m := b
			for _, f := range x {
				m += w[f.Index] * float64(f.Value)
			}
			yi := 0.0
			if y[i] {
				yi = 1
			}
			g := sigmoid(m) - yi
			for _, f := range x {
				gi := g*float64(f.Value) + p.L2*w[f.Index]
				g2[f.Index] += gi * gi
				w[f.Index] -= p.Rate * gi / math.Sqrt(g2[f.Index]+1e-8)
			}
			b2 += g * g
			b -= p.Rate * g / math.Sqrt(b2+1e-8)
		}
	}
	l := &Linear{Bits: bits, W: make([]float32, dim), Bias: b}
	for i, v := range w {
		l.W[i] = float32(v)
	}
	return l, nil
}

// Encode appends the model to e, storing only non-zero weights.
func (l *Linear) Encode(e *Encoder) {
	e.Uint(uint64(l.Bits))
	e.Float64(l.Bias)
	e.Sparse(l.W)
}

// DecodeLinear reads a model written by Encode.
func DecodeLinear(d *Decoder) (*Linear, error) {
	bits := d.Uint()
	if d.Err() == nil && (bits < 4 || bits > 26) {
		return nil, fmt.Errorf("%w: %d hash bits", ErrCorrupt, bits)
	}
	l := &Linear{Bits: uint8(bits), Bias: d.Float64()}
	if d.Err() != nil {
		return nil, d.Err()
	}
	var err error
	if l.W, err = d.Sparse(1 << bits); err != nil {
		return nil, err
	}
	return l, nil
}

// Dedup sorts x by index and sums repeated indices, in place.
func Dedup(x Sparse) Sparse {
	if len(x) < 2 {
		return x
	}
	slices.SortFunc(x, func(a, b Feature) int { return int(a.Index) - int(b.Index) })
	out := x[:1]
	for _, f := range x[1:] {
		if f.Index == out[len(out)-1].Index {
			out[len(out)-1].Value += f.Value
		} else {
			out = append(out, f)
		}
	}
	return out
}
