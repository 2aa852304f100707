package cli_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cli"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store"
)

// cityFeed is an RSS feed of two items the test writes itself.
func cityFeed(base string) string {
	items := []struct{ slug, title, text string }{
		{"ferry", "Ferry service resumes", "The Lakeside ferry resumed its morning crossings on Tuesday after the storm damage to the pier was repaired, the harbour office said."},
		{"library", "Library extends hours", "Westbrook's central library will open until 9 pm on weekdays from next month, the city council announced on Tuesday."},
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Lakeside Gazette</title><link>%s/</link><language>en</language>`, base)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/news/%s</link><description>%s</description><pubDate>Tue, 10 Mar 2026 05:00:00 GMT</pubDate></item>`,
			html.EscapeString(it.title), base, it.slug, html.EscapeString(it.text))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

type pollOutput struct {
	Summary cli.FeedPollSummary
	Feeds   []cli.FeedPoll
}

func TestFeeds(t *testing.T) {
	var requests, conditional atomic.Int32
	var ignoreValidators atomic.Bool
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/news/") {
			http.NotFound(w, r) // the items' links: their teasers are kept
			return
		}
		requests.Add(1)
		w.Header().Set("ETag", `"e1"`)
		if r.Header.Get("If-None-Match") == `"e1"` {
			conditional.Add(1)
			if !ignoreValidators.Load() {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, cityFeed(srv.URL))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "feeds.db")
	rep := t.TempDir()

	code, out, errOut := run(t, "feeds", "add", "--db", db, "--allow-private-urls", srv.URL+"/rss", "HTTP://"+strings.TrimPrefix(srv.URL, "http://")+"/rss#x", "ftp://nope")
	if code != cli.ExitPartial || strings.Count(out, "1 added: ") != 1 || !strings.Contains(out, "already added") || !strings.Contains(errOut, "ftp://nope") {
		t.Fatalf("feeds add: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	code, out, _ = run(t, "feeds", "list", "--db", db, "--format", "json")
	var list struct{ Feeds []news.Feed }
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != cli.ExitOK || len(list.Feeds) != 1 || list.Feeds[0].URL != srv.URL+"/rss" {
		t.Fatalf("feeds list: exit %d, %v: %s", code, err, out)
	}
	id := list.Feeds[0].ID

	poll := func(args ...string) pollOutput {
		t.Helper()
		code, out, errOut := run(t, append([]string{"feeds", "poll", "--db", db, "--format", "json", "--allow-private-urls", "--reputation-data", rep}, args...)...)
		var p pollOutput
		if err := json.Unmarshal([]byte(out), &p); err != nil || code != cli.ExitOK {
			t.Fatalf("feeds poll %v: exit %d, %v\nstdout %s\nstderr %s", args, code, err, out, errOut)
		}
		return p
	}
	p := poll("--once")
	if p.Summary.Feeds != 1 || p.Summary.New != 2 || p.Feeds[0].Status != 200 || p.Feeds[0].FeedID != id || p.Feeds[0].LinkErrors != 2 {
		t.Fatalf("first poll: %+v", p)
	}
	// The new articles are stored, clustered and analysed.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	arts, n, err := st.FindArticles(context.Background(), news.ArticleFilter{})
	if err != nil || n != 2 {
		t.Fatalf("%d articles stored, %v", n, err)
	}
	for _, a := range arts {
		if a.StoryID == 0 {
			t.Errorf("article %d (%s) is in no story", a.ID, a.Title)
		}
		if _, err := st.FindAnalysis(context.Background(), a.ID); err != nil {
			t.Errorf("article %d has no analysis: %v", a.ID, err)
		}
	}
	st.Close()

	// Not due again yet (the two requests: the check of feeds add, which
	// fetched the second spelling of the feed no more, and the poll).
	if p := poll("--once"); p.Summary.Feeds != 0 || requests.Load() != 2 {
		t.Fatalf("poll before the interval: %+v, %d requests", p.Summary, requests.Load())
	}
	// Polled anyway: the ETag comes back and the server says 304.
	if p := poll("--all"); p.Summary.NotModified != 1 || p.Summary.New != 0 || conditional.Load() != 1 {
		t.Fatalf("second poll: %+v, %d conditional requests", p.Summary, conditional.Load())
	}
	// A server that ignores the validators sends the same items: nothing new.
	ignoreValidators.Store(true)
	if p := poll("--all"); p.Summary.Articles != 2 || p.Summary.New != 0 || p.Summary.Failed != 0 {
		t.Fatalf("third poll: %+v", p.Summary)
	}
	st, err = store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, n, _ := st.FindArticles(context.Background(), news.ArticleFilter{}); n != 2 {
		t.Fatalf("%d articles after three polls, want 2", n)
	}
	st.Close()

	code, out, _ = run(t, "feeds", "list", "--db", db)
	if code != cli.ExitOK || !strings.Contains(out, "Lakeside Gazette") || !strings.Contains(out, srv.URL+"/rss") {
		t.Fatalf("feeds list: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "feeds", "remove", "--db", db, fmt.Sprint(id)); code != cli.ExitOK || !strings.Contains(out, "removed") {
		t.Fatalf("feeds remove: exit %d %s", code, out)
	}
	if code, _, errOut := run(t, "feeds", "remove", "--db", db, fmt.Sprint(id)); code != cli.ExitFailure || !strings.Contains(errOut, "not found") {
		t.Fatalf("second remove: exit %d %s", code, errOut)
	}
	if code, _, _ := run(t, "feeds", "nope"); code != cli.ExitUsage {
		t.Fatalf("unknown subcommand: exit %d", code)
	}
}

// TestFeedsRefusesLoopback: without --allow-private-urls a poll of a
// loopback feed fails, names the reason and exits partial.
func TestFeedsRefusesLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the server got a request")
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "feeds.db")
	// The check of feeds add refuses it too, and says what to do.
	if code, _, errOut := run(t, "feeds", "add", "--db", db, srv.URL+"/rss"); code != cli.ExitFailure || !strings.Contains(errOut, "non-public") || !strings.Contains(errOut, "--allow-private-urls") {
		t.Fatalf("add: exit %d\n%s", code, errOut)
	}
	if code, _, _ := run(t, "feeds", "add", "--db", db, "--no-check", srv.URL+"/rss"); code != cli.ExitOK {
		t.Fatalf("add --no-check: exit %d", code)
	}
	code, out, _ := run(t, "feeds", "poll", "--once", "--db", db, "--reputation-data", t.TempDir())
	if code != cli.ExitPartial || !strings.Contains(out, "non-public") || !strings.Contains(out, "1 failed") {
		t.Fatalf("poll: exit %d\n%s", code, out)
	}
}

// TestFeedsQueue: on PostgreSQL a poll stores the new articles and queues
// them for the workers; a second poll queues nothing twice.
func TestFeedsQueue(t *testing.T) {
	dsn, db := pgSchema(t)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, cityFeed(srv.URL))
	}))
	defer srv.Close()
	if code, out, errOut := run(t, "feeds", "add", "--db", dsn, "--allow-private-urls", srv.URL+"/rss"); code != cli.ExitOK {
		t.Fatalf("add: exit %d %s %s", code, out, errOut)
	}
	for i, want := range []string{"2 new articles queued", "0 new articles queued"} {
		code, out, errOut := run(t, "feeds", "poll", "--all", "--db", dsn, "--allow-private-urls")
		if code != cli.ExitOK || !strings.Contains(out, want) {
			t.Fatalf("poll %d: exit %d, stdout %q, stderr %q; want %q", i+1, code, out, errOut, want)
		}
	}
	var arts, jobs int
	if err := db.QueryRow(`SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM jobs)`).Scan(&arts, &jobs); err != nil {
		t.Fatal(err)
	}
	if arts != 2 || jobs != 2 {
		t.Fatalf("%d articles, %d jobs; want 2 each", arts, jobs)
	}
}

// TestFeedsPollResumes: an article a stopped poll stored but never
// clustered or analysed is handed on by the next poll of its feed, through
// the command as users run it.
func TestFeedsPollResumes(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, cityFeed(srv.URL))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "resume.db")
	rep := t.TempDir()
	if code, out, errOut := run(t, "feeds", "add", "--db", db, "--allow-private-urls", srv.URL+"/rss"); code != cli.ExitOK {
		t.Fatalf("feeds add: exit %d %s %s", code, out, errOut)
	}
	poll := func() pollOutput {
		t.Helper()
		code, out, errOut := run(t, "feeds", "poll", "--all", "--db", db, "--format", "json", "--allow-private-urls", "--reputation-data", rep)
		var p pollOutput
		if err := json.Unmarshal([]byte(out), &p); err != nil || code != cli.ExitOK {
			t.Fatalf("feeds poll: exit %d, %v\nstdout %s\nstderr %s", code, err, out, errOut)
		}
		return p
	}
	if p := poll(); p.Summary.New != 2 {
		t.Fatalf("first poll: %+v", p.Summary)
	}
	// What a poll stopped between storing and analysing leaves behind.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM analyses WHERE article_id = 1; UPDATE articles SET story_id = NULL WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if p := poll(); p.Summary.New != 0 || p.Summary.Resumed != 1 {
		t.Fatalf("second poll: %+v, want 0 new and 1 resumed", p.Summary)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.FindArticleByID(context.Background(), 1)
	if err != nil || a.StoryID == 0 {
		t.Fatalf("article 1 after the resumed poll: %+v, %v", a, err)
	}
	if _, err := st.FindAnalysis(context.Background(), 1); err != nil {
		t.Errorf("article 1 has no analysis after the resumed poll: %v", err)
	}
}

// TestFeedsAddChecks: feeds add fetches each new URL once and refuses what
// is no feed (an error status, an HTML page, which may name its feed, a
// binary file, a feed with no items yet); --no-check adds it unread.
func TestFeedsAddChecks(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, cityFeed(srv.URL))
		case "/empty.rss":
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>`)
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><head><title>Gazette</title><link rel="alternate" type="application/rss+xml" href="/rss?x=1&amp;y=2"></head><body><p>Welcome to the Gazette.</p></body></html>`)
		case "/logo":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "feeds.db")
	code, out, errOut := run(t, "feeds", "add", "--db", db, "--allow-private-urls", srv.URL+"/rss", srv.URL+"/empty.rss", srv.URL+"/gone", srv.URL+"/page", srv.URL+"/logo")
	if code != cli.ExitPartial || strings.Count(out, " added: ") != 1 {
		t.Fatalf("feeds add: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	for _, want := range []string{
		srv.URL + "/gone: the server answered 404 Not Found (not added; --no-check adds it unread)",
		srv.URL + "/page: an HTML page, not a feed; the page names its feed: " + srv.URL + "/rss?x=1&y=2",
		srv.URL + "/logo: not a text, HTML, feed or JSON document (its bytes look like image/png)",
		srv.URL + "/empty.rss: the feed has no items (not added; --no-check adds it unread)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code, out, errOut := run(t, "feeds", "add", "--db", db, "--no-check", srv.URL+"/gone"); code != cli.ExitOK || !strings.Contains(out, "feed 2 added") {
		t.Errorf("feeds add --no-check: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	// In JSON the refused URLs are listed with their reasons.
	code, out, _ = run(t, "feeds", "add", "--db", db, "--allow-private-urls", "--format", "json", srv.URL+"/rss", srv.URL+"/missing")
	var added struct {
		Feeds []struct {
			Created  bool
			Interval string
		}
		Errors []struct{ Input, Error string }
	}
	if err := json.Unmarshal([]byte(out), &added); err != nil || code != cli.ExitPartial || len(added.Feeds) != 1 || added.Feeds[0].Created || added.Feeds[0].Interval != "15m0s" ||
		len(added.Errors) != 1 || added.Errors[0].Input != srv.URL+"/missing" || !strings.Contains(added.Errors[0].Error, "404") {
		t.Errorf("feeds add --format json: exit %d, %v\n%s", code, err, out)
	}
	// feeds remove speaks JSON when asked, and refuses an unknown format.
	if code, out, errOut := run(t, "feeds", "remove", "--db", db, "--format", "json", "2"); code != cli.ExitOK || strings.Join(strings.Fields(out), "") != `{"removed":[2]}` {
		t.Errorf("feeds remove --format json: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if code, _, _ := run(t, "feeds", "remove", "--db", db, "--format", "xml", "1"); code != cli.ExitUsage {
		t.Errorf("feeds remove --format xml: exit %d", code)
	}
	run(t, "feeds", "add", "--db", db, "--no-check", srv.URL+"/gone")
	// feeds list says the interval as people write it, and keeps the
	// nanoseconds for programs.
	_, out, _ = run(t, "feeds", "list", "--db", db, "--format", "json")
	var list struct {
		Feeds []struct {
			Interval   string `json:"interval"`
			IntervalNS int64  `json:"interval_ns"`
		}
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Feeds) != 2 || list.Feeds[0].Interval != "15m0s" || list.Feeds[0].IntervalNS != int64(15*time.Minute) {
		t.Errorf("feeds list --format json: %v\n%s", err, out)
	}
}

// TestFeedsPollText: the text of a poll counts in words a person reads
// ("1 article", "1 feed") and names the items it skipped.
func TestFeedsPollText(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>`+
			`<item><title>Ferry service resumes</title><link>%[1]s/news/ferry</link><description>The Lakeside ferry resumed its morning crossings on Tuesday, the harbour office said.</description></item>`+
			`<item><title>Photo of the day</title><link>%[1]s/news/photo</link></item></channel></rss>`, srv.URL)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "feeds.db")
	if code, out, errOut := run(t, "feeds", "add", "--db", db, "--allow-private-urls", srv.URL+"/rss"); code != cli.ExitOK {
		t.Fatalf("feeds add: exit %d %s %s", code, out, errOut)
	}
	code, out, errOut := run(t, "feeds", "poll", "--once", "--db", db, "--allow-private-urls", "--fetch-links=false", "--reputation-data", t.TempDir())
	if code != cli.ExitOK || !strings.Contains(out, "feed 1: 1 article, 1 new, 1 item skipped (no text or unreadable)\n") ||
		!strings.Contains(out, "polled 1 feed: 1 new article analysed, 0 not modified, 0 failed\n") {
		t.Errorf("feeds poll: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}
