// Package memo remembers the results of pure computations over article
// content, so that a story analysed again when it grows does not redo the
// per-article work of its unchanged articles.
//
// A Cache is bounded: when it holds Max entries it is emptied whole before
// the next one is added. That costs one recomputation of the working set
// now and then, and needs no bookkeeping per entry; the working set of a
// pass (the articles of the stories being analysed) is far smaller than Max.
package memo

import (
	"encoding/binary"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Cache maps keys to values. It is safe for concurrent use; lookups share
// a read lock, so that a cache read on every token (stems) costs about half
// a sync.Map lookup. Values are shared between callers: store only values
// nobody modifies, or copy them on the way out.
type Cache[K comparable, V any] struct {
	mu  sync.RWMutex
	max int
	m   map[K]V
}

// New returns a cache of at most n entries (at least 1).
func New[K comparable, V any](n int) *Cache[K, V] {
	return &Cache[K, V]{max: max(n, 1)}
}

// Get returns the value stored under k.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

// Put stores v under k, emptying the cache first when it is full.
func (c *Cache[K, V]) Put(k K, v V) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= c.max {
		c.m = make(map[K]V, min(c.max, 256))
	}
	c.m[k] = v
	c.mu.Unlock()
}

// Do returns the value stored under k, computing and storing it with f
// when there is none. f runs without the lock held, so two callers may
// compute the same value; f must be pure.
func (c *Cache[K, V]) Do(k K, f func() V) V {
	if v, ok := c.Get(k); ok {
		return v
	}
	v := f()
	c.Put(k, v)
	return v
}

// Len returns the number of entries.
func (c *Cache[K, V]) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// Key identifies an article's content: two 64-bit hashes, of its text and
// of its title with its sentence and credit spans. Analyses that read no
// more than those fields can be cached under it; the article's ID, outlet,
// byline and dates are not part of it.
type Key [2]uint64

// ArticleKey returns a's content key.
func ArticleKey(a *news.Article) Key {
	b := make([]byte, 0, len(a.Title)+8*(len(a.Sentences)+len(a.Credits))+9)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(a.Title)))
	b = append(b, a.Title...)
	for _, s := range a.Sentences {
		b = binary.LittleEndian.AppendUint32(b, uint32(s.Span.Start))
		b = binary.LittleEndian.AppendUint32(b, uint32(s.Span.End))
	}
	b = binary.LittleEndian.AppendUint32(b, ^uint32(0))
	for _, c := range a.Credits {
		b = binary.LittleEndian.AppendUint32(b, uint32(c.Span.Start))
		b = binary.LittleEndian.AppendUint32(b, uint32(c.Span.End))
	}
	return Key{xxh3.HashString(a.Text), xxh3.Hash(b)}
}

// PairKey identifies a pair of texts.
func PairKey(x, y string) Key {
	return Key{xxh3.HashString(x), xxh3.HashString(y)}
}
