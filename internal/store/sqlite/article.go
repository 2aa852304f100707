package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/articlerow"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/fts"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/rowscan"
)

// CreateArticle stores a new article, or finds the stored one with the same
// canonical URL or content hash, in one transaction. See news.ArticleStore.
// Returns EINVALID if the article has no text, no content hash, or text
// that is not valid UTF-8 or holds a NUL byte, and ENOTFOUND if its StoryID
// names no story.
func (s *Store) CreateArticle(ctx context.Context, a *news.Article) (bool, error) {
	created, err := s.CreateArticles(ctx, []*news.Article{a})
	if err != nil {
		return false, err
	}
	return created[0], nil
}

// CreateArticles stores many articles as CreateArticle stores each in turn,
// batchSize articles per transaction: created[i] says whether arts[i] was
// new, and every article gets its ID, the stored article's for a duplicate
// (also of an earlier article of the same call). Validation comes first: if
// any article is invalid it returns EINVALID, and if one names an unknown
// story ENOTFOUND, storing nothing. See news.ArticleBatchCreator.
func (s *Store) CreateArticles(ctx context.Context, arts []*news.Article) ([]bool, error) {
	rows, err := articlerow.EncodeAll(arts)
	if err != nil {
		return nil, err
	}
	for _, id := range storyIDs(arts) {
		var n int
		if err := s.q.storyExists.QueryRowContext(ctx, id).Scan(&n); err != nil {
			return nil, fmt.Errorf("find story %d: %w", id, err)
		}
		if n == 0 {
			return nil, news.Errorf(news.ENOTFOUND, "story %d not found", id)
		}
	}
	created := make([]bool, len(arts))
	ids := make([]int64, len(arts))
	now := truncTime(s.Now())
	// A few hundred articles per transaction: SQLite has one writer, and
	// other writers wait (busy_timeout) while a transaction is open.
	for start := 0; start < len(arts); start += batchSize {
		end := min(start+batchSize, len(arts))
		if err := s.createChunk(ctx, arts[start:end], rows[start:end], created[start:end], ids[start:end], now); err != nil {
			return nil, err
		}
		for i := start; i < end; i++ {
			arts[i].ID = ids[i]
			if created[i] {
				arts[i].IngestedAt = now
			}
		}
	}
	return created, nil
}

// batchSize is the number of articles CreateArticles stores per
// transaction.
const batchSize = 500

func (s *Store) createChunk(ctx context.Context, arts []*news.Article, rows []articlerow.Row, created []bool, ids []int64, now time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	w := s.newArticleWriter(ctx, tx)
	for i, a := range arts {
		if ids[i], created[i], err = w.create(ctx, a, rows[i], now); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit articles: %w", err)
	}
	return nil
}

// storyIDs returns the distinct non-zero story IDs of arts, when there are
// several articles: a batch is stored in chunks of its own transactions,
// and a missing story must fail it before the first chunk commits. (Each
// chunk checks its articles' stories again inside its transaction; for a
// single article that check is enough.)
func storyIDs(arts []*news.Article) []int64 {
	if len(arts) < 2 {
		return nil
	}
	var out []int64
	for _, a := range arts {
		if a.StoryID != 0 && !slices.Contains(out, a.StoryID) {
			out = append(out, a.StoryID)
		}
	}
	return out
}

// checkStory returns ENOTFOUND if id is not 0 and names no story.
func (w *articleWriter) checkStory(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := w.story.QueryRowContext(ctx, id).Scan(&n); err != nil {
		return fmt.Errorf("find story %d: %w", id, err)
	}
	if n == 0 {
		return news.Errorf(news.ENOTFOUND, "story %d not found", id)
	}
	return nil
}

// articleWriter holds the statements that store articles in a transaction.
type articleWriter struct {
	insert, duplicate, search, story *sql.Stmt
}

// newArticleWriter returns the store's prepared statements bound to tx.
func (s *Store) newArticleWriter(ctx context.Context, tx *sql.Tx) *articleWriter {
	return &articleWriter{
		insert:    tx.StmtContext(ctx, s.q.insertArticle),
		duplicate: tx.StmtContext(ctx, s.q.duplicateArticle),
		search:    tx.StmtContext(ctx, s.q.indexArticle),
		story:     tx.StmtContext(ctx, s.q.storyExists),
	}
}

// create stores one article unless it duplicates a stored one, and returns
// its ID and whether it was new.
func (w *articleWriter) create(ctx context.Context, a *news.Article, r articlerow.Row, now time.Time) (int64, bool, error) {
	if err := w.checkStory(ctx, a.StoryID); err != nil {
		return 0, false, err
	}
	var id int64
	err := w.insert.QueryRowContext(ctx, a.SourcePath, a.URL, nullString(a.CanonicalURL), a.Outlet, a.SiteName,
		a.Title, a.Byline, r.Credits, nullTime(a.Published), a.Lang, a.Text, r.Sentences, a.ContentHash,
		nullID(a.StoryID), formatTime(now)).Scan(&id)
	switch {
	case isNoRows(err):
		if err := w.duplicate.QueryRowContext(ctx, a.ContentHash, nullString(a.CanonicalURL)).Scan(&id); err != nil {
			return 0, false, fmt.Errorf("find the article %q duplicates: %w", a.ContentHash, err)
		}
		return id, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("insert article: %w", err)
	}
	if _, err := w.search.ExecContext(ctx, id, r.Terms); err != nil {
		return 0, false, fmt.Errorf("index article %d: %w", id, err)
	}
	return id, true, nil
}

func scanArticle(sc rowscan.Scanner) (*news.Article, error) {
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
	if err := articlerow.Decode(&a, credits, sents); err != nil {
		return nil, err
	}
	return &a, nil
}

// FindArticleByID returns the article with its sentences and credits.
// Returns ENOTFOUND if it does not exist.
func (s *Store) FindArticleByID(ctx context.Context, id int64) (*news.Article, error) {
	a, err := scanArticle(s.q.findArticle.QueryRowContext(ctx, id))
	if isNoRows(err) {
		return nil, news.Errorf(news.ENOTFOUND, "article %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find article %d: %w", id, err)
	}
	return a, nil
}

// FindArticles returns the matching articles ordered by publication time
// (articles without one last) then ID, and the number of matches ignoring
// Offset and Limit. Both come from one snapshot of the database. A Query
// with no words matches nothing.
func (s *Store) FindArticles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, int, error) {
	if f.StoryID != nil && (f == news.ArticleFilter{StoryID: f.StoryID}) {
		// A story's articles, which the engine reads for every story it
		// analyses: one prepared query, whose row count is the total.
		rows, err := s.q.storyArticles.QueryContext(ctx, *f.StoryID)
		if err != nil {
			return nil, 0, fmt.Errorf("find articles: %w", err)
		}
		out, err := scanArticles(rows)
		return out, len(out), err
	}
	where, args := []string{"TRUE"}, []any{}
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
		terms := fts.Terms(*f.Query)
		if len(terms) == 0 {
			return []*news.Article{}, 0, nil
		}
		// Each term is an FTS5 string ("..."), all of them required: the
		// terms hold only letters, digits and marks, so no FTS5 syntax.
		where = append(where, "id IN (SELECT rowid FROM articles_search WHERE articles_search MATCH ?)")
		args = append(args, `"`+strings.Join(terms, `" "`)+`"`)
	}
	cond := strings.Join(where, " AND ")
	tx, err := s.rdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count articles: %w", err)
	}
	limit, offset := page(f.Limit, f.Offset)
	order := articlerow.OrderBy(f.Order, "published IS NULL, published, id")
	rows, err := tx.QueryContext(ctx, `SELECT `+articlerow.Columns+` FROM articles WHERE `+cond+`
		ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find articles: %w", err)
	}
	out, err := scanArticles(rows)
	return out, total, err
}

// scanArticles reads and closes rows of articlerow.Columns.
func scanArticles(rows *sql.Rows) ([]*news.Article, error) {
	out, err := rowscan.All(rows, scanArticle)
	if err != nil {
		return nil, fmt.Errorf("find articles: %w", err)
	}
	return out, nil
}

// SetArticleStory assigns an article to a story. Returns ENOTFOUND if
// either does not exist.
func (s *Store) SetArticleStory(ctx context.Context, articleID, storyID int64) error {
	return s.setArticleStory(ctx, nil, articleID, storyID)
}

// setArticleStory sets the article's story, inside tx when it is not nil.
func (s *Store) setArticleStory(ctx context.Context, tx *sql.Tx, articleID, storyID int64) error {
	set, exists := s.q.setStory, s.q.storyExists
	if tx != nil {
		set, exists = tx.StmtContext(ctx, set), tx.StmtContext(ctx, exists)
	}
	// One statement, which does nothing when the story does not exist;
	// which of the two is missing is asked only then.
	res, err := set.ExecContext(ctx, storyID, articleID)
	if err != nil {
		return fmt.Errorf("set story of article %d: %w", articleID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set story of article %d: %w", articleID, err)
	} else if n > 0 {
		return nil
	}
	var n int
	if err := exists.QueryRowContext(ctx, storyID).Scan(&n); err != nil {
		return fmt.Errorf("find story %d: %w", storyID, err)
	}
	if n == 0 {
		return news.Errorf(news.ENOTFOUND, "story %d not found", storyID)
	}
	return news.Errorf(news.ENOTFOUND, "article %d not found", articleID)
}
