package quote

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Attribution is one annotated attribution relation of an evaluation
// corpus: the spans of its content, source (speaker) and cue, as byte
// ranges into the article text. A discontinuous annotation has several
// spans per role; Source is empty for an attribution without a source.
type Attribution struct {
	Content, Source, Cue []news.Span
}

// ParseBrat reads the attribution relations of a brat standoff file (the
// PolNeAR format) annotated over text: "T" lines give Source, Cue and
// Content spans in character offsets ("start end" fragments separated by
// ";"), "E" lines tie them into one relation. Offsets are converted to
// byte offsets of text; lines of other kinds (and the continuation lines of
// span texts that hold a line break) are ignored.
func ParseBrat(r io.Reader, text string) ([]Attribution, error) {
	// byteAt[i] is the byte offset of character i.
	byteAt := make([]int, 0, len(text)+1)
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	type tspan struct {
		kind  string
		spans []news.Span
	}
	ts := map[string]tspan{}
	var events [][]string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		f := strings.SplitN(line, "\t", 3)
		if len(f) < 2 || len(f[0]) < 2 {
			continue
		}
		switch f[0][0] {
		case 'T':
			kind, rng, ok := strings.Cut(f[1], " ")
			if !ok {
				continue
			}
			var spans []news.Span
			for _, frag := range strings.Split(rng, ";") {
				a, b, ok := strings.Cut(strings.TrimSpace(frag), " ")
				if !ok {
					return nil, fmt.Errorf("line %d: bad fragment %q", n, frag)
				}
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil || s < 0 || e < s || e >= len(byteAt) {
					return nil, fmt.Errorf("line %d: bad offsets %q for a text of %d characters", n, frag, len(byteAt)-1)
				}
				spans = append(spans, news.Span{Start: byteAt[s], End: byteAt[e]})
			}
			ts[f[0]] = tspan{kind, spans}
		case 'E':
			events = append(events, strings.Fields(f[1]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read brat: %w", err)
	}
	var out []Attribution
	for _, ev := range events {
		var a Attribution
		for _, role := range ev {
			name, id, ok := strings.Cut(role, ":")
			if !ok {
				continue
			}
			t, ok := ts[id]
			if !ok {
				continue
			}
			switch {
			case strings.HasPrefix(name, "Content"):
				a.Content = append(a.Content, t.spans...)
			case strings.HasPrefix(name, "Source"):
				a.Source = append(a.Source, t.spans...)
			case strings.HasPrefix(name, "Cue"):
				a.Cue = append(a.Cue, t.spans...)
			}
		}
		if len(a.Content) > 0 {
			out = append(out, a)
		}
	}
	return out, nil
}

// QuotedShare returns the share of the letters and digits of text[s] that
// lie between double quotation marks (“…”, "…", «…», „…“ or doubled
// apostrophes), counting
// from the start of s. An attribution whose content is mostly quoted is a
// direct quote for the evaluation.
func QuotedShare(text string, s news.Span) float64 {
	in := false
	var inside, all int
	t := s.Slice(text)
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		switch {
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»' || r == '„':
			in = !in
		case r == '\'' && i+1 < len(t) && t[i+1] == '\'':
			in = !in
			n = 2
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			all++
			if in {
				inside++
			}
		}
		i += n
	}
	if all == 0 {
		return 0
	}
	return float64(inside) / float64(all)
}

// trimEval trims space, quotation marks and punctuation from both ends of
// a span, so that exact matching ignores them.
func trimEval(text string, s news.Span) news.Span {
	strip := func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '`' || r == '\'' || r == '"'
	}
	for s.Start < s.End {
		r, n := utf8.DecodeRuneInString(text[s.Start:s.End])
		if !strip(r) {
			break
		}
		s.Start += n
	}
	for s.End > s.Start {
		r, n := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if !strip(r) {
			break
		}
		s.End -= n
	}
	return s
}

// prCount accumulates a precision (matched predictions over predictions)
// and a recall (matched gold units over gold units) whose numerators may
// differ, as they do for overlap matching.
type prCount struct{ pTP, pN, rTP, rN int }

// pred counts a prediction, matched or not.
func (c *prCount) pred(matched bool) {
	c.pN++
	c.pTP += b2i(matched)
}

// gold counts a gold unit, found or not.
func (c *prCount) gold(found bool) {
	c.rN++
	c.rTP += b2i(found)
}

func (c prCount) prf() metrics.PRF {
	var p, r float64
	if c.pN > 0 {
		p = float64(c.pTP) / float64(c.pN)
	}
	if c.rN > 0 {
		r = float64(c.rTP) / float64(c.rN)
	}
	return metrics.PRF{Precision: p, Recall: r, F1: metrics.HarmonicMean(p, r)}
}

// Scorer compares extracted quotes with annotated attributions, document
// by document, and accumulates precision, recall and F1 of content, source
// and cue spans, with exact and overlap matching, for direct quotes and
// for all attributions.
//
// Units are attributions on the gold side and quotes on the predicted side.
// A predicted quote is split at paragraph breaks, since the annotation
// never crosses one. Overlap: some byte in common after trimming space,
// quotation marks and punctuation at both ends; exact: equal after that
// trimming (for a discontinuous gold content, each of its fragments must be
// matched). Exact words: exact, or the predicted fragments that overlap a
// gold content cover the same text as its fragments once the space and
// punctuation between neighbouring fragments is ignored, so that a quote
// interrupted by its attribution ("“A,” he said, “B.”") and annotated as
// one content matches the two quotes that cover it. Direct: a gold
// attribution whose content is at least half quoted (QuotedShare), a
// predicted quote marked Direct or at least half quoted. Precision of a
// subset is measured against all gold attributions and recall of a subset
// against all predictions, so a direct quote found inside a mostly
// reported attribution is neither a false positive nor a miss. Source and cue are scored on the pairs whose contents overlap: a
// predicted speaker is right when it overlaps (or, exact, equals) the
// source of a gold attribution whose content its quote overlaps.
type Scorer struct {
	Docs, Gold, GoldDirect, Pred, PredDirect int

	// Misses, when set, receives one line per direct-quote exact miss
	// (FP: a direct prediction with no exact gold match; FN: a direct gold
	// content not found exactly), for error analysis.
	Misses func(kind, line string)

	content, contentExact           [2]prCount // [direct, all]
	contentWords                    [2]prCount // exact words
	source, sourceExact, cue, cueEx [2]prCount
}

// predUnit is one predicted quote, split into fragments.
type predUnit struct {
	frags   []news.Span
	speaker news.Span
	cue     news.Span
	direct  bool
}

// attribution says whether the speaker and cue of a predicted quote
// overlap (src, cue) and equal (srcEx, cueEx) the source and cue of a gold
// attribution whose content the quote overlaps.
type attribution struct{ src, srcEx, cue, cueEx bool }

// or is a and b's matches together.
func (a attribution) or(b attribution) attribution {
	return attribution{a.src || b.src, a.srcEx || b.srcEx, a.cue || b.cue, a.cueEx || b.cueEx}
}

// Add scores the quotes predicted for one document against its gold
// attributions.
func (s *Scorer) Add(text string, gold []Attribution, pred []news.Quote) {
	s.Docs++
	preds := make([]predUnit, 0, len(pred))
	for _, q := range pred {
		u := predUnit{speaker: trimEval(text, q.Speaker), cue: trimEval(text, q.Cue)}
		u.direct = q.Direct || QuotedShare(text, q.Span) >= 0.5
		for _, f := range splitParagraphs(text, q.Span) {
			if f = trimEval(text, f); f.End > f.Start {
				u.frags = append(u.frags, f)
			}
		}
		if len(u.frags) > 0 {
			preds = append(preds, u)
		}
	}
	type goldUnit struct {
		frags, source, cue []news.Span
		direct             bool
	}
	golds := make([]goldUnit, 0, len(gold))
	for _, a := range gold {
		var g goldUnit
		var letters, quoted float64
		for _, f := range a.Content {
			n := float64(f.Len())
			letters += n
			quoted += n * QuotedShare(text, f)
			if f = trimEval(text, f); f.End > f.Start {
				g.frags = append(g.frags, f)
			}
		}
		for _, f := range a.Source {
			if f = trimEval(text, f); f.End > f.Start {
				g.source = append(g.source, f)
			}
		}
		for _, f := range a.Cue {
			if f = trimEval(text, f); f.End > f.Start {
				g.cue = append(g.cue, f)
			}
		}
		g.direct = letters > 0 && quoted/letters >= 0.5
		if len(g.frags) > 0 {
			golds = append(golds, g)
		}
	}
	overlapAny := func(a, b []news.Span) bool {
		for _, x := range a {
			for _, y := range b {
				if x.Overlaps(y) {
					return true
				}
			}
		}
		return false
	}
	equalAny := func(x news.Span, b []news.Span) bool {
		for _, y := range b {
			if x == y {
				return true
			}
		}
		return false
	}
	// exactMatch: every fragment of the predicted quote equals a gold
	// fragment, or the predicted quote spans the whole gold content.
	exactMatch := func(p predUnit, g goldUnit) bool {
		whole := news.Span{Start: g.frags[0].Start, End: g.frags[len(g.frags)-1].End}
		if len(p.frags) == 1 && p.frags[0] == whole {
			return true
		}
		for _, f := range p.frags {
			if !equalAny(f, g.frags) {
				return false
			}
		}
		return true
	}
	// goldExact: every fragment of the gold content is a predicted
	// fragment, or one predicted quote spans the whole of it.
	goldExact := func(g goldUnit) bool {
		whole := news.Span{Start: g.frags[0].Start, End: g.frags[len(g.frags)-1].End}
		for _, f := range g.frags {
			found := false
			for _, p := range preds {
				if equalAny(f, p.frags) || len(p.frags) == 1 && p.frags[0] == whole {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	// wordsExact: the predicted fragments that overlap the gold content
	// cover exactly its words, ignoring the space and punctuation between
	// fragments on either side ("“A,” he said, “B.”" predicted as two
	// quotes A and B; a gold content split at its sentence ends).
	wordsExact := make([]bool, len(golds))
	for gi, g := range golds {
		var got []news.Span
		for _, p := range preds {
			for _, f := range p.frags {
				if overlapAny([]news.Span{f}, g.frags) {
					got = append(got, f)
				}
			}
		}
		wordsExact[gi] = sameWords(text, got, g.frags)
	}
	predWordsExact := func(p predUnit) bool {
		for gi, g := range golds {
			if !wordsExact[gi] || !overlapAny(p.frags, g.frags) {
				continue
			}
			ok := true
			for _, f := range p.frags {
				if !overlapAny([]news.Span{f}, g.frags) {
					ok = false
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	nonEmpty := func(s news.Span) []news.Span {
		if s.End > s.Start {
			return []news.Span{s}
		}
		return nil
	}
	// attributionOf: whether p's speaker and cue overlap and equal g's
	// source and cue.
	attributionOf := func(p predUnit, g goldUnit) attribution {
		return attribution{
			src:   overlapAny(nonEmpty(p.speaker), g.source),
			srcEx: p.speaker.End > p.speaker.Start && equalAny(p.speaker, g.source),
			cue:   overlapAny(nonEmpty(p.cue), g.cue),
			cueEx: p.cue.End > p.cue.Start && equalAny(p.cue, g.cue),
		}
	}
	for view := 0; view < 2; view++ { // 0: direct, 1: all
		for _, p := range preds {
			if view == 0 && !p.direct {
				continue
			}
			var ov, ex bool
			var at attribution
			for _, g := range golds {
				if !overlapAny(p.frags, g.frags) {
					continue
				}
				ov = true
				ex = exactMatch(p, g) || ex
				at = at.or(attributionOf(p, g))
			}
			s.content[view].pred(ov)
			s.contentExact[view].pred(ex)
			if view == 0 && !ex && s.Misses != nil {
				var near []news.Span
				for _, g := range golds {
					if overlapAny(p.frags, g.frags) {
						near = append(near, g.frags...)
					}
				}
				s.Misses("FP", missLine(text, p.frags, near))
			}
			s.contentWords[view].pred(ex || predWordsExact(p))
			if p.speaker.End > p.speaker.Start {
				s.source[view].pred(at.src)
				s.sourceExact[view].pred(at.srcEx)
			}
			if p.cue.End > p.cue.Start {
				s.cue[view].pred(at.cue)
				s.cueEx[view].pred(at.cueEx)
			}
		}
		for gi, g := range golds {
			if view == 0 && !g.direct {
				continue
			}
			s.contentWords[view].gold(wordsExact[gi] || goldExact(g))
			var ov bool
			var at attribution
			for _, p := range preds {
				if !overlapAny(p.frags, g.frags) {
					continue
				}
				ov = true
				at = at.or(attributionOf(p, g))
			}
			s.content[view].gold(ov)
			s.contentExact[view].gold(goldExact(g))
			if view == 0 && !goldExact(g) && s.Misses != nil {
				var near []news.Span
				for _, p := range preds {
					if overlapAny(p.frags, g.frags) {
						near = append(near, p.frags...)
					}
				}
				s.Misses("FN", missLine(text, g.frags, near))
			}
			if len(g.source) > 0 {
				s.source[view].gold(at.src)
				s.sourceExact[view].gold(at.srcEx)
			}
			if len(g.cue) > 0 {
				s.cue[view].gold(at.cue)
				s.cueEx[view].gold(at.cueEx)
			}
		}
	}
	s.Gold += len(golds)
	s.Pred += len(preds)
	for _, g := range golds {
		s.GoldDirect += b2i(g.direct)
	}
	for _, p := range preds {
		s.PredDirect += b2i(p.direct)
	}
}

// missLine renders spans (and the overlapping spans of the other side) for
// the Misses hook.
func missLine(text string, spans, near []news.Span) string {
	var b strings.Builder
	for _, f := range spans {
		fmt.Fprintf(&b, "[%s] ", strings.ReplaceAll(text[f.Start:f.End], "\n", "⏎"))
	}
	if len(near) > 0 {
		b.WriteString(" ## OTHER: ")
		for _, f := range near {
			fmt.Fprintf(&b, "[%s] ", strings.ReplaceAll(text[f.Start:f.End], "\n", "⏎"))
		}
	}
	return b.String()
}

// sameWords reports whether the span sets a and b cover the same text once
// the space and punctuation between neighbouring spans is ignored.
func sameWords(text string, a, b []news.Span) bool {
	na, nb := mergeWords(text, a), mergeWords(text, b)
	if len(na) != len(nb) || len(na) == 0 {
		return false
	}
	for i := range na {
		if na[i] != nb[i] {
			return false
		}
	}
	return true
}

// mergeWords sorts spans and joins those that overlap or are separated by
// no letter or digit.
func mergeWords(text string, ss []news.Span) []news.Span {
	s := append([]news.Span(nil), ss...)
	sort.Slice(s, func(i, j int) bool { return s[i].Start < s[j].Start })
	var out []news.Span
	for _, x := range s {
		if n := len(out); n > 0 && (x.Start <= out[n-1].End || !strings.ContainsFunc(text[out[n-1].End:x.Start], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })) {
			out[n-1].End = max(out[n-1].End, x.End)
			continue
		}
		out = append(out, x)
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// splitParagraphs splits a span at the paragraph breaks ("\n\n") it holds.
func splitParagraphs(text string, s news.Span) []news.Span {
	var out []news.Span
	for s.Start < s.End {
		i := strings.Index(text[s.Start:s.End], "\n\n")
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, news.Span{Start: s.Start, End: s.Start + i})
		s.Start += i + 2
	}
	return out
}

// EvalResult holds the scores of a Scorer, keyed as the eval command
// prints them.
type EvalResult struct {
	DirectContentOverlap metrics.PRF `json:"-"`
	DirectContentExact   metrics.PRF `json:"-"`
	DirectContentWords   metrics.PRF `json:"-"`
	DirectSource         metrics.PRF `json:"-"`
	DirectSourceExact    metrics.PRF `json:"-"`
	DirectCue            metrics.PRF `json:"-"`
	DirectCueExact       metrics.PRF `json:"-"`
	AllContentOverlap    metrics.PRF `json:"-"`
	AllContentExact      metrics.PRF `json:"-"`
	AllContentWords      metrics.PRF `json:"-"`
	AllSource            metrics.PRF `json:"-"`
	AllSourceExact       metrics.PRF `json:"-"`
	Cue                  metrics.PRF `json:"-"`
	CueExact             metrics.PRF `json:"-"`
}

// Result returns the accumulated scores.
func (s *Scorer) Result() EvalResult {
	return EvalResult{
		DirectContentOverlap: s.content[0].prf(),
		DirectContentExact:   s.contentExact[0].prf(),
		DirectContentWords:   s.contentWords[0].prf(),
		DirectSource:         s.source[0].prf(),
		DirectSourceExact:    s.sourceExact[0].prf(),
		DirectCue:            s.cue[0].prf(),
		DirectCueExact:       s.cueEx[0].prf(),
		AllContentOverlap:    s.content[1].prf(),
		AllContentExact:      s.contentExact[1].prf(),
		AllContentWords:      s.contentWords[1].prf(),
		AllSource:            s.source[1].prf(),
		AllSourceExact:       s.sourceExact[1].prf(),
		Cue:                  s.cue[1].prf(),
		CueExact:             s.cueEx[1].prf(),
	}
}
