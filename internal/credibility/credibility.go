// Package credibility builds an article's credibility report: signals, each
// with its evidence spans, the articles it was checked against, a
// one-sentence explanation and its contribution to an additive risk score.
//
// It is pure: it reads the outputs of clustering, quote extraction and
// reuse alignment as news types and never touches a store.
package credibility

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Input is what the report of one article is built from.
type Input struct {
	Article *news.Article
	// Story holds the story's other articles, in arrival order.
	Story []*news.Article
	// Quotes are the article's quotes with their cross-outlet Status.
	Quotes []news.Quote
	// Provenance is the article's reuse of earlier articles of its story.
	Provenance news.Provenance
}

// Weights are the largest contribution each signal type can make to the
// risk score; a signal contributes its weight times its value in [0, 1].
var Weights = map[string]float64{
	news.SignalSplicedPassage:         0.30,
	news.SignalUncorroboratedQuote:    0.20,
	news.SignalTransplantedQuote:      0.25,
	news.SignalDateContradiction:      0.20,
	news.SignalNumberContradiction:    0.20,
	news.SignalBylineConflict:         0.15,
	news.SignalCopiedUnderOtherByline: 0.20,
	news.SignalClickbaitInsert:        0.10,
	news.SignalClickbaitHeadline:      0.10,
	news.SignalSourceReputation:       0.30,
	news.SignalStance:                 0.10,
	news.SignalLowOriginality:         0.05,
	SignalWritingStyle:                0.10,
	SignalNotCrossChecked:             0,
}

// SignalNotCrossChecked is the type of the note that an article's story
// holds no other outlet's article yet, so that the signals that compare
// outlets (quotes, dates, copies) had nothing to compare with: a low risk
// then says less. It adds nothing to the risk.
const SignalNotCrossChecked = "not_cross_checked"

// notCrossChecked returns the note for an article without another outlet
// in its story, or nil.
func notCrossChecked(in Input) *news.Signal {
	if otherOutlets(in.Article, in.Story) > 0 {
		return nil
	}
	where := "It is the only article of its story"
	if len(in.Story) > 0 {
		where = "Its story holds no other outlet's article"
	}
	return &news.Signal{Type: SignalNotCrossChecked, Severity: news.SeverityInfo,
		Explanation: where + " yet, so its quotes, dates and passages could not be checked against other reports; its risk rests on the article alone."}
}

// Assessor builds reports. Its optional parts may be nil: the signals that
// need them are then left out.
type Assessor struct {
	Splice     *SpliceModel
	IDF        IDF
	Reputation *Reputation
	// Clickbait scores a headline or a line, in [0, 1].
	Clickbait func(line string) float64
	// Stance returns "agree", "disagree", "discuss" or "unrelated" for a
	// body toward a claim, with its probability.
	Stance func(claim, body string) (string, float64)
	// Style judges the writing alone (DefaultStyleModel is the shipped
	// one). It is weak evidence next to the story's corroboration, hence
	// its small weight.
	Style *StyleModel
	// Cache, when set, remembers the results that depend on an article's
	// content alone (its writing style, its stance toward a claim), so
	// that a story analysed again as it grows does not judge its
	// unchanged articles again. One Cache belongs to one Assessor.
	Cache *Cache
}

// Cache holds an Assessor's remembered results; see NewCache.
type Cache struct {
	style  *memo.Cache[memo.Key, *news.Signal]
	stance *memo.Cache[memo.Key, stanceResult]
}

type stanceResult struct {
	label string
	p     float64
}

// NewCache returns a cache of at most n articles' results of each kind.
func NewCache(n int) *Cache {
	return &Cache{style: memo.New[memo.Key, *news.Signal](n), stance: memo.New[memo.Key, stanceResult](n)}
}

// stanceOf returns judge(claim, body), remembered; a nil Cache judges
// every time.
func (c *Cache) stanceOf(claim, body string, judge func(claim, body string) (string, float64)) (string, float64) {
	if c == nil {
		return judge(claim, body)
	}
	r := c.stance.Do(memo.PairKey(claim, body), func() stanceResult {
		l, p := judge(claim, body)
		return stanceResult{l, p}
	})
	return r.label, r.p
}

// styleOf returns judge(a), remembered by a's content, as a copy the
// caller may change; a nil Cache judges every time.
func (c *Cache) styleOf(a *news.Article, judge func(*news.Article) *news.Signal) *news.Signal {
	if c == nil {
		return judge(a)
	}
	s := c.style.Do(memo.ArticleKey(a), func() *news.Signal { return judge(a) })
	if s == nil {
		return nil
	}
	cp := *s // the cached signal is shared; Assess fills in the copy
	cp.Spans = slices.Clone(s.Spans)
	return &cp
}

// Assess returns the article's report: signals in the order of
// news.SignalTypes, and the risk as the capped sum of their contributions.
func (as *Assessor) Assess(in Input) news.Report {
	var sigs []news.Signal
	add := func(s *news.Signal) {
		if s == nil {
			return
		}
		if s.Spans == nil {
			s.Spans = []news.Span{}
		}
		if s.Against == nil {
			s.Against = []int64{}
		}
		s.Contribution = round3(Weights[s.Type] * clamp01(s.Value))
		sigs = append(sigs, *s)
	}
	bait := as.clickbaitInsert(in)
	var promo []news.Span
	if bait != nil {
		promo = bait.Spans // reported as promotion, not again as splices
	}
	sp := as.splice(in, promo)
	add(sp)
	for _, s := range quoteSignals(in) {
		add(s)
	}
	add(dateSignal(in))
	add(numberSignal(in))
	add(bylineSignal(in))
	add(copiedSignal(in))
	add(bait)
	add(as.clickbaitHeadline(in))
	add(as.reputation(in))
	add(as.stance(in))
	add(originalitySignal(in))
	add(notCrossChecked(in))
	add(as.style(in))
	// Types outside news.SignalTypes come last, the writing style last
	// of all.
	order := map[string]int{SignalNotCrossChecked: len(news.SignalTypes), SignalWritingStyle: len(news.SignalTypes) + 1}
	for i, t := range news.SignalTypes {
		order[t] = i
	}
	sort.SliceStable(sigs, func(i, j int) bool { return order[sigs[i].Type] < order[sigs[j].Type] })
	var risk float64
	for _, s := range sigs {
		risk += s.Contribution
	}
	if sigs == nil {
		sigs = []news.Signal{}
	}
	return news.Report{Risk: round3(math.Min(1, math.Max(0, risk))), Signals: sigs}
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }
func round3(x float64) float64  { return math.Round(x*1000) / 1000 }

func ids(arts []*news.Article) []int64 {
	out := make([]int64, 0, len(arts))
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// agree returns one for a count of one, else many: the verb or pronoun
// that goes with a count.
func agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// otherOutlets counts the story's articles from outlets other than a's.
func otherOutlets(a *news.Article, story []*news.Article) int {
	n := 0
	for _, o := range story {
		if o.ID != a.ID && (a.Outlet == "" || o.Outlet == "" || o.Outlet != a.Outlet) {
			n++
		}
	}
	return n
}

// splice flags sentences whose words belong neither to the rest of the
// article nor to the story's other articles.
func (as *Assessor) splice(in Input, exclude []news.Span) *news.Signal {
	if as.Splice == nil {
		return nil
	}
	var hit []news.Span
	var judged int
	th := as.Splice.Threshold
	switch {
	case len(in.Story) == 0:
		// Without other outlets only the article itself is evidence: ask
		// for more certainty.
		th = max(th, 0.95)
	case earliest(in.Article, in.Story):
		// The story's other articles may derive from this one and carry
		// only part of it, so material they lack is weaker evidence here.
		th = max(th, 0.95)
	}
	// Sentences found word for word in an article of another story are
	// spliced whatever the model says.
	foreign := map[news.Span]int64{}
	for _, p := range in.Provenance.Passages {
		if !p.SameStory {
			foreign[p.Span] = p.SourceID
		}
	}
	// Flagged too: the sentences next to flagged ones that tell of the
	// story's actors with words neither the story nor the rest of the
	// article holds (SpliceArticle.Grow).
	spans, probs, flagged := as.Splice.SpliceFlags(in.Article, in.Story, as.IDF, th,
		func(s news.Span) bool { _, ok := foreign[s]; return ok },
		func(s news.Span) bool { return overlapsAny(s, exclude) })
	var sources []int64
	for i, p := range probs {
		if p > 0 {
			judged++
		}
		src, copied := foreign[spans[i]]
		if flagged[i] {
			hit = append(hit, spans[i])
			if copied {
				sources = append(sources, src)
			}
		}
	}
	if len(hit) == 0 || judged == 0 {
		return nil
	}
	share := float64(len(hit)) / float64(judged)
	sev := news.SeverityMedium
	if len(hit) >= 3 || share >= 0.2 {
		sev = news.SeverityHigh
	}
	what := "its own main topic"
	if len(in.Story) > 0 {
		what = fmt.Sprintf("its main topic and the story's %s", plural(len(in.Story), "other article", "other articles"))
	}
	expl := fmt.Sprintf("%s of %d %s apart from %s (few shared words, out of place in %s paragraph or typography), as text pasted in from other events does.",
		plural(len(hit), "sentence", "sentences"), judged, agree(len(hit), "stands", "stand"), what, agree(len(hit), "its", "their"))
	if len(sources) > 0 {
		expl = strings.TrimSuffix(expl, ".") + fmt.Sprintf("; %s word for word in another story (%s).", plural(len(sources), "of them appears", "of them appear"), articleList(sources))
		sev = news.SeverityHigh
	}
	return &news.Signal{Type: news.SignalSplicedPassage, Severity: sev, Spans: hit, Against: append(ids(in.Story), uniqIDs(sources)...),
		Value:       math.Min(1, share*4),
		Explanation: expl}
}

// quoteSignals reports direct quotes no other outlet of the story carries,
// and quotes whose closest variant belongs to another story. The first
// signal's value is the share of the article's direct quotes that are
// uncorroborated, scaled down when they are fewer than three: an outlet's
// one exclusive quote is what first-hand reporting looks like too.
func quoteSignals(in Input) []*news.Signal {
	outlets := otherOutlets(in.Article, in.Story)
	var unc, tr []news.Span
	direct := 0
	for _, q := range in.Quotes {
		if !q.Direct || len(strings.Fields(q.Text)) < 4 {
			continue
		}
		direct++
		switch q.Status {
		case news.QuoteUncorroborated:
			unc = append(unc, q.Span)
		case news.QuoteTransplanted:
			tr = append(tr, q.Span)
		}
	}
	var out []*news.Signal
	if len(unc) > 0 && outlets > 0 {
		share := float64(len(unc)) / float64(direct)
		sev := news.SeverityLow
		if share >= 0.5 && len(unc) >= 2 {
			sev = news.SeverityMedium
		}
		if share >= 0.75 && len(unc) >= 3 {
			sev = news.SeverityHigh
		}
		out = append(out, &news.Signal{Type: news.SignalUncorroboratedQuote, Severity: sev, Spans: unc, Against: ids(in.Story),
			Value: share * math.Min(1, float64(len(unc))/3),
			Explanation: fmt.Sprintf("%d of %d direct quotes appear in none of the story's %s from other outlets.",
				len(unc), direct, plural(outlets, "article", "articles"))})
	}
	if len(tr) > 0 {
		out = append(out, &news.Signal{Type: news.SignalTransplantedQuote, Severity: news.SeverityHigh, Spans: tr, Against: ids(in.Story),
			Value:       math.Min(1, float64(len(tr))/2),
			Explanation: fmt.Sprintf("%s closest variant is in an article of another story, as if lifted from a different event.", plural(len(tr), "quote's", "quotes'"))})
	}
	return out
}

func overlapsAny(s news.Span, spans []news.Span) bool {
	for _, o := range spans {
		if o.Overlaps(s) {
			return true
		}
	}
	return false
}

// earliest says whether a came before every other article of its story.
func earliest(a *news.Article, story []*news.Article) bool {
	for _, o := range story {
		if earlier(o, a) {
			return false
		}
	}
	return true
}

func uniqIDs(v []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, x := range v {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// articleList writes "#3, #7".
func articleList(v []int64) string {
	var parts []string
	for _, x := range uniqIDs(v) {
		parts = append(parts, fmt.Sprintf("#%d", x))
	}
	return strings.Join(parts, ", ")
}
