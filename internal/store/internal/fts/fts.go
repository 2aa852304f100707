// Package fts turns article text and search queries into the terms both
// store backends index, so that SQLite (FTS5) and PostgreSQL (tsvector) find
// exactly the same articles for a query.
//
// Neither engine tokenizes: the terms are computed here, in Go, and stored
// as they are (FTS5's "ascii" tokenizer over space-separated terms, and
// array_to_tsvector on PostgreSQL). Left to themselves the two engines
// disagree: FTS5 splits "example.com" and "3.5" into two words where
// PostgreSQL's parser keeps one host or number token, and FTS5 can fold
// diacritics where PostgreSQL cannot without the unaccent extension.
package fts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTermLen is the longest term in bytes; longer runs are cut at a rune
// boundary, in documents and queries alike. PostgreSQL refuses lexemes of
// 2 KB and more, and nobody searches for a 100-byte word.
const MaxTermLen = 100

// Terms returns the search terms of s in order of first appearance, each
// once: its maximal runs of letters, digits and combining marks, lower-cased,
// with the diacritics of Latin, Greek and Cyrillic letters removed ("Élena"
// → "elena"), in NFC. Everything else, punctuation included, separates
// terms, so "re-elected" is "re" and "elected", and "3.5" is "3" and "5".
func Terms(s ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range s {
		for i := 0; i < len(part); {
			r, size := utf8.DecodeRuneInString(part[i:])
			if !isTermRune(r) {
				i += size
				continue
			}
			start := i
			for i < len(part) {
				r, size := utf8.DecodeRuneInString(part[i:])
				if !isTermRune(r) {
					break
				}
				i += size
			}
			t := fold(part[start:i])
			if t != "" && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// Document returns the terms of an article's title and text joined by single
// spaces: the string both backends index.
func Document(title, text string) string { return strings.Join(Terms(title, text), " ") }

func isTermRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
}

// foldScripts are the scripts whose combining marks are accents that
// readers drop when they type a query. The marks of other scripts (the
// vowel signs of Devanagari, say) are part of the letter and are kept.
var foldScripts = []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic}

// fold lower-cases t, removes accents and cuts it to MaxTermLen bytes.
func fold(t string) string {
	ascii := true
	for i := 0; i < len(t); i++ {
		if t[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return cut(strings.ToLower(t))
	}
	var b strings.Builder
	b.Grow(len(t))
	foldable := false // the last base letter belongs to a foldScripts script
	for _, r := range norm.NFD.String(strings.ToLower(t)) {
		if unicode.Is(unicode.Mn, r) {
			if foldable {
				continue
			}
		} else {
			foldable = unicode.IsOneOf(foldScripts, r)
		}
		b.WriteRune(r)
	}
	return cut(norm.NFC.String(b.String()))
}

func cut(t string) string {
	if len(t) <= MaxTermLen {
		return t
	}
	n := MaxTermLen
	for n > 0 && !utf8.RuneStart(t[n]) {
		n--
	}
	return t[:n]
}
