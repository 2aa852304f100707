package credibility

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// SpliceFeatures are what the splice model weighs for one sentence. Each
// compares the sentence with the rest of its own article and with the other
// articles of its story; none looks at what the sentence is about.
type SpliceFeatures struct {
	// CovSelf is the IDF-weighted share of the sentence's content stems
	// found elsewhere in its article.
	CovSelf float64
	// CovStory is the same share against the story's other articles.
	CovStory float64
	// CovNeighbours is the mean CovSelf of the sentences on either side:
	// pasted material tends to come in runs.
	CovNeighbours float64
	// BestMatch is the highest stem Jaccard with one sentence of the
	// story's other articles.
	BestMatch float64
	// NovelNames is the share of the sentence's capitalised names that
	// appear nowhere else in the article or the story.
	NovelNames float64
	// CovTitle is the share of stems found in the article's or the
	// story's titles.
	CovTitle float64
	// Length is log(1 + number of content stems).
	Length float64
	// HasStory is 1 when the story has other articles.
	HasStory float64
	// Local is the highest stem Jaccard with a sentence at most two places
	// away: background paragraphs hang together, pasted sentences do not.
	Local float64
	// CovCore is CovSelf counting only the article's core: judged
	// sentences whose own CovSelf is at least the median. Sentences pasted
	// from one donor cover each other but not the core.
	CovCore float64
}

func (f SpliceFeatures) vector() []float64 {
	return []float64{f.CovSelf, f.CovStory * f.HasStory, f.CovNeighbours, f.BestMatch * f.HasStory, f.NovelNames, f.CovTitle, f.Length, f.HasStory, f.Local, f.CovCore}
}

// SpliceModel is a logistic model over SpliceFeatures.
type SpliceModel struct {
	Version   int       `json:"version"`
	Weights   []float64 `json:"weights"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold"`
	Trained   string    `json:"trained,omitempty"`
	// Docs and DF are the background document frequencies of stems the
	// model was trained with (stems in at least 3 documents), used to weigh
	// words when the caller gives no IDF.
	Docs int            `json:"docs,omitempty"`
	DF   map[string]int `json:"df,omitempty"`
}

// IDF returns the model's background inverse document frequency of a stem.
func (m *SpliceModel) IDF(stem string) float64 {
	if m.Docs == 0 {
		return 1
	}
	return math.Log(float64(m.Docs+1)/float64(m.DF[stem]+1)) + 1
}

//go:embed splice.json
var defaultSplice []byte

var (
	spliceOnce sync.Once
	spliceM    *SpliceModel
)

// DefaultSpliceModel returns the shipped model (splice.json).
func DefaultSpliceModel() *SpliceModel {
	spliceOnce.Do(func() {
		m, err := LoadSpliceModel(bytes.NewReader(defaultSplice))
		if err != nil {
			panic("credibility: shipped splice.json: " + err.Error())
		}
		spliceM = m
	})
	return spliceM
}

// LoadSpliceModel reads a splice model file, checking its shape.
func LoadSpliceModel(r io.Reader) (*SpliceModel, error) {
	var m SpliceModel
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("splice model: not a model file: %w", err)
	}
	if m.Version != 1 || len(m.Weights) != len(SpliceFeatures{}.vector()) {
		return nil, fmt.Errorf("splice model: version %d with %d weights, want version 1 with %d", m.Version, len(m.Weights), len(SpliceFeatures{}.vector()))
	}
	return &m, nil
}

// Save writes the model as JSON.
func (m *SpliceModel) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// Prob is the probability that a sentence was spliced in.
func (m *SpliceModel) Prob(f SpliceFeatures) float64 {
	z := m.Bias
	for i, x := range f.vector() {
		z += m.Weights[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// IDF weighs a stem; nil weighs every stem 1.
type IDF func(stem string) float64

// sentence is one sentence's stems and names.
type sentence struct {
	span  news.Span
	stems []string
	names []string
	set   []string // the distinct stems, sorted
	nset  []string // the distinct names, sorted
	skip  bool     // too short, or a credit line: never judged
}

func analyse(a *news.Article) []sentence {
	return analysed.Do(memo.ArticleKey(a), func() []sentence { return analyseArticle(a) })
}

// analysed remembers the sentences of the articles analysed last, by
// content: each article of a story is judged against every other, so
// without it a story of n articles was analysed n² times, and a worker
// that reads a story's articles from the store again on each pass finds
// them here as long as their text is the same. Its values are never
// modified.
var analysed = memo.New[memo.Key, []sentence](4096)

func analyseArticle(a *news.Article) []sentence {
	sents := a.Sentences
	if len(sents) == 0 {
		sents = text.Sentences(a.Text)
	}
	credit := make([]news.Span, 0, len(a.Credits))
	for _, c := range a.Credits {
		credit = append(credit, c.Span)
	}
	out := make([]sentence, len(sents))
	for i, s := range sents {
		st := sentence{span: s.Span}
		toks := text.Tokenize(s.Span.Slice(a.Text))
		for j, t := range toks {
			if text.IsStopWord(t.Lower) || len(t.Lower) < 2 {
				continue
			}
			st.stems = append(st.stems, text.Stem(t.Lower))
			if j > 0 && !t.Number && isUpper(t.Text) {
				st.names = append(st.names, t.Lower)
			}
		}
		for _, c := range credit {
			if c.Overlaps(s.Span) {
				st.skip = true
			}
		}
		if len(st.stems) < 3 || !prose(s.Span.Slice(a.Text)) {
			st.skip = true
		}
		st.set, st.nset = sortedSet(st.stems), sortedSet(st.names)
		out[i] = st
	}
	return out
}

// prose reports whether a sentence reads as running text: not a link or
// social-media signature, not page code, not a shouted header, not a
// promotional lead-in. Pages carry such lines whatever their story, and a
// line that is about nothing is no evidence of a splice.
func prose(s string) bool {
	if reNotProse.MatchString(s) || rePromo.MatchString(s) {
		return false
	}
	code, letters, upper := 0, 0, 0
	for _, r := range s {
		switch {
		case strings.ContainsRune("{};=<>|", r):
			code++
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return code < 2 && (letters == 0 || float64(upper) <= 0.6*float64(letters))
}

// reNotProse matches links, social handles and embedded-post signatures.
var reNotProse = regexp.MustCompile(`https?://|www\.|pic\.twitter\.com|(^|[\s(])@\w`)

func isUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// SpliceScores returns, for each sentence of a, its splice features and the
// model's probability; story holds the story's other articles. Skipped
// sentences (credit lines, fragments) get probability 0.
func (m *SpliceModel) SpliceScores(a *news.Article, story []*news.Article, idf IDF) ([]news.Span, []SpliceFeatures, []float64) {
	if idf == nil {
		idf = m.IDF
	}
	sents := analyse(a)
	self := map[string]int{}
	selfNames := map[string]int{}
	for _, s := range sents {
		for _, t := range s.set {
			self[t]++
		}
		for _, n := range s.nset {
			selfNames[n]++
		}
	}
	storyStems, storyNames, titles := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var storySents [][]string
	for _, t := range text.ContentWords(a.Title) {
		titles[text.Stem(t)] = true
	}
	for _, o := range story {
		for _, t := range text.ContentWords(o.Title) {
			titles[text.Stem(t)] = true
		}
		for _, s := range analyse(o) {
			for _, t := range s.stems {
				storyStems[t] = true
			}
			for _, n := range s.names {
				storyNames[n] = true
			}
			if !s.skip {
				storySents = append(storySents, s.set)
			}
		}
	}
	has := 0.0
	if len(story) > 0 {
		has = 1
	}
	cov := func(stems []string, in func(string) bool) float64 {
		var num, den float64
		for _, t := range stems {
			w := idf(t)
			den += w
			if in(t) {
				num += w
			}
		}
		if den == 0 {
			return 1
		}
		return num / den
	}
	covSelf := make([]float64, len(sents))
	for i, s := range sents {
		own := map[string]int{}
		for _, t := range s.set {
			own[t]++
		}
		covSelf[i] = cov(s.stems, func(t string) bool { return self[t]-own[t] > 0 })
	}
	var judged []float64
	for i, s := range sents {
		if !s.skip {
			judged = append(judged, covSelf[i])
		}
	}
	sort.Float64s(judged)
	core := map[string]int{}
	coreOf := make([]bool, len(sents))
	if len(judged) > 0 {
		med := judged[len(judged)/2]
		for i, s := range sents {
			if !s.skip && covSelf[i] >= med {
				coreOf[i] = true
				for _, t := range s.set {
					core[t]++
				}
			}
		}
	}
	spans := make([]news.Span, len(sents))
	feats := make([]SpliceFeatures, len(sents))
	probs := make([]float64, len(sents))
	for i, s := range sents {
		spans[i] = s.span
		f := SpliceFeatures{CovSelf: covSelf[i], HasStory: has}
		f.CovStory = cov(s.stems, func(t string) bool { return storyStems[t] })
		f.CovTitle = cov(s.stems, func(t string) bool { return titles[t] })
		in := 0
		if coreOf[i] {
			in = 1
		}
		f.CovCore = cov(s.stems, func(t string) bool { return core[t]-in*ownCount(s.stems, t) > 0 })
		var nb, nn float64
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(sents) && !sents[j].skip {
				nb += covSelf[j]
				nn++
			}
		}
		if nn > 0 {
			f.CovNeighbours = nb / nn
		} else {
			f.CovNeighbours = covSelf[i]
		}
		u := s.set
		for _, o := range storySents {
			if j := jaccard(u, o); j > f.BestMatch {
				f.BestMatch = j
			}
		}
		if len(s.names) > 0 {
			novel := 0
			for _, n := range s.names {
				if selfNames[n] <= 1 && !storyNames[n] {
					novel++
				}
			}
			f.NovelNames = float64(novel) / float64(len(s.names))
		}
		f.Length = math.Log1p(float64(len(s.stems)))
		for j := max(0, i-2); j <= min(len(sents)-1, i+2); j++ {
			if j != i && !sents[j].skip {
				f.Local = max(f.Local, jaccard(u, sents[j].set))
			}
		}
		feats[i] = f
		if !s.skip {
			probs[i] = m.Prob(f)
		}
	}
	return spans, feats, probs
}

// ownCount is 1 when t is among stems: a sentence's own words do not
// cover it.
func ownCount(stems []string, t string) int {
	for _, x := range stems {
		if x == t {
			return 1
		}
	}
	return 0
}

// sortedSet returns the distinct strings of v, sorted.
func sortedSet(v []string) []string {
	out := slices.Clone(v)
	slices.Sort(out)
	return slices.Compact(out)
}

// jaccard of two sets given as sorted slices of distinct strings.
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			in++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(in) / float64(len(a)+len(b)-in)
}

// TrainSplice fits the splice model on labelled sentences: a deterministic
// class-balanced logistic regression, then the threshold that maximises F1
// on the same data. Sentences marked in copied (nil: none) are flagged
// whatever the model says, as the engine flags sentences found word for
// word in another story: the threshold is chosen for what the model adds.
func TrainSplice(feats []SpliceFeatures, labels, copied []bool) *SpliceModel {
	xs := make([][]float64, len(feats))
	ys := make([]float64, len(feats))
	for i, f := range feats {
		xs[i] = f.vector()
		if labels[i] {
			ys[i] = 1
		}
	}
	w, b := fitLogistic(xs, ys, 0.001, 2000)
	m := &SpliceModel{Version: 1, Weights: w, Bias: b, Threshold: 0.5}
	best := -1.0
	for th := 0.30; th <= 0.951; th += 0.025 {
		var tp, fp, fn float64
		for i, f := range feats {
			p := m.Prob(f) >= th || (copied != nil && copied[i])
			switch {
			case p && labels[i]:
				tp++
			case p:
				fp++
			case labels[i]:
				fn++
			}
		}
		if f1 := 2 * tp / (2*tp + fp + fn); f1 > best {
			best, m.Threshold = f1, math.Round(th*1000)/1000
		}
	}
	return m
}

// fitLogistic fits a class-balanced logistic regression by full-batch
// gradient descent from zero, with L2 penalty lambda.
func fitLogistic(xs [][]float64, ys []float64, lambda float64, iters int) ([]float64, float64) {
	d := len(SpliceFeatures{}.vector())
	if len(xs) > 0 {
		d = len(xs[0])
	}
	w := make([]float64, d)
	var b, pos float64
	for _, y := range ys {
		pos += y
	}
	neg := float64(len(ys)) - pos
	wp, wn := 1.0, 1.0
	if pos > 0 && neg > 0 {
		wp, wn = float64(len(ys))/(2*pos), float64(len(ys))/(2*neg)
	}
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
			cw := wn
			if ys[i] == 1 {
				cw = wp
			}
			e := cw * (p - ys[i]) / float64(len(xs))
			for j, v := range x {
				g[j] += e * v
			}
			gb += e
		}
		for j := range w {
			w[j] -= 1.0 * g[j]
		}
		b -= 1.0 * gb
	}
	return w, b
}

var _ = strings.TrimSpace
