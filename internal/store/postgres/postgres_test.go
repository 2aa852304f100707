package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
	"github.com/crosscheck-news/crosscheck/internal/store/storetest"
)

var schemas atomic.Int64

// freshSchema creates an empty schema on the test server, dropped after the
// test, and returns a DSN whose search_path is that schema. It skips the
// test when CROSSCHECK_TEST_POSTGRES_DSN is not set.
func freshSchema(tb testing.TB) (dsn string, db *sql.DB) {
	tb.Helper()
	base := os.Getenv("CROSSCHECK_TEST_POSTGRES_DSN")
	if base == "" {
		tb.Skip("CROSSCHECK_TEST_POSTGRES_DSN is not set: PostgreSQL tests skipped (eval \"$(.ci/postgres.sh)\" starts a server)")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano(), schemas.Add(1))
	db, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		tb.Fatalf("create schema on %s: %v", base, err)
	}
	tb.Cleanup(func() {
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	sdb, err := sql.Open("pgx", u.String())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { sdb.Close() })
	return u.String(), sdb
}

// open returns a store in a fresh schema, or skips.
func open(tb testing.TB) *postgres.Store {
	tb.Helper()
	dsn, _ := freshSchema(tb)
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return open(t) })
	storetest.RunFeeds(t, func(t *testing.T) news.Store { return open(t) })
}

func TestStoreOpen(t *testing.T) {
	dsn, _ := freshSchema(t)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := s.(*postgres.Store); !ok {
		t.Fatalf("store.Open(%q) = %T, want *postgres.Store", dsn, s)
	}
}

func TestMigrationsOnce(t *testing.T) {
	ctx := context.Background()
	dsn, db := freshSchema(t)
	// Workers starting together: the advisory lock makes one migrate.
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := postgres.Open(ctx, dsn)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	first := appliedAt(t, db)
	want := []string{"0001_init.sql", "0002_jobs.sql", "0003_search_terms.sql", "0004_feeds.sql", "0005_sentences.sql", "0006_story_changes.sql", "0007_job_claims.sql"}
	if len(first) != len(want) {
		t.Fatalf("applied migrations = %v, want %v", first, want)
	}
	for _, n := range want {
		if first[n] == "" {
			t.Fatalf("applied migrations = %v, want %v", first, want)
		}
	}
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	names, err := s.Migrations(ctx)
	s.Close()
	if err != nil || strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("Migrations = %v, %v", names, err)
	}
	if again := appliedAt(t, db); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("reopening changed the migrations: %v, was %v", again, first)
	}
}

func appliedAt(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT name, applied_at::text FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, at string
		if err := rows.Scan(&n, &at); err != nil {
			t.Fatal(err)
		}
		out[n] = at
	}
	return out
}

func TestNewerDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	dsn, db := freshSchema(t)
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := db.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future.sql', now())`); err != nil {
		t.Fatal(err)
	}
	_, err = postgres.Open(ctx, dsn)
	if news.ErrorCode(err) != news.ECONFLICT || !strings.Contains(err.Error(), "9999_future.sql") || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opening a database of a newer version: %v; want ECONFLICT naming the migration", err)
	}
}

// TestUpgradeFrom0002 migrates a database written before the search terms:
// the stored articles become searchable and keep their JSON columns.
func TestUpgradeFrom0002(t *testing.T) {
	ctx := context.Background()
	dsn, db := freshSchema(t)
	var queries []string
	for _, f := range []string{"migrations/0001_init.sql", "migrations/0002_jobs.sql"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		queries = append(queries, string(b))
	}
	queries = append(queries,
		`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`,
		`INSERT INTO schema_migrations VALUES ('0001_init.sql', now()), ('0002_jobs.sql', now())`,
		`INSERT INTO articles (title, text, content_hash, ingested_at, sentences, credits)
			VALUES ('Vieux titre', 'Le café de Zoë a rouvert.', 'h1', now(), '[{"span":{"start":0,"end":25},"para":0}]', '[]')`,
		`INSERT INTO analyses (article_id, risk, body, updated_at) SELECT id, 0.5, '{"article_id": 1, "report": {"risk": 0.5, "signals": []}}', now() FROM articles`,
	)
	for _, q := range queries {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	arts, _, err := s.FindArticles(ctx, news.ArticleFilter{Query: ptr("CAFE zoe")})
	if err != nil || len(arts) != 1 {
		t.Fatalf("search after the upgrade: %d articles, %v; want 1", len(arts), err)
	}
	if len(arts[0].Sentences) != 1 || arts[0].Sentences[0].Span.End != 25 {
		t.Fatalf("sentences after the upgrade: %+v", arts[0].Sentences)
	}
	an, err := s.FindAnalysis(ctx, arts[0].ID)
	if err != nil || an.Report.Risk != 0.5 {
		t.Fatalf("analysis after the upgrade: %+v, %v", an, err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestClock(t *testing.T) {
	s := open(t)
	defer s.Close()
	storetest.Clock(t, s, &s.Now)
}

// TestBatchConcurrent runs overlapping batches at once, in opposite orders:
// every article is stored once and every call agrees on its ID.
func TestBatchConcurrent(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	const n = 300
	mk := func(reverse bool) []*news.Article {
		out := make([]*news.Article, n)
		for i := range n {
			j := i
			if reverse {
				j = n - 1 - i
			}
			out[i] = &news.Article{Text: fmt.Sprintf("Body %d.", j), ContentHash: fmt.Sprint("h", j), CanonicalURL: fmt.Sprint("https://example.com/", j)}
		}
		return out
	}
	batches := [][]*news.Article{mk(false), mk(true), mk(false), mk(true)}
	var wg sync.WaitGroup
	errs := make([]error, len(batches))
	created := make([][]bool, len(batches))
	for k, b := range batches {
		wg.Go(func() { created[k], errs[k] = s.CreateArticles(ctx, b) })
	}
	wg.Wait()
	ids := map[string]int64{}
	ncreated := 0
	for k, b := range batches {
		if errs[k] != nil {
			t.Fatal(errs[k])
		}
		for i, a := range b {
			if created[k][i] {
				ncreated++
			}
			if id, ok := ids[a.ContentHash]; ok && id != a.ID {
				t.Fatalf("article %s got IDs %d and %d", a.ContentHash, id, a.ID)
			}
			ids[a.ContentHash] = a.ID
		}
	}
	if _, total, err := s.FindArticles(ctx, news.ArticleFilter{}); err != nil || total != n || ncreated != n {
		t.Fatalf("%d stored, %d reported created, %v; want %d", total, ncreated, err, n)
	}
}

// TestStoryOf: the stories of a batch of articles in one query; articles
// not clustered or not stored are absent.
func TestStoryOf(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	st := &news.Story{Title: "s"}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, txt := range []string{"one", "two", "three"} {
		a := &news.Article{Text: "Article " + txt + ".", ContentHash: txt}
		if _, err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	for _, id := range ids[:2] {
		if err := s.SetArticleStory(ctx, id, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.StoryOf(ctx, append(ids, 9999))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]int64{ids[0]: st.ID, ids[1]: st.ID}
	if len(got) != len(want) || got[ids[0]] != st.ID || got[ids[1]] != st.ID {
		t.Errorf("StoryOf = %v, want %v", got, want)
	}
}

// TestSentences: sentence hashes round-trip with their article's current
// story and publication time; storing one again is a no-op.
func TestSentences(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	st := &news.Story{Title: "s"}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	pub := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	a := &news.Article{Text: "One sentence. Another sentence.", ContentHash: "h", Published: pub}
	if _, err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	refs := []news.SentenceRef{{Hash: 1<<63 + 5, ArticleID: a.ID, Span: news.Span{Start: 0, End: 13}}, {Hash: 7, ArticleID: a.ID, Span: news.Span{Start: 14, End: 31}}}
	for range 2 {
		if err := s.AddSentences(ctx, refs); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetArticleStory(ctx, a.ID, st.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindSentences(ctx, []uint64{1<<63 + 5, 99}, st.ID+1)
	if err != nil {
		t.Fatal(err)
	}
	want := news.SentenceRef{Hash: 1<<63 + 5, ArticleID: a.ID, Span: news.Span{Start: 0, End: 13}, StoryID: st.ID, Published: pub}
	if len(got) != 1 || got[0] != want {
		t.Errorf("FindSentences = %+v, want [%+v]", got, want)
	}
	if got, err := s.FindSentences(ctx, []uint64{1<<63 + 5}, st.ID); err != nil || len(got) != 0 {
		t.Errorf("FindSentences from the sentence's own story = %v, %v; want none", got, err)
	}
	if got, err := s.FindSentences(ctx, nil, 0); err != nil || len(got) != 0 {
		t.Errorf("FindSentences(nil) = %v, %v", got, err)
	}
}
