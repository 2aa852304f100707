package web_test

import (
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

// TestUIMethodNotAllowed: a page asked for with a method it does not take
// is 405 with an Allow header and the HTML error page, as in the API, not
// "there is no page"; an unknown path stays 404. The API's 405s name the
// allowed methods too.
func TestUIMethodNotAllowed(t *testing.T) {
	s, err := web.New(&mockStore{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, c := range []struct {
		method, path, allow string
		status              int
	}{
		{"POST", "/stories/1", "GET", 405},
		{"DELETE", "/articles/1", "GET", 405},
		{"POST", "/", "GET", 405},
		{"PUT", "/submit", "GET, POST", 405},
		{"POST", "/nope", "", 404},
		{"POST", "/api/v1/stories/1", "GET", 405},
		{"DELETE", "/api/v1/articles", "POST", 405},
	} {
		req, _ := http.NewRequest(c.method, ts.URL+c.path, strings.NewReader("x=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, body := do(t, req)
		ct := "text/html"
		if strings.HasPrefix(c.path, "/api/") {
			ct = "application/json"
		}
		if resp.StatusCode != c.status || resp.Header.Get("Allow") != c.allow || !strings.HasPrefix(resp.Header.Get("Content-Type"), ct) {
			t.Errorf("%s %s: %d, Allow %q, %s; want %d, Allow %q, %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), resp.Header.Get("Content-Type"), c.status, c.allow, ct)
		}
		if c.status == 405 && !strings.Contains(body, "method_not_allowed") {
			t.Errorf("%s %s: the error page does not say so:\n%s", c.method, c.path, body)
		}
	}
}

// TestStaticFilesOnly: /static/ serves its files, lists no directory, and
// a missing file gets the HTML error page.
func TestStaticFilesOnly(t *testing.T) {
	s, err := web.New(&mockStore{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	if resp, _ := get(t, ts.URL+"/static/style.css"); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("/static/style.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Pages name an icon, so that browsers do not ask for /favicon.ico.
	if resp, _ := get(t, ts.URL+"/static/favicon.svg"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("/static/favicon.svg: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if href, _ := parseHTML(t, getBody(t, ts.URL+"/submit")).Find(`link[rel=icon]`).Attr("href"); href != "/static/favicon.svg" {
		t.Errorf("icon link %q", href)
	}
	for _, p := range []string{"/static/", "/static/nope.css"} {
		resp, body := get(t, ts.URL+p)
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || strings.Contains(body, "style.css\">style.css") || !strings.Contains(body, `id="error"`) {
			t.Errorf("%s: %d %s\n%s", p, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}

// TestStoryListUnknownOutlets: a story whose articles name no outlet says
// "outlet unknown", as the command line does, not "0 named outlets".
func TestStoryListUnknownOutlets(t *testing.T) {
	st := &mockStore{FindStoriesFn: func(context.Context, news.StoryFilter) ([]*news.Story, int, error) {
		return []*news.Story{{ID: 1, Title: "One", ArticleCount: 1}, {ID: 2, Title: "Two", ArticleCount: 3}, {ID: 3, Title: "Three", ArticleCount: 2, Outlets: []string{"a.example"}}}, 3, nil
	}}
	s, err := web.New(st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	d := parseHTML(t, getBody(t, ts.URL+"/"))
	var got []string
	d.Find("#stories .outlets").Each(func(_ int, sel *goquery.Selection) { got = append(got, sel.Text()) })
	if strings.Join(got, "|") != "outlet unknown|outlets unknown|1 named outlet" {
		t.Errorf("outlet counts %q", got)
	}
	// An outlet's chip lists the stories of that outlet.
	if href, _ := d.Find("#stories .outlet-chips a.chip").Attr("href"); href != "/?outlet=a.example" {
		t.Errorf("outlet chip links to %q", href)
	}
}

// TestSubmitEmptyFile: an uploaded file that is empty is handed on (and
// reported as empty) rather than dropped without a word; a file field
// left empty, which browsers send without a file name, is skipped.
func TestSubmitEmptyFile(t *testing.T) {
	var got []string
	sub := &mockSubmitter{SubmitFn: func(_ context.Context, in []web.Input) (*web.SubmitResult, error) {
		for _, i := range in {
			got = append(got, i.Name)
		}
		return &web.SubmitResult{}, nil
	}}
	s, err := web.New(&mockStore{}, sub, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	var b strings.Builder
	mw := multipart.NewWriter(&b)
	for _, f := range []struct{ name, body string }{{"a.txt", "A title\n\nSome text."}, {"empty.txt", ""}, {"", ""}} {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="files"; filename="`+f.name+`"`)
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		_, _ = w.Write([]byte(f.body))
	}
	mw.Close()
	resp, body := post(t, ts.URL+"/submit", mw.FormDataContentType(), b.String())
	if resp.StatusCode != 303 || strings.Join(got, "|") != "a.txt|empty.txt" {
		t.Errorf("POST /submit: %d, inputs %q, want a.txt and empty.txt\n%s", resp.StatusCode, got, body)
	}
}

// TestArticleNotAnalysed: an article stored by an interrupted run says
// how to get its analysis, not only that it has none.
func TestArticleNotAnalysed(t *testing.T) {
	st := &mockStore{
		FindArticleByIDFn: func(_ context.Context, id int64) (*news.Article, error) {
			return &news.Article{ID: id, StoryID: 1, Title: "Stored", Text: "Stored text."}, nil
		},
		FindAnalysisFn: func(context.Context, int64) (*news.Analysis, error) {
			return nil, news.Errorf(news.ENOTFOUND, "no analysis")
		},
	}
	s, err := web.New(st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	resp, body := get(t, ts.URL+"/articles/3")
	if got := parseHTML(t, body).Find("#not-analysed").Text(); resp.StatusCode != 200 || !strings.Contains(got, "again") {
		t.Errorf("/articles/3: %d, %q; want how to finish the analysis", resp.StatusCode, got)
	}
}

// TestSubmissionErrorsNameInputOnce: a failed input whose error already
// names it is listed once, not as "URL: URL: …".
func TestSubmissionErrorsNameInputOnce(t *testing.T) {
	sub := &mockSubmitter{SubmitFn: func(context.Context, []web.Input) (*web.SubmitResult, error) {
		return &web.SubmitResult{Errors: []web.InputError{
			{Input: "http://10.0.0.1/a", Error: "http://10.0.0.1/a: refusing to connect to non-public address 10.0.0.1"},
			{Input: "upload.txt", Error: "empty input"},
		}}, nil
	}}
	s, err := web.New(&mockStore{}, sub, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	resp, _ := post(t, ts.URL+"/submit", "application/x-www-form-urlencoded", "url=http%3A%2F%2F10.0.0.1%2Fa")
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || loc == "" {
		t.Fatalf("POST /submit: %d", resp.StatusCode)
	}
	var got []string
	parseHTML(t, getBody(t, ts.URL+loc)).Find("#errors li").Each(func(_ int, sel *goquery.Selection) { got = append(got, sel.Text()) })
	want := []string{"http://10.0.0.1/a: refusing to connect to non-public address 10.0.0.1", "upload.txt: empty input"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("errors %q, want %q", got, want)
	}
}

// TestStorySourcesNamesOutlets: the story page's source count, which
// counts each article of an unknown outlet as a source, says how many
// outlets are named, as the story list does ("5 sources (2 named
// outlets)"), so that the two pages do not seem to disagree.
func TestStorySourcesNamesOutlets(t *testing.T) {
	ts := newServer(t)
	id := storyIDByTitle(t, ts.Store, "Crane")
	got := parseHTML(t, getBody(t, ts.URL+"/stories/"+itoa(id))).Find("#sources").Text()
	if got != "5 sources (2 named outlets)" {
		t.Errorf("story sources %q, want %q", got, "5 sources (2 named outlets)")
	}
}

// TestStoriesPathLeadsToList: /stories (a story's address cut short)
// leads to the story list, with its filters.
func TestStoriesPathLeadsToList(t *testing.T) {
	s, err := web.New(&mockStore{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	for path, want := range map[string]string{"/stories": "/", "/stories/": "/", "/stories?outlet=a.example": "/?outlet=a.example"} {
		if resp, _ := get(t, ts.URL+path); resp.StatusCode != 301 || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}
