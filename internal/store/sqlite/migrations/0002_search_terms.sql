-- Story IDs are never reused: without AUTOINCREMENT SQLite hands out the
-- largest ID plus one, so a story pruned while it was the newest would lend
-- its ID (and its links) to the next one. PostgreSQL's sequences never do.
-- SQLite cannot add AUTOINCREMENT to a table, so it is rebuilt (the store
-- runs migrations with foreign keys off; articles keep their story_id).
CREATE TABLE stories_new (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	title      TEXT NOT NULL DEFAULT '',
	state      BLOB,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
INSERT INTO stories_new (id, title, state, created_at, updated_at)
	SELECT id, title, state, created_at, updated_at FROM stories;
DROP TABLE stories;
ALTER TABLE stories_new RENAME TO stories;

-- Search terms are computed in Go (internal/store/internal/fts) and indexed
-- as given, so that SQLite and PostgreSQL match the same articles. The
-- "ascii" tokenizer splits the stored terms at spaces only (every non-ASCII
-- character is a token character) and the table keeps no copy of the text.
DROP TRIGGER articles_ai;
DROP TRIGGER articles_ad;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_search USING fts5(terms, content='', contentless_delete=1, tokenize='ascii');

-- Articles whose terms the store has still to index; it empties the table
-- when it opens the database.
CREATE TABLE search_pending (article_id INTEGER PRIMARY KEY);
INSERT INTO search_pending (article_id) SELECT id FROM articles;

-- MaxRisk of a story reads the analyses of its articles.
CREATE INDEX analyses_risk ON analyses(article_id, risk);

-- Stories are derived from their articles on every read: this index covers
-- every column the derivation reads, so it never touches the article rows
-- (whose text spills onto overflow pages).
DROP INDEX articles_story;
CREATE INDEX articles_story ON articles(story_id, published, ingested_at, outlet, lang);
