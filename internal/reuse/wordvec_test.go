package reuse

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/crosscheck-news/crosscheck/internal/learn"
)

// vectorCorpus makes texts where "rose" and "climbed" share their contexts
// (prices, shares), as do "judge" and "court", and the two groups never
// meet.
func vectorCorpus() []string {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(ws ...string) string { return ws[r.IntN(len(ws))] }
	var out []string
	for i := 0; i < 400; i++ {
		var b strings.Builder
		for j := 0; j < 10; j++ {
			fmt.Fprintf(&b, "%s %s %s %s sharply. ", pick("prices", "shares", "stocks", "profits"),
				pick("rose", "climbed"), pick("percent", "points"), pick("monday", "tuesday", "friday"))
			fmt.Fprintf(&b, "The %s %s the %s appeal. ", pick("judge", "court"), pick("rejected", "dismissed"),
				pick("defendant", "lawyer", "prosecutor"))
			// Filler words, so that the vocabulary exceeds the dimensions.
			fmt.Fprintf(&b, "w%dx w%dy w%dz. ", r.IntN(60), r.IntN(60), r.IntN(60))
		}
		out = append(out, b.String())
	}
	return out
}

func TestBuildWordVectors(t *testing.T) {
	o := WordVectorOptions{Vocab: 500, MinCount: 3, Window: 3, Dim: 8}
	wv, err := BuildWordVectors(vectorCorpus(), o)
	if err != nil {
		t.Fatal(err)
	}
	sim := func(a, b string) float64 {
		va, vb := wv.row(stemHash(a)), wv.row(stemHash(b))
		if va == nil || vb == nil {
			t.Fatalf("no vector for %q or %q", a, b)
		}
		return cos8(va, vb)
	}
	if s, d := sim("rose", "climbed"), sim("rose", "judge"); s < 0.8 || s < d+0.3 {
		t.Errorf("cos(rose, climbed) %.2f, cos(rose, judge) %.2f: want the first high and well above", s, d)
	}
	if s, d := sim("judge", "court"), sim("court", "prices"); s < 0.8 || s < d+0.3 {
		t.Errorf("cos(judge, court) %.2f, cos(court, prices) %.2f", s, d)
	}
	if wv.row(stemHash("the")) != nil {
		t.Error("a stop word has a vector")
	}
	again, _ := BuildWordVectors(vectorCorpus(), o)
	var e1, e2 learn.Encoder
	wv.encode(&e1)
	again.encode(&e2)
	if string(e1.Buf) != string(e2.Buf) {
		t.Fatal("two builds on the same texts differ")
	}
	back, err := decodeWordVectors(learn.NewDecoder(e1.Buf))
	if err != nil {
		t.Fatal(err)
	}
	if back.dim != wv.dim || len(back.keys) != len(wv.keys) || string(e1.Buf) != func() string {
		var e learn.Encoder
		back.encode(&e)
		return string(e.Buf)
	}() {
		t.Fatal("vectors do not round-trip")
	}
	if _, err := BuildWordVectors([]string{"too few words here"}, o); err == nil {
		t.Error("a tiny corpus gave vectors")
	}
}

// TestTruncatedSVD checks the randomized SVD of a sparse matrix against
// gonum's dense SVD: the singular values, and the left singular vectors up
// to sign.
func TestTruncatedSVD(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const rows, cols, k = 70, 50, 6
	a := &sparse{rows: rows, cols: cols, start: []int{0}}
	dense := mat.NewDense(rows, cols, nil)
	for i := range rows {
		for j := range cols {
			if r.IntN(4) == 0 { // a quarter of the entries are non-zero
				v := r.Float64() * float64(1+j%5)
				a.col = append(a.col, int32(j))
				a.val = append(a.val, v)
				dense.Set(i, j, v)
			}
		}
		a.start = append(a.start, len(a.col))
	}
	u, s := a.truncatedSVD(k)
	var svd mat.SVD
	if !svd.Factorize(dense, mat.SVDThin) {
		t.Fatal("dense SVD failed")
	}
	want := svd.Values(nil)
	var wu mat.Dense
	svd.UTo(&wu)
	if ur, uc := u.Dims(); ur != rows || uc != k || len(s) != k {
		t.Fatalf("U is %d×%d with %d values, want %d×%d and %d", ur, uc, len(s), rows, k, k)
	}
	for d := range k {
		if math.Abs(s[d]-want[d]) > 1e-3*want[0] {
			t.Errorf("singular value %d: %.5f, want %.5f", d, s[d], want[d])
		}
		if dot := mat.Dot(u.ColView(d), wu.ColView(d)); math.Abs(math.Abs(dot)-1) > 0.02 {
			t.Errorf("left singular vector %d: |cos| with gonum's %.4f, want 1", d, math.Abs(dot))
		}
	}
}

func TestDecodeWordVectorsErrors(t *testing.T) {
	wv, err := BuildWordVectors(vectorCorpus(), WordVectorOptions{Vocab: 500, MinCount: 3, Window: 3, Dim: 8})
	if err != nil {
		t.Fatal(err)
	}
	var e learn.Encoder
	wv.encode(&e)
	good := e.Buf
	var none learn.Encoder
	(*WordVectors)(nil).encode(&none)
	if v, err := decodeWordVectors(learn.NewDecoder(none.Buf)); v != nil || err != nil {
		t.Fatalf("no vectors: %v, %v", v, err)
	}
	// good: dim (1 byte), rows (varint), keys (8 bytes each), values.
	swapped := []byte(string(good))
	k0 := 1 + len(encodeUint(uint64(len(wv.keys))))
	for i := 0; i < 8; i++ {
		swapped[k0+i], swapped[k0+8+i] = swapped[k0+8+i], swapped[k0+i]
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"keys out of order", swapped, "out of order"},
		{"values cut", good[:len(good)-5], "truncated"},
		{"huge dimension", encodeUint(5000), "dimensions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeWordVectors(learn.NewDecoder(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, learn.ErrCorrupt) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func encodeUint(v uint64) []byte {
	var e learn.Encoder
	e.Uint(v)
	return e.Buf
}
