-- Processes sharing a file refresh their clusterers from the stories the
-- others changed (StoriesUpdatedSince).
CREATE INDEX stories_updated_at ON stories (updated_at);
