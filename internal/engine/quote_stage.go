package engine

import (
	"context"
	"slices"
	"sync"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
)

// Recent keeps the quotes of the most recently observed articles of every
// story, so that a story's quotes can be checked against other stories.
// Memory is bounded by Cap articles.
//
// It indexes its articles by the prefilter keys of their quotes
// (quote.PrefixKeys), so that a story is linked only against the recent
// articles that share a rare key with its quotes — a variant of a quote
// shares its rare words — rather than against the whole window: linking
// against every recent article cost most of the analysis time of a busy
// stream.
type Recent struct {
	Cap int
	// Quotes, when set, remembers extracted quotes by article content
	// (shared with the QuoteStage, so an article is read once).
	Quotes *QuoteCache

	docs  []*recentDoc // in arrival order
	index map[string][]*recentDoc
	byID  map[int64]*recentDoc // the latest Doc of each article in the window
	seq   int
	gone  int // evicted documents still in index
}

type recentDoc struct {
	doc  *quote.Doc
	keys []string
	seq  int
	gone bool
}

// maxRareDocs is the number of other stories' recent articles a key may
// occur in and still propose candidates; commoner keys ("people") do not.
func (r *Recent) maxRareDocs() int { return max(20, len(r.docs)/50) }

// Observe implements Observer.
func (r *Recent) Observe(ctx context.Context, a *news.Article) error {
	d := &quote.Doc{Article: a, StoryID: a.StoryID, Quotes: r.Quotes.Extract(a)}
	r.seq++
	rd := &recentDoc{doc: d, seq: r.seq, keys: quoteKeys(d)}
	if r.index == nil {
		r.index, r.byID = map[string][]*recentDoc{}, map[int64]*recentDoc{}
	}
	r.docs = append(r.docs, rd)
	r.byID[a.ID] = rd
	for _, k := range rd.keys {
		r.index[k] = append(r.index[k], rd)
	}
	if r.Cap > 0 && len(r.docs) > r.Cap {
		for _, old := range r.docs[:len(r.docs)-r.Cap] {
			old.gone = true
			r.gone++
			if id := old.doc.Article.ID; r.byID[id] == old {
				delete(r.byID, id)
			}
		}
		// Drop the evicted from the front without copying the window:
		// append moves it to a new array when this one is full, which
		// costs O(1) an article, not O(Cap).
		k := len(r.docs) - r.Cap
		clear(r.docs[:k])
		r.docs = r.docs[k:]
		if r.gone > r.Cap { // compact the postings now and then
			r.gone = 0
			for k, ps := range r.index {
				ps = slices.DeleteFunc(ps, func(p *recentDoc) bool { return p.gone })
				if len(ps) == 0 {
					delete(r.index, k)
				} else {
					r.index[k] = ps
				}
			}
		}
	}
	return nil
}

// Reset implements Resetter: r forgets every article.
func (r *Recent) Reset() {
	r.docs, r.index, r.byID, r.gone = nil, nil, nil, 0
}

// share makes d share the prepared quotes of its article's recent Doc when
// the two hold the same text and quotes (quote.Doc.ShareFeatures), and
// returns that recent Doc; nil otherwise.
func (r *Recent) share(d *quote.Doc) *recentDoc {
	if r == nil {
		return nil
	}
	if rd := r.byID[d.Article.ID]; rd != nil && d.ShareFeatures(rd.doc) {
		return rd
	}
	return nil
}

// quoteKeys returns the distinct prefilter keys of d's quotes.
func quoteKeys(d *quote.Doc) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range d.Quotes {
		if !q.Span.Valid(len(d.Article.Text)) {
			continue
		}
		for _, k := range quote.PrefixKeys(q.Span.Slice(d.Article.Text)) {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// others returns, in arrival order, the recent articles of stories other
// than id that share a rare prefilter key with the quotes of story. A story
// Doc whose article is in the window with the same quotes shares its
// recent Doc's prepared quotes and keys (share).
func (r *Recent) others(id int64, story []*quote.Doc) []*quote.Doc {
	limit := r.maxRareDocs()
	found := map[*recentDoc]bool{}
	var cands []*recentDoc
	seen := map[string]bool{}
	for _, d := range story {
		var keys []string
		if rd := r.share(d); rd != nil {
			keys = rd.keys
		} else {
			keys = quoteKeys(d)
		}
		for _, k := range keys {
			if seen[k] {
				continue
			}
			seen[k] = true
			var hits []*recentDoc
			for _, p := range r.index[k] {
				if !p.gone && p.doc.StoryID != id {
					if hits = append(hits, p); len(hits) > limit {
						break
					}
				}
			}
			if len(hits) > limit {
				continue
			}
			for _, p := range hits {
				if !found[p] {
					found[p] = true
					cands = append(cands, p)
				}
			}
		}
	}
	slices.SortFunc(cands, func(a, b *recentDoc) int { return a.seq - b.seq })
	out := make([]*quote.Doc, len(cands))
	for i, c := range cands {
		out[i] = c.doc
	}
	return out
}

// QuoteStage extracts every article's quotes and links them across the
// story's outlets and against recent articles of other stories. A quote of
// an earlier story that says the same long sentence is its variant
// whoever the speakers when that sentence's words are rare in the
// reference news corpus of the shipped clustering model (newsBackground,
// quote.Linker).
type QuoteStage struct {
	Recent *Recent
	// Quotes, when set, remembers extracted quotes by article content: a
	// growing story's unchanged articles are not read again on each pass.
	Quotes *QuoteCache
}

// QuoteCache remembers the quotes extracted from articles, by content
// (quote.Extract reads the text and sentences alone). A nil *QuoteCache
// extracts every time.
type QuoteCache struct {
	c *memo.Cache[memo.Key, []news.Quote]
}

// NewQuoteCache returns a cache of at most n articles' quotes.
func NewQuoteCache(n int) *QuoteCache {
	return &QuoteCache{c: memo.New[memo.Key, []news.Quote](n)}
}

// Extract returns a's quotes, from the cache when an article with the
// same content was read before. The result is the caller's own.
func (qc *QuoteCache) Extract(a *news.Article) []news.Quote {
	if qc == nil {
		return quote.Extract(a)
	}
	qs := slices.Clone(qc.c.Do(memo.ArticleKey(a), func() []news.Quote { return quote.Extract(a) }))
	for i := range qs {
		qs[i].ArticleID = a.ID // a copy of another article's text
	}
	return qs
}

// AnalyzeStory implements StoryStage.
func (s QuoteStage) AnalyzeStory(ctx context.Context, w *StoryWork) error {
	docs := make([]*quote.Doc, len(w.Articles))
	for i, a := range w.Articles {
		docs[i] = &quote.Doc{Article: a, StoryID: w.Story.ID, Quotes: s.Quotes.Extract(a)}
	}
	var others []*quote.Doc
	if s.Recent != nil {
		others = s.Recent.others(w.Story.ID, docs)
	}
	links := quote.Linker{Background: newsBackground()}.Link(docs, others)
	for _, d := range docs {
		an := w.Analyses[d.Article.ID]
		an.Quotes = d.Quotes
		an.QuoteLinks = []news.QuoteLink{}
		for _, l := range links {
			if l.From.ArticleID == d.Article.ID || l.To.ArticleID == d.Article.ID {
				an.QuoteLinks = append(an.QuoteLinks, l)
			}
		}
	}
	return nil
}

// newsBackground returns, as quote.Linker's Background, the share of the
// articles of the shipped clustering model's reference corpus that use a
// stem or a number (nil when the model has none). The model stems words as
// spelt and quotes stem their American spellings: a word that the corpus
// spells the British way looks rarer than it is.
var newsBackground = sync.OnceValue(func() func(string) float64 {
	return cluster.DefaultModel().Background.Shares(quote.FoldNumber)
})
