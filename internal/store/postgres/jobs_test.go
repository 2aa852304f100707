package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/postgres"
)

// jobArticles stores n articles and returns their IDs.
func jobArticles(t *testing.T, s *postgres.Store, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		a := &news.Article{Text: fmt.Sprintf("Article %d.", i), ContentHash: fmt.Sprintf("h%d", i)}
		if _, err := s.CreateArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	return ids
}

func jobIDs(jobs []postgres.Job) []int64 {
	var out []int64
	for _, j := range jobs {
		out = append(out, j.ID)
	}
	return out
}

// TestJobLeaseGuards: a worker whose lease ran out and whose jobs another
// worker claimed can neither renew, complete nor fail them; the holder can.
func TestJobLeaseGuards(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if err := s.Enqueue(ctx, jobArticles(t, s, 3)...); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Claim(ctx, "old", 3, 100*time.Millisecond)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("claimed %d jobs: %v", len(jobs), err)
	}
	ids := jobIDs(jobs)
	if n, err := s.Renew(ctx, "old", 100*time.Millisecond, ids...); err != nil || n != 3 {
		t.Fatalf("the holder renewed %d of 3 leases: %v", n, err)
	}
	time.Sleep(150 * time.Millisecond)
	taken, err := s.Claim(ctx, "new", 2, time.Minute)
	if err != nil || len(taken) != 2 {
		t.Fatalf("the second worker claimed %d expired jobs: %v", len(taken), err)
	}
	if n, err := s.Renew(ctx, "old", time.Minute, ids...); err != nil || n != 1 {
		t.Errorf("the old worker renewed %d leases, want only the one it still holds: %v", n, err)
	}
	for _, j := range taken {
		if err := s.Fail(ctx, "old", j.ID, "stale", 1); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Complete(ctx, "old", ids...); err != nil || n != 1 {
		t.Errorf("the old worker completed %d jobs, want 1: %v", n, err)
	}
	if counts, _ := s.JobCounts(ctx); counts["running"] != 2 || counts["done"] != 1 {
		t.Errorf("jobs %v: the old worker's Fail or Complete touched jobs the new one holds", counts)
	}
	if err := s.Fail(ctx, "new", taken[0].ID, "boom", 3); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Complete(ctx, "new", jobIDs(taken)...); err != nil || n != 1 {
		t.Errorf("the new worker completed %d jobs, want 1 (the other was failed back to the queue): %v", n, err)
	}
	if counts, _ := s.JobCounts(ctx); counts["queued"] != 1 || counts["done"] != 2 {
		t.Errorf("jobs %v, want 1 queued and 2 done", counts)
	}
}

// TestUnqueued: the articles without a job, in the order asked.
func TestUnqueued(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	ids := jobArticles(t, s, 4)
	if err := s.Enqueue(ctx, ids[1], ids[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, "w", 1, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, err := s.Unqueued(ctx, []int64{ids[3], ids[2], ids[1], ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{ids[3], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("Unqueued = %v, want %v", got, want)
	}
}

// TestJobWorkerDies: a job whose worker dies holding it (its lease runs
// out) is claimed again, up to MaxAttempts times; then it is failed with
// the reason, not claimed by the next worker in turn.
func TestJobWorkerDies(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if err := s.Enqueue(ctx, jobArticles(t, s, 1)...); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= postgres.MaxAttempts; i++ {
		jobs, err := s.Claim(ctx, fmt.Sprintf("w%d", i), 1, 20*time.Millisecond)
		if err != nil || len(jobs) != 1 || jobs[0].Attempts != i {
			t.Fatalf("claim %d: %+v, %v", i, jobs, err)
		}
		time.Sleep(40 * time.Millisecond) // the worker dies; its lease runs out
	}
	jobs, err := s.Claim(ctx, "next", 1, time.Minute)
	if err != nil || len(jobs) != 0 {
		t.Fatalf("claim after %d dead workers: %+v, %v; want none", postgres.MaxAttempts, jobs, err)
	}
	if counts, _ := s.JobCounts(ctx); counts["failed"] != 1 {
		t.Fatalf("jobs %v, want the job failed", counts)
	}
}

// TestClaimUsesIndex: a claim reads the claimable jobs through their
// index, not every finished job.
func TestClaimUsesIndex(t *testing.T) {
	ctx := context.Background()
	dsn, db := freshSchema(t)
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A queue that has run for a while: 20,000 jobs done, 200 queued.
	for _, q := range []string{
		`INSERT INTO articles (title, text, content_hash, ingested_at, sentences, credits)
			SELECT 'Title', 'Text ' || g, 'h' || g, now(), '[]', '[]' FROM generate_series(1, 20200) AS g`,
		`INSERT INTO jobs (article_id, state) SELECT id, CASE WHEN id % 101 = 0 THEN 'queued' ELSE 'done' END FROM articles`,
		`ANALYZE jobs`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
	}
	// The plan of a generic prepared statement: the one a query with
	// parameters gets whatever their values.
	if _, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `PREPARE claimable(int, int, int, int) AS `+postgres.Claimable+` LIMIT 10`); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, `EXPLAIN EXECUTE claimable(0, 0, 0, `+fmt.Sprint(postgres.MaxAttempts)+`)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "Index Scan using jobs_claimable") || strings.Contains(text, "Sort") {
		t.Fatalf("the claim does not walk jobs_claimable in article order:\n%s", text)
	}
}

// TestJobRelease: a worker whose store failed hands its jobs back: they
// are queued again at once, the attempt not counted, and only the jobs
// it still holds.
func TestJobRelease(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if err := s.Enqueue(ctx, jobArticles(t, s, 3)...); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Claim(ctx, "w", 3, time.Minute)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("claim: %+v, %v", jobs, err)
	}
	if n, err := s.Complete(ctx, "w", jobs[0].ID); err != nil || n != 1 {
		t.Fatalf("complete: %d, %v", n, err)
	}
	if n, err := s.Release(ctx, "other", jobIDs(jobs)...); err != nil || n != 0 {
		t.Fatalf("another worker released %d jobs (%v); want none", n, err)
	}
	if n, err := s.Release(ctx, "w", jobIDs(jobs)...); err != nil || n != 2 {
		t.Fatalf("released %d jobs (%v); want the 2 still held", n, err)
	}
	again, err := s.Claim(ctx, "w2", 3, time.Minute)
	if err != nil || len(again) != 2 || again[0].Attempts != 1 || again[1].Attempts != 1 {
		t.Fatalf("claim after release: %+v, %v; want 2 jobs at their first attempt", again, err)
	}
}
