package quote

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// MinScareWords is the length in words under which a quotation that is part
// of a sentence ("were “invented” by") and has no attribution of its own is
// taken for a scare quote or a coined phrase and left out. Measured on the
// PolNeAR dev split (docs/quotes.md): keeping such short quotes costs more
// precision than it brings recall.
const MinScareWords = 4

// Extract returns the quotes of a: direct quotes in quotation marks and
// reported speech, in text order, each with its cue and speaker when found.
// Spans are byte ranges into a.Text and never overlap. When a.Sentences is
// empty the sentences are computed with text.Sentences (a is not modified).
// Extract is safe for concurrent use.
func Extract(a *news.Article) []news.Quote {
	sents := a.Sentences
	if len(sents) == 0 || !validSentences(sents, len(a.Text)) {
		sents = text.Sentences(a.Text)
	}
	x := newExtractor(a.Text, sents)
	x.direct()
	x.indirect()
	x.partials()
	x.joinLists()
	x.resolve()
	return x.output(a.ID)
}

// validSentences reports whether the sentences lie in a text of n bytes, in
// order and without overlap: stale sentences are recomputed rather than
// trusted.
func validSentences(sents []news.Sentence, n int) bool {
	end := 0
	for _, s := range sents {
		if !s.Span.Valid(n) || s.Span.Start < end {
			return false
		}
		end = s.Span.End
	}
	return true
}

// tok is a token with the facts the extractor asks about it.
type tok struct {
	text.Token
	cue   cueClass
	amb   bool  // the cue form is also a noun or adjective ("claims")
	cap   bool  // starts with an upper-case letter
	sent  int32 // sentence index, -1 outside every sentence
	quote int32 // index of the direct quote whose content holds it, -1 if none
}

// cand is a quote under construction.
type cand struct {
	content news.Span
	direct  bool
	// sp is the quotation of a direct quote (nil for reported speech).
	sp *span
	// full is false for a quotation embedded in a sentence of the
	// reporter's ("were “invented” by").
	full bool
	// covered is set when reported speech absorbed this partial quotation.
	covered bool
	// standalone marks an unattributed quotation after a comma or a dash,
	// kept on its own unless reported speech absorbs it.
	standalone bool
	cue        news.Span
	// spk is the speaker mention: a token range [s, e), e == 0 when none.
	spkS, spkE int
	// inherited is true when the speaker was taken from a neighbouring quote.
	inherited bool
	// roleAfter marks an indefinite role after the quote ("…,” a
	// spokesman for the club said"), named as its mention is.
	roleAfter bool
	name, key string
	drop      bool
}

func (c *cand) hasSpeaker() bool { return c.spkE > c.spkS }

type extractor struct {
	t     string
	sents []news.Sentence
	toks  []tok
	spans []span
	cands []cand
	// usedCue marks tokens already taken as a cue.
	usedCue map[int]bool
	people  *registry
	// ages lists the people the text gives an age (indexAges).
	ages     []agedMention
	ageOf    map[*person]string // the last age given each person
	agesDone bool
}

func newExtractor(t string, sents []news.Sentence) *extractor {
	x := &extractor{t: t, sents: sents, usedCue: map[int]bool{}}
	rp := tokenPool.Get().(*[]text.Token)
	raw := text.AppendTokens((*rp)[:0], t, 0)
	defer func() {
		clear(raw)
		*rp = raw[:0]
		tokenPool.Put(rp)
	}()
	x.toks = make([]tok, len(raw))
	si := 0
	for i, r := range raw {
		for si < len(sents) && sents[si].Span.End <= r.Span.Start {
			si++
		}
		s := int32(-1)
		if si < len(sents) && sents[si].Span.Start <= r.Span.Start {
			s = int32(si)
		}
		c, _ := utf8.DecodeRuneInString(r.Text)
		x.toks[i] = tok{Token: r, cap: unicode.IsUpper(c), sent: s, quote: -1}
		switch {
		case !x.toks[i].cap && !r.Number:
			x.toks[i].cue, x.toks[i].amb = lookupCue(r.Lower)
		case x.toks[i].cap && s >= 0 && sents[s].Para == 0:
			// A headline in title case: "Graham Says Trump Could …".
			x.toks[i].cue, _ = lookupCue(r.Lower)
		}
	}
	paras := text.Paragraphs(t)
	x.spans = findSpans(t, paras, make([]mark, 0, 64))
	x.dashDialogue(paras)
	qi := 0
	for i := range x.toks {
		p := x.toks[i].Span.Start
		for qi < len(x.spans) && x.spans[qi].ce <= p {
			qi++
		}
		if qi < len(x.spans) && x.spans[qi].cs <= p {
			x.toks[i].quote = int32(qi)
		}
	}
	return x
}

// tokenPool recycles the token buffers of newExtractor.
var tokenPool = sync.Pool{New: func() any { s := make([]text.Token, 0, 1024); return &s }}

// tokAt returns the index of the first token that starts at or after byte p.
func (x *extractor) tokAt(p int) int {
	return sort.Search(len(x.toks), func(i int) bool { return x.toks[i].Span.Start >= p })
}

// sentOf returns the index of the sentence holding byte p, or of the last
// sentence that starts before it.
func (x *extractor) sentOf(p int) int {
	i := sort.Search(len(x.sents), func(i int) bool { return x.sents[i].Span.Start > p })
	if i == 0 {
		return 0
	}
	return i - 1
}

// gap returns the text between token i-1 and token i.
func (x *extractor) gap(i int) string {
	if i <= 0 || i >= len(x.toks) {
		return ""
	}
	return x.t[x.toks[i-1].Span.End:x.toks[i].Span.Start]
}

// plainGap reports whether tokens i-1 and i are separated by space only,
// or by the period of an abbreviation or initial ("Mr. Putin", "John G.
// Roberts").
func (x *extractor) plainGap(i int) bool {
	g := x.gap(i)
	for k := 0; k < len(g); k++ {
		switch g[k] {
		case ' ', '\t':
			continue
		case '.':
			prev := x.toks[i-1]
			if honorifics[prev.Lower] > 0 || isInitialTok(prev.Text) || prev.Lower == "jr" || prev.Lower == "sr" || prev.Lower == "st" || titles[prev.Lower] {
				continue
			}
			return false
		default:
			if g[k] >= utf8.RuneSelf {
				r, _ := utf8.DecodeRuneInString(g[k:])
				if r == '\u00a0' {
					k += utf8.RuneLen(r) - 1
					continue
				}
			}
			return false
		}
	}
	return true
}

// isInitialTok reports whether s is one capital letter ("G" of "John G.").
func isInitialTok(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && unicode.IsUpper(r)
}

// cueAt returns the cue class of token k, or 0. A form that is also a noun
// or an adjective ("claims", "alleged") is a cue only after a subject
// ("he claims") or before "that".
func (x *extractor) cueAt(k int) cueClass {
	t := &x.toks[k]
	if t.cue != 0 && t.cap {
		// In a title-case headline a cue follows a name, and is written
		// as the name is: a word in capitals after a name in title case
		// is shouted, a noun ("Carrow Brake RECALL: Is YOUR Car …").
		if k > 0 && x.toks[k-1].cap && x.toks[k-1].sent == t.sent && x.plainGap(k) && !determiners[x.toks[k-1].Lower] &&
			allCaps(t.Text) == allCaps(x.toks[k-1].Text) {
			return t.cue
		}
		return 0
	}
	if t.cue != 0 && k > 0 && k+1 < len(x.toks) && x.plainGap(k) && strings.HasSuffix(t.Lower, "ed") && indefinite(x.toks[k-1].Lower) && x.toks[k+1].Number {
		return 0 // "an estimated 40,000 travellers", "a reported 3 million": an adjective
	}
	if t.cue != 0 && k > 0 && k+1 < len(x.toks) && x.plainGap(k) && x.plainGap(k+1) && strings.HasSuffix(t.Lower, "ed") &&
		(indefinite(x.toks[k-1].Lower) || x.toks[k-1].Lower == "the") {
		if n := x.toks[k+1]; !n.cap && !n.Number && n.quote < 0 && !prepositions[n.Lower] && !clauseStops[n.Lower] && n.Lower != "that" {
			return 0 // "a contested reform", "the disputed vote": an adjective
		}
	}
	if t.cue == 0 || !t.amb {
		return t.cue
	}
	if k+1 < len(x.toks) && x.toks[k+1].Lower == "that" && x.plainGap(k+1) {
		return t.cue
	}
	j := k - 1
	for j >= 0 && x.plainGap(j+1) && (cueModifiers[x.toks[j].Lower] || isLyAdverb(x.toks[j].Lower)) {
		j--
	}
	if j < 0 || !x.plainGap(j+1) {
		return 0
	}
	p := &x.toks[j]
	if subjectPronouns[p.Lower] || p.cap && !determiners[p.Lower] && !isPossessive(p.Lower) || titles[p.Lower] {
		return t.cue
	}
	return 0
}

// allCaps reports whether s has two letters or more, all capitals.
func allCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// isPossessive reports whether the token ends in 's or s'.
func isPossessive(s string) bool {
	return strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "’s")
}

// pluralPossessive reports whether the gap before token i is the
// apostrophe of a plural possessive ("drivers' leader").
func (x *extractor) pluralPossessive(i int) bool {
	if i < 1 || i >= len(x.toks) || !strings.HasSuffix(x.toks[i-1].Lower, "s") {
		return false
	}
	g := strings.TrimRight(x.gap(i), " ")
	return g == "'" || g == "’"
}

// isLyAdverb reports whether the lower-case word looks like an adverb.
func isLyAdverb(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w != "early" && w != "family" && w != "italy" && w != "ally"
}

// npLeft returns the noun phrase that ends at token j (or before the
// adverbs and auxiliaries that end at j), not reaching before token lo.
func (x *extractor) npLeft(j, lo int) (int, int, bool) {
	if j+1 < len(x.toks) && !x.plainGap(j+1) {
		return 0, 0, false
	}
	return x.npLeftNoGap(j, lo)
}

// futureModals before "add" with a subject that is not a person make it
// an event, not reported speech.
var futureModals = map[string]bool{"will": true, "would": true, "could": true, "can": true, "may": true, "might": true, "should": true, "must": true, "shall": true}

// lowTitleNear reports whether a lower-case title starts at k or right
// after one lower-case word at k: up to two words ("port authority") may
// modify a title before a name.
func (x *extractor) lowTitleNear(k int) bool {
	for i := k; i < k+2 && i < len(x.toks); i++ {
		if x.toks[i].cap {
			return false
		}
		if titles[x.toks[i].Lower] {
			return true
		}
	}
	return false
}

// npLeftNoGap is npLeft without the check that token j+1 follows directly.
func (x *extractor) npLeftNoGap(j, lo int) (int, int, bool) {
	for j >= lo && (cueModifiers[x.toks[j].Lower] || isLyAdverb(x.toks[j].Lower)) && !x.toks[j].cap {
		if j+1 < len(x.toks) && !x.plainGap(j+1) {
			return 0, 0, false
		}
		j--
	}
	if j < lo || x.toks[j].quote >= 0 {
		return 0, 0, false
	}
	if j+1 < len(x.toks) && cueModifiers[x.toks[j+1].Lower] && !x.plainGap(j+1) {
		return 0, 0, false
	}
	w := x.toks[j].Lower
	if subjectPronouns[w] || contractedSubject(w) {
		return j, j + 1, true
	}
	if isAgeNoun(w) && j-1 >= lo && x.toks[j-1].Lower == "the" && x.plainGap(j) {
		return j - 1, j + 1, true // "the 54-year-old said"
	}
	if speakerStops[w] || clauseStops[w] || x.toks[j].Number || isPossessive(w) || pronouns[w] != 0 && !subjectPronouns[w] {
		return 0, 0, false
	}
	if weekdays[w] && j-2 >= lo && x.plainGap(j) && x.plainGap(j-1) && (x.toks[j-1].Lower == "on" || x.toks[j-1].Lower == "late" || x.toks[j-1].Lower == "early") {
		// "Ostmark's parliament on Wednesday rejected": the day is an
		// adjunct; the subject stands before it.
		return x.npLeftNoGap(j-2, lo)
	}
	k := j
	if x.toks[j].cap || titles[w] {
		// A name with its titles: "White House press secretary Josh Earnest".
		for k-1 >= lo && x.plainGap(k) && x.toks[k-1].quote < 0 {
			p := x.toks[k-1]
			switch {
			case determiners[p.Lower]:
				k--
				return k, j + 1, true
			case p.cap && !speakerStops[p.Lower] && !clauseStops[p.Lower]:
				k--
			case titles[p.Lower] || nameParticles[p.Lower] || isPossessive(p.Lower):
				k--
			case x.lowTitleNear(k) && !p.cap && !p.Number && p.cue == 0 && !clauseStops[p.Lower] && !speakerStops[p.Lower] && !cueModifiers[p.Lower]:
				k-- // "port director Elena Marsh", "port authority director Elena Marsh"
			case p.cap && clauseStops[p.Lower]:
				return k, j + 1, true
			default:
				return k, j + 1, true
			}
		}
		return k, j + 1, true
	}
	// A role noun phrase: "the former president", "officials", "a
	// spokesman for the ministry".
	n := 0
	for k-1 >= lo && (x.plainGap(k) || x.pluralPossessive(k)) && x.toks[k-1].quote < 0 && n < 6 {
		p := x.toks[k-1]
		if determiners[p.Lower] {
			return k - 1, j + 1, true
		}
		if clauseStops[p.Lower] && p.Lower != "of" && p.Lower != "for" || speakerStops[p.Lower] || p.cue != 0 && !p.cap || cueModifiers[p.Lower] {
			break
		}
		k--
		n++
	}
	// Without a determiner, accept bare plurals and capitalised heads
	// ("officials said", "Republican leaders said").
	if k == j && !strings.HasSuffix(w, "s") && !titles[w] && !quantityHeads[w] {
		return 0, 0, false
	}
	for k < j && (clauseStops[x.toks[k].Lower] || x.toks[k].Lower == "of") {
		k++
	}
	return k, j + 1, true
}

// speakerLeft returns the speaker of the cue at token k, written before it
// and not before token lo: the noun phrase that ends right before the cue,
// the name before an appositive or relative clause ("Elena Marsh, the port's
// director, said"; "Okafor, who …, said"), or, for a participle after a
// comma ("…, saying"), the subject of the sentence.
func (x *extractor) speakerLeft(k, lo int) (int, int, bool) {
	if k-1 < lo {
		return 0, 0, false
	}
	if s, e, ok := x.npLeft(k-1, lo); ok {
		if s-1 < lo || !prepositions[x.toks[s-1].Lower] {
			return s, e, true
		}
		// "David Pogue, who after a briefing with Apple advised readers":
		// the object of a preposition is no subject; the relative
		// clause's head is.
		if s, e, ok := x.relativeHead(k, lo); ok {
			return s, e, true
		}
		return s, e, true
	}
	// "…, after saying that …": a participle after a preposition has the
	// subject of the sentence.
	if strings.HasSuffix(x.toks[k].Lower, "ing") && prepositions[x.toks[k-1].Lower] && x.plainGap(k) {
		if s, e, ok := x.subject(k); ok && e < k-1 {
			return s, e, true
		}
	}
	// "Rep. Gwen Moore (D-Wis.) said": skip the parenthesis.
	if strings.Contains(x.gap(k), ")") {
		for j := k - 1; j > lo && k-j < 8; j-- {
			if strings.Contains(x.gap(j), "(") {
				if s, e, ok := x.npLeftNoGap(j-1, lo); ok && e == j && x.toks[e-1].cap {
					return s, e, true
				}
				break
			}
		}
	}
	// Adverbs between the appositive and the verb: "…, forcefully told".
	m := k
	for m-1 > lo && x.plainGap(m) && (cueModifiers[x.toks[m-1].Lower] || isLyAdverb(x.toks[m-1].Lower)) {
		m--
	}
	if !strings.Contains(x.gap(m), ",") {
		return 0, 0, false
	}
	if strings.HasSuffix(x.toks[k].Lower, "ing") {
		if s, e, ok := x.subject(k); ok && e < k {
			return s, e, true
		}
		return 0, 0, false
	}
	// Walk back over comma-separated appositives ("Jean Roe, the foreign
	// minister of France, a member of the council, said"; "Ann Lee, 59,
	// of Ashton, Md., said"; "Ann Lee, head of Acme, which runs the mine,
	// said") to the name they describe.
	end := m // the segment ends before token end
	for n := 0; n < 4; n++ {
		j := end - 1
		for j > lo && !strings.ContainsAny(x.gap(j), ",;:()") && end-j < 24 {
			j--
		}
		if j <= lo || !strings.Contains(x.gap(j), ",") {
			return 0, 0, false
		}
		first := x.toks[j].Lower
		hasLower, hasTitle := false, false
		for m := j; m < end; m++ {
			if !x.toks[m].cap && !x.toks[m].Number {
				hasLower = true
			}
			if titles[x.toks[m].Lower] {
				hasTitle = true
			}
		}
		if n == 0 && x.toks[j].cap && !determiners[first] && !hasLower {
			// "The mayor of Linden, Ada Kowal, added": the name between
			// the commas is the speaker.
			if s, e, ok := x.npRight(j, end); ok && e == end && x.toks[e-1].cap {
				return s, e, true
			}
		}
		place := x.toks[j].cap && end-j <= 2 && n > 0
		described := hasTitle || x.toks[j].cap && hasLower // "senior associate at …", "Democrat of California"
		if !determiners[first] && !titles[first] && first != "of" && first != "from" && first != "who" && first != "whose" && first != "which" && !x.toks[j].Number && !strings.HasSuffix(first, "ing") && !place && !described {
			return 0, 0, false
		}
		if first == "which" {
			// "Acme, which runs the mine, said": the clause describes the
			// subject; "Ann Lee, head of Acme, which runs the mine,
			// told": a thing of the appositive before it.
			if s, e, ok := x.npLeftNoGap(j-1, lo); ok && e == j && s == lo {
				return s, e, true
			}
			end = j
			continue
		}
		s, e, ok := x.npLeftNoGap(j-1, lo)
		if ok && x.toks[e-1].cap && e == j {
			if s2, ok2 := x.placeBefore(s, lo); ok2 {
				// "Ann Lee, 59, of Ashton, Md.": Ashton was a place.
				end = s2
				continue
			}
			return s, e, true
		}
		end = j
	}
	return 0, 0, false
}

// relativeHead returns the name a relative clause that holds the cue at
// token k describes ("David Pogue, who after a briefing with Apple
// advised"): the capitalized noun phrase right before ", who", at most 24
// tokens before the cue and not before token lo.
func (x *extractor) relativeHead(k, lo int) (int, int, bool) {
	for j := k - 1; j > lo && k-j <= 24; j-- {
		if strings.ContainsAny(x.gap(j+1), ",;") {
			// The clause ended before the cue ("Ann Holt, who chairs the
			// council, thanked …, and a lawyer … told"): not its verb.
			return 0, 0, false
		}
		if x.toks[j].Lower != "who" {
			continue
		}
		if !strings.Contains(x.gap(j), ",") {
			return 0, 0, false
		}
		s, e, ok := x.npLeftNoGap(j-1, lo)
		if !ok || e != j || !x.toks[e-1].cap {
			return 0, 0, false
		}
		// Not a name right after a preposition ("adviser to Donald Trump,
		// who"): that names whom an appositive relates the head to.
		c := e - 1
		for c > s && x.toks[c-1].cap {
			c--
		}
		if c-1 >= lo && prepositions[x.toks[c-1].Lower] {
			return 0, 0, false
		}
		return s, e, true
	}
	return 0, 0, false
}

// placeBefore reports whether the name starting at token s follows ", of"
// or ", from" (a place in an appositive), and returns where that appositive
// starts.
func (x *extractor) placeBefore(s, lo int) (int, bool) {
	if s-1 <= lo {
		return 0, false
	}
	if w := x.toks[s-1].Lower; (w == "of" || w == "from" || w == "in") && strings.Contains(x.gap(s-1), ",") {
		return s - 1, true
	}
	return 0, false
}

// npRight returns the noun phrase that starts at token i, not reaching
// token hi.
func (x *extractor) npRight(i, hi int) (int, int, bool) {
	if i >= hi || x.toks[i].quote >= 0 {
		return 0, 0, false
	}
	w := x.toks[i].Lower
	if subjectPronouns[w] && w != "who" {
		return i, i + 1, true
	}
	if speakerStops[w] || clauseStops[w] || x.toks[i].Number && !determiners[w] {
		return 0, 0, false
	}
	k := i + 1
	lastCap := x.toks[i].cap
	detStart := determiners[w]
	ofUsed := false
	for k < hi && (x.plainGap(k) || x.pluralPossessive(k)) && x.toks[k].quote < 0 && k-i < 10 {
		p := x.toks[k]
		plainWord := !p.cap && !p.Number && p.cue == 0 && !clauseStops[p.Lower] && !speakerStops[p.Lower] && !cueModifiers[p.Lower] && !adjunctWords[p.Lower]
		prev := x.toks[k-1]
		possessed := isPossessive(prev.Lower) || x.pluralPossessive(k)
		switch {
		case p.cap && !clauseStops[p.Lower] && !speakerStops[p.Lower]:
			lastCap = true
			k++
			continue
		case nameParticles[p.Lower] && k+1 < hi && x.toks[k+1].cap:
			k++
			continue
		case p.Lower == "and" && lastCap && k+1 < hi && x.toks[k+1].cap && !x.toks[k+1].amb && x.plainGap(k+1):
			k++ // "Obama and Clinton"
			continue
		case (p.Lower == "of" || p.Lower == "for" || p.Lower == "at") && !ofUsed && (!lastCap || titles[prev.Lower]) && k+1 < hi:
			ofUsed = true
			lastCap = false
			k++
			continue
		case plainWord && titles[p.Lower]:
			// "Democratic nominee Hillary Clinton", "Trump campaign
			// spokesman Jason Miller".
			lastCap = false
			k++
			continue
		case plainWord && (possessed || detStart || !lastCap) && !(strings.HasSuffix(p.Lower, "ed") && !determiners[prev.Lower]):
			lastCap = false
			k++
			continue
		case plainWord && k+1 < hi && titles[x.toks[k+1].Lower] && (x.plainGap(k+1) || x.pluralPossessive(k+1)):
			lastCap = false
			k++ // "campaign" of "campaign manager", "drivers" of "drivers' leader"
			continue
		case ofUsed && determiners[p.Lower]:
			k++
			continue
		}
		break
	}
	// Do not end on "of"/"for" or a determiner.
	for k > i+1 && (x.toks[k-1].Lower == "of" || x.toks[k-1].Lower == "for" || x.toks[k-1].Lower == "at" || determiners[x.toks[k-1].Lower]) {
		k--
	}
	if k == i+1 && determiners[w] {
		return 0, 0, false
	}
	return i, k, true
}

// quantityHeads head a noun phrase of people without a plural ending ("63
// percent said", "the majority said").
var quantityHeads = map[string]bool{"percent": true, "majority": true, "most": true, "half": true, "none": true, "minority": true, "plurality": true}

// introWords may open a sentence before its subject.
var introWords = map[string]bool{
	"but": true, "and": true, "however": true, "also": true, "still": true, "yet": true, "meanwhile": true,
	"instead": true, "now": true, "so": true, "then": true, "later": true, "earlier": true, "separately": true,
	"indeed": true, "moreover": true, "furthermore": true, "nevertheless": true, "nonetheless": true,
}

// subject returns the first noun phrase of the sentence that holds token i,
// after any introductory words and a leading phrase closed by a comma.
func (x *extractor) subject(i int) (int, int, bool) {
	if i >= len(x.toks) {
		return 0, 0, false
	}
	return x.subjectOf(int(x.toks[i].sent), i)
}

// subjectOf returns the first noun phrase of sentence si that ends before
// token i.
func (x *extractor) subjectOf(si, i int) (int, int, bool) {
	if si < 0 || si >= len(x.sents) {
		return 0, 0, false
	}
	lo := x.tokAt(x.sents[si].Span.Start)
	if n := datelineLen(x.t[x.sents[si].Span.Start:x.sents[si].Span.End]); n > 0 {
		lo = x.tokAt(x.sents[si].Span.Start + n)
	}
	k := lo
	for k < i && x.toks[k].quote >= 0 {
		k++
	}
	for k < i && introWords[x.toks[k].Lower] {
		k++
	}
	// "During the rally Monday, the former president said": skip a short
	// introductory phrase that ends with a comma.
	if k < i && (clauseStops[x.toks[k].Lower] || x.toks[k].Lower == "asked" || strings.HasSuffix(x.toks[k].Lower, "ing")) {
		for m := k + 1; m < i && m-k < 12; m++ {
			if strings.Contains(x.gap(m), ",") {
				k = m
				break
			}
		}
	}
	if k >= i {
		return 0, 0, false
	}
	s, e, ok := x.npRight(k, i)
	if !ok {
		return 0, 0, false
	}
	return s, e, true
}

// reDateline matches the dateline a report opens with: a place in
// capitals, maybe a date, maybe an agency ("EASTVALE, March 7 (Reuters)",
// "NEW YORK"), or a place in any case with its agency ("Washington
// (CNN)"), then a dash or a colon ("EASTVALE, March 7 (Reuters) - ",
// "Marenholt (AFP) – ", "NEW YORK—", "NEW DELHI: ").
var reDateline = regexp.MustCompile(`^(?:\p{Lu}[\p{Lu}.'’ \-]*\p{Lu}(?:,\s+[\p{L}0-9 .,]{2,30}?)?(?:\s*\([\p{L} ]{2,30}\))?|\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*){0,2}(?:,\s+[\p{L}0-9 .,]{2,30}?)?\s*\([\p{L} ]{2,30}\))(?:\s*[—–]\s*|\s*-{1,2}\s+|:\s+)`)

// datelineLen returns the length of the dateline sentence s opens with,
// or 0: a dateline is not the subject of the sentence.
func datelineLen(s string) int {
	if m := reDateline.FindStringIndex(s); m != nil {
		return m[1]
	}
	return 0
}

// segment returns the token range [a, b) of the tokens that start in
// [lo, hi) and lie outside every quotation.
func (x *extractor) segment(lo, hi int) (int, int) {
	a := x.tokAt(lo)
	b := x.tokAt(hi)
	if b < a {
		b = a
	}
	return a, b
}

// direct finds the direct quotes and their attributions.
func (x *extractor) direct() {
	x.cands = make([]cand, 0, len(x.spans))
	for i := range x.spans {
		sp := &x.spans[i]
		c := cand{content: news.Span{Start: sp.cs, End: sp.ce}, direct: true, sp: sp}
		x.attributeDirect(i, &c)
		x.cands = append(x.cands, c)
	}
	// Full quotes without an attribution take the speaker of a neighbour:
	// the previous quote of the paragraph (or of the previous paragraph
	// when this one opens its paragraph), else the next of the paragraph.
	for i := range x.cands {
		c := &x.cands[i]
		if !c.full || c.hasSpeaker() {
			continue
		}
		if j := x.neighbour(i); j >= 0 {
			c.spkS, c.spkE = x.cands[j].spkS, x.cands[j].spkE
			c.inherited = true
		}
	}
}

// neighbour returns the quote whose speaker an unattributed full quote i
// inherits, or -1.
func (x *extractor) neighbour(i int) int {
	c := &x.cands[i]
	para := x.paraOf(c.sp.open.start)
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		d := &x.cands[j]
		if !d.full {
			continue
		}
		pj := x.paraOf(d.sp.open.start)
		if pj == para || (pj == para-1 && x.opensParagraph(c.sp.open.start)) {
			if d.hasSpeaker() {
				return j
			}
			continue
		}
		break
	}
	for j := i + 1; j < len(x.cands) && j <= i+2; j++ {
		d := &x.cands[j]
		if d.full && d.hasSpeaker() && !d.inherited && x.paraOf(d.sp.open.start) == para {
			return j
		}
	}
	return -1
}

// paraOf returns the paragraph index of byte p.
func (x *extractor) paraOf(p int) int {
	if len(x.sents) == 0 {
		return 0
	}
	return x.sents[x.sentOf(p)].Para
}

// opensParagraph reports whether only space precedes byte p in its
// paragraph.
func (x *extractor) opensParagraph(p int) bool {
	for k := p - 1; k >= 0; k-- {
		switch x.t[k] {
		case ' ', '\t':
			continue
		case '\n':
			return true
		}
		return false
	}
	return true
}

// attributeDirect finds the cue and speaker of direct quote i and decides
// whether it is a full quote or one embedded in the reporter's sentence.
func (x *extractor) attributeDirect(i int, c *cand) {
	sp := &x.spans[i]
	if len(x.sents) == 0 {
		return
	}
	os, oe := sp.outer()
	sOpen, sClose := x.sentOf(os), x.sentOf(max(oe-1, os))
	preLo := x.sents[sOpen].Span.Start
	if i > 0 {
		_, pe := x.spans[i-1].outer()
		preLo = max(preLo, pe)
	}
	postHi := x.sents[sClose].Span.End
	if oe > postHi {
		postHi = oe
	}
	if i+1 < len(x.spans) {
		postHi = min(postHi, x.spans[i+1].open.start)
	}
	pa, pb := x.segment(preLo, os)
	qa, qb := x.segment(oe, postHi)
	preEnd := x.lastNonSpace(preLo, os)

	// "“…,” he said, “and they're terrifying.”": the quotation resumes
	// after the attribution of the previous one and continues it.
	if lead, ok := x.resumes(i, pa, pb); ok {
		c.full = true
		if lead < pb {
			c.content.Start = x.toks[lead].Span.Start // "he said, but “…”"
		}
		return
	}
	// A title ("Face the Nation", ''All Bets Are Off.'') is no quote,
	// unless a colon announces it.
	if preEnd != ':' && x.looksLikeTitle(c.content) && !x.continuesSpeech(i, pa, pb) {
		c.drop = true
		return
	}
	// After a preposition, a determiner or a possessive the quotation is a
	// noun phrase of the reporter's sentence ("on CBS's “…”", "the “…”"):
	// what follows it is no attribution of it.
	if pb > pa && unicode.IsLetter(preEnd) {
		if w := x.toks[pb-1].Lower; prepositions[w] || determiners[w] || isPossessive(w) {
			return
		}
	}

	// Attribution after the quote: "…,” Putin said", "…,” said Putin".
	if x.postAttribution(oe, qa, qb, c) {
		c.full = true
		x.extendBack(pa, pb, os, preLo, c)
		return
	}
	// "“… jail time” for criminal behavior, she said": the reporter's words
	// after the closing mark finish the quoted clause, and the
	// attribution follows them after a comma. Only for a quote that opens
	// its sentence and does not end with a comma of its own.
	if m := x.clauseTail(qa, qb); m > qa && pa == pb && x.lastNonSpace(sp.cs, sp.ce) != ',' && x.postAttribution(x.toks[m-1].Span.End, m, qb, c) {
		c.full = true
		c.content.End = x.toks[m-1].Span.End
		x.extendBack(pa, pb, os, preLo, c)
		return
	}
	// A quote whose sentence ends with it may be followed by a short
	// attribution sentence ("…done.” Putin said.").
	if qa == qb && sp.closed {
		if ns := sClose + 1; ns < len(x.sents) && x.sents[ns].Para == x.sents[sClose].Para {
			hi := x.sents[ns].Span.End
			if i+1 < len(x.spans) {
				hi = min(hi, x.spans[i+1].open.start)
			}
			a, b := x.segment(x.sents[ns].Span.Start, hi)
			if b-a <= 5 && (hi == x.sents[ns].Span.End || b-a <= 3) && x.postAttribution(x.sents[ns].Span.Start, a, b, c) {
				c.full = true
				x.extendBack(pa, pb, os, preLo, c)
				return
			}
		}
	}
	// A quote that is a sentence of its own may be attributed by the next
	// sentence, which names the speaker after it ("“…” The words came
	// from opposition leader Mats Egeland, who …").
	if qa == qb && pa == pb && sp.closed && x.sourceSentence(sClose+1, i, c) {
		c.full = true
		return
	}
	// "he said “budget reforms” and the collection of taxes would …": a
	// quotation that the reporter's clause goes on after, with no
	// punctuation on either side, is part of that clause, which reported
	// speech will take whole.
	embedded := pb > pa && unicode.IsLetter(preEnd) && qa < qb && unicode.IsLetter(x.lastNonSpace(sp.cs, sp.ce)) &&
		strings.TrimSpace(x.t[oe:x.toks[qa].Span.Start]) == "" && x.toks[qa].sent == x.toks[pb-1].sent
	if !embedded && x.preAttribution(pa, pb, os, preEnd, c) {
		c.full = true
		return
	}
	// No attribution: a quote that opens its sentence, or follows a colon or
	// a comma, stands on its own; one inside the reporter's words is part
	// of them.
	// A quotation right after another of its sentence that ends with a
	// comma continues a list ("a “nasty guy,” an “anchor baby,” “unstable”
	// and …"): it does not open the sentence.
	listed := false
	if pa == pb && i > 0 && preLo > x.sents[sOpen].Span.Start {
		prev := &x.spans[i-1]
		listed = x.lastNonSpace(prev.cs, prev.ce) == ','
	}
	if !listed && (pa == pb || preEnd == ':' || preEnd == 0) {
		c.full = true
		if pa == pb {
			x.extendToSentenceEnd(c, qa, qb)
		}
		if preEnd == ':' && pa < pb {
			x.colonSubject(sOpen, pb, c)
		}
		return
	}
	if listed {
		preEnd = ','
	}
	// After a comma or a dash the quote may stand on its own ("…, “…”")
	// or continue reported speech; reported speech that reaches it absorbs
	// it, else it is kept like a full quote.
	if preEnd == ',' || preEnd == '—' || preEnd == '–' || preEnd == '-' {
		c.standalone = true
	}
}

// extendBack makes the reporter's words before an attributed quote part of
// its content when they are the start of the quoted clause ("The country
// “has made dramatic changes,” he said"): words [pa, pb) before the
// opening mark at os, with no cue among them and no colon or comma before
// the mark.
func (x *extractor) extendBack(pa, pb, os, preLo int, c *cand) {
	if pa >= pb {
		return
	}
	switch x.lastNonSpace(preLo, os) {
	case ':', ',', ';', '—', '–', '-', '(':
		return
	}
	if strings.IndexByte(x.t[x.toks[pa].Span.Start:os], '\n') >= 0 {
		return // a line break: the words belong to another line
	}
	onlyIntro := true
	for k := pa; k < pb; k++ {
		if x.cueAt(k) != 0 || x.toks[k].Lower == "according" {
			return
		}
		if !introWords[x.toks[k].Lower] {
			onlyIntro = false
		}
	}
	if onlyIntro {
		return
	}
	c.content.Start = x.toks[pa].Span.Start
}

// prepositions that make a following quotation part of a noun phrase.
var prepositions = map[string]bool{
	"on": true, "in": true, "at": true, "of": true, "for": true, "to": true, "by": true, "with": true,
	"from": true, "about": true, "into": true, "over": true, "under": true, "during": true, "like": true,
}

// extendToSentenceEnd ends the content of a quote that opens its sentence
// at the end of the sentence when the quoted words stop short of it and a
// few words of the reporter's finish it ("“… blame thousands of
// $12-an-hour” workers."): tokens [qa, qb), at most four, after the
// closing mark with no punctuation, holding no cue or quotation, and
// reaching the end of the sentence.
func (x *extractor) extendToSentenceEnd(c *cand, qa, qb int) {
	sp := c.sp
	if qa >= qb || qb-qa > 4 || !unicode.IsLetter(x.lastNonSpace(sp.cs, sp.ce)) {
		return
	}
	_, oe := sp.outer()
	if strings.TrimSpace(x.t[oe:x.toks[qa].Span.Start]) != "" {
		return
	}
	si := x.toks[qa].sent
	if si < 0 || x.toks[qb-1].sent != si || qb < len(x.toks) && x.toks[qb].sent == si {
		return
	}
	for k := qa; k < qb; k++ {
		if x.toks[k].quote >= 0 || x.cueAt(k) != 0 || k > qa && !x.plainGap(k) {
			return
		}
	}
	c.content.End = x.toks[qb-1].Span.End
}

// clauseTail returns the token after the comma that ends the words [qa, m)
// continuing a quoted clause after its closing mark ("” for criminal
// behavior, she said"), or qa when the words after the mark are no such
// tail: they follow the mark without punctuation, hold no cue, quotation
// or coordinator starting a new clause, and are at most eight words.
func (x *extractor) clauseTail(qa, qb int) int {
	if qa >= qb {
		return qa
	}
	if g := x.t[x.toks[qa].Span.Start-min(2, x.toks[qa].Span.Start) : x.toks[qa].Span.Start]; strings.ContainsAny(g, ",.;:") {
		return qa
	}
	if x.toks[qa].cap {
		return qa // "…” Scott Pruitt, the attorney general, said": a speaker
	}
	switch x.toks[qa].Lower {
	case "and", "but", "or", "as", "while", "because", "after", "before":
		return qa
	}
	for m := qa; m < qb && m-qa <= 8; m++ {
		t := x.toks[m]
		if t.quote >= 0 || x.cueAt(m) != 0 {
			return qa
		}
		if m+1 < qb && strings.IndexByte(x.gap(m+1), ',') >= 0 {
			return m + 1
		}
		if m+1 < qb && !x.plainGap(m+1) {
			return qa
		}
	}
	return qa
}

// looksLikeTitle reports whether the quoted words look like the title of a
// work or a name: at most eight words, every word of four letters or more
// capitalised.
func (x *extractor) looksLikeTitle(s news.Span) bool {
	a, b := x.segment(s.Start, s.End)
	if b-a == 0 || b-a > 8 {
		return false
	}
	for k := a; k < b; k++ {
		t := x.toks[k]
		if !t.cap && !t.Number && len(t.Lower) >= 4 {
			return false
		}
	}
	return x.toks[a].cap
}

// resumes reports whether quote i resumes a quotation that an attribution
// interrupted: the words [pa, pb) before it are the cue and speaker of the
// previous quote of its sentence, then at most two connectives ("and",
// "but", "still"), then a comma or nothing. lead is the first connective,
// or pb when there is none.
func (x *extractor) resumes(i, pa, pb int) (lead int, ok bool) {
	if i == 0 || pa >= pb {
		return pb, false
	}
	d := &x.cands[i-1]
	if d.drop || !d.full || !d.hasSpeaker() || d.inherited || d.cue.End <= d.cue.Start {
		return pb, false
	}
	lo := min(d.cue.Start, x.toks[d.spkS].Span.Start)
	hi := max(d.cue.End, x.toks[d.spkE-1].Span.End)
	// The quotation resumes after a comma on the same line ("he said,
	// “…”"), not after a signature line ("” ― Name\n“…”").
	if os, _ := x.spans[i].outer(); hi > os || strings.IndexByte(x.t[hi:os], '\n') >= 0 || strings.IndexByte(x.t[hi:os], ',') < 0 {
		return pb, false
	}
	if x.toks[pa].Span.Start < lo || x.toks[pa].Span.Start > hi {
		return pb, false
	}
	k := pa
	for k < pb && x.toks[k].Span.End <= hi {
		k++
	}
	for k < pb && (adjunctWords[x.toks[k].Lower] || isLyAdverb(x.toks[k].Lower)) && x.plainGap(k) {
		k++ // "he said Friday"
	}
	lead = k
	switch pb - k {
	case 0:
		return pb, true
	case 1, 2:
		if !strings.Contains(x.gap(k), ",") {
			return pb, false
		}
		for m := k; m < pb; m++ {
			switch x.toks[m].Lower {
			case "and", "but", "still", "also", "yet", "then", "so":
			default:
				return pb, false
			}
		}
		return lead, true
	}
	return pb, false
}

// continuesSpeech reports whether quote i, which looks like a title, is
// rather a short remark: it is cut by an attribution ("“Hopefully,” the
// president said, “…”"), holds a sentence break ("“The Donald. Big
// Daddy.”"), or opens a sentence right after an attributed quote of its
// paragraph ("“…?” Graham asked. “Neither do I.”"). The words before it
// are [pa, pb).
func (x *extractor) continuesSpeech(i, pa, pb int) bool {
	sp := &x.spans[i]
	body := strings.TrimSpace(x.t[sp.cs:sp.ce])
	if strings.HasSuffix(body, ",") {
		_, oe := sp.outer()
		a := x.tokAt(oe)
		for k := a; k < len(x.toks) && k < a+6; k++ {
			if k > a && !x.plainGap(k) {
				break
			}
			if x.cueAt(k) != 0 {
				return true
			}
		}
	}
	if k := strings.IndexAny(body, ".?!"); k >= 0 && k < len(body)-1 && strings.HasPrefix(body[k+1:], " ") {
		return true
	}
	if pa == pb && i > 0 {
		d := &x.cands[i-1]
		if !d.drop && d.full && d.hasSpeaker() && !d.inherited && x.paraOf(d.sp.open.start) == x.paraOf(sp.open.start) {
			return true
		}
	}
	return false
}

// lastNonSpace returns the last non-space rune in t[lo:hi], or 0.
func (x *extractor) lastNonSpace(lo, hi int) rune {
	for hi > lo {
		r, n := utf8.DecodeLastRuneInString(x.t[lo:hi])
		if !unicode.IsSpace(r) {
			return r
		}
		hi -= n
	}
	return 0
}

// postAttribution reads "NP CUE" or "CUE NP" (or "according to NP") at the
// start of the token range [a, b).
func (x *extractor) postAttribution(from, a, b int, c *cand) bool {
	if a >= b {
		return false
	}
	// "…” ― Sonya Herridge": a dash and a name sign the quote.
	if g := x.t[from:x.toks[a].Span.Start]; strings.IndexFunc(g, unicode.IsLetter) < 0 {
		if i := strings.IndexAny(g, "―—–-"); i >= 0 {
			if s, e, ok := x.npRight(a, b); ok && x.toks[e-1].cap && (e == b || !x.plainGap(e)) {
				_, n := utf8.DecodeRuneInString(g[i:])
				c.cue = news.Span{Start: from + i, End: from + i + n}
				c.spkS, c.spkE = s, e
				return true
			}
		}
	}
	// "…,” Scott Pruitt, the attorney general of Oklahoma, said" and
	// "…,” Rep. Gwen Moore (D-Wis.) said": a name, an appositive or a
	// parenthesis, then the cue.
	if s, e, ok := x.npRight(a, b); ok && e < b && x.toks[e-1].cap {
		g := x.gap(e)
		closer := ""
		switch {
		case strings.Contains(g, "("):
			closer = ")"
		case strings.Contains(g, ","):
			closer = ","
		}
		if closer != "" {
			for m := e + 1; m < b && m-e < 16; m++ {
				if !strings.Contains(x.gap(m), closer) {
					continue
				}
				k := m
				for k < b && (cueModifiers[x.toks[k].Lower] || isLyAdverb(x.toks[k].Lower)) {
					k++
				}
				if k < b && x.cueAt(k) != 0 && !x.usedCue[k] {
					x.setCue(c, k, k+1)
					c.spkS, c.spkE = s, e
					return true
				}
				break
			}
		}
	}
	// "…,” the city's mayor, Lucia Ferrante, told reporters": a role, the
	// name in apposition, then the cue.
	if s, e, k, ok := x.roleThenName(a, b); ok {
		x.setCue(c, k, k+1)
		c.spkS, c.spkE = s, e
		return true
	}
	if x.unlistedVerb(from, a, b, c) {
		return true
	}
	// "…,” a spokesman for the club said", "…,” an aide to the mayor
	// said": an indefinite role and its organisation, then the cue; the
	// speaker is someone not named before (unnamedSpeaker).
	if ne, k, ok := x.indefiniteRoleFor(a, b); ok {
		x.setCue(c, k, k+1)
		c.spkS, c.spkE, c.roleAfter = a, ne, true
		return true
	}
	// The attribution must follow the quote directly, after at most a comma
	// or a dash.
	lim := min(b, a+9)
	for k := a; k < lim; k++ {
		t := x.toks[k]
		if k > a && !x.plainGap(k) {
			return false
		}
		if t.Lower == "according" && k+1 < b && x.toks[k+1].Lower == "to" && k == a {
			if s, e, ok := x.npRight(k+2, b); ok {
				x.setCue(c, k, k+2)
				c.spkS, c.spkE = s, e
				return true
			}
			return false
		}
		if x.cueAt(k) == 0 || x.usedCue[k] {
			continue
		}
		// "…,” has declared the minister": a perfect that a translation
		// keeps in front of the verb, after a quote that ends on a comma
		// (a scare quote before "has revealed" is a subject).
		if k == a || k == a+1 && perfectAux[x.toks[a].Lower] && x.endsOnComma(from, a) {
			if strings.HasSuffix(t.Lower, "ing") {
				return false // "…”, pointing out that": a participle, not "said X"
			}
			if s, e, ok := x.npRight(k+1, b); ok {
				x.setCue(c, k, k+1)
				c.spkS, c.spkE = x.appositiveName(s, e, b)
				return true
			}
			return false
		}
		if k+1 < b && x.toks[k+1].Lower == "that" && x.plainGap(k+1) {
			return false // "…,” but he said that …": a new reported clause
		}
		s, e, ok := x.speakerLeft(k, a)
		if !ok || s != a {
			// "…,” officials in Moscow said": allow a leading "then", and
			// "…,” retired Air Force general Lloyd Newton said": one or two
			// lower-case modifiers before a name.
			if !(ok && s == a+1 && introWords[x.toks[a].Lower]) && !(ok && x.modifiersBefore(a, s)) {
				return false
			}
		}
		x.setCue(c, k, k+1)
		c.spkS, c.spkE = s, e
		return true
	}
	return false
}

// orgPhrase returns the noun phrase of an organisation that starts at
// token i (before hi): npRight's phrase, and the lower-case organisation
// words that follow a name in it ("Brenton police", "the Vessa fire
// service").
func (x *extractor) orgPhrase(i, hi int) (int, int, bool) {
	s, e, ok := x.npRight(i, hi)
	if !ok {
		return s, e, ok
	}
	for e < hi && e < s+8 && x.plainGap(e) && x.toks[e-1].cap {
		t := x.toks[e]
		if t.cap || t.quote >= 0 || !orgWords[t.Lower] || x.cueAt(e) != 0 {
			break
		}
		e++
	}
	return s, e, true
}

// indefiniteRoleFor matches "a/an [one or two modifiers] ROLE
// (for|of|to|at) NP CUE" at token a, before b: it returns the end of the
// speaker mention, which unnamedSpeaker makes an unnamed person as it does
// after the cue ("…,” said a spokesman for the club"), and the cue's
// token.
func (x *extractor) indefiniteRoleFor(a, b int) (int, int, bool) {
	if a >= b || !indefinite(x.toks[a].Lower) {
		return 0, 0, false
	}
	head := -1
	for k := a + 1; k < b && k <= a+3; k++ {
		t := x.toks[k]
		if !x.plainGap(k) || t.cap || t.Number || t.quote >= 0 || t.cue != 0 {
			return 0, 0, false
		}
		if titles[t.Lower] && !pluralRole(t.Lower) {
			head = k
			break
		}
	}
	if head < 0 || head+2 >= b || !x.plainGap(head+1) || !x.plainGap(head+2) {
		return 0, 0, false
	}
	if !x.roleOrg(head + 1) {
		return 0, 0, false
	}
	ps, pe, ok := x.orgPhrase(head+2, b)
	if !ok || ps != head+2 || pe >= b || !x.plainGap(pe) {
		return 0, 0, false
	}
	k := pe
	for k < b && k < pe+2 && (cueModifiers[x.toks[k].Lower] || isLyAdverb(x.toks[k].Lower)) && x.plainGap(k+1) {
		k++
	}
	if k >= b || x.cueAt(k) == 0 || x.usedCue[k] || strings.HasSuffix(x.toks[k].Lower, "ing") {
		return 0, 0, false
	}
	return pe, k, true
}

// endsOnComma reports whether a comma, a question or an exclamation mark
// ends the quote that closes at from, or stands between it and token a.
func (x *extractor) endsOnComma(from, a int) bool {
	g := strings.TrimRight(x.t[max(0, from-8):x.toks[a].Span.Start], " \t”\"’'»")
	return strings.HasSuffix(g, ",") || strings.HasSuffix(g, "?") || strings.HasSuffix(g, "!")
}

// perfectAux are the auxiliaries of a perfect ("has declared").
var perfectAux = map[string]bool{"has": true, "have": true, "had": true}

// appositiveName returns the name that follows a role noun phrase [s, e)
// in apposition ("the mayor of the city, Lucia Ferrante", "the
// spokeswoman of Carrow, Linda Park"), or [s, e) itself when there is
// none.
func (x *extractor) appositiveName(s, e, b int) (int, int) {
	if e >= b || x.toks[e-1].cap && !x.roleOf(s, e) || !strings.Contains(x.gap(e), ",") || !x.hasRole(s, e) {
		return s, e
	}
	ns, ne, ok := x.nameAt(e, b)
	if !ok || ne < b && !strings.ContainsAny(x.gap(ne), ",.;") && !prepositions[x.toks[ne].Lower] {
		return s, e
	}
	return ns, ne
}

// nameAt returns the name that starts at token s (before b): a noun
// phrase of at most four capitalised words or name particles, ending in a
// capitalised word.
func (x *extractor) nameAt(s, b int) (int, int, bool) {
	ns, ne, ok := x.npRight(s, b)
	if !ok || ns != s || ne-ns > 4 || !x.toks[ne-1].cap {
		return 0, 0, false
	}
	for i := ns; i < ne; i++ {
		if !x.toks[i].cap && !nameParticles[x.toks[i].Lower] {
			return 0, 0, false
		}
	}
	return ns, ne, true
}

// roleOf reports whether the tokens [s, e) hold a role noun followed by
// "of": the role is the head, the capitalised words after it say whose.
func (x *extractor) roleOf(s, e int) bool {
	for i := s; i+1 < e; i++ {
		if w := x.toks[i].Lower; (titles[w] || roleSynonyms[w] != "") && x.toks[i+1].Lower == "of" {
			return true
		}
	}
	return false
}

// hasRole reports whether the tokens [s, e) hold a title or a role noun.
func (x *extractor) hasRole(s, e int) bool {
	for i := s; i < e; i++ {
		if w := x.toks[i].Lower; titles[w] || roleSynonyms[w] != "" {
			return true
		}
	}
	return false
}

// roleThenName finds "ROLE, NAME, CUE" or "ROLE, NAME CUE" right after a
// quote (tokens from a): a role noun phrase, a capitalised name in
// apposition and the cue. It returns the name's tokens and the cue's.
func (x *extractor) roleThenName(a, b int) (int, int, int, bool) {
	m := a + 1
	for m < b && m-a < 8 && !strings.Contains(x.gap(m), ",") {
		t := x.toks[m-1]
		if t.quote >= 0 || t.cue != 0 && !t.amb || clauseStops[t.Lower] && t.Lower != "of" {
			return 0, 0, 0, false
		}
		m++
	}
	if m >= b || !strings.Contains(x.gap(m), ",") || !x.hasRole(a, m) || x.toks[m-1].cap || x.toks[a].quote >= 0 {
		return 0, 0, 0, false
	}
	ns, ne, ok := x.nameAt(m, b)
	if !ok {
		return 0, 0, 0, false
	}
	k := ne
	for k < b && (cueModifiers[x.toks[k].Lower] || isLyAdverb(x.toks[k].Lower)) {
		k++
	}
	if k >= b || x.cueAt(k) == 0 || x.usedCue[k] || strings.HasSuffix(x.toks[k].Lower, "ing") {
		return 0, 0, 0, false
	}
	return ns, ne, k, true
}

// modifiersBefore reports whether the tokens [a, s) are one or two
// lower-case words that modify the capitalised name at s ("retired Air
// Force general …", "former Gov. …").
func (x *extractor) modifiersBefore(a, s int) bool {
	if s <= a || s-a > 2 || s >= len(x.toks) || !x.toks[s].cap {
		return false
	}
	for k := a; k < s; k++ {
		t := x.toks[k]
		if t.cap || t.Number || t.cue != 0 || notContentStart[t.Lower] || determiners[t.Lower] || subjectPronouns[t.Lower] || !x.plainGap(k+1) {
			return false
		}
	}
	return true
}

// preAttribution reads an attribution in the tokens [a, b) before a quote
// that opens at byte os: "X said: “…”", "X said on Monday, “…”", "according
// to X, “…”", "X: “…”".
func (x *extractor) preAttribution(a, b, os int, preEnd rune, c *cand) bool {
	if a >= b {
		return false
	}
	reach := 7
	if preEnd == ':' {
		reach = 14
	}
	for k := b - 1; k >= a && k >= b-reach; k-- {
		t := x.toks[k]
		if t.Lower == "according" && k+1 < b && x.toks[k+1].Lower == "to" {
			if s, e, ok := x.accordingTo(k, b); ok {
				x.setCue(c, k, k+2)
				c.spkS, c.spkE = s, e
				return true
			}
			continue
		}
		if x.cueAt(k) == 0 || x.usedCue[k] || x.passive(k) {
			continue
		}
		// The words between the cue and the quote must not start a clause
		// of their own ("said it was “…”" embeds the quote).
		if !x.adjunctRun(k+1, b, preEnd) {
			return false
		}
		if b > k+1 && x.toks[b-1].Lower == "that" && x.lastNonSpace(x.toks[b-1].Span.End, os) == 0 {
			c.content.Start = x.toks[b-1].Span.Start // "said that “…”"
		}
		// "Demonstrators said they want “…”": the nearest cue is the verb of
		// a clause that an outer reporting verb introduces; the attribution
		// is the outer one and the clause is its content.
		if k0 := x.outerCue(k, a); k0 >= 0 {
			k = k0
			c.content.Start = x.toks[k+1].Span.Start
		} else if w := x.relativeBefore(k, a); w >= 0 && callForms[x.toks[k].Lower] {
			// "which it calls “…”": the relative clause is the content.
			c.content.Start = x.toks[w].Span.Start
		} else if x.clauseLead(k, b, os, preEnd) {
			// "said, a majority of Americans have come to believe “…”",
			// "says things such as, “…”": the words between the cue and
			// the quote open the reported clause.
			c.content.Start = x.toks[k+1].Span.Start
		}
		x.setCue(c, k, k+1)
		if s, e, ok := x.speakerLeft(k, a); ok {
			c.spkS, c.spkE = s, e
			return true
		}
		if s, e, ok := x.npRight(k+1, b); ok && (preEnd == ':' || preEnd == ',') {
			c.spkS, c.spkE = s, e
			return true
		}
		if s, e, ok := x.subject(k); ok && e <= k {
			c.spkS, c.spkE = s, e
		}
		return true
	}
	// "Putin: “…”": a name followed by a colon.
	if preEnd == ':' && b > a {
		if s, e, ok := x.npLeft(b-1, a); ok && s == a && x.toks[e-1].cap {
			c.spkS, c.spkE = s, e
			return true
		}
	}
	return false
}

// outerCue returns the reporting verb that introduces the clause holding
// the cue at k ("said they want", "denouncing what it calls", "said she
// recalled thinking"): a cue of the reported-speech class at most four
// words before k, with only the words of a short subject between, no
// punctuation, in the range [a, k). It returns -1 when there is none.
func (x *extractor) outerCue(k, a int) int {
	found := -1
	for k > a {
		j := -1
		for m := k - 1; m >= a && k-m <= 4; m-- {
			if !x.plainGap(m + 1) {
				break
			}
			if x.cueAt(m) == 0 || x.usedCue[m] || x.passive(m) || x.toks[m].quote >= 0 {
				continue
			}
			if m == k-1 && !strings.HasSuffix(x.toks[k].Lower, "ing") {
				break // "said added": not a clause with its own verb
			}
			if x.cueAt(m)&cueIndirect == 0 || x.isTell(m) {
				break
			}
			j = m
			break
		}
		if j < 0 {
			break
		}
		found, k = j, j
	}
	return found
}

// clauseLead reports whether the words [k+1, b) between a cue and the quote
// that opens at os start the reported clause ("said, a majority of
// Americans have come to believe “…”", "tweeted that, “…”") rather than
// being an adjunct, an addressee or the speaker ("said on Monday, “…”",
// "told reporters: “…”", "Said Ellis: “…”"): the quote follows them after a
// comma or colon on the same line, they do not open with a capital, a
// number, a preposition, an object pronoun, a time word or an adverb, and
// when a comma follows the cue they are at least three words.
func (x *extractor) clauseLead(k, b, os int, preEnd rune) bool {
	if b <= k+1 || x.isTell(k) || (preEnd != ',' && preEnd != ':') {
		return false
	}
	if strings.IndexByte(x.t[x.toks[k].Span.End:os], '\n') >= 0 {
		return false
	}
	f := x.toks[k+1]
	if f.cap || f.Number || notContentStart[f.Lower] || objectPronouns[f.Lower] || timeWords[f.Lower] || isLyAdverb(f.Lower) || cueModifiers[f.Lower] {
		return false
	}
	// A punctuation mark right after the cue ("said, …") is allowed only
	// when a clause of several words follows.
	if !x.plainGap(k+1) && b-(k+1) < 3 {
		return false
	}
	return true
}

// objectPronouns are addressees after a cue ("asked her, “…”").
var objectPronouns = map[string]bool{
	"me": true, "him": true, "her": true, "us": true, "them": true, "you": true, "it": true,
	"reporters": true, "journalists": true, "supporters": true, "voters": true, "listeners": true,
	"viewers": true, "readers": true, "everyone": true, "everybody": true,
}

// timeWords are adverbs of time that may follow a cue ("said later, “…”").
var timeWords = map[string]bool{
	"today": true, "yesterday": true, "tonight": true, "earlier": true, "later": true, "again": true,
	"also": true, "then": true, "once": true, "last": true, "this": true, "next": true, "recently": true,
	"afterward": true, "afterwards": true, "repeatedly": true, "often": true, "simply": true, "only": true,
	"however": true, "instead": true, "too": true, "still": true, "now": true, "first": true, "further": true,
}

// adjunctRun reports whether the tokens [a, b) between a cue and a quote
// are adjuncts or an addressee ("in a statement", "on Monday", "reporters",
// "that"), so that the quote is what the cue introduces.
func (x *extractor) adjunctRun(a, b int, preEnd rune) bool {
	if a >= b {
		return true
	}
	if preEnd == ':' || preEnd == ',' || preEnd == '—' {
		return true
	}
	// Without a colon or comma, only "that" (or an addressee then "that")
	// may come between: "said that “…”".
	return x.toks[b-1].Lower == "that" && b-a <= 4
}

// passive reports whether the cue at k is a passive participle ("was
// asked", "has been told"), which makes its subject the addressee.
func (x *extractor) passive(k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		w := x.toks[j].Lower
		switch w {
		case "was", "were", "been", "being", "be", "is", "are", "get", "got":
			return strings.HasSuffix(x.toks[k].Lower, "ed") || x.toks[k].Lower == "told" || x.toks[k].Lower == "said" || x.toks[k].Lower == "known" || x.toks[k].Lower == "thought" || x.toks[k].Lower == "shown"
		}
		if !isLyAdverb(w) && !cueModifiers[w] {
			return false
		}
	}
	return false
}

// setCue records tokens [s, e) as the cue of c.
func (x *extractor) setCue(c *cand, s, e int) {
	c.cue = news.Span{Start: x.toks[s].Span.Start, End: x.toks[e-1].Span.End}
	for k := s; k < e; k++ {
		x.usedCue[k] = true
	}
}

// blocked reports whether byte range [s, e) overlaps a full direct quote or
// already extracted content.
func (x *extractor) blocked(s, e int) bool {
	for i := range x.cands {
		c := &x.cands[i]
		if c.drop || (c.direct && !c.full) {
			continue
		}
		lo, hi := c.content.Start, c.content.End
		if c.direct {
			lo, hi = c.sp.outer()
		}
		if lo < e && s < hi {
			return true
		}
	}
	return false
}

// fullQuoteIn returns the start of the first full direct quote that opens in
// [s, e), or e.
func (x *extractor) fullQuoteIn(s, e int) int {
	for i := range x.cands {
		c := &x.cands[i]
		if !c.direct || !c.full {
			continue
		}
		os, _ := c.sp.outer()
		if os >= s && os < e {
			return os
		}
	}
	return e
}

// clauseEnd returns where reported content that starts at byte s ends,
// at most e: before a semicolon, a contrastive clause after a comma
// (", while …", ", though …") or a second attribution (", and the report
// says …").
func (x *extractor) clauseEnd(s, e int) int {
	ta, tb := x.segment(s, e)
	for k := ta + 1; k < tb; k++ {
		g := x.gap(k)
		if strings.IndexByte(g, ';') >= 0 && x.toks[k-1].quote < 0 {
			return x.toks[k-1].Span.End
		}
		comma := strings.IndexByte(g, ',') >= 0
		switch x.toks[k].Lower {
		case "while", "though", "although", "whereas":
			if comma {
				return x.toks[k-1].Span.End
			}
		}
		if x.toks[k].quote >= 0 || x.cueAt(k)&cueIndirect == 0 || x.passive(k) {
			continue
		}
		if comma && strings.HasSuffix(x.toks[k].Lower, "ing") {
			return x.toks[k-1].Span.End // "…, saying …"
		}
		if k-ta < 3 {
			continue
		}
		ns, _, ok := x.speakerLeft(k, ta+1)
		if !ok || ns >= k || ns <= ta+1 {
			continue
		}
		cut := ns
		if w := x.toks[ns-1].Lower; (w == "and" || w == "but") && strings.IndexByte(x.gap(ns-1), ',') >= 0 {
			cut = ns - 1
		} else if strings.IndexByte(x.gap(ns), ',') < 0 {
			continue
		}
		return x.toks[cut-1].Span.End
	}
	return e
}

// fullQuoteAt returns the full direct quote whose opening mark is at byte
// p, or nil.
func (x *extractor) fullQuoteAt(p int) *cand {
	for i := range x.cands {
		c := &x.cands[i]
		if c.direct && c.full && c.sp.open.start == p {
			return c
		}
	}
	return nil
}

// indirect finds reported speech: "X said (that) …", "…, X said", "according
// to X, …" and "…, according to X".
func (x *extractor) indirect() {
	for si := range x.sents {
		ss := x.sents[si].Span
		a, b := x.segment(ss.Start, ss.End)
		for k := a; k < b; k++ {
			t := x.toks[k]
			if t.quote >= 0 || x.usedCue[k] {
				continue
			}
			if t.Lower == "according" && k+1 < b && x.toks[k+1].Lower == "to" {
				x.according(k, a, b, ss)
				continue
			}
			if x.cueAt(k)&cueIndirect == 0 || x.passive(k) {
				continue
			}
			x.reported(k, a, b, ss)
		}
	}
}

// contentEnd trims trailing space and sentence punctuation from [s, e).
func (x *extractor) contentSpan(s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(x.t[s:e])
		if unicode.IsSpace(r) || r == ',' || r == ':' || r == ';' || r == '—' || r == '–' {
			s += n
			continue
		}
		break
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(x.t[s:e])
		if unicode.IsSpace(r) || r == '.' || r == ',' || r == ';' || r == ':' || r == '—' || r == '–' {
			e -= n
			continue
		}
		break
	}
	return s, e
}

// addIndirect adds reported speech with content [s, e), cue tokens [cs,
// ce) and speaker tokens [ps, pe), unless it overlaps a quote already found
// or is too short.
func (x *extractor) addIndirect(s, e, cs, ce, ps, pe int) bool {
	s, e = x.contentSpan(s, e)
	if e <= s {
		return false
	}
	if q := x.fullQuoteIn(s, e); q < e {
		e = q
		// "X said Y but added: “…”": the quote's own cue and speaker are
		// not part of Y.
		if c := x.fullQuoteAt(q); c != nil {
			if c.cue.End > c.cue.Start && c.cue.Start >= s && c.cue.Start < e {
				e = c.cue.Start
			}
			if c.hasSpeaker() && x.toks[c.spkS].Span.Start >= s && x.toks[c.spkS].Span.Start < e {
				e = x.toks[c.spkS].Span.Start
			}
		}
	}
	// "…, according to US officials": a second attribution ends the content.
	if cs < len(x.toks) && x.toks[cs].Lower != "according" {
		ta, tb := x.segment(s, e)
		for k := ta + 1; k+1 < tb; k++ {
			if x.toks[k].Lower == "according" && x.toks[k+1].Lower == "to" && strings.Contains(x.gap(k), ",") {
				e = x.toks[k].Span.Start
				break
			}
		}
	}
	e = x.clauseEnd(s, e)
	s, e = x.contentSpan(s, e)
	for e > s {
		ta, tb := x.segment(s, e)
		if tb <= ta {
			break
		}
		w := x.toks[tb-1].Lower
		if w != "and" && w != "but" && w != "then" && w != "also" && w != "while" {
			break
		}
		s, e = x.contentSpan(s, x.toks[tb-1].Span.Start)
	}
	ta, tb := x.segment(s, e)
	if tb-ta < 3 || e <= s {
		return false
	}
	if x.blocked(s, e) {
		return false
	}
	c := cand{content: news.Span{Start: s, End: e}, spkS: ps, spkE: pe}
	x.setCue(&c, cs, ce)
	// Partial quotations inside the content become part of it.
	for i := range x.cands {
		d := &x.cands[i]
		if d.direct && !d.full && !d.drop {
			lo, hi := d.sp.outer()
			if lo < e && s < hi {
				if lo < s || hi > e {
					// Extend the content to hold the whole quotation.
					c.content.Start = min(c.content.Start, lo)
					c.content.End = max(c.content.End, hi)
				}
				d.covered = true
			}
		}
	}
	x.cands = append(x.cands, c)
	return true
}

// according handles "according to X, …" and "…, according to X".
func (x *extractor) according(k, a, b int, ss news.Span) {
	ps, pe, ok := x.accordingTo(k, b)
	if !ok {
		return
	}
	// "…, according to X."
	if k > a && strings.Contains(x.gap(k), ",") {
		x.addIndirect(ss.Start, x.toks[k].Span.Start, k, k+2, ps, pe)
		return
	}
	// "According to X, …": the content follows the comma after X.
	for m := pe; m < b && m-pe < 8; m++ {
		if strings.Contains(x.gap(m), ",") {
			x.addIndirect(x.toks[m].Span.Start, ss.End, k, k+2, ps, pe)
			return
		}
	}
}

// reported handles a reporting verb at token k of the sentence [a, b).
func (x *extractor) reported(k, a, b int, ss news.Span) {
	lo := a
	// Never reach back over a quotation or a semicolon.
	for j := k - 1; j > a; j-- {
		if x.toks[j].quote >= 0 || strings.ContainsAny(x.gap(j+1), ";") {
			lo = j + 1
			break
		}
	}
	ps, pe, ok := x.speakerLeft(k, lo)
	inverted := false
	if !ok && k > a && strings.Contains(x.gap(k), ",") && !x.addressee(k) && !x.clauseAfter(k, b) {
		// "…, said Putin, …": the speaker follows the verb (after "tells"
		// comes whom it tells: "…, tells us he was …"; a clause's subject
		// may follow too: "…, said she had left").
		if s, e, ok2 := x.npRight(k+1, b); ok2 {
			ps, pe, ok, inverted = s, e, true, true
		}
	}
	if !ok && k > lo && strings.Contains(x.gap(k), ",") && (x.addressee(k) || x.clauseAfter(k, b)) {
		// "One of them, lorry driver Stefan Aalto, tells us …", "…,
		// retired teacher Glenys Fairweather, said she had left …": the
		// name set off before the verb speaks.
		if s, e, ok2 := x.npLeftNoGap(k-1, lo); ok2 && x.toks[e-1].cap {
			ps, pe, ok = s, e, true
		}
	}
	if !ok {
		// "… and added that …": the subject of the sentence speaks.
		if k > lo && (x.toks[k-1].Lower == "and" || x.toks[k-1].Lower == "but") {
			if s, e, ok2 := x.subject(k); ok2 && e < k {
				ps, pe, ok = s, e, true
			}
		}
	}
	if !ok {
		return
	}
	head := x.toks[pe-1].Lower
	if noSpeaker[head] {
		return // "Nobody knows why the boat went over"
	}
	if k+1 < b && x.toks[k+1].Lower == "itself" && x.plainGap(k+1) {
		return // "the fire declared itself", "the club declared itself bankrupt"
	}
	if !subjectPronouns[head] && !x.toks[pe-1].cap && !titles[head] && !strings.HasSuffix(head, "s") && roleSynonyms[head] == "" {
		// A lower-case head that is neither a title nor a plural is too
		// often not a person ("the report", "the data") — keep it: news
		// attributes to documents too. But not to bare adjectives, and
		// not when a modal makes "add" an event to come ("the extension
		// will add six stops"; documents do not add).
		if pe-ps == 1 || k > 0 && futureModals[x.toks[k-1].Lower] && cueLemma[x.toks[k].Lower] == "add" {
			return
		}
	}
	npStart := ps
	if inverted {
		npStart = k
	}
	relative := pe-ps == 1 && x.toks[ps].Lower == "who"
	// "…, X said (on Monday)." — the content precedes the attribution.
	if npStart > a && strings.Contains(x.gap(npStart), ",") && npStart-a >= 3 && !relative {
		end := pe
		if !inverted {
			end = k + 1
		}
		for end < b && (adjunctWords[x.toks[end].Lower] || x.toks[end].Lower == "in" || x.toks[end].Lower == "a" || x.toks[end].Lower == "an") && x.plainGap(end) {
			end++
		}
		// The content precedes unless a clause follows the verb: "that",
		// or a subject ("…, Putin said the charges were …" is rare; "In
		// Moscow, Putin said the charges …" is common). A subordinate
		// clause or a participle after the verb ("…, Putin said Thursday
		// while praising …") leaves the content before.
		next := ""
		if end < b && x.plainGap(end) {
			next = x.toks[end].Lower
		}
		if inverted || next == "" || next != "that" && (clauseStops[next] || strings.HasSuffix(next, "ing")) {
			cs := x.contentStart(a, npStart)
			x.addIndirect(cs, x.toks[npStart].Span.Start, k, k+1, x.placeHead(ps, lo), pe)
			return
		}
	}
	if inverted {
		return
	}
	// "X said (on Monday) (that) …": the content follows.
	m := k + 1
	reach := 8
	if x.isTell(k) {
		reach = 14 // "told an invited crowd at the Union League club that …"
	}
	for n := 0; m < b && n < reach; n++ {
		if x.toks[m].Lower == "that" && x.plainGap(m) {
			goto found // the content starts with "that", as annotators mark it
		}
		if x.toks[m].Lower == "to" && m > k+1 && x.isTell(k) && x.plainGap(m) && !x.toks[m-1].cap {
			goto found // "tells his supporters at a rally to “go …”"
		}
		if q := x.toks[m].quote; q >= 0 && x.isTell(k) && m > k+1 && isPossessive(x.toks[m-1].Lower) {
			for m+1 < b && x.toks[m+1].quote == q {
				m++ // "tells MSNBC’s “Morning Joe” on Friday that …"
			}
			m++
			continue
		}
		if strings.ContainsAny(x.gap(m), ",;:") && m > k+1 || subjectPronouns[x.toks[m].Lower] || contractedSubject(x.toks[m].Lower) || x.toks[m].cue != 0 && !x.toks[m].amb || x.toks[m].quote >= 0 {
			break // a clause of its own starts before any "that"
		}
		if determiners[x.toks[m].Lower] && (m == k+1 && !x.isTell(k) || m > k+1 && !prepositions[x.toks[m-1].Lower]) {
			break // "said the latest test could change that": a subject
		}
		m++
	}
	m = k + 1
	if strings.Contains(x.gap(m), ",") && m < b {
		// "X said, …"
	} else {
		for m < b && (adjunctWords[x.toks[m].Lower] || objectWords[x.toks[m].Lower] && x.isTell(k)) && x.plainGap(m) {
			m++
		}
		if x.isTell(k) && m < b && x.toks[m].cap && !subjectPronouns[x.toks[m].Lower] {
			// "told NBC News (that) …", "told MSNBC's “Morning Joe” that …"
			for m < b && x.toks[m].cap && x.plainGap(m) {
				m++
			}
			if m < b && isPossessive(x.toks[m-1].Lower) && x.toks[m].quote >= 0 && x.toks[m].cap {
				for q := x.toks[m].quote; m < b && x.toks[m].quote == q; m++ {
				}
			}
		}
		if m < b && x.toks[m].Lower == "to" && x.takesInfinitive(k) {
			goto found // "vowed to punish …"
		}
		if m < b && (notContentStart[x.toks[m].Lower] || x.toks[m].cue != 0 && !x.toks[m].amb) {
			return // "said in", "said to", "said and": no clause follows
		}
		if m < b && (x.toks[m].Lower == "for" || x.toks[m].Lower == "of") {
			return
		}
	}
found:
	if m >= b || x.saysNothing(k, m, b) {
		return
	}
	x.addIndirect(x.toks[m].Span.Start, ss.End, k, k+1, x.placeHead(ps, lo), pe)
}

// saysNothing reports whether the words from token m, right after the
// verb of saying at k, are "nothing" as its object ("said nothing in
// court", "told police nothing."): no speech is reported, unlike "said
// nothing would change". ("Said little about the plan" reports a topic,
// as PolNeAR annotates it.)
func (x *extractor) saysNothing(k, m, b int) bool {
	switch x.toks[k].Lower {
	case "said", "says", "say", "saying", "told", "tells", "tell", "telling":
	default:
		return false
	}
	if x.toks[m].Lower != "nothing" {
		return false
	}
	if m+1 >= b || !x.plainGap(m+1) {
		return true
	}
	n := x.toks[m+1].Lower
	return notContentStart[n] || prepositions[n] || n == "more" || n == "else" || timeWords[n]
}

// placeHead returns where the speaker whose mention starts at token s
// (after lo) starts when the mention is a place after "in" or "at" ("The
// prosecutor's office in Agen said"): the noun phrase before it speaks.
func (x *extractor) placeHead(s, lo int) int {
	if s-2 < lo || s >= len(x.toks) || !x.toks[s].cap || !x.plainGap(s-1) || !x.plainGap(s) {
		return s
	}
	if p := x.toks[s-1].Lower; p != "in" && p != "at" {
		return s
	}
	if hs, _, ok := x.npLeft(s-2, lo); ok && !x.toks[s-2].cap {
		return hs
	}
	return s
}

// contentStart returns the start of the reported content in the tokens [a,
// e): the sentence start, after any quotation that closes before it.
func (x *extractor) contentStart(a, e int) int {
	s := x.toks[a].Span.Start
	si := x.toks[a].sent
	if si >= 0 {
		s = x.sents[si].Span.Start
	}
	for i := range x.cands {
		c := &x.cands[i]
		if c.direct && c.full {
			_, oe := c.sp.outer()
			if oe > s && oe <= x.toks[e].Span.Start {
				s = oe
			}
		}
	}
	return s
}

// notContentStart are words that, right after a reporting verb, show that
// no reported clause follows: prepositions, coordinators and adverbial
// conjunctions.
var notContentStart = map[string]bool{
	"on": true, "in": true, "at": true, "of": true, "for": true, "to": true, "by": true, "with": true,
	"from": true, "about": true, "into": true, "over": true, "under": true, "during": true, "like": true,
	"and": true, "but": true, "or": true, "nor": true, "as": true, "than": true, "so": true, "while": true,
	"after": true, "before": true, "because": true, "since": true, "until": true, "although": true,
	"though": true, "up": true, "out": true, "off": true, "down": true, "back": true, "not": true,
}

// contractedSubject reports whether w is a subject pronoun with a
// contracted verb ("he’s", "they're"), which opens a clause.
func contractedSubject(w string) bool {
	i := strings.IndexAny(w, "'’")
	if i <= 0 || !subjectPronouns[w[:i]] {
		return false
	}
	_, n := utf8.DecodeRuneInString(w[i:])
	switch w[i+n:] {
	case "s", "re", "m", "ll", "d", "ve":
		return true
	}
	return false
}

// takesInfinitive reports whether the cue at k reports an intention with
// "to" ("vowed to", "promised to").
func (x *extractor) takesInfinitive(k int) bool {
	return infinitiveLemmas[cueLemma[x.toks[k].Lower]]
}

// addressee reports whether the noun phrase after the cue at k is whom it
// is said to, never who says it: "tells us", "told reporters", "informed
// the board".
func (x *extractor) addressee(k int) bool {
	w := x.toks[k].Lower
	return cueLemma[w] == "tell" || w == "informed" || w == "informs" || w == "inform"
}

// clauseAfter reports whether a clause opens right after the cue at k
// (before b): a subject pronoun with words after it ("said she had left"),
// not a pronoun that ends the sentence ("…, said he.").
func (x *extractor) clauseAfter(k, b int) bool {
	return k+2 < b && x.plainGap(k+1) && x.plainGap(k+2) && subjectPronouns[x.toks[k+1].Lower] && x.toks[k+1].Lower != "who"
}

// noSpeaker are subjects that say nothing anyone could corroborate.
var noSpeaker = map[string]bool{"nobody": true, "noone": true}

// isTell reports whether the cue at k takes an addressee ("told reporters").
func (x *extractor) isTell(k int) bool {
	switch x.toks[k].Lower {
	case "told", "tells", "tell", "telling", "informed", "assured", "reminded", "warned", "urged", "asked":
		return true
	}
	return false
}

// partials keeps the quotations embedded in a sentence that no reported
// speech absorbed when they are long enough not to be scare quotes, or
// name the object of "call"; their speaker is the nearest attributed
// speaker of the sentence.
func (x *extractor) partials() {
	for i := range x.cands {
		c := &x.cands[i]
		if !c.direct || c.full || c.covered {
			continue
		}
		ta, tb := x.segment(c.content.Start, c.content.End)
		os, _ := c.sp.outer()
		si := x.sentOf(os)
		a := x.tokAt(x.sents[si].Span.Start)
		b := x.tokAt(os)
		// A short quotation is a scare quote, unless it names a pronoun or
		// a person as the object of "call" ("called him a “loser”").
		if tb-ta < MinScareWords && (c.standalone || !x.namedObject(a, b) || !x.extendToCallObject(c, a, b)) {
			c.drop = true
			continue
		}
		if c.standalone {
			c.full = true
			if j := x.neighbour(i); j >= 0 {
				c.spkS, c.spkE = x.cands[j].spkS, x.cands[j].spkE
				c.inherited = true
			}
			continue
		}
		// A cue earlier in the sentence attributes it ("he called it “…”").
		if !x.extendToAs(c, a, b) {
			x.extendToThat(i, a, b)
			if c.content.Start == c.sp.cs {
				x.extendToClause(c, a, b)
			}
		}
		found := false
		for k := b - 1; k >= a; k-- {
			found = found || x.cueAt(k) != 0
			if x.cueAt(k) != 0 && x.toks[k].quote < 0 && !x.usedCue[k] {
				if s, e, ok := x.speakerLeft(k, a); ok {
					x.setCue(c, k, k+1)
					c.spkS, c.spkE = s, e
				}
				break
			}
		}
		// A quotation after a preposition in a sentence with no cue before
		// it ("sent her into “a living room in …”") is a phrase of the
		// reporter's, quoted from no one in that sentence.
		if !found && b > a && prepositions[x.toks[b-1].Lower] && x.toks[b-1].Lower != "to" {
			c.drop = true
		}
	}
}

// joinLists extends a kept direct quote over the quotations that follow it
// as a coordinated list ("as a “human leech …” and a “spoiled brat”", "“how
// the system is rigged,” and “wounded …” and “our own …”"): PolNeAR
// annotates such a list as one content. Between the closing mark and the
// next opening mark there may be only a comma, "and" or "or" and an
// article; the joined quotations must have no attribution of their own.
// Before that, a quote whose content starts before its opening mark takes
// the words of the reporter that end its sentence (extendToSentenceEnd).
func (x *extractor) joinLists() {
	for i := range x.cands {
		c := &x.cands[i]
		if !c.direct || c.drop || c.covered || c.sp == nil || c.content.End != c.sp.ce {
			continue
		}
		// A quotation inside a reporter's clause that the content already
		// starts before takes the few words that end its sentence too
		// ("Clinton needs to ‘get away from …’ with Trump.").
		if c.content.Start < c.sp.cs && c.sp.closed {
			_, oe := c.sp.outer()
			qa := x.tokAt(oe)
			qb := qa
			adjunct := true
			for qb < len(x.toks) && qb-qa <= 4 && x.toks[qb].sent == x.toks[qa].sent {
				adjunct = adjunct && adjunctWords[x.toks[qb].Lower]
				qb++
			}
			if !adjunct { // "… on Monday" is the reporter's
				x.extendToSentenceEnd(c, qa, qb)
			}
		}
		last := c.sp
		for j := i + 1; j < len(x.cands); j++ {
			d := &x.cands[j]
			if d.sp == nil || d.covered || d.full && !d.drop && d.hasSpeaker() && !d.inherited {
				break
			}
			_, oe := last.outer()
			if !last.closed || !listGap(x.t[oe:d.sp.open.start]) {
				break
			}
			c.content.End = d.sp.ce
			d.drop = true
			last = d.sp
		}
	}
}

// listGap reports whether g, the text between two quotations, joins them
// as a list: an optional comma, then "and" or "or" and an optional article,
// separated by spaces.
func listGap(g string) bool {
	if len(g) > 12 || strings.ContainsAny(g, "\n.;:") {
		return false
	}
	g = strings.TrimPrefix(strings.TrimSpace(g), ",")
	w, rest, _ := strings.Cut(strings.TrimSpace(g), " ")
	if w != "and" && w != "or" {
		return false
	}
	switch strings.TrimSpace(rest) {
	case "", "a", "an", "the":
		return true
	}
	return false
}

// extendToClause starts the content of the kept partial quote c at the
// start of the reporter's clause that holds it ("the developers engaged in
// a “massive … scheme”", "the primary requirement is a “lawful source …”"),
// as PolNeAR marks the clause: back from its opening mark (token b) over
// the words of the sentence, tokens from a, and stopping after a cue, a
// quotation, a line break, or a comma, colon, semicolon, dash or bracket.
// A quotation right after a verb in the past tense is that verb's object
// ("Trump attacked “…”", "the team cited “…”"), which PolNeAR marks alone:
// the clause is not taken then.
func (x *extractor) extendToClause(c *cand, a, b int) {
	if b > a && !x.toks[b-1].cap && len(x.toks[b-1].Lower) > 4 && strings.HasSuffix(x.toks[b-1].Lower, "ed") {
		return
	}
	k := b
	for k > a {
		next := c.sp.open.start
		if k < b {
			next = x.toks[k].Span.Start
		}
		if x.toks[k-1].quote >= 0 || x.cueAt(k-1) != 0 || strings.ContainsAny(x.t[x.toks[k-1].Span.End:next], "\n―") || k < b && strings.ContainsAny(x.gap(k), ",;:—–()") {
			break
		}
		k--
	}
	if k >= b {
		return
	}
	start := x.toks[k].Span.Start
	// Never reach into the content of another quote.
	for j := range x.cands {
		d := &x.cands[j]
		if d == c || d.drop || d.direct && !d.full && d.covered {
			continue
		}
		if d.content.Start < c.content.Start && d.content.End > start {
			return
		}
	}
	c.content.Start = start
}

// extendToAs starts the content of the kept partial quote c, whose opening
// mark is at token b, at the object of the verb that an "as" before the
// quote complements ("described Trump as a “…”", "refers to him as “…”"), as
// PolNeAR marks the clause: the words back from "as" that are no verb,
// preposition, conjunction or subject, at most six, stopping after an
// object pronoun; with no such words and a verb right before "as"
// ("what he is describing as “…”") the content starts at "as". It reports
// whether the pattern applied.
func (x *extractor) extendToAs(c *cand, a, b int) bool {
	ai := b - 1
	if ai > a && (x.toks[ai].Lower == "a" || x.toks[ai].Lower == "an") {
		ai--
	}
	if x.extendToCallObject(c, a, b) {
		return true
	}
	if ai <= a || x.toks[ai].Lower != "as" || !x.plainGap(ai+1) && ai+1 < b || x.toks[ai].quote >= 0 || asFixed[x.toks[ai-1].Lower] {
		return false
	}
	k := ai
	for k > a && ai-k < 6 {
		t := x.toks[k-1]
		w := t.Lower
		if t.quote >= 0 || !x.plainGap(k) || clauseStops[w] || speakerStops[w] || subjectPronouns[w] && w != "it" && w != "you" ||
			cueModifiers[w] || !t.cap && (t.cue != 0 && !t.amb || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") && len(w) > 4) && !(k >= 2 && determiners[x.toks[k-2].Lower]) {
			break
		}
		k--
		if objectPronouns[w] || strings.HasSuffix(w, "self") || strings.HasSuffix(w, "selves") {
			break
		}
	}
	if ai-k >= 6 && k > a {
		return false
	}
	if k == ai {
		if k == a {
			return false
		}
		t := x.toks[k-1]
		if t.cap || t.quote >= 0 || !(t.cue != 0 || strings.HasSuffix(t.Lower, "ing")) {
			return false
		}
	}
	return x.startContentAt(c, x.toks[k].Span.Start)
}

// extendToCallObject starts the content of the kept partial quote c, whose
// opening mark is at token b, at the object of a form of "call" that the
// quote complements ("calling him “the most …”", "calls her “an …”"), as
// PolNeAR marks the clause: one to five words between the verb and the
// mark, with no punctuation, verb or conjunction among them.
func (x *extractor) extendToCallObject(c *cand, a, b int) bool {
	k := b
	for k > a && b-k <= 5 {
		t := x.toks[k-1]
		w := t.Lower
		if t.quote >= 0 || k < b && !x.plainGap(k) {
			return false
		}
		if callForms[w] {
			break
		}
		if clauseStops[w] || speakerStops[w] || subjectPronouns[w] && w != "it" && w != "you" || cueModifiers[w] || t.cue != 0 && !t.cap {
			return false
		}
		k--
	}
	if k <= a || k == b || b-k > 5 || !callForms[x.toks[k-1].Lower] {
		return false
	}
	return x.startContentAt(c, x.toks[k].Span.Start)
}

// relativeBefore returns the token of the relative word that opens the
// clause whose verb is token v and whose object is the quote ("which he
// called “…”", "whom Mr. Reyes had called “…”", "under what Mr. Hedge
// called “…”"): at most four words of the clause's subject between them,
// tokens from a, separated by space only; -1 when there is none. PolNeAR
// marks the relative word as part of the content. A free relative "what"
// counts only as the object of a preposition: as a verb's object the
// annotation varies.
func (x *extractor) relativeBefore(v, a int) int {
	for j := v - 1; j >= a && v-j <= 5; j-- {
		t := x.toks[j]
		if t.quote >= 0 || !x.plainGap(j+1) {
			return -1
		}
		switch t.Lower {
		case "who", "whom", "which":
			return j
		case "what":
			if j > a && prepositions[x.toks[j-1].Lower] {
				return j
			}
			return -1
		}
		if clauseStops[t.Lower] && !cueModifiers[t.Lower] {
			return -1
		}
	}
	return -1
}

// namedObject reports whether the words before the opening mark at token
// b, tokens from a, are a form of "call" and its object, a pronoun or a
// name, with at most an article before the mark ("called him a “…”",
// "calls Mr. Reyes “…”").
func (x *extractor) namedObject(a, b int) bool {
	k := b - 1
	if k > a && (x.toks[k].Lower == "a" || x.toks[k].Lower == "an" || x.toks[k].Lower == "the") {
		k--
	}
	if k <= a {
		return false
	}
	if objectPronouns[x.toks[k].Lower] {
		return callForms[x.toks[k-1].Lower]
	}
	for j := k; j > a && k-j < 3; j-- {
		if !x.toks[j].cap {
			return false
		}
		if callForms[x.toks[j-1].Lower] {
			return true
		}
	}
	return false
}

// startContentAt moves the start of c's content back to start, unless
// another kept quote's content already covers the words in between.
func (x *extractor) startContentAt(c *cand, start int) bool {
	for j := range x.cands {
		d := &x.cands[j]
		if d == c || d.drop || d.direct && !d.full && d.covered {
			continue
		}
		if d.content.Start < c.content.Start && d.content.End > start {
			return false
		}
	}
	c.content.Start = start
	return true
}

// callForms are the forms of "call", whose object precedes a quoted
// characterisation.
var callForms = map[string]bool{"call": true, "calls": true, "called": true, "calling": true}

// asFixed are words that make "as" part of a fixed phrase, not the
// complement of a verb ("such as", "the same as", "known as").
var asFixed = map[string]bool{"such": true, "same": true, "well": true, "so": true, "just": true, "known": true, "much": true, "soon": true}

// extendToThat starts the content of partial quote i at a "that" shortly
// before it in the same clause ("a prediction that Trump would be “…”"), as
// the reported clause starts there, unless that would reach another quote.
func (x *extractor) extendToThat(i, a, b int) {
	c := &x.cands[i]
	for k := b - 1; k >= a && b-k <= 12; k-- {
		t := x.toks[k]
		if t.quote >= 0 || t.cue != 0 && !t.amb || strings.ContainsAny(x.gap(k+1), ",;:") && k+1 < b {
			return
		}
		if t.Lower != "that" {
			continue
		}
		for j := range x.cands {
			d := &x.cands[j]
			if j == i || d.drop || d.direct && !d.full && d.covered {
				continue
			}
			if d.content.Start < c.content.Start && d.content.End > t.Span.Start {
				return
			}
		}
		c.content.Start = t.Span.Start
		return
	}
}

// output returns the kept candidates as quotes in text order.
func (x *extractor) output(articleID int64) []news.Quote {
	keep := x.cands[:0]
	for _, c := range x.cands {
		if c.drop || (c.direct && !c.full && c.covered) {
			continue
		}
		keep = append(keep, c)
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].content.Start < keep[j].content.Start })
	out := make([]news.Quote, 0, len(keep))
	lastEnd := 0
	for _, c := range keep {
		if c.content.Start < lastEnd {
			continue // overlaps the previous quote
		}
		q := news.Quote{
			ArticleID:   articleID,
			Span:        c.content,
			Text:        x.quoteText(&c),
			Direct:      c.direct,
			Cue:         c.cue,
			CueText:     c.cue.Slice(x.t),
			SpeakerName: c.name,
			SpeakerKey:  c.key,
		}
		if c.hasSpeaker() {
			q.Speaker = news.Span{Start: x.toks[c.spkS].Span.Start, End: x.speakerEnd(&c)}
		}
		q.Index = len(out)
		out = append(out, q)
		lastEnd = c.content.End
	}
	return out
}

// speakerEnd returns the end of the speaker mention of c with its
// parenthesis and appositive: "Rep. Gwen Moore (D-Wis.)", "Elena Marsh,
// the port's director". It stops before the cue, the quote and the end of
// the sentence.
func (x *extractor) speakerEnd(c *cand) int {
	e := c.spkE
	end := x.toks[e-1].Span.End
	if t := x.toks[e-1]; e-c.spkS == 1 && contractedSubject(t.Lower) {
		return t.Span.Start + strings.IndexAny(t.Text, "'’") // "He’s claiming" → "He"
	}
	if c.inherited || e >= len(x.toks) {
		return end
	}
	limit := len(x.t)
	if si := x.toks[e-1].sent; si >= 0 {
		limit = x.sents[si].Span.End
	}
	for _, b := range []int{c.cue.Start, c.content.Start} {
		if b >= end && b < limit {
			limit = b
		}
	}
	if c.sp != nil {
		if os, _ := c.sp.outer(); os >= end && os < limit {
			limit = os
		}
	}
	g := x.gap(e)
	switch {
	case strings.Contains(g, "("):
		for k := e; k < len(x.toks) && k-e < 8 && x.toks[k].Span.End <= limit; k++ {
			if k+1 < len(x.toks) && strings.Contains(x.gap(k+1), ")") || k+1 == len(x.toks) {
				if p := strings.IndexByte(x.t[x.toks[k].Span.End:limit], ')'); p >= 0 {
					return x.toks[k].Span.End + p + 1
				}
				break
			}
		}
	case strings.Contains(g, ","):
		w := x.toks[e].Lower
		if !determiners[w] && !titles[w] && !x.toks[e].Number && w != "who" && w != "whose" && w != "of" && w != "from" {
			return end
		}
		stop := end
		for k := e; k < len(x.toks) && x.toks[k].Span.End <= limit && k-e < 30; k++ {
			if k > e && strings.ContainsAny(x.gap(k), ",;:()") {
				// Another appositive may follow; a verb or a clause may not.
				w := x.toks[k].Lower
				if strings.ContainsAny(x.gap(k), ";:()") || x.toks[k].cue != 0 || strings.HasSuffix(w, "ing") || clauseStops[w] && !prepositions[w] {
					break
				}
			}
			if cueModifiers[x.toks[k].Lower] || isLyAdverb(x.toks[k].Lower) {
				continue // "…, has said": the auxiliary belongs to the cue
			}
			stop = x.toks[k].Span.End
		}
		// "According to the minister, the quota is “…”": after
		// "according to" an appositive is set off by a second comma
		// before the content; words that run on to the quotation are the
		// content's own clause.
		if c.direct && c.cue.End > c.cue.Start && c.cue.End <= x.toks[c.spkS].Span.Start && strings.EqualFold(x.t[c.cue.Start:min(c.cue.End, c.cue.Start+9)], "according") &&
			strings.Trim(x.t[stop:limit], " ,") != "" {
			return end
		}
		return stop
	}
	return end
}

// quoteText returns the quoted words: the content with the reopening marks
// of continuation paragraphs dropped and line breaks folded to spaces.
func (x *extractor) quoteText(c *cand) string {
	s := c.content.Slice(x.t)
	if c.sp == nil || len(c.sp.reopen) == 0 {
		if strings.IndexByte(s, '\n') >= 0 {
			return strings.Join(strings.Fields(s), " ")
		}
		return s
	}
	var b strings.Builder
	prev := c.content.Start
	for _, m := range c.sp.reopen {
		b.WriteString(x.t[prev:m.start])
		b.WriteByte(' ')
		prev = m.end
	}
	b.WriteString(x.t[prev:c.content.End])
	return strings.Join(strings.Fields(b.String()), " ")
}

// sourceNouns name a remark in a sentence that gives its source ("The
// words came from …", "Those were the words of …").
var sourceNouns = map[string]bool{
	"words": true, "remarks": true, "comments": true, "comment": true, "remark": true, "warning": true,
	"praise": true, "verdict": true, "message": true, "criticism": true, "reaction": true, "plea": true,
	"assessment": true, "appeal": true, "response": true,
}

// sourceSentence attributes the quote c (quotation i, a sentence of its
// own) to the speaker that sentence si names as its source, when si is in
// the quote's paragraph, opens with a determiner ("The", "Those") and
// reads "REMARK came from NAME" or "… REMARK of NAME" within its first
// eight words, REMARK being one of sourceNouns and NAME a person's name or
// a role.
func (x *extractor) sourceSentence(si, i int, c *cand) bool {
	sc := x.sentOf(c.sp.open.start)
	if si >= len(x.sents) || x.sents[si].Para != x.sents[sc].Para {
		return false
	}
	hi := x.sents[si].Span.End
	if i+1 < len(x.spans) {
		hi = min(hi, x.spans[i+1].open.start)
	}
	a, b := x.segment(x.sents[si].Span.Start, hi)
	if b-a < 4 || !determiners[x.toks[a].Lower] || !x.toks[a].cap {
		return false
	}
	for k := a + 1; k+2 < b && k < a+8; k++ {
		if !x.plainGap(k) {
			return false
		}
		w, next := x.toks[k].Lower, x.toks[k+1].Lower
		var from int
		switch {
		case (w == "came" || w == "come" || w == "comes") && next == "from" && sourceNouns[x.toks[k-1].Lower]:
			// Only a remark comes from a speaker: "The words came from
			// …", not "The money / The winning goal came from …".
			from = k + 2
		case sourceNouns[w] && (next == "of" || next == "from") && k > a+1:
			from = k + 2
		default:
			continue
		}
		if !x.plainGap(k+1) || !x.plainGap(from) {
			return false
		}
		s, e, ok := x.npRight(from, b)
		if !ok || s != from || !(x.toks[e-1].cap || titles[x.toks[e-1].Lower]) {
			return false
		}
		x.setCue(c, k, k+1)
		c.spkS, c.spkE = s, e
		return true
	}
	return false
}

// unlistedVerb attributes a quote that ends on a comma to the speaker of a
// verb of speech that the lexicon does not list, as translations write
// them, in the two orders news writing inverts: "…,” reacted Tomas Berge"
// and "…», she enumerated". The verb is a lower-case past form in -ed;
// the speaker a name or a role right after it, or a subject pronoun right
// before it; the attribution ends the sentence or a comma follows it.
func (x *extractor) unlistedVerb(from, a, b int, c *cand) bool {
	if b-a < 2 || !x.endsOnComma(from, a) {
		return false
	}
	pastAt := func(k int) bool {
		t := x.toks[k]
		return !t.cap && !t.Number && len(t.Lower) > 4 && strings.HasSuffix(t.Lower, "ed") && x.cueAt(k) == 0 && !x.usedCue[k] && t.quote < 0
	}
	ends := func(e int) bool {
		return e == b || strings.ContainsAny(x.gap(e), ",.;")
	}
	if w := x.toks[a].Lower; (w == "he" || w == "she") && pastAt(a+1) && x.plainGap(a+1) && ends(a+2) {
		x.setCue(c, a+1, a+2)
		c.spkS, c.spkE = a, a+1
		return true
	}
	if !pastAt(a) || !x.plainGap(a+1) {
		return false
	}
	s, e, ok := x.npRight(a+1, b)
	if !ok || s != a+1 || !ends(e) {
		return false
	}
	if !x.toks[e-1].cap && !(titles[x.toks[e-1].Lower] && determiners[x.toks[s].Lower]) {
		return false
	}
	x.setCue(c, a, a+1)
	c.spkS, c.spkE = x.appositiveName(s, e, b)
	return true
}

// accordingTo returns the source of "according to" at token k, before
// token b: the noun phrase after it, or an object pronoun before a comma
// ("According to her, …"). The phrase ends at a comma unless a name in
// apposition follows it ("According to the minister, the reduction is
// …" names the minister).
func (x *extractor) accordingTo(k, b int) (int, int, bool) {
	if k+3 < b {
		if w := x.toks[k+2].Lower; (w == "him" || w == "her") && x.plainGap(k+2) && strings.Contains(x.gap(k+3), ",") {
			return k + 2, k + 3, true
		}
	}
	ps, pe, ok := x.npRight(k+2, b)
	if !ok {
		return 0, 0, false
	}
	for m := ps + 1; m < pe; m++ {
		if strings.Contains(x.gap(m), ",") && !x.toks[m].cap {
			return ps, m, true
		}
	}
	return ps, pe, true
}

// colonSubject attributes a quote that a colon announces to the subject of
// the clause before the colon when that subject is a person's name ("The
// captain Joel Amadi took his share of the blame: “We were on the pitch,
// not him.”"): the clause introduces the person's words. The name must be
// the subject, not a possessive that modifies it ("Ana Pell's family
// released a statement: …" quotes the family).
func (x *extractor) colonSubject(si, pb int, c *cand) {
	s, e, ok := x.subjectOf(si, pb)
	if !ok || e >= pb || x.toks[s].quote >= 0 {
		return
	}
	// The subject ends with the name ("The captain Joel Amadi").
	// No preposition stands before the name ("The family of Ana Pell"
	// is the family's subject).
	k := s
	for k < e && (!x.toks[k].cap || determiners[x.toks[k].Lower]) {
		if w := x.toks[k].Lower; w == "of" || w == "for" || w == "to" || w == "at" || w == "with" || w == "from" || w == "by" {
			return
		}
		k++
	}
	if k == e {
		return
	}
	e = min(e, x.capRun(k))
	if isPossessive(x.toks[e-1].Lower) {
		// The name only modifies the subject ("Ana Pell's family",
		// "Jon Rask's office").
		return
	}
	cs, _, _ := x.nameCore(s, e)
	if e-cs < 2 {
		return // a single word may be a place or a thing
	}
	for k := cs; k < e; k++ {
		if !x.toks[k].cap || orgWords[strings.TrimSuffix(x.toks[k].Lower, "'s")] {
			return
		}
	}
	c.spkS, c.spkE = s, e
}

// dashDialogue adds the quotations of dialogue set off by a dash, as
// French, Spanish or Italian writing and translations from them print
// speech: a paragraph that opens with a dash and holds no quotation mark,
// whose speech runs to the comma before an attribution ("— The government
// has chosen the banks, launched the leader of the opposition Mats
// Egeland"), and resumes after the attribution's sentence ("…, declared
// the president. Sometimes it does not suffice."). Dash paragraphs after
// a paragraph that ends in a colon ("Here is what we know:") are the items
// of a list, no dialogue; a dash paragraph without an attribution stays
// the reporter's. The work is bounded per paragraph (80 tokens).
func (x *extractor) dashDialogue(paras [][2]int) {
	added := false
	si := 0
	list := false // the dash paragraphs follow a paragraph ending in a colon
	for _, p := range paras {
		start := p[0]
		for start < p[1] && (x.t[start] == ' ' || x.t[start] == '\t') {
			start++
		}
		r, n := utf8.DecodeRuneInString(x.t[start:p[1]])
		if r != '—' && r != '–' && r != '―' || start+n >= p[1] || x.t[start+n] != ' ' {
			list = strings.HasSuffix(strings.TrimRight(x.t[p[0]:p[1]], " \t\r\n"), ":")
			continue
		}
		if list {
			continue // an item of a list ("Here is what we know:")
		}
		for si < len(x.spans) && x.spans[si].open.start < start {
			si++
		}
		if si < len(x.spans) && x.spans[si].open.start < p[1] {
			continue // quotation marks: the dash is no quotation dash
		}
		a := x.tokAt(start + n)
		if a >= len(x.toks) || x.toks[a].Span.Start >= p[1] || x.toks[a].sent < 0 {
			continue
		}
		comma := -1
		var k int
		for k = a + 1; k < len(x.toks) && x.toks[k].Span.Start < p[1] && k-a < 80; k++ {
			if x.toks[k].sent != x.toks[a].sent {
				break
			}
			g := x.gap(k)
			if !strings.Contains(g, ",") {
				continue
			}
			if x.dialogueAttribution(k) {
				comma = x.toks[k-1].Span.End + strings.IndexByte(g, ',')
				break
			}
		}
		if comma < 0 {
			continue
		}
		open := mark{start: start, end: start + n, class: 3}
		x.spans = append(x.spans, span{open: open, close: mark{start: comma, end: comma + 1, class: 3}, cs: x.toks[a].Span.Start, ce: x.toks[k-1].Span.End, closed: true})
		// The speech resumes after the attribution's sentence.
		if sa := x.toks[k].sent; sa >= 0 && int(sa)+1 < len(x.sents) {
			ns := x.sents[sa+1]
			if ns.Para == x.sents[sa].Para && ns.Span.Start < p[1] {
				end := min(ns.Span.End, p[1])
				for int(sa)+2 < len(x.sents) && x.sents[sa+2].Para == ns.Para && x.sents[sa+2].Span.Start < p[1] {
					sa++
					end = min(x.sents[sa+1].Span.End, p[1])
				}
				for end > ns.Span.Start && isSpaceOrEdge(runeBefore(x.t, end)) {
					end--
				}
				x.spans = append(x.spans, span{open: mark{start: ns.Span.Start, end: ns.Span.Start, class: 3}, close: mark{start: end, end: end, class: 3}, cs: ns.Span.Start, ce: end, closed: true})
			}
		}
		added = true
	}
	if added {
		sortSpans(x.spans)
	}
}

// dialogueAttribution reports whether the words from token k, after a
// comma, attribute the dialogue before it: a verb of speech of the lexicon
// before a name or a role ("declared the president Marta Ilves"), or
// "he"/"she" and such a verb. A past form in -ed that the lexicon does not
// list ("launched", as translations write) is speech only in the inverted
// order with a person right after it ("launched the leader of the
// opposition Mats Egeland"): "closed the airport", "founded Brenton
// Museum" state facts. So does an ambiguous form of the lexicon
// ("charged the older one").
func (x *extractor) dialogueAttribution(k int) bool {
	// verb returns whether token i is a plausible verb of speech and
	// whether it is one only before a person.
	verb := func(i int) (ok, needPerson bool) {
		if i >= len(x.toks) || x.toks[i].cap || x.toks[i].Number {
			return false, false
		}
		w := x.toks[i].Lower
		if c, amb := lookupCue(w); c != 0 {
			return !strings.HasSuffix(w, "ing"), amb
		}
		return len(w) > 4 && strings.HasSuffix(w, "ed"), true
	}
	if w := x.toks[k].Lower; w == "he" || w == "she" {
		ok, needPerson := verb(k + 1)
		return ok && !needPerson && x.plainGap(k+1)
	}
	ok, needPerson := verb(k)
	if !ok || k+1 >= len(x.toks) || !x.plainGap(k+1) {
		return false
	}
	if needPerson {
		return x.dialoguePerson(k + 1)
	}
	n := x.toks[k+1]
	return n.cap || n.Lower == "the"
}

// dialoguePerson reports whether a person's mention opens at token i: a
// role noun after "the" and at most three modifiers ("the leader", "the
// club's president"), or a name of two or more capitalised words with no
// organisation word ("Mats Egeland", not "Brenton Museum"), or a known
// first name. It reads at most five tokens.
func (x *extractor) dialoguePerson(i int) bool {
	if i >= len(x.toks) {
		return false
	}
	if x.toks[i].Lower == "the" {
		for j := i + 1; j < len(x.toks) && j <= i+4; j++ {
			t := x.toks[j]
			if !x.plainGap(j) || t.Number || t.sent != x.toks[i].sent {
				return false
			}
			if titles[t.Lower] {
				return true
			}
		}
		return false
	}
	n := 0
	for j := i; j < len(x.toks) && j < i+5 && x.toks[j].cap && !x.toks[j].Number && (j == i || x.plainGap(j)); j++ {
		if orgWords[strings.TrimSuffix(strings.TrimSuffix(x.toks[j].Lower, "'s"), "’s")] {
			return false
		}
		n++
	}
	return n >= 2 || n == 1 && firstNames[x.toks[i].Lower] != 0
}

// weekdays are the days of the week, lower-case.
var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true}
