package stance

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
	"github.com/zeebo/xxh3"
)

// Cue kinds, as bit flags on tokens.
const (
	cueRefute uint8 = 1 << iota
	cueHedge
	cueSupport
	cueNegation
)

// cueWords lists the words of each cue kind. Refuting words deny or debunk
// a claim; hedging words report it without endorsing it; supporting words
// vouch for it; negations flip a sentence's polarity.
var cueWords = map[uint8]string{
	cueRefute: `fake fakes faked fraud fraudulent hoax hoaxes false falsely deny denies denied denying denial
	debunk debunks debunked debunking bogus retract retracts retracted retraction refute refutes refuted
	untrue misleading satire satirical prank pranks fabricated fabrication fictional spoof parody lie lies
	lied incorrect dismiss dismissed dismisses reject rejected rejects contrary myth baseless nonsense
	wrong erroneous phony phoney scam unfounded discredited doubt doubts doubtful skeptical sceptical`,
	cueHedge: `allegedly alleged reportedly reported reports claim claims claimed claiming rumor rumors
	rumour rumours rumored rumoured unconfirmed unverified may might could possibly possible apparently
	suggest suggests suggested purportedly purported supposedly believed speculation speculate
	speculated appears appear seems seem unclear whether uncertain likely unlikely perhaps maybe
	purport circulating circulated viral report`,
	cueSupport: `confirm confirms confirmed confirming confirmation announce announced announces
	official officially verified verify indeed true truth proof proves proved proven evidence
	revealed reveals reveal shows showed footage statement actually`,
	cueNegation: `not no never nobody nothing none neither nor without n't cannot isn't wasn't aren't
	weren't don't doesn't didn't won't wouldn't can't couldn't hasn't haven't hadn't shouldn't`,
}

// cueOf maps the hash of a stem to its cue flags.
var cueOf = func() map[uint64]uint8 {
	m := map[uint64]uint8{}
	for kind, words := range cueWords {
		for _, w := range strings.Fields(words) {
			m[termID(text.Stem(w))] |= kind
			m[termID(w)] |= kind
		}
	}
	return m
}()

func termID(stem string) uint64 { return xxh3.HashString(stem) }

// lexeme is what prepare needs to know of a lower-case word.
type lexeme struct {
	term    uint64 // termID of the stem
	content bool
	cue     uint8
}

// lexicon caches lexemes: one lookup per token instead of a stem, a hash,
// a stop-word and a cue lookup. News vocabularies repeat heavily, so it
// stays small; it is emptied all the same when it reaches lexiconMax
// words, and keeps only words of at most lexiconWord bytes.
var lexicon = memo.New[string, lexeme](lexiconMax)

const (
	lexiconMax  = 1 << 17
	lexiconWord = 40
)

func lookup(lower string) lexeme {
	if lx, ok := lexicon.Get(lower); ok {
		return lx
	}
	id := termID(text.Stem(lower))
	lx := lexeme{term: id, content: !text.IsStopWord(lower), cue: cueOf[id]}
	if strings.HasSuffix(lower, "n't") {
		lx.cue |= cueNegation
	}
	if len(lower) <= lexiconWord { // longer words no vocabulary repeats
		lexicon.Put(strings.Clone(lower), lx)
	}
	return lx
}

// token is one word of a prepared text.
type token struct {
	term    uint64 // hash of the stem
	sent    int32  // index of the sentence
	content bool   // not a stop word
	capital bool   // starts with an upper-case letter
	number  bool
	cue     uint8
}

// sentence is one sentence of a prepared body.
type sentence struct {
	span        news.Span
	first, last int // token range [first, last)
	norm        float64
}

// gramBits is the size of the char-gram bit set of a body: 2^17 bits with
// about 2,000 grams in a typical body gives a false-hit rate near 1.5%.
const gramBits = 17

// prepared is a text analysed once for every claim it is paired with.
type prepared struct {
	text  string
	toks  []token
	sents []sentence
	tf    map[uint64]int32 // content-term counts
	terms []uint64         // distinct content terms in order of first use
	norm  float64          // TF-IDF norm of the whole text
	lead  int              // end of the lead (first sentences) in tokens
	grams []uint64         // char 4-gram bit set (bodies only)
	ents  []uint64         // the most frequent capitalised mid-sentence terms
	// leadTerms are the terms of the lead; bigrams maps each bigram of
	// consecutive terms within a sentence to 1 (in the body), with bit 2
	// set when it occurs in the lead.
	leadTerms map[uint64]bool
	bigrams   map[uint64]uint8
}

// prepare tokenizes, stems and splits text. Bodies also get their char-gram
// set, sentence norms and main entities.
func prepare(s string, idf *idfTable, body bool) *prepared {
	p := &prepared{text: s, tf: map[uint64]int32{}}
	var sents []news.Sentence
	if body {
		sents = text.Sentences(s)
	} else {
		sents = []news.Sentence{{Span: news.Span{Start: 0, End: len(s)}}}
	}
	// A token per 5.2 to 6.5 bytes of news prose (see text.Tokenize).
	p.toks = make([]token, 0, len(s)/5+4)
	p.sents = make([]sentence, 0, len(sents))
	var toks []text.Token
	for si, st := range sents {
		toks = text.AppendTokens(toks[:0], st.Span.Slice(s), st.Span.Start)
		first := len(p.toks)
		for ti, t := range toks {
			lx := lookup(t.Lower)
			id := lx.term
			tk := token{
				term:    id,
				sent:    int32(si),
				content: lx.content,
				capital: isUpper(t.Text),
				number:  t.Number,
				cue:     lx.cue,
			}
			if ti == 0 && body {
				tk.capital = false // sentence-initial capitals say nothing
			}
			if tk.content {
				if p.tf[id] == 0 {
					p.terms = append(p.terms, id)
				}
				p.tf[id]++
			}
			p.toks = append(p.toks, tk)
		}
		p.sents = append(p.sents, sentence{span: st.Span, first: first, last: len(p.toks)})
	}
	// Sums run over slices, never maps, so that float rounding and thus the
	// trained model are the same on every run.
	for _, t := range p.terms {
		w := float64(p.tf[t]) * idf.get(t)
		p.norm += w * w
	}
	p.norm = math.Sqrt(p.norm)
	if !body {
		return p
	}
	// Lead: the first two sentences, or at least 40 tokens.
	p.lead = len(p.toks)
	for i, st := range p.sents {
		if i >= 1 && st.last >= 40 {
			p.lead = st.last
			break
		}
	}
	// Sentence TF-IDF norms.
	var nb normBuf
	for i := range p.sents {
		st := &p.sents[i]
		st.norm = nb.norm(p.toks[st.first:st.last], idf)
	}
	p.leadTerms = make(map[uint64]bool, p.lead)
	for _, t := range p.toks[:p.lead] {
		p.leadTerms[t.term] = true
	}
	p.bigrams = make(map[uint64]uint8, len(p.toks))
	for i := 1; i < len(p.toks); i++ {
		if p.toks[i].sent != p.toks[i-1].sent {
			continue
		}
		k := p.toks[i-1].term*31 + p.toks[i].term
		p.bigrams[k] |= 1
		if i < p.lead {
			p.bigrams[k] |= 2
		}
	}
	p.grams = *gramSets.Get().(*[]uint64)
	forGrams(s, func(h uint32) { p.grams[h>>6] |= 1 << (h & 63) })
	// Main entities: capitalised mid-sentence terms by frequency.
	cnt := map[uint64]int{}
	for _, t := range p.toks {
		if t.capital && t.content && !t.number {
			cnt[t.term]++
		}
	}
	for t := range cnt {
		p.ents = append(p.ents, t)
	}
	slices.SortFunc(p.ents, func(a, b uint64) int {
		if cnt[a] != cnt[b] {
			return cnt[b] - cnt[a]
		}
		if a < b {
			return -1
		}
		return 1
	})
	if len(p.ents) > 5 {
		p.ents = p.ents[:5]
	}
	return p
}

// tfidfNorm returns the TF-IDF norm of the content tokens of toks.
func tfidfNorm(toks []token, idf *idfTable) float64 {
	var nb normBuf
	return nb.norm(toks, idf)
}

// normBuf computes TF-IDF norms, keeping its counting map from one call to
// the next.
type normBuf struct {
	local map[uint64]int32
	order []uint64
}

func (nb *normBuf) norm(toks []token, idf *idfTable) float64 {
	if nb.local == nil {
		nb.local = make(map[uint64]int32, len(toks))
	} else {
		clear(nb.local)
	}
	local := nb.local
	order := nb.order[:0]
	for _, t := range toks {
		if t.content {
			if local[t.term] == 0 {
				order = append(order, t.term)
			}
			local[t.term]++
		}
	}
	nb.order = order
	var n float64
	for _, t := range order {
		w := float64(local[t]) * idf.get(t)
		n += w * w
	}
	return math.Sqrt(n)
}

// gramSets recycles the char-gram bit sets of bodies (see release).
var gramSets = sync.Pool{New: func() any {
	g := make([]uint64, 1<<gramBits/64)
	return &g
}}

// release hands p's char-gram set back for reuse; p must not be used
// after.
func (p *prepared) release() {
	if g := p.grams; g != nil {
		clear(g)
		p.grams = nil
		gramSets.Put(&g)
	}
}

func isUpper(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if c < 0x80 {
		return 'A' <= c && c <= 'Z'
	}
	return strings.ToLower(s[:1]) != s[:1]
}

// forGrams calls fn with the hash (gramBits wide) of every char 4-gram of
// s lower-cased with runs of non-alphanumerics folded to one space.
func forGrams(s string, fn func(uint32)) {
	var w uint32 // the last four bytes
	n := 0
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c >= 0x80:
		default:
			if space {
				continue
			}
			c = ' '
		}
		space = c == ' '
		w = w<<8 | uint32(c)
		n++
		if n >= 4 {
			fn((w * 0x9E3779B1) >> (32 - gramBits))
		}
	}
}

func (p *prepared) hasGram(h uint32) bool { return p.grams[h>>6]&(1<<(h&63)) != 0 }

// idfTable holds inverse document frequencies learnt from training bodies.
type idfTable struct {
	m       map[uint64]float32
	unknown float64 // the IDF of a term no training body has
}

func (t *idfTable) get(term uint64) float64 {
	if t == nil {
		return 1
	}
	if v, ok := t.m[term]; ok {
		return float64(v)
	}
	return t.unknown
}

// buildIDF computes smoothed IDF, log((N+1)/(df+1))+1, over distinct bodies.
func buildIDF(bodies []string) *idfTable {
	df := map[uint64]int{}
	for _, b := range bodies {
		p := prepare(b, nil, false)
		for t := range p.tf {
			df[t]++
		}
	}
	n := float64(len(bodies))
	t := &idfTable{m: make(map[uint64]float32, len(df)), unknown: math.Log(n+1) + 1}
	for term, c := range df {
		// Terms seen once carry no more than unseen ones; dropping them
		// keeps the model file small.
		if c > 1 {
			t.m[term] = float32(math.Log((n+1)/(float64(c)+1)) + 1)
		}
	}
	return t
}

// featureNames names the model's input columns, in order. A model file
// stores them, and Load refuses a model built for other features.
var featureNames = []string{
	// Word overlap between claim and body.
	"ov_claim", "ov_idf", "ov_jaccard", "ov_lead", "ov_missing_idf",
	"bigram_ov", "bigram_lead",
	"char4_ov",
	// TF-IDF cosine and sentence-level best match.
	"cos_body", "cos_lead", "sent_max", "sent_top3", "sent_max_pos", "sent_cov_max", "sent_cov_2",
	// Named entities and numbers.
	"ent_claim_ov", "ent_claim_missing", "ent_body_in_claim", "num_claim", "num_ov",
	// Cues near the claim's content words, in the best-matching sentences,
	// in the lead, in the whole body and in the claim.
	"refute_near", "hedge_near", "support_near", "neg_near",
	"refute_best", "hedge_best", "support_best", "neg_best",
	"refute_lead", "hedge_lead",
	"refute_body", "hedge_body", "support_body", "neg_body",
	"refute_claim", "hedge_claim", "support_claim", "neg_claim", "question_claim",
	// Sizes.
	"claim_len", "body_len", "body_sents",
}

// nearWindow is how many tokens either side of a claim word a cue may sit
// to count as near it.
const nearWindow = 8

// features computes the feature vector of a claim against a body into x
// (len(featureNames)) and returns the indices of the body sentences that
// match the claim best, best first.
func features(c, b *prepared, idf *idfTable, x []float64) (best []int) {
	clear(x)
	// Claim terms: unique content stems.
	cterms := make(map[uint64]bool, len(c.terms))
	var cidf float64
	for _, t := range c.terms {
		cterms[t] = true
		cidf += idf.get(t)
	}
	nc := float64(len(cterms))
	var hit, hitIDF, hitLead float64
	for _, t := range c.terms {
		if b.tf[t] > 0 {
			hit++
			hitIDF += idf.get(t)
		}
		if b.leadTerms[t] {
			hitLead++
		}
	}
	x[0] = div(hit, nc)
	x[1] = div(hitIDF, cidf)
	x[2] = div(hit, nc+float64(len(b.tf))-hit)
	x[3] = div(hitLead, nc)
	x[4] = cidf - hitIDF
	// Bigrams of consecutive claim tokens (stems) found in the body.
	var nbg, bgHit, bgLead float64
	for i := 1; i < len(c.toks); i++ {
		if !c.toks[i].content && !c.toks[i-1].content {
			continue
		}
		k := c.toks[i-1].term*31 + c.toks[i].term
		nbg++
		if b.bigrams[k]&1 != 0 {
			bgHit++
		}
		if b.bigrams[k]&2 != 0 {
			bgLead++
		}
	}
	x[5] = div(bgHit, nbg)
	x[6] = div(bgLead, nbg)
	var ng, gHit float64
	forGrams(c.text, func(h uint32) {
		ng++
		if b.hasGram(h) {
			gHit++
		}
	})
	x[7] = div(gHit, ng)
	// TF-IDF cosine: claim · body, claim · lead, claim · each sentence.
	var dot float64
	for _, t := range c.terms {
		w := idf.get(t)
		dot += float64(c.tf[t]) * w * float64(b.tf[t]) * w
	}
	x[8] = div(dot, c.norm*b.norm)
	var ldot float64
	for _, t := range b.toks[:b.lead] {
		if t.content && c.tf[t.term] > 0 {
			w := idf.get(t.term)
			ldot += float64(c.tf[t.term]) * w * w
		}
	}
	x[9] = div(ldot, c.norm*tfidfNorm(b.toks[:b.lead], idf))
	scores := make([]float64, len(b.sents))
	covs := make([]float64, len(b.sents))
	seen := map[uint64]bool{}
	for si, st := range b.sents {
		var d, cov float64
		clear(seen)
		for _, t := range b.toks[st.first:st.last] {
			if !t.content || c.tf[t.term] == 0 {
				continue
			}
			w := idf.get(t.term)
			d += float64(c.tf[t.term]) * w * w
			if !seen[t.term] {
				seen[t.term] = true
				cov += w
			}
		}
		scores[si] = div(d, c.norm*st.norm)
		covs[si] = div(cov, cidf)
	}
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch {
		case scores[i] > scores[j]:
			return -1
		case scores[i] < scores[j]:
			return 1
		}
		return 0
	})
	best = order[:min(3, len(order))]
	if len(best) > 0 {
		x[10] = scores[best[0]]
		var s float64
		for _, i := range best {
			s += scores[i]
		}
		x[11] = s / 3
		x[12] = div(float64(best[0]), float64(len(b.sents)))
		sc := slices.Clone(covs)
		slices.Sort(sc)
		x[13] = sc[len(sc)-1]
		if len(sc) > 1 {
			x[14] = sc[len(sc)-2]
		}
	}
	// Entities and numbers.
	var ce, ceHit, cn, cnHit float64
	seenC := map[uint64]bool{}
	for _, t := range c.toks {
		if seenC[t.term] {
			continue
		}
		seenC[t.term] = true
		switch {
		case t.number:
			cn++
			if b.tf[t.term] > 0 {
				cnHit++
			}
		case t.capital && t.content:
			ce++
			if b.tf[t.term] > 0 {
				ceHit++
			}
		}
	}
	x[15] = div(ceHit, ce)
	x[16] = ce - ceHit
	var be float64
	for _, t := range b.ents {
		if cterms[t] {
			be++
		}
	}
	x[17] = div(be, float64(len(b.ents)))
	x[18] = cn
	x[19] = div(cnHit, cn)
	// Cues near claim words: a prefix sum of claim-word hits.
	pre := make([]int32, len(b.toks)+1)
	for i, t := range b.toks {
		pre[i+1] = pre[i]
		if t.content && cterms[t.term] {
			pre[i+1]++
		}
	}
	inBest := make([]bool, len(b.sents))
	for _, i := range best {
		inBest[i] = true
	}
	cnt := func(i int, t token, near, bestS, lead, all int) {
		for k, kind := range []uint8{cueRefute, cueHedge, cueSupport, cueNegation} {
			if t.cue&kind == 0 {
				continue
			}
			x[all+k]++
			if near >= 0 {
				lo, hi := max(0, i-nearWindow), min(len(b.toks), i+nearWindow+1)
				if pre[hi]-pre[lo] > 0 {
					x[near+k]++
				}
			}
			if inBest[t.sent] {
				x[bestS+k]++
			}
			if lead >= 0 && k < 2 && i < b.lead {
				x[lead+k]++
			}
		}
	}
	for i, t := range b.toks {
		cnt(i, t, 20, 24, 28, 30)
	}
	nb := float64(len(b.toks))
	for k := 30; k < 34; k++ {
		x[k] = div(1000*x[k], nb) // per thousand words
	}
	for _, t := range c.toks {
		for k, kind := range []uint8{cueRefute, cueHedge, cueSupport, cueNegation} {
			if t.cue&kind != 0 {
				x[34+k]++
			}
		}
	}
	if strings.HasSuffix(strings.TrimSpace(c.text), "?") {
		x[38] = 1
	}
	x[39] = float64(len(c.toks))
	x[40] = math.Log1p(nb)
	x[41] = float64(len(b.sents))
	return best
}

func div(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
