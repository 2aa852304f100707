package worker_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/retry"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
	"github.com/crosscheck-news/crosscheck/internal/worker"
)

// dsn returns a connection string to a fresh schema, or skips.
func dsn(t *testing.T) string {
	t.Helper()
	base := os.Getenv("CROSSCHECK_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("CROSSCHECK_TEST_POSTGRES_DSN is not set: worker tests skipped (.ci/postgres.sh starts a server)")
	}
	schema := fmt.Sprintf("w_%d", time.Now().UnixNano())
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP SCHEMA " + schema + " CASCADE"); db.Close() })
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// articles returns n real article bodies from FNC-1, four per claim (the
// bodies related to one headline), or skips without ../shared.
func articles(t *testing.T, n int) ([]*news.Article, []int) {
	dir := shared.Require(t, "data", "fnc1")
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.LazyQuotes, r.FieldsPerRecord = true, -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	body := map[string]string{}
	for _, r := range read("train_bodies.csv") {
		body[r[0]] = r[1]
	}
	byHeadline := map[string][]string{}
	var order []string
	used := map[string]bool{}
	for _, r := range read("train_stances.csv") {
		if r[2] == "unrelated" || used[r[1]] {
			continue
		}
		if _, ok := byHeadline[r[0]]; !ok {
			order = append(order, r[0])
		}
		if len(byHeadline[r[0]]) < 4 {
			byHeadline[r[0]] = append(byHeadline[r[0]], r[1])
			used[r[1]] = true
		}
	}
	var arts []*news.Article
	var gold []int
	for g, h := range order {
		if len(byHeadline[h]) < 4 {
			continue
		}
		for _, id := range byHeadline[h] {
			a := &news.Article{SourcePath: "fnc1/" + id, Text: body[id]}
			if err := ingest.Prepare(a); err != nil {
				continue
			}
			arts, gold = append(arts, a), append(gold, g)
		}
		if len(arts) >= n {
			break
		}
	}
	return arts[:n], gold[:n]
}

func enqueue(t *testing.T, st *postgres.Store, arts []*news.Article) {
	t.Helper()
	ctx := context.Background()
	for _, a := range arts {
		if _, err := st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := st.Enqueue(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func newWorker(t *testing.T, d, name string) *worker.Worker {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	eng, err := engine.Default(ctx, st, engine.Config{ReputationDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return &worker.Worker{Store: st, Engine: eng, Clusterer: eng.Clusterer.(*engine.StoryClusterer), Name: name, Batch: 10, Lease: 2 * time.Second}
}

// assignment returns each article's story, and checks that every article
// is stored once, clustered and analysed once.
func assignment(t *testing.T, d string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts, total, err := st.FindArticles(ctx, news.ArticleFilter{})
	if err != nil || total != n {
		t.Fatalf("%d articles stored, want %d (%v)", total, n, err)
	}
	out := make([]int64, len(arts))
	for i, a := range arts {
		if a.StoryID == 0 {
			t.Fatalf("article %d has no story", a.ID)
		}
		an, err := st.FindAnalysis(ctx, a.ID)
		if err != nil || an.StoryID != a.StoryID {
			t.Fatalf("article %d: analysis %+v, %v", a.ID, an, err)
		}
		out[i] = a.StoryID
	}
	db, err := sql.Open("pgx", d)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var empty int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)`).Scan(&empty); err != nil || empty != 0 {
		t.Fatalf("%d stories without articles (%v): an article was clustered twice", empty, err)
	}
	counts, _ := st.JobCounts(ctx)
	if counts["done"] != n || len(counts) != 1 {
		t.Fatalf("jobs %v, want %d done", counts, n)
	}
	return out
}

// TestWorkersWithADeadOne: a worker claims a batch and dies; two others
// share the queue; afterwards every article is stored, clustered and
// analysed once, and the grouping matches a single worker's.
func TestWorkersWithADeadOne(t *testing.T) {
	const n = 120
	ctx := context.Background()
	single := dsn(t)
	w := newWorker(t, single, "solo")
	arts, gold := articles(t, n)
	enqueue(t, w.Store, arts)
	if _, err := w.Run(ctx, 0, true); err != nil {
		t.Fatal(err)
	}
	want := assignment(t, single, n)

	multi := dsn(t)
	a, b, dead := newWorker(t, multi, "a"), newWorker(t, multi, "b"), newWorker(t, multi, "dead")
	arts, _ = articles(t, n)
	enqueue(t, a.Store, arts)
	if jobs, err := dead.Store.Claim(ctx, "dead", 10, time.Second); err != nil || len(jobs) != 10 {
		t.Fatalf("the doomed worker claimed %d jobs: %v", len(jobs), err)
	}
	var wg sync.WaitGroup
	for _, w := range []*worker.Worker{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) {
				if _, err := w.Run(ctx, 0, true); err != nil {
					t.Error(err)
					return
				}
				counts, _ := w.Store.JobCounts(ctx)
				if counts["done"] == n {
					return
				}
				time.Sleep(200 * time.Millisecond) // the dead worker's lease runs out
			}
		}()
	}
	wg.Wait()
	got := assignment(t, multi, n)
	t.Logf("one worker vs events: BCubed F1 %.3f; two workers vs events: %.3f", metrics.Cluster(gold, want).BCubedF1, metrics.Cluster(gold, got).BCubedF1)
	s := metrics.Cluster(want, got)
	t.Logf("two workers vs one: BCubed F1 %.3f (P %.3f R %.3f)", s.BCubedF1, s.BCubedPrecision, s.BCubedRecall)
	// The documented deviation: each worker learns IDF from the articles it
	// clustered itself, and the dead worker's batch is clustered late. The
	// grouping may differ a little from one worker's, but not its quality.
	if s.BCubedF1 < 0.85 {
		t.Errorf("two workers grouped the articles differently from one: BCubed F1 %.3f", s.BCubedF1)
	}
	if one, two := metrics.Cluster(gold, want).BCubedF1, metrics.Cluster(gold, got).BCubedF1; two < one-0.05 {
		t.Errorf("two workers cluster worse than one: BCubed F1 %.3f vs %.3f", two, one)
	}
}

// TestWorkerSIGKILL kills a real worker process mid-batch and starts
// another; nothing is lost or done twice.
func TestWorkerSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const n = 200
	d := dsn(t)
	ctx := context.Background()
	st, err := postgres.Open(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts, _ := articles(t, n)
	enqueue(t, st, arts)
	bin := filepath.Join(t.TempDir(), "crosscheck")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/crosscheck")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	first := exec.Command(bin, "worker", "--db", d, "--batch", "5", "--lease", "2s", "--reputation-data", t.TempDir())
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it has done some but not all of the work.
	for {
		counts, _ := st.JobCounts(ctx)
		if counts["done"] >= 20 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	counts, _ := st.JobCounts(ctx)
	if counts["done"] == n {
		t.Fatal("the first worker finished before it was killed")
	}
	time.Sleep(2100 * time.Millisecond) // its leases run out
	second := exec.Command(bin, "worker", "--db", d, "--once", "--reputation-data", t.TempDir())
	if out, err := second.CombinedOutput(); err != nil {
		t.Fatalf("second worker: %v\n%s", err, out)
	}
	assignment(t, d, n)
}

// TestSentencesSharedAcrossWorkers: a sentence lifted from an article one
// worker clustered is found in an article another worker analyses, through
// the store's sentence table (neither worker observed the other's article).
func TestSentencesSharedAcrossWorkers(t *testing.T) {
	ctx := context.Background()
	d := dsn(t)
	a, b := newWorker(t, d, "a"), newWorker(t, d, "b")
	shared := "The harbour authority said the damaged crane would be replaced within three months."
	mk := func(title, body string) *news.Article {
		art := &news.Article{Title: title, Text: body}
		if err := ingest.Prepare(art); err != nil {
			t.Fatal(err)
		}
		return art
	}
	first := mk("Crane collapses at Meridian port", "A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers. "+shared+" Unions called for an inspection of the other cranes.")
	second := mk("Vessa votes in regional election", "Voters in Vessa chose a new regional assembly on Sunday, with turnout at 63 percent. "+shared+" The ruling Unity party claimed victory before the count ended.")
	for _, step := range []struct {
		w   *worker.Worker
		art *news.Article
	}{{a, first}, {b, second}} {
		enqueue(t, step.w.Store, []*news.Article{step.art})
		if n, err := step.w.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("worker %s: %d jobs, %v", step.w.Name, n, err)
		}
	}
	an, err := b.Store.FindAnalysis(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range an.Provenance.Passages {
		if !p.SameStory && p.SourceID == first.ID && p.Span.Slice(second.Text) == shared {
			return
		}
	}
	t.Fatalf("worker b did not find the sentence worker a's article %d holds: passages %+v", first.ID, an.Provenance.Passages)
}

// slowStage makes each story analysis take d (less if ctx ends).
type slowStage time.Duration

func (d slowStage) AnalyzeStory(ctx context.Context, _ *engine.StoryWork) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Duration(d)):
		return nil
	}
}

// TestLeaseRenewed: a batch whose analysis takes several times the lease
// stays its worker's: a second worker claiming meanwhile gets nothing, and
// the first completes and reports each job once.
func TestLeaseRenewed(t *testing.T) {
	ctx := context.Background()
	d := dsn(t)
	slow, other := newWorker(t, d, "slow"), newWorker(t, d, "other")
	slow.Lease = 500 * time.Millisecond
	slow.Engine.Stages = append(slow.Engine.Stages, slowStage(2100*time.Millisecond))
	var arts []*news.Article
	for _, txt := range []string{
		"A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers.",
		"Voters in Vessa chose a new regional assembly on Sunday, with turnout at 63 percent.",
	} {
		a := &news.Article{Text: txt}
		if err := ingest.Prepare(a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	enqueue(t, slow.Store, arts)
	type result struct {
		n   int
		err error
	}
	finished := make(chan result, 1)
	start := time.Now()
	go func() {
		n, err := slow.RunOnce(ctx)
		finished <- result{n, err}
	}()
	// The second worker starts once the slow one holds its batch.
	for counts, _ := slow.Store.JobCounts(ctx); counts["running"] < len(arts); counts, _ = slow.Store.JobCounts(ctx) {
		time.Sleep(10 * time.Millisecond)
	}
	for {
		select {
		case r := <-finished:
			if r.err != nil || r.n != len(arts) {
				t.Fatalf("the slow worker reports %d jobs, %v; want %d", r.n, r.err, len(arts))
			}
			if took := time.Since(start); took < 4*slow.Lease {
				t.Fatalf("the batch took %s, not several leases of %s: the test shows nothing", took, slow.Lease)
			}
			assignment(t, d, len(arts))
			return
		case <-time.After(50 * time.Millisecond):
		}
		jobs, err := other.Store.Claim(ctx, "other", 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) > 0 {
			t.Fatalf("after %s a second worker took %d jobs of the slow one's batch (lease %s)", time.Since(start).Round(time.Millisecond), len(jobs), slow.Lease)
		}
	}
}

// TestWorkerSurvivesDroppedConnections: the database drops every
// connection (as a restart or a failover does) while a worker waits for
// jobs; the worker keeps running, reconnects and does the jobs queued
// afterwards, rather than exiting on the first failed claim.
func TestWorkerSurvivesDroppedConnections(t *testing.T) {
	d := dsn(t)
	arts, _ := articles(t, 16)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWorker(t, d, "survivor")
	w.Retry = &retry.Backoff{First: 10 * time.Millisecond, Max: 100 * time.Millisecond}
	ran := make(chan error, 1)
	go func() {
		_, err := w.Run(ctx, 20*time.Millisecond, false)
		ran <- err
	}()
	queue := func(arts []*news.Article, done int) {
		st, err := postgres.Open(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		enqueue(t, st, arts)
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
			select {
			case err := <-ran:
				t.Fatalf("the worker stopped: %v", err)
			default:
			}
			if counts, err := st.JobCounts(ctx); err == nil && counts["done"] == done {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("jobs not done after two minutes")
			}
		}
	}
	queue(arts[:8], 8)
	admin, err := sql.Open("pgx", os.Getenv("CROSSCHECK_TEST_POSTGRES_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var killed int
	if err := admin.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'`).Scan(&killed); err != nil || killed == 0 {
		t.Fatalf("terminated %d connections: %v", killed, err)
	}
	time.Sleep(100 * time.Millisecond) // a few claims meet the dropped connections
	queue(arts[8:], 16)
	cancel()
	if err := <-ran; err != nil {
		t.Fatalf("Run = %v after its context ended, want nil", err)
	}
	assignment(t, d, 16)
}
