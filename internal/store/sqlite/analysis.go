package sqlite

import (
	"context"
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
	now := truncTime(s.Now())
	bodies := make([]string, len(as))
	for i, a := range as {
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = now
		}
		body, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("encode analysis of article %d: %w", a.ArticleID, err)
		}
		bodies[i] = string(body)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	save := tx.StmtContext(ctx, s.q.saveAnalysis)
	for i, a := range as {
		res, err := save.ExecContext(ctx, a.ArticleID, a.StoryID, a.Report.Risk, bodies[i], formatTime(a.UpdatedAt))
		if err := rowscan.Changed(res, err, "save analysis of article", "article", a.ArticleID); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit analyses: %w", err)
	}
	return nil
}

// FindAnalysis returns the article's analysis. Returns ENOTFOUND if the
// article has not been analysed.
func (s *Store) FindAnalysis(ctx context.Context, articleID int64) (*news.Analysis, error) {
	return rowscan.Analysis(s.q.findAnalysis.QueryRowContext(ctx, articleID), articleID)
}

// Unanalysed implements news.AnalysisStore.
func (s *Store) Unanalysed(ctx context.Context, articleIDs []int64) ([]int64, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(articleIDs)
	if err != nil {
		return nil, err
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT a.id FROM json_each(?) AS j JOIN articles a ON a.id = j.value
		LEFT JOIN analyses n ON n.article_id = a.id
		WHERE a.story_id IS NULL OR a.story_id = 0 OR n.article_id IS NULL ORDER BY j.key`, string(list))
	if err != nil {
		return nil, fmt.Errorf("unanalysed articles of %d: %w", len(articleIDs), err)
	}
	ids, err := rowscan.Column[int64](rows)
	if err != nil {
		return nil, fmt.Errorf("unanalysed articles of %d: %w", len(articleIDs), err)
	}
	return ids, nil
}
