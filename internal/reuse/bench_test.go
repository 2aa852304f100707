package reuse_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

// variants returns n distinct articles of about 800 words made from the
// fictional flood article: its sentences rotated, with every fourth word
// replaced by a token unique to the variant, so that variants share few
// shingles, as unrelated articles of a corpus do.
func variants(tb testing.TB, n int) []string {
	sents := sentenceTexts(fixture(tb, "flood.txt", 1))
	out := make([]string, n)
	for v := range out {
		parts := make([]string, len(sents))
		for i := range sents {
			s := sents[(i+v)%len(sents)]
			w := strings.Fields(s)
			for j := (v + i) % 4; j < len(w); j += 4 {
				w[j] = fmt.Sprintf("w%dx%dx%d", v, i, j)
			}
			parts[i] = strings.Join(w, " ")
		}
		out[v] = strings.Join(parts, " ")
	}
	return out
}

// editedCopy returns a copy of the flood article with sentences dropped,
// words replaced, sentences of the council article inserted, two sentences
// reworded and the first and last sentences swapped.
func editedCopy(tb testing.TB) (*news.Article, *news.Article) {
	b := fixture(tb, "flood.txt", 1)
	ins := sentenceTexts(fixture(tb, "council.txt", 9))
	var parts []string
	for i, s := range sentenceTexts(b) {
		switch {
		case i%7 == 3:
			continue
		case i%5 == 2:
			s = strings.Replace(s, " the ", " a ", 1)
		}
		parts = append(parts, s)
		if i%6 == 1 {
			parts = append(parts, ins[i%len(ins)])
		}
	}
	parts = append(parts,
		"More than 3,400 people had to leave their homes in Valebridge on Saturday when the River Aller broke through a temporary barrier.",
		"The environment minister, Tobias Wren, will visit the town on Sunday, his office said.")
	parts[0], parts[len(parts)-1] = parts[len(parts)-1], parts[0]
	return art(2, strings.Join(parts, " ")), b
}

// BenchmarkSignAndQuery measures near-duplicate lookup: the MinHash
// signature of an 800-word article and an LSH query against 2,000 indexed
// articles.
func BenchmarkSignAndQuery(b *testing.B) {
	docs := variants(b, 2001)
	ix := reuse.NewIndex(reuse.IndexOptions{})
	for i, d := range docs[1:] {
		ix.Add(int64(i+1), d)
	}
	q := docs[0]
	found := 0
	for b.Loop() {
		sig := reuse.Sign(q, ix.Options())
		found += len(ix.QuerySignature(sig, 0.5, nil))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	_ = found
}

// BenchmarkIndexAdd measures adding an 800-word article to the index and
// reports the index's memory per article.
func BenchmarkIndexAdd(b *testing.B) {
	const n = 2000
	docs := variants(b, n)
	sigs := make([]reuse.Signature, n)
	for i, d := range docs {
		sigs[i] = reuse.Sign(d, reuse.IndexOptions{})
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := reuse.NewIndex(reuse.IndexOptions{})
	for i, s := range sigs {
		ix.AddSignature(int64(i), s)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perArticle := float64(after.HeapAlloc-before.HeapAlloc) / n
	runtime.KeepAlive(ix)

	i := 0
	for b.Loop() {
		ix.Add(int64(n+i%n), docs[i%n])
		i++
	}
	b.ReportMetric(perArticle, "index-bytes/article")
}

// BenchmarkAlign aligns an 800-word article with an edited copy of it.
func BenchmarkAlign(b *testing.B) {
	a, src := editedCopy(b)
	reuse.Align(a, src, reuse.AlignOptions{}) // load the model
	for b.Loop() {
		reuse.Align(a, src, reuse.AlignOptions{})
	}
}

// BenchmarkAlignUnrelated aligns two unrelated articles, the common case
// when a passage is checked against other stories.
func BenchmarkAlignUnrelated(b *testing.B) {
	a, src := fixture(b, "council.txt", 2), fixture(b, "flood.txt", 1)
	reuse.Align(a, src, reuse.AlignOptions{})
	for b.Loop() {
		reuse.Align(a, src, reuse.AlignOptions{})
	}
}

// BenchmarkProvenanceCached measures the provenance of a story of 10
// articles of about 800 words analysed again with every pair in the pair
// cache, as a growing story is: signing the texts for near-duplicates
// ("sign") or taking the signatures an index holds ("index", as the
// engine's near-duplicate index serves them).
func BenchmarkProvenanceCached(b *testing.B) {
	texts := variants(b, 10)
	arts := make([]*news.Article, len(texts))
	ix := reuse.NewIndex(reuse.IndexOptions{})
	for i, s := range texts {
		arts[i] = art(int64(i+1), s)
		ix.Add(arts[i].ID, arts[i].Text)
	}
	pairs := reuse.NewPairCache(1000)
	reuse.Provenance(arts, reuse.AlignOptions{Pairs: pairs})
	for _, c := range []struct {
		name string
		sigs func(int64) reuse.Signature
	}{{"sign", nil}, {"index", ix.Signature}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				reuse.Provenance(arts, reuse.AlignOptions{Pairs: pairs, Signatures: c.sigs})
			}
		})
	}
}
