package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
	"github.com/crosscheck-news/crosscheck/internal/store/storetest"
)

var schemas atomic.Int64

// open returns a store in a fresh schema of the test server, or skips.
func open(t *testing.T) *postgres.Store {
	t.Helper()
	dsn := os.Getenv("CROSSCHECK_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("CROSSCHECK_TEST_POSTGRES_DSN is not set: PostgreSQL tests skipped (.ci/postgres.sh starts a server)")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("t_%d_%d", time.Now().UnixNano(), schemas.Add(1))
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		db.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := postgres.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return open(t) })
}

func TestMigrationsOnce(t *testing.T) {
	s := open(t)
	defer s.Close()
	names, err := s.Migrations(context.Background())
	if err != nil || len(names) != 2 || names[0] != "0001_init.sql" || names[1] != "0002_jobs.sql" {
		t.Fatalf("migrations = %v, %v", names, err)
	}
}
