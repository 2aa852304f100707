package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
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

// submitter is the engine-backed Submitter the serve command uses, in small.
type submitter struct{ eng *engine.Engine }

func (s *submitter) Submit(ctx context.Context, inputs []web.Input) (*web.SubmitResult, error) {
	res := &web.SubmitResult{}
	seen := map[int64]bool{}
	for _, in := range inputs {
		err := ingest.ReadDocument(in.Name, in.ContentType, in.Body, func(it ingest.Item) error {
			if it.Err != nil {
				res.Errors = append(res.Errors, it.Err.Error())
				return nil
			}
			r, err := s.eng.Add(ctx, it.Article)
			if err != nil {
				return err
			}
			res.ArticleIDs = append(res.ArticleIDs, r.ArticleID)
			if !seen[r.StoryID] {
				seen[r.StoryID] = true
				res.StoryIDs = append(res.StoryIDs, r.StoryID)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return res, s.eng.Flush(ctx, nil)
}

// newServer serves a store holding the examples.
func newServer(t *testing.T) (*httptest.Server, *web.Server) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	eng, err := engine.Default(ctx, st, engine.Config{ReputationDir: t.TempDir()})
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
	s, err := web.New(st, &submitter{eng}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts, s
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func doc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAPI(t *testing.T) {
	ts, _ := newServer(t)
	for _, tt := range []struct {
		path, errType string
		status        int
	}{
		{"/api/v1/stories", "", 200},
		{"/api/v1/stories?min_risk=0.5&limit=1", "", 200},
		{"/api/v1/stories?min_risk=7", "bad_data", 400},
		{"/api/v1/stories?since=yesterday", "bad_data", 400},
		{"/api/v1/stories/1", "", 200},
		{"/api/v1/stories/999", "not_found", 404},
		{"/api/v1/stories/abc", "bad_data", 400},
		{"/api/v1/articles/3", "", 200},
		{"/api/v1/articles/0", "bad_data", 400},
		{"/api/v1/articles/77", "not_found", 404},
		{"/api/v1/search?q=crane", "", 200},
		{"/api/v1/search", "bad_data", 400},
	} {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, ts.URL+tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var env map[string]any
			if err := json.Unmarshal([]byte(body), &env); err != nil {
				t.Fatal(err)
			}
			if tt.errType != "" && (env["status"] != "error" || env["errorType"] != tt.errType || env["error"] == "") {
				t.Errorf("envelope %v, want errorType %s", env, tt.errType)
			}
			if tt.errType == "" && env["status"] != "success" {
				t.Errorf("envelope %v", env)
			}
		})
	}
	// The story carries its articles with their analyses.
	_, body := get(t, ts.URL+"/api/v1/stories/1")
	var s struct {
		Data struct {
			Articles []struct {
				Article  news.Article
				Analysis *news.Analysis
			}
		}
	}
	json.Unmarshal([]byte(body), &s)
	if len(s.Data.Articles) != 5 || s.Data.Articles[0].Analysis == nil {
		t.Fatalf("story 1: %d articles", len(s.Data.Articles))
	}
}

func TestSubmitAPI(t *testing.T) {
	ts, srv := newServer(t)
	post := func(ct, body, token string) (int, string) {
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/articles", strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := post("text/plain", "Ferry fares frozen\n\nThe regional board froze ferry fares for a year on Monday, its chair said.", "")
	if code != 200 || !strings.Contains(body, `"article_ids":[7]`) {
		t.Fatalf("text: %d %s", code, body)
	}
	code, body = post("application/json", `{"id":"x","title":"Bridge reopens","text":"The old bridge reopened to traffic on Friday after two years of repairs, the city said."}`, "")
	if code != 200 || !strings.Contains(body, `"article_ids":[8]`) {
		t.Fatalf("json: %d %s", code, body)
	}
	if code, body = post("text/plain", "", ""); code != 400 {
		t.Fatalf("empty: %d %s", code, body)
	}
	srv.Token = "s3cret"
	if code, body = post("text/plain", "Some text that is long enough to be an article.", ""); code != 401 || !strings.Contains(body, "unauthorized") {
		t.Fatalf("no token: %d %s", code, body)
	}
	if code, _ = post("text/plain", "Some text that is long enough to be an article.", "s3cret"); code != 200 {
		t.Fatalf("with token: %d", code)
	}
	srv.MaxBody = 100
	if code, body = post("text/plain", strings.Repeat("word ", 100), "s3cret"); code != 413 {
		t.Fatalf("too large: %d %s", code, body)
	}
}

func TestPages(t *testing.T) {
	ts, _ := newServer(t)
	resp, body := get(t, ts.URL+"/")
	if resp.StatusCode != 200 {
		t.Fatalf("/: %d", resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	d := doc(t, body)
	if n := d.Find("#stories tr.story").Length(); n != 2 {
		t.Errorf("story list has %d rows, want 2", n)
	}
	if d.Find("#stories tr.story").First().Find(".badge.risk-high").Length() != 1 {
		t.Error("the port story has no high-risk badge")
	}

	_, body = get(t, ts.URL+"/stories/1")
	d = doc(t, body)
	if n := d.Find("#timeline .article").Length(); n != 5 {
		t.Errorf("timeline has %d articles, want 5", n)
	}
	if n := d.Find("svg#provenance circle").Length(); n != 5 {
		t.Errorf("provenance graph has %d nodes, want 5", n)
	}
	if d.Find("svg#provenance line").Length() == 0 {
		t.Error("provenance graph has no edges")
	}
	if d.Find("#variants .variant").Length() == 0 || d.Find("#variants .variant .diff").Length() == 0 {
		t.Error("no quote variants with marked differences")
	}
	if d.Find("#singles tbody tr").Length() == 0 {
		t.Error("no single-outlet quotes listed")
	}

	_, body = get(t, ts.URL+"/articles/3")
	d = doc(t, body)
	if d.Find("#text mark.sig-spliced_passage").Length() == 0 || d.Find("#text mark.sig-date_contradiction").Length() == 0 {
		t.Error("content farm: evidence not highlighted")
	}
	href, _ := d.Find("#text mark.sig-spliced_passage a").First().Attr("href")
	if !strings.HasPrefix(href, "#signal-") || d.Find(href).Length() != 1 {
		t.Errorf("highlight links to %q, which is not a signal on the page", href)
	}
	_, body = get(t, ts.URL+"/articles/4")
	if doc(t, body).Find("#reused .sidebyside").Length() == 0 {
		t.Error("copy: no side-by-side reused passages")
	}
	for _, p := range []string{"/stories/99", "/articles/x"} {
		resp, body := get(t, ts.URL+p)
		if resp.StatusCode < 400 || doc(t, body).Find("#error").Length() != 1 {
			t.Errorf("%s: status %d", p, resp.StatusCode)
		}
	}
}

// TestNoScriptRuns feeds an article full of script through every view and
// checks that no element, attribute or URL that would run it comes out.
func TestNoScriptRuns(t *testing.T) {
	ts, _ := newServer(t)
	evil := `<script>window.__pwned=1</script> Crane <img src=x onerror="window.__pwned=1"> collapse at the port of Meridian injures dock workers

The crane <b onmouseover="alert(1)">collapsed</b> on Tuesday, <a href="javascript:alert(1)">officials</a> said. “<script>alert(2)</script> We are shocked,” said Elena Marsh.

javascript:alert(3) <svg onload=alert(4)> </div></p><iframe src="javascript:alert(5)">`
	resp, err := http.Post(ts.URL+"/api/v1/articles", "text/plain", strings.NewReader(evil))
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Data web.SubmitResult }
	json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	if len(r.Data.ArticleIDs) != 1 {
		t.Fatalf("submit: %+v", r)
	}
	id := r.Data.ArticleIDs[0]
	pages := []string{"/", "/search?q=crane", "/submit"}
	for _, sid := range r.Data.StoryIDs {
		pages = append(pages, "/stories/"+itoa(sid))
	}
	pages = append(pages, "/articles/"+itoa(id))
	for _, p := range pages {
		_, body := get(t, ts.URL+p)
		d := doc(t, body)
		if n := d.Find("script, iframe, object, embed").Length(); n != 0 {
			t.Errorf("%s: %d script-capable elements", p, n)
		}
		d.Find("*").Each(func(_ int, s *goquery.Selection) {
			for _, a := range s.Nodes[0].Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("%s: event handler attribute %s=%q", p, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: javascript: URL in %s", p, a.Key)
				}
			}
		})
	}
	_, body := get(t, ts.URL+"/articles/"+itoa(id))
	if !strings.Contains(body, "&lt;script&gt;") {
		t.Error("the article's markup is not shown as text")
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestOpenAPI checks that the document lists exactly the API's routes.
func TestOpenAPI(t *testing.T) {
	ts, _ := newServer(t)
	_, body := get(t, ts.URL+"/api/v1/openapi.json")
	var d struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &d); err != nil || !strings.HasPrefix(d.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	var documented []string
	for p, ops := range d.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(documented)
	routes := web.Routes()
	sort.Strings(routes)
	if strings.Join(documented, "\n") != strings.Join(routes, "\n") {
		t.Fatalf("OpenAPI paths:\n%s\nregistered routes:\n%s", strings.Join(documented, "\n"), strings.Join(routes, "\n"))
	}
	_ = os.Stdout
}
