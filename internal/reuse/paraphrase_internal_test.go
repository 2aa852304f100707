package reuse

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// TestLoadParaphraseContent checks that loading refuses files whose framing
// is intact but whose content is impossible.
func TestLoadParaphraseContent(t *testing.T) {
	def, err := DefaultParaphrase()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		alter func(p *Paraphrase)
		want  string
	}{
		{"threshold", func(p *Paraphrase) { p.threshold = 1.5 }, "threshold"},
		{"short idf table", func(p *Paraphrase) { p.idf = p.idf[:100] }, "idf table"},
		{"lexical index", func(p *Paraphrase) {
			p.lex = append(slices.Clone(p.lex), 0, 0.5)
		}, "weight index out of range"},
		{"child out of range", func(p *Paraphrase) {
			f := *p.forest
			f.Trees = slices.Clone(f.Trees)
			f.Trees[0].Left = slices.Clone(f.Trees[0].Left)
			f.Trees[0].Left[0] = 999
			p.forest = &f
		}, "out of range"},
		{"multi-class forest", func(p *Paraphrase) {
			f := *p.forest
			f.Classes, f.Base = 3, []float64{0, 0, 0}
			f.Trees = f.Trees[:3]
			p.forest = &f
		}, "3 classes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := *def
			tt.alter(&p)
			b, err := p.Encode()
			if err != nil {
				t.Fatal(err)
			}
			_, err = LoadParaphrase(b)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, learn.ErrCorrupt) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// judgeSentences are sentence pairs for the scoring tests: repeated words,
// numbers, reordered clauses, and one sentence long enough (over 64
// content stems and 128 words) to take the paths beyond the stack buffers.
func judgeSentences() []string {
	long := strings.Repeat("The council voted on the new budget for roads, schools, parks and libraries in March. ", 3)
	for i := range 100 {
		long += fmt.Sprintf("item%d ", i)
	}
	return []string{
		"The court rejected the appeal on Monday, the lawyer said.",
		"On Monday the judge dismissed the appeal, said the lawyer for the defendant.",
		"Shares rose 3.5 percent to 42 dollars, the highest since 2019.",
		"The stock climbed 3.5 percent, its highest level since 2019, to 42 dollars.",
		"The the the appeal appeal was not rejected.",
		"Nobody said anything.",
		"",
		long,
		long + " and the mayor said the vote was close.",
	}
}

// TestScoringMatchesReference checks the pair features that scoring
// computes from per-sentence data (word order from the words occurring
// once, soft coverage with each cosine computed once) against direct
// computations, and the flattened forest against learn.Forest, bit for bit.
func TestScoringMatchesReference(t *testing.T) {
	p, err := DefaultParaphrase()
	if err != nil {
		t.Fatal(err)
	}
	ss := judgeSentences()
	feats := make([]*sentFeat, len(ss))
	for i, s := range ss {
		feats[i] = p.features(text.Tokenize(s), nil)
	}
	var x []float64
	var pr [2]float64
	for i, a := range feats {
		for j, b := range feats {
			if got, want := wordOrder(a, b), refWordOrder(a.words, b.words); got != want {
				t.Errorf("pair %d,%d: word order %v, want %v", i, j, got, want)
			}
			inA, inB := make([]bool, len(a.wset)), make([]bool, len(b.wset))
			eachCommon(a.wset, b.wset, func(i, j int) { inA[i], inB[j] = true, true })
			if got, want := longestGap(a.widx, inA), refLongestGap(a.words, b.wset); got != want {
				t.Errorf("pair %d,%d: longest gap %d, want %d", i, j, got, want)
			}
			if got, want := longestGap(b.widx, inB), refLongestGap(b.words, a.wset); got != want {
				t.Errorf("pair %d,%d: longest gap of the second %d, want %d", i, j, got, want)
			}
			ca, ua, cb, ub := softCovers(a, b)
			wca, wua := refSoftCover(a, b)
			wcb, wub := refSoftCover(b, a)
			if ca != wca || ua != wua || cb != wcb || ub != wub {
				t.Errorf("pair %d,%d: soft covers %v %v %v %v, want %v %v %v %v", i, j, ca, ua, cb, ub, wca, wua, wcb, wub)
			}
			x = append(pairFeatures(a, b, x[:0]), lexScore(p.lex, lexFeatures(a, b, nil)))
			if got, want := p.scoreFeat(a, b), p.forest.Probs(x, pr[:])[1]; got != want {
				t.Errorf("pair %d,%d: score %v, forest %v", i, j, got, want)
			}
			for k := range x { // off the training distribution too
				x[k] = x[k]*1.7 - 0.3
			}
			if got, want := p.flat.prob(x), p.forest.Probs(x, pr[:])[1]; got != want {
				t.Errorf("pair %d,%d, scaled features: flat forest %v, forest %v", i, j, got, want)
			}
		}
	}
}

// refLongestGap is longestGap computed from the words: the longest run of
// seq not in the sorted set other.
func refLongestGap(seq, other []uint64) int {
	best, cur := 0, 0
	for _, w := range seq {
		if _, ok := slices.BinarySearch(other, w); ok {
			cur = 0
			continue
		}
		cur++
		best = max(best, cur)
	}
	return best
}

// refWordOrder is wordOrder computed from the word sequences directly.
func refWordOrder(a, b []uint64) float64 {
	once := func(s []uint64) map[uint64]int {
		m := make(map[uint64]int, len(s))
		for i, w := range s {
			if _, ok := m[w]; ok {
				m[w] = -1
			} else {
				m[w] = i
			}
		}
		return m
	}
	pa, pb := once(a), once(b)
	var pos []int
	for _, w := range a {
		if j, ok := pb[w]; ok && pa[w] >= 0 && j >= 0 {
			pos = append(pos, j)
		}
	}
	if len(pos) < 2 {
		return 0.5
	}
	conc, all := 0, 0
	for i := range pos {
		for j := i + 1; j < len(pos); j++ {
			all++
			if pos[i] < pos[j] {
				conc++
			}
		}
	}
	return float64(conc) / float64(all)
}

// refSoftCover is one direction of softCovers, every cosine computed.
func refSoftCover(a, b *sentFeat) (cover, unmatched float64) {
	if len(a.stems) == 0 {
		return 0, 0
	}
	var num float64
	un := 0
	for i, h := range a.stems {
		best := 0.0
		if _, ok := slices.BinarySearch(b.stems, h); ok {
			best = 1
		} else if va := a.vecs[i]; va != nil {
			for _, vb := range b.vecs {
				if vb != nil {
					best = max(best, cos8(va, vb))
				}
			}
		}
		num += a.stemIDF[i] * best
		if best < softTau {
			un++
		}
	}
	if a.idfSum > 0 {
		cover = num / a.idfSum
	}
	return cover, float64(un) / float64(len(a.stems))
}
