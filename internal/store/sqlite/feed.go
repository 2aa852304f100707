package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	defer tx.Rollback()
	old, err := scanFeed(tx.QueryRowContext(ctx, `SELECT `+feedrow.Columns+` FROM feeds WHERE url = ?`, f.URL))
	switch {
	case err == nil:
		*f = *old
		return false, nil
	case !isNoRows(err):
		return false, fmt.Errorf("find feed %s: %w", f.URL, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO feeds (url, title, etag, last_modified, interval_ms, next_poll_at,
		last_polled_at, failures, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.URL, f.Title, f.ETag, f.LastModified, f.Interval.Milliseconds(), formatTime(f.NextPollAt),
		nullTime(f.LastPolledAt), f.Failures, f.LastError, formatTime(now))
	if err != nil {
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	feedrow.Added(f, id, now)
	return true, nil
}

// FindFeeds returns every feed in ID order.
func (s *Store) FindFeeds(ctx context.Context) ([]*news.Feed, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+feedrow.Columns+` FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find feeds: %w", err)
	}
	return rowscan.All(rows, scanFeed)
}

// DeleteFeed removes a feed. Returns ENOTFOUND if there is none with id.
func (s *Store) DeleteFeed(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
	return rowscan.Changed(res, err, "delete feed", "feed", id)
}

// ClaimDueFeeds claims up to n due feeds for lease. The select and the
// update run in one write transaction, which SQLite's single writer lock
// (taken at BEGIN, see Open) makes atomic also across processes.
func (s *Store) ClaimDueFeeds(ctx context.Context, now time.Time, n int, lease time.Duration) ([]*news.Feed, error) {
	if n <= 0 {
		return nil, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+feedrow.Columns+` FROM feeds WHERE next_poll_at <= ?
		ORDER BY next_poll_at, id LIMIT ?`, formatTime(now), n)
	if err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	feeds, err := rowscan.All(rows, scanFeed)
	if err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	if len(feeds) == 0 {
		return feeds, nil
	}
	until := truncTime(now.Add(lease))
	ids := make([]any, len(feeds))
	for i, f := range feeds {
		ids[i] = f.ID
		f.NextPollAt = until
	}
	q := `UPDATE feeds SET next_poll_at = ? WHERE id IN (?` + strings.Repeat(", ?", len(ids)-1) + `)`
	if _, err := tx.ExecContext(ctx, q, append([]any{formatTime(until)}, ids...)...); err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim feeds: %w", err)
	}
	// The same order as PostgreSQL's, whose RETURNING has none.
	sort.Slice(feeds, func(i, j int) bool { return feeds[i].ID < feeds[j].ID })
	return feeds, nil
}

// UpdateFeed records a poll result. Returns ENOTFOUND if the feed is gone
// and EINVALID if f fails news.Feed.Validate.
func (s *Store) UpdateFeed(ctx context.Context, f *news.Feed) error {
	if err := f.Validate(); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE feeds SET title = ?, etag = ?, last_modified = ?, interval_ms = ?,
		next_poll_at = ?, last_polled_at = ?, failures = ?, last_error = ? WHERE id = ?`,
		f.Title, f.ETag, f.LastModified, f.Interval.Milliseconds(), formatTime(f.NextPollAt),
		nullTime(f.LastPolledAt), f.Failures, f.LastError, f.ID)
	return rowscan.Changed(res, err, "update feed", "feed", f.ID)
}

func scanFeed(r rowscan.Scanner) (*news.Feed, error) {
	var f news.Feed
	var ms int64
	var next, last, created sql.NullString
	if err := r.Scan(&f.ID, &f.URL, &f.Title, &f.ETag, &f.LastModified, &ms, &next, &last, &f.Failures, &f.LastError, &created); err != nil {
		return nil, err
	}
	f.Interval = time.Duration(ms) * time.Millisecond
	var err error
	if f.NextPollAt, err = parseTime(next); err != nil {
		return nil, err
	}
	if f.LastPolledAt, err = parseTime(last); err != nil {
		return nil, err
	}
	if f.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	return &f, nil
}
