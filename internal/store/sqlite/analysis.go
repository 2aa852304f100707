package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// SaveAnalysis replaces an article's analysis.
func (s *Store) SaveAnalysis(ctx context.Context, a *news.Analysis) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.Now().UTC()
	}
	body, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode analysis: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE id = ?`, a.ArticleID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return news.Errorf(news.ENOTFOUND, "article %d not found", a.ArticleID)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO analyses (article_id, story_id, risk, body, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id, risk = excluded.risk, body = excluded.body, updated_at = excluded.updated_at`,
		a.ArticleID, a.StoryID, a.Report.Risk, string(body), formatTime(a.UpdatedAt)); err != nil {
		return fmt.Errorf("save analysis of article %d: %w", a.ArticleID, err)
	}
	return tx.Commit()
}

// FindAnalysis returns an article's analysis.
func (s *Store) FindAnalysis(ctx context.Context, articleID int64) (*news.Analysis, error) {
	var body string
	err := s.rdb.QueryRowContext(ctx, `SELECT body FROM analyses WHERE article_id = ?`, articleID).Scan(&body)
	if isNoRows(err) {
		return nil, news.Errorf(news.ENOTFOUND, "article %d has no analysis", articleID)
	}
	if err != nil {
		return nil, err
	}
	var a news.Analysis
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		return nil, fmt.Errorf("decode analysis of article %d: %w", articleID, err)
	}
	return &a, nil
}
