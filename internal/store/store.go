// Package store opens the news.Store a --db value names: a file path (or
// ":memory:") opens SQLite, a postgres:// or postgresql:// URL opens
// PostgreSQL. docs/storage.md describes both backends.
package store

import (
	"context"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

// Open opens the store named by dsn and applies its pending migrations.
// Returns ECONFLICT if the database was migrated by a newer crosscheck.
func Open(ctx context.Context, dsn string) (news.Store, error) {
	if IsPostgres(dsn) {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Both backends store articles in batches, and have an assigner lock for
// the processes that share them.
var (
	_ news.ArticleBatchCreator = (*sqlite.Store)(nil)
	_ news.ArticleBatchCreator = (*postgres.Store)(nil)
	_ news.AssignerLocker      = (*sqlite.Store)(nil)
	_ news.AssignerLocker      = (*postgres.Store)(nil)
)
