// Package feeds polls RSS, Atom and JSON feeds for new articles.
//
// A Poller claims the feeds that are due from a news.FeedStore (so that
// pollers in several processes share the work without polling a feed
// twice), fetches each with a conditional GET, parses a changed feed with
// the ingest package, stores the articles (the store drops those it already
// has, by canonical URL or content hash) and hands the new ones — and any
// that an interrupted poll stored but did not hand on — to a callback. It
// then records the result: after a success the feed is due again after its
// interval, after a failure after an exponential back-off.
// Requests to one host are spaced by a politeness delay; different hosts
// are polled concurrently. docs/feeds.md shows the commands and
// docs/scaling.md the scheduling.
package feeds

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/retry"
)

// Defaults of the Poller's zero fields.
const (
	DefaultHostDelay  = time.Second
	DefaultWorkers    = 4
	DefaultBatch      = 32
	DefaultLease      = 10 * time.Minute
	DefaultMaxBackoff = 24 * time.Hour
)

// Poller polls due feeds. Set its fields before the first call; a Poller
// is then safe for concurrent use, though one process needs one.
type Poller struct {
	Feeds    news.FeedStore
	Articles news.ArticleStore
	// OnNew, when set, receives the articles of a poll that the store did
	// not have, and those Unfinished names, with their IDs, in feed order.
	// Calls never overlap, so it may drive a single-goroutine engine. An
	// error fails the poll (the articles stay stored) and is recorded on
	// the feed.
	OnNew func(ctx context.Context, f *news.Feed, arts []*news.Article) error
	// Unfinished, when set, gets the IDs of the articles of a poll that
	// the store already had and returns those that an earlier poll stored
	// but did not see through OnNew. The articles are committed before
	// OnNew runs, so a poll stopped in between (or whose OnNew failed)
	// leaves them stored yet never handed on, and without Unfinished the
	// next poll takes them for old ones. Asking the store what became of
	// them keeps one batched store for every backend and needs no
	// bookkeeping of its own: "seen through" is what OnNew leaves behind —
	// the CLI asks SQLite for articles without a story or an analysis
	// (news.AnalysisStore.Unanalysed) and PostgreSQL for articles without
	// a job. It is asked
	// after each 200 response, under OnNew's lock; Result.Resumed counts
	// the articles it names.
	Unfinished func(ctx context.Context, ids []int64) ([]int64, error)
	// Client makes the requests; nil uses a Client with defaults, which
	// refuses non-public addresses.
	Client *Client

	// FetchLinks, when set, has the link of a new item that carries only
	// a teaser fetched and its page stored instead (ingest.FetchLinks).
	// The pages are fetched with Client's policy and connections, one at
	// a time per feed and under the politeness delay of their host; a
	// link that fails leaves the teaser, counted in Result.LinkErrors and
	// logged as a warning. A teaser whose link may be read later — its
	// host did not answer, or it was past MaxFeedLinks — is not stored
	// but tried again at the next poll (Result.Deferred), which rereads
	// the whole feed, up to maxLinkTries polls; then, as after any other
	// failure, the teaser is stored. Links of items this Poller stored
	// before are not fetched again. Off by default, as a library: the
	// CLI's feeds poll turns it on (--fetch-links).
	FetchLinks bool
	// MaxFeedLinks caps the links fetched per poll of one feed; default
	// ingest.DefaultMaxFeedLinks, negative for none. Teasers past it are
	// left for the next polls, as those whose host did not answer.
	MaxFeedLinks int
	// OneShot says that this Poller polls once (the CLI's --once): a
	// teaser whose link may work later is stored now, as nothing would
	// remember it until a later run.
	OneShot bool

	// Now and Sleep are the clock; tests replace them. Sleep returns
	// ctx.Err() if ctx ends first.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	// HostDelay is the least time between the starts of two requests to
	// one host (host and port); default DefaultHostDelay, negative for none.
	HostDelay time.Duration
	// Workers is the number of hosts polled at once; default DefaultWorkers.
	Workers int
	// Batch is the number of feeds claimed at a time; default DefaultBatch.
	Batch int
	// Lease is how long a claimed feed is held before another poller may
	// claim it again; it must exceed the time a batch takes. The links of
	// a batch's feeds (FetchLinks) are read within half of it, those left
	// at the next poll. Default DefaultLease.
	Lease time.Duration
	// MaxBackoff caps the wait after failures and a Retry-After; default
	// DefaultMaxBackoff.
	MaxBackoff time.Duration
	Logger     *slog.Logger
	// Retry is the back-off of Run after a failed round; nil:
	// retry.Default().
	Retry *retry.Backoff

	mu        sync.Mutex
	nextStart map[string]time.Time // host → earliest start of its next request
	onNewMu   sync.Mutex
	initOnce  sync.Once
	fetcher   *ingest.Fetcher
	linksMu   sync.Mutex
	links     map[string]bool // canonical links of items stored, whose pages are not fetched again
	tries     map[string]int  // canonical links of teasers not stored, and the polls that left them
}

func (p *Poller) client() *Client {
	p.initOnce.Do(func() {
		if p.Client == nil {
			p.Client = &Client{}
		}
		c := p.Client
		c.init()
		p.fetcher = &ingest.Fetcher{Timeout: c.Timeout, MaxBytes: c.MaxBytes, AllowPrivate: c.AllowPrivate, UserAgent: c.UserAgent, HTTPClient: c.client}
	})
	return p.Client
}

// maxLinks bounds the links a Poller remembers; past it it forgets them
// all, and fetches a known item's page once more at worst.
const maxLinks = 100_000

// maxLinkTries is the number of polls that leave a teaser unstored because
// its link may be read later; the next one stores the teaser.
const maxLinkTries = 3

// Result is what one poll of one feed did.
type Result struct {
	Feed        *news.Feed // as recorded after the poll
	Status      int        // HTTP status; 0 when no response came
	NotModified bool       // 304: nothing new
	Articles    int        // articles read from the feed
	New         int        // of which the store did not have
	Resumed     int        // of which an earlier poll stored but did not hand on (see Poller.Unfinished)
	ItemErrors  int        // items skipped as unreadable (no text)
	Linked      int        // of Articles, teasers replaced by the page they link to (Poller.FetchLinks)
	LinkErrors  int        // of Articles, teasers kept because their link could not be fetched or read, or was past MaxFeedLinks (Poller.FetchLinks)
	Deferred    int        // of LinkErrors, teasers not stored, whose links are tried again at the next poll (Poller.FetchLinks)
	Err         error      // why the poll failed; nil on success
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	return retry.Sleep(ctx, d)
}

func (p *Poller) logger() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func orDefault[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// PollDue polls every feed due now, claiming Batch at a time, and returns
// one Result per polled feed. A failed feed does not stop the others: its
// failure is in its Result and recorded on the feed. The error is for a
// store that cannot claim or record feeds, or for the end of ctx.
func (p *Poller) PollDue(ctx context.Context) ([]Result, error) {
	// Feeds are claimed as of one instant: a feed polled here is due
	// again after that instant, so the loop ends even with tiny intervals.
	now := p.now()
	var out []Result
	for {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		lease := orDefault(p.Lease, DefaultLease)
		claimed, err := p.Feeds.ClaimDueFeeds(ctx, now, orDefault(p.Batch, DefaultBatch), lease)
		if err != nil {
			return out, err
		}
		if len(claimed) == 0 {
			return out, nil
		}
		// The links of the batch's feeds are read within half the lease,
		// so that they do not make the batch outlast it; the teasers
		// left are tried at the next poll.
		res, err := p.pollBatch(ctx, claimed, time.Now().Add(lease/2))
		out = append(out, res...)
		if err != nil {
			return out, err
		}
	}
}

// Run polls due feeds every `every` until ctx ends; report, when set,
// receives each round's results. A store error that trying again may cure
// (the database restarted, a connection dropped) is logged and the round
// tried again after a back-off (Retry; default 1 s doubling up to a
// minute): the feeds it claimed are claimed again when their lease runs
// out. It returns ctx.Err() when ctx ends, or a permanent store error.
func (p *Poller) Run(ctx context.Context, every time.Duration, report func([]Result)) error {
	backoff := p.Retry
	if backoff == nil {
		backoff = retry.Default()
	}
	for {
		res, err := p.PollDue(ctx)
		if report != nil && len(res) > 0 {
			report(res)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if retry.Permanent(err) {
				return err
			}
			p.logger().Warn("feeds: poll round failed, trying again", slog.String("error", err.Error()))
			if err := backoff.Wait(ctx); err != nil {
				return err
			}
			continue
		}
		backoff.Reset()
		if err := p.sleep(ctx, every); err != nil {
			return err
		}
	}
}

// PollFeeds polls the given feeds now, whether due or not, as PollDue
// polls the feeds it claims. It does not claim them: a poller elsewhere may
// poll them at the same time.
func (p *Poller) PollFeeds(ctx context.Context, feeds []*news.Feed) ([]Result, error) {
	if len(feeds) == 0 {
		return nil, nil
	}
	return p.pollBatch(ctx, feeds, time.Time{})
}

// pollBatch polls claimed feeds: the feeds of one host in turn by one
// worker (so that the politeness delay does not hold up the others), up
// to Workers hosts at once. linkDeadline, when set, is the time by which
// the links of the feeds are read (see fetchLinks).
func (p *Poller) pollBatch(ctx context.Context, claimed []*news.Feed, linkDeadline time.Time) ([]Result, error) {
	var hosts []string
	byHost := map[string][]int{}
	for i, f := range claimed {
		h := ingest.HostKey(f.URL)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], i)
	}
	results := make([]Result, len(claimed))
	errs := make([]error, len(claimed))
	work := make(chan string)
	var wg sync.WaitGroup
	for range min(orDefault(p.Workers, DefaultWorkers), len(hosts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range work {
				for _, i := range byHost[h] {
					results[i], errs[i] = p.poll(ctx, claimed[i], linkDeadline)
				}
			}
		}()
	}
	for _, h := range hosts {
		work <- h
	}
	close(work)
	wg.Wait()
	var out []Result
	for i := range claimed {
		if results[i].Feed != nil {
			out = append(out, results[i])
		}
	}
	return out, errors.Join(errs...)
}

// waitTurn blocks until a request to host may start under the politeness
// delay and returns the start time. The start is reserved under the lock,
// with the clock read under it, so that starts to one host are always at
// least HostDelay apart however many goroutines ask.
func (p *Poller) waitTurn(ctx context.Context, host string) (time.Time, error) {
	delay := orDefault(p.HostDelay, DefaultHostDelay)
	for {
		p.mu.Lock()
		now := p.now()
		next, ok := p.nextStart[host]
		if !ok || !now.Before(next) || delay < 0 {
			if p.nextStart == nil {
				p.nextStart = map[string]time.Time{}
			}
			if len(p.nextStart) > 1000 {
				for h, t := range p.nextStart {
					if !now.Before(t) {
						delete(p.nextStart, h)
					}
				}
			}
			p.nextStart[host] = now.Add(max(delay, 0))
			p.mu.Unlock()
			return now, nil
		}
		p.mu.Unlock()
		if err := p.sleep(ctx, next.Sub(now)); err != nil {
			return time.Time{}, err
		}
	}
}

// poll polls one feed now, under the politeness delay, and records the
// result with UpdateFeed; linkDeadline is the time by which the feed's
// links are read (zero: no limit but the fetches' own). A failed poll is a
// Result with Err set; the returned error is for a store that cannot
// record the result, or ctx.
func (p *Poller) poll(ctx context.Context, f *news.Feed, linkDeadline time.Time) (Result, error) {
	start, err := p.waitTurn(ctx, ingest.HostKey(f.URL))
	if err != nil {
		return Result{}, err
	}
	f.LastPolledAt = start
	res := Result{Feed: f}
	var retryAfter time.Duration
	resp, err := p.client().Get(ctx, f.URL, f.ETag, f.LastModified)
	switch {
	case ctx.Err() != nil:
		return Result{}, ctx.Err()
	case err != nil:
		res.Err = err
	default:
		res.Status = resp.StatusCode
		switch resp.StatusCode {
		case http.StatusNotModified:
			res.NotModified = true
			f.ETag = orKeep(validator(resp.ETag), f.ETag)
			f.LastModified = orKeep(validator(resp.LastModified), f.LastModified)
		case http.StatusOK:
			res.Err = p.store(ctx, f, resp, &res, linkDeadline)
			if ctx.Err() != nil {
				return Result{}, ctx.Err()
			}
			if res.Err == nil && res.Deferred == 0 {
				// Validators only once the items are stored: a poll
				// that failed, or left teasers for later, asks for the
				// whole feed again.
				f.ETag, f.LastModified = validator(resp.ETag), validator(resp.LastModified)
			}
		default:
			res.Err = news.Errorf(news.EINVALID, "%s: HTTP %s", f.URL, resp.Status)
			retryAfter = RetryAfter(resp.RetryAfter, p.now())
		}
	}
	p.schedule(f, start, res.Err, retryAfter)
	// Failures are logged at Info: they are the caller's to report, in the
	// Result, and the store keeps them in LastError.
	log := p.logger().With(slog.Int64("feed_id", f.ID), slog.String("url", f.URL))
	if res.Err != nil {
		log.Info("feed poll failed", slog.Int("failures", f.Failures), slog.Time("next_poll_at", f.NextPollAt), slog.String("error", res.Err.Error()))
	} else {
		log.Debug("feed polled", slog.Int("status", res.Status), slog.Int("articles", res.Articles), slog.Int("new", res.New))
	}
	if err := p.Feeds.UpdateFeed(ctx, f); err != nil {
		if news.ErrorCode(err) == news.ENOTFOUND {
			return res, nil // removed while it was polled
		}
		return res, fmt.Errorf("record the poll of feed %d: %w", f.ID, err)
	}
	return res, nil
}

// validator returns a response's ETag or Last-Modified as stored, or ""
// for one that is not storable text (invalid UTF-8, NUL, over 1000 bytes):
// an altered validator could never match, and a server must not be able to
// make the poll result unstorable.
func validator(v string) string {
	if len(v) > 1000 || !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
		return ""
	}
	return v
}

func orKeep(v, old string) string {
	if v == "" {
		return old
	}
	return v
}

// schedule sets the feed's next poll: after its interval on success, else
// after interval·2^failures (failures counting this one) or Retry-After,
// whichever is longer, both capped at MaxBackoff.
func (p *Poller) schedule(f *news.Feed, start time.Time, err error, retryAfter time.Duration) {
	interval := f.Interval
	if interval <= 0 {
		interval = news.DefaultFeedInterval
	}
	if err == nil {
		f.Failures, f.LastError = 0, ""
		f.NextPollAt = start.Add(interval)
		return
	}
	maxWait := orDefault(p.MaxBackoff, DefaultMaxBackoff)
	f.Failures++
	f.LastError = clean(err.Error(), 1000)
	wait := min(max(retry.Doubled(interval, f.Failures, maxWait), retryAfter), maxWait)
	f.NextPollAt = start.Add(wait)
}

// clean makes text from the network storable: valid UTF-8, no NUL, at
// most n bytes.
func clean(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) > n {
		s = s[:n]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

// store parses a 200 body, stores its articles and hands the new ones to
// OnNew. It fails when the body is no readable feed or no item could be
// read; items without text are skipped and counted. linkDeadline is
// fetchLinks'.
func (p *Poller) store(ctx context.Context, f *news.Feed, resp *Response, res *Result, linkDeadline time.Time) error {
	var arts []*news.Article
	var firstErr error
	// The content type is set so that ingest reads the body as a feed
	// whatever the server calls it: a poll wants no HTML page as article.
	err := ingest.ReadDocument(f.URL, "application/rss+xml", resp.Body, func(it ingest.Item) error {
		if it.Err != nil {
			res.ItemErrors++
			if firstErr == nil {
				firstErr = it.Err
			}
			return nil
		}
		arts = append(arts, it.Article)
		return nil
	})
	if err != nil {
		return err
	}
	res.Articles = len(arts)
	if len(arts) == 0 {
		res.ItemErrors = 0
		if firstErr == nil {
			firstErr = news.Errorf(news.EINVALID, "%s: no articles in the feed", f.URL)
		}
		return firstErr
	}
	if res.ItemErrors > 0 {
		p.logger().Info("feed items skipped", slog.Int64("feed_id", f.ID), slog.Int("items", res.ItemErrors), slog.String("error", firstErr.Error()))
	}
	if t := clean(strings.TrimSpace(arts[0].SiteName), 300); t != "" {
		f.Title = t
	}
	if p.FetchLinks {
		if arts, err = p.fetchLinks(ctx, f, arts, res, linkDeadline); err != nil {
			return err
		}
	}
	created, err := p.createArticles(ctx, arts)
	if err != nil {
		return err
	}
	if p.FetchLinks {
		p.remember(arts)
	}
	var fresh, old []*news.Article
	for i, a := range arts {
		switch {
		case created[i]:
			fresh = append(fresh, a)
		case a.ID != 0:
			old = append(old, a)
		}
	}
	res.New = len(fresh)
	if p.Unfinished == nil {
		old = nil
	}
	if p.OnNew == nil || len(fresh) == 0 && len(old) == 0 {
		return nil
	}
	// Unfinished is asked under OnNew's lock, so that an article another
	// feed of this poller created and is handing on now is not taken for
	// one an earlier poll left.
	p.onNewMu.Lock()
	defer p.onNewMu.Unlock()
	if len(old) > 0 {
		if fresh, err = p.resume(ctx, arts, created, old); err != nil {
			return fmt.Errorf("%s: find unfinished articles: %w", f.URL, err)
		}
		res.Resumed = len(fresh) - res.New
	}
	if len(fresh) == 0 {
		return nil
	}
	if err := p.OnNew(ctx, f, fresh); err != nil {
		return fmt.Errorf("%s: handle %d new articles: %w", f.URL, len(fresh), err)
	}
	return nil
}

// resume returns, in feed order, the articles created by this poll and
// those of old (already stored) that Unfinished names, each stored article
// once: two items of a feed may be one stored article.
func (p *Poller) resume(ctx context.Context, arts []*news.Article, created []bool, old []*news.Article) ([]*news.Article, error) {
	ids := make([]int64, len(old))
	for i, a := range old {
		ids[i] = a.ID
	}
	unfinished, err := p.Unfinished(ctx, ids)
	if err != nil {
		return nil, err
	}
	again := make(map[int64]bool, len(unfinished))
	for _, id := range unfinished {
		again[id] = true
	}
	var out []*news.Article
	for i, a := range arts {
		if created[i] || again[a.ID] {
			delete(again, a.ID)
			out = append(out, a)
		}
	}
	return out, nil
}

// createArticles stores arts (news.CreateArticles); an article the store
// refuses is skipped and logged (created false, ID 0).
func (p *Poller) createArticles(ctx context.Context, arts []*news.Article) ([]bool, error) {
	created, refused, err := news.CreateArticles(ctx, p.Articles, arts)
	for i, e := range refused {
		if e != nil {
			p.logger().Warn("feed article refused by the store", slog.String("url", arts[i].URL), slog.String("error", e.Error()))
		}
	}
	return created, err
}

// fetchLinks replaces the teasers among arts (prepared) whose links this
// Poller has not stored with the pages they link to, prepared, and returns
// the articles to store: without the teasers left for a later poll. The
// links are read by deadline when it is set (ingest.LinkOptions.Deadline).
func (p *Poller) fetchLinks(ctx context.Context, f *news.Feed, arts []*news.Article, res *Result, deadline time.Time) ([]*news.Article, error) {
	p.client()
	teasers := make([]*news.Article, len(arts))
	copy(teasers, arts)
	// skipped holds each teaser (ingest.IsTeaser: FetchLinks asks Skip
	// about them and no other item) and whether it was skipped.
	skipped := map[*news.Article]bool{}
	warns, err := ingest.FetchLinks(ctx, p.fetcher, arts, ingest.LinkOptions{
		Max:      p.MaxFeedLinks,
		Deadline: deadline,
		Wait: func(ctx context.Context, host string) error {
			_, err := p.waitTurn(ctx, host)
			return err
		},
		Skip: func(a *news.Article) bool {
			skipped[a] = p.known(a)
			return skipped[a]
		},
	})
	if err != nil {
		return nil, err
	}
	keep := arts[:0]
	for i, a := range arts {
		later := false
		if a != teasers[i] {
			if err := ingest.Prepare(a); err != nil {
				a, warns[i] = teasers[i], err
			} else {
				res.Linked++
			}
		} else if skip, teaser := skipped[a]; teaser && !skip {
			// Not replaced, not stored before: its link failed, or was
			// not tried (past the cap or the deadline, or on a host that
			// did not answer) and is counted under an earlier item's
			// warning.
			var lw *ingest.LinkWarning
			later = warns[i] == nil || errors.As(warns[i], &lw) && lw.Later
			if warns[i] == nil {
				res.LinkErrors++
			}
		}
		if warns[i] != nil {
			res.LinkErrors++
			p.logger().Warn("feed item: kept the teaser", slog.Int64("feed_id", f.ID), slog.String("error", clean(warns[i].Error(), 1000)))
		}
		if later && !p.OneShot && p.retry(a) {
			res.Deferred++
			continue
		}
		keep = append(keep, a)
	}
	return keep, nil
}

// retry reports whether the teaser a is left for the next poll, and
// counts the polls that left it; past maxLinkTries it is not.
func (p *Poller) retry(a *news.Article) bool {
	u := a.CanonicalURL
	if u == "" {
		return false
	}
	p.linksMu.Lock()
	defer p.linksMu.Unlock()
	if p.tries == nil || len(p.tries) > maxLinks {
		p.tries = map[string]int{}
	}
	if p.tries[u] >= maxLinkTries {
		delete(p.tries, u)
		return false
	}
	p.tries[u]++
	return true
}

// known reports whether this Poller stored the item of a teaser before.
func (p *Poller) known(a *news.Article) bool {
	p.linksMu.Lock()
	defer p.linksMu.Unlock()
	return p.links[a.CanonicalURL]
}

// remember notes the canonical links of the stored articles (CanonicalURL,
// as ingest.Prepare set it), so that their pages are not fetched again:
// the store would keep the article it has.
func (p *Poller) remember(arts []*news.Article) {
	p.linksMu.Lock()
	defer p.linksMu.Unlock()
	if p.links == nil || len(p.links) > maxLinks {
		p.links = map[string]bool{}
	}
	for _, a := range arts {
		if u := a.CanonicalURL; a.ID != 0 && u != "" {
			p.links[u] = true
			delete(p.tries, u)
		}
	}
}
