package reuse

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

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
	A := &sparse{n: V, start: make([]int, V+1)}
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
	u := A.leftSingular(o.Dim)
	wv.vec = make([]int8, V*o.Dim)
	for i := 0; i < V; i++ {
		row := u[i*o.Dim : (i+1)*o.Dim]
		var n float64
		for _, x := range row {
			n += x * x
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

// sparse is a square matrix in compressed rows.
type sparse struct {
	n     int
	start []int
	col   []int32
	val   []float64
}

// mul returns A m (transpose: Aᵀ m) for an n×l row-major m.
func (a *sparse) mul(m []float64, l int, transpose bool) []float64 {
	out := make([]float64, a.n*l)
	for i := 0; i < a.n; i++ {
		for k := a.start[i]; k < a.start[i+1]; k++ {
			j, v := int(a.col[k]), a.val[k]
			src, dst := m[j*l:(j+1)*l], out[i*l:(i+1)*l]
			if transpose {
				src, dst = m[i*l:(i+1)*l], out[j*l:(j+1)*l]
			}
			for c := range dst {
				dst[c] += v * src[c]
			}
		}
	}
	return out
}

// leftSingular returns the first dim left singular vectors of a, each
// scaled by the square root of its singular value (n×dim, row-major), by a
// seeded randomized range finder with two power iterations.
func (a *sparse) leftSingular(dim int) []float64 {
	n, l := a.n, dim+16
	r := rand.New(rand.NewPCG(5, 9))
	om := make([]float64, n*l)
	for i := range om {
		om[i] = r.NormFloat64()
	}
	y := a.mul(om, l, false)
	for range 2 {
		orthonormalize(y, n, l)
		z := a.mul(y, l, true)
		orthonormalize(z, n, l)
		y = a.mul(z, l, false)
	}
	orthonormalize(y, n, l)
	bt := a.mul(y, l, true) // Bᵀ = Aᵀ Q, n×l
	g := make([]float64, l*l)
	for k := 0; k < n; k++ {
		row := bt[k*l : (k+1)*l]
		for i := range l {
			for j := range l {
				g[i*l+j] += row[i] * row[j]
			}
		}
	}
	vals, vecs := jacobiEigen(g, l)
	ord := make([]int, l)
	for i := range ord {
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(p, q int) int {
		switch {
		case vals[p] > vals[q]:
			return -1
		case vals[p] < vals[q]:
			return 1
		}
		return 0
	})
	// U = Q Ub; row i scaled by S^½ = λ^¼.
	u := make([]float64, n*dim)
	for i := 0; i < n; i++ {
		q := y[i*l : (i+1)*l]
		for d := 0; d < dim; d++ {
			e := ord[d]
			v := 0.0
			for k := range l {
				v += q[k] * vecs[k*l+e]
			}
			u[i*dim+d] = v * math.Pow(math.Max(vals[e], 0), 0.25)
		}
	}
	return u
}

// orthonormalize makes the l columns of the n×l row-major matrix a
// orthonormal, by Cholesky QR done twice.
func orthonormalize(a []float64, n, l int) {
	g := make([]float64, l*l)
	for range 2 {
		clear(g)
		for i := range n {
			row := a[i*l : (i+1)*l]
			for p, x := range row {
				if x == 0 {
					continue
				}
				gp := g[p*l : (p+1)*l]
				for q := p; q < l; q++ {
					gp[q] += x * row[q]
				}
			}
		}
		// Cholesky G = RᵀR, R upper triangular, in place in g.
		for j := range l {
			d := g[j*l+j]
			for k := 0; k < j; k++ {
				d -= g[k*l+j] * g[k*l+j]
			}
			d = math.Sqrt(math.Max(d, 1e-12))
			g[j*l+j] = d
			for c := j + 1; c < l; c++ {
				v := g[j*l+c]
				for k := 0; k < j; k++ {
					v -= g[k*l+j] * g[k*l+c]
				}
				g[j*l+c] = v / d
			}
		}
		// A ← A R⁻¹, row by row.
		for i := range n {
			row := a[i*l : (i+1)*l]
			for c := range l {
				v := row[c]
				for k := 0; k < c; k++ {
					v -= row[k] * g[k*l+c]
				}
				row[c] = v / g[c*l+c]
			}
		}
	}
}

// jacobiEigen returns the eigenvalues and eigenvectors (columns of the
// row-major l×l result) of the symmetric matrix g, by cyclic Jacobi sweeps.
func jacobiEigen(g []float64, l int) ([]float64, []float64) {
	a := slices.Clone(g)
	v := make([]float64, l*l)
	for i := range l {
		v[i*l+i] = 1
	}
	for range 50 {
		off, diag := 0.0, 0.0
		for i := range l {
			diag += a[i*l+i] * a[i*l+i]
			for j := i + 1; j < l; j++ {
				off += a[i*l+j] * a[i*l+j]
			}
		}
		if off <= 1e-24*diag {
			break
		}
		for p := 0; p < l; p++ {
			for q := p + 1; q < l; q++ {
				apq := a[p*l+q]
				if math.Abs(apq) < 1e-300 {
					continue
				}
				theta := (a[q*l+q] - a[p*l+p]) / (2 * apq)
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range l {
					akp, akq := a[k*l+p], a[k*l+q]
					a[k*l+p] = c*akp - s*akq
					a[k*l+q] = s*akp + c*akq
				}
				for k := range l {
					apk, aqk := a[p*l+k], a[q*l+k]
					a[p*l+k] = c*apk - s*aqk
					a[q*l+k] = s*apk + c*aqk
				}
				for k := range l {
					vkp, vkq := v[k*l+p], v[k*l+q]
					v[k*l+p] = c*vkp - s*vkq
					v[k*l+q] = s*vkp + c*vkq
				}
			}
		}
	}
	vals := make([]float64, l)
	for i := range l {
		vals[i] = a[i*l+i]
	}
	return vals, v
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

// cos8 returns the cosine of two stored vectors.
func cos8(a, b []int8) float64 {
	var s int32
	for i := range a {
		s += int32(a[i]) * int32(b[i])
	}
	return float64(s) / (127 * 127)
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
	ca, ua := softCover(a, b)
	cb, ub := softCover(b, a)
	out = append(out, min(ca, cb), max(ca, cb), min(ua, ub), max(ua, ub))
	return append(out, cosF(a.sum, b.sum))
}

// softCover returns the soft-matched idf share of a's stems in b and the
// share of a's stems left unmatched.
func softCover(a, b *sentFeat) (cover, unmatched float64) {
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
