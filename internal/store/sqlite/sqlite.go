// Package sqlite is crosscheck's default store: SQLite through the pure-Go
// modernc.org/sqlite driver, so that the binary needs no cgo and no server.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/crosscheck-news/crosscheck/internal/news"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store implements news.Store on one SQLite database file.
type Store struct {
	db *sql.DB // the one writer connection
	// rdb is a pool of read-only connections: under WAL, readers do not
	// wait for the writer or each other. For ":memory:" it is db itself.
	rdb *sql.DB
	// Now is the clock; tests replace it.
	Now func() time.Time
}

var _ news.Store = (*Store)(nil)

// Open opens (creating if needed) the database at path and applies pending
// migrations. path may be ":memory:" for a private in-memory database.
func Open(ctx context.Context, path string) (*Store, error) {
	dsn := path
	memory := path == ":memory:" || path == ""
	if memory {
		dsn = "file::memory:"
	} else {
		dsn = "file:" + path
	}
	// WAL lets readers run while one writer writes, and survives a killed
	// process without corrupting the file; foreign keys are off by default in
	// SQLite; busy_timeout makes concurrent writers wait for the lock instead
	// of failing with SQLITE_BUSY; synchronous=NORMAL is safe under WAL.
	dsn += "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	if !memory {
		dsn += "&_pragma=journal_mode(WAL)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, an in-memory database
	// exists per connection, and a single connection makes the write lock
	// an in-process queue rather than busy retries.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, rdb: db, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate sqlite %q: %w", path, err)
	}
	if !memory {
		rdb, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)")
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open sqlite %q for reading: %w", path, err)
		}
		rdb.SetMaxOpenConns(8)
		s.rdb = rdb
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.rdb != s.db {
		s.rdb.Close()
	}
	return s.db.Close()
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, and refuses a database that records a migration this binary
// does not know (written by a newer version).
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	known := map[string]bool{}
	for _, n := range names {
		known[strings.TrimPrefix(n, "migrations/")] = true
	}
	applied := map[string]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		applied[n] = true
		if !known[n] {
			rows.Close()
			return news.Errorf(news.ECONFLICT, "the database has migration %s, which this version of crosscheck does not know; use a newer crosscheck", n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		name := strings.TrimPrefix(n, "migrations/")
		if applied[name] {
			continue
		}
		body, err := migrations.ReadFile(n)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, formatTime(s.Now())); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Migrations returns the names of the applied migrations, in order.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s.String, err)
	}
	return t.UTC(), nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// isNoRows says whether err is sql.ErrNoRows.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
