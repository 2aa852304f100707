package feeds_test

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/crosscheck-news/crosscheck/internal/feeds"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/retry"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var t0 = time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)

// fakeClock is the poller's clock: Sleep returns at once and moves the
// clock on, and records how long it was asked to wait.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return ctx.Err()
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// item is one RSS item of a test feed.
type item struct{ slug, title, text string }

var (
	bridge = item{"bridge", "Bridge reopens after repairs", "The Harrow Street bridge reopened on Monday after six weeks of repairs, the city's transport office said."}
	market = item{"market", "Night market returns", "The riverside night market returns this weekend with forty stalls, organisers told the Harrow Courier."}
	school = item{"school", "School roof fixed", "Workers finished the new roof of Eastfield primary school two days ahead of schedule, the council said."}
)

// rss writes an RSS 2.0 feed whose item links are on base.
func rss(base, title string, items ...item) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/</link><language>en</language>`, html.EscapeString(title), base)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/news/%s</link><description>%s</description><pubDate>Tue, 10 Mar 2026 05:00:00 GMT</pubDate></item>`,
			html.EscapeString(it.title), base, it.slug, html.EscapeString(it.text))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// feedServer serves feeds by path. A path's handler may be replaced while
// the server runs; every request is recorded.
type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	handlers map[string]http.HandlerFunc
	requests []*http.Request
}

func newFeedServer(t *testing.T) *feedServer {
	s := &feedServer{handlers: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r)
		h := s.handlers[r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *feedServer) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

func (s *feedServer) lastRequest() *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[len(s.requests)-1]
}

// conditional serves body with the validators, and 304 to a request that
// sends either of them back.
func conditional(etag, lastMod, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		if inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"); (inm != "" && inm == etag) || (ims != "" && ims == lastMod) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	}
}

func status(code int, retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		http.Error(w, "unavailable", code)
	}
}

// setup returns a poller on an in-memory store with a fake clock at t0.
func setup(t *testing.T) (*feeds.Poller, *sqlite.Store, *fakeClock, *[]*news.Article) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := &fakeClock{t: t0}
	st.Now = clock.Now
	client := &feeds.Client{AllowPrivate: true, Timeout: 5 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	var got []*news.Article
	p := &feeds.Poller{
		Feeds: st, Articles: st, Client: client, Now: clock.Now, Sleep: clock.Sleep,
		OnNew: func(_ context.Context, _ *news.Feed, arts []*news.Article) error {
			got = append(got, arts...)
			return nil
		},
	}
	return p, st, clock, &got
}

func addFeed(t *testing.T, st news.FeedStore, url string, interval time.Duration) *news.Feed {
	t.Helper()
	f := &news.Feed{URL: url, Interval: interval}
	if _, err := st.AddFeed(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	return f
}

func pollDue(t *testing.T, p *feeds.Poller) []feeds.Result {
	t.Helper()
	res, err := p.PollDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func countArticles(t *testing.T, st news.ArticleStore) int {
	t.Helper()
	_, n, err := st.FindArticles(context.Background(), news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConditionalGet: the validators of a 200 come back on the next poll,
// a 304 stores nothing, and a changed feed stores only its new items.
func TestConditionalGet(t *testing.T) {
	p, st, clock, got := setup(t)
	srv := newFeedServer(t)
	lastMod := "Tue, 10 Mar 2026 05:00:00 GMT"
	srv.handle("/rss", conditional(`"v1"`, lastMod, rss(srv.URL, "Harrow Courier", bridge, market)))
	f := addFeed(t, st, srv.URL+"/rss", 10*time.Minute)

	res := pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || res[0].Status != 200 || res[0].New != 2 || len(*got) != 2 {
		t.Fatalf("first poll: %+v, %d handed on; want 200 with 2 new", res, len(*got))
	}
	if r := srv.lastRequest(); r.Header.Get("If-None-Match") != "" || !strings.HasPrefix(r.Header.Get("User-Agent"), "crosscheck/") {
		t.Errorf("first request headers %v", r.Header)
	}
	stored := res[0].Feed
	if stored.ETag != `"v1"` || stored.LastModified != lastMod || stored.Title != "Harrow Courier" || !stored.NextPollAt.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("feed after the first poll: %+v", stored)
	}
	for _, a := range *got {
		if a.ID == 0 || a.ContentHash == "" || !strings.HasPrefix(a.URL, srv.URL+"/news/") {
			t.Errorf("article handed on without ID, hash or URL: %+v", a)
		}
	}
	// Not due yet: nothing is requested.
	n := len(srv.requests)
	if res := pollDue(t, p); len(res) != 0 || len(srv.requests) != n {
		t.Fatalf("poll before the interval: %d results, %d requests", len(res), len(srv.requests)-n)
	}

	clock.Set(t0.Add(10 * time.Minute))
	res = pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || !res[0].NotModified || res[0].New != 0 {
		t.Fatalf("second poll: %+v; want 304", res)
	}
	if r := srv.lastRequest(); r.Header.Get("If-None-Match") != `"v1"` || r.Header.Get("If-Modified-Since") != lastMod {
		t.Errorf("second request sent If-None-Match %q, If-Modified-Since %q", r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"))
	}
	if n := countArticles(t, st); n != 2 || len(*got) != 2 {
		t.Fatalf("after a 304: %d articles stored, %d handed on; want 2", n, len(*got))
	}

	// The feed changes: only the new item is stored and handed on.
	srv.handle("/rss", conditional(`"v2"`, "Tue, 10 Mar 2026 06:15:00 GMT", rss(srv.URL, "Harrow Courier", school, bridge, market)))
	clock.Set(t0.Add(20 * time.Minute))
	res = pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || res[0].Articles != 3 || res[0].New != 1 {
		t.Fatalf("third poll: %+v; want 3 articles, 1 new", res)
	}
	if n := countArticles(t, st); n != 3 || len(*got) != 3 || (*got)[2].Title != school.title {
		t.Fatalf("after the change: %d stored, %d handed on", n, len(*got))
	}
	feedsNow, err := st.FindFeeds(context.Background())
	if err != nil || feedsNow[0].ETag != `"v2"` || feedsNow[0].ID != f.ID {
		t.Fatalf("stored feed %+v, %v; want ETag v2", feedsNow, err)
	}
}

// TestBackoff: each failure doubles the wait, up to 24 h; a success resets
// it to the interval.
func TestBackoff(t *testing.T) {
	p, st, clock, _ := setup(t)
	srv := newFeedServer(t)
	srv.handle("/rss", status(http.StatusInternalServerError, ""))
	addFeed(t, st, srv.URL+"/rss", 10*time.Minute)
	now := t0
	for failures := 1; failures <= 10; failures++ {
		res := pollDue(t, p)
		if len(res) != 1 || res[0].Err == nil || res[0].Status != 500 {
			t.Fatalf("poll %d: %+v; want a 500 failure", failures, res)
		}
		f := res[0].Feed
		want := min(10*time.Minute<<failures, 24*time.Hour)
		if f.Failures != failures || !f.NextPollAt.Equal(now.Add(want)) || !strings.Contains(f.LastError, "HTTP 500") {
			t.Fatalf("after %d failures: failures %d, next poll in %v, error %q; want next in %v", failures, f.Failures, f.NextPollAt.Sub(now), f.LastError, want)
		}
		// Not due before the back-off ends.
		clock.Set(f.NextPollAt.Add(-time.Second))
		if res := pollDue(t, p); len(res) != 0 {
			t.Fatalf("polled %v before the back-off ended", res[0].Feed.URL)
		}
		now = f.NextPollAt
		clock.Set(now)
	}
	srv.handle("/rss", conditional(`"a"`, "", rss(srv.URL, "Courier", bridge)))
	res := pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil {
		t.Fatalf("poll after the server recovered: %+v", res)
	}
	if f := res[0].Feed; f.Failures != 0 || f.LastError != "" || !f.NextPollAt.Equal(now.Add(10*time.Minute)) {
		t.Fatalf("after a success: %+v; want failures reset and the interval", f)
	}
	stored, _ := st.FindFeeds(context.Background())
	if stored[0].Failures != 0 || stored[0].LastError != "" {
		t.Fatalf("stored feed after a success: %+v", stored[0])
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration
	}{
		{"seconds longer than the back-off", http.StatusServiceUnavailable, "7200", 2 * time.Hour},
		{"HTTP date", http.StatusTooManyRequests, t0.Add(3 * time.Hour).Format(http.TimeFormat), 3 * time.Hour},
		{"shorter than the back-off", http.StatusTooManyRequests, "60", 20 * time.Minute},
		{"capped at 24 h", http.StatusServiceUnavailable, "864000", 24 * time.Hour},
		{"malformed", http.StatusServiceUnavailable, "soon", 20 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st, _, _ := setup(t)
			srv := newFeedServer(t)
			srv.handle("/rss", status(tt.code, tt.retryAfter))
			addFeed(t, st, srv.URL+"/rss", 10*time.Minute)
			res := pollDue(t, p)
			if len(res) != 1 || res[0].Err == nil {
				t.Fatalf("poll: %+v; want a failure", res)
			}
			if got := res[0].Feed.NextPollAt.Sub(t0); got != tt.want {
				t.Errorf("next poll in %v, want %v", got, tt.want)
			}
		})
	}
}

// TestPoliteness: two feeds on one host start at least HostDelay apart;
// a feed on another host does not wait for them.
func TestPoliteness(t *testing.T) {
	p, st, clock, _ := setup(t)
	p.HostDelay = 2 * time.Second
	one, other := newFeedServer(t), newFeedServer(t)
	one.handle("/a", conditional(`"a"`, "", rss(one.URL, "One", bridge)))
	one.handle("/b", conditional(`"b"`, "", rss(one.URL, "One", market)))
	other.handle("/c", conditional(`"c"`, "", rss(other.URL, "Other", school)))
	a := addFeed(t, st, one.URL+"/a", time.Hour)
	c := addFeed(t, st, other.URL+"/c", time.Hour)
	b := addFeed(t, st, one.URL+"/b", time.Hour)
	res := pollDue(t, p)
	if len(res) != 3 {
		t.Fatalf("%d results, want 3", len(res))
	}
	polled := map[int64]time.Time{}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("feed %s: %v", r.Feed.URL, r.Err)
		}
		polled[r.Feed.ID] = r.Feed.LastPolledAt
	}
	gap := polled[b.ID].Sub(polled[a.ID])
	if gap < 0 {
		gap = -gap
	}
	if gap < 2*time.Second {
		t.Errorf("feeds on one host polled %v apart, want at least 2s", gap)
	}
	clock.mu.Lock()
	sleeps := fmt.Sprint(clock.sleeps)
	clock.mu.Unlock()
	if sleeps != "[2s]" {
		t.Errorf("waits %s, want one wait of 2s (the other host never waits)", sleeps)
	}
	if _, ok := polled[c.ID]; !ok {
		t.Error("the feed on the other host was not polled")
	}
	// Across rounds too: a poll right after waits for the host's turn.
	clock.mu.Lock()
	clock.sleeps = nil
	clock.mu.Unlock()
	if _, err := p.PollFeeds(context.Background(), []*news.Feed{a}); err != nil {
		t.Fatal(err)
	}
	last := polled[a.ID]
	if polled[b.ID].After(last) {
		last = polled[b.ID]
	}
	if got := a.LastPolledAt.Sub(last); got < 2*time.Second {
		t.Errorf("a poll of the same host %v after the last one, want at least 2s", got)
	}
}

// TestMalformedFeed: a feed that is not a feed records its error and backs
// off without stopping the others.
func TestMalformedFeed(t *testing.T) {
	p, st, _, got := setup(t)
	srv := newFeedServer(t)
	srv.handle("/bad", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>cut off`)
	})
	srv.handle("/good", conditional(`"g"`, "", rss(srv.URL, "Good", bridge, market)))
	bad := addFeed(t, st, srv.URL+"/bad", 10*time.Minute)
	good := addFeed(t, st, srv.URL+"/good", 10*time.Minute)
	res := pollDue(t, p)
	if len(res) != 2 {
		t.Fatalf("%d results, want 2", len(res))
	}
	stored, err := st.FindFeeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*news.Feed{}
	for _, f := range stored {
		byID[f.ID] = f
	}
	if f := byID[bad.ID]; f.Failures != 1 || !strings.Contains(f.LastError, "/bad") || f.ETag != "" {
		t.Errorf("malformed feed recorded as %+v; want 1 failure naming it", f)
	}
	if f := byID[good.ID]; f.Failures != 0 || f.LastError != "" {
		t.Errorf("good feed recorded as %+v", f)
	}
	if n := countArticles(t, st); n != 2 || len(*got) != 2 {
		t.Errorf("%d articles stored, %d handed on; want the good feed's 2 (results %+v %+v)", n, len(*got), res[0], res[1])
	}
}

// TestPrivateAddressRefused: the default client does not poll loopback.
func TestPrivateAddressRefused(t *testing.T) {
	p, st, _, _ := setup(t)
	p.Client = &feeds.Client{}
	t.Cleanup(p.Client.CloseIdleConnections)
	srv := newFeedServer(t)
	srv.handle("/rss", conditional(`"v"`, "", rss(srv.URL, "x", bridge)))
	addFeed(t, st, srv.URL+"/rss", time.Minute)
	res := pollDue(t, p)
	if len(res) != 1 || res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "non-public") {
		t.Fatalf("poll of a loopback feed: %+v; want refused", res)
	}
	if len(srv.requests) != 0 {
		t.Error("the server got a request")
	}
}

// TestNonPublicSentinel: a refused loopback address is told by
// errors.Is(err, ingest.ErrNonPublic), from the feed client and from the
// page fetcher alike, and the message still names the URL and the flag.
func TestNonPublicSentinel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the server got a request for %s", r.URL)
	}))
	defer srv.Close()
	c := &feeds.Client{}
	defer c.CloseIdleConnections()
	_, cerr := c.Get(context.Background(), srv.URL+"/rss", "", "")
	_, ferr := (&ingest.Fetcher{}).Fetch(context.Background(), srv.URL+"/page")
	for name, err := range map[string]error{"feeds.Client.Get": cerr, "ingest.Fetcher.Fetch": ferr} {
		if !errors.Is(err, ingest.ErrNonPublic) || news.ErrorCode(err) != news.EINVALID {
			t.Errorf("%s: %v (code %q); want ingest.ErrNonPublic in the chain, code invalid", name, err, news.ErrorCode(err))
		}
		if msg := fmt.Sprint(err); !strings.HasPrefix(msg, srv.URL+"/") || !strings.HasSuffix(msg, ": refusing to connect to non-public address 127.0.0.1 (allow with --allow-private-urls)") {
			t.Errorf("%s: message %q", name, msg)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		h    string
		want time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 5 ", 5 * time.Second},
		{"-3", 0},
		{"1.5", 0},
		{t0.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{t0.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"tomorrow", 0},
	}
	for _, tt := range tests {
		if got := feeds.RetryAfter(tt.h, t0); got != tt.want {
			t.Errorf("RetryAfter(%q) = %v, want %v", tt.h, got, tt.want)
		}
	}
}

// TestFeedRemovedDuringPoll: a feed removed while it is polled is not an
// error of the round.
func TestFeedRemovedDuringPoll(t *testing.T) {
	p, st, _, _ := setup(t)
	srv := newFeedServer(t)
	srv.handle("/rss", conditional(`"v"`, "", rss(srv.URL, "x", bridge)))
	f := addFeed(t, st, srv.URL+"/rss", time.Hour)
	p.OnNew = func(ctx context.Context, _ *news.Feed, _ []*news.Article) error { return st.DeleteFeed(ctx, f.ID) }
	res, err := p.PollDue(context.Background())
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("PollDue = %+v, %v; want the poll without error", res, err)
	}
	if n := countArticles(t, st); n != 1 {
		t.Errorf("%d articles stored, want 1", n)
	}
}

// TestInterruptedPollResumed: articles a poll stored but did not see
// through OnNew — the poll was stopped in OnNew, or OnNew failed — reach
// OnNew exactly once more at the next poll, in feed order, each stored
// article once; a poll after that hands on nothing.
func TestInterruptedPollResumed(t *testing.T) {
	for _, stop := range []string{"interrupted", "failed"} {
		t.Run(stop, func(t *testing.T) {
			p, st, clock, _ := setup(t)
			srv := newFeedServer(t)
			// The fourth item is the first one's text under another link:
			// one stored article.
			again := item{"bridge-again", bridge.title, bridge.text}
			srv.handle("/rss", conditional(`"v"`, "", rss(srv.URL, "x", bridge, market, school, again)))
			addFeed(t, st, srv.URL+"/rss", 10*time.Minute)
			handled := map[int64]int{}
			var order []string
			calls := 0
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			p.OnNew = func(ctx context.Context, _ *news.Feed, arts []*news.Article) error {
				if calls++; calls == 1 {
					if stop == "interrupted" {
						cancel()
						return ctx.Err()
					}
					return errors.New("the engine failed")
				}
				for _, a := range arts {
					handled[a.ID]++
					order = append(order, a.Title)
				}
				return nil
			}
			p.Unfinished = func(_ context.Context, ids []int64) ([]int64, error) {
				var out []int64
				for _, id := range ids {
					if handled[id] == 0 {
						out = append(out, id)
					}
				}
				return out, nil
			}

			res, err := p.PollDue(ctx)
			if stop == "interrupted" && !errors.Is(err, context.Canceled) || stop == "failed" && (err != nil || len(res) != 1 || res[0].Err == nil) {
				t.Fatalf("first poll: %+v, %v", res, err)
			}
			if n := countArticles(t, st); n != 3 || len(handled) != 0 {
				t.Fatalf("after the first poll: %d articles stored, %d handed on; want 3 stored, none handed on", n, len(handled))
			}

			// Due again after the claim's lease or the back-off.
			clock.Set(t0.Add(24 * time.Hour))
			res = pollDue(t, p)
			if len(res) != 1 || res[0].Err != nil || res[0].New != 0 || res[0].Resumed != 3 {
				t.Fatalf("second poll: %+v; want 3 resumed", res)
			}
			if want := []string{bridge.title, market.title, school.title}; fmt.Sprint(order) != fmt.Sprint(want) {
				t.Errorf("handed on %q, want %q", order, want)
			}
			for id, n := range handled {
				if n != 1 {
					t.Errorf("article %d handed on %d times", id, n)
				}
			}
			if len(handled) != 3 {
				t.Errorf("%d articles handed on, want 3", len(handled))
			}

			// The server ignores validators: the same items, all seen through.
			srv.handle("/rss", conditional(`"w"`, "", rss(srv.URL, "x", bridge, market, school, again)))
			clock.Set(t0.Add(48 * time.Hour))
			res = pollDue(t, p)
			if len(res) != 1 || res[0].Err != nil || res[0].New != 0 || res[0].Resumed != 0 || len(order) != 3 {
				t.Fatalf("third poll: %+v, %d handed on in all; want nothing more", res, len(order))
			}
		})
	}
}

// flakyFeeds fails its first claims, as a database that restarts does.
type flakyFeeds struct {
	news.FeedStore
	mu    sync.Mutex
	fails int
}

func (f *flakyFeeds) ClaimDueFeeds(ctx context.Context, now time.Time, n int, lease time.Duration) ([]*news.Feed, error) {
	f.mu.Lock()
	fail := f.fails > 0
	f.fails--
	f.mu.Unlock()
	if fail {
		return nil, errors.New("FATAL: the database system is starting up (SQLSTATE 57P03)")
	}
	return f.FeedStore.ClaimDueFeeds(ctx, now, n, lease)
}

// TestRunSurvivesStoreFailures: Run tries a round again after a store
// failure instead of exiting, and polls the feed once the store answers;
// a permanent failure (a database a newer crosscheck migrated) ends it.
func TestRunSurvivesStoreFailures(t *testing.T) {
	p, st, _, got := setup(t)
	srv := newFeedServer(t)
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	p.Feeds = &flakyFeeds{FeedStore: st, fails: 2}
	p.Retry = &retry.Backoff{First: time.Millisecond, Max: time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := p.Run(ctx, time.Hour, func([]feeds.Result) { cancel() })
	if !errors.Is(err, context.Canceled) || len(*got) != 1 {
		t.Fatalf("Run = %v with %d articles handed on; want the feed polled after two failed claims", err, len(*got))
	}
	p.Feeds = permanent{st}
	if err := p.Run(context.Background(), time.Hour, nil); news.ErrorCode(err) != news.ECONFLICT {
		t.Fatalf("Run on a newer database = %v, want ECONFLICT", err)
	}
}

type permanent struct{ news.FeedStore }

func (permanent) ClaimDueFeeds(context.Context, time.Time, int, time.Duration) ([]*news.Feed, error) {
	return nil, news.Errorf(news.ECONFLICT, "the database was migrated by a newer crosscheck")
}

// TestLargeFeed: a feed over the default 10 MB is read whole when the
// client's MaxBytes allows it (the poller used to apply the default to
// what the client had fetched).
func TestLargeFeed(t *testing.T) {
	p, st, _, got := setup(t)
	p.Client.MaxBytes = 2 * ingest.DefaultMaxBytes
	srv := newFeedServer(t)
	feed := rss(srv.URL, "Harrow", bridge)
	pad := "<!-- " + strings.Repeat("x", ingest.DefaultMaxBytes) + " -->"
	feed = strings.Replace(feed, "<channel>", "<channel>"+pad, 1)
	srv.handle("/feed", conditional(`"v1"`, "", feed))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	res := pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || len(*got) != 1 {
		t.Fatalf("a %d-byte feed under a %d-byte limit: %+v, %d articles", len(feed), p.Client.MaxBytes, res, len(*got))
	}
}

// articlePage is an article page whose main text is longer than any
// teaser of the test feeds.
func articlePage(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><title>%s</title><meta name="author" content="Jane Roe"></head><body><article><h1>%s</h1>`, title, title)
	for i := range 6 {
		fmt.Fprintf(&b, "<p>Paragraph %d of the full story: the city's transport office said the repairs replaced the deck joints and repainted the railings, and that buses would return to the bridge from Tuesday.</p>", i+1)
	}
	b.WriteString(`</article></body></html>`)
	return b.String()
}

// TestFeedLinks: the link of a new teaser item is fetched, under the host's
// politeness delay, and its page stored; a link that fails leaves the
// teaser and does not fail the poll; a link stored once is not fetched
// again.
func TestFeedLinks(t *testing.T) {
	p, st, clock, got := setup(t)
	p.FetchLinks = true
	srv := newFeedServer(t)
	srv.handle("/news/bridge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articlePage("Harrow Street bridge reopens"))
	})
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	res := pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || res[0].Linked != 1 || res[0].LinkErrors != 0 || len(*got) != 1 {
		t.Fatalf("first poll: %+v, %d articles; want one linked", res, len(*got))
	}
	a := (*got)[0]
	if !strings.Contains(a.Text, "Paragraph 6 of the full story") || a.Title != "Harrow Street bridge reopens" || a.Byline != "Jane Roe" ||
		a.URL != srv.URL+"/news/bridge" || a.Published.IsZero() || len(a.Sentences) < 6 {
		t.Errorf("stored article %q by %q at %s, %v, %d sentences:\n%s", a.Title, a.Byline, a.URL, a.Published, len(a.Sentences), a.Text)
	}
	clock.mu.Lock()
	sleeps := fmt.Sprint(clock.sleeps)
	clock.mu.Unlock()
	if sleeps != "[1s]" {
		t.Errorf("waits %s, want one of 1s between the feed and the page on its host", sleeps)
	}

	clock.Set(t0.Add(2 * time.Hour))
	srv.handle("/feed", conditional(`"v2"`, "", rss(srv.URL, "Harrow", market, bridge)))
	res = pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || res[0].New != 1 || res[0].Linked != 0 || res[0].LinkErrors != 1 || len(*got) != 2 {
		t.Fatalf("second poll: %+v, %d articles; want the new teaser kept after a 404", res, len(*got))
	}
	if (*got)[1].Text != market.text {
		t.Errorf("the item whose link failed: %q, want its teaser", (*got)[1].Text)
	}
	pages := 0
	srv.mu.Lock()
	for _, r := range srv.requests {
		if r.URL.Path == "/news/bridge" {
			pages++
		}
	}
	srv.mu.Unlock()
	if pages != 1 || countArticles(t, st) != 2 {
		t.Errorf("the stored item's page fetched %d times, %d articles stored; want once, 2", pages, countArticles(t, st))
	}
}

// TestFeedLinksOff: without FetchLinks no link is fetched.
func TestFeedLinksOff(t *testing.T) {
	p, st, _, got := setup(t)
	srv := newFeedServer(t)
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge, market)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	res := pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || res[0].LinkErrors != 0 || len(*got) != 2 || (*got)[0].Text != bridge.text {
		t.Fatalf("poll: %+v, %d articles", res, len(*got))
	}
	if r := srv.lastRequest(); r.URL.Path != "/feed" {
		t.Errorf("requested %s", r.URL.Path)
	}
}

// TestFeedLinksCap: at most MaxFeedLinks links are fetched per poll; the
// teasers past it are left for the next poll, which rereads the feed.
func TestFeedLinksCap(t *testing.T) {
	p, st, clock, got := setup(t)
	p.FetchLinks, p.MaxFeedLinks = true, 1
	srv := newFeedServer(t)
	for _, slug := range []string{"bridge", "market"} {
		srv.handle("/news/"+slug, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articlePage("Harrow Street bridge reopens"))
		})
	}
	srv.handle("/feed", conditional(`"v1"`, "", rss(srv.URL, "Harrow", bridge, market)))
	addFeed(t, st, srv.URL+"/feed", time.Hour)
	res := pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || res[0].Linked != 1 || res[0].LinkErrors != 1 || res[0].Deferred != 1 || len(*got) != 1 {
		t.Fatalf("poll: %+v, %d articles", res, len(*got))
	}
	if r := srv.lastRequest(); r.URL.Path != "/news/bridge" {
		t.Errorf("last request %s, want /news/bridge", r.URL.Path)
	}
	clock.Set(t0.Add(2 * time.Hour))
	res = pollDue(t, p)
	if len(res) != 1 || res[0].Err != nil || res[0].NotModified || res[0].New != 1 || res[0].Deferred != 0 || len(*got) != 2 {
		t.Fatalf("second poll: %+v, %d articles; want the market item stored", res, len(*got))
	}
	if r := srv.lastRequest(); r.URL.Path != "/news/market" {
		t.Errorf("last request %s, want /news/market", r.URL.Path)
	}
}
