// Package text is crosscheck's text layer: Unicode normalization, sentence
// segmentation, tokenization, stop words, stemming and language detection.
//
// Every offset the package returns is a byte offset into the string it was
// given, and every span is half-open, as news.Span documents. Functions are
// pure and safe for concurrent use.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s as crosscheck stores article text: valid UTF-8 (invalid
// bytes become U+FFFD), NFC, no control characters but newlines, runs of
// spaces and tabs folded to one space, every line trimmed, and paragraphs
// separated by exactly one blank line ("\n\n"). Lines inside a paragraph are
// kept.
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !isASCII(s) && !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	var b strings.Builder
	b.Grow(len(s))
	blank := 0     // newlines seen since the last text
	space := false // a space is pending inside the line
	started := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == '\n' || r == '\u2028':
			blank++
			space = false
		case r == '\u2029': // paragraph separator
			blank += 2
			space = false
		case unicode.IsSpace(r):
			if blank == 0 && started {
				space = true
			}
		case unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' || r == '\u00ad':
			// drop: zero-width space, BOM, soft hyphen and other controls
		default:
			if started {
				switch {
				case blank >= 2:
					b.WriteString("\n\n")
				case blank == 1:
					b.WriteByte('\n')
				case space:
					b.WriteByte(' ')
				}
			}
			blank, space, started = 0, false, true
			if size == 1 {
				b.WriteByte(byte(r))
			} else {
				b.WriteString(s[i-size : i])
			}
		}
	}
	out := b.String()
	if !isASCII(out) && !norm.NFC.IsNormalString(out) {
		// A control dropped between a letter and a combining mark made
		// them neighbours ("A\x01\u0308" is "A\u0308", which NFC writes
		// "Ä"): compose them, so that Normalize is idempotent.
		out = norm.NFC.String(out)
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Paragraphs returns the spans of the paragraphs of a normalized text.
func Paragraphs(s string) [][2]int {
	var out [][2]int
	start := 0
	for start < len(s) {
		i := strings.Index(s[start:], "\n\n")
		end := len(s)
		if i >= 0 {
			end = start + i
		}
		if end > start {
			out = append(out, [2]int{start, end})
		}
		if i < 0 {
			break
		}
		start = end + 2
	}
	return out
}
