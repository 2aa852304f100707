package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
)

// SaveAnalyses replaces the analyses of several articles (a story's) in
// one transaction, setting UpdatedAt when it is zero: either all are saved,
// or, when an article does not exist, none (ENOTFOUND). Each analysis is
// stored as one JSON document, with its risk in a column of its own for
// the story queries.
func (s *Store) SaveAnalyses(ctx context.Context, as []*news.Analysis) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	for _, a := range as {
		if err := s.saveAnalysis(ctx, tx, a); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit analyses: %w", err)
	}
	return nil
}

func (s *Store) saveAnalysis(ctx context.Context, tx *sql.Tx, a *news.Analysis) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = truncTime(s.Now())
	}
	body, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode analysis of article %d: %w", a.ArticleID, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO analyses (article_id, story_id, risk, body, updated_at)
		SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1)
		ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, risk = excluded.risk,
			body = excluded.body, updated_at = excluded.updated_at`,
		a.ArticleID, a.StoryID, a.Report.Risk, string(body), truncTime(a.UpdatedAt))
	if isForeignKeyViolation(err) {
		return news.Errorf(news.ENOTFOUND, "article %d not found", a.ArticleID)
	}
	return rowscan.Changed(res, err, "save analysis of article", "article", a.ArticleID)
}

// FindAnalysis returns the article's analysis. Returns ENOTFOUND if the
// article has not been analysed.
func (s *Store) FindAnalysis(ctx context.Context, articleID int64) (*news.Analysis, error) {
	return rowscan.Analysis(s.db.QueryRowContext(ctx, `SELECT body FROM analyses WHERE article_id = $1`, articleID), articleID)
}

// Unanalysed implements news.AnalysisStore.
func (s *Store) Unanalysed(ctx context.Context, articleIDs []int64) ([]int64, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id FROM unnest($1::bigint[]) WITH ORDINALITY AS t(id, i)
		JOIN articles a ON a.id = t.id LEFT JOIN analyses n ON n.article_id = a.id
		WHERE a.story_id IS NULL OR a.story_id = 0 OR n.article_id IS NULL ORDER BY t.i`, articleIDs)
	if err != nil {
		return nil, fmt.Errorf("unanalysed articles of %d: %w", len(articleIDs), err)
	}
	ids, err := rowscan.Column[int64](rows)
	if err != nil {
		return nil, fmt.Errorf("unanalysed articles of %d: %w", len(articleIDs), err)
	}
	return ids, nil
}
