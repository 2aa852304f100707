package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

func TestSecurityHeaders(t *testing.T) {
	ts := newServer(t)
	for _, p := range []string{"/", "/static/style.css", "/api/v1/stories", "/nowhere"} {
		resp, _ := get(t, ts.URL+p)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q allows script or inline code", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", p, h.Get("X-Content-Type-Options"))
		}
	}
}

func TestStoryList(t *testing.T) {
	ts := newServer(t)
	resp, body := get(t, ts.URL+"/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("/: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	d := parseHTML(t, body)
	rows := d.Find("#stories li.story")
	if rows.Length() != 2 {
		t.Fatalf("story list has %d rows, want 2", rows.Length())
	}
	first := rows.First()
	if !strings.Contains(first.Find(".story-title").Text(), "Crane collapse") {
		t.Errorf("most recently active story first: got %q", first.Find(".story-title").Text())
	}
	if first.Find(".badge.risk-high").Length() != 1 {
		t.Error("the port story has no high-risk badge")
	}
	if got := first.Find(".count").Text(); got != "5 articles" {
		t.Errorf("article count %q", got)
	}
	if first.Find(".outlet-chips .chip").Length() != 2 || first.Find(".lang").Text() != "en" {
		t.Errorf("outlets %d, languages %q", first.Find(".outlet-chips .chip").Length(), first.Find(".lang").Text())
	}
	if rows.Last().Find(".badge.risk-low").Length() != 1 {
		t.Error("the tram story has no low-risk badge")
	}

	// Filters and paging.
	d = parseHTML(t, getBody(t, ts.URL+"/?min_risk=0.5"))
	if n := d.Find("#stories li.story").Length(); n != 1 {
		t.Errorf("min_risk=0.5: %d stories, want 1", n)
	}
	if v, _ := d.Find(`select[name=min_risk] option[selected]`).Attr("value"); v != "0.5" {
		t.Errorf("the filter form forgot min_risk: %q", v)
	}
	d = parseHTML(t, getBody(t, ts.URL+"/?limit=1"))
	next, ok := d.Find(`.pager a[rel=next]`).Attr("href")
	if d.Find("#stories li.story").Length() != 1 || !ok {
		t.Fatal("limit=1: no next page link")
	}
	d = parseHTML(t, getBody(t, ts.URL+next))
	if !strings.Contains(d.Find("#stories .story-title").Text(), "tram") || d.Find(`.pager a[rel=prev]`).Length() != 1 {
		t.Errorf("second page: %q", d.Find("#stories .story-title").Text())
	}
	resp, body = get(t, ts.URL+"/?min_risk=high")
	if resp.StatusCode != 400 || parseHTML(t, body).Find("#error").Length() != 1 {
		t.Errorf("bad filter: status %d", resp.StatusCode)
	}
}

func getBody(t *testing.T, u string) string {
	t.Helper()
	resp, body := get(t, u)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: status %d: %s", u, resp.StatusCode, body)
	}
	return body
}

func TestStoryPage(t *testing.T) {
	ts := newServer(t)
	port := storyIDByTitle(t, ts.Store, "Crane collapse")
	d := parseHTML(t, getBody(t, ts.URL+"/stories/"+itoa(port)))

	if got := d.Find("#story-title").Text(); !strings.Contains(got, "Crane collapse") {
		t.Errorf("title %q", got)
	}
	// The timeline lists the five articles by day, undated last.
	items := d.Find("#timeline .tl-item")
	if items.Length() != 5 {
		t.Fatalf("timeline has %d articles, want 5", items.Length())
	}
	days := d.Find("#timeline .day-label").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if len(days) < 2 || days[len(days)-1] != "Undated" {
		t.Errorf("timeline days %q, want dated days then Undated", days)
	}
	if items.Find("meter").Length() != 5 || items.Find(".badge").Length() != 5 {
		t.Error("timeline items lack originality meters or risk badges")
	}

	// The provenance graph: one node per article plus the other story's
	// article the content farm copied from; arcs link each copier to its
	// source, with a tooltip, and a dashed arc for the other story.
	g := d.Find("svg#provenance")
	if n := g.Find("circle.node").Length(); n != 6 {
		t.Errorf("graph has %d nodes, want 6 (5 articles and 1 of another story)", n)
	}
	if n := g.Find("circle.node-external").Length(); n != 1 {
		t.Errorf("%d external nodes, want 1", n)
	}
	edges := g.Find("path.edge")
	if edges.Length() < 4 {
		t.Errorf("graph has %d arcs, want at least one per copying article", edges.Length())
	}
	if g.Find("path.edge[stroke-dasharray]").Length() != 1 {
		t.Error("no dashed arc to the other story")
	}
	edges.Each(func(_ int, s *goquery.Selection) {
		if d, _ := s.Attr("d"); !strings.HasPrefix(d, "M ") || s.Find("title").Text() == "" {
			t.Errorf("arc without a path or a tooltip: %q", d)
		}
	})
	g.Find("a.gnode").Each(func(_ int, s *goquery.Selection) {
		if href, _ := s.Attr("href"); !strings.HasPrefix(href, "/articles/") {
			t.Errorf("graph node links to %q", href)
		}
	})

	// The corroborated core lists claims from several sources, most
	// widely carried first; what one source says is listed apart.
	claims := d.Find("#core .claim")
	if claims.Length() < 3 {
		t.Fatalf("corroborated core has %d claims", claims.Length())
	}
	if got := claims.First().Find("a").Length(); got < 4 {
		t.Errorf("the first claim is carried by %d articles, want the most widely carried", got)
	}
	if !strings.Contains(claims.First().Text(), "crane collapsed") {
		t.Errorf("first claim %q", claims.First().Find(".claim-text").Text())
	}
	if d.Find("#solo details.solo").Length() == 0 || d.Find("#solo details.solo li").Length() == 0 {
		t.Error("no sentences that only one source carries")
	}
	if d.Find("#singles tbody tr").Length() == 0 || d.Find("#singles .status-uncorroborated").Length() == 0 {
		t.Error("no uncorroborated quotes listed")
	}

	// Quote variants: one card per statement, the earliest version first,
	// the others beside it, differing words marked.
	variants := d.Find("#variants .variant")
	if variants.Length() == 0 || variants.Length() > 12 {
		t.Fatalf("%d quote variants shown", variants.Length())
	}
	variants.Each(func(_ int, v *goquery.Selection) {
		if v.Find("blockquote.version").Length() < 2 || v.Find("blockquote.version").First().HasClass("earliest") == false {
			t.Errorf("a variant card without its earliest version and another: %q", v.Text())
		}
	})
	if variants.Find("blockquote.version:not(.earliest) .diff").Length() == 0 || variants.Find("blockquote.earliest .diff").Length() == 0 {
		t.Error("no differing words marked in the variants")
	}
	if !strings.Contains(variants.First().Find(".meta .vkind").First().Text(), "reworded") {
		t.Errorf("first variant is %q, want a rewording", variants.First().Find(".vkind").First().Text())
	}
	// A statement is shown once: no two cards share their earliest version.
	seen := map[string]bool{}
	variants.Each(func(_ int, v *goquery.Selection) {
		key := v.Find("blockquote.earliest").Text()
		if seen[key] {
			t.Errorf("statement shown twice: %q", key)
		}
		seen[key] = true
	})

	for _, p := range []string{"/stories/999", "/stories/x"} {
		resp, body := get(t, ts.URL+p)
		if resp.StatusCode < 400 || parseHTML(t, body).Find("#error").Length() != 1 {
			t.Errorf("%s: status %d without an error page", p, resp.StatusCode)
		}
	}
}

func TestArticlePage(t *testing.T) {
	ts := newServer(t)
	farm := articleIDByTitle(t, ts.Store, "Port Boss SLAMS")
	d := parseHTML(t, getBody(t, ts.URL+"/articles/"+itoa(farm)))
	text := d.Find("#text")
	for _, class := range []string{"sig-spliced_passage", "sig-uncorroborated_quote", "sig-date_contradiction", "sig-byline_conflict", "reused"} {
		if text.Find("a."+class).Length() == 0 {
			t.Errorf("no %s highlight", class)
		}
	}
	// Each highlight links to its explanation on the page, which names the
	// articles it was checked against.
	text.Find("a[class^=sig-]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		target := d.Find(href)
		if !strings.HasPrefix(href, "#signal-") || target.Length() != 1 {
			t.Fatalf("highlight %q links to %q, not a signal on the page", s.Text(), href)
		}
		if title, _ := s.Attr("title"); title == "" {
			t.Errorf("highlight %q has no explanation", s.Text())
		}
	})
	if d.Find("#signals .signal .against a").Length() == 0 {
		t.Error("no signal lists the articles it was checked against")
	}
	if d.Find("#signals .signal").Length() < 4 || d.Find(".report .badge.risk-high").Length() != 1 {
		t.Error("report incomplete")
	}
	// Reused passages beside their sources; the copy from another story
	// is named as such.
	pairs := d.Find("#reused .reused-pair")
	if pairs.Length() < 2 {
		t.Fatalf("%d reused passages shown", pairs.Length())
	}
	if pairs.Find("blockquote").Length() != 2*pairs.Length() {
		t.Error("a reused passage is not beside its source")
	}
	if !strings.Contains(pairs.Text(), "another story") {
		t.Error("the passage copied from another story is not marked")
	}
	if pairs.Find(".diff").Length() == 0 {
		t.Error("reworded passages show no differing words")
	}
	text.Find("a.reused").Each(func(_ int, s *goquery.Selection) {
		if href, _ := s.Attr("href"); d.Find(href).Length() != 1 {
			t.Errorf("reused highlight links to %q, not on the page", href)
		}
	})

	copyID := articleIDByTitle(t, ts.Store, "Crane collapse at Port of Meridian kills two workers")
	if getBody(t, ts.URL+"/articles/"+itoa(copyID)) == "" {
		t.Fatal("empty article page")
	}
	resp, body := get(t, ts.URL+"/articles/424242")
	if resp.StatusCode != 404 || parseHTML(t, body).Find("#error").Length() != 1 {
		t.Errorf("missing article: %d", resp.StatusCode)
	}
}

func TestSearchPage(t *testing.T) {
	ts := newServer(t)
	d := parseHTML(t, getBody(t, ts.URL+"/search?q=tram"))
	hits := d.Find("#results .result")
	if hits.Length() == 0 {
		t.Fatal("no results for tram")
	}
	if v, _ := d.Find(".search-form input[name=q]").Attr("value"); v != "tram" {
		t.Errorf("query not kept in the form: %q", v)
	}
	// More hits than a page: links page through them all, once each.
	all := hits.Length()
	if all < 2 {
		t.Fatalf("%d results for tram, want at least 2 to page through", all)
	}
	seen := map[string]bool{}
	next := "/search?q=tram&limit=1"
	for pages := 0; next != ""; pages++ {
		if pages > all {
			t.Fatalf("more than %d pages of one result", all)
		}
		d := parseHTML(t, getBody(t, ts.URL+next))
		d.Find("#results .result > a").Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			if seen[href] {
				t.Errorf("%s shown twice", href)
			}
			seen[href] = true
		})
		if pages > 0 && d.Find(`.pager a[rel=prev]`).Length() != 1 {
			t.Errorf("page %d has no link back", pages+1)
		}
		next, _ = d.Find(`.pager a[rel=next]`).Attr("href")
	}
	if len(seen) != all {
		t.Errorf("paging one at a time showed %d articles, the whole list %d", len(seen), all)
	}
	d = parseHTML(t, getBody(t, ts.URL+"/search"))
	if d.Find("#results").Length() != 0 || d.Find(".search-form").Length() != 1 {
		t.Error("empty search should show only the form")
	}
}

// multipartBody builds an input form submission.
func multipartBody(t *testing.T, fields map[string]string, files map[string]string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

func TestSubmitPage(t *testing.T) {
	ts := newServer(t)
	d := parseHTML(t, getBody(t, ts.URL+"/submit"))
	form := d.Find("form.submit")
	if m, _ := form.Attr("method"); m != "post" || form.Find("textarea[name=text]").Length() != 1 || form.Find("input[type=file][name=files]").Length() != 1 || form.Find("input[name=url]").Length() != 1 {
		t.Fatal("the input form lacks a field")
	}
	if form.Find("input[name=token]").Length() != 0 {
		t.Error("a token field on a server without a token")
	}

	// Pasted text and an uploaded file: POST, then redirect to the result.
	ct, body := multipartBody(t, map[string]string{
		"text": "Crane operator speaks out\n\nA crane operator at the Port of Meridian said on Thursday that the container crane that collapsed on Tuesday had shaken for weeks, and that the union had warned the port about corrosion.",
	}, map[string]string{
		"council.jsonl": `{"title":"Council delays budget vote","source":"city-gazette.example","text":"The city council delayed its budget vote by a week on Thursday after the finance committee asked for new figures."}`,
	})
	resp, _ := post(t, ts.URL+"/submit", ct, body)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/submissions/") {
		t.Fatalf("POST /submit: %d to %q, want 303 to the result", resp.StatusCode, loc)
	}
	d = parseHTML(t, getBody(t, ts.URL+loc))
	if n := d.Find("#articles .result").Length(); n != 2 {
		t.Fatalf("result lists %d articles, want 2", n)
	}
	if d.Find("#articles .badge").Length() != 2 {
		t.Error("submitted articles shown without their risk")
	}
	if d.Find("#result-stories .story").Length() == 0 {
		t.Error("result lists no story")
	}
	// The reload is a GET of the same result: nothing is stored twice.
	d = parseHTML(t, getBody(t, ts.URL+loc))
	if got := d.Find("#summary").Text(); !strings.Contains(got, "2 new articles") {
		t.Errorf("summary %q", got)
	}

	for _, tt := range []struct {
		name   string
		fields map[string]string
		status int
		errors string
	}{
		{"nothing", map[string]string{"text": "  "}, 400, "Paste a text"},
		{"bad URL", map[string]string{"url": "ftp://example.com/a"}, 400, "must start with http"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ct, body := multipartBody(t, tt.fields, nil)
			resp, page := post(t, ts.URL+"/submit", ct, body)
			d := parseHTML(t, page)
			if resp.StatusCode != tt.status || !strings.Contains(d.Find("#form-errors").Text(), tt.errors) {
				t.Fatalf("status %d, errors %q", resp.StatusCode, d.Find("#form-errors").Text())
			}
		})
	}

	// A URL on loopback is refused by the fetcher: the result says why.
	form2 := url.Values{"url": {ts.URL + "/"}}
	resp, _ = post(t, ts.URL+"/submit", "application/x-www-form-urlencoded", form2.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("URL submission: %d", resp.StatusCode)
	}
	d = parseHTML(t, getBody(t, ts.URL+resp.Header.Get("Location")))
	if d.Find("#errors li").Length() != 1 || d.Find("#articles").Length() != 0 {
		t.Errorf("loopback URL: errors %q", d.Find("#errors").Text())
	}
	// A scheme in capitals is a URL too (schemes are case-insensitive): it
	// reaches the fetcher, which refuses the loopback address.
	form3 := url.Values{"url": {strings.Replace(ts.URL, "http://", "HTTP://", 1) + "/"}}
	resp, _ = post(t, ts.URL+"/submit", "application/x-www-form-urlencoded", form3.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("URL submission in capitals: %d, want the fetcher to have it", resp.StatusCode)
	}

	// With a token, the form asks for it and refuses a wrong one.
	ts.Web.Token = "s3cret"
	defer func() { ts.Web.Token = "" }()
	if parseHTML(t, getBody(t, ts.URL+"/submit")).Find("input[name=token]").Length() != 1 {
		t.Error("no token field on a server with a token")
	}
	paste := "School reopens\n\nThe Hill Street school reopened on Monday after a month of repairs, the head teacher said."
	resp, page := post(t, ts.URL+"/submit", "application/x-www-form-urlencoded", url.Values{"text": {paste}, "token": {"guess"}}.Encode())
	if resp.StatusCode != 401 || parseHTML(t, page).Find("#form-errors").Length() != 1 {
		t.Errorf("wrong token: %d", resp.StatusCode)
	}
	if v, _ := parseHTML(t, page).Find("textarea[name=text]").Html(); !strings.Contains(v, "School reopens") {
		t.Error("the refused form lost the pasted text")
	}
	resp, _ = post(t, ts.URL+"/submit", "application/x-www-form-urlencoded", url.Values{"text": {paste}, "token": {"s3cret"}}.Encode())
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("right token: %d", resp.StatusCode)
	}

	// A cross-site form post is refused before anything is read.
	resp, _ = post(t, ts.URL+"/submit", "application/x-www-form-urlencoded", url.Values{"text": {paste}}.Encode(), "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d", resp.StatusCode)
	}
	if resp, _ := get(t, ts.URL+"/submissions/0123456789abcdef01234567"); resp.StatusCode != 404 {
		t.Errorf("unknown result: %d", resp.StatusCode)
	}
}

// TestCacheSeesWrites checks that a page cached before a submission shows
// the submission right after it.
func TestCacheSeesWrites(t *testing.T) {
	ts := newServer(t)
	before := parseHTML(t, getBody(t, ts.URL+"/")).Find("#stories li.story").Length()
	resp, _ := get(t, ts.URL+"/")
	if resp.Header.Get("X-Cache") != "hit" {
		t.Error("the second read of the story list was not served from the cache")
	}
	resp, body := post(t, ts.URL+"/api/v1/articles", "text/plain", "Zoo welcomes twin pandas\n\nThe city zoo welcomed twin panda cubs on Sunday, its director said, the first born there in thirty years.")
	if resp.StatusCode != 200 {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	after := parseHTML(t, getBody(t, ts.URL+"/")).Find("#stories li.story").Length()
	if after != before+1 {
		t.Errorf("story list shows %d stories after a submission, want %d", after, before+1)
	}
}

// TestArticlePageNearElsewhere: an article's near-duplicates in other
// stories (found corpus-wide) are listed with links to the article and its
// story; one of its own story is not.
func TestArticlePageNearElsewhere(t *testing.T) {
	ts := newServer(t)
	ctx := context.Background()
	farm := articleIDByTitle(t, ts.Store, "Port Boss SLAMS")
	tram := articleIDByTitle(t, ts.Store, "tram extension")
	other, err := ts.Store.FindArticleByID(ctx, tram)
	if err != nil {
		t.Fatal(err)
	}
	an, err := ts.Store.FindAnalysis(ctx, farm)
	if err != nil {
		t.Fatal(err)
	}
	an.Provenance.NearDuplicates = append(an.Provenance.NearDuplicates, news.NearDuplicate{ArticleID: tram, Jaccard: 0.81, StoryID: other.StoryID})
	if err := ts.Store.SaveAnalyses(ctx, []*news.Analysis{an}); err != nil {
		t.Fatal(err)
	}
	ts.Web.CacheTTL = 0
	d := parseHTML(t, getBody(t, ts.URL+"/articles/"+itoa(farm)+"?fresh=1"))
	card := d.Find("#near-elsewhere")
	if card.Find("li").Length() != 1 || card.Find(`a[href="/articles/`+itoa(tram)+`"]`).Length() != 1 ||
		card.Find(`a[href="/stories/`+itoa(other.StoryID)+`"]`).Length() != 1 || !strings.Contains(card.Text(), "0.81") {
		t.Errorf("near-duplicates card: %q", card.Text())
	}
}
