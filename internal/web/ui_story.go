package web

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// storyPage is everything the story page shows.
type storyPage struct {
	S            *storyView
	Sources      int // distinct outlets, counting each article of an unknown outlet once
	Days         []timelineDay
	Graph        graphView
	Core         []coreClaim
	MoreCore     int
	Solo         []soloArticle
	Variants     []variant
	MoreVariants int
	SoloQuotes   []soloQuote
}

// timelineDay is one day of the timeline ("undated" last).
type timelineDay struct {
	Label string
	Items []timelineItem
}

// timelineItem is one article on the timeline.
type timelineItem struct {
	A           *news.Article
	Analysed    bool
	Risk        float64
	Originality float64
	DrawsOn     []int64
	Signals     int
}

// sourceKey names an article's outlet; articles of unknown outlets each
// count as their own source.
func sourceKey(a *news.Article) string {
	if a.Outlet != "" {
		return a.Outlet
	}
	return fmt.Sprintf("#%d", a.ID)
}

// outletLabel is an article's outlet as shown.
func outletLabel(a *news.Article) string {
	return cmpOr(a.Outlet, a.SiteName, "unknown outlet")
}

func cmpOr(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func (s *Server) uiStory(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.loadStory(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := buildStoryPage(v)
	s.page(w, r, http.StatusOK, "story.html", cmpOr(v.Story.Title, "Story"), "stories", p)
}

func buildStoryPage(v *storyView) *storyPage {
	p := &storyPage{S: v}
	pos := map[int64]int{}
	sources := map[string]bool{}
	for i, av := range v.Articles {
		pos[av.Article.ID] = i
		sources[sourceKey(av.Article)] = true
	}
	p.Sources = len(sources)
	p.Days = timeline(v, pos)
	p.Graph = buildGraph(v, pos)
	p.Core, p.Solo = corroboration(v, pos)
	if len(p.Core) > 25 {
		p.MoreCore, p.Core = len(p.Core)-25, p.Core[:25]
	}
	p.Variants, p.SoloQuotes = quoteVariants(v, pos)
	if len(p.Variants) > 12 {
		p.MoreVariants, p.Variants = len(p.Variants)-12, p.Variants[:12]
	}
	return p
}

func timeline(v *storyView, pos map[int64]int) []timelineDay {
	var days []timelineDay
	for _, av := range v.Articles {
		a := av.Article
		it := timelineItem{A: a}
		if an := av.Analysis; an != nil {
			it.Analysed, it.Risk, it.Originality = true, an.Report.Risk, an.Provenance.Originality
			for _, id := range an.Provenance.DrawsOn {
				if _, ok := pos[id]; ok {
					it.DrawsOn = append(it.DrawsOn, id)
				}
			}
			for _, sg := range an.Report.Signals {
				if sg.Contribution > 0 {
					it.Signals++
				}
			}
		}
		label := "Undated"
		if !a.Published.IsZero() {
			label = a.Published.UTC().Format("Monday 2 January 2006")
		}
		if len(days) == 0 || days[len(days)-1].Label != label {
			days = append(days, timelineDay{Label: label})
		}
		days[len(days)-1].Items = append(days[len(days)-1].Items, it)
	}
	return days
}

// graphView is the provenance graph: the story's articles left to right in
// arrival order, an arc from each article to every article it draws on, and
// the articles of other stories it copies from (dashed) on the right.
type graphView struct {
	Width, Height int
	Nodes         []graphNode
	Edges         []graphEdge
	External      bool
}

type graphNode struct {
	ID           int64
	X, Y         int
	Outlet, Date string
	Class        string
	External     bool
	Title        string
}

type graphEdge struct {
	D      string
	Class  string
	Width  string
	Dashed bool
	Title  string
}

const (
	graphDX     = 150
	graphMargin = 80
	graphR      = 20
)

// buildGraph lays out the provenance graph.
func buildGraph(v *storyView, pos map[int64]int) graphView {
	type agg struct {
		from, to int // node indices
		passages int
		bytes    map[string]int
		external bool
	}
	var g graphView
	extIdx := map[int64]int{}
	for _, av := range v.Articles {
		a := av.Article
		g.Nodes = append(g.Nodes, graphNode{ID: a.ID, Outlet: truncate(outletLabel(a), 22), Date: shortDate(a), Class: "node-unknown",
			Title: fmt.Sprintf("#%d %s", a.ID, cmpOr(a.Title, "(untitled)"))})
		if av.Analysis != nil {
			g.Nodes[len(g.Nodes)-1].Class = riskClass(av.Analysis.Report.Risk)
		}
	}
	edges := map[[2]int]*agg{}
	var order [][2]int
	edge := func(from, to int, external bool) *agg {
		k := [2]int{from, to}
		e, ok := edges[k]
		if !ok {
			e = &agg{from: from, to: to, bytes: map[string]int{}, external: external}
			edges[k] = e
			order = append(order, k)
		}
		return e
	}
	for i, av := range v.Articles {
		if av.Analysis == nil {
			continue
		}
		for _, src := range av.Analysis.Provenance.DrawsOn {
			if j, ok := pos[src]; ok && j != i {
				edge(i, j, false)
			}
		}
		for _, ps := range av.Analysis.Provenance.Passages {
			j, ok := pos[ps.SourceID]
			if !ok {
				if ps.SameStory {
					continue // its source has left the story
				}
				if _, seen := extIdx[ps.SourceID]; !seen {
					if len(extIdx) == 6 {
						continue
					}
					extIdx[ps.SourceID] = len(g.Nodes)
					g.Nodes = append(g.Nodes, graphNode{ID: ps.SourceID, Outlet: "another story", External: true, Class: "node-external",
						Title: fmt.Sprintf("#%d, an article of another story", ps.SourceID)})
				}
				j = extIdx[ps.SourceID]
			}
			if j == i {
				continue
			}
			e := edge(i, j, !ok)
			e.passages++
			e.bytes[ps.Kind] += ps.Span.Len()
		}
	}
	// Positions: story articles, then a gap, then external sources.
	xOf := func(i int) int {
		if i < len(v.Articles) {
			return graphMargin + i*graphDX
		}
		return graphMargin + i*graphDX + graphDX/3
	}
	maxH := 30.0
	arcH := func(x1, x2 int) float64 {
		return math.Min(math.Max(math.Abs(float64(x1-x2))*0.38, 40), 150)
	}
	for _, k := range order {
		maxH = math.Max(maxH, arcH(xOf(k[0]), xOf(k[1])))
	}
	base := int(maxH/2) + 40
	for i := range g.Nodes {
		g.Nodes[i].X, g.Nodes[i].Y = xOf(i), base
	}
	for _, k := range order {
		e := edges[k]
		from, to := g.Nodes[e.from], g.Nodes[e.to]
		x1, x2, y := float64(from.X), float64(to.X), float64(base)
		cx, cy := (x1+x2)/2, y-arcH(from.X, to.X)
		// Start and end on the circles, along the curve's tangents.
		sx, sy := along(x1, y, cx, cy, graphR)
		ex, ey := along(x2, y, cx, cy, graphR+2)
		kind, total := dominant(e.bytes)
		ge := graphEdge{
			D:      fmt.Sprintf("M %.1f %.1f Q %.1f %.1f %.1f %.1f", sx, sy, cx, cy, ex, ey),
			Class:  "edge-" + cmpOr(kind, "other"),
			Width:  fmt.Sprintf("%.1f", 1.5+math.Min(3, float64(total)/250)),
			Dashed: e.external,
		}
		switch {
		case e.passages == 0:
			ge.Title = fmt.Sprintf("#%d draws on #%d", from.ID, to.ID)
		default:
			ge.Title = fmt.Sprintf("#%d reuses %s (%s) from #%d", from.ID, pluralize(e.passages, "passage", "passages"), kindList(e.bytes), to.ID)
		}
		if e.external {
			ge.Title += ", an article of another story"
			g.External = true
		}
		g.Edges = append(g.Edges, ge)
	}
	g.Width = xOf(len(g.Nodes)-1) + graphMargin
	if len(g.Nodes) == 0 {
		g.Width = 2 * graphMargin
	}
	g.Height = base + 58
	return g
}

// along returns the point at distance d from (x, y) towards (tx, ty).
func along(x, y, tx, ty, d float64) (float64, float64) {
	dx, dy := tx-x, ty-y
	n := math.Hypot(dx, dy)
	if n == 0 {
		return x, y
	}
	return x + d*dx/n, y + d*dy/n
}

// dominant returns the passage kind with the most bytes and the total.
func dominant(bytes map[string]int) (string, int) {
	best, total := "", 0
	for _, k := range []string{news.PassageVerbatim, news.PassageEdited, news.PassageReworded} {
		total += bytes[k]
		if bytes[k] > bytes[best] || best == "" && bytes[k] > 0 {
			best = k
		}
	}
	return best, total
}

func kindList(bytes map[string]int) string {
	var ks []string
	for _, k := range []string{news.PassageVerbatim, news.PassageEdited, news.PassageReworded} {
		if bytes[k] > 0 {
			ks = append(ks, k)
		}
	}
	return strings.Join(ks, ", ")
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func shortDate(a *news.Article) string {
	if a.Published.IsZero() {
		return "undated"
	}
	t := a.Published.UTC()
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 15:04")
}

// coreClaim is a sentence that articles of at least two outlets carry, in
// the words of the earliest of them.
type coreClaim struct {
	Text     string
	Carriers []carrier
	Sources  int
	Kinds    string
}

type carrier struct {
	ID     int64
	Outlet string
}

// soloArticle lists the sentences of one article that no other outlet
// carries.
type soloArticle struct {
	A         *news.Article
	Sentences []string
	Of        int // sentences in the article
	More      int
}

// corroboration splits the story's sentences into its corroborated core —
// sentences linked by reused passages to articles of other outlets — and the
// material only one outlet carries. Sentences joined by a passage are one
// claim; a claim carried by two or more outlets is corroborated.
func corroboration(v *storyView, pos map[int64]int) ([]coreClaim, []soloArticle) {
	type node struct{ art, sent int }
	parent := map[node]node{}
	var find func(n node) node
	find = func(n node) node {
		p, ok := parent[n]
		if !ok || p == n {
			return n
		}
		root := find(p)
		parent[n] = root
		return root
	}
	union := func(a, b node) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		// The earlier sentence becomes the root: it names the claim.
		if rb.art < ra.art || rb.art == ra.art && rb.sent < ra.sent {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	overlapping := func(i int, sp news.Span) []node {
		var out []node
		for j, s := range v.Articles[i].Article.Sentences {
			if s.Span.Overlaps(sp) {
				out = append(out, node{i, j})
			}
		}
		return out
	}
	type link struct {
		first node
		kind  string
	}
	var links []link
	for i, av := range v.Articles {
		if av.Analysis == nil {
			continue
		}
		for _, ps := range av.Analysis.Provenance.Passages {
			j, ok := pos[ps.SourceID]
			if !ok || j == i {
				continue
			}
			// Each sentence of the passage joins the source sentence at the
			// same relative position, so that a passage of several sentences
			// links them pairwise rather than into one lump.
			for _, n := range overlapping(i, ps.Span) {
				sp := v.Articles[i].Article.Sentences[n.sent].Span
				mid := (max(sp.Start, ps.Span.Start) + min(sp.End, ps.Span.End)) / 2
				at := ps.SourceSpan.Start
				if ps.Span.Len() > 0 {
					at += (mid - ps.Span.Start) * ps.SourceSpan.Len() / ps.Span.Len()
				}
				m, ok := sentenceAt(v.Articles[j].Article, at)
				if !ok {
					continue
				}
				other := node{j, m}
				union(n, other)
				links = append(links, link{n, ps.Kind})
			}
		}
	}
	type claim struct {
		root    node
		members []node
		kinds   map[string]bool
	}
	claims := map[node]*claim{}
	for i, av := range v.Articles {
		for j := range av.Article.Sentences {
			n := node{i, j}
			r := find(n)
			c := claims[r]
			if c == nil {
				c = &claim{root: r, kinds: map[string]bool{}}
				claims[r] = c
			}
			c.members = append(c.members, n)
		}
	}
	for _, l := range links {
		if c := claims[find(l.first)]; c != nil {
			c.kinds[l.kind] = true
		}
	}
	var core []coreClaim
	var roots []node
	corroborated := map[node]bool{}
	nsrc := map[node]int{}
	for r, c := range claims {
		srcs := map[string]bool{}
		for _, m := range c.members {
			srcs[sourceKey(v.Articles[m.art].Article)] = true
		}
		if len(srcs) >= 2 {
			corroborated[r] = true
			nsrc[r] = len(srcs)
			roots = append(roots, r)
		}
	}
	// Most widely carried first, then in the order of the earliest article.
	sort.Slice(roots, func(a, b int) bool {
		if na, nb := nsrc[roots[a]], nsrc[roots[b]]; na != nb {
			return na > nb
		}
		if roots[a].art != roots[b].art {
			return roots[a].art < roots[b].art
		}
		return roots[a].sent < roots[b].sent
	})
	for _, r := range roots {
		c := claims[r]
		a := v.Articles[r.art].Article
		cc := coreClaim{Text: a.Sentences[r.sent].Span.Slice(a.Text)}
		seenArt, srcs := map[int]bool{}, map[string]bool{}
		sort.Slice(c.members, func(x, y int) bool { return c.members[x].art < c.members[y].art })
		for _, m := range c.members {
			srcs[sourceKey(v.Articles[m.art].Article)] = true
			if seenArt[m.art] {
				continue
			}
			seenArt[m.art] = true
			ma := v.Articles[m.art].Article
			cc.Carriers = append(cc.Carriers, carrier{ID: ma.ID, Outlet: outletLabel(ma)})
		}
		cc.Sources = len(srcs)
		var ks []string
		for _, k := range []string{news.PassageVerbatim, news.PassageEdited, news.PassageReworded} {
			if c.kinds[k] {
				ks = append(ks, k)
			}
		}
		cc.Kinds = strings.Join(ks, ", ")
		core = append(core, cc)
	}
	var solo []soloArticle
	for i, av := range v.Articles {
		a := av.Article
		sa := soloArticle{A: a, Of: len(a.Sentences)}
		for j, s := range a.Sentences {
			if corroborated[find(node{i, j})] {
				continue
			}
			if len(sa.Sentences) == 40 {
				sa.More++
				continue
			}
			sa.Sentences = append(sa.Sentences, s.Span.Slice(a.Text))
		}
		if len(sa.Sentences) > 0 {
			solo = append(solo, sa)
		}
	}
	return core, solo
}

// sentenceAt returns the index of a's sentence holding byte offset at, or
// the nearest one after it.
func sentenceAt(a *news.Article, at int) (int, bool) {
	i := sort.Search(len(a.Sentences), func(i int) bool { return a.Sentences[i].Span.End > at })
	return i, i < len(a.Sentences)
}

// piece is a run of text, marked (Class) or not, optionally linked.
type piece struct {
	Text  string
	Class string
	Title string
	Href  string
}

// variant is one statement as the story's articles print it: the
// earliest version first, then every other article's, each with the words
// it does not share with the earliest marked (and, in the earliest, the
// words some other version changes or drops).
type variant struct {
	Speaker  string
	Kind     string  // the loosest kind of link in the group
	MinScore float64 // the lowest similarity to the earliest version
	Versions []quoteVersion
	first    news.QuoteRef // the earliest version, the last tie-break of the order
}

type quoteVersion struct {
	A     *news.Article
	Words []piece
	Kind  string // how it relates to the earliest; "" for the earliest
	Score float64
}

// soloQuote is a direct quote no other outlet of the story carries.
type soloQuote struct {
	A       *news.Article
	Speaker string
	Text    string
	Status  string
}

// quoteWords splits a quote's span of text into words, marking those that
// no aligned run covers.
func quoteWords(txt string, sp news.Span, matched []news.Span) []piece {
	return markWords(txt, sp, func(w news.Span) bool { return coveredBy(w, matched) })
}

// markWords splits the span of txt into words and the text between them,
// marking the words kept reports false for, and the gaps inside runs of
// them.
func markWords(txt string, sp news.Span, kept func(news.Span) bool) []piece {
	if !sp.Valid(len(txt)) {
		return []piece{{Text: sp.Slice(txt)}}
	}
	var out []piece
	last := sp.Start
	for _, t := range text.AppendTokens(nil, txt[sp.Start:sp.End], sp.Start) {
		ok := kept(t.Span)
		if t.Span.Start > last {
			gap := piece{Text: txt[last:t.Span.Start]}
			if n := len(out); n > 0 && out[n-1].Class == "diff" && !ok {
				gap.Class = "diff"
			}
			out = append(out, gap)
		}
		p := piece{Text: t.Text}
		if !ok {
			p.Class = "diff"
		}
		out = append(out, p)
		last = t.Span.End
	}
	if last < sp.End {
		out = append(out, piece{Text: txt[last:sp.End]})
	}
	return mergePieces(out)
}

// mergePieces joins neighbouring pieces of the same class, so that a page
// carries one element per run rather than one per word.
func mergePieces(ps []piece) []piece {
	var out []piece
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].Class == p.Class && out[n-1].Href == p.Href && out[n-1].Title == p.Title {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

func coveredBy(sp news.Span, spans []news.Span) bool {
	for _, m := range spans {
		if m.Contains(sp) {
			return true
		}
	}
	return false
}

func quoteAt(an *news.Analysis, index int) *news.Quote {
	if index >= 0 && index < len(an.Quotes) && an.Quotes[index].Index == index {
		return &an.Quotes[index]
	}
	for i := range an.Quotes {
		if an.Quotes[i].Index == index {
			return &an.Quotes[i]
		}
	}
	return nil
}

// quoteVariants groups the story's linked quotes into statements (quotes
// joined by links are one statement), rewordings first, and lists the
// direct quotes that only one source carries.
func quoteVariants(v *storyView, pos map[int64]int) ([]variant, []soloQuote) {
	var solo []soloQuote
	parent := map[news.QuoteRef]news.QuoteRef{}
	var find func(q news.QuoteRef) news.QuoteRef
	find = func(q news.QuoteRef) news.QuoteRef {
		p, ok := parent[q]
		if !ok || p == q {
			return q
		}
		r := find(p)
		parent[q] = r
		return r
	}
	links := map[[2]news.QuoteRef]news.QuoteLink{}
	for _, av := range v.Articles {
		an := av.Analysis
		if an == nil {
			continue
		}
		for _, q := range an.Quotes {
			if q.Direct && q.Status != news.QuoteCorroborated {
				solo = append(solo, soloQuote{A: av.Article, Speaker: q.SpeakerName, Text: q.Text, Status: q.Status})
			}
		}
		for _, l := range an.QuoteLinks {
			i, ok1 := pos[l.From.ArticleID]
			j, ok2 := pos[l.To.ArticleID]
			if !l.SameStory || !ok1 || !ok2 || i == j {
				continue
			}
			links[[2]news.QuoteRef{l.From, l.To}] = l
			if ra, rb := find(l.From), find(l.To); ra != rb {
				parent[rb] = ra
			}
		}
	}
	quote := func(r news.QuoteRef) (*articleView, *news.Quote) {
		i, ok := pos[r.ArticleID]
		if !ok || v.Articles[i].Analysis == nil {
			return nil, nil
		}
		return v.Articles[i], quoteAt(v.Articles[i].Analysis, r.Index)
	}
	groups := map[news.QuoteRef][]news.QuoteRef{}
	for r := range parent {
		root := find(r)
		groups[root] = append(groups[root], r)
	}
	for root := range groups {
		if _, ok := parent[root]; !ok {
			groups[root] = append(groups[root], root)
		}
	}
	rank := map[string]int{news.VariantReworded: 0, news.VariantTruncated: 1, news.VariantRepunctuated: 2, news.VariantVerbatim: 3, "": 4}
	var variants []variant
	for _, members := range groups {
		sort.Slice(members, func(a, b int) bool {
			pa, pb := pos[members[a].ArticleID], pos[members[b].ArticleID]
			if pa != pb {
				return pa < pb
			}
			return members[a].Index < members[b].Index
		})
		first := members[0]
		fa, fq := quote(first)
		if fq == nil {
			continue
		}
		vr := variant{Speaker: fq.SpeakerName, Kind: news.VariantVerbatim, MinScore: 1, first: first}
		var firstMatched [][]news.Span // per linked version, the earliest version's words it keeps
		var versions []quoteVersion
		seenArticle := map[int64]bool{first.ArticleID: true}
		others := 0
		for _, m := range members[1:] {
			ma, mq := quote(m)
			if mq == nil || seenArticle[m.ArticleID] {
				continue
			}
			seenArticle[m.ArticleID] = true
			qv := quoteVersion{A: ma.Article}
			var mFirst, mThis []news.Span
			if l, ok := links[[2]news.QuoteRef{first, m}]; ok {
				qv.Kind, qv.Score = l.Kind, l.Score
				for _, p := range l.Aligned {
					mFirst, mThis = append(mFirst, p.From), append(mThis, p.To)
				}
			} else if l, ok := links[[2]news.QuoteRef{m, first}]; ok {
				qv.Kind, qv.Score = l.Kind, l.Score
				for _, p := range l.Aligned {
					mFirst, mThis = append(mFirst, p.To), append(mThis, p.From)
				}
			} else {
				// Linked through another version only: compare the words.
				_, qv.Words = diffWords(fq.Span.Slice(fa.Article.Text), mq.Span.Slice(ma.Article.Text))
				qv.Kind, qv.Score = "linked through another version", 0
				versions = append(versions, qv)
				continue
			}
			qv.Words = quoteWords(ma.Article.Text, mq.Span, mThis)
			firstMatched = append(firstMatched, mFirst)
			others++
			if rank[qv.Kind] < rank[vr.Kind] {
				vr.Kind = qv.Kind
			}
			vr.MinScore = min(vr.MinScore, qv.Score)
			if vr.Speaker == "" {
				vr.Speaker = mq.SpeakerName
			}
			versions = append(versions, qv)
		}
		if len(versions) == 0 {
			continue
		}
		head := quoteVersion{A: fa.Article, Words: markWords(fa.Article.Text, fq.Span, func(w news.Span) bool {
			for _, m := range firstMatched {
				if !coveredBy(w, m) {
					return false
				}
			}
			return true
		})}
		if others == 0 {
			head.Words = []piece{{Text: fq.Span.Slice(fa.Article.Text)}}
		}
		vr.Versions = append([]quoteVersion{head}, versions...)
		variants = append(variants, vr)
	}
	// Rewordings are what a reader needs to see; verbatim copies last.
	sort.Slice(variants, func(a, b int) bool {
		va, vb := variants[a], variants[b]
		if ra, rb := rank[va.Kind], rank[vb.Kind]; ra != rb {
			return ra < rb
		}
		if va.MinScore != vb.MinScore {
			return va.MinScore < vb.MinScore
		}
		if va.first.ArticleID != vb.first.ArticleID {
			return va.Versions[0].A.ID < vb.Versions[0].A.ID
		}
		return va.first.Index < vb.first.Index
	})
	return variants, solo
}
