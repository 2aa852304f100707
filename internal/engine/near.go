package engine

import (
	"context"
	"sync"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

// NearIndex finds an article's near-duplicates across the corpus, in other
// stories too (a copy clustered apart, a page republished weeks later): it
// keeps the MinHash signatures of the Cap articles observed last in an LSH
// index (reuse.Index), so a lookup costs a few band probes, not a scan.
// Memory is bounded by Cap: the oldest articles leave the index. It is
// safe for concurrent use.
type NearIndex struct {
	Cap int
	// MinJaccard is the least estimated Jaccard similarity of word
	// shingles reported; 0 means 0.5, as within a story
	// (reuse.AlignOptions.NearDuplicate).
	MinJaccard float64

	mu    sync.Mutex
	ix    *reuse.Index
	order []int64         // observed article IDs, oldest first
	story map[int64]int64 // article ID → story ID
}

// Observe implements Observer.
func (n *NearIndex) Observe(_ context.Context, a *news.Article) error {
	sig := reuse.Sign(a.Text, reuse.IndexOptions{}) // outside the lock: the costly part
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ix == nil {
		n.ix, n.story = reuse.NewIndex(reuse.IndexOptions{}), map[int64]int64{}
	}
	if _, ok := n.story[a.ID]; !ok {
		n.order = append(n.order, a.ID)
	}
	n.story[a.ID] = a.StoryID
	n.ix.AddSignature(a.ID, sig)
	if n.Cap > 0 && len(n.order) > n.Cap {
		old := n.order[0]
		n.order = n.order[1:]
		n.ix.Remove(old)
		delete(n.story, old)
	}
	return nil
}

// Signature returns the signature of article id's text as observed
// (reuse.Sign with the default options); nil when the index does not hold
// it. ReuseStage hands it to reuse.Provenance, which would sign the text
// again.
func (n *NearIndex) Signature(id int64) reuse.Signature {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ix == nil {
		return nil
	}
	return n.ix.Signature(id) // a copy of 512 bytes: no need to leave the lock
}

// Reset implements Resetter.
func (n *NearIndex) Reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.ix, n.order, n.story = nil, nil, nil
}

// Elsewhere returns the near-duplicates of article id that belong to
// stories other than story, most similar first, each with its StoryID,
// maxElsewhere at most.
func (n *NearIndex) Elsewhere(id, story int64) []news.NearDuplicate {
	n.mu.Lock()
	ix := n.ix
	n.mu.Unlock()
	if ix == nil {
		return nil
	}
	least := n.MinJaccard
	if least <= 0 {
		least = 0.5
	}
	near := ix.Near(id, least)
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []news.NearDuplicate
	for _, d := range near {
		if s, ok := n.story[d.ArticleID]; ok && s != story {
			d.StoryID = s
			out = append(out, d)
			if len(out) == maxElsewhere {
				break
			}
		}
	}
	return out
}

// maxElsewhere caps the near-duplicates in other stories reported for one
// article: one boilerplate page (a paywall stub) may be in thousands.
const maxElsewhere = 20
