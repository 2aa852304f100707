-- Articles, stories and analyses. Spans are byte offsets into articles.text.
CREATE TABLE stories (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL DEFAULT '',
	state      BLOB,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE articles (
	id            INTEGER PRIMARY KEY,
	source_path   TEXT NOT NULL DEFAULT '',
	url           TEXT NOT NULL DEFAULT '',
	canonical_url TEXT,            -- NULL when unknown, so that UNIQUE ignores it
	outlet        TEXT NOT NULL DEFAULT '',
	site_name     TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	byline        TEXT NOT NULL DEFAULT '',
	credits       TEXT NOT NULL DEFAULT '[]', -- JSON []news.Credit
	published     TEXT,            -- RFC 3339 UTC, NULL when unknown
	lang          TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	sentences     TEXT NOT NULL DEFAULT '[]', -- JSON []news.Sentence
	content_hash  TEXT NOT NULL UNIQUE,
	story_id      INTEGER REFERENCES stories(id) ON DELETE SET NULL,
	ingested_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_canonical_url ON articles(canonical_url);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_published ON articles(published, id);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE analyses (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	story_id   INTEGER,
	risk       REAL NOT NULL DEFAULT 0,
	body       TEXT NOT NULL, -- JSON news.Analysis
	updated_at TEXT NOT NULL
);
CREATE INDEX analyses_story ON analyses(story_id);

-- Full-text search over title and text, kept in step by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
