package learn_test

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/learn"
)

// blobs returns n points in 2-D labelled by quadrant-like regions: class 0
// left, class 1 top right, class 2 bottom right; plus a noise column.
func blobs(n int, seed uint64) ([][]float64, []int) {
	r := rand.New(rand.NewPCG(seed, 7))
	X := make([][]float64, n)
	y := make([]int, n)
	for i := range X {
		a, b := r.Float64()*2-1, r.Float64()*2-1
		X[i] = []float64{a, b, r.Float64()}
		switch {
		case a < 0:
			y[i] = 0
		case b > 0:
			y[i] = 1
		default:
			y[i] = 2
		}
	}
	return X, y
}

func accuracy(f *learn.Forest, X [][]float64, y []int) float64 {
	ok := 0
	p := make([]float64, f.Classes)
	for i, x := range X {
		f.Probs(x, p)
		k := 0
		for c := range p {
			if p[c] > p[k] {
				k = c
			}
		}
		if k == y[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(X))
}

func TestTrainGBT(t *testing.T) {
	X, y := blobs(2000, 1)
	tx, ty := blobs(500, 2)
	xor := make([]int, len(y))
	txor := make([]int, len(ty))
	for i, x := range X {
		if (x[0] > 0) != (x[1] > 0) {
			xor[i] = 1
		}
	}
	for i, x := range tx {
		if (x[0] > 0) != (x[1] > 0) {
			txor[i] = 1
		}
	}
	tests := []struct {
		name    string
		y, ty   []int
		classes int
	}{
		{"softmax three regions", y, ty, 3},
		{"logistic xor", xor, txor, 2},
	}
	p := learn.GBTParams{Rounds: 60, Depth: 3, Rate: 0.3, Lambda: 1, MinHess: 1, Bins: 32, RowSample: 0.8, ColSample: 1, Seed: 3}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := learn.TrainGBT(X, tt.y, nil, tt.classes, p)
			if err != nil {
				t.Fatal(err)
			}
			if got := accuracy(f, tx, tt.ty); got < 0.95 {
				t.Errorf("held-out accuracy %.3f, want >= 0.95", got)
			}
			if f.Gain[2] >= f.Gain[0] || f.Gain[2] >= f.Gain[1] {
				t.Errorf("noise column gain %v not below the informative ones", f.Gain)
			}
		})
	}
}

func TestTrainGBTDeterministicAndRoundTrip(t *testing.T) {
	X, y := blobs(500, 4)
	p := learn.GBTParams{Rounds: 20, Depth: 3, Rate: 0.2, Lambda: 1, MinHess: 1, Bins: 16, RowSample: 0.7, ColSample: 0.7, Seed: 9}
	enc := func() []byte {
		f, err := learn.TrainGBT(X, y, nil, 3, p)
		if err != nil {
			t.Fatal(err)
		}
		var e learn.Encoder
		f.Encode(&e)
		return e.Buf
	}
	a, b := enc(), enc()
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings with the same seed differ")
	}
	f, err := learn.DecodeForest(learn.NewDecoder(a))
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := learn.TrainGBT(X, y, nil, 3, p)
	for _, x := range X[:50] {
		got, want := f.Probs(x, nil), orig.Probs(x, nil)
		for c := range got {
			if math.Abs(got[c]-want[c]) > 1e-6 {
				t.Fatalf("decoded forest gives %v, trained one %v", got, want)
			}
		}
	}
}

func TestTrainGBTErrors(t *testing.T) {
	tests := []struct {
		name    string
		X       [][]float64
		y       []int
		classes int
		want    string
	}{
		{"no rows", nil, nil, 2, "no rows"},
		{"one class", [][]float64{{1}}, []int{0}, 1, "at least 2 classes"},
		{"label out of range", [][]float64{{1}, {2}}, []int{0, 5}, 2, "label 5"},
		{"ragged", [][]float64{{1}, {2, 3}}, []int{0, 1}, 2, "features"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := learn.TrainGBT(tt.X, tt.y, nil, tt.classes, learn.DefaultGBT)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestTrainLinear(t *testing.T) {
	// Positive rows carry word "good", negative ones "bad"; both carry
	// random filler words.
	r := rand.New(rand.NewPCG(1, 2))
	var xs []learn.Sparse
	var y []bool
	for i := range 400 {
		pos := i%2 == 0
		w := "bad"
		if pos {
			w = "good"
		}
		x := learn.Sparse{{Index: learn.Hash(w, 12), Value: 1}, {Index: learn.Hash(string(rune('a'+r.IntN(20))), 12), Value: 1}}
		xs = append(xs, learn.Dedup(x))
		y = append(y, pos)
	}
	l, err := learn.TrainLinear(xs, y, 12, learn.DefaultLinear)
	if err != nil {
		t.Fatal(err)
	}
	good := l.Prob(learn.Sparse{{Index: learn.Hash("good", 12), Value: 1}})
	bad := l.Prob(learn.Sparse{{Index: learn.Hash("bad", 12), Value: 1}})
	if good < 0.9 || bad > 0.1 {
		t.Fatalf("P(good)=%.3f P(bad)=%.3f, want > 0.9 and < 0.1", good, bad)
	}
	var e learn.Encoder
	l.Encode(&e)
	l2, err := learn.DecodeLinear(learn.NewDecoder(e.Buf))
	if err != nil {
		t.Fatal(err)
	}
	if got := l2.Prob(learn.Sparse{{Index: learn.Hash("good", 12), Value: 1}}); math.Abs(got-good) > 1e-6 {
		t.Fatalf("decoded model gives %v, want %v", got, good)
	}
}

func TestReadFile(t *testing.T) {
	var good bytes.Buffer
	if err := learn.WriteFile(&good, "XCTESTMD", 3, []byte("payload bytes")); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good.Bytes())
	flipped[12] ^= 0x40
	tests := []struct {
		name string
		data []byte
		want string // "" means no error
	}{
		{"good", good.Bytes(), ""},
		{"empty", nil, "wrong magic"},
		{"other kind", append([]byte("XCOTHERM"), good.Bytes()[8:]...), "wrong magic"},
		{"truncated", good.Bytes()[:good.Len()-3], "truncated"},
		{"padded", append(bytes.Clone(good.Bytes()), 0), "padded"},
		{"flipped bit", flipped, "checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := learn.ReadFile(bytes.NewReader(tt.data), "XCTESTMD", 3)
			if tt.want == "" {
				if err != nil || string(p) != "payload bytes" {
					t.Fatalf("ReadFile = %q, %v", p, err)
				}
				return
			}
			if err == nil || !errors.Is(err, learn.ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrCorrupt mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := learn.ReadFile(bytes.NewReader(good.Bytes()), "XCTESTMD", 4); err == nil || !strings.Contains(err.Error(), "version 3") {
		t.Fatalf("wrong version: err = %v", err)
	}
}

func TestDecoderRejectsGarbage(t *testing.T) {
	// Random payloads must fail cleanly, never panic or allocate wildly.
	r := rand.New(rand.NewPCG(5, 5))
	for range 2000 {
		b := make([]byte, r.IntN(64))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if f, err := learn.DecodeForest(learn.NewDecoder(b)); err == nil {
			// A tiny valid forest is possible; it must then evaluate.
			f.Probs(make([]float64, f.Features), nil)
		}
		learn.DecodeLinear(learn.NewDecoder(b))
	}
}

// TestSparseRefusesBadIndices: a sparse vector whose steps run past its
// length, or wrap around, is refused as corrupt.
func TestSparseRefusesBadIndices(t *testing.T) {
	var good learn.Encoder
	good.Sparse([]float32{0, 1, 0, 0, 2, 0})
	w, err := learn.NewDecoder(good.Buf).Sparse(6)
	if err != nil || w[1] != 1 || w[4] != 2 {
		t.Fatalf("round trip: %v, %v", w, err)
	}
	for _, steps := range [][]uint64{{7}, {3, ^uint64(0) - 1}, {0}} {
		var e learn.Encoder
		e.Uint(uint64(len(steps)))
		for _, s := range steps {
			e.Uint(s)
			e.Float32(1)
		}
		if _, err := learn.NewDecoder(e.Buf).Sparse(6); !errors.Is(err, learn.ErrCorrupt) {
			t.Errorf("steps %v: %v, want ErrCorrupt", steps, err)
		}
	}
}

// TestShipped: the embedded model is loaded on the first call only, every
// call gets the same model or error, and a build without the file gets
// the missing error without calling load.
func TestShipped(t *testing.T) {
	calls := 0
	load := func(r io.Reader) (string, error) {
		calls++
		b, err := io.ReadAll(r)
		return string(b), err
	}
	get := learn.Shipped([]byte("model"), load, errors.New("missing"))
	for range 3 {
		if m, err := get(); m != "model" || err != nil {
			t.Fatalf("Shipped() = %q, %v", m, err)
		}
	}
	if calls != 1 {
		t.Fatalf("load called %d times, want once", calls)
	}
	missing := errors.New("no model in this build")
	none := learn.Shipped(nil, load, missing)
	if _, err := none(); err != missing || calls != 1 {
		t.Fatalf("Shipped(nil) = %v after %d loads, want the missing error and no load", err, calls)
	}
	bad := learn.Shipped([]byte("x"), func(io.Reader) (string, error) { calls++; return "", errors.New("damaged") }, missing)
	for range 2 {
		if _, err := bad(); err == nil || err.Error() != "damaged" {
			t.Fatalf("a damaged model: %v", err)
		}
	}
	if calls != 2 {
		t.Fatalf("a damaged model was loaded %d times, want once", calls-1)
	}
}
