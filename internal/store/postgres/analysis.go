package postgres

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
	res, err := s.db.ExecContext(ctx, `INSERT INTO analyses (article_id, story_id, risk, body, updated_at)
		SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1)
		ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, risk = excluded.risk, body = excluded.body, updated_at = excluded.updated_at`,
		a.ArticleID, a.StoryID, a.Report.Risk, string(body), a.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("save analysis of article %d: %w", a.ArticleID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return news.Errorf(news.ENOTFOUND, "article %d not found", a.ArticleID)
	}
	return nil
}

// FindAnalysis returns an article's analysis.
func (s *Store) FindAnalysis(ctx context.Context, articleID int64) (*news.Analysis, error) {
	var body []byte
	err := s.db.QueryRowContext(ctx, `SELECT body FROM analyses WHERE article_id = $1`, articleID).Scan(&body)
	if isNoRows(err) {
		return nil, news.Errorf(news.ENOTFOUND, "article %d has no analysis", articleID)
	}
	if err != nil {
		return nil, err
	}
	var a news.Analysis
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, fmt.Errorf("decode analysis of article %d: %w", articleID, err)
	}
	return &a, nil
}
