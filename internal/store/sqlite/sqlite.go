// Package sqlite is crosscheck's default store: SQLite through the pure-Go
// modernc.org/sqlite driver, so that the binary needs no cgo and no server.
//
// A Store holds two connection pools on one database file: a single writer
// connection, which turns SQLite's one write lock into an in-process queue,
// and a pool of read-only connections that, under WAL, read a consistent
// snapshot while the writer writes. It is safe for concurrent use, also by
// several processes on the same file (busy_timeout makes them wait their
// turn). Every write method runs in one transaction, so a process killed at
// any point leaves the database as of its last commit.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/fts"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/migrate"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store implements news.Store on one SQLite database.
type Store struct {
	db *sql.DB // the one writer connection
	// rdb is the pool of read-only connections. For ":memory:" it is db
	// itself: an in-memory database exists only inside its connection.
	rdb *sql.DB
	q   stmts // prepared once, see stmts
	// lockPath is the file beside the database that WithAssignerLock
	// locks; "" for ":memory:" (one process).
	lockPath string

	// Now is the clock that stamps IngestedAt, CreatedAt and UpdatedAt;
	// tests replace it. It is read once per write.
	Now func() time.Time
}

var _ news.Store = (*Store)(nil)

// pragmas are set on every connection when it opens.
var pragmas = []string{
	// Wait up to 10 s for the write lock held by another connection or
	// process instead of failing at once with SQLITE_BUSY.
	"busy_timeout(10000)",
	// Write-ahead log: readers see the last commit while a writer writes,
	// and a process killed mid-transaction leaves the previous commit
	// intact. The mode is stored in the file; an in-memory database keeps
	// its "memory" journal.
	"journal_mode(WAL)",
	// SQLite ships with foreign keys off, for backwards compatibility; the
	// schema relies on them (analyses die with their article).
	"foreign_keys(1)",
	// Under WAL, NORMAL syncs at checkpoints instead of at every commit:
	// a power cut may lose the last commits but never corrupts the file,
	// and a crashed process loses nothing.
	"synchronous(NORMAL)",
}

// Open opens the SQLite database at path, creating it if needed, and
// applies the pending migrations. path ":memory:" (or "") opens a private
// in-memory database. Returns ECONFLICT if the database was migrated by a
// newer crosscheck.
func Open(ctx context.Context, path string) (*Store, error) {
	memory := path == "" || path == ":memory:"
	uri := "file::memory:"
	if !memory {
		if err := checkPath(path); err != nil {
			return nil, err
		}
		uri = fileURI(path)
	}
	q := make([]string, 0, len(pragmas)+1)
	for _, p := range pragmas {
		q = append(q, "_pragma="+p)
	}
	// Writers take the lock at BEGIN: a deferred transaction that reads
	// first and then writes could fail with SQLITE_BUSY when another
	// process wrote in between, and busy_timeout cannot retry that.
	q = append(q, "_txlock=immediate")
	db, err := sql.Open("sqlite", uri+"?"+strings.Join(q, "&"))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %q: %w", path, err)
	}
	// One writer connection: SQLite allows one writer at a time anyway,
	// and queueing in database/sql is cheaper than retrying on the lock.
	// For ":memory:" it is also the only connection that can see the
	// data, so it must never be closed as idle.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, rdb: db, Now: time.Now}
	// Processes opening a new file at once can meet SQLITE_BUSY that the
	// busy timeout does not cover (while one turns the file to WAL): try
	// again a few times before giving up.
	for attempt := 0; ; attempt++ {
		err := s.migrate(ctx)
		if err == nil {
			break
		}
		if attempt == 4 || !strings.Contains(err.Error(), "SQLITE_BUSY") || ctx.Err() != nil {
			db.Close()
			return nil, fmt.Errorf("migrate sqlite %q: %w", path, err)
		}
		time.Sleep(time.Duration(50<<attempt) * time.Millisecond)
	}
	if !memory {
		// Beside the database file itself, also when path is a link to
		// it, so that every process opening it takes the same lock.
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			real = path
		}
		s.lockPath = real + "-assign.lock"
		// Read-only connections cannot take the write lock by mistake, and
		// with WAL they never wait for the writer.
		rdb, err := sql.Open("sqlite", uri+"?mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)")
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open sqlite %q for reading: %w", path, err)
		}
		rdb.SetMaxOpenConns(8)
		rdb.SetMaxIdleConns(8)
		s.rdb = rdb
	}
	if err := s.indexPending(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("index sqlite %q: %w", path, err)
	}
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite %q: %w", path, err)
	}
	return s, nil
}

// fileURI returns path as an SQLite URI filename, escaping the characters
// that would otherwise start the query or fragment.
func fileURI(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(path)
}

// Close closes the database.
func (s *Store) Close() error {
	s.closeStmts()
	var rerr error
	if s.rdb != s.db {
		rerr = s.rdb.Close()
	}
	return errors.Join(s.db.Close(), rerr)
}

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, in name order, each in its own transaction, and
// refuses a database that records a migration this binary does not know:
// it was written by a newer crosscheck whose schema this one may damage.
//
// Foreign keys are off while migrations run, because a migration that
// rebuilds a table (SQLite's only way to change most of a table) drops the
// old one, and with foreign keys on that would fire every ON DELETE action
// of the tables that refer to it. PRAGMA foreign_key_check runs before
// each commit instead.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	applied, err := s.Migrations(ctx)
	if err != nil {
		return err
	}
	pending, err := migrate.Pending(migrations, applied)
	if err != nil || len(pending) == 0 {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer s.db.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	for _, m := range pending {
		if err := s.applyMigration(ctx, m.Name, m.Body); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name, body string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The transaction holds the write lock (_txlock=immediate): another
	// process opening the same new file may have applied the migration
	// since this one listed them.
	var done int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM schema_migrations WHERE name = ?`, name).Scan(&done); {
	case err == nil:
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	bad := rows.Next()
	rows.Close()
	if bad {
		return errors.New("it leaves rows that break a foreign key")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, formatTime(s.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrations returns the names of the applied migrations, in order.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	return rowscan.Column[string](rows)
}

// indexPending adds to the search index the articles a migration queued in
// search_pending (the search terms are computed in Go, so SQL alone cannot
// fill the index), a few hundred per transaction.
func (s *Store) indexPending(ctx context.Context) error {
	for {
		n, err := s.indexPendingBatch(ctx, 500)
		if err != nil || n == 0 {
			return err
		}
	}
}

func (s *Store) indexPendingBatch(ctx context.Context, limit int) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.title, a.text FROM search_pending p
		JOIN articles a ON a.id = p.article_id ORDER BY p.article_id LIMIT ?`, limit)
	if err != nil {
		return 0, err
	}
	type doc struct {
		id          int64
		title, text string
	}
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.id, &d.title, &d.text); err != nil {
			rows.Close()
			return 0, err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM articles_search WHERE rowid = ?`, d.id); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO articles_search (rowid, terms) VALUES (?, ?)`,
			d.id, fts.Document(d.title, d.text)); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_pending WHERE article_id = ?`, d.id); err != nil {
			return 0, err
		}
	}
	if len(docs) < limit {
		// Pending rows whose article is gone.
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_pending WHERE article_id NOT IN (SELECT id FROM articles)`); err != nil {
			return 0, err
		}
	}
	return len(docs), tx.Commit()
}

// Times are stored as fixed-width RFC 3339 UTC text, so that text order is
// time order. They are truncated to the microsecond, PostgreSQL's
// precision; the nine digits are kept for the files written before that.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// truncTime is the stored form of t: UTC, to the microsecond.
func truncTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func formatTime(t time.Time) string { return truncTime(t).Format(timeLayout) }

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

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// page returns the LIMIT and OFFSET arguments for a filter's Limit and
// Offset; SQLite reads LIMIT -1 as no limit.
// checkPath explains the paths SQLite can only answer "unable to open
// database file" for: a directory, or a file in a directory that does
// not exist.
func checkPath(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return news.Errorf(news.EINVALID, "%s is a directory, not a database file: name a file with --db, e.g. %s", path, filepath.Join(path, "crosscheck.db"))
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return news.Errorf(news.EINVALID, "%s: directory %s does not exist (create it first, or name another --db)", path, dir)
	} else if err == nil && !fi.IsDir() {
		return news.Errorf(news.EINVALID, "%s: %s is not a directory", path, dir)
	}
	return nil
}

func page(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = -1
	}
	return limit, max(offset, 0)
}

// isNoRows says whether err is sql.ErrNoRows.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
