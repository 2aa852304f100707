package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"go.uber.org/goleak"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testServer is a server over a SQLite file in a temporary directory
// holding the analysed examples.
type testServer struct {
	*httptest.Server
	Web   *web.Server
	Store news.Store
	Log   *logBuffer
}

// logBuffer collects the server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newServer serves the examples, analysed by the engine, from a fresh
// SQLite store; the server's Submitter is the Analyzer the serve command
// uses.
func newServer(t testing.TB) *testServer {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "crosscheck.db"))
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Default(ctx, st, engine.Config{ReputationDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	err = ingest.Read(ctx, []string{"../../examples"}, ingest.Options{}, func(it ingest.Item) error {
		if it.Err != nil {
			return it.Err
		}
		_, err := eng.Add(ctx, it.Article)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	s, err := web.New(st, web.NewAnalyzer(eng, &ingest.Fetcher{}), slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		st.Close()
	})
	return &testServer{Server: ts, Web: s, Store: st, Log: logs}
}

// do sends a request and returns the response with its body read.
func do(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func get(t testing.TB, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func post(t testing.TB, url, contentType, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func parseHTML(t testing.TB, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// envelope is the API's response shape.
type envelope struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
}

func decode(t testing.TB, body string) envelope {
	t.Helper()
	var e envelope
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("not a JSON envelope: %v: %s", err, body)
	}
	return e
}

// storyIDByTitle finds a story of the examples by a word of its title.
func storyIDByTitle(t testing.TB, st news.Store, word string) int64 {
	t.Helper()
	stories, _, err := st.FindStories(context.Background(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stories {
		if strings.Contains(s.Title, word) {
			return s.ID
		}
	}
	t.Fatalf("no story titled with %q", word)
	return 0
}

// articleIDByTitle finds an article of the examples by a phrase of its title.
func articleIDByTitle(t testing.TB, st news.Store, phrase string) int64 {
	t.Helper()
	arts, _, err := st.FindArticles(context.Background(), news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if strings.Contains(a.Title, phrase) {
			return a.ID
		}
	}
	t.Fatalf("no article titled with %q", phrase)
	return 0
}

func TestAPIRead(t *testing.T) {
	ts := newServer(t)
	port := storyIDByTitle(t, ts.Store, "Crane collapse")
	farm := articleIDByTitle(t, ts.Store, "Port Boss SLAMS")
	for _, tt := range []struct {
		name    string
		path    string
		status  int
		errType string
		check   func(t *testing.T, data json.RawMessage)
	}{
		{name: "stories", path: "/api/v1/stories", status: 200, check: func(t *testing.T, data json.RawMessage) {
			var l struct {
				Total   int
				Stories []news.Story
			}
			mustUnmarshal(t, data, &l)
			if l.Total != 2 || len(l.Stories) != 2 {
				t.Fatalf("total %d, %d stories; want 2, 2", l.Total, len(l.Stories))
			}
			if l.Stories[0].LastSeen.Before(l.Stories[1].LastSeen) {
				t.Error("stories not most recently active first")
			}
		}},
		{name: "stories filtered by risk", path: "/api/v1/stories?min_risk=0.5", status: 200, check: func(t *testing.T, data json.RawMessage) {
			var l struct{ Stories []news.Story }
			mustUnmarshal(t, data, &l)
			if len(l.Stories) != 1 || l.Stories[0].ID != port || l.Stories[0].MaxRisk < 0.5 {
				t.Fatalf("min_risk=0.5 gave %+v, want only the port story", l.Stories)
			}
		}},
		{name: "stories filtered by outlet", path: "/api/v1/stories?outlet=meridian-herald.example", status: 200, check: func(t *testing.T, data json.RawMessage) {
			var l struct{ Stories []news.Story }
			mustUnmarshal(t, data, &l)
			if len(l.Stories) != 1 || l.Stories[0].ID != port {
				t.Fatalf("outlet filter gave %d stories", len(l.Stories))
			}
		}},
		{name: "stories by time and page", path: "/api/v1/stories?since=2026-03-05&until=2026-12-31T00:00:00Z&lang=en&limit=1&offset=0", status: 200, check: func(t *testing.T, data json.RawMessage) {
			var l struct {
				Total, Limit int
				Stories      []news.Story
			}
			mustUnmarshal(t, data, &l)
			if l.Limit != 1 || len(l.Stories) != 1 || l.Total != 1 {
				t.Fatalf("got limit %d, %d stories of %d; want 1, 1 of 1", l.Limit, len(l.Stories), l.Total)
			}
		}},
		{name: "bad min_risk", path: "/api/v1/stories?min_risk=7", status: 400, errType: "bad_data"},
		{name: "bad since", path: "/api/v1/stories?since=yesterday", status: 400, errType: "bad_data"},
		{name: "bad limit", path: "/api/v1/stories?limit=-1", status: 400, errType: "bad_data"},
		{name: "story", path: "/api/v1/stories/" + itoa(port), status: 200, check: func(t *testing.T, data json.RawMessage) {
			var s struct {
				Story    news.Story
				Articles []struct {
					Article  news.Article
					Analysis *news.Analysis
				}
			}
			mustUnmarshal(t, data, &s)
			if len(s.Articles) != 5 {
				t.Fatalf("%d articles, want 5", len(s.Articles))
			}
			quotes, links, passages, signals := 0, 0, 0, 0
			for _, a := range s.Articles {
				if a.Analysis == nil {
					t.Fatalf("article %d has no analysis", a.Article.ID)
				}
				quotes += len(a.Analysis.Quotes)
				links += len(a.Analysis.QuoteLinks)
				passages += len(a.Analysis.Provenance.Passages)
				signals += len(a.Analysis.Report.Signals)
			}
			if quotes == 0 || links == 0 || passages == 0 || signals == 0 {
				t.Errorf("story carries %d quotes, %d quote links, %d passages, %d signals; want some of each", quotes, links, passages, signals)
			}
		}},
		{name: "missing story", path: "/api/v1/stories/999", status: 404, errType: "not_found"},
		{name: "bad story id", path: "/api/v1/stories/abc", status: 400, errType: "bad_data"},
		{name: "article", path: "/api/v1/articles/" + itoa(farm), status: 200, check: func(t *testing.T, data json.RawMessage) {
			var a struct {
				Article  news.Article
				Analysis news.Analysis
			}
			mustUnmarshal(t, data, &a)
			if a.Article.ID != farm || a.Analysis.Report.Risk < 0.5 || len(a.Analysis.Report.Signals) == 0 {
				t.Fatalf("content farm article: id %d, risk %.2f", a.Article.ID, a.Analysis.Report.Risk)
			}
		}},
		{name: "article zero", path: "/api/v1/articles/0", status: 400, errType: "bad_data"},
		{name: "missing article", path: "/api/v1/articles/777", status: 404, errType: "not_found"},
		{name: "search", path: "/api/v1/search?q=crane", status: 200, check: func(t *testing.T, data json.RawMessage) {
			var r struct {
				Total    int
				Articles []struct {
					ID    int64
					Title string
				}
			}
			mustUnmarshal(t, data, &r)
			if r.Total < 4 || len(r.Articles) != r.Total {
				t.Fatalf("crane: %d of %d articles", len(r.Articles), r.Total)
			}
		}},
		{name: "search nothing", path: "/api/v1/search?q=zeppelin", status: 200, check: func(t *testing.T, data json.RawMessage) {
			var r struct{ Total int }
			mustUnmarshal(t, data, &r)
			if r.Total != 0 {
				t.Fatalf("zeppelin: %d hits", r.Total)
			}
		}},
		{name: "search without query", path: "/api/v1/search", status: 400, errType: "bad_data"},
		{name: "unknown endpoint", path: "/api/v1/nothing", status: 404, errType: "not_found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, ts.URL+tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			e := decode(t, body)
			if tt.errType != "" {
				if e.Status != "error" || e.ErrorType != tt.errType || e.Error == "" {
					t.Fatalf("envelope %+v, want errorType %s", e, tt.errType)
				}
				return
			}
			if e.Status != "success" {
				t.Fatalf("envelope %+v", e)
			}
			if tt.check != nil {
				tt.check(t, e.Data)
			}
		})
	}
	if l := ts.Log.String(); l != "" {
		t.Errorf("client errors were logged: %s", l)
	}
}

func mustUnmarshal(t *testing.T, data json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestAPIMethodNotAllowed(t *testing.T) {
	ts := newServer(t)
	resp, body := post(t, ts.URL+"/api/v1/stories", "application/json", "{}")
	if e := decode(t, body); resp.StatusCode != 405 || e.ErrorType != "method_not_allowed" {
		t.Fatalf("POST /api/v1/stories: %d %s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("DELETE", ts.URL+"/api/v1/articles/1", nil)
	resp, body = do(t, req)
	if e := decode(t, body); resp.StatusCode != 405 || e.ErrorType != "method_not_allowed" {
		t.Fatalf("DELETE /api/v1/articles/1: %d %s", resp.StatusCode, body)
	}
}

func TestAPISubmit(t *testing.T) {
	ts := newServer(t)
	type result struct {
		Articles []struct {
			ID      int64
			StoryID int64 `json:"story_id"`
			New     bool
		}
		ArticleIDs []int64 `json:"article_ids"`
		StoryIDs   []int64 `json:"story_ids"`
		Stories    []news.Story
		Stored     int
		Duplicates int
		Errors     []struct{ Input, Error string }
	}
	ferry := "Ferry fares frozen for a year\n\nThe regional transport board froze ferry fares for a year on Monday, its chair said, citing the rising cost of living on the islands."
	for _, tt := range []struct {
		name         string
		contentType  string
		body         string
		token        string
		serverToken  string
		status       int
		errType      string
		stored, dups int
		errors       int
	}{
		{name: "plain text", contentType: "text/plain", body: ferry, status: 200, stored: 1},
		{name: "same text again", contentType: "text/plain", body: ferry, status: 200, dups: 1},
		{name: "JSON record", contentType: "application/json", body: `{"id":"b1","title":"Old bridge reopens","source":"valley-news.example","text":"The old bridge over the Arun reopened to traffic on Friday after two years of repairs, the city said."}`, status: 200, stored: 1},
		{name: "pretty-printed JSON record", contentType: "application/json", body: "{\n  \"title\": \"Library hours extended\",\n  \"text\": \"The central library will open until 9 p.m. on weekdays from next month, the council announced on Tuesday.\"\n}", status: 200, stored: 1},
		{name: "JSON array with a bad record", contentType: "application/json", body: `[{"title":"School roof repaired","text":"The roof of the Hill Street primary school was repaired over the holidays, the head teacher said."},{"title":"no text"}]`, status: 200, stored: 1, errors: 1},
		{name: "JSON Lines", contentType: "application/x-ndjson", body: `{"title":"Market moves","text":"The Saturday market moved to the harbour square this week, its organisers said."}` + "\n" + `{"title":"Pool closed","text":"The municipal pool closed for a month of repairs on Monday, the sports office said."}`, status: 200, stored: 2},
		{name: "HTML", contentType: "text/html", body: `<html><head><title>Tram delays</title></head><body><article><h1>Tram delays</h1><p>Trams on line 4 will run every twenty minutes during the works on the bridge, the operator said on Wednesday, and night services are suspended until April.</p></article></body></html>`, status: 200, stored: 1},
		{name: "record of an unknown field", contentType: "application/json", body: `{"title":"x","text":"Some text of an article.","colour":"red"}`, status: 400, errType: "bad_data"},
		{name: "empty body", contentType: "text/plain", body: "  ", status: 400, errType: "bad_data"},
		{name: "URL that is not http", contentType: "application/json", body: `{"url":"file:///etc/passwd"}`, status: 400, errType: "bad_data"},
		{name: "record with a script URL", contentType: "application/json", body: `{"url":"javascript:alert(1)","text":"The ferry timetable changes on Monday, the operator said."}`, status: 400, errType: "bad_data"},
		{name: "URL on loopback refused", contentType: "application/json", body: `{"url":"` + ts.URL + `/"}`, status: 400, errType: "bad_data"},
		{name: "no token", contentType: "text/plain", body: ferry, serverToken: "s3cret", status: 401, errType: "unauthorized"},
		{name: "wrong token", contentType: "text/plain", body: ferry, serverToken: "s3cret", token: "guess", status: 401, errType: "unauthorized"},
		{name: "right token", contentType: "text/plain", body: ferry, serverToken: "s3cret", token: "s3cret", status: 200, dups: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts.Web.Token = tt.serverToken
			defer func() { ts.Web.Token = "" }()
			var hdr []string
			if tt.token != "" {
				hdr = []string{"Authorization", "Bearer " + tt.token}
			}
			resp, body := post(t, ts.URL+"/api/v1/articles", tt.contentType, tt.body, hdr...)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			e := decode(t, body)
			if tt.errType != "" {
				if e.ErrorType != tt.errType {
					t.Fatalf("errorType %q, want %q: %s", e.ErrorType, tt.errType, body)
				}
				return
			}
			var r result
			mustUnmarshal(t, e.Data, &r)
			if r.Stored != tt.stored || r.Duplicates != tt.dups || len(r.Errors) != tt.errors {
				t.Fatalf("stored %d, duplicates %d, %d errors; want %d, %d, %d: %s", r.Stored, r.Duplicates, len(r.Errors), tt.stored, tt.dups, tt.errors, body)
			}
			if len(r.ArticleIDs) != tt.stored+tt.dups || len(r.Stories) != len(r.StoryIDs) || len(r.Stories) == 0 {
				t.Fatalf("%d article IDs, %d stories for %d story IDs", len(r.ArticleIDs), len(r.Stories), len(r.StoryIDs))
			}
			for _, a := range r.Articles {
				an, err := ts.Store.FindAnalysis(context.Background(), a.ID)
				if err != nil {
					t.Fatalf("article %d not analysed: %v", a.ID, err)
				}
				if an.StoryID != a.StoryID {
					t.Errorf("article %d: analysed in story %d, reported in %d", a.ID, an.StoryID, a.StoryID)
				}
			}
		})
	}
}

func TestAPISubmitLimits(t *testing.T) {
	ts := newServer(t)
	ts.Web.MaxBody = 200
	resp, body := post(t, ts.URL+"/api/v1/articles", "text/plain", strings.Repeat("word ", 100))
	if e := decode(t, body); resp.StatusCode != 413 || e.ErrorType != "too_large" {
		t.Fatalf("over the body limit: %d %s", resp.StatusCode, body)
	}
	ts.Web.MaxBody = 10 << 20
	ro, err := web.New(ts.Store, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs := httptest.NewServer(ro)
	defer rs.Close()
	resp, body = post(t, rs.URL+"/api/v1/articles", "text/plain", "A text long enough to be an article about something.")
	if e := decode(t, body); resp.StatusCode != 409 || e.ErrorType != "conflict" {
		t.Fatalf("read-only server: %d %s", resp.StatusCode, body)
	}
	// A cross-site browser form may not write.
	resp, body = post(t, ts.URL+"/api/v1/articles", "text/plain", "A text long enough to be an article about something.", "Sec-Fetch-Site", "cross-site")
	if e := decode(t, body); resp.StatusCode != 403 || e.ErrorType != "forbidden" {
		t.Fatalf("cross-site write: %d %s", resp.StatusCode, body)
	}
}

// TestOpenAPI checks that the OpenAPI document lists exactly the API's
// routes, with each operation's responses, and that the server serves it.
func TestOpenAPI(t *testing.T) {
	ts := newServer(t)
	resp, body := get(t, ts.URL+"/api/v1/openapi.json")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var d struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			OperationID string         `json:"operationId"`
			Responses   map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &d); err != nil || !strings.HasPrefix(d.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	var documented []string
	for p, ops := range d.Paths {
		for m, op := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
			if op.OperationID == "" || len(op.Responses) == 0 {
				t.Errorf("%s %s: no operationId or responses", m, p)
			}
		}
	}
	sort.Strings(documented)
	routes := web.APIRoutes()
	sort.Strings(routes)
	if strings.Join(documented, "\n") != strings.Join(routes, "\n") {
		t.Fatalf("OpenAPI paths:\n%s\nregistered routes:\n%s", strings.Join(documented, "\n"), strings.Join(routes, "\n"))
	}
}
