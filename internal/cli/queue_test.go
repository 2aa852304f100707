package cli_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/crosscheck-news/crosscheck/internal/cli"
)

// pgSchema returns a DSN whose search_path is a fresh schema, or skips.
func pgSchema(t *testing.T) (string, *sql.DB) {
	t.Helper()
	base := os.Getenv("CROSSCHECK_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("CROSSCHECK_TEST_POSTGRES_DSN is not set: PostgreSQL tests skipped (.ci/postgres.sh starts a server)")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("cli_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP SCHEMA " + schema + " CASCADE"); db.Close() })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	sdb, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sdb.Close() })
	return u.String(), sdb
}

// TestIngestQueue: `gen | ingest --queue -` stores and queues every article
// in batches; a bad line fails alone, named, and the rest of its batch is
// stored; a second run stores nothing new and queues nothing twice.
func TestIngestQueue(t *testing.T) {
	dsn, db := pgSchema(t)
	_, jsonl, _ := run(t, "gen", "--n", "1200", "--seed", "3")
	lines := strings.Split(strings.TrimSpace(jsonl), "\n")
	if len(lines) != 1200 {
		t.Fatalf("gen wrote %d lines", len(lines))
	}
	// Line 700 is in the second batch of 500.
	lines[699] = `{"id": "bad", "text": 42}`
	path := filepath.Join(t.TempDir(), "stream.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "ingest", "--queue", "--db", dsn, path)
	if code != cli.ExitPartial {
		t.Fatalf("exit %d, want %d (partial); stdout %q stderr %q", code, cli.ExitPartial, out, errOut)
	}
	if !strings.HasPrefix(out, "1199 articles queued (0 already stored), 1 failed") {
		t.Errorf("stdout = %q", out)
	}
	if !strings.Contains(errOut, "stream.jsonl:700") || strings.Count(errOut, "stream.jsonl") != 1 {
		t.Errorf("stderr = %q, want one failure naming line 700", errOut)
	}
	count := func(q string) int {
		var n int
		if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if a, j := count("SELECT COUNT(*) FROM articles"), count("SELECT COUNT(*) FROM jobs"); a != 1199 || j != 1199 {
		t.Fatalf("%d articles and %d jobs stored, want 1199 each", a, j)
	}
	if n := count("SELECT COUNT(*) FROM articles a JOIN jobs j ON j.article_id = a.id"); n != 1199 {
		t.Errorf("%d articles have their job", n)
	}
	code, out, _ = run(t, "ingest", "--queue", "--db", dsn, path)
	if code != cli.ExitPartial || !strings.HasPrefix(out, "1199 articles queued (1199 already stored)") {
		t.Errorf("second run: exit %d, %q", code, out)
	}
	if a, j := count("SELECT COUNT(*) FROM articles"), count("SELECT COUNT(*) FROM jobs"); a != 1199 || j != 1199 {
		t.Errorf("after a second run: %d articles and %d jobs", a, j)
	}
}
