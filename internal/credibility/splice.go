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

	"github.com/crosscheck-news/crosscheck/internal/learn"
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
	// RankSelf, RankStory and RankCore place CovSelf, CovStory and CovCore
	// among the article's judged sentences (0: the lowest, 1: the
	// highest); GapSelf, GapStory and GapCore are their differences from
	// the article's median. Pasted sentences are outliers of their own
	// article.
	RankSelf, RankStory, RankCore float64
	GapSelf, GapStory, GapCore    float64
	// CovPara is the share of stems found in the other sentences of the
	// sentence's paragraph (0 when it stands alone), CovOtherParas the
	// share found in the article's other paragraphs, and ParaSize
	// log(1 + number of other sentences in its paragraph).
	CovPara, CovOtherParas, ParaSize float64
	// TypeClash counts the typographic conventions (curly or straight
	// apostrophes and double quotes, long or hyphen dashes) the sentence
	// uses that no other sentence of the article uses while some use the
	// other form: text pasted from another site keeps its site's
	// typography. TypeMatch counts those it shares with another sentence.
	TypeClash, TypeMatch float64
	// Caps is the share of the sentence's words that are capitalised and
	// Unstopped 1 when it does not end with a full stop, question or
	// exclamation mark (with any closing quote): headline-like lines.
	Caps, Unstopped float64
	// NovelWeight is NovelNames weighing each name by its IDF: a rare
	// name nobody else mentions says more than a common one.
	NovelWeight float64
	// MeanIDF is the mean IDF of the sentence's stems: a sentence of
	// generic wording shares few words with anything without having been
	// pasted.
	MeanIDF float64
}

// Vector returns the features in the order the model weighs them.
func (f SpliceFeatures) Vector() []float64 {
	return []float64{f.CovSelf, f.CovStory * f.HasStory, f.CovNeighbours, f.BestMatch * f.HasStory, f.NovelNames, f.CovTitle, f.Length, f.HasStory, f.Local, f.CovCore,
		f.RankSelf, f.RankStory * f.HasStory, f.RankCore, f.GapSelf, f.GapStory * f.HasStory, f.GapCore,
		f.CovPara, f.CovOtherParas, f.ParaSize, f.TypeClash, f.TypeMatch, f.Caps, f.Unstopped, f.NovelWeight, f.MeanIDF}
}

// SpliceModel scores sentences in two stages of gradient-boosted trees:
// the first weighs each sentence's SpliceFeatures, the second the same
// features beside the first stage's scores of the whole article (see
// stackVector): a pasted sentence is an outlier of its own article's
// scores.
type SpliceModel struct {
	Version int `json:"version"`
	// Forest holds the first stage's trees and Stack the second's, in
	// the encoding of internal/learn.
	Forest    []byte  `json:"forest"`
	Stack     []byte  `json:"stack"`
	Threshold float64 `json:"threshold"`
	Trained   string  `json:"trained,omitempty"`
	// Docs and DF are the background document frequencies of stems the
	// model was trained with (stems in at least 3 documents), used to weigh
	// words when the caller gives no IDF.
	Docs int            `json:"docs,omitempty"`
	DF   map[string]int `json:"df,omitempty"`

	forest, stack *learn.Forest
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
	if m.Version != spliceVersion {
		return nil, fmt.Errorf("splice model: version %d, want %d", m.Version, spliceVersion)
	}
	n := len(SpliceFeatures{}.Vector())
	var err error
	if m.forest, err = decodeSpliceForest("first stage", m.Forest, n); err != nil {
		return nil, err
	}
	if m.stack, err = decodeSpliceForest("second stage", m.Stack, n+stackContext); err != nil {
		return nil, err
	}
	return &m, nil
}

// spliceVersion is the version of the model file: 3 holds two stages.
const spliceVersion = 3

// decodeSpliceForest decodes one stage's trees and checks their shape.
func decodeSpliceForest(stage string, b []byte, features int) (*learn.Forest, error) {
	d := learn.NewDecoder(b)
	f, err := learn.DecodeForest(d)
	if err == nil {
		err = d.Done()
	}
	if err != nil {
		return nil, fmt.Errorf("splice model: %s: %w", stage, err)
	}
	if f.Classes != 2 || f.Features != features {
		return nil, fmt.Errorf("splice model: %s: forest of %d classes over %d features, want 2 over %d", stage, f.Classes, f.Features, features)
	}
	return f, nil
}

// Save writes the model as JSON.
func (m *SpliceModel) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
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
	typo  uint8    // the typographic forms it uses (typoForms bits)
	caps  float64  // share of capitalised words
	open  bool     // no final stop
}

// typoForms are pairs of typographic forms of one mark: bit 2k is the
// curly or long form, bit 2k+1 the straight or short one.
var typoForms = [][2][]string{
	{{"’", "‘"}, {"'"}},
	{{"“", "”"}, {"\""}},
	{{"—", "–"}, {" - "}},
}

func typography(s string) uint8 {
	var m uint8
	for k, f := range typoForms {
		for v, forms := range f {
			for _, x := range forms {
				if strings.Contains(s, x) {
					m |= 1 << (2*k + v)
				}
			}
		}
	}
	return m
}

// typeClash counts the forms sentence i uses that no other sentence uses
// while another uses the other form of the same mark, and the forms it
// shares with another sentence; count holds how many sentences use each
// form.
func typeClash(m uint8, count []int) (clash, match float64) {
	for b := 0; b < len(count); b++ {
		if m&(1<<b) == 0 {
			continue
		}
		other := b ^ 1
		switch {
		case count[b] > 1:
			match++
		case count[other] > 0:
			clash++
		}
	}
	return clash, match
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
		st := sentence{span: s.Span, typo: typography(s.Span.Slice(a.Text))}
		raw := s.Span.Slice(a.Text)
		toks := text.Tokenize(raw)
		words, upper := 0, 0
		for _, t := range toks {
			if !t.Number && len(t.Text) > 0 && unicode.IsLetter([]rune(t.Text)[0]) {
				words++
				if isUpper(t.Text) {
					upper++
				}
			}
		}
		if words > 0 {
			st.caps = float64(upper) / float64(words)
		}
		end := strings.TrimRight(strings.TrimSpace(raw), "\"'’”)] ")
		st.open = end == "" || !strings.ContainsAny(end[len(end)-1:], ".!?")
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
	art := SpliceFeaturesOf(a, story, idf)
	return art.Spans, art.Feats, m.Scores(art)
}

// SpliceArticle is one article's sentences as the splice model sees them.
type SpliceArticle struct {
	Spans []news.Span
	Feats []SpliceFeatures
	// Judged is false for the sentences the model does not judge (credit
	// lines, fragments, lines that are not prose).
	Judged []bool
	// para is the paragraph each sentence starts in and mate the judged
	// sentence of its paragraph it shares most stems with (-1: none).
	para, mate []int
}

// SpliceFeaturesOf returns, for each sentence of a, its span, its splice
// features and whether it is judged at all; story holds the story's other
// articles, idf weighs stems (nil: all alike).
func SpliceFeaturesOf(a *news.Article, story []*news.Article, idf IDF) *SpliceArticle {
	if idf == nil {
		idf = func(string) float64 { return 1 }
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
	typoCount := make([]int, 2*len(typoForms))
	for _, s := range sents {
		for b := range typoCount {
			if s.typo&(1<<b) != 0 {
				typoCount[b]++
			}
		}
	}
	para := paragraphs(a.Text, sents)
	paraStems := map[int]map[string]int{}
	paraSize := map[int]int{}
	for i, s := range sents {
		if paraStems[para[i]] == nil {
			paraStems[para[i]] = map[string]int{}
		}
		for _, t := range s.set {
			paraStems[para[i]][t]++
		}
		paraSize[para[i]]++
	}
	spans := make([]news.Span, len(sents))
	feats := make([]SpliceFeatures, len(sents))
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
		f.TypeClash, f.TypeMatch = typeClash(s.typo, typoCount)
		f.Caps = s.caps
		if s.open {
			f.Unstopped = 1
		}
		ps := paraStems[para[i]]
		if paraSize[para[i]] > 1 {
			f.CovPara = cov(s.stems, func(t string) bool { return ps[t]-ownCount(s.stems, t) > 0 })
		}
		f.CovOtherParas = cov(s.stems, func(t string) bool { return self[t]-ps[t] > 0 })
		f.ParaSize = math.Log(float64(paraSize[para[i]]))
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
			var nw, dw float64
			for _, n := range s.names {
				w := idf(text.Stem(n))
				dw += w
				if selfNames[n] <= 1 && !storyNames[n] {
					novel++
					nw += w
				}
			}
			f.NovelNames = float64(novel) / float64(len(s.names))
			if dw > 0 {
				f.NovelWeight = nw / dw
			}
		}
		f.Length = math.Log1p(float64(len(s.stems)))
		for _, t := range s.stems {
			f.MeanIDF += idf(t) / float64(len(s.stems))
		}
		for j := max(0, i-2); j <= min(len(sents)-1, i+2); j++ {
			if j != i && !sents[j].skip {
				f.Local = max(f.Local, jaccard(u, sents[j].set))
			}
		}
		feats[i] = f
	}
	relative(sents, feats, func(f *SpliceFeatures) (*float64, *float64, *float64) { return &f.CovSelf, &f.RankSelf, &f.GapSelf })
	relative(sents, feats, func(f *SpliceFeatures) (*float64, *float64, *float64) { return &f.CovStory, &f.RankStory, &f.GapStory })
	relative(sents, feats, func(f *SpliceFeatures) (*float64, *float64, *float64) { return &f.CovCore, &f.RankCore, &f.GapCore })
	ok := make([]bool, len(sents))
	mate := make([]int, len(sents))
	for i, s := range sents {
		ok[i] = !s.skip
		mate[i] = -1
		best := 0.0
		for j, o := range sents {
			if j != i && !o.skip && para[j] == para[i] {
				if x := jaccard(s.set, o.set); x > best {
					best, mate[i] = x, j
				}
			}
		}
	}
	return &SpliceArticle{Spans: spans, Feats: feats, Judged: ok, para: para, mate: mate}
}

// paragraphs returns the paragraph (text between blank lines) each
// sentence starts in.
func paragraphs(text string, sents []sentence) []int {
	out := make([]int, len(sents))
	at, n := 0, 0
	for i, s := range sents {
		for {
			j := strings.Index(text[at:], "\n\n")
			if j < 0 || at+j >= s.span.Start {
				break
			}
			at += j + 2
			n++
		}
		out[i] = n
	}
	return out
}

// relative sets, for each judged sentence, the rank of a feature among the
// article's judged sentences (the share of the others below it, ties
// counting half) and its difference from their median.
func relative(sents []sentence, feats []SpliceFeatures, field func(*SpliceFeatures) (v, rank, gap *float64)) {
	var vals []float64
	for i, s := range sents {
		if !s.skip {
			v, _, _ := field(&feats[i])
			vals = append(vals, *v)
		}
	}
	if len(vals) == 0 {
		return
	}
	sort.Float64s(vals)
	med := vals[len(vals)/2]
	for i, s := range sents {
		if s.skip {
			continue
		}
		v, rank, gap := field(&feats[i])
		*gap = *v - med
		*rank = 0.5
		if len(vals) > 1 {
			lo := sort.SearchFloat64s(vals, *v)
			hi := sort.Search(len(vals), func(j int) bool { return vals[j] > *v })
			*rank = (float64(lo) + 0.5*float64(hi-lo-1)) / float64(len(vals)-1)
		}
	}
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
