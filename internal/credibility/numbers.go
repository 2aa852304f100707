package credibility

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// figure is a number an article gives for something it counts: a toll
// (dead, injured, missing), an amount of a currency, a percentage, or the
// thing named after it (passengers, jobs).
type figure struct {
	span news.Span
	// lo and hi bound what the figure says: "at least 40" is [40, +Inf),
	// "up to 40" [0, 40], "between 10 and 20" [10, 20]; tol is how far
	// either bound may be read (rounding, "about").
	lo, hi, tol float64
	// key is what it counts: a role ("dead"), a currency ("eur"),
	// "percent", or the stem of the noun after it.
	key  string
	sent int
	// toll says whether the count can only grow as news comes in (a death
	// toll): a later report may carry a higher one.
	toll bool
	// noun is the stem of the word after it, for a role: "two British
	// hostages killed" and "killed 10 Islamist militants" count different
	// dead.
	noun string
	// bound is 1 for a lower bound ("at least 40"), -1 for an upper one
	// ("up to 40"), else 0.
	bound int
	// qual is the bound or approximation written before it ("at least"),
	// what the noun it counts as written ("passengers"), both for an
	// explanation.
	qual, what string
	// approx says whether it is written as approximate ("about 40").
	approx bool
	// subj and names are, for an amount or a percentage, the words about
	// it and the parties among them (subject), found once by newCounted.
	subj, names []string
}

// value is the figure's central value, or the bound it gives.
func (f figure) value() float64 {
	switch f.bound {
	case 1:
		return f.lo
	case -1:
		return f.hi
	}
	return (f.lo + f.hi) / 2
}

// same says whether two figures count the same thing: one key, and for a
// role the same noun unless either has none or counts people.
func (f figure) same(g figure) bool {
	if f.key != g.key {
		return false
	}
	return f.noun == "" || g.noun == "" || f.noun == g.noun || f.noun == people || g.noun == people
}

var people = text.Stem("people")

// agrees says whether two figures of one key can be the same count.
func (f figure) agrees(g figure) bool {
	// Rounding intervals are half open: 2.4 and 2.3 (2.35 to 2.45, 2.25 to
	// 2.35) only touch.
	t := (f.tol + g.tol) * 0.999
	if f.bound != 0 && f.bound == g.bound {
		// Two bounds of one direction are two estimates: "more than 200"
		// and "more than 600" schoolgirls disagree.
		a, b := f.value(), g.value()
		return math.Abs(a-b) <= t+0.1*max(a, b)
	}
	return f.lo-t <= g.hi && g.lo-t <= f.hi
}

// tenfold says whether two figures differ by a power of ten (10, 100,
// 1000, within 1 %, neither approximate nor a bound): a slipped decimal
// point or unit ("€24bn" for "€2.4bn"), a slip no update explains.
func (f figure) tenfold(g figure) bool {
	a, b := f.value(), g.value()
	if a <= 0 || b <= 0 || f.approx || g.approx || f.bound != 0 || g.bound != 0 || f.lo != f.hi || g.lo != g.hi {
		return false
	}
	r := math.Log10(max(a, b) / min(a, b))
	return r > 0.9 && r < 3.1 && math.Abs(r-math.Round(r)) < 0.005
}

// counted is an article with the figures it gives and the content words
// of the sentences that give them. Shared by every caller: read only.
type counted struct {
	a     *news.Article
	figs  []figure
	sents []news.Span
	words map[int][]sentWord // by sentence: its content words, by hash
	nums  map[int][]figure   // by sentence: every number it gives, of a key or not
	lower string             // the text in lower case, for the parties other articles name (absent)
}

var countedCache = memo.New[memo.Key, *counted](1 << 12)

// countedOf returns an article's figures (figures), cached by content.
func countedOf(a *news.Article) *counted {
	c := *countedCache.Do(memo.ArticleKey(a), func() *counted { return newCounted(a) })
	c.a = a
	return &c
}

// maxFigures bounds the figures of an article compared with the story's.
const maxFigures = 24

func newCounted(a *news.Article) *counted {
	c := &counted{a: a, sents: sentenceSpans(a), words: map[int][]sentWord{}, nums: map[int][]figure{}}
	for k, sp := range c.sents {
		for _, f := range figures(a.Text, sp, k) {
			if f.key != "" {
				c.figs = append(c.figs, f)
			}
			c.nums[k] = append(c.nums[k], f)
		}
	}
	if len(c.figs) > maxFigures {
		c.figs = c.figs[:maxFigures]
	}
	if len(c.figs) == 0 {
		return c
	}
	for i, f := range c.figs {
		if k, _, _ := strings.Cut(f.key, "/"); currencies[k] || k == "percent" {
			c.figs[i].subj, c.figs[i].names = subject(c, f)
			if c.lower == "" {
				c.lower = strings.ToLower(a.Text)
			}
		}
	}
	df := map[uint64]int{}
	hashes := make([][]uint64, len(c.sents))
	for k, sp := range c.sents {
		var w []uint64
		for _, x := range text.ContentWords(sp.Slice(a.Text)) {
			if isDigit(x[0]) || numberWords[x] != 0 {
				continue
			}
			w = append(w, hashWord(text.Stem(x)))
		}
		slices.Sort(w)
		w = slices.Compact(w)
		for _, x := range w {
			df[x]++
		}
		hashes[k] = w
	}
	for _, f := range c.figs {
		if _, ok := c.words[f.sent]; ok {
			continue
		}
		sw := make([]sentWord, len(hashes[f.sent]))
		for i, x := range hashes[f.sent] {
			sw[i] = sentWord{x, df[x]}
		}
		c.words[f.sent] = sw
	}
	return c
}

// minLikeness is the least likeness of two sentences telling one event:
// one word that only they hold, or two that one more sentence holds, …
const minLikeness = 1.0

// hashWord is FNV-1a: the words of two sentences are compared by hash.
func hashWord(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// likeness scores how surely sentence i of x and sentence j of o tell one
// event, 0 when they do not: their common content words, each counting
// less the more sentences of the two articles hold it, at least one such
// word's worth and a third of the shorter sentence's words (the bounds by
// which date_contradiction tells one event's sentences).
func likeness(x *counted, i int, o *counted, j int) float64 {
	a, b := x.words[i], o.words[j]
	score, shared := overlap(a, b)
	if score < minLikeness || 3*shared < min(len(a), len(b)) {
		return 0
	}
	return score
}

var numberWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

var units = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}

var multipliers = map[string]float64{
	"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
	"trillion": 1e12, "trillions": 1e12, "mn": 1e6, "bn": 1e9, "tn": 1e12,
}

// suffixes are the multipliers written onto digits: "5m", "24bn", "10k".
var suffixes = map[string]float64{"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}

var currencyWords = map[string]string{
	"euro": "eur", "euros": "eur", "eur": "eur", "dollar": "usd", "dollars": "usd", "usd": "usd",
	"pound": "gbp", "pounds": "gbp", "sterling": "gbp", "gbp": "gbp", "yen": "jpy", "yuan": "cny",
	"francs": "chf", "rupees": "inr", "rubles": "rub", "roubles": "rub",
}

// roles name what a count of people is a count of; a role outranks the
// noun counted ("40 people drowned" and "fourteen passengers died" are
// both tolls of the dead).
var roles = map[string]string{
	"dead": "dead", "died": "dead", "die": "dead", "killed": "dead", "killing": "dead", "kills": "dead",
	"death": "dead", "deaths": "dead", "drowned": "dead", "fatalities": "dead", "perished": "dead", "toll": "dead",
	"lives": "dead", "life": "dead", "bodies": "dead",
	"injured": "injured", "injuring": "injured", "injuries": "injured", "wounded": "injured", "wounding": "injured", "hurt": "injured",
	"missing": "missing", "unaccounted": "missing",
	"arrested": "arrested", "arrests": "arrested", "detained": "arrested",
	"evacuated": "evacuated", "evacuees": "evacuated", "displaced": "evacuated",
	"rescued": "rescued", "survivors": "rescued",
}

// tolls are the roles whose count only grows as news comes in.
var tolls = map[string]bool{"dead": true, "injured": true, "arrested": true, "evacuated": true, "rescued": true}

// countless are nouns after a number that name no count a report could
// get wrong by rewriting (durations, ages, measures, ordinals' nouns).
var countless = map[string]bool{
	"year": true, "years": true, "month": true, "months": true, "week": true, "weeks": true, "day": true, "days": true,
	"hour": true, "hours": true, "minute": true, "minutes": true, "second": true, "seconds": true, "decade": true,
	"decades": true, "century": true, "centuries": true, "time": true, "times": true, "am": true, "pm": true,
	"year-old": true, "years-old": true, "o'clock": true, "th": true, "st": true, "nd": true, "rd": true,
	"per": true, "point": true, "points": true, "degrees": true, "of": true, "percent": true, "cent": true,
}

// notCounts precede numbers that name, not count ("No. 5", "Flight 370").
var notCounts = map[string]bool{
	"no": true, "number": true, "page": true, "flight": true, "route": true, "article": true, "section": true,
	"chapter": true, "room": true, "channel": true, "level": true, "grade": true, "version": true, "covid": true,
	"year": true, "since": true, "until": true, "in": true, "by": true, "aged": true, "age": true, "ages": true,
	"top": true, "phase": true, "stage": true, "game": true, "round": true, "week": true, "day": true, "model": true,
}

var lowerBounds = []string{"at least", "more than", "over", "upwards of", "in excess of", "exceeding"}
var upperBounds = []string{"up to", "fewer than", "less than", "under", "at most", "no more than"}
var approxWords = []string{"about", "around", "nearly", "almost", "roughly", "approximately", "an estimated", "close to", "some", "estimated"}

// clauseStop says whether the bytes between two tokens end a clause: a
// figure's noun and role are read within its clause.
func clauseStop(between string) bool { return strings.ContainsAny(between, ",;:()—–\"“”?!") }

var conjunctions = map[string]bool{"and": true, "but": true, "while": true, "whereas": true, "after": true, "when": true, "including": true, "as": true, "with": true, "or": true}

// figures returns the numbers of sentence k (span sp) of s, with what
// each counts (key) when it is read: those of a key are its figures.
func figures(s string, sp news.Span, k int) []figure {
	toks := text.AppendTokens(nil, sp.Slice(s), sp.Start)
	var out []figure
	for i := 0; i < len(toks); i++ {
		v, tol, j, ok := number(s, toks, i)
		if !ok {
			continue
		}
		f := figure{span: news.Span{Start: toks[i].Span.Start, End: toks[j-1].Span.End}, lo: v, hi: v, tol: tol, sent: k}
		// A range: "10 to 20", "10-20", "between 10 and 20".
		if j+1 < len(toks) && (toks[j].Lower == "to" || (toks[j].Lower == "and" && i > 0 && toks[i-1].Lower == "between")) {
			if w, wt, j2, ok := number(s, toks, j+1); ok && w > v {
				f.hi, f.tol, f.span.End, j = w, max(tol, wt), toks[j2-1].Span.End, j2
			}
		}
		// A currency sign or code before it, a currency or "%" after it.
		before := strings.TrimRight(s[max(sp.Start, f.span.Start-4):f.span.Start], " ")
		switch {
		case strings.HasSuffix(before, "€"):
			f.key = "eur"
		case strings.HasSuffix(before, "£"):
			f.key = "gbp"
		case strings.HasSuffix(before, "$"):
			f.key = "usd"
		case strings.HasSuffix(before, "¥"):
			f.key = "jpy"
		}
		if f.key != "" {
			f.span.Start = sp.Start + strings.LastIndexAny(s[sp.Start:f.span.Start], "€£$¥")
			if f.span.Start > 0 && s[f.span.Start-1] == 'S' { // US$
				f.span.Start--
			}
		} else if i > 0 && currencyWords[toks[i-1].Lower] != "" && toks[i-1].Text == strings.ToUpper(toks[i-1].Text) {
			f.key = currencyWords[toks[i-1].Lower] // "EUR 24bn"
		}
		after := s[f.span.End:min(sp.End, f.span.End+9)]
		switch {
		case strings.HasPrefix(after, "%") || strings.HasPrefix(after, " %"):
			f.key, f.span.End = "percent", f.span.End+strings.Index(after, "%")+1
		case j < len(toks) && (toks[j].Lower == "percent" || toks[j].Lower == "pc"):
			f.key, f.span.End = "percent", toks[j].Span.End
		case j+1 < len(toks) && toks[j].Lower == "per" && toks[j+1].Lower == "cent":
			f.key, f.span.End = "percent", toks[j+1].Span.End
		case f.key == "":
			c := j
			if c+1 < len(toks) && toks[c].Lower == "of" {
				c++ // "2,4 billions of euros"
			}
			if c < len(toks) && currencyWords[toks[c].Lower] != "" && !clauseStop(s[toks[c-1].Span.End:toks[c].Span.Start]) {
				f.key, f.span.End = currencyWords[toks[c].Lower], toks[c].Span.End
			}
		}
		if conversion(s, out, f) {
			// "€2.4bn ($2.6bn)": the second is the first at some
			// exchange rate, no figure of its own.
			f.key = ""
			out = append(out, f)
			i = j - 1
			continue
		}
		if f.key != "" && f.key != "percent" {
			// A rate is not a total: "$15 a month", "$1,200 per ounce".
			c := j
			for c < len(toks) && toks[c].Span.Start < f.span.End {
				c++
			}
			if c+1 < len(toks) && (toks[c].Lower == "a" || toks[c].Lower == "per" || toks[c].Lower == "an" || toks[c].Lower == "each") && isLetters(toks[c+1].Lower) {
				f.key += "/" + text.Stem(toks[c+1].Lower)
				f.what = toks[c].Lower + " " + toks[c+1].Lower
			}
		}
		if f.key == "" {
			f.key, f.noun = countNoun(s, toks, i, j)
			f.toll = tolls[f.key]
			if f.key != "" && f.key == f.noun && j < len(toks) {
				f.what = toks[j].Lower
			}
		}
		// Bounds and approximations written before it.
		lead := strings.ToLower(s[max(sp.Start, f.span.Start-24):f.span.Start])
		lead = strings.TrimRight(strings.TrimRight(lead, "€£$¥S"), " ")
		if w := endsWithAny(lead, upperBounds); w != "" { // first: "no more than"
			f.lo, f.bound, f.qual = 0, -1, w
		} else if w := endsWithAny(lead, lowerBounds); w != "" {
			f.hi, f.bound, f.qual = math.Inf(1), 1, w
		}
		if w := endsWithAny(lead, approxWords); w != "" {
			f.tol, f.approx, f.qual = max(f.tol, 0.1*f.value()), true, w
		}
		out = append(out, f)
		i = j - 1
	}
	return out
}

// conversion says whether currency figure f follows another currency's
// figure in brackets or after "or": "€2.4bn ($2.6bn)", "£5m, or $6.3m".
func conversion(s string, prev []figure, f figure) bool {
	if len(prev) == 0 || !currencies[f.key] {
		return false
	}
	p := prev[len(prev)-1]
	if !currencies[p.key] || p.key == f.key || p.span.End > f.span.Start {
		return false
	}
	between := strings.TrimSpace(s[p.span.End:f.span.Start])
	return len(strings.Fields(between)) <= 2 && (strings.HasPrefix(between, "(") || strings.HasPrefix(between, ", or") || strings.HasPrefix(between, "or "))
}

// endsWithAny returns the one of words s ends with, as a word, or "".
func endsWithAny(s string, words []string) string {
	for _, w := range words {
		if strings.HasSuffix(s, w) && (len(s) == len(w) || !isWordByte(s[len(s)-len(w)-1])) {
			return w
		}
	}
	return ""
}

var monthWords = func() map[string]bool {
	m := map[string]bool{"sept": true}
	for i := time.January; i <= time.December; i++ {
		m[strings.ToLower(i.String())] = true
		m[strings.ToLower(i.String()[:3])] = true
	}
	return m
}()

// maxValue bounds figures: above it a number is no count or amount (a
// thousand trillion).
const maxValue = 1e15

// wordNumber reads a number word below a hundred: "fourteen",
// "ninety-five".
func wordNumber(w string) (float64, bool) {
	if v := numberWords[w]; v != 0 {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok && numberWords[a] >= 20 && units[b] != 0 {
		return numberWords[a] + units[b], true
	}
	return 0, false
}

// number reads the number at token i (digits, with a multiplier, or
// number words: "a hundred and forty", "half a million"): its value, its
// tolerance (half its rounding unit for round figures, at most 5 % of it)
// and the token after it. Years, times,
// compounds ("14-year-old"), ordinals and numbers next to a month name
// (dates) are no figures.
func number(s string, toks []text.Token, i int) (v, tol float64, j int, ok bool) {
	t := toks[i]
	if i > 0 && (notCounts[toks[i-1].Lower] || monthWords[toks[i-1].Lower]) {
		return 0, 0, 0, false
	}
	if t.Span.Start > 0 && (s[t.Span.Start-1] == ':' || s[t.Span.Start-1] == '/' || s[t.Span.Start-1] == '#' || s[t.Span.Start-1] == '.') {
		return 0, 0, 0, false
	}
	if t.Span.End < len(s) && (s[t.Span.End] == ':' || s[t.Span.End] == '/') {
		return 0, 0, 0, false
	}
	var unit float64
	j = i + 1
	if t.Number {
		w := t.Lower
		suffix := strings.TrimLeft(w, "0123456789.,")
		num := w[:len(w)-len(suffix)]
		mult := 1.0
		if suffix != "" {
			m, isMult := suffixes[suffix]
			if !isMult {
				return 0, 0, 0, false // "3rd", "14-year-old", "5G"
			}
			mult = m
		}
		if num == "" || !isDigit(num[len(num)-1]) {
			return 0, 0, 0, false
		}
		// A comma followed by three digits separates thousands; else it
		// is a decimal comma ("2,4 billions").
		intPart, frac := num, ""
		if k := strings.LastIndexAny(num, ".,"); k >= 0 {
			if num[k] == ',' && len(num)-k-1 == 3 {
				intPart = num
			} else {
				intPart, frac = num[:k], num[k+1:]
			}
		}
		if strings.ContainsAny(intPart, ".") {
			return 0, 0, 0, false // "1.234.567", a version, an address
		}
		digits := strings.ReplaceAll(intPart, ",", "")
		if mult == 1 && frac == "" && !strings.Contains(intPart, ",") && len(digits) == 4 && digits >= "1800" && digits <= "2199" {
			return 0, 0, 0, false // a year
		}
		n, err := strconv.ParseFloat(digits+"."+frac+"0", 64)
		if err != nil {
			return 0, 0, 0, false
		}
		switch {
		case frac != "":
			unit = math.Pow(10, -float64(len(frac)))
		default:
			unit = 1
			for z := len(digits) - 1; z > 0 && digits[z] == '0'; z-- {
				unit *= 10
			}
		}
		v = n * mult
		unit *= mult
	} else {
		// Number words: "fourteen", "ninety-five", "two dozen", "a hundred".
		w := t.Lower
		switch n, isWord := wordNumber(w); {
		case isWord:
			v = n
		case (w == "a" || w == "one") && j < len(toks) && multipliers[toks[j].Lower] != 0 && toks[j].Lower != "mn" && toks[j].Lower != "bn":
			v = 1
		case w == "half" && j+1 < len(toks) && toks[j].Lower == "a" && multipliers[toks[j+1].Lower] != 0:
			v, j = 0.5, j+1 // "half a million"
		default:
			return 0, 0, 0, false
		}
		unit = 1
	}
	for j < len(toks) && multipliers[toks[j].Lower] != 0 && !clauseStop(s[toks[j-1].Span.End:toks[j].Span.Start]) {
		m := multipliers[toks[j].Lower]
		unit *= m
		v *= m
		j++
		// "a hundred and forty", "one thousand and twenty-five": the
		// tens and units after "and" are part of it ("between a hundred
		// and two hundred" is a range).
		if (m == 100 || m == 1e3) && !t.Number && j+1 < len(toks) && toks[j].Lower == "and" && (j+2 >= len(toks) || multipliers[toks[j+2].Lower] == 0) {
			if w, ok := wordNumber(toks[j+1].Lower); ok {
				v, unit, j = v+w, 1, j+2
			}
		}
	}
	if v > maxValue || math.IsNaN(v) {
		return 0, 0, 0, false // no count or amount news gives
	}
	if j < len(toks) && strings.HasPrefix(toks[j].Lower, "year") && s[toks[j-1].Span.End] == '-' {
		return 0, 0, 0, false
	}
	if j < len(toks) && monthWords[toks[j].Lower] {
		return 0, 0, 0, false // "18 June"
	}
	switch {
	case unit < 1:
		tol = unit / 2 // "2.4": 2.35 to 2.45
	case unit > 1:
		tol = min(unit/2, 0.05*v) // "40": 38 to 42; "2,000": 1,900 to 2,100
	}
	return v, tol, j, v > 0
}

// countNoun returns what the number of tokens i to j counts, read within
// its clause: the role of the nearest role word after it (before the next
// number, conjunction or clause break, six words at most: "40 people
// drowned", "fourteen people are now confirmed dead"), else the nearest
// before it ("killing 12", "the death toll rose to 40"), else the noun
// right after it ("112 people", "95 passengers"), stemmed.
func countNoun(s string, toks []text.Token, i, j int) (key, noun string) {
	if j < len(toks) && toks[j].Lower == "of" {
		return "", "" // "two of those killed", "1,000 of them": a part of a count
	}
	if j < len(toks) && increments[toks[j].Lower] {
		return "", "" // "two more people died": an increment, no toll
	}
	if j < len(toks) && !clauseStop(s[toks[j-1].Span.End:toks[j].Span.Start]) {
		if w := toks[j].Lower; countless[w] && w != "per" {
			return "", "" // "dead for 48 minutes": a duration, no toll
		} else if roles[w] == "" && !countless[w] && isLetters(w) && !text.IsStopWord(w) {
			noun = text.Stem(w)
			if w == "persons" || w == "person" {
				noun = text.Stem("people")
			}
		}
	}
	for k := j; k < len(toks) && k < j+6; k++ {
		if clauseStop(s[toks[k-1].Span.End:toks[k].Span.Start]) || toks[k].Number || conjunctions[toks[k].Lower] {
			break
		}
		w := toks[k].Lower
		if r := roles[w]; r != "" && (r != "dead" || (w != "lives" && w != "life") || hasLost(toks, k)) {
			return r, noun
		}
	}
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		if clauseStop(s[toks[k].Span.End:toks[k+1].Span.Start]) || toks[k].Number || conjunctions[toks[k].Lower] {
			break
		}
		if r := roles[toks[k].Lower]; r != "" && toks[k].Lower != "lives" && toks[k].Lower != "life" {
			return r, noun
		}
	}
	return noun, noun
}

// increments follow a number that adds to a count told before.
var increments = map[string]bool{"more": true, "further": true, "additional": true, "other": true, "new": true}

// hasLost says whether "lives" at k is lives lost ("lost their lives").
func hasLost(toks []text.Token, k int) bool {
	for m := k - 1; m >= 0 && m >= k-3; m-- {
		if toks[m].Lower == "lost" {
			return true
		}
	}
	return false
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('a' <= c && c <= 'z') && c != '-' {
			return false
		}
	}
	return w != ""
}

// numberSignal compares each figure an article gives (figures) with the
// figure each other outlet of its story gives for the same count in its
// account of the same event: of its sentences giving a figure of the same
// key, the one most like the article's (likeness); for the toll the
// article leads with, else the one the outlet leads with (lead). A figure
// no account supports is flagged: medium when at least two outlets agree
// on another figure, no third figure ties with theirs, fewer of them give
// the article's figure anywhere, and it counts people of a role (the
// dead, the injured) or is a power of ten off (amounts, percentages and
// other counts belong to parties and metrics a sentence may tell apart
// from another's: "fined Alpha Bank €2m" and "fined Gamma Bank €12m",
// unemployment at 5.1% and inflation at 3.2%, a crowd of 20,000 or
// 25,000); low when the figures differ by a power of ten (a slip no
// update explains) and the article came out after that outlet's
// (copiedLater), unless an outlet against it gives its figure elsewhere.
// Figures disagree past rounding ("about 40" and 41, "nearly 2,000" and
// 1,950 agree), bounds ("at least 14" and 40 agree) and ranges; an article
// that gives the other figure too tells two counts (gives). A toll is not
// contradicted by a toll that grew by the time of the later report (grew).
func numberSignal(in Input) *news.Signal {
	x := countedOf(in.Article)
	if len(x.figs) == 0 {
		return nil
	}
	var others []*counted
	for _, o := range outletReports(in) {
		if c := countedOf(o); len(c.figs) > 0 {
			others = append(others, c)
		}
	}
	if len(others) == 0 {
		return nil
	}
	var out *news.Signal
	flagged := 0
	for _, f := range x.figs {
		mentions, support := 0, 0
		var groups [][]int // others' figures against f, grouped by agreement: indexes into against
		var against []figure
		var from []*counted
		vetoed := false
		for _, o := range others {
			names := slices.ContainsFunc(o.figs, func(g figure) bool { return g.same(f) && g.agrees(f) })
			if names {
				mentions++
			}
			best, bestScore := -1, 0.0
			for _, g := range o.figs {
				if g.same(f) && g.sent != best {
					if sc := likeness(x, f.sent, o, g.sent); sc > bestScore {
						best, bestScore = g.sent, sc
					}
				}
			}
			if best < 0 && lead(x, f) {
				// No account of the same event: an article's first toll or
				// amount is its event's, as is the outlet's first.
				if k := slices.IndexFunc(o.figs, f.same); k >= 0 && o.figs[k].sent < leadSentences {
					best = o.figs[k].sent
				}
			}
			if best < 0 {
				continue
			}
			var g figure
			found := false
			for _, h := range o.figs {
				if h.sent != best || !h.same(f) {
					continue
				}
				if h.agrees(f) {
					support++
					found = false
					break
				}
				if !found && !gives(x, f.sent, h) && !grew(f, in.Article, h, o.a) && sameSubject(x, f, o, h) {
					g, found = h, true
				}
			}
			if !found {
				continue
			}
			if names {
				vetoed = true
			}
			against, from = append(against, g), append(from, o)
			k := len(against) - 1
			joined := false
			for gi, gr := range groups {
				if against[gr[0]].agrees(g) {
					groups[gi] = append(gr, k)
					joined = true
					break
				}
			}
			if !joined {
				groups = append(groups, []int{k})
			}
		}
		if support > 0 || len(groups) == 0 {
			continue
		}
		slices.SortStableFunc(groups, func(a, b []int) int { return len(b) - len(a) })
		top := groups[0]
		k := len(top)
		g := against[top[0]]
		sev, value := news.SeverityLow, 0.5
		switch {
		case k >= 2 && (len(groups) == 1 || len(groups[1]) < k) && mentions < k && (roleKeys[f.key] || f.tenfold(g)):
			sev, value = news.SeverityMedium, float64(k-mentions)/float64(k+mentions)
		case k == 1 && len(groups) == 1 && f.tenfold(g) && !vetoed && copiedLater(in.Article, from[top[0]].a): // one against one
		default:
			continue
		}
		flagged++
		o := from[top[0]]
		if out == nil {
			out = &news.Signal{Type: news.SignalNumberContradiction, Severity: sev, Value: value,
				Explanation: fmt.Sprintf("It gives %s in “%s”, where %s of the story %s %s for the same count (“%s”)%s.",
					says(x, f), clipAround(x.sents[f.sent].Slice(x.a.Text), lastWord(f.span.Slice(x.a.Text))),
					plural(k, "other outlet", "other outlets"), agree(k, "gives", "give"), says(o, g),
					clipAround(o.sents[g.sent].Slice(o.a.Text), lastWord(g.span.Slice(o.a.Text))), tenfoldNote(f, g))}
		} else if r, cur := severityRank[sev], severityRank[out.Severity]; r > cur {
			out.Severity, out.Value = sev, max(out.Value, value)
		} else if r == cur {
			out.Value = max(out.Value, value)
		}
		for _, gr := range groups {
			for _, gi := range gr {
				if id := from[gi].a.ID; !slices.Contains(out.Against, id) {
					out.Against = append(out.Against, id)
				}
			}
		}
		if !slices.Contains(out.Spans, f.span) {
			out.Spans = append(out.Spans, f.span)
		}
	}
	if flagged > 1 {
		out.Explanation += fmt.Sprintf(" It disagrees with them on %s in all.", plural(flagged, "figure", "figures"))
	}
	return out
}

// sameSubject says whether figure f of x and g of o, when amounts or
// percentages, are said of one thing: the words of their clauses share
// one ("fined Zentra 24 billion euros", "a fine of 2.4 billion euros"),
// not "unemployment fell to 5.1%" and "inflation eased to 3.2%". Counts of
// people and nouns are of their role or noun.
func sameSubject(x *counted, f figure, o *counted, g figure) bool {
	k, _, _ := strings.Cut(f.key, "/")
	if !currencies[k] && k != "percent" {
		return true
	}
	a, an := f.subj, f.names
	b, bn := g.subj, g.names
	if k == "percent" && period(a) != period(b) {
		return false // "rose 2% in March", "rose 20% from a year earlier"
	}
	if absent(an, o.lower) && absent(bn, x.lower) {
		return false // "fined Delta Bank €2m", "fined Gamma Bank €20m": two parties
	}
	for _, w := range b {
		if slices.Contains(a, w) {
			return true
		}
	}
	return false
}

// subject returns the stems of the words about figure f of c: the content
// words of its clause, six at most either side, but days, months, numbers
// and currencies.
//
// names are the capitalised words among them, but the sentence's first
// (the parties named: "Delta", "Gamma").
func subject(c *counted, f figure) (out, names []string) {
	sp := c.sents[f.sent]
	s := c.a.Text
	toks := text.AppendTokens(nil, sp.Slice(s), sp.Start)
	first := slices.IndexFunc(toks, func(t text.Token) bool { return t.Span.Start >= f.span.Start })
	if first < 0 {
		return nil, nil
	}
	last := first
	for last+1 < len(toks) && toks[last+1].Span.End <= f.span.End {
		last++
	}
	add := func(t text.Token) {
		w := t.Lower
		if !t.Number && isLetters(w) && !text.IsStopWord(w) && !monthWords[w] && !isWeekday(w) && numberWords[w] == 0 &&
			currencyWords[w] == "" && multipliers[w] == 0 {
			out = append(out, text.Stem(w))
			if t.Span.Start > toks[0].Span.Start && t.Text != w {
				names = append(names, w)
			}
		}
	}
	for k := first - 1; k >= 0 && k >= first-6 && !clauseStop(s[toks[k].Span.End:toks[k+1].Span.Start]); k-- {
		add(toks[k])
	}
	for k := last + 1; k < len(toks) && k <= last+6 && !clauseStop(s[toks[k-1].Span.End:toks[k].Span.Start]); k++ {
		add(toks[k])
	}
	return out, names
}

// period returns the period a percentage's clause compares over ("year",
// "month", "quarter"), or "".
func period(words []string) string {
	for _, w := range words {
		switch w {
		case "year", "annual":
			return "year"
		case "month", "quarter", "week":
			return w
		}
	}
	return ""
}

// absent says whether one of names is nowhere in lower-case s: a party
// the other article does not name.
func absent(names []string, s string) bool {
	return slices.ContainsFunc(names, func(w string) bool { return !strings.Contains(s, w) })
}

// isWeekday says whether lower-case w names a day of the week.
func isWeekday(w string) bool {
	_, ok := weekdays[strings.ToUpper(w[:1])+w[1:]]
	return ok
}

// lead says whether f is x's first figure of its key, in its lead, and its
// key a role: the toll a report of an event leads with. Amounts are not
// led with: a report may lead with another party's.
func lead(x *counted, f figure) bool {
	if !roleKeys[f.key] {
		return false
	}
	k := slices.IndexFunc(x.figs, f.same)
	return x.figs[k].span == f.span && f.sent < leadSentences
}

// leadSentences is how many first sentences (headline, dateline, lead)
// make a report's lead.
const leadSentences = 4

// gives says whether x gives a figure agreeing with g, for the same count
// anywhere or for any count in sentence k: an article that gives two
// figures tells two counts (before and after, all and some of them, two
// places; "The 28 schoolgirls were on a trip … when seven returned
// pregnant"), and an account giving either is no contradiction.
func gives(x *counted, k int, g figure) bool {
	return slices.ContainsFunc(x.figs, func(f figure) bool { return f.same(g) && f.agrees(g) }) ||
		slices.ContainsFunc(x.nums[k], func(f figure) bool { return f.agrees(g) })
}

// copiedLater says whether a came out after o, both dated: with one
// outlet against one, nothing says which is wrong but that the later
// report may have copied the earlier one's figure and slipped (a rewrite
// that made €2.4bn €24bn); the earlier one is not flagged, nor either
// when their order is unknown.
func copiedLater(a, o *news.Article) bool {
	return !a.Published.IsZero() && !o.Published.IsZero() && o.Published.Before(a.Published)
}

// grew says whether toll f of a and g of o tell a toll that grew as news
// came in: the higher one published later, whichever article gives it. A
// teen and its ten ("fourteen" and "forty") are a slip of the ear or the
// pen, no update.
func grew(f figure, a *news.Article, g figure, o *news.Article) bool {
	u, v := f.value(), g.value()
	if !f.toll || teenSlip(u, v) {
		return false
	}
	if a.Published.IsZero() || o.Published.IsZero() {
		return true // order unknown: either may be the later report
	}
	return v > u && copiedLater(o, a) || u > v && copiedLater(a, o)
}

// teenSlip says whether a and b are a teen and its ten (14 and 40).
func teenSlip(a, b float64) bool {
	a, b = min(a, b), max(a, b)
	return a >= 13 && a <= 19 && b == (a-10)*10
}

// lastWord returns the last word of a figure: a sentence clipped around
// it shows the whole figure.
func lastWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[len(f)-1]
	}
	return s
}

// currencies are the keys of amounts of money.
var currencies = map[string]bool{"eur": true, "usd": true, "gbp": true, "jpy": true, "cny": true, "chf": true, "inr": true, "rub": true}

// roleKeys are the keys of roles.
var roleKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range roles {
		m[r] = true
	}
	return m
}()

// says writes a figure as the article gives it, with what it counts, for
// an explanation: "at least 40 (the dead)", "24 billion euro (an amount in
// EUR)", "112 (passengers)".
func says(c *counted, f figure) string {
	v := f.span.Slice(c.a.Text)
	if f.qual != "" {
		v = f.qual + " " + v
	}
	k, _, rate := strings.Cut(f.key, "/")
	var what string
	switch {
	case currencies[k]:
		what = "an amount in " + strings.ToUpper(k)
	case k == "percent":
		what = "a percentage"
	case roleKeys[k]:
		what = "the " + k
	default:
		what = f.what
	}
	if rate {
		what += " " + f.what
	}
	return v + " (" + what + ")"
}

func tenfoldNote(f, g figure) string {
	if !f.tenfold(g) {
		return ""
	}
	r := math.Round(math.Log10(f.value() / g.value()))
	if r > 0 {
		return fmt.Sprintf(", %s times as much", strconv.FormatFloat(math.Pow(10, r), 'f', 0, 64))
	}
	return fmt.Sprintf(", a %s of it", map[float64]string{-1: "tenth", -2: "hundredth", -3: "thousandth"}[max(-3, r)])
}
