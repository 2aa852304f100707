// Package web serves crosscheck's HTTP JSON API under /api/v1 and its
// server-rendered web UI: story list, story pages with the provenance graph
// and quote variants, article pages with highlighted evidence, and an input
// page. Untrusted article text reaches pages only through html/template's
// contextual escaping; pages carry a strict Content-Security-Policy and no
// script at all.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Input is one document submitted for analysis.
type Input struct {
	Name        string // a file name or label
	ContentType string
	Body        []byte
	URL         string // fetched instead of Body when set
}

// SubmitResult is what an analysis of submitted inputs produced.
type SubmitResult struct {
	ArticleIDs []int64   `json:"article_ids"`
	StoryIDs   []int64   `json:"story_ids"`
	Errors     []string  `json:"errors"`
	Stored     int       `json:"stored"`
	Duplicates int       `json:"duplicates"`
	At         time.Time `json:"at"`
}

// Submitter analyses submitted inputs into the store. Implementations
// serialise analyses: the engine behind them is not safe for concurrent use.
type Submitter interface {
	Submit(ctx context.Context, inputs []Input) (*SubmitResult, error)
}

// Server is the HTTP server's handler set.
type Server struct {
	Store  news.Store
	Submit Submitter
	Logger *slog.Logger
	// Token, when set, is required as "Authorization: Bearer TOKEN" on
	// every write endpoint.
	Token string
	// MaxBody caps request bodies (default 10 MiB).
	MaxBody int64
	cache   *pageCache

	tmpl *template.Template
	mux  *http.ServeMux
}

// New returns a server on st; submit may be nil for a read-only server.
func New(st news.Store, submit Submitter, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	// Rendered GET responses are reused for a second (see pageCache).
	s := &Server{Store: st, Submit: submit, Logger: logger, MaxBody: 10 << 20, cache: &pageCache{TTL: time.Second, Max: 2000}}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	s.tmpl = t
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.FS(static))))
	for _, r := range apiRoutes(s) {
		s.mux.HandleFunc(r.Method+" "+r.Path, r.handler)
	}
	s.mux.HandleFunc("GET /{$}", s.uiStories)
	s.mux.HandleFunc("GET /stories/{id}", s.uiStory)
	s.mux.HandleFunc("GET /articles/{id}", s.uiArticle)
	s.mux.HandleFunc("GET /submit", s.uiSubmitForm)
	s.mux.HandleFunc("POST /submit", s.uiSubmit)
	s.mux.HandleFunc("GET /search", s.uiSearch)
}

// ServeHTTP applies the security headers, the body limit and panic
// recovery, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
	defer func() {
		if v := recover(); v != nil {
			s.Logger.Error("panic", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("panic", v))
			http.Error(w, "Internal error.", http.StatusInternalServerError)
		}
	}()
	s.cache.serve(w, r, s.mux)
}

// authorized checks the bearer token of write requests.
func (s *Server) authorized(r *http.Request) bool {
	return s.Token == "" || r.Header.Get("Authorization") == "Bearer "+s.Token
}

// errorTypes maps domain error codes to the API's machine codes and HTTP
// statuses: the one table of the server.
var errorTypes = map[string]struct {
	typ    string
	status int
}{
	news.EINVALID:  {"bad_data", http.StatusBadRequest},
	news.ENOTFOUND: {"not_found", http.StatusNotFound},
	news.ECONFLICT: {"conflict", http.StatusConflict},
	news.EINTERNAL: {"internal", http.StatusInternalServerError},
	"unauthorized": {"unauthorized", http.StatusUnauthorized},
	"too_large":    {"too_large", http.StatusRequestEntityTooLarge},
}

// errorInfo returns the machine code, status and user message of err.
// Internal errors are logged here, at the edge, and shown as "Internal
// error.".
func (s *Server) errorInfo(r *http.Request, err error) (string, int, string) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		e := errorTypes["too_large"]
		return e.typ, e.status, fmt.Sprintf("request body over %d bytes", mbe.Limit)
	}
	code := news.ErrorCode(err)
	e, ok := errorTypes[code]
	if !ok {
		e = errorTypes[news.EINTERNAL]
	}
	if code == news.EINTERNAL {
		s.Logger.Error("internal error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		return e.typ, e.status, "Internal error."
	}
	return e.typ, e.status, news.ErrorMessage(err)
}
