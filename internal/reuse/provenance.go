package reuse

import (
	"cmp"
	"slices"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// kindRank orders passage kinds from the strongest evidence of reuse.
func kindRank(k string) int {
	switch k {
	case news.PassageVerbatim:
		return 0
	case news.PassageEdited:
		return 1
	}
	return 2
}

// Provenance computes, for the articles of one story in arrival order
// (earliest first), the passages each reuses from earlier articles, its
// originality (the bytes of its sentences found in no earlier article over
// all its sentence bytes), DrawsOn (the earlier articles it reuses, most
// reused bytes first) and its near-duplicates among the others (estimated
// shingle Jaccard at least opts.NearDuplicate).
//
// Direction comes from publication order: b is earlier than a when both
// have publication times and b's is before a's. When the times are equal or
// one is unknown, the article more contained in the other (the larger share
// of its word shingles found in the other, by a tenth at least, one holding
// half of the other's) is the later one, the copy; else arrival order (the
// lower ID) decides.
//
// Where several earlier articles share a passage (a copy of a copy), the
// passage is credited once: to the strongest kind, then to the source the
// article reuses most overall, then to the earliest in that order of
// precedence. Passages are sorted by span and do not overlap.
func Provenance(arts []*news.Article, opts AlignOptions) map[int64]*news.Provenance {
	opts = opts.withDefaults()
	n := len(arts)
	docs := make([]*doc, n)
	sigs := make([]Signature, n)
	sh := make([]map[uint64]bool, n)
	keys := make([]memo.Key, n)
	words := map[uint64]wordStem{}
	for i, a := range arts {
		if opts.Pairs != nil {
			keys[i] = memo.ArticleKey(a)
		}
		docs[i] = prepare(a)
		docs[i].words = words
		if opts.Signatures != nil {
			sigs[i] = opts.Signatures(a.ID)
		}
		if sigs[i] == nil {
			sigs[i] = signWords(docs[i].keys, IndexOptions{}.withDefaults())
		}
		sh[i] = shingleSet(docs[i].keys, 5)
	}
	// order runs from the first source to the last copy: dated articles
	// by time, then each undated one before the first article it
	// precedes by content. An article draws only on articles before it,
	// so who-draws-on-whom never runs in a circle (deciding each pair
	// alone did: A before B by date, B before the undated C and C before
	// A by content).
	// An article dated by its day alone (stored at midnight UTC) is placed
	// among the articles of its day by content, as an undated one is among
	// all: its midnight says nothing of the hour (a rewrite dated
	// "2026-02-14" came after the report of 09:20 that day, not before).
	order := make([]int, 0, n)
	var undated, dayOnly []int
	for i, a := range arts {
		switch {
		case a.Published.IsZero():
			undated = append(undated, i)
		case dateOnly(a.Published):
			dayOnly = append(dayOnly, i)
		default:
			order = append(order, i)
		}
	}
	byTime := func(x, y int) int {
		if c := arts[x].Published.Compare(arts[y].Published); c != 0 {
			return c
		}
		return byContent(arts, sh, x, y)
	}
	slices.SortStableFunc(order, byTime)
	slices.SortStableFunc(dayOnly, byTime)
	for _, u := range dayOnly {
		day := arts[u].Published
		next := day.AddDate(0, 0, 1)
		at := len(order)
		for k, x := range order {
			t := arts[x].Published
			if !t.Before(next) || !t.Before(day) && byContent(arts, sh, u, x) < 0 {
				at = k
				break
			}
		}
		order = slices.Insert(order, at, u)
	}
	for _, u := range undated {
		at := len(order)
		for k, x := range order {
			if byContent(arts, sh, u, x) < 0 {
				at = k
				break
			}
		}
		order = slices.Insert(order, at, u)
	}
	rank := make([]int, n)
	for r, i := range order {
		rank[i] = r
	}
	out := make(map[int64]*news.Provenance, n)
	for i, a := range arts {
		var all []news.Passage
		raw := map[int64]int{}
		pos := map[int64]int{}
		for j, b := range arts {
			if rank[j] >= rank[i] {
				continue
			}
			ps := opts.Pairs.align(keys[i], keys[j], docs[i], docs[j], opts)
			for k := range ps {
				ps[k].ArticleID, ps[k].SourceID = a.ID, b.ID
				ps[k].SameStory = a.StoryID == b.StoryID
				raw[b.ID] += ps[k].Span.Len()
			}
			pos[b.ID] = rank[j]
			all = append(all, ps...)
		}
		slices.SortStableFunc(all, func(x, y news.Passage) int {
			if d := kindRank(x.Kind) - kindRank(y.Kind); d != 0 {
				return d
			}
			if d := raw[y.SourceID] - raw[x.SourceID]; d != 0 {
				return d
			}
			switch {
			case x.Score > y.Score:
				return -1
			case x.Score < y.Score:
				return 1
			}
			return pos[x.SourceID] - pos[y.SourceID]
		})
		var kept []news.Passage
		for _, p := range all {
			ok := true
			for _, q := range kept {
				if q.Span.Overlaps(p.Span) {
					ok = false
					break
				}
			}
			if ok {
				kept = append(kept, p)
			}
		}
		slices.SortFunc(kept, func(x, y news.Passage) int { return x.Span.Start - y.Span.Start })

		pr := &news.Provenance{Passages: kept}
		pr.Originality = originality(docs[i], kept, opts.Found)
		bytesBy := map[int64]int{}
		for _, p := range kept {
			if _, ok := bytesBy[p.SourceID]; !ok {
				pr.DrawsOn = append(pr.DrawsOn, p.SourceID)
			}
			bytesBy[p.SourceID] += p.Span.Len()
		}
		slices.SortStableFunc(pr.DrawsOn, func(x, y int64) int {
			if d := bytesBy[y] - bytesBy[x]; d != 0 {
				return d
			}
			return pos[x] - pos[y]
		})
		for j, b := range arts {
			if j == i {
				continue
			}
			if jac := sigs[i].Jaccard(sigs[j]); jac >= opts.NearDuplicate {
				pr.NearDuplicates = append(pr.NearDuplicates, news.NearDuplicate{ArticleID: b.ID, Jaccard: jac})
			}
		}
		slices.SortStableFunc(pr.NearDuplicates, func(x, y news.NearDuplicate) int {
			switch {
			case x.Jaccard > y.Jaccard:
				return -1
			case x.Jaccard < y.Jaccard:
				return 1
			}
			return 0
		})
		out[a.ID] = pr
	}
	return out
}

// dateOnly says whether t is a day without its hour: midnight UTC, as a
// date without a time is stored.
func dateOnly(t time.Time) bool {
	t = t.UTC()
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// byContent orders two articles by their shingles when one holds at least
// half of the other's and a tenth more of it than the other holds of it:
// the one whose text the other contains more of comes first (a copy
// contains its source). Else the one that arrived first (the lower ID)
// does: a few shared phrases (a name, a title, a stock phrase) weigh more
// in the shorter text and say nothing of who copied whom, nor do two
// texts that each hold half of the other (a page that copied half of a
// report and added as much of its own). The ID, not the place in arts:
// callers list the undated articles last, and an undated wire report read
// before the page that copied it would come after that page.
func byContent(arts []*news.Article, sh []map[uint64]bool, x, y int) int {
	k := float64(intersection(sh[x], sh[y]))
	cx, cy := share(k, len(sh[x])), share(k, len(sh[y]))
	switch {
	case max(cx, cy) < 0.5:
	case cy >= cx+0.1:
		return -1
	case cx >= cy+0.1:
		return 1
	}
	if arts[x].ID != arts[y].ID {
		return cmp.Compare(arts[x].ID, arts[y].ID)
	}
	return x - y
}

// shingleSet returns the hashes of the k-word shingles of a token sequence
// (a single shingle for fewer than k words).
func shingleSet(keys []uint64, k int) map[uint64]bool {
	m := make(map[uint64]bool, len(keys))
	k = min(k, len(keys))
	if k == 0 {
		return m
	}
	for i := 0; i+k <= len(keys); i++ {
		m[shingleHash(keys[i:i+k])] = true
	}
	return m
}

// containment returns the share of a's shingles that are also b's.
func containment(a, b map[uint64]bool) float64 {
	return share(float64(intersection(a, b)), len(a))
}

// intersection returns the number of shingles a and b share.
func intersection(a, b map[uint64]bool) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for h := range a {
		if b[h] {
			n++
		}
	}
	return n
}

// share returns k/n, 0 when n is 0.
func share(k float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return k / float64(n)
}

// found reports, for each sentence of d, whether passages (spans into d)
// cover at least share of its bytes.
func found(d *doc, spans []news.Span, share float64) []bool {
	out := make([]bool, len(d.sents))
	for s, sent := range d.sents {
		cov := coveredBytes(sent.Span, spans)
		out[s] = sent.Span.Len() > 0 && float64(cov) >= share*float64(sent.Span.Len())
	}
	return out
}

// coveredBytes counts the bytes of s that the spans cover (the spans may
// overlap each other).
func coveredBytes(s news.Span, spans []news.Span) int {
	var parts []news.Span
	for _, p := range spans {
		lo, hi := max(s.Start, p.Start), min(s.End, p.End)
		if hi > lo {
			parts = append(parts, news.Span{Start: lo, End: hi})
		}
	}
	slices.SortFunc(parts, func(x, y news.Span) int { return x.Start - y.Start })
	n, end := 0, s.Start
	for _, p := range parts {
		if p.End <= end {
			continue
		}
		n += p.End - max(p.Start, end)
		end = p.End
	}
	return n
}

// originality is the share of d's sentence bytes in sentences that the
// passages do not cover; 1 for an article without sentences.
func originality(d *doc, ps []news.Passage, share float64) float64 {
	spans := make([]news.Span, len(ps))
	for i, p := range ps {
		spans[i] = p.Span
	}
	f := found(d, spans, share)
	total, orig := 0, 0
	for s, sent := range d.sents {
		total += sent.Span.Len()
		if !f[s] {
			orig += sent.Span.Len()
		}
	}
	if total == 0 {
		return 1
	}
	return float64(orig) / float64(total)
}

// Unmatched returns the spans of the sentences of a that have no
// counterpart in any of others: no verbatim, edited or reworded passage of
// Align(a, other) covers opts.Found of the sentence's bytes. Articles in
// others with a's ID are skipped.
func Unmatched(a *news.Article, others []*news.Article, opts AlignOptions) []news.Span {
	opts = opts.withDefaults()
	da := prepare(a)
	var spans []news.Span
	for _, o := range others {
		if o == nil || o == a || (o.ID == a.ID && a.ID != 0) {
			continue
		}
		for _, p := range alignDocs(da, prepare(o), opts) {
			spans = append(spans, p.Span)
		}
	}
	f := found(da, spans, opts.Found)
	var out []news.Span
	for s, sent := range da.sents {
		if !f[s] && sent.Span.Len() > 0 {
			out = append(out, sent.Span)
		}
	}
	return out
}
