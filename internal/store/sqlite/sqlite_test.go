package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/store/storetest"
)

var dump = flag.Bool("dump", false, "keep the test databases and print their paths")

// newTestStore opens a store on a new file, removed after the test unless
// -dump is given.
func newTestStore(tb testing.TB) (*sqlite.Store, string) {
	tb.Helper()
	dir := tb.TempDir()
	if *dump {
		var err error
		if dir, err = os.MkdirTemp("", "crosscheck-sqlite-"); err != nil {
			tb.Fatal(err)
		}
	}
	path := filepath.Join(dir, "test.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	if *dump {
		tb.Logf("database: %s", path)
	}
	return s, path
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store {
		s, _ := newTestStore(t)
		return s
	})
	storetest.RunFeeds(t, func(t *testing.T) news.Store { s, _ := newTestStore(t); return s })
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store {
		s, err := sqlite.Open(context.Background(), ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestMigrationsOnce(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	first := appliedAt(t, path)
	if len(first) != 6 || first["0001_init.sql"] == "" || first["0002_search_terms.sql"] == "" || first["0003_feeds.sql"] == "" || first["0004_stories_updated.sql"] == "" || first["0005_story_changes.sql"] == "" || first["0006_story_change_seq.sql"] == "" {
		t.Fatalf("applied migrations = %v", first)
	}
	a := &news.Article{Text: "Kept across reopening.", ContentHash: "h"}
	if _, err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for i := range 2 {
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen #%d: %v", i+1, err)
		}
		if _, err := s.FindArticleByID(ctx, a.ID); err != nil {
			t.Fatalf("reopen #%d: %v", i+1, err)
		}
		s.Close()
		if got := appliedAt(t, path); fmt.Sprint(got) != fmt.Sprint(first) {
			t.Fatalf("reopen #%d: migrations %v, want %v unchanged", i+1, got, first)
		}
	}
}

// appliedAt returns the recorded migrations and when they ran.
func appliedAt(t *testing.T, path string) map[string]string {
	t.Helper()
	db := rawDB(t, path)
	rows, err := db.Query(`SELECT name, applied_at FROM schema_migrations`)
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

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestNewerDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	s.Close()
	if _, err := rawDB(t, path).Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.Open(ctx, path)
	if news.ErrorCode(err) != news.ECONFLICT || !strings.Contains(err.Error(), "9999_future.sql") || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opening a database of a newer version: %v; want ECONFLICT naming the migration", err)
	}
}

// TestUpgradeFrom0001 migrates a database written with the first schema:
// stories keep their IDs and articles their story, and the search index is
// rebuilt from the stored text.
func TestUpgradeFrom0001(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	init, err := os.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	for _, q := range []string{
		`PRAGMA foreign_keys = ON`,
		string(init),
		`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`,
		`INSERT INTO schema_migrations VALUES ('0001_init.sql', '2026-01-01T00:00:00.000000000Z')`,
		`INSERT INTO stories (id, title, created_at, updated_at) VALUES (7, 'Old story', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`,
		`INSERT INTO articles (id, title, text, content_hash, story_id, ingested_at, published)
			VALUES (3, 'Vieux titre', 'Le café de Zoë a rouvert.', 'h3', 7, '2026-01-01T00:00:00.000000000Z', '2025-12-31T10:00:00.000000000Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	db.Close()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.FindArticleByID(ctx, 3)
	if err != nil || a.StoryID != 7 {
		t.Fatalf("article after the upgrade: %+v, %v; want story 7", a, err)
	}
	st, err := s.FindStoryByID(ctx, 7)
	if err != nil || st.ArticleCount != 1 || st.Title != "Old story" {
		t.Fatalf("story after the upgrade: %+v, %v", st, err)
	}
	arts, _, err := s.FindArticles(ctx, news.ArticleFilter{Query: ptr("cafe zoe")})
	if err != nil || len(arts) != 1 {
		t.Fatalf("search after the upgrade: %d articles, %v; want 1", len(arts), err)
	}
	// The stored story's change number (its ID, from 0005) seeds the
	// change sequence: the next change comes after it.
	if last, err := s.LastStoryChange(ctx); err != nil || last != 7 {
		t.Fatalf("last story change after the upgrade = %d, %v; want 7", last, err)
	}
	if err := s.UpdateStory(ctx, &news.Story{ID: 7, Title: "Old story", State: []byte{1}}); err != nil {
		t.Fatal(err)
	}
	if got, last, err := s.StoriesChangedSince(ctx, 7); err != nil || len(got) != 1 || last != 8 {
		t.Fatalf("changes after 7: %v, %d, %v; want story 7 at change 8", got, last, err)
	}
	// A pruned story's ID is not reused, also when it was the newest (the
	// next ID is not MAX(id)+1).
	newest := mustStory(t, s).ID // without articles
	if n, err := s.PruneStories(ctx); err != nil || n != 1 {
		t.Fatalf("PruneStories = %d, %v", n, err)
	}
	if id := mustStory(t, s).ID; id <= newest {
		t.Fatalf("new story ID %d reuses the pruned %d", id, newest)
	}
}

func mustStory(t *testing.T, s *sqlite.Store) *news.Story {
	t.Helper()
	st := &news.Story{Title: "s"}
	if err := s.CreateStory(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return st
}

func ptr[T any](v T) *T { return &v }

func TestClock(t *testing.T) {
	s, _ := newTestStore(t)
	defer s.Close()
	storetest.Clock(t, s, &s.Now)
}

// TestKilledWriter SIGKILLs a process in the middle of writing and checks
// that the database it leaves is whole: it passes SQLite's integrity check,
// and every stored article is complete and searchable.
func TestKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	path := filepath.Join(t.TempDir(), "killed.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "CROSSCHECK_SQLITE_WRITER="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "ready" {
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	var check string
	if err := rawDB(t, path).QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	arts, n, err := s.FindArticles(ctx, news.ArticleFilter{})
	if err != nil || n < 2 {
		t.Fatalf("%d articles survived, %v; want some", n, err)
	}
	t.Logf("%d articles stored before the kill", n)
	for _, a := range arts {
		if len(a.Sentences) != 1 || a.Sentences[0].Span.End != len(a.Text) {
			t.Fatalf("article %d is incomplete: %+v", a.ID, a)
		}
		word := strings.Fields(a.Text)[1]
		hits, _, err := s.FindArticles(ctx, news.ArticleFilter{Query: &word})
		if err != nil || len(hits) != 1 || hits[0].ID != a.ID {
			t.Fatalf("article %d is not searchable by %q: %d hits, %v", a.ID, word, len(hits), err)
		}
		if _, err := s.FindAnalysis(ctx, a.ID); err != nil && news.ErrorCode(err) != news.ENOTFOUND {
			t.Fatal(err)
		}
	}
}

// TestHelperWriter is the process TestKilledWriter kills: it writes
// articles, stories and analyses until it dies.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv("CROSSCHECK_SQLITE_WRITER")
	if path == "" {
		t.Skip("run by TestKilledWriter")
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		text := fmt.Sprintf("Article word%d %s", i, strings.Repeat("filler text for the page ", 200))
		a := &news.Article{Text: text, ContentHash: fmt.Sprint(i), Sentences: []news.Sentence{{Span: news.Span{End: len(text)}}}}
		if _, err := s.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		st := &news.Story{Title: "story", State: []byte(text)}
		if err := s.CreateStory(ctx, st); err != nil {
			t.Fatal(err)
		}
		if err := s.SetArticleStory(ctx, a.ID, st.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnalyses(ctx, []*news.Analysis{{ArticleID: a.ID, Report: news.Report{Risk: 0.5}}}); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			fmt.Println("ready")
		}
	}
}

// TestConcurrentOpen: processes opening the same new file at once apply
// each migration once between them, and all of them open it.
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	for round := range 10 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("race%d.db", round))
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := sqlite.Open(ctx, path)
				if err == nil {
					err = st.Close()
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}

// TestAssignerLock: two Stores on one file, one through a symbolic link,
// exclude each other (as two processes do: flock locks belong to the open
// file); a waiter gives up when its context ends, and takes the lock once
// it is released.
func TestAssignerLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lock.db")
	s1, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	// The second opens the file through a link: the lock is the file's.
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	s2, err := sqlite.Open(ctx, link)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s1.WithAssignerLock(ctx, func() error {
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	ran := false
	if err := s2.WithAssignerLock(short, func() error { ran = true; return nil }); !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Fatalf("second store took the held lock: err %v, ran %v", err, ran)
	}
	got := make(chan error)
	go func() { got <- s2.WithAssignerLock(ctx, func() error { ran = true; return nil }) }()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil || !ran {
		t.Fatalf("second store after release: err %v, ran %v", err, ran)
	}
	// An in-memory store has one process and takes no lock; fn's error
	// comes back.
	mem, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	boom := errors.New("boom")
	if err := mem.WithAssignerLock(ctx, func() error { return boom }); err != boom {
		t.Fatalf("in-memory WithAssignerLock = %v, want fn's error", err)
	}
}

// TestOpenSaysWhyNot: a path SQLite cannot open for want of a file says
// why (a directory, a missing directory) and creates nothing.
func TestOpenSaysWhyNot(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		dir:                                  dir + " is a directory, not a database file",
		filepath.Join(dir, "no", "x.db"):     "directory " + filepath.Join(dir, "no") + " does not exist",
		filepath.Join(dir, "x.db", "y", "z"): "does not exist",
	} {
		st, err := sqlite.Open(context.Background(), path)
		if err == nil {
			st.Close()
			t.Errorf("%s opened", path)
			continue
		}
		if !strings.Contains(err.Error(), want) || news.ErrorCode(err) != news.EINVALID {
			t.Errorf("%s: %v (code %s), want %q", path, err, news.ErrorCode(err), want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("Open left %d files in %s", len(ents), dir)
	}
}
