package reuse

import (
	"slices"

	"github.com/zeebo/xxh3"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// DefaultReworded is the default least judge score of a reworded sentence
// pair. It is below the judge's MRPC threshold on purpose: MRPC asks for
// strict equivalence, while a rewrite may add or drop a clause and still
// reuse the sentence. Such rewrites score 0.25 to 0.45, while sentences of
// one story that share only names and topic words score below 0.05.
const DefaultReworded = 0.2

// AlignOptions tunes Align, Provenance and Unmatched. Zero fields take the
// defaults.
type AlignOptions struct {
	// Seed is the number of consecutive words that must match to start a
	// verbatim run (default 5).
	Seed int
	// MaxGap is the largest number of unmatched words, on each side, between
	// two runs merged into one edited passage, and at a sentence edge that a
	// passage is stretched over (default 4).
	MaxGap int
	// MinWords is the fewest matched words a verbatim or edited passage needs
	// unless it covers a whole sentence (default 8).
	MinWords int
	// Reworded is the least paraphrase score of a reworded sentence pair
	// (default DefaultReworded). A negative value turns reworded detection
	// off.
	Reworded float64
	// MinShared is the fewest content-word stems a reworded sentence pair
	// must share (default 2), so that the judge only sees pairs that match
	// beyond chance.
	MinShared int
	// Judge scores sentence pairs; nil means DefaultParaphrase.
	Judge *Paraphrase
	// Found is the share of a sentence's bytes that passages must cover for
	// the sentence to count as found in the other article (default 0.5).
	Found float64
	// NearDuplicate is the least estimated Jaccard similarity of word
	// shingles for Provenance to list an article as a near-duplicate
	// (default 0.5).
	NearDuplicate float64
	// Signatures, when set, returns the signature of an article's text
	// (Sign with the default IndexOptions) that the caller holds already,
	// as an Index does, or nil: Provenance signs the others itself.
	Signatures func(id int64) Signature
	// Pairs, when set, remembers the passages Provenance found between two
	// articles, by the content of both, so that a story analysed again as
	// it grows aligns only its new pairs. A cache must be used with one
	// set of options only.
	Pairs *PairCache
}

// PairCache remembers aligned passages by the content of the two articles;
// see AlignOptions.Pairs. It also remembers the paraphrase judge's score of
// sentence pairs by the texts of the two sentences: the same sentences meet
// again in other pairs of articles (wire copies, rewrites of rewrites).
type PairCache struct {
	c      *memo.Cache[[2]memo.Key, []news.Passage]
	judged *memo.Cache[[2]uint64, float64]
}

// NewPairCache returns a cache of at most n article pairs (and 4n
// sentence pairs).
func NewPairCache(n int) *PairCache {
	return &PairCache{c: memo.New[[2]memo.Key, []news.Passage](n), judged: memo.New[[2]uint64, float64](4 * n)}
}

// judge returns the judge's score of sentence sa of a with sentence sb of
// b. A sentence's features depend on its text alone (see doc.feat), so
// the score is remembered under the hashes of the two texts.
func (pc *PairCache) judge(a *doc, sa int, b *doc, sb int, j *Paraphrase) float64 {
	score := func() float64 { return j.scoreFeat(a.feat(sa, j), b.feat(sb, j)) }
	if pc == nil {
		return score()
	}
	return pc.judged.Do([2]uint64{a.sentKey(sa), b.sentKey(sb)}, score)
}

// align returns alignDocs(a, b, opts), from the cache when it has the
// pair; the result is the caller's own.
func (pc *PairCache) align(ka, kb memo.Key, a, b *doc, opts AlignOptions) []news.Passage {
	if pc == nil {
		return alignDocs(a, b, opts)
	}
	return slices.Clone(pc.c.Do([2]memo.Key{ka, kb}, func() []news.Passage { return alignDocs(a, b, opts) }))
}

func (o AlignOptions) withDefaults() AlignOptions {
	if o.Seed <= 0 {
		o.Seed = 5
	}
	if o.MaxGap <= 0 {
		o.MaxGap = 4
	}
	if o.MinWords <= 0 {
		o.MinWords = 8
	}
	if o.MinShared <= 0 {
		o.MinShared = 2
	}
	if o.Found <= 0 {
		o.Found = 0.5
	}
	if o.NearDuplicate <= 0 {
		o.NearDuplicate = 0.5
	}
	if o.Judge == nil && o.Reworded >= 0 {
		// A broken embedded model is caught by the package tests; at run
		// time it only turns reworded detection off.
		if j, err := DefaultParaphrase(); err == nil {
			o.Judge = j
		} else {
			o.Reworded = -1
		}
	}
	if o.Reworded == 0 {
		o.Reworded = DefaultReworded
	}
	return o
}

// doc is an article prepared for alignment: its sentences and tokens, with
// per-sentence features computed on demand.
type doc struct {
	text   string
	sents  []news.Sentence
	toks   []text.Token
	keys   []uint64 // xxh3 of each token's lower-case form
	sentOf []int32  // token → sentence
	sentLo []int32  // sentence → first token; sentLo[len(sents)] = len(toks)
	feats  []*sentFeat
	stems  [][]uint64 // sorted unique content stems a sentence, on demand
	skeys  []uint64   // xxh3 of a sentence's text (0: not yet), on demand
	// words remembers the stem hash of each word by its key (see
	// sentStems); the documents Provenance compares share one.
	words  map[uint64]wordStem
	credit []bool             // sentences that are credit lines ("Reporting by X"), not content
	posts  map[uint64][]int32 // see stemPosts
	// seedK, seedHead and seedNext index the seedK-word shingles (see
	// seedIndex).
	seedK    int
	seedHead map[uint64]int32
	seedNext []int32
}

// prepare tokenizes an article sentence by sentence. It uses the article's
// sentences when they are valid spans in order, and segments the text
// otherwise.
func prepare(a *news.Article) *doc {
	d := &doc{text: a.Text, sents: a.Sentences}
	if !validSentences(d.sents, len(d.text)) {
		d.sents = text.Sentences(d.text)
		if !validSentences(d.sents, len(d.text)) {
			d.sents = nil
		}
	}
	d.sentLo = make([]int32, len(d.sents)+1)
	d.toks = make([]text.Token, 0, len(d.text)/6+1)
	for i, s := range d.sents {
		d.sentLo[i] = int32(len(d.toks))
		d.toks = text.AppendTokens(d.toks, d.text[s.Span.Start:s.Span.End], s.Span.Start)
		for len(d.sentOf) < len(d.toks) {
			d.sentOf = append(d.sentOf, int32(i))
		}
	}
	d.sentLo[len(d.sents)] = int32(len(d.toks))
	d.keys = tokenKeys(d.toks)
	d.feats = make([]*sentFeat, len(d.sents))
	d.stems = make([][]uint64, len(d.sents))
	d.skeys = make([]uint64, len(d.sents))
	if len(a.Credits) > 0 {
		d.credit = make([]bool, len(d.sents))
		for i, s := range d.sents {
			for _, c := range a.Credits {
				if lo, hi := max(s.Span.Start, c.Span.Start), min(s.Span.End, c.Span.End); 2*(hi-lo) >= s.Span.Len() {
					d.credit[i] = true
				}
			}
		}
	}
	return d
}

// isCredit says whether sentence i is a credit line.
func (d *doc) isCredit(i int) bool { return d.credit != nil && d.credit[i] }

func validSentences(ss []news.Sentence, n int) bool {
	if len(ss) == 0 {
		return false
	}
	prev := 0
	for _, s := range ss {
		if !s.Span.Valid(n) || s.Span.Start < prev {
			return false
		}
		prev = s.Span.End
	}
	return true
}

// sentToks returns the tokens of sentence s.
func (d *doc) sentToks(s int) []text.Token { return d.toks[d.sentLo[s]:d.sentLo[s+1]] }

// sentKey returns the hash of the text of sentence s.
func (d *doc) sentKey(s int) uint64 {
	if d.skeys[s] == 0 {
		d.skeys[s] = xxh3.HashString(d.sents[s].Span.Slice(d.text)) | 1
	}
	return d.skeys[s]
}

// feat returns the judge's features of sentence s, which are those of its
// tokens, themselves those of its text.
func (d *doc) feat(s int, j *Paraphrase) *sentFeat {
	if d.feats[s] == nil {
		lo, hi := d.sentLo[s], d.sentLo[s+1]
		d.feats[s] = j.features(d.toks[lo:hi], d.keys[lo:hi:hi])
	}
	return d.feats[s]
}

// wordStem is what sentStems needs of a word: whether it is a stop word,
// else the hash of its stem.
type wordStem struct {
	stop bool
	h    uint64
}

func (d *doc) sentStems(s int) []uint64 {
	if d.stems[s] == nil {
		if d.words == nil {
			d.words = map[uint64]wordStem{}
		}
		st := make([]uint64, 0, 16)
		lo := int(d.sentLo[s])
		for i, t := range d.sentToks(s) {
			w, ok := d.words[d.keys[lo+i]]
			if !ok {
				w.stop = text.IsStopWord(t.Lower)
				if !w.stop {
					w.h = stemHash(t.Lower)
				}
				d.words[d.keys[lo+i]] = w
			}
			if !w.stop {
				st = append(st, w.h)
			}
		}
		d.stems[s] = sortUnique(st)
	}
	return d.stems[s]
}

// stemPosts returns the sentences of d that have words and are not credit
// lines, by content stem, each list in sentence order: built once, for
// every article d is compared with.
func (d *doc) stemPosts() map[uint64][]int32 {
	if d.posts == nil {
		d.posts = map[uint64][]int32{}
		for s := range d.sents {
			if d.sentLo[s+1] == d.sentLo[s] || d.isCredit(s) {
				continue
			}
			for _, h := range d.sentStems(s) {
				d.posts[h] = append(d.posts[h], int32(s))
			}
		}
	}
	return d.posts
}

// run is a verbatim match of n tokens: a.toks[a:a+n] equal b.toks[b:b+n].
type run struct{ a, b, n int }

// side is one of the two documents a run matches: sideA or sideB.
type side bool

const (
	sideA side = false
	sideB side = true
)

// at is r's first token in the document of side s.
func (r run) at(s side) int {
	if s == sideB {
		return r.b
	}
	return r.a
}

// cand is a candidate passage: token runs plus the byte spans after edges
// are snapped to sentence boundaries.
type cand struct {
	runs         []run
	aSpan, bSpan news.Span // snapped
	aTok, bTok   news.Span // first token start to last token end
	kind         string
	score        float64
	matched      int
}

// Align finds the passages of a that reuse b: verbatim runs (seed-and-extend
// on word shingles), light edits (runs separated by a few inserted, deleted
// or substituted words, kind edited), and reworded or translated rewrites at
// sentence level (kind reworded): sentence pairs that share content-word
// stems beyond chance and that the paraphrase judge accepts.
//
// Every passage has byte spans on both sides (Span into a.Text, SourceSpan
// into b.Text), a kind and a score (1 for verbatim, the share of matched
// words for edited, the judge's score for reworded). Passages are sorted by
// Span and overlap neither on a's side nor on b's. ArticleID is a.ID,
// SourceID b.ID, and SameStory tells whether both have the same StoryID.
//
// Sentence spans come from Article.Sentences, or from text.Sentences when
// those are missing or invalid.
func Align(a, b *news.Article, opts AlignOptions) []news.Passage {
	opts = opts.withDefaults()
	da, db := prepare(a), prepare(b)
	ps := alignDocs(da, db, opts)
	for i := range ps {
		ps[i].ArticleID = a.ID
		ps[i].SourceID = b.ID
		ps[i].SameStory = a.StoryID == b.StoryID
	}
	return ps
}

// alignDocs is Align on prepared documents; IDs are left to the caller.
func alignDocs(a, b *doc, opts AlignOptions) []news.Passage {
	runs := findRuns(a, b, opts.Seed)
	var cands []cand
	for _, g := range groupRuns(runs, opts.MaxGap) {
		g = trimRuns(g, a, b)
		if len(g) == 0 {
			continue
		}
		c := makeCand(g, a, b, opts)
		if c.matched >= opts.MinWords || coversSentence(g, a) {
			cands = append(cands, c)
		}
	}
	accepted := resolve(cands)
	out := make([]news.Passage, 0, len(accepted))
	for _, c := range accepted {
		out = append(out, news.Passage{Span: c.aSpan, SourceSpan: c.bSpan, Kind: c.kind, Score: c.score})
	}
	if opts.Reworded >= 0 && opts.Judge != nil {
		out = append(out, reworded(a, b, out, opts)...)
	}
	slices.SortFunc(out, func(x, y news.Passage) int { return x.Span.Start - y.Span.Start })
	return out
}

// maxChain bounds the positions of b tried for one seed, so that highly
// repetitive texts stay linear.
const maxChain = 32

// findRuns returns maximal verbatim runs of at least k tokens, disjoint and
// in order on a's side: for each position of a, the seed of k words is
// looked up among b's seeds and extended forward as far as the words agree.
func findRuns(a, b *doc, k int) []run {
	na, nb := len(a.keys), len(b.keys)
	if na < k || nb < k {
		return nil
	}
	head, next := b.seedIndex(k)
	var runs []run
	prevEnd := -1
	for i := 0; i+k <= na; {
		h := shingleHash(a.keys[i : i+k])
		p, ok := head[h]
		best, bestJ := 0, -1
		for tries := 0; ok && p >= 0 && tries < maxChain; tries++ {
			j := int(p)
			p = next[j]
			if !slices.Equal(a.keys[i:i+k], b.keys[j:j+k]) {
				continue
			}
			n := k
			for i+n < na && j+n < nb && a.keys[i+n] == b.keys[j+n] {
				n++
			}
			// Prefer the longest; among equals, the one that continues the
			// previous run.
			if n > best || (n == best && j == prevEnd) {
				best, bestJ = n, j
			}
		}
		if best == 0 {
			i++
			continue
		}
		runs = append(runs, run{a: i, b: bestJ, n: best})
		prevEnd = bestJ + best
		i += best
	}
	return runs
}

// seedIndex returns the index of d's k-word shingles (k <= len(d.keys)):
// head holds the first position of each shingle hash, next the position of
// the next shingle with the same hash (-1: none). It is built once for
// every article d is compared with.
func (d *doc) seedIndex(k int) (head map[uint64]int32, next []int32) {
	if d.seedHead != nil && d.seedK == k {
		return d.seedHead, d.seedNext
	}
	n := len(d.keys)
	head = make(map[uint64]int32, n)
	next = make([]int32, n-k+1)
	for j := n - k; j >= 0; j-- {
		h := shingleHash(d.keys[j : j+k])
		if p, ok := head[h]; ok {
			next[j] = p
		} else {
			next[j] = -1
		}
		head[h] = int32(j)
	}
	d.seedK, d.seedHead, d.seedNext = k, head, next
	return head, next
}

// groupRuns splits runs (in a order) into groups of runs that follow each
// other on both sides with gaps of at most maxGap words.
func groupRuns(runs []run, maxGap int) [][]run {
	var out [][]run
	for i := 0; i < len(runs); {
		j := i + 1
		for j < len(runs) {
			p, r := runs[j-1], runs[j]
			ga, gb := r.a-(p.a+p.n), r.b-(p.b+p.n)
			if ga < 0 || gb < 0 || ga > maxGap || gb > maxGap {
				break
			}
			j++
		}
		out = append(out, runs[i:j])
		i = j
	}
	return out
}

// trimRuns cuts a group's edges where they only graze a sentence: a group
// that runs on into the next sentence of a by less than half of it (a chance
// continuation such as a shared "The"), or starts in the tail of a sentence,
// loses that part. On b's side only a graze of one or two words is cut, since
// a may quote part of a b sentence.
func trimRuns(g []run, a, b *doc) []run {
	g = slices.Clone(g)
	first := func() int { return g[0].a }
	last := func() int { r := g[len(g)-1]; return r.a + r.n }
	// a side, head.
	if s := a.sentOf[first()]; int(a.sentLo[s+1]) < last() {
		hi := int(a.sentLo[s+1])
		if 2*matchedIn(g, first(), hi) < hi-int(a.sentLo[s]) {
			g = cutBefore(g, sideA, hi)
		}
	}
	if len(g) == 0 {
		return nil
	}
	// a side, tail.
	if s := a.sentOf[last()-1]; int(a.sentLo[s]) > first() {
		lo := int(a.sentLo[s])
		if 2*matchedIn(g, lo, last()) < int(a.sentLo[s+1])-lo {
			g = cutFrom(g, sideA, lo)
		}
	}
	if len(g) == 0 {
		return nil
	}
	// b side, head and tail: grazes of at most two words.
	fb := g[0].b
	if s := b.sentOf[fb]; int(b.sentLo[s+1])-fb <= 2 && int(b.sentLo[s+1]) < g[len(g)-1].b+g[len(g)-1].n {
		g = cutBefore(g, sideB, int(b.sentLo[s+1]))
	}
	if len(g) == 0 {
		return nil
	}
	lr := g[len(g)-1]
	if s := b.sentOf[lr.b+lr.n-1]; lr.b+lr.n-int(b.sentLo[s]) <= 2 && int(b.sentLo[s]) > g[0].b {
		g = cutFrom(g, sideB, int(b.sentLo[s]))
	}
	return g
}

// matchedIn counts the run tokens of g inside a's token range [lo, hi).
func matchedIn(g []run, lo, hi int) int {
	n := 0
	for _, r := range g {
		s, e := max(r.a, lo), min(r.a+r.n, hi)
		if e > s {
			n += e - s
		}
	}
	return n
}

// cutBefore drops the tokens of g before token p of side s.
func cutBefore(g []run, s side, p int) []run {
	var out []run
	for _, r := range g {
		at := r.at(s)
		if at+r.n <= p {
			continue
		}
		if at < p {
			d := p - at
			r = run{a: r.a + d, b: r.b + d, n: r.n - d}
		}
		out = append(out, r)
	}
	return out
}

// cutFrom drops the tokens of g from token p of side s on.
func cutFrom(g []run, s side, p int) []run {
	var out []run
	for _, r := range g {
		at := r.at(s)
		if at >= p {
			break
		}
		if at+r.n > p {
			r.n = p - at
		}
		out = append(out, r)
	}
	return out
}

// coversSentence reports whether the group covers every token of one of a's
// sentences.
func coversSentence(g []run, a *doc) bool {
	lo, hi := g[0].a, g[len(g)-1].a+g[len(g)-1].n
	for s := a.sentOf[lo]; int(s) < len(a.sents) && int(a.sentLo[s]) < hi; s++ {
		if int(a.sentLo[s]) >= lo && int(a.sentLo[s+1]) <= hi && a.sentLo[s+1] > a.sentLo[s] {
			return true
		}
	}
	return false
}

// makeCand turns a group of runs into a passage candidate, stretching its
// edges to the sentence boundaries over punctuation, and over up to MaxGap
// unmatched words when both sides have that few left before the boundary.
func makeCand(g []run, a, b *doc, opts AlignOptions) cand {
	c := cand{runs: g}
	aLo, bLo := g[0].a, g[0].b
	l := g[len(g)-1]
	aHi, bHi := l.a+l.n, l.b+l.n
	for _, r := range g {
		c.matched += r.n
	}
	c.aTok = news.Span{Start: a.toks[aLo].Span.Start, End: a.toks[aHi-1].Span.End}
	c.bTok = news.Span{Start: b.toks[bLo].Span.Start, End: b.toks[bHi-1].Span.End}
	c.aSpan, c.bSpan = c.aTok, c.bTok
	stretched := false

	sa, sb := a.sentOf[aLo], b.sentOf[bLo]
	ta, tb := aLo-int(a.sentLo[sa]), bLo-int(b.sentLo[sb])
	if ta == 0 || (ta <= opts.MaxGap && tb <= opts.MaxGap) {
		c.aSpan.Start = a.sents[sa].Span.Start
		aLo -= ta
		stretched = stretched || ta > 0
	}
	if tb == 0 || (ta <= opts.MaxGap && tb <= opts.MaxGap) {
		c.bSpan.Start = b.sents[sb].Span.Start
		bLo -= tb
		stretched = stretched || tb > 0
	}
	ea, eb := a.sentOf[aHi-1], b.sentOf[bHi-1]
	ta, tb = int(a.sentLo[ea+1])-aHi, int(b.sentLo[eb+1])-bHi
	if ta == 0 || (ta <= opts.MaxGap && tb <= opts.MaxGap) {
		c.aSpan.End = a.sents[ea].Span.End
		aHi += ta
		stretched = stretched || ta > 0
	}
	if tb == 0 || (ta <= opts.MaxGap && tb <= opts.MaxGap) {
		c.bSpan.End = b.sents[eb].Span.End
		bHi += tb
		stretched = stretched || tb > 0
	}
	if len(g) == 1 && !stretched {
		c.kind, c.score = news.PassageVerbatim, 1
		return c
	}
	c.kind = news.PassageEdited
	c.score = 2 * float64(c.matched) / float64(aHi-aLo+bHi-bLo)
	if len(g) > 1 && c.score == 1 {
		// Runs that abut on both sides: still the same words.
		c.kind = news.PassageVerbatim
	}
	return c
}

// resolve keeps the candidates that overlap no better one on either side,
// best (most matched words) first, falling back to a candidate's unstretched
// spans when its stretched edges collide. The result is sorted by a span.
func resolve(cands []cand) []cand {
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cands[y].matched - cands[x].matched })
	var acc []cand
	free := func(as, bs news.Span) bool {
		for _, o := range acc {
			if o.aSpan.Overlaps(as) || o.bSpan.Overlaps(bs) {
				return false
			}
		}
		return true
	}
	for _, i := range order {
		c := cands[i]
		switch {
		case free(c.aSpan, c.bSpan):
		case free(c.aTok, c.bTok):
			c.aSpan, c.bSpan = c.aTok, c.bTok
		default:
			continue
		}
		acc = append(acc, c)
	}
	slices.SortFunc(acc, func(x, y cand) int { return x.aSpan.Start - y.aSpan.Start })
	return acc
}

// reworded pairs the sentences that no passage touches, on both sides, by
// the paraphrase judge: a sentence of a is compared with the sentences of b
// that share at least MinShared content stems with it, and at least a
// quarter of the smaller sentence's (the best four by shared stems), and
// pairs scoring at least opts.Reworded are taken best first, each sentence
// at most once.
func reworded(a, b *doc, taken []news.Passage, opts AlignOptions) []news.Passage {
	// Credit lines name who reported, not what: two of them share names
	// and reporting words without one rewriting the other.
	freeA := slices.DeleteFunc(freeSentences(a, taken, func(p news.Passage) news.Span { return p.Span }), a.isCredit)
	freeB := slices.DeleteFunc(freeSentences(b, taken, func(p news.Passage) news.Span { return p.SourceSpan }), b.isCredit)
	if len(freeA) == 0 || len(freeB) == 0 {
		return nil
	}
	// b's sentences by stem, of which the free ones count.
	post := b.stemPosts()
	free := make([]bool, len(b.sents))
	for _, s := range freeB {
		free[s] = true
	}
	type pair struct {
		sa, sb int
		score  float64
	}
	var pairs []pair
	count := make(map[int32]int, 16)
	type cnt struct {
		s int32
		n int
	}
	var top []cnt
	for _, sa := range freeA {
		st := a.sentStems(sa)
		if len(st) < opts.MinShared {
			continue
		}
		clear(count)
		for _, h := range st {
			for _, s := range post[h] {
				if free[s] {
					count[s]++
				}
			}
		}
		top = top[:0]
		for s, n := range count {
			// Beyond chance: enough shared stems, and a fair share of the
			// smaller sentence's stems, before the judge is asked.
			if n >= opts.MinShared && 4*n >= min(len(st), len(b.sentStems(int(s)))) {
				top = append(top, cnt{s, n})
			}
		}
		slices.SortFunc(top, func(x, y cnt) int {
			if x.n != y.n {
				return y.n - x.n
			}
			return int(x.s - y.s)
		})
		if len(top) > 4 {
			top = top[:4]
		}
		for _, t := range top {
			sc := opts.Pairs.judge(a, sa, b, int(t.s), opts.Judge)
			if sc >= opts.Reworded {
				pairs = append(pairs, pair{sa, int(t.s), sc})
			}
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		switch {
		case x.score > y.score:
			return -1
		case x.score < y.score:
			return 1
		case x.sa != y.sa:
			return x.sa - y.sa
		}
		return x.sb - y.sb
	})
	usedA, usedB := map[int]bool{}, map[int]bool{}
	var out []news.Passage
	for _, p := range pairs {
		if usedA[p.sa] || usedB[p.sb] {
			continue
		}
		usedA[p.sa], usedB[p.sb] = true, true
		out = append(out, news.Passage{
			Span:       a.sents[p.sa].Span,
			SourceSpan: b.sents[p.sb].Span,
			Kind:       news.PassageReworded,
			Score:      p.score,
		})
	}
	return out
}

// freeSentences returns the sentences of d that have words and that no taken
// span overlaps.
func freeSentences(d *doc, taken []news.Passage, side func(news.Passage) news.Span) []int {
	var out []int
	for s, sent := range d.sents {
		if d.sentLo[s+1] == d.sentLo[s] {
			continue
		}
		ok := true
		for _, p := range taken {
			if side(p).Overlaps(sent.Span) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, s)
		}
	}
	return out
}
