package quote

import (
	"unicode"
	"unicode/utf8"
)

// A mark is one quotation mark in the text.
type mark struct {
	start, end int  // byte span of the mark
	single     bool // single-quote family (‘ ’ ' ‚ ‹ ›)
	class      int8 // glyph class: 0 straight (" '' ' ``), 1 curly (“ ” „ ‘ ’ ‚), 2 angle (« » ‹ ›)
	glyph      int8 // +1 opening glyph (“ „ « ‘ ‚ ‹ ``), -1 closing glyph (” » ’ ›), 0 neutral (" '' ')
	opener     bool // context says it opens: no word before, a word after
	closer     bool // context says it closes: a word or punctuation before, none after
	// low: a low opening glyph („ ‚), whose quote closes with “ or ‘ in
	// German and Central European typography.
	low bool
	// possessive: a single mark after an "s" and before a lower-case
	// word ("the lads' day"), a plural's apostrophe as often as a closer;
	// punct: punctuation before the mark (",' she said"), a sure closer.
	possessive, punct bool
}

// span is a direct quotation found by pairing marks: the marks' outer span
// and the content between them.
type span struct {
	open, close mark
	// content is the text between the marks, trimmed of space.
	cs, ce int
	// reopen lists the opening marks of continuation paragraphs inside a
	// quote that runs over several paragraphs.
	reopen []mark
	// closed is false when the quote ran to the end of its paragraph
	// without a closing mark.
	closed bool
}

// outer returns the span including its marks.
func (s *span) outer() (int, int) {
	end := s.close.end
	if !s.closed {
		end = s.ce
	}
	return s.open.start, end
}

// runeBefore returns the rune that ends at i, or 0 at the start.
func runeBefore(t string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	return r
}

// runeAt returns the rune that starts at i, or 0 at the end.
func runeAt(t string, i int) rune {
	if i >= len(t) {
		return 0
	}
	c := t[i]
	if c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeRuneInString(t[i:])
	return r
}

// isWordy reports whether r can start or end a quoted word: a letter, a
// digit, or a sign that only appears next to words ($, €, …, brackets).
func isWordy(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '$' || r == '[' || r == '(' || r == '#' || r == '@' || r == '£'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '…' || r == '€' || r == '£'
}

// isSpaceOrEdge reports whether r is space, a line break or the edge of the
// text (0).
func isSpaceOrEdge(r rune) bool {
	return r == 0 || r == ' ' || r == '\n' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// leftOpenCtx reports whether the rune before a mark leaves room for an
// opening mark: space, start, an opening bracket, a dash or a colon.
func leftOpenCtx(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '/', ':', '«', '“', '„', '‘', '"', '\'':
		return true
	}
	return isSpaceOrEdge(r)
}

// rightCloseCtx reports whether the rune after a mark leaves room for a
// closing mark: space, end, punctuation or a closing bracket.
func rightCloseCtx(r rune) bool {
	if isSpaceOrEdge(r) {
		return true
	}
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', '/', '»', '”', '"', '\'', '’', '*':
		return true
	}
	return false
}

// scanMarks appends the quotation marks of t[start:end] to dst.
func scanMarks(dst []mark, t string, start, end int) []mark {
	for i := start; i < end; {
		c := t[i]
		if c < utf8.RuneSelf {
			switch c {
			case '<':
				if e := tagEnd(t, i, end); e > i {
					i = e // the attribute values of markup are no quotes
					continue
				}
			case '"':
				dst = appendMark(dst, t, i, i+1, false, 0)
				i++
				continue
			case '`':
				if i+1 < end && t[i+1] == '`' {
					dst = appendMark(dst, t, i, i+2, false, +1)
					i += 2
					continue
				}
			case '\'':
				n := 1
				for i+n < end && t[i+n] == '\'' {
					n++
				}
				switch {
				case n == 1:
					dst = appendMark(dst, t, i, i+1, true, 0)
				case n == 2:
					dst = appendMark(dst, t, i, i+2, false, 0)
				case n == 3:
					// ''' is a double and a single mark: ''' + word opens
					// both, word + ''' closes both.
					if isWordy(runeAt(t, i+3)) {
						dst = appendMark(dst, t, i, i+2, false, 0)
						dst = appendMark(dst, t, i+2, i+3, true, 0)
					} else {
						dst = appendMark(dst, t, i, i+1, true, 0)
						dst = appendMark(dst, t, i+1, i+3, false, 0)
					}
				default:
					for k := 0; k+1 < n; k += 2 {
						dst = appendMark(dst, t, i+k, i+k+2, false, 0)
					}
				}
				i += n
				continue
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		switch r {
		case '“', '„', '«':
			dst = appendMark(dst, t, i, i+size, false, +1)
		case '”', '»':
			dst = appendMark(dst, t, i, i+size, false, -1)
		case '‘', '‚', '‹':
			dst = appendMark(dst, t, i, i+size, true, +1)
		case '’', '›':
			dst = appendMark(dst, t, i, i+size, true, -1)
		}
		i += size
	}
	return dst
}

// tagEnd returns the end of the markup tag that opens at t[i] ("<tweet
// author="…" id="…">", "</a>"): a "<", an optional "/", a letter, then
// anything up to the next ">", or up to the end of the line when the tag
// is left open. It returns i when t[i:] starts no tag.
func tagEnd(t string, i, end int) int {
	k := i + 1
	if k < end && t[k] == '/' {
		k++
	}
	if k >= end || !('a' <= t[k] && t[k] <= 'z' || 'A' <= t[k] && t[k] <= 'Z') {
		return i
	}
	for k < end && ('a' <= t[k] && t[k] <= 'z' || 'A' <= t[k] && t[k] <= 'Z' || '0' <= t[k] && t[k] <= '9' || t[k] == '-' || t[k] == '_') {
		k++
	}
	if k < end && t[k] != ' ' && t[k] != '>' && t[k] != '/' {
		return i // "<b" of "a<b" is no tag
	}
	for k < end && t[k] != '>' && t[k] != '\n' {
		k++
	}
	if k < end && t[k] == '>' {
		k++
	}
	return k
}

// appendMark classifies one mark by its context and appends it.
func appendMark(dst []mark, t string, s, e int, single bool, glyph int8) []mark {
	before, after := runeBefore(t, s), runeAt(t, e)
	m := mark{start: s, end: e, single: single, glyph: glyph}
	switch r := runeAt(t, s); r {
	case '“', '”', '„', '‘', '’', '‚':
		m.class = 1
		m.low = r == '„' || r == '‚'
	case '«', '»', '‹', '›':
		m.class = 2
	}
	wordAfter := isWordy(after) || (after == '.' && runeAt(t, e+1) == '.') // "…" as three dots
	m.opener = leftOpenCtx(before) && (wordAfter || after == '‘' || after == '\'' || after == '"' || after == '“')
	m.closer = !isSpaceOrEdge(before) && !leftOpenCtx(before) && rightCloseCtx(after)
	if single {
		// An apostrophe inside a word ("don't", "Putin’s") or after a
		// plural ("voters’ rights") is no quotation mark; a single mark
		// must have space or an edge on its outer side.
		if isWordy(before) && isWordy(after) {
			return dst
		}
		if !m.opener && !m.closer {
			return dst
		}
		// '90s, 'em: an elision, not a quote, when a digit follows.
		if m.opener && unicode.IsDigit(after) {
			return dst
		}
		if (before == 's' || before == 'S') && after == ' ' && unicode.IsLower(runeAt(t, e+1)) {
			m.possessive = true
		}
		switch before {
		case ',', '.', '!', '?', '…':
			m.punct = true
		}
	}
	return append(dst, m)
}

// maxSingleQuote bounds a single-mark quotation in bytes: longer runs are far
// more often a stray apostrophe paired with a distant one.
const maxSingleQuote = 400

// pairParagraph pairs the marks of one paragraph. pending is a quote left
// open by the previous paragraph (nil if none); the returned pending quote
// is open at the paragraph's end and may continue in the next one.
func pairParagraph(out []span, marks []mark, pending *span) ([]span, *span) {
	// stack holds the open double quotes, outermost first; a quote opened
	// with another glyph class inside an open one ("… “…” …") is nested and
	// belongs to the outer content.
	var stack []span
	if pending != nil {
		stack = append(stack, *pending)
	}
	var single *span // a single-mark quote open outside double quotes
	for k := range marks {
		m := marks[k]
		if !m.single {
			single = nil // a double mark ends any single quote attempt
			if len(stack) == 0 {
				if m.opener || (!m.closer && m.glyph >= 0) {
					stack = append(stack, span{open: m})
				}
				continue
			}
			top := &stack[len(stack)-1]
			if m.opener && m.glyph >= 0 && m.class != top.open.class && len(stack) < 3 {
				stack = append(stack, span{open: m})
				continue
			}
			if !m.opener || m.glyph < 0 {
				// A closer, an ambiguous mark, or a closing glyph glued
				// to the next word (”word) ends the innermost quote.
				top.close = m
				top.closed = true
				if len(stack) == 1 {
					out = append(out, *top)
				}
				stack = stack[:len(stack)-1]
				continue
			}
			// An opener of the same class while a quote is open: the open
			// one lacked its closing mark. Drop it and start again here.
			*top = span{open: m}
			continue
		}
		if len(stack) > 0 {
			continue // nested quote: part of the outer content
		}
		if single == nil {
			if m.opener && m.glyph >= 0 {
				single = &span{open: m}
			}
			continue
		}
		// ‚…‘: after a low opener, ‘ in closing position closes.
		if m.closer && (m.glyph <= 0 || single.open.low && !m.opener) {
			if m.possessive && punctCloserAfter(marks[k+1:], single.open.end) {
				// "'It's the lads' day,' said …": the plural's
				// apostrophe, with the quote's closer still to come.
				continue
			}
			if m.start-single.open.end <= maxSingleQuote {
				single.close = m
				single.closed = true
				out = append(out, *single)
			}
			single = nil
			continue
		}
		if m.opener && m.glyph > 0 {
			single = &span{open: m}
		}
	}
	if len(stack) > 0 {
		p := stack[0]
		return out, &p
	}
	return out, nil
}

// punctCloserAfter reports whether marks, the marks after one, hold a
// single closer after punctuation within maxSingleQuote of a single quote
// whose content starts at from, before any double mark or single opener.
func punctCloserAfter(marks []mark, from int) bool {
	for _, n := range marks {
		if !n.single || n.start-from > maxSingleQuote || n.opener && !n.closer {
			return false
		}
		if n.closer && n.punct {
			return true
		}
	}
	return false
}

// findSpans pairs the quotation marks of t paragraph by paragraph. A quote
// still open at a paragraph's end continues when the next paragraph opens
// with a quotation mark (the convention for quotes of several paragraphs);
// otherwise it ends with its paragraph.
func findSpans(t string, paras [][2]int, buf []mark) []span {
	var out []span
	var pending *span
	for pi, p := range paras {
		buf = scanMarks(buf[:0], t, p[0], p[1])
		if pending != nil {
			first := p[0]
			for first < p[1] && isSpaceOrEdge(runeAt(t, first)) {
				first++
			}
			if len(buf) > 0 && buf[0].start == first && !buf[0].single && buf[0].class == pending.open.class && (buf[0].opener || buf[0].glyph > 0) {
				pending.reopen = append(pending.reopen, buf[0])
				buf = buf[1:]
			} else {
				out = closeAtEnd(out, pending, paras[pi-1][1])
				pending = nil
			}
		}
		out, pending = pairParagraph(out, buf, pending)
	}
	if pending != nil && len(paras) > 0 {
		out = closeAtEnd(out, pending, paras[len(paras)-1][1])
	}
	for i := range out {
		s := &out[i]
		s.cs = s.open.end
		if s.closed {
			s.ce = s.close.start
		}
		for s.cs < s.ce && isSpaceOrEdge(runeAt(t, s.cs)) {
			s.cs++
		}
		for s.ce > s.cs && isSpaceOrEdge(runeBefore(t, s.ce)) {
			s.ce--
		}
	}
	// Drop empty quotes; keep text order (closing at a paragraph end can
	// append an earlier quote after a later one).
	k := 0
	for _, s := range out {
		if s.ce > s.cs {
			out[k] = s
			k++
		}
	}
	out = out[:k]
	sortSpans(out)
	return out
}

// closeAtEnd ends an unterminated quote at the end of its paragraph.
func closeAtEnd(out []span, s *span, pend int) []span {
	s.closed = false
	s.ce = pend
	return append(out, *s)
}

// sortSpans orders spans by their opening mark (insertion sort: the input
// is almost sorted).
func sortSpans(s []span) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].open.start < s[j-1].open.start; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
