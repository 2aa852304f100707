package reuse

import (
	"math"
	"math/rand/v2"
)

// lexBuckets is the size of the hashed feature space of the lexical model.
const lexBuckets = 1 << 18

// lexFeatures returns the hashed sparse features of a sentence pair for the
// lexical model: each word and word bigram of either sentence, marked as
// found in both sentences or in one only. A linear model over them learns
// which words matter when they are missing from one side (numbers, "not",
// "percent") and which do not ("said", "also"), which overlap ratios alone
// cannot tell.
func lexFeatures(a, b *sentFeat, dst []uint32) []uint32 {
	x, y := a.lex, b.lex
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case j >= len(y) || (i < len(x) && x[i] < y[j]):
			dst = append(dst, uint32(mix64(x[i]^0x6f6e65)%lexBuckets)) // "one"
			i++
		case i >= len(x) || y[j] < x[i]:
			dst = append(dst, uint32(mix64(y[j]^0x6f6e65)%lexBuckets))
			j++
		default:
			dst = append(dst, uint32(mix64(x[i]^0x626f7468)%lexBuckets)) // "both"
			i++
			j++
		}
	}
	return dst
}

// lexScore returns the lexical model's margin (log-odds) for a pair.
func lexScore(w []float32, f []uint32) float64 {
	z := float64(w[lexBuckets])
	for _, k := range f {
		z += float64(w[k])
	}
	return z
}

// trainLexical fits the lexical model, a logistic regression over hashed
// sparse features, on the rows idx of F/y: AdaGrad with L2, epochs in a
// seeded shuffled order, so the result is deterministic.
func trainLexical(F [][]uint32, y []float64, idx []int) []float32 {
	const (
		epochs = 15
		rate   = 0.1
		lambda = 1e-4
	)
	w := make([]float64, lexBuckets+1)
	g2 := make([]float64, lexBuckets+1)
	order := append([]int(nil), idx...)
	r := rand.New(rand.NewPCG(11, 13))
	for ep := 0; ep < epochs; ep++ {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			z := w[lexBuckets]
			for _, f := range F[i] {
				z += w[f]
			}
			g := sigmoid(z) - y[i]
			for _, f := range F[i] {
				gg := g + lambda*w[f]
				g2[f] += gg * gg
				w[f] -= rate * gg / math.Sqrt(g2[f]+1e-8)
			}
			g2[lexBuckets] += g * g
			w[lexBuckets] -= rate * g / math.Sqrt(g2[lexBuckets]+1e-8)
		}
	}
	out := make([]float32, len(w))
	for i, v := range w {
		out[i] = float32(v)
	}
	return out
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
