package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/articlerow"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/fts"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
)

// CreateArticle stores a new article, or finds the stored one with the same
// canonical URL or content hash. See news.ArticleStore. Returns EINVALID if
// the article has no text, no content hash, or text that is not valid UTF-8
// or holds a NUL byte, and ENOTFOUND if its StoryID names no story.
func (s *Store) CreateArticle(ctx context.Context, a *news.Article) (bool, error) {
	if err := a.Validate(); err != nil {
		return false, err
	}
	r, err := articlerow.Encode(a)
	if err != nil {
		return false, err
	}
	if err := s.checkStories(ctx, a); err != nil {
		return false, err
	}
	now := truncTime(s.Now())
	// One row, one statement: unlike CreateArticles' multi-row inserts,
	// it cannot deadlock with another insert, so it takes no batch turn.
	// ON CONFLICT DO NOTHING covers both unique indexes; an insert racing
	// with another of the same article waits for it to commit, then does
	// nothing, and the SELECT that follows (a new snapshot) finds it.
	var id int64
	err = s.db.QueryRowContext(ctx, `INSERT INTO articles (`+insertColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, `+searchExpr("$16::text")+`)
		ON CONFLICT DO NOTHING RETURNING id`,
		a.SourcePath, a.URL, nullString(a.CanonicalURL), a.Outlet, a.SiteName, a.Title, a.Byline, r.Credits,
		nullTime(a.Published), a.Lang, a.Text, r.Sentences, a.ContentHash, nullID(a.StoryID), now, r.Terms).Scan(&id)
	switch {
	case err == nil:
		a.ID, a.IngestedAt = id, now
		return true, nil
	case isForeignKeyViolation(err):
		return false, news.Errorf(news.ENOTFOUND, "story %d not found", a.StoryID)
	case !isNoRows(err):
		return false, fmt.Errorf("insert article: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM articles WHERE content_hash = $1 OR canonical_url = $2 ORDER BY id LIMIT 1`,
		a.ContentHash, nullString(a.CanonicalURL)).Scan(&id); err != nil {
		return false, fmt.Errorf("find the article %q duplicates: %w", a.ContentHash, err)
	}
	a.ID = id
	return false, nil
}

// insertColumns are the columns CreateArticle and CreateArticles write.
const insertColumns = `source_path, url, canonical_url, outlet, site_name, title, byline, credits,
	published, lang, text, sentences, content_hash, story_id, ingested_at, search`

// checkStories returns ENOTFOUND if an article names a story that does not
// exist.
func (s *Store) checkStories(ctx context.Context, arts ...*news.Article) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, a := range arts {
		if a.StoryID != 0 && !seen[a.StoryID] {
			seen[a.StoryID] = true
			ids = append(ids, a.StoryID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM stories WHERE id = ANY($1::bigint[])`, ids)
	if err != nil {
		return fmt.Errorf("find stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("find stories: %w", err)
		}
		delete(seen, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find stories: %w", err)
	}
	for _, id := range ids {
		if seen[id] {
			return news.Errorf(news.ENOTFOUND, "story %d not found", id)
		}
	}
	return nil
}

func scanArticle(sc rowscan.Scanner) (*news.Article, error) {
	var a news.Article
	var canon sql.NullString
	var published sql.NullTime
	var story sql.NullInt64
	var credits, sents string
	if err := sc.Scan(&a.ID, &a.SourcePath, &a.URL, &canon, &a.Outlet, &a.SiteName, &a.Title, &a.Byline, &credits,
		&published, &a.Lang, &a.Text, &sents, &a.ContentHash, &story, &a.IngestedAt); err != nil {
		return nil, err
	}
	a.CanonicalURL, a.StoryID = canon.String, story.Int64
	if published.Valid {
		a.Published = published.Time.UTC()
	}
	a.IngestedAt = a.IngestedAt.UTC()
	if err := articlerow.Decode(&a, credits, sents); err != nil {
		return nil, err
	}
	return &a, nil
}

// FindArticleByID returns the article with its sentences and credits.
// Returns ENOTFOUND if it does not exist.
func (s *Store) FindArticleByID(ctx context.Context, id int64) (*news.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articlerow.Columns+` FROM articles WHERE id = $1`, id))
	if isNoRows(err) {
		return nil, news.Errorf(news.ENOTFOUND, "article %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find article %d: %w", id, err)
	}
	return a, nil
}

// readOnly is the transaction of the read methods that run two queries: a
// snapshot, so that the total and the page agree.
var readOnly = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}

// FindArticles returns the matching articles ordered by publication time
// (articles without one last) then ID, and the number of matches ignoring
// Offset and Limit. Both come from one snapshot of the database. A Query
// with no words matches nothing.
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
		terms := fts.Terms(*f.Query)
		if len(terms) == 0 {
			return []*news.Article{}, 0, nil
		}
		// Quoted lexemes, all required: the terms hold only letters,
		// digits and marks, so no tsquery syntax, and the cast takes them
		// as they are.
		w.add("search @@ ?::tsquery", "'"+strings.Join(terms, "' & '")+"'")
	}
	cond := w.sql()
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count articles: %w", err)
	}
	limit, offset := page(f.Limit, f.Offset)
	order := articlerow.OrderBy(f.Order, "published ASC NULLS LAST, id")
	q := `SELECT ` + articlerow.Columns + ` FROM articles WHERE ` + cond +
		` ORDER BY ` + order + ` LIMIT ` + w.next(limit) + ` OFFSET ` + w.next(offset)
	rows, err := tx.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find articles: %w", err)
	}
	out, err := rowscan.All(rows, scanArticle)
	if err != nil {
		return nil, 0, fmt.Errorf("find articles: %w", err)
	}
	return out, total, nil
}

// SetArticleStory assigns an article to a story. Returns ENOTFOUND if
// either does not exist.
func (s *Store) SetArticleStory(ctx context.Context, articleID, storyID int64) error {
	return setArticleStory(ctx, s.db, articleID, storyID)
}

// setArticleStory sets the article's story through q (the pool or a
// transaction).
func setArticleStory(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, articleID, storyID int64) error {
	// One statement, one round trip: whether the story exists, and the
	// update if it does (the foreign key catches a story deleted between
	// the two).
	var storyOK bool
	var updated int
	err := q.QueryRowContext(ctx, `WITH st AS (SELECT EXISTS (SELECT 1 FROM stories WHERE id = $1) AS ok),
		upd AS (UPDATE articles SET story_id = $1 WHERE id = $2 AND (SELECT ok FROM st) RETURNING 1)
		SELECT (SELECT ok FROM st), (SELECT COUNT(*) FROM upd)`, storyID, articleID).Scan(&storyOK, &updated)
	switch {
	case isForeignKeyViolation(err):
		return news.Errorf(news.ENOTFOUND, "story %d not found", storyID)
	case err != nil:
		return fmt.Errorf("set story of article %d: %w", articleID, err)
	case !storyOK:
		return news.Errorf(news.ENOTFOUND, "story %d not found", storyID)
	case updated == 0:
		return news.Errorf(news.ENOTFOUND, "article %d not found", articleID)
	}
	return nil
}
