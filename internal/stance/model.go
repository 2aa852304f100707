package stance

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Labels are the four FNC-1 stances, in the order of Prediction.Probs.
var Labels = [4]string{Agree, Disagree, Discuss, Unrelated}

// The stance labels.
const (
	Agree     = "agree"
	Disagree  = "disagree"
	Discuss   = "discuss"
	Unrelated = "unrelated"
)

// LabelIndex returns the position of label in Labels, or -1.
func LabelIndex(label string) int {
	for i, l := range Labels {
		if l == label {
			return i
		}
	}
	return -1
}

// Example is one labelled claim–body pair.
type Example struct {
	Claim string
	Body  string
	Label string
	// BodyID identifies the body, so that splits can keep every pair of a
	// body on one side.
	BodyID string
}

// Prediction is the stance of a body toward a claim.
type Prediction struct {
	Label string `json:"label"`
	// Probs are the probabilities of Labels, in that order.
	Probs [4]float64 `json:"probs"`
	// Evidence are the body sentences that drove the decision, best first,
	// as byte spans into the body. It is empty for unrelated bodies.
	Evidence []news.Span `json:"evidence,omitempty"`
}

// Model predicts stances. It is read-only after Train or Load and safe for
// concurrent use.
type Model struct {
	idf *idfTable
	// Two stages: related (binary, all pairs), then agree/disagree/discuss
	// on related pairs. related is nil for a one-stage model, whose forest
	// covers all four labels.
	related   *learn.Forest
	stance    *learn.Forest
	threshold float64 // P(related) at or above which a pair is related
	// Gain is the per-feature split gain of the trained forests, indexed
	// like FeatureNames; nil for loaded models.
	Gain map[string]float64
}

// FeatureNames returns the names of the features the model reads, in order.
func FeatureNames() []string { return slices.Clone(featureNames) }

// TrainOptions configure Train.
type TrainOptions struct {
	// TwoStage trains a related/unrelated forest and a separate
	// agree/disagree/discuss forest; otherwise one four-way forest.
	TwoStage bool
	// Related and Stance are the forest hyperparameters of the two stages
	// (Stance alone for a one-stage model).
	Related, Stance learn.GBTParams
	// Weights multiplies the loss of each label (missing: 1), to trade
	// accuracy on the frequent labels for recall on the rare ones.
	Weights map[string]float64
	// Drop names features to leave out (set to zero), for ablations.
	Drop []string
	// Threshold is the related probability cut of a two-stage model
	// (0: 0.5).
	Threshold float64
}

// DefaultTrainOptions are the settings the shipped model was trained with.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{
		TwoStage: true,
		Related:  learn.GBTParams{Rounds: 200, Depth: 4, Rate: 0.1, Lambda: 1, MinHess: 1, Bins: 64, RowSample: 0.8, ColSample: 0.8, Seed: 1},
		Stance:   learn.GBTParams{Rounds: 300, Depth: 5, Rate: 0.05, Lambda: 1, MinHess: 1, Bins: 64, RowSample: 0.8, ColSample: 0.8, Seed: 2},
		Weights:  map[string]float64{Disagree: 2},
	}
}

// Train fits a model on labelled pairs. IDF comes from the distinct bodies
// of pairs. Training is deterministic for fixed options.
func Train(pairs []Example, opts TrainOptions) (*Model, error) {
	if len(pairs) == 0 {
		return nil, news.Errorf(news.EINVALID, "train stance: no examples")
	}
	y := make([]int, len(pairs))
	for i, p := range pairs {
		y[i] = LabelIndex(p.Label)
		if y[i] < 0 {
			return nil, news.Errorf(news.EINVALID, "train stance: example %d has label %q, want one of %v", i, p.Label, Labels)
		}
	}
	m := &Model{idf: buildIDF(distinctBodies(pairs))}
	return m.fit(m.matrix(pairs), y, opts)
}

// fit trains the forests of m on feature rows X with label indices y.
func (m *Model) fit(X [][]float64, y []int, opts TrainOptions) (*Model, error) {
	m.threshold = opts.Threshold
	if m.threshold == 0 {
		m.threshold = 0.5
	}
	drop := map[int]bool{}
	for _, name := range opts.Drop {
		i := slices.Index(featureNames, name)
		if i < 0 {
			return nil, news.Errorf(news.EINVALID, "train stance: no feature %q to drop", name)
		}
		drop[i] = true
	}
	if len(drop) > 0 {
		X = slices.Clone(X)
		for r, row := range X {
			row = slices.Clone(row)
			for i := range drop {
				row[i] = 0
			}
			X[r] = row
		}
	}
	w := make([]float64, len(X))
	for i := range w {
		w[i] = 1
		if v, ok := opts.Weights[Labels[y[i]]]; ok {
			w[i] = v
		}
	}
	m.Gain = map[string]float64{}
	addGain := func(f *learn.Forest) {
		for i, g := range f.Gain {
			m.Gain[featureNames[i]] += g
		}
	}
	var err error
	if !opts.TwoStage {
		if m.stance, err = learn.TrainGBT(X, y, w, 4, opts.Stance); err != nil {
			return nil, fmt.Errorf("train stance: %w", err)
		}
		addGain(m.stance)
		return m, nil
	}
	rel := make([]int, len(y))
	var RX [][]float64
	var ry []int
	var rw []float64
	for i, c := range y {
		if c != 3 {
			rel[i] = 1
			RX = append(RX, X[i])
			ry = append(ry, c)
			rw = append(rw, w[i])
		}
	}
	if m.related, err = learn.TrainGBT(X, rel, nil, 2, opts.Related); err != nil {
		return nil, fmt.Errorf("train stance related stage: %w", err)
	}
	addGain(m.related)
	if len(RX) == 0 {
		return nil, news.Errorf(news.EINVALID, "train stance: no related examples")
	}
	if m.stance, err = learn.TrainGBT(RX, ry, rw, 3, opts.Stance); err != nil {
		return nil, fmt.Errorf("train stance stage: %w", err)
	}
	addGain(m.stance)
	return m, nil
}

func distinctBodies(pairs []Example) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pairs {
		if !seen[p.Body] {
			seen[p.Body] = true
			out = append(out, p.Body)
		}
	}
	return out
}

// prepareBodies prepares each distinct body of pairs once, on all cores.
func (m *Model) prepareBodies(pairs []Example) map[string]*prepared {
	bodies := distinctBodies(pairs)
	prep := make(map[string]*prepared, len(bodies))
	var mu sync.Mutex
	parallel(len(bodies), func(i int) {
		p := prepare(bodies[i], m.idf, true)
		mu.Lock()
		prep[bodies[i]] = p
		mu.Unlock()
	})
	return prep
}

// matrix computes the feature rows of pairs, preparing each distinct body
// once, on all cores; the result does not depend on scheduling.
func (m *Model) matrix(pairs []Example) [][]float64 {
	prep := m.prepareBodies(pairs)
	X := make([][]float64, len(pairs))
	parallel(len(pairs), func(i int) {
		x := make([]float64, len(featureNames))
		features(prepare(pairs[i].Claim, m.idf, false), prep[pairs[i].Body], m.idf, x)
		X[i] = x
	})
	return X
}

// parallel runs fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next int
	var mu sync.Mutex
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// Predict returns the stance of body toward claim.
func (m *Model) Predict(claim, body string) Prediction {
	b := prepare(body, m.idf, true)
	pr := m.predict(prepare(claim, m.idf, false), b)
	b.release()
	return pr
}

// PredictPairs predicts many pairs, preparing each distinct body once and
// using all cores. The result is in the order of pairs; labels are ignored.
func (m *Model) PredictPairs(pairs []Example) []Prediction {
	prep := m.prepareBodies(pairs)
	out := make([]Prediction, len(pairs))
	parallel(len(pairs), func(i int) {
		out[i] = m.predict(prepare(pairs[i].Claim, m.idf, false), prep[pairs[i].Body])
	})
	return out
}

func (m *Model) predict(c, b *prepared) Prediction {
	var xa [64]float64
	x := xa[:len(featureNames)]
	best := features(c, b, m.idf, x)
	pr := m.classify(x)
	if pr.Label != Unrelated {
		pr.Evidence = evidence(b, best, pr.Label == Disagree)
	}
	return pr
}

// classify returns the label and probabilities of one feature row.
func (m *Model) classify(x []float64) Prediction {
	var pr Prediction
	if m.related == nil {
		var out [4]float64
		m.stance.Probs(x, out[:])
		pr.Probs = out
	} else {
		var r [2]float64
		var s [3]float64
		m.related.Probs(x, r[:])
		m.stance.Probs(x, s[:])
		for k := range s {
			pr.Probs[k] = r[1] * s[k]
		}
		pr.Probs[3] = r[0]
	}
	k := argmax(pr.Probs[:])
	if m.related != nil {
		if pr.Probs[3] > 1-m.threshold {
			k = 3
		} else {
			k = argmax(pr.Probs[:3])
		}
	}
	pr.Label = Labels[k]
	return pr
}

// evidence returns the spans of the best-matching sentences; for a
// disagreeing body, sentences that carry a refuting cue or a negation come
// first.
func evidence(b *prepared, best []int, disagree bool) []news.Span {
	idx := slices.Clone(best)
	if disagree {
		sort.SliceStable(idx, func(i, j int) bool { return refutes(b, idx[i]) && !refutes(b, idx[j]) })
	}
	out := make([]news.Span, 0, len(idx))
	for _, i := range idx {
		out = append(out, b.sents[i].span)
	}
	return out
}

func refutes(b *prepared, si int) bool {
	st := b.sents[si]
	for _, t := range b.toks[st.first:st.last] {
		if t.cue&(cueRefute|cueNegation) != 0 {
			return true
		}
	}
	return false
}

func argmax(v []float64) int {
	k := 0
	for i := range v {
		if v[i] > v[k] {
			k = i
		}
	}
	return k
}

// Model file format: see learn.WriteFile. The payload holds the feature
// names, the IDF table (term hash, IDF) sorted by hash, the threshold and
// the one or two forests.
const (
	fileMagic   = "XCSTANCE"
	fileVersion = 1
)

// Save writes the model in the binary format Load reads.
func (m *Model) Save(w io.Writer) error {
	var e learn.Encoder
	e.Strings(featureNames)
	e.Float64(m.idf.unknown)
	terms := make([]uint64, 0, len(m.idf.m))
	for t := range m.idf.m {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	e.Uint(uint64(len(terms)))
	for _, t := range terms {
		e.Fixed64(t)
		e.Float32(float64(m.idf.m[t]))
	}
	e.Float64(m.threshold)
	if m.related != nil {
		e.Uint(2)
		m.related.Encode(&e)
	} else {
		e.Uint(1)
	}
	m.stance.Encode(&e)
	if err := learn.WriteFile(w, fileMagic, fileVersion, e.Buf); err != nil {
		return fmt.Errorf("save stance model: %w", err)
	}
	return nil
}

// Load reads a model written by Save. A file that is not a stance model,
// is damaged, or was built for other features gives an EINVALID error that
// says which.
func Load(r io.Reader) (*Model, error) {
	payload, err := learn.ReadFile(r, fileMagic, fileVersion)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "load stance model: %w", err)
	}
	m, err := decode(learn.NewDecoder(payload))
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "load stance model: %w", err)
	}
	return m, nil
}

func decode(d *learn.Decoder) (*Model, error) {
	names := d.Strings()
	if d.Err() != nil {
		return nil, d.Err()
	}
	if !slices.Equal(names, featureNames) {
		return nil, fmt.Errorf("%w: model reads features %v, this build computes %v; retrain it", learn.ErrCorrupt, names, featureNames)
	}
	m := &Model{idf: &idfTable{unknown: d.Float64()}}
	n := d.Count(12)
	m.idf.m = make(map[uint64]float32, n)
	for range n {
		t := d.Fixed64()
		m.idf.m[t] = float32(d.Float32())
	}
	m.threshold = d.Float64()
	stages := d.Uint()
	if d.Err() != nil {
		return nil, d.Err()
	}
	if stages != 1 && stages != 2 || m.threshold <= 0 || m.threshold >= 1 {
		return nil, fmt.Errorf("%w: %d stages, threshold %v", learn.ErrCorrupt, stages, m.threshold)
	}
	var err error
	if stages == 2 {
		if m.related, err = learn.DecodeForest(d); err != nil {
			return nil, err
		}
		if m.related.Classes != 2 || m.related.Features != len(featureNames) {
			return nil, fmt.Errorf("%w: related forest shape", learn.ErrCorrupt)
		}
	}
	if m.stance, err = learn.DecodeForest(d); err != nil {
		return nil, err
	}
	want := 4
	if stages == 2 {
		want = 3
	}
	if m.stance.Classes != want || m.stance.Features != len(featureNames) {
		return nil, fmt.Errorf("%w: stance forest has %d classes and %d features", learn.ErrCorrupt, m.stance.Classes, m.stance.Features)
	}
	if err := d.Done(); err != nil {
		return nil, err
	}
	if math.IsNaN(m.idf.unknown) {
		return nil, fmt.Errorf("%w: idf", learn.ErrCorrupt)
	}
	return m, nil
}

//go:embed stance.model
var shipped []byte

var loadShipped = learn.Shipped(shipped, Load,
	news.Errorf(news.EINTERNAL, "no shipped stance model in this build (run crosscheck train stance)"))

// Default returns the shipped model, embedded in the binary and loaded on
// first use.
func Default() (*Model, error) { return loadShipped() }
