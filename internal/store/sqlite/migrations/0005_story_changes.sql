-- Every change of a story's clustering state takes the next change number
-- (writes are serialized by SQLite's lock), so that processes sharing the
-- file refresh their clusterers by change number (StoriesChangedSince).
ALTER TABLE stories ADD COLUMN change INTEGER NOT NULL DEFAULT 0;
UPDATE stories SET change = id;
DROP INDEX IF EXISTS stories_updated_at;
CREATE INDEX stories_change ON stories (change);
