package credibility

import (
	"bytes"
	"cmp"
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
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
	"github.com/zeebo/xxh3"
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
	// CovAnchor is the share of stems found in the story's other articles
	// or in the article's anchored sentences: judged sentences whose
	// CovStory is at least the median. Sentences pasted from one donor
	// cover each other, but neither the story nor what the story anchors.
	CovAnchor float64
	// CovEvent is the share of stems found both elsewhere in the article
	// and in the story's other articles: the event's own vocabulary.
	// StoryDF is the IDF-weighted mean share of the story's other
	// articles that hold each stem.
	CovEvent, StoryDF float64
}

// Vector returns the features in the order the model weighs them.
func (f SpliceFeatures) Vector() []float64 {
	return []float64{f.CovSelf, f.CovStory * f.HasStory, f.CovNeighbours, f.BestMatch * f.HasStory, f.NovelNames, f.CovTitle, f.Length, f.HasStory, f.Local, f.CovCore,
		f.RankSelf, f.RankStory * f.HasStory, f.RankCore, f.GapSelf, f.GapStory * f.HasStory, f.GapCore,
		f.CovPara, f.CovOtherParas, f.ParaSize, f.TypeClash, f.TypeMatch, f.Caps, f.Unstopped, f.NovelWeight, f.MeanIDF, f.CovAnchor, f.CovEvent * f.HasStory, f.StoryDF * f.HasStory}
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

// spliceVersion is the version of the model file: 3 holds two stages, 4
// two stages over the story-anchored features (CovAnchor, CovEvent,
// StoryDF) and the nearest sentence's score.
const spliceVersion = 4

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
	// set holds the distinct stems, sorted by their hashes hset (ties by
	// stem): jaccard intersects integers.
	set  []string
	hset []uint64
	// sig has bit h%64 set for each hash h of hset.
	sig uint64
	// nameAt is, for each name, the index in stems of its stem.
	nameAt []int
	skip   bool    // too short, or a credit line: never judged
	typo   uint8   // the typographic forms it uses (typoForms bits)
	caps   float64 // share of capitalised words
	open   bool    // no final stop
	// person is true when it refers to someone with he, she, him, her,
	// his or hers.
	person bool
	// voiced is true when it holds a double quotation mark, opens with a
	// bracket, ends with a question or exclamation mark or speaks in the
	// first or second person (I, we, you and their forms): a quote or the
	// writer's own aside, not narration of an event.
	voiced bool
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
	return analyseAll(a).sents
}

// analysedArticle is an article's sentences (analyseArticle) and the
// distinct stems and names of all of them, sorted: what an article counts
// for as one of a story's others.
type analysedArticle struct {
	sents        []sentence
	stems, names []string
}

func analyseAll(a *news.Article) *analysedArticle {
	return analysed.Do(memo.ArticleKey(a), func() *analysedArticle {
		x := &analysedArticle{sents: analyseArticle(a)}
		for _, s := range x.sents {
			x.stems = append(x.stems, s.set...)
			x.names = append(x.names, s.names...)
		}
		slices.Sort(x.stems)
		slices.Sort(x.names)
		x.stems, x.names = slices.Compact(x.stems), slices.Compact(x.names)
		return x
	})
}

// analysed remembers the sentences of the articles analysed last, by
// content: each article of a story is judged against every other, so
// without it a story of n articles was analysed n² times, and a worker
// that reads a story's articles from the store again on each pass finds
// them here as long as their text is the same. Its values are never
// modified.
var analysed = memo.New[memo.Key, *analysedArticle](4096)

// firstSecond holds the pronouns of the first and second person.
var firstSecond = map[string]bool{"i": true, "me": true, "my": true, "mine": true, "we": true, "us": true, "our": true, "ours": true,
	"you": true, "your": true, "yours": true}

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
	var toks []text.Token // one buffer for every sentence
	for i, s := range sents {
		st := sentence{span: s.Span, typo: typography(s.Span.Slice(a.Text))}
		raw := s.Span.Slice(a.Text)
		// A quotation, or an aside in brackets.
		st.voiced = strings.ContainsAny(raw, "\"“”«»„") || strings.HasPrefix(raw, "(") || strings.HasPrefix(raw, "[")
		toks = text.AppendTokens(toks[:0], raw, 0)
		words, upper := 0, 0
		for _, t := range toks {
			if r, _ := utf8.DecodeRuneInString(t.Text); !t.Number && len(t.Text) > 0 && unicode.IsLetter(r) {
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
		// A question or an exclamation is the writer's voice too.
		st.voiced = st.voiced || end != "" && strings.ContainsAny(end[len(end)-1:], "!?")
		for j, t := range toks {
			switch t.Lower {
			case "he", "she", "him", "her", "his", "hers":
				st.person = true
			}
			// "we'll", "I’m": the pronoun before the apostrophe.
			if w, _, _ := strings.Cut(strings.ReplaceAll(t.Lower, "’", "'"), "'"); firstSecond[w] {
				st.voiced = true
			}
			if text.IsStopWord(t.Lower) || len(t.Lower) < 2 {
				continue
			}
			st.stems = append(st.stems, text.Stem(t.Lower))
			if j > 0 && !t.Number && isUpper(t.Text) {
				st.names = append(st.names, t.Lower)
				st.nameAt = append(st.nameAt, len(st.stems)-1)
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
		st.hset, st.set = hashedSet(st.stems)
		for _, h := range st.hset {
			st.sig |= 1 << (h % 64)
		}
		out[i] = st
	}
	return out
}

// prose reports whether a sentence reads as running text: not a link or
// social-media signature, not page code, not a shouted header, not a
// promotional lead-in. Pages carry such lines whatever their story, and a
// line that is about nothing is no evidence of a splice.
func prose(s string) bool {
	// rePromo ends on one of these marks: most sentences have none.
	if notProse(s) || strings.ContainsAny(s, ":|»>–—-") && rePromo.MatchString(s) {
		return false
	}
	code, letters, upper := 0, 0, 0
	for _, r := range s {
		switch {
		case r == '{' || r == '}' || r == ';' || r == '=' || r == '<' || r == '>' || r == '|':
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

// notProse reports whether reNotProse matches s. Each of its alternatives
// holds "http", "www.", "pic.twitter.com" or "@", which most sentences do
// not: they are looked for first.
func notProse(s string) bool {
	if !strings.Contains(s, "http") && !strings.Contains(s, "www.") && !strings.Contains(s, "pic.twitter.com") && strings.IndexByte(s, '@') < 0 {
		return false
	}
	return reNotProse.MatchString(s)
}

func isUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// SpliceFlags scores each sentence of a (the model's probability; story
// holds the story's other articles; skipped sentences such as credit lines
// and fragments get 0) and flags the judged ones scoring th or more, those seed marks (nil: none; sentences
// found word for word in another story, whatever their score), the
// sentences that share almost no word with the story (Unshared) when the
// story has other articles, th is no higher than the model's threshold and
// the article holds at least unsharedMin sentences flagged either way, and
// the sentences Grow extends them to. Sentences skip marks (nil: none; lines
// reported otherwise, such as promotional inserts) are never flagged, nor
// grown from or into.
func (m *SpliceModel) SpliceFlags(a *news.Article, story []*news.Article, idf IDF, th float64, seed, skip func(news.Span) bool) ([]news.Span, []float64, []bool) {
	if idf == nil {
		idf = m.IDF
	}
	art := SpliceFeaturesOf(a, story, idf)
	probs := m.Scores(art)
	flagged := make([]bool, len(probs))
	var blocked []bool
	if skip != nil {
		blocked = make([]bool, len(probs))
	}
	// Sentences that share (almost) none of their words with the story
	// are flagged too, when the page holds at least unsharedMin of them
	// and of the sentences flagged above together, the story has other
	// outlets to say what it is about, and the caller asks for no more
	// than the model's own certainty (see Unshared).
	var lone []int
	for i, p := range probs {
		if skip != nil && skip(art.Spans[i]) {
			blocked[i] = true
			continue
		}
		flagged[i] = art.Judged[i] && p >= th || seed != nil && seed(art.Spans[i])
		if len(story) > 0 && th <= m.Threshold && art.Unshared(i) {
			lone = append(lone, i)
		}
	}
	n := 0
	for i, f := range flagged {
		if f || slices.Contains(lone, i) {
			n++
		}
	}
	if n >= unsharedMin {
		for _, i := range lone {
			flagged[i] = true
		}
	}
	return art.Spans, probs, art.Grow(flagged, blocked)
}

// SpliceArticle is one article's sentences as the splice model sees them.
type SpliceArticle struct {
	Spans []news.Span
	Feats []SpliceFeatures
	// Judged is false for the sentences the model does not judge (credit
	// lines, fragments, lines that are not prose).
	Judged []bool
	// para is the paragraph each sentence starts in and mate the judged
	// sentence of its paragraph it shares most stems with (-1: none, or
	// the sentence is not judged).
	para, mate []int
	// near is the judged sentence of the whole article a judged sentence
	// shares most stems with (-1: none) and nearSim their Jaccard index.
	near    []int
	nearSim []float64
	// ownCov is, for each judged sentence, the IDF-weighted share of its
	// own words (its stems other than the story's actors, see
	// ownCoverage) found in the story's other articles or in the
	// article's other judged sentences; ownWords is the number of those
	// words. They are no model features: Grow reads them.
	ownCov   []float64
	ownWords []int
	// actorLinked is true for the judged sentences that name one of the
	// story's actors or refer to someone with he, she, his or her.
	actorLinked []bool
	// voiced is true for the sentences that quote or speak in the first
	// or second person (see sentence).
	voiced []bool
}

// SpliceFeaturesOf returns, for each sentence of a, its span, its splice
// features and whether it is judged at all; story holds the story's other
// articles, idf weighs stems (nil: all alike).
func SpliceFeaturesOf(a *news.Article, story []*news.Article, idf IDF) *SpliceArticle {
	if idf == nil {
		idf = func(string) float64 { return 1 }
	}
	sents := analyse(a)
	// The article's stems and names are numbered, so that what is counted
	// of them below is counted in slices, and each stem is weighed once.
	v := numberStems(sents, idf)
	nstems := len(v.stemID)
	self := make([]int32, nstems)
	for i := range sents {
		for _, id := range v.uniq(i) {
			self[id]++
		}
	}
	selfNames := make([]int32, len(v.nameID))
	for i := range sents {
		for _, id := range v.uniqNames(i) {
			selfNames[id]++
		}
	}
	storyStems, storyNames, titles := make([]bool, nstems), make([]bool, len(v.nameID)), make([]bool, nstems)
	var storySents []*sentence
	markTitle := func(title string) {
		for _, t := range text.ContentWords(title) {
			if id, ok := v.stemID[text.Stem(t)]; ok {
				titles[id] = true
			}
		}
	}
	markTitle(a.Title)
	storyDF := make([]int32, nstems)
	for _, o := range story {
		markTitle(o.Title)
		oa := analyseAll(o)
		for _, t := range oa.stems {
			if id, ok := v.stemID[t]; ok {
				storyStems[id] = true
				storyDF[id]++
			}
		}
		for _, n := range oa.names {
			if id, ok := v.nameID[n]; ok {
				storyNames[id] = true
			}
		}
		for k := range oa.sents {
			if s := &oa.sents[k]; !s.skip {
				storySents = append(storySents, s)
			}
		}
	}
	has := 0.0
	if len(story) > 0 {
		has = 1
	}
	// cov is the IDF-weighted share of sentence i's stems for which in
	// holds: the weights are summed in the order of the stems.
	cov := func(i int, in func(id int32) bool) float64 {
		if v.den[i] == 0 {
			return 1
		}
		var num float64
		w := v.weights(i)
		for k, id := range v.ids(i) {
			if in(id) {
				num += w[k]
			}
		}
		return num / v.den[i]
	}
	covSelf := make([]float64, len(sents))
	for i := range sents {
		// A sentence's own stems count once in self.
		covSelf[i] = cov(i, func(id int32) bool { return self[id] > 1 })
	}
	var judged []float64
	for i, s := range sents {
		if !s.skip {
			judged = append(judged, covSelf[i])
		}
	}
	sort.Float64s(judged)
	core := make([]int32, nstems)
	coreOf := make([]bool, len(sents))
	if len(judged) > 0 {
		med := judged[len(judged)/2]
		for i, s := range sents {
			if !s.skip && covSelf[i] >= med {
				coreOf[i] = true
				for _, id := range v.uniq(i) {
					core[id]++
				}
			}
		}
	}
	covStory := make([]float64, len(sents))
	var judgedStory []float64
	for i, s := range sents {
		covStory[i] = cov(i, func(id int32) bool { return storyStems[id] })
		if !s.skip {
			judgedStory = append(judgedStory, covStory[i])
		}
	}
	sort.Float64s(judgedStory)
	anchor := make([]int32, nstems)
	anchorOf := make([]bool, len(sents))
	if len(judgedStory) > 0 {
		med := judgedStory[len(judgedStory)/2]
		for i, s := range sents {
			if !s.skip && covStory[i] >= med {
				anchorOf[i] = true
				for _, id := range v.uniq(i) {
					anchor[id]++
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
	var paraSize []int
	if len(sents) > 0 {
		paraSize = make([]int, para[len(sents)-1]+1)
	}
	for i := range sents {
		paraSize[para[i]]++
	}
	// paraStems counts the stems of the sentences of the paragraph of the
	// sentence at hand (paragraphs never decrease along the article), from
	// sentence paraFrom to paraTo.
	paraStems := make([]int32, nstems)
	paraFrom, paraTo := 0, 0
	spans := make([]news.Span, len(sents))
	feats := make([]SpliceFeatures, len(sents))
	for i := range sents {
		s := &sents[i]
		if i >= paraTo {
			for j := paraFrom; j < paraTo; j++ {
				for _, id := range v.uniq(j) {
					paraStems[id]--
				}
			}
			paraFrom, paraTo = i, i
			for paraTo < len(sents) && para[paraTo] == para[i] {
				for _, id := range v.uniq(paraTo) {
					paraStems[id]++
				}
				paraTo++
			}
		}
		spans[i] = s.span
		f := SpliceFeatures{CovSelf: covSelf[i], HasStory: has}
		f.CovStory = covStory[i]
		var ain int32
		if anchorOf[i] {
			ain = 1
		}
		f.CovAnchor = cov(i, func(id int32) bool { return storyStems[id] || anchor[id]-ain > 0 })
		f.CovEvent = cov(i, func(id int32) bool { return storyStems[id] && self[id] > 1 })
		if len(story) > 0 && v.den[i] > 0 {
			w := v.weights(i)
			for k, id := range v.ids(i) {
				f.StoryDF += w[k] * float64(storyDF[id])
			}
			f.StoryDF /= v.den[i] * float64(len(story))
		}
		f.CovTitle = cov(i, func(id int32) bool { return titles[id] })
		var in int32
		if coreOf[i] {
			in = 1
		}
		// A core sentence's own stems count once in core.
		f.CovCore = cov(i, func(id int32) bool { return core[id]-in > 0 })
		f.TypeClash, f.TypeMatch = typeClash(s.typo, typoCount)
		f.Caps = s.caps
		if s.open {
			f.Unstopped = 1
		}
		if paraSize[para[i]] > 1 {
			f.CovPara = cov(i, func(id int32) bool { return paraStems[id] > 1 })
		}
		f.CovOtherParas = cov(i, func(id int32) bool { return self[id]-paraStems[id] > 0 })
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
		for _, o := range storySents {
			// The Jaccard of sets of m and n stems is at most
			// min(m,n)/max(m,n), and so, rounded, is its float value.
			if lo, hi := minMax(len(s.hset), len(o.hset)); float64(lo)/float64(hi) <= f.BestMatch {
				continue
			}
			// No more of s's stems are in o than have their bit in o's
			// signature, and the index grows with the common stems.
			if c := commonBound(s, o); float64(c)/float64(len(s.hset)+len(o.hset)-c) <= f.BestMatch {
				continue
			}
			if j := jaccard(s, o); j > f.BestMatch {
				f.BestMatch = j
			}
		}
		if len(s.names) > 0 {
			novel := 0
			var nw, dw float64
			w, nids := v.weights(i), v.names(i)
			for k := range s.names {
				w := w[s.nameAt[k]]
				dw += w
				if selfNames[nids[k]] <= 1 && !storyNames[nids[k]] {
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
		for _, w := range v.weights(i) {
			f.MeanIDF += w / float64(len(s.stems))
		}
		for j := max(0, i-2); j <= min(len(sents)-1, i+2); j++ {
			if j != i && !sents[j].skip {
				f.Local = max(f.Local, jaccard(s, &sents[j]))
			}
		}
		feats[i] = f
	}
	relative(sents, feats, func(f *SpliceFeatures) (*float64, *float64, *float64) { return &f.CovSelf, &f.RankSelf, &f.GapSelf })
	relative(sents, feats, func(f *SpliceFeatures) (*float64, *float64, *float64) { return &f.CovStory, &f.RankStory, &f.GapStory })
	relative(sents, feats, func(f *SpliceFeatures) (*float64, *float64, *float64) { return &f.CovCore, &f.RankCore, &f.GapCore })
	ok := make([]bool, len(sents))
	mate := make([]int, len(sents))
	near := make([]int, len(sents))
	nearSim := make([]float64, len(sents))
	mateSim := make([]float64, len(sents))
	for i := range sents {
		ok[i] = !sents[i].skip
		mate[i], near[i] = -1, -1
	}
	// Each pair is measured once; each sentence meets the others in the
	// order of the article, so ties go to the earliest. A pair that shares
	// no stem has Jaccard 0 and changes nothing, so the pairs come from an
	// inverted index of the stems' hashes; a stem that more than
	// maxStemPosting sentences hold (only in very long texts) brings no
	// pairs, so that the work grows with the text, not with its square.
	post := map[uint64][]int{}
	for i := range sents {
		if ok[i] {
			for _, h := range sents[i].hset {
				post[h] = append(post[h], i)
			}
		}
	}
	var cand []int
	stamp := make([]int, len(sents))
	for i := range sents {
		if !ok[i] {
			continue
		}
		cand = cand[:0]
		for _, h := range sents[i].hset {
			if ps := post[h]; len(ps) <= maxStemPosting {
				for _, j := range ps {
					if j > i && stamp[j] != i+1 {
						stamp[j] = i + 1
						cand = append(cand, j)
					}
				}
			}
		}
		slices.Sort(cand)
		for _, j := range cand {
			x := jaccard(&sents[i], &sents[j])
			if para[j] == para[i] {
				if x > mateSim[i] {
					mateSim[i], mate[i] = x, j
				}
				if x > mateSim[j] {
					mateSim[j], mate[j] = x, i
				}
			}
			if x > nearSim[i] {
				nearSim[i], near[i] = x, j
			}
			if x > nearSim[j] {
				nearSim[j], near[j] = x, i
			}
		}
	}
	own, ownN, linked := ownCoverage(sents, v, storyNames, selfNames, storyStems)
	voiced := make([]bool, len(sents))
	for i := range sents {
		voiced[i] = sents[i].voiced
	}
	return &SpliceArticle{Spans: spans, Feats: feats, Judged: ok, para: para, mate: mate, near: near, nearSim: nearSim, ownCov: own, ownWords: ownN, actorLinked: linked, voiced: voiced}
}

// ownCoverage returns, for each judged sentence, the IDF-weighted share
// of its own words found in the story's other articles or in another judged
// sentence of the article, the number of its own words, and whether it is
// linked to the story's actors. Its own words are its stems other than the
// story's actors: the stems of the names (words capitalised inside a
// sentence) that another sentence of the article or the story's other
// articles name too, wherever those stems stand, even opening a sentence.
// It is linked when it holds one of them or refers to someone with he, she,
// his or her. A sentence about the story's people at another event shares
// their names with the story and little else.
func ownCoverage(sents []sentence, v *stemNumbers, storyNames []bool, selfNames []int32, storyStems []bool) ([]float64, []int, []bool) {
	actor := make([]bool, len(v.stemID))
	for i, s := range sents {
		ids, nids := v.ids(i), v.names(i)
		for k := range s.names {
			if n := nids[k]; selfNames[n] > 1 || storyNames[n] {
				actor[ids[s.nameAt[k]]] = true
			}
		}
	}
	// judged counts the judged sentences holding each stem.
	judged := make([]int32, len(v.stemID))
	for i, s := range sents {
		if !s.skip {
			for _, id := range v.uniq(i) {
				judged[id]++
			}
		}
	}
	cov := make([]float64, len(sents))
	words := make([]int, len(sents))
	linked := make([]bool, len(sents))
	for i, s := range sents {
		if s.skip {
			continue
		}
		linked[i] = s.person
		var num, den float64
		w := v.weights(i)
		for k, id := range v.ids(i) {
			if actor[id] {
				linked[i] = true
				continue
			}
			words[i]++
			den += w[k]
			// The sentence's own stems count once in judged.
			if storyStems[id] || judged[id] > 1 {
				num += w[k]
			}
		}
		cov[i] = 1
		if den > 0 {
			cov[i] = num / den
		}
	}
	return cov, words, linked
}

// maxStemPosting is the most sentences a stem may hold and still pair
// them for the nearest-sentence features.
const maxStemPosting = 256

// commonBound is an upper bound of the number of stems a and b share: the
// stems of a whose bit is set in b's signature.
func commonBound(a, b *sentence) int {
	n := 0
	for _, h := range a.hset {
		n += int(b.sig >> (h % 64) & 1)
	}
	return n
}

func minMax(x, y int) (int, int) {
	if x < y {
		return x, y
	}
	return y, x
}

// stemNumbers numbers the stems and names of one article's sentences for
// SpliceFeaturesOf. Sentence i's stems are ids[off[i]:off[i+1]], weighed
// w[off[i]:off[i+1]] (their IDF) and den[i] in all; its distinct stems
// are distinct[uoff[i]:uoff[i+1]]; its names are nids[noff[i]:noff[i+1]]
// and its distinct names ndistinct[nuoff[i]:nuoff[i+1]].
type stemNumbers struct {
	stemID, nameID         map[string]int32
	off, uoff, noff, nuoff []int
	stemIDs, distinct      []int32
	nids, ndistinct        []int32
	w, den                 []float64
}

func (v *stemNumbers) ids(i int) []int32       { return v.stemIDs[v.off[i]:v.off[i+1]] }
func (v *stemNumbers) weights(i int) []float64 { return v.w[v.off[i]:v.off[i+1]] }
func (v *stemNumbers) uniq(i int) []int32      { return v.distinct[v.uoff[i]:v.uoff[i+1]] }
func (v *stemNumbers) names(i int) []int32     { return v.nids[v.noff[i]:v.noff[i+1]] }
func (v *stemNumbers) uniqNames(i int) []int32 { return v.ndistinct[v.nuoff[i]:v.nuoff[i+1]] }

func numberStems(sents []sentence, idf IDF) *stemNumbers {
	n, nn := 0, 0
	for _, s := range sents {
		n += len(s.stems)
		nn += len(s.names)
	}
	v := &stemNumbers{stemID: make(map[string]int32, n), nameID: map[string]int32{},
		off: make([]int, 1, len(sents)+1), uoff: make([]int, 1, len(sents)+1),
		noff: make([]int, 1, len(sents)+1), nuoff: make([]int, 1, len(sents)+1),
		stemIDs: make([]int32, 0, n), distinct: make([]int32, 0, n), nids: make([]int32, 0, nn), ndistinct: make([]int32, 0, nn),
		w: make([]float64, 0, n), den: make([]float64, len(sents))}
	number := func(m map[string]int32, t string) int32 {
		id, ok := m[t]
		if !ok {
			id = int32(len(m))
			m[t] = id
		}
		return id
	}
	for i, s := range sents {
		for _, t := range s.stems {
			w := idf(t)
			v.den[i] += w
			v.stemIDs = append(v.stemIDs, number(v.stemID, t))
			v.w = append(v.w, w)
		}
		v.off = append(v.off, len(v.stemIDs))
		for _, t := range s.names {
			v.nids = append(v.nids, number(v.nameID, t))
		}
		v.noff = append(v.noff, len(v.nids))
	}
	seen := make([]int, max(len(v.stemID), len(v.nameID)))
	v.distinct, v.uoff = distinctPer(len(sents), v.ids, seen, v.distinct, v.uoff)
	clear(seen)
	v.ndistinct, v.nuoff = distinctPer(len(sents), v.names, seen, v.ndistinct, v.nuoff)
	return v
}

// distinctPer appends to out each sentence's distinct IDs (of get(i), in
// order of first appearance) and to off the end of each sentence's run.
// seen[id] is 1 + the last sentence holding the ID; it must start zeroed.
func distinctPer(n int, get func(int) []int32, seen []int, out []int32, off []int) ([]int32, []int) {
	for i := range n {
		for _, id := range get(i) {
			if seen[id] != i+1 {
				seen[id] = i + 1
				out = append(out, id)
			}
		}
		off = append(off, len(out))
	}
	return out, off
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

// hashedSet returns the hashes of the distinct strings of v, sorted, and
// the strings in that order (ties between hashes by string).
func hashedSet(v []string) ([]uint64, []string) {
	type hashed struct {
		h uint64
		s string
	}
	hv := make([]hashed, len(v))
	for i, t := range v {
		hv[i] = hashed{xxh3.HashString(t), t}
	}
	slices.SortFunc(hv, func(x, y hashed) int {
		if c := cmp.Compare(x.h, y.h); c != 0 {
			return c
		}
		return strings.Compare(x.s, y.s)
	})
	hv = slices.Compact(hv)
	hs, ss := make([]uint64, len(hv)), make([]string, len(hv))
	for i, x := range hv {
		hs[i], ss[i] = x.h, x.s
	}
	return hs, ss
}

// jaccard is the Jaccard index of two sentences' sets of stems. It
// intersects their hashes and checks equal hashes against the stems: a
// common stem is met as a pair of equal hashes and equal stems (both lists
// are sorted by hash, then stem), and on a collision of two different
// stems it counts the common stems string by string, so the hashes never
// change the result.
func jaccard(a, b *sentence) float64 {
	x, y := a.hset, b.hset
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	in := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		case a.set[i] != b.set[j]:
			return jaccardStrings(a.set, b.set)
		default:
			in++
			i++
			j++
		}
	}
	return float64(in) / float64(len(x)+len(y)-in)
}

// jaccardStrings is the Jaccard index of two sets of distinct strings.
func jaccardStrings(a, b []string) float64 {
	in := 0
	for _, t := range a {
		if slices.Contains(b, t) {
			in++
		}
	}
	return float64(in) / float64(len(a)+len(b)-in)
}
