// Package feedrow holds what both stores do alike with a feed's row: its
// columns, the defaults of a new feed, and the feed as stored.
package feedrow

import (
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Columns are the stored columns of a feed, in scan order.
const Columns = `id, url, title, etag, last_modified, interval_ms, next_poll_at, last_polled_at, failures, last_error, created_at`

// Prepare validates a new feed and fills in its defaults: the default
// interval, and a first poll now. Returns EINVALID if f fails
// news.Feed.Validate.
func Prepare(f *news.Feed, now time.Time) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if f.Interval == 0 {
		f.Interval = news.DefaultFeedInterval
	}
	if f.NextPollAt.IsZero() {
		f.NextPollAt = now
	}
	return nil
}

// Added sets f's ID and creation time, stored as id at now, and rounds
// its interval and times as the stores keep them (milliseconds; UTC
// microseconds).
func Added(f *news.Feed, id int64, now time.Time) {
	f.ID, f.CreatedAt = id, now
	f.Interval = f.Interval.Truncate(time.Millisecond)
	f.NextPollAt = trunc(f.NextPollAt)
	if !f.LastPolledAt.IsZero() {
		f.LastPolledAt = trunc(f.LastPolledAt)
	}
}

func trunc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
