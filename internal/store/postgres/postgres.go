// Package postgres is crosscheck's server backend: PostgreSQL through
// jackc/pgx. It behaves exactly as the SQLite store (both pass
// store/storetest) and adds the job queue that `crosscheck worker` uses.
//
// It goes through pgx's database/sql driver rather than pgxpool: the code
// keeps the shape of the SQLite store (the same *sql.DB, Rows and Tx
// idioms, explicit column lists, where/args filters), and the one thing
// database/sql cannot express, binding Go slices to PostgreSQL arrays for
// the multi-row insert of CreateArticles, pgx's driver accepts as is. A
// Store is safe for concurrent use; its pool holds up to 16 connections.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/fts"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/migrate"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store implements news.Store on a PostgreSQL database.
type Store struct {
	db *sql.DB

	// Now is the clock that stamps IngestedAt, CreatedAt and UpdatedAt;
	// tests replace it. It is read once per write.
	Now func() time.Time
}

var _ news.Store = (*Store)(nil)

// Open connects to the database named by a postgres:// URL and applies the
// pending migrations. Tables go to the first schema of the connection's
// search_path (a search_path=name URL parameter sets it). Returns ECONFLICT
// if the database was migrated by a newer crosscheck.
func Open(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// Keep every connection open between bursts: database/sql keeps 2
	// idle connections by default, and reconnecting costs a round trip
	// and a server process fork each time.
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	s := &Store{db: db, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate postgres: %w", err)
	}
	if err := s.indexPending(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("index postgres: %w", err)
	}
	return s, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.db.Close() }

// migrationLock is the advisory lock key that serialises migrations when
// several workers start at once.
const migrationLock = 0x63726f7373 // "cross"

// migrate applies the embedded migrations not yet recorded in
// schema_migrations, in name order, each in its own transaction, under an
// advisory lock so that workers starting together migrate once. It refuses
// a database that records a migration this binary does not know: it was
// written by a newer crosscheck whose schema this one may damage.
func (s *Store) migrate(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		return err
	}
	applied, err := listMigrations(ctx, conn)
	if err != nil {
		return err
	}
	pending, err := migrate.Pending(migrations, applied)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if err := s.applyMigration(ctx, conn, m.Name, m.Body); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, conn *sql.Conn, name, body string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`,
		name, truncTime(s.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrations returns the names of the applied migrations, in order.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return listMigrations(ctx, conn)
}

func listMigrations(ctx context.Context, conn *sql.Conn) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	return rowscan.Column[string](rows)
}

// indexPending computes the search terms of the articles a migration left
// without (search IS NULL), a few hundred per statement. Several processes
// may do it at once: they write the same terms.
func (s *Store) indexPending(ctx context.Context) error {
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT id, title, text FROM articles WHERE search IS NULL ORDER BY id LIMIT 500`)
		if err != nil {
			return err
		}
		var ids []int64
		var terms []string
		for rows.Next() {
			var id int64
			var title, text string
			if err := rows.Scan(&id, &title, &text); err != nil {
				rows.Close()
				return err
			}
			ids, terms = append(ids, id), append(terms, fts.Document(title, text))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE articles a SET search = `+searchExpr("u.terms")+`
			FROM unnest($1::bigint[], $2::text[]) AS u(id, terms) WHERE a.id = u.id`, ids, terms); err != nil {
			return err
		}
	}
}

// searchExpr is the tsvector of the space-separated terms in expr, taken
// as they are (see internal/store/internal/fts).
func searchExpr(expr string) string {
	return `array_to_tsvector(string_to_array(` + expr + `, ' '))`
}

// truncTime is the stored form of t: UTC, to the microsecond, PostgreSQL's
// precision (truncated here, where PostgreSQL would round).
func truncTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = truncTime(t)
	return &t
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// page returns the LIMIT and OFFSET arguments for a filter's Limit and
// Offset; PostgreSQL reads LIMIT NULL as no limit.
func page(limit, offset int) (*int, int) {
	if limit <= 0 {
		return nil, max(offset, 0)
	}
	return &limit, max(offset, 0)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// isForeignKeyViolation reports whether err is PostgreSQL's
// foreign_key_violation (23503).
func isForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23503"
}

// where collects filter conditions with numbered placeholders: add takes a
// condition with one "?" per argument.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// next returns the placeholder of one more argument.
func (w *where) next(arg any) string {
	w.args = append(w.args, arg)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(w.conds, " AND ")
}
