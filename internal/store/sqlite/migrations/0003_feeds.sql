-- Feeds that `crosscheck feeds poll` polls. next_poll_at is the schedule:
-- a poller claims due feeds by moving it forward by a lease in the same
-- write transaction, then sets it from the poll result (the interval, or
-- the back-off after a failure). Times are RFC 3339 UTC text, as elsewhere.
CREATE TABLE feeds (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	url            TEXT NOT NULL UNIQUE,
	title          TEXT NOT NULL DEFAULT '',
	etag           TEXT NOT NULL DEFAULT '',
	last_modified  TEXT NOT NULL DEFAULT '',
	interval_ms    INTEGER NOT NULL,
	next_poll_at   TEXT NOT NULL,
	last_polled_at TEXT,
	failures       INTEGER NOT NULL DEFAULT 0,
	last_error     TEXT NOT NULL DEFAULT '',
	created_at     TEXT NOT NULL
);
CREATE INDEX feeds_due ON feeds(next_poll_at, id);
