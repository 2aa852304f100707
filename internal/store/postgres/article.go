package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// CreateArticle stores a new article, or finds the stored one with the same
// canonical URL or content hash. See news.ArticleStore.
func (s *Store) CreateArticle(ctx context.Context, a *news.Article) (bool, error) {
	if strings.TrimSpace(a.Text) == "" {
		return false, news.Errorf(news.EINVALID, "article has no text")
	}
	if a.ContentHash == "" {
		return false, news.Errorf(news.EINVALID, "article has no content hash")
	}
	credits, err := json.Marshal(nonNil(a.Credits))
	if err != nil {
		return false, err
	}
	sents, err := json.Marshal(nonNil(a.Sentences))
	if err != nil {
		return false, err
	}
	now := s.Now().UTC().Truncate(1000)
	var story any
	if a.StoryID != 0 {
		story = a.StoryID
	}
	// ON CONFLICT DO NOTHING makes concurrent inserts of one article
	// store it once; the loser then finds the winner's row.
	var id int64
	err = s.db.QueryRowContext(ctx, `INSERT INTO articles (source_path, url, canonical_url, outlet, site_name, title, byline, credits,
		published, lang, text, sentences, content_hash, story_id, ingested_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) ON CONFLICT DO NOTHING RETURNING id`,
		a.SourcePath, a.URL, nullString(a.CanonicalURL), a.Outlet, a.SiteName, a.Title, a.Byline, string(credits),
		nullTime(a.Published), a.Lang, a.Text, string(sents), a.ContentHash, story, now).Scan(&id)
	switch {
	case err == nil:
		a.ID, a.IngestedAt = id, now
		return true, nil
	case !isNoRows(err):
		return false, fmt.Errorf("insert article: %w", err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT id FROM articles WHERE content_hash = $1 OR (canonical_url IS NOT NULL AND canonical_url = $2) ORDER BY id LIMIT 1`,
		a.ContentHash, nullString(a.CanonicalURL)).Scan(&id)
	if err != nil {
		return false, fmt.Errorf("find duplicate: %w", err)
	}
	a.ID = id
	return false, nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

const articleColumns = `id, source_path, url, canonical_url, outlet, site_name, title, byline, credits, published, lang, text, sentences, content_hash, story_id, ingested_at`

func scanArticle(sc interface{ Scan(...any) error }) (*news.Article, error) {
	var a news.Article
	var canon sql.NullString
	var published sql.NullTime
	var story sql.NullInt64
	var credits, sents []byte
	if err := sc.Scan(&a.ID, &a.SourcePath, &a.URL, &canon, &a.Outlet, &a.SiteName, &a.Title, &a.Byline, &credits,
		&published, &a.Lang, &a.Text, &sents, &a.ContentHash, &story, &a.IngestedAt); err != nil {
		return nil, err
	}
	a.CanonicalURL, a.StoryID = canon.String, story.Int64
	if published.Valid {
		a.Published = published.Time.UTC()
	}
	a.IngestedAt = a.IngestedAt.UTC()
	if err := json.Unmarshal(credits, &a.Credits); err != nil {
		return nil, fmt.Errorf("article %d credits: %w", a.ID, err)
	}
	if err := json.Unmarshal(sents, &a.Sentences); err != nil {
		return nil, fmt.Errorf("article %d sentences: %w", a.ID, err)
	}
	if len(a.Credits) == 0 {
		a.Credits = nil
	}
	return &a, nil
}

// FindArticleByID returns one article. Returns ENOTFOUND if it does not exist.
func (s *Store) FindArticleByID(ctx context.Context, id int64) (*news.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, news.Errorf(news.ENOTFOUND, "article %d not found", id)
	}
	return a, err
}

// FindArticles returns the matching articles by publication time then ID,
// articles without a publication time last, and the total count.
func (s *Store) FindArticles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, int, error) {
	w := &where{}
	if f.ID != nil {
		w.add("id = ?", *f.ID)
	}
	if f.StoryID != nil {
		w.add("story_id = ?", *f.StoryID)
	}
	if f.Outlet != nil {
		w.add("outlet = ?", *f.Outlet)
	}
	if f.Lang != nil {
		w.add("lang = ?", *f.Lang)
	}
	if f.ContentHash != nil {
		w.add("content_hash = ?", *f.ContentHash)
	}
	if f.Since != nil {
		w.add("published >= ?", f.Since.UTC())
	}
	if f.Until != nil {
		w.add("published < ?", f.Until.UTC())
	}
	if f.Query != nil {
		q := tsQuery(*f.Query)
		if q == "" {
			return []*news.Article{}, 0, nil
		}
		w.add("search @@ to_tsquery('simple', ?)", q)
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count articles: %w", err)
	}
	q := `SELECT ` + articleColumns + ` FROM articles WHERE ` + w.sql() + ` ORDER BY published ASC NULLS LAST, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	if f.Offset > 0 {
		q += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find articles: %w", err)
	}
	defer rows.Close()
	out := []*news.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// tsQuery turns free text into a to_tsquery expression of quoted terms,
// all required, so that user input cannot use query syntax; the operator
// words SQLite's FTS5 knows are dropped on both backends alike.
func tsQuery(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool {
		return !(r == '\'' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
	}) {
		if ftsOperators[w] {
			continue
		}
		w = strings.Trim(strings.ReplaceAll(strings.ToLower(w), "'", ""), "-")
		if w != "" {
			terms = append(terms, "'"+w+"'")
		}
	}
	return strings.Join(terms, " & ")
}

var ftsOperators = map[string]bool{"AND": true, "OR": true, "NOT": true, "NEAR": true}

// SetArticleStory assigns an article to a story.
func (s *Store) SetArticleStory(ctx context.Context, articleID, storyID int64) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE id = $1`, storyID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return news.Errorf(news.ENOTFOUND, "story %d not found", storyID)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE articles SET story_id = $1 WHERE id = $2`, storyID, articleID)
	if err != nil {
		return fmt.Errorf("set story of article %d: %w", articleID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return news.Errorf(news.ENOTFOUND, "article %d not found", articleID)
	}
	return nil
}
