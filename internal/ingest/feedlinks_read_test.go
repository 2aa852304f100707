package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
)

// TestReadFeedLinks: Read fetches the links of a feed fetched from a URL,
// keeps a teaser whose link fails with a warning (no failure), and
// fetches none for a feed file unless FeedLinks is on.
func TestReadFeedLinks(t *testing.T) {
	srv := newLinkServer(t, map[string]string{"/news/quay": linkPage("Eastern quay closed for pile survey", "Jane Roe", 6)})
	feed := linkFeed(srv.URL, feedItem{"Quay closes", "/news/quay", teaser}, feedItem{"Gone", "/news/gone", teaser})
	srv.pages["/feed.xml"] = string(feed)
	o := ingest.Options{Fetcher: &ingest.Fetcher{AllowPrivate: true}}

	ok, bad := read(t, o, srv.URL+"/feed.xml")
	if len(ok) != 2 || len(bad) != 0 {
		t.Fatalf("%d articles, %d failures %v; want 2, 0", len(ok), len(bad), bad)
	}
	if a := ok[0].Article; a.Title != "Eastern quay closed for pile survey" || !strings.Contains(a.Text, "Paragraph 6") || ok[0].Warning != nil {
		t.Errorf("linked item: %q, warning %v:\n%s", a.Title, ok[0].Warning, a.Text)
	}
	if w := ok[1].Warning; ok[1].Article.Text != teaser || w == nil || !strings.Contains(w.Error(), "/news/gone: HTTP 404") {
		t.Errorf("item with a 404 link: text %q, warning %v", ok[1].Article.Text, w)
	}

	path := filepath.Join(t.TempDir(), "feed.xml")
	if err := os.WriteFile(path, feed, 0o644); err != nil {
		t.Fatal(err)
	}
	before := len(srv.requested())
	ok, _ = read(t, o, path)
	if len(ok) != 2 || ok[0].Article.Text != teaser || len(srv.requested()) != before {
		t.Errorf("feed file: %d articles, %q, %d requests; want the teasers and no request", len(ok), ok[0].Article.Text, len(srv.requested())-before)
	}
	o.FeedLinks = ingest.LinksOn
	ok, _ = read(t, o, path)
	if len(ok) != 2 || !strings.Contains(ok[0].Article.Text, "Paragraph 6") {
		t.Errorf("feed file with FeedLinks on: %d articles, %q", len(ok), ok[0].Article.Text)
	}
	o.FeedLinks, o.MaxFeedLinks = ingest.LinksAuto, -1
	ok, _ = read(t, o, srv.URL+"/feed.xml")
	if len(ok) != 2 || ok[0].Article.Text != teaser || !strings.Contains(ok[0].Warning.Error(), "over the cap of 0 links") {
		t.Errorf("feed URL with no links allowed: %d articles, %q, %v", len(ok), ok[0].Article.Text, ok[0].Warning)
	}
}
