// Package web serves crosscheck's HTTP JSON API under /api/v1 and its
// server-rendered web UI: the story list, story pages (timeline, provenance
// graph, corroborated core, quote variants), article pages with highlighted
// evidence, and an input page.
//
// Untrusted article text reaches pages only through html/template's
// contextual escaping; pages carry a strict Content-Security-Policy and no
// script at all. Handlers only read the store; every analysis goes through
// one Submitter, which serialises it (the engine is not safe for concurrent
// use).
package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Store is what the server reads: news.Store without its writes. Every
// write goes through the Submitter. Implementations are safe for
// concurrent use.
type Store interface {
	FindArticleByID(ctx context.Context, id int64) (*news.Article, error)
	FindArticles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, int, error)
	FindStoryByID(ctx context.Context, id int64) (*news.Story, error)
	FindStories(ctx context.Context, f news.StoryFilter) ([]*news.Story, int, error)
	FindAnalysis(ctx context.Context, articleID int64) (*news.Analysis, error)
}

// Submitter analyses submitted inputs into the store. Implementations are
// safe for concurrent use and serialise the analyses themselves (see
// Analyzer).
type Submitter interface {
	Submit(ctx context.Context, inputs []Input) (*SubmitResult, error)
}

// Security headers of every response. No script may run at all; styles
// come only from /static.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Server is crosscheck's HTTP handler: the JSON API and the web UI over one
// store. Its exported fields may be set before it serves.
type Server struct {
	Store  Store
	Submit Submitter // nil: the server is read-only
	Logger *slog.Logger
	// Token, when set, is required on every write: as "Authorization:
	// Bearer TOKEN" on the API, or in the input form's token field.
	Token string
	// MaxBody caps request bodies in bytes (default 10 MiB).
	MaxBody int64
	// CacheTTL is how long a rendered GET response is reused (default one
	// second, see pageCache); negative turns the cache off.
	CacheTTL time.Duration

	tmpl  *template.Template
	mux   *http.ServeMux
	cache pageCache
	csrf  *http.CrossOriginProtection

	mu          sync.Mutex
	submissions map[string]*submission // results of UI submissions, for POST-redirect-GET
	subOrder    []string
}

// New returns a server on st; submit may be nil for a read-only server and
// logger nil to discard logs.
func New(st Store, submit Submitter, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{Store: st, Submit: submit, Logger: logger, MaxBody: 10 << 20, CacheTTL: time.Second,
		csrf: http.NewCrossOriginProtection()}
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	s.tmpl = t
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

// uiRoutes lists the pages as "METHOD /path" patterns.
func (s *Server) uiRoutes() []route {
	return []route{
		{Method: "GET", Path: "/{$}", handler: s.uiStories},
		{Method: "GET", Path: "/stories/{id}", handler: s.uiStory},
		// The story list is the home page; /stories, which a reader gets
		// by cutting a story's address, leads there.
		{Method: "GET", Path: "/stories", handler: toStoryList},
		{Method: "GET", Path: "/stories/{$}", handler: toStoryList},
		{Method: "GET", Path: "/articles/{id}", handler: s.uiArticle},
		{Method: "GET", Path: "/submit", handler: s.uiSubmitForm},
		{Method: "POST", Path: "/submit", handler: s.uiSubmit},
		{Method: "GET", Path: "/submissions/{id}", handler: s.uiSubmission},
		{Method: "GET", Path: "/search", handler: s.uiSearch},
	}
}

func (s *Server) routes() {
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	files := http.StripPrefix("/static/", http.FileServer(http.FS(static)))
	s.mux.HandleFunc("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		// Files only: no directory listing, and a missing file gets the
		// error page like any other missing page.
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if fi, err := fs.Stat(static, name); err != nil || fi.IsDir() {
			s.fail(w, r, news.Errorf(news.ENOTFOUND, "there is no page at %s", r.URL.Path))
			return
		}
		files.ServeHTTP(w, r)
	})
	for _, r := range s.apiRoutes() {
		s.mux.HandleFunc(r.Method+" "+r.Path, r.handler)
	}
	// Anything else under /api/v1 gets the JSON envelope, not an HTML page.
	s.mux.HandleFunc("/api/v1/", s.api(s.apiUnknown))
	for _, r := range s.uiRoutes() {
		s.mux.HandleFunc(r.Method+" "+r.Path, r.handler)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// A page that exists for another method (POST /stories/1) is 405
		// with the methods it takes, as in the API, not "no page".
		if allowed := s.allowedMethods(r, s.uiRoutes()); len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			s.fail(w, r, news.Errorf(codeMethod, "%s %s: this page takes %s", r.Method, r.URL.Path, strings.Join(allowed, " or ")))
			return
		}
		s.fail(w, r, news.Errorf(news.ENOTFOUND, "there is no page at %s", r.URL.Path))
	})
}

// toStoryList redirects to the story list, keeping the query (filters).
func toStoryList(w http.ResponseWriter, r *http.Request) {
	u := "/"
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, u, http.StatusMovedPermanently)
}

// allowedMethods returns the methods of routes that serve r's path, in
// the routes' order.
func (s *Server) allowedMethods(r *http.Request, routes []route) []string {
	var allowed []string
	// One shallow copy serves every route: ServeMux.Handler reads the
	// request and changes nothing but what is set here.
	probe := r.WithContext(r.Context())
	for _, rt := range routes {
		probe.Method = rt.Method
		if _, pat := s.mux.Handler(probe); pat == rt.Method+" "+rt.Path {
			allowed = append(allowed, rt.Method)
		}
	}
	return allowed
}

// ServeHTTP sets the security headers, recovers from panics, refuses
// cross-origin writes, limits the body, and serves from the page cache or
// the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.Logger.Error("panic", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("panic", v))
			http.Error(w, "Internal error.", http.StatusInternalServerError)
		}
	}()
	if err := s.csrf.Check(r); err != nil {
		s.respondError(w, r, news.Errorf(codeForbidden, "cross-origin request refused"))
		return
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// Every write may change what any page shows.
		defer s.cache.clear()
	}
	s.cache.serve(w, r, s.CacheTTL, s.mux)
}

// authorized reports whether r carries the token, as a bearer token or as
// the form field "token". Always true when the server has no token.
func (s *Server) authorized(r *http.Request, formToken string) bool {
	if s.Token == "" {
		return true
	}
	got := formToken
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		got = strings.TrimPrefix(a, "Bearer ")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.Token)) == 1
}

// The server's own error codes, beside news's: each is a row of the one
// table below.
const (
	codeUnauthorized = "unauthorized"
	codeForbidden    = "forbidden"
	codeTooLarge     = "too_large"
	codeMethod       = "method_not_allowed"
	codeUnavailable  = "unavailable"
)

// errorTypes maps every error code to the API's stable machine name and
// HTTP status: the one table of the server.
var errorTypes = map[string]struct {
	Type   string
	Status int
}{
	news.EINVALID:    {"bad_data", http.StatusBadRequest},
	news.ENOTFOUND:   {"not_found", http.StatusNotFound},
	news.ECONFLICT:   {"conflict", http.StatusConflict},
	news.EINTERNAL:   {"internal", http.StatusInternalServerError},
	codeUnauthorized: {"unauthorized", http.StatusUnauthorized},
	codeForbidden:    {"forbidden", http.StatusForbidden},
	codeTooLarge:     {"too_large", http.StatusRequestEntityTooLarge},
	codeMethod:       {"method_not_allowed", http.StatusMethodNotAllowed},
	codeUnavailable:  {"unavailable", http.StatusServiceUnavailable},
}

// errorInfo returns the machine name, status and user message of err.
// Internal errors are logged here, at the edge, with the method and path,
// and reach the user only as "Internal error.".
func (s *Server) errorInfo(r *http.Request, err error) (typ string, status int, msg string) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = news.Errorf(codeTooLarge, "the request body is over the %d-byte limit", mbe.Limit)
	}
	code := news.ErrorCode(err)
	e, ok := errorTypes[code]
	if !ok {
		code, e = news.EINTERNAL, errorTypes[news.EINTERNAL]
	}
	if code == news.EINTERNAL {
		// A client that went away is not a server fault.
		if r.Context().Err() == nil {
			s.Logger.Error("internal error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		}
		return e.Type, e.Status, "Internal error."
	}
	return e.Type, e.Status, news.ErrorMessage(err)
}

// respondError answers with the JSON envelope under /api/ and with an HTML
// error page elsewhere.
func (s *Server) respondError(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeAPIError(w, r, err)
		return
	}
	s.fail(w, r, err)
}
