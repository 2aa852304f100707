-- The last story change number, kept in a row of its own: taken as
-- MAX(change) + 1 over the stories, a number was handed out again after
-- the story that held the largest was pruned, and a process that had
-- synced up to it missed the next change. Triggers keep it up to date.
CREATE TABLE story_change_seq (n INTEGER NOT NULL);
INSERT INTO story_change_seq SELECT COALESCE(MAX(change), 0) FROM stories;
CREATE TRIGGER story_change_seq_insert AFTER INSERT ON stories BEGIN
	UPDATE story_change_seq SET n = NEW.change WHERE NEW.change > n;
END;
CREATE TRIGGER story_change_seq_update AFTER UPDATE OF change ON stories BEGIN
	UPDATE story_change_seq SET n = NEW.change WHERE NEW.change > n;
END;
