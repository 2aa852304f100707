package engine

import (
	"context"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// SentenceIndex remembers the sentences of recently observed articles, by a
// hash of their words, so that a sentence copied word for word from an
// article of another story can be found. Memory is bounded by Cap
// sentences; the oldest are forgotten first.
//
// With a Store, the hashes live in the store instead, shared by every
// process (PostgreSQL workers): Observe queues them, and Lookup writes the
// queue before it searches.
type SentenceIndex struct {
	Cap   int
	Store news.SentenceStore

	refs    map[uint64][]sentenceRef
	order   []uint64
	pending []news.SentenceRef
}

type sentenceRef struct {
	article, story int64
	span           news.Span
	published      time.Time
}

// before says whether the source of a shared sentence came before a: by
// publication time when both have one; a dated source before an undated
// article (content farms seldom print dates, originals do); else by ID.
func (r sentenceRef) before(a *news.Article) bool {
	switch {
	case !r.published.IsZero() && !a.Published.IsZero():
		return r.published.Before(a.Published)
	case !r.published.IsZero():
		return true
	case !a.Published.IsZero():
		return false
	}
	return r.article < a.ID
}

// minWords is the fewest words a sentence needs to be indexed: shorter ones
// ("He declined to comment.") recur by chance.
const minWords = 6

// maxStories is the number of other stories a sentence may occur in and
// still count as lifted from one of them: a sentence found in more is
// boilerplate ("The cause of the fire is under investigation."), which
// many stories repeat and none owns.
const maxStories = 2

// boilerplate reports whether refs, the indexed occurrences of one
// sentence, span more than maxStories stories other than story.
func boilerplate(refs []sentenceRef, story int64) bool {
	var seen [maxStories + 1]int64
	n := 0
	for _, r := range refs {
		if r.story == story || r.story == 0 {
			continue
		}
		dup := false
		for _, s := range seen[:n] {
			dup = dup || s == r.story
		}
		if !dup {
			if n == maxStories {
				return true
			}
			seen[n] = r.story
			n++
		}
	}
	return false
}

// sentenceHasher hashes sentences by their lower-case words joined by
// spaces (the hash of strings.Join(text.Words(s), " ")), reusing its
// buffers from one sentence to the next: every article's sentences are
// hashed when it is clustered and at every analysis of its story.
type sentenceHasher struct {
	toks []text.Token
	buf  []byte
}

// hash returns the hash of sentence s, and false when it has fewer than
// minWords words.
func (h *sentenceHasher) hash(s string) (uint64, bool) {
	h.toks = text.AppendTokens(h.toks[:0], s, 0)
	if len(h.toks) < minWords {
		return 0, false
	}
	h.buf = h.buf[:0]
	for i, t := range h.toks {
		if i > 0 {
			h.buf = append(h.buf, ' ')
		}
		h.buf = append(h.buf, t.Lower...)
	}
	return xxh3.Hash(h.buf), true
}

// Observe implements Observer.
func (x *SentenceIndex) Observe(ctx context.Context, a *news.Article) error {
	var sh sentenceHasher
	if x.Store != nil {
		for _, s := range a.Sentences {
			if h, ok := sh.hash(s.Span.Slice(a.Text)); ok {
				x.pending = append(x.pending, news.SentenceRef{Hash: h, ArticleID: a.ID, Span: s.Span})
			}
		}
		if len(x.pending) >= maxPending { // a long run between lookups (Recluster)
			return x.write(ctx)
		}
		return nil
	}
	if x.refs == nil {
		x.refs = map[uint64][]sentenceRef{}
	}
	for _, s := range a.Sentences {
		h, ok := sh.hash(s.Span.Slice(a.Text))
		if !ok {
			continue
		}
		x.refs[h] = append(x.refs[h], sentenceRef{a.ID, a.StoryID, s.Span, a.Published})
		x.order = append(x.order, h)
	}
	for x.Cap > 0 && len(x.order) > x.Cap {
		h := x.order[0]
		x.order = x.order[1:]
		if rs := x.refs[h]; len(rs) <= 1 {
			delete(x.refs, h)
		} else {
			x.refs[h] = rs[1:]
		}
	}
	return nil
}

// maxPending is the most sentences Observe queues before it writes them.
const maxPending = 20000

// write stores the queued sentences.
func (x *SentenceIndex) write(ctx context.Context) error {
	if len(x.pending) == 0 {
		return nil
	}
	if err := x.Store.AddSentences(ctx, x.pending); err != nil {
		return err
	}
	x.pending = x.pending[:0]
	return nil
}

// Reset implements Resetter: the in-memory index forgets every sentence.
// Sentences kept in a Store are not touched (it finds an article's story
// when it is asked).
func (x *SentenceIndex) Reset() {
	x.refs, x.order = nil, nil
}

// Foreign returns the sentences of a found word for word in an earlier
// article of another story, as passages with SameStory false: the copy is
// reported, not the original.
func (x *SentenceIndex) Foreign(a *news.Article, story int64) []news.Passage {
	var out []news.Passage
	var sh sentenceHasher
	for _, s := range a.Sentences {
		if h, ok := sh.hash(s.Span.Slice(a.Text)); ok {
			if p, ok := lifted(x.refs[h], a, s.Span, story); ok {
				out = append(out, p)
			}
		}
	}
	return out
}

// lifted returns the passage for the sentence at span of a when refs, the
// indexed occurrences of its words, hold an earlier article of another
// story it was copied from; boilerplate is nobody's.
func lifted(refs []sentenceRef, a *news.Article, span news.Span, story int64) (news.Passage, bool) {
	if boilerplate(refs, story) {
		return news.Passage{}, false
	}
	for _, r := range refs {
		if r.story != story && r.article != a.ID && r.before(a) {
			return news.Passage{ArticleID: a.ID, Span: span, SourceID: r.article, SourceSpan: r.span,
				Kind: news.PassageVerbatim, Score: 1, SameStory: false}, true
		}
	}
	return news.Passage{}, false
}

// Lookup is Foreign for the articles of one story, for either kind of
// index: with a Store it first stores the queued sentences, then searches
// the store once for all the articles. It returns each article's passages
// by article ID.
func (x *SentenceIndex) Lookup(ctx context.Context, arts []*news.Article, story int64) (map[int64][]news.Passage, error) {
	out := make(map[int64][]news.Passage, len(arts))
	if x.Store == nil {
		for _, a := range arts {
			if ps := x.Foreign(a, story); len(ps) > 0 {
				out[a.ID] = ps
			}
		}
		return out, nil
	}
	if err := x.write(ctx); err != nil {
		return nil, err
	}
	type place struct {
		a    *news.Article
		span news.Span
		hash uint64
	}
	var places []place
	var hashes []uint64 // distinct: a story's articles share sentences
	seen := map[uint64]bool{}
	var sh sentenceHasher
	for _, a := range arts {
		for _, s := range a.Sentences {
			if h, ok := sh.hash(s.Span.Slice(a.Text)); ok {
				places = append(places, place{a, s.Span, h})
				if !seen[h] {
					seen[h] = true
					hashes = append(hashes, h)
				}
			}
		}
	}
	refs, err := x.Store.FindSentences(ctx, hashes, story)
	if err != nil {
		return nil, err
	}
	// The store left out the story's own articles.
	byHash := map[uint64][]sentenceRef{}
	for _, r := range refs {
		byHash[r.Hash] = append(byHash[r.Hash], sentenceRef{article: r.ArticleID, story: r.StoryID, span: r.Span, published: r.Published})
	}
	for _, p := range places {
		if ps, ok := lifted(byHash[p.hash], p.a, p.span, story); ok {
			out[p.a.ID] = append(out[p.a.ID], ps)
		}
	}
	return out, nil
}
