package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

var _ news.FeedStore = (*Store)(nil)

// feedColumns are the stored columns of a feed, in scan order.
const feedColumns = `id, url, title, etag, last_modified, interval_ms, next_poll_at, last_polled_at, failures, last_error, created_at`

// AddFeed stores a new feed, or fills f with the stored feed of the same
// normalized URL. See news.FeedStore. Returns EINVALID if f fails
// news.Feed.Validate.
func (s *Store) AddFeed(ctx context.Context, f *news.Feed) (bool, error) {
	if err := f.Validate(); err != nil {
		return false, err
	}
	now := truncTime(s.Now())
	if f.Interval == 0 {
		f.Interval = news.DefaultFeedInterval
	}
	if f.NextPollAt.IsZero() {
		f.NextPollAt = now
	}
	// ON CONFLICT DO NOTHING returns no row for a duplicate; two
	// concurrent adds of one URL then both read the one stored row.
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO feeds (url, title, etag, last_modified, interval_ms, next_poll_at,
		last_polled_at, failures, last_error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (url) DO NOTHING RETURNING id`,
		f.URL, f.Title, f.ETag, f.LastModified, f.Interval.Milliseconds(), truncTime(f.NextPollAt),
		nullTime(f.LastPolledAt), f.Failures, f.LastError, now).Scan(&id)
	switch {
	case err == nil:
		f.ID, f.CreatedAt = id, now
		f.Interval = f.Interval.Truncate(time.Millisecond)
		f.NextPollAt = truncTime(f.NextPollAt)
		if !f.LastPolledAt.IsZero() {
			f.LastPolledAt = truncTime(f.LastPolledAt)
		}
		return true, nil
	case !isNoRows(err):
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	old, err := scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE url = $1`, f.URL))
	if err != nil {
		return false, fmt.Errorf("find feed %s: %w", f.URL, err)
	}
	*f = *old
	return false, nil
}

// FindFeeds returns every feed in ID order.
func (s *Store) FindFeeds(ctx context.Context) ([]*news.Feed, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find feeds: %w", err)
	}
	return scanFeeds(rows)
}

// DeleteFeed removes a feed. Returns ENOTFOUND if there is none with id.
func (s *Store) DeleteFeed(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM feeds WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete feed %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return news.Errorf(news.ENOTFOUND, "feed %d not found", id)
	}
	return nil
}

// ClaimDueFeeds claims up to n due feeds for lease in one statement:
// FOR UPDATE SKIP LOCKED makes concurrent claimers pass over the rows
// another one is claiming instead of waiting for them or taking them too.
func (s *Store) ClaimDueFeeds(ctx context.Context, now time.Time, n int, lease time.Duration) ([]*news.Feed, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `UPDATE feeds SET next_poll_at = $2
		WHERE id IN (SELECT id FROM feeds WHERE next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING `+feedColumns, truncTime(now), truncTime(now.Add(lease)), n)
	if err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	feeds, err := scanFeeds(rows)
	if err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	// RETURNING has no order; every claimed feed now has the same
	// next_poll_at, so ID order is the order they were due in ties.
	sort.Slice(feeds, func(i, j int) bool { return feeds[i].ID < feeds[j].ID })
	return feeds, nil
}

// UpdateFeed records a poll result. Returns ENOTFOUND if the feed is gone
// and EINVALID if f fails news.Feed.Validate.
func (s *Store) UpdateFeed(ctx context.Context, f *news.Feed) error {
	if err := f.Validate(); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE feeds SET title = $1, etag = $2, last_modified = $3, interval_ms = $4,
		next_poll_at = $5, last_polled_at = $6, failures = $7, last_error = $8 WHERE id = $9`,
		f.Title, f.ETag, f.LastModified, f.Interval.Milliseconds(), truncTime(f.NextPollAt),
		nullTime(f.LastPolledAt), f.Failures, f.LastError, f.ID)
	if err != nil {
		return fmt.Errorf("update feed %d: %w", f.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return news.Errorf(news.ENOTFOUND, "feed %d not found", f.ID)
	}
	return nil
}

type rowScanner interface{ Scan(dest ...any) error }

func scanFeed(r rowScanner) (*news.Feed, error) {
	var f news.Feed
	var ms int64
	var last sql.NullTime
	if err := r.Scan(&f.ID, &f.URL, &f.Title, &f.ETag, &f.LastModified, &ms, &f.NextPollAt, &last, &f.Failures, &f.LastError, &f.CreatedAt); err != nil {
		return nil, err
	}
	f.Interval = time.Duration(ms) * time.Millisecond
	f.NextPollAt, f.CreatedAt = f.NextPollAt.UTC(), f.CreatedAt.UTC()
	if last.Valid {
		f.LastPolledAt = last.Time.UTC()
	}
	return &f, nil
}

func scanFeeds(rows *sql.Rows) ([]*news.Feed, error) {
	defer rows.Close()
	out := []*news.Feed{}
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
