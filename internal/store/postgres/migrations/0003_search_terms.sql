-- Search terms are computed in Go (internal/store/internal/fts) and stored
-- with array_to_tsvector, which takes them as they are, so that PostgreSQL
-- and SQLite match the same articles: PostgreSQL's own parser keeps
-- "example.com" and "3.5" as single tokens and cannot fold accents without
-- the unaccent extension. NULL until the store has computed the terms; it
-- fills the rows a migration left NULL when it opens the database.
ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN search TSVECTOR;
CREATE INDEX articles_search ON articles USING GIN (search);
CREATE INDEX articles_search_pending ON articles (id) WHERE search IS NULL;

-- The JSON columns are read whole and never queried: text keeps them as
-- written, as SQLite does, where jsonb would re-parse them on every insert
-- and refuse "\u0000".
ALTER TABLE articles
	ALTER COLUMN credits DROP DEFAULT,
	ALTER COLUMN credits TYPE TEXT USING credits::text,
	ALTER COLUMN credits SET DEFAULT '[]',
	ALTER COLUMN sentences DROP DEFAULT,
	ALTER COLUMN sentences TYPE TEXT USING sentences::text,
	ALTER COLUMN sentences SET DEFAULT '[]';
ALTER TABLE analyses ALTER COLUMN body TYPE TEXT USING body::text;
