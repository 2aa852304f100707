package quote

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
	"github.com/zeebo/xxh3"
)

// Doc is one article with its extracted quotes.
type Doc struct {
	Article *news.Article
	StoryID int64
	Quotes  []news.Quote

	// feats caches what Link computes from each quote's words alone: a Doc
	// kept in a window of recent articles is linked against every story
	// analysed while it stays there, and preparing dominated the cost of
	// Link. Docs of one article may share it (ShareFeatures).
	feats *featCache
}

// featCache holds, by quote index, the features and the prefixWords of the
// quote at each span of an article's text.
type featCache struct {
	prep []cachedFeat
	pre  []quotePrefixes
}

type cachedFeat struct {
	span news.Span
	f    *qfeat // its q is nil: prepared sets the asking Doc's
}

// quotePrefixes caches the prefixWords of a quote.
type quotePrefixes struct {
	span  news.Span
	words []prefixWord
}

// cache returns d's feature cache, grown to d's quotes.
func (d *Doc) cache() *featCache {
	if d.feats == nil {
		d.feats = &featCache{}
	}
	c := d.feats
	if n := len(d.Quotes); len(c.prep) < n {
		c.prep = append(c.prep, make([]cachedFeat, n-len(c.prep))...)
		c.pre = append(c.pre, make([]quotePrefixes, n-len(c.pre))...)
	}
	return c
}

// ShareFeatures makes d use, and fill, the cache of quote features of
// from when the two hold the same article text and quote spans (an
// article's Doc for its own story and its Doc in a window of recent
// articles), so that each quote is prepared once; it reports whether they
// do. What Link writes into Quotes (speakers, statuses) stays each Doc's
// own. Docs that share a cache must not be linked concurrently.
func (d *Doc) ShareFeatures(from *Doc) bool {
	if d == nil || from == nil || d.Article == nil || from.Article == nil || len(d.Quotes) != len(from.Quotes) || d.Article.Text != from.Article.Text {
		return false
	}
	for i := range d.Quotes {
		if d.Quotes[i].Span != from.Quotes[i].Span {
			return false
		}
	}
	if from.feats == nil {
		from.feats = &featCache{}
	}
	d.feats = from.feats
	return true
}

// prepared returns a fresh copy of the features of quote qi, computing
// them on first use. They depend on the quote's span of the article's
// text alone.
func (d *Doc) prepared(qi int) *qfeat {
	q := &d.Quotes[qi]
	e := &d.cache().prep[qi]
	if e.f == nil || e.span != q.Span {
		p := prepare(d, qi)
		p.q = nil
		*e = cachedFeat{span: q.Span, f: p}
	}
	c := *e.f // words, stems and numbers are shared and never written
	c.q, c.qi = q, qi
	return &c
}

// Linking thresholds. The similarity of two quotes is the IDF-weighted Dice
// coefficient of their content-word stems and numbers, or, when the words
// of the shorter quote appear in order in the longer one (a truncated
// quote), the weighted share of the shorter quote found in the longer
// (docs/quotes.md).
const (
	// SameSpeakerMin is the similarity two quotes of the same speaker need,
	// with at least two content stems in common.
	SameSpeakerMin = 0.3
	// UnknownSpeakerMin is the similarity needed when either speaker is
	// unknown, with at least three content stems in common.
	UnknownSpeakerMin = 0.55
	// truncatedMin is the share of the shorter quote's words that must
	// appear in order in the longer one for it to count as truncated.
	truncatedMin = 0.9
	// VerbatimMin and VerbatimStems: with a Linker's Background, a quote of
	// another story at least this close, sharing this many content stems,
	// may be a variant whoever the speakers (crossSpeaker) ...
	VerbatimMin   = 0.9
	VerbatimStems = 6
	// ... when at least RareStems of the shared stems are used by at most
	// RareShare of the articles of the reference corpus ...
	RareStems = 3
	RareShare = 0.02
	// ... and at most StockStories other stories carry the quote near word
	// for word, whoever they attribute it to.
	StockStories = 1
	// TransplantAge is how much earlier a variant in another story must be
	// dated for a quote to count as recycled.
	TransplantAge = 48 * time.Hour
	// maxLinksPerQuote bounds the cross-story links kept per quote.
	maxLinksPerQuote = 3
)

// word is one word of a quote.
type word struct {
	span  news.Span
	lower string
	stem  string // "" for stop words
	// key is a hash of what align compares: the stem, or the lower-case
	// form of a stop word (lowest bit set); unequal keys are unequal
	// words.
	key uint64
}

// qfeat is a quote prepared for linking.
type qfeat struct {
	doc, qi int // index of the Doc (story docs first, then others) and of the quote
	story   bool
	// key is q's SpeakerKey as Link found it, kept here because comparing
	// it with every candidate's is one of Link's hot loops; oneWord is
	// whether it has no space.
	key     string
	oneWord bool
	ids     []int32 // the stems numbered by Link (numberStems), in the same order
	weight  float64
	q       *news.Quote
	words   []word
	stems   []string // distinct content stems and numbers, sorted
	numbers []string
	norm    string // the quote's text with space and quote glyphs folded
}

// Link links, within the story docs, quotes of the same speaker (or an
// unknown speaker when content is very close) that say the same thing,
// across DIFFERENT articles; sets Status on every quote of story docs:
// corroborated when some other outlet's article (different Outlet, or
// different article when Outlet empty) of the story carries a variant;
// transplanted when its closest variant lies in an article of `others`
// (other stories) not dated after it and none in the story, or the
// variant there is dated earlier by > 2 days; uncorroborated otherwise. Returns the links (both
// SameStory and cross-story), Kind = verbatim / repunctuated / truncated /
// reworded, Score in [0,1], Aligned word span pairs.
//
// Candidate pairs come from an inverted index of content stems, so the cost
// grows with the number of quotes that share rare words, not with the size
// of others. Link merges the speaker keys of the story (MergeSpeakers). It
// caches each quote's features in its Doc, so concurrent calls must not
// share Docs.
//
// Link is the zero Linker's Link: quotes of two different known speakers
// are never variants.
func Link(story []*Doc, others []*Doc) []news.QuoteLink {
	return Linker{}.Link(story, others)
}

// Linker links quotes (see Link).
type Linker struct {
	// Background, when set, returns the share of the articles of a
	// reference news corpus that use a content stem (a number: its
	// digits). With it, a quote of another story is a variant whoever the
	// two are attributed to when it says the same long sentence near word
	// for word, that sentence is rare, and its article came first
	// (crossSpeaker): out of its context a pasted quote is easily given a
	// name that stands near it on the page it was pasted into, and it is
	// still that quote.
	Background func(stem string) float64
}

// Link is Link with l's Background.
func (l Linker) Link(story []*Doc, others []*Doc) []news.QuoteLink {
	MergeSpeakers(story)
	docs := make([]*Doc, 0, len(story)+len(others))
	docs = append(docs, story...)
	docs = append(docs, others...)
	var feats []*qfeat
	keys := prefixSet{} // word prefixes of the story's quotes
	for di, d := range docs {
		if d == nil || d.Article == nil {
			continue
		}
		isStory := di < len(story)
		for qi := range d.Quotes {
			if !isStory && !d.Quotes[qi].Span.Valid(len(d.Article.Text)) {
				continue
			}
			// A quote of another story needs two words whose prefixes
			// occur in the story's quotes to be worth preparing: the cheap
			// prefilter that keeps Link linear in the size of others.
			if !isStory && !sharesPrefixes(d.prefixes(qi), d.Article.Text, keys, 2) {
				continue
			}
			f := d.prepared(qi)
			f.doc, f.story, f.key = di, isStory, f.q.SpeakerKey
			f.oneWord = !strings.Contains(f.key, " ")
			if isStory {
				for _, w := range f.words {
					if w.stem != "" {
						keys.add(prefixKey(w.lower))
					}
				}
			}
			feats = append(feats, f)
		}
	}
	idf := numberStems(feats)
	for _, f := range feats {
		for _, s := range f.ids {
			f.weight += idf[s]
		}
	}
	// An index of the stems. Stems shared by more than maxPosting quotes
	// are too common to propose candidates (they still count in the
	// score).
	index := newPostings(feats, len(idf), max(64, len(feats)/20))

	type best struct {
		storyScore, otherScore float64
		corroborated, earlier  bool
	}
	status := make([]best, len(feats))
	var links []news.QuoteLink
	var anchors [][2]int                // same-story links, as feature indices
	proposed := make([]int, len(feats)) // 1 + the last i that proposed j
	docOf := make([]int, len(feats))    // feats[j].doc, without loading feats[j]
	for j, f := range feats {
		docOf[j] = f.doc
	}
	var cands []int
	for i, a := range feats {
		if !a.story || len(a.ids) == 0 {
			continue
		}
		cands = cands[:0]
		for _, s := range a.ids {
			for _, j := range index.of(s) {
				if j := int(j); j != i && docOf[j] != a.doc && proposed[j] != i+1 {
					proposed[j] = i + 1
					cands = append(cands, j)
				}
			}
		}
		sort.Ints(cands)
		type scored struct {
			j     int
			score float64
		}
		var cross []scored
		var pending []scored // variants of another speaker (crossSpeaker)
		var carriers []int64 // the other stories that carry a near-verbatim variant
		st := &status[i]
		addCross := func(c scored) { // a variant in another story
			other, self := docs[feats[c.j].doc].Article, docs[a.doc].Article
			// A variant published after this article may have been
			// taken from it: it does not make this quote the transplant
			// (the interview a farm lifts quotes from is their source).
			if !earlierBy(self, other, 0) {
				st.otherScore = max(st.otherScore, c.score)
			}
			if earlierBy(other, self, TransplantAge) {
				st.earlier = true
			}
			cross = append(cross, c)
		}
		for _, j := range cands {
			b := feats[j]
			match := speakersMatch(a, b)
			if !match && (b.story || l.Background == nil) {
				continue // accept would refuse whatever the score
			}
			score, shared := similarity(a, b, idf)
			if id := docs[b.doc].StoryID; !b.story && nearVerbatim(score, shared) && !slices.Contains(carriers, id) {
				carriers = append(carriers, id)
			}
			if !match {
				if l.crossSpeaker(a, b, docs, score, shared) {
					pending = append(pending, scored{j, score})
				}
				continue
			}
			if !accept(a, b, score, shared) {
				continue
			}
			if b.story {
				st.storyScore = max(st.storyScore, score)
				if otherOutlet(docs[a.doc].Article, docs[b.doc].Article) {
					st.corroborated = true
				}
				if j > i { // each same-story pair once
					links = append(links, makeLink(a, b, docs, score, true))
					anchors = append(anchors, [2]int{i, j})
				}
				continue
			}
			addCross(scored{j, score})
		}
		if len(carriers) <= StockStories {
			for _, c := range pending {
				addCross(c)
			}
		}
		// Keep the closest variants in other stories; align only those.
		sort.SliceStable(cross, func(x, y int) bool { return cross[x].score > cross[y].score })
		for _, c := range cross[:min(len(cross), maxLinksPerQuote)] {
			links = append(links, makeLink(a, feats[c.j], docs, c.score, false))
		}
	}
	for _, p := range alignRewrites(feats, anchors, idf) {
		a, b := feats[p.i], feats[p.j]
		links = append(links, makeLink(a, b, docs, p.score, true))
		anchors = append(anchors, [2]int{p.i, p.j})
		for _, k := range []int{p.i, p.j} {
			status[k].storyScore = max(status[k].storyScore, p.score)
		}
		if otherOutlet(docs[a.doc].Article, docs[b.doc].Article) {
			status[p.i].corroborated, status[p.j].corroborated = true, true
		}
	}
	for _, p := range resumedRemarks(feats, docs, anchors) {
		a, b := feats[p.i], feats[p.j]
		links = append(links, makeLink(a, b, docs, p.score, true))
		status[p.i].storyScore = max(status[p.i].storyScore, p.score)
		status[p.i].corroborated = true
	}
	for i, f := range feats {
		if !f.story {
			continue
		}
		st := status[i]
		switch {
		case st.earlier:
			f.q.Status = news.QuoteTransplanted
		case st.corroborated:
			f.q.Status = news.QuoteCorroborated
		case st.otherScore > st.storyScore:
			f.q.Status = news.QuoteTransplanted
		default:
			f.q.Status = news.QuoteUncorroborated
		}
	}
	return links
}

// resumedRemarks links the fragments of remarks that an attribution
// interrupts ("“Every question will be answered,” he added, “and we will
// not hide.”"): a fragment, which may be too short to link on its own
// (one content word), is a variant of a quote of another outlet that holds
// its words in order (at least truncatedMin of them), when that quote is a
// variant of the other fragment of its remark. links holds the same-story
// links, as feature indices.
func resumedRemarks(feats []*qfeat, docs []*Doc, links [][2]int) []scoredPair {
	linked := map[int][]int{}
	for _, p := range links {
		linked[p[0]] = append(linked[p[0]], p[1])
		linked[p[1]] = append(linked[p[1]], p[0])
	}
	at := map[[2]int]int{} // (doc, quote index) → feature index
	for i, f := range feats {
		if f.story {
			at[[2]int{f.doc, f.qi}] = i
		}
	}
	var out []scoredPair
	for i, f := range feats {
		if !f.story || len(f.stems) == 0 {
			continue
		}
		for _, d := range []int{-1, 1} {
			k, ok := at[[2]int{f.doc, f.qi + d}]
			if !ok || (d < 0 && !interrupted(docs[f.doc], feats[k], f)) || (d > 0 && !interrupted(docs[f.doc], f, feats[k])) {
				continue
			}
			for _, v := range linked[k] {
				b := feats[v]
				if b.doc == f.doc || slices.Contains(linked[i], v) || !otherOutlet(docs[f.doc].Article, docs[b.doc].Article) || len(b.words) <= len(f.words) {
					continue
				}
				if n := len(align(f.words, b.words)); float64(n) >= truncatedMin*float64(len(f.words)) {
					out = append(out, scoredPair{i, v, float64(n) / float64(len(f.words))})
					linked[i] = append(linked[i], v)
				}
			}
		}
	}
	return out
}

// interrupted reports whether direct quotes a and b, a just before b in
// d's text, are the two parts of one remark that an attribution cuts: the
// same speaker, a ending on a comma or a dash, b opening in lower case,
// and between them, on one line, at most 120 bytes that end no sentence.
func interrupted(d *Doc, a, b *qfeat) bool {
	t := d.Article.Text
	qa, qb := a.q, b.q
	if !qa.Direct || !qb.Direct || qa.SpeakerKey == "" || !sameKey(qa.SpeakerKey, qb.SpeakerKey) ||
		!qa.Span.Valid(len(t)) || !qb.Span.Valid(len(t)) || qb.Span.Start <= qa.Span.End || qb.Span.Start-qa.Span.End > 120 {
		return false
	}
	ta := strings.TrimRight(qa.Span.Slice(t), " ")
	if !strings.HasSuffix(ta, ",") && !strings.HasSuffix(ta, "—") && !strings.HasSuffix(ta, "–") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(qb.Span.Slice(t))
	gap := t[qa.Span.End:qb.Span.Start]
	return unicode.IsLower(r) && !strings.ContainsAny(gap, ".!?;:\n")
}

// numberStems numbers the distinct stems of feats in their sorted order,
// sets each quote's ids, and returns the IDF of every stem number over
// feats. Numbers that sort as their stems keep every id list sorted, so
// merges and sums run in the order of the stems.
func numberStems(feats []*qfeat) []float64 {
	total := 0
	for _, f := range feats {
		total += len(f.stems)
	}
	ids := make([]int32, total)
	num := make(map[string]int32, total/2)
	var names []string
	for _, f := range feats {
		f.ids, ids = ids[:len(f.stems):len(f.stems)], ids[len(f.stems):]
		for k, s := range f.stems {
			id, ok := num[s]
			if !ok {
				id = int32(len(names))
				num[s] = id
				names = append(names, s)
			}
			f.ids[k] = id
		}
	}
	// The stems are ranked in string order, compared by their first eight
	// bytes as a number first.
	type keyed struct {
		prefix uint64
		id     int32
	}
	order := make([]keyed, len(names))
	for i, s := range names {
		order[i] = keyed{prefix8(s), int32(i)}
	}
	slices.SortFunc(order, func(a, b keyed) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		return strings.Compare(names[a.id], names[b.id])
	})
	rank := make([]int32, len(names))
	for r, k := range order {
		rank[k.id] = int32(r)
	}
	df := make([]int32, len(names))
	for _, f := range feats {
		for k, id := range f.ids {
			f.ids[k] = rank[id]
			df[rank[id]]++
		}
	}
	n := float64(len(feats))
	idf := make([]float64, len(names))
	for s, c := range df {
		idf[s] = math.Log(1 + n/float64(c))
	}
	return idf
}

// prefix8 returns the first eight bytes of s (zeros past its end) as a
// big-endian number: when two strings' prefix8 differ, they compare as
// the strings do.
func prefix8(s string) uint64 {
	var p uint64
	for i := range 8 {
		p <<= 8
		if i < len(s) {
			p |= uint64(s[i])
		}
	}
	return p
}

// postings lists, for each stem number, the quotes that have it, in order;
// stems of more than a given number of quotes have none.
type postings struct {
	start []int32 // the postings of stem s are list[start[s]:start[s+1]]
	list  []int32
}

func newPostings(feats []*qfeat, stems, maxPosting int) postings {
	p := postings{start: make([]int32, stems+1)}
	for _, f := range feats {
		for _, s := range f.ids {
			p.start[s+1]++
		}
	}
	for s := range stems {
		if p.start[s+1] > int32(maxPosting) {
			p.start[s+1] = 0
		}
		p.start[s+1] += p.start[s]
	}
	p.list = make([]int32, p.start[stems])
	next := slices.Clone(p.start[:stems])
	for i, f := range feats {
		for _, s := range f.ids {
			if next[s] < p.start[s+1] {
				p.list[next[s]] = int32(i)
				next[s]++
			}
		}
	}
	return p
}

func (p postings) of(s int32) []int32 { return p.list[p.start[s]:p.start[s+1]] }

// RewordedMin is the least similarity of two quotes linked by their place
// in two articles that already share a variant (alignRewrites), with at
// least one content stem in common.
const RewordedMin = 0.15

type scoredPair struct {
	i, j  int
	score float64
}

// alignRewrites links the quotes that a rewrite or a translation renders
// in other words. Two articles of a story that share at least one variant
// (an anchor) keep a speaker's remarks in the same order: between them, a
// quote with no variant in the other article is linked to a quote of the
// same named speaker there that has none either, when the two share a content
// word (similarity ≥ RewordedMin) and the link crosses no anchor and no
// other such link. A translation often loses a speaker (a description, a
// construction the attribution rules miss): a quote whose speaker is
// unknown on either side needs two content words in common and
// SameSpeakerMin. Pairs are taken best first. A remark pasted in from
// another interview shares no anchor-consistent counterpart, so it stays
// uncorroborated.
func alignRewrites(feats []*qfeat, anchors [][2]int, idf []float64) []scoredPair {
	type docPair struct{ a, b int }
	byPair := map[docPair][][2]int{}
	for _, p := range anchors {
		i, j := p[0], p[1]
		if feats[i].doc > feats[j].doc {
			i, j = j, i
		}
		k := docPair{feats[i].doc, feats[j].doc}
		byPair[k] = append(byPair[k], [2]int{i, j})
	}
	keys := make([]docPair, 0, len(byPair))
	for k := range byPair {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(x, y int) bool {
		if keys[x].a != keys[y].a {
			return keys[x].a < keys[y].a
		}
		return keys[x].b < keys[y].b
	})
	perDoc := map[int][]int{} // the story's quotes of a named or an unknown speaker, by doc
	quotes := map[int]int{}   // the number of quotes of each story doc
	for i, f := range feats {
		if f.story {
			quotes[f.doc]++
		}
		if f.story && (f.q.SpeakerKey == "" || named(f.q.SpeakerName)) {
			perDoc[f.doc] = append(perDoc[f.doc], i)
		}
	}
	var out []scoredPair
	for _, dp := range keys {
		fixed := byPair[dp]
		linked := map[int]bool{}
		for _, p := range fixed {
			linked[p[0]], linked[p[1]] = true, true
		}
		// A rewrite or a translation of the whole article has variants of
		// most of its quotes: only there is a speaker the rules lost on
		// one side trusted to say the remark at the same place.
		rewrite := 2*len(fixed) >= min(quotes[dp.a], quotes[dp.b])
		var cands []scoredPair
		for _, i := range perDoc[dp.a] {
			a := feats[i]
			if linked[i] {
				continue
			}
			for _, j := range perDoc[dp.b] {
				b := feats[j]
				if linked[j] {
					continue
				}
				ka, kb := a.q.SpeakerKey, b.q.SpeakerKey
				if ka != "" && kb != "" && !sameKey(ka, kb) {
					continue
				}
				score, shared := similarity(a, b, idf)
				if ka != "" && kb != "" && shared >= 1 && score >= RewordedMin ||
					(ka == "" || kb == "") && rewrite && shared >= 2 && score >= SameSpeakerMin {
					cands = append(cands, scoredPair{i, j, score})
				}
			}
		}
		sort.SliceStable(cands, func(x, y int) bool { return cands[x].score > cands[y].score })
		crosses := func(i, j int, p [2]int) bool {
			di := feats[i].qi - feats[p[0]].qi
			dj := feats[j].qi - feats[p[1]].qi
			return di*dj <= 0
		}
		for _, c := range cands {
			if linked[c.i] || linked[c.j] {
				continue
			}
			ok := true
			for _, p := range fixed {
				if crosses(c.i, c.j, p) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			fixed = append(fixed, [2]int{c.i, c.j})
			linked[c.i], linked[c.j] = true, true
			out = append(out, c)
		}
	}
	return out
}

// named reports whether a speaker is a named person or body ("Vladimir
// Putin", "Reuters") rather than a description ("officials", "the
// ministry"), whose remarks at the same place of two articles may be
// anyone's.
func named(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// prefixLen is the length of the word prefixes the prefilter compares: long
// enough to be selective, short enough to match inflected forms.
const prefixLen = 5

// prefixKey returns the prefilter key of a lower-case word.
func prefixKey(w string) string {
	if len(w) > prefixLen {
		return w[:prefixLen]
	}
	return w
}

// prefixSet holds prefix keys, each packed with its length in a uint64.
type prefixSet map[uint64]struct{}

func packPrefix(k []byte) uint64 {
	v := uint64(len(k)) << (8 * prefixLen)
	for i, b := range k {
		v |= uint64(b) << (8 * i)
	}
	return v
}

func (ps prefixSet) add(k string) { ps[packPrefix([]byte(k))] = struct{}{} }

// prefixWord is a word of four letters or more of a quote: the packed
// prefix key it is looked up by, and where the word starts in the text.
type prefixWord struct {
	key   uint64
	start int
}

// prefixWords returns the words of s (at offset base in its text) that
// sharesPrefixes looks up, in order.
func prefixWords(s string, base int) []prefixWord {
	var out []prefixWord
	var buf [prefixLen]byte
	for i := 0; i < len(s); {
		c := s[i]
		if !isASCIIWord(c) {
			i++
			continue
		}
		j := i
		for j < len(s) && (isASCIIWord(s[j]) || s[j] >= 0x80) {
			j++
		}
		if j-i >= 4 {
			k := 0
			for m := i; m < j && k < prefixLen; m++ {
				b := s[m]
				if 'A' <= b && b <= 'Z' {
					b += 'a' - 'A'
				}
				buf[k] = b
				k++
			}
			out = append(out, prefixWord{key: packPrefix(buf[:k]), start: base + i})
		}
		i = j
	}
	return out
}

// prefixes returns the prefixWords of quote qi of d, computed on first use:
// a Doc kept in a window of recent articles is checked against every story
// analysed while it stays there.
func (d *Doc) prefixes(qi int) []prefixWord {
	q := &d.Quotes[qi]
	p := &d.cache().pre[qi]
	if p.words == nil || p.span != q.Span {
		p.span, p.words = q.Span, prefixWords(q.Span.Slice(d.Article.Text), q.Span.Start)
		if p.words == nil {
			p.words = []prefixWord{}
		}
	}
	return p.words
}

// sharesPrefixes reports whether at least n distinct words (of text) have
// their prefix key in keys; words whose prefixes are the same but for case
// count once.
func sharesPrefixes(words []prefixWord, text string, keys prefixSet, n int) bool {
	var seen [8]string
	found := 0
	for _, w := range words {
		if _, ok := keys[w.key]; !ok {
			continue
		}
		key := text[w.start : w.start+int(w.key>>(8*prefixLen))]
		dup := false
		for _, x := range seen[:min(found, len(seen))] {
			if strings.EqualFold(x, key) {
				dup = true
			}
		}
		if !dup {
			if found < len(seen) {
				seen[found] = key
			}
			found++
			if found >= n {
				return true
			}
		}
	}
	return false
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// tokenBuf recycles prepare's token buffers.
var tokenBuf = sync.Pool{New: func() any { return new([]text.Token) }}

// prepare tokenizes quote qi of d.
func prepare(d *Doc, qi int) *qfeat {
	q := &d.Quotes[qi]
	f := &qfeat{qi: qi, q: q}
	t := d.Article.Text
	if !q.Span.Valid(len(t)) {
		return f
	}
	buf := tokenBuf.Get().(*[]text.Token)
	toks := text.AppendTokens((*buf)[:0], q.Span.Slice(t), q.Span.Start)
	f.words = make([]word, 0, len(toks))
	var stems []string // every stem, in order, repeats included
	for _, tk := range toks {
		w := word{span: tk.Span, lower: foldKey(strings.ReplaceAll(tk.Lower, "’", "'"))}
		if tk.Number {
			w.stem = numberFold.Replace(w.lower)
			if !slices.Contains(stems, w.stem) {
				f.numbers = append(f.numbers, w.stem)
			}
		} else if !text.IsStopWord(w.lower) && len(w.lower) > 1 {
			w.stem = text.Stem(text.USSpelling(strings.TrimSuffix(w.lower, "'s")))
		}
		if w.stem != "" {
			stems = append(stems, w.stem)
			w.key = xxh3.HashString(w.stem) &^ 1
		} else {
			w.key = xxh3.HashString(w.lower) | 1
		}
		f.words = append(f.words, w)
	}
	if cap(toks) <= 1<<14 { // a huge quote's buffer is not kept
		clear(toks) // drop the references to the text before pooling
		*buf = toks[:0]
		tokenBuf.Put(buf)
	}
	slices.Sort(stems)
	f.stems = slices.Clip(slices.Compact(stems))
	f.norm = normQuote(q.Span.Slice(t))
	return f
}

// numberFold drops the separators of a number ("10,000" → "10000").
var numberFold = strings.NewReplacer(",", "", "%", "")

// FoldNumber writes a number as quote linking compares numbers: without
// its separators ("10,000" → "10000").
func FoldNumber(n string) string { return numberFold.Replace(n) }

// quoteFold unifies quotation glyphs.
var quoteFold = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "…", "...")

// normQuote folds space and quotation glyphs so that verbatim copies
// compare equal.
func normQuote(s string) string {
	s = quoteFold.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// similarity returns the IDF-weighted Dice coefficient of the two quotes'
// stems (the weighted containment of the shorter when it is a truncation
// of the longer), halved when both quote numbers and none agree, and the
// number of shared stems.
func similarity(a, b *qfeat, idf []float64) (float64, int) {
	var ws float64
	shared := 0
	i, j := 0, 0
	for i < len(a.ids) && j < len(b.ids) {
		x, y := a.ids[i], b.ids[j]
		switch {
		case x == y:
			ws += idf[x]
			shared++
			i++
			j++
		case x < y:
			i++
		default:
			j++
		}
	}
	if shared == 0 || a.weight == 0 || b.weight == 0 {
		return 0, 0
	}
	s := 2 * ws / (a.weight + b.weight)
	// A truncation keeps every content stem of the shorter quote, which is
	// cheap to check before aligning.
	if short := min(len(a.words), len(b.words)); short >= 4 && len(a.words) != len(b.words) && shared == min(len(a.ids), len(b.ids)) {
		contain := ws / math.Min(a.weight, b.weight)
		if contain > s && float64(len(align(a.words, b.words))) >= truncatedMin*float64(short) {
			s = contain
		}
	}
	if len(a.numbers) > 0 && len(b.numbers) > 0 && !intersects(a.numbers, b.numbers) {
		s /= 2
	}
	return math.Min(1, s), shared
}

func intersects(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// accept decides whether two quotes are variants of each other.
func accept(a, b *qfeat, score float64, shared int) bool {
	ka, kb := a.key, b.key
	switch {
	case ka == "" || kb == "":
		return score >= UnknownSpeakerMin && shared >= 3
	case sameFeatKey(a, b):
		return score >= SameSpeakerMin && shared >= 2
	}
	return false
}

// nearVerbatim reports whether two quotes say the same long sentence near
// word for word: similarity ≥ VerbatimMin, VerbatimStems shared stems or
// more.
func nearVerbatim(score float64, shared int) bool {
	return score >= VerbatimMin && shared >= VerbatimStems
}

// crossSpeaker reports whether quote b of another story, attributed to
// another speaker than story quote a, is a variant of a all the same: the
// two say the same long sentence near word for word (nearVerbatim), the
// sentence is rare (at least RareStems of the shared stems are used by at
// most RareShare of the Background's articles), b's article came first
// (precedes), and it carries the whole sentence around a, words outside
// the quote included (sentenceCopied). Stock phrases ("our thoughts and
// prayers are with the victims and their families") are said by many
// people about many events: their words are common, or they come in
// sentences of their own; Link also refuses a sentence that more than
// StockStories other stories carry.
func (l Linker) crossSpeaker(a, b *qfeat, docs []*Doc, score float64, shared int) bool {
	if l.Background == nil || !nearVerbatim(score, shared) || !precedes(docs[b.doc].Article, docs[a.doc].Article) {
		return false
	}
	rare := 0
	for i, j := 0, 0; i < len(a.ids) && j < len(b.ids) && rare < RareStems; {
		switch x, y := a.ids[i], b.ids[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			if l.Background(a.stems[i]) <= RareShare {
				rare++
			}
			i++
			j++
		}
	}
	return rare >= RareStems && sentenceCopied(a.q.Span, docs[a.doc].Article, docs[b.doc].Article)
}

// sentenceCopied reports whether the sentences of article a that hold the
// quote at q have words outside it (an attribution, the words leading to
// it) and stand in article b word for word, quotation glyphs and spaces
// folded: b carries the passage, not only words that anyone might say.
func sentenceCopied(q news.Span, a, b *news.Article) bool {
	sents := a.Sentences
	if len(sents) == 0 {
		sents = text.Sentences(a.Text)
	}
	start, end := q.Start, q.End
	for _, s := range sents {
		if !s.Span.Valid(len(a.Text)) {
			continue
		}
		if s.Span.Start <= q.Start && q.Start < s.Span.End {
			start = min(start, s.Span.Start)
		}
		if s.Span.Start < q.End && q.End <= s.Span.End {
			end = max(end, s.Span.End)
		}
	}
	if !hasWord(a.Text[start:q.Start]) && !hasWord(a.Text[q.End:end]) {
		return false
	}
	return strings.Contains(normQuote(b.Text), normQuote(a.Text[start:end]))
}

// hasWord reports whether s holds a letter or a digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// precedes reports whether article b came before a: published earlier, or
// at the same time (both undated included) with a smaller ID, as stores
// number articles in the order they arrive. An undated article does not
// precede a dated one, nor a dated one an undated one.
func precedes(b, a *news.Article) bool {
	if a.Published.IsZero() != b.Published.IsZero() {
		return false
	}
	if !a.Published.Equal(b.Published) {
		return b.Published.Before(a.Published)
	}
	return b.ID < a.ID
}

// speakersMatch reports whether accept may take a and b at some score:
// either speaker unknown, or both the same.
func speakersMatch(a, b *qfeat) bool {
	ka, kb := a.key, b.key
	return ka == "" || kb == "" || sameFeatKey(a, b)
}

// sameFeatKey is sameKey(a.key, b.key), with the keys' spaces looked for
// once in Link.
func sameFeatKey(a, b *qfeat) bool { return keysMatch(a.key, b.key, a.oneWord, b.oneWord) }

// sameKey reports whether two speaker keys name the same person: equal, or
// one is a single word that ends or starts the other.
func sameKey(a, b string) bool {
	return keysMatch(a, b, !strings.Contains(a, " "), !strings.Contains(b, " "))
}

// keysMatch is sameKey with each key's "is one word" known, without
// building strings.
func keysMatch(a, b string, aOne, bOne bool) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b, aOne = b, a, bOne
	}
	n := len(b) - len(a)
	return aOne && n > 0 && (b[n-1] == ' ' && b[n:] == a || b[len(a)] == ' ' && b[:len(a)] == a)
}

// otherOutlet reports whether b was published by another outlet than a, or
// is another article when an outlet is unknown.
func otherOutlet(a, b *news.Article) bool {
	if a.Outlet == "" || b.Outlet == "" {
		return a != b
	}
	return !strings.EqualFold(a.Outlet, b.Outlet)
}

// earlierBy reports whether b is dated earlier than a by more than d.
func earlierBy(b, a *news.Article, d time.Duration) bool {
	if a.Published.IsZero() || b.Published.IsZero() {
		return false
	}
	return a.Published.Sub(b.Published) > d
}

// makeLink builds the link from a to b: its kind and aligned words.
func makeLink(a, b *qfeat, docs []*Doc, score float64, same bool) news.QuoteLink {
	l := news.QuoteLink{
		From:      news.QuoteRef{ArticleID: docs[a.doc].Article.ID, Index: a.q.Index},
		To:        news.QuoteRef{ArticleID: docs[b.doc].Article.ID, Index: b.q.Index},
		SameStory: same,
	}
	pairs := align(a.words, b.words)
	l.Kind = variantKind(a, b, len(pairs))
	if l.Kind == news.VariantVerbatim || l.Kind == news.VariantRepunctuated {
		score = 1
	}
	l.Score = score
	l.Aligned = spanPairs(a.words, b.words, pairs)
	return l
}

// variantKind classifies a pair of variants by how their words differ;
// lcs is the number of words they share in order.
func variantKind(a, b *qfeat, lcs int) string {
	if a.norm == b.norm {
		return news.VariantVerbatim
	}
	na, nb := len(a.words), len(b.words)
	if na == nb && lcs == na {
		return news.VariantRepunctuated
	}
	if short := min(na, nb); short > 0 && na != nb && lcs == short {
		return news.VariantTruncated
	}
	return news.VariantReworded
}

// lcsBuf recycles align's tables.
var lcsBuf = sync.Pool{New: func() any { return new([]int32) }}

// align returns the index pairs of the longest common subsequence of the
// two word lists, matching stop words by their lower-case form and other
// words by their stem.
func align(a, b []word) [][2]int {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	eq := func(i, j int) bool {
		if a[i].key != b[j].key {
			return false
		}
		if a[i].stem != "" || b[j].stem != "" {
			return a[i].stem == b[j].stem
		}
		return a[i].lower == b[j].lower
	}
	// dp[i][j] = LCS of a[i:] and b[j:], in one flat slice.
	pooled := lcsBuf.Get().(*[]int32)
	if cap(*pooled) < (n+1)*(m+1) {
		*pooled = make([]int32, (n+1)*(m+1))
	}
	if cap(*pooled) <= 1<<20 { // two huge quotes' table is not kept
		defer lcsBuf.Put(pooled)
	}
	dp := (*pooled)[:(n+1)*(m+1)]
	clear(dp)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if eq(i, j) {
				dp[i*(m+1)+j] = dp[(i+1)*(m+1)+j+1] + 1
			} else {
				dp[i*(m+1)+j] = max(dp[(i+1)*(m+1)+j], dp[i*(m+1)+j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case eq(i, j):
			out = append(out, [2]int{i, j})
			i++
			j++
		case dp[(i+1)*(m+1)+j] >= dp[i*(m+1)+j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// spanPairs merges runs of consecutive aligned words into span pairs.
func spanPairs(a, b []word, pairs [][2]int) []news.SpanPair {
	var out []news.SpanPair
	for k := 0; k < len(pairs); {
		e := k + 1
		for e < len(pairs) && pairs[e][0] == pairs[e-1][0]+1 && pairs[e][1] == pairs[e-1][1]+1 {
			e++
		}
		out = append(out, news.SpanPair{
			From: news.Span{Start: a[pairs[k][0]].span.Start, End: a[pairs[e-1][0]].span.End},
			To:   news.Span{Start: b[pairs[k][1]].span.Start, End: b[pairs[e-1][1]].span.End},
		})
		k = e
	}
	return out
}
