package reuse

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"

	"github.com/crosscheck-news/crosscheck/internal/text"
)

// sentFeat is what the paraphrase features need of one sentence, computed
// once per sentence so that scoring a pair is a handful of merges of sorted
// hash slices.
type sentFeat struct {
	words   []uint64  // lower-case word hashes, in order
	wset    []uint64  // sorted unique words
	widx    []int32   // the position in wset of each of words
	stems   []uint64  // sorted unique stems of content words (numbers included)
	stemIDF []float64 // idf of each of stems
	idfSum  float64
	bi, tri []uint64  // sorted unique word bigrams and trigrams
	nums    []uint64  // sorted unique numbers
	caps    []uint64  // sorted unique capitalized content words
	chars   []uint64  // sorted unique character 4-grams of the lower-case words
	lex     []uint64  // sorted unique words and bigrams, for the lexical model
	lexW    []float32 // the lexical model's weights of each of lex: found in one sentence, then in both (set by Paraphrase.features)
	neg     bool      // has a negation
	vecs    [][]int8  // word vector of each of stems, nil when it has none
	sum     []float32 // idf-weighted sum of the stems' word vectors
	once    []uint64  // the words that occur once, in order
	onceAt  []wordAt  // the same words with their positions, by hash
}

// wordAt is a word hash and its position in the sentence.
type wordAt struct {
	h   uint64
	pos int32
}

// onceWords returns the words of seq that occur once in it, in order, and
// the same words with their positions sorted by hash.
func onceWords(seq []uint64) ([]uint64, []wordAt) {
	at := make([]wordAt, len(seq))
	for i, h := range seq {
		at[i] = wordAt{h, int32(i)}
	}
	slices.SortFunc(at, func(x, y wordAt) int {
		if x.h != y.h {
			return cmp.Compare(x.h, y.h)
		}
		return cmp.Compare(x.pos, y.pos)
	})
	// Keep the runs of one.
	k := 0
	for i := 0; i < len(at); {
		j := i + 1
		for j < len(at) && at[j].h == at[i].h {
			j++
		}
		if j == i+1 {
			at[k] = at[i]
			k++
		}
		i = j
	}
	at = at[:k]
	var once []uint64
	for _, h := range seq {
		if _, ok := findWord(at, h); ok {
			once = append(once, h)
		}
	}
	return once, at
}

// findWord returns the position of h in at (sorted by hash).
func findWord(at []wordAt, h uint64) (int32, bool) {
	k, ok := slices.BinarySearchFunc(at, h, func(x wordAt, h uint64) int { return cmp.Compare(x.h, h) })
	if !ok {
		return 0, false
	}
	return at[k].pos, true
}

// negations flip a sentence's meaning; a pair where only one side has one is
// rarely a paraphrase.
var negations = map[string]bool{
	"not": true, "no": true, "never": true, "n't": true, "nor": true, "none": true, "nobody": true,
	"nothing": true, "neither": true, "cannot": true, "without": true,
}

// tokenKeys returns the hash of each token's lower-case form.
func tokenKeys(toks []text.Token) []uint64 {
	keys := make([]uint64, len(toks))
	for i, t := range toks {
		keys[i] = xxh3.HashString(t.Lower)
	}
	return keys
}

// featurize computes a sentence's features from its tokens and their
// tokenKeys, which it keeps (nil: it computes them). idf gives the inverse
// document frequency of a stem hash; wv, which may be nil, the word
// vectors.
func featurize(toks []text.Token, keys []uint64, idf func(uint64) float64, wv *WordVectors) *sentFeat {
	if keys == nil {
		keys = tokenKeys(toks)
	}
	f := &sentFeat{words: keys}
	var buf strings.Builder
	for i, t := range toks {
		h := keys[i]
		if i > 0 {
			buf.WriteByte(' ')
		}
		buf.WriteString(t.Lower)
		lw := t.Lower
		if negations[lw] || strings.HasSuffix(lw, "n't") {
			f.neg = true
		}
		if t.Number {
			f.nums = append(f.nums, xxh3.HashString(strings.ReplaceAll(lw, ",", "")))
		}
		if text.IsStopWord(lw) {
			continue
		}
		f.stems = append(f.stems, stemHash(lw))
		if r, _ := utf8.DecodeRuneInString(t.Text); unicode.IsUpper(r) {
			f.caps = append(f.caps, h)
		}
	}
	f.wset = sortUnique(slices.Clone(f.words))
	f.widx = make([]int32, len(f.words))
	for i, h := range f.words {
		k, _ := slices.BinarySearch(f.wset, h)
		f.widx[i] = int32(k)
	}
	f.once, f.onceAt = onceWords(f.words)
	f.stems = sortUnique(f.stems)
	f.nums = sortUnique(f.nums)
	f.caps = sortUnique(f.caps)
	if len(f.words) >= 2 {
		f.bi = make([]uint64, 0, len(f.words)-1)
		for i := 0; i+1 < len(f.words); i++ {
			f.bi = append(f.bi, mix64(f.words[i]*31+f.words[i+1]))
		}
		f.bi = sortUnique(f.bi)
	}
	if len(f.words) >= 3 {
		f.tri = make([]uint64, 0, len(f.words)-2)
		for i := 0; i+2 < len(f.words); i++ {
			f.tri = append(f.tri, mix64((f.words[i]*31+f.words[i+1])*31+f.words[i+2]))
		}
		f.tri = sortUnique(f.tri)
	}
	f.lex = sortUnique(append(append(make([]uint64, 0, len(f.wset)+len(f.bi)), f.wset...), f.bi...))
	s := buf.String()
	if len(s) >= 4 {
		f.chars = make([]uint64, 0, len(s)-3)
		for i := 0; i+4 <= len(s); i++ {
			v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24
			f.chars = append(f.chars, v)
		}
		f.chars = sortUnique(f.chars)
	} else if s != "" {
		f.chars = []uint64{xxh3.HashString(s)}
	}
	f.stemIDF = make([]float64, len(f.stems))
	for i, h := range f.stems {
		w := 1.0
		if idf != nil {
			w = idf(h)
		}
		f.stemIDF[i] = w
		f.idfSum += w
	}
	f.vecs = make([][]int8, len(f.stems))
	if wv != nil {
		f.sum = make([]float32, wv.dim)
		for i, h := range f.stems {
			v := wv.row(h)
			f.vecs[i] = v
			for d, x := range v {
				f.sum[d] += float32(f.stemIDF[i] * float64(x))
			}
		}
	}
	return f
}

// stemHash is the hash of the stem of a lower-case word.
func stemHash(w string) uint64 { return xxh3.HashString(text.Stem(w)) }

func sortUnique(s []uint64) []uint64 {
	slices.Sort(s)
	return slices.Compact(s)
}

// eachCommon calls f with the positions in a and in b of every element the
// two sorted unique slices share, in order.
func eachCommon(a, b []uint64, f func(i, j int)) {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			f(i, j)
			i++
			j++
		}
	}
}

// inter counts the common elements of two sorted unique slices.
func inter(a, b []uint64) int {
	n := 0
	eachCommon(a, b, func(int, int) { n++ })
	return n
}

// interIDF sums the idf of the common stems of two features.
func interIDF(a, b *sentFeat) float64 {
	s := 0.0
	eachCommon(a.stems, b.stems, func(i, _ int) { s += a.stemIDF[i] })
	return s
}

// ratios returns k/|a| and k/|b| ordered as (min, max), 0 for empty sides.
func ratios(k, a, b float64) (lo, hi float64) {
	var x, y float64
	if a > 0 {
		x = k / a
	}
	if b > 0 {
		y = k / b
	}
	return min(x, y), max(x, y)
}

// lcs returns the longest common subsequence and the longest common
// contiguous run of two word sequences.
func lcs(a, b []uint64) (sub, run int) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	if len(b) > len(a) {
		a, b = b, a
	}
	var bp, bc [2 * 128]int32
	prev, cur := bp[:], bc[:]
	if n := 2 * (len(b) + 1); n <= len(bp) {
		prev, cur = prev[:n], cur[:n]
	} else {
		prev, cur = make([]int32, n), make([]int32, n)
	}
	// prev/cur hold (subsequence, run) pairs interleaved.
	for i := 1; i <= len(a); i++ {
		cur[0], cur[1] = 0, 0
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[2*j] = prev[2*(j-1)] + 1
				cur[2*j+1] = prev[2*(j-1)+1] + 1
				if int(cur[2*j+1]) > run {
					run = int(cur[2*j+1])
				}
			} else {
				cur[2*j] = max(prev[2*j], cur[2*(j-1)])
				cur[2*j+1] = 0
			}
		}
		prev, cur = cur, prev
	}
	return int(prev[2*len(b)]), run
}

// featureNames names the features of the tree model, in order: the pair
// features of pairFeatures, then the lexical model's score. A model file
// lists the names it was trained with, and loading refuses a file whose
// list differs.
var featureNames = append(slices.Clone(pairFeatureNames), "lexical")

// pairFeatureNames names the features pairFeatures computes.
var pairFeatureNames = []string{
	"word_min", "word_max",
	"stem_min", "stem_max",
	"idf_min", "idf_max",
	"bigram_min", "bigram_max",
	"trigram_min", "trigram_max",
	"char_jaccard", "char_min", "char_max",
	"lcs_min", "lcs_max", "run_min",
	"num_jaccard", "num_diff", "num_any",
	"cap_jaccard", "cap_diff",
	"len_ratio", "len_diff", "len_min",
	"unmatched_min", "unmatched_max", "unmatched_idf_max",
	"neg_diff",
	"gap_min", "gap_max", "order",
	"soft_min", "soft_max", "soft_unmatched_min", "soft_unmatched_max", "vec_cos",
}

// pairFeatures returns the symmetric features of a sentence pair, in the
// order of pairFeatureNames.
func pairFeatures(a, b *sentFeat, out []float64) []float64 {
	out = out[:0]
	la, lb := float64(len(a.words)), float64(len(b.words))

	// The words of each side the other has, by position in its wset.
	var bufA, bufB [64]bool
	inA, inB := scratch(bufA[:], len(a.wset)), scratch(bufB[:], len(b.wset))
	nk := 0
	eachCommon(a.wset, b.wset, func(i, j int) { inA[i], inB[j] = true, true; nk++ })
	k := float64(nk)
	lo, hi := ratios(k, float64(len(a.wset)), float64(len(b.wset)))
	out = append(out, lo, hi)

	ks := float64(inter(a.stems, b.stems))
	lo, hi = ratios(ks, float64(len(a.stems)), float64(len(b.stems)))
	out = append(out, lo, hi)

	ki := interIDF(a, b)
	lo, hi = ratios(ki, a.idfSum, b.idfSum)
	out = append(out, lo, hi)

	lo, hi = ratios(float64(inter(a.bi, b.bi)), float64(len(a.bi)), float64(len(b.bi)))
	out = append(out, lo, hi)
	lo, hi = ratios(float64(inter(a.tri, b.tri)), float64(len(a.tri)), float64(len(b.tri)))
	out = append(out, lo, hi)

	kc := float64(inter(a.chars, b.chars))
	jc := 0.0
	if u := float64(len(a.chars)+len(b.chars)) - kc; u > 0 {
		jc = kc / u
	}
	lo, hi = ratios(kc, float64(len(a.chars)), float64(len(b.chars)))
	out = append(out, jc, lo, hi)

	sub, run := lcs(a.words, b.words)
	lo, hi = ratios(float64(sub), la, lb)
	rlo, _ := ratios(float64(run), la, lb)
	out = append(out, lo, hi, rlo)

	kn := inter(a.nums, b.nums)
	nu := len(a.nums) + len(b.nums) - kn
	nj := 1.0
	if nu > 0 {
		nj = float64(kn) / float64(nu)
	}
	out = append(out, nj, float64(nu-kn), b2f(nu > 0))

	kk := inter(a.caps, b.caps)
	cu := len(a.caps) + len(b.caps) - kk
	cj := 1.0
	if cu > 0 {
		cj = float64(kk) / float64(cu)
	}
	out = append(out, cj, float64(cu-kk))

	lr := 0.0
	if max(la, lb) > 0 {
		lr = min(la, lb) / max(la, lb)
	}
	out = append(out, lr, math.Abs(la-lb), min(la, lb))

	ua, ub := float64(len(a.stems))-ks, float64(len(b.stems))-ks
	out = append(out, min(ua, ub), max(ua, ub), max(a.idfSum-ki, b.idfSum-ki))

	out = append(out, b2f(a.neg != b.neg))

	ga, gb := longestGap(a.widx, inA), longestGap(b.widx, inB)
	out = append(out, float64(min(ga, gb)), float64(max(ga, gb)), wordOrder(a, b))
	return vecFeatures(a, b, out)
}

// longestGap returns the longest run of words of a sentence that the other
// sentence does not have (widx: the sentence's words by their position in
// its sorted set; shared: which of that set the other has): an added
// clause, which often makes two otherwise close sentences say different
// things.
func longestGap(widx []int32, shared []bool) int {
	best, cur := 0, 0
	for _, k := range widx {
		if shared[k] {
			cur = 0
			continue
		}
		cur++
		best = max(best, cur)
	}
	return best
}

// wordOrder returns the share of concordant pairs (Kendall) among the words
// that occur once in each sentence: 1 when they keep their order, 0 when it
// is reversed, 0.5 when fewer than two such words exist.
func wordOrder(a, b *sentFeat) float64 {
	var buf [64]int32
	pos := buf[:0] // positions in b, in a's order
	for _, w := range a.once {
		if j, ok := findWord(b.onceAt, w); ok {
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

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
