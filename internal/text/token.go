package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Token is a word or number of a text with its byte span.
type Token struct {
	Span news.Span
	// Text is the token as written; Lower its lower-case form.
	Text  string
	Lower string
	// Number is true for tokens that start with a digit ("2016", "3.5", "80%").
	Number bool
}

// Tokenize returns the words and numbers of s: maximal runs of letters,
// digits and marks, joined across an inner apostrophe ("don't", "Trump's"),
// hyphen ("re-elected") or, between digits, a period or comma ("3.5",
// "10,000"). Punctuation and space are dropped.
func Tokenize(s string) []Token {
	// News prose has a token per 5.2 to 6.5 bytes: len(s)/6 was short for
	// half the texts, and growing the slice doubled it.
	out := make([]Token, 0, len(s)/5+4)
	return AppendTokens(out, s, 0)
}

// AppendTokens appends the tokens of s to dst, adding base to every span, and
// returns the extended slice. It lets callers tokenize one sentence of a text
// at a time with spans into the whole text.
func AppendTokens(dst []Token, s string, base int) []Token {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isWordByte(c) {
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
		}
		start := i
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if isWordByte(c) {
					i++
					continue
				}
				// Inner joiners: a letter or digit must follow.
				if (c == '\'' || c == '-' || ((c == '.' || c == ',') && isDigitByte(s[i-1]))) && i+1 < len(s) && joinable(s, i+1, c) {
					i++
					continue
				}
				break
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			if r == '’' && i+size < len(s) && joinable(s, i+size, '\'') {
				i += size
				continue
			}
			break
		}
		tok := s[start:i]
		dst = append(dst, Token{
			Span:   news.Span{Start: base + start, End: base + i},
			Text:   tok,
			Lower:  lower(tok),
			Number: isDigitByte(tok[0]),
		})
	}
	return dst
}

// joinable reports whether the joiner before s[i] is followed by a character
// that continues the token.
func joinable(s string, i int, joiner byte) bool {
	c := s[i]
	if joiner == '.' || joiner == ',' {
		return isDigitByte(c)
	}
	if c < utf8.RuneSelf {
		return isWordByte(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// lower returns the lower-case form of s, without allocating when s is
// already lower-case ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
			return s
		}
	}
	return s
}

// scratch recycles the token slices of Words and ContentWords, which
// return strings only.
var scratch = sync.Pool{New: func() any { return new([]Token) }}

// Words returns the lower-case tokens of s.
func Words(s string) []string {
	buf := scratch.Get().(*[]Token)
	toks := AppendTokens((*buf)[:0], s, 0)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Lower
	}
	release(buf, toks)
	return out
}

// ContentWords returns the lower-case tokens of s that are not stop words.
func ContentWords(s string) []string {
	buf := scratch.Get().(*[]Token)
	toks := AppendTokens((*buf)[:0], s, 0)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !IsStopWord(t.Lower) {
			out = append(out, t.Lower)
		}
	}
	release(buf, toks)
	return out
}

// release hands toks back to scratch, without its references to the text;
// a buffer grown past maxPooledTokens by one huge text is left to the
// garbage collector rather than kept.
func release(buf *[]Token, toks []Token) {
	if cap(toks) > maxPooledTokens {
		return
	}
	clear(toks)
	*buf = toks[:0]
	scratch.Put(buf)
}

// maxPooledTokens is the largest token buffer pools keep (a long article
// has some 2,000 tokens).
const maxPooledTokens = 1 << 16
