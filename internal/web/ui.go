package web

import (
	"bytes"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// riskClass buckets a risk score for its badge colour.
func riskClass(r float64) string {
	switch {
	case r >= 0.5:
		return "risk-high"
	case r >= 0.2:
		return "risk-medium"
	}
	return "risk-low"
}

var funcs = template.FuncMap{
	"riskClass": riskClass,
	"riskWord": func(r float64) string {
		switch riskClass(r) {
		case "risk-high":
			return "high risk"
		case "risk-medium":
			return "some risk"
		}
		return "low risk"
	},
	"pct": func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
	"f2":  func(x float64) string { return fmt.Sprintf("%.2f", x) },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "undated"
		}
		t = t.UTC()
		if t.Hour() == 0 && t.Minute() == 0 {
			return t.Format("2 Jan 2006")
		}
		return t.Format("2 Jan 2006 15:04 UTC")
	},
	"iso":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"join": strings.Join,
	// hasPrefix tells an error that names its input already.
	"hasPrefix": strings.HasPrefix,
	"or": func(a, b string) string {
		if strings.TrimSpace(a) != "" {
			return a
		}
		return b
	},
	"signalName": signalName,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"add": func(a, b int) int { return a + b },
}

// signalName is a signal type as a reader calls it.
func signalName(typ string) string {
	switch typ {
	case news.SignalSplicedPassage:
		return "Spliced passage"
	case news.SignalUncorroboratedQuote:
		return "Uncorroborated quote"
	case news.SignalTransplantedQuote:
		return "Transplanted quote"
	case news.SignalDateContradiction:
		return "Date contradiction"
	case news.SignalNumberContradiction:
		return "Number contradiction"
	case news.SignalBylineConflict:
		return "Byline conflict"
	case news.SignalCopiedUnderOtherByline:
		return "Copied under another byline"
	case news.SignalClickbaitInsert:
		return "Clickbait insert"
	case news.SignalClickbaitHeadline:
		return "Clickbait headline"
	case news.SignalSourceReputation:
		return "Source reputation"
	case news.SignalStance:
		return "Stance"
	case news.SignalLowOriginality:
		return "Low originality"
	case credibility.SignalWritingStyle:
		return "Writing style"
	case credibility.SignalNotCrossChecked:
		return "Not cross-checked"
	}
	return typ
}

// pageData is what every page template gets.
type pageData struct {
	Title string
	Nav   string // the header link to mark as current
	Data  any
}

// page renders a template into a buffer first, so that a failed render
// becomes an error page rather than half a page.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, name, title, nav string, data any) {
	var b bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&b, name, pageData{Title: title, Nav: nav, Data: data}); err != nil {
		s.Logger.Error("render", slog.String("template", name), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// fail renders the error page with the status of err's code.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	typ, status, msg := s.errorInfo(r, err)
	s.page(w, r, status, "error.html", http.StatusText(status), "", map[string]any{"Status": status, "Type": typ, "Message": msg})
}

// storiesPage is the story list.
type storiesPage struct {
	Stories []*news.Story
	Total   int
	Filter  news.StoryFilter
	Query   url.Values
	Prev    string
	Next    string
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
	p := storiesPage{Stories: stories, Total: total, Filter: f, Query: r.URL.Query()}
	p.Prev, p.Next = pager(r, "/", f.Offset, f.Limit, len(stories), total)
	s.page(w, r, http.StatusOK, "stories.html", "Stories", "stories", p)
}

// pager returns the links to the previous and the next page of a list
// that shows n of total items from offset, limit a page, keeping the
// request's other parameters; "" where there is none.
func pager(r *http.Request, path string, offset, limit, n, total int) (prev, next string) {
	link := func(off int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(off))
		return path + "?" + q.Encode()
	}
	if offset > 0 {
		prev = link(max(offset-limit, 0))
	}
	if offset+n < total {
		next = link(offset + limit)
	}
	return prev, next
}

func (s *Server) uiSearch(w http.ResponseWriter, r *http.Request) {
	var res *searchResult
	if strings.TrimSpace(r.URL.Query().Get("q")) != "" {
		var err error
		if res, err = s.search(r); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	data := map[string]any{"Q": r.URL.Query().Get("q"), "Result": res, "From": 0, "To": 0, "Prev": "", "Next": ""}
	if res != nil {
		data["From"], data["To"] = res.Offset+1, res.Offset+len(res.Articles)
		data["Prev"], data["Next"] = pager(r, "/search", res.Offset, res.Limit, len(res.Articles), res.Total)
	}
	s.page(w, r, http.StatusOK, "search.html", "Search", "search", data)
}
