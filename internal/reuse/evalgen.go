package reuse

import (
	"errors"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// AlignCase is a generated alignment test: Copy is an edited copy of
// Source, and Truth holds the spans of Copy.Text that come from Source.
type AlignCase struct {
	Copy, Source *news.Article
	Truth        []news.Span
}

// GenerateAlignCases builds n alignment cases from real bodies (normalized
// texts), deterministically for a seed. Each case copies one body of at
// least five sentences and edits it: each sentence is dropped with
// probability 0.15 or else kept, and a kept sentence has one or two words
// replaced by words of another body with probability 0.25; after a kept
// sentence, a sentence of another body (sharing no five-word shingle with
// the source) is inserted with probability 0.15; and in three cases of ten a
// block of one to three sentences is moved elsewhere. Kept sentences, edited
// or not, are the truth. Sentences are regrouped into paragraphs at random.
func GenerateAlignCases(bodies []string, n int, seed uint64) ([]AlignCase, error) {
	type body struct {
		text  string
		sents []string
		words []string
	}
	var pool []body
	for _, t := range bodies {
		b := body{text: t}
		for _, s := range text.Sentences(t) {
			b.sents = append(b.sents, t[s.Span.Start:s.Span.End])
		}
		for _, tok := range text.Tokenize(t) {
			if len(tok.Text) >= 4 && !tok.Number {
				b.words = append(b.words, tok.Text)
			}
		}
		pool = append(pool, b)
	}
	var eligible []int
	for i, b := range pool {
		if len(b.sents) >= 5 {
			eligible = append(eligible, i)
		}
	}
	if len(eligible) == 0 || len(pool) < 2 {
		return nil, errors.New("generate align cases: need bodies of at least five sentences and at least two bodies")
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	type unit struct {
		s      string
		reused bool
	}
	other := func(not int) int {
		for {
			if k := r.IntN(len(pool)); k != not && len(pool[k].sents) > 0 {
				return k
			}
		}
	}
	out := make([]AlignCase, 0, n)
	for c := 0; c < n; c++ {
		bi := eligible[r.IntN(len(eligible))]
		src := pool[bi]
		srcSh := shingleSet(wordKeys(src.text), 5)
		var units []unit
		for _, s := range src.sents {
			if r.Float64() < 0.15 {
				continue
			}
			if r.Float64() < 0.25 {
				s = substitute(r, s, pool[other(bi)].words)
			}
			units = append(units, unit{s, true})
			if r.Float64() < 0.15 {
				for try := 0; try < 10; try++ {
					o := pool[other(bi)]
					ins := o.sents[r.IntN(len(o.sents))]
					if len(text.Tokenize(ins)) >= 3 && containment(shingleSet(wordKeys(ins), 5), srcSh) == 0 {
						units = append(units, unit{ins, false})
						break
					}
				}
			}
		}
		if len(units) > 3 && r.Float64() < 0.3 {
			k := 1 + r.IntN(3)
			from := r.IntN(len(units) - k + 1)
			block := append([]unit(nil), units[from:from+k]...)
			rest := append(append([]unit(nil), units[:from]...), units[from+k:]...)
			to := r.IntN(len(rest) + 1)
			units = append(append(append([]unit(nil), rest[:to]...), block...), rest[to:]...)
		}
		var sb strings.Builder
		var truth []news.Span
		for i, u := range units {
			if i > 0 {
				prev := units[i-1].s
				last, _ := utf8.DecodeLastRuneInString(prev)
				if r.Float64() < 0.35 || !strings.ContainsRune(".!?\"'”’)…", last) {
					sb.WriteString("\n\n")
				} else {
					sb.WriteByte(' ')
				}
			}
			start := sb.Len()
			sb.WriteString(u.s)
			if u.reused {
				truth = append(truth, news.Span{Start: start, End: sb.Len()})
			}
		}
		cp := sb.String()
		out = append(out, AlignCase{
			Copy:   &news.Article{ID: int64(2*c + 2), Text: cp, Sentences: text.Sentences(cp)},
			Source: &news.Article{ID: int64(2*c + 1), Text: src.text, Sentences: text.Sentences(src.text)},
			Truth:  mergeSpans(truth),
		})
	}
	return out, nil
}

// wordKeys returns the word hashes of s.
func wordKeys(s string) []uint64 { return wordHashes(nil, s) }

// substitute replaces one or two words of s (of four letters or more) with
// words drawn from vocab.
func substitute(r *rand.Rand, s string, vocab []string) string {
	var cands []text.Token
	for _, t := range text.Tokenize(s) {
		if len(t.Text) >= 4 && !t.Number {
			cands = append(cands, t)
		}
	}
	if len(cands) == 0 || len(vocab) == 0 {
		return s
	}
	k := 1 + r.IntN(2)
	picked := map[int]bool{}
	for i := 0; i < k; i++ {
		picked[r.IntN(len(cands))] = true
	}
	var sb strings.Builder
	pos := 0
	for i, t := range cands {
		if !picked[i] {
			continue
		}
		sb.WriteString(s[pos:t.Span.Start])
		sb.WriteString(vocab[r.IntN(len(vocab))])
		pos = t.Span.End
	}
	sb.WriteString(s[pos:])
	return sb.String()
}

// mergeSpans merges sorted spans that touch or overlap.
func mergeSpans(ss []news.Span) []news.Span {
	var out []news.Span
	for _, s := range ss {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// CharOverlap compares predicted with true spans of text character by
// character (runes, not bytes): tp counts the characters in both, fp those
// predicted only, fn those true only. Spaces count like any character.
func CharOverlap(s string, pred, truth []news.Span) (tp, fp, fn int) {
	mark := func(ss []news.Span) []bool {
		m := make([]bool, len(s))
		for _, sp := range ss {
			for i := max(sp.Start, 0); i < min(sp.End, len(s)); i++ {
				m[i] = true
			}
		}
		return m
	}
	p, t := mark(pred), mark(truth)
	for i := 0; i < len(s); i++ {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		switch {
		case p[i] && t[i]:
			tp++
		case p[i]:
			fp++
		case t[i]:
			fn++
		}
	}
	return tp, fp, fn
}
