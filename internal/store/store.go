// Package store opens the store a --db value names: a file path (or
// ":memory:") opens SQLite, a postgres:// URL opens PostgreSQL.
package store

import (
	"context"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

// Open opens the store named by dsn.
func Open(ctx context.Context, dsn string) (news.Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}
