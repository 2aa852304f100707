package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/retry"
)

// Most feeds carry a teaser per item — a sentence or two and a link to the
// article. FetchLinks fetches the pages those links point at, so that the
// article analysed is the article and not its teaser.

// LinkPolicy says when the link of a feed item that carries only a teaser
// is fetched.
type LinkPolicy int

const (
	// LinksAuto fetches the links of feeds fetched from a URL (and of
	// polled feeds) but not of feed files or standard input, which stay
	// offline and give the same articles every time.
	LinksAuto LinkPolicy = iota
	// LinksOn fetches the links of every feed, files too.
	LinksOn
	// LinksOff never fetches links: a teaser is the article.
	LinksOff
)

// Fetch reports whether links are fetched for a feed read from a URL
// (fromURL) or from a file or standard input.
func (p LinkPolicy) Fetch(fromURL bool) bool {
	switch p {
	case LinksOn:
		return true
	case LinksOff:
		return false
	}
	return fromURL
}

// String returns "auto", "true" or "false".
func (p LinkPolicy) String() string {
	switch p {
	case LinksOn:
		return "true"
	case LinksOff:
		return "false"
	}
	return "auto"
}

// Set reads "auto", or a boolean ("true", "on", "false", "off"), so that
// a LinkPolicy is a boolean command-line flag whose default is "auto":
// --fetch-links, --fetch-links=false, --fetch-links=auto.
func (p *LinkPolicy) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto":
		*p = LinksAuto
	case "true", "on", "yes", "1", "t":
		*p = LinksOn
	case "false", "off", "no", "0", "f":
		*p = LinksOff
	default:
		return fmt.Errorf("%q is not auto, true or false", s)
	}
	return nil
}

// IsBoolFlag makes a bare --flag mean true.
func (p *LinkPolicy) IsBoolFlag() bool { return true }

// Defaults of LinkOptions' zero fields.
const (
	// DefaultMaxFeedLinks is the number of links fetched per feed at most.
	DefaultMaxFeedLinks = 20
	// DefaultLinkDelay is the least time between the starts of two link
	// fetches to one host.
	DefaultLinkDelay = time.Second
)

// teaserBytes is the length of plain text under which a feed item is a
// teaser; longTeaserBytes the length under which one that ends in an
// ellipsis or a "Read more" is one too. Full-text feeds carry thousands of
// bytes per item; teasers a sentence or two (WordPress cuts at 55 words,
// about 350 bytes), and some a paragraph cut off with "…".
const (
	teaserBytes     = 1000
	longTeaserBytes = 4000
)

// cutMarks end the text of an item that is cut short.
var cutMarks = []string{"…", "...", "[…]", "[...]", "(…)", "(...)", "read more", "continue reading", "read the full", "full story", "(more…)", "weiterlesen", "lire la suite", "leer más", "lees meer", "leggi tutto"}

// IsTeaser reports whether a feed item's article holds only a teaser of
// the page its URL links to: its URL is an http(s) URL and its text is
// under 1000 bytes, or under 4000 and ends cut short ("…", "[…]", "Read
// more", "Continue reading").
func IsTeaser(a *news.Article) bool {
	if !webURL(a.URL) {
		return false
	}
	t := strings.TrimSpace(a.Text)
	if len(t) < teaserBytes {
		return true
	}
	if len(t) >= longTeaserBytes {
		return false
	}
	tail := strings.ToLower(strings.TrimRight(t[max(0, len(t)-40):], " \t\n»›→>"))
	for _, m := range cutMarks {
		if strings.HasSuffix(tail, m) || m[0] >= 'a' && m[0] <= 'z' && strings.HasSuffix(strings.TrimRight(tail, ".:!"), m) {
			return true
		}
	}
	return false
}

// LinkOptions configures FetchLinks.
type LinkOptions struct {
	// Max is the number of links fetched at most; 0 means
	// DefaultMaxFeedLinks, negative none.
	Max int
	// Delay is the least time between the starts of two fetches to one
	// host (host and port); 0 means DefaultLinkDelay, negative none. It
	// is ignored when Wait is set.
	Delay time.Duration
	// Wait, when set, is called before each fetch with the link's host
	// and returns when the fetch may start (a caller's own politeness
	// schedule, such as the feed poller's or a shared HostGate's), or an
	// error to give up.
	Wait func(ctx context.Context, host string) error
	// Skip, when set, is asked for each teaser whether to leave it as it
	// is without fetching its link (one stored already); a skipped item
	// is no fetch and no warning.
	Skip func(a *news.Article) bool
	// Deadline, when set, is the time by which FetchLinks returns: a
	// fetch under way then is stopped, and the links not fetched by then
	// keep their teasers, under one warning.
	Deadline time.Time
}

// LinkWarning is a warning of FetchLinks: the article of Item stays its
// teaser, because of Err.
type LinkWarning struct {
	Item *news.Article
	Err  error
	// Later is set when the link may be read later: its host did not
	// answer (ErrUnavailable), or the link was not tried — past the cap,
	// past the deadline, or on a host that did not answer before.
	Later bool
	// Items counts the teasers the warning stands for: those after Item
	// kept for the same reason (past the cap or the deadline, or on the
	// same host that did not answer) carry no warning of their own.
	Items int
}

func (w *LinkWarning) Error() string {
	msg := w.Err.Error()
	if !strings.HasPrefix(msg, w.Item.URL) {
		msg = w.Item.URL + ": " + msg
	}
	name := itemName(w.Item)
	switch {
	case w.Items == 2:
		name += " and 1 more item"
	case w.Items > 2:
		name += fmt.Sprintf(" and %d more items", w.Items-1)
	}
	return name + ": kept the feed's teaser: " + msg
}

// Unwrap returns Err.
func (w *LinkWarning) Unwrap() error { return w.Err }

// coded returns w as an EINVALID error, whose message (news.ErrorMessage)
// is w's.
func (w *LinkWarning) coded() error { return &news.Error{Code: news.EINVALID, Err: w} }

// FetchLinks replaces each teaser (IsTeaser) of arts, the articles of one
// feed, with the article of the page its link points at, fetched with f
// (its timeout, size cap, user agent and address rule), one link at a
// time, at most o.Max of them, spaced per host by o.Delay, until
// o.Deadline. The page's title, byline, date, language and main text
// replace the item's, which are kept where the page has none; the article
// keeps the item's source path and URL, and so the canonical URL derived
// from the link, by which the same item is recognised again. A
// replacement is not prepared (see Prepare).
//
// A link that cannot be fetched or read — an HTTP error, a time-out, a
// refused address, a page that is no HTML, has no main text, no more text
// than the teaser, or does not read as the item's article (a consent
// wall, a home page) — leaves the teaser in place, and warns[i], which
// holds a *LinkWarning (errors.As), says why. After a host does not answer (ErrUnavailable:
// a time-out, a connection error, an HTTP 5xx or 429), its other links
// are not tried; the teasers past the cap, past the deadline or on such
// a host are kept under one warning each, on the first of them. The
// error is ctx's when it ends, after which arts may be part done.
func FetchLinks(ctx context.Context, f *Fetcher, arts []*news.Article, o LinkOptions) (warns []error, err error) {
	warns = make([]error, len(arts))
	limit := o.Max
	if limit == 0 {
		limit = DefaultMaxFeedLinks
	}
	wait := o.Wait
	if wait == nil {
		wait = (&HostGate{Delay: o.Delay}).Wait
	}
	fctx := ctx
	if !o.Deadline.IsZero() {
		var cancel context.CancelFunc
		fctx, cancel = context.WithDeadline(ctx, o.Deadline)
		defer cancel()
	}
	// summary returns the warning that stands for the teasers kept for
	// one reason, creating it on the first of them.
	summaries := map[string]*LinkWarning{}
	summary := func(i int, key string, err error) {
		if w := summaries[key]; w != nil {
			w.Items++
			return
		}
		w := &LinkWarning{Item: arts[i], Err: err, Later: true, Items: 1}
		summaries[key] = w
		warns[i] = w.coded()
	}
	down := map[string]error{} // hosts that did not answer, and why
	outOfTime := errors.New("not fetched: the time for reading the feed's links ran out")
	fetched := 0
	for i, a := range arts {
		if !IsTeaser(a) || o.Skip != nil && o.Skip(a) {
			continue
		}
		if fctx.Err() != nil && ctx.Err() == nil {
			summary(i, "deadline", outOfTime)
			continue
		}
		if fetched >= limit {
			summary(i, "cap", fmt.Errorf("not fetched: over the cap of %d links per feed", max(limit, 0)))
			continue
		}
		host := HostKey(a.URL)
		if err := down[host]; err != nil {
			summary(i, "host "+host, fmt.Errorf("not fetched: %s did not answer before (%v)", host, err))
			continue
		}
		fetched++
		if err := wait(fctx, host); err != nil {
			if ctx.Err() != nil {
				return warns, ctx.Err()
			}
			if fctx.Err() != nil {
				summary(i, "deadline", outOfTime)
				continue
			}
			return warns, err
		}
		page, err := linkedArticle(fctx, f, a)
		if ctx.Err() != nil {
			return warns, ctx.Err()
		}
		if fctx.Err() != nil {
			summary(i, "deadline", outOfTime)
			continue
		}
		if err != nil {
			later := errors.Is(err, ErrUnavailable)
			if later {
				down[host] = err
			}
			warns[i] = (&LinkWarning{Item: a, Err: err, Later: later, Items: 1}).coded()
			continue
		}
		arts[i] = page
	}
	return warns, nil
}

// linkedArticle fetches the page of a teaser and returns the merged
// article.
func linkedArticle(ctx context.Context, f *Fetcher, item *news.Article) (*news.Article, error) {
	p, err := f.Fetch(ctx, item.URL)
	if err != nil {
		return nil, err
	}
	if DetectFormat(p.URL, p.ContentType, p.Body) != FormatHTML {
		ct := p.ContentType
		if ct == "" {
			ct = "no content type"
		}
		return nil, news.Errorf(news.EINVALID, "not an HTML page (%s)", ct)
	}
	page, err := htmlArticle(p.URL, p.Body, p.URL)
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(page.Text)) <= len(strings.TrimSpace(item.Text)) {
		return nil, news.Errorf(news.EINVALID, "the page's main text (%d bytes) is no longer than the teaser (%d bytes)", len(strings.TrimSpace(page.Text)), len(strings.TrimSpace(item.Text)))
	}
	if share, n := overlap(item.Title+" "+item.Text, page.Title+" "+page.Text); n >= minOverlapWords && share < minOverlap {
		// A link to a home page, a consent or login wall, an error page
		// served with 200: longer than the teaser, but not its article.
		return nil, news.Errorf(news.EINVALID, "the page does not read as the item's article (%.0f%% of the item's words in it)", 100*share)
	}
	a := &news.Article{
		SourcePath: item.SourcePath,
		URL:        item.URL,
		Outlet:     item.Outlet,
		SiteName:   or(item.SiteName, page.SiteName),
		Title:      or(page.Title, item.Title),
		Byline:     or(page.Byline, item.Byline),
		Published:  page.Published,
		Lang:       or(page.Lang, item.Lang),
		Text:       page.Text,
	}
	if a.Published.IsZero() || future(a.Published) {
		a.Published = item.Published
	}
	if o := Outlet(p.URL); o != "" && o != Outlet(item.URL) {
		// The link went through a redirector (a click counter, a feed
		// proxy): the outlet is where it led.
		a.Outlet = o
	}
	return a, nil
}

// A page is the article of a teaser when it holds minOverlap of the
// distinct words of the teaser and its title (of four letters or more);
// a teaser of fewer than minOverlapWords such words is not checked.
// Teasers are the article's standfirst or first sentences, and its title
// the headline, mostly word for word.
const (
	minOverlap      = 0.4
	minOverlapWords = 4
)

// overlap returns the share of the distinct words of four letters or more
// of item that occur in page, and their number.
func overlap(item, page string) (float64, int) {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if utf8.RuneCountInString(w) >= 4 {
				m[w] = true
			}
		}
		return m
	}
	in, on := words(item), words(page)
	if len(in) == 0 {
		return 1, 0
	}
	n := 0
	for w := range in {
		if on[w] {
			n++
		}
	}
	return float64(n) / float64(len(in)), len(in)
}

func or(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// itemName names a feed item in a warning: its source path or URL, and
// its title.
func itemName(a *news.Article) string {
	name := or(a.SourcePath, a.URL)
	if t := strings.TrimSpace(a.Title); t != "" {
		if r := []rune(t); len(r) > 80 {
			t = string(r[:80]) + "…"
		}
		name += fmt.Sprintf(" (%q)", t)
	}
	return name
}

// HostKey is the politeness key of a URL: its host and port, in lower
// case (the raw text when it does not parse).
func HostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Host)
}

// HostGate spaces the starts of requests to one host (host and port) by
// Delay; 0 means DefaultLinkDelay, negative none. Its Wait is a
// LinkOptions.Wait that callers may share across feeds and requests. Its
// zero value is ready to use and it is safe for concurrent use.
type HostGate struct {
	Delay time.Duration
	mu    sync.Mutex
	next  map[string]time.Time
}

// Wait returns when a request to host may start, or ctx's error.
func (g *HostGate) Wait(ctx context.Context, host string) error {
	d := g.Delay
	if d == 0 {
		d = DefaultLinkDelay
	}
	if d < 0 {
		return ctx.Err()
	}
	g.mu.Lock()
	if g.next == nil {
		g.next = map[string]time.Time{}
	}
	now := time.Now()
	if len(g.next) >= 1024 {
		for h, t := range g.next { // hosts whose delay has passed
			if !t.After(now) {
				delete(g.next, h)
			}
		}
	}
	start := now
	if next := g.next[host]; next.After(now) {
		start = next
	}
	g.next[host] = start.Add(d)
	g.mu.Unlock()
	return retry.Sleep(ctx, start.Sub(now))
}
