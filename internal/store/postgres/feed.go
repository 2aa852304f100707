package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/feedrow"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
)

var _ news.FeedStore = (*Store)(nil)

// AddFeed stores a new feed, or fills f with the stored feed of the same
// normalized URL. See news.FeedStore. Returns EINVALID if f fails
// news.Feed.Validate.
func (s *Store) AddFeed(ctx context.Context, f *news.Feed) (bool, error) {
	now := truncTime(s.Now())
	if err := feedrow.Prepare(f, now); err != nil {
		return false, err
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
		feedrow.Added(f, id, now)
		return true, nil
	case !isNoRows(err):
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	old, err := scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedrow.Columns+` FROM feeds WHERE url = $1`, f.URL))
	if err != nil {
		return false, fmt.Errorf("find feed %s: %w", f.URL, err)
	}
	*f = *old
	return false, nil
}

// FindFeeds returns every feed in ID order.
func (s *Store) FindFeeds(ctx context.Context) ([]*news.Feed, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+feedrow.Columns+` FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find feeds: %w", err)
	}
	return rowscan.All(rows, scanFeed)
}

// DeleteFeed removes a feed. Returns ENOTFOUND if there is none with id.
func (s *Store) DeleteFeed(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM feeds WHERE id = $1`, id)
	return rowscan.Changed(res, err, "delete feed", "feed", id)
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
		RETURNING `+feedrow.Columns, truncTime(now), truncTime(now.Add(lease)), n)
	if err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	feeds, err := rowscan.All(rows, scanFeed)
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
	return rowscan.Changed(res, err, "update feed", "feed", f.ID)
}

func scanFeed(r rowscan.Scanner) (*news.Feed, error) {
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
