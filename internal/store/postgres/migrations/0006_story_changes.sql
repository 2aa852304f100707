-- Every change of a story's clustering state takes the next number of a
-- sequence, so that processes refresh their clusterers by change number
-- (StoriesChangedSince) rather than by their own clocks, which may differ.
CREATE SEQUENCE story_changes;
ALTER TABLE stories ADD COLUMN change BIGINT NOT NULL DEFAULT nextval('story_changes');
CREATE INDEX stories_change ON stories (change);
