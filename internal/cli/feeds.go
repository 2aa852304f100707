package cli

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/feeds"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store"
)

func runFeeds(ctx context.Context, e *Env, args []string) error {
	return subcommand(ctx, e, "feeds", args, map[string]command{
		"add":    {"add feeds to poll", runFeedsAdd},
		"list":   {"list the feeds with their poll state", runFeedsList},
		"remove": {"remove feeds (their articles stay)", runFeedsRemove},
		"poll":   {"poll due feeds, store and analyse the new articles", runFeedsPoll},
	})
}

// openFeedStore opens the store and checks that it keeps feeds.
func openFeedStore(ctx context.Context, c commonFlags) (news.Store, news.FeedStore, error) {
	st, err := openStore(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	fs, ok := st.(news.FeedStore)
	if !ok {
		st.Close()
		return nil, nil, news.Errorf(news.EINTERNAL, "the %T store keeps no feeds", st)
	}
	return st, fs, nil
}

func runFeedsAdd(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "feeds add", "feeds add [flags] URL...\n\nFetches each new URL once and adds it only if it is an RSS, Atom or JSON feed (--no-check adds it unread).")
	c := addReadFlags(fs, e)
	inf := addIngestFlags(fs)
	interval := fs.Duration("interval", news.DefaultFeedInterval, "wait between two polls of these feeds (at least 1m)")
	noCheck := fs.Bool("no-check", false, "add the URLs without fetching each once to check that it is a feed")
	if err := parseIngest(fs, args, c, inf); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no feed URLs", errUsage)
	}
	if *interval < time.Minute {
		return fmt.Errorf("%w: --interval %s is under a minute", errUsage, *interval)
	}
	st, fst, err := openFeedStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	type added struct {
		Created bool `json:"created"`
		listedFeed
	}
	out := []added{}
	failed := []InputError{}
	known := map[string]bool{} // feeds stored or checked: not fetched again
	client := &feeds.Client{Timeout: *inf.timeout, MaxBytes: *inf.maxBytes, AllowPrivate: *inf.allowPrivate}
	defer client.CloseIdleConnections()
	if !*noCheck {
		list, err := fst.FindFeeds(ctx)
		if err != nil {
			return err
		}
		for _, f := range list {
			known[f.URL] = true
		}
	}
	for _, u := range fs.Args() {
		// A malformed URL is left to AddFeed, which says what is wrong.
		if nu, err := news.NormalizeFeedURL(u); err == nil && !*noCheck && !known[nu] {
			if err := checkFeed(ctx, client, nu); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				failed = append(failed, InputError{Input: u, Error: err.Error()})
				fmt.Fprintf(e.Stderr, "crosscheck: %v (not added; --no-check adds it unread)\n", err)
				continue
			}
			known[nu] = true
		}
		f := &news.Feed{URL: u, Interval: *interval}
		created, err := fst.AddFeed(ctx, f)
		if err != nil {
			if news.ErrorCode(err) != news.EINVALID {
				return err
			}
			failed = append(failed, InputError{Input: u, Error: err.Error()})
			fmt.Fprintf(e.Stderr, "crosscheck: %v\n", err)
			continue
		}
		out = append(out, added{Created: created, listedFeed: listed(f)})
		if *c.format == "text" {
			if created {
				fmt.Fprintf(e.Stdout, "feed %d added: %s (every %s)\n", f.ID, f.URL, f.Interval)
			} else {
				fmt.Fprintf(e.Stdout, "feed %d already added: %s\n", f.ID, f.URL)
			}
		}
	}
	if *c.format == "json" {
		if err := writeJSON(e.Stdout, map[string]any{"feeds": out, "errors": failed}); err != nil {
			return err
		}
	}
	switch {
	case len(failed) > 0 && len(out) == 0:
		return errNoFeedAdded
	case len(failed) > 0:
		return errPartial
	}
	return nil
}

// errNoFeedAdded ends a feeds add of which every URL failed: Main exits
// with ExitFailure, as for a run in which every input failed.
var errNoFeedAdded = errors.New("no feed added")

// checkFeed fetches a feed URL once, as a poll would, and returns an
// EINVALID error naming the URL unless the answer reads as a feed with an
// article: a poll of it would fail otherwise.
func checkFeed(ctx context.Context, c *feeds.Client, u string) error {
	resp, err := c.Get(ctx, u, "", "")
	if err != nil {
		if errors.Is(err, ingest.ErrNonPublic) {
			return fmt.Errorf("%w (--allow-private-urls checks it; 'feeds poll' needs that flag too)", err)
		}
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return news.Errorf(news.EINVALID, "%s: the server answered %s", u, resp.Status)
	}
	items, failed := 0, 0
	var first error
	// As the poller does, the body is read as a feed whatever the
	// server calls it.
	err = ingest.ReadDocument(u, "application/rss+xml", resp.Body, func(it ingest.Item) error {
		if it.Err != nil {
			failed++
			if first == nil {
				first = it.Err
			}
		} else {
			items++
		}
		return nil
	})
	if err == nil && items > 0 {
		return nil
	}
	if ingest.DetectFormat(u, resp.ContentType, resp.Body) == ingest.FormatHTML {
		msg := u + ": an HTML page, not a feed"
		if alt := feedLinks(u, resp.Body); len(alt) > 0 {
			msg += "; the page names its feed: " + strings.Join(alt, " ")
		}
		return news.Errorf(news.EINVALID, "%s", msg)
	}
	switch {
	case err != nil:
		return err
	case first == nil:
		return news.Errorf(news.EINVALID, "%s: no articles in the feed", u)
	case failed > 1:
		return fmt.Errorf("%w (as did %d other items)", first, failed-1)
	}
	return first
}

var (
	reLinkTag  = regexp.MustCompile(`(?is)<link\b[^>]*>`)
	reFeedType = regexp.MustCompile(`(?i)\btype\s*=\s*["']?application/(?:rss\+xml|atom\+xml|feed\+json)`)
	reAltRel   = regexp.MustCompile(`(?i)\brel\s*=\s*["']?[^"'>]*\balternate\b`)
	reHref     = regexp.MustCompile(`(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
)

// feedLinks returns the feeds an HTML page announces with
// <link rel="alternate" type="application/rss+xml" href="…">, resolved
// against the page's URL; at most three.
func feedLinks(page string, body []byte) []string {
	base, err := url.Parse(page)
	if err != nil {
		return nil
	}
	var out []string
	for _, tag := range reLinkTag.FindAll(body, 200) {
		if !reFeedType.Match(tag) || !reAltRel.Match(tag) {
			continue
		}
		m := reHref.FindSubmatch(tag)
		if m == nil {
			continue
		}
		href := string(m[1]) + string(m[2]) + string(m[3])
		ref, err := url.Parse(html.UnescapeString(strings.TrimSpace(href)))
		if err != nil {
			continue
		}
		if abs := base.ResolveReference(ref); abs.Scheme == "http" || abs.Scheme == "https" {
			out = append(out, clean(abs.String()))
		}
		if len(out) == 3 {
			break
		}
	}
	return out
}

func runFeedsList(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "feeds list", "feeds list [flags]")
	c := addReadFlags(fs, e)
	if err := parseFormat(fs, args, c.format); err != nil {
		return err
	}
	st, fst, err := openFeedStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := fst.FindFeeds(ctx)
	if err != nil {
		return err
	}
	t := &Table{Header: []string{"ID", "URL", "TITLE", "EVERY", "NEXT POLL", "LAST POLL", "FAILURES", "LAST ERROR"}}
	for _, f := range list {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(f.ID, 10), f.URL, oneLine(orDash(f.Title), 40), f.Interval.String(),
			stamp(f.NextPollAt), stamp(f.LastPolledAt), strconv.Itoa(f.Failures), oneLine(orDash(f.LastError), 60)})
	}
	if len(list) == 0 {
		t.Notes = append(t.Notes, "(no feeds; add one with 'crosscheck feeds add URL')")
	}
	out := make([]listedFeed, len(list))
	for i, f := range list {
		out[i] = listed(f)
	}
	return emit(e, *c.format, map[string]any{"feeds": out}, t)
}

// listedFeed is a feed in the JSON of feeds add and feeds list: its
// interval_ns stays for the programs that read it; interval is the same
// wait as people write it ("15m0s", as --interval takes it).
type listedFeed struct {
	*news.Feed
	Every string `json:"interval"`
}

func listed(f *news.Feed) listedFeed { return listedFeed{Feed: f, Every: f.Interval.String()} }

// stamp formats a time for a table, "-" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

func runFeedsRemove(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "feeds remove", "feeds remove [flags] ID...")
	c := addReadFlags(fs, e)
	if err := parseFormat(fs, args, c.format); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: feeds remove takes feed IDs (see 'crosscheck feeds list')", errUsage)
	}
	var ids []int64
	for _, a := range fs.Args() {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("%w: %q is not a feed ID", errUsage, a)
		}
		ids = append(ids, id)
	}
	st, fst, err := openFeedStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	removed := []int64{}
	for _, id := range ids {
		if err := fst.DeleteFeed(ctx, id); err != nil {
			return err
		}
		removed = append(removed, id)
		if *c.format == "text" {
			fmt.Fprintf(e.Stdout, "feed %d removed\n", id)
		}
	}
	if *c.format == "json" {
		return writeJSON(e.Stdout, map[string]any{"removed": removed})
	}
	return nil
}

// FeedPoll is one feed's poll in the output of `feeds poll --format json`.
type FeedPoll struct {
	FeedID      int64     `json:"feed_id"`
	URL         string    `json:"url"`
	Status      int       `json:"status,omitempty"`
	NotModified bool      `json:"not_modified"`
	Articles    int       `json:"articles"`
	New         int       `json:"new"`
	Resumed     int       `json:"resumed,omitempty"`
	ItemErrors  int       `json:"item_errors,omitempty"`
	Linked      int       `json:"linked,omitempty"`      // teasers replaced by the page they link to
	LinkErrors  int       `json:"link_errors,omitempty"` // teasers whose link failed (warned on stderr)
	Deferred    int       `json:"deferred,omitempty"`    // of those, teasers not stored yet: their links are tried again at the next poll
	Error       string    `json:"error,omitempty"`
	Failures    int       `json:"failures"`
	NextPollAt  time.Time `json:"next_poll_at"`
}

// FeedPollSummary totals one round of `feeds poll`.
type FeedPollSummary struct {
	Feeds       int `json:"feeds"`
	NotModified int `json:"not_modified"`
	Failed      int `json:"failed"`
	Articles    int `json:"articles"`
	New         int `json:"new"`
	Resumed     int `json:"resumed,omitempty"`
	Queued      int `json:"queued,omitempty"`
}

func runFeedsPoll(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "feeds poll", "feeds poll [flags]\n\nPolls the due feeds, stores their new articles and analyses them (on a postgres:// --db,\nqueues them for 'crosscheck worker' instead). Without --once it polls again every --every until stopped.")
	c := addCommon(fs, e)
	inf := addIngestFlags(fs)
	once := fs.Bool("once", false, "poll the due feeds once and exit")
	all := fs.Bool("all", false, "poll every feed now, due or not (implies --once)")
	every := fs.Duration("every", time.Minute, "wait between two rounds of polling")
	workers := fs.Int("workers", feeds.DefaultWorkers, "hosts polled at once")
	hostDelay := fs.Duration("host-delay", feeds.DefaultHostDelay, "least time between two requests to one host")
	lease := fs.Duration("lease", feeds.DefaultLease, "how long claimed feeds are held before another poller may take them")
	if err := parseIngest(fs, args, c, inf); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: feeds poll takes no arguments (add feeds with 'crosscheck feeds add')", errUsage)
	}
	if *every <= 0 || *workers <= 0 || *lease <= 0 {
		return fmt.Errorf("%w: --every, --workers and --lease must be positive", errUsage)
	}
	p := &feeds.Poller{
		Client:       &feeds.Client{Timeout: *inf.timeout, MaxBytes: *inf.maxBytes, AllowPrivate: *inf.allowPrivate},
		FetchLinks:   linkPolicy(inf).Fetch(true),
		MaxFeedLinks: *inf.maxLinks,
		OneShot:      *once || *all,
		Workers:      *workers,
		HostDelay:    *hostDelay,
		Lease:        *lease,
		Logger:       slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if *hostDelay == 0 {
		p.HostDelay = -1
	}
	defer p.Client.CloseIdleConnections()
	var queued int
	if store.IsPostgres(*c.db) {
		st, fst, err := openFeedStore(ctx, c)
		if err != nil {
			return err
		}
		defer st.Close()
		q, ok := st.(interface {
			Enqueue(ctx context.Context, ids ...int64) error
			Unqueued(ctx context.Context, ids []int64) ([]int64, error)
		})
		if !ok {
			return news.Errorf(news.EINTERNAL, "the %T store has no job queue", st)
		}
		p.Feeds, p.Articles = fst, st
		// The poller commits articles before OnNew queues them: an
		// article without a job was stored by a poll stopped in between.
		p.Unfinished = q.Unqueued
		p.OnNew = func(ctx context.Context, _ *news.Feed, arts []*news.Article) error {
			ids := make([]int64, len(arts))
			for i, a := range arts {
				ids[i] = a.ID
			}
			if err := q.Enqueue(ctx, ids...); err != nil {
				return err
			}
			queued += len(ids)
			return nil
		}
	} else {
		a, err := openApp(ctx, e, c)
		if err != nil {
			return err
		}
		defer a.Close()
		fst, ok := a.Store.(news.FeedStore)
		if !ok {
			return news.Errorf(news.EINTERNAL, "the %T store keeps no feeds", a.Store)
		}
		p.Feeds, p.Articles = fst, a.Store
		// An article without a story or an analysis was stored by a
		// poll stopped before OnNew was done with it; engine.Add
		// finishes both (it clusters the first, marks the story of the
		// second).
		p.Unfinished = a.Store.Unanalysed
		p.OnNew = func(ctx context.Context, f *news.Feed, arts []*news.Article) error {
			// The poller stored the articles; Add finds them stored but
			// in no story, and clusters them (or, for one an interrupted
			// poll clustered but did not analyse, marks its story).
			for _, art := range arts {
				if _, err := a.Engine.Add(ctx, art); err != nil {
					if news.ErrorCode(err) == news.EINTERNAL || ctx.Err() != nil {
						return err
					}
					fmt.Fprintf(e.Stderr, "crosscheck: %s: %v\n", f.URL, err)
				}
			}
			return a.Engine.Flush(ctx, nil)
		}
	}
	round := func(res []feeds.Result) (FeedPollSummary, error) {
		sum := FeedPollSummary{Feeds: len(res), Queued: queued}
		queued = 0
		out := make([]FeedPoll, 0, len(res))
		for _, r := range res {
			fp := FeedPoll{FeedID: r.Feed.ID, URL: r.Feed.URL, Status: r.Status, NotModified: r.NotModified, Articles: r.Articles,
				New: r.New, Resumed: r.Resumed, ItemErrors: r.ItemErrors, Linked: r.Linked, LinkErrors: r.LinkErrors, Deferred: r.Deferred, Failures: r.Feed.Failures, NextPollAt: r.Feed.NextPollAt}
			sum.Articles += r.Articles
			sum.New += r.New
			sum.Resumed += r.Resumed
			switch {
			case r.Err != nil:
				sum.Failed++
				fp.Error = r.Err.Error()
			case r.NotModified:
				sum.NotModified++
			}
			out = append(out, fp)
			if *c.format == "text" {
				switch {
				case r.Err != nil:
					fmt.Fprintf(e.Stdout, "feed %d: failed (%d in a row, next poll %s): %v\n", fp.FeedID, fp.Failures, stamp(fp.NextPollAt), r.Err)
				case r.NotModified:
					fmt.Fprintf(e.Stdout, "feed %d: not modified\n", fp.FeedID)
				default:
					line := fmt.Sprintf("feed %d: %s, %d new", fp.FeedID, count(fp.Articles, "article"), fp.New)
					if r.Resumed > 0 {
						line += fmt.Sprintf(", %d stored before but not yet seen through", fp.Resumed)
					}
					if r.ItemErrors > 0 {
						line += fmt.Sprintf(", %s skipped (no text or unreadable)", count(r.ItemErrors, "item"))
					}
					if fp.Linked > 0 || fp.LinkErrors > 0 {
						line += fmt.Sprintf(" (%d read from their links, %d kept as teasers", fp.Linked, fp.LinkErrors-fp.Deferred)
						if fp.Deferred > 0 {
							line += fmt.Sprintf(", %d held back to try their links again", fp.Deferred)
						}
						line += ")"
					}
					fmt.Fprintln(e.Stdout, line)
				}
			}
		}
		if *c.format == "json" {
			return sum, writeJSON(e.Stdout, map[string]any{"summary": sum, "feeds": out})
		}
		what := "analysed"
		if store.IsPostgres(*c.db) {
			what = "queued for 'crosscheck worker'"
		}
		resumed := ""
		if sum.Resumed > 0 {
			resumed = fmt.Sprintf(" (and %d stored before but not yet seen through)", sum.Resumed)
		}
		fmt.Fprintf(e.Stdout, "polled %s: %s %s%s, %d not modified, %d failed\n", count(sum.Feeds, "feed"), count(sum.New, "new article"), what, resumed, sum.NotModified, sum.Failed)
		return sum, nil
	}
	if *once || *all {
		var res []feeds.Result
		var err error
		if *all {
			var list []*news.Feed
			if list, err = p.Feeds.FindFeeds(ctx); err == nil {
				res, err = p.PollFeeds(ctx, list)
			}
		} else {
			res, err = p.PollDue(ctx)
		}
		sum, werr := round(res)
		if err != nil {
			return err
		}
		if werr != nil {
			return werr
		}
		if sum.Failed > 0 {
			return errPartial
		}
		return nil
	}
	err := p.Run(ctx, *every, func(res []feeds.Result) {
		if _, err := round(res); err != nil {
			fmt.Fprintf(e.Stderr, "crosscheck: %v\n", err)
		}
	})
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil // stopped by a signal: a normal end of a long-running poller
	}
	return err
}
