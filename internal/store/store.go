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

// BatchCreator is implemented by stores that store many articles at once
// much faster than one by one; both backends do.
//
// CreateArticles stores the articles as CreateArticle would one after
// another: created[i] says whether arts[i] was new, and each article gets
// its ID (the stored article's for a duplicate, also of an earlier article
// of the same call) and, when new, its IngestedAt. It validates every
// article first: if one is invalid it returns EINVALID and stores nothing.
// A batch is stored in one or more transactions; if it fails part-way,
// the articles of the committed ones stay stored, and calling it again with
// the same batch is safe. Safe for concurrent use.
type BatchCreator interface {
	CreateArticles(ctx context.Context, arts []*news.Article) (created []bool, err error)
}

var (
	_ BatchCreator = (*sqlite.Store)(nil)
	_ BatchCreator = (*postgres.Store)(nil)
)

// CreateArticles stores arts through s's CreateArticles when it is a
// BatchCreator, else one by one, with BatchCreator's results.
func CreateArticles(ctx context.Context, s news.ArticleStore, arts []*news.Article) ([]bool, error) {
	if b, ok := s.(BatchCreator); ok {
		return b.CreateArticles(ctx, arts)
	}
	created := make([]bool, len(arts))
	for i, a := range arts {
		c, err := s.CreateArticle(ctx, a)
		if err != nil {
			return created[:i], err
		}
		created[i] = c
	}
	return created, nil
}
