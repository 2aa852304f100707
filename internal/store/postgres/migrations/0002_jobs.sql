-- Work for `crosscheck worker`: one job per article to cluster and analyse.
-- A worker claims jobs with FOR UPDATE SKIP LOCKED and holds them for a
-- lease; a job whose lease ran out (its worker died) is claimed again.
CREATE TABLE jobs (
	id          BIGSERIAL PRIMARY KEY,
	article_id  BIGINT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
	state       TEXT NOT NULL DEFAULT 'queued', -- queued | running | done | failed
	attempts    INT NOT NULL DEFAULT 0,
	worker      TEXT NOT NULL DEFAULT '',
	lease_until TIMESTAMPTZ,
	error       TEXT NOT NULL DEFAULT '',
	created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
	done_at     TIMESTAMPTZ
);
CREATE INDEX jobs_claimable ON jobs(id) WHERE state IN ('queued', 'running');
