package reuse

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// WordVectors are distributional vectors of content-word stems, learned
// from unlabeled news text: positive pointwise mutual information of
// co-occurrence within a window, reduced by a truncated SVD. Two stems
// with similar contexts ("court", "judge") get a high cosine. Vectors
// are unit length, stored as int8. A WordVectors is immutable.
type WordVectors struct {
	dim  int
	keys map[uint64]int32 // stem hash → row
	vec  []int8           // rows × dim, unit vectors × 127
}

// WordVectorOptions are the knobs of BuildWordVectors.
type WordVectorOptions struct {
	Vocab    int // most frequent stems kept
	MinCount int // stems seen fewer times are dropped
	Window   int // context words on each side
	Dim      int // vector dimensions
}

// DefaultWordVectors is the setting of the shipped judge.
var DefaultWordVectors = WordVectorOptions{Vocab: 20000, MinCount: 5, Window: 4, Dim: 64}

// BuildWordVectors learns stem vectors from texts. It is deterministic.
func BuildWordVectors(texts []string, o WordVectorOptions) (*WordVectors, error) {
	if o.Vocab < 2 || o.Dim < 1 || o.Window < 1 {
		return nil, fmt.Errorf("word vectors: bad options %+v", o)
	}
	// Content-stem sequences and counts.
	seqs := make([][]uint64, 0, len(texts))
	count := map[uint64]int{}
	for _, s := range texts {
		var seq []uint64
		for _, t := range text.Tokenize(s) {
			if t.Number || text.IsStopWord(t.Lower) {
				continue
			}
			h := stemHash(t.Lower)
			seq = append(seq, h)
			count[h]++
		}
		seqs = append(seqs, seq)
	}
	type kc struct {
		k uint64
		n int
	}
	var all []kc
	for k, n := range count {
		if n >= o.MinCount {
			all = append(all, kc{k, n})
		}
	}
	slices.SortFunc(all, func(a, b kc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmp.Compare(a.k, b.k)
	})
	if len(all) > o.Vocab {
		all = all[:o.Vocab]
	}
	V := len(all)
	if V < 2*o.Dim {
		return nil, fmt.Errorf("word vectors: %d stems seen %d times or more, need at least %d", V, o.MinCount, 2*o.Dim)
	}
	// Rows in hash order, so that the model file lists keys ascending.
	slices.SortFunc(all, func(a, b kc) int { return cmp.Compare(a.k, b.k) })
	wv := &WordVectors{dim: o.Dim, keys: make(map[uint64]int32, V)}
	for i, x := range all {
		wv.keys[x.k] = int32(i)
	}
	// Co-occurrence counts within the window, weighted by 1/distance.
	co := make([]map[int32]float64, V)
	for i := range co {
		co[i] = map[int32]float64{}
	}
	ids := make([]int32, 0, 1024)
	for _, seq := range seqs {
		ids = ids[:0]
		for _, h := range seq {
			if r, ok := wv.keys[h]; ok {
				ids = append(ids, r)
			} else {
				ids = append(ids, -1)
			}
		}
		for i, a := range ids {
			if a < 0 {
				continue
			}
			for d := 1; d <= o.Window && i+d < len(ids); d++ {
				b := ids[i+d]
				if b < 0 || b == a {
					continue
				}
				w := 1 / float64(d)
				co[a][b] += w
				co[b][a] += w
			}
		}
	}
	// PPMI with context-distribution smoothing (exponent 0.75). Every sum
	// runs over a row's columns in order: float addition depends on it,
	// and map order differs between runs.
	rows := make([][]int32, V)
	for i, m := range co {
		rows[i] = make([]int32, 0, len(m))
		for j := range m {
			rows[i] = append(rows[i], j)
		}
		slices.Sort(rows[i])
	}
	rowSum := make([]float64, V)
	colPow := make([]float64, V)
	var total, powTotal float64
	for i, m := range co {
		for _, j := range rows[i] {
			rowSum[i] += m[j]
		}
		total += rowSum[i]
	}
	for i := range colPow {
		colPow[i] = math.Pow(rowSum[i], 0.75)
		powTotal += colPow[i]
	}
	A := &sparse{rows: V, cols: V, start: make([]int, V+1)}
	for i, m := range co {
		for _, j := range rows[i] {
			pmi := math.Log(m[j] * powTotal / (rowSum[i] * colPow[j]))
			if pmi > 0 {
				A.col = append(A.col, j)
				A.val = append(A.val, pmi)
			}
		}
		A.start[i+1] = len(A.col)
	}
	// Rows of U·S^½, as unit vectors.
	u, sv := A.truncatedSVD(o.Dim)
	wv.vec = make([]int8, V*o.Dim)
	row := make([]float64, o.Dim)
	for i := 0; i < V; i++ {
		var n float64
		for d := range row {
			row[d] = u.At(i, d) * math.Sqrt(sv[d])
			n += row[d] * row[d]
		}
		if n = math.Sqrt(n); n == 0 {
			continue
		}
		for d, x := range row {
			wv.vec[i*o.Dim+d] = int8(math.Round(x / n * 127))
		}
	}
	return wv, nil
}

// sparse is a matrix in compressed rows.
type sparse struct {
	rows, cols int
	start      []int // row i's entries are col[start[i]:start[i+1]]
	col        []int32
	val        []float64
}

// mul returns A·m, or Aᵀ·m when transpose (gonum has no sparse matrices).
func (a *sparse) mul(m *mat.Dense, transpose bool) *mat.Dense {
	_, l := m.Dims()
	n := a.rows
	if transpose {
		n = a.cols
	}
	out := mat.NewDense(n, l, nil)
	src, dst := m.RawMatrix(), out.RawMatrix()
	for i := 0; i < a.rows; i++ {
		for k := a.start[i]; k < a.start[i+1]; k++ {
			j := int(a.col[k])
			from, to := j, i
			if transpose {
				from, to = i, j
			}
			floats.AddScaled(dst.Data[to*dst.Stride:to*dst.Stride+l], a.val[k], src.Data[from*src.Stride:from*src.Stride+l])
		}
	}
	return out
}

// truncatedSVD returns the first k left singular vectors of a (rows×k) and
// their singular values, by a seeded randomized range finder with 16 extra
// columns and two power iterations (Halko, Martinsson and Tropp 2011).
// gonum does the dense algebra: matrix products, the Cholesky factors that
// orthonormalize, and the eigendecomposition of the small l×l matrix at the
// end.
func (a *sparse) truncatedSVD(k int) (u *mat.Dense, s []float64) {
	l := min(k+16, a.rows, a.cols)
	k = min(k, l)
	r := rand.New(rand.NewPCG(5, 9))
	om := mat.NewDense(a.cols, l, nil)
	raw := om.RawMatrix().Data
	for i := range raw {
		raw[i] = r.NormFloat64()
	}
	q := orthonormalize(a.mul(om, false))
	for range 2 {
		q = orthonormalize(a.mul(orthonormalize(a.mul(q, true)), false))
	}
	// With B = Qᵀ·A and B·Bᵀ = Ub·Σ²·Ubᵀ: A ≈ Q·B = (Q·Ub)·Σ·Vᵀ.
	bt := a.mul(q, true)
	g := mat.NewSymDense(l, nil)
	g.SymOuterK(1, bt.T())
	var eig mat.EigenSym
	if !eig.Factorize(g, true) {
		panic("reuse: eigendecomposition did not converge")
	}
	vals := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	ub := mat.NewDense(l, k, nil)
	s = make([]float64, k)
	for d := range k {
		e := l - 1 - d
		s[d] = math.Sqrt(math.Max(vals[e], 0))
		ub.SetCol(d, mat.Col(nil, e, &vecs))
	}
	u = mat.NewDense(a.rows, k, nil)
	u.Mul(q, ub)
	return u, s
}

// orthonormalize returns an orthonormal basis of the column space of y
// (n×l, n ≥ l), by Cholesky QR done twice: Q = Y·R⁻¹ where YᵀY = RᵀR.
func orthonormalize(y *mat.Dense) *mat.Dense {
	_, l := y.Dims()
	g := mat.NewSymDense(l, nil)
	var chol mat.Cholesky
	var rt, rinv mat.TriDense
	for range 2 {
		g.SymOuterK(1, y.T())
		// A tiny ridge keeps the factorization defined for nearly dependent
		// columns.
		ridge := 1e-12 * mat.Trace(g) / float64(l)
		for i := range l {
			g.SetSym(i, i, g.At(i, i)+ridge)
		}
		if !chol.Factorize(g) {
			panic("reuse: Cholesky factorization failed")
		}
		chol.UTo(&rt)
		if err := rinv.InverseTri(&rt); err != nil {
			panic(fmt.Sprintf("reuse: %v", err))
		}
		var q mat.Dense
		q.Mul(y, &rinv)
		y = &q
	}
	return y
}

// row returns the vector of a stem hash, or nil.
func (wv *WordVectors) row(h uint64) []int8 {
	if wv == nil {
		return nil
	}
	r, ok := wv.keys[h]
	if !ok {
		return nil
	}
	return wv.vec[int(r)*wv.dim : int(r+1)*wv.dim]
}

// cos8 returns the cosine of two stored vectors (of equal length).
func cos8(a, b []int8) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 int32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += int32(a[i]) * int32(b[i])
		s1 += int32(a[i+1]) * int32(b[i+1])
		s2 += int32(a[i+2]) * int32(b[i+2])
		s3 += int32(a[i+3]) * int32(b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += int32(a[i]) * int32(b[i])
	}
	return float64(s0+s1+s2+s3) / (127 * 127)
}

// encode appends the vectors to e: dimensions (0 for none), row count, the
// keys in ascending order, then the int8 values.
func (wv *WordVectors) encode(e *learn.Encoder) {
	if wv == nil {
		e.Uint(0)
		return
	}
	e.Uint(uint64(wv.dim))
	keys := make([]uint64, len(wv.keys))
	for k, r := range wv.keys {
		keys[r] = k
	}
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		e.Fixed64(k)
	}
	b := make([]byte, len(wv.vec))
	for i, v := range wv.vec {
		b[i] = byte(v)
	}
	e.String(string(b))
}

// decodeWordVectors reads what encode wrote (nil for a judge without
// vectors).
func decodeWordVectors(d *learn.Decoder) (*WordVectors, error) {
	dim := d.Uint()
	if d.Err() != nil || dim == 0 {
		return nil, d.Err()
	}
	if dim > 1024 {
		return nil, fmt.Errorf("%w: word vectors of %d dimensions", learn.ErrCorrupt, dim)
	}
	n := d.Count(8)
	wv := &WordVectors{dim: int(dim), keys: make(map[uint64]int32, n)}
	last := uint64(0)
	for i := 0; i < n && d.Err() == nil; i++ {
		k := d.Fixed64()
		if i > 0 && k <= last {
			return nil, fmt.Errorf("%w: word vector keys out of order", learn.ErrCorrupt)
		}
		last = k
		wv.keys[k] = int32(i)
	}
	b := d.String()
	if d.Err() != nil {
		return nil, d.Err()
	}
	if len(b) != n*int(dim) {
		return nil, fmt.Errorf("%w: %d word vector values for %d rows of %d", learn.ErrCorrupt, len(b), n, dim)
	}
	wv.vec = make([]int8, len(b))
	for i := 0; i < len(b); i++ { // bytes, not runes
		wv.vec[i] = int8(b[i])
	}
	return wv, nil
}

// softTau is the cosine at which a content stem counts as matched by a
// stem of the other sentence.
const softTau = 0.5

// vecFeatures returns the word-vector features of a pair: the idf-weighted
// share of each side's content stems matched in the other, a stem counting
// by its best cosine with the other side's stems (1 when it occurs there);
// the share of stems left unmatched (best cosine below softTau); the cosine
// of the idf-weighted sums of the two sides' vectors.
func vecFeatures(a, b *sentFeat, out []float64) []float64 {
	ca, ua, cb, ub := softCovers(a, b)
	out = append(out, min(ca, cb), max(ca, cb), min(ua, ub), max(ua, ub))
	return append(out, cosF(a.sum, b.sum))
}

// softCovers returns the soft-matched idf share of a's stems in b and the
// share of a's stems left unmatched, then the same for b in a. Each cosine
// between a stem of a and a stem of b is computed once, for both
// directions.
func softCovers(a, b *sentFeat) (ca, ua, cb, ub float64) {
	var bufA, bufB [64]float64
	var exA, exB [64]bool
	bestA, bestB := scratch(bufA[:], len(a.stems)), scratch(bufB[:], len(b.stems))
	exactA, exactB := scratch(exA[:], len(a.stems)), scratch(exB[:], len(b.stems))
	eachCommon(a.stems, b.stems, func(i, j int) {
		exactA[i], exactB[j] = true, true
		bestA[i], bestB[j] = 1, 1
	})
	for i, va := range a.vecs {
		if va == nil {
			continue
		}
		for j, vb := range b.vecs {
			if vb == nil || (exactA[i] && exactB[j]) {
				continue
			}
			c := cos8(va, vb)
			if !exactA[i] {
				bestA[i] = max(bestA[i], c)
			}
			if !exactB[j] {
				bestB[j] = max(bestB[j], c)
			}
		}
	}
	ca, ua = coverShares(a, bestA)
	cb, ub = coverShares(b, bestB)
	return ca, ua, cb, ub
}

// coverShares returns the idf-weighted mean of best over f's stems and the
// share of stems whose best is below softTau (0, 0 without stems).
func coverShares(f *sentFeat, best []float64) (cover, unmatched float64) {
	if len(f.stems) == 0 {
		return 0, 0
	}
	var num float64
	un := 0
	for i, x := range best {
		num += f.stemIDF[i] * x
		if x < softTau {
			un++
		}
	}
	if f.idfSum > 0 {
		cover = num / f.idfSum
	}
	return cover, float64(un) / float64(len(f.stems))
}

// scratch returns buf[:n] zeroed, or a new slice when n exceeds it.
func scratch[T any](buf []T, n int) []T {
	if n > len(buf) {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

func cosF(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	if aa == 0 || bb == 0 || len(a) != len(b) {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}
