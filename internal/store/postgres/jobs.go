package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
)

// Job is one article waiting to be clustered and analysed.
type Job struct {
	ID        int64
	ArticleID int64
	Attempts  int
}

// Enqueue adds a job for each article that has none yet, in one statement,
// in article order.
func (s *Store) Enqueue(ctx context.Context, articleIDs ...int64) error {
	if len(articleIDs) == 0 {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO jobs (article_id)
		SELECT a FROM unnest($1::bigint[]) AS a ORDER BY a ON CONFLICT (article_id) DO NOTHING`, articleIDs); err != nil {
		if isForeignKeyViolation(err) {
			return news.Errorf(news.ENOTFOUND, "enqueue: an article of %v does not exist", articleIDs)
		}
		return fmt.Errorf("enqueue %d articles: %w", len(articleIDs), err)
	}
	return nil
}

// MaxAttempts is how many times a job is tried: a job whose worker fails
// it (Fail) or dies holding it (its lease runs out) that often is failed
// for good, so that an article that crashes its worker is not claimed
// again by every worker in turn.
const MaxAttempts = 3

// claimable selects the jobs a claim may take, in the order it takes them
// ($4 is MaxAttempts): the index jobs_claimable serves it.
const claimable = `SELECT id FROM jobs
	WHERE state = 'queued' OR (state = 'running' AND lease_until < now() AND attempts < $4)
	ORDER BY article_id`

// Claim takes up to n claimable jobs — queued ones, and running ones whose
// lease has expired — for worker, in article order, leasing them for lease.
// A job whose lease has expired after MaxAttempts claims is marked failed
// instead. Concurrent claimers never get the same job (FOR UPDATE SKIP
// LOCKED).
func (s *Store) Claim(ctx context.Context, worker string, n int, lease time.Duration) ([]Job, error) {
	rows, err := s.db.QueryContext(ctx, `WITH dead AS (
			UPDATE jobs SET state = 'failed', lease_until = NULL,
				error = 'its worker stopped without finishing it ' || attempts || ' times'
			WHERE state = 'running' AND lease_until < now() AND attempts >= $4)
		UPDATE jobs SET state = 'running', worker = $1, attempts = attempts + 1,
			lease_until = now() + make_interval(secs => $2)
		WHERE id IN (`+claimable+` LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING id, article_id, attempts`, worker, lease.Seconds(), n, MaxAttempts)
	if err != nil {
		return nil, fmt.Errorf("claim jobs: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		if err := rows.Scan(&j.ID, &j.ArticleID, &j.Attempts); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// Renew extends the lease of the jobs worker still holds (running, and
// not claimed since by another worker) to lease from now, and returns how
// many it extended. A worker renews its batch while it works on it, so
// that a batch slower than the lease is not taken over by another worker.
func (s *Store) Renew(ctx context.Context, worker string, lease time.Duration, ids ...int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET lease_until = now() + make_interval(secs => $3)
		WHERE id = ANY($1::bigint[]) AND worker = $2 AND state = 'running'`, ids, worker, lease.Seconds())
	if err != nil {
		return 0, fmt.Errorf("renew %d jobs: %w", len(ids), err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Complete marks jobs done, if worker still holds them, and returns how
// many it marked: a job another worker claimed after this one's lease ran
// out is that worker's to complete.
func (s *Store) Complete(ctx context.Context, worker string, ids ...int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET state = 'done', done_at = now(), lease_until = NULL
		WHERE id = ANY($1::bigint[]) AND worker = $2 AND state = 'running'`, ids, worker)
	if err != nil {
		return 0, fmt.Errorf("complete %d jobs: %w", len(ids), err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Fail marks a job worker holds failed with its error after too many
// attempts, else puts it back in the queue. A job worker no longer holds
// (its lease ran out and another worker claimed it) is left alone.
func (s *Store) Fail(ctx context.Context, worker string, id int64, msg string, maxAttempts int) error {
	_, err := s.db.ExecContext(ctx, `UPDATE jobs SET state = CASE WHEN attempts >= $2 THEN 'failed' ELSE 'queued' END,
		error = $3, lease_until = NULL WHERE id = $1 AND worker = $4 AND state = 'running'`, id, maxAttempts, msg, worker)
	if err != nil {
		return fmt.Errorf("fail job %d: %w", id, err)
	}
	return nil
}

// Release puts back in the queue the jobs worker holds that it could not
// finish for a reason not theirs (its store failed), without counting the
// attempt, and returns how many it released: a job tried again after a
// database restart does not move closer to MaxAttempts.
func (s *Store) Release(ctx context.Context, worker string, ids ...int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET state = 'queued', attempts = GREATEST(attempts - 1, 0), lease_until = NULL
		WHERE id = ANY($1::bigint[]) AND worker = $2 AND state = 'running'`, ids, worker)
	if err != nil {
		return 0, fmt.Errorf("release %d jobs: %w", len(ids), err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Unqueued returns, in the order given, the articles of articleIDs that
// have no job: stored but never enqueued, as when a feed poll stopped
// between storing its articles and enqueuing them.
func (s *Store) Unqueued(ctx context.Context, articleIDs []int64) ([]int64, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a FROM unnest($1::bigint[]) WITH ORDINALITY AS t(a, i)
		WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.article_id = t.a) ORDER BY i`, articleIDs)
	if err != nil {
		return nil, fmt.Errorf("unqueued articles of %d: %w", len(articleIDs), err)
	}
	return rowscan.Column[int64](rows)
}

// JobCounts returns the number of jobs in each state.
func (s *Store) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state, COUNT(*) FROM jobs GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// WithAssignerLock runs fn while holding the cluster-wide assigner lock: a
// PostgreSQL advisory lock that makes story assignment one process at a
// time, so that two workers never open two stories for one event.
func (s *Store) WithAssignerLock(ctx context.Context, fn func() error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, assignerLock); err != nil {
		return fmt.Errorf("take the assigner lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, assignerLock)
	return fn()
}

const assignerLock = 0x61737367 // "assg"

// StoryOf returns the story of each of the articles that has one (articles
// not yet clustered, or not stored, are absent), in one query: a worker
// checks its batch under the assigner lock, so that an article another
// worker clustered meanwhile is not clustered again.
func (s *Store) StoryOf(ctx context.Context, articleIDs []int64) (map[int64]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, story_id FROM articles WHERE id = ANY($1) AND story_id IS NOT NULL AND story_id <> 0`, articleIDs)
	if err != nil {
		return nil, fmt.Errorf("stories of %d articles: %w", len(articleIDs), err)
	}
	defer rows.Close()
	out := make(map[int64]int64, len(articleIDs))
	for rows.Next() {
		var id, story int64
		if err := rows.Scan(&id, &story); err != nil {
			return nil, fmt.Errorf("stories of %d articles: %w", len(articleIDs), err)
		}
		out[id] = story
	}
	return out, rows.Err()
}
