package ingest_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// linkPage is an article page of n paragraphs, with an author tag and no
// date.
func linkPage(title, author string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><title>%s</title><meta name="author" content="%s"></head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1>`,
		html.EscapeString(title), html.EscapeString(author), html.EscapeString(title))
	for i := range n {
		fmt.Fprintf(&b, "<p>Paragraph %d of the full report: the harbour authority said the eastern quay would stay closed for inspection until the divers finish their survey of the piles, and that ferries would dock at the western pier meanwhile.</p>", i+1)
	}
	b.WriteString(`</article><footer>Contact us</footer></body></html>`)
	return b.String()
}

// linkServer serves pages by path, 404 for the others, and records the
// paths requested and the last user agent.
type linkServer struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]string
	paths []string
	agent string
}

func newLinkServer(t *testing.T, pages map[string]string) *linkServer {
	s := &linkServer{pages: pages}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.agent = r.UserAgent()
		page, ok := s.pages[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(page, "<!doctype") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		fmt.Fprint(w, page)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *linkServer) requested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.paths...)
}

// feedItem is one RSS item: a title, a path on the server and a
// description.
type feedItem struct{ title, path, text string }

// linkFeed writes an RSS feed whose item links are on base.
func linkFeed(base string, items ...feedItem) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>%s/</link><language>en</language>`, base)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s%s</link><description>%s</description><author>desk@example.org (Harbour Desk)</author><pubDate>Tue, 10 Mar 2026 05:00:00 GMT</pubDate></item>`,
			html.EscapeString(it.title), base, it.path, html.EscapeString(it.text))
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

const teaser = "The eastern quay closes for an inspection of its piles, the harbour authority said."

// feedArticles reads a feed document as the feed poller does: prepared
// articles, no links fetched.
func feedArticles(t *testing.T, name string, feed []byte) []*news.Article {
	t.Helper()
	var arts []*news.Article
	err := ingest.ReadDocument(name, "application/rss+xml", feed, func(it ingest.Item) error {
		if it.Err != nil {
			t.Fatalf("%s: %v", it.Input, it.Err)
		}
		arts = append(arts, it.Article)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func noDelay() ingest.LinkOptions { return ingest.LinkOptions{Delay: -1} }

// TestFetchLinksTeaser: a teaser is replaced by the page it links to: the
// page's title, byline and text, the item's date (the page has none), its
// source path and URL; the request carries crosscheck's user agent.
func TestFetchLinksTeaser(t *testing.T) {
	srv := newLinkServer(t, map[string]string{"/news/quay": linkPage("Eastern quay closed for pile survey", "Jane Roe", 6)})
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL, feedItem{"Quay closes", "/news/quay?utm_source=rss", teaser}))
	item := arts[0]
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true}, arts, noDelay())
	if err != nil || warns[0] != nil {
		t.Fatalf("FetchLinks: %v, warnings %v", err, warns)
	}
	a := arts[0]
	if a == item {
		t.Fatal("the teaser was not replaced")
	}
	if err := ingest.Prepare(a); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "Paragraph 6 of the full report") || strings.Contains(a.Text, "Contact us") {
		t.Errorf("text is not the page's main text:\n%s", a.Text)
	}
	if a.Title != "Eastern quay closed for pile survey" || a.Byline != "Jane Roe" {
		t.Errorf("title %q, byline %q; want the page's", a.Title, a.Byline)
	}
	if !a.Published.Equal(item.Published) || a.Published.IsZero() {
		t.Errorf("published %v, want the item's %v", a.Published, item.Published)
	}
	if a.SourcePath != "harbour.xml#1" || a.URL != item.URL || a.CanonicalURL != item.CanonicalURL || a.Outlet != item.Outlet {
		t.Errorf("source %q, URL %q, canonical %q, outlet %q; want the item's %q, %q, %q, %q",
			a.SourcePath, a.URL, a.CanonicalURL, a.Outlet, item.SourcePath, item.URL, item.CanonicalURL, item.Outlet)
	}
	if !strings.HasPrefix(srv.agent, "crosscheck/") {
		t.Errorf("user agent %q", srv.agent)
	}
}

// TestFetchLinksLongItem: an item with the whole article is not fetched.
func TestFetchLinksLongItem(t *testing.T) {
	srv := newLinkServer(t, map[string]string{"/news/quay": linkPage("Quay", "Jane Roe", 8)})
	long := strings.Repeat("The harbour authority said the eastern quay would stay closed for an inspection of its piles. ", 15)
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL, feedItem{"Quay closes", "/news/quay", long}))
	item := arts[0]
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true}, arts, noDelay())
	if err != nil || warns[0] != nil || arts[0] != item {
		t.Fatalf("FetchLinks: %v, warnings %v, replaced %v", err, warns, arts[0] != item)
	}
	if got := srv.requested(); len(got) != 0 {
		t.Errorf("requested %v, want nothing", got)
	}
}

// TestFetchLinksFailures: a link that fails — not found, not a page, no
// main text, less text than the teaser, a page that is not the item's
// article (a consent wall) — leaves the teaser and a warning naming the
// item and the URL; the other items go on.
func TestFetchLinksFailures(t *testing.T) {
	srv := newLinkServer(t, map[string]string{
		"/news/quay":  linkPage("Quay", "Jane Roe", 6),
		"/news/json":  `{"not": "a page"}`,
		"/news/empty": linkPage("Empty", "Jane Roe", 0),
		"/news/brief": linkPage("Brief", "Jane Roe", 1),
		"/news/wall":  "<!doctype html><html><head><title>Before you continue</title></head><body><main><h1>Before you continue</h1>" + strings.Repeat("<p>We use cookies and data to deliver and maintain our services, measure audience engagement and site statistics, and show personalised advertising. Choose Accept all or Reject all, or select More options to manage your privacy settings.</p>", 4) + "</main></body></html>",
	})
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL,
		feedItem{"Gone", "/news/gone", teaser},
		feedItem{"Data", "/news/json", teaser},
		feedItem{"Empty", "/news/empty", teaser},
		feedItem{"Brief", "/news/brief", strings.Repeat(teaser+" ", 8)},
		feedItem{"Quay closes", "/news/wall", teaser},
		feedItem{"Quay closes", "/news/quay", teaser}))
	items := append([]*news.Article(nil), arts...)
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true}, arts, noDelay())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"404 Not Found", "not an HTML page", "no main text", "no longer than the teaser", "does not read as the item's article"} {
		w := fmt.Sprint(warns[i])
		if arts[i] != items[i] || !strings.Contains(w, want) || !strings.Contains(w, fmt.Sprintf("harbour.xml#%d", i+1)) ||
			!strings.Contains(w, items[i].URL) || !strings.Contains(w, fmt.Sprintf("%q", items[i].Title)) {
			t.Errorf("item %d: replaced %v, warning %q; want the teaser and a warning naming the item, the URL and %q", i+1, arts[i] != items[i], w, want)
		}
	}
	if arts[5] == items[5] || warns[5] != nil {
		t.Errorf("the good link after the failures: replaced %v, warning %v", arts[5] != items[5], warns[5])
	}
}

// TestFetchLinksPrivate: without AllowPrivate a link to a loopback
// address is refused, as any URL is, and the teaser stays.
func TestFetchLinksPrivate(t *testing.T) {
	srv := newLinkServer(t, map[string]string{"/news/quay": linkPage("Quay", "Jane Roe", 6)})
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL, feedItem{"Quay closes", "/news/quay", teaser}))
	item := arts[0]
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{}, arts, noDelay())
	if err != nil {
		t.Fatal(err)
	}
	if arts[0] != item || !strings.Contains(fmt.Sprint(warns[0]), "non-public address") {
		t.Errorf("replaced %v, warning %v; want the teaser and a refused address", arts[0] != item, warns[0])
	}
	if got := srv.requested(); len(got) != 0 {
		t.Errorf("requested %v, want nothing", got)
	}
}

// TestFetchLinksCap: at most Max links are fetched, in feed order; the
// teasers past the cap stay, under one warning on the first of them, and
// Skip leaves an item alone without counting it.
func TestFetchLinksCap(t *testing.T) {
	pages := map[string]string{}
	var items []feedItem
	for i := range 5 {
		p := fmt.Sprintf("/news/%d", i+1)
		pages[p] = linkPage(fmt.Sprintf("Story %d", i+1), "Jane Roe", 6)
		items = append(items, feedItem{fmt.Sprintf("Item %d", i+1), p, teaser})
	}
	srv := newLinkServer(t, pages)
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL, items...))
	o := ingest.LinkOptions{Max: 2, Delay: -1, Skip: func(a *news.Article) bool { return strings.HasSuffix(a.URL, "/news/1") }}
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true}, arts, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(srv.requested()); got != "[/news/2 /news/3]" {
		t.Errorf("requested %s, want [/news/2 /news/3]", got)
	}
	for i, w := range warns {
		if first := i == 3; first != strings.Contains(fmt.Sprint(w), "over the cap of 2 links") || first != (w != nil) {
			t.Errorf("item %d: warning %v", i+1, w)
		}
	}
	var lw *ingest.LinkWarning
	if !errors.As(warns[3], &lw) || lw.Items != 2 || !lw.Later || !strings.Contains(lw.Error(), "and 1 more item:") {
		t.Errorf("warning %#v: want one for 2 items, to be tried later", lw)
	}
}

// TestFetchLinksCapOneWarning: a feed of 100 teasers past a cap of 1 gives
// one warning, not 99.
func TestFetchLinksCapOneWarning(t *testing.T) {
	var items []feedItem
	for i := range 100 {
		items = append(items, feedItem{fmt.Sprintf("Item %d", i+1), fmt.Sprintf("/news/%d", i+1), teaser})
	}
	arts := feedArticles(t, "harbour.xml", linkFeed("https://example.invalid", items...))
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true, Timeout: time.Millisecond}, arts, ingest.LinkOptions{Max: 1, Delay: -1})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, w := range warns {
		if strings.Contains(fmt.Sprint(w), "over the cap") {
			n++
			if !strings.Contains(fmt.Sprint(w), "and 98 more items") || news.ErrorMessage(w) != w.Error() {
				t.Errorf("warning %q (message %q) does not count the items", w, news.ErrorMessage(w))
			}
		}
	}
	if n != 1 {
		t.Errorf("%d 'over the cap' warnings for one feed, want one", n)
	}
}

// hangingServer answers no request until the client gives up, and counts
// them.
func hangingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(func() {
		close(done)
		srv.Close()
	})
	return srv, &hits
}

// TestFetchLinksHostGivesUp: after a link of a host times out, the other
// links of that host are not tried, and the teasers they leave are under
// one warning; links of other hosts still are.
func TestFetchLinksHostGivesUp(t *testing.T) {
	slow, hits := hangingServer(t)
	good := newLinkServer(t, map[string]string{"/news/quay": linkPage("Quay", "Jane Roe", 6)})
	var items []feedItem
	for i := range 8 {
		items = append(items, feedItem{fmt.Sprintf("Item %d", i+1), fmt.Sprintf("%s/news/%d", slow.URL, i+1), teaser})
	}
	items = append(items, feedItem{"Quay closes", good.URL + "/news/quay", teaser})
	arts := feedArticles(t, "harbour.xml", linkFeed("", items...))
	teasers := append([]*news.Article(nil), arts...)
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true, Timeout: 100 * time.Millisecond}, arts, noDelay())
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the host that timed out was asked %d times, want once", n)
	}
	var lw *ingest.LinkWarning
	if !errors.As(warns[0], &lw) || !strings.Contains(lw.Error(), "timed out") || !lw.Later || !errors.Is(warns[0], ingest.ErrUnavailable) {
		t.Errorf("first warning %v: want a time-out, to be tried later", warns[0])
	}
	if !errors.As(warns[1], &lw) || lw.Items != 7 || !strings.Contains(lw.Error(), "did not answer before") {
		t.Errorf("second warning %v: want one for the 7 links not tried", warns[1])
	}
	for i := 2; i < 8; i++ {
		if warns[i] != nil || arts[i] != teasers[i] {
			t.Errorf("item %d: replaced %v, warning %v; want the teaser and no warning of its own", i+1, arts[i] != teasers[i], warns[i])
		}
	}
	if arts[8] == teasers[8] || warns[8] != nil {
		t.Errorf("the other host's link: replaced %v, warning %v", arts[8] != teasers[8], warns[8])
	}
}

// TestFetchLinksServerErrorGivesUp: an HTTP 503 gives up the host too; a
// 404 is the page's, and the host's other links are tried.
func TestFetchLinksServerErrorGivesUp(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if strings.HasSuffix(r.URL.Path, "/gone") {
			http.NotFound(w, r)
			return
		}
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL, feedItem{"Gone", "/news/gone", teaser}, feedItem{"A", "/news/a", teaser}, feedItem{"B", "/news/b", teaser}, feedItem{"C", "/news/c", teaser}))
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true}, arts, noDelay())
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (the 404, then the 503)", n)
	}
	var lw *ingest.LinkWarning
	if !errors.As(warns[0], &lw) || lw.Later || errors.Is(warns[0], ingest.ErrUnavailable) {
		t.Errorf("404 warning %v: want one not to be tried again", warns[0])
	}
	if !errors.Is(warns[1], ingest.ErrUnavailable) || !errors.As(warns[2], &lw) || lw.Items != 2 || warns[3] != nil {
		t.Errorf("warnings %v", warns)
	}
}

// TestFetchLinksDeadline: at the Deadline the fetch under way stops and
// the teasers not read stay, under one warning; FetchLinks returns no
// error, as its ctx did not end.
func TestFetchLinksDeadline(t *testing.T) {
	slow, hits := hangingServer(t)
	var items []feedItem
	for i := range 4 {
		items = append(items, feedItem{fmt.Sprintf("Item %d", i+1), fmt.Sprintf("/news/%d", i+1), teaser})
	}
	arts := feedArticles(t, "harbour.xml", linkFeed(slow.URL, items...))
	o := noDelay()
	o.Deadline = time.Now().Add(50 * time.Millisecond)
	warns, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true, Timeout: time.Hour}, arts, o)
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	var lw *ingest.LinkWarning
	if !errors.As(warns[0], &lw) || lw.Items != 4 || !lw.Later || !strings.Contains(lw.Error(), "ran out") {
		t.Errorf("warning %v: want one for the 4 items, the time ran out", warns[0])
	}
	for i := 1; i < 4; i++ {
		if warns[i] != nil {
			t.Errorf("item %d: warning %v", i+1, warns[i])
		}
	}
}

// TestFetchLinksDelay: fetches to one host start at least Delay apart.
func TestFetchLinksDelay(t *testing.T) {
	srv := newLinkServer(t, map[string]string{"/news/a": linkPage("A", "Jane Roe", 6), "/news/b": linkPage("B", "Jane Roe", 6), "/news/c": linkPage("C", "Jane Roe", 6)})
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL, feedItem{"A", "/news/a", teaser}, feedItem{"B", "/news/b", teaser}, feedItem{"C", "/news/c", teaser}))
	const delay = 60 * time.Millisecond
	start := time.Now()
	if _, err := ingest.FetchLinks(context.Background(), &ingest.Fetcher{AllowPrivate: true}, arts, ingest.LinkOptions{Delay: delay}); err != nil {
		t.Fatal(err)
	}
	// The third fetch starts two delays after the first at the earliest.
	if took := time.Since(start); took < 2*delay {
		t.Errorf("three fetches to one host took %v, want at least %v", took, 2*delay)
	}
	if got := len(srv.requested()); got != 3 {
		t.Errorf("%d requests, want 3", got)
	}
}

// TestFetchLinksCancelled: the end of ctx stops FetchLinks with its error.
func TestFetchLinksCancelled(t *testing.T) {
	srv := newLinkServer(t, map[string]string{"/news/a": linkPage("A", "Jane Roe", 6)})
	arts := feedArticles(t, "harbour.xml", linkFeed(srv.URL, feedItem{"A", "/news/a", teaser}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ingest.FetchLinks(ctx, &ingest.Fetcher{AllowPrivate: true}, arts, noDelay()); err != context.Canceled {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

func TestIsTeaser(t *testing.T) {
	long := strings.Repeat("The quay stays closed for the survey of its piles. ", 30)
	for _, c := range []struct {
		url, text string
		want      bool
	}{
		{"https://example.org/a", teaser, true},
		{"ftp://example.org/a", teaser, false},
		{"", teaser, false},
		{"https://example.org/a", long, false},
		{"https://example.org/a", long + "The divers start on Monday …", true},
		{"https://example.org/a", long + "[…]", true},
		{"https://example.org/a", long + "Continue reading →", true},
		{"https://example.org/a", long + "Read more »", true},
		{"https://example.org/a", long + "Read more.", true},
		{"https://example.org/a", long + "It ended.", false},
		{"https://example.org/a", strings.Repeat(long, 3) + "…", false},
	} {
		if got := ingest.IsTeaser(&news.Article{URL: c.url, Text: c.text}); got != c.want {
			t.Errorf("IsTeaser(%q, %d bytes ending %q) = %v, want %v", c.url, len(c.text), c.text[max(0, len(c.text)-20):], got, c.want)
		}
	}
}

// TestFeedFooter: the "The post … appeared first on …" line WordPress
// feeds append to each item is dropped, so a long teaser cut with "[…]"
// above it is a teaser; an item whose only paragraph is such a line, or
// that quotes one inside the report, keeps it.
func TestFeedFooter(t *testing.T) {
	long := strings.Repeat("The quay stays closed for the survey of its piles. ", 30)
	item := func(title, desc string) string {
		return `<item><title>` + title + `</title><link>https://example.org/` + title + `</link><description><![CDATA[` + desc + `]]></description></item>`
	}
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title><link>https://example.org/</link>` +
		item("a", `<p>`+long+` [&#8230;]</p><p>The post <a href="https://example.org/a">Quay closed</a> appeared first on <a href="https://example.org">Harbour News</a>.</p>`) +
		item("b", `<p>`+teaser+`</p><p>The article Quay closed was first published on Harbour News</p>`) +
		item("c", `<p>`+teaser+` The post office appeared first on the list of buildings to close, the mayor said.</p>`) +
		`</channel></rss>`
	arts := feedArticles(t, "harbour.rss", []byte(feed))
	if len(arts) != 3 {
		t.Fatalf("%d articles, want 3", len(arts))
	}
	for i, a := range arts[:2] {
		if strings.Contains(a.Text, "first") || strings.Contains(a.Text, "Harbour News") {
			t.Errorf("item %d keeps its footer: %q", i+1, a.Text[max(0, len(a.Text)-120):])
		}
	}
	if !ingest.IsTeaser(arts[0]) {
		t.Errorf("item 1 (%d bytes, ending %q) is no teaser", len(arts[0].Text), arts[0].Text[len(arts[0].Text)-20:])
	}
	if !strings.Contains(arts[2].Text, "appeared first on the list") {
		t.Errorf("item 3 lost its sentence: %q", arts[2].Text)
	}
}

func TestLinkPolicy(t *testing.T) {
	for _, c := range []struct {
		p             ingest.LinkPolicy
		url, fileWant bool
	}{
		{ingest.LinksAuto, true, false},
		{ingest.LinksOn, true, true},
		{ingest.LinksOff, false, false},
	} {
		if c.p.Fetch(true) != c.url || c.p.Fetch(false) != c.fileWant {
			t.Errorf("policy %d: fetch for a URL %v, for a file %v", c.p, c.p.Fetch(true), c.p.Fetch(false))
		}
		var q ingest.LinkPolicy
		if err := q.Set(c.p.String()); err != nil || q != c.p {
			t.Errorf("Set(%q): %v, %v", c.p.String(), q, err)
		}
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var p ingest.LinkPolicy
	fs.Var(&p, "fetch-links", "")
	if err := fs.Parse([]string{"--fetch-links", "feed.xml"}); err != nil || p != ingest.LinksOn || fs.Arg(0) != "feed.xml" {
		t.Errorf("--fetch-links: %v, %v, args %v", p, err, fs.Args())
	}
	if err := fs.Parse([]string{"--fetch-links=off"}); err != nil || p != ingest.LinksOff {
		t.Errorf("--fetch-links=off: %v, %v", p, err)
	}
	if err := p.Set("sometimes"); err == nil {
		t.Error("Set(sometimes) succeeded")
	}
}
