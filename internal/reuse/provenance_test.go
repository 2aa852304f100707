package reuse_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

func TestProvenance(t *testing.T) {
	orig := fixture(t, "flood.txt", 1)
	paras := strings.Split(orig.Text, "\n\n")
	own := "Shopkeepers on Canal Street said on Sunday that they had started pumping water out of their cellars with borrowed generators.\n\n" +
		"Many of them said they had no insurance against flooding, because premiums in the valley had tripled since the last great flood."
	// b copies the first four paragraphs and adds its own two.
	b := art(2, strings.Join(paras[:4], "\n\n")+"\n\n"+own)
	// c copies b's own paragraphs, two later paragraphs of the original
	// (which b does not have) lightly edited, and paragraph 2, which both
	// have.
	later := strings.Replace(paras[9]+"\n\n"+paras[10], "volunteers", "helpers", 1)
	c := art(3, own+"\n\n"+later+"\n\n"+paras[1]+"\n\nThe town was quiet on Monday.")
	// d is the first three quarters of the original, published at the
	// same time: containment decides that d copies the original, not the
	// reverse.
	d := art(4, strings.Join(paras[:3*len(paras)/4], "\n\n"))
	// e is unrelated.
	e := fixture(t, "council.txt", 5)

	t0 := time.Date(2026, 2, 14, 9, 0, 0, 0, time.UTC)
	orig.Published = t0
	b.Published = t0.Add(time.Hour)
	c.Published = t0.Add(2 * time.Hour)
	d.Published = t0
	// e has no publication time.
	arts := []*news.Article{orig, d, b, c, e} // arrival order: time, then ID
	for _, a := range arts {
		a.StoryID = 1
	}
	got := reuse.Provenance(arts, reuse.AlignOptions{})
	// The direction does not hang on arrival order when times tie.
	swapped := reuse.Provenance([]*news.Article{d, orig, b, c, e}, reuse.AlignOptions{})
	for id, p := range got {
		if q := swapped[id]; !slices.Equal(p.DrawsOn, q.DrawsOn) || p.Originality != q.Originality {
			t.Errorf("article %d: DrawsOn %v / originality %.3f, with d before the original %v / %.3f", id, p.DrawsOn, p.Originality, q.DrawsOn, q.Originality)
		}
	}
	if len(got) != len(arts) {
		t.Fatalf("%d provenances, want %d", len(got), len(arts))
	}
	for _, a := range arts {
		p := got[a.ID]
		for i, ps := range p.Passages {
			if ps.ArticleID != a.ID || !ps.Span.Valid(len(a.Text)) || ps.SourceID == a.ID {
				t.Fatalf("article %d passage %d: %+v", a.ID, i, ps)
			}
			if i > 0 && p.Passages[i-1].Span.End > ps.Span.Start {
				t.Fatalf("article %d: passages overlap or unordered: %+v", a.ID, p.Passages)
			}
		}
		if p.Originality < 0 || p.Originality > 1 {
			t.Fatalf("article %d originality %v", a.ID, p.Originality)
		}
	}

	tests := []struct {
		name        string
		id          int64
		drawsOn     []int64
		minOrig     float64
		maxOrig     float64
		nearDupOf   []int64
		passageFrom []int64 // sources that must appear among the passages
	}{
		{name: "original", id: 1, drawsOn: nil, minOrig: 1, maxOrig: 1, nearDupOf: []int64{4}},
		{name: "partial copy", id: 2, drawsOn: []int64{1}, minOrig: 0.1, maxOrig: 0.4},
		{name: "copy of a copy and of the original", id: 3, drawsOn: []int64{1, 2}, minOrig: 0.02, maxOrig: 0.1, passageFrom: []int64{1, 2}},
		{name: "same time, contained", id: 4, drawsOn: []int64{1}, minOrig: 0, maxOrig: 0, nearDupOf: []int64{1}},
		{name: "unrelated", id: 5, drawsOn: nil, minOrig: 1, maxOrig: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := got[tt.id]
			if !slices.Equal(p.DrawsOn, tt.drawsOn) {
				t.Errorf("DrawsOn=%v, want %v", p.DrawsOn, tt.drawsOn)
			}
			if p.Originality < tt.minOrig || p.Originality > tt.maxOrig {
				t.Errorf("Originality=%.3f, want in [%.2f, %.2f]", p.Originality, tt.minOrig, tt.maxOrig)
			}
			var near []int64
			for _, n := range p.NearDuplicates {
				near = append(near, n.ArticleID)
				if n.Jaccard < 0.5 || n.Jaccard > 1 {
					t.Errorf("near-duplicate %d with Jaccard %v", n.ArticleID, n.Jaccard)
				}
			}
			if !slices.Equal(near, tt.nearDupOf) {
				t.Errorf("NearDuplicates=%v, want %v", near, tt.nearDupOf)
			}
			for _, src := range tt.passageFrom {
				if !slices.ContainsFunc(p.Passages, func(x news.Passage) bool { return x.SourceID == src }) {
					t.Errorf("no passage from %d among %+v", src, p.Passages)
				}
			}
		})
	}
}

func TestProvenanceEmpty(t *testing.T) {
	if got := reuse.Provenance(nil, reuse.AlignOptions{}); len(got) != 0 {
		t.Fatalf("Provenance(nil)=%v", got)
	}
	a := art(1, "")
	got := reuse.Provenance([]*news.Article{a}, reuse.AlignOptions{})
	if p := got[1]; p == nil || p.Originality != 1 || len(p.Passages) != 0 {
		t.Fatalf("empty article: %+v", p)
	}
}

func TestUnmatched(t *testing.T) {
	b := art(1, source)
	c := fixture(t, "council.txt", 2)
	a := art(3, `The water rose by 1.8 metres in less than six hours and reached the steps of the town hall shortly before noon, officials said. A new library will open in the old tram depot on Quarry Road. Nobody knows when the trains will run again.`)
	got := reuse.Unmatched(a, []*news.Article{b, c, a}, reuse.AlignOptions{})
	var texts []string
	for _, s := range got {
		texts = append(texts, s.Slice(a.Text))
	}
	want := []string{"A new library will open in the old tram depot on Quarry Road.", "Nobody knows when the trains will run again."}
	if !slices.Equal(texts, want) {
		t.Fatalf("Unmatched=%q, want %q", texts, want)
	}
	if got := reuse.Unmatched(a, nil, reuse.AlignOptions{}); len(got) != len(a.Sentences) {
		t.Fatalf("with no others: %d unmatched, want all %d", len(got), len(a.Sentences))
	}
}

// TestProvenancePairCache: with a pair cache, a story analysed again as it
// grows gets exactly the provenance computed afresh, including for an
// article whose text is another article's under a different ID.
func TestProvenancePairCache(t *testing.T) {
	orig := fixture(t, "flood.txt", 1)
	paras := strings.Split(orig.Text, "\n\n")
	b := art(2, strings.Join(paras[:4], "\n\n")+"\n\nThe town was quiet on Monday, shopkeepers said.")
	c := art(3, strings.Replace(strings.Join(paras[2:6], "\n\n"), "the", "a", 2))
	same := art(4, b.Text) // b's text under another ID
	t0 := time.Date(2026, 2, 14, 9, 0, 0, 0, time.UTC)
	for i, a := range []*news.Article{orig, b, c, same} {
		a.StoryID, a.Published = 1, t0.Add(time.Duration(i)*time.Hour)
	}
	pairs := reuse.NewPairCache(100)
	for _, arts := range [][]*news.Article{{orig, b}, {orig, b, c}, {orig, b, c}, {orig, b, c, same}} {
		want := reuse.Provenance(arts, reuse.AlignOptions{})
		got := reuse.Provenance(arts, reuse.AlignOptions{Pairs: pairs})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d articles: cached provenance differs:\n%+v\nwant\n%+v", len(arts), got, want)
		}
	}
	if p := reuse.Provenance([]*news.Article{orig, b, c, same}, reuse.AlignOptions{Pairs: pairs})[4]; !slices.Contains(p.DrawsOn, 2) {
		t.Errorf("the copy of article 2 draws on %v, want 2 among them", p.DrawsOn)
	}
}

// TestProvenanceSignatures: Provenance takes the signatures an index holds
// (AlignOptions.Signatures) instead of signing the texts again, with the
// same result, and signs the articles it gets none for.
func TestProvenanceSignatures(t *testing.T) {
	orig := fixture(t, "flood.txt", 1)
	paras := strings.Split(orig.Text, "\n\n")
	b := art(2, strings.Join(paras[:len(paras)-1], "\n\n")) // a near-duplicate
	c := art(3, strings.Join(paras[2:5], "\n\n"))
	arts := []*news.Article{orig, b, c}
	ix := reuse.NewIndex(reuse.IndexOptions{})
	ix.Add(1, orig.Text)
	ix.Add(2, b.Text) // c is not indexed
	if sig := ix.Signature(2); !slices.Equal(sig, reuse.Sign(b.Text, reuse.IndexOptions{})) || ix.Signature(3) != nil {
		t.Fatalf("Index.Signature: %v for an indexed text, %v for another", sig, ix.Signature(3))
	}
	want := reuse.Provenance(arts, reuse.AlignOptions{})
	if len(want[1].NearDuplicates) == 0 {
		t.Fatal("no near-duplicate in the fixture")
	}
	var asked []int64
	got := reuse.Provenance(arts, reuse.AlignOptions{Signatures: func(id int64) reuse.Signature {
		asked = append(asked, id)
		return ix.Signature(id)
	}})
	if !reflect.DeepEqual(got, want) || !slices.Equal(asked, []int64{1, 2, 3}) {
		t.Fatalf("with the index's signatures (asked for %v):\n%+v\nwant\n%+v", asked, got, want)
	}
	// The signatures given are the ones compared: article 3 given article
	// 1's is its exact duplicate.
	p := reuse.Provenance(arts, reuse.AlignOptions{Signatures: func(id int64) reuse.Signature { return ix.Signature(min(id, 1)) }})
	if nd := p[3].NearDuplicates; len(nd) == 0 || nd[0].Jaccard != 1 {
		t.Errorf("article 3 with article 1's signature: near-duplicates %+v, want one of Jaccard 1", nd)
	}
}

// TestProvenanceNeverCircular: who draws on whom follows one order of the
// story's articles, also when an undated article sits between two dated
// ones by content. Decided pair by pair, the dated report (a) came before
// its dated extension (b) by time, b before the undated c by content (b
// contains c) and c before a by content (c contains a): a circle.
func TestProvenanceNeverCircular(t *testing.T) {
	p := "Firefighters ordered the evacuation of four villages near Larch Ridge on Tuesday as a wildfire spread across dry pine forest."
	q := "The regional fire service said more than two hundred firefighters and six water bombers were fighting the blaze overnight."
	r := "Residents were told to take only medicines and documents and to drive north towards the coast, away from the smoke."
	a, b, c := art(1, p), art(2, p+"\n\n"+q+"\n\n"+r), art(3, p+"\n\n"+q)
	t0 := time.Date(2026, 7, 14, 9, 0, 0, 0, time.UTC)
	a.Published, b.Published = t0, t0.Add(time.Hour)
	for _, x := range []*news.Article{a, b, c} {
		x.StoryID = 1
	}
	got := reuse.Provenance([]*news.Article{a, b, c}, reuse.AlignOptions{})
	// Follow DrawsOn from each article: it must never come back.
	for _, start := range []int64{1, 2, 3} {
		seen := map[int64]bool{}
		var walk func(id int64)
		walk = func(id int64) {
			for _, src := range got[id].DrawsOn {
				if src == start {
					t.Fatalf("article %d draws, through %v, on itself: %v / %v / %v", start, seen, got[1].DrawsOn, got[2].DrawsOn, got[3].DrawsOn)
				}
				if !seen[src] {
					seen[src] = true
					walk(src)
				}
			}
		}
		walk(start)
	}
	if slices.Contains(got[1].DrawsOn, 2) {
		t.Errorf("the first report draws on its later extension: %v", got[1].DrawsOn)
	}
}

// TestProvenanceHalfCopyOfUndated: an undated report (read first) and a
// dated page that copied most of it and added a little more of its own
// hold about as much of each other (the report a little more of its text
// in the page): content cannot tell who copied whom, and the report that
// arrived first is the source, although the caller lists undated articles
// last.
func TestProvenanceHalfCopyOfUndated(t *testing.T) {
	shared := []string{
		"Firefighters ordered the evacuation of four villages near Larch Ridge as a wildfire spread across dry pine forest.",
		"The regional fire service said more than two hundred firefighters and six water bombers were fighting the blaze overnight.",
		"Residents were told to take only medicines and documents and to drive north towards the coast, away from the smoke.",
	}
	report := art(1, strings.Join(shared, " ")+" A school gym in Marden was opened for the evacuated families, and volunteers brought blankets and soup.")
	page := art(2, strings.Join(shared, " ")+" Wildfires have become more frequent in the region over the past ten summers, scientists warn. Local hotels reported a wave of cancellations.")
	page.Published = time.Date(2026, 7, 14, 9, 0, 0, 0, time.UTC)
	for _, x := range []*news.Article{report, page} {
		x.StoryID = 1
	}
	got := reuse.Provenance([]*news.Article{page, report}, reuse.AlignOptions{}) // undated last, as the engine lists them
	if len(got[1].DrawsOn) != 0 || !slices.Contains(got[2].DrawsOn, 1) {
		t.Fatalf("the report draws on %v, the page on %v: want the page drawing on the report", got[1].DrawsOn, got[2].DrawsOn)
	}
}

// TestProvenanceDayOnly: an article dated by its day alone (midnight UTC)
// is placed among that day's articles by content, not before all of them:
// a rewrite dated "2026-02-14" copies the report of 09:20 that day. A
// day-only article of the day before still comes first.
func TestProvenanceDayOnly(t *testing.T) {
	orig := fixture(t, "flood.txt", 2)
	paras := strings.Split(orig.Text, "\n\n")
	rewrite := art(1, strings.Join(paras[:4], "\n\n")+"\n\nShopkeepers on Canal Street said they had started pumping water out of their cellars.")
	day := time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)
	orig.Published = day.Add(9*time.Hour + 20*time.Minute)
	rewrite.Published = day
	for _, a := range []*news.Article{orig, rewrite} {
		a.StoryID = 1
	}
	got := reuse.Provenance([]*news.Article{rewrite, orig}, reuse.AlignOptions{})
	if d := got[orig.ID].DrawsOn; len(d) != 0 {
		t.Errorf("the report of 09:20 draws on %v, want nothing (the day-only rewrite copies it)", d)
	}
	if d := got[rewrite.ID].DrawsOn; !slices.Equal(d, []int64{orig.ID}) {
		t.Errorf("the day-only rewrite draws on %v, want [%d]", d, orig.ID)
	}
	// Dated the day before, the same text is the source.
	rewrite.Published = day.AddDate(0, 0, -1)
	got = reuse.Provenance([]*news.Article{rewrite, orig}, reuse.AlignOptions{})
	if d := got[orig.ID].DrawsOn; !slices.Equal(d, []int64{rewrite.ID}) {
		t.Errorf("a day later the report draws on %v, want [%d]", d, rewrite.ID)
	}
}
