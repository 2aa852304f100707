-- Articles, stories and analyses. Spans are byte offsets into articles.text.
CREATE TABLE stories (
	id         BIGSERIAL PRIMARY KEY,
	title      TEXT NOT NULL DEFAULT '',
	state      BYTEA,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE articles (
	id            BIGSERIAL PRIMARY KEY,
	source_path   TEXT NOT NULL DEFAULT '',
	url           TEXT NOT NULL DEFAULT '',
	canonical_url TEXT UNIQUE,      -- NULL when unknown
	outlet        TEXT NOT NULL DEFAULT '',
	site_name     TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	byline        TEXT NOT NULL DEFAULT '',
	credits       JSONB NOT NULL DEFAULT '[]',
	published     TIMESTAMPTZ,
	lang          TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	sentences     JSONB NOT NULL DEFAULT '[]',
	content_hash  TEXT NOT NULL UNIQUE,
	story_id      BIGINT REFERENCES stories(id) ON DELETE SET NULL,
	ingested_at   TIMESTAMPTZ NOT NULL,
	-- 'simple' keeps words as written (lower-cased), like SQLite's FTS5.
	search        TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || text)) STORED
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_published ON articles(published, id);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_search ON articles USING GIN (search);

CREATE TABLE analyses (
	article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	story_id   BIGINT,
	risk       DOUBLE PRECISION NOT NULL DEFAULT 0,
	body       JSONB NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX analyses_story ON analyses(story_id);
