package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/store/internal/articlerow"
)

// stmts are the statements of the paths the engine runs for every article,
// prepared once when the store opens: database/sql prepares a query string
// again at every call, and SQLite takes about as long to parse one of these
// as to run it. A transaction uses them through tx.StmtContext, which reuses
// the statement prepared on its connection.
type stmts struct {
	all []*sql.Stmt // every one of them, for closing
	// On the writer connection.
	insertArticle, duplicateArticle, indexArticle, storyExists, setStory,
	createStory, updateStory, saveStoryState, saveAnalysis *sql.Stmt
	// On the read-only connections.
	findArticle, storyArticles, findStory, findAnalysis, lastChange, changedSince *sql.Stmt
}

// prepare prepares the statements. It runs after the migrations, which may
// change the tables the statements name.
func (s *Store) prepare(ctx context.Context) error {
	for _, p := range []struct {
		dst **sql.Stmt
		db  *sql.DB
		sql string
	}{
		// ON CONFLICT DO NOTHING covers both unique indexes, content_hash
		// and canonical_url (NULL when empty, and NULLs never conflict).
		{&s.q.insertArticle, s.db, `INSERT INTO articles (source_path, url, canonical_url, outlet, site_name, title, byline, credits,
			published, lang, text, sentences, content_hash, story_id, ingested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`},
		{&s.q.duplicateArticle, s.db, `SELECT id FROM articles WHERE content_hash = ? OR canonical_url = ? ORDER BY id LIMIT 1`},
		{&s.q.indexArticle, s.db, `INSERT INTO articles_search (rowid, terms) VALUES (?, ?)`},
		{&s.q.storyExists, s.db, `SELECT COUNT(*) FROM stories WHERE id = ?`},
		{&s.q.setStory, s.db, `UPDATE articles SET story_id = ?1 WHERE id = ?2 AND EXISTS (SELECT 1 FROM stories WHERE id = ?1)`},
		{&s.q.createStory, s.db, `INSERT INTO stories (title, state, created_at, updated_at, change)
			VALUES (?, ?, ?, ?, ` + nextChange + `) RETURNING id`},
		{&s.q.updateStory, s.db, `UPDATE stories SET title = ?, state = ?, updated_at = ?, change = ` + nextChange + ` WHERE id = ?`},
		{&s.q.saveStoryState, s.db, `UPDATE stories SET title = CASE title WHEN '' THEN ?1 ELSE title END, state = ?2,
			updated_at = ?3, change = ` + nextChange + ` WHERE id = ?4`},
		{&s.q.saveAnalysis, s.db, `INSERT INTO analyses (article_id, story_id, risk, body, updated_at)
			SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
			ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, risk = excluded.risk,
				body = excluded.body, updated_at = excluded.updated_at`},
		{&s.q.findArticle, s.rdb, `SELECT ` + articlerow.Columns + ` FROM articles WHERE id = ?`},
		{&s.q.storyArticles, s.rdb, `SELECT ` + articlerow.Columns + ` FROM articles WHERE story_id = ?
			ORDER BY published IS NULL, published, id`},
		{&s.q.findStory, s.rdb, storySelect + ` WHERE s.id = ? GROUP BY s.id`},
		{&s.q.findAnalysis, s.rdb, `SELECT body FROM analyses WHERE article_id = ?`},
		{&s.q.lastChange, s.rdb, `SELECT n FROM story_change_seq`},
		{&s.q.changedSince, s.rdb, `SELECT id, state, change FROM stories WHERE change > ? AND state IS NOT NULL`},
	} {
		st, err := p.db.PrepareContext(ctx, p.sql)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", p.sql, err)
		}
		*p.dst = st
		s.q.all = append(s.q.all, st)
	}
	return nil
}

// closeStmts closes the prepared statements.
func (s *Store) closeStmts() {
	for _, st := range s.q.all {
		st.Close()
	}
	s.q.all = nil
}
