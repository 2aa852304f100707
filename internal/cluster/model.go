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
// document–story pair's Features. A document joins its most probable
// candidate when the probability (or, with a NewStory classifier, that
// classifier's) reaches Threshold; below it the document starts a new story.
type Model struct {
	Version int       `json:"version"`
	Weights []float64 `json:"weights"` // Body, Title, Names, Gap, Dates, MaxLink
	Bias    float64   `json:"bias"`
	// Threshold is the join probability an article needs to join its best
	// candidate; 0 means 0.5. Train picks it for BCubed F1 on the train
	// splits.
	Threshold float64 `json:"threshold,omitempty"`
	// NewStory, when present, are the weights of the separate new-story
	// classifier over decisionVector; NewStoryBias its bias.
	NewStory     []float64 `json:"new_story,omitempty"`
	NewStoryBias float64   `json:"new_story_bias,omitempty"`
	// Trained records how the model was made.
	Trained string `json:"trained,omitempty"`
	// Background is the reference corpus's document frequencies that the
	// model was trained with and uses (see Background); nil: none.
	Background *Background `json:"background,omitempty"`
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
	if m.Version != modelVersion || len(m.Weights) != len(featureNames) {
		return nil, fmt.Errorf("cluster model: version %d with %d weights, want version %d with %d", m.Version, len(m.Weights), modelVersion, len(featureNames))
	}
	if b := m.Background; b != nil {
		if b.Docs <= 0 || b.Weight < 0 || math.IsNaN(b.Weight) || math.IsInf(b.Weight, 0) {
			return nil, fmt.Errorf("cluster model: background of %d documents with weight %g", b.Docs, b.Weight)
		}
		for t, n := range b.DF {
			if n <= 0 || n > b.Docs {
				return nil, fmt.Errorf("cluster model: background term %q in %d of %d documents", t, n, b.Docs)
			}
		}
	}
	if n := len(m.NewStory); n != 0 && n != len(featureNames)+3 {
		return nil, fmt.Errorf("cluster model: %d new_story weights, want %d", n, len(featureNames)+3)
	}
	return &m, nil
}

// Save writes the model as JSON.
func (m *Model) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// Train fits a model on streams of documents in arrival order with their
// gold story labels. It replays each stream with gold assignments and
// learns, for each document and each candidate story the index returns,
// whether that story is the document's own: a logistic regression,
// deterministic (full-batch gradient descent from zero weights).
//
// Features named in drop (see Features: "body", "title", "names", "gap",
// "dates", "maxlink") are left out (weight 0), for ablations.
func Train(streams []Stream, o Options, newStory bool, drop ...string) (*Model, error) {
	t, err := newTrainer(streams, o, drop)
	if err != nil {
		return nil, err
	}
	t.goldReplay(nil)
	m := t.fit(newStory)
	if newStory {
		// The new-story decision (Miranda et al. 2018) as its own
		// classifier: given the best candidate under the join model, is it
		// the document's own story? No when the document starts a story or
		// the ranking erred.
		t.goldReplay(m)
		m = t.fit(true)
	}
	return m, nil
}

// Refine retrains m on the stories its own decisions make (Ross et al.'s
// DAgger): the gold replay of Train only ever shows the model pure
// stories, while in use a story holds whatever the model put in it. Each
// round streams docs with the current model deciding, records every
// (document, candidate) pair labelled by whether the candidate's majority
// gold story is the document's, adds the examples to those of the
// earlier rounds and the gold replay, and refits. setThreshold is called
// on each refitted model before it decides the next round (the threshold
// changes what the replay sees).
func Refine(m *Model, streams []Stream, o Options, rounds int, newStory bool, setThreshold func(*Model), drop ...string) (*Model, error) {
	t, err := newTrainer(streams, o, drop)
	if err != nil {
		return nil, err
	}
	t.goldReplay(nil)
	if newStory {
		t.goldReplay(m)
	}
	for r := 0; r < rounds; r++ {
		t.ownReplay(m, newStory)
		trained := m.Trained
		m = t.fit(newStory)
		m.Trained = trained
		setThreshold(m)
	}
	return m, nil
}

// trainer collects training examples: join examples (one per document and
// candidate story) and decision examples (one per document with
// candidates: is the best candidate its own story?).
type trainer struct {
	streams []Stream
	o       Options
	mask    []bool
	jx, dx  [][]float64
	jy, dy  []float64
}

// Stream is a training stream: documents in arrival order and the gold
// story of each. Each stream is replayed on its own (its own IDF and
// stories), so several data sets or arrival orders can train one model.
type Stream struct {
	Docs []Doc
	Gold []string
}

func newTrainer(streams []Stream, o Options, drop []string) (*trainer, error) {
	mask := make([]bool, len(featureNames))
	for _, name := range drop {
		found := false
		for j, f := range featureNames {
			if f == name {
				mask[j], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("cluster: no feature %q to drop (have %v)", name, featureNames)
		}
	}
	return &trainer{streams: streams, o: o, mask: mask}, nil
}

func (t *trainer) vector(f Features) []float64 {
	x := f.vector()
	for j := range x {
		if t.mask[j] {
			x[j] = 0
		}
	}
	return x
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// goldReplay records examples from the stream with gold assignments: join
// examples when ranker is nil, else decision examples ranked by ranker.
func (t *trainer) goldReplay(ranker *Model) {
	m := ranker
	if m == nil {
		m = &Model{Version: modelVersion, Weights: make([]float64, len(featureNames)), Background: t.o.Background}
	}
	for _, st := range t.streams {
		replay(m, st.Docs, st.Gold, t.o, func(pf map[int64]Features, ids []int64, own int64) {
			if ranker == nil {
				for _, id := range ids {
					t.jx = append(t.jx, t.vector(pf[id]))
					t.jy = append(t.jy, b2f(id == own))
				}
				return
			}
			if len(ids) == 0 {
				return
			}
			best, bestP, secondP := ranker.rank(pf, ids)
			t.dx = append(t.dx, decisionVector(bestP, secondP, pf[best], len(ids)))
			t.dy = append(t.dy, b2f(best == own))
		})
	}
}

// ownReplay streams the documents with m deciding and records join and
// (with newStory) decision examples against the stories m makes, each
// labelled by the candidate's majority gold story so far.
func (t *trainer) ownReplay(m *Model, newStory bool) {
	for _, st := range t.streams {
		t.ownReplayStream(m, st, newStory)
	}
}

func (t *trainer) ownReplayStream(m *Model, st Stream, newStory bool) {
	type tally struct {
		n        map[string]int
		major    string
		majCount int
	}
	stories := map[int64]*tally{}
	var cur string
	own := func(id int64) bool { s := stories[id]; return s != nil && s.major == cur }
	o := t.o
	o.Explain = func(d Doc, cands []Candidate) {
		pf := make(map[int64]Features, len(cands))
		ids := make([]int64, len(cands))
		for i, k := range cands {
			pf[k.Story], ids[i] = k.Features, k.Story
			t.jx = append(t.jx, t.vector(k.Features))
			t.jy = append(t.jy, b2f(own(k.Story)))
		}
		if newStory && len(ids) > 0 {
			best, bestP, secondP := m.rank(pf, ids)
			t.dx = append(t.dx, decisionVector(bestP, secondP, pf[best], len(ids)))
			t.dy = append(t.dy, b2f(own(best)))
		}
		if t.o.Explain != nil {
			t.o.Explain(d, cands)
		}
	}
	c := New(m, o)
	next := int64(0)
	for i, d := range st.Docs {
		cur = st.Gold[i]
		id, _, _ := c.Add(d, func() (int64, error) { next++; return next, nil })
		s := stories[id]
		if s == nil {
			s = &tally{n: map[string]int{}}
			stories[id] = s
		}
		s.n[cur]++
		if k := s.n[cur]; k > s.majCount || (k == s.majCount && cur < s.major) {
			s.major, s.majCount = cur, k
		}
	}
}

// fit fits the join model on the join examples and, with newStory, the
// new-story classifier on the decision examples.
func (t *trainer) fit(newStory bool) *Model {
	m := &Model{Version: modelVersion, Background: t.o.Background}
	m.Weights, m.Bias = logistic(t.jx, t.jy, 0.001, 3000)
	if newStory && len(t.dx) > 0 {
		m.NewStory, m.NewStoryBias = logistic(t.dx, t.dy, 0.001, 3000)
	}
	m.round()
	return m
}

// round keeps six decimals of every weight: sums over map entries make the
// last bits of a fit vary from run to run, and the model file should not.
func (m *Model) round() {
	r := func(x float64) float64 { return math.Round(x*1e6) / 1e6 }
	for i := range m.Weights {
		m.Weights[i] = r(m.Weights[i])
	}
	m.Bias = r(m.Bias)
	for i := range m.NewStory {
		m.NewStory[i] = r(m.NewStory[i])
	}
	m.NewStoryBias = r(m.NewStoryBias)
}

// replay streams docs with their gold story assignments and calls fn with
// each document's candidate features (ids in order) and the ID of its own
// live story (0 if it has none) before adding it.
func replay(m *Model, docs []Doc, gold []string, o Options, fn func(pf map[int64]Features, ids []int64, own int64)) {
	c := New(m, o)
	storyOf := map[string]int64{}
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
		sid, ok := storyOf[gold[i]]
		if ok {
			if _, live := c.live[sid]; !live {
				ok = false
			}
		}
		own := int64(0)
		if ok {
			own = sid
		}
		fn(pf, ids, own)
		v := features(d)
		c.count(v)
		c.seq++
		if !ok {
			next++
			sid = next
			storyOf[gold[i]] = sid
			c.live[sid] = makeStory(sid)
		}
		c.join(c.live[sid], v, c.weigh(v.body), d.Published)
	}
}

// rank returns the candidate with the highest join probability (ties to
// the lower ID), its probability and the runner-up's.
func (m *Model) rank(pf map[int64]Features, ids []int64) (best int64, bestP, secondP float64) {
	for _, id := range ids {
		p := m.Prob(pf[id])
		switch {
		case best == 0 || p > bestP:
			best, bestP, secondP = id, p, bestP
		case p > secondP:
			secondP = p
		}
	}
	return best, bestP, secondP
}

// decisionVector is what the new-story classifier weighs: the best
// candidate's join probability, its margin over the runner-up, its
// features, and the log number of candidates.
func decisionVector(bestP, secondP float64, f Features, n int) []float64 {
	return append([]float64{bestP, bestP - secondP, math.Log(float64(n))}, f.vector()...)
}

// joinProb is the probability that the document belongs to its best
// candidate: the new-story classifier's when the model has one, else the
// join model's.
func (m *Model) joinProb(bestP, secondP float64, f Features, n int) float64 {
	if len(m.NewStory) == 0 {
		return bestP
	}
	z := m.NewStoryBias
	for i, x := range decisionVector(bestP, secondP, f, n) {
		z += m.NewStory[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// modelVersion is the version of the feature set (see Features).
const modelVersion = 2

// logistic fits weights by full-batch gradient descent with L2 penalty lambda,
// balancing the two classes.
func logistic(xs [][]float64, ys []float64, lambda float64, iters int) ([]float64, float64) {
	if len(xs) == 0 {
		return make([]float64, len(featureNames)), 0
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
	TF      vec       `json:"tf"`
	Title   vec       `json:"title"`
	Names   vec       `json:"names"`
	Dates   vec       `json:"dates,omitempty"`
	Members []vec     `json:"members,omitempty"`
	N       int       `json:"n"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
}

// marshalWith returns the story's stored state, sorting keys in sc's
// buffers.
func (s *story) marshalWith(sc *stateScratch) []byte {
	if b, ok := s.appendState(make([]byte, 0, 64*(len(s.tf)+len(s.title)+len(s.names)+len(s.dates)+memberTerms*len(s.members))+128), sc); ok {
		return b
	}
	return s.marshalJSON()
}

// marshalJSON is marshal by encoding/json: what appendState writes
// without it, and what it falls back on.
func (s *story) marshalJSON() []byte {
	members := make([]vec, len(s.members))
	for i, m := range s.members {
		members[i] = make(vec, len(m))
		for _, p := range m {
			members[i][p.t] = p.w
		}
	}
	b, _ := json.Marshal(state{TF: s.tf, Title: s.title, Names: s.names, Dates: s.dates, Members: members, N: s.n, First: s.first, Last: s.last})
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
	if st.Dates == nil {
		st.Dates = vec{}
	}
	if len(st.Members) > maxMembers {
		st.Members = st.Members[len(st.Members)-maxMembers:]
	}
	members := make([]member, len(st.Members))
	for i, m := range st.Members {
		members[i] = topPairs(m, memberTerms)
	}
	return &story{tf: st.TF, title: st.Title, names: st.Names, dates: st.Dates, members: members, n: st.N, first: st.First, last: st.Last}, nil
}
