package web

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

var funcs = template.FuncMap{
	"riskClass": func(r float64) string {
		switch {
		case r >= 0.5:
			return "risk-high"
		case r >= 0.2:
			return "risk-medium"
		}
		return "risk-low"
	},
	"pct":  func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
	"f2":   func(x float64) string { return fmt.Sprintf("%.2f", x) },
	"date": func(t interface{ Format(string) string }) string { return t.Format("2006-01-02") },
	"join": strings.Join,
	"or": func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	},
}

// page renders a template into the layout.
func (s *Server) page(w http.ResponseWriter, r *http.Request, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	if err := s.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		s.Logger.Error("render", "template", name, "error", err.Error())
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	io.WriteString(w, b.String())
}

// fail renders an error page with the status of err.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	_, status, msg := s.errorInfo(r, err)
	w.WriteHeader(status)
	s.page(w, r, "error.html", map[string]any{"Status": status, "Message": msg})
}

func (s *Server) uiStories(w http.ResponseWriter, r *http.Request) {
	f, err := storyFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stories, total, err := s.Store.FindStories(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, "stories.html", map[string]any{"Stories": stories, "Total": total})
}

// node is an article on the provenance graph.
type node struct {
	ID     int64
	X, Y   int
	Label  string
	Risk   float64
	Rclass string
}

// edge is "From draws on To".
type edge struct {
	X1, Y1, X2, Y2 int
	Title          string
}

// graph lays the story's articles out left to right in arrival order and
// draws an arrow from each to the articles it draws on.
func graph(v *storyView) (nodes []node, edges []edge, width int) {
	pos := map[int64]int{}
	for i, av := range v.Articles {
		pos[av.Article.ID] = i
	}
	const dx, y0 = 170, 60
	for i, av := range v.Articles {
		risk := 0.0
		if av.Analysis != nil {
			risk = av.Analysis.Report.Risk
		}
		label := fmt.Sprintf("#%d %s", av.Article.ID, av.Article.Outlet)
		if len([]rune(label)) > 24 {
			label = string([]rune(label)[:23]) + "…"
		}
		y := y0
		if i%2 == 1 {
			y = y0 + 70
		}
		nodes = append(nodes, node{ID: av.Article.ID, X: 90 + i*dx, Y: y, Label: label, Risk: risk, Rclass: funcs["riskClass"].(func(float64) string)(risk)})
	}
	for _, av := range v.Articles {
		if av.Analysis == nil {
			continue
		}
		from := nodes[pos[av.Article.ID]]
		for _, src := range av.Analysis.Provenance.DrawsOn {
			j, ok := pos[src]
			if !ok {
				continue
			}
			to := nodes[j]
			// Stop the line at the circle's edge.
			ddx, ddy := float64(to.X-from.X), float64(to.Y-from.Y)
			d := math.Hypot(ddx, ddy)
			if d == 0 {
				continue
			}
			edges = append(edges, edge{X1: from.X + int(22*ddx/d), Y1: from.Y + int(22*ddy/d), X2: to.X - int(26*ddx/d), Y2: to.Y - int(26*ddy/d),
				Title: fmt.Sprintf("#%d draws on #%d", av.Article.ID, src)})
		}
	}
	return nodes, edges, 180 + max(len(v.Articles)-1, 0)*dx
}

// piece is a run of text, marked or not.
type piece struct {
	Text  string
	Class string
	Title string
	Href  string
}

// variant is a pair of linked quotes with the words that differ marked.
type variant struct {
	Left, Right           []piece
	LeftID, RightID       int64
	LeftOutlet, RightOutl string
	Kind                  string
	Score                 float64
	Speaker               string
}

// quoteWords splits a quote's span of text into words, marking those that
// no aligned run covers.
func quoteWords(txt string, sp news.Span, matched []news.Span) []piece {
	var out []piece
	last := sp.Start
	for _, t := range text.AppendTokens(nil, sp.Slice(txt), sp.Start) {
		if t.Span.Start > last {
			out = append(out, piece{Text: txt[last:t.Span.Start]})
		}
		p := piece{Text: t.Text, Class: "diff"}
		for _, m := range matched {
			if m.Contains(t.Span) {
				p.Class = ""
				break
			}
		}
		out = append(out, p)
		last = t.Span.End
	}
	if last < sp.End {
		out = append(out, piece{Text: txt[last:sp.End]})
	}
	return out
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
	sort.SliceStable(v.Articles, func(i, j int) bool {
		a, b := v.Articles[i].Article, v.Articles[j].Article
		if a.Published.IsZero() != b.Published.IsZero() {
			return !a.Published.IsZero()
		}
		if !a.Published.Equal(b.Published) {
			return a.Published.Before(b.Published)
		}
		return a.ID < b.ID
	})
	nodes, edges, width := graph(v)
	byID := map[int64]*articleView{}
	for _, av := range v.Articles {
		byID[av.Article.ID] = av
	}
	var variants []variant
	type single struct {
		ArticleID int64
		Outlet    string
		Speaker   string
		Text      string
		Status    string
	}
	var singles []single
	seen := map[string]bool{}
	for _, av := range v.Articles {
		if av.Analysis == nil {
			continue
		}
		for _, q := range av.Analysis.Quotes {
			if q.Direct && q.Status != news.QuoteCorroborated {
				singles = append(singles, single{av.Article.ID, av.Article.Outlet, q.SpeakerName, q.Text, q.Status})
			}
		}
		for _, l := range av.Analysis.QuoteLinks {
			key := fmt.Sprint(l.From, l.To)
			if !l.SameStory || seen[key] {
				continue
			}
			seen[key] = true
			a, b := byID[l.From.ArticleID], byID[l.To.ArticleID]
			if a == nil || b == nil || a.Analysis == nil || b.Analysis == nil || l.From.Index >= len(a.Analysis.Quotes) || l.To.Index >= len(b.Analysis.Quotes) {
				continue
			}
			qa, qb := a.Analysis.Quotes[l.From.Index], b.Analysis.Quotes[l.To.Index]
			var ma, mb []news.Span
			for _, p := range l.Aligned {
				ma, mb = append(ma, p.From), append(mb, p.To)
			}
			variants = append(variants, variant{
				Left: quoteWords(b.Article.Text, qb.Span, mb), Right: quoteWords(a.Article.Text, qa.Span, ma),
				LeftID: b.Article.ID, RightID: a.Article.ID, LeftOutlet: b.Article.Outlet, RightOutl: a.Article.Outlet,
				Kind: l.Kind, Score: l.Score, Speaker: qa.SpeakerName,
			})
		}
	}
	// The rewordings are what a reader needs to see; verbatim copies last.
	rank := map[string]int{news.VariantReworded: 0, news.VariantTruncated: 1, news.VariantRepunctuated: 2, news.VariantVerbatim: 3}
	sort.SliceStable(variants, func(i, j int) bool { return rank[variants[i].Kind] < rank[variants[j].Kind] })
	more := 0
	if len(variants) > 12 {
		more, variants = len(variants)-12, variants[:12]
	}
	s.page(w, r, "story.html", map[string]any{"S": v, "Nodes": nodes, "Edges": edges, "Width": width, "Variants": variants, "More": more, "Singles": singles})
}

// span is an evidence span with the signal it belongs to.
type mark struct {
	sp    news.Span
	class string
	title string
	href  string
}

// highlight splits text into paragraphs of pieces, marking the spans.
// Overlapping marks: the first listed wins for the overlap.
func highlight(txt string, marks []mark) [][]piece {
	bounds := map[int]bool{0: true, len(txt): true}
	for _, m := range marks {
		if m.sp.Valid(len(txt)) {
			bounds[m.sp.Start], bounds[m.sp.End] = true, true
		}
	}
	for i := 0; i+1 < len(txt); i++ {
		if txt[i] == '\n' && txt[i+1] == '\n' {
			bounds[i], bounds[i+2] = true, true
		}
	}
	cuts := make([]int, 0, len(bounds))
	for b := range bounds {
		cuts = append(cuts, b)
	}
	sort.Ints(cuts)
	paras := [][]piece{nil}
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
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
	return paras
}

// reusedPair is a passage shown beside its source.
type reusedPair struct {
	Kind      string
	Score     float64
	Text      string
	SourceID  int64
	Source    string
	SourceOut string
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
	an, err := s.Store.FindAnalysis(r.Context(), id)
	if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	var marks []mark
	var reused []reusedPair
	if an != nil {
		for i, sg := range an.Report.Signals {
			for _, sp := range sg.Spans {
				marks = append(marks, mark{sp: sp, class: "sig-" + sg.Type, title: sg.Explanation, href: fmt.Sprintf("#signal-%d", i)})
			}
		}
		sources := map[int64]*news.Article{}
		for _, p := range an.Provenance.Passages {
			marks = append(marks, mark{sp: p.Span, class: "reused", title: fmt.Sprintf("%s from #%d", p.Kind, p.SourceID), href: fmt.Sprintf("/articles/%d", p.SourceID)})
			src, ok := sources[p.SourceID]
			if !ok {
				src, _ = s.Store.FindArticleByID(r.Context(), p.SourceID)
				sources[p.SourceID] = src
			}
			rp := reusedPair{Kind: p.Kind, Score: p.Score, Text: p.Span.Slice(a.Text), SourceID: p.SourceID}
			if src != nil && p.SourceSpan.Valid(len(src.Text)) {
				rp.Source, rp.SourceOut = p.SourceSpan.Slice(src.Text), src.Outlet
			}
			reused = append(reused, rp)
		}
	}
	s.page(w, r, "article.html", map[string]any{"A": a, "An": an, "Paras": highlight(a.Text, marks), "Reused": reused})
}

func (s *Server) uiSubmitForm(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, "submit.html", map[string]any{"ReadOnly": s.Submit == nil})
}

// uiSubmit analyses pasted text, a URL or uploaded files, then redirects to
// the first story (POST-redirect-GET) or shows what failed.
func (s *Server) uiSubmit(w http.ResponseWriter, r *http.Request) {
	if s.Submit == nil {
		s.fail(w, r, news.Errorf(news.EINVALID, "this server is read-only"))
		return
	}
	if !s.authorized(r) && r.FormValue("token") != s.Token {
		w.WriteHeader(http.StatusUnauthorized)
		s.page(w, r, "error.html", map[string]any{"Status": 401, "Message": "a valid token is required"})
		return
	}
	if err := r.ParseMultipartForm(s.MaxBody); err != nil && err != http.ErrNotMultipart {
		s.fail(w, r, news.Errorf(news.EINVALID, "form: %v", err))
		return
	}
	var inputs []Input
	if t := strings.TrimSpace(r.FormValue("text")); t != "" {
		inputs = append(inputs, Input{Name: "pasted text", ContentType: "text/plain", Body: []byte(t)})
	}
	if u := strings.TrimSpace(r.FormValue("url")); u != "" {
		inputs = append(inputs, Input{Name: u, URL: u})
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(f)
			f.Close()
			if err == nil {
				inputs = append(inputs, Input{Name: fh.Filename, Body: b})
			}
		}
	}
	if len(inputs) == 0 {
		w.WriteHeader(http.StatusBadRequest)
		s.page(w, r, "submit.html", map[string]any{"Errors": []string{"Paste a text, give a URL or choose files."}})
		return
	}
	res, err := s.Submit.Submit(r.Context(), inputs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(res.StoryIDs) > 0 && len(res.Errors) == 0 {
		http.Redirect(w, r, fmt.Sprintf("/stories/%d", res.StoryIDs[0]), http.StatusSeeOther)
		return
	}
	s.page(w, r, "submit.html", map[string]any{"Errors": res.Errors, "Result": res})
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var arts []*news.Article
	total := 0
	if q != "" {
		var err error
		arts, total, err = s.Store.FindArticles(r.Context(), news.ArticleFilter{Query: &q, Limit: 50})
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.page(w, r, "search.html", map[string]any{"Q": q, "Articles": arts, "Total": total})
}
