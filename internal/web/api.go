package web

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	_ "embed"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

//go:embed openapi.json
var openAPI []byte

// route is one API endpoint; the OpenAPI document must list exactly these.
type route struct {
	Method, Path string
	handler      http.HandlerFunc
}

func apiRoutes(s *Server) []route {
	return []route{
		{"GET", "/api/v1/openapi.json", s.apiOpenAPI},
		{"GET", "/api/v1/stories", s.api(s.apiStories)},
		{"GET", "/api/v1/stories/{id}", s.api(s.apiStory)},
		{"GET", "/api/v1/articles/{id}", s.api(s.apiArticle)},
		{"GET", "/api/v1/search", s.api(s.apiSearch)},
		{"POST", "/api/v1/articles", s.api(s.apiSubmit)},
	}
}

// api wraps a handler that returns (data, error) into one JSON response
// shape: the data with status 200, or the error envelope.
func (s *Server) api(fn func(r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := fn(r)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if err != nil {
			typ, status, msg := s.errorInfo(r, err)
			if err == errUnauthorized {
				typ, status, msg = "unauthorized", http.StatusUnauthorized, "a valid bearer token is required"
			}
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(map[string]string{"status": "error", "errorType": typ, "error": msg})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"status": "success", "data": data})
	}
}

var errUnauthorized = news.Errorf("unauthorized", "unauthorized")

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, news.Errorf(news.EINVALID, "%q is not an ID", r.PathValue("id"))
	}
	return id, nil
}

// storyFilter reads since, until, outlet, lang, min_risk, limit and offset.
func storyFilter(r *http.Request) (news.StoryFilter, error) {
	q := r.URL.Query()
	f := news.StoryFilter{Limit: 50}
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				if t, err = time.Parse("2006-01-02", v); err != nil {
					return f, news.Errorf(news.EINVALID, "%s: %q is not an RFC 3339 time or a date", p.name, v)
				}
			}
			*p.dst = &t
		}
	}
	if v := q.Get("outlet"); v != "" {
		f.Outlet = &v
	}
	if v := q.Get("lang"); v != "" {
		f.Lang = &v
	}
	if v := q.Get("min_risk"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 0 || x > 1 {
			return f, news.Errorf(news.EINVALID, "min_risk: %q is not a number in [0, 1]", v)
		}
		f.MinRisk = &x
	}
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"limit", &f.Limit, 500}, {"offset", &f.Offset, 1 << 30}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > p.max {
				return f, news.Errorf(news.EINVALID, "%s: %q is not a number from 0 to %d", p.name, v, p.max)
			}
			*p.dst = n
		}
	}
	return f, nil
}

func (s *Server) apiStories(r *http.Request) (any, error) {
	f, err := storyFilter(r)
	if err != nil {
		return nil, err
	}
	stories, total, err := s.Store.FindStories(r.Context(), f)
	if err != nil {
		return nil, err
	}
	return map[string]any{"total": total, "stories": stories}, nil
}

// storyView is a story with everything known about its articles.
type storyView struct {
	Story    *news.Story    `json:"story"`
	Articles []*articleView `json:"articles"`
}

type articleView struct {
	Article  *news.Article  `json:"article"`
	Analysis *news.Analysis `json:"analysis"`
}

func (s *Server) loadStory(r *http.Request, id int64) (*storyView, error) {
	st, err := s.Store.FindStoryByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	arts, _, err := s.Store.FindArticles(r.Context(), news.ArticleFilter{StoryID: &id})
	if err != nil {
		return nil, err
	}
	v := &storyView{Story: st}
	for _, a := range arts {
		an, err := s.Store.FindAnalysis(r.Context(), a.ID)
		if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
			return nil, err
		}
		v.Articles = append(v.Articles, &articleView{Article: a, Analysis: an})
	}
	return v, nil
}

func (s *Server) apiStory(r *http.Request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.loadStory(r, id)
}

func (s *Server) apiArticle(r *http.Request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := s.Store.FindArticleByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	an, err := s.Store.FindAnalysis(r.Context(), id)
	if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
		return nil, err
	}
	return &articleView{Article: a, Analysis: an}, nil
}

func (s *Server) apiSearch(r *http.Request) (any, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return nil, news.Errorf(news.EINVALID, "q: a search query is required")
	}
	arts, total, err := s.Store.FindArticles(r.Context(), news.ArticleFilter{Query: &q, Limit: 50})
	if err != nil {
		return nil, err
	}
	type hit struct {
		ID      int64  `json:"id"`
		StoryID int64  `json:"story_id"`
		Title   string `json:"title"`
		Outlet  string `json:"outlet"`
	}
	hits := []hit{}
	for _, a := range arts {
		hits = append(hits, hit{a.ID, a.StoryID, a.Title, a.Outlet})
	}
	return map[string]any{"total": total, "articles": hits}, nil
}

// apiSubmit analyses a posted document: a JSON object {"url": ...}, a JSON
// Lines record (or several, one per line), or raw HTML or text with its
// Content-Type.
func (s *Server) apiSubmit(r *http.Request) (any, error) {
	if !s.authorized(r) {
		return nil, errUnauthorized
	}
	if s.Submit == nil {
		return nil, news.Errorf(news.EINVALID, "this server is read-only")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	in := Input{Name: "request", ContentType: ct, Body: body}
	if ct == "application/json" {
		var u struct {
			URL string `json:"url"`
		}
		if json.Unmarshal(body, &u) == nil && u.URL != "" && !strings.Contains(string(body), `"text"`) && !strings.Contains(string(body), `"html"`) {
			in = Input{Name: u.URL, URL: u.URL}
		} else {
			in.ContentType = "application/x-ndjson"
		}
	}
	if in.URL == "" && len(strings.TrimSpace(string(body))) == 0 {
		return nil, news.Errorf(news.EINVALID, "empty request body")
	}
	return s.Submit.Submit(r.Context(), []Input{in})
}

// Routes lists the API's routes as "METHOD /path", for the OpenAPI check.
func Routes() []string {
	var out []string
	for _, r := range apiRoutes(&Server{}) {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}
