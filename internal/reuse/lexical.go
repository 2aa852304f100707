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
			dst = append(dst, lexOne(x[i]))
			i++
		case i >= len(x) || y[j] < x[i]:
			dst = append(dst, lexOne(y[j]))
			j++
		default:
			dst = append(dst, lexBoth(x[i]))
			i++
			j++
		}
	}
	return dst
}

// lexOne and lexBoth are the feature indices of a word or bigram found in
// one sentence only and in both.
func lexOne(h uint64) uint32  { return uint32(mix64(h^0x6f6e65) % lexBuckets) }   // "one"
func lexBoth(h uint64) uint32 { return uint32(mix64(h^0x626f7468) % lexBuckets) } // "both"

// lexWeights returns, for each of a sentence's lexical items (sentFeat.lex),
// the weight of its "found in one only" and "found in both" features, so
// that scoring a pair looks nothing up.
func lexWeights(w []float32, lex []uint64) []float32 {
	out := make([]float32, 2*len(lex))
	for i, h := range lex {
		out[2*i], out[2*i+1] = w[lexOne(h)], w[lexBoth(h)]
	}
	return out
}

// lexMargin is lexScore(w, lexFeatures(a, b, nil)) from the weights that
// lexWeights stored with each sentence, summed in the same order.
func lexMargin(w []float32, a, b *sentFeat) float64 {
	z := float64(w[lexBuckets])
	x, y := a.lex, b.lex
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case j >= len(y) || (i < len(x) && x[i] < y[j]):
			z += float64(a.lexW[2*i])
			i++
		case i >= len(x) || y[j] < x[i]:
			z += float64(b.lexW[2*j])
			j++
		default:
			z += float64(a.lexW[2*i+1])
			i++
			j++
		}
	}
	return z
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
