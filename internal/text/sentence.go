package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// abbreviations are lower-cased tokens that end with a period without ending
// the sentence when a capitalised word follows ("Mr. Putin", "Gen. Smith").
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "cpl": true,
	"adm": true, "cmdr": true, "gov": true, "sen": true, "rep": true, "rev": true, "hon": true, "pres": true,
	"st": true, "mt": true, "ft": true, "ave": true, "blvd": true, "rd": true,
	"inc": true, "corp": true, "ltd": true, "co": true, "bros": true, "llc": true,
	"no": true, "nos": true, "vol": true, "vs": true, "v": true, "etc": true, "approx": true, "est": true, "dept": true,
	"jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thurs": true, "fri": true, "sat": true,
	"ala": true, "ariz": true, "ark": true, "calif": true, "colo": true, "conn": true, "del": true, "fla": true,
	"ga": true, "ill": true, "ind": true, "kan": true, "ky": true, "la": true, "md": true, "mass": true,
	"mich": true, "minn": true, "miss": true, "mo": true, "mont": true, "neb": true, "nev": true, "okla": true,
	"ore": true, "pa": true, "tenn": true, "tex": true, "va": true, "vt": true, "wash": true, "wis": true, "wyo": true,
	"e.g": true, "i.e": true, "a.m": true, "p.m": true, "cf": true, "al": true, "fig": true,
}

// titleAbbreviations come before a name, never at a sentence's end.
var titleAbbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "sgt": true, "cpl": true,
	"adm": true, "cmdr": true, "gov": true, "sen": true, "rep": true, "rev": true, "hon": true, "pres": true,
	"st": true, "mt": true, "ft": true, "no": true, "nos": true, "vol": true, "vs": true, "v": true, "fig": true, "cf": true,
}

// starters are words that, capitalised after an acronym with periods
// ("the U.S. He said"), show that a new sentence begins.
var starters = map[string]bool{
	"the": true, "he": true, "she": true, "it": true, "they": true, "we": true, "i": true, "but": true,
	"and": true, "in": true, "a": true, "an": true, "this": true, "that": true, "there": true, "his": true,
	"her": true, "their": true, "our": true, "its": true, "on": true, "at": true, "for": true, "if": true,
	"when": true, "while": true, "after": true, "before": true, "as": true, "however": true, "so": true,
	"yet": true, "meanwhile": true, "officials": true, "some": true, "many": true, "what": true,
}

// Sentences splits a normalized text into sentences and returns their spans
// (byte offsets into text, trimmed of surrounding space) with the 0-based
// index of the paragraph each belongs to.
//
// A sentence ends at ".", "!", "?" or "…" (with any closing quotes and
// brackets that follow) when the next word starts a sentence, and always at a
// paragraph break. It does not end after an abbreviation ("Mr.", "Gen.", a
// single initial), inside a number ("3.5"), after an acronym with periods
// ("U.S.") unless a typical sentence starter follows, nor before a lower-case
// word, so a quote that ends in "?" or "." followed by its attribution ("…
// spying?" he continued) stays one sentence. A period glued to the next
// sentence ("time.U.S. sanctions", "Crimea.He", "terrified.A supermarket")
// is split when a word of two or more letters precedes it.
func Sentences(text string) []news.Sentence {
	var out []news.Sentence
	para := 0
	pos := 0
	for pos < len(text) {
		end := strings.Index(text[pos:], "\n\n")
		pEnd := len(text)
		if end >= 0 {
			pEnd = pos + end
		}
		splitParagraph(text, pos, pEnd, para, &out)
		if end < 0 {
			break
		}
		para++
		pos = pEnd + 2
		for pos < len(text) && text[pos] == '\n' {
			pos++
		}
	}
	return out
}

// splitParagraph appends the sentences of text[start:end].
func splitParagraph(text string, start, end, para int, out *[]news.Sentence) {
	sStart := start
	lineStart := start
	i := start
	for i < end {
		c := text[i]
		var size int
		var r rune
		if c < utf8.RuneSelf {
			r, size = rune(c), 1
		} else {
			r, size = utf8.DecodeRuneInString(text[i:end])
		}
		if r == '\n' {
			// A line break inside a paragraph ends a short line that has no
			// terminal punctuation (a caption, a kicker, a header) when a
			// capital follows; long hard-wrapped lines run on.
			if i-lineStart < shortLine && i+1 < end && startsSentence(text[i+1:end]) {
				emit(text, sStart, i, para, out)
				sStart = i + 1
			}
			i++
			lineStart = i
			continue
		}
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		// Take the whole run of terminal punctuation and closing marks.
		j := i + size
		for j < end {
			r2, s2 := utf8.DecodeRuneInString(text[j:end])
			if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || isClosing(r2) {
				j += s2
				continue
			}
			break
		}
		if isBoundary(text, start, i, r, j, end) {
			cut := j
			// `contained."We are lucky"`: a straight double quote glued
			// between two sentences opens the next one unless it closes a
			// quote opened before it in the paragraph. (Not a single quote: apostrophes make
			// its count say nothing, as in `'I don't know.'He left.`)
			if q := text[j-1]; q == '"' && j-1 > i && j < end && !unicode.IsSpace(rune(text[j])) &&
				strings.Count(text[start:j-1], string(q))%2 == 0 {
				cut = j - 1
			}
			emit(text, sStart, cut, para, out)
			sStart = cut
		}
		i = j
	}
	emit(text, sStart, end, para, out)
}

// isBoundary decides whether the terminal mark r at text[i] whose run ends at
// j ends a sentence. start and end bound the paragraph.
func isBoundary(text string, start, i int, r rune, j, end int) bool {
	if j >= end {
		return true
	}
	// What follows: whitespace, then the first letter of the next word.
	k := j
	gap := false
	for k < end {
		r2, s2 := utf8.DecodeRuneInString(text[k:end])
		if !unicode.IsSpace(r2) {
			break
		}
		gap = true
		k += s2
	}
	if k >= end {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[k:end])
	// Skip opening quotes and brackets to find the next word's first letter.
	m := k
	for m < end {
		r2, s2 := utf8.DecodeRuneInString(text[m:end])
		if !isOpening(r2) && r2 != '"' && r2 != '\'' {
			break
		}
		m += s2
	}
	first := next
	if m < end {
		first, _ = utf8.DecodeRuneInString(text[m:end])
	}
	prev := wordBefore(text, start, i)
	if !gap {
		// "time.U.S." or "Crimea.He": a glued sentence. Require a real word
		// before and a capital after; "3.5", "U.S." and "example.com" stay.
		if r != '.' || !unicode.IsUpper(first) {
			return r != '.' && unicode.IsUpper(first)
		}
		letters, digits := 0, 0
		lower := false
		for _, c := range prev {
			if unicode.IsLetter(c) {
				letters++
			}
			if unicode.IsDigit(c) {
				digits++
			}
			if unicode.IsLower(c) {
				lower = true
			}
		}
		if strings.Contains(prev, ".") {
			// "the U.S.The senators": an acronym, then a word that starts
			// sentences.
			// A one-letter "word" is the acronym going on: "the
			// F.B.I. director", "C.I.A. analysts".
			w := nextWord(text, m, end)
			return r == '.' && j == i+1 && len(w) > 1 && starters[strings.ToLower(w)]
		}
		if letters == 0 && digits >= 2 {
			// "in 2017.The coach": a number, then a capitalised word.
			after, _ := utf8.DecodeRuneInString(text[m+utf8.RuneLen(first) : end])
			return unicode.IsLower(after)
		}
		if letters < 2 || !lower {
			return false
		}
		// The glued word must itself look like a word or an acronym, or
		// be the one-letter word "A" or "I" that a lower-case word follows
		// after a lower-case word: "terrified.A supermarket chain", "home.I
		// think"; after a capitalised word it is a label's letter ("Plan.A
		// and Plan.B", "Class.A shares", "Louis.I").
		rest := text[m+utf8.RuneLen(first) : end]
		after, _ := utf8.DecodeRuneInString(rest)
		if (first == 'A' || first == 'I') && after == ' ' {
			p, _ := utf8.DecodeRuneInString(prev)
			w, _ := utf8.DecodeRuneInString(rest[1:])
			return unicode.IsLower(p) && unicode.IsLower(w)
		}
		return unicode.IsLower(after) || after == '.' || unicode.IsUpper(after)
	}
	if unicode.IsLower(first) {
		return false
	}
	if r == '.' && j == i+1 {
		lw := strings.ToLower(prev)
		if abbreviations[lw] {
			// "Millbrook, Calif. He is 71.", "Acme Inc. The firm said":
			// a word that starts sentences ends one at an abbreviation
			// too; a name after it does not ("Mr. Putin", "St. Louis").
			return !titleAbbreviations[lw] && starters[strings.ToLower(nextWord(text, m, end))]
		}
		if isInitial(prev) {
			return false
		}
		if strings.Contains(prev, ".") { // an acronym such as U.S or a.m
			w := nextWord(text, m, end)
			return starters[strings.ToLower(w)]
		}
	}
	return unicode.IsUpper(first) || unicode.IsDigit(first) || isOpening(next) || next == '"' || next == '\'' || next == '-' || next == '—' || next == '•' || !unicode.IsLetter(first)
}

// wordBefore returns the run of non-space characters that ends at i, without
// leading opening marks.
func wordBefore(text string, start, i int) string {
	k := i
	for k > start {
		r, s := utf8.DecodeLastRuneInString(text[start:k])
		if unicode.IsSpace(r) || isOpening(r) || r == '"' || r == '(' {
			break
		}
		k -= s
	}
	return text[k:i]
}

// nextWord returns the letters that start at text[k].
func nextWord(text string, k, end int) string {
	m := k
	for m < end {
		r, s := utf8.DecodeRuneInString(text[m:end])
		if !unicode.IsLetter(r) {
			break
		}
		m += s
	}
	return text[k:m]
}

// isInitial reports whether w is a single letter ("J" of "J. Smith").
func isInitial(w string) bool {
	r, s := utf8.DecodeRuneInString(w)
	return s == len(w) && unicode.IsUpper(r)
}

func isClosing(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}', '“':
		// '“' closes in German typography („…“) and in mis-spaced quotes.
		return true
	}
	return false
}

func isOpening(r rune) bool {
	switch r {
	case '“', '‘', '«', '‹', '„', '(', '[', '{', '‚':
		return true
	}
	return false
}

// shortLine is the length in bytes under which a line that ends without
// punctuation is taken as a line of its own rather than a hard-wrapped one.
const shortLine = 60

// startsSentence reports whether s starts with a capital, a digit, a bullet
// or an opening quote.
func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || isOpening(r) || r == '"' || r == '•' || r == '-' || r == '—'
}

// emit appends text[start:end] trimmed of space, if anything remains.
func emit(text string, start, end, para int, out *[]news.Sentence) {
	for start < end {
		r, s := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += s
	}
	for end > start {
		r, s := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= s
	}
	if end > start {
		*out = append(*out, news.Sentence{Span: news.Span{Start: start, End: end}, Para: para})
	}
}
