package sqlite

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
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE content_hash = ? OR (canonical_url IS NOT NULL AND canonical_url = ?) ORDER BY id LIMIT 1`,
		a.ContentHash, nullString(a.CanonicalURL)).Scan(&id)
	switch {
	case err == nil:
		a.ID = id
		return false, nil
	case !isNoRows(err):
		return false, fmt.Errorf("find duplicate: %w", err)
	}
	now := s.Now().UTC()
	var story any
	if a.StoryID != 0 {
		story = a.StoryID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO articles (source_path, url, canonical_url, outlet, site_name, title, byline, credits,
		published, lang, text, sentences, content_hash, story_id, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		a.SourcePath, a.URL, nullString(a.CanonicalURL), a.Outlet, a.SiteName, a.Title, a.Byline, string(credits),
		nullTime(a.Published), a.Lang, a.Text, string(sents), a.ContentHash, story, formatTime(now))
	if err != nil {
		return false, fmt.Errorf("insert article: %w", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	a.ID, a.IngestedAt = id, now
	return true, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

const articleColumns = `id, source_path, url, canonical_url, outlet, site_name, title, byline, credits, published, lang, text, sentences, content_hash, story_id, ingested_at`

func scanArticle(sc interface{ Scan(...any) error }) (*news.Article, error) {
	var a news.Article
	var canon, published, ingested sql.NullString
	var story sql.NullInt64
	var credits, sents string
	if err := sc.Scan(&a.ID, &a.SourcePath, &a.URL, &canon, &a.Outlet, &a.SiteName, &a.Title, &a.Byline, &credits,
		&published, &a.Lang, &a.Text, &sents, &a.ContentHash, &story, &ingested); err != nil {
		return nil, err
	}
	a.CanonicalURL, a.StoryID = canon.String, story.Int64
	var err error
	if a.Published, err = parseTime(published); err != nil {
		return nil, err
	}
	if a.IngestedAt, err = parseTime(ingested); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(credits), &a.Credits); err != nil {
		return nil, fmt.Errorf("article %d credits: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(sents), &a.Sentences); err != nil {
		return nil, fmt.Errorf("article %d sentences: %w", a.ID, err)
	}
	if len(a.Credits) == 0 {
		a.Credits = nil
	}
	return &a, nil
}

// FindArticleByID returns one article. Returns ENOTFOUND if it does not exist.
func (s *Store) FindArticleByID(ctx context.Context, id int64) (*news.Article, error) {
	a, err := scanArticle(s.rdb.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, news.Errorf(news.ENOTFOUND, "article %d not found", id)
	}
	return a, err
}

// FindArticles returns the matching articles by publication time then ID,
// articles without a publication time last, and the total count.
func (s *Store) FindArticles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "id = ?"), append(args, *f.ID)
	}
	if f.StoryID != nil {
		where, args = append(where, "story_id = ?"), append(args, *f.StoryID)
	}
	if f.Outlet != nil {
		where, args = append(where, "outlet = ?"), append(args, *f.Outlet)
	}
	if f.Lang != nil {
		where, args = append(where, "lang = ?"), append(args, *f.Lang)
	}
	if f.ContentHash != nil {
		where, args = append(where, "content_hash = ?"), append(args, *f.ContentHash)
	}
	if f.Since != nil {
		where, args = append(where, "published >= ?"), append(args, formatTime(*f.Since))
	}
	if f.Until != nil {
		where, args = append(where, "published < ?"), append(args, formatTime(*f.Until))
	}
	if f.Query != nil {
		q := ftsQuery(*f.Query)
		if q == "" {
			return []*news.Article{}, 0, nil
		}
		where, args = append(where, "id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"), append(args, q)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count articles: %w", err)
	}
	q := `SELECT ` + articleColumns + ` FROM articles WHERE ` + cond + ` ORDER BY published IS NULL, published, id`
	if f.Limit > 0 || f.Offset > 0 {
		lim := f.Limit
		if lim <= 0 {
			lim = -1
		}
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", lim, f.Offset)
	}
	rows, err := s.rdb.QueryContext(ctx, q, args...)
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

// ftsQuery turns free text into an FTS5 query of quoted terms, all required,
// so that user input cannot use FTS5 syntax.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool {
		return !(r == '\'' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
	}) {
		if !ftsOperators[w] {
			terms = append(terms, `"`+w+`"`)
		}
	}
	return strings.Join(terms, " ")
}

// SetArticleStory assigns an article to a story.
func (s *Store) SetArticleStory(ctx context.Context, articleID, storyID int64) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE id = ?`, storyID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return news.Errorf(news.ENOTFOUND, "story %d not found", storyID)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE articles SET story_id = ? WHERE id = ?`, storyID, articleID)
	if err != nil {
		return fmt.Errorf("set story of article %d: %w", articleID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return news.Errorf(news.ENOTFOUND, "article %d not found", articleID)
	}
	return nil
}

// ftsOperators are FTS5 keywords dropped from user queries.
var ftsOperators = map[string]bool{"AND": true, "OR": true, "NOT": true, "NEAR": true}
