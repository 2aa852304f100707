// Package cluster groups articles into stories as they arrive.
//
// Each document, in arrival order and with no look-ahead, joins the most
// similar active story or starts a new one; the result is deterministic for
// a given order. Documents are TF-IDF vectors over stems (IDF learned
// incrementally from the stream), with title (or, without a title, lead)
// terms weighted up, and separate title, name and date vectors. Candidate stories come from an inverted index over each
// story's strongest terms, never from a scan of all stories. A story goes
// dormant when the stream's clock passes its last article by more than the
// dormancy window: it leaves the index and memory (its state goes to the
// caller's Archive) so that memory stays bounded on an endless stream.
//
// The join decision is a learned logistic model over the similarity
// features, centroid and best-member (see Features, Model and
// docs/clustering.md), not a fixed similarity threshold.
package cluster

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/crosscheck-news/crosscheck/internal/text"
)

// Doc is one article as the clusterer sees it.
type Doc struct {
	ID        int64
	Title     string
	Text      string
	Published time.Time // zero: the clusterer's clock does not move
	Lang      string
}

// Options tunes the clusterer.
type Options struct {
	// Dormancy is how long after its last article a story leaves memory;
	// default 7 days.
	Dormancy time.Duration
	// StoryTerms caps the terms kept per story centroid; default 150.
	StoryTerms int
	// QueryTerms is how many of a document's strongest terms are looked
	// up in the index; default 25.
	QueryTerms int
	// Archive receives the state of stories that go dormant; nil forgets them.
	Archive Archive
	// Background is for Train and Refine: the background the models they
	// fit carry (see Model.Background). A clusterer uses its model's.
	Background *Background
	// Explain, when set, sees each document's candidate stories with
	// their features and join probabilities before the decision, for
	// error analysis (and Train's examples).
	Explain func(d Doc, cands []Candidate)
}

// Candidate is a story a document was scored against, the features of the
// pair and the model's probability that the document belongs to it.
type Candidate struct {
	Story    int64
	P        float64
	Features Features
}

// Background is the document frequency of each term in a reference corpus
// of news articles. IDF counts it as if those documents had been seen
// before the stream: a stream of three articles would otherwise weigh
// "said" as rare as the name of the town they report on. A long stream's
// own counts soon outweigh it.
type Background struct {
	Docs int            `json:"docs"`
	DF   map[string]int `json:"df"`
	// Weight is what one background document counts for next to one of
	// the stream (0 means 1).
	Weight float64 `json:"weight,omitempty"`
}

// Shares returns the share of the background's documents that use a term
// as another analysis writes it: a word's stem, or a number as
// foldNumber writes it (quote linking drops separators: "10000" for
// "10,000"; the clusterer keeps numbers as printed, so their counts are
// summed over the printed forms that fold alike). nil for an empty
// background.
func (b *Background) Shares(foldNumber func(string) string) func(term string) float64 {
	if b == nil || b.Docs == 0 {
		return nil
	}
	nums := map[string]int{}
	for k, n := range b.DF {
		if num, ok := strings.CutPrefix(k, "n:"); ok {
			nums[foldNumber(num)] += n
		}
	}
	docs := float64(b.Docs)
	return func(term string) float64 {
		if term != "" && '0' <= term[0] && term[0] <= '9' {
			return min(1, float64(nums[term])/docs)
		}
		return float64(b.DF["s:"+term]) / docs
	}
}

// NewBackground counts the document frequencies of docs' terms, keeping
// the terms found in at least minDF documents.
func NewBackground(docs []Doc, minDF int) *Background {
	c := &Clusterer{}
	c.initTerms()
	for _, d := range docs {
		c.count(features(d))
	}
	b := &Background{Docs: c.ndocs, DF: map[string]int{}}
	for id, n := range c.df {
		if n > 0 && int(n) >= minDF {
			b.DF[c.terms[id]] = int(n)
		}
	}
	return b
}

// Archive keeps dormant stories outside memory. Save is called when a
// story goes dormant.
type Archive interface {
	Save(id int64, state []byte) error
}

// term is a feature: a stem ("s:crane"), a name ("e:meridian") or a
// number ("n:70").
type vec map[string]float64

// A clusterer numbers the terms it meets (see Clusterer.id); 0 is no term.
// Weighted vectors are lists of (term number, weight) sorted by number, and
// the vectors of the document being scored are spread into arrays indexed
// by term number, so that comparing it with a story hashes no string.
type idWeight struct {
	id int32
	w  float64
}

// ivec is a weighted vector sorted by term number.
type ivec []idWeight

type story struct {
	id      int64
	tf      vec // summed term frequencies of the members, pruned to StoryTerms
	title   vec
	names   vec
	dates   vec
	members []member // the last maxMembers members' strongest weighted terms
	n       int
	first   time.Time
	last    time.Time
	indexed []int32 // terms under which the story is in the index
	// Weighted, normalized vectors, cached at the last join: IDF drifts
	// slowly, and re-weighing every candidate for every document would
	// dominate the cost.
	wtf, wtitle, wnames, wdates ivec
	lastSeen                    int64 // sequence number of the last added document
}

// Clusterer is the online clusterer. It is not safe for concurrent use.
type Clusterer struct {
	m *Model
	o Options
	// bg and bgDocs are the model's background and its weighted number
	// of documents (bg nil: none).
	bg     *Background
	bgW    float64
	bgDocs float64
	ndocs  int
	index  map[int32][]int64 // term number → active story IDs
	live   map[int64]*story
	clock  time.Time
	seq    int64
	// ids numbers the terms met; terms, df and bgdf are indexed by number:
	// the term, the documents of the stream that had it (0: none, or
	// pruned) and its weighted background document frequency.
	ids   map[string]int32
	terms []string
	df    []int32
	bgdf  []float64
	ndf   int // terms with df > 0
	// qbody, qtitle, qnames and qdates hold the weighted vectors of the
	// document being scored (see load), by term number, else zero.
	qbody, qtitle, qnames, qdates []float64
	acc                           map[int64]float64 // candidates' scratch
	scratch                       stateScratch      // State's
	// evicted is the clock at the last eviction sweep; sweeps run at most
	// once per hour of stream time.
	evicted time.Time
	// evictedLast is the latest last-article time of the stories this
	// clusterer sent out of memory (EvictedUntil).
	evictedLast time.Time
	// kept are the spans of last-article times whose stories no sweep
	// moves out of memory for the dormancy window from the clock at which
	// Keep was called.
	kept []keptSpan
}

// keptSpan is a span of last-article times [since, until) kept in memory
// while the clock is at most the dormancy window past at (see Keep).
type keptSpan struct{ since, until, at time.Time }

// New returns a clusterer using model m (nil: DefaultModel).
func New(m *Model, o Options) *Clusterer {
	if m == nil {
		m = DefaultModel()
	}
	if o.Dormancy == 0 {
		o.Dormancy = 7 * 24 * time.Hour
	}
	if o.StoryTerms == 0 {
		o.StoryTerms = 150
	}
	if o.QueryTerms == 0 {
		o.QueryTerms = 25
	}
	c := &Clusterer{m: m, o: o, bg: m.Background, index: map[int32][]int64{}, live: map[int64]*story{}}
	if c.bg != nil {
		c.bgW = c.bg.Weight
		if c.bgW == 0 {
			c.bgW = 1
		}
		c.bgDocs = c.bgW * float64(c.bg.Docs)
	}
	c.initTerms()
	return c
}

// initTerms starts the term table with number 0, no term.
func (c *Clusterer) initTerms() {
	c.ids = map[string]int32{}
	c.terms, c.df, c.bgdf = []string{""}, []int32{0}, []float64{0}
	c.qbody, c.qtitle, c.qnames, c.qdates = []float64{0}, []float64{0}, []float64{0}, []float64{0}
}

// id returns the number of term t, numbering it when it is new.
func (c *Clusterer) id(t string) int32 {
	if id, ok := c.ids[t]; ok {
		return id
	}
	id := int32(len(c.terms))
	c.ids[t] = id
	c.terms = append(c.terms, t)
	c.df = append(c.df, 0)
	var bg float64
	if c.bg != nil {
		bg = c.bgW * float64(c.bg.DF[t])
	}
	c.bgdf = append(c.bgdf, bg)
	c.qbody, c.qtitle, c.qnames, c.qdates = append(c.qbody, 0), append(c.qtitle, 0), append(c.qnames, 0), append(c.qdates, 0)
	return id
}

// docVecs are a document's term counts. lead is the lead's terms of a
// document that has a title and a text that does not repeat it (else nil).
type docVecs struct {
	body, title, names, dates, lead vec
}

// leadTokens is the most of a text's first sentence that stands in for a
// missing title.
const leadTokens = 40

// features turns a document into its term vectors. A document without a
// title uses the first sentence of its text (its lead) as one. Names are
// capitalised words that do not start a sentence, except in a title in
// title case and a text that repeats it; dates are numbers and month and
// weekday words.
func features(d Doc) docVecs {
	v := docVecs{body: vec{}, title: vec{}, names: vec{}, dates: vec{}}
	// In a title written in title case every word is capitalised, so its
	// capitals name nothing; nor do those of a text that repeats it.
	noTitleNames := false
	add := func(s string, w float64, isTitle bool) {
		toks := text.Tokenize(s)
		if isTitle {
			noTitleNames = isTitleCase(toks)
		}
		names := !noTitleNames || (!isTitle && s != d.Title)
		prevEnd := 0
		inLead := !isTitle && d.Title == ""
		ownLead := !isTitle && d.Title != "" && s != d.Title
		if ownLead {
			v.lead = vec{}
		}
		for i, t := range toks {
			initial := i == 0 || strings.ContainsAny(s[prevEnd:t.Span.Start], ".!?\n|")
			prevEnd = t.Span.End
			if (inLead || ownLead) && ((initial && i >= 3) || i >= leadTokens) {
				inLead, ownLead = false, false
			}
			var key string
			switch {
			case t.Number:
				key = "n:" + t.Lower
				v.dates[key]++
			case text.IsStopWord(t.Lower) || len(t.Lower) < 2:
				continue
			default:
				key = "s:" + text.Stem(t.Lower)
				if dateWords[t.Lower] {
					v.dates["d:"+t.Lower]++
				}
			}
			ww := w
			if inLead {
				ww = 2
			}
			v.body[key] += ww
			if isTitle || inLead {
				v.title[key]++
			}
			if ownLead {
				v.lead[key]++
			}
			if names && !t.Number && isCapitalised(t.Text) && (!initial || isTitle) && !dateWords[t.Lower] {
				v.names["e:"+t.Lower]++
			}
		}
	}
	add(d.Title, 2, true)
	add(d.Text, 1, false)
	return v
}

// isTitleCase reports whether most content words after the first of a
// title (at least three) are capitalised.
func isTitleCase(toks []text.Token) bool {
	n, caps := 0, 0
	for i, t := range toks {
		if i == 0 || t.Number || len(t.Lower) < 2 || text.IsStopWord(t.Lower) {
			continue
		}
		n++
		if isCapitalised(t.Text) {
			caps++
		}
	}
	return n >= 3 && caps*5 >= n*4
}

var dateWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow") {
		dateWords[w] = true
	}
}

func isCapitalised(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// idf is the smoothed inverse document frequency of term number id in the
// stream so far and the background.
func (c *Clusterer) idf(id int32) float64 {
	bgdf := 0.0
	if c.bg != nil {
		bgdf = c.bgdf[id]
	}
	return c.idfOf(float64(c.df[id]), bgdf)
}

// idfOf is the smoothed IDF of a term the stream's documents use df times
// and the background (already weighted) bgdf times.
func (c *Clusterer) idfOf(df, bgdf float64) float64 {
	n := float64(c.ndocs)
	if c.bg != nil {
		n, df = n+c.bgDocs, df+bgdf
	}
	return math.Log((n+1)/(df+1)) + 1
}

// weigh returns the tf-idf vector of counts v with sublinear tf, L2-normalized.
func (c *Clusterer) weigh(v vec) ivec {
	out := make(ivec, 0, len(v))
	for t, f := range v {
		out = append(out, idWeight{c.id(t), f})
	}
	slices.SortFunc(out, func(a, b idWeight) int { return cmp.Compare(a.id, b.id) })
	var norm float64
	for i, p := range out {
		w := (1 + math.Log(p.w)) * c.idf(p.id)
		out[i].w = w
		norm += w * w
	}
	norm = math.Sqrt(norm)
	if norm > 0 {
		for i := range out {
			out[i].w /= norm
		}
	}
	return out
}

// dot returns the dot product of v with the loaded vector q (see load).
func dot(v ivec, q []float64) float64 {
	var s float64
	for _, p := range v {
		s += p.w * q[p.id]
	}
	return s
}

// Features are what the model weighs for a document–story pair: the
// cosines of body, title (or lead; for a titled document the better of its
// title's and its lead's), name and date vectors with the story
// centroid's, the log time gap in days, and the best cosine with one of
// the story's recent members (single link next to the centroid's average).
type Features struct {
	Body, Title, Names, Gap, Dates, MaxLink float64
}

// featureNames are the features in model order.
var featureNames = []string{"body", "title", "names", "gap", "dates", "maxlink"}

// vector returns the features in model order.
func (f Features) vector() []float64 {
	return []float64{f.Body, f.Title, f.Names, f.Gap, f.Dates, f.MaxLink}
}

// maxMembers is how many recent members a story keeps for the MaxLink
// feature, and memberTerms how many terms of each.
const (
	maxMembers  = 6
	memberTerms = 30
)

// weighed is a document's weighted, normalized vectors.
type weighed struct {
	body, title, names, dates, lead ivec
}

// load spreads w into the clusterer's arrays by term number for pair;
// unload sets them back to zero.
func (c *Clusterer) load(w weighed) {
	spread(c.qbody, w.body, true)
	spread(c.qtitle, w.title, true)
	spread(c.qnames, w.names, true)
	spread(c.qdates, w.dates, true)
}

func (c *Clusterer) unload(w weighed) {
	spread(c.qbody, w.body, false)
	spread(c.qtitle, w.title, false)
	spread(c.qnames, w.names, false)
	spread(c.qdates, w.dates, false)
}

// sortedDot returns the dot product of two vectors sorted by term number.
func sortedDot(a, b ivec) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			s += a[i].w * b[j].w
			i, j = i+1, j+1
		}
	}
	return s
}

func spread(q []float64, v ivec, set bool) {
	for _, p := range v {
		if set {
			q[p.id] = p.w
		} else {
			q[p.id] = 0
		}
	}
}

func (c *Clusterer) weighDoc(v docVecs) weighed {
	w := weighed{c.weigh(v.body), c.weigh(v.title), c.weigh(v.names), c.weigh(v.dates), nil}
	if len(v.lead) > 0 {
		w.lead = c.weigh(v.lead)
	}
	return w
}

// count adds a document's terms to the document frequencies.
func (c *Clusterer) count(v docVecs) {
	c.ndocs++
	for t := range v.body {
		c.countTerm(c.id(t))
	}
	for t := range v.names {
		c.countTerm(c.id(t))
	}
	for t := range v.dates {
		if t[0] == 'd' {
			c.countTerm(c.id(t))
		}
	}
}

func (c *Clusterer) countTerm(id int32) {
	if c.df[id] == 0 {
		c.ndf++
	}
	c.df[id]++
}

// Add assigns d to a story. newStory is called when d starts one and returns
// the new story's ID. It returns the story ID and whether it was created.
func (c *Clusterer) Add(d Doc, newStory func() (int64, error)) (int64, bool, error) {
	v := features(d)
	c.count(v)
	if d.Published.After(c.clock) {
		c.clock = d.Published
		if c.clock.Sub(c.evicted) >= time.Hour {
			c.evict()
			c.evicted = c.clock
		}
	}
	c.seq++
	w := c.weighDoc(v)
	ids := c.candidates(w.body)
	pf := make(map[int64]Features, len(ids))
	c.load(w)
	for _, id := range ids {
		pf[id] = c.pair(d.Published, c.live[id])
	}
	c.unload(w)
	best, bestP, secondP := c.m.rank(pf, ids)
	if c.leadTitle(pf, best, w.lead) {
		best, bestP, secondP = c.m.rank(pf, ids)
	}
	if c.o.Explain != nil {
		cands := make([]Candidate, len(ids))
		for i, id := range ids {
			cands[i] = Candidate{id, c.m.Prob(pf[id]), pf[id]}
		}
		c.o.Explain(d, cands)
	}
	if best != 0 && c.m.joinProb(bestP, secondP, pf[best], len(ids)) >= c.m.threshold() {
		c.join(c.live[best], v, w.body, d.Published)
		return best, false, nil
	}
	id, err := newStory()
	if err != nil {
		return 0, false, err
	}
	s := makeStory(id)
	c.live[id] = s
	c.join(s, v, w.body, d.Published)
	return id, true, nil
}

// Score returns the model's join probability of d with each active story
// among its candidates, without adding d. It is used for training.
func (c *Clusterer) pairFeatures(d Doc) map[int64]Features {
	w := c.weighDoc(features(d))
	out := map[int64]Features{}
	c.load(w)
	ids := c.candidates(w.body)
	for _, id := range ids {
		out[id] = c.pair(d.Published, c.live[id])
	}
	c.unload(w)
	best, _, _ := c.m.rank(out, ids)
	c.leadTitle(out, best, w.lead)
	return out
}

// leadTitle lets a titled document's lead (see docVecs) stand in for its
// title with its most probable candidate, when the lead matches that
// story's titles better: a headline written to be clicked may share no
// word with the story's while the lead names the event. The lead can so
// decide whether the document joins that story, never which story it
// joins: a page that opens with a sentence pasted from another event must
// not take that event's story by it; and only a story it shares a name
// with.
// best is the most probable candidate (Model.rank); leadTitle says whether
// it changed best's features.
func (c *Clusterer) leadTitle(pf map[int64]Features, best int64, lead ivec) bool {
	if len(lead) == 0 || best == 0 {
		return false
	}
	f := pf[best]
	if f.Names == 0 {
		// No name in common: another event of the same kind (another
		// airline's collapse) whose lead reads like the story's.
		return false
	}
	if x := sortedDot(c.live[best].wtitle, lead); x > f.Title {
		f.Title = x
		pf[best] = f
		return true
	}
	return false
}

func makeStory(id int64) *story {
	return &story{id: id, tf: vec{}, title: vec{}, names: vec{}, dates: vec{}}
}

// pair returns the features of the loaded document (see load) with story s.
func (c *Clusterer) pair(t time.Time, s *story) Features {
	if s.wtf == nil {
		c.reweigh(s)
	}
	f := Features{
		Body:  dot(s.wtf, c.qbody),
		Title: dot(s.wtitle, c.qtitle),
		Names: dot(s.wnames, c.qnames),
		Dates: dot(s.wdates, c.qdates),
	}
	for _, m := range s.members {
		var x float64
		for _, p := range m {
			x += p.w * c.qbody[p.id]
		}
		if x > f.MaxLink {
			f.MaxLink = x
		}
	}
	if !t.IsZero() && !s.last.IsZero() {
		gap := t.Sub(s.last).Hours() / 24
		if gap < 0 {
			gap = s.first.Sub(t).Hours() / 24
			if gap < 0 {
				gap = 0
			}
		}
		f.Gap = math.Log1p(gap)
	}
	return f
}

// maxCandidates is how many stories are scored in full for a document:
// those with the highest sum of shared query-term weights.
const maxCandidates = 20

// maxPostings skips terms shared by more active stories than this: they
// are too common to tell stories apart and would make lookups linear.
const maxPostings = 2000

// candidates returns the active stories that share the most weight of d's
// strongest terms, at most maxCandidates, in ID order.
func (c *Clusterer) candidates(dv ivec) []int64 {
	if c.acc == nil {
		c.acc = map[int64]float64{}
	}
	acc := c.acc
	defer clear(acc)
	for _, p := range c.top(dv, c.o.QueryTerms) {
		ids := c.index[p.id]
		if len(ids) > maxPostings || (len(ids) > 50 && len(ids) > len(c.live)/20) {
			continue // shared by too many stories to tell them apart
		}
		for _, id := range ids {
			acc[id] += p.w
		}
	}
	type shared struct {
		id int64
		w  float64
	}
	all := make([]shared, 0, len(acc))
	for id, w := range acc {
		all = append(all, shared{id, w})
	}
	slices.SortFunc(all, func(a, b shared) int {
		return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.id, b.id)) // heaviest first
	})
	out := make([]int64, min(len(all), maxCandidates))
	for i := range out {
		out[i] = all[i].id
	}
	slices.Sort(out)
	return out
}

// termWeight is one entry of a vector; id is the term's number in the
// clusterer (0 until numbered).
type termWeight struct {
	t  string
	w  float64
	id int32
}

// member is a story member's strongest terms with their normalized weights.
type member []termWeight

// topPairs returns the n heaviest entries of v, ties broken by term.
func topPairs(v vec, n int) []termWeight {
	ps := make([]termWeight, 0, len(v))
	for t, w := range v {
		ps = append(ps, termWeight{t: t, w: w})
	}
	slices.SortFunc(ps, func(a, b termWeight) int {
		return cmp.Or(cmp.Compare(b.w, a.w), strings.Compare(a.t, b.t)) // heaviest first
	})
	if len(ps) > n {
		ps = ps[:n:n]
	}
	return ps
}

// top returns the n heaviest entries of v, ties broken by term.
func (c *Clusterer) top(v ivec, n int) []idWeight {
	ps := slices.Clone(v)
	slices.SortFunc(ps, func(a, b idWeight) int {
		return cmp.Or(cmp.Compare(b.w, a.w), strings.Compare(c.terms[a.id], c.terms[b.id])) // heaviest first
	})
	if len(ps) > n {
		ps = ps[:n:n]
	}
	return ps
}

// reweigh caches a story's weighted vectors, numbering the terms of its
// members when they come from a stored state.
func (c *Clusterer) reweigh(s *story) {
	s.wtf, s.wtitle, s.wnames, s.wdates = c.weigh(s.tf), c.weigh(s.title), c.weigh(s.names), c.weigh(s.dates)
	for _, m := range s.members {
		for i := range m {
			if m[i].id == 0 {
				m[i].id = c.id(m[i].t)
			}
		}
	}
}

// join adds a document's counts to a story and re-indexes it. dv is the
// document's weighted body vector, kept (pruned) as a member for MaxLink.
func (c *Clusterer) join(s *story, v docVecs, dv ivec, t time.Time) {
	for k, x := range v.body {
		s.tf[k] += x
	}
	for k, x := range v.title {
		s.title[k] += x
	}
	for k, x := range v.names {
		s.names[k] += x
	}
	for k, x := range v.dates {
		s.dates[k] += x
	}
	if dv != nil {
		top := c.top(dv, memberTerms)
		m := make(member, len(top))
		for i, p := range top {
			m[i] = termWeight{t: c.terms[p.id], w: p.w, id: p.id}
		}
		var norm float64
		for _, p := range m {
			norm += p.w * p.w
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for i := range m {
				m[i].w /= norm
			}
		}
		if len(s.members) >= maxMembers {
			copy(s.members, s.members[1:])
			s.members = s.members[:maxMembers-1]
		}
		s.members = append(s.members, m)
	}
	s.n++
	s.lastSeen = c.seq
	if !t.IsZero() {
		if s.first.IsZero() || t.Before(s.first) {
			s.first = t
		}
		if t.After(s.last) {
			s.last = t
		}
	}
	prune(s.tf, c.o.StoryTerms)
	prune(s.title, c.o.StoryTerms/3)
	prune(s.names, c.o.StoryTerms/3)
	prune(s.dates, c.o.StoryTerms/3)
	c.unindex(s)
	c.reweigh(s)
	c.indexStory(s, s.wtf)
}

// indexStory puts s in the index under the strongest terms of its
// weighted vector wtf.
func (c *Clusterer) indexStory(s *story, wtf ivec) {
	top := c.top(wtf, c.o.QueryTerms*2)
	s.indexed = make([]int32, len(top))
	for i, p := range top {
		s.indexed[i] = p.id
		c.index[p.id] = append(c.index[p.id], s.id)
	}
}

// prune keeps the n largest counts of v, ties broken by term.
func prune(v vec, n int) {
	if len(v) <= n {
		return
	}
	for _, p := range topPairs(v, len(v))[n:] {
		delete(v, p.t)
	}
}

func (c *Clusterer) unindex(s *story) {
	for _, t := range s.indexed {
		ids := c.index[t]
		for i, id := range ids {
			if id == s.id {
				ids = append(ids[:i], ids[i+1:]...)
				break
			}
		}
		if len(ids) == 0 {
			delete(c.index, t)
		} else {
			c.index[t] = ids
		}
	}
	s.indexed = nil
}

// evict moves stories whose last article is older than the dormancy window
// out of memory, and prunes the document-frequency table of terms seen once
// when it grows large, which bounds memory on an endless stream.
func (c *Clusterer) evict() {
	c.kept = slices.DeleteFunc(c.kept, func(k keptSpan) bool { return c.clock.Sub(k.at) > c.o.Dormancy })
	for id, s := range c.live {
		if !s.last.IsZero() && c.clock.Sub(s.last) > c.o.Dormancy && !c.isKept(s.last) {
			if c.o.Archive != nil {
				c.o.Archive.Save(id, s.marshalWith(&c.scratch))
			}
			if s.last.After(c.evictedLast) {
				c.evictedLast = s.last
			}
			c.unindex(s)
			delete(c.live, id)
		}
	}
	if c.ndf > maxTerms {
		c.forgetRare()
	}
	if len(c.terms) > 2*c.ndf+minRenumber {
		c.renumber()
	}
}

// isKept reports whether a story whose last article is at last is kept in
// memory (see Keep).
func (c *Clusterer) isKept(last time.Time) bool {
	for _, k := range c.kept {
		if !last.Before(k.since) && last.Before(k.until) {
			return true
		}
	}
	return false
}

// forgetRare sets the document frequency of the terms seen once to zero.
func (c *Clusterer) forgetRare() {
	for id, n := range c.df {
		if n == 1 {
			c.df[id] = 0
			c.ndf--
		}
	}
}

// maxTerms is the size of the document-frequency table above which terms
// seen once are forgotten.
const maxTerms = 400000

// minRenumber is the number of terms the table may hold beyond twice those
// with a document frequency before renumber drops the others.
const minRenumber = 1 << 16

// renumber forgets the terms that no document frequency and no active
// story needs, and numbers the others again in the same order, so that the
// term table stays bounded on an endless stream.
func (c *Clusterer) renumber() {
	keep := make([]bool, len(c.terms))
	keep[0] = true
	for id, n := range c.df {
		if n > 0 {
			keep[id] = true
		}
	}
	for _, s := range c.live {
		s.eachNumber(func(id *int32) { keep[*id] = true })
	}
	renum := make([]int32, len(c.terms))
	n := int32(0)
	ids := make(map[string]int32, len(c.ids)/2) // a new map: Go maps do not shrink
	for id, t := range c.terms {
		if !keep[id] {
			continue
		}
		renum[id] = n
		c.terms[n], c.df[n], c.bgdf[n] = t, c.df[id], c.bgdf[id]
		if n > 0 {
			ids[t] = n
		}
		n++
	}
	c.ids = ids
	c.terms, c.df, c.bgdf = slices.Clone(c.terms[:n]), slices.Clone(c.df[:n]), slices.Clone(c.bgdf[:n])
	c.qbody, c.qtitle, c.qnames, c.qdates = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	// The order of numbers is kept, so sorted vectors stay sorted.
	for _, s := range c.live {
		s.eachNumber(func(id *int32) { *id = renum[*id] })
	}
	index := make(map[int32][]int64, len(c.index))
	for id, ids := range c.index {
		index[renum[id]] = ids
	}
	c.index = index
}

// eachNumber calls f with every term number s holds: in its weighted
// vectors, its members' terms and its index entries.
func (s *story) eachNumber(f func(id *int32)) {
	for _, v := range [...]ivec{s.wtf, s.wtitle, s.wnames, s.wdates} {
		for i := range v {
			f(&v[i].id)
		}
	}
	for _, m := range s.members {
		for i := range m {
			f(&m[i].id)
		}
	}
	for i := range s.indexed {
		f(&s.indexed[i])
	}
}

// Active returns the number of stories in memory.
func (c *Clusterer) Active() int { return len(c.live) }

// Live reports whether story id is in memory.
func (c *Clusterer) Live(id int64) bool { return c.live[id] != nil }

// Clock returns the stream's clock: the latest publication time seen.
func (c *Clusterer) Clock() time.Time { return c.clock }

// Dormancy returns how long after its last article a story leaves memory.
func (c *Clusterer) Dormancy() time.Duration { return c.o.Dormancy }

// Keep keeps the stories whose last article is in [since, until) in
// memory, dormant or not, until the clock moves the dormancy window past
// where it is now: the stories a caller restored for late articles of
// that time (see Restore), and those they start or join, stay there for
// the next late articles of that time, while the clock moves on with the
// current ones. Sweep ends it.
func (c *Clusterer) Keep(since, until time.Time) {
	c.kept = append(c.kept, keptSpan{since, until, c.clock})
}

// Sweep ends what Keep kept but for the last n spans and moves the
// dormant stories out of memory now, as the clock's moving on does (see
// Options.Archive): stories restored for late articles otherwise stay
// until the clock moves on.
func (c *Clusterer) Sweep(n int) {
	if len(c.kept) > n {
		c.kept = slices.Delete(c.kept, 0, len(c.kept)-n)
	}
	c.evict()
}

// EvictedUntil returns the latest last-article time of the stories this
// clusterer has sent out of memory (zero: none): no story it made dormant
// was active after it.
func (c *Clusterer) EvictedUntil() time.Time { return c.evictedLast }

// Size returns how many articles the active story id holds (0 for a story
// not in memory).
func (c *Clusterer) Size(id int64) int {
	if s := c.live[id]; s != nil {
		return s.n
	}
	return 0
}

// State returns a story's state for storage, or nil when it is not in memory.
func (c *Clusterer) State(id int64) []byte {
	s, ok := c.live[id]
	if !ok {
		return nil
	}
	return s.marshalWith(&c.scratch)
}

// Restore puts a stored story back in memory, as a late article or a new
// process needs. A state that cannot be decoded is an error.
func (c *Clusterer) Restore(id int64, state []byte) error {
	s, err := unmarshal(state)
	if err != nil {
		return err
	}
	s.id = id
	if old, ok := c.live[id]; ok {
		c.unindex(old)
	}
	c.live[id] = s
	c.indexStory(s, c.weigh(s.tf))
	if s.last.After(c.clock) {
		c.clock = s.last
	}
	return nil
}

// Observe counts a document's terms in the IDF table without clustering it,
// so that a new process can warm up on stored articles.
func (c *Clusterer) Observe(d Doc) {
	c.count(features(d))
}

// IDF returns the inverse document frequency of a stem in the stream seen
// so far, for other analyses that weigh words.
func (c *Clusterer) IDF(stem string) float64 {
	t := "s:" + stem
	if id, ok := c.ids[t]; ok {
		return c.idf(id)
	}
	bgdf := 0.0
	if c.bg != nil {
		bgdf = c.bgW * float64(c.bg.DF[t])
	}
	return c.idfOf(0, bgdf)
}
