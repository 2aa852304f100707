package web

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// articlePage is everything the article page shows.
type articlePage struct {
	A        *news.Article
	An       *news.Analysis
	Paras    [][]piece
	Signals  []signalView
	Legend   []legendItem
	Reused   []reusedPair
	Sources  map[int64]*news.Article // the articles named by signals and passages
	Quotes   []news.Quote
	Analysed bool
	// Elsewhere are the article's near-duplicates in other stories
	// (found corpus-wide, reuse's MinHash index).
	Elsewhere []news.NearDuplicate
}

// signalView is a report signal with its anchor and the articles it was
// checked against.
type signalView struct {
	news.Signal
	Anchor  string
	Name    string
	Against []*news.Article
	Marks   int // evidence spans highlighted in the text
}

type legendItem struct{ Class, Name string }

// mark is a highlight: a span with its class, its tooltip and where it
// links.
type mark struct {
	sp    news.Span
	class string
	title string
	href  string
}

// highlight splits txt at every mark boundary and paragraph break into
// pieces of plain text, each escaped by the template on output: the HTML is
// never built by concatenating text. Where marks overlap, the first listed
// wins.
func highlight(txt string, all []mark) [][]piece {
	cuts := []int{0, len(txt)}
	var marks []mark
	for _, m := range all {
		// A stale span (from an analysis of an older text) is dropped.
		if m.sp.Valid(len(txt)) && m.sp.Len() > 0 {
			marks = append(marks, m)
			cuts = append(cuts, m.sp.Start, m.sp.End)
		}
	}
	for i := 0; i+1 < len(txt); i++ {
		if txt[i] == '\n' && txt[i+1] == '\n' {
			cuts = append(cuts, i, i+2)
		}
	}
	sort.Ints(cuts)
	paras := [][]piece{nil}
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if a == b {
			continue
		}
		seg := txt[a:b]
		if seg == "\n\n" {
			paras = append(paras, nil)
			continue
		}
		p := piece{Text: seg}
		for _, m := range marks {
			if m.sp.Start <= a && b <= m.sp.End {
				p.Class, p.Title, p.Href = m.class, m.title, m.href
				break
			}
		}
		paras[len(paras)-1] = append(paras[len(paras)-1], p)
	}
	out := paras[:0]
	for _, p := range paras {
		if len(p) > 0 {
			out = append(out, mergePieces(p))
		}
	}
	return out
}

// reusedPair is a passage of the article beside its source, with the words
// each side does not share marked.
type reusedPair struct {
	Kind     string
	Score    float64
	Text     []piece
	Source   []piece
	SourceA  *news.Article
	SourceID int64
	Other    bool // the source belongs to another story
}

func (s *Server) uiArticle(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.Store.FindArticleByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	av, err := s.withAnalysis(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &articlePage{A: a, An: av.Analysis, Sources: map[int64]*news.Article{}}
	if av.Analysis != nil {
		for _, d := range av.Analysis.Provenance.NearDuplicates {
			if d.StoryID != 0 {
				p.Elsewhere = append(p.Elsewhere, d)
			}
		}
	}
	related := func(id int64) (*news.Article, error) {
		if o, ok := p.Sources[id]; ok {
			return o, nil
		}
		o, err := s.Store.FindArticleByID(r.Context(), id)
		if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
			return nil, err
		}
		p.Sources[id] = o
		return o, nil
	}
	var marks []mark
	if an := av.Analysis; an != nil {
		p.Analysed, p.Quotes = true, an.Quotes
		classes := map[string]bool{}
		for i, sg := range an.Report.Signals {
			sv := signalView{Signal: sg, Anchor: fmt.Sprintf("signal-%d", i), Name: signalName(sg.Type)}
			var against []string
			for _, aid := range sg.Against {
				o, err := related(aid)
				if err != nil {
					s.fail(w, r, err)
					return
				}
				if o == nil {
					o = &news.Article{ID: aid}
				}
				sv.Against = append(sv.Against, o)
				against = append(against, fmt.Sprintf("#%d", aid))
			}
			title := sg.Explanation
			if len(against) > 0 {
				title += " Checked against " + strings.Join(against, ", ") + "."
			}
			for _, sp := range sg.Spans {
				if sp.Valid(len(a.Text)) && sp.Len() > 0 {
					marks = append(marks, mark{sp: sp, class: "sig-" + sg.Type, title: title, href: "#" + sv.Anchor})
					sv.Marks++
				}
			}
			if sv.Marks > 0 && !classes[sg.Type] {
				classes[sg.Type] = true
				p.Legend = append(p.Legend, legendItem{"sig-" + sg.Type, signalName(sg.Type)})
			}
			p.Signals = append(p.Signals, sv)
		}
		for i, ps := range an.Provenance.Passages {
			src, err := related(ps.SourceID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			anchor := fmt.Sprintf("reused-%d", i)
			marks = append(marks, mark{sp: ps.Span, class: "reused", href: "#" + anchor,
				title: fmt.Sprintf("%s passage, also in #%d (score %.2f)", ps.Kind, ps.SourceID, ps.Score)})
			rp := reusedPair{Kind: ps.Kind, Score: ps.Score, SourceA: src, SourceID: ps.SourceID, Other: !ps.SameStory}
			mine := ps.Span.Slice(a.Text)
			theirs := ""
			if src != nil && ps.SourceSpan.Valid(len(src.Text)) {
				theirs = ps.SourceSpan.Slice(src.Text)
			}
			rp.Text, rp.Source = diffWords(mine, theirs)
			p.Reused = append(p.Reused, rp)
		}
		if len(an.Provenance.Passages) > 0 {
			p.Legend = append(p.Legend, legendItem{"reused", "Reused passage"})
		}
	}
	p.Paras = highlight(a.Text, marks)
	s.page(w, r, http.StatusOK, "article.html", cmpOr(a.Title, "Article"), "", p)
}

// diffWords marks the words of a that are not in b's longest common
// subsequence of words, and those of b not in a's; case is ignored. Texts
// of more than maxDiffWords words are shown unmarked.
func diffWords(a, b string) ([]piece, []piece) {
	ta, tb := text.Tokenize(a), text.Tokenize(b)
	if len(ta) > maxDiffWords || len(tb) > maxDiffWords || len(ta) == 0 || len(tb) == 0 {
		return []piece{{Text: a}}, []piece{{Text: b}}
	}
	// lcs[i][j] is the LCS length of ta[i:] and tb[j:].
	n, m := len(ta), len(tb)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case ta[i].Lower == tb[j].Lower:
				lcs[i][j] = lcs[i+1][j+1] + 1
			case lcs[i+1][j] >= lcs[i][j+1]:
				lcs[i][j] = lcs[i+1][j]
			default:
				lcs[i][j] = lcs[i][j+1]
			}
		}
	}
	sameA, sameB := make([]bool, n), make([]bool, m)
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case ta[i].Lower == tb[j].Lower:
			sameA[i], sameB[j] = true, true
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	return markTokens(a, ta, sameA), markTokens(b, tb, sameB)
}

const maxDiffWords = 600

func markTokens(s string, toks []text.Token, same []bool) []piece {
	var out []piece
	last := 0
	for i, t := range toks {
		if t.Span.Start > last {
			gap := piece{Text: s[last:t.Span.Start]}
			if i > 0 && !same[i-1] && !same[i] {
				gap.Class = "diff" // one mark over a run of differing words
			}
			out = append(out, gap)
		}
		p := piece{Text: t.Text}
		if !same[i] {
			p.Class = "diff"
		}
		out = append(out, p)
		last = t.Span.End
	}
	if last < len(s) {
		out = append(out, piece{Text: s[last:]})
	}
	return mergePieces(out)
}
