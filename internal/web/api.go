package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

//go:embed openapi.json
var openAPI []byte

// route is one endpoint. The OpenAPI document lists exactly the API's.
type route struct {
	Method, Path string
	handler      http.HandlerFunc
}

func (s *Server) apiRoutes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", s.apiOpenAPI},
		{"GET", "/api/v1/stories", s.api(s.apiStories)},
		{"GET", "/api/v1/stories/{id}", s.api(s.apiStory)},
		{"GET", "/api/v1/articles/{id}", s.api(s.apiArticle)},
		{"POST", "/api/v1/articles", s.api(s.apiSubmit)},
		{"GET", "/api/v1/search", s.api(s.apiSearch)},
	}
}

// APIRoutes lists the API's routes as "METHOD /path" patterns, in the
// ServeMux syntax the server registers them with.
func APIRoutes() []string {
	var out []string
	for _, r := range (&Server{}).apiRoutes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// envelope is every API response: {"status":"success","data":…} or
// {"status":"error","errorType":"not_found","error":"…"}.
type envelope struct {
	Status    string `json:"status"`
	Data      any    `json:"data,omitempty"`
	ErrorType string `json:"errorType,omitempty"`
	Error     string `json:"error,omitempty"`
}

// api turns a handler that returns (data, error) into one JSON response:
// the data with status 200, or the error envelope with the status of the
// error's code.
func (s *Server) api(fn func(r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := fn(r)
		if err != nil {
			s.writeAPIError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, envelope{Status: "success", Data: data})
	}
}

func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	typ, status, msg := s.errorInfo(r, err)
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="crosscheck"`)
	case http.StatusMethodNotAllowed: // which methods the path takes (RFC 9110)
		if allowed := s.allowedMethods(r, s.apiRoutes()); len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
		}
	}
	writeJSON(w, status, envelope{Status: "error", ErrorType: typ, Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// The status is sent: an encoding error can only be a broken connection.
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPI)
}

// apiUnknown answers requests under /api/v1 that no route takes: 405 when
// the path exists for another method, else 404.
func (s *Server) apiUnknown(r *http.Request) (any, error) {
	if allowed := s.allowedMethods(r, s.apiRoutes()); len(allowed) > 0 {
		return nil, news.Errorf(codeMethod, "%s %s: use %s", r.Method, r.URL.Path, strings.Join(allowed, " or "))
	}
	return nil, news.Errorf(news.ENOTFOUND, "no API endpoint at %s (see /api/v1/openapi.json)", r.URL.Path)
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, news.Errorf(news.EINVALID, "%q is not an ID", r.PathValue("id"))
	}
	return id, nil
}

// page reads limit and offset; limit defaults to def and is at most 500.
func pageParams(r *http.Request, def int) (limit, offset int, err error) {
	limit = def
	q := r.URL.Query()
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"limit", &limit, 500}, {"offset", &offset, 1 << 30}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > p.max {
				return 0, 0, news.Errorf(news.EINVALID, "%s: %q is not a number from 0 to %d", p.name, v, p.max)
			}
			*p.dst = n
		}
	}
	if limit == 0 {
		limit = def
	}
	return limit, offset, nil
}

// parseTime accepts an RFC 3339 time or a date.
func parseTime(name, v string) (*time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		if t, err = time.Parse("2006-01-02", v); err != nil {
			return nil, news.Errorf(news.EINVALID, "%s: %q is not an RFC 3339 time or a date", name, v)
		}
	}
	return &t, nil
}

// storyFilter reads since, until, outlet, lang, min_risk, limit and offset.
func storyFilter(r *http.Request) (news.StoryFilter, error) {
	q := r.URL.Query()
	f := news.StoryFilter{NonEmpty: true} // readers see stories with articles
	var err error
	if v := q.Get("since"); v != "" {
		if f.Since, err = parseTime("since", v); err != nil {
			return f, err
		}
	}
	if v := q.Get("until"); v != "" {
		if f.Until, err = parseTime("until", v); err != nil {
			return f, err
		}
	}
	if v := strings.TrimSpace(q.Get("outlet")); v != "" {
		f.Outlet = &v
	}
	if v := strings.TrimSpace(q.Get("lang")); v != "" {
		f.Lang = &v
	}
	if v := q.Get("min_risk"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !(x >= 0 && x <= 1) {
			return f, news.Errorf(news.EINVALID, "min_risk: %q is not a number from 0 to 1", v)
		}
		f.MinRisk = &x
	}
	f.Limit, f.Offset, err = pageParams(r, 50)
	return f, err
}

// storyList is a page of stories.
type storyList struct {
	Total   int           `json:"total"`
	Limit   int           `json:"limit"`
	Offset  int           `json:"offset"`
	Stories []*news.Story `json:"stories"`
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
	if stories == nil {
		stories = []*news.Story{}
	}
	return storyList{Total: total, Limit: f.Limit, Offset: f.Offset, Stories: stories}, nil
}

// storyView is a story with its articles, in arrival order, and everything
// known about them.
type storyView struct {
	Story    *news.Story    `json:"story"`
	Articles []*articleView `json:"articles"`
}

// articleView is an article with its analysis: quotes, quote links,
// provenance (reused passages) and report. Analysis is null for an article
// not analysed yet.
type articleView struct {
	Article  *news.Article  `json:"article"`
	Analysis *news.Analysis `json:"analysis"`
}

// loadStory reads a story, its articles in arrival order (by publication
// time, undated last, then ID) and their analyses.
func (s *Server) loadStory(r *http.Request, id int64) (*storyView, error) {
	st, err := s.Store.FindStoryByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	arts, _, err := s.Store.FindArticles(r.Context(), news.ArticleFilter{StoryID: &id})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(arts, func(i, j int) bool {
		a, b := arts[i], arts[j]
		if a.Published.IsZero() != b.Published.IsZero() {
			return !a.Published.IsZero()
		}
		if !a.Published.Equal(b.Published) {
			return a.Published.Before(b.Published)
		}
		return a.ID < b.ID
	})
	v := &storyView{Story: st, Articles: []*articleView{}}
	for _, a := range arts {
		av, err := s.withAnalysis(r, a)
		if err != nil {
			return nil, err
		}
		v.Articles = append(v.Articles, av)
	}
	return v, nil
}

func (s *Server) withAnalysis(r *http.Request, a *news.Article) (*articleView, error) {
	an, err := s.Store.FindAnalysis(r.Context(), a.ID)
	if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
		return nil, err
	}
	return &articleView{Article: a, Analysis: an}, nil
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
	return s.withAnalysis(r, a)
}

// searchHit is one article a search found.
type searchHit struct {
	ID        int64     `json:"id"`
	StoryID   int64     `json:"story_id"`
	Title     string    `json:"title"`
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published,omitzero"`
	Lang      string    `json:"lang"`
}

// searchResult is a page of search hits.
type searchResult struct {
	Query    string      `json:"query"`
	Total    int         `json:"total"`
	Limit    int         `json:"limit"`
	Offset   int         `json:"offset"`
	Articles []searchHit `json:"articles"`
}

func (s *Server) search(r *http.Request) (*searchResult, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return nil, news.Errorf(news.EINVALID, "q: a search query is required")
	}
	limit, offset, err := pageParams(r, 50)
	if err != nil {
		return nil, err
	}
	arts, total, err := s.Store.FindArticles(r.Context(), news.ArticleFilter{Query: &q, Limit: limit, Offset: offset})
	if err != nil {
		return nil, err
	}
	res := &searchResult{Query: q, Total: total, Limit: limit, Offset: offset, Articles: []searchHit{}}
	for _, a := range arts {
		res.Articles = append(res.Articles, searchHit{a.ID, a.StoryID, a.Title, a.Outlet, a.Published, a.Lang})
	}
	return res, nil
}

func (s *Server) apiSearch(r *http.Request) (any, error) { return s.search(r) }

// submitResponse is what POST /api/v1/articles answers: the submission's
// result with the stories it touched, as they are now.
type submitResponse struct {
	*SubmitResult
	Stories []*news.Story `json:"stories"`
}

// apiSubmit analyses a posted document: a JSON object {"url": …} naming an
// article or a feed, one JSON Lines record (or an array of them, or
// several lines), or raw HTML or text with its Content-Type.
func (s *Server) apiSubmit(r *http.Request) (any, error) {
	if !s.authorized(r, "") {
		return nil, news.Errorf(codeUnauthorized, "a valid bearer token is required")
	}
	if s.Submit == nil {
		return nil, news.Errorf(news.ECONFLICT, "this server is read-only")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	in, err := apiInput(ct, body)
	if err != nil {
		return nil, err
	}
	res, err := s.Submit.Submit(r.Context(), []Input{in})
	if err != nil {
		return nil, err
	}
	if len(res.Articles) == 0 {
		msg := "no article could be read"
		if len(res.Errors) > 0 {
			msg = res.Errors[0].Error
		}
		return nil, news.Errorf(news.EINVALID, "%s", msg)
	}
	out := submitResponse{SubmitResult: res, Stories: []*news.Story{}}
	for _, id := range res.StoryIDs {
		st, err := s.Store.FindStoryByID(r.Context(), id)
		if err != nil {
			return nil, err
		}
		out.Stories = append(out.Stories, st)
	}
	return out, nil
}

// apiInput decides what a POST body is. JSON: an object with only "url" is
// a page or feed to fetch; other objects are JSON Lines records, and an
// array is a list of them. Anything else is read by its Content-Type (or,
// without one, its first bytes) like a file.
func apiInput(ct string, body []byte) (Input, error) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return Input{}, news.Errorf(news.EINVALID, "the request body is empty")
	}
	if ct != "application/json" {
		return Input{Name: "request", ContentType: ct, Body: body}, nil
	}
	// Records are compacted to one line each: the JSON Lines reader then
	// names a bad record by its position and field.
	var recs []json.RawMessage
	if strings.HasPrefix(strings.TrimSpace(string(body)), "[") {
		if err := json.Unmarshal(body, &recs); err != nil {
			return Input{}, news.Errorf(news.EINVALID, "request body: %v", err)
		}
	} else {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			// Not one object: perhaps several lines of records.
			return Input{Name: "request", ContentType: "application/x-ndjson", Body: body}, nil
		}
		if len(fields) == 1 && fields["url"] != nil {
			var u string
			if err := json.Unmarshal(fields["url"], &u); err != nil || !ingest.IsHTTPURL(u) {
				return Input{}, news.Errorf(news.EINVALID, "url: an http or https URL is required")
			}
			return Input{Name: u, URL: u}, nil
		}
		recs = []json.RawMessage{body}
	}
	if len(recs) == 0 {
		return Input{}, news.Errorf(news.EINVALID, "the request holds no record")
	}
	var b bytes.Buffer
	for i, rec := range recs {
		if i > 0 {
			b.WriteByte('\n')
		}
		if err := json.Compact(&b, rec); err != nil {
			return Input{}, news.Errorf(news.EINVALID, "record %d: %v", i+1, err)
		}
	}
	return Input{Name: "request", ContentType: "application/x-ndjson", Body: b.Bytes()}, nil
}
