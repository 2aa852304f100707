-- Feeds that `crosscheck feeds poll` polls. next_poll_at is the schedule:
-- pollers claim due feeds with FOR UPDATE SKIP LOCKED and move it forward
-- by a lease in the same statement, then set it from the poll result (the
-- interval, or the back-off after a failure).
CREATE TABLE feeds (
	id             BIGSERIAL PRIMARY KEY,
	url            TEXT NOT NULL UNIQUE,
	title          TEXT NOT NULL DEFAULT '',
	etag           TEXT NOT NULL DEFAULT '',
	last_modified  TEXT NOT NULL DEFAULT '',
	interval_ms    BIGINT NOT NULL,
	next_poll_at   TIMESTAMPTZ NOT NULL,
	last_polled_at TIMESTAMPTZ,
	failures       INT NOT NULL DEFAULT 0,
	last_error     TEXT NOT NULL DEFAULT '',
	created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX feeds_due ON feeds(next_poll_at, id);
