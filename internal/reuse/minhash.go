package reuse

import (
	"math/bits"
	"sort"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// IndexOptions configures MinHash signatures and LSH banding. Zero fields
// take the defaults.
type IndexOptions struct {
	// Shingle is the number of words per shingle (default 5). Texts shorter
	// than that have a single shingle made of all their words.
	Shingle int
	// Hashes is the number of MinHash values per signature (default 128).
	Hashes int
	// Bands is the number of LSH bands (default 32, so 4 rows a band). Two
	// texts become candidates when all rows of one band agree, which for
	// 32×4 happens with probability 0.87 at Jaccard 0.5 and 0.99 at 0.6.
	Bands int
}

func (o IndexOptions) withDefaults() IndexOptions {
	if o.Shingle <= 0 {
		o.Shingle = 5
	}
	if o.Hashes <= 0 {
		o.Hashes = 128
	}
	if o.Bands <= 0 || o.Bands > o.Hashes {
		o.Bands = min(32, o.Hashes)
	}
	// Every band has the same number of rows; spare hashes are dropped.
	o.Hashes = o.Hashes / o.Bands * o.Bands
	return o
}

// Signature is the MinHash signature of a text's set of word shingles. The
// share of positions at which two signatures agree estimates the Jaccard
// similarity of the two shingle sets. An empty text has a nil signature.
type Signature []uint32

// Jaccard returns the estimated Jaccard similarity of the shingle sets behind
// two signatures of the same options, 0 when either is empty or they differ
// in length.
func (s Signature) Jaccard(o Signature) float64 {
	if len(s) == 0 || len(s) != len(o) {
		return 0
	}
	eq := 0
	for i := range s {
		if s[i] == o[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(s))
}

// mix64 is a 64-bit finalizer (from splitmix64).
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// tokenPool recycles token buffers: signing is on the ingest hot path.
var tokenPool = sync.Pool{New: func() any { b := make([]text.Token, 0, 1024); return &b }}

// wordHashes appends the xxh3 hashes of the lower-case words of s.
func wordHashes(dst []uint64, s string) []uint64 {
	bp := tokenPool.Get().(*[]text.Token)
	toks := text.AppendTokens((*bp)[:0], s, 0)
	for _, t := range toks {
		dst = append(dst, xxh3.HashString(t.Lower))
	}
	clear(toks) // drop string references before pooling
	*bp = toks[:0]
	tokenPool.Put(bp)
	return dst
}

// shingleHash combines k consecutive word hashes into one shingle hash.
func shingleHash(w []uint64) uint64 {
	h := uint64(len(w))
	for _, x := range w {
		h = bits.RotateLeft64(h, 23) ^ x
		h *= 0x9e3779b97f4a7c15
	}
	return mix64(h)
}

// Sign returns the MinHash signature of text under opts (zero fields take
// the defaults). It is safe for concurrent use.
func Sign(text string, opts IndexOptions) Signature {
	opts = opts.withDefaults()
	words := wordHashes(make([]uint64, 0, len(text)/5+1), text)
	return signWords(words, opts)
}

// signWords computes the signature by one-permutation hashing with optimal
// densification (Shrivastava, ICML 2017): each shingle hash picks one of
// the Hashes bins by its top bits and competes for that bin's minimum with
// its low bits, and each empty bin then copies the value of the first
// non-empty bin along its own fixed pseudo-random probe sequence. It costs
// one hash a shingle instead of one a shingle and bin, with an estimator
// about as accurate as classic MinHash once texts have more shingles than
// bins; shorter texts share more copied values, so their estimate is
// coarser.
func signWords(words []uint64, opts IndexOptions) Signature {
	if len(words) == 0 {
		return nil
	}
	n := uint64(opts.Hashes)
	sig := make(Signature, n)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	filled := make([]bool, n)
	k := min(opts.Shingle, len(words))
	for i := 0; i+k <= len(words); i++ {
		x := shingleHash(words[i : i+k])
		bin := (x >> 32) * n >> 32 // top bits, uniform over n bins
		if v := uint32(x); v < sig[bin] || !filled[bin] {
			sig[bin] = v
			filled[bin] = true
		}
	}
	for i := range sig {
		if filled[i] {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			j := (mix64(uint64(i)<<32|attempt) >> 32) * n >> 32
			if filled[j] {
				sig[i] = sig[j]
				break
			}
		}
	}
	return sig
}

// Index finds near-duplicate texts among the ones added to it, by MinHash
// signatures and LSH banding. It is safe for concurrent use: signatures are
// computed outside the lock, and lookups share a read lock.
//
// Memory per indexed text is the signature (4 bytes a hash, 512 bytes by
// default) plus one hash-table entry a band; texts that share a band bucket
// share one small overflow list.
type Index struct {
	opts IndexOptions

	mu      sync.RWMutex
	slots   []int64          // slot → article ID
	sigs    []uint32         // slot*Hashes … : the signature of each slot
	free    []int32          // free slots
	byID    map[int64]int32  // article ID → slot
	buckets map[uint64]int32 // band key → ref (see ref encoding)
	lists   [][]int32        // overflow lists of slots sharing a band key
	freeL   []int32          // free overflow lists
}

// Ref encoding of buckets values: r >= 0 is a single slot; r < 0 is the
// overflow list ^r.

// NewIndex returns an empty index. Zero option fields take the defaults.
func NewIndex(opts IndexOptions) *Index {
	return &Index{
		opts:    opts.withDefaults(),
		byID:    map[int64]int32{},
		buckets: map[uint64]int32{},
	}
}

// Options returns the index's options with defaults filled in.
func (ix *Index) Options() IndexOptions { return ix.opts }

// Len returns the number of texts in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// bandKeys appends the LSH key of every band of sig.
func (ix *Index) bandKeys(dst []uint64, sig Signature) []uint64 {
	rows := ix.opts.Hashes / ix.opts.Bands
	for band := 0; band < ix.opts.Bands; band++ {
		h := uint64(band+1) * 0x9e3779b97f4a7c15
		for _, v := range sig[band*rows : (band+1)*rows] {
			h = mix64(h ^ uint64(v))
		}
		dst = append(dst, h)
	}
	return dst
}

// Add indexes text under id, replacing what id had before. A text without
// words is not indexed.
func (ix *Index) Add(id int64, text string) {
	ix.AddSignature(id, Sign(text, ix.opts))
}

// AddSignature indexes a signature computed with Sign and the index's
// Options, replacing what id had before. An empty signature only removes id.
func (ix *Index) AddSignature(id int64, sig Signature) {
	var keys []uint64
	if len(sig) == ix.opts.Hashes {
		keys = ix.bandKeys(make([]uint64, 0, ix.opts.Bands), sig)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(id)
	if keys == nil {
		return
	}
	var slot int32
	if n := len(ix.free); n > 0 {
		slot = ix.free[n-1]
		ix.free = ix.free[:n-1]
		ix.slots[slot] = id
		copy(ix.sigs[int(slot)*ix.opts.Hashes:], sig)
	} else {
		slot = int32(len(ix.slots))
		ix.slots = append(ix.slots, id)
		ix.sigs = append(ix.sigs, sig...)
	}
	ix.byID[id] = slot
	for _, k := range keys {
		r, ok := ix.buckets[k]
		switch {
		case !ok:
			ix.buckets[k] = slot
		case r >= 0:
			var l int32
			if n := len(ix.freeL); n > 0 {
				l = ix.freeL[n-1]
				ix.freeL = ix.freeL[:n-1]
				ix.lists[l] = append(ix.lists[l][:0], r, slot)
			} else {
				l = int32(len(ix.lists))
				ix.lists = append(ix.lists, []int32{r, slot})
			}
			ix.buckets[k] = ^l
		default:
			ix.lists[^r] = append(ix.lists[^r], slot)
		}
	}
}

// Remove drops id from the index, so that memory stays bounded when old
// articles age out. Removing an unknown id does nothing.
func (ix *Index) Remove(id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(id)
}

func (ix *Index) removeLocked(id int64) {
	slot, ok := ix.byID[id]
	if !ok {
		return
	}
	delete(ix.byID, id)
	h := ix.opts.Hashes
	sig := Signature(ix.sigs[int(slot)*h : int(slot+1)*h])
	for _, k := range ix.bandKeys(make([]uint64, 0, ix.opts.Bands), sig) {
		r, ok := ix.buckets[k]
		switch {
		case !ok:
		case r >= 0:
			if r == slot {
				delete(ix.buckets, k)
			}
		default:
			l := ix.lists[^r]
			for i, s := range l {
				if s == slot {
					l = append(l[:i], l[i+1:]...)
					break
				}
			}
			ix.lists[^r] = l
			if len(l) == 1 {
				ix.buckets[k] = l[0]
				ix.lists[^r] = l[:0]
				ix.freeL = append(ix.freeL, ^r)
			}
		}
	}
	ix.free = append(ix.free, slot)
}

// Query returns the indexed texts whose estimated Jaccard similarity with
// text is at least minJaccard, most similar first (ties by ID). Texts below
// the LSH threshold may be missed; see IndexOptions.Bands.
func (ix *Index) Query(text string, minJaccard float64) []news.NearDuplicate {
	return ix.QuerySignature(Sign(text, ix.opts), minJaccard, nil)
}

// Near returns the near-duplicates of the indexed text id, excluding id
// itself; nil when id is not indexed.
func (ix *Index) Near(id int64, minJaccard float64) []news.NearDuplicate {
	sig := ix.Signature(id)
	if sig == nil {
		return nil
	}
	return ix.QuerySignature(sig, minJaccard, func(other int64) bool { return other != id })
}

// Signature returns a copy of the signature indexed under id; nil when id
// is not indexed.
func (ix *Index) Signature(id int64) Signature {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	slot, ok := ix.byID[id]
	if !ok {
		return nil
	}
	h := ix.opts.Hashes
	return append(Signature(nil), ix.sigs[int(slot)*h:int(slot+1)*h]...)
}

// QuerySignature is Query for a signature computed with Sign and the
// index's Options. keep, when not nil, filters the candidates by ID.
func (ix *Index) QuerySignature(sig Signature, minJaccard float64, keep func(id int64) bool) []news.NearDuplicate {
	if len(sig) != ix.opts.Hashes {
		return nil
	}
	keys := ix.bandKeys(make([]uint64, 0, ix.opts.Bands), sig)
	h := ix.opts.Hashes
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var cands []int32
	for _, k := range keys {
		r, ok := ix.buckets[k]
		switch {
		case !ok:
		case r >= 0:
			cands = append(cands, r)
		default:
			cands = append(cands, ix.lists[^r]...)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i] < cands[j] })
	var out []news.NearDuplicate
	for i, s := range cands {
		if i > 0 && cands[i-1] == s {
			continue
		}
		id := ix.slots[s]
		if keep != nil && !keep(id) {
			continue
		}
		j := sig.Jaccard(Signature(ix.sigs[int(s)*h : int(s+1)*h]))
		if j >= minJaccard {
			out = append(out, news.NearDuplicate{ArticleID: id, Jaccard: j})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Jaccard != out[j].Jaccard {
			return out[i].Jaccard > out[j].Jaccard
		}
		return out[i].ArticleID < out[j].ArticleID
	})
	return out
}
