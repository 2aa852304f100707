package news

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultFeedInterval is how often a feed is polled when it was added
// without an interval.
const DefaultFeedInterval = 15 * time.Minute

// Feed is an RSS, Atom or JSON feed that crosscheck polls for new articles,
// with what the last poll left behind: the validators for the next
// conditional request and the failure count that drives the back-off.
type Feed struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`   // normalized by NormalizeFeedURL
	Title string `json:"title"` // the feed's own title, once polled

	// ETag and LastModified are the validators of the last 200 response,
	// sent back as If-None-Match and If-Modified-Since.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`

	// Interval is the wait between two successful polls; stored to the
	// millisecond.
	Interval time.Duration `json:"interval_ns"`
	// NextPollAt is when the feed is due. A poller that claims the feed
	// pushes it forward by its lease, and the poll result sets it again.
	NextPollAt   time.Time `json:"next_poll_at"`
	LastPolledAt time.Time `json:"last_polled_at,omitzero"`
	// Failures counts the polls that failed in a row; 0 after a success.
	Failures  int       `json:"failures"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// NormalizeFeedURL returns the form of a feed URL that the store keys feeds
// by: lower-case scheme and host, no default port, no fragment, an empty
// path as "/". Unlike an article's canonical URL it keeps "www." and every
// query parameter, which often select the feed. Returns EINVALID for what
// is not an absolute http(s) URL.
func NormalizeFeedURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", Errorf(EINVALID, "feed URL %q: %v", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", Errorf(EINVALID, "feed URL %q: want an absolute http(s) URL without user info", raw)
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		host += ":" + p
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// Validate normalizes f.URL and checks the feed can be stored. Returns
// EINVALID for a URL that is not an absolute http(s) URL, a negative
// interval or failure count, or a text field that is not valid UTF-8 or
// holds a NUL byte (PostgreSQL refuses both).
func (f *Feed) Validate() error {
	u, err := NormalizeFeedURL(f.URL)
	if err != nil {
		return err
	}
	f.URL = u
	if f.Interval < 0 {
		return Errorf(EINVALID, "feed %s: negative interval %s", f.URL, f.Interval)
	}
	if f.Failures < 0 {
		return Errorf(EINVALID, "feed %s: negative failure count %d", f.URL, f.Failures)
	}
	for _, fld := range []struct{ name, v string }{
		{"url", f.URL}, {"title", f.Title}, {"etag", f.ETag}, {"last_modified", f.LastModified}, {"last_error", f.LastError},
	} {
		if !utf8.ValidString(fld.v) || strings.IndexByte(fld.v, 0) >= 0 {
			return Errorf(EINVALID, "feed %s: %s is not valid UTF-8 text", f.URL, fld.name)
		}
	}
	return nil
}

// FeedStore stores the feeds to poll and their poll state. It is separate
// from Store so that backends without feeds still satisfy Store; callers
// type-assert a Store to FeedStore. Implementations are safe for concurrent
// use, also by several processes on one database.
type FeedStore interface {
	// AddFeed stores a new feed, keyed by its normalized URL. A feed
	// without an interval gets DefaultFeedInterval and one without
	// NextPollAt is due at once. If a feed with the same URL exists it
	// returns false and fills f with the stored feed. Sets ID and
	// CreatedAt. Returns EINVALID if f fails Validate.
	AddFeed(ctx context.Context, f *Feed) (created bool, err error)
	// FindFeeds returns every feed, in ID order.
	FindFeeds(ctx context.Context) ([]*Feed, error)
	// DeleteFeed removes a feed; the articles it brought stay. Returns
	// ENOTFOUND if there is no feed with that ID.
	DeleteFeed(ctx context.Context, id int64) error
	// ClaimDueFeeds takes the (up to) n earliest due feeds, those whose
	// NextPollAt is at or before now, returns them in ID order, and moves their NextPollAt to now+lease in
	// the same transaction, so that no other poller (in this or another
	// process) claims them before the lease runs out. A poller that dies
	// mid-poll thus delays a feed by the lease at most.
	ClaimDueFeeds(ctx context.Context, now time.Time, n int, lease time.Duration) ([]*Feed, error)
	// UpdateFeed records a poll result: every field but URL and CreatedAt.
	// Returns ENOTFOUND if the feed was deleted and EINVALID if f fails
	// Validate.
	UpdateFeed(ctx context.Context, f *Feed) error
}
