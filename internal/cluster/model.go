package cluster

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"
	"time"
)

// Model is the learned join decision: a logistic model over a
// document–story pair's Features. Prob >= 0.5 joins the best candidate;
// below it the document starts a new story.
type Model struct {
	Version int       `json:"version"`
	Weights []float64 `json:"weights"` // Body, Title, Names, Gap
	Bias    float64   `json:"bias"`
	// Threshold is the join probability an article needs to join its best
	// candidate; 0 means 0.5. Train picks it for BCubed F1 on the train
	// splits.
	Threshold float64 `json:"threshold,omitempty"`
	// Trained records how the model was made.
	Trained string `json:"trained,omitempty"`
}

func (m *Model) threshold() float64 {
	if m.Threshold == 0 {
		return 0.5
	}
	return m.Threshold
}

// Prob returns the probability that the pair belongs together.
func (m *Model) Prob(f Features) float64 {
	z := m.Bias
	for i, x := range f.vector() {
		z += m.Weights[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

//go:embed model.json
var defaultModel []byte

var (
	defaultOnce sync.Once
	defaultM    *Model
)

// DefaultModel returns the shipped model (model.json, made by the command
// recorded in its "trained" field).
func DefaultModel() *Model {
	defaultOnce.Do(func() {
		m, err := LoadModel(bytes.NewReader(defaultModel))
		if err != nil {
			panic("cluster: shipped model.json: " + err.Error())
		}
		defaultM = m
	})
	return defaultM
}

// LoadModel reads a model file, checking its shape.
func LoadModel(r io.Reader) (*Model, error) {
	var m Model
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("cluster model: not a model file: %w", err)
	}
	if m.Version != 1 || len(m.Weights) != 4 {
		return nil, fmt.Errorf("cluster model: version %d with %d weights, want version 1 with 4", m.Version, len(m.Weights))
	}
	return &m, nil
}

// Save writes the model as JSON.
func (m *Model) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// Train fits a model on documents in arrival order with their gold story
// labels. It replays the stream with gold assignments and learns, for each
// document and each candidate story the index returns, whether that story is
// the document's own: a logistic regression, deterministic (full-batch
// gradient descent from zero weights).
func Train(docs []Doc, gold []string, o Options) *Model {
	c := New(&Model{Version: 1, Weights: make([]float64, 4)}, o)
	storyOf := map[string]int64{}
	goldOf := map[int64]string{}
	var xs [][]float64
	var ys []float64
	next := int64(0)
	for i, d := range docs {
		if d.Published.After(c.clock) {
			c.clock = d.Published
			c.evict()
		}
		pf := c.pairFeatures(d)
		ids := make([]int64, 0, len(pf))
		for id := range pf {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
		for _, id := range ids {
			xs = append(xs, pf[id].vector())
			y := 0.0
			if goldOf[id] == gold[i] {
				y = 1
			}
			ys = append(ys, y)
		}
		sid, ok := storyOf[gold[i]]
		if ok {
			if _, live := c.live[sid]; !live {
				ok = false
			}
		}
		body, title, names := features(d)
		c.ndocs++
		for t := range body {
			c.df[t]++
		}
		for t := range names {
			c.df[t]++
		}
		c.seq++
		if !ok {
			next++
			sid = next
			storyOf[gold[i]], goldOf[sid] = sid, gold[i]
			c.live[sid] = &story{id: sid, tf: vec{}, title: vec{}, names: vec{}}
		}
		c.join(c.live[sid], body, title, names, d.Published)
	}
	w, b := logistic(xs, ys, 0.001, 3000)
	return &Model{Version: 1, Weights: w, Bias: b}
}

// logistic fits weights by full-batch gradient descent with L2 penalty lambda,
// balancing the two classes.
func logistic(xs [][]float64, ys []float64, lambda float64, iters int) ([]float64, float64) {
	if len(xs) == 0 {
		return make([]float64, 4), 0
	}
	d := len(xs[0])
	w := make([]float64, d)
	var b float64
	var pos float64
	for _, y := range ys {
		pos += y
	}
	neg := float64(len(ys)) - pos
	wPos, wNeg := 1.0, 1.0
	if pos > 0 && neg > 0 {
		wPos, wNeg = float64(len(ys))/(2*pos), float64(len(ys))/(2*neg)
	}
	lr := 0.5
	g := make([]float64, d)
	for it := 0; it < iters; it++ {
		for j := range g {
			g[j] = lambda * w[j]
		}
		var gb float64
		for i, x := range xs {
			z := b
			for j, v := range x {
				z += w[j] * v
			}
			p := 1 / (1 + math.Exp(-z))
			cw := wNeg
			if ys[i] == 1 {
				cw = wPos
			}
			e := cw * (p - ys[i]) / float64(len(xs))
			for j, v := range x {
				g[j] += e * v
			}
			gb += e
		}
		for j := range w {
			w[j] -= lr * g[j]
		}
		b -= lr * gb
	}
	return w, b
}

// state is the stored form of a story.
type state struct {
	TF    vec       `json:"tf"`
	Title vec       `json:"title"`
	Names vec       `json:"names"`
	N     int       `json:"n"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

func (s *story) marshal() []byte {
	b, _ := json.Marshal(state{TF: s.tf, Title: s.title, Names: s.names, N: s.n, First: s.first, Last: s.last})
	return b
}

func unmarshal(b []byte) (*story, error) {
	var st state
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("cluster: story state: %w", err)
	}
	if st.TF == nil {
		st.TF = vec{}
	}
	if st.Title == nil {
		st.Title = vec{}
	}
	if st.Names == nil {
		st.Names = vec{}
	}
	return &story{tf: st.TF, title: st.Title, names: st.Names, n: st.N, first: st.First, last: st.Last}, nil
}
